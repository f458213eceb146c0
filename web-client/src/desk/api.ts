// The provider's desk's endpoints (docs/api.md, "The provider's desk"), every one with the operator token as
// `Authorization: Bearer` (never in a URL). Refusals arrive as ApiError with the server's code and, for a
// 429, the seconds to wait; files (the CSV export, a session's report) are fetched as blobs and saved.
import { saveResponse } from '../lib/save-file';
import { ApiError } from '../lib/api';
import { retryAfterSeconds } from '../lib/rate-limit';
import type { MailInfo, MailStateName, RequestFilters, RequestKind } from './logic';
import { apiQuery } from './logic';

export interface DeskMe {
  label: string;
  retention_days: number;
  min_respondents: number;
}

export interface DeskRequest {
  id: string;
  kind: RequestKind;
  language: string;
  name: string;
  email: string;
  organisation: string | null;
  message: string | null;
  created: string;
  handled: string | null;
  handled_by: string | null;
  erase_on: string;
  days_left: number;
  notes: number;
  mail: MailInfo | null;
}

export type HistoryAction = 'received' | 'handled' | 'reopened' | 'note' | 'mail_resent';

export interface HistoryEntry {
  at: string;
  by: string | null;
  action: HistoryAction;
  text?: string | null;
}

export interface DeskRequestDetail extends DeskRequest {
  history: HistoryEntry[];
}

export interface Relay {
  configured: boolean;
  host: string | null;
  port: number | null;
  queued: number;
  retrying: number;
  sent: number;
  last_sent: string | null;
  last_error: string | null;
  last_error_at: string | null;
}

export interface OutboxMessage {
  request_id: string;
  kind: RequestKind;
  to: string;
  state: MailStateName;
  attempts: number;
  last_error: string | null;
  next_attempt: string | null;
  sent: string | null;
}

export interface MailOverview {
  relay: Relay;
  messages: OutboxMessage[];
}

export interface SessionListing {
  session_id: string;
  title: string;
  municipality: string;
  mode: 'workshop' | 'solo';
  created_ms: number;
  created: string;
  participants: number;
  events: number;
  rounds?: number;
  closed: boolean;
}

export interface Coverage {
  min_respondents: number;
  municipalities: { code: string; name: string; respondents: number; comparable: boolean }[];
}

/** Sends one request with the operator token; throws ApiError for anything but a 2xx. */
export async function deskFetch(path: string, token: string, init: RequestInit = {}): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(path, {
      ...init,
      cache: 'no-store',
      headers: { Accept: 'application/json', Authorization: `Bearer ${token}`, ...(init.headers ?? {}) },
    });
  } catch (err) {
    if ((err as Error)?.name === 'AbortError') throw err;
    throw new ApiError(0, 'network', err instanceof Error ? err.message : String(err));
  }
  if (!response.ok) {
    let body: unknown = null;
    try {
      body = JSON.parse(await response.text());
    } catch {
      body = null;
    }
    const b = (body ?? {}) as { code?: string; message?: string };
    const wait = response.status === 429 ? retryAfterSeconds(response.headers.get('Retry-After'), body) : null;
    throw new ApiError(response.status, b.code ?? `http_${response.status}`, b.message ?? response.statusText, wait);
  }
  return response;
}

async function json<T>(path: string, token: string, init: RequestInit = {}): Promise<T> {
  return (await (await deskFetch(path, token, init)).json()) as T;
}

const post = (body?: unknown): RequestInit =>
  body === undefined
    ? { method: 'POST' }
    : { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) };

const rid = (id: string) => `/api/requests/${encodeURIComponent(id)}`;

export const fetchMe = (token: string) => json<DeskMe>('/api/desk/me', token);

export const listRequests = (token: string, filters: RequestFilters, signal?: AbortSignal) =>
  json<DeskRequest[]>(`/api/requests${apiQuery(filters)}`, token, signal ? { signal } : {});

export const fetchRequest = (token: string, id: string) => json<DeskRequestDetail>(rid(id), token);

export async function markHandled(token: string, id: string): Promise<void> {
  await deskFetch(`${rid(id)}/handled`, token, post());
}

export async function reopen(token: string, id: string): Promise<void> {
  await deskFetch(`${rid(id)}/reopen`, token, post());
}

export const addNote = (token: string, id: string, text: string) => json<HistoryEntry>(`${rid(id)}/notes`, token, post({ text }));

export async function eraseRequest(token: string, id: string): Promise<void> {
  await deskFetch(rid(id), token, { method: 'DELETE' });
}

export const fetchMail = (token: string) => json<MailOverview>('/api/mail', token);

export const resendMail = (token: string, requestId: string) =>
  json<{ state: string }>(`/api/mail/${encodeURIComponent(requestId)}/resend`, token, post());

export async function listSessions(token: string, mode: 'workshop' | 'solo' | ''): Promise<SessionListing[]> {
  const body = await json<{ sessions: SessionListing[] }>(`/api/sessions${mode ? `?mode=${mode}` : ''}`, token);
  return body.sessions;
}

export const fetchCoverage = (token: string) => json<Coverage>('/api/coverage', token);

/** Fetches a file with the token in the header and saves it under the server's name; returns that name. */
export async function downloadFile(path: string, token: string, fallbackName: string): Promise<string> {
  return saveResponse(await deskFetch(path, token, { headers: { Accept: '*/*' } }), fallbackName);
}

/** The requests as CSV, with the filters shown on the page. */
export function exportRequests(token: string, filters: RequestFilters): Promise<string> {
  return downloadFile(`/api/requests/export.csv${apiQuery(filters)}`, token, 'aanvragen.csv');
}

/** A session's report (PDF) in a language. */
export function downloadSessionReport(token: string, sessionId: string, lang: 'nl' | 'en'): Promise<string> {
  return downloadFile(`/api/sessions/${encodeURIComponent(sessionId)}/report.pdf?lang=${lang}`, token, `${sessionId}-report.pdf`);
}
