// What the dashboard derives: consensus in words (Tastle–Wierman bands), heat-map cells, the ranking of
// where the discussion should go, round 1 beside round 2, the municipality comparison, the projector's
// scene, pacing helpers, and the acknowledgement state of the controls.
import { describe, expect, it } from 'vitest';
import {
  consensusLevel,
  defaultStatement,
  discussionRanking,
  everyoneToCommands,
  focusCommands,
  gapOf,
  heatCells,
  isFocused,
  municipalityComparison,
  projectorScene,
  roundComparison,
  weakestConsensus,
} from '../../src/facilitator/analysis';
import { fmtSigned } from '../../src/facilitator/format';
import { emptyDist, emptyModel, emptyStatements, type Dist, type RoundData, type Summary } from '../../src/facilitator/model';
import { controlKey, PendingControls } from '../../src/facilitator/pending';

/** A distribution from answers, with the mean and a given consensus (the server computes the real one). */
function d(answers: number[], consensus: number | null = null): Dist {
  const counts = [0, 0, 0, 0, 0];
  for (const a of answers) counts[a - 1]! += 1;
  const n = answers.length;
  return { ...emptyDist(), counts, n, mean: n ? answers.reduce((a, b) => a + b, 0) / n : null, consensus: n ? consensus : null };
}

function round(no: number, rows: Record<number, [Dist, Dist]>, summary: Summary | null = null): RoundData {
  const statements = emptyStatements();
  for (const [s, [current, desired]] of Object.entries(rows)) statements[Number(s) - 1] = { statement: Number(s), current, desired };
  return { round: no, statements, summary };
}

describe('consensus in words', () => {
  it('uses the bands high ≥ 0.8, moderate ≥ 0.6, low below, none without answers', () => {
    expect(consensusLevel(1)).toBe('high');
    expect(consensusLevel(0.807)).toBe('high'); // 4 4 4 5 5 5
    expect(consensusLevel(0.8)).toBe('high');
    expect(consensusLevel(0.79)).toBe('moderate');
    expect(consensusLevel(0.6)).toBe('moderate');
    expect(consensusLevel(0.507)).toBe('low'); // 1 1 2 2 2 5
    expect(consensusLevel(0.434)).toBe('low'); // 1 2 3 4 5
    expect(consensusLevel(0)).toBe('low');
    expect(consensusLevel(null)).toBe('none');
    expect(consensusLevel(Number.NaN)).toBe('none');
  });

  it('writes gaps with a sign and a real minus', () => {
    expect(fmtSigned(1.666, 1, )).toBe('+1,7');
    expect(fmtSigned(-0.25)).toBe('−0,3');
    expect(fmtSigned(0.04)).toBe('0,0');
    expect(fmtSigned(null)).toBe('–');
  });
});

describe('heat map', () => {
  it('has 21 cells with gap, the weaker aspect’s consensus and a bar share', () => {
    const r = round(1, {
      2: [d([1, 2, 3], 0.6), d([4, 4, 5], 0.85)],
      7: [d([2, 2], 1), d([1, 5], 0)],
      9: [d([3], 1), d([])],
    });
    const cells = heatCells(r);
    expect(cells).toHaveLength(21);
    expect(cells[1]).toMatchObject({ statement: 2, consensus: 0.6, aspect: 'current', level: 'moderate' });
    expect(cells[1]!.gap).toBeCloseTo(4.333 - 2, 3);
    expect(cells[1]!.gapShare).toBeCloseTo(2.333 / 4, 3);
    expect(cells[6]).toMatchObject({ gap: 1, consensus: 0, aspect: 'desired', level: 'low' });
    // one aspect answered: no gap, the consensus of that aspect
    expect(cells[8]).toMatchObject({ gap: null, consensus: 1, level: 'high', gapShare: 0 });
    expect(cells[0]).toMatchObject({ gap: null, consensus: null, level: 'none', n: { current: 0, desired: 0 } });
    expect(heatCells(null)).toEqual([]);
  });

  it('leaves the bar empty for a negative gap and full from a gap of 4', () => {
    const cells = heatCells(round(1, { 1: [d([4]), d([2])], 2: [d([1]), d([5])] }));
    expect(cells[0]!.gap).toBe(-2);
    expect(cells[0]!.gapShare).toBe(0);
    expect(cells[1]!.gapShare).toBe(1);
  });

  it('names the weaker aspect, current on a tie', () => {
    const s = { statement: 1, current: d([1, 2], 0.7), desired: d([3, 4], 0.7) };
    expect(weakestConsensus(s)).toEqual({ consensus: 0.7, aspect: 'current' });
    expect(gapOf(s)).toBe(2);
  });
});

