/**
 * Which columns of the atendimentos grid a user shows, and in which order. Kept per user in this
 * browser's localStorage (keyed by the user id): there is no server-side place for it without a
 * migration, and a layout is a matter of the screen a person uses anyway.
 */
import { useCallback, useEffect, useState } from "react";

/** the grid's columns between Opções (always first) and Status (always last), in their default order */
export const MOVABLE_COLUMNS = [
  "protocol",
  "requester",
  "subject",
  "assignee",
  "createdAt",
  "updatedAt",
  "amount",
  "service",
] as const;
export type MovableColumn = (typeof MOVABLE_COLUMNS)[number];

/** Protocolo identifies the row; Opções and Status carry the actions and are not in the list at all */
export const LOCKED_COLUMNS: readonly MovableColumn[] = ["protocol"];

export interface ColumnPrefs {
  order: MovableColumn[];
  hidden: MovableColumn[];
}

export const DEFAULT_PREFS: ColumnPrefs = { order: [...MOVABLE_COLUMNS], hidden: [] };

export function storageKey(userId: string): string {
  return `atende:ticket-columns:${userId}`;
}

function isColumn(v: unknown): v is MovableColumn {
  return typeof v === "string" && (MOVABLE_COLUMNS as readonly string[]).includes(v);
}

/**
 * Whatever was stored (another version's columns, a hand-edited value, garbage) becomes a valid
 * layout: unknown keys are dropped, columns missing from the order are appended where they belong
 * by default, locked columns are never hidden.
 */
export function parsePrefs(raw: string | null): ColumnPrefs {
  if (!raw) return DEFAULT_PREFS;
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return DEFAULT_PREFS;
  }
  if (!value || typeof value !== "object") return DEFAULT_PREFS;
  const v = value as { order?: unknown; hidden?: unknown };
  const order = [...new Set(Array.isArray(v.order) ? v.order.filter(isColumn) : [])];
  for (const col of MOVABLE_COLUMNS) if (!order.includes(col)) order.push(col);
  const hidden = [...new Set(Array.isArray(v.hidden) ? v.hidden.filter(isColumn) : [])].filter(
    (c) => !LOCKED_COLUMNS.includes(c),
  );
  return { order, hidden };
}

/** the column moved one place up (-1) or down (+1); unchanged at the ends */
export function move(prefs: ColumnPrefs, col: MovableColumn, delta: -1 | 1): ColumnPrefs {
  const order = [...prefs.order];
  const from = order.indexOf(col);
  const to = from + delta;
  if (from < 0 || to < 0 || to >= order.length) return prefs;
  [order[from], order[to]] = [order[to] as MovableColumn, col];
  return { ...prefs, order };
}

export function setHidden(prefs: ColumnPrefs, col: MovableColumn, hidden: boolean): ColumnPrefs {
  if (hidden && LOCKED_COLUMNS.includes(col)) return prefs;
  const rest = prefs.hidden.filter((c) => c !== col);
  return { ...prefs, hidden: hidden ? [...rest, col] : rest };
}

function read(userId: string): ColumnPrefs {
  try {
    return parsePrefs(window.localStorage.getItem(storageKey(userId)));
  } catch {
    return DEFAULT_PREFS; // storage disabled: the default layout, not a broken page
  }
}

export function useColumnPrefs(userId: string) {
  const [prefs, setPrefs] = useState<ColumnPrefs>(() => read(userId));
  useEffect(() => setPrefs(read(userId)), [userId]);

  const save = useCallback(
    (next: ColumnPrefs) => {
      setPrefs(next);
      try {
        window.localStorage.setItem(storageKey(userId), JSON.stringify(next));
      } catch {
        // storage full or disabled: the layout still applies until the page is reloaded
      }
    },
    [userId],
  );
  const reset = useCallback(() => {
    setPrefs(DEFAULT_PREFS);
    try {
      window.localStorage.removeItem(storageKey(userId));
    } catch {
      // as above
    }
  }, [userId]);

  return { prefs, save, reset };
}
