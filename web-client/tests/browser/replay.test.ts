// The replay page against a real server: three participants answer over WebSockets and the facilitator
// reveals; then the facilitator opens /replay/:session, plays it, scrubs to an early moment (fewer answers)
// and to the end (all), jumps to when a statement reached consensus, downloads an export, and axe finds
// nothing serious. A review link made on the dashboard opens the replay in a browser without the key.
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createSession,
  docsDir,
  facilitate,
  joinOverSockets,
  launchBrowser,
  newContext,
  rememberFacilitator,
  screenshotDir,
  seriousViolations,
  startServer,
  until,
  type CreatedSession,
  type RunningServer,
} from './harness';
import { scrubTo, shownSeq } from './helpers';

let server: RunningServer;
let browser: Browser;
let session: CreatedSession;
let page: Page;

interface TimelineBody {
  timeline: {
    first: { seq: number };
    last: { seq: number };
    markers: { kind: string; seq: number }[];
    consensus_reached: { statement: number; both: { seq: number } | null; current: { seq: number } | null; desired: { seq: number } | null }[];
  };
}

/** Three participants join one after the other and answer statements 1 to 3 (all the same on statement 2). */
async function answer(p: Page, code: string): Promise<void> {
  const levels = [
    [2, 4, 3, 3, 1, 2],
    [3, 5, 3, 3, 2, 4],
    [1, 3, 3, 3, 5, 5],
  ];
  await joinOverSockets(
    p,
    code,
    levels.map((l, i) => ({
      name: `Reviewer test ${i + 1}`,
      department: 'Test',
      answers: [1, 2, 3].map((s): [number, number, number] => [s, l[(s - 1) * 2]!, l[(s - 1) * 2 + 1]!]),
    })),
  );
}

async function timeline(): Promise<TimelineBody> {
  const r = await fetch(`${server.url}/api/sessions/${session.session_id}/timeline`, { headers: { Authorization: `Bearer ${session.facilitator_token}` } });
  expect(r.status).toBe(200);
  return (await r.json()) as TimelineBody;
}

/**
 * Clicks a "workshop report" action and checks what went over the wire: GET …/report.pdf in the page's
 * language, the token as a Bearer header and nowhere in the URL (URLs end up in logs), a PDF back, and a
 * download under the server's file name.
 */
async function expectReportDownload(p: Page, click: () => Promise<void>, lang: 'nl' | 'en'): Promise<void> {
  const [request, response, download] = await Promise.all([
    p.waitForRequest((r) => r.url().includes('/report.pdf')),
    p.waitForResponse((r) => r.url().includes('/report.pdf')),
    p.waitForEvent('download'),
    click(),
  ]);
  const url = new URL(request.url());
  expect(url.pathname).toBe(`/api/sessions/${session.session_id}/report.pdf`);
  expect(url.searchParams.get('lang')).toBe(lang);
  expect(request.url()).not.toContain(session.facilitator_token);
  expect(request.headers()['authorization']).toBe(`Bearer ${session.facilitator_token}`);
  expect(response.status()).toBe(200);
  expect(response.headers()['content-type']).toContain('application/pdf');
  expect(download.suggestedFilename()).toBe(`${session.session_id}-report.pdf`);
  expect(readFileSync(await download.path()).subarray(0, 5).toString('latin1')).toBe('%PDF-');
}

const counts = async (p: Page, aspect: 'current' | 'desired') =>
  Number(await p.locator(`[data-testid=statement-detail] figure[data-aspect=${aspect}]`).getAttribute('data-n'));


beforeAll(async () => {
  mkdirSync(screenshotDir, { recursive: true });
  server = await startServer();
  browser = await launchBrowser();
  session = await createSession(server);
  const context = await newContext(browser, 'desktop');
  page = await context.newPage();
  await rememberFacilitator(page, server, session);
  await answer(page, session.join_code);
  await facilitate(page, session, [{ type: 'reveal' }]);
});

afterAll(async () => {
  await browser?.close();
  await server?.cleanup();
});

