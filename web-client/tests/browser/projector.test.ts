// Projector mode on a common beamer (1280×720) and a full-HD screen (1920×1080), in Dutch and English: the
// results scene fits without scrolling, and every heat-map tile's title and consensus badge, the charts and
// the statement's own consensus badges are inside the viewport and not cut off. Screenshots of each size
// land in test-results/screenshots/ (projector-WxH-LANG.png). The dashboard itself, out of projector mode, is
// no wider than a 1280×720 or 1920×1080 screen either (dashboard-WxH.png), and its "Aanwezig" card shows each
// ordinary participant name whole on one line.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createSession,
  facilitate,
  joinOverSockets,
  launchBrowser,
  rememberFacilitator,
  screenshotDir,
  startServer,
  until,
  type CreatedSession,
  type RunningServer,
} from './harness';

let server: RunningServer;
let browser: Browser;
let session: CreatedSession;
const TITLE = 'Roadmap-sessie Utrecht';

/** Twelve (or `count`) participants answer every statement with a fixed spread (some agree, some split the room). */
async function seed(page: Page, code: string, count = 12): Promise<void> {
  const level = (s: number, p: number): [number, number, number] => {
    // statements divisible by 3 split the room; the others cluster around a level
    const spread = s % 3 === 0 ? (p % 5) - 2 : (p % 3) - 1;
    const now = Math.min(5, Math.max(1, 1 + (s % 3) + (s % 3 === 0 ? spread : Math.round(spread / 2))));
    return [s, now, Math.min(5, Math.max(now, now + 1 + (s % 2)))];
  };
  const people = Array.from({ length: count }, (_, p) => ({
    name: `Deelnemer ${p + 1}`,
    department: ['ICT', 'Wonen', 'Financiën'][p % 3],
    answers: Array.from({ length: 21 }, (_, i) => level(i + 1, p)),
  }));
  await joinOverSockets(page, code, people);
}

/** People join over WebSockets (closed again afterwards), answering statement 1 when given levels; returns their ids. */
function people(page: Page, code: string, list: { name: string; answer?: [number, number] }[]): Promise<string[]> {
  return joinOverSockets(
    page,
    code,
    list.map(({ name, answer }) => ({ name, answers: answer ? [[1, answer[0], answer[1]]] : [] })),
  );
}

interface Fit {
  scrollHeight: number;
  innerHeight: number;
  scrollWidth: number;
  innerWidth: number;
  /** descriptions of elements outside the viewport or cut off */
  problems: string[];
  tiles: number;
}

/** Measures, in the page, everything the wall must show in full. */
function measure(page: Page): Promise<Fit> {
  return page.evaluate(() => {
    const problems: string[] = [];
    const vw = window.innerWidth;
    const vh = window.innerHeight;
    const inside = (el: Element, what: string) => {
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.height === 0) problems.push(`${what}: not shown`);
      else if (r.left < -0.5 || r.top < -0.5 || r.right > vw + 0.5 || r.bottom > vh + 0.5)
        problems.push(`${what}: outside the viewport (${Math.round(r.left)},${Math.round(r.top)})–(${Math.round(r.right)},${Math.round(r.bottom)})`);
    };
    const whole = (el: HTMLElement, what: string) => {
      if (el.scrollWidth > el.clientWidth) problems.push(`${what}: cut off horizontally (${el.scrollWidth} > ${el.clientWidth}) "${el.textContent}"`);
      if (el.scrollHeight > el.clientHeight + 1) problems.push(`${what}: cut off vertically (${el.scrollHeight} > ${el.clientHeight}) "${el.textContent}"`);
    };
    const tiles = [...document.querySelectorAll<HTMLElement>('.heat__cell')];
    for (const tile of tiles) {
      const n = tile.dataset.statement;
      inside(tile, `tile ${n}`);
      const title = tile.querySelector<HTMLElement>('.heat__title')!;
      const band = tile.querySelector<HTMLElement>('.heat__band')!;
      const gap = tile.querySelector<HTMLElement>('.heat__gap')!;
      for (const [el, what] of [[title, 'title'], [band, 'badge'], [gap, 'gap']] as const) {
        inside(el, `tile ${n} ${what}`);
        whole(el, `tile ${n} ${what}`);
      }
    }
    const detail = document.querySelector<HTMLElement>('[data-testid=statement-detail]')!;
    for (const sel of ['.detail__title', '.detail__text', '[data-testid=detail-gap]', '[data-testid=detail-state]']) {
      const el = detail.querySelector<HTMLElement>(sel)!;
      inside(el, `detail ${sel}`);
      whole(el, `detail ${sel}`);
    }
    for (const el of detail.querySelectorAll<HTMLElement>('canvas')) inside(el, `chart ${el.dataset.testid}`);
    for (const el of detail.querySelectorAll<HTMLElement>('.detail__stats dd')) {
      inside(el, `statistic ${el.dataset.stat}`);
      whole(el, `statistic ${el.dataset.stat}`);
    }
    for (const el of document.querySelectorAll<HTMLElement>('.dash__h1, [data-testid=short-join], [data-testid=wall-count]')) {
      inside(el, `header ${el.className}`);
      whole(el, `header ${el.className}`);
    }
    return {
      scrollHeight: document.documentElement.scrollHeight,
      innerHeight: vh,
      scrollWidth: document.documentElement.scrollWidth,
      innerWidth: vw,
      problems,
      tiles: tiles.length,
    };
  });
}

