import { describe, expect, it } from "vitest";
import { formatDateTime, formatShortDate, formatShortDateTime } from "./format.js";

describe("formatShortDateTime", () => {
  it("shows a two-digit year in the office's time zone", () => {
    expect(formatShortDateTime("2026-03-05T13:07:00Z")).toBe("05/03/26 10:07");
    expect(formatDateTime("2026-03-05T13:07:00Z")).toBe("05/03/2026 10:07");
    // 01:30 UTC on the 1st is still the 31st in São Paulo
    expect(formatShortDate("2026-01-01T01:30:00Z")).toBe("31/12/25");
  });

  it("shows a dash for no date", () => {
    expect(formatShortDateTime(null)).toBe("—");
    expect(formatShortDateTime("not a date")).toBe("—");
    expect(formatShortDate(undefined)).toBe("—");
  });
});
