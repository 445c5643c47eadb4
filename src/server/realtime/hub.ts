import { randomUUID } from "node:crypto";
import type { FastifyBaseLogger } from "fastify";
import { WebSocket } from "ws";
import { z } from "zod";
import { idSchema, type MessageDto, type WsServerMessage } from "../../shared/api.js";
import { dateTimeInRange } from "../../shared/dates.js";
import type { Db } from "../db/client.js";
import { databaseUnavailable } from "../lib/errors.js";
import { isDatabaseUnavailable } from "../lib/sql.js";
import { actorFromSession } from "../modules/auth/actor.js";
import type { Actor } from "../modules/auth/context.js";
import { canReadTicket, listMessagesForActor, loadMessageForActor } from "../modules/messages/queries.js";
import * as messagesRepo from "../modules/messages/repository.js";
import { type Bus, type BusEvent, publishAfterCommit } from "./bus.js";
import { PresenceBoard } from "./presence.js";

/** What the browser may send (the WsClientMessage type of shared/api.ts, validated). */
export const wsClientMessageSchema = z.discriminatedUnion("type", [
  z.object({
    type: z.literal("subscribe"),
    ticketId: idSchema,
    since: dateTimeInRange.optional(),
  }),
  z.object({ type: z.literal("unsubscribe"), ticketId: idSchema }),
  z.object({ type: z.literal("ping") }),
]);

export interface HubOptions {
  /** the socket's session and access are re-read at least this often (and before client deliveries) */
  recheckMs: number;
  /** this instance re-announces its viewers this often… */
  presenceHeartbeatMs: number;
  /** …and forgets another instance's viewer not re-announced within this */
  presenceTtlMs: number;
  instanceId: string;
}

export const defaultHubOptions = (): HubOptions => ({
  recheckMs: 30_000,
  presenceHeartbeatMs: 20_000,
  presenceTtlMs: 45_000,
  instanceId: randomUUID(),
});

/** Per-socket limits: atendimentos followed at once, queued tasks, unsent bytes, messages per 10 s. */
const MAX_SUBSCRIPTIONS = 100;
const MAX_PENDING_TASKS = 500;
const MAX_BUFFERED_BYTES = 4 * 1024 * 1024;
const MAX_CLIENT_MESSAGES_PER_10S = 200;
/** message ids remembered per subscription, so a backlog and a live event never deliver one twice */
const RECENT_IDS = 200;

export const CLOSE = {
  /** the server restarts or shuts down: reconnect (to another instance, or to this one in a moment) */
  serviceRestart: 1012,
  policy: 1008,
  tryAgainLater: 1013,
  unauthenticated: 4401,
  forbiddenOrigin: 4403,
} as const;

const NOT_FOUND_MESSAGE = "Atendimento não encontrado.";

interface Subscription {
  /** false until the subscribe was authorised (events queued meanwhile wait behind it) */
  active: boolean;
  recent: Set<string>;
}

interface Conn {
  id: number;
  socket: WebSocket;
  actor: Actor;
  checkedAt: number;
  subs: Map<string, Subscription>;
  /** tasks of this socket run one after the other, in order: a send queue */
  queue: Promise<void>;
  pending: number;
  closed: boolean;
  /** answered the last protocol ping */
  alive: boolean;
  windowStart: number;
  windowCount: number;
}

const sameIds = (a: string[], b: string[]) => a.length === b.length && a.every((x) => b.includes(x));
const isStaff = (actor: Actor) => actor.role !== "client";

/**
 * Who sees a message the same way: all staff of the office share one view (they read every
 * atendimento and every internal note); a client user's depends on the user and their companies.
 */
const viewKey = (actor: Actor) =>
  isStaff(actor)
    ? `staff:${actor.officeId}`
    : `client:${actor.officeId}:${actor.userId}:${[...actor.clientIds].sort().join(",")}`;

interface MessageView {
  message: MessageDto | null;
  /** the "message" WsServerMessage, serialised once */
  json: string;
  /** when the message is not visible: may this view still read the atendimento? (asked once) */
  readable: Promise<boolean> | null;
}

