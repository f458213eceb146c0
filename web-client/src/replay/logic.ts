// The replay page's pure logic: the playback clock (real time between event times, long pauses capped,
// played at 1× to 60×), where a marker sits on the timeline bar, and where the page's token comes from
// (a review link's #token= fragment, this tab's sessionStorage, the facilitator's saved key, or the provider's
// desk's operator token of this tab).
import { keys } from '../lib/storage';

/** A moment in the session's log, as the timeline and events endpoints give it. */
export interface Point {
  seq: number;
  time_ms: number;
}

export const SPEEDS = [1, 2, 5, 10, 30, 60] as const;
/** A pause longer than this (in session time) plays as this long. */
export const MAX_GAP_MS = 3000;

export interface Clock {
  /** the session's events (or what is known of them), sorted by seq, no duplicates */
  points: Point[];
  /** play time (ms of session time, long gaps capped) at each point; starts at 0 */
  at: number[];
  /** play time of the last point */
  duration: number;
}

/** Builds the clock over the known points. Times that step back (threads committing) count as no gap. */
export function buildClock(input: readonly Point[], maxGapMs = MAX_GAP_MS): Clock {
  const bySeq = new Map<number, Point>();
  for (const p of input) if (Number.isFinite(p.seq) && Number.isFinite(p.time_ms)) bySeq.set(p.seq, p);
  const points = [...bySeq.values()].sort((a, b) => a.seq - b.seq);
  const at: number[] = [];
  let total = 0;
  points.forEach((p, i) => {
    if (i > 0) total += Math.min(maxGapMs, Math.max(0, p.time_ms - points[i - 1]!.time_ms));
    at.push(total);
  });
  return { points, at, duration: total };
}

/** Index of the last point with seq <= `seq` (0 when before the first). */
function indexAtSeq(clock: Clock, seq: number): number {
  let lo = 0;
  let hi = clock.points.length - 1;
  let found = 0;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (clock.points[mid]!.seq <= seq) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/** The play time of the moment `seq` (the last point at or before it). */
export function playTimeAt(clock: Clock, seq: number): number {
  if (clock.points.length === 0) return 0;
  return clock.at[indexAtSeq(clock, seq)] ?? 0;
}

/** The seq shown at play time `t`: the last point reached by then. */
export function seqAtPlayTime(clock: Clock, t: number): number {
  if (clock.points.length === 0) return 0;
  let lo = 0;
  let hi = clock.at.length - 1;
  let found = 0;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (clock.at[mid]! <= t) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return clock.points[found]!.seq;
}

/** The time (ms since the epoch) of the moment `seq`. */
export function timeAtSeq(clock: Clock, seq: number): number | null {
  if (clock.points.length === 0) return null;
  return clock.points[indexAtSeq(clock, seq)]!.time_ms;
}

/** Advances play time by `wallMs` of real time at `speed` (clamped to 1..60), never past the end. */
export function advance(clock: Clock, playTime: number, wallMs: number, speed: number): { time: number; ended: boolean } {
  const s = Math.min(60, Math.max(1, speed));
  const time = Math.min(clock.duration, playTime + Math.max(0, wallMs) * s);
  return { time, ended: time >= clock.duration };
}

/** A marker's place on the bar, in percent of the range first..last (clamped; 0 when the range is empty). */
export function markerPercent(seq: number, first: number, last: number): number {
  if (!(last > first)) return 0;
  const p = ((seq - first) / (last - first)) * 100;
  return Math.min(100, Math.max(0, Math.round(p * 100) / 100));
}

/** Markers at (nearly) the same place drawn as one tick: groups by rounded percent. */
export function placeMarkers<M extends { seq: number }>(markers: readonly M[], first: number, last: number, resolution = 0.5): { percent: number; markers: M[] }[] {
  const groups = new Map<number, M[]>();
  for (const m of markers) {
    const key = Math.round(markerPercent(m.seq, first, last) / resolution) * resolution;
    const list = groups.get(key) ?? [];
    list.push(m);
    groups.set(key, list);
  }
  return [...groups.entries()].sort((a, b) => a[0] - b[0]).map(([percent, list]) => ({ percent, markers: list }));
}

/** The token in a review link's fragment (`#token=…`, other fragment parameters allowed). */
export function tokenFromFragment(hash: string): string | null {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const token = params.get('token')?.trim();
  return token ? token : null;
}

/** The fragment without its token (empty string when nothing else was in it). */
export function stripTokenFromFragment(hash: string): string {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  params.delete('token');
  const rest = params.toString();
  return rest ? `#${rest}` : '';
}

export const reviewKey = (sessionId: string) => `scsa.review.${sessionId}`;

export interface TokenSources {
  hash: string;
  session: Pick<Storage, 'getItem' | 'setItem'>;
  local: Pick<Storage, 'getItem'>;
}

/**
 * The token for the replay of `sessionId`: a fragment token is moved to sessionStorage (the caller strips it
 * from the URL when `strip` is true); else a review token of this tab; else the facilitator's saved key; else
 * the operator token the provider's desk keeps in this tab (it opens every session's replay and report).
 */
export function resolveToken(
  sessionId: string,
  src: TokenSources,
): { token: string | null; source: 'fragment' | 'review' | 'facilitator' | 'operator' | null; strip: boolean } {
  const fromHash = tokenFromFragment(src.hash);
  if (fromHash) {
    src.session.setItem(reviewKey(sessionId), fromHash);
    return { token: fromHash, source: 'fragment', strip: true };
  }
  const review = src.session.getItem(reviewKey(sessionId));
  if (review) return { token: review, source: 'review', strip: false };
  try {
    const record = JSON.parse(src.local.getItem(`scsa.facilitator.${sessionId}`) ?? 'null') as { token?: unknown } | null;
    if (record && typeof record.token === 'string' && record.token) return { token: record.token, source: 'facilitator', strip: false };
  } catch {
    /* a damaged record: no token from it */
  }
  const operator = src.session.getItem(keys.operator());
  if (operator) return { token: operator, source: 'operator', strip: false };
  return { token: null, source: null, strip: false };
}

/** Calls `fn` once `ms` after the last call; `cancel` drops a pending call. */
export function debounce<A extends unknown[]>(fn: (...args: A) => void, ms: number): ((...args: A) => void) & { cancel: () => void } {
  let timer: ReturnType<typeof setTimeout> | null = null;
  const wrapped = (...args: A) => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = null;
      fn(...args);
    }, ms);
  };
  wrapped.cancel = () => {
    if (timer) clearTimeout(timer);
    timer = null;
  };
  return wrapped;
}
