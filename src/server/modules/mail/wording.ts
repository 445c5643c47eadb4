import { EMAIL_STATE_LABELS, type EmailOutcome, type EmailState } from "../../../shared/api.js";
import { nextAttemptText } from "../../../shared/mail.js";
import type { EmailRow } from "./repository.js";

export const EMAIL_STATE_LABELS_FOR_HISTORY: Record<EmailState, string> = {
  ...EMAIL_STATE_LABELS,
  queued: "E-mail na fila",
  sent: "E-mail enviado",
  retrying: "E-mail não enviado, nova tentativa automática",
  failed: "Não foi possível enviar o email",
  not_configured: "Não foi possível enviar o email",
  no_recipient: "Não foi possível enviar o email",
};

/** The second message the help page describes, after "Status alterado". */
export function outcomeOf(row: EmailRow): EmailOutcome {
  const to = row.toAddresses;
  const base = { id: row.id, state: row.state, to, error: row.lastError };
  switch (row.state) {
    case "sent":
      return { ...base, ok: true, message: `E-mail enviado para ${to.join(", ")}` };
    case "queued":
    case "sending":
      return { ...base, ok: true, message: "E-mail na fila: será enviado em instantes." };
    case "retrying":
      return {
        ...base,
        ok: false,
        message: `E-mail na fila: ${row.nextAttemptAt ? nextAttemptText(row.nextAttemptAt) : "nova tentativa automática"}${row.lastError ? ` (${row.lastError})` : ""}`,
      };
    default:
      return {
        ...base,
        ok: false,
        message: `Não foi possível enviar o email${row.lastError ? `: ${row.lastError}` : ""}`,
      };
  }
}
