/**
 * Hostile text and dates against every route that takes them (issue 10): lone UTF-16 surrogates and
 * control characters are a 400 with a pt-BR message beside the field and nothing saved — never a 500,
 * never a silent U+FFFD; line breaks in single-line fields become a space; dates outside
 * 1900–2999 or not on the calendar are a 400.
 */
import { beforeAll, describe, expect, it } from "vitest";
import type { DebtCategoryDto, DebtDetail, MovimentarResult, Page } from "../../shared/api.js";
import { todayInSaoPaulo } from "../../shared/finance.js";
import { createClientUser } from "./finance-fixtures.js";
import {
  createOffice,
  createRegistry,
  createTicket,
  expectError,
  uniqueCnpj,
  useTestApp,
} from "./harness.js";

const ctx = useTestApp();

/** what arrives in a JSON body: lone surrogates, NUL, an escape sequence, a C1 control */
const HOSTILE = ["\ud800", "a\ud83d", "x\u0000y", "\u001b[31mvermelho", "a\u0080b"];
/** what a query string can carry (a lone surrogate cannot be percent-encoded) */
const HOSTILE_QUERY = ["x\u0000y", "\u001b[31m", "a\u0080b", "\u0007"];
const REFUSED = /contém caracteres não permitidos/;

type World = Awaited<ReturnType<typeof setup>>;
let w: World;

async function setup() {
  const office = await createOffice(ctx);
  const reg = await createRegistry(office.staff);
  const ticket = await createTicket(office.staff, reg);
  const { user: clientUser, session: client } = await createClientUser(ctx, office.admin, [reg.client.id]);
  const categories = (await office.staff.get("/api/finance/categories")).json() as Page<DebtCategoryDto>;
  const category = categories.items[0] as DebtCategoryDto;
  const posted = (
    await office.staff.post(`/api/tickets/${ticket.id}/debts`, {
      amountCents: 100_000,
      dueDate: todayInSaoPaulo(),
      categoryId: category.id,
      description: "Honorários de maio",
    })
  ).json() as MovimentarResult;
  const debt = posted.debts[0] as { id: string };
  const paid = await office.staff.post(`/api/finance/debts/${debt.id}/payments`, {
    amountCents: 1000,
    paidOn: todayInSaoPaulo(),
    method: "pix",
  });
  expect(paid.statusCode).toBe(201);
  const payment = (paid.json() as DebtDetail).payments[0] as { id: string };
  return { ...office, reg, ticket, client, clientUser, category, debt, payment };
}

beforeAll(async () => {
  w = await setup();
}, 120_000);

const json = async (res: Promise<{ json(): unknown; statusCode: number }>) => {
  const r = await res;
  expect(r.statusCode).toBe(200);
  return r.json();
};
const anonymous = (method: "POST", url: string, payload: unknown) =>
  ctx.app.inject({ method, url, payload: payload as Record<string, unknown> });

const mailSettings = {
  host: "smtp.exemplo.com.br",
  port: 587,
  security: "starttls",
  username: "escritorio",
  password: "segredo-smtp-123",
  fromName: "Contabilidade Teste",
  fromAddress: "atendimento@contabilidade.com.br",
};
const financeSettings = {
  pixKey: "financeiro@contabilidade.com.br",
  pixMerchantName: "Contabilidade Teste",
  pixMerchantCity: "São Paulo",
  lateFeeBp: 200,
  monthlyInterestBp: 100,
  remindersEnabled: true,
  reminderOffsets: [],
};
const ticketBody = () => ({
  requesterId: w.reg.client.id,
  serviceId: w.reg.service.id,
  accountantId: w.reg.accountant.id,
  assigneeId: w.staff.user.id,
  subject: "Declaração de IRPF do sócio",
  description: "Enviar recibos.",
  amountCents: 35000,
});
const ticketState = async () => [
  await json(w.staff.get(`/api/tickets/${w.ticket.id}`)),
  await json(w.staff.get(`/api/tickets/${w.ticket.id}/history`)),
];
const debtState = () => json(w.staff.get(`/api/finance/debts/${w.debt.id}`));

interface Case {
  /** "POST /api/… field" */
  name: string;
  /** the field path the 400 names */
  field: string;
  send(v: string): Promise<{ statusCode: number; body: string; json(): unknown }>;
  /** what must not change */
  state(): Promise<unknown>;
}

