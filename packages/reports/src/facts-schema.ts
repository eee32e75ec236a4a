/**
 * The case_facts columns, trigger and rebuild function, derived from the installed modules'
 * definitions: every field and score a report figure (core or module) reads becomes a column
 * kept by the response trigger, so a module's figures read plain columns as the core's do, and
 * nobody writes the lists by hand. `npm run harbour -- facts-migration` writes the SQL as a
 * migration; a test checks that the newest one matches the installed modules (docs/modules.md).
 */
import { isRepeatedStage, type ModuleDefinition } from '@harbour/forms';
import { CORE_BEFORE_CASELOAD, CORE_FIGURES } from './core-sections';
import type { FigureDef } from './figure-def';
import { completeness } from './sections/completeness';
import { intake } from './sections/core-forms';
import { moduleSections } from './sections/module-sections';
import { answersOf, checkedKey, type FrameColumn, frameColumnsOf, jsonField, textField } from './sql/expressions';

/** One form's facts: submitted or not, how many key fields answered, and the fields figures read. */
export type FactsOfForm = { form: string; keyFields: readonly string[]; columns: readonly FrameColumn[] };

const TYPES = { t: 'text', j: 'jsonb', n: 'numeric' } as const;

function queryText(def: FigureDef): string {
  const q = def.query;
  // Figures over children's own responses read child_responses (per child), not case_facts.
  const items = def.items && 'form' in def.items ? jsonField(answersOf(def.items.form), def.items.field) : '';
  switch (q.kind) {
    case 'count':
      return `${items} ${q.where}`;
    case 'sum':
    case 'mean':
      return `${items} ${q.value}`;
    case 'rate':
      return `${items} ${q.denominator} ${q.numerator} ${q.within ?? ''}`;
    case 'answered':
      return items;
  }
}

/**
 * The forms answered once per case. Review and follow-up forms are answered on numbered
 * occasions: one row per case cannot hold them, so the report reads them by occasion from the
 * responses, and leaves them out of completeness.
 */
function onceAnsweredForms(modules: readonly ModuleDefinition[]): string[] {
  const forms = modules.flatMap((m) => m.forms);
  return [...new Set(forms.filter((f) => !isRepeatedStage(f.stage) && !f.perChild).map((f) => f.key))];
}

/** The facts every report over these modules reads, form by form, in the modules' order. */
export function factsSchemaOf(modules: readonly ModuleDefinition[]): FactsOfForm[] {
  const modular = moduleSections(modules, CORE_FIGURES);
  const defs = [...CORE_BEFORE_CASELOAD, completeness(modules), ...modular.sections].flatMap((s) => s.figures);
  const text = [
    ...defs.map(queryText),
    ...modular.distributions.map((d) => d.value),
    textField(intake, 'local_authority'),
  ].join(' ');
  const read = frameColumnsOf(text).filter((c) => c.field && (c.source === 'a' || c.source === 's'));
  const keyFields = new Map(
    completeness(modules).figures.flatMap((f) => (f.query.kind === 'answered' ? [[f.query.form, f.query.fields]] : [])),
  );
  return onceAnsweredForms(modules).map((form) => ({
    form,
    keyFields: keyFields.get(form) ?? [],
    columns: read.filter((c) => c.form === form).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)),
  }));
}

const literal = (text: string) => `'${checkedKey(text)}'`;
const list = (items: readonly string[]) => items.map(literal).join(', ');

/** A column's value from a form's answers (`a`) or scores (`s`). */
function columnValue({ source, field }: FrameColumn, answers: string, scores: string): string {
  const base = source === 'a' ? answers : scores;
  const key = literal(field?.key as string);
  if (field?.as === 'n') return `json_number(${base}->${key})`;
  return field?.as === 't' ? `${base}->>${key}` : `${base}->${key}`;
}

function answeredSum(keyFields: readonly string[], answers: string): string {
  if (keyFields.length === 0) return 'null';
  const terms = keyFields.map(
    (f) =>
      `(coalesce(jsonb_typeof(${answers}->${literal(f)}), 'null') <> 'null' and ${answers}->${literal(f)} <> '"not_known"')::int`,
  );
  return `case when ${answers} is not null then (${terms.join(' + ')})::smallint end`;
}

function columnsSql(facts: readonly FactsOfForm[]): string {
  return facts
    .flatMap(({ form, columns }) => [
      `alter table case_facts add column if not exists "d|${form}" boolean not null default false;`,
      `alter table case_facts add column if not exists "c|${form}" smallint;`,
      ...columns.map(
        (c) => `alter table case_facts add column if not exists ${c.name} ${TYPES[c.field?.as as 't' | 'j' | 'n']};`,
      ),
    ])
    .join('\n');
}

function keyFieldsSql(facts: readonly FactsOfForm[]): string {
  const branches = facts
    .filter((f) => f.keyFields.length > 0)
    .map((f) => `    when ${literal(f.form)} then '{${f.keyFields.join(',')}}'::text[]`);
  return `create or replace function case_facts_key_fields(p_form text) returns text[] language sql immutable parallel safe
  as $$ select case p_form
${branches.join('\n')}
  end $$;`;
}

