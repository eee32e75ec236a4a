/**
 * The browser tests run in the Chromium they say they do: Debian's where installed, the npm
 * package's on a machine without it or when TEST_BROWSER=bundled (as `.ci/run` sets for one run).
 */
import { execFileSync } from 'node:child_process';
import { browserChoice, bundledPackage, launchBrowser } from '../helpers/browser';

jest.setTimeout(60_000);

test('the chosen Chromium starts and renders a page', async () => {
  const browser = await launchBrowser();
  try {
    const expected =
      browserChoice() === 'bundled'
        ? bundledPackage().version.split('.')[0]
        : /Chromium (\d+)\./.exec(execFileSync('/usr/bin/chromium', ['--version'], { encoding: 'utf8' }))?.[1];
    expect(browser.version().split('.')[0]).toBe(expected);
    const page = await browser.newPage();
    await page.setContent('<p id="p">waiting</p><script>document.getElementById("p").textContent = "ran"</script>');
    expect(await page.textContent('#p')).toBe('ran');
  } finally {
    await browser.close();
  }
});
