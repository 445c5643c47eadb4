import { describe, expect, it } from "vitest";
import { extensionOf, fileTypeRefusedMessage, isExecutableName } from "./file-types.js";

describe("isExecutableName", () => {
  it.each(["atualizador.exe", "SETUP.EXE", "script.ps1", "instalar.sh", "nota.pdf.exe", "atalho.lnk"])(
    "%s is refused",
    (name) => expect(isExecutableName(name)).toBe(true),
  );

  it.each(["extrato.csv", "balanco.pdf", "folha.xlsx", "exe", ".exe", "arquivo.", "notas.exe.pdf", "LEIAME"])(
    "%s is accepted",
    (name) => expect(isExecutableName(name)).toBe(false),
  );
});

describe("extensionOf", () => {
  it("is the lower-case text after the last dot, none for dot-files or very long ones", () => {
    expect(extensionOf("Balanço 2026.PDF")).toBe("pdf");
    expect(extensionOf(".bashrc")).toBe("");
    expect(extensionOf(`a.${"x".repeat(17)}`)).toBe("");
  });
});

it("says which file and why, in pt-BR", () => {
  expect(fileTypeRefusedMessage("a.exe")).toBe(
    'O arquivo "a.exe" não foi aceito: programas, instaladores e scripts não podem ser anexados.',
  );
});
