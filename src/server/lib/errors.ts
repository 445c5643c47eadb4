/** Typed errors with a stable code, an HTTP status and a pt-BR message for people. */
export class AppError extends Error {
  constructor(
    public readonly status: number,
    public readonly code: string,
    message: string,
    public readonly fields?: Record<string, string>,
  ) {
    super(message);
    this.name = "AppError";
  }
}

export const notFound = (what = "Registro") => new AppError(404, "not_found", `${what} não encontrado.`);
export const unauthenticated = () =>
  new AppError(401, "unauthenticated", "Sua sessão expirou ou você não está conectado. Entre novamente.");
export const forbidden = (msg = "Você não tem permissão para esta ação.") =>
  new AppError(403, "forbidden", msg);
export const conflict = (code: string, msg: string) => new AppError(409, code, msg);
export const invalid = (fields: Record<string, string>, msg = "Verifique os campos destacados.") =>
  new AppError(400, "validation_failed", msg, fields);

export const staleVersion = () =>
  conflict(
    "stale_version",
    "Este atendimento foi alterado por outra pessoa depois que você o abriu. Recarregue para ver a versão atual; nada foi sobrescrito.",
  );

/** seconds a client is told to wait (Retry-After) when the database is away */
export const DATABASE_RETRY_AFTER_SECONDS = 5;
export const databaseUnavailable = () =>
  new AppError(
    503,
    "database_unavailable",
    "Banco de dados indisponível no momento. Tente novamente em instantes.",
  );

/** the file store (S3) did not answer: nothing was written */
export const storageUnavailable = () =>
  new AppError(
    503,
    "storage_unavailable",
    "O armazenamento de arquivos está indisponível no momento. Nada foi gravado; tente novamente em instantes.",
  );
