/**
 * The grid's filters, sorting and page live in the URL (?q=…&status=open,waiting&page=2…), so a view
 * can be shared and survives a reload. Invalid values in a hand-edited URL are ignored.
 */
import { useCallback, useMemo } from "react";
import { useSearchParams } from "react-router";
import { TICKET_SORTS, type TicketListQuery, type TicketSort } from "../../../shared/api.js";
import { TICKET_STATUSES, type TicketStatus } from "../../../shared/status.js";

export interface TicketFilters {
  q: string;
  status: TicketStatus[];
  assigneeId: string | null;
  requesterId: string | null;
  serviceId: string | null;
  openedFrom: string | null;
  openedTo: string | null;
  page: number;
  pageSize: number;
  sort: TicketSort;
  order: "asc" | "desc";
}

export const DEFAULT_SORT: TicketSort = "createdAt";
export const DEFAULT_ORDER = "desc";
export const DEFAULT_PAGE_SIZE = 20;
export const PAGE_SIZES = [10, 20, 50, 100];

/** the filters that narrow the list (not paging or sorting) */
export const FILTER_KEYS = [
  "q",
  "status",
  "assigneeId",
  "requesterId",
  "serviceId",
  "openedFrom",
  "openedTo",
] as const;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

function id(v: string | null): string | null {
  return v && UUID.test(v) ? v : null;
}
function date(v: string | null): string | null {
  return v && DATE.test(v) ? v : null;
}
function int(v: string | null, fallback: number, min: number, max: number): number {
  const n = v ? Number(v) : Number.NaN;
  return Number.isInteger(n) && n >= min && n <= max ? n : fallback;
}

export function parseTicketFilters(params: URLSearchParams): TicketFilters {
  const status = (params.get("status") ?? "")
    .split(",")
    .filter((s): s is TicketStatus => (TICKET_STATUSES as readonly string[]).includes(s));
  const sort = params.get("sort");
  return {
    q: (params.get("q") ?? "").slice(0, 200),
    status: [...new Set(status)],
    assigneeId: id(params.get("assigneeId")),
    requesterId: id(params.get("requesterId")),
    serviceId: id(params.get("serviceId")),
    openedFrom: date(params.get("openedFrom")),
    openedTo: date(params.get("openedTo")),
    page: int(params.get("page"), 1, 1, 100_000),
    pageSize: int(params.get("pageSize"), DEFAULT_PAGE_SIZE, 1, 200),
    sort: sort && (TICKET_SORTS as readonly string[]).includes(sort) ? (sort as TicketSort) : DEFAULT_SORT,
    order: params.get("order") === "asc" ? "asc" : params.get("order") === "desc" ? "desc" : DEFAULT_ORDER,
  };
}

/** The query string of GET /api/tickets (`TicketListQuery`, with the numbers already numbers). */
export type TicketListParams = Omit<TicketListQuery, "page" | "pageSize"> & {
  page: number;
  pageSize: number;
};

export function toListQuery(f: TicketFilters): TicketListParams {
  return {
    page: f.page,
    pageSize: f.pageSize,
    sort: f.sort,
    order: f.order,
    q: f.q.trim() || undefined,
    status: f.status.length > 0 ? f.status.join(",") : undefined,
    assigneeId: f.assigneeId ?? undefined,
    requesterId: f.requesterId ?? undefined,
    serviceId: f.serviceId ?? undefined,
    openedFrom: f.openedFrom ?? undefined,
    openedTo: f.openedTo ?? undefined,
  };
}

export type FilterPatch = Partial<TicketFilters>;

function write(params: URLSearchParams, f: TicketFilters): URLSearchParams {
  const out = new URLSearchParams(params);
  const set = (key: string, value: string | null, omitWhen?: string) => {
    if (value === null || value === "" || value === omitWhen) out.delete(key);
    else out.set(key, value);
  };
  set("q", f.q.trim());
  set("status", f.status.join(","));
  set("assigneeId", f.assigneeId);
  set("requesterId", f.requesterId);
  set("serviceId", f.serviceId);
  set("openedFrom", f.openedFrom);
  set("openedTo", f.openedTo);
  set("page", String(f.page), "1");
  set("pageSize", String(f.pageSize), String(DEFAULT_PAGE_SIZE));
  const defaultSort = f.sort === DEFAULT_SORT && f.order === DEFAULT_ORDER;
  set("sort", defaultSort ? null : f.sort);
  set("order", defaultSort ? null : f.order);
  return out;
}

export function useTicketFilters() {
  const [params, setParams] = useSearchParams();
  const filters = useMemo(() => parseTicketFilters(params), [params]);

  /** Changing a filter goes back to page 1; paging and sorting keep the filters. */
  const update = useCallback(
    (patch: FilterPatch) => {
      setParams(
        (prev) => {
          const current = parseTicketFilters(prev);
          const narrows = FILTER_KEYS.some((k) => k in patch);
          const next: TicketFilters = { ...current, ...patch };
          if (narrows && !("page" in patch)) next.page = 1;
          return write(prev, next);
        },
        { replace: false },
      );
    },
    [setParams],
  );

  const clear = useCallback(() => {
    setParams((prev) => {
      const current = parseTicketFilters(prev);
      return write(prev, {
        ...current,
        q: "",
        status: [],
        assigneeId: null,
        requesterId: null,
        serviceId: null,
        openedFrom: null,
        openedTo: null,
        page: 1,
      });
    });
  }, [setParams]);

  const hasFilters =
    filters.q !== "" ||
    filters.status.length > 0 ||
    Boolean(
      filters.assigneeId ||
        filters.requesterId ||
        filters.serviceId ||
        filters.openedFrom ||
        filters.openedTo,
    );

  /** the atendimento open in the detail drawer (?atendimento=<id>) */
  const detailId = id(params.get("atendimento"));
  const setDetailId = useCallback(
    (value: string | null) => {
      setParams((prev) => {
        const out = new URLSearchParams(prev);
        if (value) out.set("atendimento", value);
        else out.delete("atendimento");
        return out;
      });
    },
    [setParams],
  );

  return { filters, update, clear, hasFilters, detailId, setDetailId };
}
