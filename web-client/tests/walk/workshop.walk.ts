// A whole workshop walked as people do it, in Chromium against a real server, with a screenshot of every
// step to look at (tests/walk/README.md says how to run it): the facilitator creates the session on the
// landing page and opens the dashboard (1280×720, and the wall at 1920×1080 and 1280×720); three phones
// (390×844) join three ways, answer, explain, propose actions and vote; the facilitator reveals, shows the
// explanations, merges a duplicate, sets owner, horizon and status and concludes; a phone goes offline and
// comes back; then the roadmap page, the roadmap on the wall, the replay with its roadmap panel, the workshop
// PDF and a participant's own PDF (their text must hold the roadmap). Each screenshot is checked for a page
// wider than its window, text cut off inside its box and serious axe findings; the walk fails on any.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Download, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, seriousViolations, startServer, until, type RunningServer } from '../browser/harness';
import { choose, saved, settled } from '../browser/helpers';

const OUT = process.env.SCSA_WALK_DIR ?? '/tmp/walk';
const TITLE = 'Smart city werksessie Eindhoven';
const ORIGINAL = 'Eén dataplatform voor alle afdelingen, met afspraken over eigenaarschap van de data';
const DUPLICATE = 'Een gezamenlijk dataplatform bouwen';
const SENSORS = 'Proef met sensoren voor luchtkwaliteit in het centrum';
const EXPLANATION = 'Elke afdeling heeft nu haar eigen data en niemand weet wat er is.';
const OWNER = 'Afdeling Informatievoorziening';
const CONCLUSION = 'Eerst de data op orde, dan de toepassingen: het dataplatform komt vóór de sensoren.';

let server: RunningServer;
let browser: Browser;
let desk: BrowserContext;
let dash: Page;
let wall: Page;
const phones: Page[] = [];
let sessionId = '';
let code = '';
const findings: string[] = [];
let last = Date.now();
/** With SCSA_WALK_TIMING set, says how long each step took (to find what makes the walk slow). */
function mark(what: string): void {
  if (process.env.SCSA_WALK_TIMING) console.log(`${String(Date.now() - last).padStart(6)} ms  ${what}`);
  last = Date.now();
}

interface Person {
  name: string;
  department: string;
  /** [current, desired] for statements 1, 2, 3 */
  levels: [number, number][];
}
const PEOPLE: Person[] = [
  { name: 'Anna de Vries', department: 'Ruimtelijke ordening', levels: [[1, 4], [2, 4], [3, 4]] },
  { name: 'Bram Jansen', department: 'Informatievoorziening', levels: [[2, 4], [2, 3], [3, 5]] },
  { name: 'Cem Yılmaz', department: 'Sociaal domein', levels: [[2, 5], [1, 4], [2, 4]] },
];

/** What a screenshot's page does wrong that a script can see: wider than the window, text cut off in its box. */
async function layoutProblems(p: Page): Promise<string[]> {
  return p.evaluate(() => {
    const out: string[] = [];
    const vw = document.documentElement.clientWidth;
    if (document.documentElement.scrollWidth > vw + 1) out.push(`page is ${document.documentElement.scrollWidth}px wide in a ${vw}px window`);
    const name = (el: Element) => `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${el.className && typeof el.className === 'string' ? `.${el.className.trim().split(/\s+/).join('.')}` : ''}`;
    const scrolls = (el: Element | null): boolean => {
      for (let e = el; e && e !== document.body; e = e.parentElement) {
        const o = getComputedStyle(e).overflowX;
        if (o === 'auto' || o === 'scroll') return true;
      }
      return false;
    };
    for (const el of document.querySelectorAll<HTMLElement>('body *')) {
      if (el.closest('.visually-hidden, [hidden], [aria-hidden=true], svg, canvas, select, option')) continue;
      const cs = getComputedStyle(el);
      if (cs.display === 'none' || cs.visibility === 'hidden') continue;
      const ownText = [...el.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && n.textContent!.trim() !== '');
      if (!ownText) continue;
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.height === 0) continue;
      if (r.right > vw + 1 && !scrolls(el.parentElement)) out.push(`${name(el)} "${el.textContent!.trim().slice(0, 40)}" reaches ${Math.round(r.right)}px in a ${vw}px window`);
      const clips = cs.overflowX === 'hidden' || cs.overflowX === 'clip' || cs.textOverflow === 'ellipsis';
      if (clips && el.scrollWidth > el.clientWidth + 1) out.push(`${name(el)} "${el.textContent!.trim().slice(0, 40)}" is cut off (${el.scrollWidth} > ${el.clientWidth})`);
    }
    return out;
  });
}

