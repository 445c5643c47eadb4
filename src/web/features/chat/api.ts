import { useQuery } from "@tanstack/react-query";
import type { MessageCreateInput, MessageDto } from "../../../shared/api.js";
import { api } from "../../api/client.js";

/** Not under "tickets": the chat is kept current by the websocket, not by refetching. */
export const chatKeys = {
  messages: (ticketId: string) => ["chat", ticketId] as const,
};

const path = (id: string) => `/api/tickets/${encodeURIComponent(id)}`;

export function useMessages(ticketId: string) {
  return useQuery({
    queryKey: chatKeys.messages(ticketId),
    queryFn: ({ signal }) => api.get<MessageDto[]>(`${path(ticketId)}/messages`, { signal }),
    staleTime: Number.POSITIVE_INFINITY,
    refetchOnWindowFocus: false,
  });
}

export const chatApi = {
  send: (ticketId: string, input: MessageCreateInput) =>
    api.post<MessageDto>(`${path(ticketId)}/messages`, input),
  markRead: (ticketId: string) => api.post<void>(`${path(ticketId)}/read`),
};

/** Adds (or replaces) messages, oldest first, without duplicates. */
export function mergeMessages(list: readonly MessageDto[], incoming: readonly MessageDto[]): MessageDto[] {
  const byId = new Map(list.map((m) => [m.id, m]));
  for (const m of incoming) byId.set(m.id, m);
  return [...byId.values()].sort(
    (a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt) || a.id.localeCompare(b.id),
  );
}
