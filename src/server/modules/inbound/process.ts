import { Readable } from "node:stream";
import { ticketLink } from "../../../shared/links.js";
import { isClosed } from "../../../shared/status.js";
import type { Db, Executor } from "../../db/client.js";
import type { JobQueue } from "../../jobs/queue.js";
import { AppError } from "../../lib/errors.js";
import type { Bus } from "../../realtime/bus.js";
import type { BlobStore } from "../../storage/index.js";
import { assertExtensionAllowed, classifyContent, HEAD_BYTES } from "../attachments/content-type.js";
import { normalizeFileName } from "../attachments/file-name.js";
import * as attachmentsRepo from "../attachments/repository.js";
import { queueEmail } from "../mail/outbox.js";
import { tokenOfRecipient, verifyReplyToken } from "../mail/reply-token.js";
import { inboundAckEmail } from "../mail/templates.js";
import * as messagesRepo from "../messages/repository.js";
import { queueStatusEmail } from "../tickets/notifications.js";
import { formatProtocol, protocolYear } from "../tickets/protocol.js";
import * as ticketsRepo from "../tickets/repository.js";
import { derivedMessageId, type InboundMessage, parseInbound, rawHeaders } from "./parse.js";
import * as repo from "./repository.js";

export interface InboundDeps {
  db: Db;
  jobs: JobQueue;
  bus: Bus;
  blobStore: BlobStore;
  publicUrl: string;
  /** a larger message is kept with its headers only, "muito grande" in the Caixa de entrada */
  maxMessageBytes: number;
  /** the uploads' per-file limit */
  maxFileBytes: number;
  log?: { error(obj: unknown, msg?: string): void };
}

export type InboundOutcome =
  | { status: "duplicate" }
  | { status: repo.InboundEmailRow["status"]; id: string; ticketId: string | null };

/** `[2026/000123]` or `[Atendimento 2026/000123]` in the subject. */
const PROTOCOL_IN_SUBJECT = /\[(?:atendimento\s+)?(\d{4})\/(\d{1,9})\]/i;

/** A file that will become one of the atendimento's files, already in the blob store. */
interface StoredFile {
  name: string;
  sha256: string;
  sizeBytes: number;
  mime: string;
}

/**
 * One message read from an office's mailbox, handled exactly once: the row (office + Message-ID
 * unique) is inserted first in the same transaction as everything the message causes, so a second
 * copy (same message seen again, another instance, a restart) inserts nothing and changes nothing.
 */
export async function processInbound(
  d: InboundDeps,
  settings: repo.InboundSettingsRow,
  raw: Buffer,
  where: { uidValidity: number | null; uid: number | null } = { uidValidity: null, uid: null },
  /** the size the server announced (raw is then only the headers of a message over the limit) */
  size = raw.length,
): Promise<InboundOutcome> {
  const officeId = settings.officeId;
  const base = { officeId, uidValidity: where.uidValidity, uid: where.uid, sizeBytes: size };

  if (size > d.maxMessageBytes) {
    const headers = rawHeaders(raw);
    const h = (n: string) => headers.find(([k]) => k === n)?.[1] ?? "";
    const id =
      /<[^<>\s]+>/.exec(h("message-id"))?.[0] ?? derivedMessageId(Buffer.from(JSON.stringify(headers)));
    const row = await repo.insertInbound(d.db, {
      ...base,
      messageId: id,
      fromAddress: (/<([^<>\s]+@[^<>\s]+)>/.exec(h("from"))?.[1] ?? h("from")).toLowerCase().slice(0, 320),
      subject: h("subject").slice(0, 500),
      status: "too_large",
      note: `Mensagem de ${formatMb(size)} MB, acima do limite de ${formatMb(d.maxMessageBytes)} MB: só os cabeçalhos foram guardados.`,
      headers,
    });
    return row ? { status: "too_large", id: row.id, ticketId: null } : { status: "duplicate" };
  }

  const stored = await d.blobStore.put(Readable.from([raw]));
  let m: InboundMessage;
  try {
    m = await parseInbound(raw);
  } catch (err) {
    // unreadable MIME: kept for a person to look at, with its headers and the original
    const row = await repo.insertInbound(d.db, {
      ...base,
      messageId: derivedMessageId(raw),
      status: "triage",
      note: `Mensagem malformada, não foi possível ler: ${(err as Error).message}`.slice(0, 500),
      headers: rawHeaders(raw),
      rawSha256: stored.sha256,
    });
    return row ? { status: "triage", id: row.id, ticketId: null } : { status: "duplicate" };
  }

  const files = await storeFilesOf(d, m);
  const result = await d.db.transaction(async (tx) => {
    const row = await repo.insertInbound(tx, {
      ...base,
      messageId: m.messageId,
      fromAddress: m.fromAddress.slice(0, 320),
      fromName: m.fromName.slice(0, 200),
      subject: m.subject.slice(0, 500),
      sentAt: m.sentAt,
      status: "triage",
      headers: m.headers,
      visibleText: m.visibleText,
      fullText: m.fullText,
      rawSha256: stored.sha256,
    });
    if (!row) return null;
    return handle(tx, d, settings, row, m, files);
  });
  if (!result) return { status: "duplicate" };
  for (const ev of result.events)
    await d.bus.publish(ev).catch((err) => d.log?.error({ err }, "publish failed"));
  return { status: result.status, id: result.id, ticketId: result.ticketId };
}

