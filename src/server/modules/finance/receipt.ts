/**
 * Recibos as PDFs. Every payment has its own recibo, numbered with its receipt number ("recibo nº
 * 2026/000005"): the amount received in figures and in words, what it refers to, its principal,
 * multa and juros, and the debt's balance right after it. A reversed payment's recibo is still
 * served, as it was issued, stamped ESTORNADO with the date and reason, so a copy in the client's
 * hands can be checked. A paid debt also has a recibo de quitação listing every payment (with their
 * receipt numbers) that was not reversed. Both name the office (and its CNPJ), the client (and
 * CPF/CNPJ), the place and the date.
 * The built-in Helvetica writes pt-BR accents (WinAnsi), so no font file is embedded.
 */
import type PDFDocument from "pdfkit";
import { documentType, formatDocument } from "../../../shared/documents.js";
import {
  formatIsoDateBR,
  PAYMENT_METHOD_LABELS,
  parseIsoDate,
  todayInSaoPaulo,
} from "../../../shared/finance.js";
import { formatCents } from "../../../shared/money.js";
import { singleLineForDisplay } from "../../../shared/text.js";
import { amountInWords } from "../../../shared/words.js";
import type { Executor } from "../../db/client.js";
import { notFound } from "../../lib/errors.js";
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

export interface ReceiptData extends ReceiptParties {
  number: string;
  totalCents: number;
  payments: {
    receiptNumber: string;
    paidOn: string;
    method: string;
    principalCents: number;
    lateFeeCents: number;
    interestCents: number;
    amountCents: number;
  }[];
  date: string;
}

/** What every recibo says of a debt: who issued it, to whom, for what, where. */
export interface ReceiptParties {
  office: { name: string; document: string | null };
  client: { name: string; document: string };
  description: string;
  installment: string;
  city: string;
}

/**
 * The debt the actor may see (policy action `action`), its payments as `loadPayments` reads them,
 * and the parties of its recibos. Another office's or company's debt is "not found".
 */
async function loadDebtForReceipt<P>(
  db: Executor,
  actor: Actor,
  debtId: string,
  action: "receipt" | "read",
  loadPayments: (db: Executor, officeId: string, debtId: string) => Promise<P[]>,
) {
  const view = await findDebt(db, actor.officeId, debtId);
  authorizeDebt(actor, action, view?.debt);
  if (!view) throw new Error("unreachable: authorizeDebt accepted a missing debt");
  const [payments, office, settings] = await Promise.all([
    loadPayments(db, actor.officeId, debtId),
    collectionRepo.officeProfile(db, actor.officeId),
    getFinanceSettings(db, actor.officeId),
  ]);
  const parties: ReceiptParties = {
    office: { name: office?.name ?? actor.officeName, document: office?.document ?? null },
    client: { name: view.clientName, document: view.clientDocument },
    description: view.debt.description,
    installment: installmentLabel(view.debt),
    // the office's city as typed in its PIX receiver (with accents); the office works in São Paulo time
    city: settings.pixMerchantCity?.trim() || "São Paulo",
  };
  return { debt: view.debt, payments, parties };
}

/** The figures of a payment a recibo shows. */
const paymentFigures = (p: {
  paidOn: string;
  method: keyof typeof PAYMENT_METHOD_LABELS;
  principalCents: number;
  lateFeeCents: number;
  interestCents: number;
  amountCents: number;
}) => ({
  paidOn: p.paidOn,
  method: PAYMENT_METHOD_LABELS[p.method],
  principalCents: p.principalCents,
  lateFeeCents: p.lateFeeCents,
  interestCents: p.interestCents,
  amountCents: p.amountCents,
});

/** The recibo de quitação of a paid debt the actor may see (staff, or a client user of the debt's company). */
export async function loadReceipt(db: Executor, actor: Actor, debtId: string): Promise<ReceiptData> {
  const { payments, parties } = await loadDebtForReceipt(
    db,
    actor,
    debtId,
    "receipt",
    collectionRepo.receiptPayments,
  );
  // the payment that settled the debt: the last one registered and not reversed
  const settling = payments.reduce<(typeof payments)[number] | undefined>(
    (last, p) => (!last || p.createdAt.getTime() >= last.createdAt.getTime() ? p : last),
    undefined,
  );
  if (!settling) throw new Error(`paid debt ${debtId} without a payment`);
  return {
    ...parties,
    number: receiptNumber(settling),
    totalCents: payments.reduce((sum, p) => sum + p.amountCents, 0),
    payments: payments.map((p) => ({ receiptNumber: receiptNumber(p), ...paymentFigures(p) })),
    date: settling.paidOn,
  };
}

