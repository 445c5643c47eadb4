import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type {
  AttachmentDto,
  ClientDto,
  EmailDto,
  MessageDto,
  Page,
  TicketDetail,
} from "../../../shared/api.js";
import type { InboundEmailDto, InboundSettingsDto } from "../../../shared/inbound.js";
import {
  createOffice,
  createRegistry,
  createTicket,
  createUser,
  expectError,
  type Session,
  useTestApp,
} from "../../test/harness.js";
import { TestImap } from "../../test/imap.js";
import { freePort } from "../../test/smtp.js";
import { type PollOptions, pollOnce } from "./poller.js";
import type { InboundDeps } from "./process.js";

const ctx = useTestApp();
const imap = new TestImap();
const USERS = Array.from({ length: 16 }, (_, i) => `caixa${i}`);
const PASSWORD = "senha-imap-123";
let nextUser = 0;

beforeAll(async () => {
  await imap.start(Object.fromEntries(USERS.map((u) => [u, PASSWORD])));
});
afterAll(() => imap.stop());

function deps(over: Partial<InboundDeps> = {}): InboundDeps {
  return {
    db: ctx.database.db,
    jobs: ctx.services.jobs,
    bus: ctx.services.bus,
    blobStore: ctx.services.blobStore,
    publicUrl: ctx.config.publicUrl,
    maxMessageBytes: 2 * 1024 * 1024,
    maxFileBytes: ctx.config.maxFileBytes,
    ...over,
  };
}
const pollOpts = (owner = "instancia-a"): PollOptions => ({
  secretKey: ctx.services.secretKey,
  owner,
  leaseSeconds: 60,
  intervalMs: 0,
  retryMs: 30_000,
  maxRetryMs: 600_000,
  timeoutMs: 5000,
});

/** An office with a registry, an atendimento and its own IMAP mailbox, configured through the API. */
async function setup(opts: { reopenOnReply?: boolean } = {}) {
  const o = await createOffice(ctx);
  const reg = await createRegistry(o.staff);
  const user = USERS[nextUser++] as string;
  const address = `atendimento-${o.tag}@escritorio.com.br`;
  const res = await o.admin.put("/api/settings/inbound", {
    host: "127.0.0.1",
    port: imap.port,
    security: "none",
    username: user,
    password: PASSWORD,
    folder: "INBOX",
    address,
    reopenOnReply: opts.reopenOnReply ?? true,
  });
  expect(res.statusCode).toBe(200);
  const deliver = (raw: string | Buffer) => imap.append(user, PASSWORD, raw);
  const poll = (owner?: string, d?: Partial<InboundDeps>) => pollOnce(deps(d), pollOpts(owner), o.office.id);
  return { ...o, reg, user, address, deliver, poll };
}

interface Part {
  name: string;
  type: string;
  content: Buffer;
}
function mail(o: {
  from: string;
  to: string;
  subject: string;
  text: string;
  messageId?: string;
  inReplyTo?: string;
  headers?: Record<string, string>;
  files?: Part[];
}) {
  const id = o.messageId ?? `<${randomUUID()}@cliente.com.br>`;
  const head = [
    `From: ${o.from}`,
    `To: ${o.to}`,
    `Subject: ${o.subject}`,
    `Date: ${new Date().toUTCString()}`,
    `Message-ID: ${id}`,
    ...(o.inReplyTo ? [`In-Reply-To: ${o.inReplyTo}`, `References: ${o.inReplyTo}`] : []),
    ...Object.entries(o.headers ?? {}).map(([k, v]) => `${k}: ${v}`),
    "MIME-Version: 1.0",
  ];
  const body = Buffer.from(o.text, "utf8").toString("base64");
  if (!o.files?.length)
    return [
      ...head,
      "Content-Type: text/plain; charset=utf-8",
      "Content-Transfer-Encoding: base64",
      "",
      body,
      "",
    ].join("\r\n");
  const b = `b-${randomUUID()}`;
  return [
    ...head,
    `Content-Type: multipart/mixed; boundary="${b}"`,
    "",
    `--${b}`,
    "Content-Type: text/plain; charset=utf-8",
    "Content-Transfer-Encoding: base64",
    "",
    body,
    ...o.files.flatMap((f) => [
      `--${b}`,
      `Content-Type: ${f.type}; name="${f.name}"`,
      `Content-Disposition: attachment; filename="${f.name}"`,
      "Content-Transfer-Encoding: base64",
      "",
      f.content.toString("base64"),
    ]),
    `--${b}--`,
    "",
  ].join("\r\n");
}

