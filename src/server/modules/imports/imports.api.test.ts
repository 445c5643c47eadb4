import { describe, expect, it } from "vitest";
import type { ImportDto } from "../../../shared/imports.js";
import { createOffice, expectError, login, type Session, useTestApp } from "../../test/harness.js";
import {
  CLIENT_HEADERS,
  clientRows,
  cnpjFromNumber,
  csvText,
  multipartFile,
  xlsxBuffer,
  zipBuffer,
} from "./test-files.js";

const ctx = useTestApp();

function upload(s: Session, fileName: string, data: Buffer | string, kind = "clients") {
  const { body, headers } = multipartFile(fileName, data);
  return s.request("POST", `/api/imports?kind=${kind}`, body, headers);
}

async function preview(s: Session, fileName: string, data: Buffer | string, kind = "clients") {
  const res = await upload(s, fileName, data, kind);
  if (res.statusCode !== 201) throw new Error(`upload failed: ${res.statusCode} ${res.body}`);
  return res.json() as ImportDto;
}

/** "Importar": batch after batch until done, as the web page does. */
async function runAll(s: Session, id: string) {
  for (let i = 0; i < 100; i++) {
    const res = await s.post(`/api/imports/${id}/run`);
    expect(res.statusCode, res.body).toBe(200);
    const dto = res.json() as ImportDto;
    if (dto.status === "done") return dto;
  }
  throw new Error("import never finished");
}

async function clientCount(s: Session) {
  return (await s.get("/api/clients?pageSize=1")).json().total as number;
}

