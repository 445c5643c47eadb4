import type { z } from "zod";
import type { statusChangeSchema, ticketInputSchema, ticketUpdateSchema } from "../../../shared/api.js";
import { canChangeStatus, type TicketStatus } from "../../../shared/status.js";
import type { Db, Executor } from "../../db/client.js";
import { conflict, invalid, staleVersion } from "../../lib/errors.js";
import type { Actor } from "../auth/context.js";
import { type MailContext, queueNoticeEmail, queueStatusEmail } from "./notifications.js";
import { authorizeTicket } from "./policy.js";
import { protocolYear } from "./protocol.js";
import * as repo from "./repository.js";

type TicketInput = z.output<typeof ticketInputSchema>;
type TicketUpdate = z.output<typeof ticketUpdateSchema>;
type StatusChange = z.output<typeof statusChangeSchema>;

/**
 * Checks that every reference of the form exists in the actor's office and can be used, and
 * returns the names that the history records. Another office's id reads as "not found".
 */
async function resolveRefs(db: Executor, actor: Actor, input: TicketInput, current?: repo.TicketRecord) {
  const refs = await repo.refNames(db, actor.officeId, input);
  const fields: Record<string, string> = {};
  // an inactive record may stay on an atendimento that already has it, but not be newly chosen
  const usable = (r: { active: boolean } | undefined, keep: boolean) => !!r && (r.active || keep);
  if (!usable(refs.requester, current?.requesterId === input.requesterId))
    fields.requesterId = "Solicitante não encontrado ou inativo.";
  if (!usable(refs.service, current?.serviceId === input.serviceId))
    fields.serviceId = "Serviço não encontrado ou inativo.";
  if (input.accountantId && !usable(refs.accountant, current?.accountantId === input.accountantId))
    fields.accountantId = "Contador não encontrado ou inativo.";
  if (
    !refs.assignee ||
    refs.assignee.role === "client" ||
    !usable(refs.assignee, current?.assigneeId === input.assigneeId)
  )
    fields.assigneeId = "Responsável não encontrado ou inativo.";
  if (Object.keys(fields).length) throw invalid(fields);
  return {
    requester: refs.requester?.name ?? "",
    service: refs.service?.name ?? "",
    accountant: refs.accountant?.name ?? null,
    assignee: refs.assignee?.name ?? "",
  };
}

export async function createTicket(db: Db, actor: Actor, input: TicketInput, now = new Date()) {
  return db.transaction(async (tx) => {
    const names = await resolveRefs(tx, actor, input);
    const year = protocolYear(now);
    const seq = await repo.nextProtocolSeq(tx, actor.officeId, year);
    const ticket = await repo.insert(tx, {
      ...input,
      officeId: actor.officeId,
      protocolYear: year,
      protocolSeq: seq,
      status: "open",
      createdBy: actor.userId,
      createdAt: now,
      updatedAt: now,
    });
    await repo.insertEvent(tx, {
      officeId: actor.officeId,
      ticketId: ticket.id,
      actorId: actor.userId,
      type: "created",
      clientVisible: true,
      changes: [
        { field: "requester", from: null, to: names.requester },
        { field: "service", from: null, to: names.service },
        { field: "accountant", from: null, to: names.accountant },
        { field: "assignee", from: null, to: names.assignee },
        { field: "subject", from: null, to: input.subject },
        { field: "description", from: null, to: input.description || null },
        { field: "amountCents", from: null, to: input.amountCents },
        { field: "status", from: null, to: "open" },
      ].filter((c) => c.to !== null),
    });
    return ticket;
  });
}

async function lockForChange(
  tx: Executor,
  actor: Actor,
  id: string,
  version: number,
  action: "edit" | "changeStatus" | "reopen",
) {
  const ticket = await repo.findForUpdate(tx, actor.officeId, id);
  authorizeTicket(actor, "read", ticket);
  // a stale version is reported first: what the user saw is no longer what is there
  if (ticket.version !== version) throw staleVersion();
  authorizeTicket(actor, action, ticket);
  return ticket;
}

export async function updateTicket(db: Db, actor: Actor, id: string, input: TicketUpdate) {
  return db.transaction(async (tx) => {
    const { version, ...fields } = input;
    const current = await lockForChange(tx, actor, id, version, "edit");
    const names = await resolveRefs(tx, actor, fields, current);
    const before = await repo.findDetail(tx, actor.officeId, id);
    if (!before) throw new Error("locked atendimento vanished");
    const changes: repo.EventChange[] = [];
    const diff = (field: string, changed: boolean, from: unknown, to: unknown) => {
      if (changed) changes.push({ field, from, to });
    };
    diff("requester", current.requesterId !== fields.requesterId, before.requesterName, names.requester);
    diff("service", current.serviceId !== fields.serviceId, before.serviceName, names.service);
    diff("accountant", current.accountantId !== fields.accountantId, before.accountantName, names.accountant);
    diff("assignee", current.assigneeId !== fields.assigneeId, before.assigneeName, names.assignee);
    diff("subject", current.subject !== fields.subject, current.subject, fields.subject);
    diff("description", current.description !== fields.description, current.description, fields.description);
    diff("amountCents", current.amountCents !== fields.amountCents, current.amountCents, fields.amountCents);
    if (changes.length === 0) return current; // nothing changed: no new version, no history noise
    const updated = await repo.update(tx, actor.officeId, id, {
      ...fields,
      touchedAt: current.touchedAt ?? new Date(),
    });
    await repo.insertEvent(tx, {
      officeId: actor.officeId,
      ticketId: id,
      actorId: actor.userId,
      type: "updated",
      changes,
    });
    return updated;
  });
}

