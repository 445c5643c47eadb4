import path from "node:path";
import { fileURLToPath } from "node:url";
import { buildApp } from "./app.js";
import { loadConfig } from "./config.js";
import { openDatabase } from "./db/client.js";
import { DEMO_LOGIN, DEMO_STAFF_LOGIN, hasAnyOffice, seedDemo } from "./seed/demo.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

async function main() {
  const config = loadConfig();
  const started = performance.now();
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  await database.migrate();

  const seed = config.seedDemo === "true" || (config.seedDemo === "auto" && database.kind === "pglite");
  let seeded = false;
  if (seed && !(await hasAnyOffice(database.db))) {
    await seedDemo(database.db);
    seeded = true;
  }

  const app = await buildApp({ config, database }, { webDir: path.join(root, "dist/web") });
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
  }
  console.log(`API docs: ${url}/api/docs\n`);

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, "shutting down");
    await app.close();
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
