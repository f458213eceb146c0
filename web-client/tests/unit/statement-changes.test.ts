// Protocol 2's `*_changes` laid over what the client has: entries replaced by statement in their place,
// every other field replaced, harmless when applied twice, and nothing made up from changes to nothing.
import { describe, expect, it } from 'vitest';
import { applyStatementChanges } from '../../src/lib/statement-changes';

interface Entry {
  statement: number;
  n: number;
}
interface View {
  round: number;
  participant_count?: number;
  themes?: string[];
  statements: Entry[];
}

const view: View = {
  round: 1,
  participant_count: 3,
  themes: ['strategy'],
  statements: [1, 2, 3, 4].map((statement) => ({ statement, n: 1 })),
};

describe('applyStatementChanges', () => {
  it('puts each changed entry in place of the one with its statement and keeps the order', () => {
    const next = applyStatementChanges(view, { round: 1, statements: [{ statement: 3, n: 2 }, { statement: 1, n: 0 }] })!;
    expect(next.statements).toEqual([
      { statement: 1, n: 0 },
      { statement: 2, n: 1 },
      { statement: 3, n: 2 },
      { statement: 4, n: 1 },
    ]);
    // the entries not named are the same objects
    expect(next.statements[1]).toBe(view.statements[1]);
    expect(next.statements[3]).toBe(view.statements[3]);
    // the view itself is not changed
    expect(view.statements[2]).toEqual({ statement: 3, n: 1 });
  });

  it('replaces every other field with the one the changes carry (those are whole)', () => {
    const next = applyStatementChanges(view, { round: 1, participant_count: 4, themes: ['strategy', 'data'], statements: [] })!;
    expect(next.participant_count).toBe(4);
    expect(next.themes).toEqual(['strategy', 'data']);
    expect(next.statements).toEqual(view.statements);
    // a field the changes do not carry stays
    expect(applyStatementChanges(view, { round: 1, statements: [] })!.themes).toBe(view.themes);
  });

  it('does no harm when the same changes are applied twice', () => {
    const changes: View = { round: 1, participant_count: 4, statements: [{ statement: 2, n: 5 }] };
    const once = applyStatementChanges(view, changes);
    expect(applyStatementChanges(once, changes)).toEqual(once);
  });

  it('adds an entry the view lacks at the end, and passes over entries without a statement', () => {
    const changes = { round: 1, statements: [{ statement: 7, n: 1 }, { n: 9 } as unknown as Entry, null as unknown as Entry] };
    const next = applyStatementChanges(view, changes)!;
    expect(next.statements.map((e) => e.statement)).toEqual([1, 2, 3, 4, 7]);
  });

  it('ignores changes to nothing known, and keeps the view when there are no changes', () => {
    expect(applyStatementChanges(null, { round: 1, statements: [{ statement: 1, n: 1 }] })).toBeNull();
    expect(applyStatementChanges(view, undefined)).toBe(view);
    expect(applyStatementChanges(view, null)).toBe(view);
  });
});
