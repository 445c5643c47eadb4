/**
 * The office grid on the screens it is used on: a phone (cards), the common 1366 px notebook (all
 * ten columns without a horizontal scroll) and the user's own column layout ("Colunas").
 */
import { expect, type Page, test } from "@playwright/test";
import { createTicketViaApi, openApp, useAdminSession } from "./support/atende";

useAdminSession("responsive");

const HEADERS = [
  "Opções",
  "Protocolo",
  "Solicitante",
  "Assunto",
  "Responsável",
  "Data de Abertura",
  "Atualizado",
  "Valor",
  "Serviço",
  "Status",
];

async function headerTexts(page: Page): Promise<string[]> {
  const ths = page.locator(".ant-table-thead th");
  await expect(ths.first()).toBeVisible();
  return (await ths.allInnerTexts()).map((t) => t.replace(/\s+/g, " ").trim()).filter(Boolean);
}

test.describe("phone, 390×844", () => {
  test.use({ viewport: { width: 390, height: 844 } });

  test("the grid is a list of cards with the row's data and actions; the status changes from a card", async ({
    page,
  }) => {
    await openApp(page);
    const subject = `Declaração no celular ${Date.now()}`;
    const t = await createTicketViaApi(page, { client: "Padaria Pão Dourado Ltda", subject });
    await page.goto(`/atendimentos?q=${encodeURIComponent(t.protocol)}`);

    const card = page.getByRole("listitem", { name: `Atendimento ${t.protocol}` });
    await expect(card).toBeVisible();
    // the search stays; the other filters wait behind "Filtros"
    await expect(page.getByLabel("Filtrar por status")).toHaveCount(0);
    await page.getByRole("button", { name: "Filtros" }).click();
    await expect(page.getByLabel("Filtrar por status")).toBeVisible();
    await expect(page.locator(".ant-table")).toHaveCount(0);
    await expect(card.getByRole("link", { name: `Ver atendimento ${t.protocol}` })).toBeVisible();
    await expect(card.getByRole("link", { name: subject })).toBeVisible();
    await expect(card).toContainText("Padaria Pão Dourado Ltda");
    await expect(card).toContainText(/R\$\s?[\d.]+,\d{2}/);
    await expect(card).toContainText("Aberto");
    for (const action of ["Reabrir", "Notificar", "Editar", "Mensagem", "Movimentar", "Alterar status"]) {
      await expect(card.getByRole("button", { name: action })).toBeVisible();
    }
    // the card fits the screen: nothing to scroll sideways
    const box = await card.boundingBox();
    expect(box && box.x >= 0 && box.x + box.width <= 390).toBe(true);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

    await card.getByRole("button", { name: "Alterar status" }).click();
    await page.getByRole("menuitem", { name: "Analisando" }).click();
    await expect(
      page.locator(".ant-message-notice").filter({ hasText: "Status alterado para Analisando" }),
    ).toBeVisible();
    await expect(card).toContainText("Analisando");
  });

  test("the menu is a drawer behind a button", async ({ page }) => {
    await openApp(page);
    await page.getByRole("button", { name: "Abrir menu" }).click();
    await page.getByRole("menuitem", { name: "Contas a receber" }).click();
    await expect(page.getByRole("heading", { name: "Contas a receber" })).toBeVisible();
    // the drawer closes on navigation
    await expect(page.getByRole("menuitem", { name: "Contas a receber" })).toBeHidden();
  });
});

