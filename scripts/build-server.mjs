#!/usr/bin/env node
// The server compiled for production: src/server/main.ts bundled by esbuild into dist/server/main.js
// (ESM, Node 20, source maps; the dependencies bundled in but for BUNDLE_EXTERNAL), with what it reads beside itself at run
// time: the SQL migrations (db/client.ts resolves them next to the module, i.e. dist/server/migrations).
// `npm run build` runs it after the web build; `npm start` (scripts/start.mjs) runs it when stale.
import { cpSync, mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const SERVER_OUT = path.join(ROOT, "dist/server");

/** packages left in node_modules (see the build's comment) */
export const BUNDLE_EXTERNAL = [
  "@electric-sql/pglite",
  "@node-rs/argon2",
  "@fastify/swagger-ui",
  "pdfkit",
  "exceljs",
  "nodemailer",
  "smtp-server",
  "qrcode",
  "@zxcvbn-ts/*",
  "pg-native",
  "pg-boss",
  "@aws-sdk/*",
  "mailparser",
  "imapflow",
];

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
    outdir: outDir,
    bundle: true,
    // a module the server imports dynamically (the S3 store) becomes a chunk beside main.js, loaded
    // only when used; without splitting its packages would be imported at the start
    splitting: true,
    chunkNames: "chunk-[hash]",
    platform: "node",
    format: "esm",
    target: "node20",
    // dependencies are bundled too: one file to read and compile instead of hundreds of modules
    // (~0.2 s of the cold start), except those that read files beside themselves, are native or WASM,
    // or are loaded only by some requests (imported dynamically: they stay out of the start)
    external: BUNDLE_EXTERNAL,
    banner: {
      // bundled CommonJS packages call require() for Node's modules
      js: 'import { createRequire as __atendeCreateRequire } from "node:module"; const require = __atendeCreateRequire(import.meta.url);',
    },
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
