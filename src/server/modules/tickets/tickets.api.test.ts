import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { MAX_AMOUNT_CENTS } from "../../../shared/money.js";
import { TICKET_STATUSES, type TicketStatus } from "../../../shared/status.js";
import {
  createOffice,
  createRegistry,
  createTicket,
  createUser,
  expectError,
  type Session,
  uniqueCnpj,
  useTestApp,
} from "../../test/harness.js";

const ctx = useTestApp();

type Registry = Awaited<ReturnType<typeof createRegistry>>;
interface Change {
  field: string;
  label: string;
  from: string | null;
  to: string | null;
}
interface Event {
  id: string;
  type: string;
  actor: { id: string; name: string } | null;
  createdAt: string;
  changes: Change[];
}

const LABEL: Record<TicketStatus, string> = {
  open: "Aberto",
  reopened: "Reaberto",
  analysing: "Analisando",
  waiting: "Aguardando",
  cancelled: "Cancelado",
  rejected: "Rejeitado",
  finished: "Finalizado",
};
const CLOSED: TicketStatus[] = ["cancelled", "rejected", "finished"];
const STALE = /alterado por outra pessoa/;

async function history(s: Session, id: string) {
  const res = await s.get(`/api/tickets/${id}/history`);
  expect(res.statusCode).toBe(200);
  return res.json() as Event[];
}
const ofType = (events: Event[], type: string) => events.filter((e) => e.type === type);

async function ticketTotal(s: Session) {
  return (await s.get("/api/tickets")).json().total as number;
}

/** The form body of an existing atendimento, as the edit screen would send it back. */
function formOf(reg: Registry, s: Session, over: Record<string, unknown> = {}) {
  return {
    requesterId: reg.client.id,
    serviceId: reg.service.id,
    accountantId: reg.accountant.id,
    assigneeId: s.user.id,
    subject: "Declaração de IRPF do sócio",
    description: "Enviar recibos médicos até sexta.",
    amountCents: reg.service.priceCents,
    ...over,
  };
}

async function setStatus(s: Session, id: string, status: TicketStatus, version: number) {
  const res = await s.post(`/api/tickets/${id}/status`, { status, version });
  if (res.statusCode !== 200) throw new Error(`status ${status}: ${res.statusCode} ${res.body}`);
  return res.json();
}

