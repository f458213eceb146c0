// A solo self-assessment compared with the respondent's own earlier one: the browser's history of solos (what
// is offered, and with which key), the personal report's "since" part parsed, the refusals as a respondent
// reads them, and the offer and the result page's section built in a DOM (happy-dom) with the outbox and the
// report faked.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { baselineErrorText, movedLines, parseReportBaseline } from '../../src/baseline/logic';
import type { OutboxCommand, OutboxEntry } from '../../src/lib/outbox';
import { BASELINE_REFUSALS, type SessionInfo } from '../../src/lib/protocol';
import { emptyModel, type EffectiveAnswer, type ParticipantModel } from '../../src/lib/state';
import { keys, memoryStore } from '../../src/lib/storage';
import type { AssessmentExtensionContext } from '../../src/participant/assessment';
import { SoloBaselineOffer, SoloBaselineSection } from '../../src/solo/baseline';
import {
  answeredCount,
  chooseOwnSolo,
  earlierSolos,
  forgetSolo,
  HISTORY_LIMIT,
  ownSolo,
  rememberSolo,
  soloHistory,
  type SoloIdentity,
} from '../../src/solo/history';

const UTRECHT = { code: 'GM0344', name: 'Utrecht' };
const AMSTERDAM = { code: 'GM0363', name: 'Amsterdam' };

const solo = (id: string, created: string, municipality = UTRECHT): SoloIdentity => ({
  session_id: id,
  municipality,
  facilitator_token: `key-${id}`,
  created,
});

describe('the history of solos', () => {
  it('remembers a solo with its day and key, and what was answered, keeping its first day', () => {
    const store = memoryStore();
    rememberSolo(store, solo('a', '2025-11-20T09:00:00.000Z'));
    expect(soloHistory(store)).toEqual([
      { session_id: 'a', municipality: UTRECHT, date: '2025-11-20T09:00:00.000Z', facilitator_token: 'key-a', answered: 0 },
    ]);
    rememberSolo(store, { ...solo('a', '2026-01-01T00:00:00.000Z') }, { answered: 7 });
    expect(soloHistory(store)[0]).toMatchObject({ date: '2025-11-20T09:00:00.000Z', answered: 7 });
    // a later sighting without a count keeps the count
    rememberSolo(store, solo('a', '2025-11-20T09:00:00.000Z'));
    expect(soloHistory(store)[0]!.answered).toBe(7);
  });

  it('dates a record from before the history by the moment it is first remembered', () => {
    const store = memoryStore();
    const { created: _none, ...old } = solo('old', '');
    rememberSolo(store, old, { answered: 3, now: new Date('2026-02-03T10:00:00Z') });
    expect(soloHistory(store)[0]).toMatchObject({ session_id: 'old', date: '2026-02-03T10:00:00.000Z', answered: 3 });
  });

  it('lists the newest first and keeps only the newest', () => {
    const store = memoryStore();
    for (let i = 0; i < HISTORY_LIMIT + 3; i++) rememberSolo(store, solo(`s${i}`, new Date(Date.UTC(2020, 0, 1 + i)).toISOString()));
    const list = soloHistory(store);
    expect(list).toHaveLength(HISTORY_LIMIT);
    expect(list[0]!.session_id).toBe(`s${HISTORY_LIMIT + 2}`);
    expect(list.map((e) => e.session_id)).not.toContain('s0');
  });

  it('leaves damaged entries out, and a damaged list is an empty one', () => {
    const store = memoryStore();
    store.setItem(keys.soloHistory(), '{not json');
    expect(soloHistory(store)).toEqual([]);
    store.setItem(keys.soloHistory(), JSON.stringify({ a: 1 }));
    expect(soloHistory(store)).toEqual([]);
    store.setItem(
      keys.soloHistory(),
      JSON.stringify([
        null,
        { session_id: 'x' },
        { session_id: 'y', municipality: UTRECHT, date: 'gisteren', facilitator_token: 't', answered: 1 },
        { session_id: 'ok', municipality: UTRECHT, date: '2025-01-01T00:00:00Z', facilitator_token: 't', answered: 1 },
      ]),
    );
    expect(soloHistory(store).map((e) => e.session_id)).toEqual(['ok']);
  });

  it('offers the earlier solos of the same municipality with answers: not itself, not a later one', () => {
    const store = memoryStore();
    rememberSolo(store, solo('first', '2024-10-01T08:00:00Z'), { answered: 21 });
    rememberSolo(store, solo('empty', '2025-03-01T08:00:00Z'), { answered: 0 });
    rememberSolo(store, solo('amsterdam', '2025-04-01T08:00:00Z', AMSTERDAM), { answered: 21 });
    rememberSolo(store, solo('second', '2025-10-01T08:00:00Z'), { answered: 4 });
    rememberSolo(store, solo('now', '2026-10-01T08:00:00Z'));
    rememberSolo(store, solo('later', '2027-10-01T08:00:00Z'), { answered: 21 });
    expect(earlierSolos(store, 'GM0344', 'now').map((e) => e.session_id)).toEqual(['second', 'first']);
    expect(earlierSolos(store, 'GM0363', 'now').map((e) => e.session_id)).toEqual(['amsterdam']);
    // a solo the history does not know (yet): every one with answers
    expect(earlierSolos(store, 'GM0344', 'unknown').map((e) => e.session_id)).toEqual(['later', 'second', 'first']);
  });

  it('compares with an own solo by its id and its own key, and forgets one', () => {
    const store = memoryStore();
    rememberSolo(store, solo('first', '2024-10-01T08:00:00Z'), { answered: 21 });
    expect(chooseOwnSolo(ownSolo(store, 'first')!)).toEqual({ type: 'choose_baseline', baseline_session_id: 'first', token: 'key-first' });
    expect(ownSolo(store, 'other')).toBeNull();
    forgetSolo(store, 'first');
    expect(soloHistory(store)).toEqual([]);
  });

  it('counts the statements with any answer', () => {
    expect(answeredCount({})).toBe(0);
    expect(answeredCount({ 1: { current: 2, desired: null }, 2: { current: null, desired: null }, 3: { current: null, desired: 4 } })).toBe(2);
  });
});

