import { describe, expect, it } from "vitest";
import { saoPauloDayStart } from "./dates.js";

describe("saoPauloDayStart", () => {
  it("is local midnight, 03:00Z, since Brazil dropped daylight saving time", () => {
    expect(saoPauloDayStart("2026-03-01").toISOString()).toBe("2026-03-01T03:00:00.000Z");
    expect(saoPauloDayStart("2026-07-15").toISOString()).toBe("2026-07-15T03:00:00.000Z");
  });

  it("adds days across month and year ends", () => {
    expect(saoPauloDayStart("2026-03-01", 1).toISOString()).toBe("2026-03-02T03:00:00.000Z");
    expect(saoPauloDayStart("2026-02-28", 1).toISOString()).toBe("2026-03-01T03:00:00.000Z");
    expect(saoPauloDayStart("2028-02-28", 1).toISOString()).toBe("2028-02-29T03:00:00.000Z");
    expect(saoPauloDayStart("2026-12-31", 1).toISOString()).toBe("2027-01-01T03:00:00.000Z");
  });

  it("the day before the new year in São Paulo ends at 03:00Z", () => {
    const start = saoPauloDayStart("2025-12-31");
    const end = saoPauloDayStart("2025-12-31", 1);
    expect(start.toISOString()).toBe("2025-12-31T03:00:00.000Z");
    expect(end.toISOString()).toBe("2026-01-01T03:00:00.000Z");
    const twoAmUtc = new Date("2026-01-01T02:00:00Z");
    expect(twoAmUtc >= start && twoAmUtc < end).toBe(true);
  });

  it("computes the offset from the time zone data: -02:00 in the old summer time", () => {
    expect(saoPauloDayStart("2018-12-01").toISOString()).toBe("2018-12-01T02:00:00.000Z");
    expect(saoPauloDayStart("2019-01-10").toISOString()).toBe("2019-01-10T02:00:00.000Z");
  });

  it("on the old summer-time start day the day begins at 01:00 local (03:00Z): midnight did not exist", () => {
    // 2018-11-04: clocks jumped from 00:00 (-03) to 01:00 (-02)
    expect(saoPauloDayStart("2018-11-04").toISOString()).toBe("2018-11-04T03:00:00.000Z");
    expect(saoPauloDayStart("2018-11-03", 1).toISOString()).toBe("2018-11-04T03:00:00.000Z");
  });

  it("on the old summer-time end day midnight is at -03:00", () => {
    // 2019-02-17: clocks went back from 00:00 (-02) to 23:00 of the 16th (-03)
    expect(saoPauloDayStart("2019-02-17").toISOString()).toBe("2019-02-17T03:00:00.000Z");
    expect(saoPauloDayStart("2019-02-16").toISOString()).toBe("2019-02-16T02:00:00.000Z");
  });

  it("consecutive days are contiguous", () => {
    let d = new Date("2026-01-01T12:00:00Z");
    for (let i = 0; i < 400; i++) {
      const iso = d.toISOString().slice(0, 10);
      expect(saoPauloDayStart(iso, 1).getTime()).toBe(
        saoPauloDayStart(new Date(d.getTime() + 86_400_000).toISOString().slice(0, 10)).getTime(),
      );
      d = new Date(d.getTime() + 86_400_000);
    }
  });
});
