/**
 * Joining a service by invitation, choosing among services and ending a membership, through the
 * pages in real headless Chromium against the real API and database (issue 13).
 */
import type { Browser, BrowserContext } from 'playwright-core';
import {
  buildTestApp,
  listenOnFreePort,
  login,
  seedService,
  seedUser,
  TEST_PASSWORD,
  type TestApp,
} from '../helpers/app';
import { launchBrowser, screenshotPath } from '../helpers/browser';
import { axeViolations, buildBrowserScript, signInThroughPages } from '../helpers/pages';

const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(new Date());

let t: TestApp;
let browser: Browser;
let base: string;
let serviceA: string;
let serviceB: string;

jest.setTimeout(240_000);

beforeAll(async () => {
  buildBrowserScript();
  t = await buildTestApp();
  serviceA = await seedService(t.owner, 'Riverside Idva Service');
  serviceB = await seedService(t.owner, 'Hillside Outreach');
  await seedUser(t.owner, { email: 'mo@example.org', serviceId: serviceA, role: 'manager' });
  await seedUser(t.owner, { email: 'bea@example.org', serviceId: serviceB, role: 'manager' });
  await seedUser(t.owner, { email: 'pat@example.org', serviceId: serviceA, role: 'practitioner' });
  base = await listenOnFreePort(t);
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

const signIn = (context: BrowserContext, email: string, password = TEST_PASSWORD) =>
  signInThroughPages(t, base, context, email, password);

test('a manager invites someone new, who accepts with the link, chooses a password and signs in', async () => {
  const managerContext = await browser.newContext({ bypassCSP: true });
  const manager = await signIn(managerContext, 'mo@example.org');
  await manager.goto(`${base}/service/users`);
  await manager.getByLabel('Email address').fill('newbie@example.org');
  await manager.getByLabel('Role', { exact: true }).selectOption('practitioner');
  await manager.getByLabel('Practitioner role').selectOption('outreach');
  await manager.getByRole('button', { name: 'Invite' }).click();
  const notice = (await manager.getByRole('status').textContent()) ?? '';
  const link = /https?:\/\/\S+\/invitations\/hbi_[A-Za-z0-9_-]{43}/.exec(notice)?.[0];
  expect(link).toBeDefined();
  await manager.screenshot({ path: screenshotPath('invitation-sent'), fullPage: true });

  const newcomerContext = await browser.newContext({ bypassCSP: true });
  const newcomer = await newcomerContext.newPage();
  await newcomer.goto(`${base}${new URL(link!).pathname}`);
  expect(await axeViolations(newcomer)).toEqual([]);
  await newcomer.getByLabel('Your name').fill('Nell Newbie');
  await newcomer.getByLabel('Password').fill('a long enough passphrase here');
  await newcomer.getByRole('button', { name: 'Accept the invitation' }).click();
  await newcomer.waitForURL(/\/sign-in$/);
  const signedIn = await signIn(newcomerContext, 'newbie@example.org', 'a long enough passphrase here');
  expect(new URL(signedIn.url()).pathname).toBe('/cases');
  const account = await t.owner
    .selectFrom('users as u')
    .innerJoin('memberships as m', 'm.user_id', 'u.id')
    .select(['u.name', 'm.service_id', 'm.role', 'm.practitioner_role'])
    .where('u.email', '=', 'newbie@example.org')
    .execute();
  expect(account).toEqual([
    { name: 'Nell Newbie', service_id: serviceA, role: 'practitioner', practitioner_role: 'outreach' },
  ]);

  // the link works once
  const again = await newcomerContext.newPage();
  await again.goto(`${base}${new URL(link!).pathname}`);
  await again.getByRole('button', { name: 'Accept the invitation' }).click();
  await again.getByRole('heading', { name: 'This invitation is not valid' }).waitFor();

  // the manager ends the membership from the page; the account stays
  await manager.goto(`${base}/service/users`);
  await manager.getByRole('button', { name: 'Remove from the service Nell Newbie' }).click();
  await manager.getByText('is no longer a member of the service').waitFor();
  const left = await t.owner
    .selectFrom('users as u')
    .leftJoin('memberships as m', 'm.user_id', 'u.id')
    .select(['u.disabled_at', 'm.service_id'])
    .where('u.email', '=', 'newbie@example.org')
    .execute();
  expect(left).toEqual([{ disabled_at: null, service_id: null }]);
  await managerContext.close();
  await newcomerContext.close();
});

test('someone in two services accepts the second while signed in, then picks the service to work in', async () => {
  const bManager = await login(t.app, 'bea@example.org');
  const invitation = await t.app.inject({
    method: 'POST',
    url: `/api/v1/services/${serviceB}/invitations`,
    headers: { cookie: bManager },
    payload: { email: 'pat@example.org', role: 'practitioner', practitionerRole: 'idva' },
  });
  expect(invitation.statusCode).toBe(201);
  // a case in each service, so the caseload shows which service the pages act in
  const patCookie = await login(t.app, 'pat@example.org');
  const inA = await t.app.inject({
    method: 'POST',
    url: '/api/v1/cases',
    headers: { cookie: patCookie },
    payload: { reference: 'IN-SERVICE-A', openedAt: today },
  });
  expect(inA.statusCode).toBe(201);

  const context = await browser.newContext({ bypassCSP: true });
  const page = await signIn(context, 'pat@example.org');
  await page.goto(`${base}${new URL(invitation.json().url).pathname}`);
  await page.getByText('You are signed in as pat@example.org').waitFor();
  await page.getByRole('button', { name: 'Accept the invitation' }).click();
  await page.waitForURL((url) => url.pathname === '/cases');
  // the pages now act in the new service: its case shows, the other service's does not
  const inB = await t.app.inject({
    method: 'POST',
    url: '/api/v1/cases',
    headers: { cookie: patCookie, 'x-service-id': serviceB },
    payload: { reference: 'IN-SERVICE-B', openedAt: today },
  });
  expect(inB.statusCode).toBe(201);
  await page.reload();
  await page.getByText('IN-SERVICE-B').filter({ visible: true }).first().waitFor();
  expect(await page.getByText('IN-SERVICE-A').count()).toBe(0);

  await page.getByRole('link', { name: 'Switch service' }).click();
  await page.waitForURL(/\/choose-service$/);
  expect(await axeViolations(page)).toEqual([]);
  await page.screenshot({ path: screenshotPath('choose-service'), fullPage: true });
  await page.getByLabel('Riverside Idva Service (practitioner)').check();
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.waitForURL((url) => url.pathname === '/cases');
  await page.getByText('IN-SERVICE-A').filter({ visible: true }).first().waitFor();
  expect(await page.getByText('IN-SERVICE-B').count()).toBe(0);
  await context.close();
});