const formatMb = (b: number) => (b / 1024 / 1024).toLocaleString("pt-BR", { maximumFractionDigits: 1 });

/** The files of the message that pass the uploads' rules (type from the content, no executables). */
export async function storeFilesOf(d: InboundDeps, m: InboundMessage) {
  const ok: StoredFile[] = [];
  const refused: string[] = [];
  for (const f of m.files) {
    const name = normalizeFileName(f.name);
    try {
      assertExtensionAllowed(name);
      if (f.content.length > d.maxFileBytes)
        throw new AppError(413, "file_too_large", "arquivo muito grande");
      const mime = await classifyContent(name, f.content.subarray(0, HEAD_BYTES));
      if (f.content.length === 0) continue;
      const blob = await d.blobStore.put(Readable.from([f.content]));
      ok.push({ name, sha256: blob.sha256, sizeBytes: blob.size, mime });
    } catch (err) {
      refused.push(`${name} (${err instanceof AppError ? err.message : "não foi possível ler"})`);
    }
  }
  return { ok, refused };
}

type Handled = {
  status: repo.InboundEmailRow["status"];
  id: string;
  ticketId: string | null;
  events: Parameters<Bus["publish"]>[0][];
};

async function handle(
  tx: Executor,
  d: InboundDeps,
  s: repo.InboundSettingsRow,
  row: repo.InboundEmailRow,
  m: InboundMessage,
  files: { ok: StoredFile[]; refused: string[] },
): Promise<Handled> {
  const officeId = s.officeId;
  const done = async (
    status: repo.InboundEmailRow["status"],
    note: string | null,
    ticketId: string | null = null,
    clientId: string | null = null,
    events: Handled["events"] = [],
  ): Promise<Handled> => {
    const refused = files.refused.length ? `Anexos recusados: ${files.refused.join("; ")}.` : null;
    await repo.updateInbound(tx, officeId, row.id, {
      status,
      note: [note, refused].filter(Boolean).join(" ") || null,
      ticketId,
      clientId,
    });
    return { status, id: row.id, ticketId, events };
  };

  if (m.bounce) {
    await repo.markFailing(tx, officeId, m.bounce.recipients, m.bounce.reason);
    return done(
      "bounce",
      m.bounce.recipients.length
        ? `Falha de entrega para ${m.bounce.recipients.join(", ")}: ${m.bounce.reason}`
        : "Aviso de falha de entrega sem destinatário identificado.",
    );
  }

  const senders = await repo.sendersOf(tx, officeId, m.fromAddress);
  const match = await matchTicket(tx, s, m, senders.clientIds);
  if (match) {
    const ticket = await repo.ticketForUpdate(tx, officeId, match.ticketId);
    if (!ticket) return done("triage", "Atendimento não encontrado.");
    if (m.automatic)
      return done(
        "ignored",
        `Resposta automática (${m.automatic}) do atendimento: não entra no chat.`,
        ticket.id,
      );
    const events = await addReply(tx, d, s, ticket, row, m, files.ok, senders);
    return done("matched", match.how, ticket.id, ticket.requesterId, events);
  }

  if (m.automatic) return done("ignored", `Mensagem automática (${m.automatic}): sem resposta.`);
  const clientId = senders.clientIds[0];
  if (!clientId) return done("triage", "Remetente desconhecido: vincule a um cliente ou descarte.");
  const created = await openTicketFromEmail(tx, d, officeId, clientId, m, files.ok, true);
  return done(
    "created",
    "Novo atendimento aberto pelo e-mail do cliente.",
    created.ticketId,
    clientId,
    created.events,
  );
}

