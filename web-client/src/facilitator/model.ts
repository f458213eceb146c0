// The facilitator's model: what the last snapshot, the updates after it and the municipality_average frames
// say about the session. Pure functions; a field an update does not carry keeps its old object, so views can
// skip work by comparing references.
import { STATEMENT_COUNT, type SessionInfo } from '../lib/protocol';
import { parseRoadmap, roadmapAfterUpdate, type Roadmap } from '../lib/roadmap';
import { applyStatementChanges } from '../lib/statement-changes';

export type AspectKey = 'current' | 'desired';

/** One statement's answers for one aspect in one round, with the server's statistics (null when n = 0). */
export interface Dist {
  counts: number[];
  n: number;
  mean: number | null;
  median: number | null;
  q1: number | null;
  q3: number | null;
  iqr: number | null;
  sd: number | null;
  consensus: number | null;
  iqrConsensus: boolean;
}

export interface StatementDist {
  statement: number;
  current: Dist;
  desired: Dist;
}

export interface GapRank {
  statement: number;
  gap: number;
}
export interface DisagreementRank {
  statement: number;
  aspect: AspectKey;
  consensus: number;
}

export interface Summary {
  participantCount: number | null;
  byGap: GapRank[];
  byDisagreement: DisagreementRank[];
}

export interface RoundData {
  round: number;
  /** always 21 entries, statement 1 first */
  statements: StatementDist[];
  summary: Summary | null;
}

export interface Presence {
  participants: number;
  connected: number;
  /** index statement-1 → how many answered current / desired in the current round */
  answered: { current: number; desired: number }[];
}

export interface Participant {
  id: string;
  name: string | null;
  department: string | null;
  removed: boolean;
  connected: boolean;
}

export interface AverageCell {
  mean: number | null;
  respondents: number;
}
export interface MunicipalityAverage {
  municipality: string | null;
  respondents: number;
  /** index statement-1 */
  statements: { current: AverageCell; desired: AverageCell }[];
}

/** One department's means (null where nobody in it answered), overall and per theme (catalogue theme id). */
export interface DepartmentRow {
  department: string;
  participants: number;
  current: number | null;
  desired: number | null;
  themes: { theme: string; current: number | null; desired: number | null; gap: number | null }[];
}

/** Departments compared, as in the workshop report: only those with at least `minRespondents` participants. */
export interface Departments {
  minRespondents: number;
  rows: DepartmentRow[];
}

export interface DashboardModel {
  seq: number;
  session: SessionInfo | null;
  presence: Presence;
  participants: Participant[];
  /** null until the server sends `departments` */
  departments: Departments | null;
  /** every round so far, round 1 first; the last one is the current round */
  rounds: RoundData[];
  average: MunicipalityAverage | null;
  /** the roadmap dialogue (facilitator shape); null until the server sends `roadmap` */
  roadmap?: Roadmap | null;
}

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const int = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? Math.max(0, Math.round(v)) : 0);
const obj = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' ? (v as Record<string, unknown>) : {});
const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v : null);

export const emptyDist = (): Dist => ({
  counts: [0, 0, 0, 0, 0],
  n: 0,
  mean: null,
  median: null,
  q1: null,
  q3: null,
  iqr: null,
  sd: null,
  consensus: null,
  iqrConsensus: false,
});

/** A distribution as the server sends it; statistics only count when n > 0 (docs/statistics.md). */
export function parseDist(raw: unknown): Dist {
  const r = obj(raw);
  const counts = Array.from({ length: 5 }, (_, i) => int(Array.isArray(r.counts) ? r.counts[i] : 0));
  const n = typeof r.n === 'number' ? int(r.n) : counts.reduce((a, b) => a + b, 0);
  if (n === 0) return { ...emptyDist(), counts };
  return {
    counts,
    n,
    mean: num(r.mean),
    median: num(r.median),
    q1: num(r.q1),
    q3: num(r.q3),
    iqr: num(r.interquartile_range),
    sd: num(r.standard_deviation),
    consensus: num(r.consensus),
    iqrConsensus: r.iqr_consensus === true,
  };
}

