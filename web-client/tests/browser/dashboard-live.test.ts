// The facilitator dashboard during a workshop, against a real server (issue 14, "first contact"):
// - pacing: per statement "N van M beantwoord" in the pacing table and the statement detail (M = active
//   participants);
// - "Iedereen naar stelling N", and "Focussen" taking every participant along (the session's focus);
// - removing a participant: the counts are the server's (the removed one is neither present nor connected)
//   and the list marks them as removed;
// - departments compared live, only those with at least k participants.
// Participants are WebSockets opened in a page of the server's origin and kept open (so they count as
// connected), each recording the session object of every frame it receives.
import { mkdirSync } from 'node:fs';
import { join as joinPath } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createSession,
  joinOverSockets,
  launchBrowser,
  rememberFacilitator,
  screenshotDir,
  seriousViolations,
  startServer,
  until,
  type CreatedSession,
  type RunningServer,
} from './harness';
import { settled, text } from './helpers';

let server: RunningServer;
let browser: Browser;
let session: CreatedSession;
let dash: Page;
/** the page that holds the participants' sockets */
let crowd: Page;

interface Person {
  name: string;
  department?: string;
  /** statement → [current, desired]; either may be absent */
  answers?: Record<number, [number | null, number | null]>;
}

/** Joins people over WebSockets kept open in `crowd`; returns their participant ids in order. */
function join(people: Person[]): Promise<string[]> {
  return joinOverSockets(
    crowd,
    session.join_code,
    people.map(({ name, department, answers = {} }) => ({
      name,
      department,
      answers: Object.entries(answers).map(([s, levels]): [number, number | null, number | null] => [Number(s), ...levels]),
    })),
    { keep: true },
  );
}

/** The last session object participant `i` (in join order) received. */
const lastSession = (i: number) =>
  crowd.evaluate((i) => {
    const seen = (window as unknown as { sessions: Record<string, unknown>[][] }).sessions[i]!;
    return seen[seen.length - 1] as { open: number[]; focus?: { statement: number; number: number } | null };
  }, i);


beforeAll(async () => {
  mkdirSync(screenshotDir, { recursive: true });
  server = await startServer();
  browser = await launchBrowser();
  session = await createSession(server);
  const context = await browser.newContext({ viewport: { width: 1440, height: 1000 } });
  dash = await context.newPage();
  await rememberFacilitator(dash, server, session, 'Tempo en afdelingen');
  // its own context (a window of its own): a second tab would put the dashboard in the background, where
  // animation frames, and so its rendering, are throttled
  crowd = await (await browser.newContext()).newPage();
  await crowd.goto(server.url + '/');
  await dash.goto(`${server.url}/f/${session.session_id}?s=1`);
  await dash.locator('[data-testid=connection][data-status=connected]').waitFor();
});

afterAll(async () => {
  await browser?.close();
  await server?.cleanup();
});

