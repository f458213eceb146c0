// The resilient protocol client: one WebSocket to /ws, bound to one session as participant or facilitator.
// This file keeps the socket's life: binding it to the session (join, resume, facilitate, each naming the
// update format the client reads: PROTOCOL_VERSION), reconnecting with exponential backoff, the status it
// reports, and passing each server frame on to its listener. Commands go through the persistent outbox
// (outbox-delivery.ts resends them with the SAME ids); keepalive.ts pings.
// A refusal as rate_limited is waited out for the retry_after_ms the server asks, then tried again.
import { backoffDelay } from './backoff';
import type { Binding, ConnectionDeps, ConnectionListeners, ConnectionStatus, ConnectionView, SocketLike } from './connection-types';
import { Keepalive } from './keepalive';
import { Outbox, type OutboxCommand, type OutboxEntry } from './outbox';
import { OutboxDelivery } from './outbox-delivery';
import { parseServerMessage, PROTOCOL_VERSION, type Aspect } from './protocol';
import { retryDelayMs } from './rate-limit';
import { keys, readJson, writeJson, type KeyValueStore, type ParticipantCredentials } from './storage';

const OPEN = 1;

interface Pending {
  resolve: (msg: Record<string, unknown>) => void;
  reject: (err: ProtocolError) => void;
}

export class ProtocolError extends Error {
  constructor(
    readonly code: string,
    message: string,
    /** for rate_limited: how long the server asks to wait before trying again */
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}

export class Connection {
  private socket: SocketLike | null = null;
  private binding: Binding | null = null;
  private readonly delivery: OutboxDelivery;
  private readonly keepalive: Keepalive;
  private readonly pending = new Map<string, Pending>();
  private joinRequest: { id: string; code: string; token: string; name?: string; department?: string } | null = null;
  private attempt = 0;
  private status: ConnectionStatus = 'connecting';
  private endedBy: string | undefined;
  private stopped = false;
  private lastSeq = 0;
  private reconnectTimer: unknown = null;
  /** a join refused as rate_limited waits for this timer before it is sent again */
  private joinRetryTimer: unknown = null;
  /** the next reconnect waits at least this long (the server asked us to wait) */
  private holdOffMs = 0;

  constructor(
    private readonly deps: ConnectionDeps,
    private readonly listeners: ConnectionListeners = {},
  ) {
    this.delivery = new OutboxDelivery(deps, listeners, (frame) => this.sendFrame(frame), () => this.emitState());
    this.keepalive = new Keepalive(deps, () => this.sendPing(), () => this.dropSocket());
  }

  /** Connects as the participant or facilitator of a session, with credentials from an earlier join. */
  attach(binding: Binding, lastSeq = 0): void {
    this.binding = binding;
    this.lastSeq = lastSeq;
    this.delivery.outbox = new Outbox(this.deps.store, keys.outbox(binding.session_id));
    this.connectNow();
  }

