// Types of the scsa WebSocket protocol (docs/protocol.md), as far as the browser client uses them.
// Server frames are parsed defensively: unknown fields are ignored, missing ones are treated as absent.

export type Aspect = 'current' | 'desired';
export const ASPECTS: readonly Aspect[] = ['current', 'desired'];
export const STATEMENT_COUNT = 21;
export const LEVEL_COUNT = 5;

/**
 * The update format this client reads (docs/protocol.md, "Versions"), sent with `join`, `resume` and
 * `facilitate`. 2: the group's results and the facilitator's consensus and summary come as the statements
 * that changed (`results_changes`, `consensus_changes`, `summary_changes`; statement-changes.ts folds them).
 */
export const PROTOCOL_VERSION = 2;

/** A command the client sends; `id` is added by the connection. */
export type Command =
  | { type: 'join'; code: string; name?: string; department?: string; protocol?: number }
  | { type: 'resume'; token: string; after?: number; protocol?: number }
  | { type: 'facilitate'; session_id: string; token: string; protocol?: number }
  | { type: 'answer'; statement: number; aspect: Aspect; level: number }
  | { type: 'withdraw'; statement: number; aspect: Aspect }
  | { type: 'rename'; name: string }
  | { type: 'focus'; statement: number }
  | { type: 'ping' };

export type WireCommand = Command & { id: string };

/** Per level 1..5 how many chose it, plus the statistics the server computes. */
export interface Distribution {
  counts: number[];
  n: number;
  mean: number | null;
  median: number | null;
  consensus: number | null;
  [extra: string]: unknown;
}

/** What participants are sent of the group's answers (docs/protocol.md): the counts, n and mean they show. */
export type GroupDistribution = Pick<Distribution, 'counts' | 'n' | 'mean'>;

export interface StatementResult<D extends GroupDistribution = Distribution> {
  statement: number;
  current: D;
  desired: D;
}

/** A round's results: full distributions for facilitators, GroupDistribution ones for participants. */
export interface Results<D extends GroupDistribution = Distribution> {
  round: number;
  statements: StatementResult<D>[];
}

export interface SessionInfo {
  session_id: string;
  title: string;
  municipality: string;
  mode: 'workshop' | 'solo';
  round: number;
  open: number[];
  revealed: boolean;
  closed: boolean;
  join_code?: string;
  /** the last "everyone to statement N": where participants were sent, and a counter that grows with each */
  focus?: { statement: number; number: number } | null;
  /** the earlier session this one is compared with, and where its agreed actions stand now (action id → status) */
  baseline?: { session_id: string; reviews: Record<string, string> } | null;
}

/** The participant's own answer to one statement; null where not answered. */
export interface OwnAnswer {
  current: number | null;
  desired: number | null;
}

export interface You {
  participant_id: string;
  name?: string | null;
  department?: string | null;
  removed: boolean;
  /** statement number (1..21) → own answers in the current round */
  answers: Record<number, OwnAnswer>;
}

export type ServerMessage =
  | { type: 'ack'; id: string; seq: number; [extra: string]: unknown }
  | {
      type: 'error';
      id: string | null;
      code: string;
      message: string;
      /** with code rate_limited: how long to wait before sending the command again */
      retry_after_ms?: number;
    }
  | {
      type: 'snapshot';
      role: 'participant';
      seq: number;
      session: SessionInfo;
      you: You;
      results?: Results<GroupDistribution> | null;
    }
  | { type: 'snapshot'; role: 'facilitator'; seq: number; session: SessionInfo; [extra: string]: unknown }
  | {
      type: 'update';
      seq: number;
      session?: SessionInfo;
      results?: Results<GroupDistribution> | null;
      /** protocol 2: the statements answered or withdrawn since the previous update, the rest whole */
      results_changes?: Results<GroupDistribution>;
      [extra: string]: unknown;
    }
  | { type: 'pong'; id: string }
  | { type: 'municipality_average'; municipality: string; average: unknown };

/**
 * The roadmap dialogue's own refusals (docs/protocol.md, error codes): a text, vote or moderation the server
 * refuses stays refused. Each has a friendly sentence in strings.ts (`roadmap.error.*`).
 */
export const ROADMAP_REFUSALS = [
  'invalid_text',
  'no_answer',
  'unknown_action',
  'action_merged',
  'action_hidden',
  'already_voted',
  'no_votes_left',
  'too_many_actions',
  'invalid_merge',
  'invalid_budget',
] as const;

/**
 * The re-assessment's refusals (choose_baseline, remove_baseline, review_baseline_action): a baseline of another
 * municipality, a later one, one not shared, ... stays refused. Worded in baseline/logic.ts (baselineErrorText).
 */
export const BASELINE_REFUSALS = [
  'invalid_baseline',
  'unknown_baseline',
  'other_municipality',
  'baseline_not_earlier',
  'baseline_not_shared',
  'no_baseline',
  'invalid_status',
] as const;

/** Error codes after which resending the same command cannot succeed: drop it from the outbox. */
export const FINAL_ERRORS: ReadonlySet<string> = new Set([
  'bad_json',
  'bad_message',
  'unknown_type',
  'not_a_participant',
  'participant_removed',
  'not_allowed',
  'invalid_statement',
  'invalid_level',
  'statement_closed',
  'session_closed',
  'session_not_found',
  'invalid_token',
  // facilitator controls: removing someone who is not in the session, a control in a solo session
  'unknown_participant',
  'solo_session',
  ...ROADMAP_REFUSALS,
  ...BASELINE_REFUSALS,
]);

/** Parses one text frame; null when it is not a JSON object with a string `type`. */
export function parseServerMessage(text: string): ServerMessage | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null || typeof (value as { type?: unknown }).type !== 'string') {
    return null;
  }
  return value as ServerMessage;
}
