import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EmailOutcome, TicketWithEmail } from "../../../shared/api.js";
import {
  createOffice,
  createRegistry,
  createTicket,
  type Session,
  uniqueCnpj,
  useTestApp,
} from "../../test/harness.js";
import { settledOutcome } from "../../test/mail.js";
import { freePort, TestSmtp, waitFor } from "../../test/smtp.js";

const ctx = useTestApp();
const smtp = new TestSmtp();
let smtpPort = 0;
beforeAll(async () => {
  smtpPort = await smtp.start();
});
afterAll(() => smtp.stop());

async function configureSmtp(admin: Session, port = smtpPort) {
  const res = await admin.put("/api/settings/mail", {
    host: "127.0.0.1",
    port,
    security: "none",
    username: "escritorio",
    password: "segredo-smtp-123",
    fromName: "Contabilidade Teste",
    fromAddress: "atendimento@contabilidade.com.br",
  });
  expect(res.statusCode).toBe(200);
  return res.json();
}

const byMessageId = (id: string) => smtp.received.filter((m) => m.messageId === id);

describe("e-mail on every status change", () => {
  it("sends the pt-BR e-mail to the client and tells the user it was sent", async () => {
    const { admin, staff } = await createOffice(ctx);
    await configureSmtp(admin);
    const reg = await createRegistry(staff);
    const t = await createTicket(staff, reg, { subject: "Declaração <b>anual</b> & ações" });
    const res = await staff.post(`/api/tickets/${t.id}/status`, { status: "analysing", version: t.version });
    expect(res.statusCode).toBe(200);
    const body = res.json() as TicketWithEmail;
    expect(body.status).toBe("analysing");
    // the answer does not wait for the SMTP server; the outcome follows
    expect(body.email?.state).toBe("queued");
    expect(body.email?.message).toBe("E-mail na fila: será enviado em instantes.");
    const outcome = await settledOutcome(staff, body.email?.id as string);
    expect(outcome.state).toBe("sent");
    expect(outcome.message).toBe("E-mail enviado para contato@paodourado.com.br");
    const mail = smtp.received.find((m) => m.subject?.includes(t.protocol));
    expect(mail).toBeDefined();
    expect(mail?.subject).toBe(`[Atendimento ${t.protocol}] Status alterado para Analisando`);
    expect(mail?.to && "value" in mail.to ? mail.to.value[0]?.address : "").toBe("contato@paodourado.com.br");
    expect(mail?.from?.value[0]).toMatchObject({
      name: "Contabilidade Teste",
      address: "atendimento@contabilidade.com.br",
    });
    expect(mail?.text).toContain("Status anterior: Aberto");
    expect(mail?.text).toContain("Novo status: Analisando");
    expect(mail?.text).toContain("Declaração <b>anual</b> & ações");
    // the link opens this atendimento for whoever follows it (portal or office), not a search
    const link = `${ctx.config.publicUrl}/atendimentos/${t.id}`;
    expect(mail?.text).toContain(`Ver o atendimento: ${link}`);
    expect(mail?.html).toContain(`href="${link}"`);
    // what the user typed is escaped in the HTML part
    expect(mail?.html).toContain("Declaração &lt;b&gt;anual&lt;/b&gt; &amp; ações");
    expect(mail?.html).not.toContain("<b>anual</b>");
    // the delivery is in the history
    const history = (await staff.get(`/api/tickets/${t.id}/history`)).json() as {
      type: string;
      changes: { to: string }[];
    }[];
    const emailEvents = history.filter((e) => e.type === "email").map((e) => e.changes[0]?.to);
    expect(emailEvents).toContainEqual(expect.stringContaining("E-mail enviado (contato@paodourado.com.br)"));
  });

  it("says 'Não foi possível enviar o email' when the client has no e-mail, and keeps it", async () => {
    const { admin, staff } = await createOffice(ctx);
    await configureSmtp(admin);
    const reg = await createRegistry(staff);
    const noMail = (
      await staff.post("/api/clients", { name: "Cliente Sem Email", document: uniqueCnpj(), emails: [] })
    ).json();
    const t = await createTicket(staff, { ...reg, client: noMail });
    const res = await staff.post(`/api/tickets/${t.id}/status`, { status: "waiting", version: t.version });
    expect(res.statusCode).toBe(200);
    const email = (res.json() as TicketWithEmail).email as EmailOutcome;
    expect(email.state).toBe("no_recipient");
    expect(email.ok).toBe(false);
    expect(email.message).toBe(
      "Não foi possível enviar o email: O cliente não tem e-mail válido cadastrado.",
    );
    const list = (await admin.get("/api/emails?state=no_recipient")).json();
    expect(list.items.map((e: { id: string }) => e.id)).toContain(email.id);
    const history = (await staff.get(`/api/tickets/${t.id}/history`)).json() as {
      type: string;
      changes: { to: string }[];
    }[];
    expect(
      history.some(
        (e) => e.type === "email" && e.changes[0]?.to.startsWith("Não foi possível enviar o email"),
      ),
    ).toBe(true);
  });

  it("keeps the e-mail as 'SMTP não configurado' and sends it on resend once configured", async () => {
    const { admin, staff } = await createOffice(ctx);
    const reg = await createRegistry(staff);
    const t = await createTicket(staff, reg);
    const res = await staff.post(`/api/tickets/${t.id}/status`, { status: "finished", version: t.version });
    const email = (res.json() as TicketWithEmail).email as EmailOutcome;
    expect(email.state).toBe("not_configured");
    expect(email.message).toBe("Não foi possível enviar o email: SMTP não configurado no escritório.");
    await configureSmtp(admin);
    const resend = await admin.post(`/api/emails/${email.id}/resend`);
    expect(resend.statusCode).toBe(200);
    expect(resend.json().state).toBe("sent");
    const detail = (await admin.get(`/api/emails/${email.id}`)).json();
    expect(byMessageId(await messageIdOf(email.id))).toHaveLength(1);
    expect(detail.canResend).toBe(false);
    expect((await admin.post(`/api/emails/${email.id}/resend`)).statusCode).toBe(409);
  });

  it("reports the SMTP server's refusal", async () => {
    const { admin, staff } = await createOffice(ctx);
    await configureSmtp(admin);
    const reg = await createRegistry(staff);
    const client = (
      await staff.post("/api/clients", {
        name: "Cliente Recusado",
        document: uniqueCnpj(),
        emails: ["recusado@cliente.com.br"],
      })
    ).json();
    smtp.rejectRecipients.add("recusado@cliente.com.br");
    const t = await createTicket(staff, { ...reg, client });
    const queued = (
      await staff.post(`/api/tickets/${t.id}/status`, { status: "rejected", version: t.version })
    ).json().email as EmailOutcome;
    const email = await settledOutcome(staff, queued.id);
    expect(email.state).toBe("failed");
    expect(email.message).toMatch(/^Não foi possível enviar o email: o servidor SMTP respondeu: 550/);
  });

  it("retries while SMTP is down and delivers exactly once when it returns", async () => {
    const { admin, staff } = await createOffice(ctx);
    const port = await freePort();
    await configureSmtp(admin, port);
    const reg = await createRegistry(staff);
    const t = await createTicket(staff, reg);
    const res = await staff.post(`/api/tickets/${t.id}/status`, { status: "analysing", version: t.version });
    expect(res.statusCode).toBe(200); // the status change itself succeeds
    const body = res.json() as TicketWithEmail;
    expect(body.status).toBe("analysing");
    const outcome = await settledOutcome(staff, body.email?.id as string);
    expect(outcome.state).toBe("retrying");
    expect(outcome.message).toMatch(/^E-mail na fila: nova tentativa às \d\d:\d\d \(/);
    const late = new TestSmtp();
    await late.start(port);
    try {
      await waitFor(
        async () => (await admin.get(`/api/emails/${body.email?.id}`)).json().state === "sent",
        30_000,
      );
      const messageId = await messageIdOf(body.email?.id as string);
      await new Promise((r) => setTimeout(r, 2500)); // any duplicate would arrive by now
      expect(late.received.filter((m) => m.messageId === messageId)).toHaveLength(1);
    } finally {
      await late.stop();
    }
  }, 60_000);

  it("resumes an e-mail whose sender died mid-send, exactly once", async () => {
    const { admin, staff } = await createOffice(ctx);
    await configureSmtp(admin);
    const reg = await createRegistry(staff);
    const t = await createTicket(staff, reg);
    // a sender took the e-mail and died before the SMTP server accepted it: the row is left
    // "sending" with a hold, and its job failed; the hold then expires
    const { email } = (
      await staff.post(`/api/tickets/${t.id}/status`, { status: "waiting", version: t.version })
    ).json() as TicketWithEmail;
    const id = email?.id as string;
    // the status change answered at once: the simulated crash comes after the real send
    expect((await settledOutcome(staff, id)).state).toBe("sent");
    const messageId = await messageIdOf(id);
    smtp.received = smtp.received.filter((m) => m.messageId !== messageId);
    await ctx.database.db.execute(
      sql`update emails set state = 'sending', locked_until = now() - interval '1 second', sent_at = null where id = ${id}`,
    );
    await ctx.services.jobs.boss.send("email.deliver", { emailId: id });
    ctx.services.jobs.wake("email.deliver");
    await waitFor(async () => (await admin.get(`/api/emails/${id}`)).json().state === "sent", 20_000);
    await new Promise((r) => setTimeout(r, 1500));
    expect(byMessageId(messageId)).toHaveLength(1);
  }, 40_000);
});

async function messageIdOf(emailId: string): Promise<string> {
  const r = (await ctx.database.db.execute(
    sql`select message_id from emails where id = ${emailId}`,
  )) as unknown as {
    rows: { message_id: string }[];
  };
  return r.rows[0]?.message_id ?? "";
}

describe("SMTP settings", () => {
  it("encrypts the password, never returns it, and is admin-only", async () => {
    const { admin, staff } = await createOffice(ctx);
    const saved = await configureSmtp(admin);
    expect(saved).toMatchObject({ configured: true, hasPassword: true, host: "127.0.0.1" });
    expect(JSON.stringify(saved)).not.toContain("segredo-smtp-123");
    const raw = (await ctx.database.db.execute(
      sql`select password_enc from office_mail_settings where office_id = ${admin.user.officeId}`,
    )) as unknown as { rows: { password_enc: string }[] };
    expect(raw.rows[0]?.password_enc).toMatch(/^v1:/);
    expect(raw.rows[0]?.password_enc).not.toContain("segredo");
    expect((await staff.get("/api/settings/mail")).statusCode).toBe(403);
    expect((await staff.get("/api/emails")).statusCode).toBe(403);
    // saving without a password keeps the stored one
    const again = await admin.put("/api/settings/mail", { ...saved, password: "" });
    expect(again.json().hasPassword).toBe(true);
  });

  it("rejects bad settings with pt-BR messages", async () => {
    const { admin } = await createOffice(ctx);
    const res = await admin.put("/api/settings/mail", {
      host: "smtp exemplo",
      port: 70000,
      security: "ssl3",
      fromName: "",
      fromAddress: "não-é-email",
    });
    expect(res.statusCode).toBe(400);
    const fields = res.json().error.fields;
    expect(fields.host).toBe("Servidor SMTP inválido");
    expect(fields.port).toBe("Porta inválida");
    expect(fields.security).toBe("Segurança inválida");
    expect(fields.fromAddress).toBe("E-mail inválido");
    expect((await admin.get("/api/settings/mail")).json().configured).toBe(false);
  });

  it("sends a test e-mail", async () => {
    const { admin } = await createOffice(ctx);
    await configureSmtp(admin);
    const res = await admin.post("/api/settings/mail/test", { to: "dono@contabilidade.com.br" });
    expect(res.json()).toMatchObject({
      state: "sent",
      message: "E-mail enviado para dono@contabilidade.com.br",
    });
    const mail = smtp.received.find((m) => m.subject === "Atende: e-mail de teste");
    expect(mail?.text).toContain("ação, atenção, São Paulo");
  });
});

describe("Notificar", () => {
  it("sends the novo atendimento notice to client and responsible, only while new", async () => {
    const { admin, staff } = await createOffice(ctx);
    await configureSmtp(admin);
    const reg = await createRegistry(staff);
    const t = await createTicket(staff, reg);
    const res = await staff.post(`/api/tickets/${t.id}/notify`);
    expect(res.statusCode).toBe(200);
    const body = res.json() as TicketWithEmail;
    const outcome = await settledOutcome(staff, body.email?.id as string);
    expect(outcome.state).toBe("sent");
    expect(outcome.to).toEqual(["contato@paodourado.com.br", staff.user.email]);
    const mail = smtp.received.find(
      (m) => m.subject === `[Atendimento ${t.protocol}] Novo atendimento: Declaração de IRPF do sócio`,
    );
    expect(mail?.text).toContain("Responsável:");
    // the same link serves the client and the responsible user
    expect(mail?.text).toContain(`${ctx.config.publicUrl}/atendimentos/${t.id}`);
    const history = (await staff.get(`/api/tickets/${t.id}/history`)).json() as { type: string }[];
    expect(history.map((e) => e.type)).toContain("notified");
    // after an edit it is no longer new
    const edited = await staff.put(`/api/tickets/${t.id}`, {
      requesterId: reg.client.id,
      serviceId: reg.service.id,
      accountantId: reg.accountant.id,
      assigneeId: staff.user.id,
      subject: "Assunto alterado",
      description: "",
      amountCents: 100,
      version: body.version,
    });
    expect(edited.json().actions.notify).toBe(false);
    expect((await staff.post(`/api/tickets/${t.id}/notify`)).statusCode).toBe(409);
  });
});
