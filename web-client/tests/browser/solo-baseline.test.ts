// A solo self-assessment compared with the respondent's own earlier one (issue 17), in one phone's browser
// against a real server: a first solo for Utrecht answers four statements; "Opnieuw beginnen" starts a second;
// its first screen offers "Vergelijk met uw vorige zelfevaluatie van <datum>" and one tap chooses it (the
// first's id and its own key, as the server then says); the second answers the same statements differently;
// the result page shows "Sinds uw vorige zelfevaluatie" per theme and for the statements that moved; the
// personal report (JSON and PDF, read back with pdftotext) has it too; removing it and pasting a review link
// work, refusals are said in words; it speaks English. Screenshots at 390×844 and 1280×720
// (test-results/screenshots/solo-baseline-*.png); axe finds nothing serious.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSession, launchBrowser, screenshotDir, startServer, until, type RunningServer } from './harness';
import { choose, expectAccessible, phone, saved, text } from './helpers';

let server: RunningServer;
let browser: Browser;
let page: Page;

interface Solo {
  session_id: string;
  facilitator_token: string;
  /** the participant's token, which opens their own report */
  token: string;
}
let first: Solo;
let second: Solo;

/** Statement → [now, ambition]: the first solo, and the second a year later (1 up by two, 3 down by one). */
const FIRST: Record<number, [number, number]> = { 1: [2, 4], 2: [1, 3], 3: [3, 4], 4: [2, 3] };
const SECOND: Record<number, [number, number]> = { 1: [4, 5], 2: [1, 4], 3: [2, 4], 4: [2, 3] };

const DATE = /\d{1,2} \w+\.? 20\d\d/;

async function api<T>(path: string, token: string): Promise<{ status: number; body: T }> {
  const r = await fetch(`${server.url}${path}`, { headers: { Authorization: `Bearer ${token}` } });
  return { status: r.status, body: (await r.json().catch(() => null)) as T };
}

/** The solo this browser is doing: its ids and keys, as the page stored them. */
async function currentSolo(p: Page): Promise<Solo> {
  return p.evaluate(() => {
    const record = JSON.parse(localStorage.getItem('scsa.current.solo')!) as { session_id: string; facilitator_token: string };
    const creds = JSON.parse(localStorage.getItem(`scsa.participant.${record.session_id}`)!) as { token: string };
    return { session_id: record.session_id, facilitator_token: record.facilitator_token, token: creds.token };
  });
}

/** From the start page: Utrecht (two municipalities match "utrecht": the one of that name is picked). */
async function startUtrecht(p: Page): Promise<void> {
  await p.getByTestId('municipality-search').fill('utrecht');
  await p.getByRole('radio', { name: 'Utrecht', exact: true }).check();
  await p.getByTestId('municipality-chosen').filter({ hasText: 'Utrecht' }).waitFor();
  await p.getByTestId('solo-begin').click();
  await p.locator('section.statement[data-statement="1"]').waitFor();
  await p.locator('[data-testid=connection][data-status=connected]').waitFor();
}

/** Answers statements 1..n as given, going on with "Volgende", and waits until all is saved. */
async function answer(p: Page, levels: Record<number, [number, number]>): Promise<void> {
  const statements = Object.keys(levels).map(Number);
  for (const s of statements) {
    await p.locator(`section.statement[data-statement="${s}"]`).waitFor();
    await choose(p, 'current', levels[s]![0]);
    await choose(p, 'desired', levels[s]![1]);
    if (s !== statements.at(-1)) await p.getByRole('button', { name: /Volgende/ }).click();
  }
  await saved(p);
}

/** The result page, opened as "Bekijk mijn resultaat" does, with the comparison loaded. */
async function result(p: Page): Promise<void> {
  await p.goto(`${server.url}/results/solo`);
  await p.locator('canvas[data-testid=radar][data-ready=true]').waitFor();
  await p.getByTestId('solo-baseline').waitFor();
}

const state = (p: Page) => p.getByTestId('solo-baseline').getAttribute('data-state');
const noSideScroll = (p: Page) => p.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);

