// The re-assessment's reads (docs/api.md, "Re-assessment and trend"), each with the token as a header:
// the session's baseline with the change since then, the sessions it may take as its baseline, whom to learn
// from, the municipality's trend, and the "since" part of a participant's own report (their token). Answers are parsed by logic.ts; errors are ApiError with the server's code.
import { language, type Language } from '../lib/i18n';
import { call } from '../replay/api';
import {
  parseBaseline,
  parseCandidates,
  parseLearnFrom,
  parseReportBaseline,
  parseTrend,
  type Baseline,
  type Candidate,
  type LearnRow,
  type ReportBaseline,
  type Trend,
} from './logic';

const session = (id: string) => `/api/sessions/${encodeURIComponent(id)}`;
const json = async (r: Response): Promise<unknown> => r.json();

export async function fetchBaseline(id: string, token: string, signal?: AbortSignal): Promise<Baseline | null> {
  return parseBaseline(await json(await call(`${session(id)}/baseline`, token, signal ? { signal } : {})));
}

export async function fetchCandidates(id: string, token: string): Promise<{ minRespondents: number; sessions: Candidate[] }> {
  return parseCandidates(await json(await call(`${session(id)}/baseline-candidates`, token)));
}

export async function fetchLearnFrom(id: string, token: string, lang: Language = language(), signal?: AbortSignal): Promise<LearnRow[]> {
  return parseLearnFrom(await json(await call(`${session(id)}/learn-from?lang=${lang}`, token, signal ? { signal } : {})));
}

export async function fetchTrend(code: string, token: string): Promise<Trend> {
  return parseTrend(await json(await call(`/api/municipalities/${encodeURIComponent(code)}/trend`, token)), code);
}

/** `baseline` of the participant's own report (`GET …/my-report`, their token): null without one. */
export async function fetchReportBaseline(id: string, participantToken: string, lang: Language = language(), signal?: AbortSignal): Promise<ReportBaseline | null> {
  return parseReportBaseline(await json(await call(`${session(id)}/my-report?lang=${lang}`, participantToken, signal ? { signal } : {})));
}