/** A screenshot of the step, with what a script sees wrong on it noted (and axe's serious findings). */
async function shot(p: Page, file: string, options: { fullPage?: boolean; axe?: boolean } = {}): Promise<void> {
  // transitions finished and in CSS pixels: what a person sees, at a size one can look at
  await p.screenshot({ path: join(OUT, file), fullPage: options.fullPage ?? false, animations: 'disabled', scale: 'css' });
  mark(file);
  for (const problem of await layoutProblems(p)) findings.push(`${file}: ${problem}`);
  if (options.axe !== false) {
    for (const v of await seriousViolations(p)) findings.push(`${file}: axe ${v.id} (${v.help}) at ${JSON.stringify(v.nodes.map((n) => n.target))}`);
  }
}

async function newPhone(): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
  return context.newPage();
}

async function toStatement(p: Page, n: number): Promise<void> {
  if ((await p.locator(`section.statement[data-statement="${n}"]`).count()) > 0) return;
  await p.getByRole('button', { name: /Overzicht|Overview/ }).click();
  await p.locator(`[data-key="ov-${n}"]`).click();
  await p.locator(`section.statement[data-statement="${n}"]`).waitFor();
}

const item = (p: Page, text: string) => p.locator('[data-testid=roadmap-participant] .rp-action', { hasText: text });
const row = (text: string) =>
  dash.locator('[data-testid=roadmap-panel] .rm-action').filter({ has: dash.getByTestId('rm-action-text').getByText(text, { exact: true }) });

async function vote(p: Page, text: string): Promise<void> {
  await item(p, text).getByTestId('vote').click();
  await item(p, text).locator('[data-testid=vote][aria-pressed=true]').waitFor();
  await saved(p);
}

async function propose(p: Page, text: string): Promise<void> {
  await p.getByTestId('propose-text').fill(text);
  await p.getByRole('button', { name: 'Voorstellen' }).click();
  await item(p, text).waitFor();
  await saved(p);
}

/** The text of a downloaded PDF (pdftotext), saved beside the screenshots. */
function pdfText(download: Download, path: string, file: string): string {
  const target = join(OUT, file);
  writeFileSync(target, readFileSync(path));
  execFileSync('pdftotext', ['-layout', target, `${target}.txt`]);
  void download;
  return readFileSync(`${target}.txt`, 'utf8');
}

beforeAll(async () => {
  mkdirSync(OUT, { recursive: true });
  server = await startServer();
  browser = await launchBrowser();
  desk = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  dash = await desk.newPage();
});

afterAll(async () => {
  writeFileSync(join(OUT, 'findings.txt'), findings.join('\n') + '\n');
  await browser?.close();
  await server?.cleanup();
});

