import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createRegistry } from '@harbour/forms';
import { DOCS_COMMAND, dataDictionaryMarkdown, INSTALLED_MODULES } from '../src';

const FILE = path.resolve(__dirname, '..', '..', '..', 'docs', 'data-dictionary.md');

test('docs/data-dictionary.md is what the installed modules generate', () => {
  const registry = createRegistry([...INSTALLED_MODULES]);
  const expected = dataDictionaryMarkdown(registry);
  const committed = readFileSync(FILE, 'utf8');
  if (committed !== expected) {
    throw new Error(
      `docs/data-dictionary.md is out of date with the installed modules: run \`${DOCS_COMMAND}\` and commit it`,
    );
  }
  // every field, code, score, flag and report figure of the registry is on the page
  for (const entry of registry.dictionary()) {
    expect(committed).toContain(`| \`${entry.key}\` |`);
    for (const option of entry.codes) expect(committed).toContain(`\`${option.code}\``);
  }
  for (const flag of registry.flagDefinitions()) expect(committed).toContain(`| \`${flag.key}\` |`);
  for (const module of INSTALLED_MODULES) {
    for (const section of module.report ?? []) {
      expect(committed).toContain(`### \`${section.key}\`: ${section.title}`);
      for (const figure of section.figures) expect(committed).toContain(`\`${figure.key}`);
    }
  }
});
