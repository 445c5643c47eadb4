import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EmailOutcome, HistoryEvent, MessageDto, PortalTicket, TicketRow } from "../../../shared/api.js";
import {
  createOffice,
  createRegistry,
  createTicket,
  createUser,
  login,
  type Session,
  uniqueCnpj,
  useTestApp,
} from "../../test/harness.js";
import { TestSmtp, waitFor } from "../../test/smtp.js";

const ctx = useTestApp({ digestDelaySeconds: 1 });
const smtp = new TestSmtp();
let smtpPort = 0;
beforeAll(async () => {
  smtpPort = await smtp.start();
});
afterAll(() => smtp.stop());

async function setup() {
  const office = await createOffice(ctx);
  await office.admin.put("/api/settings/mail", {
    host: "127.0.0.1",
    port: smtpPort,
    security: "none",
    username: "escritorio",
    password: "segredo-smtp-123",
    fromName: "Contabilidade Teste",
    fromAddress: "atendimento@contabilidade.com.br",
  });
  const reg = await createRegistry(office.staff);
  const other = (
    await office.staff.post("/api/clients", {
      name: "Outra Empresa Ltda",
      document: uniqueCnpj(),
      emails: [],
    })
  ).json() as { id: string; name: string };
  const { user, session: client } = await createUser(ctx, office.admin, "client");
  const link = await office.admin.put(`/api/users/${user.id}/clients`, { clientIds: [reg.client.id] });
  expect(link.statusCode).toBe(200);
  expect(link.json().clients).toEqual([{ id: reg.client.id, name: reg.client.name }]);
  const ticket = await createTicket(office.staff, reg);
  const otherTicket = await createTicket(office.staff, { ...reg, client: other });
  return { ...office, reg, other, clientUser: user, client, ticket, otherTicket };
}

