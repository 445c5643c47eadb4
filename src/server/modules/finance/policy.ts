import type { DebtActions } from "../../../shared/api.js";
import { conflict, notFound } from "../../lib/errors.js";
import type { Actor } from "../auth/context.js";

export type DebtAction = "read" | "pay" | "cancel" | "collect" | "receipt" | "pix" | "reverse";

/** What the policy needs to know about a debt. */
export interface DebtFacts {
  officeId: string;
  clientId: string;
  state: "open" | "paid" | "cancelled";
  amountCents: number;
  paidCents: number;
}

const isStaffOf = (actor: Actor, d: { officeId: string }) =>
  actor.role !== "client" && actor.officeId === d.officeId;

/** A client user sees only the debts of the companies they are linked to. */
export const isDebtMember = (actor: Actor, d: { officeId: string; clientId: string }) =>
  actor.role === "client" && actor.officeId === d.officeId && actor.clientIds.includes(d.clientId);

/** The one policy for debts; the API sends its answer with every debt so the UI shows the same. */
export function debtActions(actor: Actor, d: DebtFacts): DebtActions {
  const staff = isStaffOf(actor, d);
  const open = d.state === "open";
  return {
    pay: staff && open,
    // a debt with payments is settled or reversed first: cancelling would hide money received
    cancel: staff && open && d.paidCents === 0,
    collect: staff && open,
    receipt: (staff || isDebtMember(actor, d)) && d.state === "paid",
  };
}

const MESSAGES: Record<Exclude<DebtAction, "read" | "reverse">, string> = {
  pay: "Este débito não está em aberto: não é possível registrar pagamento.",
  cancel: "Só é possível cancelar um débito em aberto e sem pagamentos (estorne os pagamentos antes).",
  collect: "Só é possível cobrar um débito em aberto.",
  receipt:
    "O recibo de quitação fica disponível quando o débito estiver pago; cada pagamento tem o seu recibo.",
  pix: "Este débito não tem saldo a pagar.",
};

/**
 * Throws unless the actor may do the action. Another office's debt — or, for a client user,
 * another company's — is "not found". Client users may read their debts, get the PIX code of an
 * open one and the recibo of a paid one; nothing else.
 */
export function authorizeDebt(actor: Actor, action: DebtAction, d: DebtFacts | undefined): asserts d {
  if (!d || d.officeId !== actor.officeId) throw notFound("Débito");
  if (actor.role === "client") {
    if (!isDebtMember(actor, d)) throw notFound("Débito");
    if (action === "read") return;
    if (action === "pix" && d.state === "open") return;
    if (action === "receipt" && d.state === "paid") return;
    if (action === "pix" || action === "receipt") throw conflict("invalid_state", MESSAGES[action]);
    throw notFound("Débito");
  }
  if (action === "read" || action === "reverse") return;
  const actions = debtActions(actor, d);
  const allowed = action === "pix" ? d.state === "open" : actions[action];
  if (!allowed) throw conflict("invalid_state", MESSAGES[action]);
}
