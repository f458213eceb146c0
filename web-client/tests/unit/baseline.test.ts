// The re-assessment's pure parts: a pasted review link, the change since the baseline with "today" live,
// the refusals in words, the baseline's actions with the live reviews, the trend's series, the throttle of
// the learn-from refetch, the trend page's key, and the strings' two languages.
import { describe, expect, it } from 'vitest';
import {
  actionsNow,
  actionTally,
  baselineErrorText,
  baselineSignature,
  chooseFromPaste,
  direction,
  formatDay,
  largestMoves,
  liveSince,
  parseBaseline,
  parseCandidates,
  parseLearnFrom,
  parseReviewLink,
  parseTrend,
  sessionBaseline,
  Throttle,
  trendChanges,
  trendKey,
  trendSeries,
  trendToken,
  type Baseline,
  type LiveMean,
} from '../../src/baseline/logic';
import { baselineEn, baselineNl } from '../../src/baseline/strings';
import { controlKey } from '../../src/facilitator/pending';
import { markerLabel } from '../../src/replay/format';
import { BASELINE_REFUSALS, FINAL_ERRORS } from '../../src/lib/protocol';

const ID = '5f0c2a9e-1b7d-4c1e-9a55-0d6f0e4a1c11';
const TOKEN = 'a'.repeat(64);

describe('a pasted review link', () => {
  it('gives the session id and the token of a whole review link', () => {
    expect(parseReviewLink(`https://scsa.example.nl/replay/${ID}#token=${TOKEN}`)).toEqual({ sessionId: ID, token: TOKEN });
    expect(parseReviewLink(`  http://127.0.0.1:18200/replay/${ID}#token=${TOKEN}\n`)).toEqual({ sessionId: ID, token: TOKEN });
  });

  it('reads the link without its origin, the roadmap page’s link, and other fragment parameters', () => {
    expect(parseReviewLink(`/replay/${ID}#token=${TOKEN}`)).toEqual({ sessionId: ID, token: TOKEN });
    expect(parseReviewLink(`https://x.nl/roadmap/${ID}#token=${TOKEN}`)).toEqual({ sessionId: ID, token: TOKEN });
    expect(parseReviewLink(`https://x.nl/replay/${ID}?at=12&s=3#s=4&token=${TOKEN}`)).toEqual({ sessionId: ID, token: TOKEN });
    expect(parseReviewLink(`https://x.nl/replay/${encodeURIComponent(ID)}/#token=${TOKEN}`)).toEqual({ sessionId: ID, token: TOKEN });
  });

  it('gives the id alone for an address without a token or a bare code', () => {
    expect(parseReviewLink(`https://x.nl/f/${ID}?s=3`)).toEqual({ sessionId: ID, token: null });
    expect(parseReviewLink(`https://x.nl/replay/${ID}`)).toEqual({ sessionId: ID, token: null });
    expect(parseReviewLink(ID)).toEqual({ sessionId: ID, token: null });
    expect(parseReviewLink(`${ID}#token=${TOKEN}`)).toEqual({ sessionId: ID, token: TOKEN });
  });

  it('refuses what is no link or code', () => {
    expect(parseReviewLink('')).toBeNull();
    expect(parseReviewLink('   ')).toBeNull();
    expect(parseReviewLink('https://x.nl/join/AB12CD')).toBeNull();
    expect(parseReviewLink('https://x.nl/')).toBeNull();
    expect(parseReviewLink('twee woorden')).toBeNull();
    expect(parseReviewLink('x'.repeat(65))).toBeNull();
    expect(parseReviewLink('https://x.nl/replay/%E0%A4%A#token=1')).toBeNull();
  });

  it('makes the command: a key typed in its own field goes before the link’s token', () => {
    expect(chooseFromPaste(`https://x.nl/replay/${ID}#token=${TOKEN}`, '')).toEqual({ type: 'choose_baseline', baseline_session_id: ID, token: TOKEN });
    expect(chooseFromPaste(`https://x.nl/replay/${ID}#token=${TOKEN}`, ' typed ')).toEqual({ type: 'choose_baseline', baseline_session_id: ID, token: 'typed' });
    expect(chooseFromPaste(ID, '')).toEqual({ type: 'choose_baseline', baseline_session_id: ID });
    expect(chooseFromPaste(ID, 'key')).toEqual({ type: 'choose_baseline', baseline_session_id: ID, token: 'key' });
    expect(chooseFromPaste('nonsense link', 'key')).toBeNull();
  });
});

