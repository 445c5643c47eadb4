/** Load generators: autocannon against an HTTP server, and the same closed loop for a direct query. */
import autocannon, { type AutocannonRequest } from "autocannon";
import { sampleProcess } from "./app.js";
import { percentiles } from "./report.js";

export interface LoadResult {
  connections: number;
  seconds: number;
  requests: number;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  non2xx: number;
  errors: number;
  statusCodes?: Record<string, number>;
  rssPeakMiB?: number;
  rssEndMiB?: number;
  cpuCores?: number;
  machineBusyCores?: number;
}

export interface HttpLoad {
  url: string;
  connections: number;
  duration: number;
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  body?: string;
  setupRequest?: AutocannonRequest["setupRequest"];
  onResponse?: AutocannonRequest["onResponse"];
  /** the server's pid: RSS and CPU are sampled during the run */
  pid?: number;
}

/** A closed-loop HTTP load (each connection sends its next request when the previous one answers). */
export async function httpLoad(o: HttpLoad): Promise<LoadResult> {
  const latencies: number[] = [];
  const codes: Record<string, number> = {};
  const sampler = o.pid ? sampleProcess(o.pid) : undefined;
  const instance = autocannon({
    url: o.url,
    connections: o.connections,
    duration: o.duration,
    timeout: 30,
    requests: [
      {
        method: o.method ?? "GET",
        path: o.path,
        headers: o.headers,
        body: o.body,
        ...(o.setupRequest ? { setupRequest: o.setupRequest } : {}),
        ...(o.onResponse ? { onResponse: o.onResponse } : {}),
      },
    ],
  });
  instance.on("response", (_client: unknown, status: number, _bytes: number, ms: number) => {
    codes[status] = (codes[status] ?? 0) + 1;
    if (status >= 200 && status < 300) latencies.push(ms);
  });
  const r = await instance;
  const proc = sampler?.stop();
  const p = percentiles(latencies);
  return {
    connections: o.connections,
    seconds: r.duration,
    requests: p.n,
    rps: Math.round(p.n / r.duration),
    p50: p.p50,
    p95: p.p95,
    p99: p.p99,
    max: p.max,
    non2xx: r.non2xx,
    errors: r.errors + r.timeouts,
    statusCodes: codes,
    ...proc,
  };
}

/** `connections` loops running `once()` back to back for `duration` seconds. */
export async function closedLoop(
  once: () => Promise<unknown>,
  connections: number,
  duration: number,
): Promise<LoadResult> {
  const latencies: number[] = [];
  let errors = 0;
  const sampler = sampleProcess(process.pid);
  const t0 = performance.now();
  const until = t0 + duration * 1000;
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (performance.now() < until) {
        const t = performance.now();
        try {
          await once();
          latencies.push(performance.now() - t);
        } catch (err) {
          if (errors++ === 0) console.error(err);
        }
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  const { machineBusyCores } = sampler.stop();
  const p = percentiles(latencies);
  return {
    machineBusyCores,
    connections,
    seconds: Math.round(seconds * 10) / 10,
    requests: p.n,
    rps: Math.round(p.n / seconds),
    p50: p.p50,
    p95: p.p95,
    p99: p.p99,
    max: p.max,
    non2xx: 0,
    errors,
  };
}
