/**
 * The client portal as clients use it: on a phone (390×844), with the keyboard alone, and from the
 * link in an e-mail. With E2E_SCREENSHOTS=1 it also refreshes docs/screenshots/portal-*.png.
 */
import path from "node:path";
import { type Browser, expect, type Locator, type Page, test } from "@playwright/test";
import { simpleParser } from "mailparser";
import { ADMIN } from "./helpers";
import { changeStatusViaApi, createTicketViaApi, mailboxMessages } from "./support/atende";

const CLIENT_USER = { email: "marta@paodourado.com.br", password: "atende123" };
const PHONE = { width: 390, height: 844 };

async function shot(page: Page, name: string) {
  if (!process.env.E2E_SCREENSHOTS) return;
  await page.screenshot({ path: path.resolve("docs/screenshots", name) });
}

async function newPage(browser: Browser, viewport = PHONE): Promise<Page> {
  const context = await browser.newContext({
    baseURL: test.info().project.use.baseURL,
    locale: "pt-BR",
    timezoneId: "America/Sao_Paulo",
    viewport,
    storageState: { cookies: [], origins: [] },
  });
  return context.newPage();
}

/** The login form, filled and sent (the page is already on /login, maybe with ?next=). */
async function signIn(page: Page, who: { email: string; password: string }) {
  await page.getByLabel("E-mail").fill(who.email);
  await page.getByLabel("Senha").fill(who.password);
  await page.getByRole("button", { name: "Entrar" }).click();
}

async function signInToPortal(page: Page) {
  await page.goto("/login");
  await signIn(page, CLIENT_USER);
  // generous: the first page of a fresh server can be slow on a busy machine
  await expect(page.getByRole("heading", { name: "Meus atendimentos" })).toBeVisible({ timeout: 30_000 });
}

/** The page scrolls only up and down: nothing is wider than the screen. */
async function expectNoSideScroll(page: Page) {
  const [scroll, client] = await page.evaluate(() => [
    document.documentElement.scrollWidth,
    document.documentElement.clientWidth,
  ]);
  expect(scroll).toBeLessThanOrEqual(client);
}

/** The element is entirely inside the visible screen (not cut on the right, not below the fold). */
async function expectOnScreen(locator: Locator) {
  await expect(locator).toBeVisible();
  const box = await locator.boundingBox();
  expect(box).not.toBeNull();
  if (!box) return;
  expect(box.x).toBeGreaterThanOrEqual(0);
  expect(box.y).toBeGreaterThanOrEqual(0);
  expect(box.x + box.width).toBeLessThanOrEqual(PHONE.width);
  expect(box.y + box.height).toBeLessThanOrEqual(PHONE.height);
}

/** One line of text: the element is no taller than 1.5 of its line height. */
async function expectOneLine(locator: Locator) {
  await expect(locator).toBeVisible();
  const [height, lineHeight] = await locator.evaluate((el) => {
    const style = getComputedStyle(el);
    const line = Number.parseFloat(style.lineHeight) || Number.parseFloat(style.fontSize) * 1.6;
    return [el.getBoundingClientRect().height, line];
  });
  expect(height).toBeGreaterThan(0);
  expect(height).toBeLessThan(lineHeight * 1.5);
}

/** Presses Tab until the element has the focus (the keyboard is the only input). */
async function tabTo(page: Page, target: Locator, max = 60) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press("Tab");
    if (await target.evaluate((el) => el === document.activeElement).catch(() => false)) return;
  }
  throw new Error(`Tab never reached ${target}`);
}

