// The roadmap dialogue (docs/protocol.md, "The roadmap dialogue"): the `roadmap` object of snapshots and
// updates parsed defensively (facilitator and participant shapes), the participant's own votes with the
// outbox laid over them, the commands the pages send (texts checked against the server's limits first), and
// the views' orderings: a statement's actions by votes, the agreed actions on a timeline by horizon. Pure.
import type { OutboxCommand, OutboxEntry } from './outbox';
import { ROADMAP_REFUSALS, STATEMENT_COUNT, type Aspect } from './protocol';

export const HORIZONS = ['now', 'within_1_year', '1_3_years', '3_5_years'] as const;
export type Horizon = (typeof HORIZONS)[number];
export const STATUSES = ['proposed', 'agreed', 'dropped', 'started', 'done'] as const;
export type ActionStatus = (typeof STATUSES)[number];

/** Text limits in characters (code points), as the server counts them. */
export const LIMITS = { action: 280, explanation: 500, conclusion: 500, owner: 100 } as const;
export const BUDGET_MIN = 1;
export const BUDGET_MAX = 20;
export const DEFAULT_BUDGET = 5;

export interface RoadmapAction {
  id: string;
  /** 1 for the first action proposed in the session: lists keep this order */
  order: number;
  statement: number;
  /** '' when the text was erased since (the server sends null; an action's text is never empty) */
  text: string;
  votes: number;
  status: ActionStatus;
  horizon: Horizon | null;
  /** facilitator view only (participants get neither field: they see open actions only) */
  by: 'participant' | 'facilitator' | null;
  hidden: boolean;
  mergedInto: string | null;
  owner: string | null;
}

export interface Explanation {
  statement: number;
  aspect: Aspect;
  text: string;
  /** only when the participant signed it */
  name: string | null;
}

export interface Priority {
  statement: number;
  score: number;
  gap: number;
  agreement: number;
  votes: number;
  gapPart: number;
  agreementPart: number;
  votesPart: number;
}

export interface Roadmap {
  voteBudget: number;
  /** by `order` (the order they were proposed) */
  actions: RoadmapAction[];
  /** statement → conclusion text (only non-empty ones; '' when the text was erased since: the server sends null) */
  conclusions: Record<number, string>;
  explanations: Explanation[];
  /** statements whose explanations participants see (facilitator view; participants get the shown ones only) */
  explanationsShown: number[];
  /** every statement, highest priority first (facilitator view; empty for participants) */
  priorities: Priority[];
}

export const emptyRoadmap: Roadmap = {
  voteBudget: DEFAULT_BUDGET,
  actions: [],
  conclusions: {},
  explanations: [],
  explanationsShown: [],
  priorities: [],
};

const obj = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {});
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const num = (v: unknown, fallback = 0): number => (typeof v === 'number' && Number.isFinite(v) ? v : fallback);
const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);
const validStatement = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= STATEMENT_COUNT;

export const isHorizon = (v: unknown): v is Horizon => typeof v === 'string' && (HORIZONS as readonly string[]).includes(v);
export const isStatus = (v: unknown): v is ActionStatus => typeof v === 'string' && (STATUSES as readonly string[]).includes(v);

function parseAction(raw: unknown): RoadmapAction | null {
  const r = obj(raw);
  const id = str(r.action_id);
  if (id === null || !validStatement(r.statement)) return null;
  return {
    id,
    order: num(r.order),
    statement: r.statement,
    text: typeof r.text === 'string' ? r.text : '',
    votes: Math.max(0, Math.round(num(r.votes))),
    status: isStatus(r.status) ? r.status : 'proposed',
    horizon: isHorizon(r.horizon) ? r.horizon : null,
    by: r.by === 'participant' || r.by === 'facilitator' ? r.by : null,
    hidden: r.hidden === true,
    mergedInto: str(r.merged_into),
    owner: typeof r.owner === 'string' && r.owner.trim() !== '' ? r.owner : null,
  };
}

function parseConclusions(raw: unknown): Record<number, string> {
  const conclusions: Record<number, string> = {};
  for (const row of list(raw)) {
    const c = obj(row);
    if (!validStatement(c.statement)) continue;
    if (typeof c.text === 'string' && c.text.trim() !== '') conclusions[c.statement] = c.text;
    else if (c.text === null) conclusions[c.statement] = ''; // erased since: still a conclusion, its words gone
  }
  return conclusions;
}

function parseExplanations(raw: unknown): Explanation[] {
  const explanations: Explanation[] = [];
  for (const row of list(raw)) {
    const e = obj(row);
    if (!validStatement(e.statement) || typeof e.text !== 'string') continue;
    explanations.push({
      statement: e.statement,
      aspect: e.aspect === 'desired' ? 'desired' : 'current',
      text: e.text,
      name: typeof e.name === 'string' && e.name.trim() !== '' ? e.name : null,
    });
  }
  return explanations;
}

