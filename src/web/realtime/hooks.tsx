import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import type { WsServerMessage } from "../../shared/api.js";
import { useAuth } from "../features/auth/AuthContext.js";
import { realtime, type SocketState } from "./socket.js";

/** react-query roots refreshed by a `ticket` event (the grid, the portal, the detail, the history). */
export const REALTIME_INVALIDATES = [["tickets"], ["portal"]] as const;

/**
 * Connects the tab's socket while someone is logged in, and refreshes the cached lists and details
 * when an atendimento changes (staff get events for the whole office, client users for their
 * companies). Rendered once, inside AuthProvider.
 */
export function RealtimeConnector() {
  const { user } = useAuth();
  const queryClient = useQueryClient();
  const userId = user?.id ?? null;

  useEffect(() => {
    if (!userId) return;
    realtime.connect();
    return () => realtime.disconnect();
  }, [userId]);

  useEffect(() => {
    // several events in a burst refresh once
    let timer: ReturnType<typeof setTimeout> | null = null;
    const flush = () => {
      timer = null;
      for (const key of REALTIME_INVALIDATES) void queryClient.invalidateQueries({ queryKey: key });
    };
    return realtime.listen((msg) => {
      if (msg.type !== "ticket" && msg.type !== "message") return;
      if (!timer) timer = setTimeout(flush, 300);
    });
  }, [queryClient]);
  return null;
}

type Handlers = {
  [K in WsServerMessage["type"]]?: (msg: Extract<WsServerMessage, { type: K }>) => void;
};

/**
 * Follows one atendimento while the component is mounted: subscribes (with the newest message
 * already seen, so nothing is missed) and calls the handler of each event of that atendimento.
 */
export function useTicketChannel(ticketId: string | null, handlers: Handlers, lastSeen?: string) {
  const ref = useRef(handlers);
  ref.current = handlers;
  const lastSeenRef = useRef(lastSeen);
  lastSeenRef.current = lastSeen;

  useEffect(() => {
    if (!ticketId) return;
    const stopListening = realtime.listen((msg) => {
      if (!("ticketId" in msg) || msg.ticketId !== ticketId) return;
      const h = ref.current[msg.type] as ((m: WsServerMessage) => void) | undefined;
      h?.(msg);
    });
    const unsubscribe = realtime.subscribe(ticketId, lastSeenRef.current);
    return () => {
      unsubscribe();
      stopListening();
    };
  }, [ticketId]);

  useEffect(() => {
    if (ticketId && lastSeen) realtime.noteSeen(ticketId, lastSeen);
  }, [ticketId, lastSeen]);
}

/** The socket's state, for a "reconectando…" hint. */
export function useSocketState(): SocketState {
  const [state, setState] = useState<SocketState>(realtime.state);
  useEffect(() => realtime.onState(setState), []);
  return state;
}
