/**
 * Why a move from the embedded database to PostgreSQL stopped, for the operator (pt-BR). The CLI
 * prints the message and exits with a code ≠ 0; `code` is stable for tests and scripts.
 */
export class MoveError extends Error {
  constructor(
    public readonly code:
      | "wrong_url"
      | "no_source"
      | "source_in_use"
      | "source_outdated"
      | "target_unreachable"
      | "target_not_empty"
      | "schema_mismatch"
      | "copy_failed"
      | "verification_failed",
    message: string,
  ) {
    super(message);
    this.name = "MoveError";
  }
}
