/**
 * Tenant isolation: a person of office A reaches none of office B's records, through any route.
 * Another office's record answers exactly like a record that does not exist.
 */
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  createOffice,
  createRegistry,
  createTicket,
  expectError,
  login,
  type Session,
  TEST_PASSWORD,
  uniqueCnpj,
  useTestApp,
} from "./harness.js";

const ctx = useTestApp();

async function twoOffices() {
  const tag = randomUUID().slice(0, 8);
  const a = await createOffice(ctx, `Escritório Alfa ${tag}`);
  const b = await createOffice(ctx, `Escritório Beta ${tag}`);
  const regA = await createRegistry(a.staff);
  const secretName = `Cliente Secreto Beta ${tag}`;
  const secretDoc = uniqueCnpj();
  const bAcc = (
    await b.staff.post("/api/accountants", {
      name: `Contadora Beta ${tag}`,
      crc: `BETA${tag}`,
      cpf: "529.982.247-25",
      email: `contadora-${tag}@beta.com.br`,
    })
  ).json() as { id: string; name: string; crc: string };
  const bService = (
    await b.staff.post("/api/services", { name: `Serviço Beta ${tag}`, priceCents: 4242 })
  ).json() as {
    id: string;
    name: string;
    priceCents: number;
  };
  const bClient = (
    await b.staff.post("/api/clients", {
      name: secretName,
      document: secretDoc,
      emails: [`segredo-${tag}@beta.com.br`],
      defaultAccountantId: bAcc.id,
    })
  ).json() as { id: string; name: string };
  const regB = { accountant: bAcc, service: bService, client: bClient };
  const bTicket = await createTicket(b.staff, regB, { subject: `Assunto secreto ${tag}` });
  const aTicket = await createTicket(a.staff, regA, { subject: `Assunto de A ${tag}` });
  const secrets = [
    secretName,
    secretDoc,
    bAcc.name,
    bAcc.crc,
    bService.name,
    b.adminUser.name,
    b.staffUser.name,
    b.staffUser.email,
    b.office.name,
    `Assunto secreto ${tag}`,
  ];
  return { tag, a, b, regA, regB, bTicket, aTicket, secrets };
}

type World = Awaited<ReturnType<typeof twoOffices>>;

/** Everything of B as B sees it, to compare after A's attempts. */
async function snapshotB(w: World) {
  const s = w.b.admin;
  const get = async (url: string) => {
    const res = await s.get(url);
    expect(res.statusCode, url).toBe(200);
    return res.json();
  };
  return {
    client: await get(`/api/clients/${w.regB.client.id}`),
    service: await get(`/api/services/${w.regB.service.id}`),
    accountant: await get(`/api/accountants/${w.regB.accountant.id}`),
    admin: await get(`/api/users/${w.b.adminUser.id}`),
    staff: await get(`/api/users/${w.b.staffUser.id}`),
    ticket: await get(`/api/tickets/${w.bTicket.id}`),
    history: await get(`/api/tickets/${w.bTicket.id}/history`),
    tickets: await get("/api/tickets"),
    clients: await get("/api/clients"),
  };
}

function expectHidden(res: { statusCode: number; body: string; json(): unknown }, w: World, what: string) {
  const err = expectError(res, 404, "not_found");
  expect(err.message).toBe(`${what} não encontrado.`);
  for (const secret of w.secrets) expect(res.body).not.toContain(secret);
  expect(res.body).not.toContain(w.b.office.id);
}

