/**
 * The client page's stylesheet and script, read once at start-up. They live beside the sources
 * (`src/questionnaire/assets`), found at the same path from `src/` and from `dist/`.
 */
import fs from 'node:fs';
import path from 'node:path';

const ASSETS_DIR = path.resolve(__dirname, '..', '..', 'src', 'questionnaire', 'assets');

export type Asset = { body: string; type: string };

export function loadPageAssets(): { script: Asset; style: Asset } {
  return {
    script: { body: fs.readFileSync(path.join(ASSETS_DIR, 'page.js'), 'utf8'), type: 'text/javascript; charset=utf-8' },
    style: { body: fs.readFileSync(path.join(ASSETS_DIR, 'page.css'), 'utf8'), type: 'text/css; charset=utf-8' },
  };
}
