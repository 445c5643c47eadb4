/**
 * Demo honorários: a contract for each of the demo office's clients, 14 months of IPCA and IGP-M
 * (illustrative values in the range of the published ones, not the official series), and the two
 * previous competências billed through the real billing — one contract readjusted on the way, with
 * its memória — so Faturamento shows the current month ready to bill (and a reajuste due).
 */
import { and, asc, eq } from "drizzle-orm";
import { addPeriods } from "../../shared/honorarios.js";
import type { Db } from "../db/client.js";
import {
  clients,
  debtCategories,
  feeContractEvents,
  feeContracts,
  priceIndexValues,
} from "../db/schema/index.js";
import type { Actor } from "../modules/auth/context.js";
import { registerPayment } from "../modules/finance/commands.js";
import { runBilling } from "../modules/honorarios/billing.js";
import * as feeRepo from "../modules/honorarios/repository.js";

/** Monthly variation in ppm, oldest first (14 months): illustrative, in the range of recent years. */
const IPCA = [
  5_600, 3_900, 5_200, 1_600, 13_100, 5_600, 4_300, 2_600, 2_400, 2_600, -1_100, 4_800, 900, 1_800,
];
const IGPM = [
  -5_200, 1_400, 9_400, 2_700, 1_100, -3_400, 2_400, -4_900, -1_700, 7_700, 3_600, 4_200, -3_600, 2_700,
];

export async function seedDemoFees(db: Db, actor: Actor, today: string, padariaId?: string) {
  const current = today.slice(0, 7);
  const [honorarios] = await db
    .select()
    .from(debtCategories)
    .where(and(eq(debtCategories.officeId, actor.officeId), eq(debtCategories.name, "Honorários")));
  if (!honorarios) return;
  // the padaria (the portal's demo client user) first
  const all = await db
    .select({ id: clients.id, name: clients.name })
    .from(clients)
    .where(eq(clients.officeId, actor.officeId))
    .orderBy(asc(clients.name));
  const rows = [...all.filter((c) => c.id === padariaId), ...all.filter((c) => c.id !== padariaId)].slice(
    0,
    14,
  );
  await db.insert(priceIndexValues).values(
    [...IPCA.map((r, i) => ["ipca", i, r] as const), ...IGPM.map((r, i) => ["igpm", i, r] as const)].map(
      ([index, i, ratePpm]) => ({
        officeId: actor.officeId,
        index,
        period: addPeriods(current, i - 14),
        ratePpm,
      }),
    ),
  );
  const month = (p: string) => Number(p.slice(5));
  const values = [
    45_000, 89_000, 120_000, 150_000, 189_900, 230_000, 275_000, 320_000, 380_000, 99_000, 65_000, 520_000,
  ];
  const dueDays = [5, 10, 10, 15, 20, 31, 10, 5, 15, 10, 20, 10];
  const contracts = rows.map((c, i) => {
    const startsLongAgo = i % 3 !== 2;
    const start = startsLongAgo
      ? `${addPeriods(current, -26 + i)}-01`
      : `${addPeriods(current, -8 + (i % 4))}-01`;
    return {
      officeId: actor.officeId,
      clientId: c.id,
      categoryId: honorarios.id,
      monthlyCents: values[i % values.length] as number,
      dueDay: dueDays[i % dueDays.length] as number,
      dueNextMonth: true,
      startDate: start,
      // one contract ended last month (churn), the rest open-ended
      endDate: i === 4 ? `${addPeriods(current, -1)}-15` : null,
      reajuste: (i % 4 === 3 ? "igpm" : i % 5 === 4 ? "fixed" : "ipca") as "ipca" | "igpm" | "fixed",
      fixedRatePpm: i % 5 === 4 ? 50_000 : null,
      // the first: readjusted when the seed bills last month; the second: due this month
      anniversaryMonth:
        i === 0 ? month(addPeriods(current, -1)) : i === 1 ? month(current) : ((i * 5) % 12) + 1,
      thirteenth: (i % 2 === 0 ? "december" : "none") as "december" | "none",
      notes: "",
      createdBy: actor.userId,
    };
  });
  if (contracts.length === 0) return;
  const inserted = await db.insert(feeContracts).values(contracts).returning();
  await db.insert(feeContractEvents).values(
    inserted.map((c) => ({
      officeId: actor.officeId,
      contractId: c.id,
      actorId: actor.userId,
      type: "created" as const,
      toCents: c.monthlyCents,
      summary: "Contrato criado (dados de demonstração)",
    })),
  );
  for (const period of [addPeriods(current, -2), addPeriods(current, -1)])
    await runBilling(db, null, actor, { period, sendEmails: false }, { publicUrl: "", today });
  // a few clients paid the older month
  const charges = await feeRepo.feeCharges(
    db,
    actor.officeId,
    inserted.map((c) => c.id),
    addPeriods(current, -2),
  );
  for (const d of charges.slice(0, Math.ceil(charges.length / 2)))
    await registerPayment(db, actor, d.id, {
      amountCents: d.amountCents,
      paidOn: d.dueDate < today ? d.dueDate : today,
      method: "pix",
      note: null,
      waiveCharges: false,
    });
}
