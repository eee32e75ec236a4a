/**
 * National figures scan the whole national period, change slowly and are the same for every
 * service, so the report's benchmarks and the dashboard's national figures are kept ten minutes:
 * a small cache of promises by key, oldest dropped first, a failed one dropped at once.
 */
const TTL_MS = 10 * 60_000;

/** Every national cache of this process, so that a change of who is counted how empties them all. */
const caches = new Set<Map<string, unknown>>();

export function nationalCache<T>(size: number): (key: string, make: () => Promise<T>) => Promise<T> {
  const entries = new Map<string, { at: number; value: Promise<T> }>();
  caches.add(entries);
  return (key, make) => {
    const cached = entries.get(key);
    if (cached && Date.now() - cached.at < TTL_MS) return cached.value;
    const value = make();
    entries.set(key, { at: Date.now(), value });
    value.catch(() => entries.delete(key));
    if (entries.size > size) entries.delete(entries.keys().next().value as string);
    return value;
  };
}

/**
 * Forgets every national figure kept by this process: after a service changes its review
 * interval (which its long cases are counted by) or its sharing, the next report computes them
 * afresh rather than showing the old ones for up to ten minutes.
 */
export function forgetNationalFigures(): void {
  for (const entries of caches) entries.clear();
}