/**
 * In order: In-Reply-To/References (our Message-IDs, or the client's earlier e-mails of an
 * atendimento), the signed reply token of a recipient, the protocol in the subject. The protocol is
 * guessable, so it counts only when the sender is a known address of that atendimento's client.
 */
async function matchTicket(
  tx: Executor,
  s: repo.InboundSettingsRow,
  m: InboundMessage,
  senderClientIds: string[],
): Promise<{ ticketId: string; how: string } | null> {
  const byHeader = await repo.ticketByMessageIds(tx, s.officeId, [...m.inReplyTo, ...m.references]);
  if (byHeader) return { ticketId: byHeader, how: "Resposta (In-Reply-To/References)." };
  for (const r of m.recipients) {
    const token = tokenOfRecipient(s.address, r);
    const ticketId = token ? verifyReplyToken(s.tokenKey, s.officeId, token) : null;
    if (ticketId) {
      const t = await ticketsRepo.findForUpdate(tx, s.officeId, ticketId);
      if (t) return { ticketId, how: "Resposta (endereço com token do atendimento)." };
    }
  }
  const p = PROTOCOL_IN_SUBJECT.exec(m.subject);
  if (p) {
    const ticketId = await repo.ticketByProtocol(tx, s.officeId, Number(p[1]), Number(p[2]));
    if (ticketId) {
      const t = await ticketsRepo.findForUpdate(tx, s.officeId, ticketId);
      if (t && senderClientIds.includes(t.requesterId))
        return { ticketId, how: "Protocolo no assunto, remetente do cliente." };
    }
  }
  return null;
}

/** The reply as a chat message from the client, its files, and Reaberto when the office wants it. */
async function addReply(
  tx: Executor,
  d: InboundDeps,
  s: repo.InboundSettingsRow,
  ticket: ticketsRepo.TicketRecord,
  row: repo.InboundEmailRow,
  m: InboundMessage,
  files: StoredFile[],
  senders: Awaited<ReturnType<typeof repo.sendersOf>>,
): Promise<Handled["events"]> {
  const officeId = s.officeId;
  const events: Handled["events"] = [];
  const author = senders.users.find((u) => u.clientIds.includes(ticket.requesterId))?.id ?? null;
  const now = new Date();
  if (isClosed(ticket.status) && s.reopenOnReply) {
    await ticketsRepo.update(tx, officeId, ticket.id, {
      status: "reopened",
      touchedAt: ticket.touchedAt ?? now,
    });
    await ticketsRepo.insertEvent(tx, {
      officeId,
      ticketId: ticket.id,
      actorId: null,
      type: "reopened",
      clientVisible: true,
      changes: [
        { field: "status", from: ticket.status, to: "reopened" },
        { field: "reason", from: null, to: `Resposta por e-mail de ${m.fromAddress}` },
      ],
      createdAt: now,
    });
    await queueStatusEmail(
      tx,
      { jobs: d.jobs, publicUrl: d.publicUrl },
      { officeId, userId: null },
      ticket.id,
      ticket.status,
      "reopened",
    );
  } else {
    await ticketsRepo.update(tx, officeId, ticket.id, {});
  }
  const body = messageBody(m, files);
  const message = await messagesRepo.insert(tx, {
    officeId,
    ticketId: ticket.id,
    authorId: author,
    body,
    internal: false,
    inboundEmailId: row.id,
    createdAt: now,
  });
  await ticketsRepo.insertEvent(tx, {
    officeId,
    ticketId: ticket.id,
    actorId: author,
    type: "message",
    clientVisible: true,
    changes: [
      {
        field: "message",
        from: null,
        to: `(por e-mail) ${body.length > 140 ? `${body.slice(0, 140)}…` : body}`,
      },
    ],
    createdAt: now,
  });
  await insertFiles(tx, officeId, ticket.id, author, files, message.id, now);
  events.push({ type: "message", officeId, ticketId: ticket.id, messageId: message.id, internal: false });
  events.push({
    type: "ticket",
    officeId,
    ticketId: ticket.id,
    reason: "message",
    requesterId: ticket.requesterId,
  });
  return events;
}

