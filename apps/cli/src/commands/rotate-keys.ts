import fs from 'node:fs';
import path from 'node:path';
import {
  loadConfig,
  MASTER_KEY_FILE,
  newMasterKeyText,
  parseMasterKey,
  resolveMasterKey,
  rotateMasterKey,
} from '@harbour/api';
import { options } from '../args';
import { openCliContext } from '../context';
import type { Command } from './types';

export const rotateKeysCommand: Command = {
  name: 'rotate-keys',
  summary: 're-wrap every data key under a new master key (stop the server first)',
  usage:
    'npm run harbour -- rotate-keys [--retire-data-keys]   new key from HARBOUR_NEW_MASTER_KEY; without it, ' +
    'a development key file is replaced by a new random key',
  async run(args) {
    const values = options(args, { 'retire-data-keys': { type: 'boolean' } });
    const config = loadConfig();
    const current = resolveMasterKey(config, (message) => process.stdout.write(`${message}\n`));
    const given = process.env.HARBOUR_NEW_MASTER_KEY;
    if (!given && current.origin === 'config') {
      throw new Error(
        'set HARBOUR_NEW_MASTER_KEY to the new key (32 random bytes, base64), then set it as HARBOUR_MASTER_KEY',
      );
    }
    const nextText = given ?? newMasterKeyText();
    const next = parseMasterKey(nextText);
    if (next.id === current.id) throw new Error('the new master key is the current one');
    const context = await openCliContext();
    try {
      const report = await rotateMasterKey(context.owner, current, next, {
        retireDataKeys: values['retire-data-keys'] === true,
      });
      if (current.origin !== 'config') {
        // the data-folder key file: replaced atomically only after the database committed
        const file = path.join(config.dataDir, MASTER_KEY_FILE);
        fs.writeFileSync(`${file}.new`, `${nextText}\n`, { mode: 0o600 });
        fs.renameSync(`${file}.new`, file);
        process.stdout.write(`The new master key is in ${file}.\n`);
      } else {
        process.stdout.write('Now set HARBOUR_MASTER_KEY to the value of HARBOUR_NEW_MASTER_KEY and restart.\n');
      }
      process.stdout.write(
        `Re-wrapped ${report.dataKeys} data keys of ${report.services} services, ${report.linkageKeys} linkage region keys and ${report.userSecrets} authenticator secrets` +
          `${report.retiredDataKeys ? `; retired ${report.retiredDataKeys} data keys` : ''}.\n`,
      );
    } finally {
      await context.close();
    }
  },
};
