import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { TICKET_SORTS, type TicketSort } from "../../../shared/api.js";
import { TICKET_STATUSES, type TicketStatus } from "../../../shared/status.js";
import { tickets } from "../../db/schema/index.js";
import {
  createOffice,
  createRegistry,
  createTicket,
  expectError,
  type Session,
  uniqueCnpj,
  useTestApp,
} from "../../test/harness.js";

const ctx = useTestApp();

interface Row {
  id: string;
  protocol: string;
  subject: string;
  status: TicketStatus;
  amountCents: number;
  createdAt: string;
  updatedAt: string;
  requester: { id: string; name: string };
  assignee: { id: string; name: string } | null;
  service: { id: string; name: string };
}
interface Page {
  items: Row[];
  total: number;
  page: number;
  pageSize: number;
}

async function list(s: Session, query: string): Promise<Page> {
  const res = await s.get(`/api/tickets?${query}`);
  if (res.statusCode !== 200) throw new Error(`list ${query}: ${res.statusCode} ${res.body}`);
  return res.json() as Page;
}

async function setTimes(id: string, t: { createdAt?: string; updatedAt?: string }) {
  await ctx.database.db
    .update(tickets)
    .set({
      ...(t.createdAt ? { createdAt: new Date(t.createdAt) } : {}),
      ...(t.updatedAt ? { updatedAt: new Date(t.updatedAt) } : {}),
    })
    .where(eq(tickets.id, id));
}

/**
 * Four atendimentos whose order is different for every sort key, so that a sort that silently
 * falls back to another column is caught. Names start with distinct capitals (same order in any
 * collation). Ties (same client, service or assignee) are broken by the creation time.
 */
async function buildGrid() {
  const o = await createOffice(ctx, "Escritório Grade");
  const s = o.staff;
  const mkClient = async (name: string) =>
    (await s.post("/api/clients", { name, document: uniqueCnpj() })).json() as { id: string; name: string };
  const mkService = async (name: string) =>
    (await s.post("/api/services", { name, priceCents: 100 })).json() as { id: string; name: string };
  const alfa = await mkClient("Alfa Mercado");
  const bravo = await mkClient("Bravo Padaria");
  const charlie = await mkClient("Charlie Oficina");
  const balanco = await mkService("Balanço anual");
  const folha = await mkService("Folha de pagamento");
  const irpf = await mkService("IRPF pessoa física");
  const admin = { id: o.adminUser.id, name: o.adminUser.name }; // "Admin …" < "Equipe …"
  const staff = { id: o.staffUser.id, name: o.staffUser.name };
  const spec = [
    // protocol 1..4 in this order
    {
      client: charlie,
      service: balanco,
      assignee: admin,
      subject: "Delta: revisão",
      amount: 100,
      status: "waiting",
      created: "2026-03-03T12:00:00Z",
      updated: "2026-03-10T12:00:00Z",
    },
    {
      client: alfa,
      service: irpf,
      assignee: staff,
      subject: "Charlie: ajuste",
      amount: 900,
      status: "finished",
      created: "2026-03-01T12:00:00Z",
      updated: "2026-03-12T12:00:00Z",
    },
    {
      client: alfa,
      service: folha,
      assignee: admin,
      subject: "Bravo: consulta",
      amount: 300,
      status: "open",
      created: "2026-03-04T12:00:00Z",
      updated: "2026-03-09T12:00:00Z",
    },
    {
      client: bravo,
      service: balanco,
      assignee: staff,
      subject: "Alfa: abertura",
      amount: 500,
      status: "analysing",
      created: "2026-03-02T12:00:00Z",
      updated: "2026-03-11T12:00:00Z",
    },
  ] as const;
  const reg = {
    accountant: { id: "", name: "" },
    service: { id: "", priceCents: 0 },
    client: { id: "", name: "" },
  };
  const made: { id: string; protocol: string; spec: (typeof spec)[number] }[] = [];
  for (const x of spec) {
    const t = await createTicket(s, reg, {
      requesterId: x.client.id,
      serviceId: x.service.id,
      accountantId: null,
      assigneeId: x.assignee.id,
      subject: x.subject,
      amountCents: x.amount,
    });
    if (x.status !== "open") await s.post(`/api/tickets/${t.id}/status`, { status: x.status, version: 1 });
    await setTimes(t.id, { createdAt: x.created, updatedAt: x.updated });
    made.push({ id: t.id, protocol: t.protocol, spec: x });
  }
  return {
    ...o,
    made,
    clients: { alfa, bravo, charlie },
    services: { balanco, folha, irpf },
    users: { admin, staff },
  };
}

