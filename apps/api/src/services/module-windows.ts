/**
 * When each installed module is active for a service: the service_modules store, and setting a
 * module's window (checked against the registry, audited with the write).
 */
import type { ServiceModule } from '@harbour/contract';
import type { Tx } from '@harbour/db';
import type { ModuleDefinition, Registry } from '@harbour/forms';
import type { FastifyRequest } from 'fastify';
import { assertServiceExists } from '../accounts/services';
import { isModuleActive, loadModuleWindows, type ModuleWindow } from '../cases/module-activity';
import { auditInTx } from '../lib/audit';
import { AppError, unprocessable } from '../lib/errors';

function describe(module: ModuleDefinition, windows: ModuleWindow[], today: string): ServiceModule {
  const window = windows.find((w) => w.moduleKey === module.key);
  return {
    key: module.key,
    title: module.title,
    description: module.description,
    version: module.version,
    alwaysActive: module.alwaysActive === true,
    activeFrom: window?.activeFrom ?? null,
    activeTo: window?.activeTo ?? null,
    activeToday: isModuleActive(module, windows, { from: today, to: today }),
    forms: [...new Set(module.forms.map((f) => f.key))],
  };
}

/** Every installed module, with its window for the service (in the caller's tenant transaction). */
export async function serviceModules(
  tx: Tx,
  registry: Registry,
  serviceId: string,
  today: string,
): Promise<ServiceModule[]> {
  const windows = await loadModuleWindows(tx, serviceId);
  return registry.modules().map((module) => describe(module, windows, today));
}

async function storeModuleWindow(tx: Tx, serviceId: string, window: ModuleWindow, now: Date): Promise<void> {
  await assertServiceExists(tx, serviceId);
  await tx
    .insertInto('service_modules')
    .values({
      service_id: serviceId,
      module_key: window.moduleKey,
      active_from: window.activeFrom,
      active_to: window.activeTo,
    })
    .onConflict((oc) =>
      oc
        .columns(['service_id', 'module_key'])
        .doUpdateSet({ active_from: window.activeFrom, active_to: window.activeTo, updated_at: now }),
    )
    .execute();
}

/**
 * Sets the dates a module is active for the service: 404 for a module that is not installed, 422
 * for the always-active core or a window that ends before it starts. Audited in the transaction.
 */
export async function setModuleWindow(
  tx: Tx,
  request: FastifyRequest,
  input: {
    registry: Registry;
    serviceId: string;
    moduleKey: string;
    activeFrom: string;
    activeTo: string | null;
    now: Date;
    today: string;
  },
): Promise<ServiceModule> {
  const { serviceId, activeFrom, activeTo } = input;
  const module = input.registry.module(input.moduleKey);
  if (!module) throw new AppError(404, `There is no installed module called ${input.moduleKey}`);
  if (module.alwaysActive) {
    throw unprocessable(`The ${module.title} module is always active and its dates cannot be changed`);
  }
  if (activeTo !== null && activeTo < activeFrom) {
    throw unprocessable('A module cannot stop before it starts', [
      { pointer: '/activeTo', message: `must be on or after activeFrom (${activeFrom})` },
    ]);
  }
  const window = { moduleKey: module.key, activeFrom, activeTo };
  await storeModuleWindow(tx, serviceId, window, input.now);
  await auditInTx(
    tx,
    request,
    {
      action: 'service.module_set',
      objectType: 'service',
      objectId: serviceId,
      status: 200,
      details: { module: module.key, activeFrom, activeTo },
    },
    serviceId,
  );
  return describe(module, [window], input.today);
}
