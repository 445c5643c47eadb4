import { expect, test } from "@playwright/test";
import { login } from "./helpers.js";

test("Painel: numbers on the demo office, a card lands on the grid with the same count, an export downloads", async ({
  page,
}) => {
  await login(page);
  await page.getByRole("link", { name: "Painel", exact: true }).first().click();
  await expect(page.getByRole("heading", { name: "Painel" })).toBeVisible();
  await expect(page.getByText("Em aberto por status")).toBeVisible();
  await expect(page.getByRole("img", { name: /Abertos e finalizados por semana/ })).toBeVisible();
  await expect(page.getByText("Maiores devedores")).toBeVisible();

  // "Atendimentos em aberto": the grid filtered to the same rows
  const open = page.getByRole("link", { name: /^Atendimentos em aberto: / });
  const shown = ((await open.textContent()) ?? "").replace(/\./g, "");
  expect(Number(shown)).toBeGreaterThan(0);
  await open.click();
  await expect(page).toHaveURL(/\/atendimentos\?status=/);
  await expect(page.getByText(new RegExp(`de ${shown} atendimentos`))).toBeVisible({ timeout: 20_000 });

  // Exportar → Exportar CSV: the filtered rows, one line each plus the header
  await page.getByRole("button", { name: "Exportar" }).click();
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name: "Exportar CSV" }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^atendimentos-\d{4}-\d\d-\d\d\.csv$/);
  const stream = await download.createReadStream();
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(c as Buffer);
  const text = Buffer.concat(chunks).toString("utf8");
  expect(text.startsWith("\uFEFFProtocolo;Solicitante;Assunto")).toBe(true);
  expect(text.trimEnd().split("\r\n").length - 1).toBe(Number(shown));
});