/**
 * The sockets of this instance and what each follows. Bus events (from every instance) are turned
 * into per-recipient messages: each is loaded and authorised for the socket's actor, never trusted
 * from the event.
 */
export class RealtimeHub {
  private readonly conns = new Set<Conn>();
  private readonly byTicket = new Map<string, Set<Conn>>();
  private readonly byOffice = new Map<string, Set<Conn>>();
  private readonly presence: PresenceBoard;
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly unsubscribers: (() => void)[] = [];
  private nextId = 1;
  private closing = false;

  constructor(
    private readonly db: Db,
    private readonly bus: Bus,
    private readonly log: FastifyBaseLogger,
    private readonly opts: HubOptions = defaultHubOptions(),
  ) {
    this.presence = new PresenceBoard(opts.instanceId, opts.presenceTtlMs);
    this.unsubscribers.push(bus.subscribe((e) => this.onBusEvent(e)));
    if (bus.onResync) this.unsubscribers.push(bus.onResync(() => this.onResync()));
    this.every(opts.recheckMs, () => this.sweep());
    this.every(opts.presenceHeartbeatMs, () => this.heartbeat());
    this.every(Math.max(250, Math.min(5_000, Math.floor(opts.presenceTtlMs / 4))), () =>
      this.expirePresence(),
    );
  }

  get size() {
    return this.conns.size;
  }

  /** A socket that passed the Origin check, with the actor of its session cookie. */
  accept(socket: WebSocket, actor: Actor) {
    const conn: Conn = {
      id: this.nextId++,
      socket,
      actor,
      checkedAt: Date.now(),
      subs: new Map(),
      queue: Promise.resolve(),
      pending: 0,
      closed: false,
      alive: true,
      windowStart: Date.now(),
      windowCount: 0,
    };
    if (this.closing) {
      socket.close(CLOSE.serviceRestart, "Servidor reiniciando.");
      return;
    }
    this.conns.add(conn);
    this.index(this.byOffice, actor.officeId, conn);
    socket.on("message", (data, isBinary) => this.onClientMessage(conn, data, isBinary));
    socket.on("pong", () => {
      conn.alive = true;
    });
    socket.on("close", () => this.drop(conn));
    socket.on("error", (err) => {
      this.log.debug({ err, conn: conn.id }, "websocket error");
      this.drop(conn);
    });
  }

  /** Closes every socket and announces that this instance's viewers left (app shutdown). */
  async close() {
    this.closing = true;
    for (const t of this.timers) clearInterval(t);
    const leaving = this.presence.local();
    for (const conn of [...this.conns]) this.drop(conn, CLOSE.serviceRestart, "Servidor reiniciando.", false);
    await Promise.all(leaving.map((e) => this.publish({ type: "presence", ...e, on: false })));
    for (const off of this.unsubscribers) off();
  }

  // ---- client → server

  private onClientMessage(conn: Conn, data: WebSocket.RawData, isBinary: boolean) {
    if (conn.closed) return;
    const now = Date.now();
    if (now - conn.windowStart > 10_000) {
      conn.windowStart = now;
      conn.windowCount = 0;
    }
    if (++conn.windowCount > MAX_CLIENT_MESSAGES_PER_10S) {
      this.drop(conn, CLOSE.policy, "Mensagens demais.");
      return;
    }
    let parsed: z.infer<typeof wsClientMessageSchema> | undefined;
    if (!isBinary) {
      try {
        const r = wsClientMessageSchema.safeParse(JSON.parse(data.toString()));
        if (r.success) parsed = r.data;
      } catch {
        // not JSON: answered below
      }
    }
    if (!parsed) {
      this.send(conn, { type: "error", code: "bad_request", message: "Mensagem inválida." });
      return;
    }
    const msg = parsed;
    switch (msg.type) {
      case "ping":
        this.enqueue(conn, async () => this.send(conn, { type: "pong" }));
        return;
      case "unsubscribe":
        this.enqueue(conn, async () => this.removeSubscription(conn, msg.ticketId));
        return;
      case "subscribe": {
        if (!conn.subs.has(msg.ticketId)) {
          if (conn.subs.size >= MAX_SUBSCRIPTIONS) {
            this.send(conn, {
              type: "error",
              code: "too_many_subscriptions",
              message: `Acompanhe no máximo ${MAX_SUBSCRIPTIONS} atendimentos por conexão.`,
              ticketId: msg.ticketId,
            });
            return;
          }
          // registered now, so events published while it is being authorised queue up behind it
          this.addSubscription(conn, msg.ticketId);
        }
        this.enqueue(conn, async () => {
          try {
            await this.subscribe(conn, msg.ticketId, msg.since);
          } catch (err) {
            const away = isDatabaseUnavailable(err);
            if (away) this.log.warn({ err, conn: conn.id }, "websocket subscribe: database unavailable");
            else this.log.error({ err, conn: conn.id }, "websocket subscribe failed");
            if (conn.subs.get(msg.ticketId)?.active === false) this.removeSubscription(conn, msg.ticketId);
            this.send(conn, {
              type: "error",
              ...(away
                ? { code: "database_unavailable", message: databaseUnavailable().message }
                : {
                    code: "internal_error",
                    message: "Não foi possível acompanhar o atendimento agora. Tente novamente.",
                  }),
              ticketId: msg.ticketId,
            });
          }
        });
        return;
      }
    }
  }

