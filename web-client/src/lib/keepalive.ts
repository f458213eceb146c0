// The connection's heartbeat: after a quiet spell on an open socket it sends a ping, and when no frame at all
// comes back within the pong timeout it declares the link dead (a socket can stay "open" on a link that is
// gone). Any frame from the server counts as a sign of life; the pong schedules the next ping.
import type { ConnectionDeps } from './connection-types';

export class Keepalive {
  private pingTimer: unknown = null;
  private pongTimer: unknown = null;

  constructor(
    private readonly deps: Pick<ConnectionDeps, 'setTimer' | 'clearTimer' | 'pingEveryMs' | 'pongTimeoutMs'>,
    /** sends a ping whose pong calls `start` again; false when there is no open socket to send it on */
    private readonly ping: () => boolean,
    /** no pong in time: the link is dead even if the socket did not notice */
    private readonly dead: () => void,
  ) {}

  /** (Re)starts the wait for the next ping. */
  start(): void {
    this.stop();
    this.pingTimer = this.deps.setTimer(() => {
      this.pingTimer = null;
      if (!this.ping()) return;
      this.pongTimer = this.deps.setTimer(() => {
        this.pongTimer = null;
        this.dead();
      }, this.deps.pongTimeoutMs);
    }, this.deps.pingEveryMs);
  }

  /** A frame arrived: the link is alive. */
  heard(): void {
    if (this.pongTimer !== null) {
      this.deps.clearTimer(this.pongTimer);
      this.pongTimer = null;
    }
  }

  stop(): void {
    if (this.pingTimer !== null) this.deps.clearTimer(this.pingTimer);
    if (this.pongTimer !== null) this.deps.clearTimer(this.pongTimer);
    this.pingTimer = this.pongTimer = null;
  }
}
