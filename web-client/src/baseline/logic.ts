// The re-assessment's pure parts (docs/protocol.md, "Re-assessment: a baseline"; docs/api.md, "Re-assessment
// and trend"): reading a pasted review link, the server's answers parsed defensively, the change since the
// baseline with "today" taken live from the dashboard's own means, the refusals in words, whom to learn from,
// the trend's chart series, and a throttle for occasional refetches. No DOM, no fetch: unit-tested.
import { language, pluralCategory, translator, type Language } from '../lib/i18n';
import { BASELINE_REFUSALS, STATEMENT_COUNT } from '../lib/protocol';
import { baselineEn, baselineNl, type BaselineKey } from './strings';

export const bt = translator<BaselineKey>({ nl: baselineNl, en: baselineEn });

/** The `.one` / `.other` bases of the baseline strings. */
export type BaselinePluralKey = {
  [K in BaselineKey]: K extends `${infer B}.one` ? (`${B}.other` extends BaselineKey ? B : never) : never;
}[BaselineKey];

/** A count string in the form its number needs; `{n}` is the count unless `params` says otherwise. */
export function bplural(base: BaselinePluralKey, count: number, params: Record<string, string | number> = {}, lang: Language = language()): string {
  return bt(`${base}.${pluralCategory(count, lang)}` as BaselineKey, { n: count, ...params }, lang);
}

const obj = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {});
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const int = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? Math.max(0, Math.round(v)) : 0);
const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v : null);

// --- a pasted review link ---------------------------------------------------------------------------

