// Phones follow the facilitator: "everyone to statement N" takes a participant there (not while they type),
// a closed statement points to the open one, a removed participant is told at once, and an ambition below
// "now" is asked about once.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createSession,
  facilitate,
  launchBrowser,
  screenshotDir,
  seriousViolations,
  startServer,
  type CreatedSession,
  type RunningServer,
} from './harness';
import { choose, phone } from './helpers';

let server: RunningServer;
let browser: Browser;
let session: CreatedSession;
let page: Page;
let wall: Page;

async function joinAs(p: Page, name: string): Promise<void> {
  await p.goto(`${server.url}/join/${session.join_code}`);
  await p.getByLabel('Naam (niet verplicht)').fill(name);
  await p.getByTestId('join-submit').click();
  await p.waitForURL(/\/p(\?|$)/);
  await p.locator('[data-testid=connection][data-status=connected]').waitFor();
}

const shown = (p: Page, n: number) => p.locator(`section.statement[data-statement="${n}"]`).waitFor();

beforeAll(async () => {
  mkdirSync(screenshotDir, { recursive: true });
  server = await startServer();
  browser = await launchBrowser();
  session = await createSession(server);
  wall = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  await wall.goto(server.url + '/');
  page = await phone(browser);
  await joinAs(page, 'Ann');
  await shown(page, 1);
});

afterAll(async () => {
  await browser?.close();
  await server?.cleanup();
});

