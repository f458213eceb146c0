// A re-assessment a year later (issue 17), against a real server with k = 2 (`--min-respondents 2`) and the
// demo data (other municipalities to learn from, Utrecht's earlier demo workshop and solo respondents):
// workshop A of Utrecht is answered by three phones and agrees an action on its roadmap; workshop B of Utrecht
// opens its dashboard, is refused the wrong baselines in words (its own, an unknown one, another
// municipality's, a later one, a small one without its key), takes a small one by its review link pasted whole,
// then picks A from the list; the change since A shows per theme, per statement and in the heat map and moves
// when a phone in B answers; A's agreed action is set to "klaar"; the workshop PDF has "Sinds de nulmeting";
// the trend page (/trend/GM0344) opens with B's key and charts the workshops and solo groups; the replay marks
// the moments. Screenshots at 1280×720 and 1920×1080 (laptop and wall); axe finds nothing serious.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createSession,
  docsDir,
  facilitate,
  joinOverSockets,
  launchBrowser,
  rememberFacilitator,
  screenshotDir,
  socketClients,
  startServer,
  until,
  type CreatedSession,
  type RunningServer,
  type SocketPerson,
} from './harness';
import { expectAccessible, phone, settled, text } from './helpers';

const ACTION = 'Een gedeelde smart city-visie laten vaststellen door het college';
const OWNER = 'Strategie en Beleid';
const NOT_AGREED = 'Een wedstrijd voor de beste sensortoepassing';
/** two more actions A agreed: one of them already started then */
const DATA_ACTION = 'Een datastrategie met alle afdelingen opstellen';
const SENSOR_ACTION = 'Sensordata van de openbare ruimte op één platform';

let server: RunningServer;
let browser: Browser;
/** workshop A (the baseline), a small earlier one, B (a year later), one after B, one of Amsterdam */
let a: CreatedSession;
let small: CreatedSession;
let b: CreatedSession;
let later: CreatedSession;
let amsterdam: CreatedSession;
let actionId = '';
let dash: Page;
/** the page that holds the sockets of B's phones */
let crowd: Page;

/** Levels 1..5 */
const clamp = (x: number) => Math.max(1, Math.min(5, Math.round(x)));
/** A pattern like the brief's: low on technology and data, a large gap there. */
const BASE = [2, 2, 2, 2, 2, 2, 1, 3, 2, 2, 3, 3, 2, 2, 2, 1, 3, 2, 1, 1, 1];
const GAP = [2, 2, 1, 1, 1, 2, 2, 1, 2, 2, 1, 1, 2, 2, 2, 2, 1, 2, 3, 2, 2];
/** What moved in a year: the vision and the roadmap went up, open data down. */
const MOVED: Record<number, number> = { 1: 1.4, 2: 1, 3: 0.6, 10: 0.5, 14: 0.8, 16: -0.6, 19: 0.7 };

/** Someone answering all 21 statements, `shift` levels off the pattern, `year` 0 (A) or 1 (B). */
function person(name: string, shift: number, year: 0 | 1, skip: number[] = []): SocketPerson {
  return {
    name,
    department: 'Informatievoorziening',
    answers: BASE.map((base, i): [number, number, number] => {
      const s = i + 1;
      const now = clamp(base + shift + (year ? (MOVED[s] ?? 0.2) : 0));
      return [s, now, clamp(now + GAP[i]! - (year && MOVED[s] ? 0.5 : 0))];
    }).filter(([s]) => !skip.includes(s)),
  };
}

async function api<T>(path: string, token: string): Promise<{ status: number; body: T }> {
  const r = await fetch(`${server.url}${path}`, { headers: { Authorization: `Bearer ${token}` } });
  return { status: r.status, body: (await r.json().catch(() => null)) as T };
}

interface BaselineBody {
  baseline: null | {
    session_id: string;
    title: string;
    participants: number;
    comparison: { statements: { statement: number; current: { then: number | null; today: number | null; change: number | null } }[]; themes: { theme: string }[] };
    actions: { action_id: string; statement: number; text: string; owner: string | null; then: string; now: string; reviewed: boolean }[];
  };
}

