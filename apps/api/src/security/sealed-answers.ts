import type { Db, Tx } from '@harbour/db';
import type { Registry } from '@harbour/forms';
import { type Aad, envelopeKeyId, open, seal } from './envelope';
import type { DataKey, Keyring } from './keyring';

type Queryable = Db | Tx;
type Answers = Record<string, unknown>;

/**
 * `occasion` is the review or follow-up number of a repeated form; absent or 0 for a form answered
 * once. `childRef`: the answers are a child's response (child_responses), not the case's client's.
 */
export type SealInput = {
  serviceId: string;
  caseId: string;
  formKey: string;
  occasion?: number;
  answers: Answers;
  childRef?: string;
};
export type Sealed = { answers: Answers; sealed: Record<string, string> };

/**
 * Where a sealed answer lives: a ciphertext moved to another case, form, occasion, child, field or
 * service fails to open. A form answered once keeps the row name it always had.
 */
export function answerAad(
  serviceId: string,
  caseId: string,
  formKey: string,
  field: string,
  occasion = 0,
  childRef?: string,
): Aad {
  if (childRef !== undefined) {
    return { table: 'child_responses', serviceId, row: `${caseId}/${childRef}/${formKey}`, field };
  }
  return {
    table: 'responses',
    serviceId,
    row: occasion ? `${caseId}/${formKey}/${occasion}` : `${caseId}/${formKey}`,
    field,
  };
}

/**
 * Encrypts the free-text and identifying answers of a response (the keys the form's module marks
 * `sensitive`) before they are stored: `answers` keeps the rest for reporting, `sealed` holds
 * one envelope per sensitive key. Reading merges them back.
 */
export class AnswerSealer {
  constructor(
    private readonly keyring: Keyring,
    private readonly registry: Pick<Registry, 'sensitiveKeys'>,
  ) {}

  async sealAnswers(db: Queryable, input: SealInput): Promise<Sealed> {
    if (this.sensitiveIn(input).length === 0) return { answers: { ...input.answers }, sealed: {} };
    return this.sealWithKey(await this.keyring.currentKey(db, input.serviceId), input);
  }

  /**
   * Seals with a data key the caller already holds: an import fetches the service's current key
   * once and seals thousands of responses with it.
   */
  sealWithKey(dataKey: DataKey, input: SealInput): Sealed {
    const answers = { ...input.answers };
    const sealed: Record<string, string> = {};
    for (const field of this.sensitiveIn(input)) {
      const plaintext = Buffer.from(JSON.stringify(answers[field]), 'utf8');
      sealed[field] = seal(
        dataKey.key,
        dataKey.id,
        plaintext,
        answerAad(input.serviceId, input.caseId, input.formKey, field, input.occasion, input.childRef),
      );
      delete answers[field];
    }
    return { answers, sealed };
  }

  private sensitiveIn(input: SealInput): string[] {
    return this.registry.sensitiveKeys(input.formKey).filter((key) => input.answers[key] !== undefined);
  }

  async unsealAnswers(
    db: Queryable,
    input: SealInput & { sealed: Record<string, unknown> | null | undefined },
  ): Promise<Answers> {
    const answers = { ...input.answers };
    for (const [field, envelope] of Object.entries(input.sealed ?? {})) {
      if (typeof envelope !== 'string') continue;
      const key = await this.keyring.keyById(db, input.serviceId, envelopeKeyId(envelope));
      const plaintext = open(
        key,
        envelope,
        answerAad(input.serviceId, input.caseId, input.formKey, field, input.occasion, input.childRef),
      );
      answers[field] = JSON.parse(plaintext.toString('utf8'));
    }
    return answers;
  }
}
