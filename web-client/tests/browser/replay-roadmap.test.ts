// The replay's roadmap panel against a real server: three participants answer statement 1, explain, propose
// actions (one a duplicate) and vote over WebSockets; the facilitator adds an action of their own, merges the
// duplicate, gives the kept one an owner, a horizon and "agreed", concludes and shows the explanations. In
// /replay/:session the panel follows the position: at the start nothing, at the first proposal one action
// without votes, just before the merge the duplicate still there, at the end the plan, the conclusion and
// the agreed action on the timeline; the timeline lists the four roadmap moments in Dutch and English. A
// session without a roadmap dialogue shows no panel. Screenshot: test-results/screenshots/replay-roadmap.png.
import { mkdirSync } from 'node:fs';
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
  socketClients,
  startServer,
  until,
  type CreatedSession,
  type RunningServer,
} from './harness';
import { expectAccessible, scrubTo, shownSeq } from './helpers';

const FIRST = 'Een dataplatform voor alle afdelingen';
const DUPLICATE = 'Een gezamenlijk dataplatform bouwen';
const OWN = 'Sensoren in de openbare ruimte verkennen';
const OWNER = 'Afdeling Informatievoorziening';
const CONCLUSION = 'Eerst de data op orde, dan de toepassingen.';

let server: RunningServer;
let browser: Browser;
let session: CreatedSession;
let page: Page;

interface Marker {
  kind: string;
  seq: number;
  statement?: number;
}
let markers: Marker[] = [];
let lastSeq = 0;
let firstSeq = 0;

const answers = (current: number, desired: number) => [
  { type: 'answer', statement: 1, aspect: 'current', level: current },
  { type: 'answer', statement: 1, aspect: 'desired', level: desired },
];

/** The workshop: proposals, votes, a duplicate merged, a plan and a conclusion. */
async function workshop(p: Page, s: CreatedSession): Promise<void> {
  const [anna] = await socketClients(p, [
    {
      frames: [
        { type: 'join', code: s.join_code, name: 'Anna' },
        ...answers(1, 4),
        { type: 'explain', statement: 1, aspect: 'current', text: 'Elke afdeling heeft eigen data.', signed: false },
        { type: 'propose', statement: 1, text: FIRST },
      ],
    },
  ]);
  const first = String(anna![4]!.action_id); // join, two answers, explain, propose
  const [bart] = await socketClients(p, [
    { frames: [{ type: 'join', code: s.join_code, name: 'Bart' }, ...answers(2, 4), { type: 'propose', statement: 1, text: DUPLICATE }, { type: 'vote', action_id: first }] },
  ]);
  const dup = String(bart![3]!.action_id); // join, two answers, propose
  await socketClients(p, [
    { frames: [{ type: 'join', code: s.join_code, name: 'Cees' }, ...answers(2, 5), { type: 'vote', action_id: first }, { type: 'vote', action_id: dup }] },
  ]);
  await facilitate(p, s, [
    { type: 'reveal' },
    { type: 'propose', statement: 1, text: OWN },
    { type: 'merge', action_id: dup, into: first },
    { type: 'set_owner', action_id: first, owner: OWNER },
    { type: 'set_horizon', action_id: first, horizon: 'within_1_year' },
    { type: 'set_status', action_id: first, status: 'agreed' },
    { type: 'conclude', statement: 1, text: CONCLUSION },
    { type: 'show_explanations', statement: 1 },
  ]);
}

async function timeline(s: CreatedSession): Promise<{ first: { seq: number }; last: { seq: number }; markers: Marker[] }> {
  const r = await fetch(`${server.url}/api/sessions/${s.session_id}/timeline`, { headers: { Authorization: `Bearer ${s.facilitator_token}` } });
  expect(r.status).toBe(200);
  return ((await r.json()) as { timeline: { first: { seq: number }; last: { seq: number }; markers: Marker[] } }).timeline;
}