beforeAll(async () => {
  mkdirSync(screenshotDir, { recursive: true });
  server = await startServer();
  browser = await launchBrowser();
  // a workshop title as long as real ones are: the wall shows it whole
  session = await createSession(server, 'workshop', 'GM0344', TITLE);
  const page = await browser.newPage();
  await page.goto(server.url + '/');
  await seed(page, session.join_code);
  await page.close();
});

afterAll(async () => {
  await browser?.close();
  await server?.cleanup();
});

describe('projector mode fits the wall', () => {
  const sizes = [
    { width: 1280, height: 720 },
    { width: 1920, height: 1080 },
    { width: 1366, height: 768 },
  ];
  for (const lang of ['nl', 'en'] as const) {
    for (const size of sizes) {
      // statement 6 has the longest Dutch statement text but one and a long title
      it(`${size.width}×${size.height} (${lang}): no scrolling, every tile's title and badge whole and in view`, async () => {
        const context = await browser.newContext({ viewport: size });
        const page = await context.newPage();
        await rememberFacilitator(page, server, session, 'Roadmap-sessie Utrecht');
        if (lang === 'en') await page.evaluate(() => localStorage.setItem('scsa.lang', 'en'));
        await page.goto(`${server.url}/f/${session.session_id}?projector=1&s=6`);
        await page.locator('[data-testid=dashboard][data-projector=true][data-scene=results]').waitFor();
        expect(await page.locator('html').getAttribute('lang')).toBe(lang);
        // the catalogue's titles, the answers and the charts are in
        await until(async () => (await page.locator('.heat__title').first().textContent())?.length, 'statement titles');
        await page.locator('.heat__cell[data-statement="21"][data-level]:not([data-level=none])').waitFor();
        await until(
          async () => (await page.locator('[data-testid=statement-detail] figure[data-aspect=current]').getAttribute('data-n')) === '12',
          'the distribution',
        );
        await until(() => page.evaluate(() => document.fonts.ready.then(() => true)), 'fonts');
        const fit = await measure(page);
        await page.screenshot({ path: join(screenshotDir, `projector-${size.width}x${size.height}-${lang}.png`) });
        // the title whole, not "Roadmap-sessie U…": there is room beside the join line
        const h1 = await page.locator('.dash__h1').evaluate((el) => ({ text: el.textContent, scroll: el.scrollWidth, client: el.clientWidth }));
        expect(h1.text).toBe(TITLE);
        expect(h1.scroll).toBeLessThanOrEqual(h1.client);
        expect(fit.tiles).toBe(21);
        expect(fit.problems).toEqual([]);
        expect(fit.scrollHeight).toBeLessThanOrEqual(fit.innerHeight);
        expect(fit.scrollWidth).toBeLessThanOrEqual(fit.innerWidth);
        await context.close();
      });
    }
  }

  for (const size of sizes) {
    it(`${size.width}×${size.height}: the join scene (few joined yet) fits too, code and QR code in view`, async () => {
      const fresh = await createSession(server);
      const context = await browser.newContext({ viewport: size });
      const page = await context.newPage();
      await rememberFacilitator(page, server, fresh, 'Leeg');
      await page.goto(`${server.url}/f/${fresh.session_id}?projector=1`);
      await page.locator('[data-testid=dashboard][data-projector=true][data-scene=join]').waitFor();
      await page.locator('[data-testid=projector-qr][src^="data:image/png"]').waitFor();
      const fit = await page.evaluate(() => {
        const problems: string[] = [];
        for (const sel of ['[data-testid=projector-join-code]', '[data-testid=projector-qr]', '.join--wall .join__link', '[data-testid=projector-joined]']) {
          const el = document.querySelector<HTMLElement>(sel)!;
          const r = el.getBoundingClientRect();
          if (r.top < 0 || r.left < 0 || r.bottom > innerHeight || r.right > innerWidth) problems.push(`${sel} outside the viewport`);
          if (el.scrollWidth > el.clientWidth) problems.push(`${sel} cut off`);
        }
        return { problems, scrollHeight: document.documentElement.scrollHeight, scrollWidth: document.documentElement.scrollWidth };
      });
      await page.screenshot({ path: join(screenshotDir, `projector-join-${size.width}x${size.height}.png`) });
      expect(fit.problems).toEqual([]);
      expect(fit.scrollHeight).toBeLessThanOrEqual(size.height);
      expect(fit.scrollWidth).toBeLessThanOrEqual(size.width);
      await context.close();
    });
  }
});

