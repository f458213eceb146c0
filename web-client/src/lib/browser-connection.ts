// A connection wired to the real browser: a WebSocket to /ws on the page's own host, window timers,
// crypto ids, localStorage, and the online/offline and visibility events that tell it the network
// went or came back. Pages use this; unit tests build a Connection with fakes instead.
import { defaultBackoff } from './backoff';
import { Connection } from './connection';
import type { ConnectionListeners, SocketLike } from './connection-types';
import type { KeyValueStore } from './storage';

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
