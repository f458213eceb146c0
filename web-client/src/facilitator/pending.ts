// Acknowledgement state of the facilitator's controls: a control (key such as "reveal" or "open:5") is
// pending while any of its outbox commands waits for an ack; a refusal is kept as that control's error.
import type { OutboxCommand } from '../lib/outbox';

export interface ControlError {
  key: string;
  code: string;
  message: string;
}

export class PendingControls {
  /** outbox entry id → control key */
  private readonly owner = new Map<string, string>();
  /** control key → ids still waiting */
  private readonly waiting = new Map<string, Set<string>>();
  private readonly errors = new Map<string, ControlError>();

  /** A control sent these commands (their outbox ids); clears its earlier error. */
  start(key: string, ids: string[]): void {
    this.errors.delete(key);
    const set = this.waiting.get(key) ?? new Set<string>();
    for (const id of ids) {
      set.add(id);
      this.owner.set(id, key);
    }
    this.waiting.set(key, set);
  }

  /** The server acknowledged one command; returns its control's key (or null for a command we never sent). */
  confirm(id: string): string | null {
    return this.finish(id);
  }

  /** The server refused a command for good; the control shows the error. */
  reject(id: string, code: string, message: string): string | null {
    const key = this.finish(id);
    if (key !== null) this.errors.set(key, { key, code, message });
    return key;
  }

  isPending(key: string): boolean {
    return (this.waiting.get(key)?.size ?? 0) > 0;
  }

  /** Whether any control whose key starts with `prefix` waits (e.g. "open:" or "" for any). */
  anyPending(prefix = ''): boolean {
    for (const [key, ids] of this.waiting) if (key.startsWith(prefix) && ids.size > 0) return true;
    return false;
  }

  error(key: string): ControlError | null {
    return this.errors.get(key) ?? null;
  }

  /** The most recent errors first. */
  allErrors(): ControlError[] {
    return [...this.errors.values()].reverse();
  }

  clearError(key: string): void {
    this.errors.delete(key);
  }

  private finish(id: string): string | null {
    const key = this.owner.get(id);
    if (key === undefined) return null;
    this.owner.delete(id);
    const set = this.waiting.get(key);
    set?.delete(id);
    if (set && set.size === 0) this.waiting.delete(key);
    return key;
  }
}

/** The control key of a command, for commands the page finds in the outbox after a reload. */
export function controlKey(command: OutboxCommand): string {
  switch (command.type) {
    case 'open':
    case 'close':
      return `${command.type}:${command.statement}`;
    case 'remove':
      return `remove:${command.participant_id}`;
    case 'focus':
      return `everyone:${command.statement}`;
    case 'choose_baseline':
      return 'baseline:choose';
    case 'remove_baseline':
      return 'baseline:remove';
    case 'review_baseline_action':
      return `baseline:review:${command.action_id}`;
    default:
      return command.type;
  }
}
