// The roadmap dialogue's client logic (docs/protocol.md, "The roadmap dialogue"): parsing both shapes of
// `roadmap`, the participant's own votes with the outbox laid over them, the orderings the views show, the
// commands with their text limits, and the participant and facilitator models folding it all in.
import { describe, expect, it } from 'vitest';
import { applySnapshot as dashSnapshot, applyUpdate as dashUpdate, emptyModel as dashEmpty } from '../../src/facilitator/model';
import { Outbox } from '../../src/lib/outbox';
import { FINAL_ERRORS } from '../../src/lib/protocol';
import {
  applyRoadmapChanges,
  budgetCommand,
  concludeCommand,
  effectiveVotes,
  explainCommand,
  isRoadmapCommand,
  listedStatements,
  mergeTargets,
  openActions,
  ownerCommand,
  parseOwnVotes,
  parseRoadmap,
  proposeCommand,
  reconcileVotes,
  ROADMAP_ERRORS,
  rewordCommand,
  statementActions,
  textLength,
  timeline,
} from '../../src/lib/roadmap';
import { applyConfirmed, applySnapshot, applyUpdate, emptyModel } from '../../src/lib/state';
import { memoryStore } from '../../src/lib/storage';

const action = (id: string, statement: number, votes: number, extra: Record<string, unknown> = {}) => ({
  action_id: id,
  statement,
  text: `actie ${id}`,
  by: 'participant',
  votes,
  hidden: false,
  merged_into: null,
  owner: null,
  horizon: null,
  status: 'proposed',
  ...extra,
});

const facilitatorRoadmap = {
  vote_budget: 3,
  actions: [
    action('a1', 1, 2),
    action('a2', 1, 4, { status: 'agreed', horizon: 'within_1_year', owner: 'Informatiebeheer' }),
    action('a3', 1, 0, { merged_into: 'a2' }),
    action('a4', 1, 1, { hidden: true }),
    action('b1', 2, 3, { status: 'done', horizon: 'now', owner: '' }),
    action('b2', 2, 0, { status: 'agreed' }),
    action('b3', 2, 5, { status: 'dropped', horizon: 'now' }),
  ].map((a, i) => ({ ...a, order: i + 1 })),
  conclusions: [{ statement: 1, text: 'Eerst een gedeelde visie.' }, { statement: 3, text: '' }],
  explanations: [
    { statement: 1, aspect: 'current', text: 'Er is geen plan.', name: 'Ann' },
    { statement: 1, aspect: 'desired', text: 'Over 3 jaar wel.' },
    { statement: 99, aspect: 'current', text: 'ongeldig' },
  ],
  explanations_shown: [1, 30],
  priorities: [
    { statement: 2, score: 0.8, gap: 2.5, agreement: 0.7, votes: 3, gap_part: 0.31, agreement_part: 0.14, votes_part: 0.3 },
    { statement: 1, score: 0.5, gap: 1, agreement: 0.9, votes: 6, gap_part: 0.125, agreement_part: 0.18, votes_part: 0.2 },
  ],
};