describe("create", () => {
  it("creates an atendimento as Aberto with a protocol number and a history event", async () => {
    const { staff } = await createOffice(ctx);
    const reg = await createRegistry(staff);
    const t = await createTicket(staff, reg);
    expect(t.status).toBe("open");
    expect(t.protocol).toMatch(/^\d{4}\/000001$/);
    const t2 = await createTicket(staff, reg);
    expect(t2.protocol).toMatch(/^\d{4}\/000002$/);
    const events = await history(staff, t.id);
    expect(events).toHaveLength(1);
    expect(events[0]?.type).toBe("created");
    expect(events[0]?.changes).toContainEqual({
      field: "amountCents",
      label: "Valor do Serviço",
      from: null,
      to: "R$\u00a0350,00",
    });
  });

  it("answers with the whole atendimento, its names and the allowed actions", async () => {
    const { staff, staffUser } = await createOffice(ctx);
    const reg = await createRegistry(staff);
    const res = await staff.post("/api/tickets", formOf(reg, staff, { subject: "  Balanço 2025  " }));
    expect(res.statusCode).toBe(201);
    const t = res.json();
    const year = new Intl.DateTimeFormat("en-US", { timeZone: "America/Sao_Paulo", year: "numeric" }).format(
      new Date(),
    );
    expect(t).toEqual({
      id: expect.any(String),
      protocol: `${year}/000001`,
      requester: { id: reg.client.id, name: "Padaria Pão Dourado Ltda" },
      subject: "Balanço 2025",
      assignee: { id: staffUser.id, name: staffUser.name },
      service: { id: reg.service.id, name: "Declaração de IRPF" },
      amountCents: 35000,
      openDebtCents: 0,
      status: "open",
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
      version: 1,
      actions: {
        edit: true,
        reopen: false,
        notify: true,
        message: false,
        move: true,
        changeStatus: ["reopened", "analysing", "waiting", "cancelled", "rejected", "finished"],
      },
      description: "Enviar recibos médicos até sexta.",
      accountant: { id: reg.accountant.id, name: "Roberto Contador", crc: expect.any(String) },
      createdBy: { id: staffUser.id, name: staffUser.name },
    });
    expect(Math.abs(Date.parse(t.createdAt) - Date.now())).toBeLessThan(60_000);
    expect((await staff.get(`/api/tickets/${t.id}`)).json()).toEqual(t);
  });

  it("records every field of the new atendimento in the created event, with labels", async () => {
    const { staff, staffUser } = await createOffice(ctx);
    const reg = await createRegistry(staff);
    const t = await createTicket(staff, reg, { amountCents: 123456 });
    const [created] = await history(staff, t.id);
    expect(created?.actor).toEqual({ id: staffUser.id, name: staffUser.name });
    expect(created?.changes).toEqual([
      { field: "requester", label: "Solicitante", from: null, to: "Padaria Pão Dourado Ltda" },
      { field: "service", label: "Serviço", from: null, to: "Declaração de IRPF" },
      { field: "accountant", label: "Contador", from: null, to: "Roberto Contador" },
      { field: "assignee", label: "Responsável", from: null, to: staffUser.name },
      { field: "subject", label: "Assunto", from: null, to: "Declaração de IRPF do sócio" },
      { field: "description", label: "Descrição", from: null, to: "Enviar recibos médicos até sexta." },
      { field: "amountCents", label: "Valor do Serviço", from: null, to: "R$\u00a01.234,56" },
      { field: "status", label: "Status", from: null, to: "Aberto" },
    ]);
  });

  it("description and accountant are optional", async () => {
    const { staff } = await createOffice(ctx);
    const reg = await createRegistry(staff);
    const { description: _d, accountantId: _a, ...body } = formOf(reg, staff);
    const res = await staff.post("/api/tickets", body);
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ description: "", accountant: null });
    const fields = (await history(staff, res.json().id))[0]?.changes.map((c) => c.field);
    expect(fields).not.toContain("description");
    expect(fields).not.toContain("accountant");
    const withNull = await staff.post("/api/tickets", { ...body, accountantId: null, description: "" });
    expect(withNull.statusCode).toBe(201);
    expect(withNull.json().accountant).toBeNull();
  });

  it("accepts an amount of zero and the maximum amount", async () => {
    const { staff } = await createOffice(ctx);
    const reg = await createRegistry(staff);
    expect((await createTicket(staff, reg, { amountCents: 0 })).status).toBe("open");
    const big = await createTicket(staff, reg, { amountCents: MAX_AMOUNT_CENTS });
    expect((await staff.get(`/api/tickets/${big.id}`)).json().amountCents).toBe(MAX_AMOUNT_CENTS);
  });

  it.each([
    [
      "subject over 200 characters",
      { subject: "A".repeat(201) },
      "subject",
      "Assunto deve ter no máximo 200 caracteres",
    ],
    ["missing subject", { subject: undefined }, "subject", "Informe o assunto"],
    ["blank subject", { subject: "   " }, "subject", "Informe o assunto"],
    [
      "description over 10000 characters",
      { description: "d".repeat(10_001) },
      "description",
      "Descrição deve ter no máximo 10000 caracteres",
    ],
    ["negative amount", { amountCents: -1 }, "amountCents", "O valor não pode ser negativo"],
    ["non-numeric amount", { amountCents: "abc" }, "amountCents", "Informe um valor numérico"],
    ["amount as numeric text", { amountCents: "35000" }, "amountCents", "Informe um valor numérico"],
    ["fractional centavos", { amountCents: 350.5 }, "amountCents", "O valor deve estar em centavos inteiros"],
    [
      "amount over the maximum",
      { amountCents: MAX_AMOUNT_CENTS + 1 },
      "amountCents",
      "Valor acima do permitido",
    ],
    ["missing amount", { amountCents: undefined }, "amountCents", "Informe um valor numérico"],
    ["malformed requester id", { requesterId: "cliente-1" }, "requesterId", "Identificador inválido"],
    ["malformed service id", { serviceId: 12 }, "serviceId", /.+/],
    ["malformed assignee id", { assigneeId: "" }, "assigneeId", "Identificador inválido"],
    ["malformed accountant id", { accountantId: "x" }, "accountantId", "Identificador inválido"],
  ])("%s → 400 and nothing saved", async (_why, over, field, message) => {
    const { staff } = await createOffice(ctx);
    const reg = await createRegistry(staff);
    const res = await staff.post("/api/tickets", formOf(reg, staff, over));
    expect(expectError(res, 400, "validation_failed", field, message).message).toBe(
      "Verifique os campos destacados.",
    );
    expect(await ticketTotal(staff)).toBe(0);
  });

  it("refuses references that do not exist or belong to another office, naming the field", async () => {
    const { staff } = await createOffice(ctx);
    const other = await createOffice(ctx, "Outro Escritório");
    const reg = await createRegistry(staff);
    const theirs = await createRegistry(other.staff);
    const cases: [Record<string, unknown>, string, string][] = [
      [{ requesterId: randomUUID() }, "requesterId", "Solicitante não encontrado ou inativo."],
      [{ requesterId: theirs.client.id }, "requesterId", "Solicitante não encontrado ou inativo."],
      [{ serviceId: randomUUID() }, "serviceId", "Serviço não encontrado ou inativo."],
      [{ serviceId: theirs.service.id }, "serviceId", "Serviço não encontrado ou inativo."],
      [{ accountantId: randomUUID() }, "accountantId", "Contador não encontrado ou inativo."],
      [{ accountantId: theirs.accountant.id }, "accountantId", "Contador não encontrado ou inativo."],
      [{ assigneeId: randomUUID() }, "assigneeId", "Responsável não encontrado ou inativo."],
      [{ assigneeId: other.staffUser.id }, "assigneeId", "Responsável não encontrado ou inativo."],
      [{ assigneeId: other.adminUser.id }, "assigneeId", "Responsável não encontrado ou inativo."],
    ];
    for (const [over, field, message] of cases) {
      const res = await staff.post("/api/tickets", formOf(reg, staff, over));
      const err = expectError(res, 400, "validation_failed", field, message);
      expect(Object.keys(err.fields ?? {})).toEqual([field]);
      // nothing of the other office shows in the answer
      expect(res.body).not.toContain(other.staffUser.name);
      expect(res.body).not.toContain("Outro Escritório");
    }
    // all bad at once: every field is named
    const all = await staff.post(
      "/api/tickets",
      formOf(reg, staff, {
        requesterId: theirs.client.id,
        serviceId: theirs.service.id,
        accountantId: theirs.accountant.id,
        assigneeId: other.staffUser.id,
      }),
    );
    expect(Object.keys(expectError(all, 400, "validation_failed").fields ?? {}).sort()).toEqual([
      "accountantId",
      "assigneeId",
      "requesterId",
      "serviceId",
    ]);
    expect(await ticketTotal(staff)).toBe(0);
    expect(await ticketTotal(other.staff)).toBe(0);
    // no protocol number was used up by the refused creates
    expect((await createTicket(staff, reg)).protocol).toMatch(/\/000001$/);
  });

  it("refuses inactive service, client, accountant and assignee, and a client user as assignee", async () => {
    const { staff, admin } = await createOffice(ctx);
    const reg = await createRegistry(staff);
    const svc = (await staff.post("/api/services", { name: "Antigo", priceCents: 1, active: false })).json();
    const cli = (
      await staff.post("/api/clients", { name: "Inativo", document: uniqueCnpj(), active: false })
    ).json();
    const acc = (
      await staff.post("/api/accountants", {
        name: "Aposentado",
        crc: `X${randomUUID().slice(0, 6)}`,
        cpf: "529.982.247-25",
        email: "apos@contab.com.br",
        active: false,
      })
    ).json();
    const { user: clientUser } = await createUser(ctx, admin, "client");
    const { user: gone } = await createUser(ctx, admin, "staff");
    await admin.patch(`/api/users/${gone.id}`, {
      name: gone.name,
      email: gone.email,
      role: "staff",
      active: false,
    });
    const cases: [Record<string, unknown>, string][] = [
      [{ serviceId: svc.id }, "serviceId"],
      [{ requesterId: cli.id }, "requesterId"],
      [{ accountantId: acc.id }, "accountantId"],
      [{ assigneeId: clientUser.id }, "assigneeId"],
      [{ assigneeId: gone.id }, "assigneeId"],
    ];
    for (const [over, field] of cases) {
      expectError(
        await staff.post("/api/tickets", formOf(reg, staff, over)),
        400,
        "validation_failed",
        field,
      );
    }
    expect(await ticketTotal(staff)).toBe(0);
  });

  it("numbers protocols in sequence per office; another office starts at 000001", async () => {
    const a = await createOffice(ctx, "Escritório A");
    const b = await createOffice(ctx, "Escritório B");
    const regA = await createRegistry(a.staff);
    const regB = await createRegistry(b.staff);
    const seq = (p: string) => p.split("/")[1];
    const pa: string[] = [];
    for (let i = 0; i < 3; i++) pa.push((await createTicket(a.staff, regA)).protocol);
    expect(pa.map(seq)).toEqual(["000001", "000002", "000003"]);
    const pb = (await createTicket(b.staff, regB)).protocol;
    expect(seq(pb)).toBe("000001");
    expect(seq((await createTicket(a.admin, regA)).protocol)).toBe("000004");
  });

  it("gives concurrent creates distinct consecutive protocols", async () => {
    const { staff, admin } = await createOffice(ctx);
    const reg = await createRegistry(staff);
    const made = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        createTicket(i % 2 ? admin : staff, reg, { subject: `Paralelo ${i}` }),
      ),
    );
    const seqs = made.map((t) => Number(t.protocol.split("/")[1])).sort((x, y) => x - y);
    expect(seqs).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it("an unknown or malformed atendimento id", async () => {
    const { staff } = await createOffice(ctx);
    for (const url of [`/api/tickets/${randomUUID()}`, `/api/tickets/${randomUUID()}/history`]) {
      expect(expectError(await staff.get(url), 404, "not_found").message).toBe("Atendimento não encontrado.");
    }
    expectError(
      await staff.get("/api/tickets/123"),
      400,
      "validation_failed",
      "id",
      "Identificador inválido",
    );
    const id = randomUUID();
    expectError(
      await staff.post(`/api/tickets/${id}/status`, { status: "analysing", version: 1 }),
      404,
      "not_found",
    );
    expectError(await staff.post(`/api/tickets/${id}/reopen`, { version: 1 }), 404, "not_found");
    const reg = await createRegistry(staff);
    expectError(
      await staff.put(`/api/tickets/${id}`, { ...formOf(reg, staff), version: 1 }),
      404,
      "not_found",
    );
  });
});

