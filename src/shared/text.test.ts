import { describe, expect, it } from "vitest";
import type { z } from "zod";
import {
  clientSchema,
  messageCreateSchema,
  pageQuerySchema,
  paymentSchema,
  ticketInputSchema,
  userCreateSchema,
} from "./api.js";
import {
  findForbiddenText,
  hasForbiddenChars,
  multiLineString,
  normalizeMultiLine,
  normalizeSingleLine,
  secretString,
  singleLineForDisplay,
  singleLineString,
} from "./text.js";

const firstMessage = (r: z.ZodSafeParseResult<unknown>) => (r.success ? null : r.error.issues[0]?.message);

describe("hasForbiddenChars", () => {
  it.each([
    ["\ud800", "lone high surrogate"],
    ["a\ud83d", "high surrogate at the end"],
    ["\udc00b", "lone low surrogate"],
    ["\udc00\ud800", "pair in the wrong order"],
    ["a\u0000b", "NUL"],
    ["\u0007", "BEL"],
    ["\u001b[31m", "ESC"],
    ["\u007f", "DEL"],
    ["\u0080", "C1 PAD"],
    ["\u009b", "C1 CSI"],
  ])("refuses %j (%s)", (s) => {
    expect(hasForbiddenChars(s)).toBe(true);
  });

  it.each([
    ["Padaria Pão Dourado", "accents"],
    ["😀 emoji \ud83d\ude00", "a surrogate pair"],
    ["a\tb\nc\r\nd\ve\ff\u0085g\u2028h\u2029", "line layout"],
    ["Ação ﬁ 中文 \u00a0", "other Unicode"],
    ["", "empty"],
  ])("accepts %j (%s)", (s) => {
    expect(hasForbiddenChars(s)).toBe(false);
  });
});

describe("normalizeSingleLine", () => {
  it.each([
    ["Padaria\r\nPão", "Padaria Pão"],
    ["Padaria \r\n Pão", "Padaria Pão"],
    ["a\tb", "a b"],
    ["a\n\n\nb", "a b"],
    ["a\u2028b\u0085c\u2029d\ve\ff", "a b c d e f"],
    ["\nlinha\n", " linha "],
    ["sem quebra  dois espaços", "sem quebra  dois espaços"],
  ])("%j → %j", (input, out) => {
    expect(normalizeSingleLine(input)).toBe(out);
  });
});

describe("normalizeMultiLine", () => {
  it.each([
    ["a\r\nb", "a\nb"],
    ["a\rb", "a\nb"],
    ["a\r\n\r\nb", "a\n\nb"],
    ["a\u2028b\u2029c\u0085d\ve\ff", "a\nb\nc\nd\ne\nf"],
    ["col1\tcol2\nx", "col1\tcol2\nx"],
  ])("%j → %j", (input, out) => {
    expect(normalizeMultiLine(input)).toBe(out);
  });
});

describe("singleLineForDisplay (text stored before the rule)", () => {
  it("drops refused characters and joins lines", () => {
    expect(singleLineForDisplay(" Padaria\r\nPão\u0000 Dourado\u0007 \ud800Ltda\n")).toBe(
      "Padaria Pão Dourado Ltda",
    );
  });
});

describe("schema builders", () => {
  const name = singleLineString("o nome").trim().min(1, "Informe o nome").max(10, "Nome longo");
  const body = multiLineString("a mensagem").trim();
  const secret = secretString("a senha");

  it("refuses with the field's pt-BR message, and only that message", () => {
    const r = name.safeParse("\ud800");
    expect(r.success).toBe(false);
    expect(r.success ? [] : r.error.issues.map((i) => i.message)).toEqual([
      "Nome contém caracteres não permitidos",
    ]);
    expect(firstMessage(body.safeParse("oi\u0000"))).toBe("Mensagem contém caracteres não permitidos");
    expect(firstMessage(secret.safeParse("senha\ud83d"))).toBe("Senha contém caracteres não permitidos");
  });

  it("normalises before trimming and measuring", () => {
    expect(name.parse("\r\nAna\r\nLu\t")).toBe("Ana Lu");
    expect(body.parse("\r\nlinha 1\r\nlinha 2\r\n")).toBe("linha 1\nlinha 2");
  });

  it("never changes a password", () => {
    expect(secret.parse(" a\tb\r\n ")).toBe(" a\tb\r\n ");
  });
});

