import type { DictionaryEntry, Registry } from '@harbour/forms';
import { reportCatalogue } from '@harbour/reports';

/** The command that rewrites docs/data-dictionary.md (named by the page and by its test). */
export const DOCS_COMMAND = 'npm run docs';

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');
const code = (text: string) => `\`${text}\``;

function typeOf(entry: DictionaryEntry): string {
  const rules = [
    entry.required ? 'required' : '',
    entry.derived ? 'derived' : '',
    entry.sensitive ? 'sensitive' : '',
  ].filter(Boolean);
  return [entry.type, ...rules].join(', ');
}

function valuesOf(entry: DictionaryEntry): string {
  const parts: string[] = [];
  if (entry.codes.length > 0) {
    parts.push(entry.codes.map((c) => (c.label === c.code ? code(c.code) : `${code(c.code)} ${c.label}`)).join(' · '));
  }
  if (entry.minimum !== undefined || entry.maximum !== undefined) {
    parts.push(`${entry.minimum ?? '…'}–${entry.maximum ?? '…'}`);
  }
  if (entry.pattern) parts.push(`pattern ${code(entry.pattern)}`);
  if (entry.maxLength !== undefined) parts.push(`at most ${entry.maxLength} characters`);
  return cell(parts.join('; '));
}

/**
 * docs/data-dictionary.md: every installed module's forms, fields with their codes and labels,
 * derived scores, case flags and report figures, from the registry itself.
 */
export function dataDictionaryMarkdown(registry: Registry): string {
  const dictionary = registry.dictionary();
  const lines = [
    '# Harbour data dictionary',
    '',
    `Generated from the installed form modules by \`${DOCS_COMMAND}\`; do not edit it by hand. The`,
    'same content is served as `registry.dictionary()` and shipped with research exports.',
    '',
    'Keys and codes are a public standard (forms, imports, exports and reports depend on them):',
    'never rename or reuse one; add a new key or code instead. Labels are for people and may be',
    'reworded. A field not marked *required* may be absent (not asked, not known). Fields of a',
    'repeating group (for example each child) are keyed `<form>.<group>.<field>`. Derived entries',
    '(scores, bands, caseness) are computed from the answers, never entered. *Sensitive* fields are',
    'encrypted at rest and never exported for research.',
  ];
  for (const module of registry.modules()) {
    lines.push('', `## Module ${code(module.key)}: ${module.title}`, '', cell(module.description));
    for (const form of registry.forms().filter((f) => registry.moduleOf(f.key)?.key === module.key)) {
      lines.push(
        '',
        `### ${code(form.key)}: ${form.title}`,
        '',
        `${form.audience === 'client' ? 'Answered by the client' : 'Recorded by the practitioner'}, at ${form.stage}; version ${form.version}.`,
        '',
        '| key | label | type | values |',
        '| --- | --- | --- | --- |',
      );
      for (const entry of dictionary.filter((e) => e.form === form.key)) {
        lines.push(`| ${code(entry.key)} | ${cell(entry.label)} | ${typeOf(entry)} | ${valuesOf(entry)} |`);
      }
    }
    const flags = module.flags ?? [];
    if (flags.length > 0) {
      lines.push('', `### Case flags of ${code(module.key)}`, '', '| flag | label | set by |', '| --- | --- | --- |');
      for (const flag of flags) {
        lines.push(`| ${code(flag.key)} | ${cell(flag.label)} | ${flag.forms.map(code).join(', ')} |`);
      }
    }
  }
  lines.push(
    '',
    '## Report sections and figures',
    '',
    'Service and national reports (PDF, CSV, JSON) hold these sections in this order; a module’s',
    'sections appear only when the module was active in the period. Methods: `docs/reports.md`.',
  );
  for (const section of reportCatalogue(registry.modules())) {
    lines.push('', `### ${code(section.key)}: ${section.title}`, '', cell(section.population), '');
    lines.push('| figure | label |', '| --- | --- |');
    for (const figure of section.figures) lines.push(`| ${code(figure.key)} | ${cell(figure.label)} |`);
  }
  return `${lines.join('\n')}\n`;
}
