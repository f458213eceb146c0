// Refusals for asking too often: over HTTP a 429 with `Retry-After: N` (seconds) and a body
// {"code":"rate_limited","retry_after_s":N}; over the WebSocket an error `rate_limited` with retry_after_ms.
// Pure functions: how long to wait, how many seconds to show, and the sentence that says so.
import { plural, t } from './i18n';

/** Longest wait taken from the server (a wrong header must not park a page for days). */
export const MAX_WAIT_MS = 15 * 60_000;
/** The wait before retrying a refused join when the server did not say how long. */
export const DEFAULT_JOIN_WAIT_MS = 5_000;

const bounded = (seconds: number) => Math.min(Math.max(1, Math.ceil(seconds)), MAX_WAIT_MS / 1000);

/**
 * Seconds to wait (1 to 900), from the Retry-After header (delta seconds or an HTTP date) or else the
 * body's retry_after_s; null when neither says (then the page speaks of "half a minute").
 */
export function retryAfterSeconds(header: string | null | undefined, body: unknown, now = Date.now()): number | null {
  const value = header?.trim();
  if (value) {
    if (/^\d+$/.test(value)) return bounded(Number(value));
    const at = Date.parse(value);
    if (!Number.isNaN(at)) return bounded((at - now) / 1000);
  }
  const s = (body as { retry_after_s?: unknown } | null)?.retry_after_s;
  if (typeof s === 'number' && Number.isFinite(s) && s >= 0) return bounded(s);
  return null;
}

/**
 * The wait before sending again what the server refused as rate_limited: its retry_after_ms (at least a
 * quarter second, at most MAX_WAIT_MS), or `fallbackMs` when it sent none that makes sense.
 */
export function retryDelayMs(retryAfterMs: unknown, fallbackMs = DEFAULT_JOIN_WAIT_MS): number {
  if (typeof retryAfterMs !== 'number' || !Number.isFinite(retryAfterMs) || retryAfterMs < 0) return fallbackMs;
  return Math.min(Math.max(retryAfterMs, 250), MAX_WAIT_MS);
}

/** Whole seconds left until `endsAt` as a countdown shows them: 3 for 2.1 s, never below 1 while waiting. */
export function secondsLeft(endsAt: number, now: number): number {
  return Math.max(1, Math.ceil((endsAt - now) / 1000));
}

/** True for a refusal because of too many requests (HTTP 429 or the code rate_limited). */
export function isRateLimited(err: unknown): boolean {
  const e = err as { status?: unknown; code?: unknown } | null;
  return e?.status === 429 || e?.code === 'rate_limited';
}

/** A wait as people say it: "12 seconden" below a minute and a half, else whole minutes ("10 minuten"). */
export function waitText(seconds: number): string {
  return seconds < 90 ? plural('wait.seconds', seconds) : plural('wait.minutes', Math.ceil(seconds / 60));
}

/** Starting a workshop or a solo assessment was refused as too frequent: when to try again. */
export function sessionBusyMessage(seconds: number | null): string {
  return seconds === null ? t('sessions.busyLater') : t('sessions.busy', { wait: waitText(seconds) });
}

/** Checking a join code was refused as too frequent: when to try again. */
export function joinCheckBusyMessage(seconds: number | null): string {
  return seconds === null ? t('join.rateLimited') : t('join.rateLimitedIn', { wait: waitText(seconds) });
}

/** A join refused as too frequent is retried by itself: the participant is told when. */
export function joinRetryMessage(seconds: number): string {
  return t('join.retrying', { wait: waitText(seconds) });
}