describe("client portal", () => {
  it("shows a client user only their companies' atendimentos", async () => {
    const s = await setup();
    const list = (await s.client.get("/api/portal/tickets")).json();
    expect(list.items.map((t: PortalTicket) => t.id)).toEqual([s.ticket.id]);
    expect(list.items[0]).not.toHaveProperty("amountCents");
    expect((await s.client.get(`/api/portal/tickets/${s.otherTicket.id}`)).statusCode).toBe(404);
    expect((await s.client.get(`/api/portal/tickets?clientId=${s.other.id}`)).statusCode).toBe(404);
    expect((await s.client.get(`/api/tickets/${s.ticket.id}/messages`)).statusCode).toBe(200);
    expect((await s.client.get(`/api/tickets/${s.otherTicket.id}/messages`)).statusCode).toBe(404);
    expect((await s.client.get(`/api/tickets/${s.otherTicket.id}/attachments`)).statusCode).toBe(404);
    // the back office stays closed to client users
    expect((await s.client.get("/api/tickets")).statusCode).toBe(403);
    expect((await s.client.get("/api/settings/mail")).statusCode).toBe(403);
    expect((await s.client.get(`/api/tickets/${s.ticket.id}/history`)).statusCode).toBe(403);
    const companies = (await s.client.get("/api/portal/companies")).json();
    expect(companies).toEqual([{ id: s.reg.client.id, name: s.reg.client.name }]);
  });

  it("opens a request that becomes an atendimento Aberto for the office", async () => {
    const s = await setup();
    const res = await s.client.post("/api/portal/tickets", {
      clientId: s.reg.client.id,
      subject: "Preciso da guia do FGTS",
      description: "Vence sexta-feira.",
    });
    expect(res.statusCode).toBe(201);
    const created = res.json() as PortalTicket;
    expect(created.status).toBe("open");
    expect(created.service).toBeNull();
    const grid = (await s.staff.get(`/api/tickets?q=${encodeURIComponent(created.protocol)}`)).json();
    const row = grid.items.find((t: TicketRow) => t.id === created.id) as TicketRow;
    expect(row.service).toBeNull();
    expect(row.requester.id).toBe(s.reg.client.id);
    // not for another company
    const bad = await s.client.post("/api/portal/tickets", { clientId: s.other.id, subject: "x" });
    expect(bad.statusCode).toBe(404);
    const empty = await s.client.post("/api/portal/tickets", { clientId: s.reg.client.id, subject: "" });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error.fields.subject).toBe("Informe o assunto");
  });

  it("shows the client only the history meant for them", async () => {
    const s = await setup();
    await s.staff.put(`/api/tickets/${s.ticket.id}`, {
      requesterId: s.reg.client.id,
      serviceId: s.reg.service.id,
      accountantId: s.reg.accountant.id,
      assigneeId: s.staff.user.id,
      subject: "Assunto revisado",
      description: "",
      amountCents: 999,
      version: s.ticket.version,
    });
    await s.staff.post(`/api/tickets/${s.ticket.id}/messages`, { body: "Nota só da equipe", internal: true });
    const types = (
      (await s.client.get(`/api/portal/tickets/${s.ticket.id}/history`)).json() as { type: string }[]
    ).map((e) => e.type);
    expect(types).toContain("created");
    expect(types).not.toContain("updated");
    expect(types).not.toContain("email");
    expect(types).not.toContain("message");
  });

  it("never shows the client a value in the history (the portal shows no values)", async () => {
    const s = await setup();
    // created with the service's price (R$ 350,00), then re-priced
    const put = await s.staff.put(`/api/tickets/${s.ticket.id}`, {
      requesterId: s.reg.client.id,
      serviceId: s.reg.service.id,
      accountantId: s.reg.accountant.id,
      assigneeId: s.staff.user.id,
      subject: "Declaração de IRPF do sócio",
      description: "Enviar recibos médicos até sexta.",
      amountCents: 41234,
      version: s.ticket.version,
    });
    expect(put.statusCode).toBe(200);
    const staffHistory = (await s.staff.get(`/api/tickets/${s.ticket.id}/history`)).body;
    expect(staffHistory).toContain("Valor do Serviço"); // the office does see it
    const res = await s.client.get(`/api/portal/tickets/${s.ticket.id}/history`);
    expect(res.statusCode).toBe(200);
    const events = res.json() as HistoryEvent[];
    const created = events.find((e) => e.type === "created");
    expect(created?.changes.map((c) => c.label)).toEqual([
      "Solicitante",
      "Serviço",
      "Responsável",
      "Assunto",
      "Descrição",
      "Status",
    ]);
    expect(res.body).not.toMatch(/amountCents|Valor|R\$|350,00|412,34|Contador|Roberto/);
  });
});