type Made = Awaited<ReturnType<typeof buildGrid>>["made"][number];
const KEY: Record<TicketSort, (m: Made) => string | number> = {
  protocol: (m) => m.protocol,
  requester: (m) => m.spec.client.name,
  subject: (m) => m.spec.subject,
  assignee: (m) => m.spec.assignee.name,
  createdAt: (m) => m.spec.created,
  updatedAt: (m) => m.spec.updated,
  amount: (m) => m.spec.amount,
  service: (m) => m.spec.service.name,
  status: (m) => TICKET_STATUSES.indexOf(m.spec.status),
};

function expectedOrder(made: Made[], sort: TicketSort, order: "asc" | "desc") {
  const sign = order === "asc" ? 1 : -1;
  const cmp = (a: string | number, b: string | number) => (a < b ? -1 : a > b ? 1 : 0);
  return [...made]
    .sort((a, b) => sign * (cmp(KEY[sort](a), KEY[sort](b)) || cmp(a.spec.created, b.spec.created)))
    .map((m) => m.id);
}

describe("grid: sorting", () => {
  it.each(TICKET_SORTS)("sorts by %s in both orders", async (sort) => {
    const g = await buildGrid();
    for (const order of ["asc", "desc"] as const) {
      const expected = expectedOrder(g.made, sort, order);
      if (sort !== "createdAt")
        expect(expected, "fixture must tell this key from createdAt").not.toEqual(
          expectedOrder(g.made, "createdAt", order),
        );
      const page = await list(g.staff, `sort=${sort}&order=${order}`);
      expect(
        page.items.map((r) => r.id),
        `${sort} ${order}`,
      ).toEqual(expected);
      expect(page.total).toBe(4);
    }
  });

  it("sorts by creation time, newest first, by default", async () => {
    const g = await buildGrid();
    const page = await list(g.staff, "");
    expect(page.items.map((r) => r.id)).toEqual(expectedOrder(g.made, "createdAt", "desc"));
    expect(page).toMatchObject({ page: 1, pageSize: 20, total: 4 });
  });

  it("shows the grid columns of each row", async () => {
    const g = await buildGrid();
    const row = (await list(g.staff, "sort=protocol&order=asc")).items[1];
    expect(row).toMatchObject({
      id: g.made[1]?.id,
      protocol: g.made[1]?.protocol,
      requester: { id: g.clients.alfa.id, name: "Alfa Mercado" },
      subject: "Charlie: ajuste",
      assignee: g.users.staff,
      service: { id: g.services.irpf.id, name: "IRPF pessoa física" },
      amountCents: 900,
      status: "finished",
      createdAt: "2026-03-01T12:00:00.000Z",
      updatedAt: "2026-03-12T12:00:00.000Z",
      version: 2,
    });
  });
});

