/** The accounts contract (issue 12 §3): password reset and change, sessions, two-factor, office picker. */
import { z } from "zod";
import { emailSchema, idSchema, passwordSchema, type SessionInfo } from "./api.js";
import { secretString, singleLineString } from "./text.js";

const tokenSchema = singleLineString("o código de acesso", { error: "Link inválido" })
  .min(20, "Link inválido")
  .max(2000, "Link inválido");

/** A TOTP code (6 digits) or a recovery code ("k7qm-4x2p-hd9w"). */
export const twoFactorCodeSchema = singleLineString("o código", { error: "Informe o código" })
  .trim()
  .min(6, "Informe o código de 6 dígitos")
  .max(20, "Código inválido");

/** After the password: what comes next. A plain SessionInfo (no `step`) means signed in. */
export type LoginResult =
  | SessionInfo
  | { step: "office"; token: string; offices: { id: string; name: string }[] }
  | { step: "totp"; token: string };

export const loginOfficeSchema = z.object({ token: tokenSchema, officeId: idSchema });
export const loginTotpSchema = z.object({ token: tokenSchema, code: twoFactorCodeSchema });

export const forgotPasswordSchema = z.object({ email: emailSchema });
export const resetPasswordSchema = z.object({ token: tokenSchema, password: passwordSchema });
export interface PasswordResetInfo {
  name: string;
  email: string;
  officeName: string;
}

export const changePasswordSchema = z.object({
  currentPassword: secretString("a senha atual", { error: "Informe a senha atual" })
    .min(1, "Informe a senha atual")
    .max(200, "Senha muito longa"),
  newPassword: passwordSchema,
});
export type ChangePasswordInput = z.infer<typeof changePasswordSchema>;

export interface AccountInfo {
  name: string;
  email: string;
  role: "admin" | "staff" | "client";
  officeName: string;
  twoFactor: {
    enabled: boolean;
    /** the office requires it (staff and admins) */
    required: boolean;
    recoveryCodesLeft: number;
  };
}

export interface SessionDto {
  id: string;
  current: boolean;
  /** "Chrome em Windows", from the User-Agent */
  device: string;
  ipAddress: string | null;
  createdAt: string;
  lastSeenAt: string;
}

export interface TwoFactorSetup {
  /** base32, for typing into the app by hand */
  secret: string;
  otpauthUrl: string;
  /** the QR code as a data: URL (PNG) */
  qrCode: string;
}

export const twoFactorEnableSchema = z.object({ code: twoFactorCodeSchema });
export const passwordConfirmSchema = z.object({
  password: secretString("a senha", { error: "Informe a senha" })
    .min(1, "Informe a senha")
    .max(200, "Senha muito longa"),
});
export interface RecoveryCodes {
  codes: string[];
}

export const securitySettingsSchema = z.object({ requireTwoFactor: z.boolean() });
export type SecuritySettings = z.infer<typeof securitySettingsSchema>;

/** "Chrome em Windows" from a User-Agent header, for the sessions list. */
export function describeDevice(userAgent: string | null): string {
  if (!userAgent) return "Dispositivo desconhecido";
  const ua = userAgent;
  const browser = /Edg\//.test(ua)
    ? "Edge"
    : /OPR\/|Opera/.test(ua)
      ? "Opera"
      : /Firefox\//.test(ua)
        ? "Firefox"
        : /Chrome\/|CriOS\//.test(ua)
          ? "Chrome"
          : /Safari\//.test(ua)
            ? "Safari"
            : "Navegador";
  const os = /Windows/.test(ua)
    ? "Windows"
    : /Android/.test(ua)
      ? "Android"
      : /iPhone|iPad|iOS/.test(ua)
        ? "iOS"
        : /Mac OS X|Macintosh/.test(ua)
          ? "macOS"
          : /Linux/.test(ua)
            ? "Linux"
            : null;
  return os ? `${browser} em ${os}` : browser;
}
