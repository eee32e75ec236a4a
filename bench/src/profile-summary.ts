/**
 * `node bench/dist/profile-summary.js <file.cpuprofile>…`: where the API's CPU went, from the
 * V8 CPU profiles `BENCH_API_NODE_ARGS="--cpu-prof --cpu-prof-dir=DIR"` makes of it. Self time is
 * summed by where each function lives — a package in node_modules, Harbour's own code, Node's
 * internals, garbage collection — and printed as a share of the profile and as milliseconds a
 * request when the number of requests is given (`--requests=N`).
 */
import fs from 'node:fs';

type Node = { id: number; callFrame: { functionName: string; url: string }; children?: number[] };
type Profile = { nodes: Node[]; samples: number[]; timeDeltas: number[] };

/** Where a function's code lives: a package, Harbour's own code, or Node itself. */
export function placeOf(url: string, functionName: string): string {
  if (!url) {
    if (functionName === '(garbage collector)') return 'garbage collection';
    if (functionName === '(idle)' || functionName === '(program)') return `(${functionName.slice(1, -1)})`;
    return 'native (system calls, V8 built-ins)';
  }
  const modules = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (modules) return modules[1] as string;
  const own = /\/(apps\/[^/]+|packages\/(?:modules\/)?[^/]+)\//.exec(url);
  if (own) return `harbour: ${own[1]}`;
  if (url.startsWith('node:')) return 'node internals';
  return 'other';
}

/** Self time by place, and by function (`place: name`), of the samples taken after `afterMicros`. */
export function summariseProfiles(
  profiles: Profile[],
  afterMicros = 0,
): { places: Map<string, number>; functions: Map<string, number> } {
  const places = new Map<string, number>();
  const functions = new Map<string, number>();
  const add = (map: Map<string, number>, key: string, us: number) => map.set(key, (map.get(key) ?? 0) + us);
  for (const profile of profiles) {
    const byId = new Map(profile.nodes.map((n) => [n.id, n]));
    let at = 0;
    profile.samples.forEach((id, i) => {
      const delta = profile.timeDeltas[i] ?? 0;
      at += delta;
      const node = byId.get(id);
      if (!node || at < afterMicros) return;
      const { url, functionName } = node.callFrame;
      const place = placeOf(url, functionName);
      add(places, place, delta);
      add(functions, `${place}: ${functionName || '(anonymous)'} ${url.split('/').slice(-1)[0] ?? ''}`, delta);
    });
  }
  return { places, functions };
}

if (require.main === module) {
  const args = process.argv.slice(2);
  const option = (name: string) => Number(args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? 0);
  // --after=S leaves out the first S seconds (start-up: loading modules, compiling every route's schema)
  const [requests, after, top] = [option('requests'), option('after'), option('functions')];
  const files = args.filter((a) => !a.startsWith('--'));
  const profiles = files.map((f) => JSON.parse(fs.readFileSync(f, 'utf8')) as Profile);
  const { places, functions } = summariseProfiles(profiles, after * 1e6);
  const busy = [...places].filter(([place]) => place !== '(idle)').reduce((sum, [, us]) => sum + us, 0);
  const line = (us: number, what: string) => {
    const share = `${((100 * us) / busy).toFixed(1).padStart(5)} %`;
    const perRequest = requests > 0 ? `  ${(us / 1000 / requests).toFixed(3)} ms a request` : '';
    process.stdout.write(`${share}${perRequest}  ${what}\n`);
  };
  for (const [place, us] of [...places].sort((a, b) => b[1] - a[1])) if (place !== '(idle)') line(us, place);
  if (top > 0) {
    process.stdout.write(`\nthe ${top} functions with the most self time:\n`);
    const ranked = [...functions].filter(([name]) => !name.startsWith('(idle)')).sort((a, b) => b[1] - a[1]);
    for (const [name, us] of ranked.slice(0, top)) line(us, name);
  }
}