describe('a participant follows the facilitator', () => {
  it('is taken to the statement the facilitator sends everyone to, and told so politely', async () => {
    await choose(page, 'current', 2);
    await facilitate(wall, session, [{ type: 'focus', statement: 7 }]);
    await shown(page, 7);
    const moved = page.getByTestId('moved');
    await moved.filter({ hasText: 'stelling 7' }).waitFor();
    expect(await moved.getAttribute('role')).toBe('status');
    await page.waitForURL(/\?s=7$/);
    await page.screenshot({ path: join(screenshotDir, 'follow-moved.png'), scale: 'css' });

    // the same focus again (a new number) brings back someone who wandered off
    await page.getByRole('button', { name: 'Volgende' }).click();
    await shown(page, 8);
    await facilitate(wall, session, [{ type: 'focus', statement: 7 }]);
    await shown(page, 7);
  });

  it('is not moved while typing, but offered the way there', async () => {
    // a text field of the page has the keyboard (here one added for the test: the page has none of its own)
    await page.evaluate(() => {
      const input = document.createElement('input');
      input.type = 'text';
      input.id = 'typing-probe';
      input.setAttribute('aria-label', 'probe');
      document.body.append(input);
      input.focus();
    });
    await facilitate(wall, session, [{ type: 'focus', statement: 9 }]);
    const offer = page.getByTestId('follow-focus');
    await offer.waitFor();
    await expect(page.getByTestId('moved').textContent()).resolves.toContain('stelling 9');
    expect(await page.locator('section.statement').getAttribute('data-statement')).toBe('7');
    await page.evaluate(() => document.getElementById('typing-probe')?.remove());
    await offer.click();
    await shown(page, 9);
  });

  it('starts at the focused statement when joining, but a reload mid-way stays where it was', async () => {
    const late = await phone(browser);
    await joinAs(late, 'Bo');
    await shown(late, 9);
    await late.getByRole('button', { name: 'Volgende' }).click();
    await shown(late, 10);
    await late.reload();
    await shown(late, 10);
    await late.locator('[data-testid=connection][data-status=connected]').waitFor();
    // an update after the reload's snapshot shows the snapshot was applied (the same focus number): still on 10
    await facilitate(wall, session, [{ type: 'close', statement: 10 }]);
    await late.getByTestId('locked').waitFor();
    expect(await late.locator('section.statement').getAttribute('data-statement')).toBe('10');
    await facilitate(wall, session, [{ type: 'open', statement: 10 }]);
    await late.context().close();
  });

  it('shows on a closed statement where to go: the one open statement, or each open one', async () => {
    await facilitate(wall, session, [{ type: 'close', statement: 'all' }, { type: 'open', statement: 5 }]);
    const locked = page.getByTestId('locked');
    await locked.filter({ hasText: 'stelling 5' }).waitFor();
    await page.screenshot({ path: join(screenshotDir, 'follow-closed-points.png'), scale: 'css' });
    expect(await seriousViolations(page)).toEqual([]);
    await locked.getByRole('button', { name: 'Ga naar stelling 5' }).click();
    await shown(page, 5);
    expect(await page.locator('fieldset[data-aspect=current] input[value="1"]').isDisabled()).toBe(false);

    await facilitate(wall, session, [{ type: 'open', statement: 12 }, { type: 'close', statement: 5 }, { type: 'open', statement: 14 }]);
    await locked.getByRole('button', { name: 'Ga naar stelling 14' }).waitFor();
    await locked.getByRole('button', { name: 'Ga naar stelling 12' }).click();
    await shown(page, 12);
    await facilitate(wall, session, [{ type: 'open', statement: 'all' }]);
    await page.getByTestId('locked').waitFor({ state: 'detached' });
  });

  it('asks once, inline, about an ambition below now, and not again once confirmed', async () => {
    await shown(page, 12);
    await choose(page, 'current', 4);
    await choose(page, 'desired', 2);
    const ask = page.getByTestId('lower-ask');
    await ask.filter({ hasText: 'lager dan nu' }).waitFor();
    await page.getByTestId('sr-polite').filter({ hasText: 'lager dan nu' }).waitFor();
    // in one task of the page: a re-render between finding the question and scrolling cannot detach it
    await page.evaluate(() => document.querySelector('[data-testid=lower-ask]')?.scrollIntoView({ block: 'center' }));
    await page.screenshot({ path: join(screenshotDir, 'lower-ambition-ask.png'), scale: 'css' });
    expect(await seriousViolations(page)).toEqual([]);
    // it does not block: the answer was sent as chosen
    await page.locator('[data-testid=connection][data-status=connected][data-waiting="0"]').waitFor();
    await ask.getByRole('button', { name: 'Ja, dat klopt' }).click();
    await ask.waitFor({ state: 'detached' });
    await choose(page, 'desired', 1);
    expect(await page.getByTestId('lower-ask').count()).toBe(0);

    // "change it" takes the keyboard to the desired levels; a higher ambition needs no question
    await page.getByRole('button', { name: 'Volgende' }).click();
    await shown(page, 13);
    await choose(page, 'current', 3);
    await choose(page, 'desired', 1);
    await ask.getByRole('button', { name: 'Aanpassen' }).click();
    await ask.waitFor({ state: 'detached' });
    await expect(page.evaluate(() => document.activeElement?.closest('fieldset')?.dataset.aspect)).resolves.toBe('desired');
    await choose(page, 'desired', 4);
    expect(await page.getByTestId('lower-ask').count()).toBe(0);
  });

  it('tells a removed participant at once and stops the answering', async () => {
    await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
    await page.waitForFunction(() => window.scrollY > 200);
    const participantId = await page.evaluate((sid) => JSON.parse(localStorage.getItem(`scsa.participant.${sid}`)!).participant_id, session.session_id);
    await facilitate(wall, session, [{ type: 'remove', participant_id: participantId }]);
    await page.getByTestId('removed').filter({ hasText: 'verwijderd' }).waitFor();
    await page.getByTestId('sr-alert').filter({ hasText: 'verwijderd' }).waitFor();
    // told where they are reading: the banner at the top is brought into view
    await page.waitForFunction(() => window.scrollY === 0);
    expect(await page.locator('fieldset[data-aspect=current] input[value="2"]').isDisabled()).toBe(true);
    // no "● Verbonden" beside "you were removed": they no longer take part
    const notConnected = async () => {
      expect(await page.getByTestId('connection').count()).toBe(0);
      expect(await page.locator('.p-top').textContent()).not.toContain('Verbonden');
    };
    await notConnected();
    await page.screenshot({ path: join(screenshotDir, 'participant-removed.png'), scale: 'css' });
    // the same after a reload (the snapshot says removed)
    await page.reload();
    await page.getByTestId('removed').filter({ hasText: 'verwijderd' }).waitFor();
    await notConnected();
  });
});
