import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import {
  type AccountInfo,
  changePasswordSchema,
  describeDevice,
  passwordConfirmSchema,
  type RecoveryCodes,
  type SecuritySettings,
  type SessionDto,
  securitySettingsSchema,
  type TwoFactorSetup,
  twoFactorEnableSchema,
} from "../../../shared/accounts.js";
import { idSchema } from "../../../shared/api.js";
import { AppError, conflict, invalid, notFound } from "../../lib/errors.js";
import { assertStrongPassword } from "../../lib/password-strength.js";
import { decryptSecret, encryptSecret } from "../../lib/secrets.js";
import { invalidTwoFactorCode } from "../auth/commands.js";
import { requireActor, requireAdmin } from "../auth/context.js";
import { LoginLimiter } from "../auth/login-limiter.js";
import { hashPassword, verifyPassword } from "../auth/password.js";
import * as authRepo from "../auth/repository.js";
import { checkLimit } from "../auth/routes.js";
import { hashRecoveryCode, newRecoveryCodes, newTotpSecret, totpStep, totpUri } from "../auth/totp.js";

const wrongPassword = (field: string) =>
  invalid({ [field]: "Senha atual incorreta." }, "Senha atual incorreta.");

/** Minha conta: profile, Alterar senha, Sessões ativas and Verificação em duas etapas; the office's 2FA rule. */
export const accountRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, config, secretKey } = app.deps;
  /** wrong current passwords and wrong codes per user: a stolen session cannot guess the password */
  const limiter = new LoginLimiter(config.loginMaxAttempts);

  const me = async (userId: string) => {
    const u = await authRepo.findUserById(db, userId);
    if (!u) throw notFound("Usuário");
    return u;
  };

  /** The current password of the signed-in user, counted against the limiter when wrong. */
  const confirmPassword = async (
    reply: Parameters<typeof checkLimit>[2],
    user: { id: string; passwordHash: string },
    password: string,
    field: string,
  ) => {
    const key = `account|${user.id}`;
    checkLimit(limiter, key, reply);
    if (!(await verifyPassword(user.passwordHash, password))) {
      limiter.fail(key);
      throw wrongPassword(field);
    }
  };

  app.get("/api/account", { schema: { tags: ["conta"], summary: "Minha conta" } }, async (request) => {
    const actor = requireActor(request);
    const u = await me(actor.userId);
    return {
      name: u.name,
      email: u.email,
      role: u.role,
      officeName: u.officeName,
      twoFactor: {
        enabled: u.totpEnabledAt !== null,
        required: u.requireTwoFactor && u.role !== "client",
        recoveryCodesLeft: u.totpEnabledAt ? await authRepo.countRecoveryCodesLeft(db, u.id) : 0,
      },
    } satisfies AccountInfo;
  });

  app.post(
    "/api/account/password",
    { schema: { tags: ["conta"], summary: "Alterar senha", body: changePasswordSchema } },
    async (request, reply) => {
      const actor = requireActor(request);
      const u = await me(actor.userId);
      await confirmPassword(reply, u, request.body.currentPassword, "currentPassword");
      await assertStrongPassword(request.body.newPassword, [u.name, u.email, u.officeName], "newPassword");
      const passwordHash = await hashPassword(request.body.newPassword);
      await db.transaction(async (tx) => {
        await authRepo.setPasswordHash(tx, u.id, passwordHash);
        // every other session ends; this one goes on
        await authRepo.deleteUserSessions(tx, u.id, actor.sessionId);
        await authRepo.closePasswordResets(tx, u.id);
      });
      return reply.code(204).send();
    },
  );

  app.get(
    "/api/account/sessions",
    { schema: { tags: ["conta"], summary: "Sessões ativas" } },
    async (request) => {
      const actor = requireActor(request);
      const rows = await authRepo.listUserSessions(db, actor.userId);
      return rows.map(
        (s): SessionDto => ({
          id: s.publicId,
          current: s.id === actor.sessionId,
          device: describeDevice(s.userAgent),
          ipAddress: s.ipAddress,
          createdAt: s.createdAt.toISOString(),
          lastSeenAt: s.lastSeenAt.toISOString(),
        }),
      );
    },
  );

  app.delete(
    "/api/account/sessions/:id",
    {
      schema: { tags: ["conta"], summary: "Encerrar uma sessão", params: z.object({ id: idSchema }) },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      // only the person's own sessions: another user's session id is "not found", never ended
      if (!(await authRepo.deleteUserSessionByPublicId(db, actor.userId, request.params.id)))
        throw notFound("Sessão");
      return reply.code(204).send();
    },
  );

  app.post(
    "/api/account/sessions/end-others",
    {
      schema: { tags: ["conta"], summary: "Encerrar todas as outras sessões", body: z.object({}).nullish() },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      await authRepo.deleteUserSessions(db, actor.userId, actor.sessionId);
      return reply.code(204).send();
    },
  );

  // ---------- two-factor (TOTP) ----------

  app.post(
    "/api/account/2fa/setup",
    {
      schema: {
        tags: ["conta"],
        summary: "Começar a ativar a verificação em duas etapas (segredo e QR code)",
        body: z.object({}).nullish(),
      },
    },
    async (request): Promise<TwoFactorSetup> => {
      const actor = requireActor(request);
      const u = await me(actor.userId);
      if (u.totpEnabledAt)
        throw conflict(
          "two_factor_on",
          "A verificação em duas etapas já está ativa. Desative-a antes de trocar o aplicativo.",
        );
      const secret = newTotpSecret();
      // kept sealed until a code proves the app has it; turned on only then
      await authRepo.setTotpSecret(db, u.id, encryptSecret(secretKey, secret));
      const otpauthUrl = totpUri(secret, u.email, `Atende (${u.officeName})`);
      const { default: QRCode } = await import("qrcode"); // loaded at the first 2FA setup, not at start
      const qrCode = await QRCode.toDataURL(otpauthUrl, { errorCorrectionLevel: "M", margin: 2, width: 220 });
      return { secret, otpauthUrl, qrCode };
    },
  );

  app.post(
    "/api/account/2fa/enable",
    {
      schema: {
        tags: ["conta"],
        summary: "Ativar a verificação em duas etapas com um código do aplicativo",
        body: twoFactorEnableSchema,
      },
    },
    async (request, reply): Promise<RecoveryCodes> => {
      const actor = requireActor(request);
      const u = await me(actor.userId);
      if (u.totpEnabledAt) throw conflict("two_factor_on", "A verificação em duas etapas já está ativa.");
      if (!u.totpSecretEnc)
        throw new AppError(400, "two_factor_not_started", "Comece pela leitura do QR code.");
      const key = `2fa|${u.id}`;
      checkLimit(limiter, key, reply);
      const step = totpStep(decryptSecret(secretKey, u.totpSecretEnc), request.body.code);
      if (step === null) {
        limiter.fail(key);
        throw invalidTwoFactorCode();
      }
      const codes = newRecoveryCodes();
      await db.transaction(async (tx) => {
        await authRepo.enableTotp(tx, u.id, step);
        await authRepo.replaceRecoveryCodes(tx, u.id, codes.map(hashRecoveryCode));
      });
      limiter.succeed(key);
      return { codes };
    },
  );

  app.post(
    "/api/account/2fa/disable",
    {
      schema: {
        tags: ["conta"],
        summary: "Desativar a verificação em duas etapas (confirma a senha)",
        body: passwordConfirmSchema,
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const u = await me(actor.userId);
      if (u.requireTwoFactor && u.role !== "client")
        throw new AppError(
          400,
          "two_factor_required",
          "O escritório exige a verificação em duas etapas: ela não pode ser desativada.",
        );
      await confirmPassword(reply, u, request.body.password, "password");
      await db.transaction(async (tx) => {
        await authRepo.setTotpSecret(tx, u.id, null);
        await authRepo.replaceRecoveryCodes(tx, u.id, []);
      });
      return reply.code(204).send();
    },
  );

  app.post(
    "/api/account/2fa/recovery-codes",
    {
      schema: {
        tags: ["conta"],
        summary: "Gerar novos códigos de recuperação (os anteriores deixam de valer)",
        body: passwordConfirmSchema,
      },
    },
    async (request, reply): Promise<RecoveryCodes> => {
      const actor = requireActor(request);
      const u = await me(actor.userId);
      if (!u.totpEnabledAt)
        throw new AppError(400, "two_factor_off", "A verificação em duas etapas não está ativa.");
      await confirmPassword(reply, u, request.body.password, "password");
      const codes = newRecoveryCodes();
      await authRepo.replaceRecoveryCodes(db, u.id, codes.map(hashRecoveryCode));
      return { codes };
    },
  );

  // ---------- the office's rule (Configurações) ----------

  app.get(
    "/api/settings/security",
    { schema: { tags: ["configurações"], summary: "Regras de acesso do escritório" } },
    async (request): Promise<SecuritySettings> => {
      const actor = requireAdmin(request);
      return { requireTwoFactor: await authRepo.officeRequiresTwoFactor(db, actor.officeId) };
    },
  );

  app.put(
    "/api/settings/security",
    {
      schema: {
        tags: ["configurações"],
        summary: "Exigir verificação em duas etapas para a equipe",
        body: securitySettingsSchema,
      },
    },
    async (request): Promise<SecuritySettings> => {
      const actor = requireAdmin(request);
      if (request.body.requireTwoFactor && !(await me(actor.userId)).totpEnabledAt)
        throw invalid(
          {
            requireTwoFactor: "Ative a verificação em duas etapas na sua conta antes de exigi-la da equipe.",
          },
          "Ative a verificação em duas etapas na sua conta antes de exigi-la da equipe.",
        );
      await authRepo.setOfficeRequireTwoFactor(db, actor.officeId, request.body.requireTwoFactor);
      return { requireTwoFactor: request.body.requireTwoFactor };
    },
  );
};
