// The resilient protocol client: one WebSocket to /ws, bound to one session as participant or facilitator.
// Commands go through a persistent outbox and are resent with the SAME ids after every reconnect (the server
// acks a repeated id with its original seq); reconnects use exponential backoff and `resume`.
import { backoffDelay, defaultBackoff, type BackoffPolicy } from './backoff';
import { Outbox, type OutboxCommand, type OutboxEntry } from './outbox';
import { FINAL_ERRORS, parseServerMessage, type Aspect, type ServerMessage } from './protocol';
import { keys, readJson, writeJson, type KeyValueStore, type ParticipantCredentials } from './storage';

export type ConnectionStatus = 'connecting' | 'connected' | 'reconnecting' | 'offline' | 'ended';

export interface ConnectionView {
  status: ConnectionStatus;
  /** commands not acknowledged yet (answers waiting to be sent or confirmed) */
  waiting: number;
  /** why the connection ended (an error code), when status is 'ended' */
  endedBy?: string;
}

/** The part of the browser WebSocket the client uses (a fake in unit tests). */
export interface SocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((ev: unknown) => void) | null;
  onclose: ((ev: { code?: number }) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  onerror: ((ev: unknown) => void) | null;
}

export type Binding =
  | { role: 'participant'; session_id: string; token: string; participant_id?: string }
  | { role: 'facilitator'; session_id: string; token: string };

export interface ConnectionDeps {
  url: string;
  store: KeyValueStore;
  createSocket: (url: string) => SocketLike;
  newId: () => string;
  setTimer: (fn: () => void, ms: number) => unknown;
  clearTimer: (handle: unknown) => void;
  random: () => number;
  isOnline: () => boolean;
  now: () => number;
  backoff: BackoffPolicy;
  /** send a ping after this long connected without traffic */
  pingEveryMs: number;
  /** give the connection up when a ping gets no pong within this time */
  pongTimeoutMs: number;
  /** resend commands that failed with a retryable error after this long */
  retryMs: number;
}

export interface ConnectionListeners {
  state?: (view: ConnectionView) => void;
  snapshot?: (msg: Record<string, unknown>) => void;
  update?: (msg: Record<string, unknown>) => void;
  /** any other server frame (e.g. municipality_average for facilitators) */
  other?: (msg: ServerMessage) => void;
  /** an outbox command is durable on the server */
  confirmed?: (entry: OutboxEntry, seq: number) => void;
  /** the server refused an outbox command for good (e.g. statement_closed); it left the outbox */
  rejected?: (entry: OutboxEntry, code: string, message: string) => void;
  /** an error that belongs to no command of ours */
  error?: (code: string, message: string) => void;
}

const OPEN = 1;

interface Pending {
  resolve: (msg: Record<string, unknown>) => void;
  reject: (err: ProtocolError) => void;
}

export class ProtocolError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export class Connection {
  private socket: SocketLike | null = null;
  private binding: Binding | null = null;
  private outbox: Outbox | null = null;
  /** the socket has sent resume/facilitate/join and got its ack */
  private bound = false;
  /** outbox ids sent on the current socket and not answered yet */
  private readonly inflight = new Set<string>();
  private readonly pending = new Map<string, Pending>();
  private joinRequest: { id: string; code: string; token: string; name?: string; department?: string } | null = null;
  private attempt = 0;
  private status: ConnectionStatus = 'connecting';
  private endedBy: string | undefined;
  private stopped = false;
  private lastSeq = 0;
  private reconnectTimer: unknown = null;
  private pingTimer: unknown = null;
  private pongTimer: unknown = null;
  private retryTimer: unknown = null;

  constructor(
    private readonly deps: ConnectionDeps,
    private readonly listeners: ConnectionListeners = {},
  ) {}

  /** Connects as the participant or facilitator of a session, with credentials from an earlier join. */
  attach(binding: Binding, lastSeq = 0): void {
    this.binding = binding;
    this.lastSeq = lastSeq;
    this.outbox = new Outbox(this.deps.store, keys.outbox(binding.session_id));
    this.connectNow();
  }

