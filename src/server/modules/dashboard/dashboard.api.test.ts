import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { DebtPage, Page, TicketRow } from "../../../shared/api.js";
import type { DashboardDto, ListFilter } from "../../../shared/dashboard.js";
import type { TicketStatus } from "../../../shared/status.js";
import { tickets } from "../../db/schema/index.js";
import { createTicket, createUser, expectError, type Session, useTestApp } from "../../test/harness.js";
import { financeOffice, movimentar, pay, plusDays, today } from "../finance/test-fixtures.js";
import { saoPauloDayStart } from "../tickets/dates.js";
import * as ticketsRepo from "../tickets/repository.js";

const ctx = useTestApp();

/** noon in São Paulo, n days before today */
const daysAgo = (n: number) => new Date(saoPauloDayStart(plusDays(today(), -n)).getTime() + 12 * 3600_000);

async function setTicket(id: string, v: { status?: TicketStatus; createdAt?: Date; assigneeId?: string }) {
  await ctx.database.db.update(tickets).set(v).where(eq(tickets.id, id));
}

/** Office A with atendimentos of known ages and statuses and debts of known lateness; office B beside. */
async function scenario() {
  const a = await financeOffice(ctx, "Escritório Painel");
  const mk = async (status: TicketStatus, age: number, assigneeId?: string) => {
    const t = await createTicket(a.staff, a.reg, { subject: `${status} há ${age} dias` });
    await setTicket(t.id, { status, createdAt: daysAgo(age), ...(assigneeId ? { assigneeId } : {}) });
    return t;
  };
  await mk("open", 0);
  await mk("analysing", 2);
  await mk("waiting", 3, a.adminUser.id);
  await mk("reopened", 10);
  await mk("open", 45);
  const done = await mk("finished", 5);
  await ticketsRepo.insertEvent(ctx.database.db, {
    officeId: a.office.id,
    ticketId: done.id,
    actorId: a.staffUser.id,
    type: "status_changed",
    changes: [{ field: "status", from: "analysing", to: "finished" }],
  });
  await mk("cancelled", 40);
  const debt = async (amountCents: number, dueIn: number) =>
    (
      await movimentar(a.staff, a.ticket.id, {
        categoryId: a.honorarios.id,
        amountCents,
        dueDate: plusDays(today(), dueIn),
      })
    ).debts[0];
  await debt(10_000, -45);
  const late = await debt(20_000, -5);
  await debt(30_000, 20);
  if (!late) throw new Error("no debt");
  await pay(a.staff, late.id, { amountCents: 5_000 });

  const b = await financeOffice(ctx, "Escritório Vizinho");
  await createTicket(b.staff, b.reg, { subject: "do vizinho" });
  await movimentar(b.staff, b.ticket.id, {
    categoryId: b.honorarios.id,
    amountCents: 99_900,
    dueDate: plusDays(today(), -3),
  });
  return { a, b };
}
let world: ReturnType<typeof scenario>;
beforeAll(() => {
  world = scenario();
  return world.then(() => undefined);
});

async function dashboard(s: Session): Promise<DashboardDto> {
  const res = await s.get("/api/dashboard");
  if (res.statusCode !== 200) throw new Error(`dashboard: ${res.statusCode} ${res.body}`);
  return res.json() as DashboardDto;
}
const qs = (f: ListFilter) => new URLSearchParams(f).toString();
async function gridTotal(s: Session, f: ListFilter) {
  const res = await s.get(`/api/tickets?pageSize=1&${qs(f)}`);
  if (res.statusCode !== 200) throw new Error(`grid ${qs(f)}: ${res.body}`);
  return (res.json() as Page<TicketRow>).total;
}
async function debtTotals(s: Session, f: ListFilter) {
  const res = await s.get(`/api/finance/debts?pageSize=1&${qs(f)}`);
  if (res.statusCode !== 200) throw new Error(`debts ${qs(f)}: ${res.body}`);
  return (res.json() as DebtPage).totals;
}

