import { buildTestApp, type TestApp } from '../../../test/helpers/app';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.close());

test('pages stay out of the OpenAPI document, and posts from another site are refused', async () => {
  const doc = (await t.app.inject({ url: '/api/v1/openapi.json' })).json() as { paths: Record<string, unknown> };
  expect(Object.keys(doc.paths).filter((p) => !p.startsWith('/api/'))).toEqual([]);
  const forged = await t.app.inject({
    method: 'POST',
    url: '/sign-in',
    headers: { origin: 'https://attacker.example' },
    payload: { email: 'a@example.org', password: 'x' },
  });
  expect(forged.statusCode).toBe(403);
  const page = await t.app.inject({ url: '/sign-in' });
  expect(page.statusCode).toBe(200);
  expect(page.headers['content-security-policy']).toContain("script-src 'self'");
  expect(page.body).not.toMatch(/<script(?![^>]*\bsrc=)/);
  expect(page.body).not.toMatch(/\sstyle=/);
});
