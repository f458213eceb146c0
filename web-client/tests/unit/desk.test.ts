// The provider's desk's pure parts: its strings in both languages, the filters as the page's address and as
// the API's query, the prepared reply (mailto:), how long a request is still kept, and the words for states.
import { afterEach, describe, expect, it } from 'vitest';
import {
  apiQuery,
  comparableText,
  DEFAULT_FILTERS,
  filtersFromSearch,
  formatDay,
  kindLabel,
  mailStateLabel,
  mailtoReply,
  MAX_QUOTE,
  pageQuery,
  relativeTime,
  replyBody,
  replySubject,
  requestStateLabel,
  retentionText,
  type ReplySource,
} from '../../src/desk/logic';
import { deskEn, deskNl, type DeskKey } from '../../src/desk/strings';
import { initLanguage, setLanguage } from '../../src/lib/i18n';
import { memoryStore } from '../../src/lib/storage';

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

afterEach(() => {
  initLanguage(memoryStore());
});

describe('desk strings', () => {
  it('have the same keys, never empty, with the same placeholders in nl and en', () => {
    expect(Object.keys(deskEn).sort()).toEqual(Object.keys(deskNl).sort());
    for (const key of Object.keys(deskNl) as DeskKey[]) {
      expect(deskNl[key].trim(), key).not.toBe('');
      expect(deskEn[key].trim(), key).not.toBe('');
      expect(placeholders(deskEn[key]), key).toEqual(placeholders(deskNl[key]));
    }
  });
});

describe('request filters', () => {
  it('open on the open requests of every kind', () => {
    expect(filtersFromSearch('')).toEqual(DEFAULT_FILTERS);
    expect(DEFAULT_FILTERS).toEqual({ state: 'open', kind: '', q: '' });
  });

  it('are read from the address, unknown values falling back', () => {
    expect(filtersFromSearch('?state=handled&kind=workshop&q=%20Ede%20')).toEqual({ state: 'handled', kind: 'workshop', q: 'Ede' });
    expect(filtersFromSearch('?state=all')).toEqual({ state: 'all', kind: '', q: '' });
    expect(filtersFromSearch('?state=closed&kind=pizza')).toEqual(DEFAULT_FILTERS);
  });

  it('make the page address without the default state, and the API query without "all"', () => {
    expect(pageQuery(DEFAULT_FILTERS)).toBe('');
    expect(apiQuery(DEFAULT_FILTERS)).toBe('?state=open');
    expect(pageQuery({ state: 'all', kind: '', q: '' })).toBe('?state=all');
    expect(apiQuery({ state: 'all', kind: '', q: '' })).toBe('');
    expect(apiQuery({ state: 'handled', kind: 'sample_report', q: '  Gemeente Ede ' })).toBe('?state=handled&kind=sample_report&q=Gemeente+Ede');
    expect(pageQuery({ state: 'open', kind: 'support', q: 'a&b=c' })).toBe('?kind=support&q=a%26b%3Dc');
  });

  it('survive the round trip through the address', () => {
    const f = { state: 'handled' as const, kind: 'information' as const, q: 'café & co' };
    expect(filtersFromSearch(pageQuery(f))).toEqual(f);
  });
});

const request: ReplySource = {
  email: 'bert@gemeente.nl',
  name: 'Bert Jansen',
  kind: 'workshop',
  language: 'nl',
  message: 'Graag een workshop in maart.\nMet 30 collega’s.',
  created: '2026-03-12T13:05:00Z',
};

