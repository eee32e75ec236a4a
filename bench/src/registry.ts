import { createRegistry, type Registry } from '@harbour/forms';
import children from '@harbour/module-children';
import core from '@harbour/module-core';
import mentalHealth from '@harbour/module-mental-health';
import migration from '@harbour/module-migration';

/** The four modules Harbour ships, as the API's composition root installs them. */
export function benchRegistry(): Registry {
  return createRegistry([core, mentalHealth, migration, children]);
}