// The dashboard itself (not projector mode) on the same beamer sizes: nothing pushes the page wider than the
// screen. With eight people "13. Samenhangende informatiearchitectuur" is among the largest gaps and "12.
// Kwaliteit van dienstverlening bewaken" among the least consensus: two long words that once widened the
// ranking's two columns past the card, "Minste overeenstemming" with them, and the page to 1286 px.
// The "Aanwezig" card shows every ordinary name whole on one line: beside the state and the remove button the
// name once had 68 px at 1280x720 and read "Deel…" with its number on the next line. Two more join without
// answering (the statistics stay the eight's): a real name of ordinary length, and one truly long that ends in
// "…" on its one line, whole in its title.
const REAL_NAME = 'Annemarie de Vries-Jansen';
const LONG_NAME = 'Maria Christina van den Heuvel-Oudshoorn tot Bakkerswaard';
describe('the dashboard on a beamer does not scroll sideways', () => {
  let eight: CreatedSession;
  beforeAll(async () => {
    eight = await createSession(server, 'workshop', 'GM0344', TITLE);
    const page = await browser.newPage();
    await page.goto(server.url + '/');
    await seed(page, eight.join_code, 8);
    await people(page, eight.join_code, [{ name: REAL_NAME }, { name: LONG_NAME }]);
    await page.close();
  });
  for (const size of [
    { width: 1280, height: 720 },
    { width: 1920, height: 1080 },
  ]) {
    it(`${size.width}×${size.height}: the page is no wider than the screen, the ranking's headings inside their card, names whole`, async () => {
      const context = await browser.newContext({ viewport: size });
      const page = await context.newPage();
      await rememberFacilitator(page, server, eight, TITLE);
      await page.goto(`${server.url}/f/${eight.session_id}`);
      await page.locator('[data-testid=dashboard][data-projector=false]').waitFor();
      await page.locator('[data-testid=ranking-gap] li[data-statement="13"]').waitFor();
      await page.locator('[data-testid=ranking-disagreement] li[data-statement="12"]').waitFor();
      await page.locator('[data-testid=participant-list] li:nth-child(10)').waitFor();
      await until(() => page.evaluate(() => document.fonts.ready.then(() => true)), 'fonts');
      const fit = await page.evaluate(() => {
        const vw = window.innerWidth;
        // what reaches past the right edge, leaving out what scrolls or is clipped inside a box of its own
        const clipped = (el: Element) => {
          for (let a = el.parentElement; a && a !== document.body; a = a.parentElement)
            if (getComputedStyle(a).overflowX !== 'visible') return true;
          return false;
        };
        const wider = [...document.querySelectorAll('body *')]
          .filter((el) => el.getBoundingClientRect().right > vw + 0.5 && !clipped(el))
          .map((el) => `${el.tagName.toLowerCase()}.${[...el.classList].join('.')} right=${Math.round(el.getBoundingClientRect().right)}`);
        const card = document.querySelector('.dash__ranking')!.getBoundingClientRect();
        const heads = [...document.querySelectorAll<HTMLElement>('.dash__ranking .rank__head')]
          .filter((el) => el.getBoundingClientRect().right > card.right + 0.5 || el.scrollWidth > el.clientWidth)
          .map((el) => `"${el.textContent}" right=${Math.round(el.getBoundingClientRect().right)} card=${Math.round(card.right)}`);
        // each name in the Aanwezig card: on how many lines its text lies (the distinct tops of its boxes; a name
        // shortened with "…" has more than one box on its one line) and whether it is cut off
        const names = [...document.querySelectorAll<HTMLElement>('[data-testid=participant-list] .people__name')].map((el) => {
          const range = document.createRange();
          range.selectNodeContents(el);
          const lines = new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size;
          return { text: el.textContent ?? '', lines, cut: el.scrollWidth > el.clientWidth, title: el.title };
        });
        return { scrollWidth: document.documentElement.scrollWidth, innerWidth: vw, wider: wider.slice(0, 10), heads, names };
      });
      await page.screenshot({ path: join(screenshotDir, `dashboard-${size.width}x${size.height}.png`) });
      expect(fit.wider).toEqual([]);
      expect(fit.heads).toEqual([]);
      expect(fit.scrollWidth).toBeLessThanOrEqual(fit.innerWidth);
      expect(fit.names.map((n) => n.text).sort()).toEqual(
        [...Array.from({ length: 8 }, (_, p) => `Deelnemer ${p + 1}`), REAL_NAME, LONG_NAME].sort(),
      );
      // ordinary names whole and on one line; the truly long one on one line too, shortened, whole in its title
      expect(fit.names.filter((n) => n.text !== LONG_NAME && (n.cut || n.lines !== 1))).toEqual([]);
      expect(fit.names.find((n) => n.text === LONG_NAME)).toEqual({ text: LONG_NAME, lines: 1, cut: true, title: LONG_NAME });
      await context.close();
    });
  }
});