describe('the prepared reply', () => {
  it('has a subject with the kind in the language the request came in', () => {
    expect(replySubject(request)).toBe('Re: Workshop – Smart City Self Assessment');
    expect(replySubject({ kind: 'sample_report', language: 'nl' })).toBe('Re: Voorbeeldrapport – Smart City Self Assessment');
    expect(replySubject({ kind: 'support', language: 'en' })).toBe('Re: Support – Smart City Self Assessment');
  });

  it('greets by name, leaves room to write and quotes the message line by line', () => {
    expect(replyBody(request, 'Europe/Amsterdam')).toBe(
      ['Beste Bert Jansen,', '', '', '', 'Op 12 mrt 2026, 14:05 schreef u:', '> Graag een workshop in maart.', '> Met 30 collega’s.'].join('\n'),
    );
    expect(replyBody({ ...request, language: 'en', message: 'Hello\n\nthere' }, 'UTC')).toBe(
      ['Dear Bert Jansen,', '', '', '', 'On 12 Mar 2026, 13:05 you wrote:', '> Hello', '>', '> there'].join('\n'),
    );
  });

  it('quotes nothing when there was no message', () => {
    expect(replyBody({ ...request, message: null })).toBe('Beste Bert Jansen,\n\n\n');
    expect(replyBody({ ...request, message: '   ' })).toBe('Beste Bert Jansen,\n\n\n');
  });

  it('cuts a long message so the link stays short enough for mail programs', () => {
    const body = replyBody({ ...request, message: 'x'.repeat(MAX_QUOTE + 500) });
    expect(body).toContain(`> ${'x'.repeat(MAX_QUOTE)}\n> […]`);
    expect(mailtoReply({ ...request, message: 'woord '.repeat(2000) }).length).toBeLessThan(2000);
  });

  it('is a mailto: link with the address as it is, the subject and the body percent-encoded, CRLF line ends', () => {
    const link = mailtoReply(request, 'Europe/Amsterdam');
    expect(link.startsWith('mailto:bert@gemeente.nl?subject=Re%3A%20Workshop%20%E2%80%93%20Smart%20City%20Self%20Assessment&body=')).toBe(true);
    const url = new URL(link);
    expect(url.protocol).toBe('mailto:');
    const body = decodeURIComponent(link.split('&body=')[1]!);
    expect(body).toBe(replyBody(request, 'Europe/Amsterdam').replace(/\n/g, '\r\n'));
    expect(link).not.toMatch(/[\s<>"]/);
    // a quote in the message cannot end the subject or start another header
    expect(mailtoReply({ ...request, message: 'a&cc=x@evil.example?b' })).toContain('a%26cc%3Dx%40evil.example%3Fb');
  });
});

describe('retention', () => {
  it('says how many days are left and until when', () => {
    expect(retentionText(12, '2027-03-05', 'nl')).toBe('Nog 12 dagen bewaard (tot 5 maart 2027).');
    expect(retentionText(1, '2027-03-05', 'nl')).toBe('Nog 1 dag bewaard (tot 5 maart 2027).');
    expect(retentionText(0, '2027-03-05', 'nl')).toBe('Wordt vandaag gewist (5 maart 2027).');
    expect(retentionText(-3, '2027-03-05', 'nl')).toBe('Wordt vandaag gewist (5 maart 2027).');
    expect(retentionText(365, '2027-12-31', 'en')).toBe('Kept for 365 more days (until 31 December 2027).');
    expect(retentionText(1, '2027-01-01', 'en')).toBe('Kept for 1 more day (until 1 January 2027).');
  });

  it('shows a YYYY-MM-DD day as that day in any time zone', () => {
    expect(formatDay('2027-01-01', 'nl')).toBe('1 januari 2027');
  });
});

describe('state labels', () => {
  it('name the kinds, open and handled, in the page language', () => {
    expect(kindLabel('sample_report', 'nl')).toBe('Voorbeeldrapport');
    expect(kindLabel('information', 'nl')).toBe('Informatie');
    expect(kindLabel('support', 'nl')).toBe('Ondersteuning');
    expect(kindLabel('workshop', 'nl')).toBe('Workshop');
    expect(kindLabel('something_new', 'nl')).toBe('something_new');
    expect(requestStateLabel(null, 'nl')).toBe('Open');
    expect(requestStateLabel('2026-03-12T13:05:00Z', 'nl')).toBe('Afgehandeld');
    expect(requestStateLabel('2026-03-12T13:05:00Z', 'en')).toBe('Handled');
  });

  it('say a mail’s state, and how often a failing one was tried', () => {
    expect(mailStateLabel({ state: 'queued', attempts: 0 }, 'nl')).toBe('In de wachtrij');
    expect(mailStateLabel({ state: 'sent', attempts: 1 }, 'nl')).toBe('Verstuurd');
    expect(mailStateLabel({ state: 'retrying', attempts: 1 }, 'nl')).toBe('Mislukt (1 poging)');
    expect(mailStateLabel({ state: 'retrying', attempts: 3 }, 'en')).toBe('Failed (3 attempts)');
    expect(mailStateLabel(null, 'nl')).toBe('Geen mail');
  });

  it('follow the language switch', () => {
    initLanguage(memoryStore());
    expect(requestStateLabel(null)).toBe('Open');
    expect(kindLabel('support')).toBe('Ondersteuning');
    setLanguage('en');
    expect(kindLabel('support')).toBe('Support');
  });

  it('say whether a municipality may be compared with, or how many respondents it lacks', () => {
    expect(comparableText(7, true, 5, 'nl')).toBe('Ja');
    expect(comparableText(3, false, 5, 'nl')).toBe('Nee, nog 2 nodig');
    expect(comparableText(4, false, 5, 'en')).toBe('No, 1 more needed');
    expect(comparableText(5, false, 5, 'nl')).toBe('Nee, nog 1 nodig'); // the server decides; never "0 more"
  });

  it('put the next attempt in words relative to now', () => {
    const now = Date.parse('2026-03-12T12:00:00Z');
    expect(relativeTime('2026-03-12T12:58:00Z', now, 'nl')).toBe('over 58 minuten');
    expect(relativeTime('2026-03-12T13:00:00Z', now, 'en')).toBe('in 60 minutes');
    expect(relativeTime('2026-03-12T11:59:50Z', now, 'en')).toBe('now');
    expect(relativeTime(null, now, 'nl')).toBe('–');
  });
});
