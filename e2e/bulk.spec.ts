/**
 * Bulk actions of the grid: check rows (or a whole page), run one action for all of them, read the
 * summary. Every wait is for the app's own visible state (the count in the bar, the summary, the
 * rows' status), never for a fixed delay.
 */
import { expect, type Page, test } from "@playwright/test";
import { type CreatedTicket, createTicketViaApi, openApp, useAdminSession } from "./support/atende";

useAdminSession("bulk");

const CLIENT = "Padaria Pão Dourado Ltda";

async function ticketsTagged(page: Page, tag: string, n: number) {
  const out: CreatedTicket[] = [];
  for (let i = 0; i < n; i++)
    out.push(await createTicketViaApi(page, { client: CLIENT, subject: `${tag} ${"ABC"[i]}` }));
  return out;
}

test("check rows, keep them through a refetch and the drawer, change status and responsável, read the summary", async ({
  page,
}) => {
  await openApp(page);
  const tag = `Lote ${Date.now()}`;
  const [a, b] = await ticketsTagged(page, tag, 2);
  if (!a || !b) throw new Error("set-up");
  await page.goto(`/atendimentos?q=${encodeURIComponent(tag)}`);
  const rows = page.locator("tr.ant-table-row").filter({ hasText: tag });
  await expect(rows).toHaveCount(2);

  // the bar is always there, idle: checking a row moves nothing under the pointer
  const bar = page.getByRole("region", { name: "Ações em lote" });
  await expect(bar).toContainText("Nenhum selecionado");
  await expect(bar.getByRole("button", { name: "Alterar status" })).toBeDisabled();
  const firstRowTop = (await rows.first().boundingBox())?.y;
  const check = (t: CreatedTicket) =>
    page.getByRole("checkbox", { name: `Selecionar atendimento ${t.protocol}` });
  await check(a).check();
  await check(b).check();
  await expect(bar).toContainText("2 selecionados");
  expect((await rows.first().boundingBox())?.y).toBe(firstRowTop);

  // a new atendimento arrives (websocket → refetch of the grid): the selection stays
  const c = await createTicketViaApi(page, { client: CLIENT, subject: `${tag} C` });
  await expect(rows).toHaveCount(3);
  await expect(bar).toContainText("2 selecionados");
  await expect(check(a)).toBeChecked();
  await expect(check(c)).not.toBeChecked();
  // and so does opening and closing an atendimento's drawer (it changes the URL)
  await page.getByRole("link", { name: `Ver atendimento ${a.protocol}` }).click();
  const drawer = page.getByRole("dialog", { name: `Atendimento ${a.protocol}` });
  await expect(drawer).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(drawer).toBeHidden();
  await expect(bar).toContainText("2 selecionados");

  await bar.getByRole("button", { name: "Alterar status" }).click();
  await page.getByRole("menuitem", { name: "Analisando" }).click();
  await expect(page.locator(".ant-message-notice").filter({ hasText: "2 alterados" })).toBeVisible();
  for (const t of [a, b]) await expect(rows.filter({ hasText: t.protocol })).toContainText("Analisando");
  await expect(rows.filter({ hasText: c.protocol })).toContainText("Aberto");
  // the selection is cleared once the action ran
  await expect(bar).toContainText("Nenhum selecionado");
  await expect(check(a)).not.toBeChecked();

  // the whole page, then the same change again: refused for the two already Analisando, each named
  await bar.getByRole("checkbox", { name: "Selecionar todos da página" }).check();
  await expect(bar).toContainText("3 selecionados");
  await bar.getByRole("button", { name: "Alterar status" }).click();
  await page.getByRole("menuitem", { name: "Analisando" }).click();
  const summary = page.getByRole("dialog").filter({ hasText: "1 alterado, 2 não alterados" });
  await expect(summary).toContainText(`${a.protocol} — O atendimento já está com este status.`);
  await expect(summary).toContainText(`${b.protocol} — O atendimento já está com este status.`);
  await summary.getByRole("button", { name: "Fechar" }).click();
  await expect(summary).toBeHidden();
  await expect(rows.filter({ hasText: c.protocol })).toContainText("Analisando");

  // Alterar responsável for two of them
  await check(b).check();
  await check(c).check();
  await expect(bar).toContainText("2 selecionados");
  await bar.getByRole("button", { name: "Alterar responsável" }).click();
  await page.getByRole("menuitem", { name: "Carla Mendes" }).click();
  // the notice of the first change may still be on screen: the newest one is last
  await expect(page.locator(".ant-message-notice").filter({ hasText: "2 alterados" }).last()).toBeVisible();
  for (const t of [b, c]) await expect(rows.filter({ hasText: t.protocol })).toContainText("Carla Mendes");
  await expect(rows.filter({ hasText: a.protocol })).toContainText("Bruno Lima");
});

test.describe("phone, 390×844", () => {
  test.use({ viewport: { width: 390, height: 844 } });

  test("cards have the same check box and bar: Notificar for the checked ones", async ({ page }) => {
    await openApp(page);
    const tag = `Lote celular ${Date.now()}`;
    const [a, b] = await ticketsTagged(page, tag, 2);
    if (!a || !b) throw new Error("set-up");
    await page.goto(`/atendimentos?q=${encodeURIComponent(tag)}`);
    const cards = page.getByRole("listitem").filter({ hasText: tag });
    await expect(cards).toHaveCount(2);

    const bar = page.getByRole("region", { name: "Ações em lote" });
    await expect(bar).toContainText("Nenhum selecionado");
    for (const t of [a, b])
      await page.getByRole("checkbox", { name: `Selecionar atendimento ${t.protocol}` }).check();
    await expect(bar).toContainText("2 selecionados");
    // the bar wraps on the narrow screen: nothing to scroll sideways
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

    await bar.getByRole("button", { name: "Notificar" }).click();
    await expect(page.locator(".ant-message-notice").filter({ hasText: "2 notificados" })).toBeVisible();
    await expect(bar).toContainText("Nenhum selecionado");
  });
});
