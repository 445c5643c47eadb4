/**
 * Generation of a competência (issue 15 §3, ADR 0019): one atendimento per client × obligation, in
 * status Aberto, with Data Legal and Data Meta from the client's calendar. Idempotent: an advisory lock
 * per office and competência serialises instances, existing items are skipped, and the unique
 * tickets_obligation_key with ON CONFLICT DO NOTHING is the last guard.
 */
import {
  buildCalendar,
  type CalendarSettings,
  type FiscalCalendar,
} from "../../../shared/fiscal-calendar/calendar.js";
import { todayInSaoPaulo } from "../../../shared/fiscal-calendar/days.js";
import { addMonths, dueDates, parsePeriod } from "../../../shared/fiscal-calendar/due-dates.js";
import type { GenerationPreview, GenerationResult } from "../../../shared/obligations.js";
import type { Db, Executor } from "../../db/client.js";
import { AppError } from "../../lib/errors.js";
import { type PeriodicTask, startPeriodic } from "../../lib/periodic.js";
import { protocolYear } from "../tickets/protocol.js";
import * as repo from "./repository.js";

const BATCH = 5000;

export async function loadCalendarSettings(db: Executor, officeId: string): Promise<CalendarSettings> {
  const s = await repo.calendarSettings(db, officeId);
  return {
    carnaval: s.carnaval,
    corpusChristi: s.corpusChristi,
    officeHolidays: s.holidays.map((h) => ({
      date: h.date,
      recurring: h.recurring,
      name: h.name,
      uf: h.uf,
      cityIbgeCode: h.cityIbgeCode,
    })),
  };
}

/** One calendar per (UF, município): 5,000 clients share a few dozen. */
export function calendarCache(settings: CalendarSettings) {
  const cache = new Map<string, FiscalCalendar>();
  return (uf: string | null, city: string | null) => {
    const key = `${uf ?? ""}:${city ?? ""}`;
    let cal = cache.get(key);
    if (!cal) {
      cal = buildCalendar({ uf, cityIbgeCode: city }, settings);
      cache.set(key, cal);
    }
    return cal;
  };
}

interface Planned extends repo.Candidate {
  legal: string;
  target: string;
  exists: boolean;
}

async function plan(db: Executor, officeId: string, period: string): Promise<Planned[]> {
  const { month } = parsePeriod(period);
  // one after the other: inside a transaction they share one connection
  const settings = await loadCalendarSettings(db, officeId);
  const candidates = await repo.candidates(db, officeId, month);
  const existing = await repo.existingKeys(db, officeId, period);
  const obligationRows = await repo.activeObligations(db, officeId);
  const rules = new Map(obligationRows.map((o) => [o.id, o]));
  const calendarOf = calendarCache(settings);
  const memo = new Map<string, { legal: string; target: string }>();
  const out: Planned[] = [];
  for (const c of candidates) {
    const o = rules.get(c.obligationId);
    if (!o) continue;
    const key = `${c.obligationId}:${c.uf ?? ""}:${c.cityIbgeCode ?? ""}`;
    let d = memo.get(key);
    if (!d) {
      const r = dueDates(
        {
          legalDay: o.legalDay,
          offsetMonths: o.offsetMonths,
          shift: o.shift as "before" | "after",
          targetBusinessDaysBefore: o.targetBusinessDays,
        },
        period,
        calendarOf(c.uf, c.cityIbgeCode),
      );
      d = { legal: r.legalDueDate, target: r.targetDate };
      memo.set(key, d);
    }
    out.push({ ...c, ...d, exists: existing.has(`${c.obligationId}:${c.clientId}`) });
  }
  return out;
}

export async function preview(db: Executor, officeId: string, period: string): Promise<GenerationPreview> {
  const planned = await plan(db, officeId, period);
  const obligationRows = await repo.activeObligations(db, officeId);
  const names = new Map(obligationRows.map((o) => [o.id, o.name]));
  const sorted = [...planned].sort(
    (a, b) => a.legal.localeCompare(b.legal) || a.clientName.localeCompare(b.clientName, "pt-BR"),
  );
  const existing = planned.filter((p) => p.exists).length;
  return {
    period,
    total: planned.length,
    toCreate: planned.length - existing,
    existing,
    withoutCity: planned.filter((p) => !p.cityIbgeCode).length,
    items: sorted.slice(0, 200).map((p) => ({
      obligationId: p.obligationId,
      obligationName: names.get(p.obligationId) ?? "",
      clientId: p.clientId,
      clientName: p.clientName,
      legalDueDate: p.legal,
      targetDate: p.target,
      exists: p.exists,
      withoutCity: !p.cityIbgeCode,
    })),
  };
}