/** What a session id may look like here: the server takes up to 64 characters; ids are URL-safe. */
const SESSION_ID = /^[A-Za-z0-9][A-Za-z0-9_.~-]{0,63}$/;
/** The pages whose address names a session: the replay (a review link), the roadmap page and the dashboard. */
const SESSION_PATH = /\/(?:replay|roadmap|f)\/([^/?#]+)\/?$/;

export interface BaselineRef {
  sessionId: string;
  /** the review (or facilitator) token the link carried in its fragment; null for a bare code */
  token: string | null;
}

/**
 * Reads what a facilitator pasted as the baseline: a review link (`https://…/replay/<id>#token=<t>`, also
 * without the origin, or the roadmap page's `/roadmap/<id>#token=`), a dashboard or replay address without a
 * token, or a bare session id. Null when it is none of these.
 */
export function parseReviewLink(input: string): BaselineRef | null {
  const text = input.trim();
  if (text === '') return null;
  if (!text.includes('/')) {
    const [id, fragment] = text.split('#', 2);
    if (!id || !SESSION_ID.test(id)) return null;
    return { sessionId: id, token: fragment !== undefined ? tokenOf(`#${fragment}`) : null };
  }
  let url: URL;
  try {
    url = new URL(text, 'http://link.invalid');
  } catch {
    return null;
  }
  const m = SESSION_PATH.exec(url.pathname);
  if (!m) return null;
  let id: string;
  try {
    id = decodeURIComponent(m[1]!);
  } catch {
    return null;
  }
  if (!SESSION_ID.test(id)) return null;
  return { sessionId: id, token: tokenOf(url.hash) };
}

function tokenOf(hash: string): string | null {
  const token = new URLSearchParams(hash.replace(/^#/, '')).get('token')?.trim();
  return token ? token : null;
}

/**
 * The `choose_baseline` the paste form sends: the link's id, and a key typed in its own field before the
 * link's token (someone who typed one means it). Null when the link field says nothing usable.
 */
export function chooseFromPaste(link: string, key: string): { type: 'choose_baseline'; baseline_session_id: string; token?: string } | null {
  const ref = parseReviewLink(link);
  if (!ref) return null;
  const token = key.trim() || ref.token;
  return { type: 'choose_baseline', baseline_session_id: ref.sessionId, ...(token ? { token } : {}) };
}

// --- the refusals in words --------------------------------------------------------------------------

/** The codes said otherwise in a solo self-assessment, where the respondent compares with their own earlier one. */
const SOLO_WORDED = new Set<string>(['invalid_baseline', 'other_municipality', 'baseline_not_earlier', 'baseline_not_shared']);

/** The codes with a sentence of their own (baseline_not_shared has one with k in it). */
const WORDED = new Set<string>([
  ...BASELINE_REFUSALS.filter((c) => c !== 'baseline_not_shared'),
  'unknown_action',
  'session_closed',
  'not_allowed',
  'bad_message',
]);

/**
 * A refusal of choose_baseline, remove_baseline or review_baseline_action in a sentence; k for baseline_not_shared.
 * `solo`: said to a respondent comparing their own self-assessment (no workshop, no k they could know).
 */
export function baselineErrorText(code: string, k = 2, lang: Language = language(), context: 'workshop' | 'solo' = 'workshop'): string {
  if (context === 'solo' && SOLO_WORDED.has(code)) return bt(`bl.solo.error.${code}` as BaselineKey, {}, lang);
  if (code === 'baseline_not_shared') return bplural('bl.error.baseline_not_shared', k, {}, lang);
  if (WORDED.has(code)) return bt(`bl.error.${code}` as BaselineKey, {}, lang);
  return bt('bl.error.other', { code }, lang);
}

// --- the server's answers -----------------------------------------------------------------------------

export type ReviewStatus = 'agreed' | 'started' | 'done' | 'dropped';
export const REVIEW_STATUSES: readonly ReviewStatus[] = ['agreed', 'started', 'done', 'dropped'];
const isReviewStatus = (v: unknown): v is ReviewStatus => typeof v === 'string' && (REVIEW_STATUSES as readonly string[]).includes(v);

/** One aspect's mean then and today, and today − then (null unless both were answered). */
export interface Since {
  then: number | null;
  today: number | null;
  change: number | null;
}
export interface StatementSince {
  statement: number;
  current: Since;
  desired: Since;
}
export interface ThemeSince {
  theme: string;
  current: Since;
  desired: Since;
}

export interface BaselineAction {
  actionId: string;
  statement: number;
  /** null when the text was erased since */
  text: string | null;
  owner: string | null;
  horizon: string | null;
  /** as the baseline session left it */
  then: ReviewStatus;
  /** as this session says (the server's at fetch time; the live reviews go over it) */
  now: ReviewStatus;
  reviewed: boolean;
}

export interface Baseline {
  sessionId: string;
  title: string;
  mode: 'workshop' | 'solo';
  /** ISO 8601 as the server sends it, or null */
  created: string | null;
  participants: number;
  round: number;
  /** always 21, statement 1 first */
  statements: StatementSince[];
  themes: ThemeSince[];
  actions: BaselineAction[];
}

export const changeOf = (then: number | null, today: number | null): number | null =>
  then === null || today === null ? null : Math.round((today - then) * 1000) / 1000;

function parseSince(raw: unknown): Since {
  const r = obj(raw);
  const then = num(r.then);
  const today = num(r.today);
  return { then, today, change: changeOf(then, today) };
}

const emptySince = (): Since => ({ then: null, today: null, change: null });

/** `GET /api/sessions/{id}/baseline`: null when the session has none (or the answer makes no sense). */
export function parseBaseline(body: unknown): Baseline | null {
  const b = obj(obj(body).baseline);
  const sessionId = str(b.session_id);
  if (sessionId === null) return null;
  const comparison = obj(b.comparison);
  const statements: StatementSince[] = Array.from({ length: STATEMENT_COUNT }, (_, i) => ({
    statement: i + 1,
    current: emptySince(),
    desired: emptySince(),
  }));
  for (const row of list(comparison.statements)) {
    const r = obj(row);
    const s = r.statement;
    if (typeof s !== 'number' || !Number.isInteger(s) || s < 1 || s > STATEMENT_COUNT) continue;
    statements[s - 1] = { statement: s, current: parseSince(r.current), desired: parseSince(r.desired) };
  }
  const themes: ThemeSince[] = list(comparison.themes)
    .map((row) => obj(row))
    .filter((r) => typeof r.theme === 'string')
    .map((r) => ({ theme: r.theme as string, current: parseSince(r.current), desired: parseSince(r.desired) }));
  const actions: BaselineAction[] = [];
  for (const row of list(b.actions)) {
    const a = obj(row);
    const actionId = str(a.action_id);
    const s = a.statement;
    if (actionId === null || typeof s !== 'number' || s < 1 || s > STATEMENT_COUNT) continue;
    const then = isReviewStatus(a.then) ? a.then : 'agreed';
    actions.push({
      actionId,
      statement: s,
      text: str(a.text),
      owner: str(a.owner),
      horizon: str(a.horizon),
      then,
      now: isReviewStatus(a.now) ? a.now : then,
      reviewed: a.reviewed === true,
    });
  }
  return {
    sessionId,
    title: str(b.title) ?? sessionId,
    mode: b.mode === 'solo' ? 'solo' : 'workshop',
    created: str(b.created),
    participants: int(b.participants),
    round: Math.max(1, int(b.round)),
    statements,
    themes,
    actions,
  };
}

/** One line of the personal report's "since" part: a theme, or a statement that moved (its number apart). */
export interface ReportLine {
  /** the statement's number for a line of `moved`; null for a theme */
  statement: number | null;
  name: string;
  current: Since;
  desired: Since;
}

/** One of the baseline's agreed actions as the personal report lists it. */
export interface ReportAction {
  statement: number;
  /** null when the text was erased since */
  text: string | null;
  owner: string | null;
  then: ReviewStatus;
  now: ReviewStatus;
  reviewed: boolean;
}

/** `baseline` of `GET /api/sessions/{id}/my-report`: what the personal report prints under "Sinds de nulmeting". */
export interface ReportBaseline {
  title: string;
  /** the day the baseline began, written by the server in the report's language */
  date: string;
  participants: number;
  /** per theme in catalogue order */
  themes: ReportLine[];
  /** the statements whose "now" moved most (at most six), largest change first */
  moved: ReportLine[];
  actions: ReportAction[];
}

/** A moved statement's name as the server writes it: "12  Title". */
const NUMBERED = /^\s*(\d{1,2})\.?\s+(.*)$/s;

function reportLine(raw: unknown, numbered: boolean): ReportLine | null {
  const r = obj(raw);
  const name = str(r.name);
  if (name === null) return null;
  let statement: number | null = null;
  let title = name;
  const m = numbered ? NUMBERED.exec(name) : null;
  if (m) {
    const n = Number(m[1]);
    if (n >= 1 && n <= STATEMENT_COUNT) {
      statement = n;
      title = m[2]!.trim() || name;
    }
  }
  return { statement, name: title, current: parseSince(r.now), desired: parseSince(r.ambition) };
}

/** The personal report's `baseline` (the whole my-report answer, or its `baseline`): null without one. */
export function parseReportBaseline(body: unknown): ReportBaseline | null {
  const outer = obj(body);
  const raw = 'baseline' in outer ? outer.baseline : body;
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return null;
  const b = obj(raw);
  const title = str(b.title);
  if (title === null && !Array.isArray(b.themes)) return null;
  const lines = (v: unknown, numbered: boolean) => list(v).map((x) => reportLine(x, numbered)).filter((x): x is ReportLine => x !== null);
  const actions: ReportAction[] = [];
  for (const row of list(b.actions)) {
    const a = obj(row);
    const s = a.statement;
    if (typeof s !== 'number' || !Number.isInteger(s) || s < 1 || s > STATEMENT_COUNT) continue;
    const then = isReviewStatus(a.then) ? a.then : 'agreed';
    actions.push({ statement: s, text: str(a.text), owner: str(a.owner), then, now: isReviewStatus(a.now) ? a.now : then, reviewed: a.reviewed === true });
  }
  return {
    title: title ?? '',
    date: str(b.date) ?? '',
    participants: int(b.participants),
    themes: lines(b.themes, false),
    moved: lines(b.moved, true),
    actions,
  };
}

/**
 * Of the report's statements that "moved most", those whose "now" did move: the report fills its six with
 * unchanged ones when fewer moved, which a list headed "where now changed most" should not show.
 */
export function movedLines(lines: ReportLine[]): ReportLine[] {
  return lines.filter((l) => direction(l.current.change) === 'up' || direction(l.current.change) === 'down');
}

export interface Candidate {
  sessionId: string;
  title: string;
  mode: 'workshop' | 'solo';
  created: string | null;
  participants: number;
  closed: boolean;
}

/** `GET /api/sessions/{id}/baseline-candidates`, newest first as the server sends them. */
export function parseCandidates(body: unknown): { minRespondents: number; sessions: Candidate[] } {
  const b = obj(body);
  const sessions: Candidate[] = [];
  for (const row of list(b.sessions)) {
    const r = obj(row);
    const sessionId = str(r.session_id);
    if (sessionId === null) continue;
    sessions.push({
      sessionId,
      title: str(r.title) ?? sessionId,
      mode: r.mode === 'solo' ? 'solo' : 'workshop',
      created: str(r.created),
      participants: int(r.participants),
      closed: r.closed === true,
    });
  }
  return { minRespondents: Math.max(1, int(b.min_respondents) || 1), sessions };
}

// --- the change since the baseline, live -----------------------------------------------------------

/** Today's mean of one statement and aspect, as the dashboard has it: null while nobody answered. */
export interface LiveMean {
  statement: number;
  current: number | null;
  desired: number | null;
}

/**
 * The change since the baseline with "today" from the dashboard's own current means (so it moves as answers
 * arrive); "then" is the server's. Theme means today are the mean of the answered statements' means in the
 * theme, as the server computes them (domain/session_summary); `themeOf` maps a statement to its theme
 * (from the catalogue). Without live means (`live` null) or without `themeOf`, the server's today stands.
 */
export function liveSince(
  baseline: Pick<Baseline, 'statements' | 'themes'>,
  live: LiveMean[] | null,
  themeOf: ((statement: number) => string | null) | null,
): { statements: StatementSince[]; themes: ThemeSince[] } {
  const statements = baseline.statements.map((s) => {
    if (!live) return s;
    const m = live[s.statement - 1];
    const today = { current: m?.current ?? null, desired: m?.desired ?? null };
    return {
      statement: s.statement,
      current: { then: s.current.then, today: today.current, change: changeOf(s.current.then, today.current) },
      desired: { then: s.desired.then, today: today.desired, change: changeOf(s.desired.then, today.desired) },
    };
  });
  const themes = baseline.themes.map((th) => {
    if (!live || !themeOf) return th;
    const mean = (aspect: 'current' | 'desired'): number | null => {
      const values = statements.filter((s) => themeOf(s.statement) === th.theme).map((s) => s[aspect].today).filter((v): v is number => v !== null);
      return values.length === 0 ? null : values.reduce((a, b) => a + b, 0) / values.length;
    };
    const current = mean('current');
    const desired = mean('desired');
    return {
      theme: th.theme,
      current: { then: th.current.then, today: current, change: changeOf(th.current.then, current) },
      desired: { then: th.desired.then, today: desired, change: changeOf(th.desired.then, desired) },
    };
  });
  return { statements, themes };
}

/** The statements whose "now" moved most (largest |change| first, then the lower number), at most `limit`. */
export function largestMoves(statements: StatementSince[], limit = 6): StatementSince[] {
  return statements
    .filter((s) => s.current.change !== null)
    .sort((a, b) => Math.abs(b.current.change!) - Math.abs(a.current.change!) || a.statement - b.statement)
    .slice(0, limit);
}

/** Which way a change goes, with a dead band of half a decimal (what shows as 0,0 is "same"). */
export function direction(change: number | null): 'up' | 'down' | 'same' | 'none' {
  if (change === null || !Number.isFinite(change)) return 'none';
  if (change >= 0.05) return 'up';
  if (change <= -0.05) return 'down';
  return 'same';
}

export const ARROWS = { up: '▲', down: '▼', same: '=', none: '' } as const;

/** The baseline's actions with the session's live reviews laid over the server's answer. */
export function actionsNow(actions: BaselineAction[], reviews: Record<string, string> | null | undefined): BaselineAction[] {
  if (!reviews) return actions;
  return actions.map((a) => {
    const status = reviews[a.actionId];
    return isReviewStatus(status) ? { ...a, now: status, reviewed: true } : a;
  });
}

/** How far the baseline's actions came: done, started, dropped out of all. */
export function actionTally(actions: BaselineAction[]): { total: number; done: number; started: number; dropped: number } {
  return {
    total: actions.length,
    done: actions.filter((a) => a.now === 'done').length,
    started: actions.filter((a) => a.now === 'started').length,
    dropped: actions.filter((a) => a.now === 'dropped').length,
  };
}

/** `session.baseline` of snapshots and updates: null, or its id and reviews. */
export interface SessionBaseline {
  session_id: string;
  reviews: Record<string, string>;
}

export function sessionBaseline(raw: unknown): SessionBaseline | null {
  const r = obj(raw);
  const id = str(r.session_id);
  if (id === null) return null;
  const reviews: Record<string, string> = {};
  for (const [k, v] of Object.entries(obj(r.reviews))) if (typeof v === 'string') reviews[k] = v;
  return { session_id: id, reviews };
}

/** What makes the dashboard fetch `/baseline` again: another baseline, or a review that changed. */
export function baselineSignature(b: SessionBaseline | null): string {
  if (!b) return '';
  const reviews = Object.keys(b.reviews)
    .sort()
    .map((k) => `${k}=${b.reviews[k]}`)
    .join(',');
  return `${b.session_id}|${reviews}`;
}

// --- whom to learn from -----------------------------------------------------------------------------

export interface LearnPeer {
  name: string;
  now: number | null;
  respondents: number;
}
export interface LearnRow {
  statement: number;
  title: string;
  now: number | null;
  ambition: number | null;
  peers: LearnPeer[];
}

/** `GET /api/sessions/{id}/learn-from`. */
export function parseLearnFrom(body: unknown): LearnRow[] {
  const rows: LearnRow[] = [];
  for (const row of list(obj(body).learn_from)) {
    const r = obj(row);
    const s = r.statement;
    if (typeof s !== 'number' || s < 1 || s > STATEMENT_COUNT) continue;
    rows.push({
      statement: s,
      title: str(r.title) ?? `#${s}`,
      now: num(r.now),
      ambition: num(r.ambition),
      peers: list(r.peers)
        .map((p) => obj(p))
        .filter((p) => typeof p.name === 'string')
        .map((p) => ({ name: p.name as string, now: num(p.now), respondents: int(p.respondents) })),
    });
  }
  return rows;
}

/**
 * Runs `fn` at most once per `intervalMs`: a call within the interval after the last run is put off until the
 * interval is over (one pending run, however many calls); `now` runs it at once (a language switch, the first
 * load). Timers and the clock are injected for the tests.
 */
export class Throttle {
  private last = -Infinity;
  private timer: unknown = null;

  constructor(
    private readonly fn: () => void,
    private readonly intervalMs: number,
    private readonly clock: {
      now(): number;
      setTimer(cb: () => void, ms: number): unknown;
      clearTimer(t: unknown): void;
    } = { now: () => Date.now(), setTimer: (cb, ms) => setTimeout(cb, ms), clearTimer: (t) => clearTimeout(t as ReturnType<typeof setTimeout>) },
  ) {}

  request(): void {
    if (this.timer !== null) return;
    const wait = this.last + this.intervalMs - this.clock.now();
    if (wait <= 0) this.run();
    else this.timer = this.clock.setTimer(() => this.run(), wait);
  }

  now(): void {
    this.cancel();
    this.run();
  }

  cancel(): void {
    if (this.timer !== null) this.clock.clearTimer(this.timer);
    this.timer = null;
  }

  private run(): void {
    this.timer = null;
    this.last = this.clock.now();
    this.fn();
  }
}

// --- the trend --------------------------------------------------------------------------------------

export interface TrendPoint {
  year: number | null;
  kind: 'workshop' | 'solo';
  sessionId: string | null;
  title: string | null;
  date: string | null;
  respondents: number;
  current: number | null;
  desired: number | null;
  themes: { theme: string; current: number | null; desired: number | null }[];
}
export interface Trend {
  municipality: string;
  name: string;
  minRespondents: number;
  points: TrendPoint[];
}

/** `GET /api/municipalities/{code}/trend`, oldest first as the server sends it. */
export function parseTrend(body: unknown, code = ''): Trend {
  const b = obj(body);
  const points: TrendPoint[] = list(b.points).map((row) => {
    const r = obj(row);
    const overall = obj(r.overall);
    return {
      year: num(r.year),
      kind: r.kind === 'solo' ? 'solo' : 'workshop',
      sessionId: str(r.session_id),
      title: str(r.title),
      date: str(r.date),
      respondents: int(r.respondents),
      current: num(overall.current),
      desired: num(overall.desired),
      themes: list(r.themes)
        .map((x) => obj(x))
        .filter((x) => typeof x.theme === 'string')
        .map((x) => ({ theme: x.theme as string, current: num(x.current), desired: num(x.desired) })),
    };
  });
  return {
    municipality: str(b.municipality) ?? code,
    name: str(b.name) ?? str(b.municipality) ?? code,
    minRespondents: Math.max(1, int(b.min_respondents) || 1),
    points,
  };
}

export type SeriesKey = 'workshop.current' | 'workshop.desired' | 'solo.current' | 'solo.desired';
export interface TrendSeries {
  key: SeriesKey;
  kind: 'workshop' | 'solo';
  aspect: 'current' | 'desired';
  /** one value per point (in the points' order); null where the point is of the other kind or unanswered */
  data: (number | null)[];
}

/**
 * The chart's series: now and ambition for workshops and for the yearly solo groups, each with a value only at
 * its own kind's points (the chart spans the gaps, so a kind's points join up); only the kinds that occur.
 */
export function trendSeries(points: TrendPoint[]): TrendSeries[] {
  const out: TrendSeries[] = [];
  for (const kind of ['workshop', 'solo'] as const) {
    if (!points.some((p) => p.kind === kind)) continue;
    for (const aspect of ['current', 'desired'] as const) {
      out.push({ key: `${kind}.${aspect}`, kind, aspect, data: points.map((p) => (p.kind === kind ? p[aspect] : null)) });
    }
  }
  return out;
}

/** Per point the change of "now" against the previous point of the same kind (null for the first, or unanswered). */
export function trendChanges(points: TrendPoint[]): (number | null)[] {
  const previous: Partial<Record<'workshop' | 'solo', number | null>> = {};
  return points.map((p) => {
    const before = previous[p.kind];
    previous[p.kind] = p.current;
    return before === undefined || before === null ? null : changeOf(before, p.current);
  });
}

/** A day as the page's language writes it ("7 dec. 2026"); the text itself when it is no date; '–' for none. */
export function formatDay(iso: string | null, lang: Language = language()): string {
  if (!iso) return '–';
  const ms = Date.parse(iso);
  if (!Number.isFinite(ms)) return iso;
  // a plain date is that day everywhere; a moment is the day it was where the page is read
  const plain = /^\d{4}-\d{2}-\d{2}$/.test(iso);
  return new Intl.DateTimeFormat(lang === 'nl' ? 'nl-NL' : 'en-GB', {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    ...(plain ? { timeZone: 'UTC' } : {}),
  }).format(new Date(ms));
}

// --- the trend page's key ---------------------------------------------------------------------------

/** Where the trend page keeps its key in this tab (the dashboard's link puts the facilitator's there). */
export const trendKey = (code: string) => `scsa.trend.${code}`;
/** The dashboard the trend page was opened from, for its "back" link. */
export const trendBackKey = (code: string) => `scsa.trend.back.${code}`;

/**
 * The key the trend page of municipality `code` tries first: one this tab was given for it; else the provider
 * desk's operator token of this tab (`operatorKey`); else a facilitator key this browser keeps for a session of
 * that municipality. Null: the page asks.
 */
export function trendToken(
  code: string,
  session: Pick<Storage, 'getItem'>,
  local: Pick<Storage, 'getItem' | 'key' | 'length'>,
  operatorKey: string,
): { token: string; source: 'tab' | 'operator' | 'facilitator' } | null {
  const own = session.getItem(trendKey(code));
  if (own) return { token: own, source: 'tab' };
  const operator = session.getItem(operatorKey);
  if (operator) return { token: operator, source: 'operator' };
  for (let i = 0; i < local.length; i++) {
    const key = local.key(i);
    if (!key || !key.startsWith('scsa.facilitator.')) continue;
    try {
      const record = JSON.parse(local.getItem(key) ?? 'null') as { token?: unknown; municipality?: unknown } | null;
      if (record && record.municipality === code && typeof record.token === 'string' && record.token) return { token: record.token, source: 'facilitator' };
    } catch {
      /* a damaged record: no key from it */
    }
  }
  return null;
}
