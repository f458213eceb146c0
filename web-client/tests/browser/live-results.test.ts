// The group's numbers while answers arrive as protocol 2 changes (issue 21): the dashboard and a phone with
// the results revealed ask for update format 2, get only the statements answered since the previous update,
// and still show what the server counted, after several answers and after the phone's connection dropped
// while others answered (its resume brings a fresh snapshot, and the changes after it build on that).
// The truth is the server's own results (GET /api/sessions/{id}/results). Others answer over WebSockets kept
// open in a page of the server's origin.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createSession,
  facilitate,
  joinOverSockets,
  launchBrowser,
  rememberFacilitator,
  results,
  startServer,
  until,
  type CreatedSession,
  type Dist,
  type RunningServer,
} from './harness';
import { choose, phone, saved } from './helpers';

let server: RunningServer;
let browser: Browser;
let session: CreatedSession;
let dash: Page;
let mobile: Page;
/** the page that holds the others' sockets */
let crowd: Page;

type Aspect = 'current' | 'desired';
type Row = { statement: number; current: Dist; desired: Dist };

/**
 * Makes a page's context record what its WebSockets say about the update format: the `protocol` of each
 * join, resume and facilitate sent, and which result fields each snapshot and update received carried.
 */
async function recordFrames(p: Page): Promise<void> {
  await p.context().addInitScript(() => {
    const w = window as unknown as { sent: string[]; received: string[] };
    w.sent = [];
    w.received = [];
    const Native = window.WebSocket;
    window.WebSocket = class extends Native {
      constructor(url: string | URL, protocols?: string | string[]) {
        super(url, protocols);
        this.addEventListener('message', (ev) => {
          const msg = JSON.parse(String(ev.data)) as Record<string, unknown>;
          if (msg.type !== 'snapshot' && msg.type !== 'update') return;
          const fields = Object.keys(msg).filter((k) => /^(results|consensus|summary|rounds)/.test(k));
          if (fields.length) w.received.push(`${String(msg.type)}:${fields.sort().join(',')}`);
        });
      }
      override send(data: Parameters<WebSocket['send']>[0]): void {
        const frame = JSON.parse(String(data)) as Record<string, unknown>;
        if (['join', 'resume', 'facilitate'].includes(String(frame.type))) w.sent.push(`${String(frame.type)}:${String(frame.protocol)}`);
        super.send(data);
      }
    };
  });
}

const recorded = (p: Page) =>
  p.evaluate(() => {
    const w = window as unknown as { sent: string[]; received: string[] };
    return { sent: w.sent, received: w.received };
  });

/** The server's counts of the current round: statement → row. */
async function truth(): Promise<Map<number, Row>> {
  const r = await results(server, session);
  const round = r.rounds[r.rounds.length - 1]!;
  return new Map(round.consensus.statements.map((row) => [row.statement, row]));
}

const mean = (d: Dist) => (d.n ? d.counts.reduce((a, c, i) => a + c * (i + 1), 0) / d.n : null);

/** Sends frames over the kept socket of person `i` (join order), each waited for by its ack. */
function send(i: number, frames: Record<string, unknown>[]): Promise<void> {
  return crowd.evaluate(
    async ({ i, frames }) => {
      const ws = (window as unknown as { sockets: WebSocket[] }).sockets[i]!;
      for (const frame of frames) {
        await new Promise<void>((ok, fail) => {
          const id = crypto.randomUUID();
          const onMessage = (ev: MessageEvent) => {
            const msg = JSON.parse(String(ev.data));
            if (msg.id !== id) return;
            ws.removeEventListener('message', onMessage);
            if (msg.type === 'ack') ok();
            else fail(new Error(`${String(frame.type)}: ${msg.code}`));
          };
          ws.addEventListener('message', onMessage);
          ws.send(JSON.stringify({ ...frame, id }));
        });
      }
    },
    { i, frames },
  );
}

const answer = (statement: number, aspect: Aspect, level: number) => ({ type: 'answer', statement, aspect, level });

