import SwaggerParser from '@apidevtools/swagger-parser';
import { buildTestApp, type TestApp } from '../../../test/helpers/app';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(async () => t.close());

test('GET /api/v1/openapi.json is a valid OpenAPI 3 document listing the API', async () => {
  const response = await t.app.inject({ method: 'GET', url: '/api/v1/openapi.json' });
  expect(response.statusCode).toBe(200);
  const document = response.json();
  expect(document.openapi).toMatch(/^3\./);
  await expect(SwaggerParser.validate(structuredClone(document))).resolves.toBeDefined();
  expect(Object.keys(document.paths)).toEqual(
    expect.arrayContaining([
      '/api/v1/auth/login',
      '/api/v1/services',
      '/api/v1/services/{id}/members',
      '/api/v1/services/{id}/invitations',
      '/api/v1/invitations/accept',
    ]),
  );
});

test('health and readiness answer', async () => {
  expect((await t.app.inject({ method: 'GET', url: '/api/v1/healthz' })).json()).toEqual({ status: 'ok' });
  const ready = await t.app.inject({ method: 'GET', url: '/api/v1/readyz' });
  expect(ready.statusCode).toBe(200);
  expect(ready.json()).toEqual({ status: 'ready' });
});

test('every response carries the security headers', async () => {
  const response = await t.app.inject({ method: 'GET', url: '/api/v1/healthz' });
  expect(response.headers['content-security-policy']).toContain("object-src 'none'");
  expect(response.headers['content-security-policy']).toContain("frame-ancestors 'none'");
  expect(response.headers['content-security-policy']).toContain("base-uri 'none'");
  expect(response.headers['strict-transport-security']).toMatch(/max-age=\d+/);
  expect(response.headers['x-content-type-options']).toBe('nosniff');
  expect(response.headers['referrer-policy']).toBe('no-referrer');
});