  /**
   * Joins a session by its code. Resolves with the stored credentials once the server acknowledged;
   * the connection then stays bound to that session. The join carries a token made here, so sending it
   * again after a reconnect (when its ack was lost) finds the same participant instead of a second one.
   * A join refused as rate_limited is not given up: listeners.joinDelayed hears how long it waits, then the
   * same join (same id and token) is sent again.
   */
  join(code: string, name?: string, department?: string): Promise<ParticipantCredentials> {
    const id = this.deps.newId();
    const token = newClientToken();
    if (this.joinRetryTimer !== null) this.deps.clearTimer(this.joinRetryTimer);
    this.joinRetryTimer = null;
    this.joinRequest = { id, code, token, ...(name ? { name } : {}), ...(department ? { department } : {}) };
    const result = new Promise<Record<string, unknown>>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
    }).then((ack) => {
      const creds: ParticipantCredentials = {
        token: String(ack.token),
        participant_id: String(ack.participant_id),
        session_id: String(ack.session_id),
        join_code: code,
      };
      writeJson(this.deps.store, keys.participant(creds.session_id), creds);
      this.binding = { role: 'participant', ...creds };
      this.delivery.outbox = new Outbox(this.deps.store, keys.outbox(creds.session_id));
      this.markBound();
      return creds;
    });
    if (this.socket?.readyState === OPEN) this.sendJoin();
    else this.connectNow();
    return result;
  }

  answer(statement: number, aspect: Aspect, level: number): OutboxEntry {
    return this.command({ type: 'answer', statement, aspect, level });
  }

  withdraw(statement: number, aspect: Aspect): OutboxEntry {
    return this.command({ type: 'withdraw', statement, aspect });
  }

  /** Queues a command durably and sends it at once when the connection is bound. */
  command(command: OutboxCommand): OutboxEntry {
    const outbox = this.delivery.outbox;
    if (!outbox) throw new Error('connection is not bound to a session');
    const entry = outbox.enqueue(this.deps.newId(), command, this.deps.now());
    this.delivery.flush();
    this.emitState();
    return entry;
  }

  /**
   * Asks for a fresh snapshot (a participant's `resume` on the bound socket): for what updates do not carry,
   * such as the own votes after the facilitator merged an action one voted for. Nothing when not connected.
   */
  refresh(): void {
    const binding = this.binding;
    if (!binding || binding.role !== 'participant' || this.status !== 'connected' || this.socket?.readyState !== OPEN) return;
    const id = this.deps.newId();
    this.pending.set(id, { resolve: () => {}, reject: () => {} });
    this.sendFrame(this.bindFrame(id, binding));
  }

    /** Commands waiting for an ack, in send order. */
  waiting(): readonly OutboxEntry[] {
    return this.delivery.outbox?.entries() ?? [];
  }

  view(): ConnectionView {
    return {
      status: this.status,
      waiting: this.delivery.outbox?.size ?? 0,
      ...(this.endedBy ? { endedBy: this.endedBy } : {}),
    };
  }

  /** The browser says the network is gone: drop the socket now instead of waiting for a timeout. */
  networkLost(): void {
    if (this.stopped) return;
    this.dropSocket();
    this.setStatus('offline');
    this.scheduleReconnect();
  }

  /** The browser says the network is back: reconnect at once. */
  networkBack(): void {
    if (this.stopped || this.status === 'ended') return;
    if (this.socket?.readyState === OPEN) return;
    // an attempt begun while offline will fail: replace it, and start the backoff over
    if (this.socket) {
      const socket = this.socket;
      socket.onopen = socket.onmessage = socket.onclose = socket.onerror = null;
      try {
        socket.close();
      } catch {
        /* never opened */
      }
      this.socket = null;
    }
    this.attempt = 0;
    this.connectNow();
  }

  /** Ends the connection for good (leaving the page). The outbox stays stored for the next visit. */
  stop(): void {
    this.stopped = true;
    this.clearTimers();
    this.dropSocket();
  }

  // --- transport -----------------------------------------------------------------------------------

  private connectNow(): void {
    if (this.stopped) return;
    if (this.reconnectTimer !== null) {
      this.deps.clearTimer(this.reconnectTimer);
      this.reconnectTimer = null;
    }
    if (this.socket) return;
    if (this.status !== 'offline' && this.status !== 'reconnecting') this.setStatus('connecting');
    let socket: SocketLike;
    try {
      socket = this.deps.createSocket(this.deps.url);
    } catch {
      this.onSocketGone();
      return;
    }
    this.socket = socket;
    socket.onopen = () => this.onOpen();
    socket.onmessage = (ev) => this.onFrame(ev.data);
    socket.onclose = () => {
      if (this.socket === socket) this.onSocketGone();
    };
    socket.onerror = () => {
      /* a close event follows */
    };
  }

  private onOpen(): void {
    const binding = this.binding;
    if (binding) {
      const id = this.deps.newId();
      this.pending.set(id, {
        resolve: () => this.markBound(),
        reject: (err) => this.onBindRefused(err),
      });
      this.sendFrame(this.bindFrame(id, binding));
    } else if (this.joinRequest && this.joinRetryTimer === null) {
      this.sendJoin();
    }
    this.keepalive.start();
  }

  /** A participant's `resume` (after the last seq seen) or the facilitator's `facilitate`, naming the update format read. */
  private bindFrame(id: string, binding: Binding): Record<string, unknown> {
    return binding.role === 'participant'
      ? { type: 'resume', id, token: binding.token, ...(this.lastSeq > 0 ? { after: this.lastSeq } : {}), protocol: PROTOCOL_VERSION }
      : { type: 'facilitate', id, session_id: binding.session_id, token: binding.token, protocol: PROTOCOL_VERSION };
  }

  private sendJoin(): void {
    const request = this.joinRequest;
    if (!request) return;
    this.sendFrame({ type: 'join', ...request, protocol: PROTOCOL_VERSION });
  }

  /** The server refused the join for coming too often: send the same join again once its wait is over. */
  private delayJoin(retryAfterMs: unknown): void {
    const delay = retryDelayMs(retryAfterMs);
    if (this.joinRetryTimer !== null) this.deps.clearTimer(this.joinRetryTimer);
    this.joinRetryTimer = this.deps.setTimer(() => {
      this.joinRetryTimer = null;
      // on an open socket at once; else the next socket's open sends it
      if (this.socket?.readyState === OPEN) this.sendJoin();
      else this.connectNow();
    }, delay);
    this.listeners.joinDelayed?.(delay);
  }

  private markBound(): void {
    this.delivery.socketBound();
    this.joinRequest = null;
    this.attempt = 0;
    this.setStatus('connected');
    this.delivery.flush();
  }

  private onBindRefused(err: ProtocolError): void {
    if (err.code === 'invalid_token' || err.code === 'session_not_found') {
      // the server does not know these credentials (any more): nothing to resume, nothing to resend
      this.endedBy = err.code;
      this.delivery.outbox?.clear();
      if (this.binding?.role === 'participant') this.deps.store.removeItem(keys.participant(this.binding.session_id));
      this.setStatus('ended');
      this.stop();
      return;
    }
    // anything else (storage_error, rate_limited, ...): start over on a new socket, after the wait the
    // server asked for if it did
    if (err.retryAfterMs !== undefined) this.holdOffMs = retryDelayMs(err.retryAfterMs);
    this.dropSocket();
    this.onSocketGone();
  }

  private onSocketGone(): void {
    this.socket = null;
    this.delivery.socketGone();
    this.keepalive.stop();
    // A join outlives the socket: it carries its own token, so it is sent again on the next one.
    const joinId = this.joinRequest?.id;
    for (const [id, p] of this.pending)
      if (id !== joinId) p.reject(new ProtocolError('disconnected', 'connection lost'));
    for (const id of [...this.pending.keys()]) if (id !== joinId) this.pending.delete(id);
    if (this.stopped || this.status === 'ended') return;
    this.setStatus(this.deps.isOnline() ? 'reconnecting' : 'offline');
    this.scheduleReconnect();
  }

  private dropSocket(): void {
    const socket = this.socket;
    if (!socket) return;
    socket.onopen = socket.onmessage = socket.onclose = socket.onerror = null;
    try {
      socket.close();
    } catch {
      /* already closed */
    }
    this.onSocketGone();
  }

  private scheduleReconnect(): void {
    if (this.stopped || this.reconnectTimer !== null) return;
    const delay = Math.max(backoffDelay(this.attempt++, this.deps.random, this.deps.backoff), this.holdOffMs);
    this.holdOffMs = 0;
    this.reconnectTimer = this.deps.setTimer(() => {
      this.reconnectTimer = null;
      this.connectNow();
    }, delay);
  }

  /** A ping on the open socket, its pong restarting the keepalive; false when no socket is open. */
  private sendPing(): boolean {
    if (!this.socket || this.socket.readyState !== OPEN) return false;
    const id = this.deps.newId();
    this.pending.set(id, { resolve: () => this.keepalive.start(), reject: () => {} });
    this.sendFrame({ type: 'ping', id });
    return true;
  }

  private clearTimers(): void {
    this.keepalive.stop();
    if (this.reconnectTimer !== null) this.deps.clearTimer(this.reconnectTimer);
    this.reconnectTimer = null;
    if (this.joinRetryTimer !== null) this.deps.clearTimer(this.joinRetryTimer);
    this.joinRetryTimer = null;
    this.delivery.stop();
  }

  private sendFrame(frame: Record<string, unknown>): boolean {
    const socket = this.socket;
    if (!socket || socket.readyState !== OPEN) return false;
    try {
      socket.send(JSON.stringify(frame));
      return true;
    } catch {
      return false;
    }
  }

  // --- incoming ------------------------------------------------------------------------------------

  private onFrame(data: unknown): void {
    if (typeof data !== 'string') return;
    const msg = parseServerMessage(data);
    if (!msg) return;
    // any frame proves the link is alive
    this.keepalive.heard();
    switch (msg.type) {
      case 'ack':
        this.onAck(msg.id, msg.seq, msg as Record<string, unknown>);
        break;
      case 'pong':
        this.onAck(msg.id, this.lastSeq, msg as Record<string, unknown>);
        break;
      case 'error':
        this.onError(msg.id, msg.code, msg.message, msg.retry_after_ms);
        break;
      case 'snapshot':
        this.seen(msg.seq);
        this.listeners.snapshot?.(msg as Record<string, unknown>);
        break;
      case 'update':
        this.seen(msg.seq);
        this.listeners.update?.(msg as Record<string, unknown>);
        break;
      default:
        this.listeners.other?.(msg);
    }
  }

  private seen(seq: unknown): void {
    if (typeof seq === 'number' && seq > this.lastSeq) this.lastSeq = seq;
  }

  private onAck(id: string, seq: number, msg: Record<string, unknown>): void {
    const waiter = this.pending.get(id);
    if (waiter) {
      this.pending.delete(id);
      waiter.resolve(msg);
      return;
    }
    this.delivery.acked(id, seq, msg);
  }

  private onError(id: string | null, code: string, message: string, retryAfterMs?: number): void {
    if (id !== null) {
      const waiter = this.pending.get(id);
      if (waiter) {
        if (this.joinRequest?.id === id && code === 'rate_limited') {
          this.delayJoin(retryAfterMs); // the join stays pending
          return;
        }
        this.pending.delete(id);
        if (this.joinRequest?.id === id) this.joinRequest = null;
        waiter.reject(new ProtocolError(code, message, typeof retryAfterMs === 'number' ? retryAfterMs : undefined));
        return;
      }
      const failure = this.delivery.failed(id, code, message, retryAfterMs);
      // the socket lost its binding: bind again on a fresh one, then everything is resent
      if (failure === 'rebind') this.dropSocket();
      if (failure !== 'not_ours') return;
    }
    this.listeners.error?.(code, message);
  }

  private setStatus(status: ConnectionStatus): void {
    if (this.status === 'ended') return;
    this.status = status;
    this.emitState();
  }

  private emitState(): void {
    this.listeners.state?.(this.view());
  }
}

/** Stored participant credentials for a session, if this browser joined it. */
export function storedCredentials(store: KeyValueStore, sessionId: string): ParticipantCredentials | null {
  return readJson<ParticipantCredentials>(store, keys.participant(sessionId));
}

/** 256 random bits in hex: the participant's secret, made by the client so a join can be sent again. */
export function newClientToken(): string {
  const bytes = new Uint8Array(32);
  globalThis.crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