describe('replay page', () => {
  it('shows the last moment, with markers on the bar and in a list', async () => {
    const tl = (await timeline()).timeline;
    await page.goto(`${server.url}/replay/${session.session_id}`);
    await until(async () => (await shownSeq(page)) === tl.last.seq, 'the last moment');
    expect(await page.locator('html').getAttribute('lang')).toBe('nl');
    expect(await page.locator('h1').first().textContent()).toContain('Sessie terugkijken');
    expect(await page.getByTestId('replay-range').getAttribute('min')).toBe(String(tl.first.seq));
    expect(await page.getByTestId('replay-range').getAttribute('max')).toBe(String(tl.last.seq));
    expect(await counts(page, 'current')).toBe(3);
    expect(await page.locator('[data-testid=replay-markers] li').count()).toBe(tl.markers.length);
    expect(await page.locator('.replay__tick').count()).toBeGreaterThan(1);
    expect(await page.getByTestId('replay-moment').textContent()).toContain(String(tl.last.seq));
    expect(await page.getByTestId('replay-state').textContent()).toContain('3 deelnemers');
  });

  it('plays and pauses', async () => {
    const tl = (await timeline()).timeline;
    await page.getByTestId('replay-start').click();
    await until(async () => (await shownSeq(page)) === tl.first.seq, 'the first moment');
    expect(await counts(page, 'current')).toBe(0);
    await page.getByTestId('replay-speed').selectOption('1');
    // The recorded session lasts well under a second, so at 1× playback may end between two steps of the
    // test: each click and the reading of its effect happen in one task of the page, where it cannot.
    const clickPlay = (onlyWhilePlaying: boolean) =>
      page.evaluate((onlyWhilePlaying) => {
        const root = document.querySelector<HTMLElement>('[data-testid=replay]')!;
        const button = document.querySelector<HTMLButtonElement>('[data-testid=replay-play]')!;
        if (!onlyWhilePlaying || root.dataset.playing === 'true') button.click();
        return { playing: root.dataset.playing, pressed: button.getAttribute('aria-pressed') };
      }, onlyWhilePlaying);
    expect(await clickPlay(false)).toEqual({ playing: 'true', pressed: 'true' });
    await until(async () => Number(await page.getByTestId('replay-range').inputValue()) > tl.first.seq, 'playback to move on');
    expect(await clickPlay(true)).toEqual({ playing: 'false', pressed: 'false' });
    const paused = Number(await page.getByTestId('replay-range').inputValue());
    expect(paused).toBeLessThanOrEqual(tl.last.seq);
    await new Promise((done) => setTimeout(done, 300));
    expect(Number(await page.getByTestId('replay-range').inputValue())).toBe(paused); // paused stays put
    // at 60× it plays to the end and stops there
    await page.getByTestId('replay-speed').selectOption('60');
    await page.getByTestId('replay-play').click();
    await until(async () => (await page.getByTestId('replay').getAttribute('data-playing')) === 'false', 'playback to end', 30_000);
    await until(async () => (await shownSeq(page)) === tl.last.seq, 'the end after playing');
    expect(await counts(page, 'current')).toBe(3);
  });

  it('scrubs to an early moment (fewer answers) and to the end (all), also by keyboard', async () => {
    const tl = (await timeline()).timeline;
    const joins = tl.markers.filter((m) => m.kind === 'participant_joined');
    expect(joins.length).toBe(3);
    // just before the second participant joined: only the first one's answers
    await scrubTo(page, joins[1]!.seq - 1);
    expect(await counts(page, 'current')).toBe(1);
    await scrubTo(page, joins[2]!.seq - 1);
    expect(await counts(page, 'current')).toBe(2);
    await scrubTo(page, tl.last.seq);
    expect(await counts(page, 'current')).toBe(3);
    // keyboard: Home and End on the focused range
    await page.getByTestId('replay-range').focus();
    await page.keyboard.press('Home');
    await until(async () => (await shownSeq(page)) === tl.first.seq, 'Home');
    await page.keyboard.press('End');
    await until(async () => (await shownSeq(page)) === tl.last.seq, 'End');
    expect(await counts(page, 'desired')).toBe(3);
  });

  it('jumps to when a statement reached consensus', async () => {
    const reached = (await timeline()).timeline.consensus_reached;
    expect(reached.length).toBeGreaterThan(0);
    const first = reached.find((r) => r.statement === 2)!;
    const seq = (first.both ?? first.current ?? first.desired)!.seq;
    await page.getByTestId('replay-start').click();
    await page.getByTestId('replay-consensus-select').selectOption(`${seq}:2`);
    await page.getByTestId('replay-consensus-jump').click();
    await until(async () => (await shownSeq(page)) === seq, 'the consensus moment');
    expect(await page.getByTestId('statement-detail').getAttribute('data-statement')).toBe('2');
    expect(await counts(page, 'current')).toBe(3);
    expect(await page.locator('[data-testid=statement-detail] [data-stat=consensus]').first().getAttribute('data-level')).toBe('high');
  });

  it('downloads an export with the token', async () => {
    const [response, download] = await Promise.all([
      page.waitForResponse((r) => r.url().includes('/export/answers.csv')),
      page.waitForEvent('download'),
      page.getByTestId('export-answers.csv').click(),
    ]);
    expect(response.status()).toBe(200);
    expect(response.headers()['content-type']).toContain('text/csv');
    expect(download.suggestedFilename()).toBe(`${session.session_id}-answers.csv`);
    const body = readFileSync(await download.path(), 'utf8');
    // in the page's language, with statement titles: a Dutch team shares it as it is
    expect(response.url()).toContain('lang=nl');
    expect(body).toContain('tijd;ronde;deelnemer;afdeling;stelling;titel;aspect;niveau;telt mee');
    expect(body).toMatch(/;Gedeelde smart city-visie;nu;\d;(ja|nee)\r\n/);
    expect(body.trim().split('\r\n').length).toBe(1 + 18); // a header and 3 × 3 × 2 answers
    await until(async () => (await page.getByTestId('export-status').textContent())?.includes('gedownload'), 'the download notice');
  });

  it('downloads the workshop report (PDF) beside the exports, the token in a header and not in the URL', async () => {
    const button = page.getByTestId('report-pdf');
    expect(await button.textContent()).toBe('Workshoprapport (PDF)');
    // beside the CSV exports, in the same group
    expect(await page.locator('.replay__exports [data-testid=report-pdf] ~ [data-testid="export-answers.csv"]').count()).toBe(1);
    await expectReportDownload(page, () => button.click(), 'nl');
    await until(async () => (await page.getByTestId('export-status').textContent())?.includes(`${session.session_id}-report.pdf`), 'the download notice');
  });

  it('has no serious accessibility violation, in Dutch and in English', async () => {
    await page.getByTestId('replay-end').click();
    await page.locator('.replay__marker-list summary').click();
    expect(await seriousViolations(page), 'nl').toEqual([]);
    await page.setViewportSize({ width: 1280, height: 1200 });
    await page.screenshot({ path: join(screenshotDir, 'replay.png'), fullPage: false });
    mkdirSync(docsDir, { recursive: true });
    copyFileSync(join(screenshotDir, 'replay.png'), join(docsDir, 'replay.png'));
    await page.getByTestId('lang-switch').click();
    await until(async () => (await page.locator('h1').first().textContent())?.includes('Replay the session'), 'English');
    await until(async () => (await page.getByTestId('replay').getAttribute('data-shown-seq')) !== null, 'the moment again');
    expect(await seriousViolations(page), 'en').toEqual([]);
    await page.getByTestId('lang-switch').click();
  });

  it('gives the facilitator a review link that opens the replay without the key', async () => {
    await page.goto(`${server.url}/f/${session.session_id}`);
    await page.getByTestId('replay-link').waitFor();
    await page.getByTestId('review-link-create').click();
    const link = await until(async () => page.getByTestId('review-link').inputValue(), 'the review link');
    expect(link).toMatch(new RegExp(`/replay/${session.session_id}#token=[0-9a-f]{64}$`));
    const reviewer = await (await newContext(browser, 'desktop')).newPage();
    await reviewer.goto(link);
    await until(async () => (await reviewer.getByTestId('replay').getAttribute('data-shown-seq')) !== null, 'the reviewer replay');
    expect(new URL(reviewer.url()).hash).toBe('');
    expect(await reviewer.evaluate((id) => sessionStorage.getItem(`scsa.review.${id}`), session.session_id)).toMatch(/^[0-9a-f]{64}$/);
    expect(await reviewer.getByTestId('replay-state').textContent()).toContain('3 deelnemers');
    // no key at all: a form to paste one
    const stranger = await (await newContext(browser, 'desktop')).newPage();
    await stranger.goto(`${server.url}/replay/${session.session_id}`);
    await stranger.getByTestId('review-token-form').waitFor();
    await stranger.getByTestId('review-token-input').fill('0'.repeat(64));
    await stranger.getByRole('button', { name: 'Sessie openen' }).click();
    await until(async () => (await stranger.locator('[role=alert]').first().textContent())?.includes('geen toegang'), 'refused');
    await stranger.getByTestId('review-token-input').fill(new URL(link).hash.slice('#token='.length));
    await stranger.getByRole('button', { name: 'Sessie openen' }).click();
    await stranger.getByTestId('replay').waitFor();
  });

  it('offers the workshop report (PDF) on the dashboard too, in the page language', async () => {
    await page.goto(`${server.url}/f/${session.session_id}`);
    await page.locator('[data-testid=connection][data-status=connected]').waitFor();
    const button = page.getByTestId('report-pdf');
    expect(await button.textContent()).toBe('Workshoprapport (PDF)');
    await expectReportDownload(page, () => button.click(), 'nl');
    await until(async () => (await page.getByTestId('report-status').textContent())?.includes('gedownload'), 'the download notice');
    await page.getByTestId('lang-switch').click();
    await until(async () => (await page.getByTestId('report-pdf').textContent()) === 'Workshop report (PDF)', 'English label');
    await expectReportDownload(page, () => page.getByTestId('report-pdf').click(), 'en');
    await page.getByTestId('lang-switch').click();
    await until(async () => (await page.getByTestId('report-pdf').textContent()) === 'Workshoprapport (PDF)', 'Dutch again');
  });
});