describe('the refusals', () => {
  it('are final (the outbox does not resend them) and have a control key after a reload', () => {
    for (const code of BASELINE_REFUSALS) expect(FINAL_ERRORS.has(code), code).toBe(true);
    expect(controlKey({ type: 'choose_baseline', baseline_session_id: ID })).toBe('baseline:choose');
    expect(controlKey({ type: 'remove_baseline' })).toBe('baseline:remove');
    expect(controlKey({ type: 'review_baseline_action', action_id: 'a1', status: 'done' })).toBe('baseline:review:a1');
  });

  it('are said in words in both languages, k in the one about sharing', () => {
    for (const code of BASELINE_REFUSALS) {
      for (const lang of ['nl', 'en'] as const) {
        const text = baselineErrorText(code, 3, lang);
        expect(text, `${code} ${lang}`).not.toContain(code);
        expect(text.length).toBeGreaterThan(15);
      }
    }
    expect(baselineErrorText('other_municipality', 2, 'nl')).toBe('Die sessie hoort bij een andere gemeente. Een nulmeting moet van dezelfde gemeente zijn.');
    expect(baselineErrorText('baseline_not_earlier', 2, 'en')).toBe('That session began after this workshop. A baseline must be earlier.');
    expect(baselineErrorText('baseline_not_shared', 3, 'nl')).toContain('minder dan 3 deelnemers');
    expect(baselineErrorText('baseline_not_shared', 1, 'en')).toContain('fewer than 1 participant.');
    expect(baselineErrorText('unknown_action', 2, 'nl')).toContain('routekaart van de nulmeting');
    expect(baselineErrorText('storage_error', 2, 'nl')).toBe('Dat lukte niet (storage_error). Probeer het opnieuw.');
  });
});

/** A baseline as the server sends it: statement 1 and 19 answered then, the themes of both. */
function serverBaseline(): unknown {
  const none = { then: null, today: null, change: null };
  return {
    baseline: {
      session_id: ID,
      title: 'Nulmeting 2025',
      mode: 'workshop',
      created: '2025-11-20T09:12:00Z',
      participants: 12,
      round: 2,
      comparison: {
        statements: Array.from({ length: 21 }, (_, i) =>
          i === 0
            ? { statement: 1, current: { then: 2, today: 2.5, change: 0.5 }, desired: { then: 4, today: 3.5, change: -0.5 } }
            : i === 18
              ? { statement: 19, current: { then: 1.5, today: null, change: null }, desired: { then: 3.75, today: null, change: null } }
              : { statement: i + 1, current: none, desired: none },
        ),
        themes: [
          { theme: 'strategy', current: { then: 2, today: 2.5, change: 0.5 }, desired: { then: 4, today: 3.5, change: -0.5 } },
          { theme: 'technology', current: { then: 1.5, today: null, change: null }, desired: { then: 3.75, today: null, change: null } },
        ],
      },
      actions: [
        { action_id: 'a1', statement: 1, text: 'Een visie opschrijven', owner: 'Directie', horizon: 'within_1_year', then: 'agreed', now: 'agreed', reviewed: false },
        { action_id: 'a2', statement: 19, text: null, owner: null, horizon: null, then: 'started', now: 'done', reviewed: true },
        { action_id: 'bad', statement: 40, text: 'x', then: 'agreed' },
      ],
    },
  };
}

const themeOf = (s: number) => (s <= 3 ? 'strategy' : s >= 19 ? 'technology' : 'other');

function live(values: Record<number, [number | null, number | null]>): LiveMean[] {
  return Array.from({ length: 21 }, (_, i) => ({ statement: i + 1, current: values[i + 1]?.[0] ?? null, desired: values[i + 1]?.[1] ?? null }));
}

