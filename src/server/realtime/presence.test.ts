import { describe, expect, it } from "vitest";
import { PresenceBoard } from "./presence.js";

describe("PresenceBoard", () => {
  const base = { officeId: "o1", ticketId: "t1" };
  it("lists distinct people of the office, without the recipient", () => {
    const board = new PresenceBoard("me", 45_000);
    expect(board.apply({ ...base, userId: "u1", name: "Bruna", instanceId: "me" }, true)).toBe(true);
    expect(board.apply({ ...base, userId: "u2", name: "Ana", instanceId: "other" }, true)).toBe(true);
    // the same person on another instance: listed once
    board.apply({ ...base, userId: "u1", name: "Bruna", instanceId: "other" }, true);
    board.apply({ officeId: "o2", ticketId: "t1", userId: "x", name: "Intruso", instanceId: "other" }, true);
    expect(board.viewers("t1", "o1")).toEqual([
      { id: "u2", name: "Ana" },
      { id: "u1", name: "Bruna" },
    ]);
    expect(board.viewers("t1", "o1", "u2")).toEqual([{ id: "u1", name: "Bruna" }]);
    expect(board.local()).toHaveLength(1);
    expect(board.apply({ ...base, userId: "u2", name: "Ana", instanceId: "other" }, false)).toBe(true);
    expect(board.apply({ ...base, userId: "u2", name: "Ana", instanceId: "other" }, false)).toBe(false);
  });

  it("forgets another instance's viewers that are not re-announced in time", () => {
    let now = 1_000;
    const board = new PresenceBoard("me", 45_000, () => now);
    board.apply({ ...base, userId: "u1", name: "Local", instanceId: "me" }, true);
    board.apply({ ...base, userId: "u2", name: "Remoto", instanceId: "crashed" }, true);
    board.apply({ ...base, userId: "u3", name: "Vivo", instanceId: "alive" }, true);
    now += 30_000;
    board.apply({ ...base, userId: "u3", name: "Vivo", instanceId: "alive" }, true); // heartbeat
    expect(board.expire()).toEqual([]);
    now += 20_000;
    expect(board.expire()).toEqual(["t1"]);
    expect(board.viewers("t1", "o1").map((v) => v.name)).toEqual(["Local", "Vivo"]);
  });
});
