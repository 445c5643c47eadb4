import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { amountInWords, integerInWords } from "./words.js";

describe("amountInWords", () => {
  it.each([
    [0, "zero reais"],
    [1, "um centavo"],
    [2, "dois centavos"],
    [10, "dez centavos"],
    [99, "noventa e nove centavos"],
    [100, "um real"],
    [101, "um real e um centavo"],
    [200, "dois reais"],
    [1_000, "dez reais"],
    [1_650, "dezesseis reais e cinquenta centavos"],
    [10_000, "cem reais"],
    [10_110, "cento e um reais e dez centavos"],
    [35_000, "trezentos e cinquenta reais"],
    [100_000, "mil reais"],
    [100_100, "mil e um reais"],
    [110_000, "mil e cem reais"],
    [150_000, "mil e quinhentos reais"],
    [102_000, "mil e vinte reais"],
    [123_456, "mil duzentos e trinta e quatro reais e cinquenta e seis centavos"],
    [200_000, "dois mil reais"],
    [1_111_100, "onze mil cento e onze reais"],
    [100_000_000, "um milhão de reais"],
    [200_000_000, "dois milhões de reais"],
    [120_000_000, "um milhão e duzentos mil reais"],
    [100_000_100, "um milhão e um reais"],
    [100_100_000, "um milhão e mil reais"],
    [
      234_567_890,
      "dois milhões trezentos e quarenta e cinco mil seiscentos e setenta e oito reais e noventa centavos",
    ],
    [100_000_000_000, "um bilhão de reais"],
    [100_000_000_001, "um bilhão de reais e um centavo"],
    [
      99_999_999_999,
      "novecentos e noventa e nove milhões novecentos e noventa e nove mil novecentos e noventa e nove reais e noventa e nove centavos",
    ],
  ])("%i centavos → %s", (cents, words) => {
    expect(amountInWords(cents)).toBe(words);
  });

  it("refuses what is not an amount of centavos", () => {
    expect(() => amountInWords(-1)).toThrow(RangeError);
    expect(() => amountInWords(1.5)).toThrow(RangeError);
    expect(() => amountInWords(Number.NaN)).toThrow(RangeError);
  });
});

describe("integerInWords", () => {
  it.each([
    [0, "zero"],
    [14, "catorze"],
    [16, "dezesseis"],
    [21, "vinte e um"],
    [100, "cem"],
    [101, "cento e um"],
    [999, "novecentos e noventa e nove"],
    [1_000, "mil"],
    [1_001, "mil e um"],
    [1_234, "mil duzentos e trinta e quatro"],
    [21_000, "vinte e um mil"],
    [100_000, "cem mil"],
    [1_000_000, "um milhão"],
    [2_000_100, "dois milhões e cem"],
    [1_201_000, "um milhão duzentos e um mil"],
    [1_000_000_000_000, "um trilhão"],
  ])("%i → %s", (n, words) => {
    expect(integerInWords(n)).toBe(words);
  });

  it("never produces doubled or dangling conjunctions", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 999_999_999_999_999 }), (n) => {
        const w = integerInWords(n);
        expect(w).not.toMatch(/\be e\b|^e |\be$|\s{2}|zero/);
        // "mil", never "um mil" (but "vinte e um mil")
        expect(w).not.toMatch(/(^|ão |ões )(e )?um mil\b/);
      }),
    );
  });

  it("refuses negative, fractional and too large numbers", () => {
    expect(() => integerInWords(-1)).toThrow(RangeError);
    expect(() => integerInWords(0.5)).toThrow(RangeError);
    expect(() => integerInWords(1e15)).toThrow(RangeError);
  });
});
