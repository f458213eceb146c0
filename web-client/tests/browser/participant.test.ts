// A participant on a phone: joins with a code typed in lower case, answers current and desired, survives
// a reload, a lost network and a server restart without losing or duplicating an answer; sees locked
// statements and, once revealed, the group's distribution; downloads their own report once they answered.
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createSession,
  facilitate,
  launchBrowser,
  newContext,
  results,
  screenshotDir,
  startServer,
  until,
  type CreatedSession,
  type RunningServer,
} from './harness';
import { choose, saved } from './helpers';

let server: RunningServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let session: CreatedSession;

async function statement(p: Page, n: number): Promise<void> {
  await p.getByRole('button', { name: /Overzicht|Overview/ }).click();
  await p.locator(`[data-key="ov-${n}"]`).click();
  await p.locator(`section.statement[data-statement="${n}"]`).waitFor();
}

function cell(r: Awaited<ReturnType<typeof results>>, statement: number, aspect: 'current' | 'desired') {
  const round = r.rounds[r.rounds.length - 1]!;
  return round.consensus.statements.find((s) => s.statement === statement)![aspect];
}

beforeAll(async () => {
  mkdirSync(screenshotDir, { recursive: true });
  server = await startServer();
  browser = await launchBrowser();
  session = await createSession(server);
  context = await newContext(browser, 'phone');
  page = await context.newPage();
});

afterAll(async () => {
  await browser?.close();
  await server?.cleanup();
});

