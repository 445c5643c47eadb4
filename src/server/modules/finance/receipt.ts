/**
 * Recibo of a paid debt, as a PDF: numbered with the receipt number of the payment that settled it,
 * naming the office (and its CNPJ), the client (and CPF/CNPJ), the amount received in figures and in
 * words, what it refers to, every payment that was not reversed, and the place and date.
 * The built-in Helvetica writes pt-BR accents (WinAnsi), so no font file is embedded.
 */
import PDFDocument from "pdfkit";
import { documentType, formatDocument } from "../../../shared/documents.js";
import { formatIsoDateBR, PAYMENT_METHOD_LABELS, parseIsoDate } from "../../../shared/finance.js";
import { formatCents } from "../../../shared/money.js";
import { singleLineForDisplay } from "../../../shared/text.js";
import { amountInWords } from "../../../shared/words.js";
import type { Executor } from "../../db/client.js";
import type { Actor } from "../auth/context.js";
import * as collectionRepo from "./collection-repository.js";
import { authorizeDebt } from "./policy.js";
import { installmentLabel, receiptNumber } from "./presenter.js";
import { findDebt, getFinanceSettings } from "./repository.js";

const MONTHS = [
  "janeiro",
  "fevereiro",
  "março",
  "abril",
  "maio",
  "junho",
  "julho",
  "agosto",
  "setembro",
  "outubro",
  "novembro",
  "dezembro",
];

/** 2026-11-28 → "28 de novembro de 2026" */
export function longDateBR(isoDate: string): string {
  const [y, m, d] = parseIsoDate(isoDate);
  return `${d} de ${MONTHS[m - 1]} de ${y}`;
}

/** "CNPJ 12.345.678/0001-95" / "CPF 529.982.247-25" / the text as stored when it is neither */
export function documentPhrase(document: string): string {
  const type = documentType(document);
  return type ? `${type.toUpperCase()} ${formatDocument(document)}` : document;
}

export interface ReceiptData {
  number: string;
  office: { name: string; document: string | null };
  client: { name: string; document: string };
  description: string;
  installment: string;
  totalCents: number;
  payments: {
    paidOn: string;
    method: string;
    principalCents: number;
    lateFeeCents: number;
    interestCents: number;
    amountCents: number;
  }[];
  city: string;
  date: string;
}

/** The recibo of a paid debt the actor may see (staff, or a client user of the debt's company). */
export async function loadReceipt(db: Executor, actor: Actor, debtId: string): Promise<ReceiptData> {
  const view = await findDebt(db, actor.officeId, debtId);
  authorizeDebt(actor, "receipt", view?.debt);
  if (!view) throw new Error("unreachable: authorizeDebt accepted a missing debt");
  const [payments, office, settings] = await Promise.all([
    collectionRepo.receiptPayments(db, actor.officeId, debtId),
    collectionRepo.officeProfile(db, actor.officeId),
    getFinanceSettings(db, actor.officeId),
  ]);
  // the payment that settled the debt: the last one registered and not reversed
  const settling = payments.reduce<(typeof payments)[number] | undefined>(
    (last, p) => (!last || p.createdAt.getTime() >= last.createdAt.getTime() ? p : last),
    undefined,
  );
  if (!settling) throw new Error(`paid debt ${debtId} without a payment`);
  return {
    number: receiptNumber(settling),
    office: { name: office?.name ?? actor.officeName, document: office?.document ?? null },
    client: { name: view.clientName, document: view.clientDocument },
    description: view.debt.description,
    installment: installmentLabel(view.debt),
    totalCents: payments.reduce((sum, p) => sum + p.amountCents, 0),
    payments: payments.map((p) => ({
      paidOn: p.paidOn,
      method: PAYMENT_METHOD_LABELS[p.method],
      principalCents: p.principalCents,
      lateFeeCents: p.lateFeeCents,
      interestCents: p.interestCents,
      amountCents: p.amountCents,
    })),
    // the office's city as typed in its PIX receiver (with accents); the office works in São Paulo time
    city: settings.pixMerchantCity?.trim() || "São Paulo",
    date: settling.paidOn,
  };
}

/** recibo-2026-000012.pdf */
export const receiptFilename = (number: string) => `recibo-${number.replace("/", "-")}.pdf`;

