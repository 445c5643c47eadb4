/**
 * Web: the JavaScript and CSS the login page and the grid page actually load (as recorded by
 * Chromium, then gzip-compressed here, level 9 like Vite's report, and brotli), and the time to show the grid
 * in Chromium: median of several runs, each in a fresh browser context (empty cache).
 *
 *   npm run build:web && npx tsx bench/web.ts              # the app on the PostgreSQL bench database
 *   npx tsx bench/web.ts --db pglite --data-dir bench/data/pglite-100k --runs 7
 *
 * Serves dist/web as built: run `npm run build:web` first when the web code changed.
 */
import { existsSync, statSync } from "node:fs";
import path from "node:path";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";
import { type Browser, type BrowserContext, chromium, type Page } from "@playwright/test";
import { type AppProcess, startApp } from "./lib/app.js";
import { percentiles, printTable, ROOT, writeResult } from "./lib/report.js";
import { BENCH_PASSWORD, benchAdminEmail, describeTarget, parseFlags } from "./lib/target.js";

const USAGE = `
npx tsx bench/web.ts [--db postgres|pglite] [--url URL] [--data-dir DIR] [--office N] [--runs N] [--port N]
  --runs N   timed runs of each measure (default 5)
`;

const ROW = ".ant-table-tbody tr.ant-table-row";

interface Asset {
  url: string;
  type: "js" | "css";
  bytes: number;
  gzip: number;
  brotli: number;
}

function recordAssets(page: Page, into: Map<string, Asset>) {
  page.on("response", async (res) => {
    const kind = res.request().resourceType();
    const ct = res.headers()["content-type"] ?? "";
    const type =
      kind === "script" || ct.includes("javascript")
        ? "js"
        : kind === "stylesheet" || ct.includes("text/css")
          ? "css"
          : undefined;
    if (!type || res.status() !== 200) return;
    try {
      const body = await res.body();
      into.set(res.url(), {
        url: new URL(res.url()).pathname,
        type,
        bytes: body.length,
        gzip: gzipSync(body, { level: 9 }).length,
        brotli: brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
      });
    } catch {
      // a response without a body (redirect)
    }
  });
}

const kb = (n: number) => Math.round(n / 102.4) / 10;

function sum(assets: Asset[]) {
  const of = (t: "js" | "css", k: "bytes" | "gzip" | "brotli") =>
    kb(assets.filter((a) => a.type === t).reduce((s, a) => s + a[k], 0));
  return {
    files: assets.length,
    jsKB: of("js", "bytes"),
    jsGzipKB: of("js", "gzip"),
    jsBrotliKB: of("js", "brotli"),
    cssKB: of("css", "bytes"),
    cssGzipKB: of("css", "gzip"),
  };
}

async function loginForm(page: Page, email: string) {
  await page.getByLabel("E-mail").fill(email);
  await page.getByLabel("Senha").fill(BENCH_PASSWORD);
}

async function freshContext(browser: Browser, baseURL: string): Promise<BrowserContext> {
  return browser.newContext({ baseURL, locale: "pt-BR", timezoneId: "America/Sao_Paulo" });
}

async function main() {
  const { values, target } = parseFlags(
    {
      office: { type: "string", default: "1" },
      runs: { type: "string", default: "5" },
      port: { type: "string", default: "3330" },
    },
    USAGE,
  );
  const index = path.join(ROOT, "dist/web/index.html");
  if (!existsSync(index)) throw new Error("dist/web is not built: run npm run build:web");
  const email = benchAdminEmail(Number(values.office));
  const runs = Number(values.runs);
  let app: AppProcess | undefined;
  let browser: Browser | undefined;
  try {
    app = await startApp(target, { port: Number(values.port) });
    const base = app.url;
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium",
      args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"],
    });
    console.log(`${describeTarget(target)}; web build of ${statSync(index).mtime.toISOString()}`);

    // ---- what each page loads
    const ctx = await freshContext(browser, base);
    const page = await ctx.newPage();
    const loginAssets = new Map<string, Asset>();
    recordAssets(page, loginAssets);
    await page.goto("/login");
    await page.getByRole("button", { name: "Entrar" }).waitFor();
    await page.waitForLoadState("networkidle");
    const afterLogin = new Map<string, Asset>();
    page.removeAllListeners("response");
    recordAssets(page, afterLogin);
    await loginForm(page, email);
    await page.getByRole("button", { name: "Entrar" }).click();
    await page.locator(ROW).first().waitFor();
    await page.waitForLoadState("networkidle");
    await ctx.close();
    const login = [...loginAssets.values()];
    const grid = [...afterLogin.values()].filter((a) => !loginAssets.has(a.url));
    const assetRows = [
      { page: "login page (first page)", ...sum(login) },
      { page: "grid, added after login", ...sum(grid) },
      { page: "login + grid", ...sum([...login, ...grid]) },
    ];

    // ---- time to show the grid
    const cold: number[] = [];
    const warm: number[] = [];
    const viaLogin: number[] = [];
    for (let i = 0; i < runs; i++) {
      // a signed-in session in a fresh context (empty cache): open the grid's URL
      const c = await freshContext(browser, base);
      const res = await c.request.post("/api/auth/login", { data: { email, password: BENCH_PASSWORD } });
      if (res.status() !== 200) throw new Error(`login: ${res.status()}`);
      const p = await c.newPage();
      let t = performance.now();
      await p.goto("/atendimentos");
      await p.locator(ROW).first().waitFor();
      cold.push(performance.now() - t);
      // the same again with the browser cache filled
      t = performance.now();
      await p.reload();
      await p.locator(ROW).first().waitFor();
      warm.push(performance.now() - t);
      await c.close();
      // the login form: from the click on Entrar to the first row
      const c2 = await freshContext(browser, base);
      const p2 = await c2.newPage();
      await p2.goto("/login");
      await loginForm(p2, email);
      t = performance.now();
      await p2.getByRole("button", { name: "Entrar" }).click();
      await p2.locator(ROW).first().waitFor();
      viaLogin.push(performance.now() - t);
      await c2.close();
    }
    const timeRows = [
      { measure: "open /atendimentos signed in, empty cache → first row", ...percentiles(cold) },
      { measure: "reload /atendimentos, cache filled → first row", ...percentiles(warm) },
      { measure: "click Entrar on /login → first row", ...percentiles(viaLogin) },
    ];
    console.log("\nJavaScript and CSS loaded (KB; gzip -9 and brotli -11 of what the server sent)\n");
    printTable(assetRows);
    console.log(`\ntime to show the grid in Chromium (ms, ${runs} runs)\n`);
    printTable(timeRows, ["measure", "n", "p50", "p95", "max", "mean"]);
    console.log("\nfiles of the login page:");
    printTable(
      login
        .sort((a, b) => b.gzip - a.gzip)
        .map((a) => ({ ...a, bytes: kb(a.bytes), gzip: kb(a.gzip), brotli: kb(a.brotli) })),
    );
    writeResult("web", {
      target: describeTarget(target),
      webBuiltAt: statSync(index).mtime.toISOString(),
      assets: assetRows,
      loginFiles: login,
      gridFiles: grid,
      timing: timeRows,
    });
  } finally {
    await browser?.close();
    await app?.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
