import type { EmailOutcome } from "../../shared/api.js";
import type { Session } from "./harness.js";
import { waitFor } from "./smtp.js";

/**
 * The outcome of an e-mail a status change (Reabrir, Notificar) queued, once the dispatcher has made
 * its first attempt: what the screen shows after the answer (`GET /api/emails/:id/outcome`).
 */
export async function settledOutcome(s: Session, emailId: string, timeoutMs = 20_000): Promise<EmailOutcome> {
  const outcome = await waitFor(async () => {
    const res = await s.get(`/api/emails/${emailId}/outcome`);
    if (res.statusCode !== 200) throw new Error(`outcome ${res.statusCode}: ${res.body}`);
    const o = res.json() as EmailOutcome;
    return o.state === "queued" || o.state === "sending" ? undefined : o;
  }, timeoutMs);
  return outcome as EmailOutcome;
}
