/** One autocannon run of PUT requests, each with its own path and body, counted as the benchmarks print it. */
import autocannon from 'autocannon';

export type HttpRun = { rps: number; p50: number; p99: number; failures: number; codes: string };

export async function httpRun(options: {
  baseUrl: string;
  headers: Record<string, string>;
  connections: number;
  seconds: number;
  /** The path of the i-th request. */
  path: (i: number) => string;
  bodies: string[];
}): Promise<HttpRun> {
  const { baseUrl, headers, connections, seconds, path, bodies } = options;
  let next = 0;
  const result = await autocannon({
    url: baseUrl,
    connections,
    duration: seconds,
    method: 'PUT',
    headers: { ...headers, 'content-type': 'application/json' },
    requests: [
      {
        setupRequest: (request) => {
          const i = next++;
          return { ...request, method: 'PUT', path: path(i), body: bodies[i % bodies.length] as string };
        },
      },
    ],
  });
  const codes = Object.entries(result.statusCodeStats)
    .map(([code, { count }]) => `${code}×${count}`)
    .join(' ');
  return {
    // answered requests only: a 429 from the rate limit is not a recorded response
    rps: (result.requests.total - result.non2xx - result.errors - result.timeouts) / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    failures: result.non2xx + result.errors + result.timeouts,
    codes,
  };
}
