import { describe, expect, it } from "vitest";
import type { TicketRow } from "../../../shared/api.js";
import { EMPTY_SELECTION, reconcileSelection, selectIds } from "./selection.js";

const row = (id: string, version = 1) => ({ id, protocol: `2026/${id}`, version }) as unknown as TicketRow;

describe("the grid's bulk selection", () => {
  const a = row("a");
  const b = row("b");
  const c = row("c");

  it("survives a refetch of the same filters, even one without the row (same object back)", () => {
    const sel = selectIds(EMPTY_SELECTION, ["a", "b"], [a, b, c]);
    // the websocket invalidation brings the same rows again, or b moved out of the filter meanwhile
    expect(reconcileSelection(sel, [a, b, c], false)).toBe(sel);
    expect([...reconcileSelection(sel, [a, c], false).keys()]).toEqual(["a", "b"]);
  });

  it("takes the fresh version of a selected row from the new result", () => {
    const sel = selectIds(EMPTY_SELECTION, ["a", "b"], [a, b]);
    const next = reconcileSelection(sel, [row("a", 3), b], false);
    expect(next.get("a")?.version).toBe(3);
    expect(next.get("b")).toBe(b);
  });

  it("drops the rows that are not in the result once the filters, page or order changed", () => {
    const sel = selectIds(EMPTY_SELECTION, ["a", "b"], [a, b, c]);
    expect([...reconcileSelection(sel, [b, c], true).keys()]).toEqual(["b"]);
    expect(reconcileSelection(sel, [], true).size).toBe(0);
  });

  it("keeps the row it had for a checked id, takes the row on screen for a new one, ignores unknown ids", () => {
    const sel = selectIds(EMPTY_SELECTION, ["a"], [a]);
    const next = selectIds(sel, ["a", "c", "zz"], [row("a", 9), c]);
    expect([...next.keys()]).toEqual(["a", "c"]);
    expect(next.get("a")).toBe(a);
    expect(selectIds(next, [], [a, c]).size).toBe(0);
  });
});
