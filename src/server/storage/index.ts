import path from "node:path";
import type { Config } from "../config.js";
import type { BlobStore } from "./blob-store.js";
import { LocalDiskBlobStore } from "./local-disk.js";

export * from "./blob-store.js";
export { LocalDiskBlobStore } from "./local-disk.js";

/**
 * The store the app uses: local disk under DATA_DIR/files (STORAGE=local, the default) or an
 * S3-compatible bucket (STORAGE=s3). See docs/decisions/0005 and 0015.
 */
export async function createBlobStore(
  config: Pick<Config, "dataDir"> & Partial<Pick<Config, "storage">>,
): Promise<BlobStore> {
  // the AWS SDK loads only with STORAGE=s3: it would add to every start on the local disk
  if (config.storage?.kind === "s3") return (await import("./s3.js")).s3BlobStoreFor(config.storage);
  return new LocalDiskBlobStore(path.join(config.dataDir, "files"));
}