  private async subscribe(conn: Conn, ticketId: string, since: string | undefined) {
    if (!(await this.ensureFresh(conn, this.opts.recheckMs))) return;
    const sub = conn.subs.get(ticketId) ?? this.addSubscription(conn, ticketId);
    const allowed = await canReadTicket(this.db, conn.actor, ticketId);
    if (conn.closed || conn.subs.get(ticketId) !== sub) return;
    if (!allowed) {
      this.lostAccess(conn, ticketId);
      return;
    }
    const wasActive = sub.active;
    sub.active = true;
    this.send(conn, { type: "subscribed", ticketId });
    if (isStaff(conn.actor)) {
      if (!wasActive) this.joinPresence(conn, ticketId);
      this.send(conn, this.presenceMessage(conn, ticketId));
    }
    if (since) {
      // messages posted while the client was away (a reconnect); ones also arriving live are sent once
      const missed = await listMessagesForActor(this.db, conn.actor, ticketId, new Date(since));
      if (conn.subs.get(ticketId) !== sub) return;
      for (const message of missed)
        this.sendMessage(
          conn,
          sub,
          message.id,
          JSON.stringify({ type: "message", ticketId, message } satisfies WsServerMessage),
        );
    }
  }

  // ---- bus → sockets

  private onBusEvent(event: BusEvent) {
    try {
      switch (event.type) {
        case "message":
          return this.onMessageEvent(event);
        case "read":
          return this.onReadEvent(event);
        case "ticket":
          return this.onTicketEvent(event);
        case "presence":
          return this.onPresenceEvent(event);
      }
    } catch (err) {
      this.log.error({ err, type: event.type }, "realtime event handling failed");
    }
  }

  private subscribersOf(officeId: string, ticketId: string): Conn[] {
    return [...(this.byTicket.get(ticketId) ?? [])].filter((c) => c.actor.officeId === officeId);
  }

