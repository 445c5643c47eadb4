/**
 * The built app runs under its Content-Security-Policy (ADR 0009): the main pages of the office, the
 * portal and the API docs load, open their modals, draw the PIX QR code and connect the websocket
 * without a single CSP violation reported by Chromium.
 */
import { expect, type Page, test } from "@playwright/test";
import { ADMIN, login } from "./helpers";

const CLIENT_USER = { email: "marta@paodourado.com.br", password: "atende123" };

declare global {
  interface Window {
    __cspViolations: string[];
  }
}

/** Collects every CSP violation of the page: the DOM event and Chromium's console report. */
function watchViolations(page: Page): string[] {
  const seen: string[] = [];
  page.on("console", (msg) => {
    if (/Content Security Policy/i.test(msg.text())) seen.push(`console: ${msg.text()}`);
  });
  page.on("pageerror", (err) => {
    if (/Content Security Policy/i.test(err.message)) seen.push(`error: ${err.message}`);
  });
  // injected by the browser driver, so the policy does not apply to this listener itself
  void page.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener("securitypolicyviolation", (e) => {
      window.__cspViolations.push(`${e.effectiveDirective} blocked ${e.blockedURI || "inline"}`);
    });
  });
  return seen;
}

async function violations(page: Page, logged: string[]): Promise<string[]> {
  return [...logged, ...(await page.evaluate(() => window.__cspViolations ?? []))];
}

async function expectPolicyOn(page: Page, url: string) {
  const res = await page.goto(url);
  expect(res, url).not.toBeNull();
  const headers = res?.headers() ?? {};
  expect(headers["content-security-policy"], url).toContain("frame-ancestors 'none'");
  expect(headers["content-security-policy"], url).toContain("script-src 'self'");
  expect(headers["x-frame-options"], url).toBe("DENY");
  expect(headers["x-content-type-options"], url).toBe("nosniff");
}

test("the office pages work under the CSP: grid, modal, drawer, websocket, contas a receber", async ({
  page,
}) => {
  const reported = watchViolations(page);
  await expectPolicyOn(page, "/login");
  const socket = page.waitForEvent("websocket", { timeout: 60_000 });
  await login(page, ADMIN);
  // the websocket of the same origin is allowed (connect-src)
  expect((await socket).url()).toMatch(/\/api\/ws$/);

  await expectPolicyOn(page, "/atendimentos");
  await expect(page.getByRole("heading", { name: "Atendimentos" })).toBeVisible({ timeout: 30_000 });
  // a modal: antd inserts its CSS-in-JS and the scroll lock <style> at run time
  await page.getByRole("button", { name: "Adicionar" }).click();
  const dialog = page.getByRole("dialog", { name: "Novo atendimento" });
  await expect(dialog.getByRole("tab", { name: "Atendimento" })).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();

  await page.goto("/financeiro/contas-a-receber");
  await expect(page.getByRole("heading", { name: "Contas a receber" })).toBeVisible({ timeout: 30_000 });
  await page.goto("/configuracoes/emails");
  await expect(page.getByRole("heading", { name: "E-mails enviados" })).toBeVisible({ timeout: 30_000 });

  expect(await violations(page, reported)).toEqual([]);

  // the watcher is not blind: an inline script is refused and reported
  await page.evaluate(() => {
    const s = document.createElement("script");
    s.textContent = "window.__inlineRan = true";
    document.head.appendChild(s);
  });
  await expect.poll(async () => (await violations(page, reported)).join("\n")).toContain("script-src");
  expect(await page.evaluate(() => (window as unknown as { __inlineRan?: boolean }).__inlineRan)).toBeFalsy();
});

test("the client portal works under the CSP: atendimentos and the PIX QR code", async ({ browser }) => {
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const page = await context.newPage();
  const reported = watchViolations(page);
  await page.goto("/login");
  await page.getByLabel("E-mail").fill(CLIENT_USER.email);
  await page.getByLabel("Senha").fill(CLIENT_USER.password);
  await page.getByRole("button", { name: "Entrar" }).click();
  await expect(page.getByRole("heading", { name: "Meus atendimentos" })).toBeVisible({ timeout: 30_000 });

  await expectPolicyOn(page, "/portal");
  await expect(page.getByRole("heading", { name: "Meus atendimentos" })).toBeVisible({ timeout: 30_000 });
  await expectPolicyOn(page, "/portal/financeiro");
  await expect(page.getByRole("heading", { name: "Financeiro" })).toBeVisible({ timeout: 30_000 });
  // the demo office has a PIX key: the QR code is a data: image (img-src data:)
  await page.getByRole("button", { name: "Pagar com PIX" }).first().click();
  const qr = page.getByRole("img", { name: "QR code PIX" });
  await expect(qr).toBeVisible();
  await expect
    .poll(() => qr.evaluate((img) => (img as HTMLImageElement).naturalWidth), { timeout: 15_000 })
    .toBeGreaterThan(0);

  expect(await violations(page, reported)).toEqual([]);
  await context.close();
});

test("the API docs (Swagger UI) render under the CSP", async ({ page }) => {
  const reported = watchViolations(page);
  await expectPolicyOn(page, "/api/docs/");
  // the spec is fetched and drawn: the title of the API and a tag of its operations
  await expect(page.getByRole("heading", { name: /Atende API/ })).toBeVisible({ timeout: 30_000 });
  await expect(page.locator(".opblock-tag").first()).toBeVisible();
  expect(await violations(page, reported)).toEqual([]);
});
