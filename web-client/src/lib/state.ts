// The participant's model: the session as the server last described it, the own answers it confirmed, the
// group results once revealed, and the answers still waiting in the outbox laid over them. Pure functions.
import type { OutboxCommand, OutboxEntry } from './outbox';
import { parseOwnVotes, parseRoadmap, reconcileVotes, roadmapAfterUpdate, type OwnVotes, type Roadmap } from './roadmap';
import { applyStatementChanges } from './statement-changes';
import {
  STATEMENT_COUNT,
  type GroupDistribution,
  type OwnAnswer,
  type Results,
  type SessionInfo,
  type StatementResult,
} from './protocol';

export interface ParticipantModel {
  /** last sequence seen from the server (for `resume.after`) */
  seq: number;
  session: SessionInfo | null;
  participantId: string | null;
  name: string | null;
  department: string | null;
  removed: boolean;
  /** confirmed own answers of the current round, statement → levels */
  answers: Record<number, OwnAnswer>;
  results: Results<GroupDistribution> | null;
  /** the `focus.number` this participant has already been taken to (or shown); null: none seen yet */
  focusSeen?: number | null;
  /** the roadmap dialogue as participants see it (open actions, shown explanations, conclusions) */
  roadmap?: Roadmap | null;
  /** the own votes of this round, as the server last said */
  votes?: OwnVotes;
}

const noVotes: OwnVotes = { votes: [], votesLeft: null };

export const emptyModel: ParticipantModel = {
  seq: 0,
  session: null,
  participantId: null,
  name: null,
  department: null,
  removed: false,
  answers: {},
  results: null,
  focusSeen: null,
};

const validLevel = (v: unknown): number | null =>
  typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= 5 ? v : null;

/**
 * The server sends the own answers as `{participant, round, active, answers: [{statement, current, desired}]}`;
 * a plain array or a map keyed by statement is accepted too.
 */
export function normaliseAnswers(raw: unknown): Record<number, OwnAnswer> {
  const out: Record<number, OwnAnswer> = {};
  let list: unknown = raw;
  if (raw && typeof raw === 'object' && !Array.isArray(raw) && Array.isArray((raw as { answers?: unknown }).answers)) {
    list = (raw as { answers: unknown[] }).answers;
  }
  if (Array.isArray(list)) {
    for (const row of list) {
      if (!row || typeof row !== 'object') continue;
      const r = row as { statement?: unknown; current?: unknown; desired?: unknown };
      if (typeof r.statement !== 'number') continue;
      out[r.statement] = { current: validLevel(r.current), desired: validLevel(r.desired) };
    }
  } else if (list && typeof list === 'object') {
    for (const [k, v] of Object.entries(list as Record<string, unknown>)) {
      const statement = Number(k);
      if (!Number.isInteger(statement) || !v || typeof v !== 'object') continue;
      const r = v as { current?: unknown; desired?: unknown };
      out[statement] = { current: validLevel(r.current), desired: validLevel(r.desired) };
    }
  }
  return out;
}

/** A participant snapshot replaces everything: it holds the own answers of the current round. */
export function applySnapshot(model: ParticipantModel, msg: Record<string, unknown>): ParticipantModel {
  const you = (msg.you ?? {}) as Record<string, unknown>;
  const session = (msg.session as SessionInfo | undefined) ?? model.session;
  return {
    seq: typeof msg.seq === 'number' ? msg.seq : model.seq,
    session,
    participantId: typeof you.participant_id === 'string' ? you.participant_id : model.participantId,
    name: typeof you.name === 'string' ? you.name : null,
    department: typeof you.department === 'string' ? you.department : null,
    removed: you.removed === true,
    answers: normaliseAnswers(you.answers),
    results: session?.revealed ? ((msg.results as Results<GroupDistribution> | undefined) ?? null) : null,
    focusSeen: model.focusSeen ?? null,
    roadmap: parseRoadmap(msg.roadmap),
    votes: parseOwnVotes(you) ?? noVotes,
  };
}

/**
 * An update changes the session and, once revealed, the group results (whole, or as the statements that
 * changed). Older updates are ignored.
 */
export function applyUpdate(model: ParticipantModel, msg: Record<string, unknown>): ParticipantModel {
  const seq = typeof msg.seq === 'number' ? msg.seq : model.seq;
  if (seq < model.seq) return model;
  const session = (msg.session as SessionInfo | undefined) ?? model.session;
  const roundChanged = !!(model.session && session && session.round !== model.session.round);
  // a removed participant is told in an update of their own: `you` = {participant_id, removed: true}
  const you = msg.you && typeof msg.you === 'object' ? (msg.you as Record<string, unknown>) : null;
  const removed = you && typeof you.removed === 'boolean' ? you.removed : model.removed;
  let results = model.results;
  if (!session?.revealed) results = null;
  else if (msg.results) results = msg.results as Results<GroupDistribution>;
  // protocol 2: only the statements answered since the previous update (the whole results win)
  else if (msg.results_changes) results = applyStatementChanges(results, msg.results_changes as Results<GroupDistribution>);
  const roadmap = roadmapAfterUpdate(model.roadmap ?? null, msg);
  // votes are per round; the server's word (when an update carries it) beats what is derived here
  let votes = roundChanged ? noVotes : (model.votes ?? noVotes);
  const told = parseOwnVotes(you);
  if (told) votes = told;
  else if (roadmap !== model.roadmap || roundChanged) votes = reconcileVotes(votes, roadmap);
  return {
    ...model,
    seq,
    session,
    removed,
    // a new round starts with no answers of its own
    answers: roundChanged ? {} : model.answers,
    results: roundChanged && !msg.results ? null : results,
    roadmap,
    votes,
  };
}