function parsePriorities(raw: unknown): Priority[] {
  const priorities: Priority[] = [];
  for (const row of list(raw)) {
    const p = obj(row);
    if (!validStatement(p.statement)) continue;
    priorities.push({
      statement: p.statement,
      score: num(p.score),
      gap: num(p.gap),
      agreement: num(p.agreement),
      votes: Math.max(0, Math.round(num(p.votes))),
      gapPart: num(p.gap_part),
      agreementPart: num(p.agreement_part),
      votesPart: num(p.votes_part),
    });
  }
  return priorities;
}

const parseBudget = (raw: unknown): number => Math.min(BUDGET_MAX, Math.max(BUDGET_MIN, Math.round(num(raw, DEFAULT_BUDGET))));
const parseActions = (raw: unknown): RoadmapAction[] => list(raw).map(parseAction).filter((a): a is RoadmapAction => a !== null);
/** Proposal order; entries of the same order (none from the server) keep theirs. */
const byOrder = (actions: RoadmapAction[]): RoadmapAction[] => actions.sort((a, b) => a.order - b.order);

/** The whole `roadmap` object of a snapshot or update (either shape); null when the frame has none. */
export function parseRoadmap(raw: unknown): Roadmap | null {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return null;
  const r = obj(raw);
  return {
    voteBudget: parseBudget(r.vote_budget),
    actions: byOrder(parseActions(r.actions)),
    conclusions: parseConclusions(r.conclusions),
    explanations: parseExplanations(r.explanations),
    explanationsShown: list(r.explanations_shown).filter(validStatement),
    priorities: parsePriorities(r.priorities),
  };
}

/**
 * An update's `roadmap_changes` (docs/protocol.md) laid over the roadmap the client has: each entry given
 * replaces the one with its id or joins, in proposal order; `votes` sets the count of entries whose count alone
 * changed; `removed_actions` leave; the listed statements' explanations and conclusions are replaced by the
 * ones given (a listed statement without a conclusion entry has none now); the facilitator's
 * `explanations_shown` and `priorities` come whole. Entries carry current values, so applying a change twice
 * does no harm. Returns a new roadmap (the given one is not changed; a frame without changes returns it).
 */
export function applyRoadmapChanges(roadmap: Roadmap, raw: unknown): Roadmap {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return roadmap;
  const c = obj(raw);
  const byId = new Map(roadmap.actions.map((a) => [a.id, a]));
  for (const action of parseActions(c.actions)) byId.set(action.id, action);
  for (const [id, count] of Object.entries(obj(c.votes))) {
    const known = byId.get(id);
    if (known && typeof count === 'number' && Number.isFinite(count)) byId.set(id, { ...known, votes: Math.max(0, Math.round(count)) });
  }
  for (const gone of list(c.removed_actions)) if (typeof gone === 'string') byId.delete(gone);
  const statements = new Set(list(c.statements).filter(validStatement));
  const listed = ([statement]: [string, unknown]) => statements.has(Number(statement));
  const conclusions: Record<number, string> = Object.fromEntries([
    ...Object.entries(roadmap.conclusions).filter((entry) => !listed(entry)),
    ...Object.entries(parseConclusions(c.conclusions)).filter(listed),
  ]);
  const explanations = [
    ...roadmap.explanations.filter((e) => !statements.has(e.statement)),
    ...parseExplanations(c.explanations).filter((e) => statements.has(e.statement)),
  ].sort((a, b) => a.statement - b.statement);
  return {
    voteBudget: c.vote_budget !== undefined ? parseBudget(c.vote_budget) : roadmap.voteBudget,
    actions: byOrder([...byId.values()]),
    conclusions,
    explanations,
    explanationsShown:
      c.explanations_shown !== undefined ? list(c.explanations_shown).filter(validStatement) : roadmap.explanationsShown,
    priorities: c.priorities !== undefined ? parsePriorities(c.priorities) : roadmap.priorities,
  };
}

/**
 * The roadmap after an update: a whole `roadmap` wins, else its `roadmap_changes` over the one known (changes
 * to no roadmap are ignored: a snapshot brings the whole), else as it was.
 */
export function roadmapAfterUpdate(known: Roadmap | null, msg: Record<string, unknown>): Roadmap | null {
  if (msg.roadmap !== undefined) return parseRoadmap(msg.roadmap) ?? known;
  if (msg.roadmap_changes !== undefined && known) return applyRoadmapChanges(known, msg.roadmap_changes);
  return known;
}

// --- the participant's own votes -----------------------------------------------------------------------

