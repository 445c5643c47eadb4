/**
 * Demo cobranças: the office's PIX receiver and a few debts in every status, posted and settled
 * through the real commands (Movimentar, baixa), so Contas a receber, the extrato and the client
 * portal have something to show right after `npm start`.
 */
import { and, asc, eq, inArray } from "drizzle-orm";
import { addDays, amountDue, todayInSaoPaulo } from "../../shared/finance.js";
import type { Db } from "../db/client.js";
import { clients, debtCategories, tickets } from "../db/schema/index.js";
import type { Actor } from "../modules/auth/context.js";
import { movimentar, registerPayment } from "../modules/finance/commands.js";
import * as financeRepo from "../modules/finance/repository.js";
import { formatProtocol } from "../modules/tickets/protocol.js";
import { seedDemoFees } from "./demo-fees.js";

export async function seedDemoFinance(
  db: Db,
  office: { id: string; name: string },
  admin: { id: string; name: string; email: string },
  padariaId: string | undefined,
) {
  // the office defaults (multa, juros, régua) plus the demo office's CNPJ as its PIX key
  const defaults = await financeRepo.getFinanceSettings(db, office.id);
  const { officeId: _o, updatedAt: _u, ...kept } = defaults;
  await financeRepo.saveFinanceSettings(db, office.id, {
    ...kept,
    pixKey: "11222333000181",
    pixMerchantName: "Contabilidade Exemplo",
    pixMerchantCity: "São Paulo",
  });
  const actor: Actor = {
    sessionId: "seed",
    lastSeenAt: new Date(),
    twoFactorSetupRequired: false,
    userId: admin.id,
    name: admin.name,
    email: admin.email,
    role: "admin",
    officeId: office.id,
    officeName: office.name,
    csrfToken: "",
    clientIds: [],
  };
  const [honorarios] = await db
    .select()
    .from(debtCategories)
    .where(and(eq(debtCategories.officeId, office.id), eq(debtCategories.name, "Honorários")));
  if (!honorarios) return;
  // finished atendimentos with a value, one per client, oldest first
  const done = await db
    .select({
      id: tickets.id,
      requesterId: tickets.requesterId,
      subject: tickets.subject,
      amountCents: tickets.amountCents,
      protocolYear: tickets.protocolYear,
      protocolSeq: tickets.protocolSeq,
    })
    .from(tickets)
    .innerJoin(clients, eq(clients.id, tickets.requesterId))
    .where(and(eq(tickets.officeId, office.id), inArray(tickets.status, ["finished", "analysing"])))
    .orderBy(asc(tickets.createdAt));
  const seen = new Set<string>();
  const picked = done.filter((t) => t.amountCents > 0 && !seen.has(t.requesterId) && seen.add(t.requesterId));
  // the padaria's client user sees one paid debt (recibo) and one open (PIX) in the portal
  const padaria = padariaId ? done.filter((t) => t.requesterId === padariaId && t.amountCents > 0) : [];
  const today = todayInSaoPaulo();
  const plan: { dueIn: number; installments: number; pay?: "full" | "partial" | "late" }[] = [
    { dueIn: -40, installments: 1, pay: "late" },
    { dueIn: -20, installments: 1 },
    { dueIn: -12, installments: 2, pay: "partial" },
    { dueIn: -5, installments: 1, pay: "full" },
    { dueIn: 3, installments: 1 },
    { dueIn: 10, installments: 3 },
    { dueIn: 15, installments: 1 },
    { dueIn: 25, installments: 1, pay: "full" },
  ];
  const work = [
    ...padaria.slice(0, 2).map((t, i) => ({
      t,
      p: i === 0 ? { dueIn: -8, installments: 1, pay: "full" as const } : { dueIn: 7, installments: 1 },
    })),
    ...picked
      .filter((t) => t.requesterId !== padariaId)
      .slice(0, plan.length)
      .map((t, i) => ({ t, p: plan[i] as (typeof plan)[number] })),
  ];
  for (const { t, p } of work) {
    const { debts } = await movimentar(db, actor, t.id, {
      amountCents: t.amountCents,
      dueDate: addDays(today, p.dueIn),
      categoryId: honorarios.id,
      description: `Atendimento ${formatProtocol(t.protocolYear, t.protocolSeq)} — ${t.subject}`,
      installments: p.installments,
    });
    const first = debts[0];
    if (!first || !p.pay) continue;
    const paidOn =
      p.pay === "late" ? addDays(first.dueDate, 9) : p.pay === "full" ? addDays(first.dueDate, -1) : today;
    if (paidOn > today) continue;
    const quote = amountDue(first.amountCents, first.dueDate, paidOn, {
      lateFeeBp: 200,
      monthlyInterestBp: 100,
    });
    await registerPayment(db, actor, first.id, {
      amountCents: p.pay === "partial" ? Math.floor(first.amountCents / 2) : quote.totalCents,
      paidOn,
      method: p.pay === "late" ? "transfer" : "pix",
      note: null,
      waiveCharges: false,
    });
  }
  await seedDemoFees(db, actor, today, padariaId);
}