/** recibo-2026-000012.pdf */
export const receiptFilename = (number: string) => `recibo-${number.replace("/", "-")}.pdf`;
/** recibo-quitacao-2026-000012.pdf (the number of the payment that settled the debt) */
export const settlementFilename = (number: string) => `recibo-quitacao-${number.replace("/", "-")}.pdf`;

/**
 * The texts people typed, as one clean line each: input is normalised since the text rule
 * (shared/text.ts), but rows saved before it may hold CR/LF or other controls, which the PDF font
 * draws as stray glyphs ("Padaria\r\nPão" showed as "PadariaÐ" and a line break).
 */
function cleanReceipt<
  R extends {
    office: { name: string };
    client: { name: string };
    description: string;
    installment: string;
    city: string;
  },
>(r: R): R {
  return {
    ...r,
    office: { ...r.office, name: singleLineForDisplay(r.office.name) },
    client: { ...r.client, name: singleLineForDisplay(r.client.name) },
    description: singleLineForDisplay(r.description),
    installment: singleLineForDisplay(r.installment),
    city: singleLineForDisplay(r.city) || "São Paulo",
  };
}

export interface PaymentReceiptData extends ReceiptParties {
  number: string;
  dueDate: string;
  debtAmountCents: number;
  payment: {
    paidOn: string;
    method: string;
    principalCents: number;
    lateFeeCents: number;
    interestCents: number;
    amountCents: number;
  };
  /** principal settled by this payment and the ones before it that stood when it was received */
  paidBeforeCents: number;
  /** principal still owed right after this payment */
  balanceAfterCents: number;
  reversal: { on: string; reason: string } | null;
  /** payments counted in paidBeforeCents that were reversed after this one was received */
  laterReversals: { number: string; on: string }[];
  date: string;
}

type Registered = { createdAt: Date; receiptYear: number; receiptSeq: number };
const registeredBefore = (a: Registered, b: Registered) =>
  a.createdAt.getTime() !== b.createdAt.getTime()
    ? a.createdAt.getTime() < b.createdAt.getTime()
    : a.receiptYear !== b.receiptYear
      ? a.receiptYear < b.receiptYear
      : a.receiptSeq < b.receiptSeq;

/**
 * The balance right after a payment, as it stood when the payment was received: the principal of
 * the payments registered before it that were not yet reversed at that moment. So the recibo reads
 * the same whenever it is downloaded, even after a later estorno.
 */
export function paymentsStandingBefore<P extends Registered & { reversedAt: Date | null }>(
  payment: Registered,
  all: P[],
): P[] {
  return all.filter(
    (q) =>
      registeredBefore(q, payment) &&
      (q.reversedAt === null || q.reversedAt.getTime() > payment.createdAt.getTime()),
  );
}

/**
 * The recibo of one payment of a debt the actor may see (staff of the office, or a client user of
 * the debt's company). A payment of another debt, office or company is "not found".
 */
export async function loadPaymentReceipt(
  db: Executor,
  actor: Actor,
  debtId: string,
  paymentId: string,
): Promise<PaymentReceiptData> {
  const {
    debt,
    payments,
    parties: partiesOfDebt,
  } = await loadDebtForReceipt(db, actor, debtId, "read", collectionRepo.debtPayments);
  const p = payments.find((x) => x.id === paymentId);
  if (!p) throw notFound("Pagamento");
  const before = paymentsStandingBefore(p, payments);
  const paidBeforeCents = before.reduce((sum, q) => sum + q.principalCents, 0);
  return {
    ...partiesOfDebt,
    number: receiptNumber(p),
    dueDate: debt.dueDate,
    debtAmountCents: debt.amountCents,
    payment: paymentFigures(p),
    paidBeforeCents,
    balanceAfterCents: Math.max(0, debt.amountCents - paidBeforeCents - p.principalCents),
    reversal: p.reversedAt ? { on: todayInSaoPaulo(p.reversedAt), reason: p.reversalReason ?? "" } : null,
    laterReversals: before.flatMap((q) =>
      q.reversedAt ? [{ number: receiptNumber(q), on: todayInSaoPaulo(q.reversedAt) }] : [],
    ),
    date: p.paidOn,
  };
}

