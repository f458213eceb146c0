// What the protocol client works with and what it reports: the socket it drives (the browser's WebSocket or
// a test's fake), the session it binds to, everything it depends on (timers, ids, storage, the network's
// state, the backoff and heartbeat times), the listeners it calls, and the view of its state pages show.
import type { BackoffPolicy } from './backoff';
import type { OutboxEntry } from './outbox';
import type { ServerMessage } from './protocol';
import type { KeyValueStore } from './storage';

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
  /** an outbox command is durable on the server; `ack` is the server's frame (some acks carry more fields) */
  confirmed?: (entry: OutboxEntry, seq: number, ack: Record<string, unknown>) => void;
  /** the server refused an outbox command for good (e.g. statement_closed); it left the outbox */
  rejected?: (entry: OutboxEntry, code: string, message: string) => void;
  /** an error that belongs to no command of ours */
  error?: (code: string, message: string) => void;
  /** a join was refused as rate_limited: it is sent again by itself after `retryInMs` */
  joinDelayed?: (retryInMs: number) => void;
}
