// The replay page's logic: the playback clock (real time between events, long pauses capped, 1× to 60×),
// marker placement on the bar, and the token from a review link's fragment.
import { describe, expect, it, vi } from 'vitest';
import {
  advance,
  buildClock,
  debounce,
  markerPercent,
  placeMarkers,
  playTimeAt,
  resolveToken,
  reviewKey,
  seqAtPlayTime,
  stripTokenFromFragment,
  timeAtSeq,
  tokenFromFragment,
} from '../../src/replay/logic';

const points = [
  { seq: 10, time_ms: 1_000_000 },
  { seq: 11, time_ms: 1_000_500 }, // +0.5 s
  { seq: 14, time_ms: 1_001_500 }, // +1 s (seqs of other sessions between)
  { seq: 15, time_ms: 1_061_500 }, // +60 s: capped to 3 s
  { seq: 16, time_ms: 1_061_400 }, // steps back 0.1 s: no gap
];

describe('playback clock', () => {
  const clock = buildClock([...points].reverse().concat(points[0]!)); // unsorted, with a duplicate

  it('sorts, dedupes and caps long gaps', () => {
    expect(clock.points.map((p) => p.seq)).toEqual([10, 11, 14, 15, 16]);
    expect(clock.at).toEqual([0, 500, 1500, 4500, 4500]);
    expect(clock.duration).toBe(4500);
  });

  it('maps play time to the last event reached, and seq to play time', () => {
    expect(seqAtPlayTime(clock, 0)).toBe(10);
    expect(seqAtPlayTime(clock, 499)).toBe(10);
    expect(seqAtPlayTime(clock, 500)).toBe(11);
    expect(seqAtPlayTime(clock, 4000)).toBe(14);
    expect(seqAtPlayTime(clock, 99_999)).toBe(16);
    expect(playTimeAt(clock, 13)).toBe(500); // between events: the last one before
    expect(playTimeAt(clock, 5)).toBe(0);
    expect(timeAtSeq(clock, 14)).toBe(1_001_500);
  });

  it('advances at 1× in real time and at 60× sixty times faster, clamped and stopping at the end', () => {
    expect(advance(clock, 0, 100, 1)).toEqual({ time: 100, ended: false });
    expect(advance(clock, 0, 50, 60)).toEqual({ time: 3000, ended: false });
    expect(advance(clock, 0, 100, 60)).toEqual({ time: 4500, ended: true });
    expect(advance(clock, 0, 100, 500).time).toBe(4500); // speed clamped to 60
    expect(advance(clock, 100, 100, 0).time).toBe(200); // and to at least 1
    expect(advance(clock, 100, -20, 10).time).toBe(100); // the clock never runs back
    // a whole session plays in duration / speed of wall time
    let t = 0;
    let frames = 0;
    while (!advance(clock, t, 16, 10).ended) {
      t = advance(clock, t, 16, 10).time;
      frames++;
    }
    expect(frames).toBe(Math.floor(4500 / 160));
  });

  it('is empty without points', () => {
    const empty = buildClock([]);
    expect(empty.duration).toBe(0);
    expect(seqAtPlayTime(empty, 10)).toBe(0);
    expect(timeAtSeq(empty, 10)).toBeNull();
  });
});

describe('markers', () => {
  it('sit at their share of first..last, clamped', () => {
    expect(markerPercent(10, 10, 20)).toBe(0);
    expect(markerPercent(15, 10, 20)).toBe(50);
    expect(markerPercent(20, 10, 20)).toBe(100);
    expect(markerPercent(25, 10, 20)).toBe(100);
    expect(markerPercent(3, 10, 20)).toBe(0);
    expect(markerPercent(7, 7, 7)).toBe(0);
    expect(markerPercent(11, 10, 13)).toBe(33.33);
  });

  it('that fall together are drawn as one tick, in order', () => {
    const groups = placeMarkers(
      [
        { seq: 1000, kind: 'b' },
        { seq: 1, kind: 'a' },
        { seq: 2, kind: 'a2' },
        { seq: 500, kind: 'c' },
      ],
      1,
      1000,
    );
    expect(groups.map((g) => g.percent)).toEqual([0, 50, 100]);
    expect(groups[0]!.markers.map((m) => m.kind)).toEqual(['a', 'a2']);
  });
});

function stores(local: Record<string, string> = {}) {
  const session = new Map<string, string>();
  return {
    session: { getItem: (k: string) => session.get(k) ?? null, setItem: (k: string, v: string) => void session.set(k, v) },
    local: { getItem: (k: string) => local[k] ?? null },
    map: session,
  };
}

describe('token', () => {
  it('is read from a #token= fragment, and the fragment is stripped of it', () => {
    expect(tokenFromFragment('#token=abc123')).toBe('abc123');
    expect(tokenFromFragment('#x=1&token=abc')).toBe('abc');
    expect(tokenFromFragment('#token=')).toBeNull();
    expect(tokenFromFragment('')).toBeNull();
    expect(stripTokenFromFragment('#token=abc')).toBe('');
    expect(stripTokenFromFragment('#x=1&token=abc')).toBe('#x=1');
  });

  it('from the fragment goes to sessionStorage, and wins over the facilitator key', () => {
    const s = stores({ 'scsa.facilitator.s-1': JSON.stringify({ token: 'fac' }) });
    expect(resolveToken('s-1', { hash: '#token=rev', ...s })).toEqual({ token: 'rev', source: 'fragment', strip: true });
    expect(s.map.get(reviewKey('s-1'))).toBe('rev');
    // the fragment is gone after a reload: this tab still has the review token
    expect(resolveToken('s-1', { hash: '', ...s })).toEqual({ token: 'rev', source: 'review', strip: false });
  });

  it('falls back to the facilitator key of this session, then to none', () => {
    const s = stores({ 'scsa.facilitator.s-1': JSON.stringify({ token: 'fac', join_code: 'X' }), 'scsa.facilitator.s-2': '{bad' });
    expect(resolveToken('s-1', { hash: '', ...s })).toEqual({ token: 'fac', source: 'facilitator', strip: false });
    expect(resolveToken('s-2', { hash: '', ...s }).token).toBeNull();
    expect(resolveToken('s-3', { hash: '#other=1', ...s })).toEqual({ token: null, source: null, strip: false });
  });

  it('falls back last to the operator token the provider’s desk keeps in this tab', () => {
    const s = stores({ 'scsa.facilitator.s-1': JSON.stringify({ token: 'fac' }) });
    s.map.set('scsa.operator', 'op');
    expect(resolveToken('s-1', { hash: '', ...s })).toEqual({ token: 'fac', source: 'facilitator', strip: false });
    expect(resolveToken('s-2', { hash: '', ...s })).toEqual({ token: 'op', source: 'operator', strip: false });
    expect(resolveToken('s-2', { hash: '#token=rev', ...s }).source).toBe('fragment');
    s.map.set(reviewKey('s-3'), 'rev3');
    expect(resolveToken('s-3', { hash: '', ...s }).source).toBe('review');
  });
});

describe('debounce', () => {
  it('calls once with the last arguments, and can be cancelled', () => {
    vi.useFakeTimers();
    const fn = vi.fn();
    const d = debounce(fn, 100);
    d(1);
    d(2);
    vi.advanceTimersByTime(99);
    expect(fn).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(fn).toHaveBeenCalledExactlyOnceWith(2);
    d(3);
    d.cancel();
    vi.advanceTimersByTime(200);
    expect(fn).toHaveBeenCalledTimes(1);
    vi.useRealTimers();
  });
});
