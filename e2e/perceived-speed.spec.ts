import { expect, type Page, test } from "@playwright/test";
import { ADMIN } from "./helpers";

/** The JavaScript files the page asks for from now on (file names without the hash). */
function scriptsRequested(page: Page): string[] {
  const names: string[] = [];
  page.on("request", (req) => {
    if (req.resourceType() !== "script") return;
    names.push(new URL(req.url()).pathname.replace(/^\/assets\//, "").replace(/-[\w-]{8}\.js$/, ""));
  });
  return names;
}

test("the grid's code loads while the login page waits, and its rows are asked for with the login", async ({
  page,
}) => {
  const scripts = scriptsRequested(page);
  await page.goto("/login");
  await expect(page.getByRole("button", { name: "Entrar" })).toBeVisible({ timeout: 30_000 });
  // while idle, before any click: the office's layout and the grid's page
  await expect
    .poll(() => scripts, { timeout: 30_000 })
    .toEqual(expect.arrayContaining(["OfficeShell", "TicketsPage", "prefetch"]));

  await page.getByLabel("E-mail").fill(ADMIN.email);
  await page.getByLabel("Senha").fill(ADMIN.password);
  const apiCalls: string[] = [];
  page.on("request", (req) => {
    const { pathname } = new URL(req.url());
    if (pathname.startsWith("/api/")) apiCalls.push(pathname);
  });
  const loggedIn = page.waitForResponse((r) => r.url().endsWith("/api/auth/login"));
  await page.getByRole("button", { name: "Entrar" }).click();
  await loggedIn;
  const before = scripts.length;
  await expect(page.locator("tr.ant-table-row").first()).toBeVisible({ timeout: 30_000 });
  // the rows were asked for first, before the grid was drawn (its filters ask for users, clients…)
  expect(apiCalls[0]).toBe("/api/auth/login");
  expect(apiCalls[1]).toBe("/api/tickets");
  // and no page code was still missing
  expect(scripts.slice(before)).not.toEqual(expect.arrayContaining(["OfficeShell"]));
  expect(scripts.slice(before)).not.toEqual(expect.arrayContaining(["TicketsPage"]));

  // Adicionar and Mensagem: their code arrives while the grid is idle, so opening them loads nothing
  await expect
    .poll(() => scripts, { timeout: 30_000 })
    .toEqual(expect.arrayContaining(["TicketFormModal", "TicketMessageModal", "ReceivablesPage"]));
  const beforeModal = scripts.length;
  await page.getByRole("button", { name: "Adicionar" }).click();
  await expect(page.getByRole("dialog", { name: "Novo atendimento" })).toBeVisible();
  expect(scripts.slice(beforeModal)).toEqual([]);
  await page.keyboard.press("Escape");
  await expect(page.getByRole("dialog", { name: "Novo atendimento" })).toBeHidden();

  // Contas a receber from the menu: its code came with the grid's idle time too
  const beforeReceivables = scripts.length;
  await page
    .getByRole("complementary", { name: "Menu principal" })
    .getByRole("link", { name: "Contas a receber" })
    .click();
  await expect(page.getByRole("heading", { name: "Contas a receber" })).toBeVisible();
  expect(scripts.slice(beforeReceivables)).not.toEqual(expect.arrayContaining(["ReceivablesPage"]));
});

for (const { who, path, page: pageCode, heading } of [
  { who: ADMIN, path: "/atendimentos", page: "TicketsPage", heading: "Atendimentos" },
  {
    who: { email: "marta@paodourado.com.br", password: "atende123" },
    path: "/portal",
    page: "PortalTicketsPage",
    heading: "Meus atendimentos",
  },
]) {
  test(`${path} opened directly loads its page's code while the session is checked`, async ({ page }) => {
    const res = await page.request.post("/api/auth/login", { data: who });
    expect(res.ok()).toBe(true);
    const requests: string[] = [];
    page.on("request", (req) => {
      const { pathname } = new URL(req.url());
      requests.push(pathname.replace(/^\/assets\//, "").replace(/-[\w-]{8}\.js$/, ""));
    });
    await page.goto(path);
    await expect(page.getByRole("heading", { name: heading })).toBeVisible({ timeout: 30_000 });
    // asked for before the session's answer, not after it
    expect(requests).toContain(pageCode);
    expect(requests.indexOf(pageCode)).toBeLessThan(requests.indexOf("/api/auth/me"));
  });
}
