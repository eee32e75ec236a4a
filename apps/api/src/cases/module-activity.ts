/**
 * Which modules, and so which forms, a service offers a case. A module is offered when its
 * activation window overlaps the case's dates (opened to closed, or to today while open); a
 * module that declares itself always active (core) is always offered.
 */
import type { Tx } from '@harbour/db';
import type { ClientRules, FormDefinition, ModuleDefinition, Registry } from '@harbour/forms';
import { latest } from './dates';

export type ModuleWindow = { moduleKey: string; activeFrom: string; activeTo: string | null };
/** Inclusive ISO dates. */
export type Period = { from: string; to: string };

export async function loadModuleWindows(tx: Tx, serviceId: string): Promise<ModuleWindow[]> {
  const rows = await tx
    .selectFrom('service_modules')
    .select(['module_key', 'active_from', 'active_to'])
    .where('service_id', '=', serviceId)
    .execute();
  return rows.map((r) => ({ moduleKey: r.module_key, activeFrom: r.active_from, activeTo: r.active_to }));
}

export function casePeriod(c: { openedAt: string; closedAt: string | null }, today: string): Period {
  return { from: c.openedAt, to: c.closedAt ?? latest(today, c.openedAt) };
}

export function isModuleActive(module: ModuleDefinition, windows: ModuleWindow[], period: Period): boolean {
  if (module.alwaysActive) return true;
  const window = windows.find((w) => w.moduleKey === module.key);
  return (
    window !== undefined &&
    window.activeFrom <= period.to &&
    (window.activeTo === null || window.activeTo >= period.from)
  );
}

/** Who the case's client may be, by the modules offered to it (a young people's service takes clients from 11). */
export function caseClientRules(registry: Registry, windows: ModuleWindow[], period: Period): ClientRules {
  const offered = registry.modules().filter((module) => isModuleActive(module, windows, period));
  return registry.clientRules(offered.map((module) => module.key));
}

export type OfferedForm = FormDefinition & { moduleKey: string; alwaysActive: boolean };

/** The latest version of each form of the modules active for the period. */
function activeForms(registry: Registry, windows: ModuleWindow[], period: Period): OfferedForm[] {
  return registry
    .modules()
    .filter((module) => isModuleActive(module, windows, period))
    .flatMap((module) =>
      module.forms
        .map((form) => registry.form(form.key))
        .filter((form, index, all): form is FormDefinition => form !== undefined && all.indexOf(form) === index)
        .map((form) => ({ ...form, moduleKey: module.key, alwaysActive: module.alwaysActive === true })),
    );
}

/** The forms of the case itself: a form answered per child only where the case's client is a child. */
export function offeredForms(registry: Registry, windows: ModuleWindow[], period: Period): OfferedForm[] {
  const childClients = caseClientRules(registry, windows, period).childClients;
  return activeForms(registry, windows, period).filter((form) => childClients || !form.perChild);
}

/** The forms answered for each child recorded on a case (`perChild`), where their module is active for it. */
export function perChildForms(registry: Registry, windows: ModuleWindow[], period: Period): OfferedForm[] {
  return activeForms(registry, windows, period).filter((form) => form.perChild === true);
}

/** Why a module's form is not offered for a period, in words a manager can act on. */
export function inactiveModuleMessage(
  formKey: string,
  module: ModuleDefinition,
  windows: ModuleWindow[],
  period: Period,
): string {
  const window = windows.find((w) => w.moduleKey === module.key);
  const activity = window
    ? `is active for this service from ${window.activeFrom}${window.activeTo ? ` to ${window.activeTo}` : ''}`
    : 'is not activated for this service';
  return `The form ${formKey} belongs to the ${module.title} module, which ${activity}; this case runs from ${period.from} to ${period.to}. A manager can change the module's dates.`;
}