/** The pasted-link form: open it, fill it and send. */
async function paste(p: Page, link: string, key = ''): Promise<void> {
  const details = p.locator('.bl-paste');
  if ((await details.getAttribute('open')) === null) await details.locator('summary').click();
  await p.getByTestId('baseline-link').fill(link);
  await p.getByTestId('baseline-key').fill(key);
  await p.getByTestId('baseline-paste-submit').click();
}

/** Waits until the panel says this refusal (the server answered the choice). */
async function refused(p: Page, words: string): Promise<void> {
  await until(async () => (await text(p, 'baseline-error')) === words, `the refusal “${words}”`);
  await settled(p);
}

/** "now" since the baseline on the statement shown: the change the detail says (data-change, 3 decimals). */
const detailChange = async (p: Page) => p.locator('[data-testid=detail-since] [data-aspect=current]').getAttribute('data-change');

/**
 * On the wall, what must be read in full: every tile's title, consensus, gap and change since the baseline,
 * the detail's line since the baseline (results); the themes, statements and actions of the baseline's scene.
 */
function wallProblems(p: Page): Promise<string[]> {
  return p.evaluate(() => {
    const problems: string[] = [];
    const check = (el: HTMLElement, what: string) => {
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.height === 0) problems.push(`${what}: not shown`);
      else if (r.left < -0.5 || r.top < -0.5 || r.right > innerWidth + 0.5 || r.bottom > innerHeight + 0.5) problems.push(`${what}: outside the viewport`);
      if (el.scrollWidth > el.clientWidth || el.scrollHeight > el.clientHeight + 1) problems.push(`${what}: cut off "${el.textContent}"`);
    };
    const scene = document.querySelector<HTMLElement>('[data-testid=dashboard]')!.dataset.scene;
    if (scene === 'results') {
      for (const tile of document.querySelectorAll<HTMLElement>('.heat__cell')) {
        for (const sel of ['.heat__title', '.heat__band', '.heat__gap', '.heat__since']) check(tile.querySelector<HTMLElement>(sel)!, `tile ${tile.dataset.statement} ${sel}`);
      }
      check(document.querySelector<HTMLElement>('[data-testid=detail-since]')!, 'the detail’s line');
    } else {
      for (const el of document.querySelectorAll<HTMLElement>('.bl-table tbody tr, .bl-action, .bl-tally, .bl-of')) check(el, el.className || el.dataset.key || 'row');
    }
    return problems;
  });
}

/** Nothing wider than the window. */
const noSideScroll = (p: Page) => p.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);