const PDF = Buffer.from("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n");
const EXE = Buffer.concat([Buffer.from("MZ"), Buffer.alloc(200, 1)]);
const QUOTED =
  "Segue o comprovante pedido.\n\nEm seg., 1 de dez. de 2026 às 10:00, Escritório <x@escritorio.com.br> escreveu:\n> Olá, o status mudou.\n> Protocolo 2026/000001\n";

async function rows<T>(q: ReturnType<typeof sql>) {
  return ((await ctx.database.db.execute(q)) as unknown as { rows: T[] }).rows;
}
async function lastEmail(ticketId: string, kind = "status_changed") {
  const [e] = await rows<{
    message_id: string;
    reply_to: string | null;
    subject: string;
    to_addresses: string[];
  }>(
    sql`select message_id, reply_to, subject, to_addresses from emails where ticket_id = ${ticketId} and kind = ${kind} order by created_at desc limit 1`,
  );
  if (!e) throw new Error("no e-mail");
  return e;
}
async function messagesOf(s: Session, ticketId: string) {
  const res = await s.get(`/api/tickets/${ticketId}/messages`);
  expect(res.statusCode).toBe(200);
  return res.json() as MessageDto[];
}
async function filesOf(s: Session, ticketId: string) {
  const res = await s.get(`/api/tickets/${ticketId}/attachments`);
  expect(res.statusCode).toBe(200);
  return res.json() as AttachmentDto[];
}
async function inbox(s: Session, view = "all") {
  const res = await s.get(`/api/inbound?view=${view}`);
  expect(res.statusCode).toBe(200);
  return (res.json() as Page<InboundEmailDto>).items;
}
async function changeStatus(s: Session, id: string, status: string) {
  const t = (await s.get(`/api/tickets/${id}`)).json() as TicketDetail;
  const res = await s.post(`/api/tickets/${id}/status`, { status, version: t.version });
  expect(res.statusCode).toBe(200);
}

