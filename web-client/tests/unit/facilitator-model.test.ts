// The facilitator's model: a snapshot replaces everything, updates change only what they carry (old frames
// are ignored, a new round starts empty, protocol 2's consensus and summary changes are folded into the
// round they name), municipality_average frames for the own municipality only, and the server's field names
// (ranked_by_gap / ranked_by_disagreement) as well as the documented ones.
import { describe, expect, it } from 'vitest';
import {
  activeParticipants,
  answeredOf,
  applyAverage,
  applySnapshot,
  applyUpdate,
  currentRound,
  emptyModel,
  listedParticipants,
  parseDepartments,
  parseDist,
  parseSummary,
} from '../../src/facilitator/model';

const session = (over: Record<string, unknown> = {}) => ({
  session_id: 's-1',
  title: 'Roadmap',
  municipality: 'GM0344',
  mode: 'workshop',
  round: 1,
  open: Array.from({ length: 21 }, (_, i) => i + 1),
  revealed: false,
  closed: false,
  join_code: 'ABC123',
  ...over,
});

const dist = (counts: number[], extra: Record<string, unknown> = {}) => {
  const n = counts.reduce((a, b) => a + b, 0);
  const mean = n ? counts.reduce((a, c, i) => a + c * (i + 1), 0) / n : null;
  return { counts, n, mean, median: mean, q1: mean, q3: mean, interquartile_range: n ? 0 : null, standard_deviation: n ? 0 : null, consensus: n ? 1 : null, iqr_consensus: n > 0, modes: [], ...extra };
};

const consensus = (round: number, rows: Record<number, [number[], number[]]>) => ({
  round,
  statements: Object.entries(rows).map(([s, [c, d]]) => ({ statement: Number(s), current: dist(c), desired: dist(d) })),
});

const snapshot = {
  type: 'snapshot',
  role: 'facilitator',
  seq: 10,
  session: session(),
  presence: { participants: 2, connected: 1, answered: [{ statement: 1, current: 2, desired: 1 }] },
  participants: [
    { participant_id: 'p-2', name: 'Bram', department: null, removed: false, connected: false },
    { participant_id: 'p-1', name: 'Ann', department: 'ICT', removed: false, connected: true },
    { participant_id: 'p-3', name: 'Cor', department: null, removed: true, connected: false },
  ],
  rounds: [
    {
      round: 1,
      consensus: consensus(1, { 1: [[0, 1, 1, 0, 0], [0, 0, 0, 1, 0]] }),
      summary: {
        round: 1,
        participant_count: 2,
        ranked_by_gap: [{ statement: 1, gap: 1.5 }],
        ranked_by_disagreement: [{ statement: 1, aspect: 'current', consensus: 0.8, interquartile_range: 0.5 }],
      },
    },
  ],
  municipality_average: {
    municipality: 'GM0344',
    respondents: 12,
    statements: [{ statement: 1, current: { mean: 2.25, respondents: 12 }, desired: { mean: 3.5, respondents: 11 } }],
  },
};

