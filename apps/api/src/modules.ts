import { createRegistry, loadTextPack, type ModuleDefinition, type Registry } from '@harbour/forms';
import children from '@harbour/module-children';
import core from '@harbour/module-core';
import mentalHealth from '@harbour/module-mental-health';
import migration from '@harbour/module-migration';
import youngPeople from '@harbour/module-young-people';
import { coreReportKeys } from '@harbour/reports';

/**
 * The installed form modules: the one place that names them (besides this app's package
 * dependencies and build references). The server, CLI, demo, synthetic data, benchmarks and
 * tests all take them from here. Adding a module is `npm install` of its package and a line here
 * (docs/modules.md).
 */
export const INSTALLED_MODULES: readonly ModuleDefinition[] = [core, mentalHealth, migration, children, youngPeople];

export type ModuleRegistryOptions = {
  /** Another list of modules: tests add a fixture module to the installed ones. */
  modules?: readonly ModuleDefinition[];
  /** A deployment's text pack (HARBOUR_TEXT_PACK, from the configuration: never read here). */
  textPackFile?: string | undefined;
};

/**
 * The registry of the installed modules, checked at start-up against the core report's keys, with
 * a deployment's text pack (HARBOUR_TEXT_PACK) if any.
 */
export function createModuleRegistry({
  modules = INSTALLED_MODULES,
  textPackFile,
}: ModuleRegistryOptions = {}): Registry {
  return createRegistry([...modules], {
    reservedReportKeys: coreReportKeys,
    ...(textPackFile ? { textPack: loadTextPack(textPackFile) } : {}),
  });
}