describe('parsing the roadmap', () => {
  it('reads the facilitator shape: actions with every field, conclusions, explanations, priorities', () => {
    const r = parseRoadmap(facilitatorRoadmap)!;
    expect(r.voteBudget).toBe(3);
    expect(r.actions).toHaveLength(7);
    expect(r.actions[1]).toEqual({
      id: 'a2',
      order: 2,
      statement: 1,
      text: 'actie a2',
      votes: 4,
      status: 'agreed',
      horizon: 'within_1_year',
      by: 'participant',
      hidden: false,
      mergedInto: null,
      owner: 'Informatiebeheer',
    });
    expect(r.actions[2]!.mergedInto).toBe('a2');
    expect(r.actions[4]!.owner).toBeNull(); // an empty owner is none
    expect(r.conclusions).toEqual({ 1: 'Eerst een gedeelde visie.' });
    expect(r.explanations).toEqual([
      { statement: 1, aspect: 'current', text: 'Er is geen plan.', name: 'Ann' },
      { statement: 1, aspect: 'desired', text: 'Over 3 jaar wel.', name: null },
    ]);
    expect(r.explanationsShown).toEqual([1]);
    expect(r.priorities.map((p) => p.statement)).toEqual([2, 1]);
    expect(r.priorities[0]).toMatchObject({ gap: 2.5, gapPart: 0.31, agreementPart: 0.14, votesPart: 0.3, votes: 3 });
  });

  it('reads the participant shape (open actions only, no moderation fields) and ignores what it cannot read', () => {
    const r = parseRoadmap({
      vote_budget: 5,
      actions: [
        { action_id: 'x', order: 3, statement: 4, text: 'Sensoren', votes: 2, status: 'proposed', horizon: null },
        { action_id: 'y', statement: 40, text: 'kapot', votes: 1 },
        { statement: 4, text: 'zonder id' },
      ],
      explanations: [{ statement: 4, aspect: 'desired', text: 'omdat' }],
      conclusions: [],
    })!;
    expect(r.actions).toEqual([
      {
        id: 'x',
        order: 3,
        statement: 4,
        text: 'Sensoren',
        votes: 2,
        status: 'proposed',
        horizon: null,
        by: null,
        hidden: false,
        mergedInto: null,
        owner: null,
      },
    ]);
    expect(r.priorities).toEqual([]);
    expect(r.explanations).toHaveLength(1);
    expect(parseRoadmap(undefined)).toBeNull();
    expect(parseRoadmap([])).toBeNull();
    expect(parseRoadmap({ vote_budget: 99 })!.voteBudget).toBe(20);
    expect(parseRoadmap({ actions: [{ action_id: 'z', statement: 1, status: 'weird', horizon: 'someday' }] })!.actions[0]).toMatchObject({
      status: 'proposed',
      horizon: null,
    });
  });
});

