import { describe, expect, it } from "vitest";
import {
  assertCents,
  formatCents,
  formatCentsPlain,
  MAX_AMOUNT_CENTS,
  parseBRL,
  parseSignedBRL,
} from "./money.js";

const NBSP = "\u00a0";

describe("formatCents", () => {
  it.each([
    [123456, `R$${NBSP}1.234,56`],
    [0, `R$${NBSP}0,00`],
    [5, `R$${NBSP}0,05`],
    [29, `R$${NBSP}0,29`],
    [100, `R$${NBSP}1,00`],
    [35000, `R$${NBSP}350,00`],
    [100_000_099, `R$${NBSP}1.000.000,99`],
    [MAX_AMOUNT_CENTS, `R$${NBSP}1.000.000.000,00`],
    [MAX_AMOUNT_CENTS - 1, `R$${NBSP}999.999.999,99`],
    [Number.MAX_SAFE_INTEGER, `R$${NBSP}90.071.992.547.409,91`],
  ])("%i → %s", (cents, text) => {
    expect(formatCents(cents)).toBe(text);
  });

  it("uses the non-breaking space Intl puts after R$", () => {
    expect(formatCents(1000)).toContain("\u00a0");
    expect(formatCents(1000)).not.toContain("R$ ");
  });

  it("formats without the currency sign", () => {
    expect(formatCentsPlain(123456)).toBe("1.234,56");
    expect(formatCentsPlain(7)).toBe("0,07");
    expect(formatCentsPlain(Number.MAX_SAFE_INTEGER)).toBe("90.071.992.547.409,91");
  });

  it("refuses amounts that are not integer centavos", () => {
    expect(() => formatCents(1.5)).toThrow(RangeError);
    expect(() => formatCents(Number.NaN)).toThrow(RangeError);
    expect(() => formatCents(Number.MAX_SAFE_INTEGER + 1)).toThrow(RangeError);
    expect(() => assertCents(0.1 + 0.2)).toThrow(RangeError);
    expect(() => assertCents(10)).not.toThrow();
  });

  it("round-trips through parseBRL", () => {
    for (const cents of [0, 1, 29, 99, 100, 123456, 100_000_099, MAX_AMOUNT_CENTS]) {
      expect(parseBRL(formatCents(cents))).toBe(cents);
      expect(parseBRL(formatCentsPlain(cents))).toBe(cents);
    }
  });
});

describe("parseBRL", () => {
  it.each([
    ["1.234,56", 123456],
    ["1234,5", 123450],
    ["1234,56", 123456],
    ["R$ 10", 1000],
    ["R$10,00", 1000],
    [`R$${NBSP}1.234,56`, 123456],
    ["r$ 7", 700],
    ["10.50", 1050],
    ["10.5", 1050],
    ["0,01", 1],
    ["0", 0],
    ["  42  ", 4200],
    ["1.234", 123400],
    ["12.345.678,90", 1_234_567_890],
  ])("%j → %i", (text, cents) => {
    expect(parseBRL(text)).toBe(cents);
  });

  it("has no float drift", () => {
    // 0.29 * 100 === 28.999999999999996 and 1000000.99 * 100 === 100000098.99999999 in floats
    expect(parseBRL("0,29")).toBe(29);
    expect(parseBRL("0,57")).toBe(57);
    expect(parseBRL("1,15")).toBe(115);
    expect(parseBRL("1.000.000,99")).toBe(100_000_099);
    expect(parseBRL("4.35")).toBe(435);
    for (let c = 0; c < 1000; c++) {
      const text = `${Math.floor(c / 100)},${String(c % 100).padStart(2, "0")}`;
      expect(parseBRL(text)).toBe(c);
    }
  });

  it.each([
    "-1",
    "-1,00",
    "R$ -5",
    "abc",
    "1,234",
    "1.23.4",
    "12.34.567",
    "1,2,3",
    "1.2345,00",
    "",
    "   ",
    "R$",
    "1e3",
    "0x10",
    "10,",
    ",50",
    "1 000,00x",
    "Infinity",
    "NaN",
  ])("%j → null", (text) => {
    expect(parseBRL(text)).toBeNull();
  });

  it("refuses amounts over the maximum", () => {
    expect(parseBRL("1.000.000.000,00")).toBe(MAX_AMOUNT_CENTS);
    expect(parseBRL("1.000.000.000,01")).toBeNull();
    expect(parseBRL("99999999999999999999")).toBeNull();
  });
});

describe("parseSignedBRL", () => {
  it("reads one leading minus as a negative amount", () => {
    expect(parseSignedBRL("-10,00")).toBe(-1000);
    expect(parseSignedBRL(" - 1.234,56 ")).toBe(-123456);
    expect(parseSignedBRL("R$ -5")).toBe(-500);
    expect(parseSignedBRL("-R$ 5")).toBe(-500);
    expect(parseSignedBRL(`-R$${NBSP}0,01`)).toBe(-1);
    expect(parseSignedBRL("-0")).toBe(0);
    expect(Object.is(parseSignedBRL("-0"), -0)).toBe(false);
  });

  it("is parseBRL for text without a sign, and null for a badly written signed one", () => {
    for (const text of ["1.234,56", "R$ 10", "10.5", "0", "", "abc", "5-"]) {
      expect(parseSignedBRL(text), text).toBe(parseBRL(text));
    }
    for (const text of ["--5", "-", "-abc", "R$ --1", "- -1", "-1,234"]) {
      expect(parseSignedBRL(text), text).toBeNull();
    }
  });
});
