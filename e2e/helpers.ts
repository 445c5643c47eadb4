import { expect, type Locator, type Page } from "@playwright/test";

export const ADMIN = { email: "admin@demo.atende.com.br", password: "atende123" };

export async function login(page: Page, who = ADMIN) {
  await page.goto("/login");
  await page.getByLabel("E-mail").fill(who.email);
  await page.getByLabel("Senha").fill(who.password);
  await page.getByRole("button", { name: "Entrar" }).click();
  await expect(page.getByRole("heading", { name: "Atendimentos" })).toBeVisible({ timeout: 30_000 });
}

/**
 * Picks an option of an antd Select found by its label, typing to search when asked. The options of
 * remote selects arrive after the dropdown opens and the dropdown animates in, so the pick is checked
 * and tried again until the select shows the option.
 */
export async function pick(
  scope: Locator | Page,
  page: Page,
  label: string,
  option: string,
  search?: string,
) {
  const box = scope.getByLabel(label, { exact: true });
  const select = box.locator(
    "xpath=ancestor::div[contains(concat(' ', normalize-space(@class), ' '), ' ant-select ')][1]",
  );
  for (let attempt = 1; ; attempt++) {
    await box.click();
    if (search) await box.fill(search);
    const item = page
      .locator(".ant-select-dropdown:visible .ant-select-item-option")
      .filter({ hasText: option })
      .first();
    await item.waitFor({ state: "visible" });
    await item.click();
    try {
      await expect(select).toContainText(option, { timeout: 2_000 });
      return;
    } catch (err) {
      if (attempt >= 3) throw err;
      await page.keyboard.press("Escape");
    }
  }
}
