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

export function summariseProfiles(profiles: Profile[]): Map<string, number> {
  const micros = new Map<string, number>();
  for (const profile of profiles) {
    const byId = new Map(profile.nodes.map((n) => [n.id, n]));
    profile.samples.forEach((id, i) => {
      const node = byId.get(id);
      if (!node) return;
      const place = placeOf(node.callFrame.url, node.callFrame.functionName);
      micros.set(place, (micros.get(place) ?? 0) + (profile.timeDeltas[i] ?? 0));
    });
  }
  return micros;
}

if (require.main === module) {
  const args = process.argv.slice(2);
  const requests = Number(args.find((a) => a.startsWith('--requests='))?.slice(11) ?? 0);
  const files = args.filter((a) => !a.startsWith('--'));
  const micros = summariseProfiles(files.map((f) => JSON.parse(fs.readFileSync(f, 'utf8')) as Profile));
  const busy = [...micros].filter(([place]) => place !== '(idle)').reduce((sum, [, us]) => sum + us, 0);
  for (const [place, us] of [...micros].sort((a, b) => b[1] - a[1])) {
    if (place === '(idle)') continue;
    const share = `${((100 * us) / busy).toFixed(1).padStart(5)} %`;
    const perRequest = requests > 0 ? `  ${(us / 1000 / requests).toFixed(3)} ms a request` : '';
    process.stdout.write(`${share}${perRequest}  ${place}\n`);
  }
}
