import type { ServiceSettings, Tx } from '@harbour/db';
import type { FormContext } from '@harbour/forms';

/** The Dash thresholds every service starts with: high from 14, medium from 10. */
export const DEFAULT_RISK_THRESHOLDS = { riskHighFrom: 14, riskMediumFrom: 10 } as const;

export function formSettings(settings: ServiceSettings | null | undefined): FormContext['settings'] {
  return {
    riskHighFrom: settings?.riskHighFrom ?? DEFAULT_RISK_THRESHOLDS.riskHighFrom,
    riskMediumFrom: settings?.riskMediumFrom ?? DEFAULT_RISK_THRESHOLDS.riskMediumFrom,
  };
}

/** A service's settings as stored; undefined when the service is not visible in this transaction. */
export async function loadServiceSettings(tx: Tx, serviceId: string): Promise<ServiceSettings | undefined> {
  const row = await tx.selectFrom('services').select('settings').where('id', '=', serviceId).executeTakeFirst();
  return row?.settings;
}

export async function loadFormSettings(tx: Tx, serviceId: string): Promise<FormContext['settings']> {
  return formSettings(await loadServiceSettings(tx, serviceId));
}
