// The roadmap dialogue end to end, against a real server: a facilitator creates a workshop on the landing
// page, three phones (390×844) join and answer statement 1, one proposes two actions (the second a
// duplicate), the others vote, a participant explains their level and the facilitator shows it, the
// facilitator merges the duplicate (its votes carry over), sets owner, horizon and "agreed" and records a
// conclusion; the roadmap panel, the timeline, the wall and the phones show it. Every assertion is on what a
// page shows. Screenshots: test-results/screenshots/roadmap-*.png (and docs/roadmap-*.png for the README).
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { devices, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { docsDir, launchBrowser, screenshotDir, seriousViolations, startServer, until, type RunningServer } from './harness';
import { choose, saved, settled } from './helpers';

let server: RunningServer;
let browser: Browser;
let dash: Page;
const phones: Page[] = [];
let code = '';

const ORIGINAL = 'Een gedeelde smart city visie opstellen met de raad';
const DUPLICATE = 'Samen met de raad een gedeelde visie opstellen';

async function newPhone(): Promise<Page> {
  const { defaultBrowserType: _ignored, ...pixel } = devices['Pixel 7']!;
  const context = await browser.newContext({ ...pixel, viewport: { width: 390, height: 844 } });
  return context.newPage();
}

async function joinAndAnswer(p: Page, name: string, current: number, desired: number): Promise<void> {
  await p.goto(`${server.url}/join/${code}`);
  await p.getByLabel('Naam (niet verplicht)').fill(name);
  await p.getByTestId('join-submit').click();
  await p.waitForURL(/\/p(\?|$)/);
  await p.locator('section.statement[data-statement="1"]').waitFor();
  await choose(p, 'current', current);
  await choose(p, 'desired', desired);
  await saved(p);
}

/** The phone's action item with this text. */
const item = (p: Page, text: string) => p.locator('[data-testid=roadmap-participant] .rp-action', { hasText: text });
/** The dashboard's action row with this text. */
const row = (text: string) =>
  dash
    .locator('[data-testid=roadmap-panel] .rm-stmt[data-statement="1"] .rm-action')
    .filter({ has: dash.getByTestId('rm-action-text').getByText(text, { exact: true }) });

async function vote(p: Page, text: string): Promise<void> {
  await item(p, text).getByTestId('vote').click();
  await item(p, text).locator('[data-testid=vote][aria-pressed=true]').waitFor();
  await saved(p);
}

beforeAll(async () => {
  mkdirSync(screenshotDir, { recursive: true });
  mkdirSync(docsDir, { recursive: true });
  server = await startServer();
  browser = await launchBrowser();
  const context = await browser.newContext({ viewport: { width: 1440, height: 1000 } });
  dash = await context.newPage();
});

afterAll(async () => {
  await browser?.close();
  await server?.cleanup();
});

describe('the roadmap dialogue', () => {
  it('a facilitator creates a workshop and three phones answer statement 1', async () => {
    await dash.goto(server.url + '/');
    await dash.getByLabel('Titel van de workshop').fill('Routekaart Eindhoven');
    await dash.locator('.card', { hasText: 'Workshop organiseren' }).getByTestId('municipality-search').fill('Eindhoven');
    await dash.getByTestId('municipality-chosen').filter({ hasText: 'Eindhoven' }).waitFor();
    await dash.getByRole('button', { name: 'Workshop aanmaken' }).click();
    await dash.waitForURL(/\/f\/s-/);
    await dash.getByRole('button', { name: 'Ik heb de sleutel bewaard' }).click();
    code = ((await dash.getByTestId('facilitator-join-code').first().textContent()) ?? '').replace(/\s/g, '');
    expect(code.length).toBeGreaterThan(3);
    await dash.locator('[data-testid=connection][data-status=connected]').waitFor();
    // the panel is there from the start: the priority list before anyone proposed anything
    await dash.getByTestId('roadmap-panel').getByRole('heading', { name: 'Routekaart', exact: true }).waitFor();

    for (let i = 0; i < 3; i++) phones.push(await newPhone());
    await joinAndAnswer(phones[0]!, 'Ann', 2, 4);
    await joinAndAnswer(phones[1]!, 'Bram', 1, 4);
    await joinAndAnswer(phones[2]!, 'Cem', 2, 5);
    await phones[0]!.getByTestId('votes-left').filter({ hasText: '5 stemmen over' }).waitFor();
    // the proposal asks about the participant's own gap
    await phones[0]!.getByText('Wat brengt ons van niveau 2 naar niveau 4?').waitFor();
  });

  it('a participant proposes two actions (one a duplicate) and everyone sees them', async () => {
    const ann = phones[0]!;
    const field = ann.getByTestId('propose-text');
    await field.fill(ORIGINAL);
    expect(await ann.getByTestId('propose-text-count').textContent()).toBe(`${ORIGINAL.length} van 280 tekens`);
    await ann.getByRole('button', { name: 'Voorstellen' }).click();
    await ann.getByTestId('propose-status').filter({ hasText: 'Uw voorstel staat erbij' }).waitFor();
    await field.fill(DUPLICATE);
    await ann.getByRole('button', { name: 'Voorstellen' }).click();
    for (const p of phones) {
      await item(p, ORIGINAL).waitFor();
      await item(p, DUPLICATE).waitFor();
    }
    // an empty proposal is not sent: a friendly sentence instead
    await field.fill('   ');
    await ann.getByRole('button', { name: 'Voorstellen' }).click();
    await ann.getByTestId('roadmap-error').filter({ hasText: 'Schrijf iets' }).waitFor();
  });

  it('the others vote; votes left count down and the counts reach every phone', async () => {
    const [ann, bram, cem] = phones as [Page, Page, Page];
    await vote(ann, ORIGINAL);
    await vote(bram, ORIGINAL);
    await vote(bram, DUPLICATE);
    await vote(cem, DUPLICATE);
    await bram.getByTestId('votes-left').filter({ hasText: '3 stemmen over' }).waitFor();
    await item(cem, ORIGINAL).getByTestId('action-votes').filter({ hasText: '2 stemmen' }).waitFor();
    await item(ann, DUPLICATE).getByTestId('action-votes').filter({ hasText: '2 stemmen' }).waitFor();
    // taking a vote back and voting again
    await item(cem, DUPLICATE).getByTestId('vote').click();
    await item(cem, DUPLICATE).locator('[data-testid=vote][aria-pressed=false]').waitFor();
    await cem.getByTestId('votes-left').filter({ hasText: '5 stemmen over' }).waitFor();
    await vote(cem, DUPLICATE);
    await ann.evaluate(() => window.scrollTo(0, document.querySelector('[data-testid=roadmap-participant]')!.getBoundingClientRect().top + window.scrollY - 8));
    await ann.screenshot({ path: join(screenshotDir, 'roadmap-phone-vote.png') });
  });

  it('a participant explains their level; the facilitator shows it to everyone', async () => {
    const cem = phones[2]!;
    await cem.getByTestId('explain').locator('summary').click();
    await cem.getByTestId('explain-text').fill('Er is geen visie die de raad heeft vastgesteld.');
    await cem.getByTestId('explain-signed').check();
    await cem.getByRole('button', { name: 'Toelichting delen' }).click();
    await cem.getByTestId('explain-status').filter({ hasText: 'gedeeld' }).waitFor();

    const block = dash.locator('[data-testid=roadmap-panel] .rm-stmt[data-statement="1"]');
    await block.getByText('Toelichtingen (1)').click();
    await block.getByText('Er is geen visie die de raad heeft vastgesteld.').waitFor();
    await block.getByTestId('rm-expl-toggle').click();
    await block.locator('[data-testid=rm-expl-toggle][aria-pressed=true]').waitFor();
    const ann = phones[0]!;
    await ann.getByTestId('rp-explanations').filter({ hasText: 'Er is geen visie die de raad heeft vastgesteld.' }).waitFor();
    await ann.getByTestId('rp-explanations').filter({ hasText: 'Cem' }).waitFor();
  });

  it('the facilitator merges the duplicate: its votes carry over to the original', async () => {
    await row(ORIGINAL).getByTestId('rm-action-votes').filter({ hasText: '2 stemmen' }).waitFor();
    await row(DUPLICATE).getByTestId('rm-action-votes').filter({ hasText: '2 stemmen' }).waitFor();
    await row(DUPLICATE).getByTestId('rm-edit').click();
    await row(DUPLICATE).getByTestId('rm-merge-into').selectOption({ label: ORIGINAL });
    await row(DUPLICATE).getByRole('button', { name: 'Samenvoegen' }).click();
    await until(async () => (await row(DUPLICATE).count()) === 0, 'the duplicate merged away');
    // Ann and Bram voted for the original, Bram and Cem for the duplicate: three people, three votes
    await row(ORIGINAL).getByTestId('rm-action-votes').filter({ hasText: '3 stemmen' }).waitFor();
    for (const p of phones) {
      await until(async () => (await item(p, DUPLICATE).count()) === 0, 'the duplicate gone from the phone');
      await item(p, ORIGINAL).getByTestId('action-votes').filter({ hasText: '3 stemmen' }).waitFor();
    }
    // Cem's vote moved with the duplicate
    await item(phones[2]!, ORIGINAL).locator('[data-testid=vote][aria-pressed=true]').waitFor();
  });

  it('sets owner, horizon and "agreed", records a conclusion; the panel, timeline and phones show it', async () => {
    const r = row(ORIGINAL);
    await r.getByTestId('rm-edit').click();
    await r.getByTestId('rm-owner-input').fill('Wethouder Smart City');
    await r.getByTestId('rm-owner').getByRole('button', { name: 'Opslaan' }).click();
    await r.getByTestId('rm-horizon').selectOption('within_1_year');
    await r.getByTestId('rm-status').selectOption('agreed');
    const block = dash.locator('[data-testid=roadmap-panel] .rm-stmt[data-statement="1"]');
    await block.getByTestId('rm-more').locator('summary').click();
    await block.getByTestId('rm-conclude-input').fill('We beginnen met een gedeelde visie, getrokken door de wethouder.');
    await block.getByRole('button', { name: 'Conclusie opslaan' }).click();
    await settled(dash);
    await r.getByTestId('rm-owner-text').filter({ hasText: 'Eigenaar: Wethouder Smart City' }).waitFor();
    await dash.locator(`.rm-action[data-status=agreed][data-action="${await r.getAttribute('data-action')}"]`).waitFor();
    expect(await r.locator('.rm-action__meta').textContent()).toContain('binnen 1 jaar');
    await block.getByTestId('rm-conclusion').filter({ hasText: 'We beginnen met een gedeelde visie' }).waitFor();
    // why statement 1 is up there: gap, agreement and votes, in words
    expect(await block.locator('.rm-why').textContent()).toMatch(/kloof \+\d,\d.*overeenstemming \d,\d\d.*3 stemmen/);
    await r.getByTestId('rm-edit').click(); // close the editor for the picture
    await dash.getByTestId('roadmap-panel').scrollIntoViewIfNeeded();
    await dash.getByTestId('roadmap-panel').screenshot({ path: join(screenshotDir, 'roadmap-panel.png') });

    await dash.getByTestId('rm-view-timeline').click();
    const column = dash.locator('[data-testid=rm-timeline] .rm-col[data-horizon=within_1_year]');
    await column.locator('.rm-card', { hasText: ORIGINAL }).waitFor();
    expect(await column.textContent()).toContain('Wethouder Smart City');
    await dash.getByTestId('roadmap-panel').screenshot({ path: join(screenshotDir, 'roadmap-timeline.png') });
    expect(await seriousViolations(dash)).toEqual([]);

    const ann = phones[0]!;
    await ann.getByTestId('rp-conclusion').filter({ hasText: 'We beginnen met een gedeelde visie' }).waitFor();
    await item(ann, ORIGINAL).filter({ hasText: 'afgesproken' }).filter({ hasText: 'binnen 1 jaar' }).waitFor();
    await ann.evaluate(() => window.scrollTo(0, document.querySelector('[data-testid=roadmap-participant]')!.getBoundingClientRect().top + window.scrollY - 8));
    await ann.screenshot({ path: join(screenshotDir, 'roadmap-phone.png') });
    expect(await seriousViolations(ann)).toEqual([]);
    // nothing wider than the phone
    expect(await ann.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  });

  it('with a smaller budget a phone says its votes are used up instead of sending', async () => {
    await dash.getByTestId('rm-budget-input').fill('1');
    await dash.getByTestId('rm-budget').getByRole('button', { name: 'Instellen' }).click();
    await dash.getByTestId('rm-budget-now').filter({ hasText: 'Nu: 1 per deelnemer' }).waitFor();
    const ann = phones[0]!;
    await ann.getByTestId('votes-left').filter({ hasText: '0 stemmen over' }).waitFor();
    const bram = phones[1]!;
    await bram.getByTestId('propose-text').fill('Een werkgroep met alle afdelingen');
    await bram.getByRole('button', { name: 'Voorstellen' }).click();
    await item(ann, 'Een werkgroep met alle afdelingen').waitFor();
    await item(ann, 'Een werkgroep met alle afdelingen').getByTestId('vote').click();
    await ann.getByTestId('roadmap-error').filter({ hasText: 'Uw stemmen zijn op' }).waitFor();
  });

  it('the dashboard with its roadmap panel fits a phone too (nothing wider than 390 px)', async () => {
    await dash.setViewportSize({ width: 390, height: 844 });
    await dash.getByTestId('rm-view-priorities').click();
    await row(ORIGINAL).waitFor();
    await row(ORIGINAL).screenshot({ path: join(screenshotDir, 'roadmap-dashboard-390.png') });
    expect(await dash.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await dash.setViewportSize({ width: 1440, height: 1000 });
  });

  it('puts the roadmap on the wall, readable at 1280×720 and 1920×1080', async () => {
    await dash.getByTestId('rm-wall').click();
    await dash.locator('.dash[data-scene=roadmap]').waitFor();
    expect(dash.url()).toContain('wall=roadmap');
    for (const [w, hgt] of [[1280, 720], [1920, 1080]] as const) {
      await dash.setViewportSize({ width: w, height: hgt });
      await dash.locator('[data-testid=roadmap-panel] .rm-stmt[data-statement="1"]').waitFor();
      // the controls stay off the wall; the agreed action, its owner and the conclusion are on it
      expect(await dash.getByTestId('rm-budget').isVisible()).toBe(false);
      expect(await dash.locator('.rm-stmt[data-statement="1"]').textContent()).toContain('Wethouder Smart City');
      const box = await dash.locator('.rm-stmt[data-statement="1"] .rm-conclusion').boundingBox();
      expect(box && box.y + box.height <= hgt).toBe(true);
      await dash.screenshot({ path: join(screenshotDir, `roadmap-wall-${w}x${hgt}.png`) });
    }
    copyFileSync(join(screenshotDir, 'roadmap-wall-1920x1080.png'), join(docsDir, 'roadmap-wall.png'));
    copyFileSync(join(screenshotDir, 'roadmap-phone.png'), join(docsDir, 'roadmap-phone.png'));
  });
});
