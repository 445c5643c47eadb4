import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { precompressDir } from "../../scripts/vite-precompress.js";
import { buildApp } from "./app.js";
import { useTestApp } from "./test/harness.js";

const ctx = useTestApp();
let web: FastifyInstance;
const script = `console.log(${JSON.stringify("atende ".repeat(2000))});\n`;

beforeAll(async () => {
  // a built web app in miniature: the shell and one hashed asset, compressed as `vite build` does
  const webDir = mkdtempSync(path.join(os.tmpdir(), "atende-web-"));
  mkdirSync(path.join(webDir, "assets"));
  writeFileSync(
    path.join(webDir, "index.html"),
    `<!doctype html><html><head><script type="module" src="/assets/app-Ab12Cd34.js"></script></head><body>${"<div></div>".repeat(200)}</body></html>`,
  );
  writeFileSync(path.join(webDir, "assets/app-Ab12Cd34.js"), script);
  writeFileSync(path.join(webDir, "assets/tiny-Xy.js"), "1");
  precompressDir(webDir);
  web = await buildApp(
    {
      config: ctx.config,
      database: ctx.database,
      jobs: ctx.services.jobs,
      secretKey: ctx.services.secretKey,
      bus: ctx.services.bus,
    },
    { webDir },
  );
  await web.ready();
});
afterAll(async () => {
  await web?.close();
});

describe("the built web app", () => {
  it("sends hashed assets brotli- or gzip-compressed and cached for a year", async () => {
    const br = await web.inject({
      url: "/assets/app-Ab12Cd34.js",
      headers: { "accept-encoding": "br, gzip" },
    });
    expect(br.statusCode).toBe(200);
    expect(br.headers["content-encoding"]).toBe("br");
    expect(br.headers["content-type"]).toMatch(/javascript/);
    expect(br.headers["cache-control"]).toBe("public, max-age=31536000, immutable");
    expect(br.rawPayload.length).toBeLessThan(script.length / 10);
    expect(brotliDecompressSync(br.rawPayload).toString()).toBe(script);

    const gz = await web.inject({ url: "/assets/app-Ab12Cd34.js", headers: { "accept-encoding": "gzip" } });
    expect(gz.headers["content-encoding"]).toBe("gzip");
    expect(gunzipSync(gz.rawPayload).toString()).toBe(script);

    const plain = await web.inject({ url: "/assets/app-Ab12Cd34.js" });
    expect(plain.headers["content-encoding"]).toBeUndefined();
    expect(plain.body).toBe(script);
  });

  it("sends a file too small to compress as it is", async () => {
    const res = await web.inject({ url: "/assets/tiny-Xy.js", headers: { "accept-encoding": "br" } });
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-encoding"]).toBeUndefined();
    expect(res.body).toBe("1");
  });

  it("revalidates the app shell on every visit, at / and at client-side routes", async () => {
    for (const url of ["/", "/atendimentos", "/portal"]) {
      const res = await web.inject({ url, headers: { "accept-encoding": "br" } });
      expect(res.statusCode, url).toBe(200);
      expect(res.headers["cache-control"], url).toBe("no-cache");
      expect(res.headers["content-type"], url).toMatch(/text\/html/);
    }
  });

  it("answers an unknown API route with a JSON 404, not the shell", async () => {
    const res = await web.inject({ url: "/api/nao-existe" });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ error: { code: "not_found" } });
  });
});
