/**
 * A manager's name, logo and narrative in their own service's PDF only, and the PDF's summary
 * with its trend, through the real HTTP stack.
 */
import { createCanvas } from '@napi-rs/canvas';
import { type Fixture, insertFixture, PERIOD } from '../../../packages/reports/test/fixture';
import { pdfText } from '../../../packages/reports/test/pdf-text';
import { buildTestApp, type TestApp } from '../../../test/helpers/app';
import { signInFixtureUsers } from '../../../test/helpers/fixture-users';

let t: TestApp;
let f: Fixture;
let cookies: Record<string, string>;
const period = `from=${PERIOD.from}&to=${PERIOD.to}`;

const send = (who: string, method: 'GET' | 'PUT', url: string, payload?: object) =>
  t.app.inject({ method, url, headers: { cookie: cookies[who] as string }, ...(payload ? { payload } : {}) });

function pngLogo(): string {
  const canvas = createCanvas(120, 40);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#333333';
  ctx.fillRect(0, 0, 120, 40);
  return canvas.toBuffer('image/png').toString('base64');
}

const NARRATIVE = 'This year we opened a drop-in at the family hub and trained every GP practice in the borough.';

beforeAll(async () => {
  t = await buildTestApp();
  f = await insertFixture(t.owner);
  cookies = await signInFixtureUsers(t, f, ['MA', 'MB', 'A1']);
}, 60_000);
afterAll(async () => t.close());

describe('report branding', () => {
  it('refuses a logo that is not a PNG or JPEG, naming the field', async () => {
    const response = await send('MA', 'PUT', '/api/v1/service/report-branding', {
      logo: Buffer.from('GIF89a not really').toString('base64'),
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().details).toEqual([{ pointer: '/logo', message: 'must be a PNG or JPEG image' }]);
    expect(await t.owner.selectFrom('service_report_branding').selectAll().execute()).toEqual([]);
  });

  it("keeps a manager's name, logo and narrative, audited, and prints them only in their service's PDF", async () => {
    const saved = await send('MA', 'PUT', '/api/v1/service/report-branding', {
      displayName: 'North Borough Domestic Abuse Service',
      narrative: NARRATIVE,
      logo: pngLogo(),
    });
    expect(saved.statusCode).toBe(200);
    expect(saved.json()).toEqual({
      displayName: 'North Borough Domestic Abuse Service',
      narrative: NARRATIVE,
      hasLogo: true,
      logoType: 'image/png',
    });
    const audit = await t.owner
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'report_branding.update')
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ service_id: f.serviceA, user_id: f.users.MA });

    const started = Date.now();
    const pdf = await send('MA', 'GET', `/api/v1/reports/service?${period}&format=pdf`);
    const elapsed = Date.now() - started;
    expect(pdf.statusCode).toBe(200);
    const text = await pdfText(pdf.rawPayload);
    expect(text.pages[0]).toContain('North Borough Domestic Abuse Service');
    const summary = `${text.pages[1]} ${text.pages[2]}`;
    expect(summary).toContain(NARRATIVE);
    expect(summary).toContain('Trend over the last eight quarters');
    expect(pdf.rawPayload.toString('latin1')).toMatch(/\/Subtype\s*\/Image/);
    // A small service year on a shared machine; the benchmark measures the big one.
    expect(elapsed).toBeLessThan(10_000);

    // Another service's manager, and a practitioner of the same service, see none of it.
    const other = await pdfText((await send('MB', 'GET', `/api/v1/reports/service?${period}&format=pdf`)).rawPayload);
    expect(other.pages.join(' ')).not.toContain(NARRATIVE);
    expect(other.pages[0]).toContain('Harbour South');
    const practitioner = await pdfText(
      (await send('A1', 'GET', `/api/v1/reports/service?${period}&format=pdf`)).rawPayload,
    );
    expect(practitioner.pages.join(' ')).not.toContain(NARRATIVE);
    // The other manager cannot read it either (row-level security to the service).
    expect((await send('MB', 'GET', '/api/v1/service/report-branding')).json()).toEqual({
      displayName: null,
      narrative: null,
      hasLogo: false,
      logoType: null,
    });
  });
});