beforeAll(async () => {
  mkdirSync(screenshotDir, { recursive: true });
  server = await startServer({ demo: true, args: ['--min-respondents', '2'] });
  browser = await launchBrowser();
  crowd = await (await browser.newContext()).newPage();
  await crowd.goto(server.url + '/');

  // a year ago: workshop A, three phones, an agreed action on statement 1
  a = await createSession(server, 'workshop', 'GM0344', 'Smart city nulmeting Utrecht 2025');
  await facilitate(crowd, a, [
    { type: 'propose', statement: 1, text: ACTION },
    { type: 'propose', statement: 20, text: NOT_AGREED },
    { type: 'propose', statement: 14, text: DATA_ACTION },
    { type: 'propose', statement: 20, text: SENSOR_ACTION },
  ]);
  const roadmap = await api<{ roadmap: { actions: { action_id: string; text: string }[] } }>(`/api/sessions/${a.session_id}/roadmap`, a.facilitator_token);
  const idOf = (text: string) => roadmap.body.roadmap.actions.find((x) => x.text === text)!.action_id;
  actionId = idOf(ACTION);
  await facilitate(crowd, a, [
    { type: 'set_owner', action_id: actionId, owner: OWNER },
    { type: 'set_horizon', action_id: actionId, horizon: 'within_1_year' },
    { type: 'set_status', action_id: actionId, status: 'agreed' },
    { type: 'set_owner', action_id: idOf(DATA_ACTION), owner: 'CIO-office' },
    { type: 'set_horizon', action_id: idOf(DATA_ACTION), horizon: '1_3_years' },
    { type: 'set_status', action_id: idOf(DATA_ACTION), status: 'agreed' },
    { type: 'set_owner', action_id: idOf(SENSOR_ACTION), owner: 'Openbare Ruimte' },
    { type: 'set_status', action_id: idOf(SENSOR_ACTION), status: 'started' },
  ]);
  await joinOverSockets(crowd, a.join_code, [person('Anna', 0, 0), person('Bas', 0.4, 0), person('Cem', -0.4, 0)]);

  // a small session of Utrecht (one participant: below k), then B, then one after B, and one of Amsterdam
  small = await createSession(server, 'workshop', 'GM0344', 'Kleine sessie Utrecht');
  await joinOverSockets(crowd, small.join_code, [person('Dirk', 0, 0)]);
  amsterdam = await createSession(server, 'workshop', 'GM0363', 'Smart city Amsterdam');
  b = await createSession(server, 'workshop', 'GM0344', 'Smart city herhaalmeting Utrecht 2026');
  later = await createSession(server, 'workshop', 'GM0344', 'Latere sessie Utrecht');

  // B's first two phones answer everything but statement 1 (a third answers it during the test)
  await joinOverSockets(crowd, b.join_code, [person('Eva', 0.2, 1, [1]), person('Fleur', -0.2, 1, [1])], { keep: true });

  dash = await (await browser.newContext({ viewport: { width: 1280, height: 720 } })).newPage();
  await rememberFacilitator(dash, server, b, 'Smart city herhaalmeting Utrecht 2026');
  await dash.goto(`${server.url}/f/${b.session_id}?s=1`);
  await dash.locator('[data-testid=connection][data-status=connected]').waitFor();
});

afterAll(async () => {
  await browser?.close();
  await server?.cleanup();
});

