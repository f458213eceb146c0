// What the dashboard derives from the model: consensus labels, the heat-map cells (consensus × gap), the
// ranking of where the discussion should go, round 1 beside the latest round, and the municipality
// comparison. Pure functions, unit-tested.
import type { SessionInfo } from '../lib/protocol';
import type { AspectKey, DashboardModel, DisagreementRank, Dist, MunicipalityAverage, RoundData, StatementDist, Summary } from './model';

export type ConsensusLevel = 'high' | 'moderate' | 'low' | 'none';

/**
 * Tastle–Wierman consensus in words, with the bands common in Delphi practice. 1 is unanimity, 0 an even
 * split between levels 1 and 5; an even spread over all five levels gives 0.43 and 1 1 2 2 2 5 gives 0.51,
 * both low; from 0.8 nearly everyone is on one or two neighbouring levels (4 4 4 5 5 5 gives 0.81).
 */
export const CONSENSUS_HIGH = 0.8;
export const CONSENSUS_MODERATE = 0.6;

export function consensusLevel(consensus: number | null | undefined): ConsensusLevel {
  if (consensus === null || consensus === undefined || !Number.isFinite(consensus)) return 'none';
  if (consensus >= CONSENSUS_HIGH) return 'high';
  if (consensus >= CONSENSUS_MODERATE) return 'moderate';
  return 'low';
}

/** desired mean − current mean, when both aspects have an answer. */
export function gapOf(s: StatementDist): number | null {
  if (s.current.n === 0 || s.desired.n === 0 || s.current.mean === null || s.desired.mean === null) return null;
  return s.desired.mean - s.current.mean;
}

/** The lower consensus of the two aspects (the one the discussion is about); `current` on a tie. */
export function weakestConsensus(s: StatementDist): { consensus: number; aspect: AspectKey } | null {
  const c = s.current.n > 0 ? s.current.consensus : null;
  const d = s.desired.n > 0 ? s.desired.consensus : null;
  if (c === null && d === null) return null;
  if (d === null || (c !== null && c <= d)) return { consensus: c as number, aspect: 'current' };
  return { consensus: d, aspect: 'desired' };
}

export interface HeatCell {
  statement: number;
  gap: number | null;
  consensus: number | null;
  aspect: AspectKey | null;
  level: ConsensusLevel;
  /** answered current / desired */
  n: { current: number; desired: number };
  /** 0..1: how much of the cell the gap bar fills (gap of 4 levels is full, negative gaps are empty) */
  gapShare: number;
}

export function heatCells(round: RoundData | null): HeatCell[] {
  const statements = round?.statements ?? [];
  return statements.map((s) => {
    const gap = gapOf(s);
    const weakest = weakestConsensus(s);
    return {
      statement: s.statement,
      gap,
      consensus: weakest?.consensus ?? null,
      aspect: weakest?.aspect ?? null,
      level: consensusLevel(weakest?.consensus),
      n: { current: s.current.n, desired: s.desired.n },
      gapShare: gap === null ? 0 : Math.max(0, Math.min(1, gap / 4)),
    };
  });
}

export interface DiscussionItem {
  statement: number;
  gap: number | null;
  consensus: number | null;
  aspect: AspectKey | null;
  /** 1-based place in the server's ranking by gap / by disagreement; null when not ranked */
  gapRank: number | null;
  disagreementRank: number | null;
}

/**
 * Where the discussion should go: the server ranks by gap (largest first) and by disagreement (least
 * consensus first); this orders statements by the sum of both places, so a large gap with little consensus
 * comes first. A statement missing from one ranking takes the place after its last. Ties: larger gap, then
 * less consensus, then the lower number.
 */
export function discussionRanking(summary: Summary | null, limit = 21): DiscussionItem[] {
  if (!summary) return [];
  const gapPlace = new Map(summary.byGap.map((r, i) => [r.statement, i + 1]));
  const disPlace = new Map(summary.byDisagreement.map((r, i) => [r.statement, i + 1]));
  const gapOfS = new Map(summary.byGap.map((r) => [r.statement, r.gap]));
  const dis = new Map(summary.byDisagreement.map((r) => [r.statement, r]));
  const statements = new Set([...gapPlace.keys(), ...disPlace.keys()]);
  const items: DiscussionItem[] = [...statements].map((statement) => ({
    statement,
    gap: gapOfS.get(statement) ?? null,
    consensus: dis.get(statement)?.consensus ?? null,
    aspect: dis.get(statement)?.aspect ?? null,
    gapRank: gapPlace.get(statement) ?? null,
    disagreementRank: disPlace.get(statement) ?? null,
  }));
  const score = (x: DiscussionItem) =>
    (x.gapRank ?? summary.byGap.length + 1) + (x.disagreementRank ?? summary.byDisagreement.length + 1);
  items.sort(
    (a, b) =>
      score(a) - score(b) ||
      (b.gap ?? -Infinity) - (a.gap ?? -Infinity) ||
      (a.consensus ?? Infinity) - (b.consensus ?? Infinity) ||
      a.statement - b.statement,
  );
  return items.slice(0, limit);
}

/**
 * "Least consensus": the server's ranking by disagreement, but only statements whose consensus is not high
 * (the bands the heat map and the badges use). With few answers the server ranks every answered statement,
 * unanimous ones too; those are not where the group disagrees.
 */
export function leastConsensus(summary: Summary | null, limit = 21): DisagreementRank[] {
  if (!summary) return [];
  return summary.byDisagreement.filter((r) => consensusLevel(r.consensus) !== 'high').slice(0, limit);
}