describe('participant on a phone', () => {
  it('joins with a code in any case and answers current and desired for a statement', async () => {
    await page.goto(server.url + '/');
    await page.getByTestId('join-code').fill(session.join_code.toLowerCase());
    await page.getByRole('button', { name: 'Meedoen' }).click();
    await page.waitForURL(/\/join\//);
    await page.getByLabel('Naam (niet verplicht)').fill('Ann');
    await page.getByLabel('Afdeling (niet verplicht)').fill('Ruimte');
    await page.getByTestId('join-submit').click();
    await page.waitForURL(/\/p(\?|$)/);
    await page.locator('section.statement[data-statement="1"]').waitFor();
    await saved(page);

    await choose(page, 'current', 2);
    await choose(page, 'desired', 4);
    // cumulative: 1 is included under the chosen 2, and 1..3 under the chosen 4
    await expect(page.locator('fieldset[data-aspect=current] label[data-level="1"]').getAttribute('data-state')).resolves.toBe('included');
    await expect(page.locator('fieldset[data-aspect=desired] label[data-state=included]').count()).resolves.toBe(3);
    await saved(page);
    await expect(page.getByTestId('progress').textContent()).resolves.toContain('1 van 21');
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: join(screenshotDir, 'participant-phone.png') });

    const r = await until(async () => {
      const r = await results(server, session);
      return cell(r, 1, 'desired').n === 1 ? r : null;
    }, 'statement 1 answered on the server');
    expect(cell(r, 1, 'current').counts).toEqual([0, 1, 0, 0, 0]);
    expect(cell(r, 1, 'desired').counts).toEqual([0, 0, 0, 1, 0]);
  });

  it('downloads their own report as a PDF from the participant view', async () => {
    const panel = page.getByTestId('report-panel');
    await panel.getByRole('heading', { name: 'Uw rapport' }).waitFor();
    const [response, download] = await Promise.all([
      page.waitForResponse((r) => r.url().includes('/my-report.pdf')),
      page.waitForEvent('download'),
      panel.getByRole('button', { name: 'PDF downloaden' }).click(),
    ]);
    expect(response.status()).toBe(200);
    expect(response.headers()['content-type']).toContain('application/pdf');
    expect(download.suggestedFilename()).toMatch(/\.pdf$/);
    expect(readFileSync(await download.path()).subarray(0, 5).toString('latin1')).toBe('%PDF-');
  });

  it('still shows the answers after a reload', async () => {
    await page.reload();
    await page.locator('section.statement[data-statement="1"]').waitFor();
    await page.locator('fieldset[data-aspect=current] label[data-level="2"][data-state=chosen]').waitFor();
    await page.locator('fieldset[data-aspect=desired] label[data-level="4"][data-state=chosen]').waitFor();
    expect(await page.locator('fieldset[data-aspect=current] input[value="2"]').isChecked()).toBe(true);
    await saved(page);
  });

  it('queues answers while offline, shows them waiting, and sends each exactly once when back', async () => {
    const before = await (await fetch(server.url + '/healthz')).json();
    await context.setOffline(true);
    await page.locator('[data-testid=connection][data-status=offline]').waitFor();
    await statement(page, 2);
    await choose(page, 'current', 3);
    await choose(page, 'desired', 5);
    await statement(page, 1);
    await choose(page, 'desired', 5); // a changed answer, also offline
    await page.locator('[data-testid=connection][data-status=offline][data-waiting="3"]').waitFor();
    await expect(page.getByTestId('connection').textContent()).resolves.toContain('3 antwoorden wachten');
    await page.screenshot({ path: join(screenshotDir, 'participant-phone-offline.png'), scale: 'css' });

    // a reload while offline keeps the queue (the page itself comes from the cache-less server, so
    // reloading is not possible offline; the outbox survives in localStorage, checked here)
    const stored = await page.evaluate(() =>
      Object.keys(localStorage).filter((k) => k.startsWith('scsa.outbox.')).map((k) => JSON.parse(localStorage.getItem(k)!).length),
    );
    expect(stored).toEqual([3]);

    await context.setOffline(false);
    await saved(page);
    const r = await until(async () => {
      const r = await results(server, session);
      return cell(r, 2, 'desired').n === 1 && cell(r, 1, 'desired').counts[4] === 1 ? r : null;
    }, 'offline answers on the server');
    expect(cell(r, 2, 'current').counts).toEqual([0, 0, 1, 0, 0]);
    expect(cell(r, 2, 'desired').counts).toEqual([0, 0, 0, 0, 1]);
    expect(cell(r, 1, 'desired').counts).toEqual([0, 0, 0, 0, 1]);
    expect(cell(r, 1, 'current').counts).toEqual([0, 1, 0, 0, 0]);
    // every answer landed once: three commands, three events in the log
    const after = await (await fetch(server.url + '/healthz')).json();
    expect(after.last_sequence - before.last_sequence).toBe(3);
  });

  it('survives a server restart: answers made while it is down arrive once after it is back', async () => {
    await server.stop();
    await page.locator('[data-testid=connection]:not([data-status=connected])').waitFor();
    await statement(page, 3);
    await choose(page, 'current', 1);
    await choose(page, 'desired', 2);
    await page.locator('[data-testid=connection][data-waiting="2"]').waitFor();
    await server.restart();
    await saved(page);
    const r = await until(async () => {
      const r = await results(server, session);
      return cell(r, 3, 'desired').n === 1 ? r : null;
    }, 'answers after the restart');
    expect(cell(r, 3, 'current').counts).toEqual([1, 0, 0, 0, 0]);
    expect(cell(r, 3, 'desired').counts).toEqual([0, 1, 0, 0, 0]);
    expect(cell(r, 1, 'current').n).toBe(1);
  });

  it('shows a closed statement as locked, once revealed the group distribution, and a new round', async () => {
    const wall = await (await newContext(browser, 'desktop')).newPage();
    await wall.goto(server.url + '/');
    await facilitate(wall, session, [{ type: 'close', statement: 4 }, { type: 'reveal' }]);

    await statement(page, 4);
    await page.getByTestId('locked').waitFor();
    expect(await page.locator('fieldset[data-aspect=current] input[value="1"]').isDisabled()).toBe(true);
    expect(await page.locator('fieldset[data-aspect=desired] input[value="5"]').isDisabled()).toBe(true);

    await statement(page, 1);
    const group = page.locator('section.group-results');
    await group.waitFor();
    await expect(group.locator('figure.dist--desired').textContent()).resolves.toContain('1 antwoord');
    await page.screenshot({ path: join(screenshotDir, 'participant-phone-revealed.png'), fullPage: true, scale: 'css' });

    // a second round starts empty: the first round's answers stay with round 1
    await facilitate(wall, session, [{ type: 'hide' }, { type: 'new_round' }]);
    await page.locator('.badge', { hasText: 'Ronde 2' }).waitFor();
    await page.getByTestId('notice').filter({ hasText: 'nieuwe ronde' }).waitFor();
    expect(await page.locator('section.group-results').count()).toBe(0);
    expect(await page.locator('fieldset[data-aspect=current] label[data-state=chosen]').count()).toBe(0);
    await choose(page, 'current', 3);
    await saved(page);
    const r = await until(async () => {
      const r = await results(server, session);
      return r.rounds.length === 2 && cell(r, 1, 'current').n === 1 ? r : null;
    }, 'a round 2 answer');
    expect(cell(r, 1, 'current').counts).toEqual([0, 0, 1, 0, 0]);
    expect(r.rounds[0]!.consensus.statements[0]!.current.counts).toEqual([0, 1, 0, 0, 0]);
    await wall.context().close();
  });
});