describe('facilitator model', () => {
  it('takes everything from a snapshot', () => {
    const m = applySnapshot(emptyModel, snapshot);
    expect(m.seq).toBe(10);
    expect(m.session?.join_code).toBe('ABC123');
    expect(m.presence).toMatchObject({ participants: 2, connected: 1 });
    expect(m.presence.answered).toHaveLength(21);
    expect(m.presence.answered[0]).toEqual({ current: 2, desired: 1 });
    expect(m.presence.answered[20]).toEqual({ current: 0, desired: 0 });
    expect(m.rounds).toHaveLength(1);
    const s1 = currentRound(m)!.statements[0]!;
    expect(s1.current.counts).toEqual([0, 1, 1, 0, 0]);
    expect(s1.current.mean).toBe(2.5);
    expect(currentRound(m)!.statements[20]!.current.n).toBe(0);
    expect(currentRound(m)!.summary?.byGap).toEqual([{ statement: 1, gap: 1.5 }]);
    expect(m.average?.statements[0]).toEqual({ current: { mean: 2.25, respondents: 12 }, desired: { mean: 3.5, respondents: 11 } });
    expect(m.average?.statements[5]?.current).toEqual({ mean: null, respondents: 0 });
  });

  it('lists active participants, connected first, then by name', () => {
    const m = applySnapshot(emptyModel, snapshot);
    expect(activeParticipants(m).map((p) => p.name)).toEqual(['Ann', 'Bram']);
    expect(m.participants.find((p) => p.id === 'p-2')?.department).toBeNull();
  });

  it('applies an update with new answers to the current round and keeps what it does not carry', () => {
    const m = applySnapshot(emptyModel, snapshot);
    const next = applyUpdate(m, {
      type: 'update',
      seq: 11,
      session: session({ revealed: true }),
      presence: { participants: 2, connected: 2, answered: [{ statement: 1, current: 2, desired: 2 }] },
      consensus: consensus(1, { 1: [[0, 1, 1, 0, 0], [0, 0, 0, 1, 1]] }),
      summary: { round: 1, participant_count: 2, ranked_by_gap: [{ statement: 1, gap: 2 }], ranked_by_disagreement: [] },
    });
    expect(next.seq).toBe(11);
    expect(next.session?.revealed).toBe(true);
    expect(next.presence.connected).toBe(2);
    expect(currentRound(next)!.statements[0]!.desired.counts).toEqual([0, 0, 0, 1, 1]);
    expect(currentRound(next)!.summary?.byGap[0]?.gap).toBe(2);
    // not carried: the same objects, so the views can skip them
    expect(next.participants).toBe(m.participants);
    expect(next.average).toBe(m.average);
  });

  it('keeps the round data when an update carries no results, and ignores older frames', () => {
    const m = applySnapshot(emptyModel, snapshot);
    const next = applyUpdate(m, { type: 'update', seq: 12, session: session({ open: [3] }), presence: snapshot.presence });
    expect(next.rounds).toBe(m.rounds);
    expect(next.session?.open).toEqual([3]);
    const stale = applyUpdate(next, { type: 'update', seq: 9, session: session({ open: [] }) });
    expect(stale).toBe(next);
  });

  it('adds an empty round 2 on a new round and keeps round 1 for the comparison', () => {
    const m = applySnapshot(emptyModel, snapshot);
    const r2 = applyUpdate(m, { type: 'update', seq: 13, session: session({ round: 2 }), presence: { participants: 2, connected: 2, answered: [] } });
    expect(r2.rounds.map((r) => r.round)).toEqual([1, 2]);
    expect(currentRound(r2)!.statements.every((s) => s.current.n === 0 && s.desired.n === 0)).toBe(true);
    expect(r2.rounds[0]).toBe(m.rounds[0]);
    const answered = applyUpdate(r2, {
      type: 'update',
      seq: 14,
      session: session({ round: 2 }),
      consensus: consensus(2, { 4: [[0, 0, 1, 0, 0], [0, 0, 0, 0, 0]] }),
    });
    expect(answered.rounds[1]!.statements[3]!.current.counts).toEqual([0, 0, 1, 0, 0]);
    expect(answered.rounds[0]!.statements[0]!.current.counts).toEqual([0, 1, 1, 0, 0]);
  });

  it('folds protocol 2 consensus_changes and summary_changes into the round they name', () => {
    const m = applySnapshot(emptyModel, {
      ...snapshot,
      rounds: [{ ...snapshot.rounds[0]!, consensus: consensus(1, { 1: [[0, 1, 1, 0, 0], [0, 0, 0, 1, 0]], 3: [[1, 0, 0, 0, 0], [0, 1, 0, 0, 0]] }) }],
    });
    const changes = {
      type: 'update',
      seq: 11,
      session: session({ revealed: true }),
      consensus_changes: consensus(1, { 3: [[1, 1, 0, 0, 0], [0, 1, 0, 0, 1]] }),
      summary_changes: {
        round: 1,
        participant_count: 3,
        statements: [{ statement: 3, theme: 'strategy', current: dist([1, 1, 0, 0, 0]), desired: dist([0, 1, 0, 0, 1]), gap: 2 }],
        themes: [],
        ranked_by_gap: [{ statement: 3, gap: 2 }, { statement: 1, gap: 1.5 }],
        ranked_by_disagreement: [],
      },
    };
    const next = applyUpdate(m, changes);
    const round = currentRound(next)!;
    expect(round.statements).toHaveLength(21);
    expect(round.statements[2]!.current.counts).toEqual([1, 1, 0, 0, 0]);
    expect(round.statements[2]!.desired.mean).toBe(3.5);
    // the statements not named are kept as they were, in their place
    expect(round.statements[0]).toBe(currentRound(m)!.statements[0]);
    expect(round.statements.map((s) => s.statement)).toEqual(Array.from({ length: 21 }, (_, i) => i + 1));
    // the summary's participant count and rankings are whole in its changes
    expect(round.summary).toEqual({ participantCount: 3, byGap: [{ statement: 3, gap: 2 }, { statement: 1, gap: 1.5 }], byDisagreement: [] });
    // the same changes again do no harm
    expect(applyUpdate(next, { ...changes, seq: 12 }).rounds).toEqual(next.rounds);
    // a whole consensus wins over changes
    const whole = applyUpdate(next, { type: 'update', seq: 13, consensus: consensus(1, { 5: [[0, 0, 1, 0, 0], [0, 0, 0, 1, 0]] }), consensus_changes: changes.consensus_changes });
    expect(currentRound(whole)!.statements[2]!.current.n).toBe(0);
    expect(currentRound(whole)!.statements[4]!.current.n).toBe(1);
  });

  it('applies changes to the current round only, and ignores changes to a round it does not know', () => {
    const m = applySnapshot(emptyModel, snapshot);
    // a new round: the server sends the whole (empty) round 2, then its changes
    const r2 = applyUpdate(m, { type: 'update', seq: 13, session: session({ round: 2 }), consensus: consensus(2, {}) });
    const answered = applyUpdate(r2, { type: 'update', seq: 14, session: session({ round: 2 }), consensus_changes: consensus(2, { 1: [[0, 0, 0, 0, 1], [0, 0, 0, 0, 1]] }) });
    expect(answered.rounds[1]!.statements[0]!.current.counts).toEqual([0, 0, 0, 0, 1]);
    expect(answered.rounds[0]).toBe(m.rounds[0]);
    // round 3 was never described: its changes make nothing up
    const unknown = applyUpdate(answered, { type: 'update', seq: 15, consensus_changes: consensus(3, { 1: [[1, 0, 0, 0, 0], [1, 0, 0, 0, 0]] }) });
    expect(unknown.rounds).toBe(answered.rounds);
  });

  it('replaces the participants when an update carries them (someone removed)', () => {
    const m = applySnapshot(emptyModel, snapshot);
    const next = applyUpdate(m, {
      type: 'update',
      seq: 15,
      session: session(),
      participants: [{ participant_id: 'p-1', name: 'Ann', department: 'ICT', removed: true, connected: true }],
    });
    expect(activeParticipants(next)).toEqual([]);
  });

  it('merges the participants an update names as changed: replaced in place, new ones added, others kept', () => {
    const m = applySnapshot(emptyModel, snapshot);
    const next = applyUpdate(m, {
      type: 'update',
      seq: 16,
      session: session(),
      participants_changed: [
        { participant_id: 'p-2', name: 'Bram', department: null, removed: false, connected: true },
        { participant_id: 'p-4', name: null, department: 'Water', removed: false, connected: true },
      ],
    });
    expect(next.participants.map((p) => [p.id, p.connected])).toEqual([
      ['p-2', true],
      ['p-1', true],
      ['p-3', false],
      ['p-4', true],
    ]);
    expect(next.participants.find((p) => p.id === 'p-4')?.department).toBe('Water');
    expect(next.participants.find((p) => p.id === 'p-1')?.name).toBe('Ann');
  });

  it('takes municipality_average frames for its own municipality only', () => {
    const m = applySnapshot(emptyModel, snapshot);
    const frame = (code: string, mean: number) => ({
      type: 'municipality_average',
      municipality: code,
      average: { municipality: code, respondents: 13, statements: [{ statement: 2, current: { mean, respondents: 13 }, desired: { mean: 4, respondents: 13 } }] },
    });
    expect(applyAverage(m, frame('GM0363', 1))).toBe(m);
    const next = applyAverage(m, frame('GM0344', 2.5));
    expect(next.average?.respondents).toBe(13);
    expect(next.average?.statements[1]?.current.mean).toBe(2.5);
  });

  it('reads statistics only when there are answers, and both names of the rankings', () => {
    expect(parseDist({ counts: [0, 0, 0, 0, 0], n: 0, mean: 0, consensus: 0 })).toMatchObject({ n: 0, mean: null, consensus: null });
    expect(parseDist({ counts: [1, 0, 0, 0, 1], n: 2, mean: 3, consensus: 0, interquartile_range: 4 })).toMatchObject({ mean: 3, consensus: 0, iqr: 4 });
    expect(parseSummary({ by_gap: [{ statement: 2, gap: 1 }], by_disagreement: [{ statement: 3, aspect: 'desired', consensus: 0.4 }] })).toEqual({
      participantCount: null,
      byGap: [{ statement: 2, gap: 1 }],
      byDisagreement: [{ statement: 3, aspect: 'desired', consensus: 0.4 }],
    });
    expect(parseSummary(null)).toBeNull();
  });

  it('lists removed participants last, never as connected', () => {
    const m = applySnapshot(emptyModel, snapshot);
    expect(listedParticipants(m).map((p) => [p.name, p.removed])).toEqual([
      ['Ann', false],
      ['Bram', false],
      ['Cor', true],
    ]);
    // removed while their phone is still connected
    const next = applyUpdate(m, {
      type: 'update',
      seq: 17,
      session: session(),
      presence: { participants: 1, connected: 0, answered: [] },
      participants_changed: [{ participant_id: 'p-1', name: 'Ann', department: 'ICT', removed: true, connected: true }],
    });
    expect(listedParticipants(next).map((p) => p.name)).toEqual(['Bram', 'Ann', 'Cor']);
    expect(next.presence).toMatchObject({ participants: 1, connected: 0 });
  });

  it('counts per statement who answered of the active participants (N of M)', () => {
    const m = applySnapshot(emptyModel, snapshot);
    // statement 1: 2 answered now, 1 desired, of 2 participants
    expect(answeredOf(m, 1)).toEqual({ n: 1, m: 2, current: 2, desired: 1 });
    expect(answeredOf(m, 21)).toEqual({ n: 0, m: 2, current: 0, desired: 0 });
  });

  it('takes departments from the snapshot and from updates that carry them, and keeps them otherwise', () => {
    const departments = {
      min_respondents: 5,
      rows: [
        { department: 'Wonen', participants: 6, current: 2.5, desired: null, themes: [] },
        {
          department: 'ICT',
          participants: 5,
          current: 2.1,
          desired: 3.9,
          themes: [
            { theme: 'strategy', current: 2, desired: 4, gap: 2 },
            { theme: 'data', current: null, desired: null, gap: null },
            { current: 1 },
          ],
        },
        { participants: 9 },
      ],
    };
    expect(applySnapshot(emptyModel, snapshot).departments).toBeNull();
    const m = applySnapshot(emptyModel, { ...snapshot, departments });
    expect(m.departments?.minRespondents).toBe(5);
    expect(m.departments?.rows.map((r) => r.department)).toEqual(['ICT', 'Wonen']);
    expect(m.departments?.rows[0]?.themes).toEqual([
      { theme: 'strategy', current: 2, desired: 4, gap: 2 },
      { theme: 'data', current: null, desired: null, gap: null },
    ]);
    expect(m.departments?.rows[1]).toMatchObject({ participants: 6, current: 2.5, desired: null });
    const kept = applyUpdate(m, { type: 'update', seq: 20, session: session() });
    expect(kept.departments).toBe(m.departments);
    const emptied = applyUpdate(m, { type: 'update', seq: 21, session: session(), departments: { min_respondents: 5, rows: [] } });
    expect(emptied.departments).toEqual({ minRespondents: 5, rows: [] });
    expect(parseDepartments(null)).toBeNull();
  });
});
