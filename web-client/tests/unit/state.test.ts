// The participant model: snapshots, updates (old ones ignored, a new round clears answers, protocol 2's
// results_changes folded in), confirmed answers, the outbox overlay, progress, and which statements are open.
import { describe, expect, it } from 'vitest';
import type { OutboxEntry } from '../../src/lib/outbox';
import {
  applyConfirmed,
  applySnapshot,
  applyUpdate,
  effectiveAnswers,
  emptyModel,
  focusOf,
  hasAnswers,
  isOpen,
  newFocus,
  nextUnanswered,
  normaliseAnswers,
  openElsewhere,
  progressOf,
  resultFor,
} from '../../src/lib/state';

const session = (over: Record<string, unknown> = {}) => ({
  session_id: 's-1',
  title: 'Workshop',
  municipality: 'GM0344',
  mode: 'workshop',
  round: 1,
  open: Array.from({ length: 21 }, (_, i) => i + 1),
  revealed: false,
  closed: false,
  ...over,
});

const serverAnswers = {
  participant: 'p-1',
  round: 1,
  active: true,
  answers: Array.from({ length: 21 }, (_, i) => ({
    statement: i + 1,
    current: i === 0 ? 2 : null,
    desired: i === 0 ? 4 : i === 1 ? 3 : null,
  })),
};

const snap = (over: Record<string, unknown> = {}) =>
  applySnapshot(emptyModel, {
    type: 'snapshot',
    role: 'participant',
    seq: 10,
    session: session(),
    you: { participant_id: 'p-1', name: 'Ann', removed: false, answers: serverAnswers },
    ...over,
  });

