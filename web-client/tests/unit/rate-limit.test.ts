// Refused for asking too often: the wait read from Retry-After or the body, the bounds on a wait the server
// asks for, the countdown's seconds, the sentences in both languages, what the API wrapper makes of a 429,
// and the notice that counts down to a join's automatic retry.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { retryNotice } from '../../src/components/retry-notice';
import { ApiError, createSession, lookupJoinCode } from '../../src/lib/api';
import { setLanguage } from '../../src/lib/i18n';
import {
  DEFAULT_JOIN_WAIT_MS,
  MAX_WAIT_MS,
  isRateLimited,
  joinCheckBusyMessage,
  joinRetryMessage,
  retryAfterSeconds,
  retryDelayMs,
  secondsLeft,
  sessionBusyMessage,
  waitText,
} from '../../src/lib/rate-limit';

describe('the wait the server asks for', () => {
  it('reads Retry-After in seconds, then the body, and says nothing when neither does', () => {
    expect(retryAfterSeconds('12', null)).toBe(12);
    expect(retryAfterSeconds(' 7 ', { retry_after_s: 30 })).toBe(7);
    expect(retryAfterSeconds(null, { code: 'rate_limited', retry_after_s: 30 })).toBe(30);
    expect(retryAfterSeconds(null, { retry_after_s: 2.2 })).toBe(3);
    expect(retryAfterSeconds(null, { code: 'rate_limited' })).toBeNull();
    expect(retryAfterSeconds(undefined, null)).toBeNull();
    expect(retryAfterSeconds('soon', { retry_after_s: 'x' })).toBeNull();
  });

  it('reads Retry-After as an HTTP date too, and keeps every wait between 1 s and a quarter of an hour', () => {
    const now = Date.parse('Mon, 07 Dec 2026 10:00:00 GMT');
    expect(retryAfterSeconds('Mon, 07 Dec 2026 10:00:20 GMT', null, now)).toBe(20);
    expect(retryAfterSeconds('Mon, 07 Dec 2026 09:59:00 GMT', null, now)).toBe(1);
    expect(retryAfterSeconds('0', null)).toBe(1);
    expect(retryAfterSeconds('600', null)).toBe(600);
    expect(retryAfterSeconds('86400', null)).toBe(MAX_WAIT_MS / 1000);
  });

  it('bounds a WebSocket retry_after_ms, with a fallback when it is missing or nonsense', () => {
    expect(retryDelayMs(1_500)).toBe(1_500);
    expect(retryDelayMs(0)).toBe(250);
    expect(retryDelayMs(10 * MAX_WAIT_MS)).toBe(MAX_WAIT_MS);
    expect(retryDelayMs(undefined)).toBe(DEFAULT_JOIN_WAIT_MS);
    expect(retryDelayMs(-5, 2_000)).toBe(2_000);
    expect(retryDelayMs('3000', 2_000)).toBe(2_000);
    expect(retryDelayMs(Number.NaN)).toBe(DEFAULT_JOIN_WAIT_MS);
  });

  it('counts down in whole seconds, rounding up and never showing 0 while waiting', () => {
    expect(secondsLeft(10_000, 0)).toBe(10);
    expect(secondsLeft(10_000, 7_900)).toBe(3);
    expect(secondsLeft(10_000, 9_999)).toBe(1);
    expect(secondsLeft(10_000, 12_000)).toBe(1);
  });

  it('knows a refusal for asking too often by its status or its code', () => {
    expect(isRateLimited(new ApiError(429, 'http_429', 'x'))).toBe(true);
    expect(isRateLimited({ code: 'rate_limited' })).toBe(true);
    expect(isRateLimited(new ApiError(503, 'busy', 'x'))).toBe(false);
    expect(isRateLimited(null)).toBe(false);
  });
});

