/**
 * Starts the grid's first request before its page is drawn (right after login), so the rows and the
 * page's code arrive together instead of one after the other.
 */
import type { QueryClient } from "@tanstack/react-query";
import { ticketListOptions } from "./api.js";
import { parseTicketFilters, toListQuery } from "./useTicketFilters.js";

/** Fetches the grid page that `/atendimentos?<search>` shows into the cache (errors are the page's). */
export function prefetchTicketList(queryClient: QueryClient, search: string): Promise<void> {
  const query = toListQuery(parseTicketFilters(new URLSearchParams(search)));
  return queryClient.prefetchQuery(ticketListOptions(query));
}