  private onMessageEvent(e: Extract<BusEvent, { type: "message" }>) {
    const subscribers = this.subscribersOf(e.officeId, e.ticketId);
    if (subscribers.length === 0) return;
    // Per event, shared by the sockets' tasks (each still runs in its own socket's queue, in order):
    // a session re-read once per session id, the message loaded and serialised once per view.
    const sessions = new Map<string, Promise<Actor | null>>();
    const readSession = (sessionId: string) => {
      let s = sessions.get(sessionId);
      if (!s) {
        s = actorFromSession(this.db, sessionId);
        sessions.set(sessionId, s);
      }
      return s;
    };
    const views = new Map<string, Promise<MessageView>>();
    const viewOf = (actor: Actor) => {
      const key = viewKey(actor);
      let v = views.get(key);
      if (!v) {
        v = loadMessageForActor(this.db, actor, e.messageId).then((message) => ({
          message,
          json: message
            ? JSON.stringify({ type: "message", ticketId: e.ticketId, message } satisfies WsServerMessage)
            : "",
          readable: null,
        }));
        views.set(key, v);
      }
      return v;
    };
    const readableIn = (actor: Actor, view: MessageView) => {
      // not visible: an internal note (skipped below), a message gone, or access lost (asked once per view)
      view.readable ??= canReadTicket(this.db, actor, e.ticketId);
      return view.readable;
    };
    for (const conn of subscribers) {
      // an internal note never reaches a client user: not even loaded for them
      if (e.internal && !isStaff(conn.actor)) continue;
      this.enqueue(conn, async () => {
        if (!conn.subs.get(e.ticketId)?.active) return;
        // a client user's companies decide what they may read: re-read before every delivery
        const maxAge = isStaff(conn.actor) ? this.opts.recheckMs : 0;
        if (!(await this.ensureFresh(conn, maxAge, readSession))) return;
        const sub = conn.subs.get(e.ticketId);
        if (!sub?.active) return; // dropped by the re-check
        const view = await viewOf(conn.actor);
        if (conn.closed || conn.subs.get(e.ticketId) !== sub) return;
        if (view.message) {
          this.sendMessage(conn, sub, view.message.id, view.json);
          return;
        }
        if (!(await readableIn(conn.actor, view))) this.lostAccess(conn, e.ticketId);
      });
    }
  }

  private onReadEvent(e: Extract<BusEvent, { type: "read" }>) {
    for (const conn of this.subscribersOf(e.officeId, e.ticketId)) {
      this.enqueue(conn, async () => {
        if (!conn.subs.get(e.ticketId)?.active) return;
        if (!(await this.ensureFresh(conn, this.opts.recheckMs))) return;
        if (!conn.subs.get(e.ticketId)?.active) return;
        this.send(conn, { type: "read", ticketId: e.ticketId, side: e.side, at: e.at });
      });
    }
  }

  private onTicketEvent(e: Extract<BusEvent, { type: "ticket" }>) {
    const office = [...(this.byOffice.get(e.officeId) ?? [])];
    const msg: WsServerMessage = { type: "ticket", ticketId: e.ticketId, reason: e.reason };
    const clients: Conn[] = [];
    for (const conn of office) {
      if (!isStaff(conn.actor)) {
        clients.push(conn);
        continue;
      }
      // staff follow every atendimento of their office (the grid)
      this.enqueue(conn, async () => {
        if (await this.ensureFresh(conn, this.opts.recheckMs)) this.send(conn, msg);
      });
    }
    if (clients.length === 0) return;
    // client users: only their companies' atendimentos; the requester may have changed, so a
    // client socket following this atendimento checks its access again
    const requester: Promise<string | undefined> = e.requesterId
      ? Promise.resolve(e.requesterId)
      : messagesRepo.ticketFacts(this.db, e.officeId, e.ticketId).then((t) => t?.requesterId);
    requester.catch(() => {}); // handled by each task
    for (const conn of clients) {
      this.enqueue(conn, async () => {
        const requesterId = await requester;
        if (!requesterId) return;
        const following = conn.subs.get(e.ticketId)?.active === true;
        if (!following && !conn.actor.clientIds.includes(requesterId)) return;
        if (!(await this.ensureFresh(conn, this.opts.recheckMs))) return;
        if (conn.actor.clientIds.includes(requesterId)) {
          this.send(conn, msg);
        } else if (following && conn.subs.get(e.ticketId)?.active) {
          if (!(await canReadTicket(this.db, conn.actor, e.ticketId))) this.lostAccess(conn, e.ticketId);
        }
      });
    }
  }

  private onPresenceEvent(e: Extract<BusEvent, { type: "presence" }>) {
    if (e.instanceId === this.opts.instanceId) return; // applied locally when it happened
    const changed = this.presence.apply(
      {
        officeId: e.officeId,
        ticketId: e.ticketId,
        userId: e.userId,
        name: e.name,
        instanceId: e.instanceId,
      },
      e.on,
    );
    if (changed) this.broadcastPresence(e.officeId, e.ticketId);
  }

  /** Events may have been lost (LISTEN connection dropped): make the clients reconnect with `since`. */
  private onResync() {
    for (const conn of [...this.conns]) this.drop(conn, 1012, "Reconecte para sincronizar.");
  }

  // ---- presence