/** The personal report's `baseline` as the server sends it (server/report/baseline_rows.cpp). */
function reportBody(): unknown {
  const since = (then: number | null, today: number | null) => ({ then, today, change: then === null || today === null ? null : today - then });
  return {
    language: 'nl',
    session_title: 'Zelfevaluatie Utrecht',
    baseline: {
      title: 'Zelfevaluatie Utrecht',
      date: '20 november 2025',
      participants: 1,
      themes: [
        { name: 'Strategie', now: since(2, 3), ambition: since(4, 4) },
        { name: 'Technologie', now: since(null, 2), ambition: since(null, 3) },
      ],
      moved: [
        { name: '2  Een routekaart voor de smart city', now: since(1, 3), ambition: since(3, 4) },
        { name: '19  ICT-systemen geschikt voor smart city-toepassingen', now: since(3, 2), ambition: since(4, 4) },
      ],
      actions: [
        { statement: 1, text: 'Een visie opschrijven', owner: 'Directie', then: 'agreed', now: 'done', reviewed: true },
        { statement: 40, text: 'x', then: 'agreed', now: 'agreed', reviewed: false },
      ],
    },
  };
}

describe('the personal report’s “since” part', () => {
  it('reads themes, the statements that moved (number and title apart) and the actions', () => {
    const b = parseReportBaseline(reportBody())!;
    expect(b.title).toBe('Zelfevaluatie Utrecht');
    expect(b.date).toBe('20 november 2025');
    expect(b.participants).toBe(1);
    expect(b.themes[0]).toEqual({ statement: null, name: 'Strategie', current: { then: 2, today: 3, change: 1 }, desired: { then: 4, today: 4, change: 0 } });
    expect(b.themes[1]!.current).toEqual({ then: null, today: 2, change: null });
    expect(b.moved.map((m) => [m.statement, m.name])).toEqual([
      [2, 'Een routekaart voor de smart city'],
      [19, 'ICT-systemen geschikt voor smart city-toepassingen'],
    ]);
    expect(b.moved[1]!.current.change).toBe(-1);
    expect(b.actions).toEqual([{ statement: 1, text: 'Een visie opschrijven', owner: 'Directie', then: 'agreed', now: 'done', reviewed: true }]);
  });

  it('lists under “moved most” only the statements whose now did move (the report fills up with unchanged ones)', () => {
    const line = (statement: number, change: number | null) => ({
      statement,
      name: `#${statement}`,
      current: { then: change === null ? null : 2, today: change === null ? null : 2 + change, change },
      desired: { then: 3, today: 4, change: 1 },
    });
    expect(movedLines([line(1, 2), line(3, -1), line(2, 0), line(4, 0.04), line(5, null)]).map((l) => l.statement)).toEqual([1, 3]);
  });

  it('is null without a baseline, and takes what makes no sense as nothing', () => {
    expect(parseReportBaseline({ baseline: null })).toBeNull();
    expect(parseReportBaseline({ language: 'nl' })).toBeNull();
    expect(parseReportBaseline(null)).toBeNull();
    expect(parseReportBaseline({ baseline: [] })).toBeNull();
    const odd = parseReportBaseline({ baseline: { title: 'T', themes: 'x', moved: [{ name: 'geen nummer', now: {}, ambition: null }, { nope: 1 }] } })!;
    expect(odd.themes).toEqual([]);
    expect(odd.moved).toEqual([{ statement: null, name: 'geen nummer', current: { then: null, today: null, change: null }, desired: { then: null, today: null, change: null } }]);
  });
});

