/**
 * The office with the keyboard only (Tab, Shift+Tab, Enter, Space, arrows, typing): from the grid,
 * open an atendimento, change its status through the status menu; Adicionar starts at Solicitante;
 * the sidebar entries are real links (open in a new tab).
 */
import { expect, type Locator, type Page, test } from "@playwright/test";
import { createTicketViaApi, gridRow, openApp, useAdminSession } from "./support/atende";

useAdminSession("keyboard");

const CLIENT = "Padaria Pão Dourado Ltda";

/** Presses Tab (or Shift+Tab) until the target has the focus; fails after `max` presses. */
async function tabTo(page: Page, target: Locator, { back = false, max = 80 } = {}) {
  for (let i = 0; i < max; i++) {
    if (await target.evaluate((el) => el === document.activeElement)) return;
    await page.keyboard.press(back ? "Shift+Tab" : "Tab");
  }
  await expect(target).toBeFocused();
}

/** The text of the focused element. */
const focusedText = (page: Page) => page.evaluate(() => document.activeElement?.textContent?.trim() ?? "");

test("keyboard only: open an atendimento and change its status from the grid", async ({ page }) => {
  await openApp(page);
  const t = await createTicketViaApi(page, { client: CLIENT, subject: `Teclado ${Date.now()}` });
  const row = await gridRow(page, t.protocol);
  await expect(row).toContainText("Aberto");

  // Editar: the form opens on Solicitante; Escape closes it and gives the focus back to Editar
  const edit = row.getByRole("button", { name: "Editar" });
  await tabTo(page, edit);
  await page.keyboard.press("Enter");
  const form = page.getByRole("dialog", { name: `Editar atendimento ${t.protocol}` });
  await expect(form.getByLabel("Assunto")).toHaveValue(/^Teclado /);
  await expect(form.getByLabel("Solicitante")).toBeFocused();
  await page.keyboard.press("Escape");
  await expect(form).toBeHidden();
  await expect(edit).toBeFocused();

  // Mensagem: the conversation opens, the message box takes typing, Escape closes it
  const messageButton = row.getByRole("button", { name: "Mensagem" });
  await tabTo(page, messageButton);
  await page.keyboard.press("Space");
  const chat = page.getByRole("dialog", { name: new RegExp(`Atendimento ${t.protocol}`) });
  await expect(chat.getByRole("tab", { name: "Chat" })).toBeVisible();
  await tabTo(page, chat.getByLabel("Mensagem"));
  await page.keyboard.type("Recebemos os documentos, obrigado.");
  await page.keyboard.press("Enter");
  await expect(
    chat.getByTestId("chat-message").filter({ hasText: "Recebemos os documentos, obrigado." }),
  ).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(chat).toBeHidden();

  // Alterar status: Enter opens the menu with the focus in it, the arrows move, Enter picks
  const statusButton = row.getByRole("button", { name: "Alterar status" });
  await tabTo(page, statusButton, { back: true });
  await page.keyboard.press("Enter");
  const menu = page.getByRole("menu").filter({ has: page.getByRole("menuitem", { name: "Analisando" }) });
  await expect(menu).toBeVisible();
  await expect
    .poll(() => page.evaluate(() => document.activeElement?.closest("[role=menu]") !== null))
    .toBe(true);
  for (let i = 0; i < 8 && (await focusedText(page)) !== "Analisando"; i++) {
    await page.keyboard.press("ArrowDown");
  }
  expect(await focusedText(page)).toBe("Analisando");
  await page.keyboard.press("Enter");
  await expect(
    page.locator(".ant-message-notice").filter({ hasText: "Status alterado para Analisando" }),
  ).toBeVisible();
  await expect(row).toContainText("Analisando");
});

