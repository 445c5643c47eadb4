import { expect, test } from "@playwright/test";
import { ADMIN, pick } from "./helpers";
import { collectConsoleErrors } from "./support/console";

test("a normal day logs no error in the browser's console", async ({ page }) => {
  const errors = collectConsoleErrors(page);

  // logged out: the app asks who is signed in and is told nobody (no failed request)
  await page.goto("/atendimentos");
  await expect(page).toHaveURL(/\/login\?next=/);
  await page.getByLabel("E-mail").fill(ADMIN.email);
  await page.getByLabel("Senha").fill(ADMIN.password);
  await page.getByRole("button", { name: "Entrar" }).click();
  await expect(page.getByRole("heading", { name: "Atendimentos" })).toBeVisible({ timeout: 30_000 });
  await expect(page.locator("tr.ant-table-row").first()).toBeVisible();

  // Adicionar → Salvar
  const subject = `Sem erros no console ${Date.now()}`;
  await page.getByRole("button", { name: "Adicionar" }).click();
  const dialog = page.getByRole("dialog", { name: "Novo atendimento" });
  await expect(dialog.getByRole("tab", { name: "Atendimento" })).toBeVisible();
  await pick(dialog, page, "Solicitante", "Padaria Pão Dourado Ltda", "pao dourado");
  await pick(dialog, page, "Serviço", "Declaração de IRPF");
  await expect(dialog.getByLabel("Valor do Serviço")).toHaveValue("350,00");
  await pick(dialog, page, "Responsável", "Bruno Lima");
  await dialog.getByLabel("Assunto").fill(subject);
  await dialog.getByRole("button", { name: "Salvar" }).click();
  await expect(dialog).toBeHidden();

  // the new row, then a status change
  await page.getByLabel("Buscar").fill(subject);
  await page.getByLabel("Buscar").press("Enter");
  const row = page.locator("tr.ant-table-row").filter({ hasText: subject });
  await expect(row).toHaveCount(1);
  await row.getByRole("button", { name: "Alterar status" }).click();
  await page.getByRole("menuitem", { name: "Analisando" }).click();
  await expect(page.getByText("Status alterado para Analisando")).toBeVisible();
  await expect(row).toContainText("Analisando");

  // the other screens of the day
  const receivables = page.getByRole("menuitem", { name: "Contas a receber" });
  if (!(await receivables.isVisible()))
    await page.getByRole("menuitem", { name: "Financeiro" }).first().click();
  await receivables.click();
  await expect(page.getByRole("heading", { name: "Contas a receber" })).toBeVisible();
  await expect(page.locator("tr.ant-table-row").first()).toBeVisible();

  // Sair, and the login page again, fresh
  await page.getByRole("button", { name: /^Usuário / }).click();
  await page.getByRole("menuitem", { name: "Sair" }).click();
  await expect(page.getByRole("button", { name: "Entrar" })).toBeVisible();
  await page.reload();
  await expect(page.getByRole("button", { name: "Entrar" })).toBeVisible();

  expect(errors.list).toEqual([]);
});
