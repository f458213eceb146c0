// The provider's desk's pure parts: the request filters as the page's address and as the API's query string,
// the prepared reply (a mailto: link), how long a request is still kept, the words for states, and dates in
// the page's language. No DOM and no fetch here: the unit tests call these directly.
import { language, pluralCategory, translator, type Language } from '../lib/i18n';
import { deskEn, deskNl, type DeskKey } from './strings';

/** The desk's t(): its own strings, in the page's language. */
export const dt = translator<DeskKey>({ nl: deskNl, en: deskEn });

/** The keys that come as a `.one` / `.other` pair. */
export type DeskPluralKey = {
  [K in DeskKey]: K extends `${infer Base}.one` ? (`${Base}.other` extends DeskKey ? Base : never) : never;
}[DeskKey];

/** A count in the form its number needs: `{n}` is the count unless `params` says otherwise. */
export function deskPlural(base: DeskPluralKey, count: number, params: Record<string, string | number> = {}, lang: Language = language()): string {
  return dt(`${base}.${pluralCategory(count, lang)}` as DeskKey, { n: count, ...params }, lang);
}

export type RequestKind = 'sample_report' | 'information' | 'support' | 'workshop';
export const KINDS: readonly RequestKind[] = ['sample_report', 'information', 'support', 'workshop'];
export type StateFilter = 'open' | 'handled' | 'all';
export const STATES: readonly StateFilter[] = ['open', 'handled', 'all'];
export type MailStateName = 'queued' | 'sent' | 'retrying';

export interface RequestFilters {
  state: StateFilter;
  kind: RequestKind | '';
  q: string;
}

/** The inbox opens on what needs doing: the open requests of every kind. */
export const DEFAULT_FILTERS: RequestFilters = { state: 'open', kind: '', q: '' };

const isKind = (v: string | null): v is RequestKind => KINDS.includes(v as RequestKind);
const isState = (v: string | null): v is StateFilter => STATES.includes(v as StateFilter);

/** The filters in the page's address (`/beheer?state=handled&kind=workshop&q=ede`); unknown values fall back. */
export function filtersFromSearch(search: string): RequestFilters {
  const p = new URLSearchParams(search);
  const state = p.get('state');
  const kind = p.get('kind');
  return {
    state: isState(state) ? state : DEFAULT_FILTERS.state,
    kind: isKind(kind) ? kind : '',
    q: (p.get('q') ?? '').trim(),
  };
}

function query(entries: [string, string][]): string {
  const p = new URLSearchParams(entries);
  const s = p.toString();
  return s ? `?${s}` : '';
}

/** The query of the page's own address: the default state (open) is left out, `all` is written. */
export function pageQuery(f: RequestFilters): string {
  const entries: [string, string][] = [];
  if (f.state !== DEFAULT_FILTERS.state) entries.push(['state', f.state]);
  if (f.kind) entries.push(['kind', f.kind]);
  if (f.q.trim()) entries.push(['q', f.q.trim()]);
  return query(entries);
}

/** The query of `GET /api/requests` and its CSV export: every filter optional, `all` is no state filter. */
export function apiQuery(f: RequestFilters): string {
  const entries: [string, string][] = [];
  if (f.state !== 'all') entries.push(['state', f.state]);
  if (f.kind) entries.push(['kind', f.kind]);
  if (f.q.trim()) entries.push(['q', f.q.trim()]);
  return query(entries);
}

const locale = (lang: Language) => (lang === 'nl' ? 'nl-NL' : 'en-GB');

/** A moment as the desk shows it: "12 mrt 2026, 14:05" (in the browser's time zone unless one is given). */
export function formatDateTime(iso: string | null | undefined, lang: Language = language(), timeZone?: string): string {
  if (!iso) return dt('desk.none', {}, lang);
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat(locale(lang), { dateStyle: 'medium', timeStyle: 'short', ...(timeZone ? { timeZone } : {}) }).format(d);
}

/** A day as the desk shows it: "12 maart 2026" (or "12 mrt 2026", medium). A `YYYY-MM-DD` day is that calendar day, whatever the zone. */
export function formatDay(
  value: string | null | undefined,
  lang: Language = language(),
  timeZone?: string,
  style: 'long' | 'medium' = 'long',
): string {
  if (!value) return dt('desk.none', {}, lang);
  const dayOnly = /^\d{4}-\d{2}-\d{2}$/.test(value);
  const d = new Date(dayOnly ? `${value}T12:00:00Z` : value);
  if (Number.isNaN(d.getTime())) return value;
  const zone = dayOnly ? 'UTC' : timeZone;
  return new Intl.DateTimeFormat(locale(lang), { dateStyle: style, ...(zone ? { timeZone: zone } : {}) }).format(d);
}

/** The time of day only: "14:05:09" (for "updated at"). */
export function formatClock(ms: number, lang: Language = language(), timeZone?: string): string {
  return new Intl.DateTimeFormat(locale(lang), { timeStyle: 'medium', ...(timeZone ? { timeZone } : {}) }).format(new Date(ms));
}

