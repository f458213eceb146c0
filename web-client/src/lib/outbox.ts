// The persistent OUTBOX: commands the server has not acknowledged yet, kept in localStorage in send order.
// After a reconnect every entry is sent again with its original id, so the server can drop repeats.
import type { Aspect } from './protocol';
import { readJson, writeJson, type KeyValueStore } from './storage';

export type OutboxCommand =
  | { type: 'answer'; statement: number; aspect: Aspect; level: number }
  | { type: 'withdraw'; statement: number; aspect: Aspect }
  | { type: 'rename'; name: string }
  // facilitator controls (used by src/facilitator/)
  | { type: 'open' | 'close'; statement: number | 'all' }
  | { type: 'reveal' | 'hide' | 'new_round' | 'close_session' | 'reopen_session' }
  | { type: 'remove'; participant_id: string }
  // everyone to statement N: participants' screens go there (it need not be open)
  | { type: 'focus'; statement: number }
  // the roadmap dialogue (src/lib/roadmap.ts builds these): participants
  | { type: 'explain'; statement: number; aspect: Aspect; text: string; signed: boolean }
  | { type: 'propose'; statement: number; text: string }
  | { type: 'vote' | 'unvote'; action_id: string }
  // ... and the facilitator's moderation
  | { type: 'show_explanations' | 'hide_explanations'; statement: number }
  | { type: 'reword'; action_id: string; text: string }
  | { type: 'hide_action' | 'show_action'; action_id: string }
  | { type: 'merge'; action_id: string; into: string }
  | { type: 'set_owner'; action_id: string; owner: string }
  | { type: 'set_horizon'; action_id: string; horizon: string }
  | { type: 'set_status'; action_id: string; status: string }
  | { type: 'vote_budget'; budget: number }
  | { type: 'conclude'; statement: number; text: string }
  // the re-assessment: an earlier session as the baseline (its token when it is not shared), and where its
  // agreed actions stand now
  | { type: 'choose_baseline'; baseline_session_id: string; token?: string }
  | { type: 'remove_baseline' }
  | { type: 'review_baseline_action'; action_id: string; status: string };

export interface OutboxEntry {
  id: string;
  command: OutboxCommand;
  /** ms since epoch when the user made the change */
  queuedAt: number;
}

/** Commands with the same cell replace each other in the outbox; null: never replaced. */
function cellOf(command: OutboxCommand): string | null {
  switch (command.type) {
    case 'answer':
    case 'withdraw':
      return `${command.statement}:${command.aspect}`;
    case 'rename':
      return 'rename';
    // a participant's vote and its taking back: only the last one matters (the server ignores a repeat)
    case 'vote':
    case 'unvote':
      return `vote:${command.action_id}`;
    case 'explain':
      return `explain:${command.statement}:${command.aspect}`;
    default:
      return null;
  }
}

export class Outbox {
  private entries_: OutboxEntry[];

  constructor(
    private readonly store: KeyValueStore,
    private readonly key: string,
  ) {
    const saved = readJson<OutboxEntry[]>(store, key);
    this.entries_ = Array.isArray(saved) ? saved.filter((e) => typeof e?.id === 'string' && e.command) : [];
  }

  /** Entries in the order they must be sent. */
  entries(): readonly OutboxEntry[] {
    return this.entries_;
  }

  get size(): number {
    return this.entries_.length;
  }

  has(id: string): boolean {
    return this.entries_.some((e) => e.id === id);
  }

  /**
   * Adds a command. A later answer (or withdrawal) for the same statement and aspect replaces an earlier
   * unacknowledged one: only the last choice matters, and it is sent after anything already in flight.
   */
  enqueue(id: string, command: OutboxCommand, now: number = Date.now()): OutboxEntry {
    const cell = cellOf(command);
    if (cell !== null) this.entries_ = this.entries_.filter((e) => cellOf(e.command) !== cell);
    const entry: OutboxEntry = { id, command, queuedAt: now };
    this.entries_.push(entry);
    this.save();
    return entry;
  }

  /** Removes the entry with this id (after its ack or a final error); false when it was not there. */
  remove(id: string): OutboxEntry | null {
    const found = this.entries_.find((e) => e.id === id) ?? null;
    if (found) {
      this.entries_ = this.entries_.filter((e) => e.id !== id);
      this.save();
    }
    return found;
  }

  clear(): void {
    this.entries_ = [];
    this.store.removeItem(this.key);
  }

  private save(): void {
    if (this.entries_.length === 0) this.store.removeItem(this.key);
    else writeJson(this.store, this.key, this.entries_);
  }
}
