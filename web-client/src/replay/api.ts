// The replay and review endpoints (docs/api.md): timeline, results at a point, events (for event times),
// exports as blobs (the token is a header, so a plain link cannot carry it) and review-token creation.
import { saveResponse } from '../lib/save-file';
import { ApiError } from '../lib/api';
import { language } from '../lib/i18n';
import type { Point } from './logic';

export type MarkerKind =
  | 'session_created'
  | 'participant_joined'
  | 'participant_removed'
  | 'statement_opened'
  | 'statement_closed'
  | 'results_revealed'
  | 'results_hidden'
  | 'round_started'
  | 'session_closed'
  | 'session_reopened'
  | 'statement_focused'
  // the roadmap dialogue's moments (votes are too many to mark)
  | 'action_proposed'
  | 'actions_merged'
  | 'explanations_shown'
  | 'conclusion_recorded'
  // the re-assessment: a baseline chosen or removed, one of its actions said where it stands now
  | 'baseline_chosen'
  | 'baseline_removed'
  | 'baseline_action_reviewed';

/** The marker kinds that say the session had a roadmap dialogue. */
export const ROADMAP_MARKERS: readonly MarkerKind[] = ['action_proposed', 'actions_merged', 'explanations_shown', 'conclusion_recorded'];

export interface TimelinePoint extends Point {
  version: number;
}
export interface Marker extends TimelinePoint {
  kind: MarkerKind;
  statement?: number;
  round?: number;
  participant_id?: string;
}
export interface Reached {
  round: number;
  statement: number;
  both: TimelinePoint | null;
  current: TimelinePoint | null;
  desired: TimelinePoint | null;
}
export interface Timeline {
  session_id: string;
  event_count: number;
  timeline: {
    first: TimelinePoint;
    last: TimelinePoint;
    markers: Marker[];
    consensus_reached: Reached[];
  };
}
export interface ReplayResults extends Record<string, unknown> {
  seq: number;
  replay?: { version: number; time_ms: number; event_count: number; last_seq: number };
}

export type ExportName = 'answers.csv' | 'results.csv' | 'events.ndjson';
export const EXPORTS: readonly ExportName[] = ['answers.csv', 'results.csv', 'events.ndjson'];

const base = (id: string) => `/api/sessions/${encodeURIComponent(id)}`;

export async function call(path: string, token: string, init: RequestInit = {}): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(path, { ...init, headers: { Accept: 'application/json', Authorization: `Bearer ${token}`, ...(init.headers ?? {}) } });
  } catch (err) {
    if ((err as Error)?.name === 'AbortError') throw err;
    throw new ApiError(0, 'network', err instanceof Error ? err.message : String(err));
  }
  if (!response.ok) {
    let code = `http_${response.status}`;
    let message = response.statusText;
    try {
      const b = (await response.json()) as { code?: string; message?: string };
      code = b.code ?? code;
      message = b.message ?? message;
    } catch {
      /* not JSON */
    }
    throw new ApiError(response.status, code, message);
  }
  return response;
}

export async function fetchTimeline(id: string, token: string): Promise<Timeline> {
  return (await (await call(`${base(id)}/timeline`, token)).json()) as Timeline;
}

export async function fetchResultsAt(id: string, token: string, seq: number, signal?: AbortSignal): Promise<ReplayResults> {
  const r = await call(`${base(id)}/results?at=${Math.max(0, Math.round(seq))}`, token, signal ? { signal } : {});
  return (await r.json()) as ReplayResults;
}

/** Every event's seq and time, page by page (at most `maxPages` of 5000), for real-time playback. */
export async function fetchEventTimes(id: string, token: string, onPage: (points: Point[]) => void, signal: AbortSignal, maxPages = 20): Promise<void> {
  let after = 0;
  for (let page = 0; page < maxPages; page++) {
    const r = await call(`${base(id)}/events?after=${after}&limit=5000`, token, { signal });
    const body = (await r.json()) as { events: Point[]; next_after: number; more: boolean };
    onPage(body.events.map((e) => ({ seq: e.seq, time_ms: e.time_ms })));
    if (!body.more) return;
    after = body.next_after;
  }
}

/** Fetches a file with the token in the header (never in the URL, where logs would keep it) and saves it. */
export async function download(path: string, token: string, fallbackName: string): Promise<string> {
  return saveResponse(await call(path, token, { headers: { Accept: '*/*' } }), fallbackName);
}

/**
 * Downloads an export with the token in the header, and saves it under the server's file name. The CSV
 * files come in the page's language, with statement titles, so a team can share them as they are.
 */
export async function downloadExport(id: string, token: string, name: ExportName, lang: 'nl' | 'en' = language()): Promise<void> {
  const query = name.endsWith('.csv') ? `?lang=${lang}` : '';
  await download(`${base(id)}/export/${name}${query}`, token, `${id}-${name}`);
}

/**
 * The workshop report (PDF) in a language, fetched with the facilitator or review token as a header;
 * returns the file name it was saved under.
 */
export async function downloadReport(id: string, token: string, lang: 'nl' | 'en'): Promise<string> {
  return download(`${base(id)}/report.pdf?lang=${lang}`, token, `${id}-report.pdf`);
}

export async function createReviewToken(id: string, facilitatorToken: string): Promise<string> {
  const r = await call(`${base(id)}/review-tokens`, facilitatorToken, { method: 'POST' });
  return ((await r.json()) as { review_token: string }).review_token;
}

/** The link a reviewer opens: the token in the fragment, which browsers never send to the server. */
export function reviewLink(origin: string, id: string, token: string): string {
  return `${origin}/replay/${encodeURIComponent(id)}#token=${encodeURIComponent(token)}`;
}
