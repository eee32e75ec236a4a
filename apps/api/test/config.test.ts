import path from 'node:path';
import { databaseConfigOf, loadConfig, REPO_ROOT } from '../src/config';

test('without HARBOUR_DATA_DIR an unreachable .data falls back to one folder per clone under /var/lib/harbour', () => {
  const config = loadConfig({});
  expect(config.dataDir).toBe(path.join(REPO_ROOT, '.data'));
  expect(config.fallbackDataDir).toMatch(new RegExp(`^/var/lib/harbour/${path.basename(REPO_ROOT)}-[0-9a-f]{8}$`));
  expect(loadConfig({}).fallbackDataDir).toBe(config.fallbackDataDir);
  expect(databaseConfigOf(config)).toMatchObject({
    dataDir: path.join(REPO_ROOT, '.data', 'postgres'),
    fallbackDataDir: path.join(config.fallbackDataDir!, 'postgres'),
  });
});

test('HARBOUR_DATA_DIR wins: no fallback', () => {
  const config = loadConfig({ HARBOUR_DATA_DIR: '/srv/harbour' });
  expect(config.dataDir).toBe('/srv/harbour');
  expect(config.fallbackDataDir).toBeUndefined();
  expect(databaseConfigOf(config).fallbackDataDir).toBeUndefined();
});

test('the configuration is only what it is given, never the process environment', () => {
  const saved = process.env.HARBOUR_PUBLIC_URL;
  process.env.HARBOUR_PUBLIC_URL = 'https://from-the-shell.invalid';
  try {
    expect(loadConfig({}).publicUrl).toBeUndefined();
    expect(loadConfig({ HARBOUR_PUBLIC_URL: 'https://harbour.example.org/' }).publicUrl).toBe(
      'https://harbour.example.org',
    );
  } finally {
    if (saved === undefined) delete process.env.HARBOUR_PUBLIC_URL;
    else process.env.HARBOUR_PUBLIC_URL = saved;
  }
});
