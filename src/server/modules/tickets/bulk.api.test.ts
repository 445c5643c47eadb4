import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import {
  createOffice,
  createRegistry,
  createTicket,
  createUser,
  expectError,
  type Session,
  useTestApp,
} from "../../test/harness.js";

const ctx = useTestApp();

interface Result {
  id: string;
  ok: boolean;
  ticket?: { id: string; status: string; version: number; assignee: { id: string } | null };
  error?: { code: string; message: string };
}

async function bulk(s: Session, body: unknown) {
  const res = await s.post("/api/tickets/bulk", body);
  if (res.statusCode !== 200) throw new Error(`bulk: ${res.statusCode} ${res.body}`);
  return (res.json() as { results: Result[] }).results;
}

async function history(s: Session, id: string) {
  return (await s.get(`/api/tickets/${id}/history`)).json() as { type: string }[];
}

async function emailsOf(ticketId: string, kind?: string) {
  const r = (await ctx.database.db.execute(
    sql`select kind from emails where ticket_id = ${ticketId}`,
  )) as unknown as { rows: { kind: string }[] };
  return r.rows.filter((e) => !kind || e.kind === kind);
}

async function setup() {
  const office = await createOffice(ctx);
  const reg = await createRegistry(office.staff);
  const tickets = [
    await createTicket(office.staff, reg),
    await createTicket(office.staff, reg),
    await createTicket(office.staff, reg),
  ];
  return { ...office, reg, tickets };
}

describe("POST /api/tickets/bulk — status", () => {
  it("changes the status of every item, one history event and one e-mail each", async () => {
    const { staff, tickets } = await setup();
    const results = await bulk(staff, {
      action: "status",
      status: "analysing",
      items: tickets.map((t) => ({ id: t.id, version: t.version })),
    });
    expect(results.map((r) => [r.id, r.ok, r.ticket?.status, r.ticket?.version])).toEqual(
      tickets.map((t) => [t.id, true, "analysing", 2]),
    );
    for (const t of tickets) {
      expect((await history(staff, t.id)).filter((e) => e.type === "status_changed")).toHaveLength(1);
      expect(await emailsOf(t.id)).toHaveLength(1);
      expect((await staff.get(`/api/tickets/${t.id}`)).json()).toMatchObject({
        status: "analysing",
        version: 2,
      });
    }
  });

  it("reports a stale, a closed and another office's atendimento as failed, unchanged; the others change", async () => {
    const { staff, tickets } = await setup();
    const [fresh, stale, closed] = tickets as [
      (typeof tickets)[number],
      (typeof tickets)[number],
      (typeof tickets)[number],
    ];
    // someone else moved it after the grid was read
    expect(
      (await staff.post(`/api/tickets/${stale.id}/status`, { status: "waiting", version: 1 })).statusCode,
    ).toBe(200);
    expect(
      (await staff.post(`/api/tickets/${closed.id}/status`, { status: "finished", version: 1 })).statusCode,
    ).toBe(200);
    const other = await createOffice(ctx, "Outro Escritório");
    const foreign = await createTicket(other.staff, await createRegistry(other.staff));

    const results = await bulk(staff, {
      action: "status",
      status: "analysing",
      items: [
        { id: fresh.id, version: 1 },
        { id: stale.id, version: 1 },
        { id: closed.id, version: 2 },
        { id: foreign.id, version: 1 },
      ],
    });
    expect(results[0]).toMatchObject({ id: fresh.id, ok: true, ticket: { status: "analysing" } });
    expect(results[1]).toMatchObject({ id: stale.id, ok: false, error: { code: "stale_version" } });
    expect(results[1]?.error?.message).toMatch(/alterado por outra pessoa/);
    expect(results[2]).toMatchObject({ id: closed.id, ok: false, error: { code: "invalid_state" } });
    expect(results[2]?.error?.message).toMatch(/encerrado/);
    expect(results[3]).toEqual({
      id: foreign.id,
      ok: false,
      error: { code: "not_found", message: "Atendimento não encontrado." },
    });

    expect((await staff.get(`/api/tickets/${stale.id}`)).json()).toMatchObject({
      status: "waiting",
      version: 2,
    });
    expect((await staff.get(`/api/tickets/${closed.id}`)).json()).toMatchObject({
      status: "finished",
      version: 2,
    });
    expect((await other.staff.get(`/api/tickets/${foreign.id}`)).json()).toMatchObject({
      status: "open",
      version: 1,
    });
    expect(await emailsOf(stale.id)).toHaveLength(1); // only the one of the single change
    expect(await emailsOf(foreign.id)).toHaveLength(0);
    expect((await history(other.staff, foreign.id)).map((e) => e.type)).toEqual(["created"]);
  });
});

