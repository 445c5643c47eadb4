/**
 * The one way the web app talks to the API: JSON over fetch, same-origin cookies, the CSRF token on
 * every non-GET request, and typed errors (`ApiError`) built from the API's `ApiErrorBody`.
 */
import type { ApiErrorBody, SessionState } from "../../shared/api.js";

export class ApiError extends Error {
  override readonly name = "ApiError";
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields?: Record<string, string>,
  ) {
    super(message);
  }
}

export function isApiError(e: unknown): e is ApiError {
  return e instanceof ApiError;
}

/** A pt-BR message for any error, to show to a person. */
export function errorMessage(e: unknown): string {
  if (e instanceof ApiError) return e.message;
  return "Ocorreu um erro inesperado. Tente novamente.";
}

let csrfToken: string | null = null;
let onUnauthorized: (() => void) | null = null;

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** The session's CSRF token, for requests made outside `request` (uploads with XMLHttpRequest). */
export function getCsrfToken(): string | null {
  return csrfToken;
}

/** Called when any request (except those that opt out) answers 401: the session is gone. */
export function setUnauthorizedHandler(handler: (() => void) | null): void {
  onUnauthorized = handler;
}

/** Tells the app the session is gone (for requests made outside `request`). */
export function notifyUnauthorized(): void {
  onUnauthorized?.();
}

type Query = Record<string, string | number | boolean | null | undefined | readonly string[]>;

export interface RequestOptions {
  query?: Query;
  body?: unknown;
  signal?: AbortSignal;
  /** false for requests where 401 is an expected answer (login, the first /me) */
  redirectOn401?: boolean;
}

export function buildQuery(query: Query | undefined): string {
  if (!query) return "";
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === "") continue;
    if (Array.isArray(value)) {
      if (value.length > 0) params.set(key, value.join(","));
    } else {
      params.set(key, String(value));
    }
  }
  const s = params.toString();
  return s ? `?${s}` : "";
}

const FALLBACK_MESSAGES: Record<number, string> = {
  400: "Requisição inválida.",
  401: "Sua sessão expirou. Entre novamente.",
  403: "Você não tem permissão para fazer isso.",
  404: "Não encontrado.",
  409: "Este registro foi alterado por outra pessoa. Recarregue os dados.",
  413: "Arquivo ou conteúdo grande demais.",
  422: "Verifique os campos destacados.",
  429: "Muitas tentativas. Aguarde um pouco e tente novamente.",
};

function isErrorBody(v: unknown): v is ApiErrorBody {
  if (typeof v !== "object" || v === null || !("error" in v)) return false;
  const err = (v as { error: unknown }).error;
  return (
    typeof err === "object" &&
    err !== null &&
    typeof (err as { message?: unknown }).message === "string" &&
    typeof (err as { code?: unknown }).code === "string"
  );
}

/** The ApiError of an answer whose body was already parsed (null when it was not JSON). */
export function apiErrorFrom(status: number, body: unknown): ApiError {
  if (isErrorBody(body)) {
    return new ApiError(status, body.error.code, body.error.message, body.error.fields);
  }
  const message =
    FALLBACK_MESSAGES[status] ??
    (status >= 500
      ? "O servidor encontrou um erro. Tente novamente em instantes."
      : `Erro inesperado (${status}).`);
  return new ApiError(status, `http_${status}`, message);
}

async function toApiError(res: Response): Promise<ApiError> {
  let body: unknown = null;
  try {
    body = await res.json();
  } catch {
    // not JSON (proxy error page, empty body): fall back to a message per status
  }
  return apiErrorFrom(res.status, body);
}

async function send(method: string, path: string, options: RequestOptions): Promise<Response> {
  const headers: Record<string, string> = { accept: "application/json" };
  // a FormData body (a file upload) sets its own multipart content type with the boundary
  const isForm = typeof FormData !== "undefined" && options.body instanceof FormData;
  if (options.body !== undefined && !isForm) headers["content-type"] = "application/json";
  if (method !== "GET" && csrfToken) headers["x-csrf-token"] = csrfToken;
  try {
    return await fetch(`${path}${buildQuery(options.query)}`, {
      method,
      headers,
      credentials: "same-origin",
      body:
        options.body === undefined
          ? undefined
          : isForm
            ? (options.body as FormData)
            : JSON.stringify(options.body),
      signal: options.signal,
    });
  } catch (e) {
    if (e instanceof DOMException && e.name === "AbortError") throw e;
    throw new ApiError(0, "network_error", "Não foi possível conectar ao servidor. Verifique sua conexão.");
  }
}

/** Gets a fresh CSRF token from the session (after it rotated, e.g. a login in another tab). */
export async function refreshCsrfToken(): Promise<boolean> {
  const res = await send("GET", "/api/auth/me", {});
  if (!res.ok) return false;
  const session = (await res.json()) as SessionState;
  setCsrfToken(session.csrfToken);
  return session.csrfToken !== null;
}

export async function request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  let res = await send(method, path, options);
  if (res.status === 403 && method !== "GET") {
    const err = await toApiError(res.clone());
    if (/csrf/i.test(err.code) && (await refreshCsrfToken())) res = await send(method, path, options);
  }
  if (!res.ok) {
    const err = await toApiError(res);
    if (err.status === 401 && options.redirectOn401 !== false) onUnauthorized?.();
    throw err;
  }
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

export const api = {
  get: <T>(path: string, options?: Omit<RequestOptions, "body">) => request<T>("GET", path, options),
  post: <T>(path: string, body?: unknown, options?: RequestOptions) =>
    request<T>("POST", path, { ...options, body }),
  put: <T>(path: string, body: unknown, options?: RequestOptions) =>
    request<T>("PUT", path, { ...options, body }),
  patch: <T>(path: string, body: unknown, options?: RequestOptions) =>
    request<T>("PATCH", path, { ...options, body }),
  delete: <T>(path: string, options?: RequestOptions) => request<T>("DELETE", path, options),
};