/** The server confirmed an answer or withdrawal of ours: fold it into the confirmed answers. */
export function applyConfirmed(model: ParticipantModel, command: OutboxCommand, ack: Record<string, unknown> = {}): ParticipantModel {
  // The ack's seq is left out on purpose: an ack may overtake updates queued before it (docs/protocol.md,
  // "ack"), and `seq`, which drops older updates, must follow snapshots and updates only: an update dropped
  // as stale would lose its changes for good.
  const next = { ...model };
  // a vote's (and unvote's) ack says which actions one voted for this round and what is left
  if (command.type === 'vote' || command.type === 'unvote') return { ...next, votes: parseOwnVotes(ack) ?? next.votes ?? noVotes };
  if (command.type !== 'answer' && command.type !== 'withdraw') return next;
  const old = model.answers[command.statement] ?? { current: null, desired: null };
  const level = command.type === 'answer' ? command.level : null;
  return { ...next, answers: { ...model.answers, [command.statement]: { ...old, [command.aspect]: level } } };
}

export interface EffectiveAnswer {
  current: number | null;
  desired: number | null;
  /** true where the shown level still waits in the outbox */
  pending: { current: boolean; desired: boolean };
}

/** What the participant should see: confirmed answers with every waiting outbox entry applied in order. */
export function effectiveAnswers(
  model: ParticipantModel,
  outbox: readonly OutboxEntry[],
): Record<number, EffectiveAnswer> {
  const out: Record<number, EffectiveAnswer> = {};
  for (let s = 1; s <= STATEMENT_COUNT; s++) {
    const a = model.answers[s];
    out[s] = {
      current: a?.current ?? null,
      desired: a?.desired ?? null,
      pending: { current: false, desired: false },
    };
  }
  for (const { command } of outbox) {
    if (command.type !== 'answer' && command.type !== 'withdraw') continue;
    const cell = out[command.statement];
    if (!cell) continue;
    cell[command.aspect] = command.type === 'answer' ? command.level : null;
    cell.pending[command.aspect] = true;
  }
  return out;
}

export interface Progress {
  /** statements with both current and desired answered */
  complete: number;
  /** statements with exactly one of the two */
  partial: number;
  total: number;
}

export function progressOf(answers: Record<number, EffectiveAnswer | OwnAnswer>): Progress {
  let complete = 0;
  let partial = 0;
  for (let s = 1; s <= STATEMENT_COUNT; s++) {
    const a = answers[s];
    const n = (a?.current ? 1 : 0) + (a?.desired ? 1 : 0);
    if (n === 2) complete++;
    else if (n === 1) partial++;
  }
  return { complete, partial, total: STATEMENT_COUNT };
}

/** The first statement (in order, after `from`) that is open and not fully answered; null when none. */
export function nextUnanswered(
  model: ParticipantModel,
  answers: Record<number, EffectiveAnswer>,
  from = 0,
): number | null {
  for (let i = 1; i <= STATEMENT_COUNT; i++) {
    const s = ((from + i - 1) % STATEMENT_COUNT) + 1;
    const a = answers[s];
    if (isOpen(model, s) && (!a?.current || !a?.desired)) return s;
  }
  return null;
}

/** Whether the participant may answer this statement now. */
export function isOpen(model: ParticipantModel, statement: number): boolean {
  const session = model.session;
  if (!session || session.closed || model.removed) return false;
  return session.open.includes(statement);
}

export function resultFor(model: ParticipantModel, statement: number): StatementResult<GroupDistribution> | null {
  if (!model.session?.revealed || !model.results) return null;
  return model.results.statements.find((r) => r.statement === statement) ?? null;
}

export interface Focus {
  statement: number;
  number: number;
}

/** The session's focus ("everyone to statement N") when it is valid; null when there is none. */
export function focusOf(session: SessionInfo | null): Focus | null {
  const f = session?.focus;
  if (!f || typeof f !== 'object') return null;
  const { statement, number } = f as { statement?: unknown; number?: unknown };
  if (typeof statement !== 'number' || typeof number !== 'number') return null;
  if (!Number.isInteger(statement) || statement < 1 || statement > STATEMENT_COUNT) return null;
  return { statement, number };
}

/** The focus this participant has not followed yet: its number differs from the one last seen. */
export function newFocus(model: ParticipantModel): Focus | null {
  const f = focusOf(model.session);
  return f && f.number !== model.focusSeen ? f : null;
}

/** Whether the participant has answered anything in this round (then they are mid-way, not just arrived). */
export function hasAnswers(model: ParticipantModel): boolean {
  return Object.values(model.answers).some((a) => a.current !== null || a.desired !== null);
}

/**
 * Where a closed statement should point: the open statements, the facilitator's focus first (when it is
 * open), then in order. Empty when nothing is open, the session is closed or the participant was removed.
 */
export function openElsewhere(model: ParticipantModel, shown: number): number[] {
  const session = model.session;
  if (!session || session.closed || model.removed) return [];
  const open = [...new Set(session.open)].filter((s) => s !== shown && s >= 1 && s <= STATEMENT_COUNT).sort((a, b) => a - b);
  const f = focusOf(session);
  if (f && open.includes(f.statement)) return [f.statement, ...open.filter((s) => s !== f.statement)];
  return open;
}

