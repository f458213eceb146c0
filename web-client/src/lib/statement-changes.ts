// Protocol 2 (docs/protocol.md, "Versions"): an update carries the group's results (and the facilitator's
// consensus and summary) as `*_changes`, whose `statements` hold only the statements answered or withdrawn
// since the previous update, each entry whole; every other field is whole. Pure.

/** An object with one entry per statement: `results`, `consensus`, `summary`, or the client's parse of one. */
export interface StatementView {
  statements: readonly { statement: number }[];
}

/**
 * `changes` laid over `view`: each entry of `changes.statements` takes the place of the view's entry with the
 * same `statement` (one the view lacks is added at the end), the other entries keep theirs, and every other
 * field of `changes` replaces the view's. Entries are whole, so applying the same changes twice does no harm.
 * Changes to nothing known (`view` null: no snapshot or whole object yet) are ignored, as are changes that are
 * not an object.
 */
export function applyStatementChanges<V extends StatementView>(view: V | null, changes: V | null | undefined): V | null {
  if (!view || !changes || typeof changes !== 'object') return view;
  const changed = new Map<number, V['statements'][number]>();
  for (const entry of Array.isArray(changes.statements) ? changes.statements : []) {
    if (entry && typeof entry === 'object' && typeof entry.statement === 'number') changed.set(entry.statement, entry);
  }
  const statements = view.statements.map((entry) => {
    const next = changed.get(entry.statement);
    if (!next) return entry;
    changed.delete(entry.statement);
    return next;
  });
  return { ...view, ...changes, statements: statements.concat([...changed.values()]) };
}
