import { EventEmitter } from "node:events";

/**
 * What changed, published after the transaction that changed it commits. Small on purpose (ids, no
 * content): it travels through PostgreSQL NOTIFY, and each instance loads and authorises what it
 * sends to each of its sockets.
 */
export type BusEvent =
  | { type: "message"; officeId: string; ticketId: string; messageId: string; internal: boolean }
  | {
      type: "ticket";
      officeId: string;
      ticketId: string;
      reason: string;
      /** the Solicitante, when the publisher knows it (saves a lookup for client users' sockets) */
      requesterId?: string;
    }
  | { type: "read"; officeId: string; ticketId: string; side: "office" | "client"; at: string }
  /**
   * Someone of the office has (on) or no longer has (off) the atendimento open. Re-announced by each
   * instance every few seconds; an entry not re-announced in time expires (crashed instance).
   */
  | {
      type: "presence";
      officeId: string;
      ticketId: string;
      userId: string;
      name: string;
      instanceId: string;
      on: boolean;
    };

export interface Bus {
  publish(event: BusEvent): Promise<void>;
  /** returns an unsubscribe function */
  subscribe(handler: (event: BusEvent) => void): () => void;
  /**
   * Called after events may have been lost (the LISTEN connection dropped and came back): listeners
   * should make their clients resynchronise. Returns an unsubscribe function. Optional.
   */
  onResync?(handler: () => void): () => void;
  close(): Promise<void>;
}

/** One process (embedded PGlite): an in-memory emitter. */
export class LocalBus implements Bus {
  private readonly emitter = new EventEmitter().setMaxListeners(0);
  async publish(event: BusEvent) {
    this.emitter.emit("event", event);
  }
  subscribe(handler: (event: BusEvent) => void) {
    this.emitter.on("event", handler);
    return () => this.emitter.off("event", handler);
  }
  async close() {
    this.emitter.removeAllListeners();
  }
}

/** A publish that never throws into the caller: after a commit, a lost event is logged, not fatal. */
export async function publishAfterCommit(
  bus: Bus,
  event: BusEvent,
  log: { error(obj: object, msg?: string): void } = console,
): Promise<void> {
  try {
    await bus.publish(event);
  } catch (err) {
    log.error({ err, event: { type: event.type, ticketId: event.ticketId } }, "realtime publish failed");
  }
}
