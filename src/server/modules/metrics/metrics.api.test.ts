import { randomUUID } from "node:crypto";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import WebSocket from "ws";
import { buildApp } from "../../app.js";
import { emails } from "../../db/schema/index.js";
import { createOffice, createRegistry, createTicket, expectError, useTestApp } from "../../test/harness.js";

const TOKEN = "token-de-metricas-0123456789abcdef";
const ctx = useTestApp({ metricsToken: TOKEN });
const scrape = (authorization?: string) =>
  ctx.app.inject({ url: "/metrics", headers: authorization ? { authorization } : {} });

/** the value of one sample line, e.g. `atende_emails{state="queued"}` */
function sample(body: string, series: string): number | undefined {
  const line = body.split("\n").find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe("GET /metrics", () => {
  it("answers 401 without the token or with a wrong one, in pt-BR", async () => {
    const none = await scrape();
    expectError(none, 401, "unauthenticated");
    expect(none.json().error.message).toBe("Token de métricas ausente ou inválido.");
    expect(none.headers["www-authenticate"]).toMatch(/^Bearer/);
    expectError(await scrape(`Bearer ${TOKEN}x`), 401, "unauthenticated");
    expectError(await scrape(TOKEN), 401, "unauthenticated"); // not "Bearer …"
    // a signed-in admin is no operator: the session cookie does not open it either
    const o = await createOffice(ctx);
    expectError(await o.admin.get("/metrics"), 401, "unauthenticated");
  });

  it("labels HTTP latency by route pattern and status, never by the raw URL", async () => {
    const o = await createOffice(ctx);
    const ticket = await createTicket(o.staff, await createRegistry(o.staff));
    const missing = randomUUID();
    expect((await o.staff.get(`/api/tickets/${ticket.id}`)).statusCode).toBe(200);
    expect((await o.staff.get(`/api/tickets/${missing}`)).statusCode).toBe(404);
    expect((await ctx.app.inject({ url: `/api/nada/${missing}` })).statusCode).toBe(404);

    const res = await scrape(`Bearer ${TOKEN}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toMatch(/^text\/plain; version=0\.0\.4/);
    const body = res.body;
    const bucket = (status: number) =>
      `atende_http_request_duration_seconds_count{method="GET",route="/api/tickets/:id",status_code="${status}"}`;
    expect(sample(body, bucket(200))).toBeGreaterThanOrEqual(1);
    expect(sample(body, bucket(404))).toBeGreaterThanOrEqual(1);
    expect(body).toContain('route="unmatched",status_code="404"');
    expect(body).not.toContain(ticket.id);
    expect(body).not.toContain(missing);
  });

  it("reports e-mails by state, queue depth, websocket connections and the database pool", async () => {
    const o = await createOffice(ctx);
    await ctx.app.listen({ port: 0, host: "127.0.0.1" });
    const base = `http://127.0.0.1:${(ctx.app.server.address() as AddressInfo).port}`;
    const before = sample((await scrape(`Bearer ${TOKEN}`)).body, "atende_websocket_connections");
    const ws = new WebSocket(`${base.replace("http", "ws")}/api/ws`, {
      headers: { cookie: o.staff.cookie, origin: base },
    });
    await new Promise((resolve, reject) => {
      ws.once("open", resolve);
      ws.once("error", reject);
    });
    try {
      const body = (await scrape(`Bearer ${TOKEN}`)).body;
      expect(sample(body, "atende_websocket_connections")).toBe((before ?? 0) + 1);
      expect(body).toMatch(/^# TYPE atende_emails gauge$/m);
      expect(sample(body, 'atende_job_queue_depth{queue="email.deliver"}')).toBeGreaterThanOrEqual(0);
      expect(sample(body, 'atende_db_pool_connections{state="max"}')).toBeGreaterThanOrEqual(1);
      expect(body).toMatch(/^atende_process_resident_memory_bytes \d+/m);
    } finally {
      ws.close();
    }
  });

  it("counts the outbox's e-mails by state", async () => {
    const o = await createOffice(ctx);
    // a final state: on the shared PostgreSQL other files' e-mails leave "queued" while this test runs
    const series = 'atende_emails{state="no_recipient"}';
    const before = sample((await scrape(`Bearer ${TOKEN}`)).body, series) ?? 0;
    await ctx.database.db.insert(emails).values({
      officeId: o.office.id,
      kind: "test",
      toAddresses: ["cliente@teste.com.br"],
      subject: "Teste",
      html: "<p>Teste</p>",
      text: "Teste",
      messageId: `<${randomUUID()}@teste.atende>`,
      state: "no_recipient",
    });
    // other test files may add some meanwhile (one shared PostgreSQL): at least this one more
    expect(sample((await scrape(`Bearer ${TOKEN}`)).body, series)).toBeGreaterThanOrEqual(before + 1);
  });

  it("is 404 when METRICS_TOKEN is not set, even with a bearer token", async () => {
    const plain = await buildApp({
      ...ctx.services,
      config: { ...ctx.config, metricsToken: undefined },
      database: ctx.database,
    });
    try {
      expectError(await plain.inject({ url: "/metrics" }), 404, "not_found");
      expectError(
        await plain.inject({ url: "/metrics", headers: { authorization: `Bearer ${TOKEN}` } }),
        404,
        "not_found",
      );
    } finally {
      await plain.close();
    }
  });
});