/** The phone's results for every statement (its stored model) differ from the server's in these statements. */
async function phoneDiffers(expected: Map<number, Row>): Promise<number[]> {
  const stored = await mobile.evaluate((id) => localStorage.getItem(`scsa.model.${id}`), session.session_id);
  const rows = ((stored ? JSON.parse(stored) : {}).results?.statements ?? []) as Row[];
  const shown = new Map(rows.map((r) => [r.statement, r]));
  return [...expected.values()]
    .filter((e) => {
      const s = shown.get(e.statement);
      return !s || (['current', 'desired'] as const).some((a) => s[a].n !== e[a].n || s[a].counts.join() !== e[a].counts.join());
    })
    .map((e) => e.statement);
}

/** The bars the phone shows for the statement on its screen, per aspect. */
const phoneBars = (aspect: Aspect) =>
  mobile.locator(`section.group-results figure.dist--${aspect} .dist__count`).allTextContents().then((l) => l.join());

/** The dashboard's heatmap gaps differ from the server's in these statements. */
async function dashboardGapsDiffer(expected: Map<number, Row>): Promise<number[]> {
  const shown = await dash.locator('[data-testid=heatmap] .heat__cell').evaluateAll((cells) =>
    cells.map((c) => [Number((c as HTMLElement).dataset.statement), (c as HTMLElement).dataset.gap ?? ''] as const),
  );
  return shown
    .filter(([s, gap]) => {
      const e = expected.get(s)!;
      const c = mean(e.current);
      const d = mean(e.desired);
      const want = c === null || d === null ? null : d - c;
      return want === null ? gap !== '' : gap === '' || Math.abs(Number(gap) - want) > 0.006;
    })
    .map(([s]) => s);
}

/** Shows statement `s` in the dashboard's detail and waits until its bars are the server's. */
async function dashboardShows(s: number, expected: Map<number, Row>): Promise<void> {
  await dash.locator(`.heat__cell[data-statement="${s}"]`).click();
  const detail = dash.locator(`[data-testid=statement-detail][data-statement="${s}"]`);
  for (const aspect of ['current', 'desired'] as const) {
    const want = expected.get(s)![aspect];
    await until(
      async () => (await detail.locator(`figure[data-aspect=${aspect}]`).getAttribute('data-counts')) === want.counts.join(','),
      `the dashboard's ${aspect} bars of statement ${s}: ${want.counts.join(',')}`,
    );
  }
}

/** Waits until the dashboard and the phone show what the server counted. */
async function bothAgree(what: string): Promise<Map<number, Row>> {
  const expected = await truth();
  await until(async () => (await dashboardGapsDiffer(expected)).length === 0, `${what}: the dashboard's gaps`);
  await until(async () => (await phoneDiffers(expected)).length === 0, `${what}: the phone's results`);
  await until(
    async () => (await phoneBars('current')) === expected.get(1)!.current.counts.join() && (await phoneBars('desired')) === expected.get(1)!.desired.counts.join(),
    `${what}: the phone's bars of statement 1`,
  );
  for (const s of [1, 2, 3]) await dashboardShows(s, expected);
  return expected;
}

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  session = await createSession(server);
  crowd = await (await browser.newContext()).newPage();
  await crowd.goto(server.url + '/');

  dash = await (await browser.newContext({ viewport: { width: 1440, height: 1000 } })).newPage();
  await recordFrames(dash);
  await rememberFacilitator(dash, server, session, 'Live resultaten');
  await dash.goto(`${server.url}/f/${session.session_id}?s=1`);
  await dash.locator('[data-testid=connection][data-status=connected]').waitFor();

  mobile = await phone(browser);
  await recordFrames(mobile);
  await mobile.goto(`${server.url}/join/${session.join_code}`);
  await mobile.getByLabel('Naam (niet verplicht)').fill('Telefoon');
  await mobile.getByTestId('join-submit').click();
  await mobile.waitForURL(/\/p(\?|$)/);
  await mobile.locator('section.statement[data-statement="1"]').waitFor();
  await choose(mobile, 'current', 2);
  await choose(mobile, 'desired', 4);
  await saved(mobile);
});

afterAll(async () => {
  await browser?.close();
  await server?.cleanup();
});