function messageBody(m: InboundMessage, files: StoredFile[]) {
  const text = m.visibleText || m.fullText.trim() || "(e-mail sem texto)";
  const names = files.length
    ? `\n\n${files.length > 1 ? "Arquivos" : "Arquivo"}: ${files.map((f) => f.name).join(", ")}`
    : "";
  const body = `${text}${names}`;
  return body.length > 5000 ? `${body.slice(0, 4999)}…` : body;
}

async function insertFiles(
  tx: Executor,
  officeId: string,
  ticketId: string,
  uploadedBy: string | null,
  files: StoredFile[],
  messageId: string | null,
  start: Date,
) {
  for (const [i, f] of files.entries()) {
    const at = new Date(start.getTime() + i + 1);
    await attachmentsRepo.insert(tx, {
      officeId,
      ticketId,
      sha256: f.sha256,
      sizeBytes: f.sizeBytes,
      name: f.name,
      mime: f.mime,
      source: "email",
      messageId,
      uploadedBy,
      createdAt: at,
    });
    await ticketsRepo.insertEvent(tx, {
      officeId,
      ticketId,
      actorId: uploadedBy,
      type: "attachment_added",
      clientVisible: true,
      changes: [{ field: "attachment", from: null, to: f.name }],
      createdAt: at,
    });
  }
}

/**
 * A new atendimento Aberto for the client, without service (like a portal request), from the
 * e-mail: subject, the reply text as description, the files. With `acknowledge`, an automatic answer
 * with the protocol goes to the sender (never to an automatic message: the caller checked).
 */
export async function openTicketFromEmail(
  tx: Executor,
  d: Pick<InboundDeps, "jobs" | "publicUrl">,
  officeId: string,
  clientId: string,
  m: Pick<InboundMessage, "subject" | "visibleText" | "fullText" | "fromAddress">,
  files: StoredFile[],
  acknowledge: boolean,
  createdBy: string | null = null,
) {
  const now = new Date();
  const year = protocolYear(now);
  const seq = await ticketsRepo.nextProtocolSeq(tx, officeId, year);
  const subject = (
    m.subject.replace(/^\s*((re|res|fw|fwd|enc)\s*:\s*)+/i, "").trim() || "(sem assunto)"
  ).slice(0, 200);
  const description = (m.visibleText || m.fullText.trim()).slice(0, 10000);
  const ticket = await ticketsRepo.insert(tx, {
    officeId,
    protocolYear: year,
    protocolSeq: seq,
    requesterId: clientId,
    serviceId: null,
    accountantId: null,
    assigneeId: null,
    subject,
    description,
    amountCents: 0,
    status: "open",
    createdBy,
    createdAt: now,
    updatedAt: now,
  });
  await ticketsRepo.insertEvent(tx, {
    officeId,
    ticketId: ticket.id,
    actorId: createdBy,
    type: "created",
    clientVisible: true,
    changes: [
      { field: "subject", from: null, to: subject },
      ...(description ? [{ field: "description", from: null, to: description.slice(0, 500) }] : []),
      { field: "status", from: null, to: "open" },
      { field: "origin", from: null, to: `E-mail de ${m.fromAddress}` },
    ],
    createdAt: now,
  });
  await insertFiles(tx, officeId, ticket.id, null, files, null, now);
  if (acknowledge && m.fromAddress) {
    const client = await repo.clientOfOffice(tx, officeId, clientId);
    await queueEmail(tx, d.jobs, {
      officeId,
      ticketId: ticket.id,
      kind: "inbound_ack",
      to: [m.fromAddress],
      content: inboundAckEmail({
        officeName: await repo.officeName(tx, officeId),
        protocol: formatProtocol(year, seq),
        subject,
        clientName: client?.name ?? "",
        link: ticketLink(d.publicUrl, ticket.id),
      }),
      createdBy: null,
    });
  }
  return {
    ticketId: ticket.id,
    events: [
      { type: "ticket", officeId, ticketId: ticket.id, reason: "created", requesterId: clientId },
    ] as Handled["events"],
  };
}
