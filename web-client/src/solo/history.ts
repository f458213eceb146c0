// The solo self-assessments this browser made, kept after "Opnieuw beginnen" forgets the current one: so a
// respondent who comes back a year later (or starts over) is offered to compare the new one with their own
// earlier one. Each entry holds the session, the municipality, the day it began and the facilitator token that
// POST /api/sessions returned: the respondent's own key to their own assessment, which `choose_baseline`
// needs (a solo never has the k participants that would make it readable without one). Pure: a store is
// passed in, so the unit tests use a Map.
import type { OwnAnswer } from '../lib/protocol';
import { keys, readJson, writeJson, type KeyValueStore } from '../lib/storage';

export interface SoloHistoryEntry {
  session_id: string;
  municipality: { code: string; name: string };
  /** when it began, ISO 8601: the offer names it by this day */
  date: string;
  /** the solo session's facilitator token */
  facilitator_token: string;
  /** statements with an answer (now or ambition), as this browser last saw them: 0 is nothing to compare with */
  answered: number;
}

/** What a solo is remembered by (solo/start.ts's SoloRecord has these). */
export interface SoloIdentity {
  session_id: string;
  municipality: { code: string; name: string };
  facilitator_token: string;
  /** ISO 8601; records made before the history existed have none */
  created?: string;
}

/** How many solos the history keeps: the newest. */
export const HISTORY_LIMIT = 12;

const isText = (v: unknown): v is string => typeof v === 'string' && v !== '';

function valid(e: unknown): e is SoloHistoryEntry {
  const r = e as Partial<SoloHistoryEntry> | null;
  return (
    !!r &&
    typeof r === 'object' &&
    isText(r.session_id) &&
    isText(r.facilitator_token) &&
    isText(r.date) &&
    Number.isFinite(Date.parse(r.date)) &&
    !!r.municipality &&
    isText(r.municipality.code) &&
    typeof r.municipality.name === 'string' &&
    typeof r.answered === 'number'
  );
}

const newestFirst = (a: SoloHistoryEntry, b: SoloHistoryEntry) => Date.parse(b.date) - Date.parse(a.date);

/** The solos this browser made, newest first; a damaged entry (or a damaged list) is left out. */
export function soloHistory(store: KeyValueStore): SoloHistoryEntry[] {
  const saved = readJson<unknown>(store, keys.soloHistory());
  return Array.isArray(saved) ? saved.filter(valid).sort(newestFirst) : [];
}

function save(store: KeyValueStore, entries: SoloHistoryEntry[]): void {
  writeJson(store, keys.soloHistory(), entries.sort(newestFirst).slice(0, HISTORY_LIMIT));
}

/**
 * Remembers a solo, or updates what is known of it: the key, and how many statements it has answered when
 * `answered` is given. Its day stays the first one remembered (or its `created`).
 */
export function rememberSolo(store: KeyValueStore, solo: SoloIdentity, seen: { answered?: number; now?: Date } = {}): void {
  if (!isText(solo.session_id) || !isText(solo.facilitator_token)) return;
  const entries = soloHistory(store);
  const known = entries.find((e) => e.session_id === solo.session_id);
  const answered = seen.answered !== undefined && Number.isFinite(seen.answered) ? Math.max(0, Math.round(seen.answered)) : null;
  if (known) {
    known.facilitator_token = solo.facilitator_token;
    known.municipality = { code: solo.municipality.code, name: solo.municipality.name };
    if (answered !== null) known.answered = answered;
  } else {
    const created = solo.created && Number.isFinite(Date.parse(solo.created)) ? solo.created : (seen.now ?? new Date()).toISOString();
    entries.push({
      session_id: solo.session_id,
      municipality: { code: solo.municipality.code, name: solo.municipality.name },
      date: created,
      facilitator_token: solo.facilitator_token,
      answered: answered ?? 0,
    });
  }
  save(store, entries);
}

/** Forgets a solo (the server no longer knows it, or its key no longer opens it). */
export function forgetSolo(store: KeyValueStore, sessionId: string): void {
  const entries = soloHistory(store);
  const kept = entries.filter((e) => e.session_id !== sessionId);
  if (kept.length !== entries.length) save(store, kept);
}

/** The entry of this session, when it is one of the browser's own solos. */
export function ownSolo(store: KeyValueStore, sessionId: string): SoloHistoryEntry | null {
  return soloHistory(store).find((e) => e.session_id === sessionId) ?? null;
}

/**
 * The earlier solos of this municipality that the solo `current` may be compared with, newest first: not
 * itself, begun no later than it, with something answered.
 */
export function earlierSolos(store: KeyValueStore, municipality: string, current: string): SoloHistoryEntry[] {
  const entries = soloHistory(store);
  const self = entries.find((e) => e.session_id === current);
  const until = self ? Date.parse(self.date) : Infinity;
  return entries.filter(
    (e) => e.session_id !== current && e.municipality.code === municipality && e.answered > 0 && Date.parse(e.date) <= until,
  );
}

/** Statements with an answer for now or ambition. */
export function answeredCount(answers: Record<number, Partial<OwnAnswer> | undefined>): number {
  return Object.values(answers).filter((a) => !!a && (!!a.current || !!a.desired)).length;
}

/** The command that compares the current solo with an earlier one of this browser: its id and its own key. */
export function chooseOwnSolo(entry: SoloHistoryEntry): { type: 'choose_baseline'; baseline_session_id: string; token: string } {
  return { type: 'choose_baseline', baseline_session_id: entry.session_id, token: entry.facilitator_token };
}