describe('the change since the baseline', () => {
  const b = parseBaseline(serverBaseline()) as Baseline;

  it('parses the server’s answer, and null for none', () => {
    expect(parseBaseline({ baseline: null })).toBeNull();
    expect(parseBaseline({})).toBeNull();
    expect(b.sessionId).toBe(ID);
    expect(b.title).toBe('Nulmeting 2025');
    expect(b.participants).toBe(12);
    expect(b.round).toBe(2);
    expect(b.statements).toHaveLength(21);
    expect(b.statements[0]!.current).toEqual({ then: 2, today: 2.5, change: 0.5 });
    expect(b.statements[1]!.current).toEqual({ then: null, today: null, change: null });
    expect(b.actions.map((a) => a.actionId)).toEqual(['a1', 'a2']);
    expect(b.actions[1]).toMatchObject({ text: null, owner: null, horizon: null, then: 'started', now: 'done', reviewed: true });
  });

  it('takes today from the live means: then, today and today − then, null where either is unanswered', () => {
    const since = liveSince(b, live({ 1: [3, 4.25], 2: [2, 3], 19: [2.25, null] }), themeOf);
    expect(since.statements[0]).toEqual({ statement: 1, current: { then: 2, today: 3, change: 1 }, desired: { then: 4, today: 4.25, change: 0.25 } });
    // answered today, not then
    expect(since.statements[1]!.current).toEqual({ then: null, today: 2, change: null });
    // answered then, today only now
    expect(since.statements[18]!.current).toEqual({ then: 1.5, today: 2.25, change: 0.75 });
    expect(since.statements[18]!.desired).toEqual({ then: 3.75, today: null, change: null });
    // unanswered on both sides
    expect(since.statements[5]!.current).toEqual({ then: null, today: null, change: null });
  });

  it('computes a theme’s today as the mean of its answered statements’ means, as the server does', () => {
    const since = liveSince(b, live({ 1: [3, 4], 2: [2, 3], 19: [2, null] }), themeOf);
    expect(since.themes[0]).toEqual({ theme: 'strategy', current: { then: 2, today: 2.5, change: 0.5 }, desired: { then: 4, today: 3.5, change: -0.5 } });
    expect(since.themes[1]).toEqual({ theme: 'technology', current: { then: 1.5, today: 2, change: 0.5 }, desired: { then: 3.75, today: null, change: null } });
  });

  it('moves as answers arrive', () => {
    const before = liveSince(b, live({ 1: [2, 4] }), themeOf).statements[0]!.current;
    const after = liveSince(b, live({ 1: [2.4, 4] }), themeOf).statements[0]!.current;
    expect(before.change).toBe(0);
    expect(after.change).toBe(0.4);
  });

  it('keeps the server’s today without live means, and its theme today without a catalogue', () => {
    expect(liveSince(b, null, themeOf).statements[0]!.current).toEqual({ then: 2, today: 2.5, change: 0.5 });
    expect(liveSince(b, live({ 1: [5, 5] }), null).themes[0]!.current.today).toBe(2.5);
  });

  it('ranks the statements whose now moved most, and says which way', () => {
    const since = liveSince(b, live({ 1: [1.5, 4], 19: [2.5, 4] }), themeOf);
    expect(largestMoves(since.statements).map((s) => [s.statement, s.current.change])).toEqual([
      [19, 1],
      [1, -0.5],
    ]);
    expect(direction(0.5)).toBe('up');
    expect(direction(-0.05)).toBe('down');
    expect(direction(0.04)).toBe('same');
    expect(direction(null)).toBe('none');
  });
});

