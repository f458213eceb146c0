// The roadmap's read-only endpoints (docs/api.md): GET …/roadmap as JSON (now, or as it stood at a point of
// the log for the replay) and …/export/roadmap.csv, both with the facilitator's or a review token as an
// Authorization header (never in the URL), through the replay page's fetch and download helpers.
import type { Language } from '../lib/i18n';
import { emptyRoadmap, parseRoadmap, type Roadmap } from '../lib/roadmap';
import { call, download } from '../replay/api';

export interface RoadmapBody {
  session_id: string;
  title: string;
  /** the municipality's code (GM…) */
  municipality: string;
  /** its name, when the server gives it */
  municipalityName: string | null;
  round: number;
  closed: boolean;
  roadmap: Roadmap;
  /** at a point of the log: the last event folded (null for the roadmap as it stands) */
  replay: { seq: number; version: number; time_ms: number; event_count: number } | null;
}

const base = (id: string) => `/api/sessions/${encodeURIComponent(id)}`;

/** The roadmap now, or with `at` as it stood after the event with that sequence number. */
export async function fetchRoadmap(id: string, token: string, at?: { seq: number; signal?: AbortSignal }): Promise<RoadmapBody> {
  const query = at ? `?at=${Math.max(0, Math.round(at.seq))}` : '';
  const raw = (await (await call(`${base(id)}/roadmap${query}`, token, at?.signal ? { signal: at.signal } : {})).json()) as Record<string, unknown>;
  const replay = raw.replay && typeof raw.replay === 'object' ? (raw.replay as Record<string, unknown>) : null;
  const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
  return {
    session_id: typeof raw.session_id === 'string' ? raw.session_id : id,
    title: typeof raw.title === 'string' ? raw.title : '',
    municipality: typeof raw.municipality === 'string' ? raw.municipality : '',
    municipalityName: typeof raw.municipality_name === 'string' && raw.municipality_name !== '' ? raw.municipality_name : null,
    round: typeof raw.round === 'number' ? raw.round : 1,
    closed: raw.closed === true,
    roadmap: parseRoadmap(raw.roadmap) ?? emptyRoadmap,
    replay: replay ? { seq: num(replay.seq), version: num(replay.version), time_ms: num(replay.time_ms), event_count: num(replay.event_count) } : null,
  };
}

/** The roadmap as CSV in `lang` (words and statement titles in that language); returns the saved file name. */
export function downloadRoadmapCsv(id: string, token: string, lang: Language): Promise<string> {
  return download(`${base(id)}/export/roadmap.csv?lang=${lang}`, token, `${id}-roadmap.csv`);
}
