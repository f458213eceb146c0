// axe-core (WCAG 2.0/2.1 A and AA) on every page this client has: no serious or critical violation.
// Also: the level choice works with the keyboard alone, the language switch sets <html lang>, and the
// workshop creation shows the facilitator token once.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createSession,
  facilitate,
  launchBrowser,
  newContext,
  startServer,
  type CreatedSession,
  type RunningServer,
} from './harness';
import { expectAccessible } from './helpers';

let server: RunningServer;
let browser: Browser;
let page: Page;
let session: CreatedSession;

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  session = await createSession(server);
  page = await (await newContext(browser, 'phone')).newPage();
});

afterAll(async () => {
  await browser?.close();
  await server?.cleanup();
});

describe('accessibility', () => {
  it('landing page, in Dutch and in English', async () => {
    await page.goto(server.url + '/');
    await page.getByTestId('join-code').waitFor();
    expect(await page.getAttribute('html', 'lang')).toBe('nl');
    await expectAccessible(page, 'landing nl');
    await page.getByTestId('lang-switch').click();
    await page.locator('html[lang=en]').waitFor();
    await page.getByRole('heading', { name: 'Join a workshop' }).waitFor();
    await expectAccessible(page, 'landing en');
    await page.getByTestId('lang-switch').click();
    await page.locator('html[lang=nl]').waitFor();
  });

  it('an empty join code is refused with a message, not silently', async () => {
    await page.getByRole('button', { name: 'Meedoen' }).click();
    await expect(page.getByTestId('join-code').getAttribute('aria-invalid')).resolves.toBe('true');
    await page.getByText('Vul de deelnamecode in.').waitFor();
  });

  it('join page and participant page, with the level choice operated by keyboard alone', async () => {
    await page.goto(`${server.url}/join/${session.join_code}`);
    await page.getByTestId('join-submit').waitFor();
    await expectAccessible(page, 'join');
    await page.getByTestId('join-submit').click();
    await page.locator('section.statement[data-statement="1"]').waitFor();
    await page.locator('[data-testid=connection][data-status=connected]').waitFor();
    await expectAccessible(page, 'participant, nothing answered');

    // Tab into the first radio group, arrows move the choice (native radio behaviour)
    await page.locator('fieldset[data-aspect=current] input[value="1"]').focus();
    await page.keyboard.press('Space');
    await page.locator('fieldset[data-aspect=current] label[data-level="1"][data-state=chosen]').waitFor();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await page.locator('fieldset[data-aspect=current] label[data-level="3"][data-state=chosen]').waitFor();
    expect(await page.evaluate(() => (document.activeElement as HTMLInputElement).value)).toBe('3');
    await page.locator('[data-testid=connection][data-status=connected][data-waiting="0"]').waitFor();
    await expectAccessible(page, 'participant, answered');

    const wall = await (await newContext(browser, 'desktop')).newPage();
    await wall.goto(server.url + '/');
    await facilitate(wall, session, [{ type: 'close', statement: 2 }, { type: 'reveal' }]);
    await page.locator('section.group-results').waitFor();
    await expectAccessible(page, 'participant, revealed');
    await page.getByRole('button', { name: 'Overzicht' }).click();
    await page.getByRole('heading', { name: 'Alle stellingen' }).waitFor();
    await expectAccessible(page, 'overview');
    await page.locator('[data-key="ov-2"]').click();
    await page.getByTestId('locked').waitFor();
    await expectAccessible(page, 'locked statement');
    await facilitate(wall, session, [{ type: 'close_session' }]);
    await page.getByText('De begeleider heeft de sessie afgesloten').waitFor();
    await expectAccessible(page, 'closed session');
    await wall.context().close();
  });

  it('solo pages: start, statement and result', async () => {
    const solo = await (await newContext(browser, 'phone')).newPage();
    await solo.goto(server.url + '/solo');
    await solo.getByTestId('municipality-search').fill('utrecht');
    await solo.locator('.muni__option').first().waitFor();
    await expectAccessible(solo, 'solo start');
    await solo.locator('.muni__option', { hasText: /^Utrecht$/ }).click();
    await solo.getByTestId('solo-begin').click();
    await solo.locator('section.statement[data-statement="1"]').waitFor();
    await solo.locator('fieldset[data-aspect=current] label[data-level="2"]').click();
    await solo.locator('fieldset[data-aspect=desired] label[data-level="4"]').click();
    await expectAccessible(solo, 'solo statement');
    await solo.goto(server.url + '/results/solo');
    await solo.locator('canvas[data-testid=radar][data-ready=true]').waitFor();
    await expectAccessible(solo, 'solo result');
    await solo.context().close();
  });

  it('creating a workshop shows the facilitator page with the token once', async () => {
    const f = await (await newContext(browser, 'desktop')).newPage();
    await f.goto(server.url + '/');
    await f.getByLabel('Titel van de workshop').fill('Roadmap-sessie');
    await f.locator('.card', { hasText: 'Workshop organiseren' }).getByTestId('municipality-search').fill('Eindhoven');
    await f.getByTestId('municipality-chosen').filter({ hasText: 'Eindhoven' }).waitFor();
    await f.getByRole('button', { name: 'Workshop aanmaken' }).click();
    await f.waitForURL(/\/f\/s-/);
    const token = await f.getByTestId('facilitator-token').textContent();
    expect(token).toMatch(/^[0-9a-f]{32,}$/);
    await f.locator('img.qr[src^="data:image/png"]').waitFor();
    await expectAccessible(f, 'facilitator placeholder');
    await f.getByRole('button', { name: 'Ik heb de sleutel bewaard' }).click();
    await f.reload();
    await f.getByTestId('facilitator-join-code').waitFor();
    expect(await f.getByTestId('facilitator-token').count()).toBe(0);
    await f.context().close();
  });

  it('unknown pages say so', async () => {
    await page.goto(server.url + '/nope/nothing');
    await page.getByRole('heading', { name: 'Pagina niet gevonden' }).waitFor();
    await expectAccessible(page, 'not found');
  });
});
