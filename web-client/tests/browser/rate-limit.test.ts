// Refused for asking too often, as the page tells it: creating a workshop and starting a solo assessment
// (POST /api/sessions answered 429), checking a join code (GET /api/join/{code}), and a join over the
// WebSocket refused as rate_limited, which the page waits out and sends again by itself. Once with the test
// standing in for the server on the way (route, routeWebSocket: exact answers and timings), once with a real
// server started with tight limits (one session per 10 minutes, one new participant per 3 s).
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSession, launchBrowser, screenshotDir, startServer, type CreatedSession, type RunningServer } from './harness';
import { phone } from './helpers';

let server: RunningServer;
let tight: RunningServer;
let browser: Browser;
let session: CreatedSession;
/** the one session the tight server lets this address start in ten minutes */
let tightSession: CreatedSession;

beforeAll(async () => {
  mkdirSync(screenshotDir, { recursive: true });
  server = await startServer();
  tight = await startServer({ args: ['--limit-sessions', '1/10m', '--limit-joins', '1/3s'] });
  browser = await launchBrowser();
  session = await createSession(server);
  tightSession = await createSession(tight);
});

afterAll(async () => {
  await browser?.close();
  await server?.cleanup();
  await tight?.cleanup();
});

/** Answers POST /api/sessions with 429 while `refusing()`, then lets it through to the server. */
async function refuseSessions(page: Page, refusing: () => boolean, headers: Record<string, string>, body: object): Promise<void> {
  await page.route('**/api/sessions', (route) =>
    route.request().method() === 'POST' && refusing()
      ? route.fulfill({ status: 429, contentType: 'application/json', headers, body: JSON.stringify(body) })
      : route.continue(),
  );
}

describe('refused for asking too often, the test standing in for the server', () => {
  it('creating a workshop says when to try again (Retry-After), and then it works', async () => {
    const page = await phone(browser);
    let refuse = true;
    await refuseSessions(page, () => refuse, { 'Retry-After': '20' }, { code: 'rate_limited', message: 'too many sessions', retry_after_s: 20 });
    await page.goto(server.url + '/');
    await page.getByLabel('Titel van de workshop').fill('Druk');
    await page.locator('.card', { hasText: 'Workshop organiseren' }).getByTestId('municipality-search').fill('Eindhoven');
    await page.getByTestId('municipality-chosen').filter({ hasText: 'Eindhoven' }).waitFor();
    await page.getByRole('button', { name: 'Workshop aanmaken' }).click();
    const error = page.locator('.card', { hasText: 'Workshop organiseren' }).locator('[role=alert]');
    await error.filter({ hasText: 'Even geduld: er zijn kort na elkaar veel sessies gestart. Probeer het over 20 seconden opnieuw.' }).waitFor();
    await error.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(screenshotDir, 'rate-limited-create-390.png'), scale: 'css' });
    refuse = false;
    await page.getByRole('button', { name: 'Workshop aanmaken' }).click();
    await page.waitForURL(/\/f\/s-/);
    await page.context().close();
  });

  it('starting a solo assessment says it too (retry_after_s in the body), in English as well', async () => {
    const page = await phone(browser);
    let refuse = true;
    await refuseSessions(page, () => refuse, {}, { code: 'rate_limited', message: 'too many sessions', retry_after_s: 1 });
    await page.goto(server.url + '/solo');
    await page.getByTestId('municipality-search').fill('den haag');
    await page.getByTestId('municipality-chosen').filter({ hasText: "'s-Gravenhage" }).waitFor();
    await page.getByTestId('solo-begin').click();
    await page.getByRole('alert').filter({ hasText: 'Probeer het over 1 seconde opnieuw.' }).waitFor();
    await page.getByTestId('lang-switch').click();
    await page.getByTestId('municipality-search').fill('den haag');
    await page.getByTestId('municipality-chosen').filter({ hasText: "'s-Gravenhage" }).waitFor();
    await page.getByTestId('solo-begin').click();
    await page.getByRole('alert').filter({ hasText: 'many sessions were started in a short time. Try again in 1 second.' }).waitFor();
    refuse = false;
    await page.getByTestId('solo-begin').click();
    await page.locator('section.statement[data-statement="1"]').waitFor();
    await page.context().close();
  });

  it('checking a join code says how many seconds to wait', async () => {
    const page = await phone(browser);
    let refuse = true;
    await page.route('**/api/join/**', (route) =>
      refuse
        ? route.fulfill({
            status: 429,
            contentType: 'application/json',
            headers: { 'Retry-After': '12' },
            body: JSON.stringify({ code: 'rate_limited', message: 'too many requests', retry_after_s: 12 }),
          })
        : route.continue(),
    );
    await page.goto(`${server.url}/join/${session.join_code}`);
    await page.getByTestId('join-error').filter({ hasText: 'Te veel pogingen kort na elkaar. Probeer het over 12 seconden opnieuw.' }).waitFor();
    refuse = false;
    await page.getByTestId('join-check').click();
    await page.getByTestId('join-session-title').waitFor();
    await page.context().close();
  });

  it('a join refused over the WebSocket is waited out, said, and sent again by itself', async () => {
    const page = await phone(browser);
    const joins: { at: number; id: string }[] = [];
    await page.routeWebSocket(/\/ws$/, (ws) => {
      const upstream = ws.connectToServer();
      ws.onMessage((message) => {
        const frame = JSON.parse(String(message)) as { type: string; id: string };
        if (frame.type === 'join') {
          joins.push({ at: Date.now(), id: frame.id });
          if (joins.length === 1) {
            ws.send(JSON.stringify({ type: 'error', id: frame.id, code: 'rate_limited', message: 'too many joins', retry_after_ms: 2_500 }));
            return;
          }
        }
        upstream.send(message);
      });
    });
    await page.goto(`${server.url}/join/${session.join_code}`);
    await page.getByLabel('Naam (niet verplicht)').fill('Geduldig');
    await page.getByTestId('join-submit').click();
    const notice = page.getByTestId('join-retrying');
    await notice.filter({ hasText: 'Het is even druk. Over 3 seconden proberen we het vanzelf opnieuw; u hoeft niets te doen.' }).waitFor();
    await expect(page.getByRole('status').filter({ hasText: 'Het is even druk' }).count()).resolves.toBe(1);
    await page.screenshot({ path: join(screenshotDir, 'rate-limited-join-390.png'), scale: 'css' });
    await page.waitForURL(/\/p(\?|$)/);
    await page.locator('section.statement[data-statement="1"]').waitFor();
    expect(joins).toHaveLength(2);
    expect(joins[1]!.id).toBe(joins[0]!.id); // the same join, not a second participant
    expect(joins[1]!.at - joins[0]!.at).toBeGreaterThanOrEqual(2_400);
    await page.context().close();
  });
});