describe("tenant isolation: reading another office's records", () => {
  it("GET of every record of B answers 404, for A's admin and A's staff", async () => {
    const w = await twoOffices();
    const reads: [string, string][] = [
      [`/api/clients/${w.regB.client.id}`, "Cliente"],
      [`/api/services/${w.regB.service.id}`, "Serviço"],
      [`/api/accountants/${w.regB.accountant.id}`, "Contador"],
      [`/api/users/${w.b.staffUser.id}`, "Usuário"],
      [`/api/users/${w.b.adminUser.id}`, "Usuário"],
      [`/api/tickets/${w.bTicket.id}`, "Atendimento"],
      [`/api/tickets/${w.bTicket.id}/history`, "Atendimento"],
    ];
    for (const [url, what] of reads) {
      expectHidden(await w.a.admin.get(url), w, what);
      if (!url.startsWith("/api/users/")) expectHidden(await w.a.staff.get(url), w, what);
    }
  });

  it("answers B's records exactly like ids that do not exist", async () => {
    const w = await twoOffices();
    for (const base of ["/api/clients", "/api/services", "/api/accountants", "/api/users", "/api/tickets"]) {
      const id =
        base === "/api/clients"
          ? w.regB.client.id
          : base === "/api/services"
            ? w.regB.service.id
            : base === "/api/accountants"
              ? w.regB.accountant.id
              : base === "/api/users"
                ? w.b.staffUser.id
                : w.bTicket.id;
      const theirs = await w.a.admin.get(`${base}/${id}`);
      const none = await w.a.admin.get(`${base}/${randomUUID()}`);
      expect(theirs.statusCode).toBe(none.statusCode);
      expect(theirs.body).toBe(none.body);
    }
  });
});