/** A pasted link (and key) in the result page's form. */
async function paste(p: Page, link: string, key = ''): Promise<void> {
  const details = p.locator('.sb-paste');
  if ((await details.getAttribute('open')) === null) await details.locator('summary').click();
  await p.getByTestId('solo-baseline-link').fill(link);
  await p.getByTestId('solo-baseline-key').fill(key);
  await p.getByTestId('solo-baseline-paste-submit').click();
}

beforeAll(async () => {
  mkdirSync(screenshotDir, { recursive: true });
  server = await startServer();
  browser = await launchBrowser();
  page = await phone(browser);
});

afterAll(async () => {
  await browser?.close();
  await server?.cleanup();
});

describe('a solo compared with the respondent’s own earlier one', () => {
  it('does a first solo for Utrecht: four statements, no offer yet', async () => {
    await page.goto(server.url + '/');
    await page.getByTestId('start-solo').click();
    await page.waitForURL(/\/solo$/);
    await startUtrecht(page);
    // nothing earlier on this device: nothing offered
    expect(await page.getByTestId('solo-offer').count()).toBe(0);
    await answer(page, FIRST);
    first = await currentSolo(page);

    await result(page);
    expect(await state(page)).toBe('none');
    expect(await text(page, 'solo-baseline-title')).toBe('Vergelijken met een eerdere meting');
    expect(await text(page, 'solo-baseline-chooser')).toContain('Dit apparaat kent geen eerdere zelfevaluatie van Utrecht.');
    // the history keeps it with its key and what was answered
    const history = await page.evaluate(() => JSON.parse(localStorage.getItem('scsa.solo.history') ?? '[]'));
    expect(history).toEqual([expect.objectContaining({ session_id: first.session_id, facilitator_token: first.facilitator_token, answered: 4 })]);
  });

  it('starts a second solo in the same browser, which offers the first; one tap chooses it', async () => {
    page.once('dialog', (d) => void d.accept());
    await page.getByRole('button', { name: 'Opnieuw beginnen' }).click();
    await page.waitForURL(/\/solo$/);
    await startUtrecht(page);
    second = await currentSolo(page);
    expect(second.session_id).not.toBe(first.session_id);

    const offer = page.locator('[data-testid=solo-offer][data-state=offer]');
    await offer.waitFor();
    const pick = offer.getByTestId('solo-baseline-pick');
    expect(await pick.count()).toBe(1);
    expect(await pick.textContent()).toMatch(new RegExp(`^Vergelijk met uw vorige zelfevaluatie van ${DATE.source}$`));
    expect(await offer.textContent()).toContain('Op dit apparaat staat uw eerdere zelfevaluatie van Utrecht.');
    expect(await noSideScroll(page)).toBe(true);
    await page.screenshot({ path: join(screenshotDir, 'solo-baseline-offer-390x844.png') });
    await expectAccessible(page, 'the offer at the start');
    await page.setViewportSize({ width: 1280, height: 720 });
    expect(await noSideScroll(page)).toBe(true);
    await page.screenshot({ path: join(screenshotDir, 'solo-baseline-offer-1280x720.png') });
    await page.setViewportSize({ width: 390, height: 844 });

    await pick.click();
    await page.locator('[data-testid=solo-offer][data-state=chosen]').waitFor();
    expect(await text(page, 'solo-offer-chosen')).toMatch(new RegExp(`U vergelijkt met uw zelfevaluatie van ${DATE.source}\\. Bij uw resultaat ziet u wat er veranderde\\.`));
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('solo-offer-chosen');
    await page.screenshot({ path: join(screenshotDir, 'solo-baseline-chosen-390x844.png') });
    // the server has it: the first solo, chosen with its own key
    const b = await api<{ baseline: { session_id: string; mode: string; participants: number } | null }>(`/api/sessions/${second.session_id}/baseline`, second.facilitator_token);
    expect(b.status).toBe(200);
    expect(b.body.baseline).toMatchObject({ session_id: first.session_id, mode: 'solo', participants: 1 });
  });

  it('answers the same statements differently; the offer goes once something is answered', async () => {
    await answer(page, SECOND);
    expect(await page.getByTestId('solo-offer').isVisible()).toBe(false);
  });

  it('shows on the result page what changed since the first, per theme and for the statements that moved', async () => {
    await result(page);
    await until(async () => (await state(page)) === 'ready', 'the comparison');
    expect(await text(page, 'solo-baseline-title')).toBe('Sinds uw vorige zelfevaluatie');
    expect(await text(page, 'solo-baseline-of')).toMatch(new RegExp(`^Uw zelfevaluatie van ${DATE.source}$`));

    const themes = page.locator('[data-testid=solo-baseline-theme]');
    expect(await themes.count()).toBe(6);
    // strategy (statements 1..3): now 2,0 → 2,3 (the means of the answered ones)
    const strategy = themes.filter({ hasText: 'Strategie' });
    const now = strategy.locator('td').first();
    expect(Number(await now.getAttribute('data-then'))).toBeCloseTo(2, 3);
    expect(Number(await now.getAttribute('data-today'))).toBeCloseTo(7 / 3, 2);
    expect(await now.getAttribute('data-dir')).toBe('up');
    expect(await now.locator('[aria-hidden=true]').textContent()).toBe('2,0 → 2,3 ▲ +0,3');

    const moved = page.locator('[data-testid=solo-baseline-moved-row]');
    const order = await moved.evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset.statement));
    // the largest change first; 2 and 4 did not move (the report lists them to fill its six, the page does not)
    expect(order).toEqual(['1', '3']);
    const one = moved.filter({ has: page.locator('th', { hasText: /^1\. / }) });
    expect(await one.locator('td').first().locator('[aria-hidden=true]').textContent()).toBe('2,0 → 4,0 ▲ +2,0');
    expect(await one.locator('td').nth(1).locator('[aria-hidden=true]').textContent()).toBe('4,0 → 5,0 ▲ +1,0');
    const three = moved.filter({ has: page.locator('th', { hasText: /^3\. / }) });
    expect(await three.locator('td').first().getAttribute('data-dir')).toBe('down');
    expect(await three.locator('td').first().locator('.visually-hidden').textContent()).toBe('toen 3,0, vandaag 2,0, verschil −1,0');

    // a phone: nothing sideways, and the figures fit their column
    expect(await noSideScroll(page)).toBe(true);
    const fit = await page.evaluate(() =>
      [...document.querySelectorAll<HTMLElement>('[data-testid=solo-baseline] .table-wrap')].every((w) => w.scrollWidth <= w.clientWidth),
    );
    expect(fit).toBe(true);
    await page.getByTestId('solo-baseline').evaluate((el) => el.scrollIntoView());
    await page.screenshot({ path: join(screenshotDir, 'solo-baseline-result-390x844.png') });
    await page.screenshot({ path: join(screenshotDir, 'solo-baseline-result-390-full.png'), fullPage: true });
    await expectAccessible(page, 'the result with the comparison on a phone');

    await page.setViewportSize({ width: 1280, height: 720 });
    await page.getByTestId('solo-baseline').evaluate((el) => el.scrollIntoView());
    expect(await noSideScroll(page)).toBe(true);
    await page.screenshot({ path: join(screenshotDir, 'solo-baseline-result-1280x720.png') });
    await page.screenshot({ path: join(screenshotDir, 'solo-baseline-result-1280-full.png'), fullPage: true });
    await expectAccessible(page, 'the result with the comparison on a laptop');
    await page.setViewportSize({ width: 390, height: 844 });
  });

  it('puts the comparison in the personal report: the JSON the page reads, and “Sinds de nulmeting” in the PDF', async () => {
    const report = await api<{ baseline: { title: string; participants: number; themes: unknown[]; moved: { name: string; now: { then: number; today: number; change: number } }[] } | null }>(
      `/api/sessions/${second.session_id}/my-report?lang=nl`,
      second.token,
    );
    expect(report.status).toBe(200);
    expect(report.body.baseline).toMatchObject({ title: 'Zelfevaluatie Utrecht', participants: 1 });
    expect(report.body.baseline!.themes).toHaveLength(6);
    expect(report.body.baseline!.moved[0]).toMatchObject({ now: { then: 2, today: 4, change: 2 } });
    expect(report.body.baseline!.moved[0]!.name).toMatch(/^1\s+/);

    const r = await fetch(`${server.url}/api/sessions/${second.session_id}/my-report.pdf?lang=nl`, { headers: { Authorization: `Bearer ${second.token}` } });
    expect(r.status).toBe(200);
    const path = join(screenshotDir, 'solo-baseline-my-report.pdf');
    writeFileSync(path, Buffer.from(await r.arrayBuffer()));
    const pdf = execFileSync('pdftotext', ['-layout', path, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
    expect(pdf).toContain('Sinds de nulmeting');
    expect(pdf).toContain('Zelfevaluatie Utrecht');
  });

  it('removes the comparison, refuses what cannot be compared with in words, and takes a review link pasted whole', async () => {
    await page.getByTestId('solo-baseline-remove').click();
    await until(async () => (await state(page)) === 'none', 'no comparison');
    expect(await text(page, 'solo-baseline-title')).toBe('Vergelijken met een eerdere meting');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('solo-baseline-title');
    expect(await text(page, 'solo-baseline-status')).toBe('U vergelijkt niet meer.');
    expect((await api(`/api/sessions/${second.session_id}/baseline`, second.facilitator_token)).body).toEqual({ baseline: null });
    // the first is offered here too
    expect(await page.getByTestId('solo-baseline-chooser').getByTestId('solo-baseline-pick').count()).toBe(1);

    // its code alone (no key, one participant): not shared
    await paste(page, first.session_id);
    await until(async () => (await text(page, 'solo-baseline-error')).startsWith('Die sessie is niet gedeeld.'), 'not shared');
    // a later session of Utrecht, with its key: not earlier
    const later = await createSession(server, 'solo', 'GM0344', 'Latere zelfevaluatie');
    await paste(page, later.session_id, later.facilitator_token);
    await until(async () => (await text(page, 'solo-baseline-error')) === 'Die sessie begon na deze zelfevaluatie. Vergelijk met een eerdere.', 'not earlier');
    // a session of another municipality
    const amsterdam = await createSession(server, 'workshop', 'GM0363', 'Amsterdam');
    await paste(page, amsterdam.session_id, amsterdam.facilitator_token);
    await until(async () => (await text(page, 'solo-baseline-error')) === 'Die sessie hoort bij een andere gemeente. Vergelijk met een meting van dezelfde gemeente.', 'other municipality');
    await page.getByTestId('solo-baseline-error').evaluate((el) => el.scrollIntoView({ block: 'center' }));
    await page.screenshot({ path: join(screenshotDir, 'solo-baseline-refused-390x844.png') });
    await expectAccessible(page, 'a refusal');

    // the first's review link, pasted whole
    const made = await fetch(`${server.url}/api/sessions/${first.session_id}/review-tokens`, { method: 'POST', headers: { Authorization: `Bearer ${first.facilitator_token}` } });
    expect(made.status).toBe(201);
    const { review_token } = (await made.json()) as { review_token: string };
    await paste(page, `${server.url}/replay/${first.session_id}#token=${review_token}`);
    await until(async () => (await state(page)) === 'ready', 'compared again');
    expect(await text(page, 'solo-baseline-title')).toBe('Sinds uw vorige zelfevaluatie');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('solo-baseline-title');
    expect(await page.getByTestId('solo-baseline-error').count()).toBe(0);
    const b = await api<{ baseline: { session_id: string } | null }>(`/api/sessions/${second.session_id}/baseline`, second.facilitator_token);
    expect(b.body.baseline?.session_id).toBe(first.session_id);
  });

  it('speaks English too, and keeps the comparison after a reload', async () => {
    await page.getByTestId('lang-switch').click();
    await until(async () => (await text(page, 'solo-baseline-title')) === 'Since your previous self-assessment', 'English');
    await until(async () => (await page.locator('[data-testid=solo-baseline-theme]').first().locator('th').textContent()) === 'Strategy', 'the themes in English');
    await page.reload();
    await until(async () => (await state(page)) === 'ready', 'after a reload');
    expect(await text(page, 'solo-baseline-of')).toMatch(/^Your self-assessment of /);
    await page.getByTestId('solo-baseline').evaluate((el) => el.scrollIntoView());
    await page.screenshot({ path: join(screenshotDir, 'solo-baseline-result-en-390x844.png') });
    await page.getByTestId('lang-switch').click();
    await until(async () => (await text(page, 'solo-baseline-title')) === 'Sinds uw vorige zelfevaluatie', 'Dutch again');
  });
});
