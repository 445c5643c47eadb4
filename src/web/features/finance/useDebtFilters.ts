/**
 * Contas a receber: filters, sort and page live in the URL (?clientId=…&status=open,overdue&page=2),
 * so a view can be shared and survives a reload. Invalid values in a hand-edited URL are ignored.
 */
import { useCallback, useMemo } from "react";
import { useSearchParams } from "react-router";
import { DEBT_STATUSES, type DebtStatus } from "../../../shared/finance.js";
import type { DebtListParams } from "./api.js";

export const DEBT_SORTS = ["dueDate", "amount", "client", "createdAt"] as const;
export type DebtSort = (typeof DEBT_SORTS)[number];

export interface DebtFilters {
  q: string;
  clientId: string | null;
  status: DebtStatus[];
  dueFrom: string | null;
  dueTo: string | null;
  page: number;
  pageSize: number;
  sort: DebtSort;
  order: "asc" | "desc";
  /** the debt open in the Detalhes drawer */
  debt: string | null;
}

export const PAGE_SIZES = [10, 20, 50, 100];
const DEFAULT_PAGE_SIZE = 20;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

const id = (v: string | null) => (v && UUID.test(v) ? v : null);
const date = (v: string | null) => (v && DATE.test(v) ? v : null);
function int(v: string | null, fallback: number, min: number, max: number): number {
  const n = v ? Number(v) : Number.NaN;
  return Number.isInteger(n) && n >= min && n <= max ? n : fallback;
}

export function parseDebtFilters(params: URLSearchParams): DebtFilters {
  const status = (params.get("status") ?? "")
    .split(",")
    .filter((s): s is DebtStatus => (DEBT_STATUSES as readonly string[]).includes(s));
  const sort = params.get("sort");
  return {
    q: (params.get("q") ?? "").slice(0, 200),
    clientId: id(params.get("clientId")),
    status: [...new Set(status)],
    dueFrom: date(params.get("dueFrom")),
    dueTo: date(params.get("dueTo")),
    page: int(params.get("page"), 1, 1, 100_000),
    pageSize: int(params.get("pageSize"), DEFAULT_PAGE_SIZE, 1, 200),
    sort: sort && (DEBT_SORTS as readonly string[]).includes(sort) ? (sort as DebtSort) : "dueDate",
    order: params.get("order") === "desc" ? "desc" : "asc",
    debt: id(params.get("debito")),
  };
}

export function toDebtQuery(f: DebtFilters): DebtListParams {
  return {
    page: f.page,
    pageSize: f.pageSize,
    sort: f.sort,
    order: f.order,
    q: f.q.trim() || undefined,
    clientId: f.clientId ?? undefined,
    status: f.status.length > 0 ? f.status.join(",") : undefined,
    dueFrom: f.dueFrom ?? undefined,
    dueTo: f.dueTo ?? undefined,
  };
}

const FILTER_KEYS = ["q", "clientId", "status", "dueFrom", "dueTo"] as const;

function write(params: URLSearchParams, f: DebtFilters): URLSearchParams {
  const out = new URLSearchParams(params);
  const set = (key: string, value: string | null, omitWhen?: string) => {
    if (value === null || value === "" || value === omitWhen) out.delete(key);
    else out.set(key, value);
  };
  set("q", f.q.trim());
  set("clientId", f.clientId);
  set("status", f.status.join(","));
  set("dueFrom", f.dueFrom);
  set("dueTo", f.dueTo);
  set("page", String(f.page), "1");
  set("pageSize", String(f.pageSize), String(DEFAULT_PAGE_SIZE));
  const defaultSort = f.sort === "dueDate" && f.order === "asc";
  set("sort", defaultSort ? null : f.sort);
  set("order", defaultSort ? null : f.order);
  set("debito", f.debt);
  return out;
}

export function useDebtFilters() {
  const [params, setParams] = useSearchParams();
  const filters = useMemo(() => parseDebtFilters(params), [params]);

  /** Changing a filter goes back to page 1; paging and sorting keep the filters. */
  const update = useCallback(
    (patch: Partial<DebtFilters>) => {
      // from the address bar, not the hook's snapshot: a debounced search typed right after picking
      // a client must not write back the URL from before the pick
      setParams(() => {
        const prev = new URLSearchParams(window.location.search);
        const current = parseDebtFilters(prev);
        const next: DebtFilters = { ...current, ...patch };
        if (FILTER_KEYS.some((k) => k in patch) && !("page" in patch)) next.page = 1;
        return write(prev, next);
      });
    },
    [setParams],
  );

  const clear = useCallback(
    () => update({ q: "", clientId: null, status: [], dueFrom: null, dueTo: null }),
    [update],
  );

  const hasFilters =
    filters.q !== "" ||
    filters.status.length > 0 ||
    Boolean(filters.clientId || filters.dueFrom || filters.dueTo);

  return { filters, update, clear, hasFilters };
}
