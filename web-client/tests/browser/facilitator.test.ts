// The facilitator dashboard against a real server: a facilitator (desktop) and three participants (phones)
// in separate browser contexts. Participants answer and the dashboard's counts and distributions follow;
// the facilitator closes a statement (locked on the phones), reveals (the phones show the group), removes
// someone, focuses a statement and starts round 2; projector mode toggles; axe finds nothing serious.
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createSession,
  docsDir,
  joinOverSockets,
  launchBrowser,
  newContext,
  rememberFacilitator,
  screenshotDir,
  startServer,
  until,
  type CreatedSession,
  type RunningServer,
} from './harness';
import { choose, expectAccessible, settled, text } from './helpers';


let server: RunningServer;
let browser: Browser;
let session: CreatedSession;
let wallContext: BrowserContext;
let wall: Page;
const phones: Page[] = [];

const people = [
  { name: 'Ann de Vries', department: 'Ruimtelijke ordening', current: 2, desired: 4 },
  { name: 'Bram Jansen', department: 'ICT', current: 3, desired: 5 },
  { name: 'Chloé Bakker', department: 'Dienstverlening', current: 2, desired: 3 },
];

/**
 * More participants for a fuller picture, straight over WebSockets from a page of the server's origin:
 * each joins and answers every statement with levels from a fixed pattern (so the screenshot is stable);
 * statement 1 is closed by then.
 */
async function seedParticipants(page: Page, code: string, count: number): Promise<void> {
  const departments = ['Financiën', 'Wonen', 'Mobiliteit', 'Sociaal domein', 'Informatievoorziening', 'Bestuur'];
  // a fixed pseudo-random sequence (mulberry32), so every run and screenshot is the same
  let seed = 20240521;
  const random = () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let x = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
  const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  // per statement: current mean, gap, spread. Following the content brief, the largest gaps are on ICT
  // systems (19), handling of data (14), procurement (7), sensor data (20) and the roadmap (2); the
  // smallest on one point of contact (11), service quality (12), measurement (3), budget (4), informing
  // stakeholders (8) and asset information (17). Some statements split the room.
  const current = [2.2, 1.6, 2.4, 2.6, 1.8, 2.0, 1.5, 2.5, 1.9, 2.1, 3.0, 2.8, 1.9, 1.7, 1.8, 1.7, 2.7, 1.4, 1.8, 1.5, 1.6];
  const gaps = [1.6, 2.2, 0.5, 0.5, 1.5, 1.6, 2.3, 0.6, 1.4, 1.7, 0.3, 0.4, 1.6, 2.4, 1.5, 1.8, 0.6, 1.4, 2.6, 2.3, 1.7];
  const spread = [0.5, 0.9, 0.4, 0.5, 0.8, 0.6, 1.3, 0.5, 1.7, 0.7, 0.3, 0.4, 0.9, 1.9, 0.7, 1.4, 0.5, 0.8, 1.1, 0.9, 1.6];
  const level = (mean: number, sd: number) => Math.min(5, Math.max(1, Math.round(mean + sd * normal())));
  const people = Array.from({ length: count }, (_, p) => ({
    name: `Deelnemer ${p + 4}`,
    department: departments[p % departments.length],
    answers: Array.from({ length: 21 }, (_, i): [number, number, number] => {
      const now = level(current[i]!, spread[i]!);
      return [i + 1, now, Math.max(now, level(current[i]! + gaps[i]!, spread[i]! * 0.8))];
    }),
  }));
  await joinOverSockets(page, code, people, { tolerate: ['statement_closed'] });
}

beforeAll(async () => {
  mkdirSync(screenshotDir, { recursive: true });
  mkdirSync(docsDir, { recursive: true });
  server = await startServer();
  browser = await launchBrowser();
  session = await createSession(server);
  wallContext = await browser.newContext({ viewport: { width: 1600, height: 1000 } });
  wall = await wallContext.newPage();
  await rememberFacilitator(wall, server, session, 'Roadmap-sessie Utrecht');
});

afterAll(async () => {
  await browser?.close();
  await server?.cleanup();
});