describe('applying roadmap_changes', () => {
  const before = parseRoadmap(facilitatorRoadmap)!;
  const ids = (r: { actions: { id: string }[] }) => r.actions.map((a) => a.id);

  it('keeps actions in proposal order, whatever order a whole roadmap lists them in', () => {
    const r = parseRoadmap({ actions: [action('late', 1, 0, { order: 9 }), action('early', 1, 0, { order: 2 })] })!;
    expect(ids(r)).toEqual(['early', 'late']);
  });

  it('puts a changed entry in place of its own and adds a new one in proposal order', () => {
    const after = applyRoadmapChanges(before, {
      vote_budget: 3,
      actions: [action('new', 3, 0, { order: 8 }), action('a1', 1, 2, { order: 1, text: 'herschreven', status: 'agreed' })],
      removed_actions: [],
      statements: [],
    });
    expect(ids(after)).toEqual(['a1', 'a2', 'a3', 'a4', 'b1', 'b2', 'b3', 'new']);
    expect(after.actions[0]).toMatchObject({ id: 'a1', text: 'herschreven', status: 'agreed' });
    expect(after.actions.slice(1, 7)).toEqual(before.actions.slice(1)); // the others untouched
    // an entry whose order puts it between others goes there
    const between = applyRoadmapChanges(before, { actions: [action('mid', 2, 0, { order: 4.5 })] });
    expect(ids(between)).toEqual(['a1', 'a2', 'a3', 'a4', 'mid', 'b1', 'b2', 'b3']);
  });

  it('sets vote counts, drops removed actions and follows the budget', () => {
    const after = applyRoadmapChanges(before, { vote_budget: 7, votes: { a1: 5, gone: 3, b2: 'x' }, removed_actions: ['a4', 'nope'] });
    expect(ids(after)).toEqual(['a1', 'a2', 'a3', 'b1', 'b2', 'b3']);
    expect(after.actions[0]!.votes).toBe(5);
    expect(after.actions.find((a) => a.id === 'b2')!.votes).toBe(0);
    expect(after.voteBudget).toBe(7);
    expect(applyRoadmapChanges(before, {}).voteBudget).toBe(3);
  });

  it('replaces the listed statements’ explanations and conclusions wholesale, leaves the others', () => {
    const withTwo = applyRoadmapChanges(before, {
      statements: [2],
      conclusions: [{ statement: 2, text: 'Data delen.' }],
      explanations: [{ statement: 2, aspect: 'current', text: 'Niemand deelt.' }],
    });
    expect(withTwo.conclusions).toEqual({ 1: 'Eerst een gedeelde visie.', 2: 'Data delen.' });
    expect(withTwo.explanations.map((e) => e.statement)).toEqual([1, 1, 2]);
    // statement 1 listed with one explanation and no conclusion: it keeps that explanation and has no conclusion now
    const after = applyRoadmapChanges(withTwo, {
      statements: [1],
      conclusions: [],
      explanations: [{ statement: 1, aspect: 'desired', text: 'Anders gezegd.', name: 'Bo' }],
    });
    expect(after.conclusions).toEqual({ 2: 'Data delen.' });
    expect(after.explanations).toEqual([
      { statement: 1, aspect: 'desired', text: 'Anders gezegd.', name: 'Bo' },
      { statement: 2, aspect: 'current', text: 'Niemand deelt.', name: null },
    ]);
    // entries of statements the change does not list are not taken
    const unlisted = applyRoadmapChanges(before, { statements: [], conclusions: [{ statement: 5, text: 'los' }] });
    expect(unlisted.conclusions).toEqual(before.conclusions);
  });

  it('replaces the facilitator’s priorities and shown explanations whole, keeps them when absent (participants)', () => {
    const after = applyRoadmapChanges(before, {
      explanations_shown: [2],
      priorities: [{ statement: 1, score: 0.9, gap: 2, agreement: 0.5, votes: 8, gap_part: 0.4, agreement_part: 0.2, votes_part: 0.3 }],
    });
    expect(after.explanationsShown).toEqual([2]);
    expect(after.priorities).toEqual([
      { statement: 1, score: 0.9, gap: 2, agreement: 0.5, votes: 8, gapPart: 0.4, agreementPart: 0.2, votesPart: 0.3 },
    ]);
    const participant = applyRoadmapChanges(before, { vote_budget: 3, actions: [], statements: [] });
    expect(participant.priorities).toBe(before.priorities);
    expect(participant.explanationsShown).toBe(before.explanationsShown);
  });

  it('does no harm applied twice, leaves the roadmap it was given alone and ignores what it cannot read', () => {
    const copy = structuredClone(before);
    const changes = {
      vote_budget: 4,
      actions: [action('new', 3, 1, { order: 8 }), action('b2', 2, 2, { order: 6, status: 'started' })],
      votes: { a1: 3 },
      removed_actions: ['a3'],
      statements: [1],
      conclusions: [{ statement: 1, text: 'Nieuw besluit.' }],
      explanations: [{ statement: 1, aspect: 'current', text: 'Er is geen plan.', name: 'Ann' }],
      explanations_shown: [1],
      priorities: facilitatorRoadmap.priorities,
    };
    const once = applyRoadmapChanges(before, changes);
    expect(applyRoadmapChanges(once, changes)).toEqual(once);
    expect(before).toEqual(copy);
    expect(once).not.toBe(before);
    expect(applyRoadmapChanges(before, null)).toEqual(before);
    expect(applyRoadmapChanges(before, ['x'])).toEqual(before);
    const junk = { actions: [{ statement: 1 }, 'x'], removed_actions: [7], statements: [0, 'a', 99], votes: [] };
    expect(applyRoadmapChanges(before, junk)).toEqual(before);
  });
});

