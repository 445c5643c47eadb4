#!/usr/bin/env node
// npm start: runs the compiled server (dist/server/main.js), building first only what is missing or
// older than its sources — the web app (Vite, into dist/web) and the server (esbuild, into dist/server).
// So `npm ci && npm start` works on a fresh clone, and a second start costs no build at all.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const at = (p) => path.join(ROOT, p);

/** newest modification time (ms) among these files and folders (recursively); tests do not count */
export function newestMtime(paths) {
  let newest = 0;
  const visit = (p) => {
    let st;
    try {
      st = statSync(p);
    } catch {
      return; // an optional input (public/) that does not exist
    }
    if (st.isDirectory()) {
      for (const name of readdirSync(p)) visit(path.join(p, name));
    } else if (!/\.test\.tsx?$/.test(p)) newest = Math.max(newest, st.mtimeMs);
  };
  for (const p of paths) visit(p);
  return newest;
}

/** true when `output` is missing or older than any of `inputs` */
export function isStale(output, inputs) {
  if (!existsSync(output)) return true;
  return statSync(output).mtimeMs < newestMtime(inputs);
}

const common = ["src/shared", "package.json", "package-lock.json", "tsconfig.json"].map(at);
export const WEB = {
  output: at("dist/web/index.html"),
  inputs: [
    ...common,
    ...["src/web", "index.html", "public", "vite.config.ts", "scripts/vite-precompress.ts"].map(at),
  ],
};
export const SERVER = {
  output: at("dist/server/main.js"),
  inputs: [...common, ...["src/server", "scripts/build-server.mjs"].map(at)],
};

async function main() {
  if (isStale(WEB.output, WEB.inputs)) {
    console.log("dist/web is missing or older than the sources: building the web app…");
    const r = spawnSync("npx", ["vite", "build", "--logLevel", "warn"], { cwd: ROOT, stdio: "inherit" });
    if (r.status !== 0) process.exit(r.status ?? 1);
  }
  if (isStale(SERVER.output, SERVER.inputs)) {
    console.log("dist/server is missing or older than the sources: building the server…");
    const { buildServer } = await import("./build-server.mjs");
    await buildServer();
  }
  await import(pathToFileURL(SERVER.output).href);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
