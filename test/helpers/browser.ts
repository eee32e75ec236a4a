/**
 * Real headless Chromium for browser tests, driven by playwright-core: Debian's `/usr/bin/chromium`
 * where it is installed, otherwise the Chromium that `npm install` brings in the
 * `@sparticuz/chromium` package (with the NSS libraries it needs), so that `npm test` needs nothing
 * outside npm. `TEST_BROWSER=bundled` makes the tests use the npm one even where Debian's exists
 * (`.ci/run` sets it to prove the fresh-machine path on this machine); `TEST_BROWSER=system`
 * insists on Debian's. When no browser can start, the browser tests fail with one message saying why.
 */
import { createReadStream, createWriteStream, existsSync, mkdirSync, readFileSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createBrotliDecompress } from 'node:zlib';
import { type Browser, chromium, type LaunchOptions } from 'playwright-core';
import tar from 'tar-fs';

const SYSTEM_CHROMIUM = '/usr/bin/chromium';

const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const SCREENSHOTS = path.resolve(__dirname, '..', '..', 'artifacts', 'screenshots');

export type BrowserChoice = 'system' | 'bundled';

/** Which Chromium the tests use: TEST_BROWSER when set, else Debian's where installed, else npm's. */
export function browserChoice(): BrowserChoice {
  const asked = process.env.TEST_BROWSER;
  if (asked === 'system' || asked === 'bundled') return asked;
  if (asked !== undefined && asked !== '') {
    throw new Error(`TEST_BROWSER must be "system" or "bundled", not "${asked}"`);
  }
  return existsSync(SYSTEM_CHROMIUM) ? 'system' : 'bundled';
}

/** The `@sparticuz/chromium` package's folder and version (its version is the Chromium it ships). */
export function bundledPackage(): { root: string; version: string } {
  // The package exports no package.json: resolve its entry (nothing is loaded) and walk up to the
  // folder whose package.json names it (its build folders have package.json files of their own).
  for (
    let dir = path.dirname(require.resolve('@sparticuz/chromium'));
    dir !== path.dirname(dir);
    dir = path.dirname(dir)
  ) {
    const file = path.join(dir, 'package.json');
    const manifest = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {};
    if (manifest.name === '@sparticuz/chromium') return { root: dir, version: manifest.version };
  }
  throw new Error('the package @sparticuz/chromium is not installed');
}

async function unbrotli(file: string, into: string): Promise<void> {
  await pipeline(createReadStream(file), createBrotliDecompress(), createWriteStream(into));
}

async function untarBrotli(file: string, into: string): Promise<void> {
  await pipeline(createReadStream(file), createBrotliDecompress(), tar.extract(into));
}

/**
 * The npm-shipped Chromium, unpacked once per version under the system temp folder (a staging
 * folder renamed into place, so parallel test workers never see half a browser). The package's own
 * `executablePath()` unpacks to fixed /tmp paths shared by every process and checkout, so it is not used.
 */
async function bundledChromium(): Promise<{ executablePath: string; libraries: string }> {
  const { root, version } = bundledPackage();
  const bin = path.join(root, 'bin');
  const target = path.join(os.tmpdir(), `harbour-chromium-${version}`);
  if (!existsSync(path.join(target, '.complete'))) {
    const staging = `${target}.${process.pid}`;
    await fs.rm(staging, { recursive: true, force: true });
    await fs.mkdir(staging, { recursive: true });
    await unbrotli(path.join(bin, 'chromium.br'), path.join(staging, 'chromium'));
    await fs.chmod(path.join(staging, 'chromium'), 0o755);
    // lib/: NSS and expat, which Chromium links and a bare machine lacks; the rest: its software GL.
    await untarBrotli(path.join(bin, 'al2023.tar.br'), staging);
    await untarBrotli(path.join(bin, 'swiftshader.tar.br'), staging);
    await fs.writeFile(path.join(staging, '.complete'), '');
    await fs.rename(staging, target).catch(async () => fs.rm(staging, { recursive: true, force: true }));
  }
  return { executablePath: path.join(target, 'chromium'), libraries: path.join(target, 'lib') };
}

async function launchOptions(choice: BrowserChoice): Promise<LaunchOptions> {
  if (choice === 'system') {
    if (!existsSync(SYSTEM_CHROMIUM)) throw new Error(`${SYSTEM_CHROMIUM} is not installed`);
    return { executablePath: SYSTEM_CHROMIUM, args: ARGS, headless: true };
  }
  const bundled = await bundledChromium();
  return {
    executablePath: bundled.executablePath,
    args: ARGS,
    headless: true,
    env: { ...process.env, LD_LIBRARY_PATH: bundled.libraries },
  };
}

/** Launches Chromium; Playwright gives every launch a fresh temporary profile directory. */
export async function launchBrowser(): Promise<Browser> {
  const choice = browserChoice();
  try {
    return await chromium.launch(await launchOptions(choice));
  } catch (error) {
    const which =
      choice === 'system'
        ? `Debian's Chromium (${SYSTEM_CHROMIUM})`
        : 'the Chromium of the npm package @sparticuz/chromium';
    throw new Error(
      `The browser tests could not start ${which}: ${(error as Error).message.split('\n')[0]}\n` +
        "Run `npm install` (it brings the browser), or install Debian's chromium package.",
    );
  }
}

/** Where a test saves a screenshot (artifacts/ is not committed). */
export function screenshotPath(name: string): string {
  mkdirSync(SCREENSHOTS, { recursive: true });
  return path.join(SCREENSHOTS, `${name}.png`);
}
