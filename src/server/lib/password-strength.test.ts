import { describe, expect, it } from "vitest";
import { assertStrongPassword, passwordStrength } from "./password-strength.js";

describe("password strength", () => {
  it("refuses common passwords and ones made of the person's own data, with a pt-BR message", () => {
    for (const p of ["12345678", "senha123", "Contabilidade2026", "brasil2026"]) {
      const s = passwordStrength(p);
      expect(s.ok, p).toBe(false);
      expect(s.message).toMatch(/^Senha fraca/);
    }
    expect(passwordStrength("mariasilva2026", ["Maria Silva", "maria.silva@escritorio.com.br"]).ok).toBe(
      false,
    );
  });

  it("accepts a long passphrase without composition rules", () => {
    expect(passwordStrength("cavalo correto bateria grampo").ok).toBe(true);
    expect(passwordStrength("Tr3vo-Azul-Marinho-Quente").ok).toBe(true);
  });

  it("assertStrongPassword throws a 400 on the given field", () => {
    expect(() => assertStrongPassword("123456789", [], "newPassword")).toThrowError(
      expect.objectContaining({
        status: 400,
        fields: { newPassword: expect.stringMatching(/^Senha fraca/) },
      }),
    );
    expect(() => assertStrongPassword("cavalo correto bateria grampo")).not.toThrow();
  });
});
