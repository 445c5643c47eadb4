/**
 * Fills a database for the benchmarks, fast: offices, users (one admin per office + staff + client
 * users), accountants, services, clients, atendimentos spread over several years with their
 * history, chat messages, debts with payments. Everything is generated inside the database with
 * INSERT … SELECT over generate_series (no row goes through Node), so PostgreSQL writes ~1M
 * atendimentos in minutes; PGlite runs the same SQL.
 *
 *   npx tsx bench/generate.ts --reset                                  # PostgreSQL, 10 offices, 1M
 *   npx tsx bench/generate.ts --db pglite --data-dir bench/data/pglite-100k --reset --tickets 100000
 *
 * Logins: admin<N>@bench.atende.com.br, staff<K>.o<N>@bench.atende.com.br,
 * cliente<K>.o<N>@bench.atende.com.br, all with the password "atende123" (N = the office number).
 */
import { rmSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import pg from "pg";
import { connectPostgres, type Database, openPglite } from "../src/server/db/client.js";
import { hashPassword } from "../src/server/modules/auth/password.js";
import { cnpjCheckDigits } from "../src/shared/documents.js";
import { BENCH_DIR, printTable, round, writeResult } from "./lib/report.js";
import {
  BENCH_PASSWORD,
  benchAdminEmail,
  benchStaffEmail,
  describeTarget,
  parseFlags,
  SMTP_SINK_PORT,
  type Target,
} from "./lib/target.js";
import * as W from "./lib/words.js";

const USAGE = `
npx tsx bench/generate.ts [flags]
  --db postgres|pglite     (default postgres)
  --url URL                PostgreSQL (default ${"postgres://postgres@127.0.0.1:55433/atende_bench"})
  --data-dir DIR           PGlite: the app's DATA_DIR (default bench/data/pglite)
  --reset                  drop and recreate the database (PostgreSQL) / data dir (PGlite) first
  --offices N              new offices (default 10)
  --clients N              clients in all, split over the offices (default 20000)
  --tickets N              atendimentos in all (default 1000000)
  --staff N                staff users per office besides the admin (default 8)
  --years N                atendimentos spread over the last N years (default 5)
  --client-users R         share of clients with a portal user (default 0.1)
  --messages R             share of atendimentos with a chat (1-6 messages) (default 0.1)
  --debts R                share of finished atendimentos posted as debts (default 0.4)
  --batch N                atendimentos per INSERT (default 50000)
  --jobs N                 offices loaded in parallel on PostgreSQL (default 1)
  --drop-indexes           drop the big tables' indexes while loading, rebuild after (default: with --reset)
  --no-vacuum              skip the final VACUUM ANALYZE (ANALYZE still runs)
`;

export interface GenerateOptions {
  target: Target;
  reset: boolean;
  offices: number;
  clients: number;
  tickets: number;
  staff: number;
  years: number;
  clientUserShare: number;
  messageShare: number;
  debtShare: number;
  batch: number;
  jobs: number;
  dropIndexes: boolean;
  vacuum: boolean;
  quiet?: boolean;
}

/** One session: statements run in order, with their session settings (replication role, seed). */
interface Sql {
  q<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  close(): Promise<void>;
}

const lit = (s: string | null) => (s === null ? "null" : `'${s.replace(/'/g, "''")}'`);
const textArray = (xs: readonly string[]) => `ARRAY[${xs.map(lit).join(",")}]::text[]`;

function cpfFrom(base9: string): string {
  const d = [...base9].map(Number);
  const dv = (arr: number[], w: number) => {
    const r = (arr.reduce((s, x, i) => s + x * (w - i), 0) * 10) % 11;
    return r === 10 ? 0 : r;
  };
  const d1 = dv(d, 10);
  return `${base9}${d1}${dv([...d, d1], 11)}`;
}

const cnpjFrom = (base8: number, branch = "0001") => {
  const base = `${String(base8).padStart(8, "0")}${branch}`;
  return base + cnpjCheckDigits(base);
};

const slug = (s: string) =>
  s
    .toLowerCase()
    .normalize("NFD")
    .replace(/[^a-z0-9]/g, "")
    .slice(0, 20);

// ---------------------------------------------------------------- connections

async function pgSession(url: string): Promise<Sql> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query("set synchronous_commit = off");
  // foreign keys are not checked row by row while loading (the data is consistent by construction)
  await client.query("set session_replication_role = replica");
  return {
    q: async (text, params) => (await client.query(text, params as unknown[])).rows,
    close: () => client.end(),
  };
}

