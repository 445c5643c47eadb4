import { useCallback, useEffect, useRef, useState } from "react";
import type { Page, TicketRow } from "../../../shared/api.js";

/**
 * The rows checked for a bulk action, by atendimento id, each with the row as last seen in the grid
 * (its version is what the bulk action sends, so a change made meanwhile is refused, never overwritten).
 */
export type Selection = ReadonlyMap<string, TicketRow>;

export const EMPTY_SELECTION: Selection = new Map();

/**
 * A new result of the grid. The selected rows found in it take their fresh version. The others are
 * kept when the same filters were read again (a websocket invalidation, Atualizar, the refresh after
 * an action) and dropped when the filters, the page or the order changed: a background refetch never
 * clears what the user checked. Answers `prev` itself when nothing changed, so React skips a render.
 */
export function reconcileSelection(
  prev: Selection,
  items: readonly TicketRow[],
  queryChanged: boolean,
): Selection {
  if (prev.size === 0) return prev;
  const fresh = new Map(items.map((r) => [r.id, r]));
  const next = new Map<string, TicketRow>();
  let changed = false;
  for (const [id, row] of prev) {
    const now = fresh.get(id);
    if (now) {
      next.set(id, now);
      if (now !== row) changed = true;
    } else if (queryChanged) changed = true;
    else next.set(id, row);
  }
  return changed ? next : prev;
}

/**
 * The checked ids after a click (a row, a card, "Selecionar página"), in the order given; a row comes
 * from the selection if it was there, else from the rows on screen.
 */
export function selectIds(prev: Selection, ids: readonly string[], items: readonly TicketRow[]): Selection {
  const onScreen = new Map(items.map((r) => [r.id, r]));
  const next = new Map<string, TicketRow>();
  for (const id of ids) {
    const row = prev.get(id) ?? onScreen.get(id);
    if (row) next.set(id, row);
  }
  return next;
}

/**
 * The grid's selection, stable across refetches: `queryKey` names the filters, page and order the
 * data was read for; data still shown as a placeholder (the previous result while the next loads) is
 * not a new result yet.
 */
export function useBulkSelection(
  data: Page<TicketRow> | undefined,
  isPlaceholder: boolean,
  queryKey: string,
) {
  const [selection, setSelection] = useState<Selection>(EMPTY_SELECTION);
  const readFor = useRef(queryKey);
  useEffect(() => {
    if (!data || isPlaceholder) return;
    const queryChanged = readFor.current !== queryKey;
    readFor.current = queryKey;
    setSelection((prev) => reconcileSelection(prev, data.items, queryChanged));
  }, [data, isPlaceholder, queryKey]);

  const items = data?.items;
  const select = useCallback(
    (ids: readonly string[]) => setSelection((prev) => selectIds(prev, ids, items ?? [])),
    [items],
  );
  const clear = useCallback(() => setSelection(EMPTY_SELECTION), []);
  return { selection, select, clear };
}
