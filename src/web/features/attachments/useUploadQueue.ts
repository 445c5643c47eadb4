/**
 * The files chosen for upload, each sent in its own request so that each has its own progress bar
 * and its own answer (a refused file does not hold back the others).
 */
import { useCallback, useEffect, useRef, useState } from "react";
import type { AttachmentDto, UploadLimits } from "../../../shared/api.js";
import { fileTypeRefusedMessage, isExecutableName } from "../../../shared/file-types.js";
import { ApiError, errorMessage } from "../../api/client.js";
import { formatLimit } from "./api.js";
import { uploadAttachments } from "./upload.js";

export type UploadStatus = "pending" | "uploading" | "done" | "error";

export interface UploadItem {
  uid: string;
  file: File;
  status: UploadStatus;
  /** 0–100 */
  percent: number;
  error: string | null;
  /** refused (too large, type, closed atendimento): sending it again would fail the same way */
  refused: boolean;
}

export interface UploadSummary {
  done: number;
  failed: number;
}

interface Options {
  limits: UploadLimits | undefined;
  /** the atendimento to send to right away; null keeps the files until `uploadAll(id)` */
  ticketId: string | null;
  /** after each file stored (refresh the lists) */
  onUploaded?: (ticketId: string, files: AttachmentDto[]) => unknown;
  /** immediate uploads: remove a stored file's row shortly after (it shows up in the file list) */
  clearDone?: boolean;
}

/**
 * Files sent at the same time. One: parallel uploads only share the same bandwidth, and one at a
 * time keeps the files in the order they were chosen (the list and the history show that order).
 */
const CONCURRENCY = 1;
const CLEAR_DONE_AFTER_MS = 1500;
/** Answers worth sending the same file again for (besides network errors and 5xx). */
const RETRYABLE = new Set([401, 403, 408, 429]);

let nextUid = 0;
const newUid = () => `upload-${Date.now().toString(36)}-${(nextUid++).toString(36)}`;

const sameFile = (a: File, b: File) =>
  a.name === b.name && a.size === b.size && a.lastModified === b.lastModified;

