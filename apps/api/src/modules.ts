import { createRegistry, loadTextPack, type Registry } from '@harbour/forms';
import children from '@harbour/module-children';
import core from '@harbour/module-core';
import mentalHealth from '@harbour/module-mental-health';
import migration from '@harbour/module-migration';
import youngPeople from '@harbour/module-young-people';

/**
 * The installed form modules: the one place that names them. Adding a module is adding its
 * workspace package and a line here.
 */
export const INSTALLED_MODULES = [core, mentalHealth, migration, children, youngPeople];

/** The registry of installed modules, with a deployment's text pack (HARBOUR_TEXT_PACK) if any. */
export function createModuleRegistry(textPackFile = process.env.HARBOUR_TEXT_PACK): Registry {
  return createRegistry(INSTALLED_MODULES, textPackFile ? { textPack: loadTextPack(textPackFile) } : {});
}
