/**
 * Test setup for the cobrança tests: debts, payments and finance settings written straight to the
 * database (a debt created days ago, a payment on a chosen day), consistent with what Movimentar
 * and Baixa write. Setup only: the behaviour under test goes through HTTP.
 */
import { randomBytes, randomUUID } from "node:crypto";
import { asc, eq, sql } from "drizzle-orm";
import jsQR from "jsqr";
import { PNG } from "pngjs";
import { expect } from "vitest";
import type { Db } from "../db/client.js";
import {
  debtCategories,
  debts,
  officeFinanceSettings,
  payments,
  receiptCounters,
} from "../db/schema/index.js";
import type { Session, TestContext } from "./harness.js";
import { createUser } from "./harness.js";

const TXID_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
export function testTxid(): string {
  return [...randomBytes(25)].map((b) => TXID_ALPHABET[b % 36]).join("");
}

export const TEST_PIX = {
  pixKey: "financeiro@contabilidade.com.br",
  pixMerchantName: "Contabilidade São João Ltda",
  pixMerchantCity: "São Paulo",
};

export async function seedFinanceSettings(
  db: Db,
  officeId: string,
  over: Partial<typeof officeFinanceSettings.$inferInsert> = {},
) {
  const values = {
    ...TEST_PIX,
    lateFeeBp: 200,
    monthlyInterestBp: 100,
    remindersEnabled: true,
    reminderOffsets: [-3, 1, 7],
    ...over,
  };
  await db
    .insert(officeFinanceSettings)
    .values({ officeId, ...values })
    .onConflictDoUpdate({ target: officeFinanceSettings.officeId, set: values });
}

export async function seedDebt(
  db: Db,
  d: {
    officeId: string;
    clientId: string;
    amountCents: number;
    dueDate: string;
    createdAt?: Date;
    ticketId?: string | null;
    description?: string;
    installmentNumber?: number;
    installmentCount?: number;
    state?: "open" | "cancelled";
  },
) {
  const [category] = await db
    .select({ id: debtCategories.id })
    .from(debtCategories)
    .where(eq(debtCategories.officeId, d.officeId))
    .orderBy(asc(debtCategories.name))
    .limit(1);
  if (!category) throw new Error("office without categories");
  const [row] = await db
    .insert(debts)
    .values({
      officeId: d.officeId,
      clientId: d.clientId,
      ticketId: d.ticketId ?? null,
      categoryId: category.id,
      groupId: randomUUID(),
      installmentNumber: d.installmentNumber ?? 1,
      installmentCount: d.installmentCount ?? 1,
      description: d.description ?? "Honorários contábeis",
      amountCents: d.amountCents,
      dueDate: d.dueDate,
      state: d.state ?? "open",
      cancelledAt: d.state === "cancelled" ? new Date() : null,
      cancelReason: d.state === "cancelled" ? "Lançado em duplicidade" : null,
      txid: testTxid(),
      ...(d.createdAt ? { createdAt: d.createdAt, updatedAt: d.createdAt } : {}),
    })
    .returning();
  if (!row) throw new Error("debt insert failed");
  return row;
}

/**
 * A payment with the next receipt number of the office's year, and the debt's paid_cents / state
 * updated to match (paid when the principal is settled).
 */
export async function seedPayment(
  db: Db,
  p: {
    debtId: string;
    principalCents: number;
    lateFeeCents?: number;
    interestCents?: number;
    paidOn: string;
    method?: "pix" | "boleto" | "transfer" | "cash";
    reversed?: boolean;
  },
) {
  return db.transaction(async (tx) => {
    const [debt] = await tx.select().from(debts).where(eq(debts.id, p.debtId)).for("update");
    if (!debt) throw new Error("no such debt");
    const year = Number(p.paidOn.slice(0, 4));
    const [counter] = await tx
      .insert(receiptCounters)
      .values({ officeId: debt.officeId, year, lastSeq: 1 })
      .onConflictDoUpdate({
        target: [receiptCounters.officeId, receiptCounters.year],
        set: { lastSeq: sql`${receiptCounters.lastSeq} + 1` },
      })
      .returning();
    const lateFeeCents = p.lateFeeCents ?? 0;
    const interestCents = p.interestCents ?? 0;
    const [payment] = await tx
      .insert(payments)
      .values({
        officeId: debt.officeId,
        debtId: debt.id,
        amountCents: p.principalCents + lateFeeCents + interestCents,
        principalCents: p.principalCents,
        lateFeeCents,
        interestCents,
        paidOn: p.paidOn,
        method: p.method ?? "pix",
        receiptYear: year,
        receiptSeq: counter?.lastSeq ?? 1,
        ...(p.reversed ? { reversedAt: new Date(), reversalReason: "Cheque devolvido" } : {}),
      })
      .returning();
    if (!p.reversed) {
      const paidCents = debt.paidCents + p.principalCents;
      const paid = paidCents >= debt.amountCents;
      await tx
        .update(debts)
        .set({ paidCents, state: paid ? "paid" : "open", paidAt: paid ? new Date() : null })
        .where(eq(debts.id, debt.id));
    }
    if (!payment) throw new Error("payment insert failed");
    return payment;
  });
}

/** A client user of the office linked to the given companies, signed in. */
export async function createClientUser(ctx: TestContext, admin: Session, clientIds: string[]) {
  const { user, session } = await createUser(ctx, admin, "client");
  const link = await admin.put(`/api/users/${user.id}/clients`, { clientIds });
  expect(link.statusCode).toBe(200);
  return { user, session };
}

/** Points the office's SMTP settings at the test peer. */
export async function configureSmtp(admin: Session, port: number) {
  const res = await admin.put("/api/settings/mail", {
    host: "127.0.0.1",
    port,
    security: "none",
    username: "escritorio",
    password: "segredo-smtp-123",
    fromName: "Contabilidade Teste",
    fromAddress: "atendimento@contabilidade.com.br",
  });
  expect(res.statusCode).toBe(200);
}

/** n days before now, as a timestamp (the debt's creation). */
export const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000);

/** Reads a QR code from a PNG, as a phone camera would: the text it carries, or undefined. */
export function decodeQrPng(png: Buffer): string | undefined {
  const img = PNG.sync.read(png);
  return jsQR(new Uint8ClampedArray(img.data), img.width, img.height)?.data;
}

export const pngOfDataUrl = (dataUrl: string) => {
  expect(dataUrl.startsWith("data:image/png;base64,")).toBe(true);
  return Buffer.from(dataUrl.slice("data:image/png;base64,".length), "base64");
};
