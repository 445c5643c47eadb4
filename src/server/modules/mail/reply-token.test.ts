import { randomBytes, randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { makeReplyToken, plusAddress, tokenOfRecipient, verifyReplyToken } from "./reply-token.js";

describe("reply token", () => {
  const key = randomBytes(32).toString("hex");
  const office = randomUUID();
  const ticket = randomUUID();

  it("round-trips inside the office and fits a plus-address local part", () => {
    const token = makeReplyToken(key, office, ticket);
    expect(token).toMatch(/^[a-z2-7]{42}$/);
    expect(verifyReplyToken(key, office, token)).toBe(ticket);
    expect(verifyReplyToken(key, office, token.toUpperCase())).toBe(ticket);
    const addr = plusAddress("atendimento@contabil.com.br", token);
    expect(addr.split("@")[0]?.length).toBeLessThanOrEqual(64);
    expect(tokenOfRecipient("Atendimento@Contabil.com.br", addr)).toBe(token);
  });

  it("refuses forged, altered and other offices' tokens", () => {
    const token = makeReplyToken(key, office, ticket);
    // a character in the middle: the last one may carry only padding bits, which decode the same
    const mid = Math.floor(token.length / 2);
    const flipped = token.slice(0, mid) + (token[mid] === "a" ? "b" : "a") + token.slice(mid + 1);
    expect(verifyReplyToken(key, office, flipped)).toBeNull();
    expect(verifyReplyToken(key, randomUUID(), token)).toBeNull();
    expect(verifyReplyToken(randomBytes(32).toString("hex"), office, token)).toBeNull();
    expect(verifyReplyToken(key, office, "abc")).toBeNull();
    expect(verifyReplyToken(key, office, "0189!")).toBeNull();
    expect(tokenOfRecipient("atendimento@contabil.com.br", `outro+${token}@contabil.com.br`)).toBeNull();
    expect(tokenOfRecipient("atendimento@contabil.com.br", `atendimento+${token}@outro.com.br`)).toBeNull();
  });
});
