import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { buildApp } from "./app.js";
import { startServices } from "./bootstrap.js";
import { loadConfig } from "./config.js";
import { openDatabase } from "./db/client.js";
import { preloadPasswordStrength } from "./lib/password-strength.js";
import { installProcessGuard } from "./lib/process-guard.js";
import { loadSecretKey } from "./lib/secrets.js";
import { installGracefulShutdown } from "./lib/shutdown.js";
import { DEMO_CLIENT_LOGIN, DEMO_LOGIN, DEMO_STAFF_LOGIN } from "./seed/demo.js";
import { bootDemo } from "./seed/demo-boot.js";
import { StorageConfigError } from "./storage/blob-store.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/** CPU time of this process so far: unlike wall time, hardly changed by a busy machine */
const cpuMs = () => {
  const { user, system } = process.cpuUsage();
  return Math.round((user + system) / 1000);
};

async function main() {
  // survive a database outage, exit on anything else (see process-guard.ts)
  installProcessGuard(console);
  // a .env beside package.json is read when present; the real environment wins over it
  if (existsSync(path.join(root, ".env"))) process.loadEnvFile(path.join(root, ".env"));
  const config = loadConfig();
  const started = performance.now();
  // where start-up time goes, printed with "ready in" (docs/BENCHMARKS.md, cold start)
  const phases: string[] = [];
  let last = started;
  const phase = (name: string) => {
    const now = performance.now();
    phases.push(`${name} ${Math.round(now - last)}`);
    last = now;
  };
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  phase("database");
  await database.migrate();
  phase("migrations");

  // demo: the demo office and, whenever it sends to it, a real SMTP catcher on loopback
  const seed = config.seedDemo === "true" || (config.seedDemo === "auto" && database.kind === "pglite");
  const demo = await bootDemo(database.db, {
    seed,
    mailboxPort: config.demoMailboxPort,
    dataDir: config.dataDir,
    imapPort: config.demoImapPort,
    // the key startServices loads too: the demo mailbox's IMAP password is stored encrypted
    secretKey: loadSecretKey(config.secretKeyHex, config.dataDir),
  });
  const mailbox = demo.mailbox;
  phase("demo");

  // the workers and sweeps start once the server listens (their queries would delay the start)
  const services = await startServices(config, database, {
    demoMailboxPort: mailbox?.port,
    deferBackground: true,
  });
  // a client's e-mail delivered to the demo mailbox is read at once, not at the next poll
  if (mailbox) mailbox.handle.onIncoming = () => services.inbound?.wake();
  phase("jobs");
  const app = await buildApp(
    {
      config,
      database,
      jobs: services.jobs,
      secretKey: services.secretKey,
      bus: services.bus,
      blobStore: services.blobStore,
    },
    { webDir: path.join(root, "dist/web") },
  );
  phase("app");
  await app.listen({ port: config.port, host: config.host });
  phase("listen");
  services.startBackground().catch((err) => {
    console.error("Atende could not start its workers:", err);
    process.exit(1);
  });
  // the password dictionaries load a little later, while nobody waits for them (lib/password-strength.ts)
  setTimeout(() => void preloadPasswordStrength().catch(() => undefined), 3000).unref();
  const where =
    database.kind === "pglite" ? `embedded PGlite in ${path.join(config.dataDir, "pglite")}` : "PostgreSQL";
  const url = `http://localhost:${config.port}`;
  console.log(
    `\nAtende is running on ${url} (database: ${where}, ready in ${Math.round(performance.now() - started)} ms: ${phases.join(", ")}; process up ${Math.round(performance.now())} ms, CPU ${cpuMs()} ms)`,
  );
  if (demo.seeded || seed) {
    console.log(`Demo office login: ${DEMO_LOGIN.email} / ${DEMO_LOGIN.password} (admin)`);
    console.log(`                   ${DEMO_STAFF_LOGIN.email} / ${DEMO_STAFF_LOGIN.password} (staff)`);
    console.log(
      `Client portal:     ${DEMO_CLIENT_LOGIN.email} / ${DEMO_CLIENT_LOGIN.password} (Padaria Pão Dourado)`,
    );
  }
  if (mailbox)
    console.log(
      `Demo mailbox on 127.0.0.1:${mailbox.port}: e-mails of the demo office are kept in ${mailbox.dir}`,
    );
  if (mailbox?.imapPort)
    console.log(
      `Demo incoming mailbox (IMAP) on 127.0.0.1:${mailbox.imapPort}: replies to the demo office's e-mails land in its atendimentos; reply as a client with: npm run demo:reply`,
    );
  if (demo.repointed) console.log(`Demo office SMTP moved to the demo mailbox's port ${mailbox?.port}`);
  if (demo.unconfigured)
    console.log("DEMO_MAILBOX_PORT=0: the demo office's SMTP (the demo mailbox) was removed");
  console.log(`API docs: ${url}/api/docs\n`);

  installGracefulShutdown(app, {
    timeoutMs: config.shutdownTimeoutMs,
    log: app.log,
    stop: async () => {
      await services.stop(); // pg-boss waits for the job in hand: the e-mail being sent
      await mailbox?.stop();
      await database.close();
    },
  });
}

main().catch((err) => {
  // a wrong setting (S3_*): its message names it, a stack trace would only hide it
  if (err instanceof StorageConfigError) console.error(`\nErro de configuração: ${err.message}\n`);
  else console.error(err);
  process.exit(1);
});
