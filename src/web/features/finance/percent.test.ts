import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatPercentBp, offsetLabel, parsePercentBp, parseSignedPercentBp } from "./percent.js";

describe("parsePercentBp", () => {
  it("reads what people type as basis points", () => {
    expect(parsePercentBp("2,00")).toBe(200);
    expect(parsePercentBp("2")).toBe(200);
    expect(parsePercentBp("1.25")).toBe(125);
    expect(parsePercentBp("0,5")).toBe(50);
    expect(parsePercentBp("0,33 %")).toBe(33);
    expect(parsePercentBp(" 10,10% ")).toBe(1010);
    // 0,29 would be 28.999999999999996 with floats
    expect(parsePercentBp("0,29")).toBe(29);
    expect(parsePercentBp("1,15")).toBe(115);
  });

  it("refuses anything else", () => {
    for (const bad of ["", "%", "-1", "2,001", "1.000,00", "abc", "2,", ",5", "1e2", "1234"]) {
      expect(parsePercentBp(bad), bad).toBeNull();
    }
  });

  it("round-trips with formatPercentBp for every value up to 999,99%", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 99_999 }), (bp) => parsePercentBp(formatPercentBp(bp)) === bp),
    );
    expect(formatPercentBp(200)).toBe("2,00");
    expect(formatPercentBp(33)).toBe("0,33");
  });
});

describe("offsetLabel", () => {
  it("says the step of the régua in words", () => {
    expect(offsetLabel(-3)).toBe("3 dias antes");
    expect(offsetLabel(-1)).toBe("1 dia antes");
    expect(offsetLabel(0)).toBe("No dia do vencimento");
    expect(offsetLabel(1)).toBe("1 dia depois");
    expect(offsetLabel(7)).toBe("7 dias depois");
  });
});

describe("parseSignedPercentBp", () => {
  it("reads a leading minus as negative basis points, so the form can say it may not be negative", () => {
    expect(parseSignedPercentBp("-2")).toBe(-200);
    expect(parseSignedPercentBp(" -0,5% ")).toBe(-50);
    expect(parseSignedPercentBp("-0")).toBe(0);
    expect(parseSignedPercentBp("2,00")).toBe(200);
    for (const bad of ["", "-", "--1", "-abc", "2-"]) expect(parseSignedPercentBp(bad), bad).toBeNull();
  });
});
