/**
 * The installed modules are named in one place: the API's composition root
 * (apps/api/src/modules.ts), plus that app's package dependencies and build references. Every
 * other part — build, typecheck, tests, CLI, demo, synthetic data, benchmarks — takes them from
 * there, so installing a module never means editing a list elsewhere (docs/modules.md).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { INSTALLED_MODULES } from '@harbour/api';

const ROOT = path.resolve(__dirname, '..');
const COMPOSITION_ROOT = 'apps/api/src/modules.ts';
const APP_PACKAGE = 'apps/api/package.json';
const APP_BUILD = 'apps/api/tsconfig.json';

const tracked = execFileSync('git', ['ls-files'], { cwd: ROOT, encoding: 'utf8' }).split('\n').filter(Boolean);
const read = (file: string) => fs.readFileSync(path.join(ROOT, file), 'utf8');

/** The packages the composition root installs: its default imports, one per module. */
const installed = [...read(COMPOSITION_ROOT).matchAll(/^import (\w+) from '([^']+)';$/gm)].map((m) => ({
  name: m[2] as string,
  folder: path.relative(ROOT, fs.realpathSync(path.join(ROOT, 'node_modules', m[2] as string))),
}));

test('the composition root imports each installed module once, and installs every one it imports', () => {
  expect(installed).toHaveLength(INSTALLED_MODULES.length);
  expect(new Set(installed.map((p) => p.name)).size).toBe(installed.length);
});

describe.each(installed)('$name', ({ name, folder }) => {
  const outside = (file: string) => !file.startsWith(`${folder}/`) && file !== 'package-lock.json';

  it('is a dependency of the API only', () => {
    const dependents = tracked
      .filter((file) => file.endsWith('package.json') && outside(file))
      .filter((file) => {
        const json = JSON.parse(read(file));
        return name in { ...json.dependencies, ...json.devDependencies, ...json.peerDependencies };
      });
    expect(dependents).toEqual([APP_PACKAGE]);
  });

  it('is named by no build or test configuration but the API’s build reference', () => {
    const configs = tracked.filter(
      (file) => outside(file) && (/(^|\/)tsconfig[^/]*\.json$/.test(file) || /(^|\/)jest\.config\.[cm]?js$/.test(file)),
    );
    const naming = configs.filter((file) => {
      const text = read(file);
      const base = path.basename(folder);
      // by package name, by folder, or inside a pattern of names such as `module-(core|children)`
      return (
        text.includes(name) ||
        text.includes(folder) ||
        text.includes(`${base}/src`) ||
        new RegExp(`[(|]${base.replace(/-/g, '\\-')}[|)]`).test(text)
      );
    });
    expect(naming.filter((file) => file !== APP_BUILD)).toEqual([]);
  });

  it('is imported by no application code but the composition root', () => {
    const importers = tracked
      .filter((file) => file.endsWith('.ts') && outside(file) && file !== COMPOSITION_ROOT)
      .filter((file) => !/(^|\/)test\//.test(file))
      .filter((file) => read(file).includes(`'${name}'`));
    expect(importers).toEqual([]);
  });
});