function pgliteSession(database: Database): Sql {
  return {
    q: async <T>(text: string, params?: unknown[]) => (await database.rawQuery(text, params)).rows as T[],
    close: async () => {},
  };
}

async function resetPostgres(url: string) {
  const u = new URL(url);
  const name = decodeURIComponent(u.pathname.slice(1));
  if (!/bench/i.test(name))
    throw new Error(`--reset drops the database: its name must contain "bench" (${name})`);
  u.pathname = "/postgres";
  const admin = new pg.Client({ connectionString: u.toString() });
  await admin.connect();
  try {
    await admin.query(`drop database if exists "${name}" with (force)`);
    await admin.query(`create database "${name}"`);
  } finally {
    await admin.end();
  }
}

// ---------------------------------------------------------------- indexes

const LOADED_TABLES = ["tickets", "ticket_events", "messages", "debts", "debt_events", "payments", "clients"];

async function secondaryIndexes(sql: Sql) {
  return sql.q<{ name: string; def: string }>(
    `select i.indexname as name, i.indexdef as def from pg_indexes i
      where i.schemaname = 'public' and i.tablename = any($1::text[])
        and not exists (select 1 from pg_constraint c where c.conname = i.indexname)`,
    [LOADED_TABLES],
  );
}

// ---------------------------------------------------------------- one office

interface OfficePlan {
  n: number;
  clients: number;
  tickets: number;
}

interface Counts {
  [table: string]: number;
}

/** São Paulo calendar years with their share of the atendimentos (proportional to elapsed time). */
function yearPlan(total: number, years: number, now = new Date()) {
  const current = Number(
    new Intl.DateTimeFormat("en-US", { timeZone: "America/Sao_Paulo", year: "numeric" }).format(now),
  );
  const spans: { year: number; ms: number }[] = [];
  for (let y = current - years + 1; y <= current; y++) {
    const start = Date.parse(`${y}-01-01T00:00:00-03:00`);
    const end = Math.min(Date.parse(`${y + 1}-01-01T00:00:00-03:00`), now.getTime());
    spans.push({ year: y, ms: Math.max(0, end - start) });
  }
  const all = spans.reduce((a, s) => a + s.ms, 0);
  let left = total;
  return spans.map((s, i) => {
    const n = i === spans.length - 1 ? left : Math.floor((total * s.ms) / all);
    left -= n;
    return { year: s.year, n };
  });
}

