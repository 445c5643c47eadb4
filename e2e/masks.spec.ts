import { expect, test } from "@playwright/test";
import { openApp, useAdminSession } from "./support/atende";

useAdminSession("masks");

test("CNPJ and CPF are masked as they are typed", async ({ page }) => {
  await openApp(page);

  await page.goto("/clientes");
  await page.getByRole("button", { name: "Adicionar" }).click();
  const client = page.getByRole("dialog");
  const document = client.getByLabel("CNPJ ou CPF");
  await document.pressSequentially("5299822");
  await expect(document).toHaveValue("529.982.2");
  await document.pressSequentially("4725");
  await expect(document).toHaveValue("529.982.247-25");
  // a 12th digit makes it a CNPJ
  await document.fill("");
  await document.pressSequentially("11222333000181");
  await expect(document).toHaveValue("11.222.333/0001-81");
  // the alphanumeric CNPJ, typed in lower case
  await document.fill("");
  await document.pressSequentially("12abc34501de35");
  await expect(document).toHaveValue("12.ABC.345/01DE-35");

  await page.goto("/contadores");
  await page.getByRole("button", { name: "Adicionar" }).click();
  const cpf = page.getByRole("dialog").getByLabel("CPF");
  await cpf.pressSequentially("52998224725");
  await expect(cpf).toHaveValue("529.982.247-25");
});
