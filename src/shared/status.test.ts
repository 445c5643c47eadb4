import { describe, expect, it } from "vitest";
import {
  allowedStatusTargets,
  canChangeStatus,
  canReopen,
  isClosed,
  STATUS_INFO,
  statusLabel,
  TICKET_STATUSES,
  type TicketStatus,
} from "./status.js";

const OPEN_ONES: TicketStatus[] = ["open", "reopened", "analysing", "waiting"];
const CLOSED_ONES: TicketStatus[] = ["cancelled", "rejected", "finished"];

describe("status table", () => {
  it("has exactly the seven statuses, in workflow order", () => {
    expect([...TICKET_STATUSES]).toEqual([
      "open",
      "reopened",
      "analysing",
      "waiting",
      "cancelled",
      "rejected",
      "finished",
    ]);
    expect(Object.keys(STATUS_INFO).sort()).toEqual([...TICKET_STATUSES].sort());
  });

  it("gives each status its pt-BR label and category", () => {
    const table = TICKET_STATUSES.map((s) => [s, statusLabel(s), STATUS_INFO[s].category]);
    expect(table).toEqual([
      ["open", "Aberto", "open"],
      ["reopened", "Reaberto", "open"],
      ["analysing", "Analisando", "in_progress"],
      ["waiting", "Aguardando", "pending"],
      ["cancelled", "Cancelado", "closed"],
      ["rejected", "Rejeitado", "closed"],
      ["finished", "Finalizado", "closed"],
    ]);
  });

  it("every status has a colour for its tag", () => {
    for (const s of TICKET_STATUSES) expect(STATUS_INFO[s].color).toMatch(/^[a-z]+$/);
  });

  it("isClosed is true exactly for cancelled, rejected and finished", () => {
    expect(TICKET_STATUSES.filter(isClosed)).toEqual(CLOSED_ONES);
  });
});

describe("status transitions", () => {
  it.each(CLOSED_ONES)("a closed atendimento (%s) has no status targets", (s) => {
    expect(allowedStatusTargets(s)).toEqual([]);
    for (const to of TICKET_STATUSES) expect(canChangeStatus(s, to)).toBe(false);
  });

  it.each(OPEN_ONES)("an open atendimento (%s) may move to every other status", (s) => {
    const targets = allowedStatusTargets(s);
    expect(targets).toEqual(TICKET_STATUSES.filter((x) => x !== s));
    expect(targets).toHaveLength(6);
    for (const to of TICKET_STATUSES) expect(canChangeStatus(s, to)).toBe(to !== s);
  });

  it("never allows a move to the same status", () => {
    for (const s of TICKET_STATUSES) expect(canChangeStatus(s, s)).toBe(false);
  });

  it("canReopen only from a closed status", () => {
    for (const s of CLOSED_ONES) expect(canReopen(s)).toBe(true);
    for (const s of OPEN_ONES) expect(canReopen(s)).toBe(false);
  });
});
