/**
 * Cobrança de débitos end to end: Configurações › Financeiro (PIX), Movimentar an atendimento into
 * two installments, Contas a receber filtered by the client, the cobrança e-mail (read back from the
 * demo mailbox: it carries the same PIX copia e cola the drawer shows), the Baixa, the recibos (of the payment, de quitação),
 * the extrato, and the client user's portal (paid debt with its recibo, open one with its PIX code).
 * With E2E_SCREENSHOTS=1 it also refreshes docs/screenshots/{movimentar,financeiro,portal-financeiro}.png.
 */
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { type Browser, type Download, expect, type Locator, type Page, test } from "@playwright/test";
import { simpleParser } from "mailparser";
import { pick } from "./helpers";
import { createTicketViaApi, gridRow, MAILBOX_DIR, openApp, useAdminSession } from "./support/atende";

useAdminSession("finance");

const CLIENT = "Padaria Pão Dourado Ltda";
const CLIENT_EMAIL = "contato@paodourado.com.br";
const PORTAL_USER = { email: "marta@paodourado.com.br", password: "atende123" };
const SHOTS = process.env.E2E_SCREENSHOTS === "1" ? path.resolve("docs/screenshots") : null;

async function shot(target: Page | Locator, name: string) {
  if (!SHOTS) return;
  await target.screenshot({ path: path.join(SHOTS, name), animations: "disabled" });
}

/** The plain text of every e-mail in the demo mailbox (decoded, whatever the transfer encoding). */
async function mailboxTexts(): Promise<string[]> {
  let names: string[] = [];
  try {
    names = await readdir(MAILBOX_DIR);
  } catch {
    return [];
  }
  const out: string[] = [];
  for (const name of names.filter((n) => n.endsWith(".eml"))) {
    const parsed = await simpleParser(await readFile(path.join(MAILBOX_DIR, name)));
    const to = Array.isArray(parsed.to) ? parsed.to.map((a) => a.text).join(", ") : (parsed.to?.text ?? "");
    out.push(`To: ${to}\n${parsed.subject ?? ""}\n${parsed.text ?? ""}\n${parsed.html || ""}`);
  }
  return out;
}

async function pdfOf(download: Download): Promise<Buffer> {
  const file = await download.path();
  return readFile(file);
}

async function portalPage(browser: Browser): Promise<Page> {
  const ctx = await browser.newContext({
    baseURL: test.info().project.use.baseURL,
    locale: "pt-BR",
    timezoneId: "America/Sao_Paulo",
    viewport: { width: 1280, height: 900 },
    storageState: { cookies: [], origins: [] },
  });
  return ctx.newPage();
}

test.use({ viewport: { width: 1440, height: 900 } });