export function emptyStatements(): StatementDist[] {
  return Array.from({ length: STATEMENT_COUNT }, (_, i) => ({
    statement: i + 1,
    current: emptyDist(),
    desired: emptyDist(),
  }));
}

/** The entries of a `consensus` (or `consensus_changes`) that name a statement 1..21, in the order given. */
export function parseStatementRows(raw: unknown): StatementDist[] {
  const list = obj(raw).statements;
  if (!Array.isArray(list)) return [];
  const out: StatementDist[] = [];
  for (const row of list) {
    const r = obj(row);
    const s = typeof r.statement === 'number' ? r.statement : 0;
    if (!Number.isInteger(s) || s < 1 || s > STATEMENT_COUNT) continue;
    out.push({ statement: s, current: parseDist(r.current), desired: parseDist(r.desired) });
  }
  return out;
}

/** `consensus` = {round, statements: [{statement, current, desired}]}; missing statements are empty. */
export function parseConsensus(raw: unknown): StatementDist[] {
  const out = emptyStatements();
  for (const row of parseStatementRows(raw)) out[row.statement - 1] = row;
  return out;
}

/** The session summary; the server names the rankings `ranked_by_gap` / `ranked_by_disagreement` (`by_*` too). */
export function parseSummary(raw: unknown): Summary | null {
  if (!raw || typeof raw !== 'object') return null;
  const r = obj(raw);
  const gapList = (r.ranked_by_gap ?? r.by_gap) as unknown;
  const disList = (r.ranked_by_disagreement ?? r.by_disagreement) as unknown;
  const byGap: GapRank[] = [];
  if (Array.isArray(gapList)) {
    for (const row of gapList) {
      const x = obj(row);
      const gap = num(x.gap);
      if (typeof x.statement === 'number' && gap !== null) byGap.push({ statement: x.statement, gap });
    }
  }
  const byDisagreement: DisagreementRank[] = [];
  if (Array.isArray(disList)) {
    for (const row of disList) {
      const x = obj(row);
      const consensus = num(x.consensus);
      if (typeof x.statement === 'number' && consensus !== null) {
        byDisagreement.push({
          statement: x.statement,
          aspect: x.aspect === 'desired' ? 'desired' : 'current',
          consensus,
        });
      }
    }
  }
  return { participantCount: num(r.participant_count), byGap, byDisagreement };
}

export function parsePresence(raw: unknown): Presence {
  const r = obj(raw);
  const answered = Array.from({ length: STATEMENT_COUNT }, () => ({ current: 0, desired: 0 }));
  if (Array.isArray(r.answered)) {
    for (const row of r.answered) {
      const x = obj(row);
      const s = typeof x.statement === 'number' ? x.statement : 0;
      if (s >= 1 && s <= STATEMENT_COUNT) answered[s - 1] = { current: int(x.current), desired: int(x.desired) };
    }
  }
  return { participants: int(r.participants), connected: int(r.connected), answered };
}

export function parseParticipants(raw: unknown): Participant[] {
  if (!Array.isArray(raw)) return [];
  return raw
    .map((row) => obj(row))
    .filter((x) => typeof x.participant_id === 'string')
    .map((x) => ({
      id: x.participant_id as string,
      name: str(x.name),
      department: str(x.department),
      removed: x.removed === true,
      connected: x.connected === true,
    }));
}

export function parseAverage(raw: unknown): MunicipalityAverage | null {
  if (!raw || typeof raw !== 'object') return null;
  const r = obj(raw);
  const cell = (v: unknown): AverageCell => {
    const c = obj(v);
    const respondents = int(c.respondents);
    return { mean: respondents > 0 ? num(c.mean) : null, respondents };
  };
  const statements = Array.from({ length: STATEMENT_COUNT }, () => ({ current: cell(null), desired: cell(null) }));
  if (Array.isArray(r.statements)) {
    for (const row of r.statements) {
      const x = obj(row);
      const s = typeof x.statement === 'number' ? x.statement : 0;
      if (s >= 1 && s <= STATEMENT_COUNT) statements[s - 1] = { current: cell(x.current), desired: cell(x.desired) };
    }
  }
  return { municipality: str(r.municipality), respondents: int(r.respondents), statements };
}