describe('what the views show', () => {
  const r = parseRoadmap(facilitatorRoadmap)!;

  it('lists a statement’s open actions by votes; the facilitator also sees hidden ones, never merged ones', () => {
    expect(openActions(r, 1).map((a) => a.id)).toEqual(['a2', 'a1']);
    expect(statementActions(r, 1).map((a) => a.id)).toEqual(['a2', 'a1', 'a4']);
    expect(openActions(null, 1)).toEqual([]);
  });

  it('offers as merge targets the other visible actions of the same statement', () => {
    expect(mergeTargets(r, r.actions[0]!).map((a) => a.id)).toEqual(['a2']);
  });

  it('puts agreed, started and done actions on the timeline by horizon; dropped and proposed ones not', () => {
    const cols = timeline(r);
    expect(cols.map((c) => c.horizon)).toEqual(['now', 'within_1_year', '1_3_years', '3_5_years', null]);
    expect(cols[0]!.actions.map((a) => a.id)).toEqual(['b1']);
    expect(cols[1]!.actions.map((a) => a.id)).toEqual(['a2']);
    expect(cols[4]!.actions.map((a) => a.id)).toEqual(['b2']);
    expect(timeline(parseRoadmap({ actions: [] })).map((c) => c.horizon)).toEqual(['now', 'within_1_year', '1_3_years', '3_5_years']);
  });

  it('lists statements in priority order: the top ones, then any other with actions, a conclusion or explanations', () => {
    expect(listedStatements(r, 1)).toEqual([2, 1]);
    const onlyTop = parseRoadmap({ ...facilitatorRoadmap, actions: [], conclusions: [], explanations: [] })!;
    expect(listedStatements(onlyTop, 1)).toEqual([2]);
    expect(listedStatements(r, 1, true)).toHaveLength(21);
    expect(listedStatements(r, 1, true).slice(0, 3)).toEqual([2, 1, 3]);
    expect(listedStatements(null, 3)).toEqual([1, 2, 3]);
  });
});

describe('the participant’s votes', () => {
  it('reads you.votes and an ack’s votes and votes_left', () => {
    expect(parseOwnVotes({ votes: ['a', 'b', 3], votes_left: 1 })).toEqual({ votes: ['a', 'b'], votesLeft: 1 });
    expect(parseOwnVotes({ participant_id: 'p' })).toBeNull();
  });

  it('lays waiting votes and unvotes over the confirmed ones, and counts what is left', () => {
    const store = memoryStore();
    const outbox = new Outbox(store, 'o');
    outbox.enqueue('1', { type: 'vote', action_id: 'c' });
    outbox.enqueue('2', { type: 'unvote', action_id: 'a' });
    const eff = effectiveVotes({ votes: ['a', 'b'], votesLeft: 1 }, 3, outbox.entries());
    expect([...eff.votes].sort()).toEqual(['b', 'c']);
    expect([...eff.pending].sort()).toEqual(['a', 'c']);
    expect(eff.left).toBe(1);
    // without the server's count: the budget minus the votes
    expect(effectiveVotes({ votes: ['a'], votesLeft: null }, 5, []).left).toBe(4);
  });

  it('keeps only the last of a vote and unvote for the same action in the outbox', () => {
    const outbox = new Outbox(memoryStore(), 'o');
    outbox.enqueue('1', { type: 'vote', action_id: 'a' });
    outbox.enqueue('2', { type: 'vote', action_id: 'b' });
    outbox.enqueue('3', { type: 'unvote', action_id: 'a' });
    expect(outbox.entries().map((e) => e.id)).toEqual(['2', '3']);
  });

  it('after a merge counts a vote on the duplicate for its target, once', () => {
    const r = parseRoadmap(facilitatorRoadmap)!;
    expect(reconcileVotes({ votes: ['a3', 'a2', 'b1'], votesLeft: 0 }, r)).toEqual({ votes: ['a2', 'b1'], votesLeft: 1 });
    // a vote this view cannot place still counts against the budget
    const p = parseRoadmap({ vote_budget: 2, actions: [] })!;
    expect(reconcileVotes({ votes: ['gone'], votesLeft: 1 }, p)).toEqual({ votes: ['gone'], votesLeft: 1 });
  });
});