  /**
   * Joins a session by its code. Resolves with the stored credentials once the server acknowledged;
   * the connection then stays bound to that session. The join carries a token made here, so sending it
   * again after a reconnect (when its ack was lost) finds the same participant instead of a second one.
   */
  join(code: string, name?: string, department?: string): Promise<ParticipantCredentials> {
    const id = this.deps.newId();
    const token = newClientToken();
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
      this.outbox = new Outbox(this.deps.store, keys.outbox(creds.session_id));
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
    if (!this.outbox) throw new Error('connection is not bound to a session');
    const entry = this.outbox.enqueue(this.deps.newId(), command, this.deps.now());
    this.flush();
    this.emitState();
    return entry;
  }

  /** Commands waiting for an ack, in send order. */
  waiting(): readonly OutboxEntry[] {
    return this.outbox?.entries() ?? [];
  }

  view(): ConnectionView {
    return {
      status: this.status,
      waiting: this.outbox?.size ?? 0,
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
      const frame =
        binding.role === 'participant'
          ? { type: 'resume', id, token: binding.token, ...(this.lastSeq > 0 ? { after: this.lastSeq } : {}) }
          : { type: 'facilitate', id, session_id: binding.session_id, token: binding.token };
      this.pending.set(id, {
        resolve: () => this.markBound(),
        reject: (err) => this.onBindRefused(err),
      });
      this.sendFrame(frame);
    } else if (this.joinRequest) {
      this.sendJoin();
    }
    this.schedulePing();
  }

  private sendJoin(): void {
    const request = this.joinRequest;
    if (!request) return;
    this.sendFrame({ type: 'join', ...request });
  }

  private markBound(): void {
    this.bound = true;
    this.joinRequest = null;
    this.attempt = 0;
    this.setStatus('connected');
    this.flush();
  }

  private onBindRefused(err: ProtocolError): void {
    if (err.code === 'invalid_token' || err.code === 'session_not_found') {
      // the server does not know these credentials (any more): nothing to resume, nothing to resend
      this.endedBy = err.code;
      this.outbox?.clear();
      if (this.binding?.role === 'participant') this.deps.store.removeItem(keys.participant(this.binding.session_id));
      this.setStatus('ended');
      this.stop();
      return;
    }
    // anything else (storage_error, rate_limited, ...): start over on a new socket
    this.dropSocket();
    this.onSocketGone();
  }

  private onSocketGone(): void {
    this.socket = null;
    this.bound = false;
    this.inflight.clear();
    this.clearPingTimers();
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
    const delay = backoffDelay(this.attempt++, this.deps.random, this.deps.backoff);
    this.reconnectTimer = this.deps.setTimer(() => {
      this.reconnectTimer = null;
      this.connectNow();
    }, delay);
  }

  private schedulePing(): void {
    this.clearPingTimers();
    this.pingTimer = this.deps.setTimer(() => {
      this.pingTimer = null;
      if (!this.socket || this.socket.readyState !== OPEN) return;
      const id = this.deps.newId();
      this.pending.set(id, { resolve: () => this.schedulePing(), reject: () => {} });
      this.sendFrame({ type: 'ping', id });
      this.pongTimer = this.deps.setTimer(() => {
        this.pongTimer = null;
        this.dropSocket(); // no pong: the link is dead even if the socket did not notice
      }, this.deps.pongTimeoutMs);
    }, this.deps.pingEveryMs);
  }

  private clearPingTimers(): void {
    if (this.pingTimer !== null) this.deps.clearTimer(this.pingTimer);
    if (this.pongTimer !== null) this.deps.clearTimer(this.pongTimer);
    this.pingTimer = this.pongTimer = null;
  }

