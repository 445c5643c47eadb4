import type { Readable } from "node:stream";

/** What put() learned about the bytes it stored. */
export interface StoredBlob {
  /** lowercase hex sha256 of the content: the blob's address */
  sha256: string;
  size: number;
}

/**
 * Content-addressed storage for file bytes. The database keeps the metadata and the sha256; the
 * store keeps the bytes under that sha256. Equal content is stored once.
 *
 * Implementations must make put() atomic: once it resolves, open(sha256) returns the whole content,
 * and a failed or interrupted put() never leaves a blob that could be mistaken for a complete one.
 * A blob nobody points to (an upload whose transaction failed) is harmless and may be swept.
 */
export interface BlobStore {
  /** Streams the source into the store; rejects (storing nothing) when the source fails. */
  put(source: Readable | AsyncIterable<Buffer | Uint8Array>): Promise<StoredBlob>;
  /** The content, streamed. Rejects with code "ENOENT" when there is no such blob. */
  open(sha256: string): Promise<Readable>;
  exists(sha256: string): Promise<boolean>;
}

const SHA256_HEX = /^[0-9a-f]{64}$/;

/** A blob address is exactly 64 lowercase hex digits: never a path, never user input verbatim. */
export function assertSha256(sha256: string): void {
  if (!SHA256_HEX.test(sha256)) throw new Error("invalid blob address");
}

export class BlobNotFoundError extends Error {
  readonly code = "ENOENT";
  constructor(sha256: string) {
    super(`blob ${sha256} not found`);
    this.name = "BlobNotFoundError";
  }
}