describe('commands', () => {
  it('trims texts and refuses empty ones and ones over the limit, counting characters as the server does', () => {
    expect(proposeCommand(2, '  Open data-portaal  ')).toEqual({ ok: true, command: { type: 'propose', statement: 2, text: 'Open data-portaal' } });
    expect(proposeCommand(2, '   ')).toEqual({ ok: false, code: 'invalid_text' });
    expect(proposeCommand(2, 'x'.repeat(280)).ok).toBe(true);
    expect(proposeCommand(2, 'x'.repeat(281)).ok).toBe(false);
    // an emoji is one character, not two UTF-16 units
    expect(textLength('🚲'.repeat(280))).toBe(280);
    expect(proposeCommand(2, '🚲'.repeat(280)).ok).toBe(true);
    expect(explainCommand(1, 'desired', 'Omdat.', true)).toEqual({
      ok: true,
      command: { type: 'explain', statement: 1, aspect: 'desired', text: 'Omdat.', signed: true },
    });
    expect(explainCommand(1, 'current', 'x'.repeat(501), false).ok).toBe(false);
    expect(rewordCommand('a', 'Nieuw')).toEqual({ ok: true, command: { type: 'reword', action_id: 'a', text: 'Nieuw' } });
  });

  it('lets an owner and a conclusion be emptied (that clears them), within their limits', () => {
    expect(ownerCommand('a', ' ')).toEqual({ ok: true, command: { type: 'set_owner', action_id: 'a', owner: '' } });
    expect(ownerCommand('a', 'x'.repeat(101)).ok).toBe(false);
    expect(concludeCommand(4, '')).toEqual({ ok: true, command: { type: 'conclude', statement: 4, text: '' } });
    expect(concludeCommand(4, 'x'.repeat(501)).ok).toBe(false);
  });

  it('checks the vote budget is 1..20', () => {
    expect(budgetCommand(7)).toEqual({ ok: true, command: { type: 'vote_budget', budget: 7 } });
    expect(budgetCommand(0).ok).toBe(false);
    expect(budgetCommand(21).ok).toBe(false);
    expect(budgetCommand(2.5).ok).toBe(false);
  });

  it('treats every roadmap refusal as final (resending cannot help) and knows the roadmap commands', () => {
    for (const code of ROADMAP_ERRORS) expect(FINAL_ERRORS.has(code), code).toBe(true);
    expect(isRoadmapCommand({ type: 'vote', action_id: 'a' })).toBe(true);
    expect(isRoadmapCommand({ type: 'answer', statement: 1, aspect: 'current', level: 2 })).toBe(false);
  });
});

