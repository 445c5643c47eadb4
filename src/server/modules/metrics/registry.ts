import type { FastifyInstance } from "fastify";
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";
import { QUEUES } from "../../jobs/queue.js";
import { emailCountsByState } from "./repository.js";

/** requests that matched no route share one label: raw URLs would make a series per path (cardinality) */
export const UNMATCHED_ROUTE = "unmatched";

/**
 * The app's Prometheus metrics in a registry of its own (several apps may live in one process, as in
 * the tests). HTTP latency is recorded for every request by its route pattern (`/api/tickets/:id`),
 * never the raw URL; the rest is read when /metrics is scraped.
 */
export function createMetrics(app: FastifyInstance) {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "atende_" });

  const httpDuration = new Histogram({
    name: "atende_http_request_duration_seconds",
    help: "HTTP request latency by method, route pattern and status code",
    labelNames: ["method", "route", "status_code"] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const scrapeErrors = new Counter({
    name: "atende_metrics_scrape_errors_total",
    help: "Metrics that could not be read at scrape time (e.g. the database was away)",
    labelNames: ["metric"] as const,
    registers: [registry],
  });
  new Gauge({
    name: "atende_emails",
    help: "E-mails in the outbox by state (queued, sending, sent, failed…)",
    labelNames: ["state"] as const,
    registers: [registry],
    async collect() {
      this.reset();
      try {
        for (const row of await emailCountsByState(app.deps.db)) this.set({ state: row.state }, row.n);
      } catch {
        scrapeErrors.inc({ metric: "atende_emails" });
      }
    },
  });
  new Gauge({
    name: "atende_job_queue_depth",
    help: "Jobs waiting for a worker, by queue",
    labelNames: ["queue"] as const,
    registers: [registry],
    async collect() {
      this.reset();
      for (const queue of Object.values(QUEUES)) {
        try {
          this.set({ queue }, await app.deps.jobs.depth(queue));
        } catch {
          scrapeErrors.inc({ metric: "atende_job_queue_depth" });
        }
      }
    },
  });
  new Gauge({
    name: "atende_websocket_connections",
    help: "Open websocket connections to this instance",
    registers: [registry],
    collect() {
      this.set(app.websocketServer?.clients.size ?? 0);
    },
  });
  new Gauge({
    name: "atende_db_pool_connections",
    help: "Database pool connections by state (PostgreSQL; embedded PGlite has one connection)",
    labelNames: ["state"] as const,
    registers: [registry],
    collect() {
      this.reset();
      const stats = app.deps.database.poolStats?.();
      if (!stats) {
        this.set({ state: "total" }, 1);
        this.set({ state: "max" }, 1);
        return;
      }
      this.set({ state: "total" }, stats.total);
      this.set({ state: "idle" }, stats.idle);
      this.set({ state: "waiting" }, stats.waiting);
      this.set({ state: "max" }, stats.max);
    },
  });

  return {
    registry,
    observeRequest(method: string, route: string | undefined, statusCode: number, ms: number) {
      httpDuration.observe(
        { method, route: route ?? UNMATCHED_ROUTE, status_code: String(statusCode) },
        ms / 1000,
      );
    },
  };
}
