/**
 * Honorários end to end: a contract created in the cadastro, index values imported from a CSV, the
 * competência previewed and billed (Faturar with e-mails), the charge in Contas a receber and its
 * cobrança with the PIX copia e cola in the demo mailbox.
 */
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { simpleParser } from "mailparser";
import { pick } from "./helpers";
import { MAILBOX_DIR, useAdminSession } from "./support/atende";

useAdminSession("honorarios");

const CLIENT = "Padaria Pão Dourado Ltda";

async function mailboxTexts(): Promise<string[]> {
  const names = await readdir(MAILBOX_DIR).catch(() => [] as string[]);
  const out: string[] = [];
  for (const name of names.filter((n) => n.endsWith(".eml"))) {
    const parsed = await simpleParser(await readFile(path.join(MAILBOX_DIR, name)));
    out.push(`${parsed.subject ?? ""}\n${parsed.text ?? ""}`);
  }
  return out;
}

/** MM/AAAA of n months before the current one (São Paulo). */
function monthsAgo(n: number): string {
  const [y, m] = new Intl.DateTimeFormat("en-CA", {
    timeZone: "America/Sao_Paulo",
    year: "numeric",
    month: "2-digit",
  })
    .format(new Date())
    .split("-")
    .map(Number) as [number, number];
  const i = y * 12 + (m - 1) - n;
  return `${String((i % 12) + 1).padStart(2, "0")}/${Math.floor(i / 12)}`;
}

test("contract, índices from a CSV, preview and Faturar, Contas a receber and the e-mail with PIX", async ({
  page,
}) => {
  // Índices: a CSV of INPC (not used by the demo contracts)
  await page.goto("/financeiro/indices");
  await expect(page.getByRole("heading", { name: "Índices de reajuste" })).toBeVisible({ timeout: 30_000 });
  await page.getByText("INPC", { exact: true }).click();
  await page.getByRole("button", { name: "Importar CSV" }).click();
  const dialog = page.getByRole("dialog");
  await dialog
    .getByLabel("Conteúdo do CSV")
    .fill(`competencia;percentual\n${monthsAgo(2)};0,48\n${monthsAgo(1)};-0,11\n`);
  await dialog.getByText("Uma linha por mês").click(); // blur: the file is checked
  await expect(dialog.getByText("2 mês(es) prontos para importar.")).toBeVisible();
  await dialog.getByRole("button", { name: "Importar" }).click();
  await expect(page.getByText("2 mês(es) de INPC importado(s)")).toBeVisible();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole("cell", { name: "-0,11%" })).toBeVisible();

  // Contrato: R$ 1.234,56 a month, due day 31, no reajuste
  await page.goto("/financeiro/contratos");
  await page.getByRole("button", { name: "Adicionar" }).click();
  const form = page.getByRole("dialog");
  await pick(form, page, "Cliente", CLIENT, "Padaria");
  await pick(form, page, "Categoria", "Honorários");
  await form.getByLabel("Valor mensal").fill("1.234,56");
  await form.getByLabel("Dia de vencimento").fill("31");
  await pick(form, page, "Reajuste", "Sem reajuste");
  await form.getByRole("button", { name: "Salvar" }).click();
  await expect(page.getByText("R$ 1.234,56").first()).toBeVisible();

  // Faturamento: the preview shows it ready; Faturar with the cobranças by e-mail
  await page.goto("/financeiro/faturamento");
  const row = page.getByRole("row").filter({ hasText: "R$ 1.234,56" });
  await expect(row).toContainText("A faturar", { timeout: 20_000 });
  await page.getByRole("button", { name: "Faturar" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Faturar" }).click();
  await expect(page.getByText(/cobrança\(s\) criada\(s\)/).first()).toBeVisible({ timeout: 30_000 });
  await expect(row).toContainText("Faturado");

  // Contas a receber: the charge is a debt of the client
  await page.goto("/financeiro/contas-a-receber");
  await page
    .getByPlaceholder(/Buscar/)
    .first()
    .fill("Padaria");
  await expect(page.getByText("R$ 1.234,56").first()).toBeVisible({ timeout: 20_000 });

  // the demo mailbox got its cobrança with the PIX copia e cola
  await expect
    .poll(
      async () => (await mailboxTexts()).some((m) => m.includes("1.234,56") && m.includes("br.gov.bcb.pix")),
      {
        timeout: 30_000,
      },
    )
    .toBe(true);
});
