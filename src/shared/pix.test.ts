import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  buildPixPayload,
  crc16,
  hasValidCrc,
  isValidTxid,
  maskPixKey,
  normalizePixKey,
  PIX_GUI,
  type PixPayloadInput,
  parseTlv,
  pixAmount,
  pixText,
} from "./pix.js";

const EVP = "123e4567-e12b-12d1-a456-426655440000";
/** Manual de Padrões para Iniciação do Pix, static BR Code example (without the CRC value) */
const MANUAL_EXAMPLE =
  "00020126580014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-4266554400005204000053039865802BR5913Fulano de Tal6008BRASILIA62070503***6304";

const fieldsOf = (payload: string) => parseTlv(payload);
const fieldValue = (payload: string, id: string) => fieldsOf(payload).find((f) => f.id === id)?.value;

describe("buildPixPayload", () => {
  it("reproduces the manual's static example exactly, CRC 1D3D", () => {
    const payload = buildPixPayload({ key: EVP, merchantName: "Fulano de Tal", merchantCity: "BRASILIA" });
    expect(payload).toBe(`${MANUAL_EXAMPLE}1D3D`);
    expect(crc16(MANUAL_EXAMPLE)).toBe("1D3D");
    expect(hasValidCrc(payload)).toBe(true);
    expect(
      buildPixPayload({ key: EVP, merchantName: "Fulano de Tal", merchantCity: "BRASILIA", txid: "***" }),
    ).toBe(payload);
  });

  it("has every field of the BR Code layout, in order, with the right values", () => {
    const payload = buildPixPayload({
      key: "fulano@exemplo.com.br",
      merchantName: "Contabilidade São João Ltda",
      merchantCity: "São José dos Campos",
      amountCents: 123456,
      txid: "ATENDE2026000012ABC",
      description: "Honorários março",
    });
    const fields = fieldsOf(payload);
    expect(fields.map((f) => f.id)).toEqual(["00", "26", "52", "53", "54", "58", "59", "60", "62", "63"]);
    expect(fieldValue(payload, "00")).toBe("01");
    const account = parseTlv(fieldValue(payload, "26") as string);
    expect(account).toEqual([
      { id: "00", value: PIX_GUI },
      { id: "01", value: "fulano@exemplo.com.br" },
      { id: "02", value: "Honorarios marco" },
    ]);
    expect(fieldValue(payload, "52")).toBe("0000");
    expect(fieldValue(payload, "53")).toBe("986");
    expect(fieldValue(payload, "54")).toBe("1234.56");
    expect(fieldValue(payload, "58")).toBe("BR");
    // name: no accents, at most 25 characters; city: at most 15
    expect(fieldValue(payload, "59")).toBe("Contabilidade Sao Joao Lt");
    expect(fieldValue(payload, "60")).toBe("Sao Jose dos Ca");
    expect(parseTlv(fieldValue(payload, "62") as string)).toEqual([
      { id: "05", value: "ATENDE2026000012ABC" },
    ]);
    // the CRC is the last field, over everything before it including "6304"
    expect(payload.slice(-8, -4)).toBe("6304");
    expect(fieldValue(payload, "63")).toBe(crc16(payload.slice(0, -4)));
    expect(hasValidCrc(payload)).toBe(true);
    // every length prefix is the real length of its value (ASCII only, so bytes = characters)
    expect(payload).toMatch(/^[\x20-\x7e]+$/);
  });

  it("writes the amount with a dot and two decimals, without thousands separators", () => {
    const cases: [number, string][] = [
      [1, "0.01"],
      [10, "0.10"],
      [100, "1.00"],
      [123456, "1234.56"],
      [100_000_000_000, "1000000000.00"],
    ];
    for (const [cents, text] of cases) {
      expect(pixAmount(cents)).toBe(text);
      expect(
        fieldValue(
          buildPixPayload({ key: EVP, merchantName: "A", merchantCity: "B", amountCents: cents }),
          "54",
        ),
      ).toBe(text);
    }
    // no amount: field 54 is absent (the payer types it)
    expect(
      fieldValue(buildPixPayload({ key: EVP, merchantName: "A", merchantCity: "B" }), "54"),
    ).toBeUndefined();
  });

  it("keeps field 26 within 99 characters: the message is cut, or left out for a long key", () => {
    const longMessage = "Parcela 1/3 dos honorários contábeis de março de 2026 ".repeat(4);
    const withEvp = buildPixPayload({
      key: EVP,
      merchantName: "A",
      merchantCity: "B",
      description: longMessage,
    });
    const account = fieldValue(withEvp, "26") as string;
    expect(account.length).toBeLessThanOrEqual(99);
    expect(account.length).toBeGreaterThan(90);
    expect(parseTlv(account)[2]?.value).toBe(pixText(longMessage, 99 - 18 - 40 - 4));

    // an e-mail key of 77 characters fills field 26 by itself: no room for the message
    const longKey = `${"a".repeat(64)}@exemplo.com`;
    expect(longKey.length).toBe(76);
    const withLongKey = buildPixPayload({
      key: longKey,
      merchantName: "A",
      merchantCity: "B",
      description: "Honorários de março",
    });
    expect(parseTlv(fieldValue(withLongKey, "26") as string).map((f) => f.id)).toEqual(["00", "01"]);
    expect(hasValidCrc(withLongKey)).toBe(true);

    fc.assert(
      fc.property(
        fc.string({ maxLength: 200 }),
        fc.integer({ min: 1, max: 100_000_000_000 }),
        fc.stringMatching(/^[A-Za-z0-9]{1,25}$/),
        (description, amountCents, txid) => {
          const p = buildPixPayload({
            key: "fulano@exemplo.com.br",
            merchantName: "Fulano",
            merchantCity: "Sao Paulo",
            description,
            amountCents,
            txid,
          });
          expect((fieldValue(p, "26") as string).length).toBeLessThanOrEqual(99);
          expect(fieldValue(p, "54")).toBe(pixAmount(amountCents));
          expect(parseTlv(fieldValue(p, "62") as string)[0]?.value).toBe(txid);
          expect(hasValidCrc(p)).toBe(true);
        },
      ),
      { numRuns: 200 },
    );
  });

  it("throws RangeError on a value the layout cannot carry", () => {
    const base: PixPayloadInput = { key: EVP, merchantName: "Fulano", merchantCity: "Brasilia" };
    const bad: Partial<PixPayloadInput>[] = [
      { merchantName: "" },
      { merchantName: "   " },
      { merchantName: "!!!" },
      { merchantCity: "" },
      { amountCents: 0 },
      { amountCents: -100 },
      { amountCents: 1.5 },
      { amountCents: 100_000_000_000_000 }, // 14 characters in field 54
      { txid: "" },
      { txid: "com-hifen" },
      { txid: "A".repeat(26) },
      { txid: "ação" },
      { key: "" },
      { key: "não é chave" },
      { key: "FULANO@EXEMPLO.COM.BR" }, // not normalised
      { key: "529.982.247-25" }, // not normalised
    ];
    for (const over of bad)
      expect(() => buildPixPayload({ ...base, ...over }), JSON.stringify(over)).toThrow(RangeError);
  });
});

