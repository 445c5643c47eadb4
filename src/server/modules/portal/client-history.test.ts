import { describe, expect, it } from "vitest";
import type { HistoryEvent } from "../../../shared/api.js";
import { clientHistory } from "./client-history.js";

type Row = Parameters<typeof clientHistory>[0][number];

const at = new Date("2026-03-10T12:00:00Z");
const ev = (type: HistoryEvent["type"], changes: Row["changes"], id: string = type): Row => ({
  id,
  type,
  changes,
  createdAt: at,
  actorId: "u1",
  actorName: "Equipe",
});

describe("clientHistory: what a client user sees of an atendimento's history", () => {
  it("drops the Valor do Serviço and the Contador from the creation event, keeps the rest", () => {
    const out = clientHistory([
      ev("created", [
        { field: "requester", from: null, to: "Padaria" },
        { field: "service", from: null, to: "IRPF" },
        { field: "accountant", from: null, to: "Roberto" },
        { field: "assignee", from: null, to: "Ana" },
        { field: "subject", from: null, to: "Declaração" },
        { field: "description", from: null, to: "Recibos" },
        { field: "amountCents", from: null, to: 35000 },
        { field: "status", from: null, to: "open" },
      ]),
    ]);
    expect(out).toHaveLength(1);
    expect(out[0]?.changes.map((c) => c.field)).toEqual([
      "requester",
      "service",
      "assignee",
      "subject",
      "description",
      "status",
    ]);
    expect(JSON.stringify(out)).not.toMatch(/amountCents|Valor|R\$|350/);
    expect(out[0]?.changes.find((c) => c.field === "status")?.to).toBe("Aberto");
  });

  it("drops staff-only events and fields even if one was stored as client-visible", () => {
    const out = clientHistory([
      ev("updated", [{ field: "amountCents", from: 100, to: 999 }]),
      ev("debt_posted", [{ field: "debt", from: null, to: "R$ 350,00, vencimento 10/04/2026" }]),
      ev("email", [{ field: "email", from: "Assunto", to: "Enviado (a@b.com)" }]),
      ev("notified", [{ field: "notice", from: null, to: "Aviso de novo atendimento" }]),
      ev("message", [{ field: "internalNote", from: null, to: "nota da equipe" }], "note"),
      ev("status_changed", [{ field: "status", from: "open", to: "finished" }]),
      ev("reopened", [{ field: "status", from: "finished", to: "reopened" }]),
      ev("attachment_added", [{ field: "attachment", from: null, to: "guia.pdf" }]),
      ev("attachment_removed", [{ field: "attachment", from: "guia.pdf", to: null }]),
      ev("message", [{ field: "message", from: null, to: "Olá" }]),
    ]);
    expect(out.map((e) => e.type)).toEqual([
      "status_changed",
      "reopened",
      "attachment_added",
      "attachment_removed",
      "message",
    ]);
    expect(JSON.stringify(out)).not.toMatch(/R\$|nota da equipe|999|Enviado|Aviso/);
  });

  it("an event left with no client-visible change is not shown at all", () => {
    const out = clientHistory([ev("created", [{ field: "amountCents", from: null, to: 35000 }])]);
    expect(out).toEqual([]);
  });
});