const panel = (p: Page) => p.getByTestId('replay-roadmap');
const panelCount = async (p: Page, what: 'actions' | 'votes' | 'conclusions') => Number(await panel(p).getAttribute(`data-${what}`));

beforeAll(async () => {
  mkdirSync(screenshotDir, { recursive: true });
  server = await startServer();
  browser = await launchBrowser();
  session = await createSession(server, 'workshop', 'GM0344', 'Routekaartsessie');
  page = await (await newContext(browser, 'desktop')).newPage();
  await rememberFacilitator(page, server, session, 'Routekaartsessie');
  await workshop(page, session);
  const tl = await timeline(session);
  markers = tl.markers;
  firstSeq = tl.first.seq;
  lastSeq = tl.last.seq;
});

afterAll(async () => {
  await browser?.close();
  await server?.cleanup();
});

describe('the replay’s roadmap panel', () => {
  it('marks the roadmap moments on the timeline', () => {
    const kinds = markers.map((m) => m.kind);
    expect(kinds.filter((k) => k === 'action_proposed').length).toBe(3);
    expect(kinds).toContain('actions_merged');
    expect(kinds).toContain('conclusion_recorded');
    expect(kinds).toContain('explanations_shown');
  });

  it('shows the end: the plan, the conclusion and the agreed action on the timeline', async () => {
    await page.goto(`${server.url}/replay/${session.session_id}`);
    await until(async () => (await shownSeq(page)) === lastSeq && (await panel(page).getAttribute('data-seq')) === String(lastSeq), 'the last moment');
    expect(await panel(page).locator('h2').textContent()).toBe('Routekaart op dit moment');
    // the duplicate went into the first: two actions, its votes moved (Cees voted for both and keeps one)
    expect(await panelCount(page, 'actions')).toBe(2);
    expect(await panelCount(page, 'votes')).toBe(2);
    expect(await panelCount(page, 'conclusions')).toBe(1);
    expect(await page.getByTestId('replay-rm-summary').textContent()).toBe('2 acties · 2 stemmen · 1 conclusie');
    const row = panel(page).locator('.rm-stmt[data-statement="1"] .rm-action', { hasText: FIRST });
    expect(await row.getByTestId('rm-owner-text').textContent()).toBe(`Eigenaar: ${OWNER}`);
    expect(await row.getByTestId('rm-horizon-text').textContent()).toBe('binnen 1 jaar');
    expect(await row.locator('.rm-chip[data-status=agreed]').textContent()).toBe('afgesproken');
    expect(await row.getByTestId('rm-action-votes').textContent()).toBe('2 stemmen');
    expect(await panel(page).locator('.rm-action', { hasText: DUPLICATE }).count()).toBe(0);
    expect(await panel(page).getByTestId('rm-conclusion').textContent()).toContain(CONCLUSION);
    expect(await panel(page).locator('[data-testid=rm-timeline] .rm-col[data-horizon=within_1_year] .rm-card', { hasText: FIRST }).count()).toBe(1);
    // read-only
    expect(await panel(page).locator('input, select, textarea, button').count()).toBe(0);
    await page.setViewportSize({ width: 1280, height: 1400 });
    await panel(page).screenshot({ path: join(screenshotDir, 'replay-roadmap.png') });
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  it('follows the position: nothing at the start, one action at the first proposal, the duplicate before the merge', async () => {
    await scrubTo(page, firstSeq);
    expect(await panelCount(page, 'actions')).toBe(0);
    expect(await page.getByTestId('replay-rm-none').isVisible()).toBe(true);
    expect(await panel(page).locator('[data-testid=rm-timeline] .rm-card').count()).toBe(0);

    // a marker in the list takes the replay there
    await page.locator('.replay__marker-list summary').click();
    const proposed = markers.filter((m) => m.kind === 'action_proposed');
    await page.locator(`[data-testid=replay-markers] button[data-kind=action_proposed][data-seq="${proposed[0]!.seq}"]`).click();
    await until(async () => (await panel(page).getAttribute('data-seq')) === String(proposed[0]!.seq), 'the first proposal');
    expect(await panelCount(page, 'actions')).toBe(1);
    expect(await panelCount(page, 'votes')).toBe(0);
    expect(await panelCount(page, 'conclusions')).toBe(0);
    const row = panel(page).locator('.rm-action', { hasText: FIRST });
    expect(await row.locator('.rm-chip[data-status=proposed]').textContent()).toBe('voorgesteld');
    expect(await row.getByTestId('rm-owner-text').textContent()).toBe('nog geen eigenaar');

    const merged = markers.find((m) => m.kind === 'actions_merged')!;
    await scrubTo(page, merged.seq - 1);
    expect(await panelCount(page, 'actions')).toBe(3);
    expect(await panel(page).locator('.rm-action', { hasText: DUPLICATE }).count()).toBe(1);
    const before = await panelCount(page, 'votes');
    expect(before).toBe(3); // Bart and Cees for the first, Cees for the duplicate
    await scrubTo(page, merged.seq);
    expect(await panelCount(page, 'actions')).toBe(2);
    expect(await panelCount(page, 'votes')).toBe(2);
    expect(await panel(page).locator('.rm-action', { hasText: DUPLICATE }).count()).toBe(0);

    await scrubTo(page, lastSeq);
    expect(await panelCount(page, 'conclusions')).toBe(1);
  });

  it('labels the roadmap moments in the marker list, in Dutch and English', async () => {
    const labels = async () => (await page.locator('[data-testid=replay-markers] button').allTextContents()).join('\n');
    const nl = await labels();
    expect(nl).toContain('Actie voorgesteld bij stelling 1');
    expect(nl).toContain('Dubbele actie samengevoegd');
    expect(nl).toContain('Conclusie bij stelling 1');
    expect(nl).toContain('Toelichtingen bij stelling 1 getoond');
    await expectAccessible(page, 'replay with its roadmap (nl)');
    await page.getByTestId('lang-switch').click();
    await until(async () => (await panel(page).locator('h2').textContent()) === 'The roadmap at this moment', 'English');
    await until(async () => (await panel(page).getAttribute('data-seq')) !== null, 'the moment again');
    await page.locator('.replay__marker-list summary').click();
    const en = await labels();
    expect(en).toContain('Action proposed for statement 1');
    expect(en).toContain('Duplicate action merged');
    expect(en).toContain('Conclusion for statement 1');
    expect(en).toContain('Explanations of statement 1 shown');
    await until(async () => (await page.getByTestId('replay-rm-summary').textContent()) === '2 actions · 2 votes · 1 conclusion', 'the English summary');
    await expectAccessible(page, 'replay with its roadmap (en)');
    await page.getByTestId('lang-switch').click();
  });

  it('shows no roadmap panel for a session without a roadmap dialogue, and asks for no roadmap', async () => {
    const plain = await createSession(server, 'workshop', 'GM0344', 'Zonder routekaart');
    await rememberFacilitator(page, server, plain, 'Zonder routekaart');
    await joinOverSockets(page, plain.join_code, [{ name: 'Dirk', answers: [[1, 2, 3]] }]);
    const asked: string[] = [];
    page.on('request', (r) => {
      // the API's roadmap, not a script chunk whose name says roadmap (the replay shares the dashboard's)
      if (new URL(r.url()).pathname.startsWith('/api/') && r.url().includes('/roadmap')) asked.push(r.url());
    });
    await page.goto(`${server.url}/replay/${plain.session_id}`);
    await until(async () => (await page.getByTestId('replay').getAttribute('data-shown-seq')) !== null, 'the replay');
    expect(await panel(page).count()).toBe(0);
    expect(asked).toEqual([]);
  });
});
