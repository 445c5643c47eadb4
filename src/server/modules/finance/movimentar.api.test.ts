import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import type {
  DebtDetail,
  DebtPage,
  HistoryEvent,
  Page,
  TicketDetail,
  TicketRow,
} from "../../../shared/api.js";
import { formatIsoDateBR } from "../../../shared/finance.js";
import type { BusEvent } from "../../realtime/bus.js";
import { createTicket, createUser, expectError, type Session, useTestApp } from "../../test/harness.js";
import { brl, detail, financeOffice, movimentar, pay, plusDays, today } from "./test-fixtures.js";

const ctx = useTestApp();

async function history(s: Session, ticketId: string) {
  const res = await s.get(`/api/tickets/${ticketId}/history`);
  expect(res.statusCode).toBe(200);
  return res.json() as HistoryEvent[];
}
async function gridRow(s: Session, ticketId: string) {
  const page = (await s.get("/api/tickets?pageSize=200")).json() as Page<TicketRow>;
  const row = page.items.find((t) => t.id === ticketId);
  if (!row) throw new Error("atendimento not in the grid");
  return row;
}
async function debtCount(s: Session) {
  return ((await s.get("/api/finance/debts")).json() as DebtPage).total;
}

describe("Movimentar", () => {
  it("posts the value as one debt of the Solicitante, with history on both sides", async () => {
    const o = await financeOffice(ctx);
    const events: BusEvent[] = [];
    const unsubscribe = ctx.services.bus.subscribe((e) => events.push(e));
    const due = plusDays(today(), 12);
    const before = (await o.staff.get(`/api/tickets/${o.ticket.id}`)).json() as TicketDetail;
    expect(before.actions.notify).toBe(true);
    expect(before.actions.move).toBe(true);

    const res = await o.staff.post(`/api/tickets/${o.ticket.id}/debts`, {
      amountCents: 123_456,
      dueDate: due,
      categoryId: o.honorarios.id,
      description: "  Honorários de dezembro  ",
    });
    expect(res.statusCode).toBe(201);
    const { debts, ticket } = res.json() as { debts: DebtDetail[]; ticket: TicketDetail };
    unsubscribe();
    expect(debts).toHaveLength(1);
    const [d] = debts as [DebtDetail];
    expect(d).toMatchObject({
      client: { id: o.reg.client.id, name: o.reg.client.name },
      ticket: { id: o.ticket.id, protocol: o.ticket.protocol },
      category: { id: o.honorarios.id, name: "Honorários" },
      description: "Honorários de dezembro",
      installmentNumber: 1,
      installmentCount: 1,
      amountCents: 123_456,
      paidCents: 0,
      balanceCents: 123_456,
      dueDate: due,
      status: "open",
      actions: { pay: true, cancel: true, collect: true, receipt: false },
    });
    expect(d.txid).toMatch(/^[A-Z0-9]{25}$/);
    // the atendimento now shows its open debt, and counts as movimentado: Notificar turns grey
    expect(ticket.id).toBe(o.ticket.id);
    expect(ticket.openDebtCents).toBe(123_456);
    expect(ticket.actions.notify).toBe(false);
    expect(ticket.version).toBe(before.version);
    expect((await gridRow(o.staff, o.ticket.id)).openDebtCents).toBe(123_456);
    expect(events).toContainEqual(
      expect.objectContaining({
        type: "ticket",
        officeId: o.office.id,
        ticketId: o.ticket.id,
        reason: "updated",
      }),
    );

    const posted = (await history(o.staff, o.ticket.id)).filter((e) => e.type === "debt_posted");
    expect(posted).toHaveLength(1);
    expect(posted[0]?.actor?.id).toBe(o.staff.user.id);
    expect(posted[0]?.changes).toEqual([
      {
        field: "debt",
        label: "Débito",
        from: null,
        to: brl(`R$ 1.234,56, vencimento ${formatIsoDateBR(due)} (Honorários)`),
      },
    ]);

    const full = await detail(o.staff, d.id);
    expect(full.events.map((e) => e.type)).toEqual(["created"]);
    expect(full.events[0]?.summary).toBe(
      brl(
        `Débito lançado: R$ 1.234,56, vencimento ${formatIsoDateBR(due)}, atendimento ${o.ticket.protocol}`,
      ),
    );
    expect(full.payments).toEqual([]);
    expect(full.quote).toMatchObject({ principalCents: 123_456, totalCents: 123_456, daysLate: 0 });
  });

  it("splits installments monthly, remainder in the first, one group and one history event", async () => {
    const o = await financeOffice(ctx);
    // a 31st: the next months fall on their last day when they have no 31st
    const r = await movimentar(o.staff, o.ticket.id, {
      amountCents: 10_000,
      installments: 3,
      dueDate: "2027-01-31",
      categoryId: o.honorarios.id,
      description: "Honorários do trimestre",
    });
    expect(r.debts.map((d) => [d.installmentNumber, d.installmentCount, d.amountCents, d.dueDate])).toEqual([
      [1, 3, 3_334, "2027-01-31"],
      [2, 3, 3_333, "2027-02-28"],
      [3, 3, 3_333, "2027-03-31"],
    ]);
    expect(r.debts.every((d) => d.description === "Honorários do trimestre")).toBe(true);
    expect(new Set(r.debts.map((d) => d.txid)).size).toBe(3);
    expect(r.ticket.openDebtCents).toBe(10_000);

    const posted = (await history(o.staff, o.ticket.id)).filter((e) => e.type === "debt_posted");
    expect(posted).toHaveLength(1);
    expect(posted[0]?.changes[0]?.to).toBe(
      brl("R$ 100,00 em 3 parcelas, 1º vencimento 31/01/2027 (Honorários)"),
    );
    const second = await detail(o.staff, r.debts[1]?.id as string);
    expect(second.events[0]?.summary).toBe(
      brl(`Débito lançado: R$ 33,33, vencimento 28/02/2027 (parcela 2/3), atendimento ${o.ticket.protocol}`),
    );

    // 36 installments is the maximum
    const many = await movimentar(o.staff, o.ticket.id, {
      amountCents: 100_000,
      installments: 36,
      dueDate: "2027-01-10",
      categoryId: o.honorarios.id,
    });
    expect(many.debts).toHaveLength(36);
    expect(many.debts.reduce((a, d) => a + d.amountCents, 0)).toBe(100_000);
    expect(many.debts[35]?.dueDate).toBe("2029-12-10");
    expect(many.ticket.openDebtCents).toBe(110_000);
  });

  it("refuses bad input with pt-BR field errors and saves nothing", async () => {
    const o = await financeOffice(ctx);
    const other = await financeOffice(ctx, "Outro Escritório");
    const base = {
      amountCents: 10_000,
      dueDate: plusDays(today(), 5),
      categoryId: o.honorarios.id,
      description: "Honorários",
    };
    const url = `/api/tickets/${o.ticket.id}/debts`;
    const bad = async (over: Record<string, unknown>, field: string, message?: string | RegExp) =>
      expectError(await o.staff.post(url, { ...base, ...over }), 400, "validation_failed", field, message);

    await bad({ amountCents: 0 }, "amountCents", "O valor deve ser maior que zero");
    await bad({ amountCents: -100 }, "amountCents", "O valor deve ser maior que zero");
    await bad({ amountCents: 10.5 }, "amountCents", "O valor deve estar em centavos inteiros");
    await bad({ amountCents: "100" }, "amountCents", "Informe um valor numérico");
    await bad({ amountCents: 100_000_000_001 }, "amountCents", "Valor acima do permitido");
    await bad({ dueDate: "2026-02-30" }, "dueDate", "Data inválida (use AAAA-MM-DD)");
    await bad({ dueDate: "10/12/2026" }, "dueDate", "Data inválida (use AAAA-MM-DD)");
    await bad({ dueDate: undefined }, "dueDate");
    await bad({ installments: 37 }, "installments", "No máximo 36 parcelas");
    await bad({ installments: 0 }, "installments", "Informe pelo menos 1 parcela");
    await bad({ installments: 2.5 }, "installments", "Número de parcelas inválido");
    await bad({ amountCents: 2, installments: 3 }, "installments", /pelo menos R\$ 0,01/);
    await bad({ description: "   " }, "description", "Informe a descrição");
    await bad({ description: "x".repeat(201) }, "description", /no máximo 200/);
    await bad({ categoryId: "nao-e-uuid" }, "categoryId", "Identificador inválido");
    await bad({ categoryId: randomUUID() }, "categoryId", "Categoria não encontrada ou inativa.");
    // another office's category reads as not found
    await bad({ categoryId: other.honorarios.id }, "categoryId", "Categoria não encontrada ou inativa.");
    // an inactive category cannot be chosen
    const patched = await o.staff.patch(`/api/finance/categories/${o.honorarios.id}`, {
      name: "Honorários",
      active: false,
    });
    expect(patched.statusCode).toBe(200);
    await bad({}, "categoryId", "Categoria não encontrada ou inativa.");

    expect(await debtCount(o.staff)).toBe(0);
    const t = (await o.staff.get(`/api/tickets/${o.ticket.id}`)).json() as TicketDetail;
    expect(t.openDebtCents).toBe(0);
    expect(t.actions.notify).toBe(true);
    expect((await history(o.staff, o.ticket.id)).some((e) => e.type === "debt_posted")).toBe(false);
  });

  it("follows the atendimento policy: other office 404, cancelled or rejected 409, client user 403", async () => {
    const o = await financeOffice(ctx);
    const other = await financeOffice(ctx, "Outro Escritório");
    const body = { amountCents: 10_000, dueDate: plusDays(today(), 5), description: "Honorários" };

    // an atendimento of another office, even with a category of that office, is not found
    expectError(
      await o.staff.post(`/api/tickets/${other.ticket.id}/debts`, {
        ...body,
        categoryId: other.honorarios.id,
      }),
      404,
      "not_found",
    );
    expectError(
      await o.staff.post(`/api/tickets/${randomUUID()}/debts`, { ...body, categoryId: o.honorarios.id }),
      404,
      "not_found",
    );
    expect(await debtCount(other.staff)).toBe(0);

    for (const status of ["cancelled", "rejected"] as const) {
      const t = await createTicket(o.staff, o.reg);
      const changed = await o.staff.post(`/api/tickets/${t.id}/status`, { status, version: t.version });
      expect(changed.statusCode).toBe(200);
      expect((changed.json() as TicketDetail).actions.move).toBe(false);
      expectError(
        await o.staff.post(`/api/tickets/${t.id}/debts`, { ...body, categoryId: o.honorarios.id }),
        409,
        "invalid_state",
      );
    }
    // a finished atendimento can still be charged
    const done = await createTicket(o.staff, o.reg);
    await o.staff.post(`/api/tickets/${done.id}/status`, { status: "finished", version: done.version });
    await movimentar(o.staff, done.id, { categoryId: o.honorarios.id });

    const { session: client, user } = await createUser(ctx, o.admin, "client");
    await o.admin.put(`/api/users/${user.id}/clients`, { clientIds: [o.reg.client.id] });
    expectError(
      await client.post(`/api/tickets/${o.ticket.id}/debts`, { ...body, categoryId: o.honorarios.id }),
      403,
      "forbidden",
    );
    expect(await debtCount(o.staff)).toBe(1);
  });

  it("the grid shows what is still owed on each atendimento", async () => {
    const o = await financeOffice(ctx);
    const r = await movimentar(o.staff, o.ticket.id, {
      amountCents: 30_000,
      installments: 3,
      categoryId: o.honorarios.id,
    });
    const [a, b, c] = r.debts as [DebtDetail, DebtDetail, DebtDetail];
    expect((await gridRow(o.staff, o.ticket.id)).openDebtCents).toBe(30_000);
    await pay(o.staff, a.id, { amountCents: 4_000 });
    expect((await gridRow(o.staff, o.ticket.id)).openDebtCents).toBe(26_000);
    await pay(o.staff, a.id, { amountCents: 6_000 });
    expect((await gridRow(o.staff, o.ticket.id)).openDebtCents).toBe(20_000);
    const cancelled = await o.staff.post(`/api/finance/debts/${b.id}/cancel`, { reason: "Lançado em dobro" });
    expect(cancelled.statusCode).toBe(200);
    expect((await gridRow(o.staff, o.ticket.id)).openDebtCents).toBe(10_000);
    await pay(o.staff, c.id, { amountCents: 10_000 });
    const row = await gridRow(o.staff, o.ticket.id);
    expect(row.openDebtCents).toBe(0);
    // another atendimento of the office is not affected
    const fresh = await createTicket(o.staff, o.reg);
    expect((await gridRow(o.staff, fresh.id)).openDebtCents).toBe(0);
  });
});