async function loadOffice(
  sql: Sql,
  o: OfficePlan,
  opts: GenerateOptions,
  passwordHash: string,
  log: (msg: string) => void,
): Promise<Counts> {
  const counts: Counts = {};
  const add = (t: string, n: number) => {
    counts[t] = (counts[t] ?? 0) + n;
  };
  await sql.q(`select setseed(${((o.n * 7919) % 2000) / 1000 - 1})`);
  const officeName = `${W.OFFICE_NAMES[(o.n - 1) % W.OFFICE_NAMES.length]} ${o.n}`;
  const officeCnpj = cnpjFrom(40_000_000 + o.n);
  const [office] = await sql.q<{ id: string }>(
    `insert into offices (name, document) values (${lit(officeName)}, ${lit(officeCnpj)}) returning id`,
  );
  if (!office) throw new Error("office insert returned nothing");
  const oid = lit(office.id);
  add("offices", 1);

  await sql.q(
    `insert into debt_categories (office_id, name) values (${oid}, 'Honorários'), (${oid}, 'Serviço avulso'), (${oid}, 'Reembolso de taxas')`,
  );
  await sql.q(
    `insert into office_mail_settings (office_id, host, port, security, from_name, from_address)
     values (${oid}, '127.0.0.1', ${SMTP_SINK_PORT}, 'none', ${lit(officeName)}, ${lit(`atendimento@o${o.n}.bench.atende.com.br`)})`,
  );
  const pixName = officeName
    .normalize("NFD")
    .replace(/[^A-Za-z0-9 ]/g, "")
    .toUpperCase()
    .slice(0, 25);
  await sql.q(
    `insert into office_finance_settings (office_id, pix_key, pix_merchant_name, pix_merchant_city)
     values (${oid}, ${lit(officeCnpj)}, ${lit(pixName)}, 'SAO PAULO')`,
  );

  // people of the office: the admin first, then staff
  const people = [
    `(${oid}, ${lit(`${W.FIRST_NAMES[o.n % 30]} ${W.LAST_NAMES[o.n % 24]}`)}, ${lit(benchAdminEmail(o.n))}, ${lit(passwordHash)}, 'admin')`,
  ];
  for (let k = 1; k <= opts.staff; k++) {
    const name = `${W.FIRST_NAMES[(o.n + k * 7) % W.FIRST_NAMES.length]} ${W.LAST_NAMES[(o.n * 3 + k) % W.LAST_NAMES.length]}`;
    people.push(`(${oid}, ${lit(name)}, ${lit(benchStaffEmail(o.n, k))}, ${lit(passwordHash)}, 'staff')`);
  }
  await sql.q(`insert into users (office_id, name, email, password_hash, role) values ${people.join(",")}`);
  add("users", people.length);

  const accountants = [];
  for (let k = 0; k < 4; k++) {
    const name = `${W.FIRST_NAMES[(k * 5 + o.n) % W.FIRST_NAMES.length]} ${W.LAST_NAMES[(k * 7 + 3) % W.LAST_NAMES.length]}`;
    accountants.push(
      `(${oid}, ${lit(name)}, ${lit(`1SP${String(100000 + o.n * 10 + k)}/O-${k}`)}, ${lit(cpfFrom(String(200000000 + o.n * 10 + k)))}, ${lit(`contador${k + 1}@o${o.n}.bench.atende.com.br`)})`,
    );
  }
  const accIds = (
    await sql.q<{ id: string }>(
      `insert into accountants (office_id, name, crc, cpf, email) values ${accountants.join(",")} returning id`,
    )
  ).map((r) => r.id);
  add("accountants", accIds.length);

  await sql.q(
    `insert into services (office_id, name, price_cents) values ${W.SERVICES.map(([n, p]) => `(${oid}, ${lit(n)}, ${p})`).join(",")}`,
  );
  add("services", W.SERVICES.length);

  // clients: ~85% companies (valid CNPJ), ~15% people (valid CPF); names unique up to 7200 per office
  for (let start = 0; start < o.clients; start += 1000) {
    const rows: string[] = [];
    for (let i = start; i < Math.min(o.clients, start + 1000); i++) {
      const p = (i * 7919) % 7200;
      const person = i % 7 === 3;
      let name: string;
      let trade: string | null = null;
      let doc: string;
      if (person) {
        name = `${W.FIRST_NAMES[p % 30]} ${W.LAST_NAMES[Math.floor(p / 30) % 24]} ${W.LAST_NAMES[(p + i) % 24]}`;
        doc = cpfFrom(String(300_000_000 + i));
      } else {
        const base = W.BUSINESS_NAMES[Math.floor(p / 24) % 30] as string;
        name = `${W.BUSINESS_KINDS[p % 24]} ${base} ${W.CITIES[Math.floor(p / 720) % 10]} ${W.LEGAL_SUFFIXES[i % 8]}`;
        trade = i % 5 === 0 ? null : base;
        doc = cnpjFrom(10_000_000 + i);
      }
      const emails = i % 31 === 0 ? "'{}'::text[]" : textArray([`contato${i}@${slug(trade ?? name)}.com.br`]);
      const phone = `(11) 9${String(8000_0000 + ((i * 7717) % 1999_9999)).slice(0, 4)}-${String(1000 + (i % 9000))}`;
      rows.push(
        `(${oid}, ${lit(name)}, ${lit(trade)}, ${lit(doc)}, ${emails}, ${lit(phone)}, ${lit(accIds[i % accIds.length] ?? null)})`,
      );
    }
    await sql.q(
      `insert into clients (office_id, name, trade_name, document, emails, phone, default_accountant_id) values ${rows.join(",")}`,
    );
  }
  add("clients", o.clients);

  // portal users of some clients, one each
  const cu = await sql.q<{ n: number }>(
    `with picked as materialized (
       select id, row_number() over (order by id) as n from clients
        where office_id = ${oid} and random() < ${opts.clientUserShare}
     ), u as (
       insert into users (office_id, name, email, password_hash, role)
       select ${oid}, (${textArray(W.FIRST_NAMES)})[1 + n % ${W.FIRST_NAMES.length}] || ' ' || (${textArray(W.LAST_NAMES)})[1 + (n / 7) % ${W.LAST_NAMES.length}],
              'cliente' || n || '.o${o.n}@bench.atende.com.br', ${lit(passwordHash)}, 'client'
         from picked
       returning id, email
     ), m as (
       insert into client_memberships (user_id, client_id, office_id)
       select u.id, p.id, ${oid} from picked p join u on u.email = 'cliente' || p.n || '.o${o.n}@bench.atende.com.br'
       returning 1
     )
     select count(*)::int as n from m`,
  );
  add("users", cu[0]?.n ?? 0);
  add("client_memberships", cu[0]?.n ?? 0);

  // ---- atendimentos, year by year so protocol numbers grow with time (2026/000001…)
  const t0 = performance.now();
  let done = 0;
  const counters: string[] = [];
  for (const { year, n } of yearPlan(o.tickets, opts.years)) {
    if (n === 0) continue;
    counters.push(`(${oid}, ${year}, ${n})`);
    for (let from = 1; from <= n; from += opts.batch) {
      const to = Math.min(n, from + opts.batch - 1);
      await sql.q(ticketsChunkSql(oid, year, n, from, to));
      done += to - from + 1;
      const secs = (performance.now() - t0) / 1000;
      log(`office ${o.n}: ${done}/${o.tickets} atendimentos (${Math.round(done / secs)}/s)`);
    }
  }
  if (counters.length)
    await sql.q(`insert into ticket_counters (office_id, year, last_seq) values ${counters.join(",")}`);
  add("tickets", done);

  // ---- history: created, the status path, reopened
  const [created] = await sql.q<{ n: number }>(
    `with ins as (
       insert into ticket_events (office_id, ticket_id, actor_id, type, changes, client_visible, created_at)
       select t.office_id, t.id, t.created_by, 'created',
              jsonb_build_array(
                jsonb_build_object('field', 'requester', 'from', null, 'to', c.name),
                jsonb_build_object('field', 'service', 'from', null, 'to', s.name))
              || case when a.name is null then '[]'::jsonb
                      else jsonb_build_array(jsonb_build_object('field', 'accountant', 'from', null, 'to', a.name)) end
              || jsonb_build_array(
                jsonb_build_object('field', 'assignee', 'from', null, 'to', u.name),
                jsonb_build_object('field', 'subject', 'from', null, 'to', t.subject),
                jsonb_build_object('field', 'description', 'from', null, 'to', t.description),
                jsonb_build_object('field', 'amountCents', 'from', null, 'to', t.amount_cents),
                jsonb_build_object('field', 'status', 'from', null, 'to', 'open')),
              true, t.created_at
         from tickets t
         join clients c on c.id = t.requester_id
         join services s on s.id = t.service_id
         join users u on u.id = t.assignee_id
         left join accountants a on a.id = t.accountant_id
        where t.office_id = ${oid}
       returning 1)
     select count(*)::int as n from ins`,
  );
  const [status] = await sql.q<{ n: number }>(
    `with ins as (
       insert into ticket_events (office_id, ticket_id, actor_id, type, changes, client_visible, created_at)
       select t.office_id, t.id, t.assignee_id, e.typ::ticket_event_type,
              jsonb_build_array(jsonb_build_object('field', 'status', 'from', e.fr, 'to', e.tos)), true,
              t.created_at + e.k * ((t.updated_at - t.created_at) / (t.version - 1))
         from tickets t
        cross join lateral (values
          (1, 'status_changed', 'open', 'analysing'),
          (2, 'status_changed', 'analysing', case when t.status = 'reopened' then 'finished' else t.status::text end),
          (3, 'reopened', 'finished', 'reopened')) as e(k, typ, fr, tos)
        where t.office_id = ${oid} and t.version > e.k
       returning 1)
     select count(*)::int as n from ins`,
  );
  add("ticket_events", (created?.n ?? 0) + (status?.n ?? 0));

  // ---- chat: some atendimentos have 1-6 messages, from the responsible and the client's portal user
  const [msgs] = await sql.q<{ n: number }>(
    `with ins as (
       insert into messages (office_id, ticket_id, author_id, body, internal, created_at)
       select t.office_id, t.id,
              case when k % 2 = 0 and cu.user_id is not null then cu.user_id else t.assignee_id end,
              case when k % 2 = 1 and random() < 0.08 then (${textArray(W.INTERNAL_NOTES)})[1 + floor(random() * ${W.INTERNAL_NOTES.length})::int]
                   else (${textArray(W.CHAT_LINES)})[1 + floor(random() * ${W.CHAT_LINES.length})::int] end,
              false,
              t.created_at + k * least(interval '3 hours', (now() - t.created_at) / 8)
         from (select tk.*, 1 + floor(random() * 6)::int as nm from tickets tk
                where tk.office_id = ${oid} and random() < ${opts.messageShare}) t
         left join lateral (select m.user_id from client_memberships m where m.client_id = t.requester_id limit 1) cu on true
        cross join lateral generate_series(1, t.nm) k
       returning 1)
     select count(*)::int as n from ins`,
  );
  await sql.q(`update messages set internal = true where office_id = ${oid} and body like 'Nota interna:%'`);
  const [msgEvents] = await sql.q<{ n: number }>(
    `with ins as (
       insert into ticket_events (office_id, ticket_id, actor_id, type, changes, client_visible, created_at)
       select office_id, ticket_id, author_id, 'message',
              jsonb_build_array(jsonb_build_object('field', case when internal then 'internalNote' else 'message' end,
                                                   'from', null, 'to', left(body, 140))),
              not internal, created_at
         from messages where office_id = ${oid}
       returning 1)
     select count(*)::int as n from ins`,
  );
  add("messages", msgs?.n ?? 0);
  add("ticket_events", msgEvents?.n ?? 0);

  // ---- debts: finished atendimentos posted as Honorários 30 days after closing; most paid
  const [debts] = await sql.q<{ n: number }>(
    `with cat as (select id from debt_categories where office_id = ${oid} and name = 'Honorários'),
     src as materialized (
       select t.id, t.requester_id, t.subject, t.amount_cents, t.assignee_id, t.updated_at,
              (t.updated_at at time zone 'America/Sao_Paulo')::date + 30 as due, random() as r1, random() as r2
         from tickets t
        where t.office_id = ${oid} and t.status = 'finished' and random() < ${opts.debtShare}
     ), s as (
       select src.*,
              case when r1 >= 0.85 and r1 < 0.90 then 'partial'
                   when r1 >= 0.90 and r1 < 0.93 then 'cancelled'
                   when due < current_date and r1 < 0.85 then 'paid'
                   else 'open' end as st,
              least(greatest(due - floor(r2 * 10)::int, (updated_at at time zone 'America/Sao_Paulo')::date), current_date) as pay_on
         from src
     ), ins as (
       insert into debts (office_id, client_id, ticket_id, category_id, group_id, description, amount_cents, paid_cents,
                          due_date, state, txid, paid_at, cancelled_at, cancel_reason, created_by, created_at, updated_at)
       select ${oid}, s.requester_id, s.id, cat.id, gen_random_uuid(), 'Honorários: ' || s.subject, s.amount_cents,
              case s.st when 'paid' then s.amount_cents when 'partial' then s.amount_cents / 2 else 0 end,
              s.due, (case s.st when 'paid' then 'paid' when 'cancelled' then 'cancelled' else 'open' end)::debt_state,
              upper(substr(md5(s.id::text || 'txid'), 1, 25)),
              case when s.st = 'paid' then (s.pay_on + time '12:00') at time zone 'America/Sao_Paulo' end,
              case when s.st = 'cancelled' then s.updated_at + interval '1 day' end,
              case when s.st = 'cancelled' then 'Cobrança lançada em duplicidade.' end,
              s.assignee_id, s.updated_at,
              case when s.st in ('paid', 'partial') then least(now(), (s.pay_on + time '12:00') at time zone 'America/Sao_Paulo')
                   when s.st = 'cancelled' then s.updated_at + interval '1 day' else s.updated_at end
         from s, cat
       returning 1)
     select count(*)::int as n from ins`,
  );
  add("debts", debts?.n ?? 0);
  const money = (col: string) => `'R$ ' || replace(to_char(${col} / 100.0, 'FM99999999990.00'), '.', ',')`;
  const [payments] = await sql.q<{ n: number }>(
    `with src as (
       select d.id, d.paid_cents, d.created_by, d.updated_at,
              (d.updated_at at time zone 'America/Sao_Paulo')::date as paid_on,
              (array['pix', 'boleto', 'transfer', 'cash'])[1 + floor(random() * 4)::int]::payment_method as method
         from debts d where d.office_id = ${oid} and d.paid_cents > 0
     ), ins as (
       insert into payments (office_id, debt_id, amount_cents, principal_cents, paid_on, method, receipt_year, receipt_seq,
                             created_by, created_at)
       select ${oid}, id, paid_cents, paid_cents, paid_on, method, extract(year from paid_on)::int,
              row_number() over (partition by extract(year from paid_on) order by paid_on, id), created_by, updated_at
         from src
       returning 1)
     select count(*)::int as n from ins`,
  );
  add("payments", payments?.n ?? 0);
  await sql.q(
    `insert into receipt_counters (office_id, year, last_seq)
     select office_id, receipt_year, max(receipt_seq) from payments where office_id = ${oid} group by 1, 2`,
  );
  const [debtEvents] = await sql.q<{ n: number }>(
    `with ins as (
       insert into debt_events (office_id, debt_id, actor_id, type, summary, data, created_at)
       select d.office_id, d.id, d.created_by, 'created'::debt_event_type,
              'Débito lançado: ' || ${money("d.amount_cents")} || ', vencimento ' || to_char(d.due_date, 'DD/MM/YYYY'),
              jsonb_build_object('groupId', d.group_id, 'ticketId', d.ticket_id, 'categoryId', d.category_id), d.created_at
         from debts d where d.office_id = ${oid}
       union all
       select p.office_id, p.debt_id, p.created_by, 'payment'::debt_event_type,
              'Pagamento de ' || ${money("p.amount_cents")} || ' registrado (recibo ' || p.receipt_year || '/' || lpad(p.receipt_seq::text, 6, '0') || ')',
              jsonb_build_object('paymentId', p.id), p.created_at
         from payments p where p.office_id = ${oid}
       union all
       select d.office_id, d.id, d.created_by, 'cancelled'::debt_event_type, 'Débito cancelado: ' || d.cancel_reason, '{}'::jsonb, d.cancelled_at
         from debts d where d.office_id = ${oid} and d.state = 'cancelled'
       returning 1)
     select count(*)::int as n from ins`,
  );
  add("debt_events", debtEvents?.n ?? 0);
  // the régua de cobrança's past steps: recorded as done, as on a live system (no reminder backlog at start)
  const [reminders] = await sql.q<{ n: number }>(
    `with ins as (
       insert into debt_reminders (debt_id, offset_days, office_id, skipped, created_at)
       select d.id, o.off, d.office_id, true,
              least(now(), ((d.due_date + o.off) + time '09:00') at time zone 'America/Sao_Paulo')
         from debts d
        cross join lateral unnest((select f.reminder_offsets from office_finance_settings f where f.office_id = d.office_id)) as o(off)
        where d.office_id = ${oid} and d.state = 'open'
          and d.due_date + o.off <= (now() at time zone 'America/Sao_Paulo')::date
       returning 1)
     select count(*)::int as n from ins`,
  );
  add("debt_reminders", reminders?.n ?? 0);
  const [posted] = await sql.q<{ n: number }>(
    `with ins as (
       insert into ticket_events (office_id, ticket_id, actor_id, type, changes, client_visible, created_at)
       select d.office_id, d.ticket_id, d.created_by, 'debt_posted',
              jsonb_build_array(jsonb_build_object('field', 'debt', 'from', null, 'to',
                ${money("d.amount_cents")} || ', vencimento ' || to_char(d.due_date, 'DD/MM/YYYY') || ' (Honorários)')),
              false, d.created_at
         from debts d where d.office_id = ${oid}
       returning 1)
     select count(*)::int as n from ins`,
  );
  add("ticket_events", posted?.n ?? 0);
  return counts;
}