const bodyCases = (): Case[] => {
  const user = (over: object) => ({
    name: "Maria Souza",
    email: "maria@teste.com.br",
    role: "staff",
    password: "senha-forte-123",
    ...over,
  });
  const accountant = (over: object) => ({
    name: "Roberto Contador",
    crc: "1SP123456/O-1",
    cpf: "529.982.247-25",
    email: "roberto@contador.com.br",
    phone: "11 99999-0000",
    ...over,
  });
  const client = (over: object) => ({
    name: "Mercado Bom Preço",
    tradeName: "Bom Preço",
    document: uniqueCnpj(),
    emails: ["contato@bompreco.com.br"],
    phone: "11 3333-4444",
    ...over,
  });
  const users = () => json(w.admin.get("/api/users?pageSize=200"));
  const accountants = () => json(w.staff.get("/api/accountants?pageSize=200"));
  const clients = () => json(w.staff.get("/api/clients?pageSize=200"));
  const services = () => json(w.staff.get("/api/services?pageSize=200"));
  const categories = () => json(w.staff.get("/api/finance/categories?pageSize=200"));
  const tickets = () => json(w.staff.get("/api/tickets?pageSize=200"));
  const messages = () => json(w.staff.get(`/api/tickets/${w.ticket.id}/messages`));
  const c = (name: string, field: string, send: Case["send"], state: Case["state"]): Case => ({
    name,
    field,
    send,
    state,
  });
  return [
    c("POST /api/users name", "name", (v) => w.admin.post("/api/users", user({ name: v })), users),
    c(
      "POST /api/users email",
      "email",
      (v) => w.admin.post("/api/users", user({ email: `m${v}@t.com.br` })),
      users,
    ),
    c(
      "POST /api/users password",
      "password",
      (v) => w.admin.post("/api/users", user({ password: `senha-forte-${v}` })),
      users,
    ),
    c(
      "PATCH /api/users/:id name",
      "name",
      (v) =>
        w.admin.patch(`/api/users/${w.staff.user.id}`, {
          name: `Equipe ${v}`,
          email: w.staff.user.email,
          role: "staff",
          active: true,
        }),
      users,
    ),
    c(
      "POST /api/accountants name",
      "name",
      (v) => w.staff.post("/api/accountants", accountant({ name: v })),
      accountants,
    ),
    c(
      "POST /api/accountants crc",
      "crc",
      (v) => w.staff.post("/api/accountants", accountant({ crc: v })),
      accountants,
    ),
    c(
      "POST /api/accountants phone",
      "phone",
      (v) => w.staff.post("/api/accountants", accountant({ phone: `11${v}` })),
      accountants,
    ),
    c(
      "PATCH /api/accountants/:id name",
      "name",
      (v) => w.staff.patch(`/api/accountants/${w.reg.accountant.id}`, accountant({ name: v })),
      accountants,
    ),
    c(
      "POST /api/services name",
      "name",
      (v) => w.staff.post("/api/services", { name: v, priceCents: 100 }),
      services,
    ),
    c(
      "PATCH /api/services/:id name",
      "name",
      (v) => w.staff.patch(`/api/services/${w.reg.service.id}`, { name: `IRPF ${v}`, priceCents: 100 }),
      services,
    ),
    c("POST /api/clients name", "name", (v) => w.staff.post("/api/clients", client({ name: v })), clients),
    c(
      "POST /api/clients tradeName",
      "tradeName",
      (v) => w.staff.post("/api/clients", client({ tradeName: v })),
      clients,
    ),
    c(
      "POST /api/clients emails",
      "emails.0",
      (v) => w.staff.post("/api/clients", client({ emails: [`c${v}@b.com.br`] })),
      clients,
    ),
    c(
      "POST /api/clients document",
      "document",
      (v) => w.staff.post("/api/clients", client({ document: v })),
      clients,
    ),
    c(
      "PATCH /api/clients/:id name",
      "name",
      (v) => w.staff.patch(`/api/clients/${w.reg.client.id}`, client({ name: `Padaria ${v}` })),
      clients,
    ),
    c(
      "POST /api/finance/categories name",
      "name",
      (v) => w.staff.post("/api/finance/categories", { name: v }),
      categories,
    ),
    c(
      "PATCH /api/finance/categories/:id name",
      "name",
      (v) => w.staff.patch(`/api/finance/categories/${w.category.id}`, { name: `Cat ${v}` }),
      categories,
    ),
    c(
      "POST /api/tickets subject",
      "subject",
      (v) => w.staff.post("/api/tickets", { ...ticketBody(), subject: v }),
      tickets,
    ),
    c(
      "POST /api/tickets description",
      "description",
      (v) => w.staff.post("/api/tickets", { ...ticketBody(), description: `linha 1\n${v}` }),
      tickets,
    ),
    ...(["subject", "description"] as const).map((field) =>
      c(
        `PUT /api/tickets/:id ${field}`,
        field,
        async (v) => {
          const { version } = (await json(w.staff.get(`/api/tickets/${w.ticket.id}`))) as { version: number };
          return w.staff.put(`/api/tickets/${w.ticket.id}`, { ...ticketBody(), [field]: v, version });
        },
        ticketState,
      ),
    ),
    c(
      "POST /api/tickets/:id/messages body (staff)",
      "body",
      (v) => w.staff.post(`/api/tickets/${w.ticket.id}/messages`, { body: v }),
      messages,
    ),
    c(
      "POST /api/tickets/:id/messages body (client user)",
      "body",
      (v) => w.client.post(`/api/tickets/${w.ticket.id}/messages`, { body: `olá ${v}` }),
      messages,
    ),
    ...(["subject", "description"] as const).map((field) =>
      c(
        `POST /api/portal/tickets ${field}`,
        field,
        (v) =>
          w.client.post("/api/portal/tickets", {
            clientId: w.reg.client.id,
            subject: "Preciso da guia do DAS",
            description: "",
            [field]: v,
          }),
        () => json(w.client.get("/api/portal/tickets?pageSize=100")),
      ),
    ),
    ...(["host", "username", "password", "fromName", "fromAddress"] as const).map((field) =>
      c(
        `PUT /api/settings/mail ${field}`,
        field,
        (v) => w.admin.put("/api/settings/mail", { ...mailSettings, [field]: `x${v}` }),
        () => json(w.admin.get("/api/settings/mail")),
      ),
    ),
    c(
      "POST /api/settings/mail/test to",
      "to",
      (v) => w.admin.post("/api/settings/mail/test", { to: `a${v}@b.com.br` }),
      () => json(w.admin.get("/api/emails")),
    ),
    ...(["pixKey", "pixMerchantName", "pixMerchantCity"] as const).map((field) =>
      c(
        `PUT /api/finance/settings ${field}`,
        field,
        (v) => w.admin.put("/api/finance/settings", { ...financeSettings, [field]: v }),
        () => json(w.admin.get("/api/finance/settings")),
      ),
    ),
    c(
      "POST /api/tickets/:id/debts description",
      "description",
      (v) =>
        w.staff.post(`/api/tickets/${w.ticket.id}/debts`, {
          amountCents: 5000,
          dueDate: todayInSaoPaulo(),
          categoryId: w.category.id,
          description: `Honorários ${v}`,
        }),
      () => json(w.staff.get(`/api/finance/debts?ticketId=${w.ticket.id}`)),
    ),
    c(
      "POST /api/finance/debts/:id/payments note",
      "note",
      (v) =>
        w.staff.post(`/api/finance/debts/${w.debt.id}/payments`, {
          amountCents: 1000,
          paidOn: todayInSaoPaulo(),
          method: "pix",
          note: v,
        }),
      debtState,
    ),
    c(
      "POST /api/finance/payments/:id/reversal reason",
      "reason",
      (v) => w.staff.post(`/api/finance/payments/${w.payment.id}/reversal`, { reason: `Cheque ${v}` }),
      debtState,
    ),
    c(
      "POST /api/finance/debts/:id/cancel reason",
      "reason",
      (v) => w.staff.post(`/api/finance/debts/${w.debt.id}/cancel`, { reason: v }),
      debtState,
    ),
    c(
      "POST /api/auth/login email",
      "email",
      (v) => anonymous("POST", "/api/auth/login", { email: `a${v}@b.com.br`, password: "senha-forte-123" }),
      async () => null,
    ),
    c(
      "POST /api/auth/login password",
      "password",
      (v) => anonymous("POST", "/api/auth/login", { email: w.staff.user.email, password: `senha-${v}` }),
      async () => null,
    ),
    c(
      "POST /api/invitations/:token/accept password",
      "password",
      (v) => anonymous("POST", `/api/invitations/${"A".repeat(43)}/accept`, { password: `senha-forte-${v}` }),
      async () => null,
    ),
  ];
};

