import { createModuleRegistry } from '@harbour/api';
import type { Registry } from '@harbour/forms';

/** The modules the API's composition root installs: the benchmarks fill and report whatever is installed. */
export function benchRegistry(): Registry {
  return createModuleRegistry();
}
