import { randomUUID } from "node:crypto";
import type { Session } from "./harness.js";

export interface FilePart {
  name: string;
  data: Buffer | string;
  type?: string;
}

/** A multipart/form-data body of files (field "files") built by hand, as a browser sends it. */
export function multipart(files: FilePart[]) {
  const boundary = `----AtendeBoundary${randomUUID().replaceAll("-", "")}`;
  const chunks: Buffer[] = [];
  for (const f of files) {
    chunks.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="${f.name}"\r\n` +
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

/** POST the files to the atendimento's Arquivos ("form") or through its chat ("chat"). */
export function uploadFiles(s: Session, ticketId: string, files: FilePart[], via: "form" | "chat" = "form") {
  const { body, headers } = multipart(files);
  const url =
    via === "form" ? `/api/tickets/${ticketId}/attachments` : `/api/tickets/${ticketId}/messages/files`;
  return s.request("POST", url, body, headers);
}