describe("hostile text in a JSON body: 400 beside the field, nothing saved", () => {
  it.each(bodyCases().map((c) => [c.name, c] as const))("%s", async (_name, c) => {
    for (const v of HOSTILE) {
      const before = await c.state();
      const res = await c.send(v);
      try {
        expectError(res, 400, "validation_failed", c.field, REFUSED);
      } catch (err) {
        throw new Error(`${JSON.stringify(v)}: ${(err as Error).message}`);
      }
      expect(await c.state()).toEqual(before);
    }
  });
});

describe("hostile text in a query string: 400 naming the parameter", () => {
  const lists = [
    "/api/tickets",
    "/api/clients",
    "/api/services",
    "/api/accountants",
    "/api/users",
    "/api/finance/categories",
    "/api/finance/debts",
  ];
  it.each(lists)("GET %s?q=", async (url) => {
    for (const v of HOSTILE_QUERY) {
      const res = await w.admin.get(`${url}?q=${encodeURIComponent(v)}`);
      try {
        expectError(res, 400, "validation_failed", "q", REFUSED);
      } catch (err) {
        throw new Error(`${JSON.stringify(v)}: ${(err as Error).message}`);
      }
    }
  });
});

describe("line breaks: one line where one line belongs, kept where text has lines", () => {
  it("a client name pasted with CR/LF and TAB is saved as one line", async () => {
    const res = await w.staff.post("/api/clients", {
      name: "Padaria\r\nPão Dourado\tLtda",
      tradeName: " Pão\nDourado ",
      document: uniqueCnpj(),
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ name: "Padaria Pão Dourado Ltda", tradeName: "Pão Dourado" });
  });

  it("an atendimento's subject is one line, its description keeps its lines (CRLF → LF)", async () => {
    const t = await createTicket(w.staff, w.reg, {
      subject: "IRPF\r\n2026",
      description: "linha 1\r\nlinha 2\rlinha 3\n\tcom tab",
    });
    const d = (await json(w.staff.get(`/api/tickets/${t.id}`))) as { subject: string; description: string };
    expect(d.subject).toBe("IRPF 2026");
    expect(d.description).toBe("linha 1\nlinha 2\nlinha 3\n\tcom tab");
  });

  it("a chat message keeps its lines", async () => {
    const res = await w.client.post(`/api/tickets/${w.ticket.id}/messages`, {
      body: "Oi\r\n\r\nSegue o recibo",
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ body: "Oi\n\nSegue o recibo" });
  });
});

