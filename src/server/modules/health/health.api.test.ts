import type { FastifyInstance } from "fastify";
import { afterAll, describe, expect, it } from "vitest";
import { buildApp } from "../../app.js";
import { openTestPglite, TEST_DB, useTestApp } from "../../test/harness.js";

const ctx = useTestApp();

describe("GET /api/health/live and /api/health/ready", () => {
  it("live answers 200 while the process runs", async () => {
    const res = await ctx.app.inject({ url: "/api/health/live" });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: "ok" });
  });

  it("ready answers 200 with database, migrations and job queue checked", async () => {
    const res = await ctx.app.inject({ url: "/api/health/ready" });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      status: "ok",
      database: "ok",
      migrations: "ok",
      jobs: "ok",
      shuttingDown: false,
    });
  });

  describe.skipIf(TEST_DB !== "pglite")("on a database behind this build's migrations", () => {
    let behind: FastifyInstance | undefined;
    let close: (() => Promise<void>) | undefined;
    afterAll(async () => {
      await behind?.close();
      await close?.();
    });

    it("ready answers 503 with migrations: error", async () => {
      const database = await openTestPglite();
      close = () => database.close();
      // the newest migration was never applied here
      await database.rawQuery(
        "delete from drizzle.__drizzle_migrations where created_at = (select max(created_at) from drizzle.__drizzle_migrations)",
      );
      behind = await buildApp({ ...ctx.services, config: ctx.config, database });
      const res = await behind.inject({ url: "/api/health/ready" });
      expect(res.statusCode).toBe(503);
      expect(res.json()).toMatchObject({ status: "error", database: "ok", migrations: "error" });
    });
  });

  it("ready answers 503 once the app began shutting down, live still 200", async () => {
    const second = await buildApp({ ...ctx.services, config: ctx.config, database: ctx.database });
    try {
      expect((await second.inject({ url: "/api/health/ready" })).statusCode).toBe(200);
      second.lifecycle.shuttingDown = true; // what the SIGTERM handler does first (lib/shutdown.ts)
      const res = await second.inject({ url: "/api/health/ready" });
      expect(res.statusCode).toBe(503);
      expect(res.headers["retry-after"]).toBeDefined();
      expect(res.json()).toMatchObject({ status: "error", shuttingDown: true, database: "ok" });
      expect((await second.inject({ url: "/api/health/live" })).statusCode).toBe(200);
    } finally {
      await second.close();
    }
  });

  // last: it stops this file's job queue
  it("ready answers 503 when the job queue stopped", async () => {
    await ctx.services.jobs.stop();
    const res = await ctx.app.inject({ url: "/api/health/ready" });
    expect(res.statusCode).toBe(503);
    expect(res.json()).toMatchObject({ status: "error", database: "ok", migrations: "ok", jobs: "error" });
  });
});
