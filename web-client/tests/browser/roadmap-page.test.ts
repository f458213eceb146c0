// The read-only roadmap page (/roadmap/:session) against a real server: a workshop where two participants
// answer statements 1 and 2 and vote, the facilitator proposes an action, agrees it with an owner and a
// horizon and concludes; the page opens with the facilitator's saved key (and from the dashboard's "Open
// routekaart"), and with a review link made on the dashboard (from the replay page's link, and as
// /roadmap/…#token= straight away, the fragment leaving the address bar). It shows the agreed action with
// its owner and horizon, downloads the CSV in the page's language with the token in a header, refuses a
// wrong key, and fits 390×844 and 1280×720 (screenshots: test-results/screenshots/roadmap-page-*.png). The
// workshop PDF, downloaded from the replay page, shows the same roadmap (read back with pdftotext).
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createSession,
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

const ACTION = 'Een dataplatform voor alle afdelingen inrichten';
const OTHER = 'Een verkenning naar sensoren in de openbare ruimte';
const OWNER = 'Afdeling Informatievoorziening';
const CONCLUSION = 'We beginnen bij de data: eerst het platform, dan de toepassingen.';

let server: RunningServer;
let browser: Browser;
let session: CreatedSession;
let page: Page;
let reviewLink = '';

/** Two participants join over the WebSocket, answer statements 1 and 2 and vote for the first action. */
async function participate(p: Page, code: string, actionId: string): Promise<void> {
  const levels = [
    [1, 4, 2, 3],
    [2, 5, 2, 4],
  ];
  await joinOverSockets(
    p,
    code,
    levels.map((l, i) => ({
      name: `Deelnemer ${i + 1}`,
      department: 'Test',
      answers: [1, 2].map((s): [number, number, number] => [s, l[(s - 1) * 2]!, l[(s - 1) * 2 + 1]!]),
      votes: [actionId],
    })),
  );
}

interface RoadmapJson {
  title: string;
  municipality: string;
  roadmap: { actions: { action_id?: string; id?: string; text: string | null }[] };
}

async function roadmapJson(token = session.facilitator_token): Promise<RoadmapJson> {
  const r = await fetch(`${server.url}/api/sessions/${session.session_id}/roadmap`, { headers: { Authorization: `Bearer ${token}` } });
  expect(r.status).toBe(200);
  return (await r.json()) as RoadmapJson;
}

const actionId = (body: RoadmapJson, text: string) => {
  const a = body.roadmap.actions.find((x) => x.text === text);
  return (a?.action_id ?? a?.id) as string;
};

/** The page's card of the agreed action on the timeline. */
const timelineCard = (p: Page) => p.locator('[data-testid=rm-timeline] .rm-card', { hasText: ACTION });

/** The page shows the agreed action with owner, horizon and conclusion, in priority order and on the timeline. */
async function expectRoadmap(p: Page): Promise<void> {
  await p.getByTestId('roadmap-page').waitFor();
  expect(await p.getByTestId('roadmap-title').textContent()).toBe('Routekaart Utrecht');
  await until(async () => (await p.getByTestId('roadmap-municipality').textContent())?.includes('Utrecht'), 'the municipality by name');
  const row = p.locator('.rm-stmt[data-statement="1"] .rm-action', { hasText: ACTION });
  expect(await row.getByTestId('rm-owner-text').textContent()).toBe(`Eigenaar: ${OWNER}`);
  expect(await row.getByTestId('rm-horizon-text').textContent()).toBe('binnen 1 jaar');
  expect(await row.locator('.rm-chip[data-status=agreed]').textContent()).toBe('afgesproken');
  expect(await row.getByTestId('rm-action-votes').textContent()).toBe('2 stemmen');
  expect(await p.locator('.rm-stmt[data-statement="1"] [data-testid=rm-conclusion]').textContent()).toContain(CONCLUSION);
  // statement 1 (the largest gap and the votes) comes first, with why
  expect(await p.locator('.rm-stmt').first().getAttribute('data-statement')).toBe('1');
  expect(await p.locator('.rm-stmt').first().locator('.visually-hidden').first().textContent()).toContain('kloof');
  // on the timeline, in the column of its horizon, with its owner; the proposed one is not there
  const column = p.locator('[data-testid=rm-timeline] .rm-col[data-horizon=within_1_year]');
  expect(await column.locator('.rm-col__title').textContent()).toBe('binnen 1 jaar');
  expect(await column.locator('.rm-card', { hasText: ACTION }).locator('.rm-card__owner').textContent()).toBe(OWNER);
  expect(await timelineCard(p).count()).toBe(1);
  expect(await p.locator('[data-testid=rm-timeline]', { hasText: OTHER }).count()).toBe(0);
  // read-only: no form field, no select, nothing to moderate
  expect(await p.locator('[data-testid=roadmap-page] input, [data-testid=roadmap-page] select, [data-testid=roadmap-page] textarea').count()).toBe(0);
}