describe('the wall leaves the join scene once the workshop is under way, whatever the count', () => {
  const size = { width: 1280, height: 720 };
  const wallOf = async (s: CreatedSession, query: string) => {
    const context = await browser.newContext({ viewport: size });
    const page = await context.newPage();
    await rememberFacilitator(page, server, s, 'Klein groepje');
    await page.goto(`${server.url}/f/${s.session_id}?${query}`);
    return page;
  };
  const scene = (page: Page) => page.getByTestId('dashboard').getAttribute('data-scene');
  const results = (page: Page) => page.locator('[data-testid=dashboard][data-projector=true][data-scene=results]').waitFor();

  it('one participant who answered: the results, with the join code in the header', async () => {
    const small = await createSession(server);
    const page = await wallOf(small, 'projector=1');
    await page.locator('[data-testid=dashboard][data-scene=join]').waitFor();
    await people(page, small.join_code, [{ name: 'Ann', answer: [2, 4] }]);
    await results(page);
    await until(async () => (await page.getByTestId('statement-detail').locator('figure[data-aspect=current]').getAttribute('data-n')) === '1', 'the answer');
    expect(await page.getByTestId('short-join').textContent()).toContain(small.join_code);
    expect(await page.getByTestId('short-join').isVisible()).toBe(true);
    await until(() => page.evaluate(() => document.fonts.ready.then(() => true)), 'fonts');
    await page.screenshot({ path: join(screenshotDir, 'projector-small-group-1280x720.png') });
    await page.context().close();
  });

  it('results revealed with nobody joined: the results', async () => {
    const small = await createSession(server);
    const page = await wallOf(small, 'projector=1');
    await page.locator('[data-testid=dashboard][data-scene=join]').waitFor();
    await facilitate(page, small, [{ type: 'reveal' }]);
    await results(page);
    await page.context().close();
  });

  it('a statement chosen (?s=7) with nobody joined: the results, statement 7', async () => {
    const small = await createSession(server);
    const page = await wallOf(small, 'projector=1&s=7');
    // the snapshot is in (before it the page shows no scene of its own)
    await until(async () => (await page.getByTestId('round').textContent()) === 'Ronde 1', 'the snapshot');
    expect(await scene(page)).toBe('results');
    expect(await page.getByTestId('statement-detail').getAttribute('data-statement')).toBe('7');
    // the arrow keys choose a statement on the join scene too
    const other = await createSession(server);
    const next = await wallOf(other, 'projector=1');
    await next.locator('[data-testid=dashboard][data-scene=join]').waitFor();
    await next.keyboard.press('ArrowRight');
    await results(next);
    await page.context().close();
    await next.context().close();
  });

  it('does not fall back to the join scene when one of three is removed', async () => {
    const small = await createSession(server);
    const page = await wallOf(small, 'projector=1');
    await page.locator('[data-testid=dashboard][data-scene=join]').waitFor();
    // the join scene is there at the start, and a reload keeps it (no statement chosen yet)
    await page.reload();
    await until(async () => (await page.getByTestId('round').textContent()) === 'Ronde 1', 'the snapshot');
    expect(await scene(page)).toBe('join');
    const ids = await people(page, small.join_code, [{ name: 'Ann' }, { name: 'Bram' }, { name: 'Cor' }]);
    await results(page);
    await facilitate(page, small, [{ type: 'remove', participant_id: ids[2] }]);
    await until(async () => (await page.getByTestId('wall-count').textContent())?.startsWith('2 '), 'two take part');
    expect(await scene(page)).toBe('results');
    await page.context().close();
  });
});