describe('what the page says', () => {
  afterEach(() => setLanguage('nl'));

  it('in Dutch, with the seconds in the right number', () => {
    setLanguage('nl');
    expect(sessionBusyMessage(1)).toBe('Even geduld: er zijn kort na elkaar veel sessies gestart. Probeer het over 1 seconde opnieuw.');
    expect(sessionBusyMessage(30)).toContain('over 30 seconden opnieuw');
    expect(sessionBusyMessage(null)).toContain('over een halve minuut');
    expect(joinCheckBusyMessage(12)).toBe('Te veel pogingen kort na elkaar. Probeer het over 12 seconden opnieuw.');
    expect(joinCheckBusyMessage(null)).toContain('Wacht een halve minuut');
    expect(joinRetryMessage(4)).toBe('Het is even druk. Over 4 seconden proberen we het vanzelf opnieuw; u hoeft niets te doen.');
  });

  it('in seconds up to a minute and a half, then in whole minutes', () => {
    setLanguage('nl');
    expect(waitText(1)).toBe('1 seconde');
    expect(waitText(89)).toBe('89 seconden');
    expect(waitText(90)).toBe('2 minuten');
    expect(waitText(600)).toBe('10 minuten');
    expect(sessionBusyMessage(600)).toContain('Probeer het over 10 minuten opnieuw.');
    setLanguage('en');
    expect(waitText(61)).toBe('61 seconds');
    expect(waitText(121)).toBe('3 minutes');
    expect(joinCheckBusyMessage(600)).toBe('Too many attempts in a short time. Please try again in 10 minutes.');
  });

  it('in English', () => {
    setLanguage('en');
    expect(sessionBusyMessage(1)).toBe('Please wait a moment: many sessions were started in a short time. Try again in 1 second.');
    expect(sessionBusyMessage(null)).toContain('in half a minute');
    expect(joinCheckBusyMessage(5)).toBe('Too many attempts in a short time. Please try again in 5 seconds.');
    expect(joinRetryMessage(1)).toBe('Busy right now. Retrying by itself in 1 second; there is nothing you need to do.');
  });
});

describe('the API wrapper on a 429', () => {
  afterEach(() => vi.unstubAllGlobals());

  const respond = (status: number, body: unknown, headers: Record<string, string> = {}) =>
    vi.stubGlobal('fetch', vi.fn(async () => new Response(JSON.stringify(body), { status, headers })));

  it('carries the seconds of Retry-After on the error', async () => {
    respond(429, { code: 'rate_limited', message: 'too many sessions', retry_after_s: 40 }, { 'Retry-After': '17' });
    const err = await createSession('T', 'GM0344').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ status: 429, code: 'rate_limited', retryAfterS: 17 });
  });

  it('falls back to retry_after_s, and to nothing, as the server says less', async () => {
    respond(429, { code: 'rate_limited', message: 'x', retry_after_s: 9 });
    await expect(lookupJoinCode('AB12')).rejects.toMatchObject({ retryAfterS: 9 });
    respond(429, { code: 'rate_limited', message: 'x' });
    await expect(lookupJoinCode('AB12')).rejects.toMatchObject({ retryAfterS: null });
    respond(404, { code: 'unknown_code', message: 'x' }, { 'Retry-After': '5' });
    await expect(lookupJoinCode('AB12')).rejects.toMatchObject({ code: 'unknown_code', retryAfterS: null });
  });
});

describe('the notice of an automatic retry', () => {
  let now = 0;
  beforeEach(() => {
    now = 0;
    vi.useFakeTimers();
    setLanguage('nl');
  });
  afterEach(() => {
    vi.useRealTimers();
    document.body.textContent = '';
  });

  it('is said once to screen readers, counts down on screen, and goes when the wait is over', () => {
    const notice = retryNotice('retrying', () => now);
    document.body.append(notice.element);
    const status = notice.element.querySelector('[role=status]')!;
    const shown = notice.element.querySelector<HTMLElement>('[data-testid=retrying]')!;
    expect(shown.hidden).toBe(true);
    notice.show(3_000);
    expect(status.textContent).toContain('Over 3 seconden');
    expect(shown.getAttribute('aria-hidden')).toBe('true');
    expect(shown.hidden).toBe(false);
    now = 1_100;
    vi.advanceTimersByTime(250);
    expect(shown.textContent).toContain('Over 2 seconden');
    expect(status.textContent).toContain('Over 3 seconden'); // not read out again each second
    now = 2_100;
    vi.advanceTimersByTime(250);
    expect(shown.textContent).toContain('Over 1 seconde proberen');
    now = 3_000;
    vi.advanceTimersByTime(250);
    expect(shown.hidden).toBe(true);
    expect(status.textContent).toBe('');
  });

  it('starts over when the join is refused again, and hides when told', () => {
    const notice = retryNotice('retrying', () => now);
    document.body.append(notice.element);
    notice.show(2_000);
    now = 1_500;
    notice.show(5_000);
    vi.advanceTimersByTime(250);
    expect(notice.element.textContent).toContain('Over 5 seconden');
    notice.hide();
    expect(notice.element.textContent).toBe('');
  });
});