test("on a phone the header is one line and Financeiro shows Saldo, Status and Pagar com PIX", async ({
  browser,
}) => {
  const page = await newPage(browser);
  await signInToPortal(page);

  // the header: the office and the company on one line each, the sections as links
  await expectOneLine(page.getByTestId("office-name"));
  await expectOneLine(page.getByTestId("company-name"));
  await expect(page.getByTestId("company-name")).toHaveText("Padaria Pão Dourado Ltda");
  const sections = page.getByRole("navigation", { name: "Seções do portal" });
  await expectOnScreen(sections.getByRole("link", { name: "Atendimentos" }));
  await expectOnScreen(sections.getByRole("link", { name: "Financeiro" }));
  // the atendimentos are cards, each one a link
  await expect(page.getByTestId("portal-ticket").first()).toBeVisible();
  await expectOnScreen(page.getByTestId("portal-ticket").first());
  await expectNoSideScroll(page);
  await shot(page, "portal-390.png");

  // the atendimento with its chat (the demo's one with an unread message), and a reply from the phone
  const withChat = page.getByTestId("portal-ticket").filter({ has: page.locator(".ant-badge") });
  await ((await withChat.count()) ? withChat : page.getByTestId("portal-ticket")).first().click();
  await expect(page.getByRole("heading", { name: /^Atendimento \d{4}\/\d{6}/ })).toBeVisible();
  const box = page.getByRole("textbox", { name: "Mensagem" });
  await box.fill("Obrigada! Envio os documentos hoje.");
  await page.getByRole("button", { name: /Enviar$/ }).click();
  await expect(
    page.getByRole("log", { name: "Mensagens" }).getByText("Obrigada! Envio os documentos hoje."),
  ).toBeVisible();
  await expect(box).toHaveValue("");
  await expectOnScreen(box);
  await expectNoSideScroll(page);
  await shot(page, "portal-chat-390.png");

  // Financeiro: the open debt's Saldo, Status and Pagar com PIX fit on the screen
  await sections.getByRole("link", { name: "Financeiro" }).click();
  await expect(page).toHaveURL(/\/portal\/financeiro/);
  const card = page.getByRole("list", { name: "Débitos em aberto" }).getByTestId("portal-debt").first();
  await expect(card).toBeVisible();
  await expectOnScreen(card.getByText("Saldo", { exact: true }));
  await expectOnScreen(card.getByText(/^Em aberto$|^Vencido$|^Parcialmente pago$/));
  const pay = card.getByRole("button", { name: "Pagar com PIX" });
  await expectOnScreen(pay);
  await expectNoSideScroll(page);
  await shot(page, "portal-financeiro-390.png");

  // the PIX dialog on a phone: the QR code and the copy button on screen
  await pay.click();
  const dialog = page.getByRole("dialog", { name: "Pagar com PIX" });
  await expect(dialog).toBeVisible();
  await expectOnScreen(dialog.getByRole("img", { name: "QR code PIX" }));
  await expectOnScreen(dialog.getByRole("button", { name: /Copiar/ }));
  await expectNoSideScroll(page);
  await page.context().close();
});

test("on a notebook the portal is one bar and tables", async ({ browser }) => {
  const page = await newPage(browser, { width: 1366, height: 768 });
  await signInToPortal(page);
  await expect(page.getByRole("table")).toBeVisible();
  await expectOneLine(page.getByTestId("company-name"));
  const bar = await page.locator("header.portal-header").boundingBox();
  expect(bar?.height).toBeLessThanOrEqual(64);
  await expectNoSideScroll(page);
  await shot(page, "portal-1366.png");
  await page.context().close();
});

test("keyboard only: open a request and send a chat message in the portal", async ({ browser }) => {
  const page = await newPage(browser, { width: 1366, height: 768 });
  const stamp = Date.now();
  // the login, typed
  await page.goto("/login");
  await expect(page.getByLabel("E-mail")).toBeFocused();
  await page.keyboard.type(CLIENT_USER.email);
  await page.keyboard.press("Tab");
  await page.keyboard.type(CLIENT_USER.password);
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { name: "Meus atendimentos" })).toBeVisible({ timeout: 30_000 });

  // the sections are links reached with Tab
  const sections = page.getByRole("navigation", { name: "Seções do portal" });
  await tabTo(page, sections.getByRole("link", { name: "Financeiro" }));
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { name: "Financeiro" })).toBeVisible();
  await tabTo(page, sections.getByRole("link", { name: "Atendimentos" }));
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { name: "Meus atendimentos" })).toBeVisible();

  // a row of the list is a link: Tab reaches the protocol, Enter opens the atendimento
  const firstProtocol = page.getByRole("table").getByRole("link").first();
  await expect(firstProtocol).toHaveAttribute("href", /\/portal\/atendimentos\//);
  const protocol = (await firstProtocol.textContent()) ?? "";
  await tabTo(page, firstProtocol);
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { name: new RegExp(`^Atendimento ${protocol}`) })).toBeVisible();
  await tabTo(page, page.getByRole("link", { name: "Voltar aos atendimentos" }));
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { name: "Meus atendimentos" })).toBeVisible();

  // Nova solicitação, filled and sent from the keyboard
  await tabTo(page, page.getByRole("button", { name: "Nova solicitação" }));
  await page.keyboard.press("Enter");
  const dialog = page.getByRole("dialog", { name: "Nova solicitação" });
  await expect(dialog.getByLabel("Assunto")).toBeFocused();
  const subject = `Pedido pelo teclado ${stamp}`;
  await page.keyboard.type(subject);
  await page.keyboard.press("Tab");
  await expect(dialog.getByLabel("Descrição")).toBeFocused();
  await page.keyboard.type("Preciso da segunda via da guia do DAS.");
  await tabTo(page, dialog.getByRole("button", { name: "Enviar solicitação" }));
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { name: new RegExp(subject) })).toBeVisible();
  await expect(page).toHaveURL(/\/portal\/atendimentos\/[0-9a-f-]{36}/);

  // the chat: Tab to the message box, type, Enter sends
  const box = page.getByRole("textbox", { name: "Mensagem" });
  await tabTo(page, box);
  const text = `Mensagem enviada só com o teclado ${stamp}`;
  await page.keyboard.type(text);
  await page.keyboard.press("Enter");
  await expect(page.getByRole("log", { name: "Mensagens" }).getByText(text)).toBeVisible();
  await expect(box).toHaveValue("");
  await page.context().close();
});