describe("crc16 and hasValidCrc", () => {
  it("is CRC16-CCITT-FALSE (check value of '123456789' is 29B1)", () => {
    expect(crc16("123456789")).toBe("29B1");
    expect(crc16("")).toBe("FFFF");
  });

  it("detects any change to the payload", () => {
    const payload = `${MANUAL_EXAMPLE}1D3D`;
    expect(hasValidCrc(payload)).toBe(true);
    expect(hasValidCrc(payload.replace("Fulano", "Fulana"))).toBe(false);
    expect(hasValidCrc(`${MANUAL_EXAMPLE}1d3d`)).toBe(false);
    expect(hasValidCrc(`${MANUAL_EXAMPLE.slice(0, -4)}1D3D`)).toBe(false);
    expect(hasValidCrc("6304")).toBe(false);
  });
});

describe("parseTlv", () => {
  it("splits fields and throws on malformed input", () => {
    expect(parseTlv("0002010102AB")).toEqual([
      { id: "00", value: "01" },
      { id: "01", value: "AB" },
    ]);
    expect(parseTlv("")).toEqual([]);
    expect(() => parseTlv("0005abc")).toThrow(RangeError); // value shorter than its length
    expect(() => parseTlv("0x02ab")).toThrow(RangeError);
    expect(() => parseTlv("00 2ab")).toThrow(RangeError); // length with a space
    expect(() => parseTlv("000")).toThrow(RangeError);
  });
});

