import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectPostgres, type Database } from "../db/client.js";
import { TEST_DB } from "../test/harness.js";
import type { BusEvent } from "./bus.js";
import { PgBus } from "./pg-bus.js";

const url = process.env.TEST_DATABASE_URL as string;

function collector(bus: PgBus) {
  const got: BusEvent[] = [];
  bus.subscribe((e) => got.push(e));
  return {
    got,
    async waitFor(pred: (e: BusEvent) => boolean, timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        const e = got.find(pred);
        if (e) return e;
        await new Promise((r) => setTimeout(r, 20));
      }
      throw new Error(`event not received; got ${JSON.stringify(got)}`);
    },
  };
}

const event = (ticketId: string): BusEvent => ({ type: "ticket", officeId: "o", ticketId, reason: "test" });

describe.skipIf(TEST_DB !== "postgres")("PgBus (LISTEN/NOTIFY)", () => {
  let database: Database;
  const buses: PgBus[] = [];
  const start = async () => {
    const bus = new PgBus({
      connectionString: url,
      rawQuery: database.rawQuery,
      minBackoffMs: 50,
      maxBackoffMs: 200,
    });
    await bus.start();
    buses.push(bus);
    return bus;
  };
  beforeAll(() => {
    database = connectPostgres(url, 2);
  });
  afterAll(async () => {
    for (const b of buses) await b.close();
    await database?.close();
  });

  it("every instance receives every event, its own included", async () => {
    const a = await start();
    const b = await start();
    const onA = collector(a);
    const onB = collector(b);
    const id = `t-${Math.random()}`;
    await a.publish(event(id));
    await onA.waitFor((e) => e.type === "ticket" && e.ticketId === id);
    await onB.waitFor((e) => e.type === "ticket" && e.ticketId === id);
  });

  it("reconnects and LISTENs again when its connection is killed, and asks for a resync", async () => {
    const bus = await start();
    const got = collector(bus);
    let resyncs = 0;
    bus.onResync(() => resyncs++);
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    try {
      expect(bus.listenerPid).toBeTypeOf("number");
      await admin.query("SELECT pg_terminate_backend($1)", [bus.listenerPid]);
    } finally {
      await admin.end();
    }
    const deadline = Date.now() + 5000;
    while (resyncs === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(resyncs).toBe(1);
    expect(bus.listening).toBe(true);
    const id = `t-${Math.random()}`;
    await bus.publish(event(id));
    await got.waitFor((e) => e.type === "ticket" && e.ticketId === id);
  });

  it("ignores payloads that are not events", async () => {
    const bus = await start();
    const got = collector(bus);
    await database.rawQuery("SELECT pg_notify('atende_events', $1)", ["não é JSON"]);
    await database.rawQuery("SELECT pg_notify('atende_events', $1)", [JSON.stringify({ type: "other" })]);
    const id = `t-${Math.random()}`;
    await bus.publish(event(id));
    await got.waitFor((e) => e.type === "ticket" && e.ticketId === id);
    expect(got.got.every((e) => e.type === "ticket")).toBe(true);
  });
});
