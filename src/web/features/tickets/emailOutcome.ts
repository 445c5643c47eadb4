import type { EmailOutcome } from "../../../shared/api.js";
import { api } from "../../api/client.js";
import { realtime } from "../../realtime/socket.js";

const pending = (e: EmailOutcome) => e.state === "queued" || e.state === "sending";

/** gaps between two looks at a pending e-mail: quick at first, then every 2 s */
const POLL_MS = [300, 500, 800, 1000, 1500];
const LATER_MS = 2000;
/** after this the screen stops following: the e-mail list (Configurações › E-mails) has the rest */
const FOLLOW_FOR_MS = 60_000;

/**
 * A status change answers before its e-mail goes (ADR 0018). This follows the e-mail until its first
 * attempt is over — woken by the atendimento's websocket event, with a short poll as the safety net —
 * and calls `show` once with the final outcome ("E-mail enviado para …", "Não foi possível enviar o
 * email: …", "E-mail na fila: nova tentativa às …"). Returns a function that stops following.
 */
export function followEmailOutcome(
  ticketId: string,
  email: EmailOutcome,
  show: (outcome: EmailOutcome) => void,
): () => void {
  if (!pending(email)) {
    show(email);
    return () => {};
  }
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let looks = 0;
  let inFlight = false;
  const started = Date.now();
  const stop = () => {
    stopped = true;
    if (timer) clearTimeout(timer);
    unlisten();
  };
  const look = async () => {
    if (stopped || inFlight) return;
    inFlight = true;
    if (timer) clearTimeout(timer);
    try {
      const now = await api.get<EmailOutcome>(`/api/emails/${encodeURIComponent(email.id)}/outcome`);
      if (stopped) return;
      if (!pending(now)) {
        stop();
        show(now);
        return;
      }
    } catch {
      // a network hiccup: the next look tries again
    } finally {
      inFlight = false;
    }
    if (stopped) return;
    if (Date.now() - started > FOLLOW_FOR_MS) {
      stop();
      show(email); // "E-mail na fila: será enviado em instantes."
      return;
    }
    timer = setTimeout(() => void look(), POLL_MS[looks++] ?? LATER_MS);
  };
  const unlisten = realtime.listen((msg) => {
    if (msg.type === "ticket" && msg.ticketId === ticketId && msg.reason === "email") void look();
  });
  timer = setTimeout(() => void look(), POLL_MS[looks++] ?? LATER_MS);
  return stop;
}
