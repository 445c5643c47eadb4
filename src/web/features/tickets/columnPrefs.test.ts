import { describe, expect, it } from "vitest";
import { DEFAULT_PREFS, MOVABLE_COLUMNS, move, parsePrefs, setHidden, storageKey } from "./columnPrefs.js";

describe("grid column preferences", () => {
  it("are kept per user", () => {
    expect(storageKey("u1")).not.toBe(storageKey("u2"));
  });

  it("fall back to the default layout for nothing or garbage", () => {
    expect(parsePrefs(null)).toEqual(DEFAULT_PREFS);
    expect(parsePrefs("{not json")).toEqual(DEFAULT_PREFS);
    expect(parsePrefs("42")).toEqual(DEFAULT_PREFS);
  });

  it("drop unknown columns, append missing ones and never hide Protocolo", () => {
    const prefs = parsePrefs(
      JSON.stringify({
        order: ["service", "gone", "service", "subject"],
        hidden: ["protocol", "amount", "x"],
      }),
    );
    expect(prefs.order.slice(0, 2)).toEqual(["service", "subject"]);
    expect([...prefs.order].sort()).toEqual([...MOVABLE_COLUMNS].sort());
    expect(prefs.hidden).toEqual(["amount"]);
  });

  it("move a column one place and stop at the ends", () => {
    const down = move(DEFAULT_PREFS, "protocol", 1);
    expect(down.order.slice(0, 2)).toEqual(["requester", "protocol"]);
    expect(move(DEFAULT_PREFS, "protocol", -1)).toBe(DEFAULT_PREFS);
    expect(move(DEFAULT_PREFS, "service", 1)).toBe(DEFAULT_PREFS);
  });

  it("hide and show a column, but not a locked one", () => {
    const hidden = setHidden(DEFAULT_PREFS, "updatedAt", true);
    expect(hidden.hidden).toEqual(["updatedAt"]);
    expect(setHidden(hidden, "updatedAt", false).hidden).toEqual([]);
    expect(setHidden(DEFAULT_PREFS, "protocol", true).hidden).toEqual([]);
  });
});