test("Movimentar → Contas a receber → cobrança com PIX → Baixa → recibo → portal do cliente", async ({
  page,
  browser,
}) => {
  test.setTimeout(240_000);
  const stamp = Date.now();
  await openApp(page);

  // --- Configurações › Financeiro: the office's PIX key, receiver, multa/juros and régua
  await page.goto("/configuracoes/financeiro");
  await expect(page.getByRole("heading", { name: "Financeiro" })).toBeVisible();
  await page.getByLabel("Chave PIX").fill("11.222.333/0001-81");
  await expect(page.getByTestId("pix-key-type")).toContainText("CNPJ");
  await expect(page.getByTestId("pix-key-type")).toContainText("11222333000181");
  await page.getByLabel("Nome do recebedor").fill("Contabilidade Exemplo Ltda");
  await page.getByLabel("Cidade").fill("São Paulo");
  // the BR Code carries the name and the city without accents, cut to 25 and 15 characters
  await expect(page.getByTestId("pix-preview")).toContainText("Contabilidade Exemplo Ltd");
  await expect(page.getByTestId("pix-preview")).toContainText("Sao Paulo");
  await page.getByLabel("Multa").fill("2,00");
  await page.getByLabel("Juros ao mês").fill("1");
  await page.getByRole("spinbutton", { name: "Dias" }).fill("5");
  await pick(page, page, "Quando", "dias depois do vencimento");
  await page.getByRole("button", { name: "Adicionar" }).click();
  await expect(page.getByRole("listitem").filter({ hasText: "5 dias depois" })).toBeVisible();
  await page.getByRole("button", { name: "Salvar" }).click();
  await expect(
    page.locator(".ant-message-notice").filter({ hasText: "Configuração financeira salva" }),
  ).toBeVisible();
  const settings = await (await page.request.get("/api/finance/settings")).json();
  expect(settings).toMatchObject({
    pixConfigured: true,
    pixKeyType: "cnpj",
    pixKey: "11222333000181",
    lateFeeBp: 200,
    monthlyInterestBp: 100,
  });
  expect(settings.reminderOffsets).toContain(5);
  // a bad key is refused beside its field
  await page.getByLabel("Chave PIX").fill("não é chave");
  await expect(page.getByText(/^Chave PIX inválida/)).toBeVisible();

  // --- Movimentar an atendimento of the client into 2 installments
  const t = await createTicketViaApi(page, { client: CLIENT, subject: `Balanço anual ${stamp}` });
  let row = await gridRow(page, t.protocol);
  await row.getByRole("button", { name: "Movimentar" }).click();
  const dialog = page.getByRole("dialog", { name: `Movimentar atendimento ${t.protocol}` });
  await expect(dialog.getByLabel("Valor")).toHaveValue("350,00");
  await expect(dialog.getByLabel("Descrição")).toHaveValue(
    `Atendimento ${t.protocol} — Balanço anual ${stamp}`,
  );
  await expect(dialog.locator(".ant-select").filter({ hasText: "Honorários" })).toBeVisible();
  await dialog.getByLabel("Valor").fill("301,01");
  await dialog.getByLabel("Parcelas", { exact: true }).fill("2");
  const preview = dialog.getByRole("table");
  await expect(preview.locator("tbody tr")).toHaveCount(2);
  await expect(preview.locator("tbody tr").nth(0)).toContainText("R$ 150,51");
  await expect(preview.locator("tbody tr").nth(1)).toContainText("R$ 150,50");
  await expect(dialog.getByText("A diferença de centavos fica na 1ª parcela.")).toBeVisible();
  await shot(page, "movimentar.png");
  await dialog.getByRole("button", { name: "Lançar débito" }).click();
  await expect(
    page
      .locator(".ant-message-notice")
      .filter({ hasText: `Débito lançado: R$ 301,01 para ${CLIENT} em 2 parcelas` }),
  ).toBeVisible();
  await expect(dialog).toBeHidden();
  // the grid shows the atendimento has open debts
  await expect(row).toContainText("Em débito R$ 301,01");

  // a second Movimentar warns about what is already open
  await row.getByRole("button", { name: "Movimentar" }).click();
  await expect(dialog.getByText("Este atendimento já tem R$ 301,01 em débitos em aberto.")).toBeVisible();
  await dialog.getByRole("button", { name: "Cancelar" }).click();
  await expect(dialog).toBeHidden();

  // --- Contas a receber, filtered by the client (and the atendimento's protocol)
  await page.getByRole("menuitem", { name: "Contas a receber" }).click();
  await expect(page.getByRole("heading", { name: "Contas a receber" })).toBeVisible();
  await pick(page, page, "Filtrar por cliente", CLIENT, "Pão Dourado");
  await expect(page).toHaveURL(/clientId=/);
  await page.getByLabel("Buscar").fill(t.protocol);
  await expect(page).toHaveURL(/q=/);
  const rows = page.locator("tr.ant-table-row");
  await expect(rows).toHaveCount(2);
  const first = rows.filter({ hasText: "parcela 1/2" });
  const second = rows.filter({ hasText: "parcela 2/2" });
  await expect(first).toContainText("R$ 150,51");
  await expect(first).toContainText("Em aberto");
  await expect(second).toContainText("R$ 150,50");
  const totals = page.getByTestId("debt-totals");
  await expect(totals).toContainText("R$ 301,01");
  await expect(totals).toContainText("2");
  await shot(page, "financeiro.png");

  // --- Cobrar por e-mail: first the cobrança, then what happened to the e-mail
  await first.getByRole("button", { name: "Cobrar por e-mail" }).click();
  const notices = page.locator(".ant-message-notice");
  await expect(notices.filter({ hasText: "Cobrança de R$ 150,51 registrada" })).toBeVisible();
  await expect(notices.filter({ hasText: `E-mail enviado para ${CLIENT_EMAIL}` })).toBeVisible();

  // Detalhes: the PIX copia e cola of the balance, and the cobrança in the history
  await first.getByRole("button", { name: "Detalhes" }).click();
  const drawer = page.getByRole("dialog", { name: `Débito: ${CLIENT}` });
  await expect(drawer.getByRole("img", { name: "QR code PIX" })).toBeVisible();
  const payload = await drawer.getByTestId("pix-payload").inputValue();
  expect(payload).toMatch(/^000201/);
  expect(payload).toContain("br.gov.bcb.pix");
  expect(payload).toContain("11222333000181");
  expect(payload).toContain("5406150.51");
  // people read the receiver with its accents; only the code is ASCII
  await expect(drawer).toContainText("Recebedor: Contabilidade Exemplo Ltda — São Paulo");
  expect(payload).toContain("6009Sao Paulo");
  // the e-mail the client received carries the same code
  await expect
    .poll(
      async () =>
        (await mailboxTexts()).filter((m) => m.includes(payload) && m.includes(CLIENT_EMAIL)).length,
      {
        timeout: 20_000,
      },
    )
    .toBe(1);
  await page.keyboard.press("Escape");
  await expect(drawer).toBeHidden();

  // --- Baixa of the full amount: status becomes Pago
  await first.getByRole("button", { name: "Baixa" }).click();
  const pay = page.getByRole("dialog", { name: "Baixa: registrar pagamento" });
  await expect(pay.getByTestId("quote")).toContainText("R$ 150,51");
  await expect(pay.getByLabel("Valor recebido")).toHaveValue("150,51");
  // more than the balance is refused in the dialog
  await pay.getByLabel("Valor recebido").fill("999,00");
  await pay.getByRole("button", { name: "Registrar pagamento" }).click();
  // (the overpayment answer, beside the field or above the form)
  await expect(
    pay.locator(".ant-form-item-explain-error, [role=alert]").filter({ hasText: "R$ 150,51" }),
  ).toBeVisible();
  await pay.getByRole("button", { name: /Usar o total para quitar/ }).click();
  await expect(pay.getByLabel("Valor recebido")).toHaveValue("150,51");
  await pick(pay, page, "Forma", "Transferência");
  await pay.getByRole("button", { name: "Registrar pagamento" }).click();
  const paidNotice = notices.filter({ hasText: /Baixa registrada: R\$\s150,51 — recibo nº \d{4}\/\d{6}/ });
  await expect(paidNotice).toBeVisible();
  // the notice links to this payment's recibo
  const paymentReceipt = page.waitForEvent("download");
  await paidNotice.getByRole("link", { name: /Baixar recibo nº \d{4}\/\d{6}/ }).click();
  const paymentPdf = await pdfOf(await paymentReceipt);
  expect(paymentPdf.subarray(0, 4).toString("latin1")).toBe("%PDF");
  await expect(pay).toBeHidden();
  await expect(first).toContainText("Pago");
  await expect(totals).toContainText("R$ 150,50");

  // the recibo de quitação downloads as a PDF
  const receipt = page.waitForEvent("download");
  await first.getByRole("link", { name: "Recibo de quitação" }).click();
  const pdf = await pdfOf(await receipt);
  expect(pdf.subarray(0, 4).toString("latin1")).toBe("%PDF");

  // --- Extrato: the two installments as debits, the payment as a credit, the balance at the end
  await page.getByRole("button", { name: "Extrato do cliente" }).click();
  await expect(page.getByRole("heading", { name: "Extrato do cliente" })).toBeVisible();
  const statement = page.getByRole("table", { name: "Extrato" });
  await expect(statement.getByText("Saldo final")).toBeVisible();
  await expect(statement.locator("tr").filter({ hasText: t.protocol }).first()).toBeVisible();

  // --- the grid: what is still open
  row = await gridRow(page, t.protocol);
  await expect(row).toContainText("Em débito R$ 150,50");

  // --- the client user's portal: the paid debt with its recibo, the open one with its PIX code
  const client = await portalPage(browser);
  await client.goto("/login");
  await client.getByLabel("E-mail").fill(PORTAL_USER.email);
  await client.getByLabel("Senha").fill(PORTAL_USER.password);
  await client.getByRole("button", { name: "Entrar" }).click();
  await expect(client.getByRole("heading", { name: "Meus atendimentos" })).toBeVisible();
  await client.getByRole("link", { name: "Financeiro", exact: true }).click();
  await expect(client).toHaveURL(/\/portal\/financeiro/);
  const openTable = client.getByRole("table", { name: "Débitos em aberto" });
  const paidTable = client.getByRole("table", { name: "Débitos pagos" });
  const openRow = openTable.locator("tr").filter({ hasText: `${t.protocol}` });
  const paidRow = paidTable.locator("tr").filter({ hasText: `${t.protocol}` });
  await expect(openRow).toHaveCount(1);
  await expect(openRow).toContainText("parcela 2/2");
  await expect(openRow).toContainText("R$ 150,50");
  await expect(paidRow).toHaveCount(1);
  await expect(paidRow).toContainText("parcela 1/2");
  await shot(client, "portal-financeiro.png");

  // what is due today apart from the next installments
  await expect(client.getByText("Vencido e a vencer hoje")).toBeVisible();
  await expect(client.getByText(/^Próximas parcelas/)).toBeVisible();

  const clientReceipt = client.waitForEvent("download");
  await paidRow.getByRole("link", { name: /Baixar recibo de quitação/ }).click();
  const clientPdf = await pdfOf(await clientReceipt);
  expect(clientPdf.subarray(0, 4).toString("latin1")).toBe("%PDF");
  // and the recibo of the payment itself
  const clientPaymentReceipt = client.waitForEvent("download");
  await paidRow.getByRole("link", { name: /Baixar recibo nº \d{4}\/\d{6}/ }).click();
  const clientPaymentPdf = await pdfOf(await clientPaymentReceipt);
  expect(clientPaymentPdf.subarray(0, 4).toString("latin1")).toBe("%PDF");

  await openRow.getByRole("button", { name: "Pagar com PIX" }).click();
  const pixDialog = client.getByRole("dialog", { name: "Pagar com PIX" });
  await expect(pixDialog.getByRole("img", { name: "QR code PIX" })).toBeVisible();
  const clientPayload = await pixDialog.getByTestId("pix-payload").inputValue();
  expect(clientPayload).toMatch(/^000201/);
  expect(clientPayload).toContain("5406150.50");
  await expect(pixDialog).toContainText("Recebedor: Contabilidade Exemplo Ltda — São Paulo");
  expect(clientPayload).not.toBe(payload);
  await client.context().close();
});