describe('the refusals, as a respondent reads them', () => {
  it('say “self-assessment” where the workshop’s words would not fit, and nothing about k', () => {
    for (const lang of ['nl', 'en'] as const) {
      // what choose_baseline may answer (the others are the workshop's review of actions)
      for (const code of BASELINE_REFUSALS.filter((c) => c !== 'no_baseline' && c !== 'invalid_status')) {
        const text = baselineErrorText(code, 2, lang, 'solo');
        expect(text, code).not.toContain(code);
        expect(text, code).not.toMatch(/workshop|nulmeting|baseline/i);
      }
    }
    expect(baselineErrorText('baseline_not_earlier', 2, 'nl', 'solo')).toBe('Die sessie begon na deze zelfevaluatie. Vergelijk met een eerdere.');
    expect(baselineErrorText('baseline_not_shared', 5, 'nl', 'solo')).not.toContain('5');
    expect(baselineErrorText('invalid_baseline', 2, 'en', 'solo')).toBe('That is this self-assessment itself. Choose an earlier one.');
    // the rest as the dashboard says them
    expect(baselineErrorText('other_municipality', 2, 'nl', 'solo')).toBe('Die sessie hoort bij een andere gemeente. Vergelijk met een meting van dezelfde gemeente.');
    expect(baselineErrorText('unknown_baseline', 2, 'nl', 'solo')).toBe(baselineErrorText('unknown_baseline', 2, 'nl'));
  });
});

// --- the parts in a DOM ---------------------------------------------------------------------------------

/** A fake outbox: what the parts sent, in order. */
function outbox() {
  const entries: OutboxEntry[] = [];
  let n = 0;
  const send = (command: OutboxCommand): OutboxEntry => {
    const entry = { id: `c${++n}`, command, queuedAt: 0 };
    entries.push(entry);
    return entry;
  };
  const settle = (part: { settled(e: OutboxEntry, code: string | null): boolean }, code: string | null) => {
    const entry = entries.shift()!;
    return part.settled(entry, code);
  };
  return { entries, send, settle };
}

const session = (baseline: string | null): SessionInfo => ({
  session_id: 'now',
  title: 'Zelfevaluatie Utrecht',
  municipality: 'GM0344',
  mode: 'solo',
  round: 1,
  open: [],
  revealed: false,
  closed: false,
  baseline: baseline ? { session_id: baseline, reviews: {} } : null,
});

function historyWithFirst() {
  const store = memoryStore();
  rememberSolo(store, solo('first', '2025-11-20T09:00:00.000Z'), { answered: 21 });
  rememberSolo(store, solo('now', '2026-11-20T09:00:00.000Z'));
  return store;
}

