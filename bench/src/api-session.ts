/**
 * Signing the benchmark's users in through the API, second factor included: managers and
 * admins must have one, so the benchmark enrols an authenticator and answers with its codes,
 * as a person with an authenticator app would.
 */
import { type ApiSession, fetchTransport, login } from '@harbour/synth';
import { Secret, TOTP } from 'otpauth';

function code(secret: string): string {
  return new TOTP({ algorithm: 'SHA1', digits: 6, period: 30, secret: Secret.fromBase32(secret) }).generate();
}

async function json(
  session: ApiSession,
  method: string,
  path: string,
  body?: unknown,
): Promise<Record<string, unknown>> {
  const reply = await session.request(method, path, body);
  if (reply.status < 200 || reply.status >= 300)
    throw new Error(`${method} ${path} answered ${reply.status}: ${reply.body}`);
  return reply.body ? (JSON.parse(reply.body) as Record<string, unknown>) : {};
}

/** The authenticator secrets this run enrolled, by email: a later sign-in answers with their codes. */
const secrets = new Map<string, string>();

/**
 * Passes the second factor with the enrolled authenticator's code; once more in the next
 * 30-second window if the code was just used (a code works once).
 */
async function verify(session: ApiSession, email: string): Promise<void> {
  const secret = secrets.get(email);
  if (!secret) throw new Error(`${email} has a second factor this benchmark run did not enrol`);
  const first = await session.request('POST', '/api/v1/auth/2fa/verify', { code: code(secret) });
  if (first.status === 200) return;
  await new Promise((resolve) => setTimeout(resolve, 30_000 - (Date.now() % 30_000) + 500));
  await json(session, 'POST', '/api/v1/auth/2fa/verify', { code: code(secret) });
}

/** A session of `email`, with the second factor set up and passed when the role needs one. */
export async function benchSession(
  baseUrl: string,
  email: string,
  password: string,
  serviceId?: string,
): Promise<ApiSession> {
  const session = await login(fetchTransport(baseUrl), { email, password }, serviceId);
  const status = await session.request('GET', '/api/v1/auth/2fa');
  if (status.status !== 200) return session;
  const factor = JSON.parse(status.body) as { required?: boolean; enabled?: boolean; verified?: boolean };
  if (factor.required && !factor.enabled) {
    const setup = await json(session, 'POST', '/api/v1/auth/2fa/setup');
    secrets.set(email, setup.secret as string);
    await json(session, 'POST', '/api/v1/auth/2fa/enable', { code: code(setup.secret as string) });
  } else if (factor.enabled && !factor.verified) {
    await verify(session, email);
  }
  return session;
}