describe("replies to the office's e-mails", () => {
  it("threads a reply by In-Reply-To: quoted text stripped, original kept, PDF saved, executable refused", async () => {
    const o = await setup();
    const t = await createTicket(o.staff, o.reg);
    await changeStatus(o.staff, t.id, "waiting");
    const ours = await lastEmail(t.id);
    expect(ours.reply_to).toMatch(new RegExp(`^atendimento-${o.tag}\\+[a-z2-7]{42}@escritorio\\.com\\.br$`));
    expect(ours.subject).toContain(`[Atendimento ${t.protocol}]`);
    await o.deliver(
      mail({
        from: "Marta <contato@paodourado.com.br>",
        to: "outro@escritorio.com.br",
        subject: "Re: seu atendimento",
        inReplyTo: ours.message_id,
        text: QUOTED,
        files: [
          { name: "comprovante.pdf", type: "application/pdf", content: PDF },
          { name: "fotos.exe", type: "application/octet-stream", content: EXE },
        ],
      }),
    );
    expect(await o.poll()).toMatchObject({ polled: true, ok: true, processed: 1 });
    const msgs = await messagesOf(o.staff, t.id);
    const reply = msgs.at(-1) as MessageDto;
    expect(reply.author).toMatchObject({ id: null, side: "client", name: "Marta" });
    expect(reply.body).toBe("Segue o comprovante pedido.\n\nArquivo: comprovante.pdf");
    expect(reply.inboundEmailId).toBeTruthy();
    const files = await filesOf(o.staff, t.id);
    expect(files.map((f) => [f.name, f.mime, f.uploadedBy.name])).toEqual([
      ["comprovante.pdf", "application/pdf", "E-mail do cliente"],
    ]);
    const [row] = await inbox(o.staff);
    expect(row).toMatchObject({ status: "matched", ticket: { id: t.id, protocol: t.protocol } });
    expect(row?.note).toMatch(/In-Reply-To/);
    expect(row?.note).toMatch(/fotos\.exe/);
    // the full original, quotes included, stays viewable by staff; never by another office
    const original = await o.staff.get(`/api/inbound/${reply.inboundEmailId}/original`);
    expect(original.statusCode).toBe(200);
    expect(original.headers["content-disposition"]).toMatch(/^attachment/);
    expect(original.body).toContain(Buffer.from(QUOTED).toString("base64").slice(0, 40));
    const other = await createOffice(ctx, "Outro Escritório");
    expect((await other.staff.get(`/api/inbound/${reply.inboundEmailId}/original`)).statusCode).toBe(404);
    expect(await inbox(other.staff)).toEqual([]);
  });

  it("threads by the signed reply token, and by the protocol only for the client's own address", async () => {
    const o = await setup();
    const t = await createTicket(o.staff, o.reg);
    await changeStatus(o.staff, t.id, "analysing");
    const ours = await lastEmail(t.id);
    await o.deliver(
      mail({
        from: "fiscal@outra.com.br",
        to: ours.reply_to as string,
        subject: "sem protocolo",
        text: "Por token.",
      }),
    );
    await o.deliver(
      mail({
        from: "contato@paodourado.com.br",
        to: o.address,
        subject: `Dúvida [${t.protocol}]`,
        text: "Por protocolo.",
      }),
    );
    // guessable protocol, stranger's address: not into the atendimento
    await o.deliver(
      mail({ from: "golpe@fraude.com", to: o.address, subject: `[${t.protocol}] pague`, text: "Golpe." }),
    );
    expect(await o.poll()).toMatchObject({ ok: true, processed: 3 });
    const bodies = (await messagesOf(o.staff, t.id)).map((m) => m.body);
    expect(bodies).toContain("Por token.");
    expect(bodies).toContain("Por protocolo.");
    expect(bodies).not.toContain("Golpe.");
    const triage = await inbox(o.staff, "pending");
    expect(triage.map((i) => [i.from.address, i.status])).toEqual([["golpe@fraude.com", "triage"]]);
  });

  it("never crosses offices: a forged token and another office's token match nothing", async () => {
    const a = await setup();
    const b = await setup();
    const ta = await createTicket(a.staff, a.reg);
    const tb = await createTicket(b.staff, b.reg);
    await changeStatus(a.staff, ta.id, "analysing");
    await changeStatus(b.staff, tb.id, "analysing");
    const tokenA = ((await lastEmail(ta.id)).reply_to as string).split("+")[1]?.split("@")[0] as string;
    const forged = `${tokenA.slice(0, -3)}aaa`;
    // B's mailbox receives A's token (on B's address) and a forged one: neither may land anywhere
    await b.deliver(
      mail({
        from: "x@desconhecido.com",
        to: `${b.address.split("@")[0]}+${tokenA}@escritorio.com.br`,
        subject: "a",
        text: "token de A",
      }),
    );
    await a.deliver(
      mail({
        from: "x@desconhecido.com",
        to: `${a.address.split("@")[0]}+${forged}@escritorio.com.br`,
        subject: "b",
        text: "forjado",
      }),
    );
    expect(await b.poll()).toMatchObject({ ok: true, processed: 1 });
    expect(await a.poll()).toMatchObject({ ok: true, processed: 1 });
    expect((await messagesOf(a.staff, ta.id)).map((m) => m.body)).not.toContain("token de A");
    expect((await messagesOf(a.staff, ta.id)).map((m) => m.body)).not.toContain("forjado");
    expect((await messagesOf(b.staff, tb.id)).map((m) => m.body)).not.toContain("token de A");
    expect((await inbox(b.staff, "pending")).map((i) => i.subject)).toEqual(["a"]);
    expect((await inbox(a.staff, "pending")).map((i) => i.subject)).toEqual(["b"]);
  });

  it("reopens a closed atendimento on a reply (Reaberto, history, e-mail), unless the office turned it off", async () => {
    const o = await setup();
    const t = await createTicket(o.staff, o.reg);
    await changeStatus(o.staff, t.id, "finished");
    const ours = await lastEmail(t.id);
    await o.deliver(
      mail({
        from: "contato@paodourado.com.br",
        to: o.address,
        subject: "Re",
        inReplyTo: ours.message_id,
        text: "Faltou um documento.",
      }),
    );
    await o.poll();
    const after = (await o.staff.get(`/api/tickets/${t.id}`)).json() as TicketDetail;
    expect(after.status).toBe("reopened");
    const history = (await o.staff.get(`/api/tickets/${t.id}/history`)).body;
    expect(history).toContain("contato@paodourado.com.br");
    const reopenMail = await lastEmail(t.id);
    expect(reopenMail.subject).toMatch(/Reaberto/);

    const off = await setup({ reopenOnReply: false });
    const t2 = await createTicket(off.staff, off.reg);
    await changeStatus(off.staff, t2.id, "finished");
    const ours2 = await lastEmail(t2.id);
    await off.deliver(
      mail({
        from: "contato@paodourado.com.br",
        to: off.address,
        subject: "Re",
        inReplyTo: ours2.message_id,
        text: "Obrigada!",
      }),
    );
    await off.poll();
    expect(((await off.staff.get(`/api/tickets/${t2.id}`)).json() as TicketDetail).status).toBe("finished");
    expect((await messagesOf(off.staff, t2.id)).map((m) => m.body)).toContain("Obrigada!");
  });
});