describe("grid: pagination", () => {
  it("pages through with page/pageSize/total, without overlap", async () => {
    const g = await buildGrid();
    const reg = await createRegistry(g.staff);
    for (let i = 0; i < 3; i++) await createTicket(g.staff, reg, { subject: `Extra ${i}` });
    const all = (await list(g.staff, "sort=protocol&order=asc&pageSize=200")).items.map((r) => r.id);
    expect(all).toHaveLength(7);
    const seen: string[] = [];
    for (let page = 1; page <= 3; page++) {
      const p = await list(g.staff, `sort=protocol&order=asc&pageSize=3&page=${page}`);
      expect(p).toMatchObject({ total: 7, page, pageSize: 3 });
      expect(p.items).toHaveLength(page < 3 ? 3 : 1);
      seen.push(...p.items.map((r) => r.id));
    }
    expect(seen).toEqual(all);
    const beyond = await list(g.staff, "pageSize=3&page=4");
    expect(beyond).toMatchObject({ total: 7, page: 4, items: [] });
  });

  it("total counts the filtered rows, not the page", async () => {
    const g = await buildGrid();
    const p = await list(g.staff, "status=open,analysing,waiting&pageSize=1");
    expect(p.total).toBe(3);
    expect(p.items).toHaveLength(1);
  });
});

describe("grid: filters", () => {
  it("filters by one status or several, comma-separated", async () => {
    const g = await buildGrid();
    const ids = async (q: string) =>
      (await list(g.staff, `${q}&sort=protocol&order=asc`)).items.map((r) => r.id);
    const [t1, t2, t3, t4] = g.made.map((m) => m.id);
    expect(await ids("status=open")).toEqual([t3]);
    expect(await ids("status=finished")).toEqual([t2]);
    expect(await ids("status=open,analysing")).toEqual([t3, t4]);
    expect(await ids("status=waiting,finished,cancelled")).toEqual([t1, t2]);
    expect(await ids("status=rejected")).toEqual([]);
    expect(await ids("status=")).toEqual([t1, t2, t3, t4]);
  });

  it("filters by responsible, requester and service, and combines filters", async () => {
    const g = await buildGrid();
    const ids = async (q: string) =>
      (await list(g.staff, `${q}&sort=protocol&order=asc`)).items.map((r) => r.id);
    const [t1, t2, t3, t4] = g.made.map((m) => m.id);
    expect(await ids(`assigneeId=${g.users.admin.id}`)).toEqual([t1, t3]);
    expect(await ids(`assigneeId=${g.users.staff.id}`)).toEqual([t2, t4]);
    expect(await ids(`requesterId=${g.clients.alfa.id}`)).toEqual([t2, t3]);
    expect(await ids(`requesterId=${g.clients.charlie.id}`)).toEqual([t1]);
    expect(await ids(`serviceId=${g.services.balanco.id}`)).toEqual([t1, t4]);
    expect(await ids(`serviceId=${g.services.folha.id}`)).toEqual([t3]);
    expect(await ids(`requesterId=${g.clients.alfa.id}&assigneeId=${g.users.admin.id}`)).toEqual([t3]);
    expect(await ids(`serviceId=${g.services.balanco.id}&status=analysing,open`)).toEqual([t4]);
    expect(await ids(`assigneeId=${randomUUID()}`)).toEqual([]);
  });

  it("filters by opening date with São Paulo day bounds", async () => {
    const o = await createOffice(ctx);
    const reg = await createRegistry(o.staff);
    const at = {
      lastOfFeb: "2026-03-01T02:59:59.999Z", // 28/02 23:59:59.999 in São Paulo
      firstOfMar: "2026-03-01T03:00:00.000Z", // 01/03 00:00 in São Paulo
      endOfMar1: "2026-03-02T02:59:59.999Z", // 01/03 23:59:59.999 in São Paulo
      mar2: "2026-03-02T03:00:00.000Z", // 02/03 00:00 in São Paulo
    };
    const ids: Record<string, string> = {};
    for (const [k, createdAt] of Object.entries(at)) {
      const t = await createTicket(o.staff, reg, { subject: k });
      await setTimes(t.id, { createdAt });
      ids[k] = t.id;
    }
    const subjects = async (q: string) =>
      (await list(o.staff, `${q}&sort=createdAt&order=asc`)).items.map((r) => r.subject);
    expect(await subjects("openedFrom=2026-03-01&openedTo=2026-03-01")).toEqual(["firstOfMar", "endOfMar1"]);
    expect(await subjects("openedFrom=2026-03-01")).toEqual(["firstOfMar", "endOfMar1", "mar2"]);
    expect(await subjects("openedTo=2026-02-28")).toEqual(["lastOfFeb"]);
    expect(await subjects("openedFrom=2026-02-28&openedTo=2026-03-02")).toEqual([
      "lastOfFeb",
      "firstOfMar",
      "endOfMar1",
      "mar2",
    ]);
    expect(await subjects("openedFrom=2026-03-02&openedTo=2026-03-01")).toEqual([]);
  });
});

