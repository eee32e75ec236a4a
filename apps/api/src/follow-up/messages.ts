/**
 * The words of a follow-up message. A message may be read by the person who caused the harm, on
 * a shared phone or inbox: it says nothing of what the service is about, names no service unless
 * the client chose that, carries no case reference, and reads like any survey reminder.
 */
import type { EmailMessage, SmsMessage } from './messenger';

export type FollowUpWords = {
  url: string;
  /** The last day the link works, ISO. */
  expiresOn: string;
  codeWord: string | null;
  /** The service's name, only when the client chose to have it named. */
  serviceName: string | null;
};

const longDate = (iso: string) =>
  new Date(`${iso}T00:00:00Z`).toLocaleDateString('en-GB', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  });

export function followUpEmail(to: string, words: FollowUpWords): EmailMessage {
  const lines = [
    words.serviceName ? `Hello, this is ${words.serviceName}.` : 'Hello,',
    '',
    'You said we could check in with you around now. If it is a good time, there are four short questions here:',
    '',
    words.url,
    '',
    `The link works once and stops working after ${longDate(words.expiresOn)}.`,
    ...(words.codeWord ? ['', `Your code word: ${words.codeWord}`] : []),
    '',
    'If you would rather not answer, you do not need to do anything.',
  ];
  return { to, subject: 'A quick question', text: `${lines.join('\n')}\n` };
}

export function followUpSms(to: string, words: FollowUpWords): SmsMessage {
  const from = words.serviceName ? `${words.serviceName}: ` : '';
  const code = words.codeWord ? ` Code word: ${words.codeWord}.` : '';
  return {
    to,
    text: `${from}Hello, as agreed, a few short questions: ${words.url} (works once, until ${longDate(words.expiresOn)}).${code}`,
  };
}