/** Clicks "Download CSV" and checks the request (language, token in the header only) and the file. */
async function expectCsv(p: Page, token: string, lang: 'nl' | 'en'): Promise<string> {
  const [request, response, download] = await Promise.all([
    p.waitForRequest((r) => r.url().includes('/export/roadmap.csv')),
    p.waitForResponse((r) => r.url().includes('/export/roadmap.csv')),
    p.waitForEvent('download'),
    p.getByTestId('roadmap-csv').click(),
  ]);
  const url = new URL(request.url());
  expect(url.pathname).toBe(`/api/sessions/${session.session_id}/export/roadmap.csv`);
  expect(url.searchParams.get('lang')).toBe(lang);
  expect(request.url()).not.toContain(token);
  expect(request.headers()['authorization']).toBe(`Bearer ${token}`);
  expect(response.status()).toBe(200);
  expect(response.headers()['content-type']).toContain('text/csv');
  expect(download.suggestedFilename()).toBe(`${session.session_id}-roadmap.csv`);
  const body = readFileSync(await download.path(), 'utf8');
  const line = body.split(/\r?\n/).find((l) => l.includes(ACTION));
  expect(line).toBeDefined();
  expect(line).toContain(OWNER);
  await until(async () => (await p.getByTestId('roadmap-csv-status').textContent())?.includes('roadmap.csv'), 'the download notice');
  return body;
}

/** Nothing is wider than the viewport. */
const noSideScroll = (p: Page) => p.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);

beforeAll(async () => {
  mkdirSync(screenshotDir, { recursive: true });
  server = await startServer();
  browser = await launchBrowser();
  session = await createSession(server, 'workshop', 'GM0344', 'Routekaart Utrecht');
  page = await (await newContext(browser, 'desktop')).newPage();
  await page.setViewportSize({ width: 1280, height: 720 });
  await rememberFacilitator(page, server, session, 'Routekaart Utrecht');
  await facilitate(page, session, [
    { type: 'propose', statement: 1, text: ACTION },
    { type: 'propose', statement: 1, text: OTHER },
  ]);
  const id = actionId(await roadmapJson(), ACTION);
  expect(id).toBeTruthy();
  await participate(page, session.join_code, id);
  await facilitate(page, session, [
    { type: 'set_owner', action_id: id, owner: OWNER },
    { type: 'set_horizon', action_id: id, horizon: 'within_1_year' },
    { type: 'set_status', action_id: id, status: 'agreed' },
    { type: 'conclude', statement: 1, text: CONCLUSION },
  ]);
});

afterAll(async () => {
  await browser?.close();
  await server?.cleanup();
});