type Doc = InstanceType<typeof PDFDocument>;
type Column = { title: string; w: number; align: "left" | "right" };

/**
 * A4 with the office's name on top; `finish` resolves with the PDF's bytes once `doc.end()` ran.
 * pdfkit (with fontkit) is loaded at the first receipt, not at start: it is the heaviest import.
 */
async function startPdf(info: { title: string; author: string; subject: string }) {
  const { default: PDFKit } = await import("pdfkit");
  const doc = new PDFKit({
    size: "A4",
    margin: 56,
    info: { Title: info.title, Author: info.author, Subject: info.subject },
  });
  const chunks: Buffer[] = [];
  const finish = new Promise<Buffer>((resolve, reject) => {
    doc.on("data", (c: Buffer) => chunks.push(c));
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });
  const left = doc.page.margins.left;
  const width = doc.page.width - doc.page.margins.left - doc.page.margins.right;
  return { doc, finish, left, width };
}

function officeHeader(doc: Doc, office: { name: string; document: string | null }, width: number) {
  doc.font("Helvetica-Bold").fontSize(14).text(office.name, { width });
  if (office.document) doc.font("Helvetica").fontSize(10).text(documentPhrase(office.document), { width });
  doc.moveDown(1.5);
}

function title(doc: Doc, text: string, totalCents: number, left: number, width: number) {
  const titleY = doc.y;
  doc.font("Helvetica-Bold").fontSize(18).text(text, left, titleY, { width });
  doc.fontSize(14).text(`Valor: ${formatCents(totalCents)}`, left, titleY + 2, { width, align: "right" });
  doc.moveDown(1.5);
}

function paragraph(doc: Doc, text: string, left: number, width: number) {
  doc.font("Helvetica").fontSize(12).text(text, left, doc.y, { width, align: "justify", lineGap: 4 });
  doc.moveDown(1.5);
}

function table(doc: Doc, cols: Column[], rows: string[][], left: number, width: number) {
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
  for (const cells of rows) row(cells, false);
}

function placeAndSignature(
  doc: Doc,
  r: { city: string; date: string; office: { name: string } },
  left: number,
  width: number,
) {
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
}

const about = (r: { description: string; installment: string }) =>
  r.installment ? `${r.description} (${r.installment})` : r.description;

/** "Recebemos de Fulano (CPF …) a importância de R$ 10,00 (dez reais)" */
const receivedFrom = (client: { name: string; document: string }, cents: number) =>
  `Recebemos de ${client.name} (${documentPhrase(client.document)}) a importância de ${formatCents(cents)} (${amountInWords(cents)})`;

const moneyCells = (p: {
  principalCents: number;
  lateFeeCents: number;
  interestCents: number;
  amountCents: number;
}) => [
  formatCents(p.principalCents),
  formatCents(p.lateFeeCents),
  formatCents(p.interestCents),
  formatCents(p.amountCents),
];