/** Every number with a filter equals the list's count (and balance) with that filter. */
async function expectLinksMatch(s: Session, d: DashboardDto) {
  const t = d.tickets;
  const cells = [t.open, ...t.byStatus, ...t.byAge, ...t.byAssignee, ...t.weekly.map((w) => w.opened)];
  let checked = 0;
  for (const c of cells) {
    if (!c.filter) continue;
    expect(await gridTotal(s, c.filter), qs(c.filter)).toBe(c.count);
    checked++;
  }
  const r = d.receivables;
  if (r) {
    for (const c of [r.dueThisMonth, r.overdue, ...r.aging, ...r.topDebtors]) {
      if (!c.filter) continue;
      const totals = await debtTotals(s, c.filter);
      expect(totals.count, qs(c.filter)).toBe(c.count);
      expect(totals.balanceCents, qs(c.filter)).toBe(c.cents);
      checked++;
    }
  }
  return checked;
}

describe("painel", () => {
  it("admin: the office's known numbers, each equal to the list it links to; no other office", async () => {
    const { a } = await world;
    const d = await dashboard(a.admin);
    expect(d.scope).toBe("office");
    expect(d.tickets.open.count).toBe(6);
    expect(Object.fromEntries(d.tickets.byStatus.map((x) => [x.status, x.count]))).toEqual({
      open: 3,
      reopened: 1,
      analysing: 1,
      waiting: 1,
    });
    expect(d.tickets.byAge.map((x) => x.count)).toEqual([3, 1, 1, 1]);
    expect(d.tickets.byAssignee.map((x) => [x.assignee?.id, x.count])).toEqual([
      [a.staffUser.id, 5],
      [a.adminUser.id, 1],
    ]);
    expect(d.tickets.weekly).toHaveLength(12);
    expect(d.tickets.weekly.reduce((n, w) => n + w.finished, 0)).toBe(1);
    expect(d.tickets.weekly.at(-1)?.finished).toBe(1);
    const r = d.receivables;
    if (!r) throw new Error("admin sees receivables");
    expect(r.overdue.count).toBe(2);
    expect(r.aging.map((x) => x.count)).toEqual([1, 1, 0, 0]);
    expect(r.aging[1]?.cents).toBe(10_000);
    expect(r.receivedThisMonth).toEqual({ count: 1, cents: 5_000 });
    expect(r.topDebtors.map((x) => x.client.id)).toEqual([a.reg.client.id]);
    expect(JSON.stringify(d)).not.toContain("Vizinho");
    expect(await expectLinksMatch(a.admin, d)).toBeGreaterThan(25);
  });

  it("staff see their own atendimentos unless the admin lets them see the office's", async () => {
    const { a } = await world;
    const mine = await dashboard(a.staff);
    expect(mine.scope).toBe("mine");
    expect(mine.receivables).toBeNull();
    expect(mine.tickets.open.count).toBe(5);
    expect(mine.tickets.byAssignee).toEqual([]);
    expect(mine.tickets.open.filter?.assigneeId).toBe(a.staffUser.id);
    await expectLinksMatch(a.staff, mine);

    expectError(await a.staff.put("/api/dashboard/settings", { staffSeesOffice: true }), 403, "forbidden");
    expectError(
      await a.admin.put("/api/dashboard/settings", { staffSeesOffice: "sim" }),
      400,
      "validation_failed",
      "staffSeesOffice",
    );
    expect((await dashboard(a.staff)).scope).toBe("mine");
    const saved = await a.admin.put("/api/dashboard/settings", { staffSeesOffice: true });
    expect(saved.statusCode).toBe(200);
    const office = await dashboard(a.staff);
    expect(office.scope).toBe("office");
    expect(office.tickets.open.count).toBe(6);
    expect(office.staffSeesOffice).toBe(true);
    await a.admin.put("/api/dashboard/settings", { staffSeesOffice: false });
    expect((await dashboard(a.staff)).scope).toBe("mine");

    const { session: client } = await createUser(ctx, a.admin, "client");
    expectError(await client.get("/api/dashboard"), 403, "forbidden");
    expect((await ctx.app.inject({ method: "GET", url: "/api/dashboard" })).statusCode).toBe(401);
  });

  it("the other office sees only its own", async () => {
    const { b } = await world;
    const d = await dashboard(b.admin);
    expect(d.tickets.open.count).toBe(2);
    expect(d.receivables?.overdue).toMatchObject({ count: 1, cents: 99_900 });
    expect(d.receivables?.receivedThisMonth).toEqual({ count: 0, cents: 0 });
    expect(JSON.stringify(d)).not.toContain("Painel");
  });
});