/** `departments` = {min_respondents, rows: [{department, participants, current, desired, themes}]}. */
export function parseDepartments(raw: unknown): Departments | null {
  if (!raw || typeof raw !== 'object') return null;
  const r = obj(raw);
  const rows: DepartmentRow[] = [];
  if (Array.isArray(r.rows)) {
    for (const row of r.rows) {
      const x = obj(row);
      const department = str(x.department);
      if (department === null) continue;
      const themes = (Array.isArray(x.themes) ? x.themes : [])
        .map((t) => obj(t))
        .filter((t) => typeof t.theme === 'string')
        .map((t) => ({ theme: t.theme as string, current: num(t.current), desired: num(t.desired), gap: num(t.gap) }));
      rows.push({ department, participants: int(x.participants), current: num(x.current), desired: num(x.desired), themes });
    }
  }
  rows.sort((a, b) => a.department.localeCompare(b.department));
  return { minRespondents: Math.max(1, int(r.min_respondents)), rows };
}

export const emptyModel: DashboardModel = {
  seq: 0,
  session: null,
  presence: { participants: 0, connected: 0, answered: [] },
  participants: [],
  departments: null,
  rounds: [],
  average: null,
};

/** Rounds 1..`round`, keeping what is known and adding empty rounds (a new round starts with no answers). */
export function ensureRounds(rounds: RoundData[], round: number): RoundData[] {
  if (round <= rounds.length) return rounds;
  const out = rounds.slice();
  for (let r = rounds.length + 1; r <= round; r++) out.push({ round: r, statements: emptyStatements(), summary: null });
  return out;
}

/** A facilitator snapshot replaces everything. */
export function applySnapshot(model: DashboardModel, msg: Record<string, unknown>): DashboardModel {
  const session = (msg.session as SessionInfo | undefined) ?? model.session;
  const rawRounds = Array.isArray(msg.rounds) ? msg.rounds : [];
  let rounds: RoundData[] = rawRounds
    .map((row) => obj(row))
    .map((x, i) => ({
      round: typeof x.round === 'number' ? x.round : i + 1,
      statements: parseConsensus(x.consensus),
      summary: parseSummary(x.summary),
    }))
    .sort((a, b) => a.round - b.round);
  rounds = ensureRounds(rounds, session?.round ?? 1);
  return {
    seq: typeof msg.seq === 'number' ? msg.seq : model.seq,
    session,
    presence: parsePresence(msg.presence),
    participants: parseParticipants(msg.participants),
    departments: 'departments' in msg ? parseDepartments(msg.departments) : model.departments,
    rounds,
    average: 'municipality_average' in msg ? parseAverage(msg.municipality_average) : model.average,
    roadmap: parseRoadmap(msg.roadmap),
  };
}

/**
 * An update: session and presence always, the current round's results when answers changed (whole, or as
 * protocol 2's changes: see roundsAfterUpdate), the members who changed.
 */
export function applyUpdate(model: DashboardModel, msg: Record<string, unknown>): DashboardModel {
  const seq = typeof msg.seq === 'number' ? msg.seq : model.seq;
  if (seq < model.seq) return model; // an older frame than what we show
  const session = (msg.session as SessionInfo | undefined) ?? model.session;
  const rounds = roundsAfterUpdate(ensureRounds(model.rounds, session?.round ?? 1), msg, session);
  return {
    ...model,
    seq,
    session,
    presence: msg.presence !== undefined ? parsePresence(msg.presence) : model.presence,
    participants:
      msg.participants !== undefined
        ? parseParticipants(msg.participants)
        : msg.participants_changed !== undefined
          ? mergeParticipants(model.participants, parseParticipants(msg.participants_changed))
          : model.participants,
    departments: msg.departments !== undefined ? parseDepartments(msg.departments) : model.departments,
    rounds,
    roadmap: roadmapAfterUpdate(model.roadmap ?? null, msg),
  };
}