  private presenceMessage(conn: Conn, ticketId: string): WsServerMessage {
    return {
      type: "presence",
      ticketId,
      viewers: this.presence.viewers(ticketId, conn.actor.officeId, conn.actor.userId),
    };
  }

  /** Office staff following the atendimento get the viewers (client users do not). */
  private broadcastPresence(officeId: string, ticketId: string, except?: Conn) {
    for (const conn of this.subscribersOf(officeId, ticketId)) {
      if (conn === except || !isStaff(conn.actor)) continue;
      this.enqueue(conn, async () => {
        if (conn.subs.get(ticketId)?.active) this.send(conn, this.presenceMessage(conn, ticketId));
      });
    }
  }

  private joinPresence(conn: Conn, ticketId: string) {
    const { officeId, userId, name } = conn.actor;
    const entry = { officeId, ticketId, userId, name, instanceId: this.opts.instanceId };
    if (this.presence.apply(entry, true)) {
      void this.publish({ type: "presence", ...entry, on: true });
      this.broadcastPresence(officeId, ticketId, conn); // `conn` gets its own list from subscribe()
    }
  }

  /** Called after `conn` stopped following: the user leaves unless another of their sockets stays. */
  private leavePresence(conn: Conn, ticketId: string, announce = true) {
    const { officeId, userId, name } = conn.actor;
    const stillHere = [...(this.byTicket.get(ticketId) ?? [])].some(
      (c) => c !== conn && !c.closed && c.actor.userId === userId && c.subs.get(ticketId)?.active,
    );
    if (stillHere) return;
    const entry = { officeId, ticketId, userId, name, instanceId: this.opts.instanceId };
    if (this.presence.apply(entry, false)) {
      if (announce) void this.publish({ type: "presence", ...entry, on: false });
      this.broadcastPresence(officeId, ticketId);
    }
  }

  private heartbeat() {
    for (const e of this.presence.local()) {
      void this.publish({
        type: "presence",
        officeId: e.officeId,
        ticketId: e.ticketId,
        userId: e.userId,
        name: e.name,
        instanceId: e.instanceId,
        on: true,
      });
    }
  }

  private expirePresence() {
    for (const ticketId of this.presence.expire()) {
      const offices = new Set([...(this.byTicket.get(ticketId) ?? [])].map((c) => c.actor.officeId));
      for (const officeId of offices) this.broadcastPresence(officeId, ticketId);
    }
  }

  // ---- access

  /**
   * Re-reads the socket's session when older than `maxAgeMs`: a logout, an expired session or a
   * deactivated user closes the socket (4401); changed companies re-check every subscription.
   * Returns false when the socket is gone. `readSession` lets the sockets of one event share a read.
   */
  private async ensureFresh(
    conn: Conn,
    maxAgeMs: number,
    readSession: (sessionId: string) => Promise<Actor | null> = (id) => actorFromSession(this.db, id),
  ): Promise<boolean> {
    if (conn.closed) return false;
    if (Date.now() - conn.checkedAt < maxAgeMs) return true;
    const actor = await readSession(conn.actor.sessionId);
    if (conn.closed) return false;
    if (!actor || actor.officeId !== conn.actor.officeId) {
      this.drop(conn, CLOSE.unauthenticated, "Sessão encerrada.");
      return false;
    }
    const before = conn.actor;
    conn.actor = actor;
    conn.checkedAt = Date.now();
    if (before.role !== actor.role || !sameIds(before.clientIds, actor.clientIds)) {
      for (const [ticketId, sub] of [...conn.subs]) {
        if (!sub.active) continue;
        if (!(await canReadTicket(this.db, actor, ticketId))) this.lostAccess(conn, ticketId);
      }
    }
    return !conn.closed;
  }

  private lostAccess(conn: Conn, ticketId: string) {
    this.removeSubscription(conn, ticketId);
    this.sendNotFound(conn, ticketId);
  }

