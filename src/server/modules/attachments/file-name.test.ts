import { describe, expect, it } from "vitest";
import { classifyContent } from "./content-type.js";
import { contentDisposition, extensionOf, normalizeFileName } from "./file-name.js";

describe("normalizeFileName", () => {
  it.each([
    ["../../etc/passwd", "passwd"],
    ["C:\\x\\y.pdf", "y.pdf"],
    ["/abs/path/nota.xml", "nota.xml"],
    ["  recibo.pdf  ", "recibo.pdf"],
    ["re\u200Bci\u200Dbo\uFEFF.pdf", "recibo.pdf"],
    ["\u2060nota\u200E.pdf", "nota.pdf"],
    ["fatura\u202Efdp.exe", "faturafdp.exe"],
    ["a\u0000b\u0007c\u001Fd\u007Fe\u0085.txt", "abcde.txt"],
    ["linha\nnova.txt", "linhanova.txt"],
    ["nota.exe.", "nota.exe"],
    ["nota.exe . .", "nota.exe"],
    ["", "arquivo"],
    ["   ", "arquivo"],
    ["..", "arquivo"],
    ["../", "arquivo"],
    ["\u200B\u200B", "arquivo"],
  ])("%j → %j", (raw, expected) => {
    expect(normalizeFileName(raw)).toBe(expected);
  });

  it("composes to NFC", () => {
    const decomposed = "Relato\u0301rio de ac\u0327o\u0303es.pdf";
    expect(normalizeFileName(decomposed)).toBe("Relatório de ações.pdf");
    expect(normalizeFileName(decomposed)).toBe("Relatório de ações.pdf".normalize("NFC"));
  });

  it("keeps at most 200 characters and the extension", () => {
    const long = `${"á".repeat(300)}.pdf`;
    const out = normalizeFileName(long);
    expect(Array.from(out)).toHaveLength(200);
    expect(out.endsWith("á.pdf")).toBe(true);
    // never cuts a surrogate pair
    const emoji = normalizeFileName(`${"😀".repeat(250)}.xlsx`);
    expect(Array.from(emoji)).toHaveLength(200);
    expect(emoji.endsWith("😀.xlsx")).toBe(true);
    expect(Buffer.from(emoji).toString()).toBe(emoji); // no lone surrogate (it would become U+FFFD)
    // a "extension" too long to be one is cut like the rest
    expect(Array.from(normalizeFileName(`a.${"b".repeat(300)}`))).toHaveLength(200);
    expect(normalizeFileName(`${"x".repeat(200)}.pdf`)).toBe(`${"x".repeat(196)}.pdf`);
  });

  it("reads the extension in lowercase", () => {
    expect(extensionOf("Nota.PDF")).toBe("pdf");
    expect(extensionOf("arquivo")).toBe("");
    expect(extensionOf(".bashrc")).toBe("");
    expect(extensionOf("a.tar.gz")).toBe("gz");
  });
});

describe("contentDisposition", () => {
  it("sends an ASCII fallback and the exact UTF-8 name", () => {
    expect(contentDisposition("Relatório de ações.pdf")).toBe(
      "attachment; filename=\"Relatorio de acoes.pdf\"; filename*=UTF-8''Relat%C3%B3rio%20de%20a%C3%A7%C3%B5es.pdf",
    );
  });
  it("escapes quotes, backslashes, percent signs and RFC 8187 specials", () => {
    expect(contentDisposition("a\"b\\c%d (1)*'.txt")).toBe(
      "attachment; filename=\"a_b_c_d (1)*'.txt\"; filename*=UTF-8''a%22b%5Cc%25d%20%281%29%2A%27.txt",
    );
    expect(contentDisposition("日本.pdf")).toMatch(
      /^attachment; filename="__\.pdf"; filename\*=UTF-8''%E6%97%A5/,
    );
  });
});

describe("classifyContent", () => {
  const png = Buffer.from(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a5e2b1a40000000049454e44ae426082",
    "hex",
  );
  const pdf = Buffer.from(
    "%PDF-1.4\n%âãÏÓ\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< >>\n%%EOF\n",
    "latin1",
  );

  it("stores the detected type", async () => {
    expect(await classifyContent("foto.png", png)).toBe("image/png");
    expect(await classifyContent("Relatório.pdf", pdf)).toBe("application/pdf");
    expect(await classifyContent("sem-extensao", png)).toBe("image/png");
  });
  it("takes text types from the extension", async () => {
    expect(await classifyContent("a.txt", Buffer.from("olá"))).toBe("text/plain");
    expect(await classifyContent("a.csv", Buffer.from("a;b\n1;2\n"))).toBe("text/csv");
    expect(await classifyContent("extrato.ofx", Buffer.from("OFXHEADER:100\nDATA:OFXSGML\n"))).toBe(
      "application/x-ofx",
    );
    expect(await classifyContent("nfe.xml", Buffer.from('<?xml version="1.0"?><nfeProc/>'))).toBe(
      "application/xml",
    );
    expect(await classifyContent("desconhecido.rem", Buffer.from("0000"))).toBe("application/octet-stream");
  });
  it("never stores HTML or SVG as such", async () => {
    expect(await classifyContent("p.html", Buffer.from("<html><script>alert(1)</script>"))).toBe(
      "application/octet-stream",
    );
    expect(await classifyContent("i.svg", Buffer.from('<?xml version="1.0"?><svg onload="alert(1)"/>'))).toBe(
      "application/octet-stream",
    );
  });
  it.each([
    ["MZ", Buffer.from("4d5a90000300000004000000ffff0000", "hex")],
    ["ELF", Buffer.from("7f454c4602010100", "hex")],
    ["Mach-O", Buffer.from("cffaedfe07000001", "hex")],
    ["shebang", Buffer.from("#!/bin/sh\nrm -rf /\n")],
  ])("refuses %s content whatever the name", async (_label, head) => {
    await expect(classifyContent("inocente.pdf", head)).rejects.toMatchObject({
      status: 415,
      code: "file_type_refused",
    });
    await expect(classifyContent("sem-extensao", head)).rejects.toMatchObject({ code: "file_type_refused" });
  });
  it("refuses content that contradicts a known extension", async () => {
    await expect(classifyContent("nota.pdf", png)).rejects.toMatchObject({
      status: 415,
      code: "file_type_mismatch",
    });
    await expect(classifyContent("nota.txt", png)).rejects.toMatchObject({ code: "file_type_mismatch" });
    await expect(classifyContent("foto.jpg", pdf)).rejects.toMatchObject({ code: "file_type_mismatch" });
    // families agree: a zip under an Office name, an xml under .ofx
    const zip = Buffer.from("504b0304140000000000", "hex");
    await expect(classifyContent("planilha.xlsx", zip)).resolves.toBe(
      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    );
    await expect(classifyContent("extrato.ofx", Buffer.from('<?xml version="1.0"?><OFX/>'))).resolves.toBe(
      "application/x-ofx",
    );
  });
});
