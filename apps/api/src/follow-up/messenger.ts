/**
 * How Harbour reaches a client after closure: email through SMTP (nodemailer, configured by
 * HARBOUR_SMTP_URL and HARBOUR_MAIL_FROM), text messages through an SMS provider. The
 * development provider records what it would send and sends nothing; a deployment plugs in its
 * provider by implementing `SmsProvider`.
 */
import nodemailer, { type Transporter } from 'nodemailer';

export type EmailMessage = { to: string; subject: string; text: string };
export type SmsMessage = { to: string; text: string };

export interface EmailSender {
  send(message: EmailMessage): Promise<void>;
  /** Closes pooled connections when the server stops. */
  close?(): void;
}

export interface SmsProvider {
  send(message: SmsMessage): Promise<void>;
}

export type Messenger = {
  /** Null when no SMTP server is configured: email follow-ups and digests wait until one is. */
  email: EmailSender | null;
  sms: SmsProvider;
};

/** Email through an SMTP server, from the neutral sender of the configuration. */
export class SmtpEmail implements EmailSender {
  private readonly transport: Transporter;

  constructor(
    smtpUrl: string,
    private readonly from: string,
  ) {
    this.transport = nodemailer.createTransport(smtpUrl);
  }

  async send(message: EmailMessage): Promise<void> {
    await this.transport.sendMail({ from: this.from, to: message.to, subject: message.subject, text: message.text });
  }

  close(): void {
    this.transport.close();
  }
}

/** The development SMS provider: keeps the messages it was given, in order, and sends nothing. */
export class RecordingSms implements SmsProvider {
  readonly sent: SmsMessage[] = [];

  async send(message: SmsMessage): Promise<void> {
    this.sent.push(message);
  }
}

export function createMessenger(config: { smtpUrl: string | undefined; mailFrom: string }): Messenger {
  return {
    email: config.smtpUrl ? new SmtpEmail(config.smtpUrl, config.mailFrom) : null,
    sms: new RecordingSms(),
  };
}