describe("the API contract uses the rule", () => {
  const ticket = {
    requesterId: "00000000-0000-4000-8000-000000000001",
    serviceId: "00000000-0000-4000-8000-000000000002",
    assigneeId: "00000000-0000-4000-8000-000000000003",
    subject: "Assunto",
    description: "",
    amountCents: 0,
  };

  it("atendimento: subject is one line, description keeps its lines", () => {
    const r = ticketInputSchema.parse({ ...ticket, subject: "IRPF\r\n2026", description: "a\r\nb" });
    expect(r.subject).toBe("IRPF 2026");
    expect(r.description).toBe("a\nb");
    expect(firstMessage(ticketInputSchema.safeParse({ ...ticket, subject: "a\ud83d" }))).toBe(
      "Assunto contém caracteres não permitidos",
    );
    expect(firstMessage(ticketInputSchema.safeParse({ ...ticket, description: "\ud800" }))).toBe(
      "Descrição contém caracteres não permitidos",
    );
  });

  it("client: name normalised, e-mails and optional fields checked", () => {
    const base = { name: "X", document: "529.982.247-25" };
    expect(clientSchema.parse({ ...base, name: "Padaria\r\nPão Dourado" }).name).toBe("Padaria Pão Dourado");
    expect(firstMessage(clientSchema.safeParse({ ...base, tradeName: "\u0000" }))).toBe(
      "Nome fantasia contém caracteres não permitidos",
    );
    expect(firstMessage(clientSchema.safeParse({ ...base, emails: ["a\ud800@b.com"] }))).toBe(
      "E-mail contém caracteres não permitidos",
    );
  });

  it("an optional password answers with its own message, not the union's", () => {
    const user = { name: "Ana", email: "ana@teste.com.br", role: "staff" };
    expect(userCreateSchema.parse({ ...user, password: "" }).password).toBeUndefined();
    expect(userCreateSchema.parse(user).password).toBeUndefined();
    expect(firstMessage(userCreateSchema.safeParse({ ...user, password: "curta" }))).toBe(
      "A senha deve ter pelo menos 8 caracteres",
    );
    expect(firstMessage(userCreateSchema.safeParse({ ...user, password: "senha-forte-\ud800" }))).toBe(
      "Senha contém caracteres não permitidos",
    );
  });

  it("chat message, payment note and search", () => {
    expect(firstMessage(messageCreateSchema.safeParse({ body: "oi\ud800" }))).toBe(
      "Mensagem contém caracteres não permitidos",
    );
    expect(messageCreateSchema.parse({ body: "oi\r\ntchau" }).body).toBe("oi\ntchau");
    expect(
      firstMessage(
        paymentSchema.safeParse({ amountCents: 1, paidOn: "2026-01-01", method: "pix", note: "\u0000" }),
      ),
    ).toBe("Observação contém caracteres não permitidos");
    expect(firstMessage(pageQuerySchema.safeParse({ q: "\ud800" }))).toBe(
      "Busca contém caracteres não permitidos",
    );
  });
});

describe("findForbiddenText", () => {
  it("names the path of the first refused string, in objects and arrays", () => {
    expect(findForbiddenText({ a: "ok", b: [1, "x", { c: "\u0000" }] })).toBe("b.2.c");
    expect(findForbiddenText("\ud800")).toBe("_");
    expect(findForbiddenText({ a: "ok\nfine", n: null, d: 1, t: true })).toBeNull();
  });
});
