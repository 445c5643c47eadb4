import type { Readable } from "node:stream";
import type { FastifyRequest } from "fastify";
import { ATTACHMENT_UPLOAD_FIELD, type UploadLimits } from "../../../shared/api.js";
import { AppError } from "../../lib/errors.js";
import type { BlobStore } from "../../storage/index.js";
import { assertExtensionAllowed, classifyContent, HEAD_BYTES } from "./content-type.js";
import { fileTooLarge, requestTooLarge, tooManyFiles } from "./errors.js";
import { normalizeFileName } from "./file-name.js";

/** A file of the request, already in the blob store; its row is written by the command. */
export interface ReceivedFile {
  name: string;
  sha256: string;
  sizeBytes: number;
  mime: string;
}

/** Headers and boundaries of the parts, on top of the files themselves. */
const MULTIPART_OVERHEAD_BYTES = 64 * 1024;

/** What the busboy file stream adds to a Readable. */
type PartStream = Readable & { truncated?: boolean };

/**
 * Streams the files of a multipart upload (field "files") into the blob store, checking names,
 * types and limits on the way. Nothing is buffered whole: only the first bytes of each file, for the
 * type check. Throws on the first refused file; blobs already stored stay as harmless orphans and no
 * row is written, because rows are written only after every file arrived.
 */
export async function receiveFiles(
  request: FastifyRequest,
  store: BlobStore,
  limits: UploadLimits,
): Promise<ReceivedFile[]> {
  if (!request.isMultipart()) {
    throw new AppError(
      415,
      "unsupported_media_type",
      `Envie os arquivos como multipart/form-data, no campo "${ATTACHMENT_UPLOAD_FIELD}".`,
    );
  }
  const declared = Number(request.headers["content-length"]);
  if (Number.isFinite(declared) && declared > limits.maxRequestBytes + MULTIPART_OVERHEAD_BYTES) {
    throw requestTooLarge(limits.maxRequestBytes);
  }

  const received: ReceivedFile[] = [];
  const usage = { total: 0 };
  try {
    for await (const part of request.files()) {
      if (part.fieldname !== ATTACHMENT_UPLOAD_FIELD) {
        throw new AppError(
          400,
          "validation_failed",
          `Envie os arquivos no campo "${ATTACHMENT_UPLOAD_FIELD}".`,
          { [part.fieldname || "_"]: "Campo inesperado" },
        );
      }
      if (received.length >= limits.maxFilesPerRequest) throw tooManyFiles(limits.maxFilesPerRequest);
      const name = normalizeFileName(part.filename);
      assertExtensionAllowed(name);
      const check = { mime: "" };
      const blob = await store.put(inspect(part.file as PartStream, name, limits, usage, check));
      // a browser sends an empty part when no file was chosen: not a file
      if (blob.size === 0 && !part.filename) continue;
      received.push({ name, sha256: blob.sha256, sizeBytes: blob.size, mime: check.mime });
    }
  } catch (err) {
    throw multipartError(err, limits);
  }
  if (received.length === 0) {
    throw new AppError(400, "validation_failed", "Selecione pelo menos um arquivo.", {
      [ATTACHMENT_UPLOAD_FIELD]: "Selecione pelo menos um arquivo",
    });
  }
  return received;
}

/**
 * The bytes of one file on their way to the store: holds back the first HEAD_BYTES until the type
 * check passed, counts the file and the request against the limits, and fails (so the store keeps
 * nothing) on the first violation.
 */
async function* inspect(
  file: PartStream,
  name: string,
  limits: UploadLimits,
  usage: { total: number },
  out: { mime: string },
): AsyncGenerator<Buffer> {
  let head: Buffer[] = [];
  let headSize = 0;
  let checked = false;
  let size = 0;
  const check = async () => {
    const start = Buffer.concat(head, headSize);
    out.mime = await classifyContent(name, start.subarray(0, HEAD_BYTES));
    checked = true;
    head = [];
    return start;
  };
  for await (const chunk of file as AsyncIterable<Buffer>) {
    size += chunk.length;
    usage.total += chunk.length;
    if (size > limits.maxFileBytes) throw fileTooLarge(name, limits.maxFileBytes);
    if (usage.total > limits.maxRequestBytes) throw requestTooLarge(limits.maxRequestBytes);
    if (checked) {
      yield chunk;
      continue;
    }
    head.push(chunk);
    headSize += chunk.length;
    if (headSize >= HEAD_BYTES) yield await check();
  }
  // busboy stops at the size limit and marks the stream truncated
  if (file.truncated) throw fileTooLarge(name, limits.maxFileBytes);
  if (!checked) {
    const start = await check();
    if (start.length > 0) yield start;
  }
}

/** The errors of @fastify/multipart's limits, as our 413 with the limit named. */
function multipartError(err: unknown, limits: UploadLimits): unknown {
  if (err instanceof AppError) return err;
  const code = (err as { code?: string }).code;
  if (code === "FST_FILES_LIMIT" || code === "FST_PARTS_LIMIT")
    return tooManyFiles(limits.maxFilesPerRequest);
  if (code === "FST_REQ_FILE_TOO_LARGE") {
    const part = (err as { part?: { filename?: string } }).part;
    return fileTooLarge(normalizeFileName(part?.filename), limits.maxFileBytes);
  }
  return err;
}