describe("chat", () => {
  it("staff and client talk; internal notes never reach the client; read state", async () => {
    const s = await setup();
    const toClient = await s.staff.post(`/api/tickets/${s.ticket.id}/messages`, {
      body: "Olá! Envie os recibos, por favor.",
    });
    expect(toClient.statusCode).toBe(201);
    const note = await s.staff.post(`/api/tickets/${s.ticket.id}/messages`, {
      body: "Cliente costuma atrasar",
      internal: true,
    });
    expect(note.json().internal).toBe(true);
    const reply = await s.client.post(`/api/tickets/${s.ticket.id}/messages`, {
      body: "Enviarei hoje <b>à tarde</b>",
    });
    expect(reply.statusCode).toBe(201);
    expect(reply.json().author.side).toBe("client");
    // a client cannot write internal notes
    expect(
      (await s.client.post(`/api/tickets/${s.ticket.id}/messages`, { body: "x", internal: true })).statusCode,
    ).toBe(403);

    const clientView = (await s.client.get(`/api/tickets/${s.ticket.id}/messages`)).json() as MessageDto[];
    expect(clientView.map((m) => m.body)).toEqual([
      "Olá! Envie os recibos, por favor.",
      "Enviarei hoje <b>à tarde</b>",
    ]);
    const staffView = (await s.staff.get(`/api/tickets/${s.ticket.id}/messages`)).json() as MessageDto[];
    expect(staffView).toHaveLength(3);
    // the client replied after reading: the office's message is read
    expect(staffView[0]?.read).toBe(true);
    expect(staffView[2]?.read).toBe(false);
    await s.staff.post(`/api/tickets/${s.ticket.id}/read`);
    const after = (await s.client.get(`/api/tickets/${s.ticket.id}/messages`)).json() as MessageDto[];
    expect(after[1]?.read).toBe(true);
    // Mensagem is enabled now that the client has a linked user
    const grid = (await s.staff.get(`/api/tickets?requesterId=${s.reg.client.id}`)).json();
    expect(grid.items.find((t: TicketRow) => t.id === s.ticket.id).actions.message).toBe(true);
    const otherRow = (await s.staff.get(`/api/tickets?requesterId=${s.other.id}`)).json()
      .items[0] as TicketRow;
    expect(otherRow.actions.message).toBe(false);
  });

  it("rejects empty and over-long messages and other offices", async () => {
    const s = await setup();
    expect(
      (await s.staff.post(`/api/tickets/${s.ticket.id}/messages`, { body: "   " })).json().error.fields.body,
    ).toBe("Escreva a mensagem");
    expect(
      (await s.staff.post(`/api/tickets/${s.ticket.id}/messages`, { body: "x".repeat(5001) })).statusCode,
    ).toBe(400);
    const b = await createOffice(ctx, "Outro Escritório");
    expect((await b.staff.get(`/api/tickets/${s.ticket.id}/messages`)).statusCode).toBe(404);
    expect((await b.staff.post(`/api/tickets/${s.ticket.id}/messages`, { body: "oi" })).statusCode).toBe(404);
  });

  it("an offline client user gets one digest e-mail for several messages", async () => {
    const s = await setup();
    for (const body of ["Primeira mensagem", "Segunda mensagem", "Terceira mensagem"])
      await s.staff.post(`/api/tickets/${s.ticket.id}/messages`, { body });
    const digests = () =>
      smtp.received.filter(
        (m) =>
          (m.to && "value" in m.to ? m.to.value[0]?.address : "") === s.clientUser.email &&
          m.subject === `[Atendimento ${s.ticket.protocol}] 3 novas mensagens`,
      );
    await waitFor(() => digests().length === 1, 20_000);
    await new Promise((r) => setTimeout(r, 2500));
    expect(digests()).toHaveLength(1);
    const mail = digests()[0];
    expect(mail?.text).toContain("Primeira mensagem");
    expect(mail?.text).toContain("Terceira mensagem");
    expect(mail?.text).toContain(`Responder: ${ctx.config.publicUrl}/atendimentos/${s.ticket.id}`);
    expect(mail?.to && "value" in mail.to ? mail.to.value[0]?.address : "").toBe(s.clientUser.email);
  }, 40_000);

  it("a client user who read the chat gets no digest", async () => {
    const s = await setup();
    await s.staff.post(`/api/tickets/${s.ticket.id}/messages`, { body: "Mensagem que será lida" });
    await s.client.post(`/api/tickets/${s.ticket.id}/read`);
    await new Promise((r) => setTimeout(r, 4000));
    const toClientUser = smtp.received.filter(
      (m) => (m.to && "value" in m.to ? m.to.value[0]?.address : "") === s.clientUser.email,
    );
    expect(toClientUser.map((m) => m.subject)).toEqual([]);
  }, 20_000);
});

