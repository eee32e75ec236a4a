import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export type MasterKey = { key: Buffer; id: string };

export const MASTER_KEY_FILE = 'master.key';

/** A short fingerprint naming the master key that wrapped a data key (never the key itself). */
export function masterKeyId(key: Buffer): string {
  return `m${createHash('sha256').update('harbour master key id').update(key).digest('hex').slice(0, 16)}`;
}

export function parseMasterKey(text: string): MasterKey {
  const key = Buffer.from(text.trim(), text.includes('-') || text.includes('_') ? 'base64url' : 'base64');
  if (key.length !== 32) throw new Error('Configuration error: HARBOUR_MASTER_KEY must be 32 bytes in base64');
  return { key, id: masterKeyId(key) };
}

export function newMasterKeyText(): string {
  return randomBytes(32).toString('base64');
}

export type MasterKeySource = {
  env: 'development' | 'test' | 'production';
  masterKey: string | undefined;
  dataDir: string;
};

/**
 * The master key from HARBOUR_MASTER_KEY. Outside production, without one, a key is generated
 * once into the data folder (beside the embedded database, mode 600) so local data stays
 * readable across restarts; production refuses to start without a configured key.
 */
export function resolveMasterKey(
  source: MasterKeySource,
  log: (message: string) => void,
): MasterKey & { origin: 'config' | 'file' | 'generated' } {
  if (source.masterKey) return { ...parseMasterKey(source.masterKey), origin: 'config' };
  if (source.env === 'production') {
    throw new Error(
      'Configuration error: HARBOUR_MASTER_KEY is required in production (32 random bytes in base64, e.g. `openssl rand -base64 32`)',
    );
  }
  const file = path.join(source.dataDir, MASTER_KEY_FILE);
  if (fs.existsSync(file)) {
    fs.chmodSync(file, 0o600);
    return { ...parseMasterKey(fs.readFileSync(file, 'utf8')), origin: 'file' };
  }
  fs.mkdirSync(source.dataDir, { recursive: true });
  const text = newMasterKeyText();
  try {
    fs.writeFileSync(file, `${text}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    // another process (a second server, the CLI) wrote it first: use theirs
    if ((error as NodeJS.ErrnoException).code === 'EEXIST')
      return { ...parseMasterKey(fs.readFileSync(file, 'utf8')), origin: 'file' };
    throw error;
  }
  log(
    `No HARBOUR_MASTER_KEY: generated a development master key in ${file} (mode 600). Set HARBOUR_MASTER_KEY in production.`,
  );
  return { ...parseMasterKey(text), origin: 'generated' };
}
