/**
 * Saved views of the grid: named sets of filters shown as tabs above it. Two come with the app
 * ("Minhas abertas", "Aguardando cliente"); the others a user saves, kept per user in this browser's
 * localStorage (keyed by the user id) like the column layout.
 */
import { useCallback, useEffect, useState } from "react";
import { STATUS_INFO, TICKET_STATUSES, type TicketStatus } from "../../../shared/status.js";
import { FILTER_KEYS, type TicketFilters } from "./useTicketFilters.js";

export type ViewFilters = Pick<TicketFilters, (typeof FILTER_KEYS)[number]>;

export interface SavedView {
  id: string;
  name: string;
  filters: ViewFilters;
  builtIn?: boolean;
}

export const NO_FILTERS: ViewFilters = {
  q: "",
  status: [],
  assigneeId: null,
  requesterId: null,
  serviceId: null,
  openedFrom: null,
  openedTo: null,
};

const NOT_CLOSED = TICKET_STATUSES.filter((s) => STATUS_INFO[s].category !== "closed");

export function builtInViews(userId: string): SavedView[] {
  return [
    { id: "all", name: "Todos", filters: NO_FILTERS, builtIn: true },
    {
      id: "mine-open",
      name: "Minhas abertas",
      filters: { ...NO_FILTERS, assigneeId: userId, status: [...NOT_CLOSED] },
      builtIn: true,
    },
    {
      id: "waiting",
      name: "Aguardando cliente",
      filters: { ...NO_FILTERS, status: ["waiting"] },
      builtIn: true,
    },
  ];
}

export function pickFilters(f: TicketFilters | ViewFilters): ViewFilters {
  return {
    q: f.q.trim(),
    status: [...f.status],
    assigneeId: f.assigneeId,
    requesterId: f.requesterId,
    serviceId: f.serviceId,
    openedFrom: f.openedFrom,
    openedTo: f.openedTo,
  };
}

/** the same filters, whatever the order of the statuses */
export function sameFilters(a: ViewFilters, b: ViewFilters): boolean {
  const x = pickFilters(a);
  const y = pickFilters(b);
  return FILTER_KEYS.every((k) =>
    k === "status" ? [...x.status].sort().join() === [...y.status].sort().join() : x[k] === y[k],
  );
}

export function viewsKey(userId: string): string {
  return `atende:ticket-views:${userId}`;
}

const str = (v: unknown): string | null => (typeof v === "string" && v !== "" ? v : null);

/** the views a user saved; anything unreadable is dropped, never a broken grid */
export function parseViews(raw: string | null): SavedView[] {
  if (!raw) return [];
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return [];
  }
  if (!Array.isArray(value)) return [];
  const out: SavedView[] = [];
  for (const item of value) {
    if (!item || typeof item !== "object") continue;
    const v = item as { id?: unknown; name?: unknown; filters?: Record<string, unknown> };
    const id = str(v.id);
    const name = str(v.name)?.trim().slice(0, 40);
    if (!id || !name || !v.filters || typeof v.filters !== "object") continue;
    const f = v.filters;
    out.push({
      id,
      name,
      filters: {
        q: typeof f.q === "string" ? f.q.slice(0, 200) : "",
        status: Array.isArray(f.status)
          ? f.status.filter((s): s is TicketStatus => (TICKET_STATUSES as readonly unknown[]).includes(s))
          : [],
        assigneeId: str(f.assigneeId),
        requesterId: str(f.requesterId),
        serviceId: str(f.serviceId),
        openedFrom: str(f.openedFrom),
        openedTo: str(f.openedTo),
      },
    });
  }
  return out;
}

function read(userId: string): SavedView[] {
  try {
    return parseViews(window.localStorage.getItem(viewsKey(userId)));
  } catch {
    return [];
  }
}

export function useSavedViews(userId: string) {
  const [views, setViews] = useState<SavedView[]>(() => read(userId));
  useEffect(() => setViews(read(userId)), [userId]);

  const store = useCallback(
    (next: SavedView[]) => {
      setViews(next);
      try {
        window.localStorage.setItem(viewsKey(userId), JSON.stringify(next));
      } catch {
        // storage full or disabled: the view lasts until the page is reloaded
      }
    },
    [userId],
  );
  const add = useCallback(
    (name: string, filters: ViewFilters) =>
      store([
        ...views,
        { id: `v${Date.now().toString(36)}`, name: name.trim().slice(0, 40), filters: pickFilters(filters) },
      ]),
    [store, views],
  );
  const remove = useCallback((id: string) => store(views.filter((v) => v.id !== id)), [store, views]);

  return { views, add, remove };
}
