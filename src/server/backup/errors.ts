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
      | "secret_key_mismatch",
    message: string,
  ) {
    super(message);
    this.name = "BackupError";
  }
}
