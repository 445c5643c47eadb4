import { describe, expect, it } from "vitest";
import { formatProtocol, parseProtocol, protocolYear } from "./protocol.js";

describe("formatProtocol", () => {
  it("pads the sequence to six digits", () => {
    expect(formatProtocol(2026, 1)).toBe("2026/000001");
    expect(formatProtocol(2026, 123)).toBe("2026/000123");
    expect(formatProtocol(2025, 999999)).toBe("2025/999999");
  });
  it("keeps a sequence longer than six digits whole", () => {
    expect(formatProtocol(2026, 1234567)).toBe("2026/1234567");
  });
});

describe("parseProtocol", () => {
  it.each([
    ["2026/000123", { year: 2026, seq: 123 }],
    ["2026/123", { year: 2026, seq: 123 }],
    [" 2026/000001 ", { year: 2026, seq: 1 }],
    ["123", { seq: 123 }],
    ["000042", { seq: 42 }],
  ])("%j → %j", (q, expected) => {
    expect(parseProtocol(q)).toEqual(expected);
  });

  it.each(["", "abc", "2026/", "/123", "26/123", "2026-000123", "2026/12a", "1234567890", "Pão 2026/1"])(
    "%j is not a protocol",
    (q) => {
      expect(parseProtocol(q)).toBeNull();
    },
  );

  it("round-trips with formatProtocol", () => {
    expect(parseProtocol(formatProtocol(2027, 45))).toEqual({ year: 2027, seq: 45 });
  });
});

describe("protocolYear (São Paulo year)", () => {
  it("is still the old year in São Paulo at 2026-01-01T02:00Z", () => {
    expect(protocolYear(new Date("2026-01-01T02:00:00Z"))).toBe(2025);
    expect(protocolYear(new Date("2026-01-01T02:59:59.999Z"))).toBe(2025);
  });
  it("turns at midnight São Paulo time (03:00Z)", () => {
    expect(protocolYear(new Date("2026-01-01T03:00:00Z"))).toBe(2026);
    expect(protocolYear(new Date("2026-12-31T23:00:00Z"))).toBe(2026);
    expect(protocolYear(new Date("2027-01-01T02:59:59Z"))).toBe(2026);
    expect(protocolYear(new Date("2027-01-01T03:00:00Z"))).toBe(2027);
  });
});