describe('the offer at the start of a solo', () => {
  let said: string[];
  let box: ReturnType<typeof outbox>;
  const ctx = (baseline: string | null, answers: Record<number, EffectiveAnswer> = {}): AssessmentExtensionContext => ({
    model: { ...emptyModel, session: session(baseline) } as ParticipantModel,
    answers,
    waiting: box.entries,
    send: box.send,
    say: (text) => said.push(text),
  });

  beforeEach(() => {
    said = [];
    box = outbox();
    document.body.innerHTML = '';
  });

  it('offers the earlier solo by its day; one click sends its id and its own key', () => {
    const store = historyWithFirst();
    const host = document.createElement('div');
    document.body.append(host);
    const offer = new SoloBaselineOffer(host, { store, sessionId: 'now', municipality: UTRECHT });
    offer.update(ctx(null));
    expect(host.hidden).toBe(false);
    const pick = host.querySelector<HTMLButtonElement>('[data-testid=solo-baseline-pick]')!;
    expect(pick.textContent).toMatch(/^Vergelijk met uw vorige zelfevaluatie van 20 nov\.? 2025$/);
    pick.click();
    expect(box.entries.map((e) => e.command)).toEqual([{ type: 'choose_baseline', baseline_session_id: 'first', token: 'key-first' }]);
    offer.update(ctx(null));
    expect(host.querySelector('[data-testid=solo-baseline-pick]')!.getAttribute('aria-disabled')).toBe('true');
    expect(box.settle(offer, null)).toBe(true);
    offer.update(ctx('first'));
    expect(host.dataset.state).toBe('chosen');
    expect(host.querySelector('[data-testid=solo-offer-chosen]')!.textContent).toMatch(/U vergelijkt met uw zelfevaluatie van 20 nov\.? 2025/);
    expect(said).toEqual(['De vergelijking is gekozen.']);
    // the focus goes to what it now says
    expect(document.activeElement?.getAttribute('data-testid')).toBe('solo-offer-chosen');
    host.querySelector<HTMLButtonElement>('[data-testid=solo-offer-remove]')!.click();
    expect(box.entries.at(-1)!.command).toEqual({ type: 'remove_baseline' });
  });

  it('goes once something is answered, or after “Niet nu” (remembered for this solo)', () => {
    const store = historyWithFirst();
    const host = document.createElement('div');
    const offer = new SoloBaselineOffer(host, { store, sessionId: 'now', municipality: UTRECHT });
    offer.update(ctx(null, { 1: { current: 2, desired: null, pending: { current: false, desired: false } } }));
    expect(host.hidden).toBe(true);
    offer.update(ctx(null));
    host.querySelector<HTMLButtonElement>('[data-testid=solo-offer-later]')!.click();
    expect(host.hidden).toBe(true);
    expect(store.getItem(keys.soloOfferDismissed('now'))).toBe('1');
    offer.update(ctx(null));
    expect(host.hidden).toBe(true);
  });

  it('says a refusal in words, and forgets an own solo the server no longer knows', () => {
    const store = historyWithFirst();
    const host = document.createElement('div');
    const offer = new SoloBaselineOffer(host, { store, sessionId: 'now', municipality: UTRECHT });
    offer.update(ctx(null));
    host.querySelector<HTMLButtonElement>('[data-testid=solo-baseline-pick]')!.click();
    expect(box.settle(offer, 'unknown_baseline')).toBe(true);
    expect(ownSolo(store, 'first')).toBeNull();
    // nothing left to offer: the offer goes (its words were said while it was there)
    offer.update(ctx(null));
    expect(host.hidden).toBe(true);
    // an answer's refusal is not the offer's
    expect(offer.settled({ id: 'x', command: { type: 'answer', statement: 1, aspect: 'current', level: 2 }, queuedAt: 0 }, 'statement_closed')).toBe(false);
  });
});

