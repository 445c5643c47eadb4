import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { CLIENT_HEADERS, clientRows, xlsxBuffer } from "../src/server/modules/imports/test-files";
import { pick } from "./helpers";
import { openApp, useAdminSession } from "./support/atende";

useAdminSession("import");

test("imports 200 clients from an .xlsx, then the same file again: updated, no duplicates", async ({
  page,
}) => {
  const dir = path.resolve("test-results/import-files");
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, "clientes-200.xlsx");
  writeFileSync(file, await xlsxBuffer([CLIENT_HEADERS, ...clientRows(200, 90_000)]));

  await openApp(page);
  await page.goto("/clientes");
  await page.getByRole("link", { name: "Importar" }).click();
  await expect(page).toHaveURL(/\/clientes\/importar$/);

  for (const round of [1, 2]) {
    await page.locator("input[type=file]").setInputFiles(file);
    // Colunas: guessed from the header
    await expect(page.getByText('Colunas de "clientes-200.xlsx"')).toBeVisible();
    await expect(
      page
        .getByLabel("CNPJ/CPF", { exact: true })
        .locator("xpath=ancestor::div[contains(@class,'ant-select')][1]"),
    ).toContainText("CNPJ/CPF");
    await page.getByRole("button", { name: "Ver prévia" }).click();
    // Prévia: nothing written yet
    const expected = round === 1 ? "Importar 200 linhas válidas" : "Importar 200 linhas válidas";
    await expect(page.getByRole("button", { name: expected })).toBeVisible();
    await expect(page.getByText(round === 1 ? "Novo" : "Atualizar", { exact: true }).first()).toBeVisible();
    await page.getByRole("button", { name: expected }).click();
    await expect(page.getByText("Importação concluída")).toBeVisible({ timeout: 60_000 });
    await expect(
      page.getByText(
        round === 1
          ? "200 novos, 0 atualizados, 0 linhas com erro"
          : "0 novos, 200 atualizados, 0 linhas com erro",
      ),
    ).toBeVisible();
    const res = await page.request.get("/api/clients?q=Empresa%20Importada&pageSize=1");
    expect((await res.json()).total).toBe(200);
    if (round === 1) await page.getByRole("button", { name: "Importar outro arquivo" }).click();
  }

  // the new fields in the client form: the IBGE code must belong to the UF
  await page.getByRole("button", { name: "Ver clientes" }).click();
  await page.getByRole("button", { name: "Adicionar" }).click();
  const dialog = page.getByRole("dialog");
  await pick(dialog, page, "UF", "SP", "SP");
  await dialog.getByLabel("Código IBGE do município").fill("3304557");
  await dialog.getByLabel("Código IBGE do município").blur();
  await expect(
    dialog.getByText("O código IBGE não é de um município de SP (os de SP começam com 35)"),
  ).toBeVisible();
});