describe("normalizePixKey", () => {
  it("reads each key type as people type it", () => {
    expect(normalizePixKey("529.982.247-25")).toEqual({ type: "cpf", key: "52998224725" });
    expect(normalizePixKey(" 52998224725 ")).toEqual({ type: "cpf", key: "52998224725" });
    expect(normalizePixKey("11.222.333/0001-81")).toEqual({ type: "cnpj", key: "11222333000181" });
    expect(normalizePixKey("Fulano.Tal@Exemplo.COM.br")).toEqual({
      type: "email",
      key: "fulano.tal@exemplo.com.br",
    });
    expect(normalizePixKey("+55 (11) 91234-5678")).toEqual({ type: "phone", key: "+5511912345678" });
    expect(normalizePixKey("(11) 91234-5678")).toEqual({ type: "phone", key: "+5511912345678" });
    expect(normalizePixKey("+551133334444")).toEqual({ type: "phone", key: "+551133334444" });
    expect(normalizePixKey("123E4567-E12B-12D1-A456-426655440000")).toEqual({ type: "evp", key: EVP });
  });

  it("is idempotent on what it returns", () => {
    for (const k of ["52998224725", "11222333000181", "a@b.com", "+5511912345678", EVP])
      expect(normalizePixKey(k)?.key).toBe(k);
  });

  it("rejects what is not a key", () => {
    for (const k of [
      "",
      "   ",
      "529.982.247-24", // CPF check digit wrong
      "111.111.111-11",
      "11.222.333/0001-82", // CNPJ check digit wrong
      "fulano@",
      "fulano@exemplo",
      "a b@exemplo.com",
      `${"a".repeat(70)}@exemplo.com`, // over 77 characters
      "+1 415 555 0100", // not Brazil
      "+55 11 1234",
      "123e4567-e12b-12d1-a456-42665544000", // EVP one short
      "chave qualquer",
      "1234",
    ])
      expect(normalizePixKey(k), k).toBeNull();
  });
});

describe("pixText", () => {
  it("removes accents and symbols, collapses spaces and cuts to the maximum", () => {
    expect(pixText("São João d'Aliança", 25)).toBe("Sao Joao d Alianca");
    expect(pixText("  AÇÚCAR   & CIA  ", 25)).toBe("ACUCAR CIA");
    expect(pixText("Contabilidade Conceição Ltda", 15)).toBe("Contabilidade C");
    expect(pixText("Ribeirão Preto", 15)).toBe("Ribeirao Preto");
    // a cut that ends in a space does not leave it
    expect(pixText("Abcdefghijklmn opq", 15)).toBe("Abcdefghijklmn");
    expect(pixText("ÿ€😀", 25)).toBe("y");
  });

  it("never exceeds the maximum nor leaves a non-ASCII character", () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 80, unit: "grapheme" }),
        fc.integer({ min: 1, max: 40 }),
        (s, max) => {
          const t = pixText(s, max);
          expect(t.length).toBeLessThanOrEqual(max);
          expect(t).toMatch(/^[A-Za-z0-9 .,/-]*$/);
          expect(t).toBe(t.trim());
        },
      ),
    );
  });
});

describe("isValidTxid", () => {
  it("accepts 1 to 25 letters and digits", () => {
    expect(isValidTxid("A")).toBe(true);
    expect(isValidTxid("a1".repeat(12))).toBe(true);
    expect(isValidTxid("A".repeat(26))).toBe(false);
    expect(isValidTxid("***")).toBe(false);
    expect(isValidTxid("")).toBe(false);
  });
});

describe("maskPixKey", () => {
  it.each([
    ["52998224725", "529.982.247-25"],
    ["529.982.247-25", "529.982.247-25"],
    ["11222333000181", "11.222.333/0001-81"],
    [" 11.222.333/0001-81", "11.222.333/0001-81"],
    // incomplete: could still be a phone or a longer CNPJ
    ["5299822", "5299822"],
    ["1122233300", "1122233300"],
    // not a valid CPF: a mobile number without +55
    ["11912345678", "11912345678"],
    ["(11) 91234-5678", "(11) 91234-5678"],
    ["+55 11 91234-5678", "+55 11 91234-5678"],
    ["Financeiro@Escritorio.com.br", "Financeiro@Escritorio.com.br"],
    ["123e4567-e89b-12d3-a456-426614174000", "123e4567-e89b-12d3-a456-426614174000"],
    ["12345678-1234-1234-1234-123456789012", "12345678-1234-1234-1234-123456789012"],
  ])("%j → %j", (typed, masked) => {
    expect(maskPixKey(typed)).toBe(masked);
  });

  it("the masked key is read as the same key", () => {
    for (const key of ["52998224725", "11222333000181"]) {
      expect(normalizePixKey(maskPixKey(key))).toEqual(normalizePixKey(key));
    }
  });
});
