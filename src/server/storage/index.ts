import path from "node:path";
import type { Config } from "../config.js";
import type { BlobStore } from "./blob-store.js";
import { LocalDiskBlobStore } from "./local-disk.js";

export * from "./blob-store.js";
export { LocalDiskBlobStore } from "./local-disk.js";

/**
 * The store the app uses. Local disk under DATA_DIR/files today; an S3-compatible store plugs in
 * here behind the same interface (see docs/decisions/0005-content-addressed-file-storage.md).
 */
export function createBlobStore(config: Pick<Config, "dataDir">): BlobStore {
  return new LocalDiskBlobStore(path.join(config.dataDir, "files"));
}