describe('the group results as protocol 2 changes', () => {
  it('asks for update format 2 when joining and facilitating', async () => {
    // the join page joins, the participant page binds with resume
    expect((await recorded(mobile)).sent).toEqual(['join:2', 'resume:2']);
    expect((await recorded(dash)).sent).toEqual(['facilitate:2']);
  });

  it('shows the right numbers on the dashboard and a phone after several answers arrive as changes', async () => {
    await facilitate(crowd, session, [{ type: 'reveal' }]);
    await mobile.locator('section.group-results').waitFor();
    // four others join, then answer one by one, each answer acknowledged before the next: many small updates
    await joinOverSockets(crowd, session.join_code, [{ name: 'Ann' }, { name: 'Bram' }, { name: 'Cor' }, { name: 'Dirk' }], { keep: true });
    const batches: [number, Record<string, unknown>[]][] = [
      [0, [answer(1, 'current', 3), answer(1, 'desired', 5), answer(2, 'current', 1)]],
      [1, [answer(1, 'current', 2), answer(2, 'current', 2), answer(2, 'desired', 4)]],
      [2, [answer(3, 'current', 4), answer(3, 'desired', 5), answer(1, 'desired', 3)]],
      // one changes their mind and takes an answer back
      [0, [answer(1, 'current', 1), { type: 'withdraw', statement: 2, aspect: 'current' }]],
    ];
    // each batch in updates of its own: the next is sent once both show the one before
    for (const [i, [person, frames]] of batches.entries()) {
      await send(person, frames);
      const expected = await truth();
      await until(async () => (await phoneDiffers(expected)).length === 0, `batch ${i + 1}: the phone's results`);
      await until(async () => (await dashboardGapsDiffer(expected)).length === 0, `batch ${i + 1}: the dashboard's gaps`);
    }
    const expected = await bothAgree('after the answers');
    expect(expected.get(1)!.current.counts).toEqual([1, 2, 0, 0, 0]);
    expect(expected.get(2)!.current.counts).toEqual([0, 1, 0, 0, 0]);

    // the numbers came as changes: whole results only with the reveal
    const phoneFrames = (await recorded(mobile)).received;
    expect(phoneFrames.filter((f) => f === 'update:results_changes').length).toBeGreaterThanOrEqual(batches.length);
    expect(phoneFrames.filter((f) => f === 'update:results')).toHaveLength(1);
    const dashFrames = (await recorded(dash)).received;
    expect(dashFrames.filter((f) => f === 'update:consensus_changes,summary_changes').length).toBeGreaterThanOrEqual(batches.length);
  });

  it("shows the right numbers after the phone's connection dropped while others answered", async () => {
    await mobile.context().setOffline(true);
    await mobile.locator('[data-testid=connection][data-status=offline]').waitFor();
    await send(1, [answer(1, 'current', 5), answer(1, 'desired', 5)]);
    await send(3, [answer(1, 'current', 4), answer(3, 'current', 1), answer(2, 'desired', 2)]);
    // the dashboard follows; the phone still shows what it had
    const missed = await truth();
    await until(async () => (await dashboardGapsDiffer(missed)).length === 0, "the dashboard's gaps while the phone is away");
    expect(await phoneDiffers(missed)).toEqual(expect.arrayContaining([1, 2, 3]));

    await mobile.context().setOffline(false);
    await mobile.locator('[data-testid=connection][data-status=connected]').waitFor();
    await bothAgree('after the phone came back');
    const sent = (await recorded(mobile)).sent;
    expect(sent).toContain('resume:2');
    expect(sent.every((f) => f.endsWith(':2'))).toBe(true);

    // what others answer after that comes as changes again, laid over the fresh snapshot
    await send(2, [answer(1, 'current', 3), answer(2, 'current', 5)]);
    await send(3, [{ type: 'withdraw', statement: 3, aspect: 'current' }]);
    const after = await bothAgree('after more answers');
    expect(after.get(1)!.current.counts).toEqual([1, 1, 1, 1, 1]);
    expect((await recorded(mobile)).received.slice(-1)).toEqual(['update:results_changes']);
  });
});