describe('a whole workshop', () => {
  it('the facilitator creates the session on the landing page and opens the dashboard', async () => {
    await dash.goto(server.url + '/');
    await shot(dash, '01-landing-1280.png', { fullPage: true });
    await dash.getByLabel('Titel van de workshop').fill(TITLE);
    await dash.locator('.card', { hasText: 'Workshop organiseren' }).getByTestId('municipality-search').fill('Eindhoven');
    await dash.getByTestId('municipality-chosen').filter({ hasText: 'Eindhoven' }).waitFor();
    await shot(dash, '02-landing-create-filled.png', { fullPage: true });
    await dash.getByRole('button', { name: 'Workshop aanmaken' }).click();
    await dash.waitForURL(/\/f\/s-/);
    sessionId = new URL(dash.url()).pathname.split('/')[2]!;
    await shot(dash, '03-dashboard-key-notice.png');
    await dash.getByRole('button', { name: 'Ik heb de sleutel bewaard' }).click();
    code = ((await dash.getByTestId('facilitator-join-code').first().textContent()) ?? '').replace(/\s/g, '');
    await dash.locator('[data-testid=connection][data-status=connected]').waitFor();
    await shot(dash, '04-dashboard-empty-1280.png');
    await shot(dash, '04b-dashboard-empty-1280-full.png', { fullPage: true, axe: false });
  });

  it('the wall shows how to join, at 1920×1080 and 1280×720', async () => {
    // the projector is a window of its own (a tab behind the dashboard would get no animation frames), with
    // the facilitator's key as the same browser would have it
    const key = await dash.evaluate((id) => localStorage.getItem(`scsa.facilitator.${id}`), sessionId);
    const wallContext = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
    await wallContext.addInitScript(([id, value]) => localStorage.setItem(`scsa.facilitator.${id}`, value!), [sessionId, key] as const);
    wall = await wallContext.newPage();
    await wall.goto(`${server.url}/f/${sessionId}?projector=1`);
    await wall.locator('[data-testid=dashboard][data-projector=true][data-scene=join]').waitFor();
    await wall.locator('[data-testid=projector-qr][src^="data:image/png"]').waitFor();
    await shot(wall, '05-wall-join-1920.png');
    await wall.setViewportSize({ width: 1280, height: 720 });
    await shot(wall, '05b-wall-join-1280.png');
  });

  it('three phones join (landing page, /join, the QR link) and answer statements 1 to 3', async () => {
    for (let i = 0; i < 3; i++) phones.push(await newPhone());
    const [a, b, c] = phones as [Page, Page, Page];
    await a.goto(server.url + '/');
    await shot(a, '06-phone-landing.png', { fullPage: true });
    await a.getByTestId('join-code').fill(code.toLowerCase());
    await a.getByRole('button', { name: 'Meedoen' }).click();
    await a.waitForURL(/\/join\//);
    await b.goto(server.url + '/join');
    await shot(b, '07-phone-join-code.png');
    await b.getByTestId('join-code').fill(code);
    await b.getByTestId('join-code').press('Enter');
    await b.waitForURL(/\/join\//);
    await c.goto(`${server.url}/join/${code}`);
    for (const [i, p] of phones.entries()) {
      await p.getByLabel('Naam (niet verplicht)').fill(PEOPLE[i]!.name);
      await p.getByLabel('Afdeling (niet verplicht)').fill(PEOPLE[i]!.department);
      if (i === 0) await shot(p, '08-phone-join-name.png');
      await p.getByTestId('join-submit').click();
      await p.waitForURL(/\/p(\?|$)/);
      await p.locator('section.statement[data-statement="1"]').waitFor();
    }
    await shot(a, '09-phone-statement-1.png');
    await shot(a, '09b-phone-statement-1-full.png', { fullPage: true, axe: false });
    for (const [i, p] of phones.entries()) {
      for (const [s, [current, desired]] of PEOPLE[i]!.levels.entries()) {
        await toStatement(p, s + 1);
        await choose(p, 'current', current);
        await choose(p, 'desired', desired);
        await saved(p);
      }
    }
    await toStatement(a, 1);
    await shot(a, '10-phone-answered.png');
    await until(async () => (await dash.getByTestId('joined-count').textContent())?.trim() === '3', 'three joined');
    await shot(dash, '11-dashboard-answers-1280.png');
    await shot(wall, '12-wall-results-1280.png');
    await wall.setViewportSize({ width: 1920, height: 1080 });
    await shot(wall, '12b-wall-results-1920.png');
  });

  it('they explain, propose actions (one a duplicate) and vote', async () => {
    const [a, b, c] = phones as [Page, Page, Page];
    await toStatement(a, 1);
    await a.getByTestId('explain').locator('summary').click();
    await a.getByTestId('explain-text').fill(EXPLANATION);
    await a.getByTestId('explain-signed').check();
    await shot(a, '13-phone-explain.png');
    await a.getByRole('button', { name: 'Toelichting delen' }).click();
    await a.getByTestId('explain-status').filter({ hasText: 'gedeeld' }).waitFor();
    await propose(a, ORIGINAL);
    await toStatement(b, 1);
    await propose(b, DUPLICATE);
    await toStatement(c, 2);
    await propose(c, SENSORS);
    await toStatement(c, 1);
    for (const p of phones) await item(p, DUPLICATE).waitFor();
    await vote(a, ORIGINAL);
    await vote(b, ORIGINAL);
    await vote(b, DUPLICATE);
    await vote(c, DUPLICATE);
    await a.evaluate(() => document.querySelector('[data-testid=roadmap-participant]')?.scrollIntoView());
    await shot(a, '14-phone-roadmap-votes.png');
    await shot(a, '14b-phone-roadmap-full.png', { fullPage: true, axe: false });
    await dash.getByTestId('roadmap-panel').scrollIntoViewIfNeeded();
    await shot(dash, '15-dashboard-roadmap-1280.png');
  });

  it('the facilitator reveals, shows explanations, merges the duplicate, plans and concludes', async () => {
    await dash.evaluate(() => window.scrollTo(0, 0));
    await dash.getByTestId('reveal').click();
    await dash.locator('[data-testid=revealed-state][data-revealed=true]').waitFor();
    await settled(dash);
    await phones[0]!.locator('section.group-results').first().waitFor();
    await shot(phones[0]!, '16-phone-revealed.png');
    const block = dash.locator('[data-testid=roadmap-panel] .rm-stmt[data-statement="1"]');
    await block.getByTestId('rm-explanations').locator('summary').click();
    await block.getByTestId('rm-expl-toggle').click();
    await block.locator('[data-testid=rm-expl-toggle][aria-pressed=true]').waitFor();
    await phones[1]!.getByTestId('rp-explanations').filter({ hasText: EXPLANATION }).waitFor();
    await row(DUPLICATE).getByTestId('rm-edit').click();
    await row(DUPLICATE).scrollIntoViewIfNeeded();
    await shot(dash, '17-dashboard-edit-action.png');
    await row(DUPLICATE).getByTestId('rm-merge-into').selectOption({ label: ORIGINAL.slice(0, 79) + '…' });
    await row(DUPLICATE).getByRole('button', { name: 'Samenvoegen' }).click();
    await until(async () => (await row(DUPLICATE).count()) === 0, 'the duplicate merged');
    const r = row(ORIGINAL);
    await r.getByTestId('rm-edit').click();
    await r.getByTestId('rm-owner-input').fill(OWNER);
    await r.getByTestId('rm-owner').getByRole('button', { name: 'Opslaan' }).click();
    await r.getByTestId('rm-horizon').selectOption('within_1_year');
    await r.getByTestId('rm-status').selectOption('agreed');
    await block.getByTestId('rm-more').locator('summary').click();
    await block.getByTestId('rm-conclude-input').fill(CONCLUSION);
    await block.getByRole('button', { name: 'Conclusie opslaan' }).click();
    await settled(dash);
    await block.getByTestId('rm-conclusion').filter({ hasText: CONCLUSION }).waitFor();
    await r.getByTestId('rm-edit').click();
    await block.scrollIntoViewIfNeeded();
    await shot(dash, '18-dashboard-roadmap-planned.png');
    await shot(dash, '18b-dashboard-full-1280.png', { fullPage: true, axe: false });
    await dash.getByTestId('rm-view-timeline').click();
    await shot(dash, '19-dashboard-roadmap-timeline.png');
    await dash.getByTestId('rm-view-priorities').click();
    const a = phones[0]!;
    await a.getByTestId('rp-conclusion').filter({ hasText: CONCLUSION }).waitFor();
    await a.evaluate(() => document.querySelector('[data-testid=roadmap-participant]')?.scrollIntoView());
    await shot(a, '20-phone-roadmap-planned.png');
  });

  it('a phone goes offline, keeps answering and voting, and catches up when back', async () => {
    const c = phones[2]!;
    await c.context().setOffline(true);
    await c.locator('[data-testid=connection][data-status=offline]').waitFor();
    await toStatement(c, 4);
    await choose(c, 'current', 2);
    await choose(c, 'desired', 3);
    await toStatement(c, 2);
    // the vote waits in the outbox with the answers: pressed, not yet saved
    await item(c, SENSORS).getByTestId('vote').click();
    await item(c, SENSORS).locator('[data-testid=vote][aria-pressed=true]').waitFor();
    await c.locator('[data-testid=connection][data-status=offline][data-waiting="3"]').waitFor();
    await item(c, SENSORS).scrollIntoViewIfNeeded();
    await shot(c, '21b-phone-offline-vote.png');
    await c.evaluate(() => window.scrollTo(0, 0));
    await shot(c, '21-phone-offline.png');
    await c.context().setOffline(false);
    await saved(c);
    await until(async () => (await dash.getByTestId('answered-4').textContent())?.includes('1 van 3'), 'the offline answer arrived');
    await shot(c, '22-phone-back-online.png');
  });

  it('the roadmap page, on a laptop and a phone', async () => {
    const page = await desk.newPage();
    await page.goto(`${server.url}/roadmap/${sessionId}`);
    await page.getByTestId('roadmap-page').waitFor();
    await until(async () => (await page.getByTestId('roadmap-municipality').textContent())?.includes('Eindhoven'), 'municipality');
    await shot(page, '23-roadmap-page-1280.png');
    await shot(page, '23b-roadmap-page-1280-full.png', { fullPage: true, axe: false });
    await page.setViewportSize({ width: 390, height: 844 });
    await shot(page, '24-roadmap-page-390-full.png', { fullPage: true });
    await page.close();
  });

  it('the roadmap on the wall, at 1920×1080 and 1280×720', async () => {
    // "Routekaart op de muur" on the dashboard turns it into the wall, showing the roadmap
    await dash.bringToFront();
    await dash.evaluate(() => window.scrollTo(0, 0));
    await dash.getByTestId('rm-wall').click();
    await dash.locator('.dash[data-scene=roadmap]').waitFor();
    await dash.locator('[data-testid=roadmap-panel] .rm-stmt[data-statement="1"] .rm-conclusion').waitFor();
    await shot(dash, '25-wall-roadmap-1280.png');
    await dash.setViewportSize({ width: 1920, height: 1080 });
    await shot(dash, '25b-wall-roadmap-1920.png');
    await dash.getByTestId('rm-view-timeline').click();
    await dash.locator('[data-testid=roadmap-panel][data-mode=timeline] .rm-card').first().waitFor();
    await shot(dash, '25c-wall-roadmap-timeline-1920.png');
    await dash.getByTestId('rm-view-priorities').click();
    await dash.keyboard.press('Escape');
    await dash.locator('[data-testid=dashboard][data-projector=false]').waitFor();
    await dash.setViewportSize({ width: 1280, height: 720 });
    await dash.getByTestId('rm-wall').click();
    await dash.locator('.dash[data-wall=results]').waitFor();
  });

  it('the replay with its roadmap panel', async () => {
    const page = await desk.newPage();
    await page.goto(`${server.url}/replay/${sessionId}`);
    await page.getByTestId('replay-roadmap').waitFor();
    await until(async () => Number(await page.getByTestId('replay-roadmap').getAttribute('data-actions')) === 2, 'the roadmap at the end');
    await shot(page, '26-replay-1280.png');
    await page.getByTestId('replay-roadmap').scrollIntoViewIfNeeded();
    await shot(page, '26b-replay-roadmap-1280.png');
    await page.locator('.replay__marker-list summary').click();
    const first = page.locator('[data-testid=replay-markers] button[data-kind=action_proposed]').first();
    await first.click();
    await until(async () => Number(await page.getByTestId('replay-roadmap').getAttribute('data-actions')) === 1, 'the first proposal');
    await page.getByTestId('replay-roadmap').scrollIntoViewIfNeeded();
    await shot(page, '27-replay-first-proposal.png');
    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByTestId('replay-end').click();
    await until(async () => Number(await page.getByTestId('replay-roadmap').getAttribute('data-actions')) === 2, 'the end again');
    await shot(page, '28-replay-390-full.png', { fullPage: true });
    await page.setViewportSize({ width: 1280, height: 720 });

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('report-pdf').click()]);
    const text = pdfText(download, (await download.path())!, 'workshop-report.pdf');
    expect(text).toContain('Routekaart');
    expect(text.replace(/\s+/g, ' ')).toContain(OWNER);
    expect(text.replace(/\s+/g, ' ')).toContain('Eerst de data op orde');
    await page.close();
  });

  it('a participant downloads their own report with the group roadmap', async () => {
    const a = phones[0]!;
    const panel = a.getByTestId('report-panel');
    await panel.scrollIntoViewIfNeeded();
    await shot(a, '29-phone-report-panel.png');
    const [download] = await Promise.all([a.waitForEvent('download'), panel.getByRole('button', { name: 'PDF downloaden' }).click()]);
    const text = pdfText(download, (await download.path())!, 'my-report.pdf').replace(/\s+/g, ' ');
    expect(text).toContain('Routekaart');
    expect(text).toContain('dataplatform');
  });

  it('in English: a phone and the replay', async () => {
    const b = phones[1]!;
    await b.getByTestId('lang-switch').click();
    await b.locator('html[lang=en]').waitFor();
    await toStatement(b, 1);
    await b.evaluate(() => document.querySelector('[data-testid=roadmap-participant]')?.scrollIntoView());
    await shot(b, '30-phone-roadmap-en.png');
    // the section is made once: nothing Dutch may stay behind after the switch
    expect(await b.getByTestId('roadmap-participant').textContent()).not.toMatch(/Wat doen we eraan|Voorgestelde acties|Stem op de acties|niet verplicht/);
    const page = await desk.newPage();
    await page.goto(`${server.url}/replay/${sessionId}`);
    await page.getByTestId('lang-switch').click();
    await page.locator('html[lang=en]').waitFor();
    await until(async () => (await page.getByTestId('replay-roadmap').locator('h2').textContent()) === 'The roadmap at this moment', 'English replay');
    await page.locator('.replay__marker-list summary').click();
    await page.getByTestId('replay-roadmap').scrollIntoViewIfNeeded();
    await shot(page, '31-replay-roadmap-en.png');
    await page.getByTestId('lang-switch').click();
    await page.close();
  });

  it('found nothing a script can see wrong', () => {
    expect(findings).toEqual([]);
  });
});