  private clearTimers(): void {
    this.clearPingTimers();
    for (const t of [this.reconnectTimer, this.retryTimer]) if (t !== null) this.deps.clearTimer(t);
    this.reconnectTimer = this.retryTimer = null;
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

  /** Sends every outbox entry not yet sent on this socket, oldest first, with its original id. */
  private flush(): void {
    if (!this.bound || !this.outbox) return;
    for (const entry of this.outbox.entries()) {
      if (this.inflight.has(entry.id)) continue;
      if (!this.sendFrame({ ...entry.command, id: entry.id })) return;
      this.inflight.add(entry.id);
    }
  }

  // --- incoming ------------------------------------------------------------------------------------

  private onFrame(data: unknown): void {
    if (typeof data !== 'string') return;
    const msg = parseServerMessage(data);
    if (!msg) return;
    // any frame proves the link is alive
    if (this.pongTimer !== null) {
      this.deps.clearTimer(this.pongTimer);
      this.pongTimer = null;
    }
    switch (msg.type) {
      case 'ack':
        this.onAck(msg.id, msg.seq, msg as Record<string, unknown>);
        break;
      case 'pong':
        this.onAck(msg.id, this.lastSeq, msg as Record<string, unknown>);
        break;
      case 'error':
        this.onError(msg.id, msg.code, msg.message);
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
    this.inflight.delete(id);
    const entry = this.outbox?.remove(id);
    if (entry) {
      this.listeners.confirmed?.(entry, seq);
      this.emitState();
    }
  }

  private onError(id: string | null, code: string, message: string): void {
    if (id !== null) {
      const waiter = this.pending.get(id);
      if (waiter) {
        this.pending.delete(id);
        if (this.joinRequest?.id === id) this.joinRequest = null;
        waiter.reject(new ProtocolError(code, message));
        return;
      }
      if (this.outbox?.has(id)) {
        this.inflight.delete(id);
        if (FINAL_ERRORS.has(code)) {
          const entry = this.outbox.remove(id);
          if (entry) this.listeners.rejected?.(entry, code, message);
          this.emitState();
        } else if (code === 'not_joined') {
          // the socket lost its binding: bind again on a fresh one, then everything is resent
          this.dropSocket();
        } else {
          this.scheduleRetry();
        }
        return;
      }
    }
    this.listeners.error?.(code, message);
  }

  private scheduleRetry(): void {
    if (this.retryTimer !== null) return;
    this.retryTimer = this.deps.setTimer(() => {
      this.retryTimer = null;
      this.flush();
    }, this.deps.retryMs);
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

/** The URL of /ws on the page's own host (ws: or wss: as the page). */
export function socketUrl(location: { protocol: string; host: string } = window.location): string {
  return `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}/ws`;
}

/** A connection wired to the real browser: WebSocket, timers, localStorage and online/offline events. */
export function browserConnection(
  store: KeyValueStore,
  listeners: ConnectionListeners,
): { connection: Connection; dispose: () => void } {
  const connection = new Connection(
    {
      url: socketUrl(),
      store,
      createSocket: (url) => new WebSocket(url) as unknown as SocketLike,
      newId: () => crypto.randomUUID(),
      setTimer: (fn, ms) => window.setTimeout(fn, ms),
      clearTimer: (h) => window.clearTimeout(h as number),
      random: Math.random,
      isOnline: () => navigator.onLine,
      now: Date.now,
      backoff: defaultBackoff,
      pingEveryMs: 20_000,
      pongTimeoutMs: 8_000,
      retryMs: 2_000,
    },
    listeners,
  );
  const lost = () => connection.networkLost();
  const back = () => connection.networkBack();
  const visible = () => {
    if (document.visibilityState === 'visible') connection.networkBack();
  };
  window.addEventListener('offline', lost);
  window.addEventListener('online', back);
  document.addEventListener('visibilitychange', visible);
  return {
    connection,
    dispose: () => {
      window.removeEventListener('offline', lost);
      window.removeEventListener('online', back);
      document.removeEventListener('visibilitychange', visible);
      connection.stop();
    },
  };
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
