/**
 * Uploads with XMLHttpRequest, the one browser API that reports upload progress: multipart/form-data
 * in the field the API reads (`files`), the session cookie (same origin) and the CSRF token, with
 * the API's typed errors (413 too large, 415 type refused, 409 closed atendimento) as `ApiError`.
 */
import { ATTACHMENT_UPLOAD_FIELD, type AttachmentDto, type ChatFilesResult } from "../../../shared/api.js";
import {
  ApiError,
  apiErrorFrom,
  getCsrfToken,
  notifyUnauthorized,
  refreshCsrfToken,
} from "../../api/client.js";

export interface UploadRequest {
  ticketId: string;
  files: readonly File[];
  /** bytes of the request body sent so far, of `total` */
  onProgress?: (loaded: number, total: number) => void;
  signal?: AbortSignal;
}

function parseJson(text: string): unknown {
  if (!text) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

function sendOnce(url: string, req: UploadRequest): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    if (req.signal?.aborted) {
      reject(new DOMException("Envio cancelado", "AbortError"));
      return;
    }
    const form = new FormData();
    for (const file of req.files) form.append(ATTACHMENT_UPLOAD_FIELD, file, file.name);

    const xhr = new XMLHttpRequest();
    xhr.open("POST", url);
    // same origin: the session cookie goes without withCredentials
    xhr.setRequestHeader("accept", "application/json");
    const token = getCsrfToken();
    if (token) xhr.setRequestHeader("x-csrf-token", token);

    const onAbort = () => xhr.abort();
    req.signal?.addEventListener("abort", onAbort, { once: true });
    const done = () => req.signal?.removeEventListener("abort", onAbort);

    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) req.onProgress?.(e.loaded, e.total);
    };
    xhr.onload = () => {
      done();
      resolve({ status: xhr.status, body: parseJson(xhr.responseText) });
    };
    xhr.onerror = () => {
      done();
      reject(
        new ApiError(
          0,
          "network_error",
          "Não foi possível enviar o arquivo. Verifique sua conexão e tente novamente.",
        ),
      );
    };
    xhr.onabort = () => {
      done();
      reject(new DOMException("Envio cancelado", "AbortError"));
    };
    xhr.send(form);
  });
}

async function send(url: string, req: UploadRequest): Promise<unknown> {
  let res = await sendOnce(url, req);
  if (res.status === 403) {
    // the CSRF token rotated (a login in another tab): get the current one and try once more
    const err = apiErrorFrom(res.status, res.body);
    if (/csrf/i.test(err.code) && (await refreshCsrfToken())) res = await sendOnce(url, req);
  }
  if (res.status >= 200 && res.status < 300) return res.body;
  const err = apiErrorFrom(res.status, res.body);
  if (err.status === 401) notifyUnauthorized();
  throw err;
}

/**
 * Attaches the files to the atendimento (Arquivos, office staff only) in one request; resolves with
 * the stored files, rejects with an ApiError.
 */
export async function uploadAttachments(req: UploadRequest): Promise<AttachmentDto[]> {
  const body = await send(`/api/tickets/${encodeURIComponent(req.ticketId)}/attachments`, req);
  return (body ?? []) as AttachmentDto[];
}

/** Sends the files in the chat (office and client users): the stored files and their message. */
export async function uploadChatFiles(req: UploadRequest): Promise<ChatFilesResult> {
  return (await send(
    `/api/tickets/${encodeURIComponent(req.ticketId)}/messages/files`,
    req,
  )) as ChatFilesResult;
}
