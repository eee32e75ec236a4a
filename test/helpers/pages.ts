/**
 * What the browser tests do around the pages: compile the script the pages load, sign in through
 * the sign-in page, ask axe-core about a page, and serve the neutral site quick exit goes to.
 */
import { execFileSync } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { totpCode } from '../../apps/api/src/auth/second-factor';
import { TEST_PASSWORD, TEST_TOTP_SECRET, type TestApp } from './app';

const ROOT = path.resolve(__dirname, '..', '..');
const AXE = require.resolve('axe-core/axe.min.js');

/** Compiles the browser script the pages load, which `npm run build` compiles otherwise. */
export function buildBrowserScript(): void {
  execFileSync(path.join(ROOT, 'node_modules', '.bin', 'tsc'), ['-b', 'apps/web/browser'], { cwd: ROOT });
}

// secrets of users who set up their second factor through the pages
const pageSecrets = new Map<string, string>();

/**
 * The code an authenticator app shows one 30-second step after the last: each code works once,
 * so the app's clock moves on a step before every code.
 */
function nextCode(t: TestApp, secret: string): string {
  t.advance(31_000);
  return totpCode(secret, t.app.clock());
}

/**
 * Opens a page of the context (its waits up to a minute: Chromium is slow on a shared machine) and
 * signs in through the sign-in page, setting up or entering the second factor where the role needs
 * one. Returns the page where the sign-in lands.
 */
export async function signInThroughPages(
  t: TestApp,
  origin: string,
  context: BrowserContext,
  email: string,
  password = TEST_PASSWORD,
): Promise<Page> {
  context.setDefaultTimeout(60_000);
  const page = await context.newPage();
  await page.goto(`${origin}/sign-in`);
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password').fill(password);
  const posted = page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith('/sign-in'));
  await page.getByRole('button', { name: 'Sign in' }).click();
  // every sign-in of a browser test comes from 127.0.0.1, and the API allows 10 a minute from one address
  if ((await posted).status() === 429) throw new Error(`sign-in of ${email} was rate-limited`);
  await page.waitForURL((url) => url.pathname !== '/sign-in');
  if (new URL(page.url()).pathname === '/sign-in/setup') {
    await page.getByRole('button', { name: 'Start' }).click();
    const secret = (await page.locator('[data-totp-secret]').textContent()) ?? '';
    pageSecrets.set(email, secret);
    await page.getByLabel('Six-digit code').fill(nextCode(t, secret));
    await page.getByRole('button', { name: 'Turn on two-step verification' }).click();
    await page.getByRole('heading', { name: 'Two-step verification is on' }).waitFor();
    await page.getByRole('link', { name: 'Continue' }).click();
  } else if (new URL(page.url()).pathname === '/sign-in/code') {
    await page.getByLabel('Six-digit code').fill(nextCode(t, pageSecrets.get(email) ?? TEST_TOTP_SECRET));
    await page.getByRole('button', { name: 'Continue' }).click();
  }
  await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'));
  return page;
}

/** The ids of axe-core's serious and critical violations on the page as it is now. */
export async function axeViolations(page: Page): Promise<string[]> {
  // the context must bypass the page's content security policy, which rightly blocks an injected script
  await page.addScriptTag({ path: AXE });
  // axe runs in the page: a string, as the tests are compiled without the DOM's types
  const violations = (await page.evaluate(
    'axe.run().then((r) => r.violations.map((v) => ({ id: v.id, impact: v.impact })))',
  )) as { id: string; impact: string }[];
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id);
}

export type NeutralSite = { server: http.Server; origin: string; close(): Promise<void> };

/**
 * The "neutral site" quick exit goes to (its /weather page), and a page to start from, served by
 * the test itself on a free port.
 */
export async function startNeutralSite(): Promise<NeutralSite> {
  const server = http.createServer((request, response) => {
    const title = request.url === '/weather' ? 'Weather' : 'Start';
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    response.end(`<!doctype html><html lang="en"><title>${title}</title><h1>${title}</h1></html>`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    server,
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
