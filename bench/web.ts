/**
 * Web: the JavaScript and CSS the login page and the grid page actually load (as recorded by
 * Chromium, then gzip-compressed here, level 9 like Vite's report, and brotli), and the time from a
 * navigation to the screen's content in Chromium (issue 11: "< 1 s every screen"): the grid,
 * Contas a receber, Mensagem (the chat of an atendimento) and the client portal (a client user's
 * login). Median of several runs, each in a fresh browser context (empty cache).
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
/** a row of the portal's list: a table row from 768 px, a card on a phone */
const PORTAL_ROW = `${ROW}, [data-testid=portal-ticket]`;
/** the first client user of the office (bench/generate.ts: "cliente<n>.o<office>@…") */
const benchClientEmail = (office: number) => `cliente1.o${office}@bench.atende.com.br`;

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
    const receivablesMenu: number[] = [];
    const receivablesCold: number[] = [];
    const chat: number[] = [];
    const portalLogin: number[] = [];
    const portalCold: number[] = [];
    const clientEmail = benchClientEmail(Number(values.office));
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
      // Mensagem on the first row that has it (a client with a portal user): from the click to the
      // conversation drawn (messages loaded)
      const dialog = p2.getByRole("dialog").filter({ has: p2.getByRole("log", { name: "Mensagens" }) });
      t = performance.now();
      await p2.locator(ROW).getByRole("button", { name: "Mensagem", disabled: false }).first().click();
      await dialog.getByRole("log", { name: "Mensagens" }).waitFor();
      await dialog.locator(".ant-skeleton").waitFor({ state: "detached" });
      chat.push(performance.now() - t);
      await dialog.locator(".ant-modal-close").click();
      await dialog.waitFor({ state: "hidden" });
      // Contas a receber from the sidebar: from the click to the first debt
      t = performance.now();
      await p2.getByRole("link", { name: "Contas a receber" }).click();
      await p2.getByRole("heading", { name: "Contas a receber" }).waitFor();
      await p2.locator(ROW).first().waitFor();
      receivablesMenu.push(performance.now() - t);
      await c2.close();
      // Contas a receber opened by its address, signed in, empty cache
      const c3 = await freshContext(browser, base);
      const r3 = await c3.request.post("/api/auth/login", { data: { email, password: BENCH_PASSWORD } });
      if (r3.status() !== 200) throw new Error(`login: ${r3.status()}`);
      const p3 = await c3.newPage();
      t = performance.now();
      await p3.goto("/financeiro/contas-a-receber");
      await p3.locator(ROW).first().waitFor();
      receivablesCold.push(performance.now() - t);
      await c3.close();
      // the portal: a client user's login, from Entrar to their first atendimento
      const c4 = await freshContext(browser, base);
      const p4 = await c4.newPage();
      await p4.goto("/login");
      await loginForm(p4, clientEmail);
      t = performance.now();
      await p4.getByRole("button", { name: "Entrar" }).click();
      await p4.locator(PORTAL_ROW).first().waitFor();
      portalLogin.push(performance.now() - t);
      await c4.close();
      // the portal opened by its address (the link of an e-mail), signed in, empty cache
      const c5 = await freshContext(browser, base);
      const r5 = await c5.request.post("/api/auth/login", {
        data: { email: clientEmail, password: BENCH_PASSWORD },
      });
      if (r5.status() !== 200) throw new Error(`client login: ${r5.status()}`);
      const p5 = await c5.newPage();
      t = performance.now();
      await p5.goto("/portal");
      await p5.locator(PORTAL_ROW).first().waitFor();
      portalCold.push(performance.now() - t);
      await c5.close();
    }
    const timeRows = [
      { measure: "open /atendimentos signed in, empty cache → first row", ...percentiles(cold) },
      { measure: "reload /atendimentos, cache filled → first row", ...percentiles(warm) },
      { measure: "click Entrar on /login → first row", ...percentiles(viaLogin) },
      { measure: "click Mensagem on a grid row → messages shown", ...percentiles(chat) },
      { measure: "click Contas a receber in the menu → first debt", ...percentiles(receivablesMenu) },
      {
        measure: "open /financeiro/contas-a-receber, empty cache → first debt",
        ...percentiles(receivablesCold),
      },
      { measure: "portal: click Entrar (client user) → first atendimento", ...percentiles(portalLogin) },
      {
        measure: "portal: open /portal signed in, empty cache → first atendimento",
        ...percentiles(portalCold),
      },
    ];
    console.log("\nJavaScript and CSS loaded (KB; gzip -9 and brotli -11 of what the server sent)\n");
    printTable(assetRows);
    console.log(`\ntime from navigation to content in Chromium (ms, ${runs} runs)\n`);
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