test.describe("notebook, 1366×768", () => {
  test.use({ viewport: { width: 1366, height: 768 } });

  test("all ten columns are on screen, with no horizontal scroll, and the debt tag stays in its cell", async ({
    page,
  }) => {
    await openApp(page);
    // the oldest hundred demo atendimentos on one page: long names, debts, every status
    await page.goto("/atendimentos?pageSize=100&sort=createdAt&order=asc");
    // a hundred rows with their debts: slow on a busy machine
    await expect(page.getByText(/^1–100 de \d+ atendimentos$/)).toBeVisible({ timeout: 60_000 });
    expect(await page.locator("tr.ant-table-row").count()).toBe(100);

    expect(await headerTexts(page)).toEqual(HEADERS);
    for (const name of HEADERS) {
      const th = page.locator(".ant-table-thead th").filter({ hasText: name }).first();
      const box = await th.boundingBox();
      expect(box, name).not.toBeNull();
      expect(box?.x ?? -1, name).toBeGreaterThanOrEqual(0);
      expect((box?.x ?? 0) + (box?.width ?? 0), name).toBeLessThanOrEqual(1366);
    }
    const scroll = await page
      .locator(".ant-table-content")
      .evaluate((el) => ({ scrollWidth: el.scrollWidth, clientWidth: el.clientWidth }));
    expect(scroll.scrollWidth).toBeLessThanOrEqual(scroll.clientWidth);

    // "Em débito R$ …" inside the Valor cell, not spilling into Serviço
    const tags = page.locator("td .ant-tag").filter({ hasText: "Em débito" });
    expect(await tags.count()).toBeGreaterThan(0);
    const spills = await tags.evaluateAll(
      (els) =>
        els.filter((el) => {
          const cell = el.closest("td")?.getBoundingClientRect();
          const tag = el.getBoundingClientRect();
          return !cell || tag.right > cell.right || tag.left < cell.left;
        }).length,
    );
    expect(spills).toBe(0);
  });

  test("Colunas: a hidden column and a new order are kept after a reload", async ({ page }) => {
    await openApp(page);
    await page.getByRole("button", { name: "Colunas" }).click();
    const panel = page.getByRole("group", { name: "Colunas do grid" });
    await panel.getByRole("checkbox", { name: "Atualizado" }).uncheck();
    await panel.getByRole("button", { name: "Mover Serviço para cima" }).click();
    // Protocolo identifies the row: it cannot be hidden
    await expect(panel.getByRole("checkbox", { name: "Protocolo" })).toBeDisabled();

    const expected = HEADERS.filter((h) => h !== "Atualizado");
    expected.splice(expected.indexOf("Serviço"), 1);
    expected.splice(expected.indexOf("Valor"), 0, "Serviço");
    await expect.poll(() => headerTexts(page)).toEqual(expected);

    await page.reload();
    await expect.poll(() => headerTexts(page)).toEqual(expected);

    await page.getByRole("button", { name: "Colunas" }).click();
    await page.getByRole("button", { name: "Restaurar padrão" }).click();
    await expect.poll(() => headerTexts(page)).toEqual(HEADERS);
  });
});

test.describe("saved views", () => {
  test.use({ viewport: { width: 1366, height: 768 } });

  test("Minhas abertas, Aguardando cliente and a view of one's own, kept after a reload", async ({
    page,
  }) => {
    await openApp(page);
    await expect(page.getByRole("tab", { name: "Todos" })).toHaveAttribute("aria-selected", "true");

    await page.getByRole("tab", { name: "Aguardando cliente" }).click();
    await expect(page).toHaveURL(/status=waiting(&|$)/);
    await expect(page.getByRole("tab", { name: "Aguardando cliente" })).toHaveAttribute(
      "aria-selected",
      "true",
    );
    const rows = page.locator("tr.ant-table-row");
    await expect(rows.first()).toBeVisible();
    for (const text of await rows.locator("td:last-child").allInnerTexts())
      expect(text).toContain("Aguardando");

    const me = (await (await page.request.get("/api/auth/me")).json()) as { user: { id: string } };
    await page.getByRole("tab", { name: "Minhas abertas" }).click();
    await expect(page).toHaveURL(new RegExp(`assigneeId=${me.user.id}`));
    await expect(page).toHaveURL(
      /status=open%2Creopened%2Canalysing%2Cwaiting|status=open,reopened,analysing,waiting/,
    );

    // a search of one's own, saved as a tab
    await page.getByRole("tab", { name: "Todos" }).click();
    await expect(page).not.toHaveURL(/status=/);
    await page.getByRole("searchbox", { name: "Buscar" }).fill("IRPF");
    await expect(page).toHaveURL(/q=IRPF/);
    await page.getByRole("button", { name: "Salvar visão" }).click();
    await page.getByLabel("Nome da visão").fill("Só IRPF");
    await page.getByRole("button", { name: "Salvar", exact: true }).click();
    await expect(page.getByRole("tab", { name: "Só IRPF" })).toHaveAttribute("aria-selected", "true");

    await page.reload();
    await page.getByRole("tab", { name: "Todos" }).click();
    await expect(page).not.toHaveURL(/q=/);
    await page.getByRole("tab", { name: "Só IRPF" }).click();
    await expect(page).toHaveURL(/q=IRPF/);
    await expect(page.getByRole("searchbox", { name: "Buscar" })).toHaveValue("IRPF");

    // a view of one's own, selected, can be deleted (built-in views cannot)
    await page.getByRole("button", { name: "Excluir visão" }).click();
    await expect(page.getByRole("tab", { name: "Só IRPF" })).toHaveCount(0);
  });
});
