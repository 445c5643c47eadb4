import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { LightMyRequestResponse } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../app.js";
import { startServices } from "../bootstrap.js";
import { loadConfig } from "../config.js";
import { connectPostgres, openPglite } from "../db/client.js";
import { createOffice, TEST_DB, type TestContext } from "../test/harness.js";

/**
 * Every response carries the security headers of ADR 0009: the app shell (its SPA routes and static
 * files) with the app's Content-Security-Policy, the JSON API and its errors with a policy that
 * allows nothing. The app serves the web build only when given a webDir: a tiny fake one here.
 */
const ctx = {} as TestContext;
let webDir: string;

beforeAll(async () => {
  webDir = mkdtempSync(path.join(tmpdir(), "atende-web-"));
  mkdirSync(path.join(webDir, "assets"));
  writeFileSync(
    path.join(webDir, "index.html"),
    '<!doctype html><html><head><script type="module" src="/assets/app.js"></script></head><body><div id="root"></div></body></html>',
  );
  writeFileSync(path.join(webDir, "assets", "app.js"), "console.log('atende');\n");
  ctx.config = loadConfig({
    NODE_ENV: "test",
    LOG_LEVEL: "silent",
    PUBLIC_URL: "https://atende.example.com.br",
  });
  if (TEST_DB === "postgres") {
    ctx.database = connectPostgres(process.env.TEST_DATABASE_URL as string, 2);
  } else {
    ctx.database = await openPglite(undefined);
    await ctx.database.migrate();
  }
  ctx.services = await startServices(ctx.config, ctx.database, {
    ephemeral: true,
    listenUrl: process.env.TEST_DATABASE_URL,
    log: { info() {}, warn() {}, error() {} },
  });
  ctx.app = await buildApp(
    {
      config: ctx.config,
      database: ctx.database,
      jobs: ctx.services.jobs,
      secretKey: ctx.services.secretKey,
      bus: ctx.services.bus,
    },
    { webDir },
  );
  await ctx.app.ready();
});

afterAll(async () => {
  await ctx.app?.close();
  await ctx.services?.stop();
  await ctx.database?.close();
  if (webDir) rmSync(webDir, { recursive: true, force: true });
});

/** The CSP as a map of directive → sources, so each directive is checked on its own. */
function csp(res: LightMyRequestResponse): Map<string, string[]> {
  const header = res.headers["content-security-policy"];
  expect(header, "content-security-policy").toBeTypeOf("string");
  return new Map(
    String(header)
      .split(";")
      .map((d) => d.trim().split(/\s+/))
      .filter((parts) => parts[0])
      .map(([name, ...sources]) => [name as string, sources]),
  );
}

function expectCommonHeaders(res: LightMyRequestResponse) {
  expect(res.headers["x-content-type-options"]).toBe("nosniff");
  expect(res.headers["x-frame-options"]).toBe("DENY");
  expect(res.headers["referrer-policy"]).toBe("same-origin");
  expect(csp(res).get("frame-ancestors")).toEqual(["'none'"]);
}

function expectAppPolicy(res: LightMyRequestResponse) {
  expectCommonHeaders(res);
  const policy = csp(res);
  expect(policy.get("default-src")).toEqual(["'self'"]);
  // no inline or eval'd script, ever
  expect(policy.get("script-src")).toEqual(["'self'"]);
  // antd's CSS-in-JS inserts <style> tags at run time: inline styles only (ADR 0009)
  expect(policy.get("style-src")).toEqual(["'self'", "'unsafe-inline'"]);
  expect(policy.get("img-src")).toEqual(["'self'", "data:", "blob:"]);
  // the websocket: same origin, and PUBLIC_URL's wss:// for browsers where 'self' does not cover it
  expect(policy.get("connect-src")).toEqual(["'self'", "wss://atende.example.com.br"]);
  expect(policy.get("object-src")).toEqual(["'none'"]);
  expect(policy.get("base-uri")).toEqual(["'self'"]);
  expect(policy.get("form-action")).toEqual(["'self'"]);
}

function expectNothingAllowed(res: LightMyRequestResponse) {
  expectCommonHeaders(res);
  expect(csp(res).get("default-src")).toEqual(["'none'"]);
}

describe("security headers", () => {
  it.each(["/", "/atendimentos", "/portal", "/portal/financeiro", "/index.html"])(
    "the app shell at %s carries the app's CSP, nosniff, no framing and a referrer policy",
    async (url) => {
      const res = await ctx.app.inject({ method: "GET", url });
      expect(res.statusCode).toBe(200);
      expect(res.headers["content-type"]).toMatch(/^text\/html/);
      expect(res.body).toContain('<div id="root">');
      expectAppPolicy(res);
    },
  );

  it("a revalidated page (304) keeps the app's CSP: browsers merge a 304's headers into the cached page", async () => {
    const first = await ctx.app.inject({ method: "GET", url: "/atendimentos" });
    const etag = first.headers.etag;
    expect(etag).toBeTypeOf("string");
    const again = await ctx.app.inject({
      method: "GET",
      url: "/atendimentos",
      headers: { "if-none-match": String(etag) },
    });
    expect(again.statusCode).toBe(304);
    expectAppPolicy(again);
  });

  it("a static file of the build is never sniffed nor framed", async () => {
    const res = await ctx.app.inject({ method: "GET", url: "/assets/app.js" });
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toMatch(/javascript/);
    expectAppPolicy(res);
  });

  it("JSON API responses (success, 401, 404, 400) carry nosniff and a CSP that allows nothing", async () => {
    const health = await ctx.app.inject({ method: "GET", url: "/api/health" });
    expect(health.statusCode).toBe(200);
    expect(health.headers["content-type"]).toMatch(/^application\/json/);
    expectNothingAllowed(health);

    const anonymous = await ctx.app.inject({ method: "GET", url: "/api/tickets" });
    expect(anonymous.statusCode).toBe(401);
    expectNothingAllowed(anonymous);

    const missing = await ctx.app.inject({ method: "GET", url: "/api/nao-existe" });
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toEqual({ error: { code: "not_found", message: "Rota não encontrada." } });
    expectNothingAllowed(missing);

    const badJson = await ctx.app.inject({
      method: "POST",
      url: "/api/auth/login",
      headers: { "content-type": "application/json" },
      payload: "{not json",
    });
    expect(badJson.statusCode).toBe(400);
    expectNothingAllowed(badJson);
  });

  it("a signed-in API route carries the headers too", async () => {
    const { staff } = await createOffice(ctx);
    const res = await staff.get("/api/tickets");
    expect(res.statusCode).toBe(200);
    expectNothingAllowed(res);
  });

  it("the API docs (Swagger UI) are an HTML page under the app's CSP", async () => {
    const res = await ctx.app.inject({ method: "GET", url: "/api/docs/" });
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toMatch(/^text\/html/);
    // Swagger UI's page loads its scripts from files: no inline script the policy would block
    expect(res.body).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expectAppPolicy(res);
  });
});
