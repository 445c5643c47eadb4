import { EventEmitter } from "node:events";
import pg from "pg";
import type { RawQuery } from "../db/client.js";
import type { Bus, BusEvent } from "./bus.js";

export const BUS_CHANNEL = "atende_events";
/** NOTIFY payloads must stay under 8000 bytes; ours are a few ids */
const MAX_PAYLOAD = 7900;
const EVENT_TYPES = new Set(["message", "ticket", "read", "presence"]);

export type PgBusLog = {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
};
const silentLog: PgBusLog = { info() {}, warn() {}, error() {} };

export interface PgBusOptions {
  /** where to LISTEN: a dedicated connection, outside the pool (a pooled one would be reused) */
  connectionString: string;
  /** runs the NOTIFY (the app's pool) */
  rawQuery: RawQuery;
  log?: PgBusLog;
  /** first reconnect delay, doubled up to maxBackoffMs */
  minBackoffMs?: number;
  maxBackoffMs?: number;
  /** how often the LISTEN connection is probed with SELECT 1 (detects a half-open TCP connection) */
  probeIntervalMs?: number;
}

/**
 * Fan-out across app instances through PostgreSQL LISTEN/NOTIFY: every instance listening on the
 * channel receives every event, including the ones it published itself. If the LISTEN connection
 * drops, it reconnects with backoff, LISTENs again and tells its resync listeners that events may
 * have been lost meanwhile.
 */
export class PgBus implements Bus {
  private readonly emitter = new EventEmitter().setMaxListeners(0);
  private readonly log: PgBusLog;
  private client: pg.Client | null = null;
  private closed = false;
  private attempt = 0;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private probeTimer: NodeJS.Timeout | null = null;
  private connecting: Promise<void> | null = null;
  /** gives up the current LISTEN connection and reconnects */
  private drop: ((err?: Error) => void) | null = null;
  /** true once a LISTEN has succeeded: a later reconnect is a resync */
  private everListened = false;

  constructor(private readonly opts: PgBusOptions) {
    this.log = opts.log ?? silentLog;
  }

  /** Connects and LISTENs; rejects if the first attempt fails (the app should not start deaf). */
  async start(): Promise<void> {
    await this.connect();
    const every = this.opts.probeIntervalMs ?? 30_000;
    this.probeTimer = setInterval(() => void this.probe(), every);
    this.probeTimer.unref();
  }

  get listening(): boolean {
    return this.client !== null && !this.connecting;
  }

  /** the PostgreSQL backend process of the LISTEN connection (diagnostics, tests) */
  get listenerPid(): number | undefined {
    return (this.client as (pg.Client & { processID?: number }) | null)?.processID;
  }

  async publish(event: BusEvent): Promise<void> {
    const payload = JSON.stringify(event);
    if (Buffer.byteLength(payload) > MAX_PAYLOAD) throw new Error(`bus event too large (${event.type})`);
    await this.opts.rawQuery("SELECT pg_notify($1, $2)", [BUS_CHANNEL, payload]);
  }

  subscribe(handler: (event: BusEvent) => void) {
    this.emitter.on("event", handler);
    return () => this.emitter.off("event", handler);
  }

  onResync(handler: () => void) {
    this.emitter.on("resync", handler);
    return () => this.emitter.off("resync", handler);
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    if (this.probeTimer) clearInterval(this.probeTimer);
    await this.connecting?.catch(() => {});
    const c = this.client;
    this.client = null;
    this.emitter.removeAllListeners();
    if (c) await c.end().catch(() => {});
  }

  private connect(): Promise<void> {
    this.connecting ??= this.doConnect().finally(() => {
      this.connecting = null;
    });
    return this.connecting;
  }

  private async doConnect(): Promise<void> {
    const c = new pg.Client({
      connectionString: this.opts.connectionString,
      // names the backend in pg_stat_activity, like the pool's; an application_name in the URL wins
      application_name: "atende",
      keepAlive: true,
      connectionTimeoutMillis: 10_000,
      query_timeout: 10_000,
    });
    c.on("notification", (msg) => {
      if (msg.channel === BUS_CHANNEL && msg.payload) this.dispatch(msg.payload);
    });
    // both mean the connection is gone; reconnect once
    let lost = false;
    const onLost = (err?: Error) => {
      if (lost) return;
      lost = true;
      if (this.client === c) this.client = null;
      c.end().catch(() => {});
      if (this.closed) return;
      this.log.warn({ err }, "realtime LISTEN connection lost; reconnecting");
      this.scheduleReconnect();
    };
    c.on("error", onLost);
    c.on("end", () => onLost());
    try {
      await c.connect();
      await c.query(`LISTEN ${BUS_CHANNEL}`);
    } catch (err) {
      lost = true;
      c.end().catch(() => {});
      throw err;
    }
    if (this.closed) {
      lost = true;
      await c.end().catch(() => {});
      return;
    }
    this.client = c;
    this.drop = onLost;
    this.attempt = 0;
    if (this.everListened) {
      this.log.info({}, "realtime LISTEN connection restored");
      this.emitter.emit("resync");
    }
    this.everListened = true;
  }

  private scheduleReconnect() {
    if (this.closed || this.reconnectTimer) return;
    const min = this.opts.minBackoffMs ?? 250;
    const max = this.opts.maxBackoffMs ?? 10_000;
    const base = Math.min(max, min * 2 ** this.attempt);
    const delay = Math.round(base / 2 + (Math.random() * base) / 2); // jitter: instances do not stampede
    this.attempt++;
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      this.connect().catch((err) => {
        this.log.warn({ err, attempt: this.attempt }, "realtime LISTEN reconnect failed");
        this.scheduleReconnect();
      });
    }, delay);
    this.reconnectTimer.unref();
  }

  private async probe() {
    const c = this.client;
    if (!c || this.closed) return;
    try {
      await c.query("SELECT 1");
    } catch (err) {
      if (this.client === c) this.drop?.(err as Error);
    }
  }

  private dispatch(payload: string) {
    let event: BusEvent;
    try {
      event = JSON.parse(payload) as BusEvent;
    } catch {
      this.log.warn({ payload: payload.slice(0, 200) }, "realtime: unreadable bus event ignored");
      return;
    }
    if (
      !event ||
      typeof event !== "object" ||
      !EVENT_TYPES.has(event.type) ||
      typeof event.officeId !== "string"
    ) {
      this.log.warn({ payload: payload.slice(0, 200) }, "realtime: unknown bus event ignored");
      return;
    }
    for (const handler of this.emitter.listeners("event") as ((e: BusEvent) => void)[]) {
      try {
        handler(event);
      } catch (err) {
        this.log.error({ err }, "realtime bus handler failed");
      }
    }
  }
}
