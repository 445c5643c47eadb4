/**
 * Cobrança: the e-mail the office sends a client for an open debt, with the PIX "copia e cola" of
 * what settles it today and its QR code inline. Written to the outbox in the transaction that
 * records it in the debt's history; the route then waits for the first delivery attempt.
 */
import { emailSchema } from "../../../shared/api.js";
import { formatCents } from "../../../shared/money.js";
import type { Db, Executor } from "../../db/client.js";
import type { EmailAttachment } from "../../db/schema/index.js";
import type { JobQueue } from "../../jobs/queue.js";
import { conflict, notFound } from "../../lib/errors.js";
import type { Actor } from "../auth/context.js";
import { queueEmail } from "../mail/outbox.js";
import type { EmailRow } from "../mail/repository.js";
import { type CollectionEmailData, collectionEmail } from "./collection-templates.js";
import { buildPixCharge, PIX_QR_CID, pixReceiverOf, pngOfDataUrl } from "./pix-charge.js";
import { authorizeDebt } from "./policy.js";
import {
  type DebtView,
  type FinanceSettingsRow,
  findDebt,
  getFinanceSettings,
  insertDebtEvent,
  lockDebt,
  officeName,
} from "./repository.js";

/** Where the client sees their debts (the e-mails link there). */
export const portalFinanceUrl = (publicUrl: string) => `${publicUrl}/portal/financeiro`;

/** Only well-formed addresses are used; a client whose e-mails are all invalid has no recipient. */
export function clientAddresses(list: readonly string[]): string[] {
  return [...new Set(list.filter((e) => emailSchema.safeParse(e).success))];
}

/** A debt's PIX code and the facts its e-mails show, as of `today`. */
export async function collectionFacts(
  db: Executor,
  view: DebtView,
  settings: FinanceSettingsRow,
  today: string,
  publicUrl: string,
) {
  const d = view.debt;
  const charge = await buildPixCharge(settings, d, today);
  const data: CollectionEmailData = {
    officeName: await officeName(db, d.officeId),
    clientName: view.clientName,
    description: d.description,
    installmentNumber: d.installmentNumber,
    installmentCount: d.installmentCount,
    dueDate: d.dueDate,
    amountCents: d.amountCents,
    paidCents: d.paidCents,
    daysLate: charge.due.daysLate,
    lateFeeCents: charge.due.lateFeeCents,
    interestCents: charge.due.interestCents,
    totalCents: charge.due.totalCents,
    pix: { payload: charge.payload, receiverName: charge.receiverName, receiverCity: charge.receiverCity },
    portalUrl: portalFinanceUrl(publicUrl),
  };
  const attachment: EmailAttachment = {
    filename: "pix-qrcode.png",
    contentType: "image/png",
    contentBase64: pngOfDataUrl(charge.qrCodeDataUrl).toString("base64"),
    cid: PIX_QR_CID,
  };
  return { charge, data, attachment, to: clientAddresses(view.clientEmails) };
}

/**
 * Queues the cobrança e-mail of an open debt and records it in the debt's history, in one
 * transaction (the debt is locked, so a payment registered meanwhile is seen). Returns the outbox row.
 */
export async function sendCollection(
  db: Db,
  jobs: JobQueue,
  actor: Actor,
  debtId: string,
  opts: { today: string; publicUrl: string; bulk?: boolean },
): Promise<EmailRow> {
  return db.transaction(async (tx) => {
    const locked = await lockDebt(tx, actor.officeId, debtId);
    authorizeDebt(actor, "collect", locked);
    const settings = await getFinanceSettings(tx, actor.officeId);
    if (!pixReceiverOf(settings))
      throw conflict(
        "pix_not_configured",
        "Configure a chave PIX, o nome e a cidade do recebedor em Configurações › Financeiro para enviar cobranças.",
      );
    const view = await findDebt(tx, actor.officeId, debtId);
    if (!view) throw notFound("Débito");
    const f = await collectionFacts(tx, view, settings, opts.today, opts.publicUrl);
    const email = await queueEmail(tx, jobs, {
      officeId: actor.officeId,
      ticketId: locked.ticketId,
      debtId,
      kind: "collection",
      to: f.to,
      content: collectionEmail(f.data),
      attachments: [f.attachment],
      createdBy: actor.userId,
      bulk: opts.bulk,
    });
    await insertDebtEvent(tx, {
      officeId: actor.officeId,
      debtId,
      actorId: actor.userId,
      type: "collection",
      summary: `Cobrança por e-mail${f.to.length ? ` para ${f.to.join(", ")}` : " (cliente sem e-mail cadastrado)"}: ${formatCents(f.charge.amountCents)} com PIX copia e cola`,
      data: { emailId: email.id, amountCents: f.charge.amountCents, txid: f.charge.txid },
    });
    return email;
  });
}
