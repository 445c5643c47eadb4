import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";
import type { Plugin } from "vite";

const COMPRESSIBLE = /\.(js|mjs|css|html|svg|json|txt|map|wasm)$/;

/**
 * Writes a brotli (.br) and a gzip (.gz) copy beside every text asset of the build, so the server sends
 * them as they are (@fastify/static `preCompressed`) instead of compressing on every request — or, as
 * before, not at all (1.5 MB of JavaScript over the wire for login + grid, ~0.5 MB compressed).
 */
export function precompress(opts: { minBytes?: number } = {}): Plugin {
  const minBytes = opts.minBytes ?? 1024;
  let outDir = "dist";
  return {
    name: "atende-precompress",
    apply: "build",
    configResolved(config) {
      outDir = path.resolve(config.root, config.build.outDir);
    },
    closeBundle() {
      precompressDir(outDir, minBytes);
    },
  };
}

/** Writes `file.br` and `file.gz` beside every compressible file of `dir` of at least `minBytes`. */
export function precompressDir(dir: string, minBytes = 1024): void {
  for (const file of walk(dir)) {
    if (!COMPRESSIBLE.test(file)) continue;
    const body = readFileSync(file);
    if (body.length < minBytes) continue;
    writeFileSync(
      `${file}.br`,
      brotliCompressSync(body, {
        params: {
          [constants.BROTLI_PARAM_QUALITY]: 11,
          [constants.BROTLI_PARAM_SIZE_HINT]: body.length,
        },
      }),
    );
    writeFileSync(`${file}.gz`, gzipSync(body, { level: 9 }));
  }
}

function* walk(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) yield* walk(full);
    else yield full;
  }
}
