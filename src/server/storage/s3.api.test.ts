import { createHash, randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { ListObjectsV2Command } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AttachmentDto, ChatFilesResult, MessageDto } from "../../shared/api.js";
import { buildApp } from "../app.js";
import { startServices } from "../bootstrap.js";
import type { Config, S3Config } from "../config.js";
import { connectPostgres } from "../db/client.js";
import {
  createOffice,
  createRegistry,
  createTicket,
  createUser,
  expectError,
  Session,
  TEST_DB,
  useTestApp,
} from "../test/harness.js";
import { uploadFiles } from "../test/multipart.js";
import { startTestS3, type TestS3Server } from "../test/s3-server.js";
import { S3BlobStore, s3ClientFor } from "./s3.js";

let s3: TestS3Server;
beforeAll(async () => {
  s3 = await startTestS3(["atende"]);
});
afterAll(async () => {
  await s3?.close();
});

const dataDir = mkdtempSync(path.join(tmpdir(), "atende-s3-app-"));
const ctx = useTestApp({
  dataDir,
  // read when the app starts, after the S3 server above
  get storage() {
    return s3.config();
  },
} as Partial<Config>);
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

const sha256 = (b: Buffer) => createHash("sha256").update(b).digest("hex");
const randomData = (size: number) => Buffer.concat([Buffer.from("ATENDE-TEST-DATA\n"), randomBytes(size)]);
const PDF = Buffer.from(
  "%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n",
  "latin1",
);

async function bucketKeys(prefix = ""): Promise<string[]> {
  const out = await s3ClientFor(s3.config()).send(
    new ListObjectsV2Command({ Bucket: "atende", Prefix: prefix }),
  );
  return (out.Contents ?? []).map((o) => o.Key ?? "").sort();
}

/** A port where nothing listens: the object store is down. */
async function deadEndpoint(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return `http://127.0.0.1:${port}`;
}

async function setup() {
  const o = await createOffice(ctx);
  const reg = await createRegistry(o.staff);
  const ticket = await createTicket(o.staff, reg);
  return { ...o, reg, ticket };
}

