// Reconnect delays: exponential backoff with "equal jitter", capped, so a restarted server is not stormed
// by every phone in the room at the same moment.

export interface BackoffPolicy {
  /** delay before the first retry, ms */
  baseMs: number;
  /** largest delay, ms */
  maxMs: number;
  factor: number;
}

export const defaultBackoff: BackoffPolicy = { baseMs: 500, maxMs: 15_000, factor: 2 };

/** Delay before retry number `attempt` (0 = first retry): half fixed, half random, never above maxMs. */
export function backoffDelay(attempt: number, random: () => number = Math.random, policy = defaultBackoff): number {
  const exp = Math.min(policy.maxMs, policy.baseMs * Math.pow(policy.factor, Math.max(0, attempt)));
  const half = exp / 2;
  return Math.round(half + random() * half);
}
