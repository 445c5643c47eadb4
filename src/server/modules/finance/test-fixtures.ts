/** Shared setup of the finance API tests (not a test file itself). */
import { expect } from "vitest";
import type {
  DebtCategoryDto,
  DebtDetail,
  MovimentarInput,
  MovimentarResult,
  Page,
  PaymentInput,
} from "../../../shared/api.js";
import { addDays, todayInSaoPaulo } from "../../../shared/finance.js";
import {
  createOffice,
  createRegistry,
  createTicket,
  type Session,
  type TestContext,
  uniqueCnpj,
} from "../../test/harness.js";

/** The ISO day n days after (or before) d. */
export const plusDays = addDays;

export const today = () => todayInSaoPaulo();

/** An office with its cadastros, an atendimento and the default categories. */
export async function financeOffice(ctx: TestContext, name?: string) {
  const office = await createOffice(ctx, name);
  const reg = await createRegistry(office.staff);
  const ticket = await createTicket(office.staff, reg);
  const categories = (await office.staff.get("/api/finance/categories")).json() as Page<DebtCategoryDto>;
  const honorarios = categories.items.find((c) => c.name === "Honorários");
  if (!honorarios) throw new Error("default category missing");
  return { ...office, reg, ticket, categories: categories.items, honorarios };
}

/** Another client of the office with its own atendimento. */
export async function otherClient(s: Session, reg: Awaited<ReturnType<typeof createRegistry>>, name: string) {
  const res = await s.post("/api/clients", { name, document: uniqueCnpj(), emails: [] });
  expect(res.statusCode).toBe(201);
  const client = res.json() as { id: string; name: string };
  const ticket = await createTicket(s, { ...reg, client });
  return { client, ticket };
}

export async function movimentar(
  s: Session,
  ticketId: string,
  body: Partial<MovimentarInput> & { categoryId: string },
): Promise<MovimentarResult> {
  const res = await s.post(`/api/tickets/${ticketId}/debts`, {
    amountCents: 100_000,
    dueDate: plusDays(today(), 10),
    description: "Honorários de dezembro",
    ...body,
  });
  if (res.statusCode !== 201) throw new Error(`movimentar: ${res.statusCode} ${res.body}`);
  return res.json() as MovimentarResult;
}

export async function pay(s: Session, debtId: string, body: Partial<PaymentInput> & { amountCents: number }) {
  const res = await s.post(`/api/finance/debts/${debtId}/payments`, {
    paidOn: today(),
    method: "pix",
    ...body,
  });
  if (res.statusCode !== 201) throw new Error(`pay: ${res.statusCode} ${res.body}`);
  return res.json() as DebtDetail;
}

export async function detail(s: Session, debtId: string): Promise<DebtDetail> {
  const res = await s.get(`/api/finance/debts/${debtId}`);
  expect(res.statusCode).toBe(200);
  return res.json() as DebtDetail;
}

/** R$ with the non-breaking space Intl puts after the symbol */
export const brl = (s: string) => s.replace(/R\$ /g, "R$\u00a0");