/** One INSERT … SELECT of atendimentos g = from..to of `n` in the office's São Paulo year. */
function ticketsChunkSql(oid: string, year: number, n: number, from: number, to: number) {
  return `
  with c as (select array_agg(id order by id) as ids, array_agg(name order by id) as names,
                    array_agg(default_accountant_id order by id) as accs, count(*)::int as n
               from clients where office_id = ${oid}),
       s as (select array_agg(id order by id) as ids, array_agg(price_cents order by id) as prices, count(*)::int as n
               from services where office_id = ${oid}),
       u as (select array_agg(id order by id) as ids, count(*)::int as n
               from users where office_id = ${oid} and role <> 'client'),
       span as (select make_timestamptz(${year}, 1, 1, 0, 0, 0, 'America/Sao_Paulo') as ys,
                       least(make_timestamptz(${year + 1}, 1, 1, 0, 0, 0, 'America/Sao_Paulo'), now()) as ye),
       x as (select g, random() as r_jit, random() as r_cli, random() as r_svc, random() as r_asg, random() as r_cre,
                    random() as r_sub, random() as r_suf, random() as r_d1, random() as r_d2, random() as r_d3,
                    random() as r_amt, random() as r_st, random() as r_step
               from generate_series(${from}, ${to}) as g),
       y as (select x.*, span.ys + (g - 1 + r_jit) * ((span.ye - span.ys) / ${n}) as created_at,
                    -- a few big clients have many atendimentos, most have few
                    1 + floor(c.n * r_cli * r_cli)::int as ci, 1 + floor(s.n * r_svc)::int as si,
                    (${textArray(W.SUBJECTS)})[1 + floor(r_sub * ${W.SUBJECTS.length})::int]
                      || (${textArray(W.SUBJECT_SUFFIXES)})[1 + floor(r_suf * ${W.SUBJECT_SUFFIXES.length})::int] as subject
               from x, span, c, s),
       z as (select y.*, extract(epoch from now() - created_at) / 86400.0 as age from y),
       w as (select z.*,
                    (case
                      when age > 90 then case when r_st < .78 then 'finished' when r_st < .88 then 'cancelled'
                        when r_st < .93 then 'rejected' when r_st < .96 then 'waiting' when r_st < .98 then 'analysing'
                        when r_st < .99 then 'reopened' else 'open' end
                      when age > 30 then case when r_st < .50 then 'finished' when r_st < .56 then 'cancelled'
                        when r_st < .60 then 'rejected' when r_st < .75 then 'waiting' when r_st < .90 then 'analysing'
                        when r_st < .94 then 'reopened' else 'open' end
                      else case when r_st < .30 then 'open' when r_st < .60 then 'analysing' when r_st < .80 then 'waiting'
                        when r_st < .95 then 'finished' when r_st < .97 then 'reopened' when r_st < .99 then 'cancelled'
                        else 'rejected' end
                    end)::ticket_status as status,
                    least((1 + r_step * 72) * 3600, age * 86400 / 5) as step
               from z)
  insert into tickets (office_id, protocol_year, protocol_seq, requester_id, service_id, accountant_id, assignee_id,
                       subject, description, amount_cents, status, version, touched_at, created_by, created_at, updated_at)
  select ${oid}, ${year}, g, c.ids[ci], s.ids[si], c.accs[ci], u.ids[1 + floor(u.n * r_asg)::int], subject,
         'Solicitação de ' || c.names[ci] || ': ' || lower(subject) || '. '
           || (${textArray(W.SENTENCES)})[1 + floor(r_d1 * ${W.SENTENCES.length})::int] || ' '
           || (${textArray(W.SENTENCES)})[1 + floor(r_d2 * ${W.SENTENCES.length})::int]
           || case when r_d3 < 0.5 then ' ' || (${textArray(W.SENTENCES)})[1 + floor(r_d3 * 2 * ${W.SENTENCES.length})::int] else '' end,
         case when r_amt < 0.7 then s.prices[si] else round(s.prices[si] * (0.8 + r_amt * 0.5))::bigint end,
         status, v.version,
         case when v.version > 1 then created_at + step * interval '1 second' end,
         u.ids[1 + floor(u.n * r_cre)::int], created_at, created_at + (v.version - 1) * step * interval '1 second'
    from w cross join c cross join s cross join u
    cross join lateral (select case w.status when 'open' then 1 when 'analysing' then 2 when 'reopened' then 4 else 3 end as version) v`;
}