describe("import of clients: preview, then import, idempotent", () => {
  it("imports 200 clients from an .xlsx, and the same file again updates them (no duplicates)", async () => {
    const { staff } = await createOffice(ctx);
    const file = await xlsxBuffer([CLIENT_HEADERS, ...clientRows(200)]);
    const first = await preview(staff, "clientes.xlsx", file);
    expect(first.counts).toEqual({ total: 200, new: 200, update: 0, invalid: 0 });
    // the columns were recognised from the header
    expect(first.mapping).toMatchObject({
      name: 0,
      tradeName: 1,
      document: 2,
      emails: 3,
      phone: 4,
      taxRegime: 5,
      cityName: 6,
      cityIbgeCode: 7,
      uf: 8,
      accountant: null,
    });
    // nothing is written before "Importar"
    expect(await clientCount(staff)).toBe(0);
    const done = await runAll(staff, first.id);
    expect(done.progress).toMatchObject({ processed: 200, total: 200, created: 200, updated: 0, skipped: 0 });
    expect(await clientCount(staff)).toBe(200);
    const one = (await staff.get(`/api/clients?q=${encodeURIComponent("Empresa Importada 7 Ltda")}`)).json()
      .items[0];
    expect(one).toMatchObject({
      document: cnpjFromNumber(10_000_000 + 7 * 7919),
      taxRegime: "lucro_real",
      uf: "MG",
      cityIbgeCode: "3106200",
      cityName: "Belo Horizonte",
      emails: ["contato7@importada.com.br"],
    });

    const again = await preview(staff, "clientes.xlsx", file);
    expect(again.counts).toEqual({ total: 200, new: 0, update: 200, invalid: 0 });
    const done2 = await runAll(staff, again.id);
    expect(done2.progress).toMatchObject({ created: 0, updated: 200 });
    expect(await clientCount(staff)).toBe(200);
  });

  it("previews a Windows-1252 CSV with ';' (Domínio export): errors per row, then imports only the valid rows", async () => {
    const { staff } = await createOffice(ctx);
    const acc = (
      await staff.post("/api/accountants", {
        name: "Márcia Contadora",
        crc: "1SP123456/O-7",
        cpf: "529.982.247-25",
        email: "marcia@escritorio.com.br",
      })
    ).json();
    const good = cnpjFromNumber(55_000_001);
    const rows = [
      ["Razao Social", "CNPJ/CPF", "Contador", "Regime", "Municipio", "UF", "Codigo IBGE"],
      ["Padaria São João Ltda", good, "MARCIA CONTADORA", "simples", "São Paulo", "sp", "3550308"],
      ["Açougue Boi Bão", "11.111.111/1111-11", "", "", "", "", ""],
      ["Padaria Repetida", good, "", "", "", "", ""],
      ["Mercado Sem Contador", cnpjFromNumber(55_000_002), "Fulano de Tal", "", "", "", ""],
      ["Pessoa Física", "529.982.247-25", "1SP123456/O-7", "PF", "Rio de Janeiro", "SP", "3304557"],
      ['=HYPERLINK("http://x")', cnpjFromNumber(55_000_003), "", "Lucro Imaginário", "", "", ""],
    ];
    const latin1 = Buffer.from(csvText(rows), "latin1");
    const dto = await preview(staff, "clientes-dominio.csv", latin1);
    expect(dto.counts).toEqual({ total: 6, new: 1, update: 0, invalid: 5 });
    const byLine = new Map(dto.rows.map((r) => [r.line, r]));
    // the accents of Windows-1252 are read right
    expect(byLine.get(2)).toMatchObject({
      action: "new",
      values: { name: "Padaria São João Ltda" },
      errors: {},
    });
    expect(byLine.get(3)?.errors.document).toBe("CNPJ ou CPF inválido");
    expect(byLine.get(4)?.errors.document).toBe("CNPJ/CPF repetido no arquivo (já está na linha 2)");
    expect(byLine.get(5)?.errors.accountant).toMatch(/^Contador não encontrado: "Fulano de Tal"/);
    expect(byLine.get(6)?.errors.cityIbgeCode).toMatch(/não é de um município de SP/);
    expect(byLine.get(7)?.errors.taxRegime).toMatch(/^Regime tributário desconhecido/);
    // only the invalid rows, as the page filters them
    const invalid = (await staff.get(`/api/imports/${dto.id}?show=invalid`)).json() as ImportDto;
    expect(invalid.rows.map((r) => r.line)).toEqual([3, 4, 5, 6, 7]);

    const done = await runAll(staff, dto.id);
    expect(done.progress).toMatchObject({ created: 1, updated: 0, skipped: 5 });
    const list = (await staff.get("/api/clients")).json();
    expect(list.total).toBe(1);
    expect(list.items[0]).toMatchObject({
      name: "Padaria São João Ltda",
      document: good,
      defaultAccountant: { id: acc.id },
      taxRegime: "simples_nacional",
      uf: "SP",
    });
  });

  it("a CSV cell starting with = is data: stored as text, never evaluated", async () => {
    const { staff } = await createOffice(ctx);
    const doc = cnpjFromNumber(56_000_001);
    const dto = await preview(
      staff,
      "c.csv",
      csvText(
        [
          ["Nome", "CNPJ"],
          ["=1+1", doc],
        ],
        ",",
      ),
    );
    expect(dto.counts.new).toBe(1);
    await runAll(staff, dto.id);
    expect((await staff.get(`/api/clients?q=${doc}`)).json().items[0].name).toBe("=1+1");
  });

  it("an .xlsx cell with a formula refuses its row with a clear message; the other rows import", async () => {
    const { staff } = await createOffice(ctx);
    const file = await xlsxBuffer([
      ["Razão Social", "CNPJ"],
      ["Empresa Boa", cnpjFromNumber(57_000_001)],
      [
        { formula: 'CONCATENATE("Empresa ","Calculada")', result: "Empresa Calculada" },
        cnpjFromNumber(57_000_002),
      ],
    ]);
    const dto = await preview(staff, "f.xlsx", file);
    expect(dto.counts).toMatchObject({ new: 1, invalid: 1 });
    expect(dto.rows[1]?.errors._row).toMatch(/^Célula com fórmula \(A3\)/);
    const done = await runAll(staff, dto.id);
    expect(done.progress).toMatchObject({ created: 1, skipped: 1 });
    expect(await clientCount(staff)).toBe(1);
  });

  it("the person picks other columns; a required column left out makes every row invalid and nothing importable", async () => {
    const { staff } = await createOffice(ctx);
    const dto = await preview(
      staff,
      "x.csv",
      csvText([
        ["Coluna A", "Coluna B"],
        ["Empresa", cnpjFromNumber(58_000_001)],
      ]),
    );
    expect(dto.mapping).toMatchObject({ name: null, document: null });
    expect(dto.counts.invalid).toBe(1);
    expectError(await staff.post(`/api/imports/${dto.id}/run`), 400, "import_nothing_valid");
    expectError(
      await staff.put(`/api/imports/${dto.id}/mapping`, { mapping: { name: 0, document: 0 } }),
      400,
      "validation_failed",
      "document",
    );
    const fixed = await staff.put(`/api/imports/${dto.id}/mapping`, { mapping: { name: 0, document: 1 } });
    expect(fixed.json().counts).toMatchObject({ new: 1, invalid: 0 });
    expect((await runAll(staff, dto.id)).progress.created).toBe(1);
  });

  it("an import belongs to its office and person: others get 404, client users 403", async () => {
    const a = await createOffice(ctx);
    const b = await createOffice(ctx);
    const dto = await preview(
      a.staff,
      "c.csv",
      csvText([
        ["Nome", "CNPJ"],
        ["Empresa", cnpjFromNumber(59_000_001)],
      ]),
    );
    expectError(await b.staff.get(`/api/imports/${dto.id}`), 404, "not_found");
    expectError(await b.staff.post(`/api/imports/${dto.id}/run`), 404, "not_found");
    expectError(await a.admin.post(`/api/imports/${dto.id}/run`), 404, "not_found");
    expect(await clientCount(a.staff)).toBe(0);
    expect(await clientCount(b.staff)).toBe(0);
    const res = await a.admin.post("/api/users", {
      name: "Cliente Portal",
      email: `portal-${a.tag}@x.com.br`,
      role: "client",
      password: "uma-senha-bem-longa-9",
    });
    expect(res.statusCode).toBe(201);
    const client = await login(ctx.app, `portal-${a.tag}@x.com.br`, "uma-senha-bem-longa-9");
    expectError(
      await upload(
        client,
        "c.csv",
        csvText([
          ["Nome", "CNPJ"],
          ["E", cnpjFromNumber(1)],
        ]),
      ),
      403,
      "forbidden",
    );
  });
});