describe('participant model', () => {
  it('reads the own answers as the server sends them', () => {
    const m = snap();
    expect(m.seq).toBe(10);
    expect(m.name).toBe('Ann');
    expect(m.answers[1]).toEqual({ current: 2, desired: 4 });
    expect(m.answers[2]).toEqual({ current: null, desired: 3 });
    expect(normaliseAnswers({ 5: { current: 1, desired: 9 } })).toEqual({ 5: { current: 1, desired: null } });
  });

  it('ignores results until revealed, and older updates', () => {
    const results = { round: 1, statements: [{ statement: 1, current: { counts: [1, 0, 0, 0, 0], n: 1 }, desired: { counts: [0, 0, 0, 0, 1], n: 1 } }] };
    const hidden = snap({ results });
    expect(hidden.results).toBeNull();
    const revealed = applyUpdate(hidden, { seq: 12, session: session({ revealed: true }), results });
    expect(resultFor(revealed, 1)?.current.counts).toEqual([1, 0, 0, 0, 0]);
    const stale = applyUpdate(revealed, { seq: 11, session: session({ revealed: false }) });
    expect(stale).toBe(revealed);
    const hiddenAgain = applyUpdate(revealed, { seq: 13, session: session({ revealed: false }) });
    expect(hiddenAgain.results).toBeNull();
  });

  it('folds protocol 2 results_changes into the results it has, the whole results winning', () => {
    const group = (n: number) => ({ counts: [0, n, 0, 0, 0], n, mean: n ? 2 : null });
    const row = (statement: number, n: number) => ({ statement, current: group(n), desired: group(0) });
    const results = { round: 1, statements: [row(1, 1), row(2, 0), row(3, 2)] };
    const revealed = snap({ session: session({ revealed: true }), results });
    const changes = { round: 1, statements: [row(2, 3)] };
    const next = applyUpdate(revealed, { seq: 12, session: session({ revealed: true }), results_changes: changes });
    expect(next.results?.statements.map((r) => [r.statement, r.current.n])).toEqual([[1, 1], [2, 3], [3, 2]]);
    expect(resultFor(next, 2)?.current.counts).toEqual([0, 3, 0, 0, 0]);
    expect(next.results?.statements[0]).toBe(results.statements[0]);
    // the same changes again (or an update when nothing was answered) change nothing
    expect(applyUpdate(next, { seq: 13, results_changes: changes }).results).toEqual(next.results);
    expect(applyUpdate(next, { seq: 13, results_changes: { round: 1, statements: [] } }).results).toEqual(next.results);
    // whole results (after a reveal, a new round, a removal) replace everything
    const whole = { round: 1, statements: [row(1, 4)] };
    expect(applyUpdate(next, { seq: 14, results: whole, results_changes: changes }).results).toEqual(whole);
    // changes to nothing known, or while hidden, are ignored
    const noResults = snap({ session: session({ revealed: true }) });
    expect(applyUpdate(noResults, { seq: 12, results_changes: changes }).results).toBeNull();
    expect(applyUpdate(revealed, { seq: 12, session: session({ revealed: false }), results_changes: changes }).results).toBeNull();
  });

  it('starts a new round with no answers', () => {
    const next = applyUpdate(snap(), { seq: 20, session: session({ round: 2 }) });
    expect(next.answers).toEqual({});
    expect(next.session?.round).toBe(2);
  });

  it('folds confirmed answers and withdrawals in', () => {
    let m = applyConfirmed(snap(), { type: 'answer', statement: 2, aspect: 'current', level: 5 });
    expect(m.answers[2]).toEqual({ current: 5, desired: 3 });
    // the ack's seq may be ahead of updates still on their way: those must not be dropped as stale
    expect(m.seq).toBe(10);
    const update = applyUpdate(m, { seq: 12, session: session({ revealed: true }), results: { round: 1, statements: [] } });
    expect(update.seq).toBe(12);
    m = applyConfirmed(m, { type: 'withdraw', statement: 1, aspect: 'desired' });
    expect(m.answers[1]).toEqual({ current: 2, desired: null });
  });

  it('shows waiting outbox answers over the confirmed ones, marked pending', () => {
    const outbox: OutboxEntry[] = [
      { id: 'a', queuedAt: 0, command: { type: 'answer', statement: 1, aspect: 'desired', level: 5 } },
      { id: 'b', queuedAt: 0, command: { type: 'answer', statement: 3, aspect: 'current', level: 1 } },
    ];
    const eff = effectiveAnswers(snap(), outbox);
    expect(eff[1]).toEqual({ current: 2, desired: 5, pending: { current: false, desired: true } });
    expect(eff[3]).toEqual({ current: 1, desired: null, pending: { current: true, desired: false } });
    expect(progressOf(eff)).toEqual({ complete: 1, partial: 2, total: 21 });
  });

  it('knows which statements are open and which is next to answer', () => {
    const m = snap({ session: session({ open: [1, 2, 5] }) });
    expect(isOpen(m, 1)).toBe(true);
    expect(isOpen(m, 3)).toBe(false);
    const eff = effectiveAnswers(m, []);
    expect(nextUnanswered(m, eff)).toBe(2);
    expect(nextUnanswered(m, eff, 2)).toBe(5);
    const closed = applyUpdate(m, { seq: 30, session: session({ closed: true }) });
    expect(isOpen(closed, 1)).toBe(false);
    expect(nextUnanswered(closed, eff)).toBeNull();
  });

  it('treats a removed participant as unable to answer', () => {
    const m = snap({ you: { participant_id: 'p-1', removed: true, answers: serverAnswers } });
    expect(m.removed).toBe(true);
    expect(isOpen(m, 1)).toBe(false);
  });

  it('learns from an update of its own that the participant was removed', () => {
    const m = snap();
    const removed = applyUpdate(m, { seq: 40, you: { participant_id: 'p-1', removed: true } });
    expect(removed.removed).toBe(true);
    expect(isOpen(removed, 1)).toBe(false);
    expect(removed.answers).toEqual(m.answers);
    // an update without `you` leaves it as it was
    expect(applyUpdate(removed, { seq: 41, session: session() }).removed).toBe(true);
    expect(applyUpdate(m, { seq: 41, session: session() }).removed).toBe(false);
  });

  it('knows a new focus (everyone to statement N) by its number, and keeps what was seen over snapshots', () => {
    const m = snap({ session: session({ focus: { statement: 7, number: 2 } }) });
    expect(focusOf(m.session)).toEqual({ statement: 7, number: 2 });
    expect(newFocus(m)).toEqual({ statement: 7, number: 2 });
    const seen = { ...m, focusSeen: 2 };
    expect(newFocus(seen)).toBeNull();
    expect(newFocus(applyUpdate(seen, { seq: 50, session: session({ focus: { statement: 7, number: 3 } }) }))).toEqual({ statement: 7, number: 3 });
    const again = applySnapshot(seen, { seq: 60, session: session({ focus: { statement: 7, number: 2 } }), you: { participant_id: 'p-1', removed: false, answers: serverAnswers } });
    expect(again.focusSeen).toBe(2);
    expect(newFocus(again)).toBeNull();
    expect(focusOf(session({ focus: null }) as never)).toBeNull();
    expect(focusOf(session({ focus: { statement: 22, number: 1 } }) as never)).toBeNull();
    expect(focusOf(session() as never)).toBeNull();
  });

  it('points from a closed statement to the open ones, the focused one first', () => {
    const m = snap({ session: session({ open: [9, 3], focus: { statement: 9, number: 1 } }) });
    expect(openElsewhere(m, 5)).toEqual([9, 3]);
    expect(openElsewhere(m, 9)).toEqual([3]);
    expect(openElsewhere(snap({ session: session({ open: [4] }) }), 5)).toEqual([4]);
    expect(openElsewhere(snap({ session: session({ open: [4], closed: true }) }), 5)).toEqual([]);
    expect(openElsewhere(snap({ session: session({ open: [] }) }), 5)).toEqual([]);
    expect(hasAnswers(m)).toBe(true);
    expect(hasAnswers(emptyModel)).toBe(false);
  });
});
