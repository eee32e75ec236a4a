/**
 * The sensitive (free-text) answers of imported responses, sealed before they are written — as
 * `AnswerSealer` does for a single save, but with the service's data key fetched once per import
 * rather than once per response.
 */
import type { Registry } from '@harbour/forms';
import { seal } from '../../security/envelope';
import type { DataKey } from '../../security/keyring';
import { answerAad } from '../../security/sealed-answers';

export function sealAnswers(
  registry: Pick<Registry, 'sensitiveKeys'>,
  dataKey: DataKey,
  where: { serviceId: string; caseId: string; formKey: string },
  answers: Record<string, unknown>,
): { answers: Record<string, unknown>; sealed: Record<string, string> } {
  const sensitive = registry.sensitiveKeys(where.formKey).filter((key) => answers[key] !== undefined);
  if (sensitive.length === 0) return { answers, sealed: {} };
  const open = { ...answers };
  const sealed: Record<string, string> = {};
  for (const field of sensitive) {
    const plaintext = Buffer.from(JSON.stringify(open[field]), 'utf8');
    sealed[field] = seal(
      dataKey.key,
      dataKey.id,
      plaintext,
      answerAad(where.serviceId, where.caseId, where.formKey, field),
    );
    delete open[field];
  }
  return { answers: open, sealed };
}