/** A moment relative to now: "over 58 minuten", "2 minuten geleden", "nu". */
export function relativeTime(iso: string | null | undefined, now: number, lang: Language = language()): string {
  if (!iso) return dt('desk.none', {}, lang);
  const at = Date.parse(iso);
  if (Number.isNaN(at)) return iso;
  const seconds = Math.round((at - now) / 1000);
  const rtf = new Intl.RelativeTimeFormat(locale(lang), { numeric: 'auto' });
  const abs = Math.abs(seconds);
  if (abs < 45) return rtf.format(0, 'second');
  if (abs < 90 * 60) return rtf.format(Math.round(seconds / 60), 'minute');
  if (abs < 36 * 3600) return rtf.format(Math.round(seconds / 3600), 'hour');
  return rtf.format(Math.round(seconds / 86400), 'day');
}

/** How long a request is still kept: "Nog 12 dagen bewaard (tot 5 maart 2027)." */
export function retentionText(daysLeft: number, eraseOn: string, lang: Language = language()): string {
  const date = formatDay(eraseOn, lang);
  const n = Math.max(0, Math.floor(daysLeft));
  if (n === 0) return dt('request.erasedToday', { date }, lang);
  return deskPlural('request.daysLeft', n, { date }, lang);
}

export function kindLabel(kind: string, lang: Language = language()): string {
  return isKind(kind) ? dt(`kind.${kind}`, {}, lang) : kind;
}

/** Open or handled, in words. */
export function requestStateLabel(handled: string | null | undefined, lang: Language = language()): string {
  return dt(handled ? 'state.handled' : 'state.open', {}, lang);
}

export interface MailInfo {
  state: MailStateName;
  attempts: number;
  last_error: string | null;
  next_attempt: string | null;
  sent: string | null;
}

/** A confirmation mail's state in words; a failed one says how often it was tried. */
export function mailStateLabel(mail: Pick<MailInfo, 'state' | 'attempts'> | null | undefined, lang: Language = language()): string {
  if (!mail) return dt('mail.none', {}, lang);
  switch (mail.state) {
    case 'queued':
      return dt('mail.queued', {}, lang);
    case 'sent':
      return dt('mail.sent', {}, lang);
    case 'retrying':
      return `${dt('mail.retrying', {}, lang)} (${deskPlural('mail.attempts', mail.attempts, {}, lang)})`;
    default:
      return String((mail as { state: unknown }).state);
  }
}

/** What the replies quote at most of the message: a mailto: link longer than about 2000 characters fails in some mail programs. */
export const MAX_QUOTE = 1200;

export interface ReplySource {
  email: string;
  name: string;
  kind: string;
  language: string;
  message: string | null;
  created: string;
}

/** The language to answer in: the one the request was sent in (the form's), Dutch when unknown. */
export function replyLanguage(r: Pick<ReplySource, 'language'>): Language {
  return r.language === 'en' ? 'en' : 'nl';
}

export function replySubject(r: Pick<ReplySource, 'kind' | 'language'>): string {
  const lang = replyLanguage(r);
  return dt('reply.subject', { kind: kindLabel(r.kind, lang) }, lang);
}

/** The reply's body: a greeting, room to write, and their message quoted ("> "), cut at MAX_QUOTE characters. */
export function replyBody(r: ReplySource, timeZone?: string): string {
  const lang = replyLanguage(r);
  const lines = [dt('reply.greeting', { name: r.name.trim() }, lang), '', '', ''];
  const message = (r.message ?? '').replace(/\r\n?/g, '\n').trim();
  if (message) {
    const cut = message.length > MAX_QUOTE;
    const quoted = (cut ? message.slice(0, MAX_QUOTE).trimEnd() : message).split('\n').map((l) => (l ? `> ${l}` : '>'));
    lines.push(dt('reply.quote', { date: formatDateTime(r.created, lang, timeZone) }, lang), ...quoted);
    if (cut) lines.push(`> ${dt('reply.cut', {}, lang)}`);
  }
  return lines.join('\n');
}

/** RFC 6068: the address as it is (the server accepts only plain local@domain.tld), header values percent-encoded, CRLF line ends. */
export function mailtoReply(r: ReplySource, timeZone?: string): string {
  const to = encodeURIComponent(r.email.trim()).replace(/%40/g, '@');
  const encode = (s: string) => encodeURIComponent(s.replace(/\n/g, '\r\n'));
  return `mailto:${to}?subject=${encode(replySubject(r))}&body=${encode(replyBody(r, timeZone))}`;
}

/** How many respondents a municipality still needs before it may be compared with (0 when it may). */
export function respondentsShort(respondents: number, k: number): number {
  return Math.max(0, k - respondents);
}

/** "Ja" or "Nee, nog 2 nodig" for a municipality in the coverage table; the server's `comparable` decides. */
export function comparableText(respondents: number, comparable: boolean, k: number, lang: Language = language()): string {
  if (comparable) return dt('coverage.yes', {}, lang);
  return deskPlural('coverage.short', Math.max(1, respondentsShort(respondents, k)), {}, lang);
}

/** The desk's parts and their addresses (the requests are the desk's own address, /beheer). */
export type DeskTab = 'requests' | 'mail' | 'sessions';
export const TAB_PATHS: Record<DeskTab, string> = { requests: '/beheer', mail: '/beheer/mail', sessions: '/beheer/sessies' };

export const requestPath = (id: string) => `/beheer/aanvragen/${encodeURIComponent(id)}`;