describe("new e-mails", () => {
  it("a known sender opens an atendimento Aberto without service, with an acknowledgement carrying the protocol", async () => {
    const o = await setup();
    const { user } = await createUser(ctx, o.admin, "client", { email: `socio-${o.tag}@paodourado.com.br` });
    await o.admin.put(`/api/users/${user.id}/clients`, { clientIds: [o.reg.client.id] });
    await o.deliver(
      mail({
        from: "contato@paodourado.com.br",
        to: o.address,
        subject: "Fwd: Certidão negativa",
        text: "Preciso da certidão até sexta.",
      }),
    );
    await o.poll();
    const [row] = await inbox(o.staff);
    expect(row).toMatchObject({ status: "created", client: { id: o.reg.client.id } });
    const t = (await o.staff.get(`/api/tickets/${row?.ticket?.id}`)).json() as TicketDetail;
    expect(t).toMatchObject({ status: "open", service: null, subject: "Certidão negativa" });
    expect(t.description).toBe("Preciso da certidão até sexta.");
    expect(t.createdBy).toEqual({ id: null, name: "E-mail do cliente" });
    const ack = await lastEmail(t.id, "inbound_ack");
    expect(ack.subject).toContain(t.protocol);
    expect(ack.to_addresses).toEqual(["contato@paodourado.com.br"]);
    expect(ack.reply_to).toContain("+");
  });

  it("an unknown sender waits in the Caixa de entrada: link to a client once, or discard; staff of another office cannot", async () => {
    const o = await setup();
    await o.deliver(
      mail({
        from: "Novo <novo@empresa.com.br>",
        to: o.address,
        subject: "Orçamento",
        text: "Quanto custa a abertura?",
        files: [{ name: "contrato.pdf", type: "application/pdf", content: PDF }],
      }),
    );
    await o.deliver(mail({ from: "spam@spam.com", to: o.address, subject: "Oferta", text: "Compre" }));
    await o.poll();
    const pending = await inbox(o.staff, "pending");
    expect(pending.map((p) => p.subject).sort()).toEqual(["Oferta", "Orçamento"]);
    const orc = pending.find((p) => p.subject === "Orçamento") as InboundEmailDto;
    const spam = pending.find((p) => p.subject === "Oferta") as InboundEmailDto;
    expect(orc).toMatchObject({
      status: "triage",
      canLink: true,
      from: { address: "novo@empresa.com.br", name: "Novo" },
    });

    const other = await createOffice(ctx, "Vizinho");
    const otherReg = await createRegistry(other.staff);
    expectError(
      await other.staff.post(`/api/inbound/${orc.id}/link`, { clientId: otherReg.client.id }),
      404,
      "not_found",
    );
    expectError(
      await o.staff.post(`/api/inbound/${orc.id}/link`, { clientId: otherReg.client.id }),
      400,
      "validation_failed",
      "clientId",
    );
    expectError(
      await o.staff.post(`/api/inbound/${orc.id}/link`, { clientId: "x" }),
      400,
      "validation_failed",
      "clientId",
    );
    const linked = await o.staff.post(`/api/inbound/${orc.id}/link`, { clientId: o.reg.client.id });
    expect(linked.statusCode).toBe(200);
    const ticketId = (linked.json() as { ticketId: string }).ticketId;
    expect(((await o.staff.get(`/api/tickets/${ticketId}`)).json() as TicketDetail).subject).toBe(
      "Orçamento",
    );
    expect((await filesOf(o.staff, ticketId)).map((f) => f.name)).toEqual(["contrato.pdf"]);
    expectError(
      await o.staff.post(`/api/inbound/${orc.id}/link`, { clientId: o.reg.client.id }),
      409,
      "invalid_state",
    );
    expect((await o.staff.post(`/api/inbound/${spam.id}/discard`)).statusCode).toBe(204);
    expectError(
      await o.staff.post(`/api/inbound/${spam.id}/link`, { clientId: o.reg.client.id }),
      409,
      "invalid_state",
    );
    expect(await inbox(o.staff, "pending")).toEqual([]);
  });

  it("auto-replies never get an acknowledgement or a ticket; a bounce marks the client's address as failing", async () => {
    const o = await setup();
    const t = await createTicket(o.staff, o.reg);
    await changeStatus(o.staff, t.id, "analysing");
    const ours = await lastEmail(t.id);
    await o.deliver(
      mail({
        from: "contato@paodourado.com.br",
        to: o.address,
        subject: "Resposta automática: férias",
        headers: { "Auto-Submitted": "auto-replied" },
        text: "Estou de férias.",
      }),
    );
    await o.deliver(
      mail({
        from: "contato@paodourado.com.br",
        to: o.address,
        subject: "Re",
        inReplyTo: ours.message_id,
        headers: { Precedence: "bulk" },
        text: "Lista",
      }),
    );
    const b = `b-${randomUUID()}`;
    await o.deliver(
      [
        "From: Mail Delivery System <MAILER-DAEMON@mx.paodourado.com.br>",
        `To: ${o.address}`,
        "Subject: Undelivered Mail Returned to Sender",
        `Message-ID: <${randomUUID()}@mx>`,
        "Auto-Submitted: auto-replied",
        "MIME-Version: 1.0",
        `Content-Type: multipart/report; report-type=delivery-status; boundary="${b}"`,
        "",
        `--${b}`,
        "Content-Type: text/plain",
        "",
        "Could not deliver.",
        `--${b}`,
        "Content-Type: message/delivery-status",
        "",
        "Reporting-MTA: dns; mx.paodourado.com.br",
        "",
        "Final-Recipient: rfc822; contato@paodourado.com.br",
        "Action: failed",
        "Status: 5.1.1",
        "Diagnostic-Code: smtp; 550 5.1.1 User unknown",
        `--${b}--`,
        "",
      ].join("\r\n"),
    );
    await o.poll();
    const all = await inbox(o.staff);
    expect(all.map((i) => i.status).sort()).toEqual(["bounce", "ignored", "ignored"]);
    expect((await messagesOf(o.staff, t.id)).map((m) => m.body)).not.toContain("Lista");
    const acks = await rows(
      sql`select 1 from emails where office_id = ${o.office.id} and kind = 'inbound_ack'`,
    );
    expect(acks).toEqual([]);
    const client = (await o.staff.get(`/api/clients/${o.reg.client.id}`)).json() as ClientDto;
    expect(client.failingEmails).toEqual([
      expect.objectContaining({
        address: "contato@paodourado.com.br",
        reason: expect.stringMatching(/User unknown/),
      }),
    ]);
    const list = (await o.admin.get("/api/emails")).json() as Page<EmailDto>;
    expect(list.items.find((e) => e.ticket?.id === t.id)?.failingRecipients).toEqual([
      "contato@paodourado.com.br",
    ]);
  });
});

