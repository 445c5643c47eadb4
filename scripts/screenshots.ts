/**
 * The screenshots of docs/screenshots/ at a phone, an office notebook and a desktop, taken from a
 * running app with the demo office (npm start):
 *
 *   npx tsx scripts/screenshots.ts [--url http://localhost:3000] [--out docs/screenshots]
 *
 * Screens: the atendimentos grid, the Adicionar form, Mensagem (chat), Contas a receber, the bulk
 * actions (rows checked, the status menu, the summary of a refused change — it changes nothing), and
 * the portal's home, an atendimento with its chat and Financeiro. File names: <screen>-<width>.png.
 * `--only office,bulk,portal` takes some of the groups.
 */
import { mkdirSync } from "node:fs";
import path from "node:path";
import { type Browser, chromium, type Page } from "@playwright/test";

const args = process.argv.slice(2);
const arg = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? (args[i + 1] as string) : fallback;
};
const base = arg("url", "http://localhost:3000");
const out = path.resolve(arg("out", "docs/screenshots"));
const only = arg("only", "office,bulk,portal").split(",");
const SIZES = [
  { width: 390, height: 844 },
  { width: 1366, height: 768 },
  { width: 1920, height: 1080 },
];
const STAFF = { email: "admin@demo.atende.com.br", password: "atende123" };
const CLIENT = { email: "marta@paodourado.com.br", password: "atende123" };

async function signedIn(browser: Browser, who: typeof STAFF, size: { width: number; height: number }) {
  const context = await browser.newContext({
    viewport: size,
    locale: "pt-BR",
    timezoneId: "America/Sao_Paulo",
    deviceScaleFactor: 1,
  });
  const res = await context.request.post(`${base}/api/auth/login`, { data: who });
  if (!res.ok()) throw new Error(`login ${who.email}: ${res.status()}`);
  return context;
}

async function shot(page: Page, name: string, width: number) {
  // animations and the websocket's first paint settle
  await page.waitForTimeout(600);
  const file = path.join(out, `${name}-${width}.png`);
  await page.screenshot({ path: file });
  console.log(file);
}

async function office(browser: Browser, size: { width: number; height: number }) {
  const context = await signedIn(browser, STAFF, size);
  const page = await context.newPage();
  await page.goto(`${base}/atendimentos`);
  await page.getByRole("heading", { name: "Atendimentos" }).waitFor();
  await page
    .getByText(/\d{4}\/\d{6}/)
    .first()
    .waitFor();
  await shot(page, "grid", size.width);

  await page.getByRole("button", { name: "Adicionar" }).click();
  await page.getByRole("dialog").waitFor();
  await shot(page, "adicionar", size.width);
  await page.keyboard.press("Escape");
  await page.getByRole("dialog").waitFor({ state: "hidden" });

  await page.getByRole("button", { name: "Mensagem", disabled: false }).first().click();
  await page.getByRole("dialog").waitFor();
  await shot(page, "mensagem", size.width);
  await page.keyboard.press("Escape");

  await page.goto(`${base}/financeiro/contas-a-receber`);
  await page.getByRole("heading", { name: "Contas a receber" }).waitFor();
  await page.getByText(/R\$/).first().waitFor();
  await shot(page, "contas-a-receber", size.width);
  await context.close();
}

async function bulk(browser: Browser, size: { width: number; height: number }) {
  const context = await signedIn(browser, STAFF, size);
  const page = await context.newPage();
  // Aberto rows only: the summary below asks for Aberto again, so every one is refused, none changed
  await page.goto(`${base}/atendimentos?status=open`);
  const boxes = page.getByRole("checkbox", { name: /^Selecionar atendimento / });
  await boxes.nth(2).waitFor();
  for (const i of [0, 1, 2]) await boxes.nth(i).check();
  const bar = page.getByRole("region", { name: "Ações em lote" });
  await bar.getByText("3 selecionados").waitFor();
  // checking scrolled the page: the bar and the first rows in view
  await page.evaluate(() => window.scrollTo(0, 0));
  if (size.width < 1920) await shot(page, "bulk", size.width);
  if (size.width === 1920) {
    await bar.getByRole("button", { name: "Alterar status" }).click();
    await page.getByRole("menuitem", { name: "Analisando" }).waitFor();
    await shot(page, "bulk-menu", size.width);
  }
  if (size.width === 1366) {
    await bar.getByRole("button", { name: "Alterar status" }).click();
    await page.getByRole("menuitem", { name: "Aberto", exact: true }).click();
    await page.getByRole("dialog").filter({ hasText: "não alterados" }).waitFor();
    await shot(page, "bulk-summary", size.width);
  }
  await context.close();
}

async function portal(browser: Browser, size: { width: number; height: number }) {
  const context = await signedIn(browser, CLIENT, size);
  const page = await context.newPage();
  await page.goto(`${base}/portal`);
  await page
    .getByText(/\d{4}\/\d{6}/)
    .first()
    .waitFor();
  await shot(page, "portal", size.width);

  // an atendimento whose chat has messages (the first ones of the list may have none yet)
  const links = page.getByRole("link", { name: /\d{4}\/\d{6}/ });
  const count = Math.min(await links.count(), 8);
  for (let i = 0; i < count; i++) {
    await links.nth(i).click();
    await page.getByRole("tab", { name: "Chat" }).waitFor();
    const log = page.getByRole("log", { name: "Mensagens" });
    await log.waitFor();
    await log.locator(".ant-skeleton").waitFor({ state: "detached" });
    if ((await log.getByTestId("chat-message").count()) > 0 || i === count - 1) break;
    await page.goBack();
    await links.first().waitFor();
  }
  await shot(page, "portal-chat", size.width);

  await page.goto(`${base}/portal/financeiro`);
  await page.getByText(/R\$/).first().waitFor();
  await shot(page, "portal-financeiro", size.width);
  await context.close();
}

async function main() {
  mkdirSync(out, { recursive: true });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium",
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  try {
    for (const size of SIZES) {
      if (only.includes("office")) await office(browser, size);
      if (only.includes("bulk")) await bulk(browser, size);
      if (only.includes("portal")) await portal(browser, size);
    }
  } finally {
    await browser.close();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