describe("files in S3-compatible storage (STORAGE=s3)", () => {
  it("keeps uploads in the bucket under their sha256, nothing on the local disk; downloads as before", async () => {
    const { staff, ticket } = await setup();
    const data = randomData(300 * 1024);
    const res = await uploadFiles(staff, ticket.id, [
      { name: "balancete.bin", data },
      { name: "Relatório.pdf", data: PDF, type: "application/pdf" },
      { name: "pagina.html", data: "<html><script>alert(1)</script></html>", type: "text/html" },
    ]);
    expect(res.statusCode).toBe(201);
    const [bin, pdf, html] = res.json() as AttachmentDto[];
    const keys = await bucketKeys("blobs/");
    for (const b of [data, PDF])
      expect(keys).toContain(`blobs/${sha256(b).slice(0, 2)}/${sha256(b).slice(2, 4)}/${sha256(b)}`);
    expect(await bucketKeys("tmp/")).toEqual([]);
    expect(existsSync(path.join(dataDir, "files"))).toBe(false);

    const got = await staff.get(`/api/attachments/${bin?.id}/download`);
    expect(got.statusCode).toBe(200);
    expect(got.rawPayload.equals(data)).toBe(true);
    expect(got.headers["content-length"]).toBe(String(data.length));
    const p = await staff.get(`/api/attachments/${pdf?.id}/download`);
    expect(p.headers["content-type"]).toBe("application/pdf");
    expect(p.headers["content-disposition"]).toMatch(/^attachment; filename="Relatorio.pdf"/);
    expect(p.headers["cache-control"]).toBe("private, no-store");
    const h = await staff.get(`/api/attachments/${html?.id}/download`);
    expect(h.headers["content-type"]).toBe("application/octet-stream");
    expect(h.headers["content-disposition"]).toMatch(/^attachment;/);

    // authorised exactly as before: another office gets a 404, and no bytes
    const other = await createOffice(ctx, "Outro Escritório");
    expectError(await other.staff.get(`/api/attachments/${bin?.id}/download`), 404, "not_found");
  });

  it("answers 503 and writes nothing when the object store is down during an upload or a download", async () => {
    const { staff, ticket } = await setup();
    const ok = await uploadFiles(staff, ticket.id, [
      { name: "antes.pdf", data: PDF, type: "application/pdf" },
    ]);
    expect(ok.statusCode).toBe(201);
    const before = await bucketKeys();
    const down: S3Config = { ...s3.config(), endpoint: await deadEndpoint() };
    const app = await buildApp({
      config: { ...ctx.config, storage: down },
      database: ctx.database,
      jobs: ctx.services.jobs,
      secretKey: ctx.services.secretKey,
      bus: ctx.services.bus,
      blobStore: new S3BlobStore({ client: s3ClientFor(down), bucket: "atende", endpoint: down.endpoint }),
    });
    try {
      const viaDown = new Session(app, staff.user, staff.cookie, staff.csrfToken);
      for (const via of ["form", "chat"] as const) {
        const res = await uploadFiles(
          viaDown,
          ticket.id,
          [{ name: "contrato.bin", data: randomData(50_000) }],
          via,
        );
        expectError(res, 503, "storage_unavailable");
        expect(res.json().error.message).toBe(
          "O armazenamento de arquivos está indisponível no momento. Nada foi gravado; tente novamente em instantes.",
        );
        expect(res.headers["retry-after"]).toBe("5");
      }
      const [saved] = ok.json() as AttachmentDto[];
      expectError(await viaDown.get(`/api/attachments/${saved?.id}/download`), 503, "storage_unavailable");
    } finally {
      await app.close();
    }
    // no row, no history event, no chat message, no object
    const files = (await staff.get(`/api/tickets/${ticket.id}/attachments`)).json() as AttachmentDto[];
    expect(files.map((f) => f.name)).toEqual(["antes.pdf"]);
    const messages = (await staff.get(`/api/tickets/${ticket.id}/messages`)).json() as MessageDto[];
    expect(messages).toEqual([]);
    const events = (await staff.get(`/api/tickets/${ticket.id}/history`)).json() as { type: string }[];
    expect(events.filter((e) => e.type === "attachment_added")).toHaveLength(1);
    expect(await bucketKeys()).toEqual(before);
  });

  it("refuses to start with wrong credentials, a missing bucket or an unreachable endpoint, naming the setting", async () => {
    const start = (storage: S3Config) =>
      startServices({ ...ctx.config, storage }, ctx.database, {
        ephemeral: true,
        listenUrl: process.env.TEST_DATABASE_URL,
      });
    await expect(
      start({ ...s3.config(), credentials: { accessKeyId: "ERRADA", secretAccessKey: "x" } }),
    ).rejects.toThrow(
      /^S3_ACCESS_KEY_ID \/ S3_SECRET_ACCESS_KEY: o armazenamento em http:\/\/127\.0\.0\.1:\d+ recusou as credenciais para o bucket "atende"/,
    );
    await expect(start(s3.config("nao-existe"))).rejects.toThrow(
      /^S3_BUCKET: o bucket "nao-existe" não existe em http:\/\/127\.0\.0\.1:\d+\. Crie-o antes de iniciar o Atende\.$/,
    );
    await expect(start({ ...s3.config(), endpoint: await deadEndpoint() })).rejects.toThrow(
      /^S3_ENDPOINT: não foi possível acessar o armazenamento em http:\/\/127\.0\.0\.1:\d+ \(ECONNREFUSED/,
    );
  });

  it.skipIf(TEST_DB !== "postgres")(
    "two instances on one PostgreSQL and one bucket: a file sent through A is in the chat and downloads through B",
    async () => {
      const { admin, staff, reg, ticket } = await setup();
      // the company's client user, who sends the file through the chat (the portal)
      const { user, session: client } = await createUser(ctx, admin, "client");
      expect(
        (await admin.put(`/api/users/${user.id}/clients`, { clientIds: [reg.client.id] })).statusCode,
      ).toBe(200);
      // instance B: its own connection, services, data directory (nothing shared on disk) and S3 client
      const dataDirB = mkdtempSync(path.join(tmpdir(), "atende-s3-b-"));
      const database = connectPostgres(process.env.TEST_DATABASE_URL as string, 2);
      const config: Config = { ...ctx.config, dataDir: dataDirB, storage: s3.config() };
      const services = await startServices(config, database, {
        ephemeral: true,
        listenUrl: process.env.TEST_DATABASE_URL,
      });
      const appB = await buildApp({ config, database, ...services });
      try {
        const data = randomData(200 * 1024);
        const sent = await uploadFiles(client, ticket.id, [{ name: "extrato-outubro.ofx", data }], "chat");
        expect(sent.statusCode, sent.body).toBe(201);
        const { attachments, message } = sent.json() as ChatFilesResult;

        const b = new Session(appB, staff.user, staff.cookie, staff.csrfToken);
        const chat = await b.get(`/api/tickets/${ticket.id}/messages`);
        expect(chat.statusCode).toBe(200);
        expect((chat.json() as MessageDto[]).map((m) => m.id)).toEqual([message.id]);
        expect(message.body).toContain("extrato-outubro.ofx");
        const listed = (await b.get(`/api/tickets/${ticket.id}/attachments`)).json() as AttachmentDto[];
        expect(listed.map((a) => a.id)).toEqual([attachments[0]?.id]);
        const got = await b.get(`/api/attachments/${attachments[0]?.id}/download`);
        expect(got.statusCode).toBe(200);
        expect(got.rawPayload.equals(data)).toBe(true);
        expect(got.headers["content-disposition"]).toMatch(/^attachment; filename="extrato-outubro.ofx"/);
        expect(existsSync(path.join(dataDirB, "files"))).toBe(false);
      } finally {
        await appB.close();
        await services.stop();
        await database.close();
        rmSync(dataDirB, { recursive: true, force: true });
      }
    },
  );
});