// ---------------------------------------------------------------- main

export async function generate(opts: GenerateOptions) {
  const log = opts.quiet ? () => {} : (m: string) => process.stdout.write(`\r${m.padEnd(78)}`);
  const phases: { phase: string; seconds: number; rows?: number; rowsPerSec?: number }[] = [];
  const tStart = performance.now();
  let t = performance.now();
  const phase = (name: string, rows?: number) => {
    const seconds = (performance.now() - t) / 1000;
    phases.push({
      phase: name,
      seconds: round(seconds, 1),
      rows,
      rowsPerSec: rows ? Math.round(rows / seconds) : undefined,
    });
    if (!opts.quiet) process.stdout.write(`\r${`${name}: ${round(seconds, 1)} s`.padEnd(78)}\n`);
    t = performance.now();
  };
  const { target } = opts;
  if (!opts.quiet) console.log(`generating into ${describeTarget(target)}`);

  if (opts.reset) {
    if (target.db === "postgres") await resetPostgres(target.url);
    else {
      const rel = path.relative(BENCH_DIR, target.dataDir);
      if (rel.startsWith("..") && !/bench/i.test(target.dataDir))
        throw new Error(
          `--reset deletes ${target.dataDir}: use a folder under bench/ or with "bench" in its path`,
        );
      rmSync(target.dataDir, { recursive: true, force: true });
    }
  }
  const database =
    target.db === "postgres"
      ? connectPostgres(target.url, 2)
      : await openPglite(path.join(target.dataDir, "pglite"));
  await database.migrate();
  let sessions: Sql[];
  if (target.db === "postgres") {
    await database.close();
    sessions = await Promise.all(Array.from({ length: Math.max(1, opts.jobs) }, () => pgSession(target.url)));
  } else {
    const s = pgliteSession(database);
    await s.q("set session_replication_role = replica");
    sessions = [s];
  }
  const main = sessions[0] as Sql;
  phase("migrate");

  const passwordHash = await hashPassword(BENCH_PASSWORD);
  const [{ n: existing } = { n: 0 }] = await main.q<{ n: number }>(
    `select count(*)::int as n from users where email like 'admin%@bench.atende.com.br' and role = 'admin'`,
  );
  const plans: OfficePlan[] = Array.from({ length: opts.offices }, (_, i) => ({
    n: existing + i + 1,
    clients: Math.floor(opts.clients / opts.offices) + (i < opts.clients % opts.offices ? 1 : 0),
    tickets: Math.floor(opts.tickets / opts.offices) + (i < opts.tickets % opts.offices ? 1 : 0),
  }));

  let dropped: { name: string; def: string }[] = [];
  if (opts.dropIndexes) {
    dropped = await secondaryIndexes(main);
    for (const ix of dropped) await main.q(`drop index if exists "${ix.name}"`);
  }
  const totals: Counts = {};
  try {
    const queue = [...plans];
    await Promise.all(
      sessions.map(async (s) => {
        for (let p = queue.shift(); p; p = queue.shift()) {
          const c = await loadOffice(s, p, opts, passwordHash, log);
          for (const [k, v] of Object.entries(c)) totals[k] = (totals[k] ?? 0) + v;
        }
      }),
    );
    const rows = Object.values(totals).reduce((a, b) => a + b, 0);
    phase("load", rows);
  } finally {
    if (dropped.length) {
      for (const s of sessions)
        await s.q(`set maintenance_work_mem = '${target.db === "postgres" ? "512MB" : "128MB"}'`);
      // one index per session at a time: PostgreSQL builds them in parallel
      const queue = [...dropped];
      await Promise.all(
        sessions.map(async (s) => {
          for (let ix = queue.shift(); ix; ix = queue.shift()) await s.q(ix.def);
        }),
      );
      phase(`rebuild ${dropped.length} indexes`);
    }
  }
  if (opts.vacuum) {
    await main.q("vacuum (analyze)");
    phase("vacuum analyze");
  } else {
    await main.q("analyze");
    phase("analyze");
  }
  const [size] = await main.q<{ size: string }>(
    "select pg_size_pretty(pg_database_size(current_database())) as size",
  );
  for (const s of sessions) await s.close();
  if (target.db === "pglite") await database.close();
  const seconds = (performance.now() - tStart) / 1000;
  return {
    target: describeTarget(target),
    options: { ...opts, target: undefined },
    offices: plans.map((p) => ({
      number: p.n,
      admin: benchAdminEmail(p.n),
      clients: p.clients,
      tickets: p.tickets,
    })),
    rows: totals,
    phases,
    seconds: round(seconds, 1),
    ticketsPerSec: Math.round((totals.tickets ?? 0) / seconds),
    databaseSize: size?.size,
  };
}