export interface OwnVotes {
  /** action ids voted for in this round, as the server last said */
  votes: string[];
  /** null while the server has not said (then budget minus votes) */
  votesLeft: number | null;
}

/** `you.votes` / `you.votes_left` (snapshot) or an ack's `votes` / `votes_left`; null when absent. */
export function parseOwnVotes(raw: Record<string, unknown> | null | undefined): OwnVotes | null {
  if (!raw || !Array.isArray(raw.votes)) return null;
  const votes = raw.votes.filter((v): v is string => typeof v === 'string');
  const left = raw.votes_left;
  return { votes, votesLeft: typeof left === 'number' && Number.isFinite(left) ? Math.max(0, left) : null };
}

/**
 * The own votes after a new roadmap: a vote on a duplicate the facilitator merged counts for its target (once:
 * docs/protocol.md, a participant who voted for both keeps one vote and gets the other back), and what is left
 * follows the budget. A vote on an action this view does not show (hidden, or merged where the participant
 * view does not say into what) still counts against the budget until the server says otherwise.
 */
export function reconcileVotes(own: OwnVotes, roadmap: Roadmap | null): OwnVotes {
  if (!roadmap) return own;
  const merged = new Map(roadmap.actions.filter((a) => a.mergedInto !== null).map((a) => [a.id, a.mergedInto!]));
  const votes: string[] = [];
  for (const id of own.votes) {
    const target = merged.get(id) ?? id;
    if (!votes.includes(target)) votes.push(target);
  }
  return { votes, votesLeft: Math.max(0, roadmap.voteBudget - votes.length) };
}

export interface EffectiveVotes {
  votes: Set<string>;
  /** action ids whose vote or unvote waits in the outbox */
  pending: Set<string>;
  left: number;
}

/** What the participant should see: confirmed votes with the waiting votes and unvotes applied in order. */
export function effectiveVotes(own: OwnVotes, budget: number, outbox: readonly OutboxEntry[]): EffectiveVotes {
  const votes = new Set(own.votes);
  const pending = new Set<string>();
  for (const { command } of outbox) {
    if (command.type === 'vote') votes.add(command.action_id);
    else if (command.type === 'unvote') votes.delete(command.action_id);
    else continue;
    pending.add(command.action_id);
  }
  const confirmedLeft = own.votesLeft ?? budget - own.votes.length;
  const left = Math.max(0, confirmedLeft - (votes.size - own.votes.length));
  return { votes, pending, left };
}

// --- what the views show --------------------------------------------------------------------------------

/** Actions participants may vote on (not hidden, not merged), of one statement, most votes first. */
export function openActions(roadmap: Roadmap | null, statement: number): RoadmapAction[] {
  if (!roadmap) return [];
  return byVotes(roadmap.actions.filter((a) => a.statement === statement && !a.hidden && a.mergedInto === null));
}

/** Every action of a statement the facilitator moderates (merged ones are gone into another), most votes first. */
export function statementActions(roadmap: Roadmap | null, statement: number): RoadmapAction[] {
  if (!roadmap) return [];
  return byVotes(roadmap.actions.filter((a) => a.statement === statement && a.mergedInto === null));
}

/** Most votes first; equal votes keep the server's (proposal) order. */
export function byVotes(actions: RoadmapAction[]): RoadmapAction[] {
  return actions
    .map((a, i) => ({ a, i }))
    .sort((x, y) => y.a.votes - x.a.votes || x.i - y.i)
    .map((x) => x.a);
}

/** Where a duplicate can go: the other open actions of the same statement. */
export function mergeTargets(roadmap: Roadmap | null, action: RoadmapAction): RoadmapAction[] {
  return statementActions(roadmap, action.statement).filter((a) => a.id !== action.id && !a.hidden);
}

export function explanationsOf(roadmap: Roadmap | null, statement: number): Explanation[] {
  return roadmap ? roadmap.explanations.filter((e) => e.statement === statement) : [];
}

/** Statuses that put an action on the timeline: it was agreed (and may have started or be done). */
export const TIMELINE_STATUSES: readonly ActionStatus[] = ['agreed', 'started', 'done'];

export interface TimelineColumn {
  horizon: Horizon | null;
  actions: RoadmapAction[];
}

/**
 * The agreed actions by horizon, nearest first; agreed actions without a horizon in a last column (only when
 * there are some). Within a column by statement, then most votes.
 */
export function timeline(roadmap: Roadmap | null): TimelineColumn[] {
  const agreed = (roadmap?.actions ?? []).filter((a) => a.mergedInto === null && TIMELINE_STATUSES.includes(a.status));
  const order = (xs: RoadmapAction[]) => byVotes(xs).sort((a, b) => a.statement - b.statement);
  const columns: TimelineColumn[] = HORIZONS.map((horizon) => ({ horizon, actions: order(agreed.filter((a) => a.horizon === horizon)) }));
  const undated = order(agreed.filter((a) => a.horizon === null));
  if (undated.length) columns.push({ horizon: null, actions: undated });
  return columns;
}