/**
 * The responsável of the bulk action: the edit of the atendimento with only the responsável changed,
 * through updateTicket (same policy, version check and history event). The other fields are the
 * stored ones; if any changed since, the version check refuses the whole change.
 */
export async function changeAssignee(db: Db, actor: Actor, id: string, assigneeId: string, version: number) {
  const current = await repo.findDetail(db, actor.officeId, id);
  authorizeTicket(actor, "read", current);
  if (current.version !== version) throw staleVersion();
  if (!current.serviceId)
    throw conflict(
      "incomplete",
      "Atendimento sem serviço (pedido do portal): abra-o e escolha o serviço antes de alterar o responsável.",
    );
  return updateTicket(db, actor, id, {
    requesterId: current.requesterId,
    serviceId: current.serviceId,
    accountantId: current.accountantId,
    assigneeId,
    subject: current.subject,
    description: current.description,
    amountCents: current.amountCents,
    version,
  });
}

export async function changeStatus(db: Db, mail: MailContext, actor: Actor, id: string, input: StatusChange) {
  return db.transaction(async (tx) => {
    const current = await lockForChange(tx, actor, id, input.version, "changeStatus");
    if (!canChangeStatus(current.status, input.status)) {
      throw conflict(
        "invalid_transition",
        current.status === input.status
          ? "O atendimento já está com este status."
          : "Esta mudança de status não é permitida.",
      );
    }
    return setStatus(tx, mail, actor, current, input.status, "status_changed");
  });
}

export async function reopenTicket(db: Db, mail: MailContext, actor: Actor, id: string, version: number) {
  return db.transaction(async (tx) => {
    const current = await lockForChange(tx, actor, id, version, "reopen");
    return setStatus(tx, mail, actor, current, "reopened", "reopened");
  });
}

/** One transaction: the new status, its history event and the e-mail to the client (outbox). */
async function setStatus(
  tx: Executor,
  mail: MailContext,
  actor: Actor,
  current: repo.TicketRecord,
  to: TicketStatus,
  type: "status_changed" | "reopened",
) {
  const updated = await repo.update(tx, actor.officeId, current.id, {
    status: to,
    touchedAt: current.touchedAt ?? new Date(),
  });
  await repo.insertEvent(tx, {
    officeId: actor.officeId,
    ticketId: current.id,
    actorId: actor.userId,
    type,
    clientVisible: true,
    changes: [{ field: "status", from: current.status, to }],
  });
  const email = await queueStatusEmail(tx, mail, actor, current.id, current.status, to);
  return { ticket: updated, email };
}

/** Notificar: only while the atendimento is new; records the notice and queues its e-mail. */
export async function notifyTicket(db: Db, mail: MailContext, actor: Actor, id: string) {
  return db.transaction(async (tx) => {
    const current = await repo.findForUpdate(tx, actor.officeId, id);
    authorizeTicket(actor, "read", current);
    authorizeTicket(actor, "notify", current);
    await repo.insertEvent(tx, {
      officeId: actor.officeId,
      ticketId: id,
      actorId: actor.userId,
      type: "notified",
      changes: [{ field: "notice", from: null, to: "Aviso de novo atendimento" }],
    });
    const email = await queueNoticeEmail(tx, mail, actor, id);
    return { ticket: current, email };
  });
}

/**
 * A request opened by a client user in the portal: an atendimento Aberto of their company, without
 * service, value or responsible until the office triages it.
 */
export async function createPortalRequest(
  db: Db,
  actor: Actor,
  input: { clientId: string; subject: string; description: string },
  now = new Date(),
) {
  return db.transaction(async (tx) => {
    const year = protocolYear(now);
    const seq = await repo.nextProtocolSeq(tx, actor.officeId, year);
    const ticket = await repo.insert(tx, {
      officeId: actor.officeId,
      protocolYear: year,
      protocolSeq: seq,
      requesterId: input.clientId,
      serviceId: null,
      accountantId: null,
      assigneeId: null,
      subject: input.subject,
      description: input.description,
      amountCents: 0,
      status: "open",
      createdBy: actor.userId,
      createdAt: now,
      updatedAt: now,
    });
    await repo.insertEvent(tx, {
      officeId: actor.officeId,
      ticketId: ticket.id,
      actorId: actor.userId,
      type: "created",
      clientVisible: true,
      changes: [
        { field: "subject", from: null, to: input.subject },
        ...(input.description ? [{ field: "description", from: null, to: input.description }] : []),
        { field: "status", from: null, to: "open" },
      ],
    });
    return ticket;
  });
}
