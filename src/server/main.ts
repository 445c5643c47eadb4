import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { buildApp } from "./app.js";
import { startServices } from "./bootstrap.js";
import { loadConfig } from "./config.js";
import { openDatabase } from "./db/client.js";
import { startDemoMailbox } from "./dev/mailbox.js";
import { installProcessGuard } from "./lib/process-guard.js";
import {
  DEMO_CLIENT_LOGIN,
  DEMO_LOGIN,
  DEMO_MAILBOX_PORT,
  DEMO_STAFF_LOGIN,
  hasAnyOffice,
  seedDemo,
} from "./seed/demo.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

async function main() {
  // survive a database outage, exit on anything else (see process-guard.ts)
  installProcessGuard(console);
  // a .env beside package.json is read when present; the real environment wins over it
  if (existsSync(path.join(root, ".env"))) process.loadEnvFile(path.join(root, ".env"));
  const config = loadConfig();
  const started = performance.now();
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  await database.migrate();

  // demo: a real SMTP catcher on loopback; the demo office sends its e-mails there
  const mailboxPort = config.demoMailboxPort ?? (database.kind === "pglite" ? DEMO_MAILBOX_PORT : undefined);
  const mailbox = mailboxPort
    ? await startDemoMailbox(mailboxPort, config.dataDir).catch((err) => {
        console.warn(`Demo mailbox not started on port ${mailboxPort}: ${err.message}`);
        return undefined;
      })
    : undefined;
  const seed = config.seedDemo === "true" || (config.seedDemo === "auto" && database.kind === "pglite");
  let seeded = false;
  if (seed && !(await hasAnyOffice(database.db))) {
    await seedDemo(database.db, { mailboxPort: mailboxPort || DEMO_MAILBOX_PORT });
    seeded = true;
  }

  const services = await startServices(config, database);
  const app = await buildApp(
    { config, database, jobs: services.jobs, secretKey: services.secretKey, bus: services.bus },
    { webDir: path.join(root, "dist/web") },
  );
  await app.listen({ port: config.port, host: config.host });
  const where =
    database.kind === "pglite" ? `embedded PGlite in ${path.join(config.dataDir, "pglite")}` : "PostgreSQL";
  const url = `http://localhost:${config.port}`;
  console.log(
    `\nAtende is running on ${url} (database: ${where}, ready in ${Math.round(performance.now() - started)} ms)`,
  );
  if (seeded || seed) {
    console.log(`Demo office login: ${DEMO_LOGIN.email} / ${DEMO_LOGIN.password} (admin)`);
    console.log(`                   ${DEMO_STAFF_LOGIN.email} / ${DEMO_STAFF_LOGIN.password} (staff)`);
    console.log(
      `Client portal:     ${DEMO_CLIENT_LOGIN.email} / ${DEMO_CLIENT_LOGIN.password} (Padaria Pão Dourado)`,
    );
  }
  if (mailbox) console.log(`Demo mailbox: e-mails sent by the app are kept in ${mailbox.dir}`);
  console.log(`API docs: ${url}/api/docs\n`);

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, "shutting down");
    await app.close();
    await services.stop();
    await mailbox?.stop();
    await database.close();
    process.exit(0);
  };
  process.on("SIGINT", () => void shutdown("SIGINT"));
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
