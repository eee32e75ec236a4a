/**
 * The two static files of the app, read once at start-up: the style sheet and the browser
 * script compiled by tsc (`npm run build`). A fixed list, so no path from a URL reaches the disk.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

export type Asset = { body: Buffer; type: string };

const APP_ROOT = path.resolve(__dirname, '..');

const FILES: Record<string, [string, string]> = {
  'harbour.css': [path.join(APP_ROOT, 'public', 'harbour.css'), 'text/css; charset=utf-8'],
  'harbour.js': [path.join(APP_ROOT, 'dist', 'browser', 'harbour.js'), 'text/javascript; charset=utf-8'],
};

export function loadAssets(): Map<string, Asset> {
  const assets = new Map<string, Asset>();
  for (const [name, [file, type]] of Object.entries(FILES)) {
    try {
      assets.set(name, { body: readFileSync(file), type });
    } catch {
      throw new Error(`The web app's ${name} is missing at ${file}: run \`npm run build\` first`);
    }
  }
  return assets;
}
