// Delivering the outbox over a bound socket: every entry is sent once per socket, oldest first, with its
// original id (the server acks a repeated id with its original seq); it leaves the outbox on its ack or on a
// final error, and is sent again after a retryable one (no sooner than a rate_limited refusal asks). The
// connection says when a socket is bound or gone.
import type { ConnectionDeps, ConnectionListeners } from './connection-types';
import type { Outbox } from './outbox';
import { FINAL_ERRORS } from './protocol';
import { retryDelayMs } from './rate-limit';

/** What an error for a command id meant: not an outbox command, dealt with here, or the socket must bind again. */
export type CommandFailure = 'not_ours' | 'handled' | 'rebind';

export class OutboxDelivery {
  /** the session's outbox, once the connection knows its session */
  outbox: Outbox | null = null;
  /** the socket has sent resume/facilitate/join and got its ack */
  private bound = false;
  /** outbox ids sent on the current socket and not answered yet */
  private readonly inflight = new Set<string>();
  private retryTimer: unknown = null;

  constructor(
    private readonly deps: Pick<ConnectionDeps, 'setTimer' | 'clearTimer' | 'retryMs'>,
    private readonly listeners: Pick<ConnectionListeners, 'confirmed' | 'rejected'>,
    /** sends one frame on the current socket; false when it could not */
    private readonly sendFrame: (frame: Record<string, unknown>) => boolean,
    /** the number of waiting commands changed */
    private readonly changed: () => void,
  ) {}

  /** The socket is bound: from now on (the next flush) entries go out on it. */
  socketBound(): void {
    this.bound = true;
  }

  /** The socket is gone: nothing is in flight any more, everything is sent again on the next one. */
  socketGone(): void {
    this.bound = false;
    this.inflight.clear();
  }

  /** Sends every outbox entry not yet sent on this socket, oldest first, with its original id. */
  flush(): void {
    if (!this.bound || !this.outbox) return;
    for (const entry of this.outbox.entries()) {
      if (this.inflight.has(entry.id)) continue;
      if (!this.sendFrame({ ...entry.command, id: entry.id })) return;
      this.inflight.add(entry.id);
    }
  }

  /**
   * The server acknowledged `id` with `seq`: an outbox command is durable, it leaves the outbox. `ack` is the
   * whole frame (a vote's ack carries the voter's votes, a proposal's its action id).
   */
  acked(id: string, seq: number, ack: Record<string, unknown> = {}): void {
    this.inflight.delete(id);
    const entry = this.outbox?.remove(id);
    if (entry) {
      this.listeners.confirmed?.(entry, seq, ack);
      this.changed();
    }
  }

  /**
   * The server refused the command `id`: dropped for good on a final error, else sent again later (after
   * `retryAfterMs` at the least, when the server said it).
   */
  failed(id: string, code: string, message: string, retryAfterMs?: number): CommandFailure {
    if (!this.outbox?.has(id)) return 'not_ours';
    this.inflight.delete(id);
    if (FINAL_ERRORS.has(code)) {
      const entry = this.outbox.remove(id);
      if (entry) this.listeners.rejected?.(entry, code, message);
      this.changed();
    } else if (code === 'not_joined') {
      return 'rebind';
    } else {
      this.scheduleRetry(Math.max(this.deps.retryMs, retryDelayMs(retryAfterMs, this.deps.retryMs)));
    }
    return 'handled';
  }

  stop(): void {
    if (this.retryTimer !== null) this.deps.clearTimer(this.retryTimer);
    this.retryTimer = null;
  }

  private scheduleRetry(delay: number): void {
    if (this.retryTimer !== null) return;
    this.retryTimer = this.deps.setTimer(() => {
      this.retryTimer = null;
      this.flush();
    }, delay);
  }
}