describe("exactly once, locks, bad input", () => {
  it("the same message seen twice is processed once; a re-read from scratch adds nothing", async () => {
    const o = await setup();
    const raw = mail({ from: "contato@paodourado.com.br", to: o.address, subject: "Pedido", text: "Um só." });
    await o.deliver(raw);
    await o.deliver(raw);
    expect(await o.poll()).toMatchObject({ ok: true, processed: 2 });
    await ctx.database.db.execute(
      sql`update office_inbound_settings set last_uid = 0, next_poll_at = now() where office_id = ${o.office.id}`,
    );
    expect(await o.poll()).toMatchObject({ ok: true, processed: 2 });
    const tickets = await rows(
      sql`select id from tickets where office_id = ${o.office.id} and subject = 'Pedido'`,
    );
    expect(tickets).toHaveLength(1);
    expect(await inbox(o.staff)).toHaveLength(1);
  });

  it("two instances polling one mailbox: one reads it, the other finds it leased", async () => {
    const o = await setup();
    for (let i = 0; i < 3; i++)
      await o.deliver(
        mail({ from: "contato@paodourado.com.br", to: o.address, subject: `Pedido ${i}`, text: "x" }),
      );
    const [a, b] = await Promise.all([o.poll("instancia-a"), o.poll("instancia-b")]);
    const polled = [a, b].filter((r) => r.polled);
    expect(polled).toHaveLength(1);
    expect(polled[0]).toMatchObject({ ok: true, processed: 3 });
    // a live lease of another instance keeps this one out even when the poll is due
    await ctx.database.db.execute(
      sql`update office_inbound_settings set lease_owner = 'instancia-morta', lease_until = now() + interval '1 minute', next_poll_at = now() where office_id = ${o.office.id}`,
    );
    expect(await o.poll("instancia-b")).toEqual({ polled: false });
    // an expired one (the instance died) is taken over
    await ctx.database.db.execute(
      sql`update office_inbound_settings set lease_until = now() - interval '1 second' where office_id = ${o.office.id}`,
    );
    expect(await o.poll("instancia-b")).toMatchObject({ polled: true, ok: true, processed: 0 });
    expect(
      await rows(sql`select id from tickets where office_id = ${o.office.id} and subject like 'Pedido %'`),
    ).toHaveLength(3);
    // a poll not due yet waits, unless a delivery woke the reader (force), still under one lease
    await ctx.database.db.execute(
      sql`update office_inbound_settings set lease_until = null, next_poll_at = now() + interval '1 hour' where office_id = ${o.office.id}`,
    );
    expect(await o.poll("instancia-b")).toEqual({ polled: false });
    const forced = await pollOnce(deps(), { ...pollOpts("instancia-b"), force: true }, o.office.id);
    expect(forced).toMatchObject({ polled: true, ok: true, processed: 0 });
  });

  it("malformed MIME and a message over the size limit are kept for triage with their headers", async () => {
    const o = await setup();
    await o.deliver(
      [
        "From: quebrado@cliente.com",
        `To: ${o.address}`,
        "Subject: =?UTF-8?B?invalido",
        "MIME-Version: 1.0",
        'Content-Type: multipart/mixed; boundary="nunca-fecha"',
        "",
        "--nunca-fecha",
        "Content-Type: text/plain; charset=utf-8",
        "Content-Transfer-Encoding: base64",
        "",
        "@@@ não é base64 @@@",
        "",
      ].join("\r\n"),
    );
    await o.deliver(
      mail({
        from: "grande@cliente.com",
        to: o.address,
        subject: "Arquivo enorme",
        text: "x".repeat(40_000),
      }),
    );
    expect(await o.poll(undefined, { maxMessageBytes: 30_000 })).toMatchObject({ ok: true, processed: 2 });
    const pending = await inbox(o.staff, "pending");
    const big = pending.find((p) => p.status === "too_large") as InboundEmailDto;
    expect(big).toMatchObject({
      subject: "Arquivo enorme",
      from: { address: "grande@cliente.com" },
      hasOriginal: false,
    });
    expect(big.note).toMatch(/acima do limite/);
    expect(big.headers.find(([k]) => k === "subject")?.[1]).toBe("Arquivo enorme");
    const broken = pending.find((p) => p.from.address === "quebrado@cliente.com") as InboundEmailDto;
    expect(broken).toMatchObject({ status: "triage", hasOriginal: true });
  });

  it("a server that is down or refuses the password: error in Configurações, backoff, nothing lost", async () => {
    const o = await setup();
    await o.deliver(
      mail({ from: "contato@paodourado.com.br", to: o.address, subject: "Esperando", text: "x" }),
    );
    const settings = (await o.admin.get("/api/settings/inbound")).json() as InboundSettingsDto;
    const put = (over: Record<string, unknown>) =>
      o.admin.put("/api/settings/inbound", { ...settings, password: "", ...over });
    expect((await put({ password: "senha-errada" })).statusCode).toBe(200);
    const refused = await o.poll();
    expect(refused).toMatchObject({
      ok: false,
      error: expect.stringMatching(/recusou o usuário ou a senha/),
    });
    let shown = (await o.admin.get("/api/settings/inbound")).json() as InboundSettingsDto;
    expect(shown).toMatchObject({ failures: 1, lastError: expect.stringMatching(/recusou/) });
    expect(Date.parse(shown.nextPollAt as string) - Date.now()).toBeGreaterThan(20_000);
    expect(await o.poll()).toEqual({ polled: false });
    // a second failure waits twice as long
    await ctx.database.db.execute(
      sql`update office_inbound_settings set next_poll_at = now() where office_id = ${o.office.id}`,
    );
    await o.poll();
    shown = (await o.admin.get("/api/settings/inbound")).json() as InboundSettingsDto;
    expect(shown.failures).toBe(2);
    expect(Date.parse(shown.nextPollAt as string) - Date.now()).toBeGreaterThan(50_000);

    const down = await freePort();
    await put({ port: down, password: PASSWORD });
    expect(await o.poll()).toMatchObject({ ok: false, error: expect.stringMatching(/conexão recusada/) });
    const test = await o.admin.post("/api/settings/inbound/test", { ...settings, port: down, password: "" });
    expect(test.json()).toMatchObject({ ok: false, message: expect.stringMatching(/conexão recusada/) });

    await put({ port: imap.port, password: PASSWORD });
    expect(
      (await o.admin.post("/api/settings/inbound/test", { ...settings, password: "" })).json(),
    ).toMatchObject({ ok: true });
    expect(await o.poll()).toMatchObject({ ok: true, processed: 1 });
    shown = (await o.admin.get("/api/settings/inbound")).json() as InboundSettingsDto;
    expect(shown).toMatchObject({ failures: 0, lastError: null });
    expect(
      await rows(sql`select id from tickets where office_id = ${o.office.id} and subject = 'Esperando'`),
    ).toHaveLength(1);
  });

  it("settings: admin only, password never returned, pt-BR errors, nothing saved on bad input", async () => {
    const o = await setup();
    const got = await o.admin.get("/api/settings/inbound");
    expect(got.body).not.toContain(PASSWORD);
    expect(got.json()).toMatchObject({ configured: true, hasPassword: true, username: o.user });
    expect((await o.staff.get("/api/settings/inbound")).statusCode).toBe(403);
    const base = {
      host: "imap.x.com",
      port: 993,
      security: "tls",
      username: "u",
      password: "p",
      folder: "INBOX",
      address: "a@b.com.br",
    };
    expectError(
      await o.admin.put("/api/settings/inbound", { ...base, host: "imap x" }),
      400,
      "validation_failed",
      "host",
      "Servidor IMAP inválido",
    );
    expectError(
      await o.admin.put("/api/settings/inbound", { ...base, port: 0 }),
      400,
      "validation_failed",
      "port",
      "Porta inválida",
    );
    expectError(
      await o.admin.put("/api/settings/inbound", { ...base, address: "nao-e-email" }),
      400,
      "validation_failed",
      "address",
    );
    expectError(
      await o.admin.put("/api/settings/inbound", { ...base, security: "ssl3" }),
      400,
      "validation_failed",
      "security",
    );
    expect(((await o.admin.get("/api/settings/inbound")).json() as InboundSettingsDto).host).toBe(
      "127.0.0.1",
    );
    expectError(
      await o.staff.post("/api/inbound/00000000-0000-4000-8000-000000000000/discard"),
      404,
      "not_found",
    );
  });
});