describe('the baseline’s actions and the session’s reviews', () => {
  const b = parseBaseline(serverBaseline()) as Baseline;

  it('lays the live reviews over the server’s answer', () => {
    const now = actionsNow(b.actions, { a1: 'done', unknown: 'started', a2: 'nonsense' });
    expect(now[0]).toMatchObject({ actionId: 'a1', then: 'agreed', now: 'done', reviewed: true });
    expect(now[1]).toMatchObject({ actionId: 'a2', now: 'done', reviewed: true });
    expect(actionTally(now)).toEqual({ total: 2, done: 2, started: 0, dropped: 0 });
    expect(actionsNow(b.actions, null)).toBe(b.actions);
  });

  it('reads session.baseline and fetches again when the baseline or a review changes', () => {
    expect(sessionBaseline(null)).toBeNull();
    expect(sessionBaseline({ session_id: ID })).toEqual({ session_id: ID, reviews: {} });
    const one = sessionBaseline({ session_id: ID, reviews: { b: 'done', a: 'started' } });
    expect(baselineSignature(one)).toBe(`${ID}|a=started,b=done`);
    expect(baselineSignature(sessionBaseline({ session_id: ID, reviews: { a: 'started', b: 'done' } }))).toBe(baselineSignature(one));
    expect(baselineSignature(sessionBaseline({ session_id: ID, reviews: { a: 'done', b: 'done' } }))).not.toBe(baselineSignature(one));
    expect(baselineSignature(null)).toBe('');
  });

  it('parses the candidates and whom to learn from', () => {
    const c = parseCandidates({ min_respondents: 3, sessions: [{ session_id: ID, title: 'A', mode: 'workshop', created: '2025-01-02T00:00:00Z', participants: 4, closed: true }, { title: 'no id' }] });
    expect(c).toEqual({ minRespondents: 3, sessions: [{ sessionId: ID, title: 'A', mode: 'workshop', created: '2025-01-02T00:00:00Z', participants: 4, closed: true }] });
    const l = parseLearnFrom({ learn_from: [{ statement: 19, title: 'ICT', now: 1.8, ambition: 3.9, peers: [{ name: 'Amersfoort', now: 4.1, respondents: 23 }] }, { statement: 0 }] });
    expect(l).toEqual([{ statement: 19, title: 'ICT', now: 1.8, ambition: 3.9, peers: [{ name: 'Amersfoort', now: 4.1, respondents: 23 }] }]);
  });

  it('writes a day in the page’s language', () => {
    expect(formatDay('2025-11-20', 'nl')).toBe('20 nov 2025');
    expect(formatDay('2025-11-20', 'en')).toBe('20 Nov 2025');
    expect(formatDay(null, 'nl')).toBe('–');
    expect(formatDay('gisteren', 'nl')).toBe('gisteren');
  });
});

describe('the trend', () => {
  const trend = parseTrend(
    {
      municipality: 'GM0344',
      name: 'Utrecht',
      min_respondents: 2,
      points: [
        { year: 2024, kind: 'workshop', session_id: 'w1', title: 'Workshop 2024', date: '2024-03-01', respondents: 14, overall: { current: 1.9, desired: 3.6 }, themes: [{ theme: 'strategy', current: 2, desired: 4 }] },
        { year: 2024, kind: 'solo', date: '2024-12-31', respondents: 5, overall: { current: 2.2, desired: 3.3 }, themes: [] },
        { year: 2025, kind: 'workshop', session_id: 'w2', title: 'Workshop 2025', date: '2025-03-05', respondents: 11, overall: { current: 2.4, desired: null }, themes: [] },
      ],
    },
    'GM0344',
  );

  it('parses the points oldest first', () => {
    expect(trend.name).toBe('Utrecht');
    expect(trend.minRespondents).toBe(2);
    expect(trend.points.map((p) => [p.kind, p.current, p.desired])).toEqual([
      ['workshop', 1.9, 3.6],
      ['solo', 2.2, 3.3],
      ['workshop', 2.4, null],
    ]);
    expect(trend.points[1]!.sessionId).toBeNull();
  });

  it('builds a series per kind and aspect, with values only at its own kind’s points', () => {
    expect(trendSeries(trend.points)).toEqual([
      { key: 'workshop.current', kind: 'workshop', aspect: 'current', data: [1.9, null, 2.4] },
      { key: 'workshop.desired', kind: 'workshop', aspect: 'desired', data: [3.6, null, null] },
      { key: 'solo.current', kind: 'solo', aspect: 'current', data: [null, 2.2, null] },
      { key: 'solo.desired', kind: 'solo', aspect: 'desired', data: [null, 3.3, null] },
    ]);
    expect(trendSeries(trend.points.filter((p) => p.kind === 'workshop')).map((s) => s.key)).toEqual(['workshop.current', 'workshop.desired']);
    expect(trendSeries([])).toEqual([]);
  });

  it('says the change of now against the previous point of the same kind', () => {
    expect(trendChanges(trend.points)).toEqual([null, null, 0.5]);
  });
});

