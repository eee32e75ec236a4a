import { createModuleRegistry, INSTALLED_MODULES } from '@harbour/api';
import { createRandom, datasetCases, demoService, loadCensus, planDataset, prepareCase } from '@harbour/synth';
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
  const byId = new Map(plan.services.map((s) => [s.id, s]));
  const filled = new Map<string, number>();
  for (const generated of datasetCases(plan)) {
    // throws InvalidSyntheticResponseError when a hook's answers would be refused by the API
    const prepared = prepareCase(registry, byId.get(generated.serviceId)!, generated);
    for (const r of prepared.responses) filled.set(r.formKey, (filled.get(r.formKey) ?? 0) + 1);
  }
  const withHooks = registry.modules().filter((m) => m.synthetic);
  for (const module of withHooks) {
    for (const form of module.forms) expect([form.key, filled.get(form.key) ?? 0]).not.toEqual([form.key, 0]);
  }
  expect(filled.get('housing.intake')).toBeGreaterThan(filled.get('housing.exit') ?? 0);
});

test('the demo service switches on every installed module with synthetic answers, when its hook says', () => {
  const period = { from: '2025-01-01', to: '2026-06-30' };
  const service = demoService(createRandom('demo'), loadCensus(), period, registry.modules());
  expect(service.modules).toEqual(
    registry
      .modules()
      .filter((m) => !m.alwaysActive && m.synthetic)
      .map((m) => expect.objectContaining({ moduleKey: m.key, activeTo: null })),
  );
  expect(service.modules.find((w) => w.moduleKey === 'housing')?.activeFrom).toBe('2025-09-30');
});
