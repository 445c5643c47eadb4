/**
 * The one websocket of the tab (/api/ws, cookie auth): reconnects with backoff, pings every 25 s and,
 * after a reconnect, subscribes again to every atendimento still open on screen with `since` = the
 * time of the last message seen, so the server sends what was missed meanwhile.
 */
import type { WsClientMessage, WsServerMessage } from "../../shared/api.js";

export type SocketState = "idle" | "connecting" | "open" | "closed";
type Listener = (msg: WsServerMessage) => void;

const PING_MS = 25_000;
const MAX_BACKOFF_MS = 30_000;
/** the server closes with these when the session is gone or the Origin is foreign: do not retry */
const FINAL_CLOSE_CODES = new Set([4401, 4403]);

interface Sub {
  count: number;
  /** createdAt (ISO) of the newest message seen on this atendimento */
  lastSeen?: string;
}

export class RealtimeSocket {
  private ws: WebSocket | null = null;
  private readonly listeners = new Set<Listener>();
  private readonly stateListeners = new Set<(s: SocketState) => void>();
  private readonly subs = new Map<string, Sub>();
  private attempt = 0;
  private reconnectTimer: ReturnType<typeof setTimeout> | null = null;
  private pingTimer: ReturnType<typeof setInterval> | null = null;
  private wanted = false;
  state: SocketState = "idle";

  constructor(private readonly url: () => string) {}

  connect(): void {
    this.wanted = true;
    if (this.ws && (this.ws.readyState === WebSocket.OPEN || this.ws.readyState === WebSocket.CONNECTING))
      return;
    this.clearReconnect();
    this.setState("connecting");
    let ws: WebSocket;
    try {
      ws = new WebSocket(this.url());
    } catch {
      this.scheduleReconnect();
      return;
    }
    this.ws = ws;
    ws.onopen = () => {
      if (this.ws !== ws) return;
      this.attempt = 0;
      this.setState("open");
      for (const [ticketId, sub] of this.subs) this.sendSubscribe(ticketId, sub);
      this.stopPing();
      this.pingTimer = setInterval(() => this.send({ type: "ping" }), PING_MS);
    };
    ws.onmessage = (ev) => {
      if (this.ws !== ws || typeof ev.data !== "string") return;
      let msg: WsServerMessage;
      try {
        msg = JSON.parse(ev.data) as WsServerMessage;
      } catch {
        return;
      }
      if (msg.type === "message") this.noteSeen(msg.ticketId, msg.message.createdAt);
      for (const l of [...this.listeners]) l(msg);
    };
    ws.onclose = (ev) => {
      if (this.ws !== ws) return;
      this.ws = null;
      this.stopPing();
      this.setState("closed");
      if (!this.wanted || FINAL_CLOSE_CODES.has(ev.code)) return;
      this.scheduleReconnect();
    };
  }

  /** Logout: close and forget every subscription. */
  disconnect(): void {
    this.wanted = false;
    this.clearReconnect();
    this.stopPing();
    this.subs.clear();
    const ws = this.ws;
    this.ws = null;
    ws?.close(1000, "logout");
    this.setState("idle");
  }

  /** Listens to every server message; returns the unsubscribe function. */
  listen(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  onState(listener: (s: SocketState) => void): () => void {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  }

  /** Follows an atendimento (reference-counted: two components may follow the same one). */
  subscribe(ticketId: string, lastSeen?: string): () => void {
    let sub = this.subs.get(ticketId);
    if (!sub) {
      sub = { count: 0, lastSeen };
      this.subs.set(ticketId, sub);
    }
    if (lastSeen) this.noteSeen(ticketId, lastSeen);
    sub.count++;
    if (sub.count === 1) this.sendSubscribe(ticketId, sub);
    let done = false;
    return () => {
      if (done) return;
      done = true;
      const current = this.subs.get(ticketId);
      if (!current) return;
      current.count--;
      if (current.count <= 0) {
        this.subs.delete(ticketId);
        this.send({ type: "unsubscribe", ticketId });
      }
    };
  }

  /** Records the newest message seen (used as `since` when subscribing again after a reconnect). */
  noteSeen(ticketId: string, createdAt: string): void {
    const sub = this.subs.get(ticketId);
    if (sub && (!sub.lastSeen || Date.parse(createdAt) > Date.parse(sub.lastSeen))) sub.lastSeen = createdAt;
  }

  private sendSubscribe(ticketId: string, sub: Sub) {
    this.send({ type: "subscribe", ticketId, ...(sub.lastSeen ? { since: sub.lastSeen } : {}) });
  }

  private send(msg: WsClientMessage) {
    if (this.ws?.readyState === WebSocket.OPEN) this.ws.send(JSON.stringify(msg));
  }

  private scheduleReconnect() {
    this.clearReconnect();
    const base = Math.min(MAX_BACKOFF_MS, 1000 * 2 ** this.attempt);
    this.attempt = Math.min(this.attempt + 1, 10);
    const delay = base / 2 + Math.random() * (base / 2);
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      if (this.wanted) this.connect();
    }, delay);
  }

  private clearReconnect() {
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.reconnectTimer = null;
  }

  private stopPing() {
    if (this.pingTimer) clearInterval(this.pingTimer);
    this.pingTimer = null;
  }

  private setState(s: SocketState) {
    this.state = s;
    for (const l of [...this.stateListeners]) l(s);
  }
}

const wsUrl = () => `${location.protocol === "https:" ? "wss:" : "ws:"}//${location.host}/api/ws`;

/** The tab's socket. */
export const realtime = new RealtimeSocket(wsUrl);