describe('refused for asking too often by a real server with tight limits', () => {
  it('a second session within ten minutes: creating a workshop and starting a solo assessment say when', async () => {
    const page = await phone(browser);
    await page.goto(tight.url + '/');
    await page.getByLabel('Titel van de workshop').fill('Te vroeg');
    await page.locator('.card', { hasText: 'Workshop organiseren' }).getByTestId('municipality-search').fill('Eindhoven');
    await page.getByTestId('municipality-chosen').filter({ hasText: 'Eindhoven' }).waitFor();
    await page.getByRole('button', { name: 'Workshop aanmaken' }).click();
    await page
      .locator('.card', { hasText: 'Workshop organiseren' })
      .getByRole('alert')
      .filter({ hasText: /^Even geduld: er zijn kort na elkaar veel sessies gestart\. Probeer het over (9|10) minuten opnieuw\.$/ })
      .waitFor();
    await page.goto(tight.url + '/solo');
    await page.getByTestId('municipality-search').fill('den haag');
    await page.getByTestId('municipality-chosen').filter({ hasText: "'s-Gravenhage" }).waitFor();
    await page.getByTestId('solo-begin').click();
    await page.getByRole('alert').filter({ hasText: /Probeer het over (9|10) minuten opnieuw\./ }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/solo');
    await page.context().close();
  });

  it('a second new participant within 3 s from the same address is let in by itself once the wait is over', async () => {
    const first = await phone(browser);
    await first.goto(`${tight.url}/join/${tightSession.join_code}`);
    await first.getByTestId('join-submit').click();
    await first.locator('section.statement[data-statement="1"]').waitFor();
    const second = await phone(browser);
    await second.goto(`${tight.url}/join/${tightSession.join_code}`);
    await second.getByTestId('join-submit').click();
    await second.getByTestId('join-retrying').filter({ hasText: /^Het is even druk\. Over [1-3] seconden? proberen we het vanzelf opnieuw/ }).waitFor();
    await second.locator('section.statement[data-statement="1"]').waitFor();
    expect(new URL(second.url()).pathname).toBe('/p');
    // two participants, not three: the retried join is the same join
    const count = await fetch(`${tight.url}/api/sessions/${tightSession.session_id}/results`, {
      headers: { Authorization: `Bearer ${tightSession.facilitator_token}` },
    }).then(async (r) => ((await r.json()) as { participants: number }).participants);
    expect(count).toBe(2);
    await first.context().close();
    await second.context().close();
  });
});
