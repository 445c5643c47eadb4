/**
 * The operator's command for offices, for installations with SIGNUP=closed:
 *
 *   npm run office -- create --name "Contábil Horizonte Ltda" --document 11.222.333/0001-81 \
 *     --admin-email helena@horizonte.com.br [--admin-name "Helena Prado"]
 *
 * creates the office with its defaults and its admin (without a password) and prints a one-time
 * link (7 days) for the admin to choose a password.
 */

import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { z } from "zod";
import { clientDocumentSchema, emailSchema } from "../../shared/api.js";
import { formatDocument } from "../../shared/documents.js";
import { singleLineString } from "../../shared/text.js";
import { type Config, loadConfig } from "../config.js";
import { type Db, openDatabase } from "../db/client.js";
import { NO_PASSWORD } from "../modules/auth/password.js";
import * as invitationsRepo from "../modules/invitations/repository.js";
import { createOfficeWithAdmin, hashToken, newToken } from "../modules/signup/commands.js";
import * as signupRepo from "../modules/signup/repository.js";

const INVITATION_DAYS = 7;

const createSchema = z.object({
  name: singleLineString("--name", { error: "informe --name (razão social)" }).trim().min(1).max(200),
  document: clientDocumentSchema,
  adminEmail: emailSchema,
  adminName: singleLineString("--admin-name").trim().min(1).max(120).optional(),
});

const USAGE =
  'uso: npm run office -- create --name "Razão social" --document CNPJ-ou-CPF --admin-email e-mail [--admin-name "Nome"]';

export class CliError extends Error {}

/** Runs one command; returns what is printed. Throws CliError (a message for the operator). */
export async function runOfficeCommand(db: Db, config: Pick<Config, "publicUrl">, argv: string[]) {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      name: { type: "string" },
      document: { type: "string" },
      "admin-email": { type: "string" },
      "admin-name": { type: "string" },
    },
  });
  if (positionals[0] !== "create" || positionals.length !== 1) throw new CliError(USAGE);
  const parsed = createSchema.safeParse({
    name: values.name,
    document: values.document,
    adminEmail: values["admin-email"],
    adminName: values["admin-name"],
  });
  if (!parsed.success) {
    const names: Record<string, string> = {
      name: "--name",
      document: "--document",
      adminEmail: "--admin-email",
      adminName: "--admin-name",
    };
    const lines = parsed.error.issues.map(
      (i) => `  ${names[String(i.path[0])] ?? String(i.path[0])}: ${i.message}`,
    );
    throw new CliError(`${lines.join("\n")}\n${USAGE}`);
  }
  const v = parsed.data;
  const token = newToken();
  const expiresAt = new Date(Date.now() + INVITATION_DAYS * 86400_000);
  const office = await db.transaction(async (tx) => {
    if ((await signupRepo.usersWithEmail(tx, v.adminEmail)).length > 0)
      throw new CliError(`  --admin-email: já existe um usuário com o e-mail ${v.adminEmail}`);
    const created = await createOfficeWithAdmin(tx, {
      name: v.name,
      document: v.document,
      adminName: v.adminName ?? v.adminEmail.split("@")[0] ?? v.adminEmail,
      adminEmail: v.adminEmail,
      passwordHash: `${NO_PASSWORD}${randomBytes(16).toString("hex")}`,
    });
    await invitationsRepo.insert(tx, {
      officeId: created.office.id,
      userId: created.admin.id,
      tokenHash: hashToken(token),
      expiresAt,
      createdBy: null,
    });
    return created.office;
  });
  const until = new Intl.DateTimeFormat("pt-BR", {
    timeZone: "America/Sao_Paulo",
    dateStyle: "short",
    timeStyle: "short",
  }).format(expiresAt);
  return [
    `Escritório criado: ${office.name} (${formatDocument(office.document ?? "")}), id ${office.id}`,
    `Administrador: ${v.adminEmail}`,
    `Envie ao administrador este link para definir a senha (uso único, válido até ${until}):`,
    `${config.publicUrl}/convite/${token}`,
  ].join("\n");
}

async function main() {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
  if (existsSync(path.join(root, ".env"))) process.loadEnvFile(path.join(root, ".env"));
  const config = loadConfig();
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    await database.migrate();
    console.log(await runOfficeCommand(database.db, config, process.argv.slice(2)));
  } catch (err) {
    if (!(err instanceof CliError)) throw err;
    console.error(err.message);
    process.exitCode = 1;
  } finally {
    await database.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