  /** Every recheckMs: dead TCP connections are closed, sessions and access are re-read. */
  private sweep() {
    for (const conn of [...this.conns]) {
      if (!conn.alive) {
        this.log.debug({ conn: conn.id }, "websocket did not answer ping: closing");
        conn.socket.terminate();
        this.drop(conn);
        continue;
      }
      conn.alive = false;
      try {
        conn.socket.ping();
      } catch {
        // closing already
      }
      this.enqueue(conn, async () => {
        await this.ensureFresh(conn, 0);
      });
    }
  }

  // ---- bookkeeping

  private addSubscription(conn: Conn, ticketId: string): Subscription {
    const sub: Subscription = { active: false, recent: new Set() };
    conn.subs.set(ticketId, sub);
    this.index(this.byTicket, ticketId, conn);
    return sub;
  }

  private removeSubscription(conn: Conn, ticketId: string, announce = true) {
    const sub = conn.subs.get(ticketId);
    if (!sub) return;
    conn.subs.delete(ticketId);
    this.unindex(this.byTicket, ticketId, conn);
    if (sub.active && isStaff(conn.actor)) this.leavePresence(conn, ticketId, announce);
  }

  /** Forgets the socket (and closes it with `code` when given). Safe to call more than once. */
  private drop(conn: Conn, code?: number, reason?: string, announce = true) {
    if (conn.closed) return;
    conn.closed = true;
    for (const ticketId of [...conn.subs.keys()]) this.removeSubscription(conn, ticketId, announce);
    this.conns.delete(conn);
    this.unindex(this.byOffice, conn.actor.officeId, conn);
    if (code !== undefined && conn.socket.readyState === WebSocket.OPEN) {
      try {
        conn.socket.close(code, reason);
      } catch {
        conn.socket.terminate();
      }
    }
  }

  private enqueue(conn: Conn, task: () => Promise<void>) {
    if (conn.closed) return;
    if (conn.pending >= MAX_PENDING_TASKS) {
      this.drop(conn, CLOSE.tryAgainLater, "Conexão sobrecarregada; reconecte.");
      return;
    }
    conn.pending++;
    conn.queue = conn.queue.then(async () => {
      try {
        if (!conn.closed) await task();
      } catch (err) {
        this.log.error({ err, conn: conn.id }, "realtime delivery failed");
      } finally {
        conn.pending--;
      }
    });
  }

  private send(conn: Conn, msg: WsServerMessage | string) {
    if (conn.closed || conn.socket.readyState !== WebSocket.OPEN) return;
    if (conn.socket.bufferedAmount > MAX_BUFFERED_BYTES) {
      // a client that does not read would make us hold its messages forever
      this.drop(conn, CLOSE.tryAgainLater, "Conexão lenta; reconecte.");
      return;
    }
    conn.socket.send(typeof msg === "string" ? msg : JSON.stringify(msg), (err) => {
      if (err) this.log.debug({ err, conn: conn.id }, "websocket send failed");
    });
  }

  /** `json`: the whole WsServerMessage of type "message", serialised once for every socket of a view. */
  private sendMessage(conn: Conn, sub: Subscription, messageId: string, json: string) {
    if (sub.recent.has(messageId)) return;
    sub.recent.add(messageId);
    if (sub.recent.size > RECENT_IDS) {
      const oldest = sub.recent.values().next().value;
      if (oldest !== undefined) sub.recent.delete(oldest);
    }
    this.send(conn, json);
  }

  private sendNotFound(conn: Conn, ticketId: string) {
    this.send(conn, { type: "error", code: "not_found", message: NOT_FOUND_MESSAGE, ticketId });
  }

  private publish(event: BusEvent) {
    return publishAfterCommit(this.bus, event, this.log);
  }

  private index(map: Map<string, Set<Conn>>, key: string, conn: Conn) {
    let set = map.get(key);
    if (!set) {
      set = new Set();
      map.set(key, set);
    }
    set.add(conn);
  }

  private unindex(map: Map<string, Set<Conn>>, key: string, conn: Conn) {
    const set = map.get(key);
    if (!set) return;
    set.delete(conn);
    if (set.size === 0) map.delete(key);
  }

  private every(ms: number, fn: () => void) {
    const t = setInterval(() => {
      try {
        fn();
      } catch (err) {
        this.log.error({ err }, "realtime timer failed");
      }
    }, ms);
    t.unref();
    this.timers.push(t);
  }
}
