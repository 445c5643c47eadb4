#!/usr/bin/env node
// The server compiled for production: src/server/main.ts bundled by esbuild into dist/server/main.js
// (ESM, Node 20, source maps; packages stay in node_modules), with what it reads beside itself at run
// time: the SQL migrations (db/client.ts resolves them next to the module, i.e. dist/server/migrations).
// `npm run build` runs it after the web build; `npm start` (scripts/start.mjs) runs it when stale.
import { cpSync, mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const SERVER_OUT = path.join(ROOT, "dist/server");

/**
 * `outDir` must stay inside the project (packages are resolved from node_modules above it) and two
 * levels below the root the server takes for the web app (`outDir/../../dist/web`), as dist/server is.
 */
export async function buildServer({ quiet = false, outDir = SERVER_OUT } = {}) {
  const started = performance.now();
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  await build({
    entryPoints: [path.join(ROOT, "src/server/main.ts")],
    outfile: path.join(outDir, "main.js"),
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    packages: "external",
    sourcemap: true,
    // stack traces keep the real function names (pino, errors in logs)
    keepNames: true,
    logLevel: quiet ? "error" : "warning",
    tsconfig: path.join(ROOT, "tsconfig.json"),
  });
  cpSync(path.join(ROOT, "src/server/db/migrations"), path.join(outDir, "migrations"), {
    recursive: true,
  });
  if (!quiet)
    console.log(
      `server built into ${path.relative(ROOT, outDir)} in ${Math.round(performance.now() - started)} ms`,
    );
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  buildServer().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