describe('the participant model', () => {
  const session = (round = 1) => ({
    session_id: 's',
    title: 'W',
    municipality: 'GM0344',
    mode: 'workshop' as const,
    round,
    open: [1],
    revealed: false,
    closed: false,
  });
  const snapshot = applySnapshot(emptyModel, {
    seq: 10,
    session: session(),
    you: { participant_id: 'p1', removed: false, answers: [], votes: ['x'], votes_left: 4 },
    roadmap: { vote_budget: 5, actions: [{ action_id: 'x', statement: 1, text: 'A', votes: 1, status: 'proposed', horizon: null }] },
  });

  it('takes the roadmap and the own votes from the snapshot', () => {
    expect(snapshot.roadmap?.actions.map((a) => a.id)).toEqual(['x']);
    expect(snapshot.votes).toEqual({ votes: ['x'], votesLeft: 4 });
  });

  it('takes a new roadmap from an update and follows a changed budget; keeps it when an update has none', () => {
    const m = applyUpdate(snapshot, { seq: 11, roadmap: { vote_budget: 2, actions: [] } });
    expect(m.roadmap?.voteBudget).toBe(2);
    expect(m.votes).toEqual({ votes: ['x'], votesLeft: 1 });
    const same = applyUpdate(m, { seq: 12, session: session() });
    expect(same.roadmap).toBe(m.roadmap);
    expect(same.votes).toBe(m.votes);
  });

  it('applies an update’s roadmap_changes to the roadmap it has; a whole roadmap wins over them', () => {
    const m = applyUpdate(snapshot, {
      seq: 11,
      roadmap_changes: {
        vote_budget: 5,
        actions: [{ action_id: 'w', order: 2, statement: 1, text: 'B', votes: 0, status: 'proposed', horizon: null }],
        votes: { x: 3 },
        removed_actions: [],
        statements: [],
        conclusions: [],
        explanations: [],
      },
    });
    expect(m.roadmap?.actions.map((a) => [a.id, a.votes])).toEqual([
      ['x', 3],
      ['w', 0],
    ]);
    const hidden = applyUpdate(m, { seq: 12, roadmap_changes: { vote_budget: 5, actions: [], removed_actions: ['x'], statements: [] } });
    expect(hidden.roadmap?.actions.map((a) => a.id)).toEqual(['w']);
    expect(hidden.votes).toEqual({ votes: ['x'], votesLeft: 4 }); // a vote on a hidden action still counts
    const whole = applyUpdate(hidden, {
      seq: 13,
      roadmap: { vote_budget: 2, actions: [] },
      roadmap_changes: { actions: [{ action_id: 'v', order: 3, statement: 1 }] },
    });
    expect(whole.roadmap?.actions).toEqual([]);
    expect(whole.roadmap?.voteBudget).toBe(2);
    // changes without a roadmap to apply them to are ignored (a snapshot brings the whole)
    expect(applyUpdate(emptyModel, { seq: 1, roadmap_changes: { vote_budget: 4, actions: [] } }).roadmap).toBeNull();
  });

  it('starts a new round with no votes', () => {
    const m = applyUpdate(snapshot, { seq: 11, session: session(2) });
    expect(m.votes?.votes).toEqual([]);
    expect(m.votes?.votesLeft).toBe(5);
  });

  it('takes the votes a vote’s ack reports', () => {
    const m = applyConfirmed(snapshot, { type: 'vote', action_id: 'y' }, { votes: ['x', 'y'], votes_left: 3 });
    expect(m.votes).toEqual({ votes: ['x', 'y'], votesLeft: 3 });
    expect(m.seq).toBe(snapshot.seq); // an ack may overtake updates: only updates and snapshots move seq
  });
});

describe('the facilitator model', () => {
  it('takes the roadmap from the snapshot and replaces it with an update’s', () => {
    const m = dashSnapshot(dashEmpty, { seq: 1, role: 'facilitator', roadmap: facilitatorRoadmap });
    expect(m.roadmap?.actions).toHaveLength(7);
    const kept = dashUpdate(m, { seq: 2 });
    expect(kept.roadmap).toBe(m.roadmap);
    const next = dashUpdate(m, { seq: 3, roadmap: { ...facilitatorRoadmap, vote_budget: 9 } });
    expect(next.roadmap?.voteBudget).toBe(9);
  });

  it('applies an update’s roadmap_changes, priorities included', () => {
    const m = dashSnapshot(dashEmpty, { seq: 1, role: 'facilitator', roadmap: facilitatorRoadmap });
    const changes = {
      vote_budget: 3,
      actions: [action('a4', 1, 1, { order: 4, hidden: false })],
      removed_actions: [],
      votes: { b3: 6 },
      statements: [3],
      conclusions: [{ statement: 3, text: 'Later.' }],
      explanations: [],
      explanations_shown: [1],
      priorities: [{ statement: 1, score: 0.6, gap: 1, agreement: 0.9, votes: 7, gap_part: 0.1, agreement_part: 0.2, votes_part: 0.3 }],
    };
    const next = dashUpdate(m, { seq: 2, roadmap_changes: changes });
    expect(next.roadmap?.actions.find((a) => a.id === 'a4')!.hidden).toBe(false);
    expect(next.roadmap?.actions.find((a) => a.id === 'b3')!.votes).toBe(6);
    expect(next.roadmap?.conclusions[3]).toBe('Later.');
    expect(next.roadmap?.priorities.map((p) => p.statement)).toEqual([1]);
    expect(dashUpdate(next, { seq: 3, roadmap_changes: changes }).roadmap).toEqual(next.roadmap);
    expect(dashUpdate(dashEmpty, { seq: 1, roadmap_changes: changes }).roadmap).toBeNull();
  });
});