describe("tenant isolation: writing to another office's records", () => {
  it("PATCH of every cadastro of B answers 404 and B's records are unchanged", async () => {
    const w = await twoOffices();
    const before = await snapshotB(w);
    const attempts: [string, unknown, string][] = [
      [
        `/api/clients/${w.regB.client.id}`,
        { name: "Sequestrado", document: uniqueCnpj(), active: false },
        "Cliente",
      ],
      [
        `/api/services/${w.regB.service.id}`,
        { name: "Sequestrado", priceCents: 1, active: false },
        "Serviço",
      ],
      [
        `/api/accountants/${w.regB.accountant.id}`,
        { name: "Sequestrado", crc: "X1", cpf: "529.982.247-25", email: "x@x.com.br", active: false },
        "Contador",
      ],
      [
        `/api/users/${w.b.staffUser.id}`,
        {
          name: "Sequestrado",
          email: `x-${w.tag}@x.com.br`,
          role: "admin",
          active: false,
          password: "nova-senha-1",
        },
        "Usuário",
      ],
      [
        `/api/users/${w.b.adminUser.id}`,
        { name: "Sequestrado", email: `y-${w.tag}@x.com.br`, role: "staff", active: false },
        "Usuário",
      ],
    ];
    for (const [url, body, what] of attempts) {
      expectHidden(await w.a.admin.patch(url, body), w, what);
      if (!url.startsWith("/api/users/")) expectHidden(await w.a.staff.patch(url, body), w, what);
    }
    expect(await snapshotB(w)).toEqual(before);
    // B's people are still signed in with their passwords
    expect((await w.b.staff.get("/api/auth/me")).json().user).not.toBeNull();
  });

  it("PUT, status, reopen and history of B's atendimento answer 404, in every state, and change nothing", async () => {
    const w = await twoOffices();
    const body = {
      requesterId: w.regA.client.id,
      serviceId: w.regA.service.id,
      accountantId: null,
      assigneeId: w.a.staff.user.id,
      subject: "Sequestrado",
      amountCents: 1,
    };
    const tryAll = async (version: number) => {
      const id = w.bTicket.id;
      for (const s of [w.a.admin, w.a.staff]) {
        expectHidden(await s.put(`/api/tickets/${id}`, { ...body, version }), w, "Atendimento");
        // a wrong version or an impossible change must not leak the state either (no 409)
        expectHidden(await s.put(`/api/tickets/${id}`, { ...body, version: version + 7 }), w, "Atendimento");
        for (const status of ["analysing", "finished", "open"]) {
          expectHidden(await s.post(`/api/tickets/${id}/status`, { status, version }), w, "Atendimento");
        }
        expectHidden(await s.post(`/api/tickets/${id}/reopen`, { version }), w, "Atendimento");
        expectHidden(await s.get(`/api/tickets/${id}/history`), w, "Atendimento");
      }
    };
    await tryAll(1);
    const before = await snapshotB(w);
    // B closes it: A still gets 404 for reopen, not a hint that it is closed
    expect(
      (await w.b.staff.post(`/api/tickets/${w.bTicket.id}/status`, { status: "finished", version: 1 }))
        .statusCode,
    ).toBe(200);
    const closed = await snapshotB(w);
    expect(closed.ticket.status).toBe("finished");
    await tryAll(2);
    expect(await snapshotB(w)).toEqual(closed);
    expect(closed.history.length).toBeGreaterThan(before.history.length);
  });

  it("A cannot point its records to B's client, service, accountant or people", async () => {
    const w = await twoOffices();
    const before = await snapshotB(w);
    const form = {
      requesterId: w.regA.client.id,
      serviceId: w.regA.service.id,
      accountantId: w.regA.accountant.id,
      assigneeId: w.a.staff.user.id,
      subject: "Apontando para B",
      amountCents: 100,
    };
    const cases: [Record<string, string>, string][] = [
      [{ requesterId: w.regB.client.id }, "requesterId"],
      [{ serviceId: w.regB.service.id }, "serviceId"],
      [{ accountantId: w.regB.accountant.id }, "accountantId"],
      [{ assigneeId: w.b.staffUser.id }, "assigneeId"],
      [{ assigneeId: w.b.adminUser.id }, "assigneeId"],
    ];
    const countA = (await w.a.staff.get("/api/tickets")).json().total;
    for (const [over, field] of cases) {
      const created = await w.a.staff.post("/api/tickets", { ...form, ...over });
      expectError(created, 400, "validation_failed", field, /não encontrado/);
      for (const secret of w.secrets) expect(created.body).not.toContain(secret);
      const edited = await w.a.staff.put(`/api/tickets/${w.aTicket.id}`, { ...form, ...over, version: 1 });
      expectError(edited, 400, "validation_failed", field, /não encontrado/);
    }
    const client = await w.a.staff.post("/api/clients", {
      name: "Cliente de A",
      document: uniqueCnpj(),
      defaultAccountantId: w.regB.accountant.id,
    });
    expectError(client, 400, "validation_failed", "defaultAccountantId", "Contador não encontrado.");
    const aClient = await w.a.staff.patch(`/api/clients/${w.regA.client.id}`, {
      name: "Padaria Pão Dourado Ltda",
      document: uniqueCnpj(),
      defaultAccountantId: w.regB.accountant.id,
    });
    expectError(aClient, 400, "validation_failed", "defaultAccountantId");
    expect((await w.a.staff.get("/api/tickets")).json().total).toBe(countA);
    expect((await w.a.staff.get(`/api/tickets/${w.aTicket.id}`)).json().version).toBe(1);
    expect(await snapshotB(w)).toEqual(before);
  });

  it("A's admin cannot take B's user e-mail to reach B's account, nor sign in as B", async () => {
    const w = await twoOffices();
    // one e-mail may have a user in each office (an accountant serving two offices): A may create
    // its own user with it, with a password A chooses…
    const clonePassword = "clone de outra pessoa 2026";
    const res = await w.a.admin.post("/api/users", {
      name: "Clone",
      email: w.b.staffUser.email,
      role: "admin",
      password: clonePassword,
    });
    expect(res.statusCode).toBe(201);
    // …which signs in to A's user only, never to B's account
    const clone = await login(ctx.app, w.b.staffUser.email, clonePassword);
    expect(clone.user.officeId).toBe(w.a.office.id);
    // the existing B account keeps its office, its password and its session
    const me = (await w.b.staff.get("/api/auth/me")).json();
    expect(me.user.office.id).toBe(w.b.office.id);
    const b = await login(ctx.app, w.b.staffUser.email, TEST_PASSWORD);
    expect(b.user).toMatchObject({ id: w.b.staffUser.id, officeId: w.b.office.id });
  });
});

