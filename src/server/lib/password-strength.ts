import type { ZxcvbnFactory } from "@zxcvbn-ts/core";
import { invalid } from "./errors.js";

/**
 * Password strength by zxcvbn-ts (dictionaries: common passwords, pt-BR words and names), instead of
 * composition rules: "senha12345678" is weak, a long passphrase is strong. One rule for every place
 * a person chooses a password (sign-up, invitation, reset, change, set by an admin).
 */
let factory: Promise<ZxcvbnFactory> | undefined;

/**
 * The dictionaries cost ~100 ms of CPU to load: loaded at the first password chosen (or by
 * `preloadPasswordStrength` once the server listens), not during the start (docs/BENCHMARKS.md).
 */
export function preloadPasswordStrength(): Promise<ZxcvbnFactory> {
  factory ??= (async () => {
    const [{ ZxcvbnFactory }, common, ptBr] = await Promise.all([
      import("@zxcvbn-ts/core"),
      import("@zxcvbn-ts/language-common"),
      import("@zxcvbn-ts/language-pt-br"),
    ]);
    return new ZxcvbnFactory({
      translations: ptBr.translations,
      graphs: common.adjacencyGraphs,
      dictionary: { ...common.dictionary, ...ptBr.dictionary },
    });
  })();
  factory.catch(() => {
    factory = undefined; // a failed load is tried again by the next caller
  });
  return factory;
}

/** zxcvbn score 0–4; 3 = "safely unguessable: moderate protection from offline slow-hash scenario" */
export const MIN_PASSWORD_SCORE = 3;

export interface PasswordStrength {
  score: number;
  ok: boolean;
  /** pt-BR advice for the person, empty when ok */
  message: string;
}

/**
 * `userInputs`: what the person typed elsewhere in the form (name, e-mail, office name, document), so a
 * password made of them counts as weak.
 */
export async function passwordStrength(
  password: string,
  userInputs: string[] = [],
): Promise<PasswordStrength> {
  const inputs = userInputs
    .flatMap((s) => {
      const parts = s.toLowerCase().split(/[\s@.\-_/]+/);
      return [s, parts.join(""), ...parts];
    })
    .filter((s) => s.length >= 3);
  const r = (await preloadPasswordStrength()).check(password.slice(0, 200), inputs);
  const ok = r.score >= MIN_PASSWORD_SCORE;
  const hint = [r.feedback.warning, ...r.feedback.suggestions].filter(Boolean).join(" ");
  return {
    score: r.score,
    ok,
    message: ok
      ? ""
      : `Senha fraca: fácil de adivinhar. ${hint || "Use uma frase longa com palavras incomuns."}`.trim(),
  };
}

/** Throws a 400 on field `field` when the password is weak. */
export async function assertStrongPassword(
  password: string,
  userInputs: string[] = [],
  field = "password",
): Promise<void> {
  const s = await passwordStrength(password, userInputs);
  if (!s.ok) throw invalid({ [field]: s.message }, s.message);
}
