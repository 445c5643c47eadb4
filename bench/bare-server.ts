/**
 * The reference server of bench/http.ts: Fastify 5 with nothing else, on the same Node.
 *   GET /const → {"ok":true}
 *   GET /page  → the grid page captured from the app (BARE_PAGE_FILE), serialised again each time,
 *                so the figure includes JSON serialisation of the same bytes the grid sends
 */
import { readFileSync } from "node:fs";
import Fastify from "fastify";

const port = Number(process.env.PORT ?? 3399);
const page = process.env.BARE_PAGE_FILE
  ? JSON.parse(readFileSync(process.env.BARE_PAGE_FILE, "utf8"))
  : { items: [] };

const app = Fastify({ logger: false });
app.get("/const", async () => ({ ok: true }));
app.get("/page", async () => page);
app.get("/api/health", async () => ({ status: "ok" }));
await app.listen({ port, host: "127.0.0.1" });

for (const sig of ["SIGINT", "SIGTERM"] as const)
  process.on(sig, () => void app.close().then(() => process.exit(0)));
