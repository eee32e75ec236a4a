import { createModuleRegistry, INSTALLED_MODULES } from '@harbour/api';
import type { FormDefinition } from '@harbour/forms';
import {
  createRandom,
  datasetCases,
  demoService,
  loadCensus,
  planDataset,
  prepareCase,
  youngPeopleService,
} from '@harbour/synth';
import housing from 'harbour-module-housing';

// A module installed with one line: the synthetic data fills it through its own hook.
const registry = createModuleRegistry({ modules: [...INSTALLED_MODULES, housing] });

test("every installed module's forms are filled by its synthetic hook, and every answer validates as the API's", () => {
  const plan = planDataset({
    seed: 'hooks',
    cases: 1500,
    years: 2,
    today: '2026-06-30',
    practitioners: [2, 4],
    modules: registry.modules(),
  });
  // The young-people module is only a young people's service's (the demo adds one).
  const young = youngPeopleService(plan.random, plan.census, plan.period, {
    name: "Hooks young people's service (synthetic)",
    emailDomain: 'young.hooks.harbour.invalid',
    label: 'Hooks young people',
    localAuthority: 'E08000025',
  });
  const withYoung = { ...plan, services: [...plan.services, young] };
  const byId = new Map(withYoung.services.map((s) => [s.id, s]));
  const filled = new Map<string, number>();
  for (const generated of datasetCases(withYoung)) {
    // throws InvalidSyntheticResponseError when a hook's answers would be refused by the API
    const prepared = prepareCase(registry, byId.get(generated.serviceId)!, generated);
    // a child's own questionnaire is stored per child (child_responses), drawn by the generator
    for (const r of [...prepared.responses, ...prepared.childResponses]) {
      filled.set(r.formKey, (filled.get(r.formKey) ?? 0) + 1);
    }
  }
  const withHooks = registry.modules().filter((m) => m.synthetic);
  // A form of sealed free text only (the child's words) has nothing synthetic to write: the
  // generator writes no free text, and no report reads it.
  const sealedOnly = (form: FormDefinition) => {
    const fields = Object.keys((form.schema.properties as object | undefined) ?? {});
    return fields.length > 0 && fields.every((field) => form.sensitive?.includes(field));
  };
  for (const module of withHooks) {
    for (const form of module.forms.filter((f) => !sealedOnly(f)))
      expect([form.key, filled.get(form.key) ?? 0]).not.toEqual([form.key, 0]);
  }
  expect(filled.get('housing.intake')).toBeGreaterThan(filled.get('housing.exit') ?? 0);
});

test('the demo service switches on every installed module that adult services adopt, when its hook says', () => {
  const period = { from: '2025-01-01', to: '2026-06-30' };
  const service = demoService(createRandom('demo'), loadCensus(), period, registry.modules());
  expect(service.modules).toEqual(
    registry
      .modules()
      // the young people's module (adoption 0) is only a young people's service's
      .filter((m) => !m.alwaysActive && m.synthetic && m.synthetic.adoption !== 0)
      .map((m) => expect.objectContaining({ moduleKey: m.key, activeTo: null })),
  );
  expect(service.modules.find((w) => w.moduleKey === 'housing')?.activeFrom).toBe('2025-09-30');
});
