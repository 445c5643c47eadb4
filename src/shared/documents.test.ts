import { describe, expect, it } from "vitest";
import {
  cnpjCheckDigits,
  documentType,
  formatCNPJ,
  formatCPF,
  formatDocument,
  isValidCNPJ,
  isValidCPF,
  maskCNPJ,
  maskCPF,
  maskDocument,
  normalizeDocument,
} from "./documents.js";

describe("normalizeDocument", () => {
  it("removes punctuation and upper-cases", () => {
    expect(normalizeDocument("529.982.247-25")).toBe("52998224725");
    expect(normalizeDocument(" 12.abc.345/01de-35 ")).toBe("12ABC34501DE35");
  });
});

describe("CPF", () => {
  it.each(["529.982.247-25", "52998224725", "111.444.777-35", "  529 982 247 25 "])("%s is valid", (cpf) => {
    expect(isValidCPF(cpf)).toBe(true);
    expect(documentType(cpf)).toBe("cpf");
  });

  it.each([
    ["all equal digits", "111.111.111-11"],
    ["all zeros", "000.000.000-00"],
    ["wrong first check digit", "529.982.247-35"],
    ["wrong second check digit", "529.982.247-24"],
    ["too short", "529.982.247-2"],
    ["too long", "529.982.247-251"],
    ["a letter", "529.982.247-2A"],
    ["empty", ""],
  ])("%s is invalid (%s)", (_why, cpf) => {
    expect(isValidCPF(cpf)).toBe(false);
  });

  it("every single-digit change of a valid CPF is invalid", () => {
    const base = "52998224725";
    for (let i = 0; i < base.length; i++) {
      const d = Number(base[i]);
      const changed = base.slice(0, i) + String((d + 1) % 10) + base.slice(i + 1);
      expect(isValidCPF(changed), changed).toBe(false);
    }
  });

  it("formats", () => {
    expect(formatCPF("52998224725")).toBe("529.982.247-25");
    expect(formatCPF("529.982.247-25")).toBe("529.982.247-25");
    expect(formatCPF("123")).toBe("123");
  });
});

describe("CNPJ (numeric)", () => {
  it.each(["11.222.333/0001-81", "11222333000181", "45.997.418/0001-53"])("%s is valid", (cnpj) => {
    expect(isValidCNPJ(cnpj)).toBe(true);
    expect(documentType(cnpj)).toBe("cnpj");
  });

  it.each([
    ["wrong first check digit", "11.222.333/0001-91"],
    ["wrong second check digit", "11.222.333/0001-82"],
    ["all equal", "11.111.111/1111-11"],
    ["all zeros", "00.000.000/0000-00"],
    ["too short", "11.222.333/0001-8"],
    ["too long", "11.222.333/0001-811"],
    ["empty", ""],
  ])("%s is invalid (%s)", (_why, cnpj) => {
    expect(isValidCNPJ(cnpj)).toBe(false);
    expect(documentType(cnpj)).toBeNull();
  });

  it("computes the check digits", () => {
    expect(cnpjCheckDigits("112223330001")).toBe("81");
  });
});