describe("POST /api/tickets/bulk — responsável", () => {
  it("changes the responsável through the edit: one updated event, new version, other fields kept", async () => {
    const { admin, staff, tickets } = await setup();
    const { user: other } = await createUser(ctx, admin, "staff");
    const [a, b] = tickets;
    if (!a || !b) throw new Error("setup");
    const before = (await staff.get(`/api/tickets/${a.id}`)).json();
    const results = await bulk(staff, {
      action: "assignee",
      assigneeId: other.id,
      items: [
        { id: a.id, version: 1 },
        { id: b.id, version: 7 },
      ],
    });
    expect(results[0]).toMatchObject({ ok: true, ticket: { assignee: { id: other.id }, version: 2 } });
    expect(results[1]).toMatchObject({ ok: false, error: { code: "stale_version" } });
    const after = (await staff.get(`/api/tickets/${a.id}`)).json();
    expect({ ...after, assignee: null, version: 0, updatedAt: null, actions: null }).toEqual({
      ...before,
      assignee: null,
      version: 0,
      updatedAt: null,
      actions: null,
    });
    const updated = (await history(staff, a.id)).filter((e) => e.type === "updated") as unknown as {
      changes: { field: string }[];
    }[];
    expect(updated.map((e) => e.changes.map((c) => c.field))).toEqual([["assignee"]]);
    expect((await staff.get(`/api/tickets/${b.id}`)).json().assignee.id).toBe(staff.user.id);
  });

  it("refuses an unknown responsável per item with its pt-BR message, nothing changed", async () => {
    const { staff, tickets } = await setup();
    const t = tickets[0];
    if (!t) throw new Error("setup");
    const [r] = await bulk(staff, {
      action: "assignee",
      assigneeId: randomUUID(),
      items: [{ id: t.id, version: 1 }],
    });
    expect(r).toMatchObject({
      ok: false,
      error: { code: "validation_failed", message: "Responsável não encontrado ou inativo." },
    });
    expect((await staff.get(`/api/tickets/${t.id}`)).json().version).toBe(1);
  });
  it("refuses a responsável of another office per item: nothing changed, nothing said of that office", async () => {
    const { staff, tickets } = await setup();
    const t = tickets[0];
    if (!t) throw new Error("setup");
    const other = await createOffice(ctx, "Outro Escritório");
    const [r] = await bulk(staff, {
      action: "assignee",
      assigneeId: other.staff.user.id,
      items: [{ id: t.id, version: 1 }],
    });
    expect(r).toEqual({
      id: t.id,
      ok: false,
      error: { code: "validation_failed", message: "Responsável não encontrado ou inativo." },
    });
    expect((await staff.get(`/api/tickets/${t.id}`)).json()).toMatchObject({
      version: 1,
      assignee: { id: staff.user.id },
    });
    expect((await history(staff, t.id)).map((e) => e.type)).toEqual(["created"]);
  });
});

describe("POST /api/tickets/bulk — Notificar", () => {
  it("notifies the new atendimentos and refuses one already moved, per policy", async () => {
    const { staff, tickets } = await setup();
    const [a, moved] = tickets;
    if (!a || !moved) throw new Error("setup");
    expect(
      (await staff.post(`/api/tickets/${moved.id}/status`, { status: "analysing", version: 1 })).statusCode,
    ).toBe(200);
    const results = await bulk(staff, {
      action: "notify",
      items: [
        { id: a.id, version: 1 },
        { id: moved.id, version: 2 },
      ],
    });
    expect(results[0]).toMatchObject({ id: a.id, ok: true });
    expect(results[1]).toMatchObject({ id: moved.id, ok: false, error: { code: "invalid_state" } });
    expect(results[1]?.error?.message).toMatch(/não está disponível/);
    expect((await history(staff, a.id)).filter((e) => e.type === "notified")).toHaveLength(1);
    expect((await history(staff, moved.id)).filter((e) => e.type === "notified")).toHaveLength(0);
    expect(await emailsOf(a.id, "ticket_notice")).toHaveLength(1);
    expect(await emailsOf(moved.id)).toHaveLength(1); // the status e-mail only
  });
});

describe("POST /api/tickets/bulk — bad requests", () => {
  it("400 on an empty list, more than 100 items, a bad action or status, a missing target, a repeated id", async () => {
    const { staff, tickets } = await setup();
    const t = tickets[0];
    if (!t) throw new Error("setup");
    const item = { id: t.id, version: 1 };
    const many = Array.from({ length: 101 }, () => ({ id: randomUUID(), version: 1 }));
    const cases: [unknown, RegExp][] = [
      [{ action: "status", status: "analysing", items: [] }, /ao menos um/],
      [{ action: "status", status: "analysing", items: many }, /no máximo 100/],
      [{ action: "delete", items: [item] }, /Ação inválida/],
      [{ action: "status", status: "done", items: [item] }, /Status inválido/],
      [{ action: "status", items: [item] }, /Escolha o novo status/],
      [{ action: "assignee", items: [item] }, /Escolha o responsável/],
      [{ action: "notify", items: [item, item] }, /mais de uma vez/],
    ];
    for (const [body, message] of cases) {
      const res = await staff.post("/api/tickets/bulk", body);
      const error = expectError(res, 400, "validation_failed");
      expect(JSON.stringify(error)).toMatch(message);
    }
    expect((await staff.get(`/api/tickets/${t.id}`)).json()).toMatchObject({ status: "open", version: 1 });
    expect((await history(staff, t.id)).map((e) => e.type)).toEqual(["created"]);
  });

  it("a client user gets 403", async () => {
    const { admin, tickets } = await setup();
    const { session: client } = await createUser(ctx, admin, "client");
    const t = tickets[0];
    if (!t) throw new Error("setup");
    const res = await client.post("/api/tickets/bulk", {
      action: "notify",
      items: [{ id: t.id, version: 1 }],
    });
    expectError(res, 403, "forbidden");
  });
});
