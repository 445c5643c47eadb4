/** Who has an atendimento open, across app instances ("Fulano está vendo este atendimento"). */
export interface PresenceEntry {
  officeId: string;
  ticketId: string;
  userId: string;
  name: string;
  instanceId: string;
  /** ms since epoch; Infinity for this instance's own viewers (they leave explicitly) */
  expiresAt: number;
}

export interface Viewer {
  id: string;
  name: string;
}

/**
 * One entry per (ticket, instance, user). This instance's entries live as long as its sockets; the
 * other instances' entries are refreshed by their heartbeats and expire after `ttlMs` without one, so
 * the viewers of an instance that crashed disappear.
 */
export class PresenceBoard {
  private readonly tickets = new Map<string, Map<string, PresenceEntry>>();

  constructor(
    readonly instanceId: string,
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Adds, refreshes or removes an entry; true when the ticket's viewers changed. */
  apply(e: Omit<PresenceEntry, "expiresAt">, on: boolean): boolean {
    const key = `${e.instanceId}|${e.userId}`;
    let entries = this.tickets.get(e.ticketId);
    if (!on) {
      const had = entries?.delete(key) ?? false;
      if (entries && entries.size === 0) this.tickets.delete(e.ticketId);
      return had;
    }
    if (!entries) {
      entries = new Map();
      this.tickets.set(e.ticketId, entries);
    }
    const before = entries.get(key);
    const expiresAt = e.instanceId === this.instanceId ? Number.POSITIVE_INFINITY : this.now() + this.ttlMs;
    entries.set(key, { ...e, expiresAt });
    return !before || before.name !== e.name;
  }

  /** Distinct people of the office viewing the ticket, minus `exclude` (the recipient), by name. */
  viewers(ticketId: string, officeId: string, exclude?: string): Viewer[] {
    const byUser = new Map<string, Viewer>();
    for (const e of this.tickets.get(ticketId)?.values() ?? []) {
      if (e.officeId !== officeId || e.userId === exclude) continue;
      byUser.set(e.userId, { id: e.userId, name: e.name });
    }
    return [...byUser.values()].sort(
      (a, b) => a.name.localeCompare(b.name, "pt-BR") || a.id.localeCompare(b.id),
    );
  }

  /** This instance's entries, to re-announce. */
  local(): PresenceEntry[] {
    const out: PresenceEntry[] = [];
    for (const entries of this.tickets.values())
      for (const e of entries.values()) if (e.instanceId === this.instanceId) out.push(e);
    return out;
  }

  /** Drops the other instances' entries not refreshed in time; returns the tickets that changed. */
  expire(): string[] {
    const t = this.now();
    const changed: string[] = [];
    for (const [ticketId, entries] of this.tickets) {
      let any = false;
      for (const [key, e] of entries) {
        if (e.expiresAt <= t) {
          entries.delete(key);
          any = true;
        }
      }
      if (entries.size === 0) this.tickets.delete(ticketId);
      if (any) changed.push(ticketId);
    }
    return changed;
  }
}
