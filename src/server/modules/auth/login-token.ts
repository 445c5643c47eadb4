import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * Short-lived signed tokens for the steps of a login that are not a session yet: the office picker
 * (the person's password matched users of several offices) and the two-factor code. Stateless: the
 * payload (which users, until when) is signed with a key derived from the installation's secret key,
 * so the browser cannot forge or widen it; it grants nothing but the next step of that login.
 */
export type LoginStep =
  | { kind: "office"; userIds: string[]; exp: number }
  | { kind: "totp"; userId: string; exp: number };

export const LOGIN_STEP_SECONDS = 5 * 60;

const keyOf = (secretKey: Buffer) => createHmac("sha256", secretKey).update("atende login step v1").digest();

export function signLoginStep(secretKey: Buffer, step: LoginStep): string {
  const body = Buffer.from(JSON.stringify(step)).toString("base64url");
  const mac = createHmac("sha256", keyOf(secretKey)).update(body).digest("base64url");
  return `${body}.${mac}`;
}

/** The step of a token, or null when it was altered, has expired or is of another kind. */
export function readLoginStep<K extends LoginStep["kind"]>(
  secretKey: Buffer,
  token: string,
  kind: K,
  now = Date.now(),
): Extract<LoginStep, { kind: K }> | null {
  const [body, mac] = token.split(".");
  if (!body || !mac) return null;
  const expected = createHmac("sha256", keyOf(secretKey)).update(body).digest();
  const given = Buffer.from(mac, "base64url");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  try {
    const step = JSON.parse(Buffer.from(body, "base64url").toString("utf8")) as LoginStep;
    if (step.kind !== kind || typeof step.exp !== "number" || step.exp <= now) return null;
    return step as Extract<LoginStep, { kind: K }>;
  } catch {
    return null;
  }
}