describe('the comparison on the result page', () => {
  let box: ReturnType<typeof outbox>;
  const fetches: { url: string; auth: string | null }[] = [];

  beforeEach(() => {
    box = outbox();
    fetches.length = 0;
    document.body.innerHTML = '';
    vi.stubGlobal('fetch', async (url: string, init: RequestInit = {}) => {
      fetches.push({ url, auth: new Headers(init.headers).get('Authorization') });
      return new Response(JSON.stringify(reportBody()), { status: 200, headers: { 'Content-Type': 'application/json' } });
    });
  });
  afterEach(() => vi.unstubAllGlobals());

  const make = (store = historyWithFirst()) => {
    const section = new SoloBaselineSection({
      store,
      sessionId: 'now',
      participantToken: 'participant-token',
      municipality: UTRECHT,
      send: box.send,
      waiting: () => box.entries,
    });
    document.body.append(section.element);
    return section;
  };
  const until = async (probe: () => boolean) => {
    for (let i = 0; i < 50 && !probe(); i++) await new Promise((r) => setTimeout(r, 5));
    expect(probe()).toBe(true);
  };

  it('offers the earlier solo and a pasted review link while none is chosen', () => {
    const section = make();
    section.sync(session(null));
    const el = section.element;
    expect(el.dataset.state).toBe('none');
    expect(el.querySelector('h2')!.textContent).toBe('Vergelijken met een eerdere meting');
    el.querySelector<HTMLButtonElement>('[data-testid=solo-baseline-pick]')!.click();
    expect(box.entries[0]!.command).toEqual({ type: 'choose_baseline', baseline_session_id: 'first', token: 'key-first' });
    // waiting for its ack, the controls say so and take no second choice
    expect(el.querySelector('[data-testid=solo-baseline-paste-submit]')!.getAttribute('aria-disabled')).toBe('true');
    box.settle(section, 'session_closed');
    expect(el.querySelector('[data-testid=solo-baseline-error]')!.textContent).toBe('De sessie is gesloten: de nulmeting kan niet meer veranderen.');
    // a review link pasted whole: its id and key
    const form = el.querySelector<HTMLFormElement>('[data-testid=solo-baseline-paste]')!;
    el.querySelector<HTMLInputElement>('[data-testid=solo-baseline-link]')!.value = 'https://x.nl/replay/workshop-1#token=review-key';
    form.dispatchEvent(new Event('submit', { cancelable: true }));
    expect(box.entries[0]!.command).toEqual({ type: 'choose_baseline', baseline_session_id: 'workshop-1', token: 'review-key' });
    // what is no link is said before anything is sent
    box.settle(section, null);
    el.querySelector<HTMLInputElement>('[data-testid=solo-baseline-link]')!.value = 'https://x.nl/join/AB12';
    form.dispatchEvent(new Event('submit', { cancelable: true }));
    expect(box.entries).toEqual([]);
    expect(el.querySelector('[data-testid=solo-baseline-paste-error]')!.textContent).toContain('Dit is geen reviewlink of sessiecode.');
  });

  it('shows per theme then → today and the statements that moved, from the personal report with the participant’s token', async () => {
    const section = make();
    section.sync(session('first'));
    const el = section.element;
    await until(() => el.dataset.state === 'ready');
    expect(fetches).toEqual([{ url: '/api/sessions/now/my-report?lang=nl', auth: 'Bearer participant-token' }]);
    expect(el.querySelector('h2')!.textContent).toBe('Sinds uw vorige zelfevaluatie');
    expect(el.querySelector('[data-testid=solo-baseline-of]')!.textContent).toMatch(/^Uw zelfevaluatie van 20 nov\.? 2025$/);
    const theme = el.querySelector('[data-testid=solo-baseline-theme] td')!;
    expect(theme.getAttribute('data-change')).toBe('1');
    expect(theme.textContent).toContain('2,0 → 3,0 ▲ +1,0');
    const moved = [...el.querySelectorAll<HTMLElement>('[data-testid=solo-baseline-moved-row]')];
    expect(moved.map((r) => r.dataset.statement)).toEqual(['2', '19']);
    expect(moved[1]!.querySelector('th')!.textContent).toBe('19. ICT-systemen geschikt voor smart city-toepassingen');
    expect(moved[1]!.querySelector('td')!.textContent).toContain('▼ −1,0');
    expect(el.querySelectorAll('[data-testid=solo-baseline-actions] li')).toHaveLength(1);
    // removing sends remove_baseline; the session without one shows the offer again
    el.querySelector<HTMLButtonElement>('[data-testid=solo-baseline-remove]')!.click();
    expect(box.entries.at(-1)!.command).toEqual({ type: 'remove_baseline' });
    box.settle(section, null);
    section.sync(session(null));
    expect(el.dataset.state).toBe('none');
    expect(el.querySelector('[data-testid=solo-baseline-status]')!.textContent).toBe('U vergelijkt niet meer.');
    section.dispose();
  });

  it('names a baseline that is not an own solo by its title, and says a refusal where the respondent acted', async () => {
    const store = memoryStore();
    const section = make(store);
    section.sync(session(null));
    const el = section.element;
    expect(el.querySelector('[data-testid=solo-baseline-chooser]')!.textContent).toContain('Dit apparaat kent geen eerdere zelfevaluatie van Utrecht.');
    el.querySelector<HTMLInputElement>('[data-testid=solo-baseline-link]')!.value = 'workshop-1';
    el.querySelector<HTMLFormElement>('[data-testid=solo-baseline-paste]')!.dispatchEvent(new Event('submit', { cancelable: true }));
    box.settle(section, 'baseline_not_shared');
    expect(el.querySelector('[data-testid=solo-baseline-paste] [data-testid=solo-baseline-error]')!.textContent).toContain('Die sessie is niet gedeeld.');
    section.sync(session('workshop-1'));
    await until(() => el.dataset.state === 'ready');
    expect(el.querySelector('h2')!.textContent).toBe('Sinds de nulmeting');
    expect(el.querySelector('[data-testid=solo-baseline-of]')!.textContent).toBe('“Zelfevaluatie Utrecht” van 20 november 2025');
    section.dispose();
  });
});
