// How the replay page words its moments: a time in the page's language (date and time to the second, or the
// time alone where the date says nothing new) and a marker's label ("Stelling 4 geopend", "Ronde 2 gestart",
// "Conclusie bij stelling 3"). Used by the timeline bar, its marker list and the consensus jump.
import { language, t, type StringKey } from '../lib/i18n';
import { nl } from '../lib/strings';
import type { Marker } from './api';

export const formatTime = (ms: number | null | undefined): string =>
  ms == null
    ? '–'
    : new Intl.DateTimeFormat(language() === 'nl' ? 'nl-NL' : 'en-GB', {
        dateStyle: 'medium',
        timeStyle: 'medium',
      }).format(new Date(ms));

/** The time of day alone (to the second), for lists within one day. */
export const formatClock = (ms: number): string =>
  new Intl.DateTimeFormat(language() === 'nl' ? 'nl-NL' : 'en-GB', { timeStyle: 'medium' }).format(new Date(ms));

/** Whether two moments fall on the same day where the page is read. */
export const sameDay = (a: number, b: number): boolean => new Date(a).toDateString() === new Date(b).toDateString();

export function markerLabel(m: Pick<Marker, 'kind' | 'statement' | 'round'>): string {
  if ((m.kind === 'statement_opened' || m.kind === 'statement_closed') && typeof m.statement !== 'number') {
    return t(m.kind === 'statement_opened' ? 'replay.marker.statements_opened' : 'replay.marker.statements_closed');
  }
  const n = m.kind === 'round_started' ? (m.round ?? '') : (m.statement ?? '');
  const key = `replay.marker.${m.kind}`;
  // a kind from a newer server: a word rather than no replay at all
  if (!Object.prototype.hasOwnProperty.call(nl, key)) return `${t('replay.marker.other')} (${m.kind})`;
  return t(key as StringKey, { n });
}
