// First contact on a phone: the projector's "<host>/join" opens a page to enter the code; the code is checked
// before anyone is asked for a name, a wrong one is said at the code field and can be corrected there, and a
// known one shows the session's title. A refused check (429) is explained; /join/:code keeps working.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSession, facilitate, launchBrowser, screenshotDir, seriousViolations, startServer, type CreatedSession, type RunningServer } from './harness';
import { phone } from './helpers';

let server: RunningServer;
let browser: Browser;
let session: CreatedSession;

beforeAll(async () => {
  mkdirSync(screenshotDir, { recursive: true });
  server = await startServer();
  browser = await launchBrowser();
  session = await createSession(server);
});

afterAll(async () => {
  await browser?.close();
  await server?.cleanup();
});

/** A code no session has: the real one with its last letter changed. */
const wrongCode = () => session.join_code.slice(0, -1) + (session.join_code.endsWith('Z') ? 'Y' : 'Z');

describe('joining from the projector’s address', () => {
  it('opens /join without a code as the page to enter it, and takes a correct code to the session', async () => {
    const page = await phone(browser);
    await page.goto(server.url + '/join');
    await page.getByRole('heading', { name: 'Meedoen' }).waitFor();
    expect(await page.getByText('Pagina niet gevonden').count()).toBe(0);
    // the code, spaced and in lower case as people type it
    const code = session.join_code.toLowerCase();
    await page.getByLabel('Deelnamecode').fill(`${code.slice(0, 3)} ${code.slice(3)}`);
    await page.getByTestId('join-check').click();
    await page.getByTestId('join-session-title').filter({ hasText: 'U doet mee aan: Browser test' }).waitFor();
    await page.waitForURL(new RegExp(`/join/${session.join_code}$`));
    await page.screenshot({ path: join(screenshotDir, 'join-known-code.png'), scale: 'css' });
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByLabel('Naam (niet verplicht)').fill('Bea');
    await page.getByTestId('join-submit').click();
    await page.waitForURL(/\/p(\?|$)/);
    await page.locator('section.statement').waitFor();
    await page.context().close();
  });

  it('says a wrong code is unknown before asking for a name, and lets it be corrected there', async () => {
    const page = await phone(browser);
    await page.goto(server.url + '/join');
    await page.getByLabel('Deelnamecode').fill(wrongCode());
    await page.getByTestId('join-check').click();
    const error = page.getByTestId('join-error');
    await error.filter({ hasText: 'onbekend' }).waitFor();
    expect(await error.textContent()).toContain(wrongCode());
    // no name or department asked for a code that leads nowhere
    expect(await page.getByLabel('Naam (niet verplicht)').count()).toBe(0);
    const input = page.getByLabel('Deelnamecode');
    expect(await input.getAttribute('aria-invalid')).toBe('true');
    expect(await input.inputValue()).toBe(wrongCode());
    await page.screenshot({ path: join(screenshotDir, 'join-wrong-code.png'), scale: 'css' });
    expect(await seriousViolations(page)).toEqual([]);

    await input.fill(session.join_code);
    await page.getByTestId('join-check').click();
    await page.getByTestId('join-session-title').filter({ hasText: 'Browser test' }).waitFor();
    await page.getByLabel('Naam (niet verplicht)').waitFor();
    await page.context().close();
  });

  it('checks a code in the link at once (/join/:code) and offers to enter another', async () => {
    const page = await phone(browser);
    await page.goto(`${server.url}/join/${wrongCode()}`);
    await page.getByTestId('join-error').filter({ hasText: 'onbekend' }).waitFor();
    expect(await page.getByLabel('Naam (niet verplicht)').count()).toBe(0);
    await page.getByLabel('Deelnamecode').fill(session.join_code);
    await page.getByTestId('join-check').click();
    await page.getByTestId('join-session-title').waitFor();

    // a right code from a link can still be swapped for another
    await page.goto(`${server.url}/join/${session.join_code.toLowerCase()}`);
    await page.getByTestId('join-session-title').filter({ hasText: 'Browser test' }).waitFor();
    await page.getByTestId('join-other-code').click();
    await page.getByLabel('Deelnamecode').waitFor();
    await page.waitForURL(/\/join$/);
    await page.context().close();
  });

  it('explains a check refused for too many attempts (429), and the retry works', async () => {
    const page = await phone(browser);
    let refuse = true;
    await page.route('**/api/join/**', (route) =>
      refuse
        ? route.fulfill({
            status: 429,
            contentType: 'application/json',
            body: JSON.stringify({ code: 'rate_limited', message: 'too many requests' }),
          })
        : route.continue(),
    );
    await page.goto(server.url + '/join');
    await page.getByLabel('Deelnamecode').fill(session.join_code);
    await page.getByTestId('join-check').click();
    await page.getByTestId('join-error').filter({ hasText: 'Te veel pogingen' }).waitFor();
    expect(await page.getByLabel('Naam (niet verplicht)').count()).toBe(0);
    refuse = false;
    await page.getByTestId('join-check').click();
    await page.getByTestId('join-session-title').waitFor();
    await page.context().close();
  });

  it('tells a closed session before asking for a name', async () => {
    const closed = await createSession(server);
    const page = await phone(browser);
    await page.goto(server.url + '/');
    await facilitate(page, closed, [{ type: 'close_session' }]);
    await page.goto(`${server.url}/join/${closed.join_code}`);
    await page.getByTestId('join-error').filter({ hasText: 'gesloten' }).waitFor();
    expect(await page.getByLabel('Naam (niet verplicht)').count()).toBe(0);
    await page.context().close();
  });
});