describe('roadmap page', () => {
  it('opens with the facilitator’s saved key and shows the agreed action with its owner and horizon', async () => {
    await page.goto(`${server.url}/roadmap/${session.session_id}`);
    await expectRoadmap(page);
    expect(await noSideScroll(page)).toBe(true);
    await page.screenshot({ path: join(screenshotDir, 'roadmap-page-1280x720.png') });
    await page.screenshot({ path: join(screenshotDir, 'roadmap-page-1280-full.png'), fullPage: true });
  });

  it('downloads the CSV in the page’s language with the token in a header', async () => {
    const nl = await expectCsv(page, session.facilitator_token, 'nl');
    expect(nl).toContain('afgesproken');
    await page.getByTestId('lang-switch').click();
    await until(async () => (await page.getByTestId('roadmap-csv').textContent()) === 'Download CSV' && (await page.locator('.rm-chip[data-status=agreed]').first().textContent()) === 'agreed', 'English page');
    const en = await expectCsv(page, session.facilitator_token, 'en');
    expect(en).toContain('agreed');
    expect(await seriousViolations(page), 'en').toEqual([]);
    await page.getByTestId('lang-switch').click();
    await until(async () => (await page.locator('.rm-chip[data-status=agreed]').first().textContent()) === 'afgesproken', 'Dutch again');
    expect(await seriousViolations(page), 'nl').toEqual([]);
  });

  it('prints without its buttons', async () => {
    await page.emulateMedia({ media: 'print' });
    expect(await page.getByTestId('roadmap-csv').isVisible()).toBe(false);
    expect(await timelineCard(page).isVisible()).toBe(true);
    await page.screenshot({ path: join(screenshotDir, 'roadmap-page-print.png'), fullPage: true });
    await page.emulateMedia({ media: 'screen' });
  });

  it('the workshop PDF shows the same roadmap: the conclusion, and the agreed action with its owner on the timeline', async () => {
    await page.goto(`${server.url}/replay/${session.session_id}`);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('report-pdf').click()]);
    const path = await download.path();
    // poppler's pdftotext (ops/setup installs it), as the server's report tests read their PDFs
    const text = execFileSync('pdftotext', ['-layout', path!, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
    expect(text).toContain('Routekaart');
    expect(text).toContain('Afgesproken acties op de tijdlijn');
    expect(text).toContain(`Eigenaar: ${OWNER}`);
    expect(text).toContain(CONCLUSION);
    // the action's words (it may wrap on its card)
    for (const word of ACTION.split(' ')) expect(text).toContain(word);
    expect(text).not.toContain(OTHER); // proposed, not agreed: not on the timeline
  });

  it('is linked from the dashboard’s roadmap panel', async () => {
    await page.goto(`${server.url}/f/${session.session_id}`);
    await page.locator('[data-testid=connection][data-status=connected]').waitFor();
    // The panel is far below the results on a laptop: the header's button takes the facilitator there.
    await page.setViewportSize({ width: 1280, height: 720 });
    expect(await page.getByTestId('jump-roadmap').textContent()).toBe('Naar de routekaart');
    await page.getByTestId('jump-roadmap').click();
    await until(async () => {
      const box = await page.locator('#roadmap-title').boundingBox();
      return box !== null && box.y >= 0 && box.y < 720;
    }, 'the roadmap panel in view');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('roadmap-title');
    const link = page.getByTestId('rm-open-page');
    expect(await link.textContent()).toBe('Open routekaart');
    await link.click();
    await page.waitForURL(`**/roadmap/${session.session_id}`);
    await expectRoadmap(page);
  });

  it('opens with a review link, from the replay page and straight away, and fits a phone', async () => {
    await page.goto(`${server.url}/f/${session.session_id}`);
    await page.getByTestId('review-link-create').click();
    reviewLink = await until(async () => page.getByTestId('review-link').inputValue(), 'the review link');
    const token = new URL(reviewLink).hash.slice('#token='.length);
    expect(token).toMatch(/^[0-9a-f]{64}$/);

    const reviewer = await (await newContext(browser, 'desktop')).newPage();
    await reviewer.goto(reviewLink);
    await reviewer.getByTestId('replay-roadmap-link').click();
    await reviewer.waitForURL(`**/roadmap/${session.session_id}`);
    await expectRoadmap(reviewer);
    await expectCsv(reviewer, token, 'nl');

    const phone = await (await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true })).newPage();
    await phone.goto(`${server.url}/roadmap/${session.session_id}#token=${token}`);
    await expectRoadmap(phone);
    expect(new URL(phone.url()).hash).toBe('');
    expect(await phone.evaluate((id) => sessionStorage.getItem(`scsa.review.${id}`), session.session_id)).toBe(token);
    expect(await noSideScroll(phone)).toBe(true);
    await phone.screenshot({ path: join(screenshotDir, 'roadmap-page-390x844.png') });
    await phone.screenshot({ path: join(screenshotDir, 'roadmap-page-390-full.png'), fullPage: true });
    await expectCsv(phone, token, 'nl');
  });

  it('asks for a key without one, and refuses a wrong one', async () => {
    const stranger = await (await newContext(browser, 'desktop')).newPage();
    await stranger.goto(`${server.url}/roadmap/${session.session_id}`);
    await stranger.getByTestId('review-token-form').waitFor();
    await stranger.getByTestId('review-token-input').fill('0'.repeat(64));
    await stranger.getByRole('button', { name: 'Sessie openen' }).click();
    await until(async () => (await stranger.locator('[role=alert]').first().textContent())?.includes('geen toegang'), 'refused');
    await stranger.getByTestId('review-token-input').fill(new URL(reviewLink).hash.slice('#token='.length));
    await stranger.getByRole('button', { name: 'Sessie openen' }).click();
    await expectRoadmap(stranger);
  });
});