describe("status", () => {
  it.each(TICKET_STATUSES.filter((s) => s !== "open"))(
    "moves a new atendimento from Aberto to %s",
    async (to) => {
      const { staff, staffUser } = await createOffice(ctx);
      const reg = await createRegistry(staff);
      const t = await createTicket(staff, reg);
      const res = await staff.post(`/api/tickets/${t.id}/status`, { status: to, version: 1 });
      expect(res.statusCode).toBe(200);
      const after = res.json();
      expect(after.status).toBe(to);
      expect(after.version).toBe(2);
      const closed = CLOSED.includes(to);
      expect(after.actions).toMatchObject({ edit: !closed, reopen: closed, notify: false });
      expect(after.actions.changeStatus).toEqual(closed ? [] : TICKET_STATUSES.filter((s) => s !== to));
      expect((await staff.get(`/api/tickets/${t.id}`)).json()).toMatchObject({ status: to, version: 2 });
      const changed = ofType(await history(staff, t.id), "status_changed");
      expect(changed).toHaveLength(1);
      expect(changed[0]?.actor?.id).toBe(staffUser.id);
      expect(changed[0]?.changes).toEqual([
        { field: "status", label: "Status", from: "Aberto", to: LABEL[to] },
      ]);
    },
  );

  it("walks Aberto → Analisando → Aguardando → Finalizado → Reaberto → Analisando, one event each", async () => {
    const { staff } = await createOffice(ctx);
    const reg = await createRegistry(staff);
    const t = await createTicket(staff, reg);
    let v = 1;
    for (const s of ["analysing", "waiting", "finished"] as const)
      v = (await setStatus(staff, t.id, s, v)).version;
    const reopened = await staff.post(`/api/tickets/${t.id}/reopen`, { version: v });
    expect(reopened.statusCode).toBe(200);
    expect(reopened.json()).toMatchObject({ status: "reopened", version: 5 });
    await setStatus(staff, t.id, "analysing", 5);
    const events = (await history(staff, t.id)).filter((e) => e.type !== "email");
    expect(
      events.map((e) => [e.type, e.changes.find((c) => c.field === "status")?.from, e.changes[0]?.to]),
    ).toEqual([
      ["created", null, "Padaria Pão Dourado Ltda"],
      ["status_changed", "Aberto", "Analisando"],
      ["status_changed", "Analisando", "Aguardando"],
      ["status_changed", "Aguardando", "Finalizado"],
      ["reopened", "Finalizado", "Reaberto"],
      ["status_changed", "Reaberto", "Analisando"],
    ]);
    // history is in order of time
    const times = events.map((e) => Date.parse(e.createdAt));
    expect([...times].sort((x, y) => x - y)).toEqual(times);
  });

  it("refuses the status it already has, and an unknown status", async () => {
    const { staff } = await createOffice(ctx);
    const reg = await createRegistry(staff);
    const t = await createTicket(staff, reg);
    await setStatus(staff, t.id, "analysing", 1);
    const same = await staff.post(`/api/tickets/${t.id}/status`, { status: "analysing", version: 2 });
    expect(expectError(same, 409, "invalid_transition").message).toBe(
      "O atendimento já está com este status.",
    );
    // open → open is refused too
    const t2 = await createTicket(staff, reg);
    expectError(
      await staff.post(`/api/tickets/${t2.id}/status`, { status: "open", version: 1 }),
      409,
      "invalid_transition",
    );
    for (const status of ["closed", "ABERTO", "", null]) {
      expectError(
        await staff.post(`/api/tickets/${t.id}/status`, { status, version: 2 }),
        400,
        "validation_failed",
        "status",
        "Status inválido",
      );
    }
    expectError(
      await staff.post(`/api/tickets/${t.id}/status`, { status: "waiting" }),
      400,
      "validation_failed",
      "version",
    );
    expectError(
      await staff.post(`/api/tickets/${t.id}/status`, { status: "waiting", version: 0 }),
      400,
      "validation_failed",
      "version",
    );
    expect((await staff.get(`/api/tickets/${t.id}`)).json()).toMatchObject({
      status: "analysing",
      version: 2,
    });
  });

  it.each(CLOSED)("a %s atendimento refuses status change and edit, and only reopens", async (closed) => {
    const { staff } = await createOffice(ctx);
    const reg = await createRegistry(staff);
    const t = await createTicket(staff, reg);
    await setStatus(staff, t.id, closed, 1);
    const eventsBefore = (await history(staff, t.id)).length;
    for (const to of TICKET_STATUSES) {
      const res = await staff.post(`/api/tickets/${t.id}/status`, { status: to, version: 2 });
      expect(expectError(res, 409, "invalid_state").message).toBe(
        "Atendimento encerrado: use Reabrir para alterá-lo.",
      );
    }
    const edit = await staff.put(`/api/tickets/${t.id}`, {
      ...formOf(reg, staff, { subject: "Outro" }),
      version: 2,
    });
    expect(expectError(edit, 409, "invalid_state").message).toBe(
      "Atendimento encerrado: use Reabrir para alterá-lo.",
    );
    const unchanged = (await staff.get(`/api/tickets/${t.id}`)).json();
    expect(unchanged).toMatchObject({ status: closed, version: 2, subject: "Declaração de IRPF do sócio" });
    expect((await history(staff, t.id)).length).toBe(eventsBefore);

    const reopened = await staff.post(`/api/tickets/${t.id}/reopen`, { version: 2 });
    expect(reopened.statusCode).toBe(200);
    expect(reopened.json()).toMatchObject({
      status: "reopened",
      version: 3,
      actions: { edit: true, reopen: false, notify: false },
    });
    const [ev] = ofType(await history(staff, t.id), "reopened");
    expect(ev?.changes).toEqual([{ field: "status", label: "Status", from: LABEL[closed], to: "Reaberto" }]);
    // reopened, it can be edited and moved again
    const edited = await staff.put(`/api/tickets/${t.id}`, {
      ...formOf(reg, staff, { subject: "Refeito" }),
      version: 3,
    });
    expect(edited.statusCode).toBe(200);
    expect(edited.json()).toMatchObject({ subject: "Refeito", version: 4 });
  });

  it.each(["open", "reopened", "analysing", "waiting"] as const)(
    "reopening a %s atendimento → 409",
    async (s) => {
      const { staff } = await createOffice(ctx);
      const reg = await createRegistry(staff);
      const t = await createTicket(staff, reg);
      let v = 1;
      if (s === "reopened") {
        v = (await setStatus(staff, t.id, "finished", v)).version;
        v = (await staff.post(`/api/tickets/${t.id}/reopen`, { version: v })).json().version;
      } else if (s !== "open") {
        v = (await setStatus(staff, t.id, s, v)).version;
      }
      const res = await staff.post(`/api/tickets/${t.id}/reopen`, { version: v });
      expect(expectError(res, 409, "invalid_state").message).toBe(
        "Só é possível reabrir um atendimento cancelado, rejeitado ou finalizado.",
      );
      expect((await staff.get(`/api/tickets/${t.id}`)).json()).toMatchObject({ status: s, version: v });
    },
  );
});

