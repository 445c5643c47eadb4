import { expect, test } from "@playwright/test";
import { createTicketViaApi, openApp, useAdminSession } from "./support/atende";

useAdminSession("bulk");

test("select two rows, Alterar status → Analisando for both, see the summary and both rows", async ({
  page,
}) => {
  test.setTimeout(120_000);
  await openApp(page);
  const tag = `Lote ${Date.now()}`;
  const a = await createTicketViaApi(page, { client: "Padaria Pão Dourado Ltda", subject: `${tag} A` });
  const b = await createTicketViaApi(page, { client: "Padaria Pão Dourado Ltda", subject: `${tag} B` });

  await page.getByLabel("Buscar").fill(tag);
  await page.getByLabel("Buscar").press("Enter");
  const rows = page.locator("tr.ant-table-row").filter({ hasText: tag });
  await expect(rows).toHaveCount(2);

  const bar = page.getByRole("region", { name: "Ações em lote" });
  await expect(bar).toBeHidden();
  await page.getByRole("checkbox", { name: `Selecionar atendimento ${a.protocol}` }).check();
  await page.getByRole("checkbox", { name: `Selecionar atendimento ${b.protocol}` }).check();
  await expect(bar).toContainText("2 selecionados");

  await bar.getByRole("button", { name: "Alterar status" }).click();
  await page.getByRole("menuitem", { name: "Analisando" }).click();
  await expect(page.getByText("2 alterados")).toBeVisible();
  for (const protocol of [a.protocol, b.protocol])
    await expect(rows.filter({ hasText: protocol })).toContainText("Analisando");
  // the selection is cleared once the action ran
  await expect(bar).toBeHidden();
  await expect(
    page.getByRole("checkbox", { name: `Selecionar atendimento ${a.protocol}` }),
  ).not.toBeChecked();

  // the same change again is refused per atendimento: the summary names each one and why
  await page.getByRole("checkbox", { name: `Selecionar atendimento ${a.protocol}` }).check();
  await page.getByRole("checkbox", { name: `Selecionar atendimento ${b.protocol}` }).check();
  await bar.getByRole("button", { name: "Alterar status" }).click();
  await page.getByRole("menuitem", { name: "Analisando" }).click();
  const summary = page.getByRole("dialog").filter({ hasText: "2 não alterados" });
  await expect(summary).toContainText("0 alterados, 2 não alterados");
  await expect(summary).toContainText(`${a.protocol} — O atendimento já está com este status.`);
  await summary.getByRole("button", { name: "Fechar" }).click();
  await expect(summary).toBeHidden();
});