/**
 * The texts people typed, as one clean line each: input is normalised since the text rule
 * (shared/text.ts), but rows saved before it may hold CR/LF or other controls, which the PDF font
 * draws as stray glyphs ("Padaria\r\nPão" showed as "PadariaÐ" and a line break).
 */
function cleanReceipt(r: ReceiptData): ReceiptData {
  return {
    ...r,
    office: { ...r.office, name: singleLineForDisplay(r.office.name) },
    client: { ...r.client, name: singleLineForDisplay(r.client.name) },
    description: singleLineForDisplay(r.description),
    installment: singleLineForDisplay(r.installment),
    city: singleLineForDisplay(r.city) || "São Paulo",
  };
}

export function renderReceiptPdf(data: ReceiptData): Promise<Buffer> {
  const r = cleanReceipt(data);
  const doc = new PDFDocument({
    size: "A4",
    margin: 56,
    info: { Title: `Recibo Nº ${r.number}`, Author: r.office.name, Subject: r.description },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on("data", (c: Buffer) => chunks.push(c));
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });
  const left = doc.page.margins.left;
  const width = doc.page.width - doc.page.margins.left - doc.page.margins.right;

  doc.font("Helvetica-Bold").fontSize(14).text(r.office.name, { width });
  if (r.office.document)
    doc.font("Helvetica").fontSize(10).text(documentPhrase(r.office.document), { width });
  doc.moveDown(1.5);

  const titleY = doc.y;
  doc.font("Helvetica-Bold").fontSize(18).text(`RECIBO Nº ${r.number}`, left, titleY, { width });
  doc.fontSize(14).text(`Valor: ${formatCents(r.totalCents)}`, left, titleY + 2, { width, align: "right" });
  doc.moveDown(1.5);

  const about = r.installment ? `${r.description} (${r.installment})` : r.description;
  doc
    .font("Helvetica")
    .fontSize(12)
    .text(
      `Recebemos de ${r.client.name} (${documentPhrase(r.client.document)}) a importância de ${formatCents(r.totalCents)} (${amountInWords(r.totalCents)}) referente a ${about}.`,
      left,
      doc.y,
      { width, align: "justify", lineGap: 4 },
    );
  doc.moveDown(1.5);

  doc.font("Helvetica-Bold").fontSize(11).text("Pagamentos", left, doc.y, { width });
  doc.moveDown(0.5);
  const cols = [
    { title: "Data", w: 0.14, align: "left" as const },
    { title: "Forma", w: 0.18, align: "left" as const },
    { title: "Principal", w: 0.17, align: "right" as const },
    { title: "Multa", w: 0.16, align: "right" as const },
    { title: "Juros", w: 0.16, align: "right" as const },
    { title: "Total", w: 0.19, align: "right" as const },
  ];
  const row = (cells: string[], bold: boolean) => {
    const y = doc.y;
    let x = left;
    doc.font(bold ? "Helvetica-Bold" : "Helvetica").fontSize(10);
    cells.forEach((cell, i) => {
      const c = cols[i];
      if (!c) return;
      doc.text(cell, x, y, { width: c.w * width - 4, align: c.align, lineBreak: false });
      x += c.w * width;
    });
    doc.text("", left, y + 16);
  };
  row(
    cols.map((c) => c.title),
    true,
  );
  doc
    .moveTo(left, doc.y - 3)
    .lineTo(left + width, doc.y - 3)
    .strokeColor("#999999")
    .stroke();
  for (const p of r.payments) {
    row(
      [
        formatIsoDateBR(p.paidOn),
        p.method,
        formatCents(p.principalCents),
        formatCents(p.lateFeeCents),
        formatCents(p.interestCents),
        formatCents(p.amountCents),
      ],
      false,
    );
  }
  doc.moveDown(3);

  doc
    .font("Helvetica")
    .fontSize(12)
    .text(`${r.city}, ${longDateBR(r.date)}.`, left, doc.y, { width });
  doc.moveDown(4);
  const lineY = doc.y;
  doc
    .moveTo(left + width / 4, lineY)
    .lineTo(left + (width * 3) / 4, lineY)
    .strokeColor("#333333")
    .stroke();
  doc.text(r.office.name, left, lineY + 6, { width, align: "center" });
  doc.end();
  return done;
}