describe("edit", () => {
  it("writes one updated event with from → to for every changed field", async () => {
    const { staff, admin, staffUser, adminUser } = await createOffice(ctx);
    const reg = await createRegistry(staff);
    const t = await createTicket(staff, reg);
    const svc2 = (
      await staff.post("/api/services", { name: "Folha de pagamento", priceCents: 99_000 })
    ).json();
    const cli2 = (
      await staff.post("/api/clients", { name: "Açougue São João", document: uniqueCnpj() })
    ).json();
    const res = await admin.put(`/api/tickets/${t.id}`, {
      requesterId: cli2.id,
      serviceId: svc2.id,
      accountantId: null,
      assigneeId: adminUser.id,
      subject: "Folha de março",
      description: "",
      amountCents: 123456,
      version: 1,
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      version: 2,
      subject: "Folha de março",
      description: "",
      amountCents: 123456,
      requester: { id: cli2.id, name: "Açougue São João" },
      service: { id: svc2.id, name: "Folha de pagamento" },
      assignee: { id: adminUser.id, name: adminUser.name },
      accountant: null,
      status: "open",
      actions: { notify: false, edit: true },
    });
    const updated = ofType(await history(staff, t.id), "updated");
    expect(updated).toHaveLength(1);
    expect(updated[0]?.actor).toEqual({ id: adminUser.id, name: adminUser.name });
    expect(updated[0]?.changes).toEqual([
      { field: "requester", label: "Solicitante", from: "Padaria Pão Dourado Ltda", to: "Açougue São João" },
      { field: "service", label: "Serviço", from: "Declaração de IRPF", to: "Folha de pagamento" },
      { field: "accountant", label: "Contador", from: "Roberto Contador", to: null },
      { field: "assignee", label: "Responsável", from: staffUser.name, to: adminUser.name },
      { field: "subject", label: "Assunto", from: "Declaração de IRPF do sócio", to: "Folha de março" },
      { field: "description", label: "Descrição", from: "Enviar recibos médicos até sexta.", to: null },
      { field: "amountCents", label: "Valor do Serviço", from: "R$\u00a0350,00", to: "R$\u00a01.234,56" },
    ]);
  });

  it("records only the fields that changed", async () => {
    const { staff } = await createOffice(ctx);
    const reg = await createRegistry(staff);
    const t = await createTicket(staff, reg);
    const res = await staff.put(`/api/tickets/${t.id}`, {
      ...formOf(reg, staff, { subject: "Novo assunto" }),
      version: 1,
    });
    expect(res.statusCode).toBe(200);
    const [ev] = ofType(await history(staff, t.id), "updated");
    expect(ev?.changes).toEqual([
      { field: "subject", label: "Assunto", from: "Declaração de IRPF do sócio", to: "Novo assunto" },
    ]);
    const amount = await staff.put(`/api/tickets/${t.id}`, {
      ...formOf(reg, staff, { subject: "Novo assunto", amountCents: 5 }),
      version: 2,
    });
    expect(amount.json().version).toBe(3);
    const last = ofType(await history(staff, t.id), "updated").at(-1);
    expect(last?.changes).toEqual([
      { field: "amountCents", label: "Valor do Serviço", from: "R$\u00a0350,00", to: "R$\u00a00,05" },
    ]);
  });

  it("an edit with no changes adds no event and keeps the version", async () => {
    const { staff } = await createOffice(ctx);
    const reg = await createRegistry(staff);
    const t = await createTicket(staff, reg);
    const before = (await staff.get(`/api/tickets/${t.id}`)).json();
    // the same values, with spaces the form may add around the subject
    const res = await staff.put(`/api/tickets/${t.id}`, {
      ...formOf(reg, staff, { subject: "  Declaração de IRPF do sócio " }),
      version: 1,
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual(before);
    expect(res.json().actions.notify).toBe(true);
    expect(await history(staff, t.id)).toHaveLength(1);
    // and the same version still works afterwards
    const next = await staff.put(`/api/tickets/${t.id}`, {
      ...formOf(reg, staff, { subject: "Mudou" }),
      version: 1,
    });
    expect(next.json().version).toBe(2);
  });

  it("validates the edit like the create, and changes nothing on bad input", async () => {
    const { staff } = await createOffice(ctx);
    const other = await createOffice(ctx);
    const reg = await createRegistry(staff);
    const theirs = await createRegistry(other.staff);
    const t = await createTicket(staff, reg);
    const before = (await staff.get(`/api/tickets/${t.id}`)).json();
    const cases: [Record<string, unknown>, number, string][] = [
      [{ subject: "S".repeat(201) }, 400, "subject"],
      [{ amountCents: -10 }, 400, "amountCents"],
      [{ amountCents: "10" }, 400, "amountCents"],
      [{ requesterId: theirs.client.id }, 400, "requesterId"],
      [{ serviceId: theirs.service.id }, 400, "serviceId"],
      [{ accountantId: theirs.accountant.id }, 400, "accountantId"],
      [{ assigneeId: other.staffUser.id }, 400, "assigneeId"],
      [{ version: undefined }, 400, "version"],
      [{ version: "1" }, 400, "version"],
    ];
    for (const [over, status, field] of cases) {
      const res = await staff.put(`/api/tickets/${t.id}`, {
        ...formOf(reg, staff),
        version: 1,
        subject: "Mudaria",
        ...over,
      });
      expectError(res, status, "validation_failed", field);
    }
    expect((await staff.get(`/api/tickets/${t.id}`)).json()).toEqual(before);
    expect(await history(staff, t.id)).toHaveLength(1);
  });

  it("keeps a reference that became inactive, but does not accept a newly chosen inactive one", async () => {
    const { staff } = await createOffice(ctx);
    const reg = await createRegistry(staff);
    const t = await createTicket(staff, reg);
    await staff.patch(`/api/services/${reg.service.id}`, {
      name: "Declaração de IRPF",
      priceCents: 35000,
      active: false,
    });
    const keep = await staff.put(`/api/tickets/${t.id}`, {
      ...formOf(reg, staff, { subject: "Ainda IRPF" }),
      version: 1,
    });
    expect(keep.statusCode).toBe(200);
    const old = (await staff.post("/api/services", { name: "Velho", priceCents: 1, active: false })).json();
    const swap = await staff.put(`/api/tickets/${t.id}`, {
      ...formOf(reg, staff, { serviceId: old.id }),
      version: 2,
    });
    expectError(swap, 400, "validation_failed", "serviceId", "Serviço não encontrado ou inativo.");
  });
});

describe("optimistic concurrency", () => {
  it("a stale version → 409 stale_version on edit, status and reopen; the record is unchanged", async () => {
    const { staff, admin } = await createOffice(ctx);
    const reg = await createRegistry(staff);
    const t = await createTicket(staff, reg);
    // someone else saves first
    expect(
      (
        await admin.put(`/api/tickets/${t.id}`, {
          ...formOf(reg, staff, { subject: "Do admin" }),
          version: 1,
        })
      ).statusCode,
    ).toBe(200);
    const current = (await staff.get(`/api/tickets/${t.id}`)).json();
    const eventsBefore = await history(staff, t.id);

    const edit = await staff.put(`/api/tickets/${t.id}`, {
      ...formOf(reg, staff, { subject: "Da equipe" }),
      version: 1,
    });
    expect(expectError(edit, 409, "stale_version").message).toMatch(STALE);
    const status = await staff.post(`/api/tickets/${t.id}/status`, { status: "finished", version: 1 });
    expectError(status, 409, "stale_version");
    // a version from the future is stale too
    expectError(
      await staff.post(`/api/tickets/${t.id}/status`, { status: "finished", version: 3 }),
      409,
      "stale_version",
    );

    expect((await staff.get(`/api/tickets/${t.id}`)).json()).toEqual(current);
    expect(current).toMatchObject({ subject: "Do admin", version: 2, status: "open" });
    expect(await history(staff, t.id)).toEqual(eventsBefore);

    await setStatus(staff, t.id, "finished", 2);
    const reopen = await staff.post(`/api/tickets/${t.id}/reopen`, { version: 2 });
    expectError(reopen, 409, "stale_version");
    expect((await staff.get(`/api/tickets/${t.id}`)).json()).toMatchObject({
      status: "finished",
      version: 3,
    });
  });

  it("two status changes with the same version at once: exactly one wins", async () => {
    const { staff, admin } = await createOffice(ctx);
    const reg = await createRegistry(staff);
    const t = await createTicket(staff, reg);
    const [a, b] = await Promise.all([
      staff.post(`/api/tickets/${t.id}/status`, { status: "analysing", version: 1 }),
      admin.post(`/api/tickets/${t.id}/status`, { status: "cancelled", version: 1 }),
    ]);
    const codes = [a.statusCode, b.statusCode].sort();
    expect(codes).toEqual([200, 409]);
    const loser = a.statusCode === 409 ? a : b;
    const winner = a.statusCode === 200 ? a : b;
    expect(loser.json().error.code).toBe("stale_version");
    const final = (await staff.get(`/api/tickets/${t.id}`)).json();
    expect(final.version).toBe(2);
    expect(final.status).toBe(winner.json().status);
    expect(ofType(await history(staff, t.id), "status_changed")).toHaveLength(1);
  });

  it("two edits with the same version at once: one is saved, the other gets 409 and is not lost silently", async () => {
    const { staff, admin } = await createOffice(ctx);
    const reg = await createRegistry(staff);
    const t = await createTicket(staff, reg);
    const [a, b] = await Promise.all([
      staff.put(`/api/tickets/${t.id}`, {
        ...formOf(reg, staff, { subject: "Versão da equipe" }),
        version: 1,
      }),
      admin.put(`/api/tickets/${t.id}`, {
        ...formOf(reg, staff, { subject: "Versão do admin" }),
        version: 1,
      }),
    ]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 409]);
    const winner = a.statusCode === 200 ? a : b;
    const final = (await staff.get(`/api/tickets/${t.id}`)).json();
    expect(final).toMatchObject({ version: 2, subject: winner.json().subject });
    expect(ofType(await history(staff, t.id), "updated")).toHaveLength(1);
  });

  it("many concurrent status changes: one per version, the history tells each once", async () => {
    const { staff, admin } = await createOffice(ctx);
    const reg = await createRegistry(staff);
    const t = await createTicket(staff, reg);
    const targets: TicketStatus[] = ["analysing", "waiting", "reopened", "analysing", "waiting"];
    const results = await Promise.all(
      targets.map((status, i) =>
        (i % 2 ? admin : staff).post(`/api/tickets/${t.id}/status`, { status, version: 1 }),
      ),
    );
    expect(results.filter((r) => r.statusCode === 200)).toHaveLength(1);
    for (const r of results.filter((x) => x.statusCode !== 200))
      expect(r.json().error.code).toBe("stale_version");
    expect((await staff.get(`/api/tickets/${t.id}`)).json().version).toBe(2);
  });
});

describe("Notificar (actions.notify)", () => {
  it("is true for a new atendimento and false after an edit", async () => {
    const { staff } = await createOffice(ctx);
    const reg = await createRegistry(staff);
    const t = await createTicket(staff, reg);
    expect((await staff.get(`/api/tickets/${t.id}`)).json().actions.notify).toBe(true);
    const row = (await staff.get("/api/tickets")).json().items[0];
    expect(row.actions.notify).toBe(true);
    const res = await staff.put(`/api/tickets/${t.id}`, {
      ...formOf(reg, staff, { subject: "Editado" }),
      version: 1,
    });
    expect(res.json().actions.notify).toBe(false);
    expect((await staff.get("/api/tickets")).json().items[0].actions.notify).toBe(false);
  });

  it("is false after a status change, even when it comes back to an open status", async () => {
    const { staff } = await createOffice(ctx);
    const reg = await createRegistry(staff);
    const t = await createTicket(staff, reg);
    expect((await setStatus(staff, t.id, "analysing", 1)).actions.notify).toBe(false);
    const t2 = await createTicket(staff, reg);
    await setStatus(staff, t2.id, "finished", 1);
    const reopened = (await staff.post(`/api/tickets/${t2.id}/reopen`, { version: 2 })).json();
    expect(reopened.status).toBe("reopened");
    expect(reopened.actions.notify).toBe(false);
  });
});
