/**
 * pt-BR e-mails of the cobrança: the collection e-mail sent by the office and the reminders of the
 * régua de cobrança. HTML + plain text; everything that comes from a person is escaped. Both carry
 * the PIX "copia e cola" text and its QR code as an inline image (cid).
 */
import { formatIsoDateBR } from "../../../shared/finance.js";
import { formatCents } from "../../../shared/money.js";
import { type EmailContent, escapeHtml } from "../mail/templates.js";
import { PIX_QR_CID } from "./pix-charge.js";

export interface CollectionEmailData {
  officeName: string;
  clientName: string;
  description: string;
  installmentNumber: number;
  installmentCount: number;
  dueDate: string;
  amountCents: number;
  paidCents: number;
  daysLate: number;
  lateFeeCents: number;
  interestCents: number;
  totalCents: number;
  pix: { payload: string; receiverName: string; receiverCity: string };
  /** the client portal's Financeiro page */
  portalUrl: string;
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** "vence em 3 dias" / "vence hoje" / "venceu há 8 dias": days from today to the due date. */
export function dueWording(daysUntilDue: number): string {
  if (daysUntilDue > 0) return `vence em ${plural(daysUntilDue, "dia", "dias")}`;
  if (daysUntilDue === 0) return "vence hoje";
  return `venceu há ${plural(-daysUntilDue, "dia", "dias")}`;
}

function subjectAbout(d: CollectionEmailData): string {
  return d.installmentCount > 1
    ? `${d.description} (parcela ${d.installmentNumber}/${d.installmentCount})`
    : d.description;
}

function rowsOf(d: CollectionEmailData): [string, string][] {
  const rows: [string, string][] = [["Descrição", d.description]];
  if (d.installmentCount > 1) rows.push(["Parcela", `${d.installmentNumber}/${d.installmentCount}`]);
  rows.push(["Vencimento", formatIsoDateBR(d.dueDate)], ["Valor", formatCents(d.amountCents)]);
  if (d.paidCents > 0) rows.push(["Já pago", formatCents(d.paidCents)]);
  if (d.daysLate > 0) {
    rows.push(
      [`Multa (${plural(d.daysLate, "dia", "dias")} de atraso)`, formatCents(d.lateFeeCents)],
      ["Juros", formatCents(d.interestCents)],
    );
  }
  rows.push(["Total a pagar", formatCents(d.totalCents)]);
  return rows;
}

function render(d: CollectionEmailData, title: string, intro: string): { html: string; text: string } {
  const e = escapeHtml;
  const rows = rowsOf(d)
    .map(
      ([k, v]) =>
        `<tr><td style="padding:4px 12px 4px 0;color:#555">${e(k)}</td><td style="padding:4px 0"><strong>${e(v)}</strong></td></tr>`,
    )
    .join("");
  const html = `<!doctype html><html lang="pt-BR"><head><meta charset="utf-8"><title>${e(title)}</title></head>
<body style="font-family:Arial,Helvetica,sans-serif;color:#222;background:#f5f6f8;padding:24px">
<div style="max-width:560px;margin:auto;background:#fff;border-radius:8px;padding:24px">
<p style="color:#1677ff;font-weight:bold;margin:0 0 8px">${e(d.officeName)}</p>
<h1 style="font-size:20px;margin:0 0 16px">${e(title)}</h1>
<p>${e(intro)}</p>
<table style="border-collapse:collapse;margin:12px 0">${rows}</table>
<h2 style="font-size:16px;margin:20px 0 8px">Pague com PIX</h2>
<p>Aponte a câmera do aplicativo do seu banco para o QR Code ou use o PIX copia e cola.</p>
<p><img src="cid:${PIX_QR_CID}" width="240" height="240" alt="QR Code PIX"></p>
<p style="margin:8px 0 4px;color:#555">PIX copia e cola:</p>
<p style="font-family:monospace;font-size:12px;word-break:break-all;background:#f5f6f8;padding:8px;border-radius:4px">${e(d.pix.payload)}</p>
<p style="color:#555">Recebedor: ${e(d.pix.receiverName)} — ${e(d.pix.receiverCity)}</p>
<p><a href="${e(d.portalUrl)}" style="color:#1677ff">Ver meus débitos no portal</a></p>
<p style="color:#888;font-size:12px;margin-top:24px">Se você já pagou, desconsidere esta mensagem. Mensagem automática enviada por ${e(d.officeName)} pelo Atende.</p>
</div></body></html>`;
  const text = [
    d.officeName,
    "",
    title,
    "",
    intro,
    "",
    ...rowsOf(d).map(([k, v]) => `${k}: ${v}`),
    "",
    "Pague com PIX: aponte a câmera do aplicativo do seu banco para o QR Code ou use o PIX copia e cola:",
    "",
    d.pix.payload,
    "",
    `Recebedor: ${d.pix.receiverName} — ${d.pix.receiverCity}`,
    "",
    `Ver meus débitos no portal: ${d.portalUrl}`,
    "",
    `Se você já pagou, desconsidere esta mensagem. Mensagem automática enviada por ${d.officeName} pelo Atende.`,
  ].join("\n");
  return { html, text };
}

/** The cobrança the office sends from the debt. */
export function collectionEmail(d: CollectionEmailData): EmailContent {
  const overdue = d.daysLate > 0;
  return {
    subject: `Cobrança: ${subjectAbout(d)} — ${overdue ? "vencida em" : "vencimento"} ${formatIsoDateBR(d.dueDate)}`,
    ...render(
      d,
      "Cobrança",
      `Olá, ${d.clientName}. ${d.officeName} envia a cobrança abaixo${overdue ? `, vencida há ${plural(d.daysLate, "dia", "dias")}` : ""}. O total a pagar é ${formatCents(d.totalCents)}.`,
    ),
  };
}

/**
 * What the reminder asks for: a debt not yet due is not "a pagar hoje" (the portal makes the same
 * split between "vencido e a vencer hoje" and "próximas parcelas").
 */
function amountSentence(daysUntilDue: number, totalCents: number): string {
  if (daysUntilDue > 0) return `O valor a pagar até o vencimento é ${formatCents(totalCents)}.`;
  if (daysUntilDue === 0) return `O total a pagar hoje é ${formatCents(totalCents)}.`;
  return `O total a pagar hoje, com multa e juros, é ${formatCents(totalCents)}.`;
}

/** A step of the régua de cobrança: before the due date, on it, or after it. */
export function reminderEmail(d: CollectionEmailData & { daysUntilDue: number }): EmailContent {
  const when = dueWording(d.daysUntilDue);
  return {
    subject: `Lembrete: ${subjectAbout(d)} ${when}`,
    ...render(
      d,
      d.daysUntilDue >= 0 ? "Lembrete de vencimento" : "Lembrete de débito vencido",
      `Olá, ${d.clientName}. Lembramos que o débito abaixo ${when} (vencimento ${formatIsoDateBR(d.dueDate)}). ${amountSentence(d.daysUntilDue, d.totalCents)}`,
    ),
  };
}