function triggerSql(facts: readonly FactsOfForm[]): string {
  const branches = facts.map(({ form, keyFields, columns }, i) => {
    const sets = [
      `"d|${form}" = a is not null`,
      `"c|${form}" = ${answeredSum(keyFields, 'a')}`,
      ...columns.map((c) => `${c.name} = ${columnValue(c, 'a', 's')}`),
    ];
    return `  ${i === 0 ? 'if' : 'elsif'} r.form_key = ${literal(form)} then
    update case_facts set ${sets.join(',\n      ')}
    where service_id = r.service_id and case_id = r.case_id;`;
  });
  return `create or replace function case_facts_on_response() returns trigger
  language plpgsql security definer
  set search_path = pg_catalog, public
  as $$
declare
  r record;
  a jsonb;
  s jsonb;
begin
  if tg_op = 'DELETE' then
    r := old;
  else
    r := new;
    if new.status = 'submitted' then
      a := new.answers;
      s := new.scores;
    end if;
  end if;
${branches.join('\n')}
  end if;
  return null;
end
$$;`;
}

function triggersSql(facts: readonly FactsOfForm[]): string {
  const forms = list(facts.map((f) => f.form));
  return `drop trigger case_facts_on_response_insert on responses;
drop trigger case_facts_on_response_update on responses;
drop trigger case_facts_on_response_delete on responses;
-- drafts do not count: a draft saved, or a draft's answers changed, fires nothing
create trigger case_facts_on_response_insert after insert on responses
  for each row when (new.status = 'submitted' and new.form_key in (${forms}))
  execute function case_facts_on_response();
create trigger case_facts_on_response_update after update on responses
  for each row when ((new.status = 'submitted' or old.status = 'submitted') and new.form_key in (${forms}))
  execute function case_facts_on_response();
create trigger case_facts_on_response_delete after delete on responses
  for each row when (old.status = 'submitted' and old.form_key in (${forms}))
  execute function case_facts_on_response();`;
}

const CASE_COLUMNS = [
  'service_id',
  'case_id',
  'worker_id',
  'practitioner_role',
  'opened_at',
  'closed_at',
  'consent_research',
  'shared_with_service',
];

function rebuildSql(facts: readonly FactsOfForm[]): string {
  const names = [
    ...CASE_COLUMNS,
    ...facts.flatMap(({ form, columns }) => [`"d|${form}"`, `"c|${form}"`, ...columns.map((c) => c.name)]),
  ];
  const values = [
    'c.service_id',
    'c.id',
    'c.worker_id',
    'c.practitioner_role',
    'c.opened_at',
    'c.closed_at',
    'c.consent_research',
    'c.shared_with_service',
    ...facts.flatMap(({ keyFields, columns }, i) => [
      `r.a${i} is not null`,
      keyFields.length > 0
        ? `answered_count(r.a${i}, case_facts_key_fields(${literal(facts[i]?.form as string)}))`
        : 'null',
      ...columns.map((c) => columnValue(c, `r.a${i}`, `r.s${i}`)),
    ]),
  ];
  const gathered = facts.flatMap(({ form, columns }, i) => [
    `(array_agg(r.answers) filter (where r.form_key = ${literal(form)}))[1] as a${i}`,
    ...(columns.some((c) => c.source === 's')
      ? [`(array_agg(r.scores) filter (where r.form_key = ${literal(form)}))[1] as s${i}`]
      : []),
  ]);
  return `create or replace function case_facts_rebuild(p_service_ids uuid[], p_case_ids uuid[]) returns void
  language plpgsql security definer
  set search_path = pg_catalog, public
  as $$
begin
  delete from case_facts f
    using unnest(p_service_ids, p_case_ids) as k(service_id, case_id)
    where f.service_id = k.service_id and f.case_id = k.case_id;
  insert into case_facts (${names.join(', ')})
  select ${values.join(',\n    ')}
  from (select distinct * from unnest(p_service_ids, p_case_ids)) as k(service_id, case_id)
  join cases c on c.service_id = k.service_id and c.id = k.case_id
  left join lateral (
      select
        ${gathered.join(',\n        ')}
      from responses r
      where r.service_id = c.service_id and r.case_id = c.id and r.status = 'submitted'
        and r.form_key in (${list(facts.map((f) => f.form))})
  ) r on true;
end
$$;
revoke all on function case_facts_rebuild(uuid[], uuid[]) from public;`;
}

/**
 * The migration that brings case_facts in line with these modules: it adds the columns they
 * need (keeping any others), replaces
 * the key-field lists, the response trigger and the rebuild function, and rebuilds every case's
 * facts so that new columns are filled.
 */
export function factsMigrationSql(modules: readonly ModuleDefinition[]): string {
  const facts = factsSchemaOf(modules);
  return `-- Generated by \`npm run harbour -- facts-migration\` from the installed modules' report figures
-- (packages/reports/src/facts-schema.ts): do not edit. A test checks that the newest generated
-- migration matches the installed modules; regenerate it when a module's forms or figures change.
-- Forms: ${facts.map((f) => f.form).join(', ')}.

${columnsSql(facts)}

${keyFieldsSql(facts)}

${triggerSql(facts)}

${triggersSql(facts)}

${rebuildSql(facts)}

select case_facts_rebuild(coalesce(array_agg(service_id), '{}'), coalesce(array_agg(id), '{}')) from cases;
analyze case_facts;
`;
}
