import { describe, expect, it } from "vitest";
import { assertStrongPassword, passwordStrength } from "./password-strength.js";

describe("password strength", () => {
  it("refuses common passwords and ones made of the person's own data, with a pt-BR message", async () => {
    for (const p of ["12345678", "senha123", "Contabilidade2026", "brasil2026"]) {
      const s = await passwordStrength(p);
      expect(s.ok, p).toBe(false);
      expect(s.message).toMatch(/^Senha fraca/);
    }
    const own = await passwordStrength("mariasilva2026", ["Maria Silva", "maria.silva@escritorio.com.br"]);
    expect(own.ok).toBe(false);
  });

  it("accepts a long passphrase without composition rules", async () => {
    expect((await passwordStrength("cavalo correto bateria grampo")).ok).toBe(true);
    expect((await passwordStrength("Tr3vo-Azul-Marinho-Quente")).ok).toBe(true);
  });

  it("assertStrongPassword throws a 400 on the given field", async () => {
    await expect(assertStrongPassword("123456789", [], "newPassword")).rejects.toThrowError(
      expect.objectContaining({
        status: 400,
        fields: { newPassword: expect.stringMatching(/^Senha fraca/) },
      }),
    );
    await expect(assertStrongPassword("cavalo correto bateria grampo")).resolves.toBeUndefined();
  });

  it("loads its dictionaries once, on first use", async () => {
    const { preloadPasswordStrength } = await import("./password-strength.js");
    expect(preloadPasswordStrength()).toBe(preloadPasswordStrength());
  });
});
