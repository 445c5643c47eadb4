/**
 * Collects what a person would see in the browser's console as an error: `console.error` calls
 * (the browser's own "Failed to load resource: … 401" among them) and uncaught page errors.
 * A normal flow must leave this list empty.
 */
import type { Page } from "@playwright/test";

export interface ConsoleErrors {
  /** every error so far, one line each (type, text, where) */
  readonly list: string[];
}

export function collectConsoleErrors(page: Page): ConsoleErrors {
  const list: string[] = [];
  page.on("console", (msg) => {
    if (msg.type() !== "error") return;
    const where = msg.location().url;
    list.push(`console.error: ${msg.text()}${where ? ` (${where})` : ""}`);
  });
  page.on("pageerror", (err) => list.push(`pageerror: ${err.message}`));
  return { list };
}
