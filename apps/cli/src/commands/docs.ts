import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { dataDictionaryMarkdown, INSTALLED_MODULES, REPO_ROOT } from '@harbour/api';
import { createRegistry } from '@harbour/forms';
import type { Command } from './types';

/** Where the generated data dictionary lives in the repository. */
export const DATA_DICTIONARY_FILE = path.join('docs', 'data-dictionary.md');

export const docsCommand: Command = {
  name: 'docs',
  summary: 'rewrite docs/data-dictionary.md from the installed modules (npm run docs)',
  async run() {
    // the modules' own wording: a deployment's text pack (HARBOUR_TEXT_PACK) is not the standard
    const markdown = dataDictionaryMarkdown(createRegistry([...INSTALLED_MODULES]));
    writeFileSync(path.join(REPO_ROOT, DATA_DICTIONARY_FILE), markdown);
    process.stdout.write(`Wrote ${DATA_DICTIONARY_FILE}\n`);
  },
};
