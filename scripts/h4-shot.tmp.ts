import { chromium } from "@playwright/test";

const base = process.argv[2] ?? "http://localhost:3104";
const out = process.argv[3] ?? "/tmp/h4-shots";
const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run"],
});
for (const size of [
  { width: 1366, height: 768 },
  { width: 390, height: 844 },
]) {
  const context = await browser.newContext({ viewport: size, locale: "pt-BR", timezoneId: "America/Sao_Paulo" });
  const res = await context.request.post(`${base}/api/auth/login`, {
    data: { email: "admin@demo.atende.com.br", password: "atende123" },
  });
  if (!res.ok()) throw new Error(`login ${res.status()}`);
  const page = await context.newPage();
  await page.goto(`${base}/atendimentos`);
  await page.getByRole("heading", { name: "Atendimentos" }).waitFor();
  await page.getByText(/\d{4}\/\d{6}/).first().waitFor();
  const t0 = Date.now();
  await page.getByRole("button", { name: "Alterar status" }).first().click();
  const item = page.getByRole("menuitem").filter({ hasNotText: /Reabrir/ }).first();
  await item.click();
  await page.locator(".ant-message-notice").filter({ hasText: /Status alterado/ }).waitFor();
  const tStatus = Date.now() - t0;
  await page.locator(".ant-message-notice").filter({ hasText: /E-mail enviado|Não foi possível|E-mail na fila/ }).waitFor();
  const tEmail = Date.now() - t0;
  console.log(size.width, { tStatus, tEmail });
  await page.screenshot({ path: `${out}/status-email-${size.width}.png` });
  await context.close();
}
await browser.close();
