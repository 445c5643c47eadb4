/**
 * Why a backup or a restore stopped, for the operator (pt-BR). The CLI prints the message and exits
 * with a code ≠ 0; `code` is stable for tests and scripts.
 */
export class BackupError extends Error {
  constructor(
    public readonly code:
      | "corrupt_archive"
      | "newer_format"
      | "wrong_database_kind"
      | "target_not_empty"
      | "database_in_use"
      | "nothing_to_back_up"
      | "tool_missing"
      | "tool_failed"
      | "verification_failed"
      | "secret_key_mismatch"
      | "s3_storage",
    message: string,
  ) {
    super(message);
    this.name = "BackupError";
  }
}

/**
 * With STORAGE=s3 the files are in the bucket, not in DATA_DIR/files: an archive of the database
 * alone would restore rows pointing at files it does not hold, so backup and restore refuse.
 */
export function refuseS3Storage(storage: { kind: string; bucket?: string } | undefined): void {
  if (storage?.kind !== "s3") return;
  throw new BackupError(
    "s3_storage",
    `Com STORAGE=s3 os arquivos ficam no bucket "${storage.bucket}", fora do alcance de npm run backup/restore (que guardam o banco e DATA_DIR/files): nada foi feito. Faça o backup do banco (pg_dump) e do bucket (versionamento ou replicação do provedor, ou mc mirror / aws s3 sync) juntos.`,
  );
}
