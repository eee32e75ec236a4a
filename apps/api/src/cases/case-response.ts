/** One response of a case, with its sealed answers opened: what an export of that response shows. */
import type { Case, Tx } from '@harbour/db';
import type { AnswerSealer } from '../security/sealed-answers';

export type CaseResponse = {
  formKey: string;
  version: number;
  status: 'draft' | 'submitted';
  answers: Record<string, unknown>;
  updatedAt: Date;
};

export async function findCaseResponse(
  tx: Tx,
  kase: Pick<Case, 'id' | 'service_id'>,
  formKey: string,
  sealer: AnswerSealer,
): Promise<CaseResponse | undefined> {
  const row = await tx
    .selectFrom('responses')
    .select(['form_key', 'form_version', 'status', 'answers', 'sealed', 'updated_at'])
    .where('service_id', '=', kase.service_id)
    .where('case_id', '=', kase.id)
    .where('form_key', '=', formKey)
    .executeTakeFirst();
  if (!row) return undefined;
  const answers = await sealer.unsealAnswers(tx, {
    serviceId: kase.service_id,
    caseId: kase.id,
    formKey,
    answers: row.answers,
    sealed: row.sealed,
  });
  return {
    formKey: row.form_key,
    version: row.form_version,
    status: row.status,
    answers,
    updatedAt: row.updated_at,
  };
}