/**
 * The round an update's `consensus` and `summary` (or `consensus_changes` and `summary_changes`) speak of, with
 * them folded in. Whole objects win over changes and may add a round; changes apply only to a round already
 * known (the snapshot, or a whole object, comes first). A summary's fields the dashboard keeps (participant
 * count, rankings) are whole in its changes too.
 */
function roundsAfterUpdate(rounds: RoundData[], msg: Record<string, unknown>, session: SessionInfo | null): RoundData[] {
  const consensus = msg.consensus ?? msg.consensus_changes;
  const summary = msg.summary ?? msg.summary_changes;
  if (consensus === undefined && summary === undefined) return rounds;
  const round = num(obj(consensus).round) ?? num(obj(summary).round) ?? session?.round ?? rounds.length;
  const known = rounds[round - 1];
  if (!Number.isInteger(round) || round < 1 || (!known && msg.consensus === undefined && msg.summary === undefined)) return rounds;
  const out = ensureRounds(rounds, round).slice();
  const old = out[round - 1]!;
  let statements = old.statements;
  if (msg.consensus !== undefined) statements = parseConsensus(msg.consensus);
  else if (msg.consensus_changes !== undefined)
    statements = applyStatementChanges({ statements }, { statements: parseStatementRows(msg.consensus_changes) })?.statements ?? statements;
  out[round - 1] = { round, statements, summary: summary !== undefined ? parseSummary(summary) : old.summary };
  return out;
}

/** An update names only the participants that changed: replace those, add the new ones at the end. */
export function mergeParticipants(known: Participant[], changed: Participant[]): Participant[] {
  if (changed.length === 0) return known;
  const byId = new Map(changed.map((p) => [p.id, p]));
  const merged = known.map((p) => {
    const next = byId.get(p.id);
    if (next) byId.delete(p.id);
    return next ?? p;
  });
  return merged.concat([...byId.values()]);
}

/** A `municipality_average` frame for the session's own municipality. */
export function applyAverage(model: DashboardModel, msg: Record<string, unknown>): DashboardModel {
  const code = str(msg.municipality);
  if (code && model.session && code !== model.session.municipality) return model;
  return { ...model, average: parseAverage(msg.average) };
}

export function currentRound(model: DashboardModel): RoundData | null {
  return model.rounds[model.rounds.length - 1] ?? null;
}

/**
 * Everyone in the list: those taking part first (connected ones first, then by name), then the removed ones
 * (shown as removed, never as connected: their answers no longer count).
 */
export function listedParticipants(model: DashboardModel): Participant[] {
  const removed = model.participants.filter((p) => p.removed).sort((a, b) => (a.name ?? '~').localeCompare(b.name ?? '~'));
  return activeParticipants(model).concat(removed);
}

/**
 * "N of M answered" for one statement in the current round: M is the server's count of active participants,
 * N those who gave both aspects as far as the counts tell (the smaller of the two), with both counts beside.
 */
export function answeredOf(model: DashboardModel, statement: number): { n: number; m: number; current: number; desired: number } {
  const a = model.presence.answered[statement - 1] ?? { current: 0, desired: 0 };
  const m = model.presence.participants;
  return { n: Math.min(a.current, a.desired), m: Math.max(m, a.current, a.desired), current: a.current, desired: a.desired };
}

/** Participants still taking part (not removed), connected ones first, then by name. */
export function activeParticipants(model: DashboardModel): Participant[] {
  return model.participants
    .filter((p) => !p.removed)
    .sort((a, b) => Number(b.connected) - Number(a.connected) || (a.name ?? '~').localeCompare(b.name ?? '~'));
}