/** The link of the status e-mail of this atendimento, read from the demo mailbox. */
async function statusEmailLink(protocol: string): Promise<string> {
  let raw = "";
  await expect
    .poll(async () => {
      raw = (await mailboxMessages(protocol, "Status alterado"))[0] ?? "";
      return raw.length;
    })
    .toBeGreaterThan(0);
  const mail = await simpleParser(raw);
  const link = /Ver o atendimento: (\S+)/.exec(mail.text ?? "")?.[1];
  expect(link, mail.text).toBeTruthy();
  return link as string;
}

test("the status e-mail's link opens the atendimento in the portal for the client and in the office for staff", async ({
  browser,
}) => {
  // set-up: the office changes the status of a Pão Dourado atendimento (the e-mail goes to the client)
  const office = await newPage(browser, { width: 1366, height: 768 });
  await office.goto("/login");
  await signIn(office, ADMIN);
  await expect(office.getByRole("heading", { name: "Atendimentos" })).toBeVisible({ timeout: 30_000 });
  const t = await createTicketViaApi(office, {
    client: "Padaria Pão Dourado Ltda",
    subject: `Link do e-mail ${Date.now()}`,
  });
  await changeStatusViaApi(office, t, "analysing");
  await office.context().close();
  const link = await statusEmailLink(t.protocol);
  const url = new URL(link);
  expect(url.pathname).toBe(`/atendimentos/${t.id}`);

  // the client user, logged out, follows the link: the login keeps it, the portal shows the atendimento
  const client = await newPage(browser);
  await client.goto(url.pathname);
  await expect(client).toHaveURL(/\/login\?next=/);
  await signIn(client, CLIENT_USER);
  await expect(client).toHaveURL(new RegExp(`/portal/atendimentos/${t.id}$`));
  await expect(client.getByRole("heading", { name: new RegExp(`^Atendimento ${t.protocol}`) })).toBeVisible();
  await expect(client.getByRole("textbox", { name: "Mensagem" })).toBeVisible();
  // already logged in, the same link goes straight there
  await client.goto(url.pathname);
  await expect(client).toHaveURL(new RegExp(`/portal/atendimentos/${t.id}$`));
  // the office's own link to it (forwarded by someone) opens the portal's view too
  await client.goto(`/atendimentos?atendimento=${t.id}`);
  await expect(client).toHaveURL(new RegExp(`/portal/atendimentos/${t.id}$`));
  await client.context().close();

  // staff following the same link land on the office view of it (the grid's drawer)
  const staff = await newPage(browser, { width: 1366, height: 768 });
  await staff.goto(url.pathname);
  await expect(staff).toHaveURL(/\/login\?next=/);
  await signIn(staff, ADMIN);
  await expect(staff).toHaveURL(new RegExp(`/atendimentos\\?atendimento=${t.id}$`));
  await expect(staff.getByRole("dialog", { name: `Atendimento ${t.protocol}` })).toBeVisible();
  // and the portal's link to it opens the office's view
  await staff.goto(`/portal/atendimentos/${t.id}`);
  await expect(staff).toHaveURL(new RegExp(`/atendimentos\\?atendimento=${t.id}$`));
  await expect(staff.getByRole("dialog", { name: `Atendimento ${t.protocol}` })).toBeVisible();
  await staff.context().close();
});

test("the login never sends anyone to another site", async ({ browser }) => {
  const page = await newPage(browser, { width: 1366, height: 768 });
  await page.goto(`/login?next=${encodeURIComponent("/\\example.com/")}`);
  await signIn(page, CLIENT_USER);
  await expect(page.getByRole("heading", { name: "Meus atendimentos" })).toBeVisible({ timeout: 30_000 });
  expect(new URL(page.url()).host).toBe(new URL(test.info().project.use.baseURL ?? "").host);
  await page.context().close();
});