/**
 * The statements the roadmap panel lists, in priority order: the first `top` by priority, and after them any
 * other statement that has actions, a conclusion or explanations (they must not drop out of sight).
 */
export function listedStatements(roadmap: Roadmap | null, top: number, all = false): number[] {
  const order = roadmap?.priorities.length
    ? roadmap.priorities.map((p) => p.statement)
    : Array.from({ length: STATEMENT_COUNT }, (_, i) => i + 1);
  const full = order.concat(Array.from({ length: STATEMENT_COUNT }, (_, i) => i + 1).filter((s) => !order.includes(s)));
  if (all) return full;
  const busy = (s: number) =>
    !!roadmap &&
    (roadmap.actions.some((a) => a.statement === s && a.mergedInto === null) ||
      roadmap.conclusions[s] !== undefined ||
      roadmap.explanations.some((e) => e.statement === s));
  return full.filter((s, i) => i < top || busy(s));
}

// --- commands ---------------------------------------------------------------------------------------------

/** Length in characters as the server counts them (code points, so an emoji is one). */
export function textLength(text: string): number {
  return [...text].length;
}

export type Checked<T> = { ok: true; command: T } | { ok: false; code: 'invalid_text' | 'invalid_budget' };

/** The text trimmed, refused when empty (unless allowed) or over `max` characters. */
function checkText(text: string, max: number, allowEmpty = false): string | null {
  const trimmed = text.trim();
  if ((!allowEmpty && trimmed === '') || textLength(trimmed) > max) return null;
  return trimmed;
}

export function proposeCommand(statement: number, text: string): Checked<OutboxCommand> {
  const body = checkText(text, LIMITS.action);
  return body === null ? { ok: false, code: 'invalid_text' } : { ok: true, command: { type: 'propose', statement, text: body } };
}

export function explainCommand(statement: number, aspect: Aspect, text: string, signed: boolean): Checked<OutboxCommand> {
  const body = checkText(text, LIMITS.explanation);
  return body === null ? { ok: false, code: 'invalid_text' } : { ok: true, command: { type: 'explain', statement, aspect, text: body, signed } };
}

export function rewordCommand(actionId: string, text: string): Checked<OutboxCommand> {
  const body = checkText(text, LIMITS.action);
  return body === null ? { ok: false, code: 'invalid_text' } : { ok: true, command: { type: 'reword', action_id: actionId, text: body } };
}

export function ownerCommand(actionId: string, owner: string): Checked<OutboxCommand> {
  const body = checkText(owner, LIMITS.owner, true);
  return body === null ? { ok: false, code: 'invalid_text' } : { ok: true, command: { type: 'set_owner', action_id: actionId, owner: body } };
}

export function concludeCommand(statement: number, text: string): Checked<OutboxCommand> {
  const body = checkText(text, LIMITS.conclusion, true);
  return body === null ? { ok: false, code: 'invalid_text' } : { ok: true, command: { type: 'conclude', statement, text: body } };
}

export function budgetCommand(budget: number): Checked<OutboxCommand> {
  return Number.isInteger(budget) && budget >= BUDGET_MIN && budget <= BUDGET_MAX
    ? { ok: true, command: { type: 'vote_budget', budget } }
    : { ok: false, code: 'invalid_budget' };
}

/**
 * Error codes a roadmap command may get that have a friendly sentence in strings.ts (`roadmap.error.*`): the
 * dialogue's own refusals, and the session's that a roadmap command can meet.
 */
export const ROADMAP_ERRORS = [
  ...ROADMAP_REFUSALS,
  'session_closed',
  'statement_closed',
  'participant_removed',
  'not_allowed',
  'invalid_statement',
] as const;
export type RoadmapError = (typeof ROADMAP_ERRORS)[number];
export const isRoadmapError = (code: string): code is RoadmapError => (ROADMAP_ERRORS as readonly string[]).includes(code);

/** Whether an outbox command belongs to the roadmap dialogue. */
export function isRoadmapCommand(command: OutboxCommand): boolean {
  return ROADMAP_COMMANDS.has(command.type);
}
const ROADMAP_COMMANDS: ReadonlySet<string> = new Set([
  'explain',
  'propose',
  'vote',
  'unvote',
  'show_explanations',
  'hide_explanations',
  'reword',
  'hide_action',
  'show_action',
  'merge',
  'set_owner',
  'set_horizon',
  'set_status',
  'vote_budget',
  'conclude',
]);
