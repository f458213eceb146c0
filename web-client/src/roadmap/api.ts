// The roadmap's read-only endpoints (docs/api.md): GET …/roadmap as JSON and …/export/roadmap.csv, both with
// the facilitator's or a review token as an Authorization header (never in the URL), through the replay
// page's fetch and download helpers.
import type { Language } from '../lib/i18n';
import { emptyRoadmap, parseRoadmap, type Roadmap } from '../lib/roadmap';
import { call, download } from '../replay/api';

export interface RoadmapBody {
  session_id: string;
  title: string;
  /** the municipality's code (GM…) */
  municipality: string;
  round: number;
  closed: boolean;
  roadmap: Roadmap;
}

const base = (id: string) => `/api/sessions/${encodeURIComponent(id)}`;

export async function fetchRoadmap(id: string, token: string): Promise<RoadmapBody> {
  const raw = (await (await call(`${base(id)}/roadmap`, token)).json()) as Record<string, unknown>;
  return {
    session_id: typeof raw.session_id === 'string' ? raw.session_id : id,
    title: typeof raw.title === 'string' ? raw.title : '',
    municipality: typeof raw.municipality === 'string' ? raw.municipality : '',
    round: typeof raw.round === 'number' ? raw.round : 1,
    closed: raw.closed === true,
    roadmap: parseRoadmap(raw.roadmap) ?? emptyRoadmap,
  };
}

/** The roadmap as CSV in `lang` (words and statement titles in that language); returns the saved file name. */
export function downloadRoadmapCsv(id: string, token: string, lang: Language): Promise<string> {
  return download(`${base(id)}/export/roadmap.csv?lang=${lang}`, token, `${id}-roadmap.csv`);
}