describe("invitations", () => {
  async function invite(admin: Session, userId: string) {
    const res = await admin.post(`/api/users/${userId}/invite`);
    expect(res.statusCode).toBe(200);
    const outcome = res.json() as EmailOutcome;
    expect(outcome.state).toBe("sent");
    const mail = await waitFor(() =>
      smtp.received.find(
        (m) =>
          m.text?.includes(`/convite/`) &&
          outcome.to.includes((m.to && "value" in m.to ? m.to.value[0]?.address : "") ?? ""),
      ),
    );
    const token = /\/convite\/([A-Za-z0-9_-]+)/.exec(mail?.text ?? "")?.[1] ?? "";
    return token;
  }

  it("sets the password once through the link and signs in", async () => {
    const s = await setup();
    const created = await s.admin.post("/api/users", {
      name: "Cliente Convidado",
      email: `convite-${Date.now()}@cliente.com.br`,
      role: "client",
    });
    expect(created.statusCode).toBe(201);
    expect(created.json().hasPassword).toBe(false);
    const token = await invite(s.admin, created.json().id);
    const info = await ctx.app.inject({ method: "GET", url: `/api/invitations/${token}` });
    expect(info.json()).toMatchObject({ name: "Cliente Convidado" });
    const accept = await ctx.app.inject({
      method: "POST",
      url: `/api/invitations/${token}/accept`,
      payload: { password: "minha-senha-nova" },
    });
    expect(accept.statusCode).toBe(200);
    expect(accept.json().user.role).toBe("client");
    await login(ctx.app, created.json().email, "minha-senha-nova");
    // reused → clear error
    const again = await ctx.app.inject({
      method: "POST",
      url: `/api/invitations/${token}/accept`,
      payload: { password: "outra-senha-123" },
    });
    expect(again.statusCode).toBe(410);
    expect(again.json().error.code).toBe("invitation_used");
    expect(again.json().error.message).toMatch(/já foi usado/);
  });

  it("accepting an invitation ends the sessions the user already had", async () => {
    const s = await setup();
    const other = await login(ctx.app, s.clientUser.email);
    expect((await s.client.get("/api/portal/tickets")).statusCode).toBe(200);
    const token = await invite(s.admin, s.clientUser.id);
    const accept = await ctx.app.inject({
      method: "POST",
      url: `/api/invitations/${token}/accept`,
      payload: { password: "senha-do-convite-1" },
    });
    expect(accept.statusCode).toBe(200);
    for (const old of [s.client, other]) {
      const res = await old.get("/api/portal/tickets");
      expect(res.statusCode).toBe(401);
      expect(res.json().error.code).toBe("unauthenticated");
    }
    // the session the acceptance opened works
    const cookie = accept.cookies.find((c) => c.name === "atende_sid");
    const me = await ctx.app.inject({
      method: "GET",
      url: "/api/portal/tickets",
      headers: { cookie: `atende_sid=${cookie?.value}` },
    });
    expect(me.statusCode).toBe(200);
  });

  it("refuses an expired link and an unknown one", async () => {
    const s = await setup();
    const token = await invite(s.admin, s.clientUser.id);
    await ctx.database.db.execute(
      (await import("drizzle-orm"))
        .sql`update invitations set expires_at = now() - interval '1 minute' where user_id = ${s.clientUser.id}`,
    );
    const res = await ctx.app.inject({
      method: "POST",
      url: `/api/invitations/${token}/accept`,
      payload: { password: "minha-senha-nova" },
    });
    expect(res.statusCode).toBe(410);
    expect(res.json().error).toMatchObject({
      code: "invitation_expired",
      message: "Este convite expirou. Peça um novo convite ao escritório.",
    });
    const unknown = await ctx.app.inject({ method: "GET", url: `/api/invitations/${"x".repeat(43)}` });
    expect(unknown.statusCode).toBe(404);
    // a user without a password cannot log in
    const created = await s.admin.post("/api/users", {
      name: "Sem Senha",
      email: `sem-senha-${Date.now()}@x.com.br`,
      role: "client",
    });
    const attempt = await ctx.app.inject({
      method: "POST",
      url: "/api/auth/login",
      payload: { email: created.json().email, password: "!no-password:" },
    });
    expect(attempt.statusCode).toBe(401);
  });

  it("links only client users, only to this office's clients", async () => {
    const s = await setup();
    expect(
      (await s.admin.put(`/api/users/${s.staff.user.id}/clients`, { clientIds: [s.reg.client.id] }))
        .statusCode,
    ).toBe(400);
    const b = await createOffice(ctx, "Outro");
    const bReg = await createRegistry(b.staff);
    const res = await s.admin.put(`/api/users/${s.clientUser.id}/clients`, { clientIds: [bReg.client.id] });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.fields.clientIds).toBe("Cliente não encontrado.");
    // unlinking takes effect at once
    await s.admin.put(`/api/users/${s.clientUser.id}/clients`, { clientIds: [] });
    expect((await s.client.get(`/api/portal/tickets/${s.ticket.id}`)).statusCode).toBe(404);
  });
});