test("keyboard only: Adicionar starts at Solicitante and the form can be filled from it", async ({
  page,
}) => {
  await openApp(page);
  await tabTo(page, page.getByRole("button", { name: "Adicionar" }));
  await page.keyboard.press("Enter");
  const dialog = page.getByRole("dialog", { name: "Novo atendimento" });
  const requester = dialog.getByLabel("Solicitante");
  await expect(requester).toBeFocused();
  await page.keyboard.type("pao dourado");
  const option = page
    .locator(".ant-select-dropdown:visible .ant-select-item-option")
    .filter({ hasText: CLIENT });
  await expect(option).toBeVisible();
  await page.keyboard.press("Enter");
  const select = requester.locator(
    "xpath=ancestor::div[contains(concat(' ', normalize-space(@class), ' '), ' ant-select ')][1]",
  );
  await expect(select).toContainText(CLIENT);
  // the client's default accountant came with it; Tab goes on through the form
  await expect(dialog.getByLabel("Nome", { exact: true })).toHaveValue("Roberto Carlos Almeida");
  await tabTo(page, dialog.getByLabel("Assunto"));
  await page.keyboard.type("Pedido pelo teclado");
  await expect(dialog.getByLabel("Assunto")).toHaveValue("Pedido pelo teclado");
  // Escape asks before throwing the typing away; the answer is given with the keyboard too
  await page.keyboard.press("Escape");
  const confirm = page.getByRole("dialog", { name: "Descartar alterações?" });
  await expect(confirm.getByRole("button", { name: "Descartar" })).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(dialog).toBeHidden();
});

test("the sidebar entries are links: a middle click opens the page in a new tab", async ({
  page,
  context,
}) => {
  await openApp(page);
  const nav = page.getByRole("complementary", { name: "Menu principal" });
  const clients = nav.getByRole("link", { name: "Clientes" });
  await expect(clients).toHaveAttribute("href", "/clientes");
  await expect(nav.getByRole("link", { name: "Contas a receber" })).toHaveAttribute(
    "href",
    "/financeiro/contas-a-receber",
  );
  const opened = context.waitForEvent("page");
  await clients.click({ button: "middle" });
  const tab = await opened;
  await expect(tab).toHaveURL(/\/clientes$/);
  await expect(tab.getByRole("heading", { name: "Clientes" })).toBeVisible({ timeout: 30_000 });
  await tab.close();
  // the same page still shows the grid; a plain click navigates in place, once
  await expect(page).toHaveURL(/\/atendimentos/);
  await clients.click();
  await expect(page.getByRole("heading", { name: "Clientes" })).toBeVisible({ timeout: 30_000 });
  await page.goBack();
  await expect(page).toHaveURL(/\/atendimentos/);
  // Enter on a focused entry (the menu's own keyboard) also navigates
  await tabTo(page, nav.getByRole("link", { name: "Serviços" }));
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { name: "Serviços" })).toBeVisible({ timeout: 30_000 });

  // the user menu, like the status menu, takes the focus when opened from the keyboard
  await tabTo(page, page.getByRole("button", { name: /^Usuário / }));
  await page.keyboard.press("Enter");
  await expect(page.getByRole("menuitem", { name: "Sair" })).toBeVisible();
  await expect
    .poll(() => page.evaluate(() => document.activeElement?.closest("[role=menu]") !== null))
    .toBe(true);
  await page.keyboard.press("Escape");
});

test("keyboard only: the sidebar collapses and expands from a real button, with a visible focus", async ({
  page,
}) => {
  await openApp(page);
  const nav = page.getByRole("complementary", { name: "Menu principal" });
  const collapse = nav.getByRole("button", { name: "Recolher menu" });
  await expect(collapse).toHaveAttribute("aria-expanded", "true");
  // from the top of the page, as after a load: the sidebar comes first in the Tab order
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await tabTo(page, collapse);
  // the focus ring shows on the dark sidebar (a keyboard focus: :focus-visible)
  const outline = await collapse.evaluate((el) => {
    const style = getComputedStyle(el);
    return { style: style.outlineStyle, width: Number.parseFloat(style.outlineWidth) };
  });
  expect(outline.style).not.toBe("none");
  expect(outline.width).toBeGreaterThan(0);
  const width = async () => (await nav.boundingBox())?.width ?? 0;
  const wide = await width();
  await page.keyboard.press("Enter");
  const expand = nav.getByRole("button", { name: "Expandir menu" });
  await expect(expand).toHaveAttribute("aria-expanded", "false");
  await expect(expand).toBeFocused();
  await expect.poll(width).toBeLessThan(wide / 2);
  await page.keyboard.press("Space");
  await expect(nav.getByRole("button", { name: "Recolher menu" })).toBeFocused();
  await expect.poll(width).toBe(wide);
});