describe('where the discussion should go', () => {
  const summary: Summary = {
    participantCount: 12,
    byGap: [
      { statement: 19, gap: 2.4 },
      { statement: 14, gap: 2.1 },
      { statement: 7, gap: 1.9 },
      { statement: 11, gap: 0.3 },
    ],
    byDisagreement: [
      { statement: 14, aspect: 'desired', consensus: 0.41 },
      { statement: 9, aspect: 'current', consensus: 0.5 },
      { statement: 19, aspect: 'current', consensus: 0.62 },
      { statement: 11, aspect: 'current', consensus: 0.9 },
    ],
  };

  it('puts a large gap with little consensus first (sum of both places)', () => {
    const ranking = discussionRanking(summary);
    // 14: 2 + 1 = 3; 19: 1 + 3 = 4; 7: 3 + 5 (unranked) = 8; 9: 5 + 2 = 7; 11: 4 + 4 = 8
    expect(ranking.map((r) => r.statement)).toEqual([14, 19, 9, 7, 11]);
    expect(ranking[0]).toEqual({ statement: 14, gap: 2.1, consensus: 0.41, aspect: 'desired', gapRank: 2, disagreementRank: 1 });
    expect(ranking.find((r) => r.statement === 9)).toMatchObject({ gap: null, gapRank: null, disagreementRank: 2 });
  });

  it('breaks ties by the larger gap (7 before 11 at 8 points each) and cuts at the limit', () => {
    expect(discussionRanking(summary, 2).map((r) => r.statement)).toEqual([14, 19]);
    const tied = discussionRanking(summary).slice(3).map((r) => r.statement);
    expect(tied).toEqual([7, 11]);
  });

  it('is empty without a summary', () => {
    expect(discussionRanking(null)).toEqual([]);
    expect(discussionRanking({ participantCount: 0, byGap: [], byDisagreement: [] })).toEqual([]);
  });
});

describe('round 1 beside round 2', () => {
  it('compares means, gap and consensus per statement', () => {
    const r1 = round(1, { 5: [d([1, 2, 3], 0.55), d([4, 4, 5], 0.85)] });
    const r2 = round(2, { 5: [d([2, 2, 2], 0.9), d([4, 4, 4], 1)] });
    expect(roundComparison([r1])).toEqual([]);
    const rows = roundComparison([r1, r2]);
    expect(rows).toHaveLength(21);
    const row = rows[4]!;
    expect(row.first).toMatchObject({ current: 2, consensus: 0.55, n: 3 });
    expect(row.first.gap).toBeCloseTo(2.333, 3);
    expect(row.latest).toMatchObject({ current: 2, desired: 4, gap: 2, consensus: 0.9 });
    expect(row.consensusChange).toBeCloseTo(0.35, 6);
    expect(row.gapChange).toBeCloseTo(-0.333, 3);
    expect(rows[0]).toMatchObject({ consensusChange: null, gapChange: null });
  });

  it('compares the first with the latest of three rounds', () => {
    const rows = roundComparison([round(1, { 1: [d([1]), d([2])] }), round(2, {}), round(3, { 1: [d([3]), d([5])] })]);
    expect(rows[0]!.gapChange).toBe(1);
  });
});

describe('municipality comparison', () => {
  it('puts the session’s means beside the municipality’s, with the difference', () => {
    const r = round(1, { 3: [d([2, 3]), d([4])] });
    const average = {
      municipality: 'GM0344',
      respondents: 40,
      statements: Array.from({ length: 21 }, (_, i) =>
        i === 2
          ? { current: { mean: 2, respondents: 40 }, desired: { mean: 3.5, respondents: 38 } }
          : { current: { mean: null, respondents: 0 }, desired: { mean: null, respondents: 0 } },
      ),
    };
    const rows = municipalityComparison(r, average);
    expect(rows[2]).toEqual({
      statement: 3,
      session: { current: 2.5, desired: 4 },
      municipality: { current: 2, desired: 3.5, respondents: 40 },
      diff: { current: 0.5, desired: 0.5 },
    });
    expect(rows[0]!.diff).toEqual({ current: null, desired: null });
    expect(municipalityComparison(r, null)[2]!.municipality).toEqual({ current: null, desired: null, respondents: 0 });
  });
});

