import { describe, expect, it } from "vitest";
import { builtInViews, NO_FILTERS, parseViews, sameFilters, viewsKey } from "./savedViews.js";

describe("saved views of the grid", () => {
  it("come with Minhas abertas (the user's, not closed) and Aguardando cliente", () => {
    const [all, mine, waiting] = builtInViews("u1");
    expect(all?.filters).toEqual(NO_FILTERS);
    expect(mine?.name).toBe("Minhas abertas");
    expect(mine?.filters.assigneeId).toBe("u1");
    expect(mine?.filters.status).toEqual(["open", "reopened", "analysing", "waiting"]);
    expect(waiting?.filters.status).toEqual(["waiting"]);
    expect(viewsKey("u1")).not.toBe(viewsKey("u2"));
  });

  it("match filters whatever the order of the statuses", () => {
    const a = { ...NO_FILTERS, status: ["waiting", "open"] as const };
    expect(sameFilters({ ...a, status: [...a.status] }, { ...NO_FILTERS, status: ["open", "waiting"] })).toBe(
      true,
    );
    expect(sameFilters(NO_FILTERS, { ...NO_FILTERS, q: "irpf" })).toBe(false);
  });

  it("drop what cannot be read", () => {
    expect(parseViews("{")).toEqual([]);
    expect(parseViews('{"a":1}')).toEqual([]);
    const views = parseViews(
      JSON.stringify([
        { id: "v1", name: "IRPF", filters: { q: "irpf", status: ["open", "bogus"] } },
        { id: "v2", name: "", filters: {} },
        { name: "sem id", filters: {} },
      ]),
    );
    expect(views).toEqual([
      { id: "v1", name: "IRPF", filters: { ...NO_FILTERS, q: "irpf", status: ["open"] } },
    ]);
  });
});