/** The recibo of one payment. */
export async function renderPaymentReceiptPdf(data: PaymentReceiptData): Promise<Buffer> {
  const r = cleanReceipt(data);
  const { doc, finish, left, width } = await startPdf({
    title: `Recibo Nº ${r.number}${r.reversal ? " (estornado)" : ""}`,
    author: r.office.name,
    subject: r.description,
  });
  officeHeader(doc, r.office, width);
  title(doc, `RECIBO Nº ${r.number}`, r.payment.amountCents, left, width);
  if (r.reversal) {
    doc
      .font("Helvetica-Bold")
      .fontSize(16)
      .fillColor("#cf1322")
      .text(`ESTORNADO em ${formatIsoDateBR(r.reversal.on)}`, left, doc.y, { width });
    doc
      .font("Helvetica")
      .fontSize(11)
      .text(
        `${r.reversal.reason ? `Motivo: ${r.reversal.reason}. ` : ""}Este pagamento foi estornado: este recibo não tem validade.`,
        left,
        doc.y,
        { width },
      )
      .fillColor("#000000");
    doc.moveDown(1.5);
  }
  const settles = r.balanceAfterCents === 0;
  paragraph(
    doc,
    `${receivedFrom(r.client, r.payment.amountCents)} referente ${settles ? "à quitação" : "ao pagamento parcial"} de ${about(r)}, com vencimento em ${formatIsoDateBR(r.dueDate)}.`,
    left,
    width,
  );

  doc.font("Helvetica-Bold").fontSize(11).text("Pagamento", left, doc.y, { width });
  doc.moveDown(0.5);
  table(
    doc,
    [
      { title: "Data", w: 0.14, align: "left" },
      { title: "Forma", w: 0.18, align: "left" },
      { title: "Principal", w: 0.17, align: "right" },
      { title: "Multa", w: 0.16, align: "right" },
      { title: "Juros", w: 0.16, align: "right" },
      { title: "Total", w: 0.19, align: "right" },
    ],
    [[formatIsoDateBR(r.payment.paidOn), r.payment.method, ...moneyCells(r.payment)]],
    left,
    width,
  );
  doc.moveDown(1.5);

  doc.font("Helvetica-Bold").fontSize(11).text("Situação do débito", left, doc.y, { width });
  doc.moveDown(0.5);
  doc.font("Helvetica").fontSize(11);
  const lines = [
    `Valor do débito: ${formatCents(r.debtAmountCents)}`,
    `Pago antes deste recibo: ${formatCents(r.paidBeforeCents)}`,
    `Principal pago neste recibo: ${formatCents(r.payment.principalCents)}`,
    `Saldo após este pagamento: ${formatCents(r.balanceAfterCents)}${settles ? " (débito quitado)" : ""}`,
  ];
  for (const line of lines) doc.text(line, left, doc.y, { width });
  for (const later of r.laterReversals) {
    doc
      .moveDown(0.5)
      .font("Helvetica-Oblique")
      .fontSize(10)
      .text(
        `Atenção: o pagamento do recibo nº ${later.number}, considerado neste saldo, foi estornado em ${formatIsoDateBR(later.on)}.`,
        left,
        doc.y,
        { width },
      );
  }
  doc.moveDown(3);

  placeAndSignature(doc, r, left, width);
  doc.end();
  return finish;
}

/** The recibo de quitação of a paid debt: every payment that was not reversed. */
export async function renderReceiptPdf(data: ReceiptData): Promise<Buffer> {
  const r = cleanReceipt(data);
  const { doc, finish, left, width } = await startPdf({
    title: `Recibo de quitação (recibo Nº ${r.number})`,
    author: r.office.name,
    subject: r.description,
  });
  officeHeader(doc, r.office, width);
  title(doc, "RECIBO DE QUITAÇÃO", r.totalCents, left, width);
  paragraph(
    doc,
    `${receivedFrom(r.client, r.totalCents)} referente a ${about(r)}, dando plena quitação deste débito.`,
    left,
    width,
  );

  doc.font("Helvetica-Bold").fontSize(11).text("Pagamentos", left, doc.y, { width });
  doc.moveDown(0.5);
  table(
    doc,
    [
      { title: "Recibo", w: 0.15, align: "left" },
      { title: "Data", w: 0.13, align: "left" },
      { title: "Forma", w: 0.15, align: "left" },
      { title: "Principal", w: 0.15, align: "right" },
      { title: "Multa", w: 0.13, align: "right" },
      { title: "Juros", w: 0.13, align: "right" },
      { title: "Total", w: 0.16, align: "right" },
    ],
    r.payments.map((p) => [p.receiptNumber, formatIsoDateBR(p.paidOn), p.method, ...moneyCells(p)]),
    left,
    width,
  );
  doc.moveDown(3);

  placeAndSignature(doc, r, left, width);
  doc.end();
  return finish;
}