describe('a re-assessment a year later', () => {
  it('offers the earlier sessions of the municipality with at least k participants (the API as specified)', async () => {
    const candidates = await api<{ min_respondents: number; sessions: { session_id: string; title: string; participants: number; created: string; mode: string; closed: boolean }[] }>(
      `/api/sessions/${b.session_id}/baseline-candidates`,
      b.facilitator_token,
    );
    expect(candidates.status).toBe(200);
    expect(candidates.body.min_respondents).toBe(2);
    const ids = candidates.body.sessions.map((s) => s.session_id);
    expect(ids).toContain(a.session_id);
    expect(ids).not.toContain(small.session_id); // one participant
    expect(ids).not.toContain(later.session_id); // after B
    expect(ids).not.toContain(amsterdam.session_id); // another municipality
    expect(ids).not.toContain(b.session_id);
    expect(ids[0]).toBe(a.session_id); // newest first
    expect(candidates.body.sessions[0]).toMatchObject({ title: 'Smart city nulmeting Utrecht 2025', participants: 3, mode: 'workshop', closed: false });
    expect((await api(`/api/sessions/${b.session_id}/baseline`, b.facilitator_token)).body).toEqual({ baseline: null });

    // the dashboard lists them: title, date and participants
    const panel = dash.getByTestId('baseline-panel');
    await until(async () => (await dash.locator('[data-testid=baseline-candidates] .bl-cand').count()) >= 1, 'the candidates');
    const first = dash.locator('.bl-cand').first();
    expect(await first.getAttribute('data-session')).toBe(a.session_id);
    expect(await first.locator('.bl-cand__title').textContent()).toBe('Smart city nulmeting Utrecht 2025');
    expect(await first.locator('.bl-cand__meta').textContent()).toMatch(/^\d{1,2} \w+\.? 20\d\d · 3 deelnemers$/);
    expect(await panel.locator('h2').textContent()).toBe('Nulmeting');
    expect(await dash.locator(`.bl-cand[data-session="${small.session_id}"]`).count()).toBe(0);
  });

  it('says in words why a session cannot be the baseline', async () => {
    await paste(dash, `${server.url}/f/${b.session_id}`);
    await refused(dash, 'Een sessie kan niet haar eigen nulmeting zijn. Kies een eerdere sessie.');
    await paste(dash, 'bestaat-niet-0000');
    await refused(dash, 'Er is geen sessie met deze code. Controleer de reviewlink of de code.');
    await paste(dash, amsterdam.session_id, amsterdam.facilitator_token);
    await refused(dash, 'Die sessie hoort bij een andere gemeente. Een nulmeting moet van dezelfde gemeente zijn.');
    await paste(dash, later.session_id, later.facilitator_token);
    await refused(dash, 'Die sessie begon na deze workshop. Een nulmeting moet eerder zijn.');
    await paste(dash, small.session_id);
    await refused(dash, 'Die sessie had minder dan 2 deelnemers. Plak haar reviewlink, of vul haar review- of begeleiderssleutel in.');
    // what is no link at all is said before anything is sent
    await paste(dash, 'https://example.org/iets/anders');
    expect(await text(dash, 'baseline-paste')).toContain('Dit is geen reviewlink of sessiecode.');
    expect(await dash.getByTestId('baseline-panel').getAttribute('data-state')).toBe('none');
  });

  it('takes a small earlier session by its review link pasted whole', async () => {
    const r = await fetch(`${server.url}/api/sessions/${small.session_id}/review-tokens`, { method: 'POST', headers: { Authorization: `Bearer ${small.facilitator_token}` } });
    expect(r.status).toBe(201);
    const { review_token } = (await r.json()) as { review_token: string };
    await paste(dash, `${server.url}/replay/${small.session_id}#token=${review_token}`);
    await until(async () => (await dash.getByTestId('baseline-panel').getAttribute('data-state')) === 'ready', 'the small session as baseline');
    expect(await text(dash, 'baseline-of')).toContain('“Kleine sessie Utrecht”');
    expect(await text(dash, 'baseline-of')).toContain('1 deelnemer · ronde 1');
    expect(await dash.evaluate(() => document.activeElement?.id)).toBe('baseline-title');
  });

  it('picks A from the list instead; the change since A shows per theme, per statement and in the heat map', async () => {
    await dash.getByTestId('baseline-other').click();
    await dash.locator(`.bl-cand[data-session="${a.session_id}"] [data-testid=baseline-pick]`).click();
    await until(async () => (await text(dash, 'baseline-of')).includes('Smart city nulmeting Utrecht 2025'), 'A as the baseline');
    await until(async () => (await dash.getByTestId('baseline-panel').getAttribute('data-state')) === 'ready', 'its figures');
    expect(await dash.getByTestId('baseline-panel').locator('h2').textContent()).toBe('Sinds de nulmeting');
    expect(await text(dash, 'baseline-of')).toContain('3 deelnemers · ronde 1');

    // the server's answer, as docs/api.md says
    const body = (await api<BaselineBody>(`/api/sessions/${b.session_id}/baseline`, b.facilitator_token)).body;
    expect(body.baseline?.session_id).toBe(a.session_id);
    expect(body.baseline?.title).toBe('Smart city nulmeting Utrecht 2025');
    expect(body.baseline?.participants).toBe(3);
    expect(body.baseline?.comparison.statements).toHaveLength(21);
    expect(body.baseline?.comparison.themes).toHaveLength(6);
    const s1 = body.baseline!.comparison.statements[0]!;
    expect(s1.current.then).toBeCloseTo((2 + 2 + 2) / 3, 2); // 2+0, 2+0.4, 2-0.4 rounded
    expect(s1.current.today).toBeNull(); // nobody in B answered statement 1 yet
    expect(s1.current.change).toBeNull();
    // the agreed (and started) actions by statement; the one only proposed is not there
    expect(body.baseline?.actions.map((x) => [x.statement, x.text, x.then])).toEqual([
      [1, ACTION, 'agreed'],
      [14, DATA_ACTION, 'agreed'],
      [20, SENSOR_ACTION, 'started'],
    ]);
    expect(body.baseline?.actions[0]).toEqual({ action_id: actionId, statement: 1, text: ACTION, owner: OWNER, horizon: 'within_1_year', then: 'agreed', now: 'agreed', reviewed: false });

    // per theme: then → today with the change
    const themes = dash.getByTestId('baseline-themes');
    await until(async () => (await themes.locator('tbody tr').count()) === 6, 'six themes');
    const strategy = themes.locator('tr[data-theme=strategy]');
    expect(await strategy.locator('th').textContent()).toBe('Strategie');
    expect(await strategy.locator('td').first().textContent()).toMatch(/→/);
    // the statements that moved most, statement 1 not among them (not answered today)
    expect(await dash.locator('[data-testid=baseline-statements] tbody tr').count()).toBe(6);
    expect(await dash.locator('[data-testid=baseline-statements] tr[data-statement="1"]').count()).toBe(0);
    // the detail of statement 1: then, and nothing today yet
    await until(async () => (await text(dash, 'detail-since')).startsWith('Sinds de nulmeting: nu 2,0 → –'), 'the detail’s line');
    expect(await detailChange(dash)).toBe('');
    // the heat map: statement 2 moved up a level
    const heat2 = dash.locator('.heat__cell[data-statement="2"] [data-testid=heat-since]');
    expect(await heat2.getAttribute('data-dir')).toBe('up');
    expect(await heat2.textContent()).toContain('Sinds de nulmeting: nu +1,0');
  });

  it('moves the change as phones in B answer', async () => {
    await socketClients(crowd, [{ frames: [{ type: 'join', code: b.join_code, name: 'Gijs' }, { type: 'answer', statement: 1, aspect: 'current', level: 3 }, { type: 'answer', statement: 1, aspect: 'desired', level: 4 }] }]);
    await until(async () => (await detailChange(dash)) === '1.000', 'statement 1: 2,0 → 3,0');
    expect(await text(dash, 'detail-since')).toContain('nu 2,0 → 3,0 ▲ +1,0');
    expect(await text(dash, 'detail-since')).toContain('ambitie 4,0 → 4,0 = 0,0');
    // a second phone: the mean today moves, and so does the change
    await crowd.evaluate(() => {
      const w = window as unknown as { sockets: WebSocket[] };
      w.sockets[0]!.send(JSON.stringify({ type: 'answer', statement: 1, aspect: 'current', level: 4, id: crypto.randomUUID() }));
    });
    await until(async () => (await detailChange(dash)) === '1.500', 'statement 1: 2,0 → 3,5');
    expect(await dash.locator('[data-testid=baseline-statements] tr[data-statement="1"]').count()).toBe(1);
    const row = dash.locator('[data-testid=baseline-statements] tr[data-statement="1"] td').first();
    expect(await row.getAttribute('data-change')).toBe('1.5');
    expect(await dash.locator('.heat__cell[data-statement="1"] [data-testid=heat-since]').getAttribute('data-change')).toBe('1.500');
  });

  it('lists A’s agreed action and says where it stands now: set to “klaar”', async () => {
    const item = dash.locator(`.bl-action[data-action="${actionId}"]`);
    await item.waitFor();
    expect(await dash.locator('.bl-action').count()).toBe(3); // the action that was only proposed is not there
    expect(await dash.locator('.bl-action', { hasText: NOT_AGREED }).count()).toBe(0);
    expect(await item.getByTestId('bl-action-text').textContent()).toBe(`1. ${ACTION}`);
    expect(await item.locator('.bl-action__meta').textContent()).toBe(`Eigenaar: ${OWNER} · binnen 1 jaar · toen: afgesproken`);
    expect(await item.getByTestId('bl-action-now').textContent()).toBe('nu: afgesproken (nog niet besproken)');
    await item.getByRole('button', { name: 'klaar' }).click();
    await until(async () => (await item.getByTestId('bl-action-now').textContent()) === 'nu: klaar', 'klaar');
    expect(await item.getAttribute('data-status')).toBe('done');
    expect(await item.getByRole('button', { name: 'klaar' }).getAttribute('aria-pressed')).toBe('true');
    expect(await text(dash, 'baseline-tally')).toBe('1 van 3 klaar · 1 gestart · 0 vervallen');
    const body = (await api<BaselineBody>(`/api/sessions/${b.session_id}/baseline`, b.facilitator_token)).body;
    expect(body.baseline?.actions[0]).toMatchObject({ action_id: actionId, then: 'agreed', now: 'done', reviewed: true });
  });

  it('shows whom to learn from for the group’s largest gaps', async () => {
    const panel = dash.getByTestId('learn-panel');
    await until(async () => (await panel.locator('.learn__item').count()) > 0, 'the largest gaps');
    expect(await panel.locator('h2').textContent()).toBe('Van wie kunnen we leren?');
    expect(await panel.locator('.learn__item').count()).toBeLessThanOrEqual(5);
    expect(await panel.locator('.learn__group').first().textContent()).toMatch(/^groep: nu \d,\d → ambitie \d,\d$/);
  });

  it('looks right at 1280×720 and 1920×1080, and on the wall, with nothing serious for axe', async () => {
    await dash.getByTestId('jump-baseline').click();
    await until(async () => {
      const box = await dash.locator('#baseline-title').boundingBox();
      return box !== null && box.y >= 0 && box.y < 720;
    }, 'the baseline panel in view');
    expect(await dash.evaluate(() => document.activeElement?.id)).toBe('baseline-title');
    expect(await noSideScroll(dash)).toBe(true);
    await dash.screenshot({ path: join(screenshotDir, 'baseline-dashboard-1280x720.png') });
    await dash.getByTestId('baseline-panel').screenshot({ path: join(screenshotDir, 'baseline-panel-1280.png') });
    await expectAccessible(dash, 'dashboard with a baseline');

    await dash.setViewportSize({ width: 1920, height: 1080 });
    await dash.evaluate(() => window.scrollTo(0, 0));
    await dash.screenshot({ path: join(screenshotDir, 'baseline-dashboard-1920-top.png') });
    await dash.getByTestId('jump-baseline').click();
    await dash.screenshot({ path: join(screenshotDir, 'baseline-dashboard-1920x1080.png') });
    // the README's picture: the panel as a laptop beside the projector shows it
    await dash.getByTestId('baseline-panel').screenshot({ path: join(docsDir, 'baseline-dashboard.png') });
    expect(await noSideScroll(dash)).toBe(true);

    // the wall: the statement with its change, then the baseline itself
    for (const size of [
      { width: 1280, height: 720 },
      { width: 1920, height: 1080 },
    ]) {
      await dash.setViewportSize(size);
      await dash.goto(`${server.url}/f/${b.session_id}?s=1&projector=1`);
      await dash.locator('[data-testid=dashboard][data-scene=results][data-baseline=true]').waitFor();
      await until(async () => (await text(dash, 'detail-since')).includes('+1,5'), 'the change on the wall');
      await dash.screenshot({ path: join(screenshotDir, `baseline-wall-results-${size.width}x${size.height}.png`) });
      expect(await dash.evaluate(() => document.documentElement.scrollHeight <= window.innerHeight + 1)).toBe(true);
      expect(await wallProblems(dash)).toEqual([]);
      await dash.goto(`${server.url}/f/${b.session_id}?s=1&projector=1&wall=baseline`);
      await dash.locator('[data-testid=dashboard][data-scene=baseline]').waitFor();
      await until(async () => (await dash.locator('[data-scene=baseline] .bl-action[data-status=done]').count()) === 1, 'the baseline on the wall');
      await dash.screenshot({ path: join(screenshotDir, `baseline-wall-${size.width}x${size.height}.png`) });
      expect(await dash.evaluate(() => document.documentElement.scrollHeight <= window.innerHeight + 1)).toBe(true);
      expect(await wallProblems(dash)).toEqual([]);
      await expectAccessible(dash, `the baseline on the wall ${size.width}`);
    }
    await dash.setViewportSize({ width: 1280, height: 720 });
    await dash.goto(`${server.url}/f/${b.session_id}?s=1`);
    await dash.locator('[data-testid=baseline-panel][data-state=ready]').waitFor();
  });

  it('speaks English too', async () => {
    await dash.getByTestId('lang-switch').click();
    await until(async () => (await dash.getByTestId('baseline-panel').locator('h2').textContent()) === 'Since the baseline', 'English');
    await until(async () => (await text(dash, 'detail-since')).startsWith('Since the baseline: now 2.0 → 3.5'), 'the detail in English');
    expect(await dash.locator(`.bl-action[data-action="${actionId}"] [data-testid=bl-action-now]`).textContent()).toBe('now: done');
    await until(async () => (await dash.getByTestId('learn-panel').locator('h2').textContent()) === 'Whom can we learn from?', 'learn-from in English');
    await dash.getByTestId('lang-switch').click();
    await until(async () => (await dash.getByTestId('baseline-panel').locator('h2').textContent()) === 'Sinds de nulmeting', 'Dutch again');
  });

  it('puts “Sinds de nulmeting” in the workshop report', async () => {
    const r = await fetch(`${server.url}/api/sessions/${b.session_id}/report.pdf`, { headers: { Authorization: `Bearer ${b.facilitator_token}` } });
    expect(r.status).toBe(200);
    const path = join(screenshotDir, 'baseline-report.pdf');
    writeFileSync(path, Buffer.from(await r.arrayBuffer()));
    const pdf = execFileSync('pdftotext', ['-layout', path, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
    expect(pdf).toContain('Sinds de nulmeting');
    expect(pdf).toContain('Smart city nulmeting Utrecht 2025');
  });

  it('marks the baseline’s moments on the replay’s timeline', async () => {
    await dash.goto(`${server.url}/replay/${b.session_id}`);
    await dash.getByTestId('replay-markers').waitFor({ state: 'attached' });
    const kinds = await dash.locator('[data-testid=replay-markers] button').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.kind));
    expect(kinds.filter((k) => k === 'baseline_chosen').length).toBe(2); // the small one, then A
    expect(kinds).toContain('baseline_action_reviewed');
    const labels = await dash.locator('[data-testid=replay-markers] button[data-kind^=baseline_]').allTextContents();
    expect(labels.some((l) => l.startsWith('Nulmeting gekozen'))).toBe(true);
    expect(labels.some((l) => l.startsWith('Actie van de nulmeting besproken'))).toBe(true);
    expect(await dash.locator('.replay__tick[data-kind=baseline_chosen]').count()).toBeGreaterThan(0);
  });

  it('charts Utrecht’s development on /trend/GM0344 with B’s key, on a laptop and a phone', async () => {
    const trend = await api<{ name: string; min_respondents: number; points: { kind: string; session_id?: string; respondents: number }[] }>(`/api/municipalities/GM0344/trend`, b.facilitator_token);
    expect(trend.status).toBe(200);
    expect(trend.body.name).toBe('Utrecht');
    const workshops = trend.body.points.filter((p) => p.kind === 'workshop').map((p) => p.session_id);
    expect(workshops).toContain(a.session_id);
    expect(workshops).not.toContain(small.session_id);
    expect((await api(`/api/municipalities/GM0344/trend`, amsterdam.facilitator_token)).status).toBe(403);

    const laptop = await (await browser.newContext({ viewport: { width: 1280, height: 720 } })).newPage();
    await laptop.goto(`${server.url}/trend/GM0344`);
    await laptop.getByTestId('trend-token-form').waitFor();
    await laptop.getByTestId('trend-token-input').fill(amsterdam.facilitator_token);
    await laptop.getByRole('button', { name: 'Ontwikkeling bekijken' }).click();
    await until(async () => (await laptop.locator('[role=alert]').first().textContent())?.includes('geen toegang'), 'another municipality’s key refused');
    await laptop.getByTestId('trend-token-input').fill(b.facilitator_token);
    await laptop.getByRole('button', { name: 'Ontwikkeling bekijken' }).click();
    await laptop.locator('[data-testid=trend][data-chart=drawn]').waitFor();
    expect(await text(laptop, 'trend-title')).toBe('Ontwikkeling van Utrecht');
    const rows = laptop.locator('[data-testid=trend-points] tbody tr');
    expect(await rows.count()).toBe(trend.body.points.length);
    const aRow = laptop.locator(`[data-testid=trend-points] tr[data-session="${a.session_id}"]`);
    expect(await aRow.locator('th').textContent()).toContain('Smart city nulmeting Utrecht 2025');
    expect(await aRow.locator('td').nth(1).textContent()).toBe('3');
    expect(await laptop.locator('[data-testid=trend-themes] tbody tr').count()).toBe(6);
    expect(await laptop.evaluate(() => sessionStorage.getItem('scsa.trend.GM0344'))).toBe(b.facilitator_token);
    expect(await noSideScroll(laptop)).toBe(true);
    await laptop.screenshot({ path: join(screenshotDir, 'trend-1280x720.png') });
    await laptop.screenshot({ path: join(screenshotDir, 'trend-1280-full.png'), fullPage: true });
    await expectAccessible(laptop, 'trend page');
    // a reload keeps the key of this tab
    await laptop.reload();
    await laptop.locator('[data-testid=trend][data-chart=drawn]').waitFor();

    const mobile = await phone(browser);
    await mobile.goto(`${server.url}/trend/GM0344`);
    await mobile.getByTestId('trend-token-input').fill(b.facilitator_token);
    await mobile.getByRole('button', { name: 'Ontwikkeling bekijken' }).click();
    await mobile.locator('[data-testid=trend][data-chart=drawn]').waitFor();
    expect(await noSideScroll(mobile)).toBe(true);
    await mobile.screenshot({ path: join(screenshotDir, 'trend-390x844.png') });
    await mobile.screenshot({ path: join(screenshotDir, 'trend-390-full.png'), fullPage: true });
    await expectAccessible(mobile, 'trend page on a phone');
  });

  it('is linked from the dashboard, which hands its key over to the trend page', async () => {
    await dash.goto(`${server.url}/f/${b.session_id}`);
    const link = dash.getByTestId('trend-link');
    await until(async () => (await link.textContent()) === 'Ontwikkeling van Utrecht', 'the link');
    await link.click();
    await dash.waitForURL('**/trend/GM0344');
    await dash.locator('[data-testid=trend][data-chart=drawn]').waitFor();
    await dash.getByTestId('trend-back').click();
    await dash.waitForURL((u) => u.pathname === `/f/${b.session_id}`);
    await dash.getByTestId('baseline-panel').waitFor();
  });

  it('removes the baseline after asking', async () => {
    await dash.locator('[data-testid=baseline-panel][data-state=ready]').waitFor();
    await dash.getByTestId('baseline-remove').click();
    await dash.getByTestId('baseline-remove-confirm-yes').click();
    await until(async () => (await dash.getByTestId('baseline-panel').getAttribute('data-state')) === 'none', 'no baseline');
    expect(await dash.getByTestId('detail-since').isVisible()).toBe(false);
    expect((await api(`/api/sessions/${b.session_id}/baseline`, b.facilitator_token)).body).toEqual({ baseline: null });
  });
});