describe("tenant isolation: lists", () => {
  const ids = async (s: Session, url: string) => {
    const res = await s.get(url);
    expect(res.statusCode, url).toBe(200);
    const body = res.json();
    const items = (Array.isArray(body) ? body : body.items) as { id: string }[];
    return items.map((x) => x.id);
  };

  it("A's lists never contain B's rows, whatever the search or filter", async () => {
    const w = await twoOffices();
    const bIds = new Set([
      w.regB.client.id,
      w.regB.service.id,
      w.regB.accountant.id,
      w.b.adminUser.id,
      w.b.staffUser.id,
      w.bTicket.id,
    ]);
    const q = encodeURIComponent;
    const urls = [
      "/api/clients?active=all&pageSize=200",
      `/api/clients?q=${q("Cliente Secreto Beta")}`,
      `/api/clients?q=${q(w.secrets[1] as string)}`,
      "/api/services?active=all&pageSize=200",
      `/api/services?q=${q("Serviço Beta")}`,
      "/api/accountants?active=all&pageSize=200",
      `/api/accountants?q=${q(w.regB.accountant.crc)}`,
      "/api/users?active=all&pageSize=200",
      `/api/users?q=${q(w.b.staffUser.email)}`,
      "/api/users/options",
      "/api/tickets?pageSize=200",
      `/api/tickets?q=${q("Cliente Secreto Beta")}`,
      `/api/tickets?q=${q(`Assunto secreto ${w.tag}`)}`,
      `/api/tickets?q=${q("secreto")}`,
      `/api/tickets?requesterId=${w.regB.client.id}`,
      `/api/tickets?serviceId=${w.regB.service.id}`,
      `/api/tickets?assigneeId=${w.b.staffUser.id}`,
    ];
    for (const url of urls) {
      for (const s of [w.a.admin, w.a.staff]) {
        if (url.startsWith("/api/users?") && s === w.a.staff) continue;
        const got = await ids(s, url);
        for (const id of got) expect(bIds.has(id), `${url} leaked ${id}`).toBe(false);
      }
    }
    // the searches for B's names find nothing at all in A
    expect(await ids(w.a.staff, `/api/clients?q=${q("Cliente Secreto Beta")}`)).toEqual([]);
    expect(await ids(w.a.staff, `/api/tickets?q=${q("Cliente Secreto Beta")}`)).toEqual([]);
    expect(await ids(w.a.staff, `/api/tickets?requesterId=${w.regB.client.id}`)).toEqual([]);
    // and A's own data is there
    expect(await ids(w.a.staff, "/api/tickets")).toEqual([w.aTicket.id]);
    expect((await ids(w.a.staff, "/api/users/options")).sort()).toEqual(
      [w.a.adminUser.id, w.a.staffUser.id].sort(),
    );
  });

  it("the same protocol number in both offices: A finds only its own", async () => {
    const w = await twoOffices();
    expect(w.aTicket.protocol).toBe(w.bTicket.protocol); // both 000001 of the year
    const found = await ids(w.a.staff, `/api/tickets?q=${encodeURIComponent(w.bTicket.protocol)}`);
    expect(found).toEqual([w.aTicket.id]);
    const foundB = await ids(w.b.staff, `/api/tickets?q=${encodeURIComponent(w.aTicket.protocol)}`);
    expect(foundB).toEqual([w.bTicket.id]);
  });

  it("totals count only the office's own rows", async () => {
    const w = await twoOffices();
    for (const [url, n] of [
      ["/api/clients", 1],
      ["/api/services", 1],
      ["/api/accountants", 1],
      ["/api/users", 2],
      ["/api/tickets", 1],
    ] as const) {
      expect((await w.a.admin.get(url)).json().total, url).toBe(n);
      expect((await w.b.admin.get(url)).json().total, url).toBe(n);
    }
  });
});
