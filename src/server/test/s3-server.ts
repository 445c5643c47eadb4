import { mkdtemp, rm } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import S3rver from "@20minutes/s3rver";
import type { S3Config } from "../config.js";

/** the access key the test server knows (s3rver's default account) */
export const TEST_S3_KEY = { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" };

export interface TestS3Server {
  endpoint: string;
  /** settings for a bucket of this server (created when the server started) */
  config(bucket?: string): S3Config;
  /** the server's own bytes on disk (to look at, never needed by the store) */
  dir: string;
  close(): Promise<void>;
}

/**
 * A local S3-compatible server (s3rver, on a free port of 127.0.0.1, files in a temp dir) for the
 * tests of the S3 store: started by the test files themselves, no service to install. s3rver checks
 * the access key but computes some SDK v3 signatures differently, so signature mismatches are let
 * through (a wrong access key id is still refused with 403).
 */
export async function startTestS3(buckets: string[] = ["atende"]): Promise<TestS3Server> {
  const dir = await mkdtemp(path.join(tmpdir(), "atende-s3-"));
  const server = new S3rver({
    address: "127.0.0.1",
    port: 0,
    directory: dir,
    silent: true,
    allowMismatchedSignatures: true,
    configureBuckets: buckets.map((name) => ({ name })),
  });
  const { port } = (await server.run()) as AddressInfo;
  const endpoint = `http://127.0.0.1:${port}`;
  return {
    endpoint,
    dir,
    config: (bucket = buckets[0] ?? "atende") => ({
      kind: "s3",
      endpoint,
      region: "us-east-1",
      bucket,
      credentials: TEST_S3_KEY,
      forcePathStyle: true,
    }),
    async close() {
      await server.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