describe("date filters and dates: real calendar days within 1900–2999", () => {
  const RANGE = /01\/01\/1900 e 31\/12\/2999/;
  const cases: [string, () => string, string, RegExp][] = [
    ["tickets openedTo past 9999", () => "/api/tickets?openedTo=9999-12-31", "openedTo", RANGE],
    ["tickets openedFrom before 1900", () => "/api/tickets?openedFrom=0001-01-01", "openedFrom", RANGE],
    ["tickets openedTo not a day", () => "/api/tickets?openedTo=2026-02-30", "openedTo", /Data inválida/],
    ["debts dueTo past 9999", () => "/api/finance/debts?dueTo=9999-12-31", "dueTo", RANGE],
    ["debts dueFrom before 1900", () => "/api/finance/debts?dueFrom=1000-01-01", "dueFrom", RANGE],
    [
      "statement to past 9999",
      () => `/api/finance/clients/${w.reg.client.id}/statement?to=9999-12-31`,
      "to",
      RANGE,
    ],
    [
      "statement from before 1900",
      () => `/api/finance/clients/${w.reg.client.id}/statement?from=0000-01-01`,
      "from",
      RANGE,
    ],
    ["quote on past 9999", () => `/api/finance/debts/${w.debt.id}/quote?on=9999-12-31`, "on", RANGE],
  ];
  it.each(cases)("GET %s is a 400", async (_name, url, field, message) => {
    expectError(await w.staff.get(url()), 400, "validation_failed", field, message);
  });

  it("the last and first days of the range work", async () => {
    expect((await w.staff.get("/api/tickets?openedFrom=1900-01-01&openedTo=2999-12-31")).statusCode).toBe(
      200,
    );
    expect((await w.staff.get("/api/finance/debts?dueFrom=1900-01-01&dueTo=2999-12-31")).statusCode).toBe(
      200,
    );
  });

  it("Movimentar and Baixa refuse out-of-range days, nothing saved", async () => {
    const before = await debtState();
    const debts = await json(w.staff.get(`/api/finance/debts?ticketId=${w.ticket.id}`));
    const posted = await w.staff.post(`/api/tickets/${w.ticket.id}/debts`, {
      amountCents: 5000,
      dueDate: "9999-12-31",
      categoryId: w.category.id,
      description: "Honorários",
    });
    expectError(posted, 400, "validation_failed", "dueDate", RANGE);
    const paid = await w.staff.post(`/api/finance/debts/${w.debt.id}/payments`, {
      amountCents: 1000,
      paidOn: "1800-01-01",
      method: "pix",
    });
    expectError(paid, 400, "validation_failed", "paidOn", RANGE);
    expect(await json(w.staff.get(`/api/finance/debts?ticketId=${w.ticket.id}`))).toEqual(debts);
    expect(await debtState()).toEqual(before);
  });
});