async function runLimited<T>(items: readonly T[], limit: number, task: (item: T) => Promise<void>) {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      await task(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

export function useUploadQueue({ limits, ticketId, onUploaded, clearDone = false }: Options) {
  const [items, setItemsState] = useState<UploadItem[]>([]);
  // the current list, readable synchronously by the async upload code
  const itemsRef = useRef<UploadItem[]>([]);
  const controllers = useRef(new Map<string, AbortController>());
  const onUploadedRef = useRef(onUploaded);
  onUploadedRef.current = onUploaded;

  const update = useCallback((fn: (prev: UploadItem[]) => UploadItem[]) => {
    itemsRef.current = fn(itemsRef.current);
    setItemsState(itemsRef.current);
  }, []);
  const patch = useCallback(
    (uid: string, p: Partial<UploadItem>) =>
      update((prev) => prev.map((i) => (i.uid === uid ? { ...i, ...p } : i))),
    [update],
  );

  // leaving the screen cancels what is still on its way
  useEffect(() => {
    const map = controllers.current;
    return () => {
      for (const c of map.values()) c.abort();
      map.clear();
    };
  }, []);

  const remove = useCallback(
    (uid: string) => {
      controllers.current.get(uid)?.abort();
      controllers.current.delete(uid);
      update((prev) => prev.filter((i) => i.uid !== uid));
    },
    [update],
  );

  const uploadOne = useCallback(
    async (uid: string, toTicket: string): Promise<boolean> => {
      const item = itemsRef.current.find((i) => i.uid === uid);
      if (!item || item.refused) return false;
      const controller = new AbortController();
      controllers.current.set(uid, controller);
      patch(uid, { status: "uploading", percent: 0, error: null });
      try {
        const stored = await uploadAttachments({
          ticketId: toTicket,
          files: [item.file],
          signal: controller.signal,
          // 100% only when the server answered: it still checks and stores the file after the last byte
          onProgress: (loaded, total) =>
            patch(uid, { percent: Math.min(99, Math.floor((loaded / Math.max(total, 1)) * 100)) }),
        });
        patch(uid, { status: "done", percent: 100 });
        await onUploadedRef.current?.(toTicket, stored);
        if (clearDone) setTimeout(() => remove(uid), CLEAR_DONE_AFTER_MS);
        return true;
      } catch (e) {
        if (e instanceof DOMException && e.name === "AbortError") return false;
        // too large, type refused, closed atendimento: the same file would be refused again
        const final = e instanceof ApiError && e.status >= 400 && e.status < 500 && !RETRYABLE.has(e.status);
        patch(uid, { status: "error", error: errorMessage(e), refused: final });
        return false;
      } finally {
        controllers.current.delete(uid);
      }
    },
    [patch, remove, clearDone],
  );

  const uploadMany = useCallback(
    async (uids: readonly string[], toTicket: string): Promise<UploadSummary> => {
      const summary: UploadSummary = { done: 0, failed: 0 };
      await runLimited(uids, CONCURRENCY, async (uid) => {
        if (await uploadOne(uid, toTicket)) summary.done++;
        else summary.failed++;
      });
      return summary;
    },
    [uploadOne],
  );

  /** Adds chosen or dropped files; the ones over the limits are refused on their own row. */
  const add = useCallback(
    (files: readonly File[]) => {
      const waiting = itemsRef.current.filter((i) => i.status === "pending" || i.status === "uploading");
      let room = limits ? limits.maxFilesPerRequest - waiting.length : Number.POSITIVE_INFINITY;
      const added: UploadItem[] = [];
      for (const file of files) {
        // the same file dropped twice would be attached twice
        if ([...waiting, ...added].some((i) => sameFile(i.file, file))) continue;
        const base = { uid: newUid(), file, percent: 0 };
        if (limits && file.size > limits.maxFileBytes) {
          added.push({
            ...base,
            status: "error",
            refused: true,
            error: `O arquivo "${file.name}" excede o limite de ${formatLimit(limits.maxFileBytes)}.`,
          });
        } else if (isExecutableName(file.name)) {
          // the API refuses programs and scripts (415): say so without sending the file
          added.push({ ...base, status: "error", refused: true, error: fileTypeRefusedMessage(file.name) });
        } else if (room <= 0) {
          added.push({
            ...base,
            status: "error",
            refused: true,
            error: `Envie no máximo ${limits?.maxFilesPerRequest ?? 0} arquivos por vez.`,
          });
        } else {
          room--;
          added.push({ ...base, status: "pending", refused: false, error: null });
        }
      }
      if (added.length === 0) return;
      update((prev) => [...prev, ...added]);
      if (ticketId) {
        void uploadMany(
          added.filter((i) => i.status === "pending").map((i) => i.uid),
          ticketId,
        );
      }
    },
    [limits, ticketId, update, uploadMany],
  );

  /** Sends every file still waiting (the new atendimento's files, after it is created). */
  const uploadAll = useCallback(
    (toTicket: string) =>
      uploadMany(
        itemsRef.current.filter((i) => i.status === "pending").map((i) => i.uid),
        toTicket,
      ),
    [uploadMany],
  );

  /** Sends a failed file again (to `toTicket`, or the queue's atendimento). */
  const retry = useCallback(
    (uid: string, toTicket?: string) => {
      const target = toTicket ?? ticketId;
      if (target) void uploadOne(uid, target);
    },
    [ticketId, uploadOne],
  );

  const pendingCount = items.filter((i) => i.status === "pending").length;
  const uploading = items.some((i) => i.status === "uploading");

  return { items, add, remove, retry, uploadAll, pendingCount, uploading };
}

export type UploadQueue = ReturnType<typeof useUploadQueue>;
