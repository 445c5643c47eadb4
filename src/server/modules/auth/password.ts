import { hash, verify } from "@node-rs/argon2";

// argon2id with the OWASP-recommended minimum (19 MiB, 2 passes)
const OPTIONS = { memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

export async function verifyPassword(hashed: string, password: string): Promise<boolean> {
  try {
    return await verify(hashed, password);
  } catch {
    return false;
  }
}

/**
 * A hash to verify against when there is no password to check (unknown e-mail, invited user without
 * a password), computed once with the same parameters, so every failed login takes the same time.
 */
let dummy: Promise<string> | undefined;
export function dummyHash(): Promise<string> {
  dummy ??= hashPassword("not-a-real-password-only-for-timing");
  return dummy;
}

/** Prefix of the password hash of a user who has not set a password yet: it never verifies. */
export const NO_PASSWORD = "!no-password:";

/** Whether a stored hash is a password someone set (not the placeholder of an invited user). */
export function hasPassword(stored: string): boolean {
  return !stored.startsWith(NO_PASSWORD);
}
