/**
 * Absolute links follow the server: without HARBOUR_PUBLIC_URL a client link points at the address
 * the server listens on (so `PORT=3999 npm start` hands out working links), with it at that
 * address; outside development a missing HARBOUR_PUBLIC_URL is said once when the server starts.
 */
import { Writable } from 'node:stream';
import { buildTestApp, listenOnFreePort, seedQuestionnaireCase, type TestApp } from '../../../test/helpers/app';

const PHQ = 'mental-health.client_intake';

type Started = { t: TestApp; origin: string; cookie: string; caseId: string; warnings: string[] };

async function start(env: Record<string, string>): Promise<Started> {
  const warnings: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      const line = JSON.parse(String(chunk));
      if (line.level === 40) warnings.push(line.msg);
      done();
    },
  });
  const t = await buildTestApp({ env, logger: { level: 'warn', stream } });
  const { caseId, cookie } = await seedQuestionnaireCase(t);
  const origin = await listenOnFreePort(t);
  return { t, origin, cookie, caseId, warnings };
}

/** Creates a client link over real HTTP, as a practitioner's browser would. */
async function createLink(started: Started): Promise<string> {
  const response = await fetch(`${started.origin}/api/v1/cases/${started.caseId}/questionnaire-links`, {
    method: 'POST',
    headers: { cookie: started.cookie, 'content-type': 'application/json' },
    body: JSON.stringify({ formKey: PHQ }),
  });
  expect(response.status).toBe(201);
  return ((await response.json()) as { url: string }).url;
}

test('without HARBOUR_PUBLIC_URL a link points at the port the server listens on, and opens there', async () => {
  const started = await start({});
  try {
    const url = await createLink(started);
    expect(url.startsWith(`${started.origin}/q/`)).toBe(true);
    const page = await fetch(url);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<form');
    // outside development (these tests run as NODE_ENV=test) the missing setting is said once
    expect(started.warnings.filter((msg) => msg.includes('HARBOUR_PUBLIC_URL'))).toHaveLength(1);
    expect(started.warnings[0]).toContain(started.origin);
  } finally {
    await started.t.close();
  }
});

test('with HARBOUR_PUBLIC_URL a link points there, and nothing is said at start', async () => {
  const started = await start({ HARBOUR_PUBLIC_URL: 'https://harbour.example.org/' });
  try {
    const url = await createLink(started);
    expect(url).toMatch(/^https:\/\/harbour\.example\.org\/q\/[A-Za-z0-9_-]{43}$/);
    expect(started.warnings).toEqual([]);
  } finally {
    await started.t.close();
  }
});

test('in development nothing is said at start without HARBOUR_PUBLIC_URL', async () => {
  const started = await start({ NODE_ENV: 'development' });
  try {
    expect(started.warnings).toEqual([]);
  } finally {
    await started.t.close();
  }
});