describe('facilitator dashboard', () => {
  it('shows the join code with a QR code and nobody present yet', async () => {
    await wall.goto(`${server.url}/f/${session.session_id}`);
    await wall.locator('[data-testid=connection][data-status=connected]').waitFor();
    expect(await text(wall, 'facilitator-join-code')).toBe(session.join_code);
    await wall.locator('[data-testid=join-qr][src^="data:image/png"]').waitFor();
    expect(await text(wall, 'joined-count')).toBe('0');
    expect(await wall.getByRole('heading', { level: 1 }).textContent()).toBe('Browser test');
    await until(async () => (await text(wall, 'dash-sub')).startsWith('Utrecht'), 'the municipality by name');
    // the catalogue arrived: level names label the hidden tables and the heat map has titles
    await until(async () => (await wall.locator('.heat__title').first().textContent())?.length, 'statement titles');
  });

  it('counts three participants on phones and their answers as they come in', async () => {
    for (const person of people) {
      const phone = await (await newContext(browser, 'phone')).newPage();
      await phone.goto(`${server.url}/join/${session.join_code}`);
      await phone.getByLabel('Naam (niet verplicht)').fill(person.name);
      await phone.getByLabel('Afdeling (niet verplicht)').fill(person.department);
      await phone.getByTestId('join-submit').click();
      await phone.locator('section.statement[data-statement="1"]').waitFor();
      phones.push(phone);
    }
    await until(async () => (await text(wall, 'joined-count')) === '3' && (await text(wall, 'connected-count')) === '3', 'three present');
    const list = wall.getByTestId('participant-list');
    for (const person of people) await list.getByText(person.name).waitFor();
    await list.getByText('Ruimtelijke ordening').waitFor();

    for (const [i, person] of people.entries()) {
      await choose(phones[i]!, 'current', person.current);
      await choose(phones[i]!, 'desired', person.desired);
    }
    await until(async () => (await text(wall, 'answered-1')) === '3 van 3', 'statement 1 answered by all three');
    expect(await text(wall, 'detail-answered')).toBe('3 van 3 beantwoord');
    const detail = wall.getByTestId('statement-detail');
    expect(await detail.getAttribute('data-statement')).toBe('1');
    await until(
      async () => (await detail.locator('figure[data-aspect=current]').getAttribute('data-counts')) === '0,2,1,0,0',
      'current distribution',
    );
    expect(await detail.locator('figure[data-aspect=desired]').getAttribute('data-counts')).toBe('0,0,1,1,1');
    // the statistics: desired mean 4, current mean 2.33 → gap +1.7; the chart has a text alternative
    expect(await detail.locator('figure[data-aspect=desired] [data-stat=mean]').textContent()).toBe('4,0');
    expect(await text(wall, 'detail-gap')).toContain('+1,7');
    expect(await detail.locator('canvas[data-testid=chart-current]').getAttribute('aria-label')).toMatch(/3 antwoorden/);
    expect(await detail.getByTestId('table-desired').locator('tbody tr').nth(4).locator('td').textContent()).toBe('1');
    // the heat map cell of statement 1 carries the gap and the consensus in words
    const cell = wall.locator('.heat__cell[data-statement="1"]');
    expect(await cell.textContent()).toMatch(/^Stelling 1.+Kloof \+1,7Overeenstemming (hoog|matig|laag) 0,\d\d$/);
    await wall.getByTestId('ranking').locator('li').first().waitFor();
  });

  it('closes a statement: the phones show it locked', async () => {
    await wall.getByTestId('toggle-1').click();
    await settled(wall);
    await until(async () => (await wall.locator('[data-testid=pacing] tr[data-statement="1"]').getAttribute('data-open')) === 'false', 'closed on the dashboard');
    for (const phone of phones) await phone.getByTestId('locked').waitFor();
    expect(await phones[0]!.locator('fieldset[data-aspect=current] input[value="3"]').isDisabled()).toBe(true);
  });

  it('reveals: the phones show the group distribution', async () => {
    await wall.getByTestId('reveal').click();
    await wall.locator('[data-testid=revealed-state][data-revealed=true]').waitFor();
    await settled(wall);
    for (const phone of phones) {
      const group = phone.locator('section.group-results');
      await group.waitFor();
      await expect(group.locator('figure.dist--current').textContent()).resolves.toContain('3 antwoorden');
    }
    expect(await text(wall, 'reveal')).toBe('Resultaten verbergen');
  });

  it('removes a participant after asking, and focuses one statement', async () => {
    await seedParticipants(wall, session.join_code, 9);
    await until(async () => (await text(wall, 'joined-count')) === '12', 'twelve joined');
    await until(async () => (await text(wall, 'answered-21')) === '9 van 12', 'seeded answers');
    const row = wall.locator('.people__row', { hasText: 'Deelnemer 12' });
    await row.getByTestId('remove').click();
    await row.getByTestId('remove-confirm').waitFor();
    await row.getByTestId('remove-confirm-yes').click();
    await until(async () => (await text(wall, 'joined-count')) === '11', 'one removed');
    // still listed, marked as removed, without a remove button
    await until(async () => (await row.getAttribute('data-removed')) === 'true', 'marked removed');
    expect(await row.locator('.people__state').textContent()).toBe('verwijderd');
    expect(await row.getByTestId('remove').isVisible()).toBe(false);
    await until(async () => (await text(wall, 'answered-21')) === '8 van 11', 'the removed one’s answers no longer count');

    await wall.getByTestId('focus-5').click();
    await settled(wall);
    await until(async () => (await wall.getByTestId('statement-detail').getAttribute('data-statement')) === '5', 'statement 5 shown');
    expect(await text(wall, 'detail-state')).toBe('alleen deze geopend');
    expect(await wall.locator('[data-testid=pacing] tr[data-open=true]').count()).toBe(1);
    await until(async () => (await phones[0]!.locator('section.statement[data-statement]').count()) > 0, 'phone still shows');
    await wall.getByTestId('open-all').click();
    await settled(wall);
    await until(async () => (await wall.locator('[data-testid=pacing] tr[data-open=true]').count()) === 21, 'all open');

    await wall.evaluate(() => window.scrollTo(0, 0));
    await wall.getByTestId('participant-list').evaluate((el) => (el.scrollTop = 0));
    await wall.locator('.heat__cell[data-statement="21"][data-level]:not([data-level=none])').waitFor();
    // the screenshot: everything down to the heat map (the tables below it are long)
    const heat = (await wall.getByTestId('heatmap').boundingBox())!;
    await wall.screenshot({
      path: join(screenshotDir, 'facilitator-dashboard.png'),
      fullPage: true,
      clip: { x: 0, y: 0, width: 1600, height: Math.ceil(heat.y + heat.height + 16) },
    });
    copyFileSync(join(screenshotDir, 'facilitator-dashboard.png'), join(docsDir, 'facilitator-dashboard.png'));
    await expectAccessible(wall, 'dashboard');
  });

  it('switches to projector mode and back (button, P key, ?projector=1)', async () => {
    await wall.getByTestId('projector-toggle').click();
    const dash = wall.getByTestId('dashboard');
    await wall.locator('[data-testid=dashboard][data-projector=true][data-scene=results]').waitFor();
    expect(await wall.getByTestId('reveal').isVisible()).toBe(false);
    expect(await wall.getByTestId('heatmap').isVisible()).toBe(true);
    expect(await wall.locator('.site-header').isVisible()).toBe(false);
    expect(new URL(wall.url()).searchParams.get('projector')).toBe('1');
    await wall.keyboard.press('ArrowRight');
    await until(async () => (await wall.getByTestId('statement-detail').getAttribute('data-statement')) === '6', 'next statement');
    await wall.keyboard.press('ArrowLeft');
    await until(async () => (await wall.getByTestId('statement-detail').getAttribute('data-statement')) === '5', 'previous statement');
    await wall.screenshot({ path: join(screenshotDir, 'facilitator-projector.png') });
    await expectAccessible(wall, 'projector');
    await wall.keyboard.press('Escape');
    await until(async () => (await dash.getAttribute('data-projector')) === 'false', 'projector off');
    await wall.keyboard.press('p');
    await until(async () => (await dash.getAttribute('data-projector')) === 'true', 'projector on by key');
    await wall.keyboard.press('p');
    await until(async () => (await dash.getAttribute('data-projector')) === 'false', 'projector off by key');

    // a new, empty session on the wall opens with the join code and QR filling the screen
    const fresh = await createSession(server);
    const page = await wallContext.newPage();
    await rememberFacilitator(page, server, fresh, 'Leeg');
    await page.goto(`${server.url}/f/${fresh.session_id}?projector=1`);
    await page.locator('[data-testid=dashboard][data-projector=true][data-scene=join]').waitFor();
    expect(await text(page, 'projector-join-code')).toBe(fresh.join_code);
    await page.locator('[data-testid=projector-qr][src^="data:image/png"]').waitFor();
    await expectAccessible(page, 'projector, join scene');
    await page.close();
  });

  it('starts round 2 after asking and shows round 1 beside it', async () => {
    await wall.getByTestId('new-round').click();
    await wall.getByTestId('new-round-confirm-yes').click();
    await until(async () => (await text(wall, 'round')) === 'Ronde 2', 'round 2 on the dashboard');
    await settled(wall);
    for (const phone of phones) await phone.locator('.badge', { hasText: 'Ronde 2' }).waitFor();
    await wall.getByTestId('rounds').waitFor();
    // statement 1 was closed in round 1 and opened again by "open all"; a phone answers it in round 2
    await phones[0]!.getByRole('button', { name: /Overzicht/ }).click();
    await phones[0]!.locator('[data-key="ov-1"]').click();
    await choose(phones[0]!, 'current', 4);
    await until(async () => (await text(wall, 'answered-split-1')) === 'nu 1 · gewenst 0', 'a round 2 answer');
    expect(await text(wall, 'answered-1')).toBe('0 van 11');
    await wall.getByTestId('toggle-1').focus();
    await wall.locator('.heat__cell[data-statement="1"]').click();
    // the detail showed statement 5 before the click, and it has a round 1 line too: wait for statement 1
    await until(async () => (await wall.getByTestId('statement-detail').getAttribute('data-statement')) === '1', 'statement 1 shown');
    await until(async () => (await wall.getByTestId('detail-round1').isVisible()) === true, 'round 1 line');
    expect(await text(wall, 'detail-round1')).toMatch(/^Ronde 1: nu 2,\d · gewenst 4,\d/);
    expect(await wall.locator('[data-testid=rounds] tr[data-statement="1"]').count()).toBe(1);
  });

  it('closes and reopens the session', async () => {
    await wall.getByTestId('close-session').click();
    await wall.getByTestId('close-session-confirm-yes').click();
    await until(async () => (await text(wall, 'session-state')).startsWith('Sessie gesloten'), 'closed');
    await phones[1]!.getByText('De begeleider heeft de sessie afgesloten').waitFor();
    await settled(wall);
    await wall.getByTestId('close-session').click(); // now "reopen", no question
    await until(async () => !(await text(wall, 'session-state')).startsWith('Sessie gesloten'), 'reopened');
  });

  it('asks for the key when this browser has none, and refuses a wrong one', async () => {
    const ctx = await newContext(browser, 'desktop');
    const page = await ctx.newPage();
    await page.goto(`${server.url}/f/${session.session_id}`);
    await page.getByTestId('token-form').waitFor();
    await expectAccessible(page, 'token form');
    await page.getByTestId('token-input').fill('0'.repeat(64));
    await page.getByRole('button', { name: 'Dashboard openen' }).click();
    await page.getByText('Deze sleutel hoort niet bij deze sessie.').waitFor();
    await page.getByTestId('token-input').fill(session.facilitator_token);
    await page.getByRole('button', { name: 'Dashboard openen' }).click();
    await until(async () => (await page.getByTestId('facilitator-join-code').textContent()) === session.join_code, 'join code from the snapshot');
    await until(async () => (await text(page, 'joined-count')) === '11', 'the same session');

    // English: the page follows the switch and stays connected
    await page.getByTestId('lang-switch').click();
    await page.getByRole('heading', { name: 'Where the discussion should go' }).waitFor();
    await page.locator('[data-testid=connection][data-status=connected]').waitFor();
    await until(async () => (await text(page, 'joined-count')) === '11', 'counts after the switch');
    expect(await text(page, 'reveal')).toBe('Hide results');
    await expectAccessible(page, 'dashboard in English');
    await page.getByTestId('lang-switch').click();
    await page.getByRole('heading', { name: 'Waar het gesprek over moet gaan' }).waitFor();
    await ctx.close();
  });
});
