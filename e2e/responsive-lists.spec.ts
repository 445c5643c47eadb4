/**
 * The other grids on the screens they are used on: Contas a receber and the cadastros (CrudPage)
 * fit the 1366 px notebook without a horizontal scroll and become cards on a phone.
 */
import AxeBuilder from "@axe-core/playwright";
import { expect, type Page, test } from "@playwright/test";
import { openApp, useAdminSession } from "./support/atende";

useAdminSession("responsive-lists");

const GRIDS = [
  { name: "Contas a receber", path: "/financeiro/contas-a-receber", last: "Opções" },
  { name: "Clientes", path: "/clientes", last: "Ações" },
  { name: "Usuários", path: "/usuarios", last: "Ações" },
  { name: "Serviços", path: "/servicos", last: "Ações" },
  { name: "Contadores", path: "/contadores", last: "Ações" },
];

async function expectNoSideScroll(page: Page, width: number) {
  await expect(page.locator("tr.ant-table-row").first()).toBeVisible({ timeout: 30_000 });
  const body = page.locator(".ant-table-content, .ant-table-body").first();
  const scroll = await body.evaluate((el) => ({ scrollWidth: el.scrollWidth, clientWidth: el.clientWidth }));
  expect(scroll.scrollWidth, "table scroll width").toBeLessThanOrEqual(scroll.clientWidth);
  const ths = page.locator(".ant-table-thead th");
  const count = await ths.count();
  for (let i = 0; i < count; i++) {
    const box = await ths.nth(i).boundingBox();
    expect(box, `header ${i}`).not.toBeNull();
    expect(box?.x ?? -1, `header ${i}`).toBeGreaterThanOrEqual(0);
    expect((box?.x ?? 0) + (box?.width ?? 0), `header ${i}`).toBeLessThanOrEqual(width);
  }
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
}

test.describe("notebook, 1366×768", () => {
  test.use({ viewport: { width: 1366, height: 768 } });

  for (const grid of GRIDS) {
    test(`${grid.name}: every column on screen, no horizontal scroll`, async ({ page }) => {
      await openApp(page);
      await page.goto(grid.path);
      await expect(page.getByRole("heading", { name: grid.name })).toBeVisible();
      await expectNoSideScroll(page, 1366);
      await expect(page.locator(".ant-table-thead th").last()).toHaveText(grid.last);
    });
  }
});

test.describe("phone, 390×844", () => {
  test.use({ viewport: { width: 390, height: 844 } });

  async function expectFits(page: Page, card: ReturnType<Page["getByRole"]>) {
    const box = await card.boundingBox();
    expect(box && box.x >= 0 && box.x + box.width <= 390).toBe(true);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  }

  test("Clientes is a list of cards; Editar opens the client's form from its card", async ({ page }) => {
    await openApp(page);
    await page.goto("/clientes?q=Padaria");
    const card = page.getByRole("listitem", { name: "Cliente Padaria Pão Dourado Ltda" });
    await expect(card).toBeVisible({ timeout: 30_000 });
    await expect(page.locator(".ant-table")).toHaveCount(0);
    await expect(card).toContainText("CNPJ / CPF");
    await expect(card).toContainText("Ativo");
    await expectFits(page, card);

    await card.getByRole("button", { name: "Editar" }).click();
    const dialog = page.getByRole("dialog", { name: "Editar cliente: Padaria Pão Dourado Ltda" });
    await expect(dialog).toBeVisible();
    await expect(dialog.getByLabel("Nome / Razão social")).toHaveValue("Padaria Pão Dourado Ltda");
  });

  test("Usuários is a list of cards with the invite and the deactivation", async ({ page }) => {
    await openApp(page);
    await page.goto("/usuarios?q=bruno");
    const card = page.getByRole("listitem").filter({ hasText: "bruno@demo.atende.com.br" });
    await expect(card).toBeVisible({ timeout: 30_000 });
    await expect(page.locator(".ant-table")).toHaveCount(0);
    await expect(card.getByRole("button", { name: "Editar" })).toBeVisible();
    await expect(card.getByRole("button", { name: "Desativar" })).toBeVisible();
    await expectFits(page, card);
  });

  test("Contas a receber is a list of cards; Detalhes opens the debt from its card", async ({ page }) => {
    await openApp(page);
    await page.goto("/financeiro/contas-a-receber");
    const list = page.getByRole("list", { name: "Débitos" });
    const card = list.getByRole("listitem").first();
    await expect(card).toBeVisible({ timeout: 30_000 });
    await expect(page.locator(".ant-table")).toHaveCount(0);
    await expect(card).toContainText("Vencimento");
    await expect(card).toContainText("Saldo");
    await expect(card).toContainText(/R\$\s?[\d.]+,\d{2}/);
    await expectFits(page, card);

    await card.getByRole("button", { name: "Detalhes" }).click();
    await expect(page.getByRole("dialog", { name: /^Débito: / })).toBeVisible();
  });

  test("the card lists have no serious or critical accessibility violations", async ({ page }) => {
    await openApp(page);
    for (const [path, list] of [
      ["/clientes", "Clientes"],
      ["/usuarios", "Usuários"],
      ["/financeiro/contas-a-receber", "Débitos"],
      ["/atendimentos", "Atendimentos"],
    ] as const) {
      await page.goto(path);
      await expect(page.getByRole("list", { name: list }).getByRole("listitem").first()).toBeVisible({
        timeout: 30_000,
      });
      const results = await new AxeBuilder({ page })
        .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"])
        .include("[role=list]")
        .analyze();
      const bad = results.violations
        .filter((v) => v.impact === "serious" || v.impact === "critical")
        .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
      expect.soft(bad, path).toEqual([]);
    }
  });
});