describe('dashboard during a workshop', () => {
  it('shows per statement how many of the participants answered it ("N van M beantwoord")', async () => {
    await join([
      { name: 'Ann', department: 'ICT', answers: { 1: [2, 4] } },
      { name: 'Bram', department: 'ICT', answers: { 1: [3, 5] } },
      { name: 'Cor', department: 'Wonen', answers: { 1: [2, null] } },
      { name: 'Dirk', department: 'Wonen' },
    ]);
    await until(async () => (await text(dash, 'joined-count')) === '4', 'four present');
    // two gave both aspects, one only "now", one nothing yet: 2 of 4
    await until(async () => (await text(dash, 'answered-1')) === '2 van 4', 'statement 1: 2 of 4');
    expect(await text(dash, 'answered-split-1')).toBe('nu 3 · gewenst 2');
    expect(await text(dash, 'answered-2')).toBe('0 van 4');
    expect(await dash.locator('[data-testid=pacing] thead').textContent()).toContain('Beantwoord');
    expect(await dash.getByTestId('statement-detail').getAttribute('data-statement')).toBe('1');
    expect(await text(dash, 'detail-answered')).toBe('2 van 4 beantwoord');
    expect(await text(dash, 'detail-answered-split')).toBe('nu 3 · gewenst 2');

    // the last two complete statement 1: everyone answered, which the row and the detail say
    await crowd.evaluate(() => {
      const w = window as unknown as { sockets: WebSocket[] };
      const frames = [
        [2, { type: 'answer', statement: 1, aspect: 'desired', level: 3 }],
        [3, { type: 'answer', statement: 1, aspect: 'current', level: 1 }],
        [3, { type: 'answer', statement: 1, aspect: 'desired', level: 2 }],
      ] as const;
      for (const [i, f] of frames) w.sockets[i]!.send(JSON.stringify({ ...f, id: crypto.randomUUID() }));
    });
    await until(async () => (await text(dash, 'answered-1')) === '4 van 4', 'statement 1: 4 of 4');
    expect(await dash.locator('[data-testid=pacing] tr[data-statement="1"] .pace__answered').getAttribute('data-complete')).toBe('true');
    await until(async () => (await text(dash, 'detail-answered')) === '4 van 4 beantwoord', 'the detail follows');
    await dash.locator('[data-testid=pacing] tbody tr').nth(3).screenshot({ path: joinPath(screenshotDir, 'dashboard-pacing-row.png') });
    await dash.locator('.dash__lower').screenshot({ path: joinPath(screenshotDir, 'dashboard-pacing.png') });

    // English
    await dash.getByTestId('lang-switch').click();
    await until(async () => (await text(dash, 'answered-1')) === '4 of 4', 'in English');
    expect(await text(dash, 'detail-answered')).toBe('4 of 4 answered');
    await dash.getByTestId('lang-switch').click();
    await until(async () => (await text(dash, 'answered-1')) === '4 van 4', 'Dutch again');
  });

  it('sends everyone to a statement, and "Focussen" takes everyone along', async () => {
    // the wall: a second screen of the same facilitator, in projector mode, follows where everyone was sent
    const wallContext = await browser.newContext({ viewport: { width: 1280, height: 720 } });
    const wall = await wallContext.newPage();
    await rememberFacilitator(wall, server, session, 'Tempo en afdelingen');
    await wall.goto(`${server.url}/f/${session.session_id}?projector=1&s=1`);
    await wall.locator('[data-testid=dashboard][data-projector=true][data-scene=results]').waitFor();
    await dash.locator('.heat__cell[data-statement="3"]').click();
    await until(async () => (await dash.getByTestId('statement-detail').getAttribute('data-statement')) === '3', 'statement 3 shown');
    const everyone = dash.getByTestId('everyone-to');
    expect(await everyone.textContent()).toContain('Iedereen naar stelling 3');
    await everyone.click();
    await settled(dash);
    // every participant's session now says where to go; nothing was opened or closed for it
    for (let i = 0; i < 4; i++) await until(async () => (await lastSession(i)).focus?.statement === 3, `participant ${i + 1} sent to 3`);
    expect((await lastSession(0)).open).toHaveLength(21);
    await until(async () => (await text(dash, 'focus-sent')) === 'Deelnemers zijn naar stelling 3 gestuurd', 'the dashboard says so');
    expect(await dash.locator('[data-testid=everyone-to] + .ctl__error').textContent()).toBe('');
    await until(async () => (await wall.getByTestId('statement-detail').getAttribute('data-statement')) === '3', 'the wall shows 3');

    // "Focussen" on 6: only 6 open, and everyone taken there
    await dash.getByTestId('focus-6').click();
    await settled(dash);
    for (let i = 0; i < 4; i++) {
      await until(async () => {
        const s = await lastSession(i);
        return s.focus?.statement === 6 && s.open.length === 1 && s.open[0] === 6;
      }, `participant ${i + 1} focused on 6`);
    }
    await until(async () => (await dash.getByTestId('statement-detail').getAttribute('data-statement')) === '6', 'the detail shows 6');
    expect(await text(dash, 'detail-state')).toBe('alleen deze geopend');
    expect(await text(dash, 'focus-sent')).toBe('Deelnemers zijn naar stelling 6 gestuurd');
    await until(async () => (await wall.getByTestId('statement-detail').getAttribute('data-statement')) === '6', 'the wall shows 6');
    await wallContext.close();
    // focusing the same statement again is allowed: it brings back whoever wandered off
    expect(await dash.getByTestId('focus-6').getAttribute('aria-disabled')).toBeNull();
    await dash.getByTestId('open-all').click();
    await settled(dash);
    await until(async () => (await dash.locator('[data-testid=pacing] tr[data-open=true]').count()) === 21, 'all open again');
  });

  it('counts a removed participant as neither present nor connected, and marks them removed in the list', async () => {
    await until(async () => (await text(dash, 'connected-count')) === '4', 'four connected');
    const row = dash.locator('.people__row', { hasText: 'Dirk' });
    await row.getByTestId('remove').click();
    await row.getByTestId('remove-confirm-yes').click();
    await until(async () => (await text(dash, 'joined-count')) === '3', 'three present');
    // Dirk's socket is still open: the server no longer counts him as connected, and the dashboard shows its counts
    await until(async () => (await text(dash, 'connected-count')) === '3', 'three connected');
    expect(await crowd.evaluate(() => (window as unknown as { sockets: WebSocket[] }).sockets[3]!.readyState)).toBe(1);
    await until(async () => (await row.getAttribute('data-removed')) === 'true', 'Dirk marked removed');
    expect(await row.locator('.people__state').textContent()).toBe('verwijderd');
    expect(await row.getAttribute('data-connected')).toBe('false');
    expect(await row.getByTestId('remove').isVisible()).toBe(false);
    // removed ones come last; the others keep their remove button
    expect(await dash.locator('.people__row').last().getAttribute('data-participant')).toBe(await row.getAttribute('data-participant'));
    expect(await dash.locator('.people__row[data-removed=false] [data-testid=remove]:visible').count()).toBe(3);
    // M follows the active participants: 3 now, and Dirk's answers no longer count
    await until(async () => (await text(dash, 'answered-1')) === '3 van 3', 'statement 1: 3 of 3');
  });

  it('compares departments live, only those with at least k participants', async () => {
    const panel = dash.getByTestId('departments-panel');
    await panel.waitFor();
    const note = await until(async () => /minder dan (\d+) deelnemers? worden niet getoond/.exec(await text(dash, 'departments-note')), 'the k line');
    const k = Number(note[1]);
    expect(k).toBeGreaterThan(2);
    expect(k).toBeLessThanOrEqual(6);
    // ICT (2 so far) and Wonen (1 active) are below k: nothing shown yet
    expect(await dash.locator('[data-testid=departments] tbody tr').count()).toBe(0);
    expect(await text(dash, 'departments-none')).toBe(`Nog geen afdeling met ten minste ${k} deelnemers.`);
    // said once: not also "departments with fewer than k are not shown" below it
    expect(await dash.getByTestId('departments-note').isVisible()).toBe(false);
    expect(await panel.getByText(new RegExp(`\\b${k} deelnemers\\b`)).filter({ visible: true }).count()).toBe(1);

    // ICT grows to k, each answering statement 1 (strategy) now 2, desired 4 and statement 19 (technology) 1 → 5
    const more: Person[] = Array.from({ length: k - 2 }, (_, i) => ({ name: `ICT ${i + 3}`, department: 'ICT', answers: { 1: [2, 4], 19: [1, 5] } }));
    await join(more);
    const ict = dash.locator('[data-testid=departments] tr[data-department=ICT]');
    await ict.waitFor();
    expect(await ict.getByTestId('department-participants').textContent()).toBe(String(k));
    expect(await dash.locator('[data-testid=departments] tr[data-department=Wonen]').count()).toBe(0);
    expect(await dash.getByTestId('departments-none').isVisible()).toBe(false);
    // headers are the catalogue's theme names; a cell reads now → desired
    const headers = await dash.locator('[data-testid=departments] thead th').allTextContents();
    expect(headers.slice(0, 3)).toEqual(['Afdeling', 'Deelnemers', 'Alle thema’s']);
    expect(headers).toContain('Strategie');
    expect(headers).toContain('Technologie');
    const technology = ict.locator('td[data-theme=technology]');
    expect(await technology.getAttribute('data-current')).toBe('1.00');
    expect(await technology.getAttribute('data-desired')).toBe('5.00');
    expect(await technology.locator('[aria-hidden=true]').textContent()).toBe('1,0 → 5,0');
    expect(await technology.locator('.visually-hidden').textContent()).toBe('nu 1,0, gewenst 5,0');
    // statement 1: Ann 2→4, Bram 3→5 and the new ones 2→4
    const strategy = Number(await ict.locator('td[data-theme=strategy]').getAttribute('data-current'));
    expect(strategy).toBeCloseTo((2 + 3 + 2 * (k - 2)) / k, 2);
    expect(await text(dash, 'departments-note')).toBe(`Afdelingen met minder dan ${k} deelnemers worden niet getoond.`);
    expect(await dash.getByTestId('departments-note').isVisible()).toBe(true);
    expect(await panel.getByText(new RegExp(`\\b${k} deelnemers\\b`)).filter({ visible: true }).count()).toBe(1);

    await dash.getByTestId('departments-panel').screenshot({ path: joinPath(screenshotDir, 'dashboard-departments.png') });
    await dash.evaluate(() => window.scrollTo(0, 0));
    await dash.screenshot({ path: joinPath(screenshotDir, 'dashboard-live.png') });
    const violations = await seriousViolations(dash);
    expect(violations, JSON.stringify(violations, null, 2)).toEqual([]);

    // English
    await dash.getByTestId('lang-switch').click();
    await until(async () => (await text(dash, 'departments-note')) === `Departments with fewer than ${k} participants are not shown.`, 'in English');
    expect(await dash.locator('[data-testid=departments] thead th').allTextContents()).toContain('Technology');
    await dash.getByTestId('lang-switch').click();
  });

  it("leaves room between the statement's buttons and its text, wherever they wrap", async () => {
    for (const width of [1440, 1280, 1920, 390]) {
      await dash.setViewportSize({ width, height: 1000 });
      const gap = await until(
        () =>
          dash.evaluate(() => {
            const detail = document.querySelector('[data-testid=statement-detail]')!;
            const buttons = [...detail.querySelectorAll('.detail__nav button')].map((b) => b.getBoundingClientRect());
            const text = detail.querySelector('.detail__text')!.getBoundingClientRect();
            if (buttons.length === 0 || text.height === 0) return null;
            return { gap: text.top - Math.max(...buttons.map((r) => r.bottom)) };
          }),
        'the statement detail',
      );
      expect(gap.gap, `${width} px`).toBeGreaterThanOrEqual(8);
      if (width === 1440) await dash.getByTestId('statement-detail').screenshot({ path: joinPath(screenshotDir, 'dashboard-detail-1440.png') });
    }
    await dash.setViewportSize({ width: 1440, height: 1000 });
  });

  it('stays one phone wide (390 px): wide tables scroll inside their cards', async () => {
    await dash.getByRole('heading', { name: 'Waar het gesprek over moet gaan' }).waitFor();
    await dash.setViewportSize({ width: 390, height: 844 });
    await until(() => dash.evaluate(() => document.documentElement.scrollWidth <= 390), 'no horizontal scrolling');
    expect(await dash.locator('[data-testid=departments]').evaluate((t) => t.parentElement!.scrollWidth > t.parentElement!.clientWidth)).toBe(true);
    await dash.evaluate(() => window.scrollTo(0, 0));
    await dash.screenshot({ path: joinPath(screenshotDir, 'dashboard-phone.png') });
    await dash.setViewportSize({ width: 1440, height: 1000 });
  });
});