describe("CNPJ (alphanumeric, valid since July 2026)", () => {
  it("validates the official Receita Federal example 12.ABC.345/01DE-35", () => {
    expect(isValidCNPJ("12.ABC.345/01DE-35")).toBe(true);
    expect(isValidCNPJ("12ABC34501DE35")).toBe(true);
    expect(documentType("12.ABC.345/01DE-35")).toBe("cnpj");
    expect(cnpjCheckDigits("12ABC34501DE")).toBe("35");
  });

  it("values each character as its ASCII code minus 48", () => {
    // A=17, B=18, C=19, D=20, E=21: the sums for the example give 3 and 5
    const base = "12ABC34501DE";
    const w1 = [5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2];
    const s1 = [...base].reduce((acc, ch, i) => acc + (ch.charCodeAt(0) - 48) * (w1[i] ?? 0), 0);
    expect(s1 % 11 < 2 ? 0 : 11 - (s1 % 11)).toBe(3);
  });

  it("normalises lower-case input", () => {
    expect(isValidCNPJ("12.abc.345/01de-35")).toBe(true);
    expect(formatCNPJ("12abc34501de35")).toBe("12.ABC.345/01DE-35");
  });

  it.each([
    ["wrong check digits", "12.ABC.345/01DE-36"],
    ["letters in the check digits", "12.ABC.345/01DE-3A"],
    ["a changed letter", "12.ABD.345/01DE-35"],
    ["a character outside 0-9A-Z", "12.AB*.345/01DE-35"],
    ["a letter valued like a digit cannot replace it", "12.ABC.345/01DE-53"],
  ])("%s is invalid (%s)", (_why, cnpj) => {
    expect(isValidCNPJ(cnpj)).toBe(false);
  });

  it("accepts a generated alphanumeric CNPJ with its check digits", () => {
    for (const base of ["AB1234567890", "ZZZZZZZZ0001", "0A0B0C0D0E0F"]) {
      expect(isValidCNPJ(base + cnpjCheckDigits(base)), base).toBe(true);
    }
  });

  it("is not a CPF even with 11 characters", () => {
    expect(isValidCPF("1ABC2345678")).toBe(false);
    expect(documentType("1ABC2345678")).toBeNull();
  });
});

describe("formatDocument", () => {
  it("formats by length", () => {
    expect(formatDocument("52998224725")).toBe("529.982.247-25");
    expect(formatDocument("11222333000181")).toBe("11.222.333/0001-81");
    expect(formatDocument("12abc34501de35")).toBe("12.ABC.345/01DE-35");
  });
  it("formats a 14-character CNPJ and leaves anything else as typed", () => {
    expect(formatCNPJ("11222333000181")).toBe("11.222.333/0001-81");
    expect(formatCNPJ("123")).toBe("123");
  });
});

describe("masks while typing", () => {
  it.each([
    ["", ""],
    ["5", "5"],
    ["529", "529"],
    ["5299", "529.9"],
    ["529982", "529.982"],
    ["5299822", "529.982.2"],
    ["529982247", "529.982.247"],
    ["5299822472", "529.982.247-2"],
    ["52998224725", "529.982.247-25"],
    ["529982247259", "529.982.247-25"],
    ["529.982.247-25", "529.982.247-25"],
    ["529.", "529"],
    ["52a9 98", "529.98"],
  ])("CPF %j → %j", (typed, masked) => {
    expect(maskCPF(typed)).toBe(masked);
  });

  it.each([
    ["11", "11"],
    ["112", "11.2"],
    ["11222333", "11.222.333"],
    ["112223330", "11.222.333/0"],
    ["112223330001", "11.222.333/0001"],
    ["1122233300018", "11.222.333/0001-8"],
    ["11222333000181", "11.222.333/0001-81"],
    ["112223330001810", "11.222.333/0001-81"],
    ["12abc34501de35", "12.ABC.345/01DE-35"],
    // the check digits are numeric: letters there are dropped
    ["12ABC34501DEX3Y5", "12.ABC.345/01DE-35"],
  ])("CNPJ %j → %j", (typed, masked) => {
    expect(maskCNPJ(typed)).toBe(masked);
  });

  it.each([
    ["529982247", "529.982.247"],
    ["52998224725", "529.982.247-25"],
    // a 12th digit turns the CPF into a CNPJ
    ["112223330001", "11.222.333/0001"],
    ["112.223.330-00", "112.223.330-00"],
    ["112.223.330-001", "11.222.333/0001"],
    ["11222333000181", "11.222.333/0001-81"],
    // a letter means the alphanumeric CNPJ
    ["12a", "12.A"],
    ["12.abc.345/01de-35", "12.ABC.345/01DE-35"],
  ])("CPF or CNPJ %j → %j", (typed, masked) => {
    expect(maskDocument(typed)).toBe(masked);
  });

  it("a masked valid document stays valid and equals the formatted one", () => {
    for (const doc of ["52998224725", "11222333000181", "12ABC34501DE35"]) {
      expect(normalizeDocument(maskDocument(doc))).toBe(doc);
      expect(maskDocument(doc)).toBe(formatDocument(doc));
    }
  });
});