/**
 * Generates the competência for one office in one transaction. `actorId` null: the scheduled job
 * (the office's first admin is recorded as creator, the history shows no actor).
 */
export async function generate(
  db: Db,
  officeId: string,
  period: string,
  actorId: string | null,
  now: Date = new Date(),
  opts: { onceByJob?: boolean } = {},
): Promise<GenerationResult | null> {
  return db.transaction(async (tx) => {
    await repo.lockGeneration(tx, officeId, period);
    // the scheduled job runs once per office and competência, whatever the number of instances
    if (opts.onceByJob && (await repo.hasRun(tx, officeId, period))) return null;
    const planned = (await plan(tx, officeId, period)).filter((p) => !p.exists);
    const createdBy = actorId ?? (await repo.systemCreator(tx, officeId));
    if (!createdBy) throw new AppError(409, "no_admin", "O escritório não tem um administrador ativo.");
    const year = protocolYear(now);
    const { year: py, month: pm } = parsePeriod(period);
    const periodLabel = `${String(pm).padStart(2, "0")}/${py}`;
    let created = 0;
    if (planned.length > 0) {
      let seq = await repo.reserveProtocolSeqs(tx, officeId, year, planned.length);
      for (let i = 0; i < planned.length; i += BATCH) {
        const batch = planned.slice(i, i + BATCH).map((p) => ({
          obligationId: p.obligationId,
          clientId: p.clientId,
          legal: p.legal,
          target: p.target,
          seq: seq++,
        }));
        created += await repo.insertItems(
          tx,
          { officeId, period, periodLabel, year, createdBy, actorId },
          batch,
        );
      }
    }
    await repo.insertRun(tx, { officeId, period, created, actorId });
    const total = (await repo.existingKeys(tx, officeId, period)).size;
    return { period, created, existing: total - created };
  });
}

/**
 * After a rule change: re-date the obligation's untouched, still-open atendimentos due from today on
 * (São Paulo). Touched or past ones keep their dates. Runs in the caller's transaction.
 */
export async function redateFuture(
  tx: Executor,
  officeId: string,
  o: repo.ObligationRow,
  actorId: string | null,
  now: Date = new Date(),
) {
  const today = todayInSaoPaulo(now);
  const items = await repo.untouchedFutureItems(tx, officeId, o.id, today);
  if (items.length === 0) return 0;
  const calendarOf = calendarCache(await loadCalendarSettings(tx, officeId));
  const rule = {
    legalDay: o.legalDay,
    offsetMonths: o.offsetMonths,
    shift: o.shift as "before" | "after",
    targetBusinessDaysBefore: o.targetBusinessDays,
  };
  const redated = items.map((it) => {
    const d = dueDates(rule, it.period as string, calendarOf(it.uf, it.cityIbgeCode));
    return { id: it.id, oldLegal: it.legalDueDate, legal: d.legalDueDate, target: d.targetDate };
  });
  return repo.redateItems(
    tx,
    officeId,
    { assigneeId: o.assigneeId, checklist: o.checklist },
    redated,
    actorId,
  );
}

/**
 * The competência the monthly job generates: the month that ended (São Paulo). On 01/11/2026 it is
 * 10/2026, whose DAS, DCTFWeb, FGTS… are due in November.
 */
export function jobPeriod(now: Date = new Date()) {
  return addMonths(todayInSaoPaulo(now).slice(0, 7), -1);
}

/** One pass of the scheduled job: every office with obligations, its last competência, once. */
export async function runScheduledGeneration(
  db: Db,
  opts: { now?: Date; officeId?: string; log?: { error(obj: object, msg?: string): void } } = {},
) {
  const period = jobPeriod(opts.now);
  const offices = opts.officeId ? [opts.officeId] : await repo.officesWithObligations(db);
  let created = 0;
  for (const officeId of offices) {
    try {
      created += (await generate(db, officeId, period, null, opts.now, { onceByJob: true }))?.created ?? 0;
    } catch (err) {
      (opts.log ?? console).error({ err, officeId, period }, "obligation generation failed");
    }
  }
  return { period, created };
}

export function startObligationTimer(
  db: Db,
  opts: { intervalMs: number; log?: { error(obj: object, msg?: string): void } },
): PeriodicTask {
  return startPeriodic({
    name: "obligation generation",
    intervalMs: opts.intervalMs,
    log: opts.log,
    run: async () => {
      await runScheduledGeneration(db, { log: opts.log });
    },
  });
}
