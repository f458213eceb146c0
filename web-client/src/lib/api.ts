// Fetch wrappers for the HTTP API (docs/api.md): catalogue, municipalities and sessions.
// Errors arrive as ApiError with the server's stable `code` (and, for a 429, how long to wait); the
// catalogue is cached per language.
import type { Language } from './i18n';
import type { Results, SessionInfo } from './protocol';
import { retryAfterSeconds } from './rate-limit';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** for a 429: the seconds the server asks to wait (Retry-After or retry_after_s), when it said */
    readonly retryAfterS: number | null = null,
  ) {
    super(message);
  }
}

export interface CatalogueLevel {
  level: number;
  name: string;
  meaning: string;
}
export interface CatalogueTheme {
  id: string;
  name: string;
}
export interface CatalogueStatement {
  id: number;
  theme: string;
  title: string;
  statement: string;
  /** the five level descriptions of this statement, level 1 first */
  levels: string[];
}
export interface Catalogue {
  language: Language;
  levels: CatalogueLevel[];
  themes: CatalogueTheme[];
  statements: CatalogueStatement[];
}

export interface Municipality {
  code: string;
  name: string;
}

export interface CreatedSession {
  session_id: string;
  join_code: string;
  facilitator_token: string;
}

export interface SessionResults {
  seq: number;
  session: SessionInfo;
  participants: unknown[];
  rounds: { round: number; consensus: Results; summary: unknown }[];
  municipality_average?: unknown;
}

async function request<T>(path: string, init: RequestInit = {}): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, { ...init, headers: { Accept: 'application/json', ...(init.headers ?? {}) } });
  } catch (err) {
    if ((err as Error)?.name === 'AbortError') throw err;
    throw new ApiError(0, 'network', err instanceof Error ? err.message : String(err));
  }
  const text = await response.text();
  let body: unknown = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    body = null;
  }
  if (!response.ok) {
    const b = (body ?? {}) as { code?: string; error?: string; message?: string };
    const wait = response.status === 429 ? retryAfterSeconds(response.headers.get('Retry-After'), body) : null;
    throw new ApiError(response.status, b.code ?? b.error ?? 'http_' + response.status, b.message ?? response.statusText, wait);
  }
  return body as T;
}

/** The session a join code belongs to, before anyone is asked for a name. */
export interface JoinCodeInfo {
  session_id: string;
  title: string;
  municipality: string;
  closed: boolean;
}

/**
 * Checks a join code (any case; spaces and dashes ignored): 404 `unknown_code` when no session has it,
 * 429 when asked too often.
 */
export function lookupJoinCode(code: string, signal?: AbortSignal): Promise<JoinCodeInfo> {
  return request<JoinCodeInfo>(`/api/join/${encodeURIComponent(code)}`, signal ? { signal } : {});
}

/** Reads a field in the requested language whether the server sent a string or {nl, en}. */
function localised(value: unknown, lang: Language): string {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object') {
    const v = value as Record<string, unknown>;
    const s = v[lang] ?? v.nl ?? v.en;
    if (typeof s === 'string') return s;
  }
  return '';
}

/** Turns the API's catalogue (or the data file's bilingual shape) into one language's texts. */
export function normaliseCatalogue(raw: unknown, lang: Language): Catalogue {
  const r = (raw ?? {}) as Record<string, unknown>;
  const levels = (Array.isArray(r.levels) ? r.levels : []).map((l: Record<string, unknown>, i: number) => ({
    level: typeof l.level === 'number' ? l.level : i + 1,
    name: localised(l.name, lang),
    meaning: localised(l.meaning ?? l.description, lang),
  }));
  const themes = (Array.isArray(r.themes) ? r.themes : []).map((th: Record<string, unknown>) => ({
    id: String(th.id),
    name: localised(th.name, lang),
  }));
  const statements = (Array.isArray(r.statements) ? r.statements : []).map((s: Record<string, unknown>) => ({
    id: Number(s.id ?? s.statement),
    theme: String(s.theme),
    title: localised(s.title, lang),
    statement: localised(s.statement ?? s.text, lang),
    levels: (Array.isArray(s.levels) ? s.levels : []).map((l: unknown) =>
      typeof l === 'object' && l !== null && 'description' in l
        ? localised((l as { description: unknown }).description, lang)
        : localised(l, lang),
    ),
  }));
  return { language: lang, levels, themes, statements };
}

const catalogues = new Map<Language, Promise<Catalogue>>();

export function fetchCatalogue(lang: Language): Promise<Catalogue> {
  let cached = catalogues.get(lang);
  if (!cached) {
    cached = request<unknown>(`/api/catalog?lang=${lang}`).then((raw) => normaliseCatalogue(raw, lang));
    cached.catch(() => catalogues.delete(lang));
    catalogues.set(lang, cached);
  }
  return cached;
}

export function searchMunicipalities(query: string, limit = 20, signal?: AbortSignal): Promise<Municipality[]> {
  const params = new URLSearchParams({ limit: String(limit) });
  if (query.trim()) params.set('q', query.trim());
  return request<Municipality[]>(`/api/municipalities?${params}`, signal ? { signal } : {});
}

/** Municipalities with at least k respondents: the only ones a report may compare with. */
export function municipalitiesWithData(): Promise<Municipality[]> {
  return request<Municipality[]>('/api/municipalities?with_data=true');
}

/** The participant's own report as a PDF (their token opens it); compare: up to two CBS codes. */
export async function myReportPdf(sessionId: string, token: string, lang: Language, compare: string[]): Promise<Blob> {
  const params = new URLSearchParams({ lang });
  if (compare.length > 0) params.set('compare', compare.join(','));
  let response: Response;
  try {
    response = await fetch(`/api/sessions/${encodeURIComponent(sessionId)}/my-report.pdf?${params}`, {
      headers: { Authorization: `Bearer ${token}` },
    });
  } catch (err) {
    throw new ApiError(0, 'network', err instanceof Error ? err.message : String(err));
  }
  if (!response.ok) {
    const b = (await response.json().catch(() => ({}))) as { code?: string; message?: string };
    throw new ApiError(response.status, b.code ?? 'http_' + response.status, b.message ?? response.statusText);
  }
  return response.blob();
}

export function municipalityAverages(code: string): Promise<unknown> {
  return request<unknown>(`/api/municipalities/${encodeURIComponent(code)}/averages`);
}

export function createSession(
  title: string,
  municipality: string,
  mode: 'workshop' | 'solo' = 'workshop',
): Promise<CreatedSession> {
  return request<CreatedSession>('/api/sessions', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ title, municipality, mode }),
  });
}

export function sessionResults(sessionId: string, facilitatorToken: string): Promise<SessionResults> {
  return request<SessionResults>(`/api/sessions/${encodeURIComponent(sessionId)}/results`, {
    headers: { Authorization: `Bearer ${facilitatorToken}` },
  });
}
