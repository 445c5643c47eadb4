import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

/**
 * The key that encrypts secrets at rest (SMTP passwords): ATENDE_SECRET_KEY (64 hex characters)
 * or, when unset, a key generated once and kept in DATA_DIR/secret.key (mode 0600).
 * Several app instances must share the same key: set ATENDE_SECRET_KEY in production.
 */
export function loadSecretKey(envKey: string | undefined, dataDir: string): Buffer {
  if (envKey) {
    if (!/^[0-9a-fA-F]{64}$/.test(envKey)) throw new Error("ATENDE_SECRET_KEY must be 64 hex characters");
    return Buffer.from(envKey, "hex");
  }
  const file = path.join(dataDir, "secret.key");
  if (existsSync(file)) return Buffer.from(readFileSync(file, "utf8").trim(), "hex");
  mkdirSync(dataDir, { recursive: true });
  const key = randomBytes(32);
  writeFileSync(file, key.toString("hex"), { mode: 0o600, flag: "wx" });
  return key;
}

/** AES-256-GCM; the result is "v1:<iv>:<tag>:<ciphertext>" in base64url. */
export function encryptSecret(key: Buffer, plain: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  const enc = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  return [
    "v1",
    iv.toString("base64url"),
    cipher.getAuthTag().toString("base64url"),
    enc.toString("base64url"),
  ].join(":");
}

export function decryptSecret(key: Buffer, sealed: string): string {
  const [v, iv, tag, enc] = sealed.split(":");
  if (v !== "v1" || !iv || !tag || !enc) throw new Error("unknown secret format");
  const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64url"));
  decipher.setAuthTag(Buffer.from(tag, "base64url"));
  return Buffer.concat([decipher.update(Buffer.from(enc, "base64url")), decipher.final()]).toString("utf8");
}