describe("import of services", () => {
  it("imports name and value; the same file again updates the price by name, no duplicates", async () => {
    const { staff } = await createOffice(ctx);
    const file = csvText([
      ["Serviço", "Valor"],
      ["Abertura de empresa", "1.500,00"],
      ["Folha de pagamento", "R$ 350,5"],
      ["IRPF", "abc"],
    ]);
    const dto = await preview(staff, "servicos.csv", file, "services");
    expect(dto.counts).toEqual({ total: 3, new: 2, update: 0, invalid: 1 });
    expect(dto.rows[2]?.errors.price).toBe('Valor inválido: "abc" (use 1.234,56)');
    await runAll(staff, dto.id);
    const again = await preview(staff, "servicos.csv", file.replace("1.500,00", "1.600,00"), "services");
    expect(again.counts).toMatchObject({ new: 0, update: 2 });
    await runAll(staff, again.id);
    const list = (await staff.get("/api/services")).json();
    expect(list.total).toBe(2);
    expect(list.items.map((s: { name: string; priceCents: number }) => [s.name, s.priceCents])).toEqual([
      ["Abertura de empresa", 160_000],
      ["Folha de pagamento", 35_050],
    ]);
  });
});

describe("bad files: a clear pt-BR error and nothing written", () => {
  it("refuses empty, header-only, malformed, UTF-16, non-spreadsheet and .xls files", async () => {
    const { staff } = await createOffice(ctx);
    expectError(await upload(staff, "vazio.csv", ""), 400, "import_empty", undefined, /vazio/);
    expectError(
      await upload(staff, "so-cabecalho.csv", "Nome;CNPJ\r\n"),
      400,
      "import_empty",
      undefined,
      /só o cabeçalho/,
    );
    expectError(
      await upload(staff, "aspas.csv", 'Nome;CNPJ\r\n"Empresa sem fim;123\r\n'),
      400,
      "import_malformed",
      undefined,
      /malformado/,
    );
    expectError(
      await upload(staff, "u16.csv", Buffer.from("\ufeffNome;CNPJ\r\n", "utf16le")),
      415,
      "import_unsupported",
      undefined,
      /UTF-16/,
    );
    const png = Buffer.from("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489", "hex");
    expectError(
      await upload(staff, "foto.png", png),
      415,
      "import_unsupported",
      undefined,
      /\.xlsx ou um arquivo \.csv/,
    );
    expectError(await upload(staff, "foto.csv", png), 415, "import_unsupported", undefined, /não é texto/);
    expectError(
      await upload(staff, "antigo.xls", Buffer.from("d0cf11e0a1b11ae1", "hex")),
      415,
      "import_unsupported",
      undefined,
      /\.xls do Excel 97-2003/,
    );
    expectError(
      await upload(staff, "falso.xlsx", "Nome;CNPJ\r\nA;1\r\n"),
      400,
      "import_bad_file",
      undefined,
      /não é uma planilha \.xlsx válida/,
    );
    expect(await clientCount(staff)).toBe(0);
  });

  it("refuses a file with 100,000 rows (over the row limit)", async () => {
    const { staff } = await createOffice(ctx);
    const lines = ["Nome;CNPJ"];
    for (let i = 0; i < 100_000; i++) lines.push(`Empresa ${i};${i}`);
    expectError(
      await upload(staff, "grande.csv", lines.join("\n")),
      400,
      "import_too_many_rows",
      undefined,
      /mais de 20\.000 linhas/,
    );
    expect(await clientCount(staff)).toBe(0);
  });

  it("refuses a 50 MB file with 413 and the import limit", async () => {
    const { staff } = await createOffice(ctx);
    const big = Buffer.alloc(50 * 1024 * 1024, "a");
    expectError(
      await upload(staff, "enorme.csv", big),
      413,
      "file_too_large",
      undefined,
      /limite de 10 MB para importação/,
    );
  });

  it("refuses a zip bomb disguised as .xlsx: by ratio, by total size, and when the directory lies", async () => {
    const { staff } = await createOffice(ctx);
    const workbook = { name: "xl/workbook.xml", data: Buffer.from("<workbook/>") };
    const zeros = Buffer.alloc(20 * 1024 * 1024);
    // 20 MB of zeros deflate to ~20 KB: a ratio no spreadsheet has
    const ratio = zipBuffer([workbook, { name: "xl/worksheets/sheet1.xml", data: zeros }]);
    expectError(
      await upload(staff, "bomba.xlsx", ratio),
      400,
      "import_zip_bomb",
      undefined,
      /recusado por segurança/,
    );
    // the directory declares a tiny size, the data inflates to 20 MB: caught while counting the real bytes
    const liar = zipBuffer([workbook, { name: "xl/worksheets/sheet1.xml", data: zeros, declaredSize: 1000 }]);
    expectError(await upload(staff, "mentira.xlsx", liar), 400, "import_zip_bomb");
    // too many entries
    const many = zipBuffer(
      Array.from({ length: 1500 }, (_, i) => ({ name: `xl/x${i}.xml`, data: Buffer.from("x") })),
    );
    expectError(await upload(staff, "muitos.xlsx", many), 400, "import_zip_bomb");
    expect(await clientCount(staff)).toBe(0);
  });
});