async function cli() {
  const { values, target } = parseFlags(
    {
      reset: { type: "boolean", default: false },
      offices: { type: "string", default: "10" },
      clients: { type: "string", default: "20000" },
      tickets: { type: "string", default: "1000000" },
      staff: { type: "string", default: "8" },
      years: { type: "string", default: "5" },
      "client-users": { type: "string", default: "0.1" },
      messages: { type: "string", default: "0.1" },
      debts: { type: "string", default: "0.4" },
      batch: { type: "string", default: "50000" },
      jobs: { type: "string", default: "1" },
      "drop-indexes": { type: "boolean" },
      "no-vacuum": { type: "boolean", default: false },
    },
    USAGE,
  );
  const reset = Boolean(values.reset);
  const r = await generate({
    target,
    reset,
    offices: Number(values.offices),
    clients: Number(values.clients),
    tickets: Number(values.tickets),
    staff: Number(values.staff),
    years: Number(values.years),
    clientUserShare: Number(values["client-users"]),
    messageShare: Number(values.messages),
    debtShare: Number(values.debts),
    batch: Number(values.batch),
    jobs: target.db === "pglite" ? 1 : Number(values.jobs),
    dropIndexes: values["drop-indexes"] === undefined ? reset : Boolean(values["drop-indexes"]),
    vacuum: !values["no-vacuum"],
  });
  console.log();
  printTable(r.phases);
  console.log();
  printTable(Object.entries(r.rows).map(([table, rows]) => ({ table, rows })));
  console.log(
    `\n${r.rows.tickets ?? 0} atendimentos in ${r.seconds} s (${r.ticketsPerSec} atendimentos/s overall), database ${r.databaseSize}`,
  );
  console.log(`logins: ${r.offices.map((o) => o.admin).join(", ")} (password ${BENCH_PASSWORD})`);
  writeResult("generate", r);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  cli().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