describe("grid: search", () => {
  async function searchOffice() {
    const o = await createOffice(ctx);
    const reg = await createRegistry(o.staff); // client "Padaria Pão Dourado Ltda"
    const other = (
      await o.staff.post("/api/clients", { name: "Mecânica Irmãos Souza", document: uniqueCnpj() })
    ).json() as { id: string };
    const t1 = await createTicket(o.staff, reg, { subject: "Ações trabalhistas do sócio", description: "" });
    const t2 = await createTicket(o.staff, reg, {
      requesterId: other.id,
      subject: "Declaração anual de rendimentos",
      description: "Pendente: informe de rendimentos do banco.",
    });
    const t3 = await createTicket(o.staff, reg, {
      requesterId: other.id,
      subject: "Folha de pagamento",
      description: "Conferir as rescisões de contrato.",
    });
    return { ...o, t1, t2, t3 };
  }
  const found = async (s: Session, q: string) =>
    (await list(s, `q=${encodeURIComponent(q)}&sort=protocol&order=asc`)).items.map((r) => r.subject);

  it("finds words without accents and in other forms (Portuguese full text)", async () => {
    const o = await searchOffice();
    expect(await found(o.staff, "acao")).toEqual(["Ações trabalhistas do sócio"]);
    expect(await found(o.staff, "ações")).toEqual(["Ações trabalhistas do sócio"]);
    expect(await found(o.staff, "ACOES")).toEqual(["Ações trabalhistas do sócio"]);
    expect(await found(o.staff, "declaracoes")).toEqual(["Declaração anual de rendimentos"]);
    expect(await found(o.staff, "declaração")).toEqual(["Declaração anual de rendimentos"]);
    expect(await found(o.staff, "socio")).toEqual(["Ações trabalhistas do sócio"]);
    // words of the description count too
    expect(await found(o.staff, "rescisao")).toEqual(["Folha de pagamento"]);
    expect(await found(o.staff, "rendimento")).toEqual(["Declaração anual de rendimentos"]);
    expect(await found(o.staff, "inexistente")).toEqual([]);
  });

  it("finds as you type: the last word is a prefix, with or without accents", async () => {
    const o = await searchOffice();
    const certidao = await createTicket(o.staff, await createRegistry(o.staff), {
      subject: "Certidão negativa de débitos",
      description: "Emitir as certidões federais e estaduais.",
    });
    expect(certidao.protocol).toBeDefined();
    // every stage of typing "certidão" finds it (before, "certid" found nothing)
    for (const q of [
      "ce",
      "cert",
      "certi",
      "certid",
      "certida",
      "certidã",
      "certidão",
      "certidao",
      "CERTID",
    ]) {
      expect(await found(o.staff, q), q).toContain("Certidão negativa de débitos");
    }
    expect(await found(o.staff, "certid")).toEqual(["Certidão negativa de débitos"]);
    // the prefix stops inside the ending the stemmer removes: "ações" → aca, "declarações" → declaraca
    for (const q of ["aç", "açõ", "açõe", "aco", "acoe", "acoes"]) {
      expect(await found(o.staff, q), q).toEqual(["Ações trabalhistas do sócio"]);
    }
    for (const q of ["declar", "declara", "declaraco", "declaracoe", "declaraçõe", "declaraçã"]) {
      expect(await found(o.staff, q), q).toEqual(["Declaração anual de rendimentos"]);
    }
    expect(await found(o.staff, "rendim")).toEqual(["Declaração anual de rendimentos"]);
    expect(await found(o.staff, "pagam")).toEqual(["Folha de pagamento"]);
    // the words before the last must match whole; the last one as a prefix
    expect(await found(o.staff, "negativa deb")).toEqual(["Certidão negativa de débitos"]);
    expect(await found(o.staff, "certidão federa")).toEqual(["Certidão negativa de débitos"]);
    expect(await found(o.staff, "certidão trab")).toEqual([]);
    // a stop word at the end may be the start of a word: it does not hide what the others found
    expect(await found(o.staff, "folha de")).toEqual(["Folha de pagamento"]);
    expect(await found(o.staff, "certidão xyz")).toEqual([]);
  });

  it("tolerates typos in the subject and the client's name when nothing matches exactly", async () => {
    const o = await searchOffice();
    await createTicket(o.staff, await createRegistry(o.staff), {
      subject: "Certidão negativa de débitos",
      description: "Emitir as certidões federais e estaduais.",
    });
    expect(await found(o.staff, "certidao negatva")).toEqual(["Certidão negativa de débitos"]);
    expect(await found(o.staff, "certdão")).toEqual(["Certidão negativa de débitos"]);
    expect(await found(o.staff, "declaracao anul")).toEqual(["Declaração anual de rendimentos"]);
    // the client's name: "padaira" for "Padaria Pão Dourado Ltda" (both registries use that name)
    expect(await found(o.staff, "padaira")).toEqual([
      "Ações trabalhistas do sócio",
      "Certidão negativa de débitos",
    ]);
    expect(await found(o.staff, "mecanca souza")).toEqual([
      "Declaração anual de rendimentos",
      "Folha de pagamento",
    ]);
    // one word in the client's name, another in the subject
    expect(await found(o.staff, "mecanca folah")).toEqual(["Folha de pagamento"]);
    // every word must be close to something: unrelated words still find nothing
    expect(await found(o.staff, "certidao trab")).toEqual([]);
    expect(await found(o.staff, "inexistente")).toEqual([]);
    expect(await found(o.staff, "xyz")).toEqual([]);
    // an exact match wins: the fallback is not mixed in ("folha" does not bring "Folah…")
    const res = await list(o.staff, `q=${encodeURIComponent("folha")}`);
    expect(res.items.map((r) => r.subject)).toEqual(["Folha de pagamento"]);
    expect(res.total).toBe(1);
    // the fallback stays within the office: another office's "Padaria" is not found
    const other = await createOffice(ctx, "Outro Escritório Busca");
    expect(await found(other.staff, "padaira")).toEqual([]);
    expect(await found(o.staff, "padaira")).toHaveLength(2);
  });

  it("searches words as text: operators, quotes and punctuation are no tsquery syntax", async () => {
    const o = await searchOffice();
    expect(await found(o.staff, "'folha' & !pagam")).toEqual(["Folha de pagamento"]);
    expect(await found(o.staff, "folha:* | ações")).toEqual([]);
    expect(await found(o.staff, "(declar)")).toEqual(["Declaração anual de rendimentos"]);
    expect(await found(o.staff, 'ações\\ "trab')).toEqual(["Ações trabalhistas do sócio"]);
    expect(await found(o.staff, "<->!&|")).toEqual([]);
  });

  it("finds by the client's name, without accents", async () => {
    const o = await searchOffice();
    expect(await found(o.staff, "pao dourado")).toEqual(["Ações trabalhistas do sócio"]);
    expect(await found(o.staff, "mecanica irmaos")).toEqual([
      "Declaração anual de rendimentos",
      "Folha de pagamento",
    ]);
  });

  it("finds by protocol number, full or by sequence", async () => {
    const o = await searchOffice();
    expect(o.t1.protocol).toMatch(/^\d{4}\/000001$/);
    expect(await found(o.staff, o.t1.protocol)).toEqual(["Ações trabalhistas do sócio"]);
    expect(await found(o.staff, o.t2.protocol)).toEqual(["Declaração anual de rendimentos"]);
    const year = o.t3.protocol.split("/")[0];
    expect(await found(o.staff, `${year}/3`)).toEqual(["Folha de pagamento"]);
    expect(await found(o.staff, "000003")).toEqual(["Folha de pagamento"]);
    expect(await found(o.staff, "1999/000001")).toEqual([]);
  });

  it("combines the search with filters", async () => {
    const o = await searchOffice();
    await o.staff.post(`/api/tickets/${o.t3.id}/status`, { status: "finished", version: 1 });
    const q = encodeURIComponent("mecanica");
    const res = await list(o.staff, `q=${q}&status=finished`);
    expect(res.items.map((r) => r.subject)).toEqual(["Folha de pagamento"]);
    expect(res.total).toBe(1);
  });

  it.each([
    "%",
    "_",
    "a & b | !c",
    "'; drop table tickets; --",
    "(((",
    ":*",
    "\\",
    "Pão\u0000",
    "a:* & 'b'",
    "\\'\\\\:*",
    "!!!",
    "o'brien",
    "x".repeat(200),
    "a ".repeat(100),
    "ação ".repeat(40),
  ])("a search with special characters (%j) is safe", async (q) => {
    const o = await searchOffice();
    const res = await o.staff.get(`/api/tickets?q=${encodeURIComponent(q)}`);
    if (q.includes("\u0000")) {
      // a NUL character is refused by the text rule (shared/text.ts), beside the search box
      expectError(res, 400, "validation_failed", "q", "Busca contém caracteres não permitidos");
    } else {
      expect(res.statusCode, res.body).toBe(200);
      // wildcards are plain text: nothing has a literal % or _ in it
      if (q === "%" || q === "_") expect(res.json().total).toBe(0);
    }
    expect((await list(o.staff, "")).total).toBe(3);
  });
});