export interface RoundFigures {
  current: number | null;
  desired: number | null;
  gap: number | null;
  consensus: number | null;
  n: number;
}

export interface RoundComparisonRow {
  statement: number;
  first: RoundFigures;
  latest: RoundFigures;
  /** latest − first consensus (positive: the group came closer together) */
  consensusChange: number | null;
  gapChange: number | null;
}

export function roundFigures(s: StatementDist | undefined): RoundFigures {
  if (!s) return { current: null, desired: null, gap: null, consensus: null, n: 0 };
  return {
    current: s.current.n > 0 ? s.current.mean : null,
    desired: s.desired.n > 0 ? s.desired.mean : null,
    gap: gapOf(s),
    consensus: weakestConsensus(s)?.consensus ?? null,
    n: Math.max(s.current.n, s.desired.n),
  };
}

/** Round 1 beside the latest round, per statement; empty while there is only one round. */
export function roundComparison(rounds: RoundData[]): RoundComparisonRow[] {
  if (rounds.length < 2) return [];
  const first = rounds[0]!;
  const latest = rounds[rounds.length - 1]!;
  return first.statements.map((s, i) => {
    const a = roundFigures(s);
    const b = roundFigures(latest.statements[i]);
    return {
      statement: s.statement,
      first: a,
      latest: b,
      consensusChange: a.consensus !== null && b.consensus !== null ? b.consensus - a.consensus : null,
      gapChange: a.gap !== null && b.gap !== null ? b.gap - a.gap : null,
    };
  });
}

export interface MunicipalityRow {
  statement: number;
  session: { current: number | null; desired: number | null };
  municipality: { current: number | null; desired: number | null; respondents: number };
  /** session − municipality, per aspect */
  diff: { current: number | null; desired: number | null };
}

const minus = (a: number | null, b: number | null) => (a !== null && b !== null ? a - b : null);

export function municipalityComparison(round: RoundData | null, average: MunicipalityAverage | null): MunicipalityRow[] {
  if (!round) return [];
  return round.statements.map((s, i) => {
    const avg = average?.statements[i];
    const session = {
      current: s.current.n > 0 ? s.current.mean : null,
      desired: s.desired.n > 0 ? s.desired.mean : null,
    };
    const municipality = {
      current: avg?.current.mean ?? null,
      desired: avg?.desired.mean ?? null,
      respondents: Math.max(avg?.current.respondents ?? 0, avg?.desired.respondents ?? 0),
    };
    return {
      statement: s.statement,
      session,
      municipality,
      diff: { current: minus(session.current, municipality.current), desired: minus(session.desired, municipality.desired) },
    };
  });
}

/**
 * At the start of a workshop the projector shows the join code and QR code, until this many participants
 * have joined (the join code stays in the header of the results).
 */
export const PROJECTOR_JOIN_UNTIL = 3;

/**
 * Whether the workshop is under way: anything answered (in any round), a second round, results revealed to
 * participants, or everyone sent to a statement.
 */
export function workshopUnderway(model: DashboardModel): boolean {
  const s = model.session;
  if (!s) return false;
  if (s.revealed || s.round > 1 || s.focus) return true;
  if (model.presence.answered.some((a) => a.current > 0 || a.desired > 0)) return true;
  return model.rounds.some((r) => r.statements.some((x) => x.current.n > 0 || x.desired.n > 0));
}

export interface ProjectorCues {
  /** the facilitator chose a statement to show (?s= in the address, a click, the arrow keys) */
  statementChosen?: boolean;
  /** this wall already showed the results: it does not go back to the join scene */
  resultsShown?: boolean;
}

/**
 * The projector's scene. The join scene is for the start only: while nothing happened yet and fewer than
 * PROJECTOR_JOIN_UNTIL have joined. Once the workshop is under way, a statement was chosen or the results
 * were on the wall, it shows the results whatever the count, so a small group's results can be projected
 * and removing someone does not bring the join screen back.
 */
export function projectorScene(model: DashboardModel, cues: ProjectorCues = {}): 'join' | 'results' {
  if (!model.session || model.session.closed) return 'results';
  if (cues.statementChosen || cues.resultsShown || workshopUnderway(model)) return 'results';
  return model.presence.participants < PROJECTOR_JOIN_UNTIL ? 'join' : 'results';
}

/** The statement to show first: the only open one (focus), else the first open one, else 1. */
export function defaultStatement(session: SessionInfo | null): number {
  if (!session || session.open.length === 0) return 1;
  return Math.min(...session.open);
}

/**
 * Pacing: "focus" on one statement is closing all, opening that one and taking every participant there
 * (sent in that order, so phones arrive at an open statement).
 */
export function focusCommands(
  statement: number,
): [{ type: 'close'; statement: 'all' }, { type: 'open'; statement: number }, { type: 'focus'; statement: number }] {
  return [
    { type: 'close', statement: 'all' },
    { type: 'open', statement },
    { type: 'focus', statement },
  ];
}

/** "Everyone to statement N": only takes the participants there (it opens nothing). */
export function everyoneToCommands(statement: number): [{ type: 'focus'; statement: number }] {
  return [{ type: 'focus', statement }];
}

/** Whether exactly this statement is the only open one. */
export function isFocused(session: SessionInfo | null, statement: number): boolean {
  return !!session && session.open.length === 1 && session.open[0] === statement;
}

/** Counts as one line of text for screen readers, e.g. "1 Ad hoc: 2, 2 Gestart: 0, ...". */
export function describeCounts(d: Dist, levelName: (level: number) => string): string {
  return d.counts.map((c, i) => `${levelName(i + 1)}: ${c}`).join(', ');
}
