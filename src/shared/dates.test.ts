import { describe, expect, it } from "vitest";
import { dateOnly, dateTimeInRange } from "./dates.js";

const message = (s: string) => {
  const r = dateOnly.safeParse(s);
  return r.success ? null : r.error.issues[0]?.message;
};

describe("dateOnly", () => {
  it.each(["1900-01-01", "2026-02-28", "2024-02-29", "2999-12-31"])("accepts %s", (s) => {
    expect(dateOnly.parse(s)).toBe(s);
  });

  it.each(["9999-12-31", "3000-01-01", "1899-12-31", "0000-01-01"])("refuses %s as out of range", (s) => {
    expect(message(s)).toBe("A data deve estar entre 01/01/1900 e 31/12/2999");
  });

  it.each(["2026-02-30", "2025-02-29", "2026-13-01", "26-01-01", "2026-1-1", "hoje", "+010000-01-01"])(
    "refuses %s as not a date",
    (s) => {
      expect(message(s)).toBe("Data inválida (use AAAA-MM-DD)");
    },
  );
});

describe("dateTimeInRange", () => {
  it.each(["2026-05-01T12:00:00Z", "2026-05-01T12:00:00.123-03:00", "2999-12-31T23:59:59-12:00"])(
    "accepts %s",
    (s) => {
      expect(dateTimeInRange.parse(s)).toBe(s);
    },
  );
  it.each([
    "0000-01-01T00:00:00Z",
    "9999-12-31T23:59:59-12:00",
    "1899-12-31T23:59:59Z",
    "2026-02-30T00:00:00Z",
  ])("refuses %s", (s) => {
    expect(dateTimeInRange.safeParse(s).success).toBe(false);
  });
});