describe('pacing and projector', () => {
  const session = (open: number[], closed = false) => ({
    session_id: 's', title: 't', municipality: 'GM0344', mode: 'workshop' as const, round: 1, open, revealed: false, closed,
  });

  it('focus closes all, opens the one statement, then takes everyone there', () => {
    expect(focusCommands(5)).toEqual([
      { type: 'close', statement: 'all' },
      { type: 'open', statement: 5 },
      { type: 'focus', statement: 5 },
    ]);
    expect(everyoneToCommands(7)).toEqual([{ type: 'focus', statement: 7 }]);
    expect(isFocused(session([5]), 5)).toBe(true);
    expect(isFocused(session([5, 6]), 5)).toBe(false);
    expect(isFocused(null, 5)).toBe(false);
  });

  it('starts on the only or first open statement', () => {
    expect(defaultStatement(session([7]))).toBe(7);
    expect(defaultStatement(session([9, 3, 12]))).toBe(3);
    expect(defaultStatement(session([]))).toBe(1);
    expect(defaultStatement(null)).toBe(1);
  });

  it('shows the join code on the wall until three have joined, then the results', () => {
    const model = (participants: number, closed = false) => ({
      ...emptyModel,
      session: session([1], closed),
      presence: { participants, connected: participants, answered: [] },
    });
    expect(projectorScene(model(0))).toBe('join');
    expect(projectorScene(model(2))).toBe('join');
    expect(projectorScene(model(3))).toBe('results');
    expect(projectorScene(model(0, true))).toBe('results');
  });

  it('leaves the join scene for good once the workshop is under way, whatever the count', () => {
    const start = { ...emptyModel, session: session([1]), presence: { participants: 1, connected: 1, answered: [] } };
    expect(projectorScene(start)).toBe('join');
    // one answer (presence or the round's results), results revealed, a second round, everyone sent somewhere
    const answered = Array.from({ length: 21 }, (_, i) => ({ current: i === 4 ? 1 : 0, desired: 0 }));
    expect(projectorScene({ ...start, presence: { ...start.presence, answered } })).toBe('results');
    expect(projectorScene({ ...start, rounds: [round(1, { 3: [d([2]), d([])] })] })).toBe('results');
    expect(projectorScene({ ...start, session: { ...session([1]), revealed: true } })).toBe('results');
    expect(projectorScene({ ...start, session: { ...session([1]), round: 2 } })).toBe('results');
    expect(projectorScene({ ...start, session: { ...session([1]), focus: { statement: 4, number: 1 } } })).toBe('results');
    // a statement chosen (?s=, a click, the arrows), or the results already on this wall (one of three removed)
    expect(projectorScene(start, { statementChosen: true })).toBe('results');
    expect(projectorScene(start, { resultsShown: true })).toBe('results');
    expect(projectorScene({ ...start, rounds: [round(1, {})] })).toBe('join');
  });
});

describe('acknowledgement state of the controls', () => {
  it('is pending until every command of a control is acknowledged', () => {
    const p = new PendingControls();
    p.start('focus:5', ['a', 'b']);
    expect(p.isPending('focus:5')).toBe(true);
    expect(p.confirm('a')).toBe('focus:5');
    expect(p.isPending('focus:5')).toBe(true);
    expect(p.anyPending('focus:')).toBe(true);
    p.confirm('b');
    expect(p.isPending('focus:5')).toBe(false);
    expect(p.anyPending()).toBe(false);
    expect(p.confirm('unknown')).toBeNull();
  });

  it('keeps a refusal as the control’s error until it is tried again', () => {
    const p = new PendingControls();
    p.start('remove:p-1', ['x']);
    expect(p.reject('x', 'unknown_participant', 'no such participant')).toBe('remove:p-1');
    expect(p.isPending('remove:p-1')).toBe(false);
    expect(p.error('remove:p-1')).toEqual({ key: 'remove:p-1', code: 'unknown_participant', message: 'no such participant' });
    expect(p.allErrors()).toHaveLength(1);
    p.start('remove:p-1', ['y']);
    expect(p.error('remove:p-1')).toBeNull();
  });

  it('names controls after their commands (for commands found in the outbox after a reload)', () => {
    expect(controlKey({ type: 'open', statement: 'all' })).toBe('open:all');
    expect(controlKey({ type: 'close', statement: 4 })).toBe('close:4');
    expect(controlKey({ type: 'remove', participant_id: 'p-9' })).toBe('remove:p-9');
    expect(controlKey({ type: 'new_round' })).toBe('new_round');
    expect(controlKey({ type: 'focus', statement: 6 })).toBe('everyone:6');
  });
});
