import { randomUUID } from "node:crypto";
import { verify } from "@node-rs/argon2";
import { describe, expect, it, vi } from "vitest";
import { createOffice, createUser, expectError, TEST_PASSWORD, useTestApp } from "../../test/harness.js";

// the real argon2 verify, wrapped only to see which hash each login attempt was checked against
vi.mock("@node-rs/argon2", async (importOriginal) => {
  const real = await importOriginal<typeof import("@node-rs/argon2")>();
  return { ...real, verify: vi.fn(real.verify) };
});

const ctx = useTestApp();
const verifySpy = vi.mocked(verify);

/** A real argon2id hash with the parameters of every stored password: its check costs the same. */
const FULL_COST_HASH = /^\$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9+/]+\$[A-Za-z0-9+/]+$/;

async function failedLogin(email: string, password: string) {
  verifySpy.mockClear();
  const res = await ctx.app.inject({ method: "POST", url: "/api/auth/login", payload: { email, password } });
  expect(expectError(res, 401, "invalid_credentials").message).toBe("E-mail ou senha inválidos.");
  expect(res.cookies.find((c) => c.name === "atende_sid")).toBeUndefined();
  // exactly one full-cost argon2 verification, whatever the reason for the failure
  expect(verifySpy).toHaveBeenCalledTimes(1);
  const [hashed] = verifySpy.mock.calls[0] ?? [];
  expect(String(hashed)).toMatch(FULL_COST_HASH);
  await expect(verifySpy.mock.results[0]?.value).resolves.toBe(false);
}

describe("login timing: every failed login costs one full argon2 verification", () => {
  it("an unknown e-mail", async () => {
    await failedLogin(`ninguem-${randomUUID()}@teste.com.br`, TEST_PASSWORD);
  });

  it("a wrong password", async () => {
    const { staffUser } = await createOffice(ctx);
    await failedLogin(staffUser.email, "senha-errada-123");
  });

  it("an inactive user (right and wrong password)", async () => {
    const { admin } = await createOffice(ctx);
    const { user } = await createUser(ctx, admin, "staff");
    const body = { name: user.name, email: user.email, role: "staff", active: false };
    expect((await admin.patch(`/api/users/${user.id}`, body)).statusCode).toBe(200);
    await failedLogin(user.email, "senha-errada-123");
    verifySpy.mockClear();
    const right = await ctx.app.inject({
      method: "POST",
      url: "/api/auth/login",
      payload: { email: user.email, password: TEST_PASSWORD },
    });
    expectError(right, 401, "invalid_credentials");
    expect(verifySpy).toHaveBeenCalledTimes(1);
    expect(String(verifySpy.mock.calls[0]?.[0])).toMatch(FULL_COST_HASH);
  });

  it("an invited user who has not set a password yet", async () => {
    const { admin } = await createOffice(ctx);
    const email = `convidado-${randomUUID().slice(0, 8)}@teste.com.br`;
    const created = await admin.post("/api/users", { name: "Convidado", email, role: "client" });
    expect(created.statusCode).toBe(201);
    expect(created.json().hasPassword).toBe(false);
    await failedLogin(email, TEST_PASSWORD);
    await failedLogin(email, "qualquer-senha-1");
  });
});