describe('the learn-from throttle', () => {
  function clock() {
    let now = 0;
    const timers: { at: number; cb: () => void; id: number }[] = [];
    let next = 1;
    return {
      now: () => now,
      setTimer: (cb: () => void, ms: number) => {
        const id = next++;
        timers.push({ at: now + ms, cb, id });
        return id;
      },
      clearTimer: (id: unknown) => {
        const i = timers.findIndex((t) => t.id === id);
        if (i >= 0) timers.splice(i, 1);
      },
      advance(ms: number) {
        now += ms;
        for (const t of timers.filter((x) => x.at <= now)) {
          timers.splice(timers.indexOf(t), 1);
          t.cb();
        }
      },
      pending: () => timers.length,
    };
  }

  it('runs at once, then at most once per interval however often it is asked', () => {
    const c = clock();
    let runs = 0;
    const throttle = new Throttle(() => runs++, 30_000, c);
    throttle.now();
    expect(runs).toBe(1);
    c.advance(1000);
    throttle.request();
    throttle.request();
    throttle.request();
    expect(runs).toBe(1);
    expect(c.pending()).toBe(1);
    c.advance(28_999);
    expect(runs).toBe(1);
    c.advance(1);
    expect(runs).toBe(2);
    c.advance(45_000);
    throttle.request(); // long after the last run: at once
    expect(runs).toBe(3);
    throttle.request();
    throttle.cancel();
    c.advance(60_000);
    expect(runs).toBe(3);
  });
});

describe('the trend page’s key', () => {
  const storage = (entries: Record<string, string>) => ({
    getItem: (k: string) => entries[k] ?? null,
    key: (i: number) => Object.keys(entries)[i] ?? null,
    get length() {
      return Object.keys(entries).length;
    },
  });

  it('is this tab’s key for the municipality, else the operator’s, else a facilitator key of a session there', () => {
    const local = storage({
      'scsa.lang': 'nl',
      'scsa.facilitator.x': JSON.stringify({ token: 'other-town', municipality: 'GM0363' }),
      'scsa.facilitator.y': '{broken',
      'scsa.facilitator.z': JSON.stringify({ token: 'utrecht-key', municipality: 'GM0344' }),
    });
    expect(trendToken('GM0344', storage({ [trendKey('GM0344')]: 'tab-key', 'scsa.operator': 'op' }), local, 'scsa.operator')).toEqual({ token: 'tab-key', source: 'tab' });
    expect(trendToken('GM0344', storage({ 'scsa.operator': 'op' }), local, 'scsa.operator')).toEqual({ token: 'op', source: 'operator' });
    expect(trendToken('GM0344', storage({}), local, 'scsa.operator')).toEqual({ token: 'utrecht-key', source: 'facilitator' });
    expect(trendToken('GM0599', storage({}), local, 'scsa.operator')).toBeNull();
  });
});

describe('the replay’s markers', () => {
  it('name the baseline’s moments', () => {
    expect(markerLabel({ kind: 'baseline_chosen' })).toBe('Nulmeting gekozen');
    expect(markerLabel({ kind: 'baseline_removed' })).toBe('Nulmeting verwijderd');
    expect(markerLabel({ kind: 'baseline_action_reviewed' })).toBe('Actie van de nulmeting besproken');
  });
});

describe('the re-assessment’s strings', () => {
  const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
  it('have the same keys and placeholders in nl and en, and none is empty', () => {
    expect(Object.keys(baselineEn).sort()).toEqual(Object.keys(baselineNl).sort());
    for (const key of Object.keys(baselineNl) as (keyof typeof baselineNl)[]) {
      expect(baselineNl[key].trim(), key).not.toBe('');
      expect(baselineEn[key].trim(), key).not.toBe('');
      expect(placeholders(baselineEn[key]), key).toEqual(placeholders(baselineNl[key]));
    }
  });
});