describe("grid: invalid query parameters", () => {
  it.each([
    ["sort=nada", "sort", "Ordenação inválida"],
    ["order=cima", "order", /.+/],
    ["status=closed", "status", "Status inválido"],
    ["status=open,fechado", "status", "Status inválido"],
    ["assigneeId=123", "assigneeId", "Identificador inválido"],
    ["requesterId=abc", "requesterId", "Identificador inválido"],
    ["serviceId=00000000-0000", "serviceId", "Identificador inválido"],
    ["openedFrom=01/03/2026", "openedFrom", "Data inválida (use AAAA-MM-DD)"],
    ["openedTo=2026-3-1", "openedTo", "Data inválida (use AAAA-MM-DD)"],
    ["openedTo=2026-02-30", "openedTo", "Data inválida (use AAAA-MM-DD)"],
    ["openedFrom=2026-13-01", "openedFrom", "Data inválida (use AAAA-MM-DD)"],
    ["openedFrom=2025-02-29", "openedFrom", "Data inválida (use AAAA-MM-DD)"],
    ["page=0", "page", /.+/],
    ["page=abc", "page", /.+/],
    ["pageSize=201", "pageSize", /.+/],
    [`q=${"x".repeat(201)}`, "q", "Busca muito longa"],
  ])("%s → 400 with a pt-BR message", async (query, field, message) => {
    const { staff } = await createOffice(ctx);
    const res = await staff.get(`/api/tickets?${query}`);
    const err = expectError(res, 400, "validation_failed");
    expect(err.message).toBe("Parâmetros inválidos.");
    const key = Object.keys(err.fields ?? {}).find((k) => k === field || k.startsWith(`${field}.`));
    expect(key, res.body).toBeDefined();
    const got = err.fields?.[key as string] ?? "";
    if (typeof message === "string") expect(got).toBe(message);
    else expect(got).toMatch(message);
    // pt-BR, not the English defaults
    expect(got).not.toMatch(/\b(Invalid|Expected|Too (big|small))\b/);
  });

  it("accepts a leap day that exists", async () => {
    const { staff } = await createOffice(ctx);
    expect((await staff.get("/api/tickets?openedFrom=2028-02-29&openedTo=2028-02-29")).statusCode).toBe(200);
  });
});
