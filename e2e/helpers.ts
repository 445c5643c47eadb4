import { expect, type Locator, type Page } from "@playwright/test";

export const ADMIN = { email: "admin@demo.atende.com.br", password: "atende123" };

export async function login(page: Page, who = ADMIN) {
  await page.goto("/login");
  await page.getByLabel("E-mail").fill(who.email);
  await page.getByLabel("Senha").fill(who.password);
  await page.getByRole("button", { name: "Entrar" }).click();
  await expect(page.getByRole("heading", { name: "Atendimentos" })).toBeVisible();
}

/** Picks an option of an antd Select found by its label, typing to search when asked. */
export async function pick(
  scope: Locator | Page,
  page: Page,
  label: string,
  option: string,
  search?: string,
) {
  const box = scope.getByLabel(label, { exact: true });
  await box.click();
  if (search) await box.fill(search);
  await page
    .locator(".ant-select-dropdown:visible .ant-select-item-option")
    .filter({ hasText: option })
    .first()
    .click();
}
