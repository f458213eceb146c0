// The server's Content-Security-Policy on every page of the client: the header on each document response,
// not one violation while a page does its work (charts, QR codes, the level staircase, the replay's
// timeline), and the policy enforced: an inline script, a style attribute and eval injected into the page
// are refused. Secrets never stay in the address bar: a review link's #token= is removed once read, and the
// facilitator's and participants' keys never get there. (setup.ts fails every other test on a violation too.)
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  facilitate,
  launchBrowser,
  newContext,
  startServer,
  takeCspViolations,
  until,
  type CreatedSession,
  type CspViolation,
  type RunningServer,
} from './harness';

const POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; font-src 'self'; " +
  "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

let server: RunningServer;
let browser: Browser;
let facilitator: BrowserContext;
let dash: Page;
let session: CreatedSession;
let participantToken = '';

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  facilitator = await newContext(browser, 'desktop');
  dash = await facilitator.newPage();
});

afterAll(async () => {
  await browser?.close();
  await server?.cleanup();
});

/** Opens `path` and checks the document came with the policy and the other hardening headers. */
async function open(page: Page, path: string): Promise<void> {
  const response = await page.goto(server.url + path);
  const headers = response?.headers() ?? {};
  expect(headers['content-security-policy'], path).toBe(POLICY);
  expect(headers['x-frame-options'], path).toBe('DENY');
  expect(headers['referrer-policy'], path).toBe('no-referrer');
  expect(headers['cross-origin-opener-policy'], path).toBe('same-origin');
}

/**
 * The page broke no rule of its policy so far, and the policy holds here: an inline script, a style
 * attribute and eval, injected now, are refused (and reported, which proves the reporting works too).
 */
async function expectCleanAndEnforced(page: Page, what: string): Promise<void> {
  expect(await takeCspViolations(), `${what}: CSP violations`).toEqual([]);
  const outcome = await page.evaluate(async () => {
    const w = window as unknown as { __inlineRan?: boolean };
    const script = document.createElement('script');
    script.textContent = 'window.__inlineRan = true;';
    document.body.append(script);
    const probe = document.createElement('div');
    probe.setAttribute('style', 'outline-color: rgb(1, 2, 3)');
    document.body.append(probe);
    const styled = getComputedStyle(probe).outlineColor === 'rgb(1, 2, 3)';
    script.remove();
    probe.remove();
    // eval in a task of the page's own (code run by the test itself may eval whatever the policy says)
    const evaluated = await new Promise<boolean>((ok) =>
      setTimeout(() => {
        try {
          ok((0, eval)('true') === true);
        } catch {
          ok(false);
        }
      }, 0),
    );
    return { inlineScriptRan: w.__inlineRan === true, styleAttributeApplied: styled, evalRan: evaluated };
  });
  expect(outcome, what).toEqual({ inlineScriptRan: false, styleAttributeApplied: false, evalRan: false });
  // the page reports each refusal as an event; the console also says the inline script's and the style's
  // (eval's is the EvalError caught above): wait for all five, so none is left over for the check after
  const refused: CspViolation[] = [];
  await until(async () => {
    refused.push(...(await takeCspViolations()));
    const console = refused.filter((v) => v.via === 'console').map((v) => v.text ?? '');
    return (
      refused.filter((v) => v.via === 'event').length >= 3 &&
      console.some((text) => text.includes('inline script')) &&
      console.some((text) => text.includes('inline style'))
    );
  }, `${what}: the refusals reported`);
  const directives = refused.filter((v) => v.via === 'event').map((v) => v.directive);
  expect(new Set(directives), what).toEqual(new Set(['script-src-elem', 'style-src-attr', 'script-src']));
}

/** No secret of this browser is in the address bar. */
function expectNoSecretInUrl(page: Page, secrets: string[], what: string): void {
  for (const secret of secrets) if (secret) expect(page.url().includes(secret), `${what}: ${page.url()}`).toBe(false);
}

const connected = (p: Page) => p.locator('[data-testid=connection][data-status=connected]').waitFor();
/** Chart.js has taken over the canvas (it sizes it through the CSSOM, which the policy allows). */
const chartDrawn = (p: Page, testId: string) =>
  p.waitForFunction((id) => document.querySelector<HTMLCanvasElement>(`canvas[data-testid=${id}]`)?.style.display === 'block', testId);

describe('Content-Security-Policy on every page', () => {
  it('landing page, then creating a workshop: the facilitator page with its key notice, QR code and charts', async () => {
    await open(dash, '/');
    await dash.getByTestId('join-code').waitFor();
    await expectCleanAndEnforced(dash, 'landing');

    await dash.getByLabel('Titel van de workshop').fill('CSP-sessie');
    await dash.locator('.card', { hasText: 'Workshop organiseren' }).getByTestId('municipality-search').fill('Eindhoven');
    await dash.getByTestId('municipality-chosen').filter({ hasText: 'Eindhoven' }).waitFor();
    await dash.getByRole('button', { name: 'Workshop aanmaken' }).click();
    await dash.waitForURL(/\/f\/s-/);
    await dash.getByTestId('token-box').waitFor();
    await dash.locator('[data-testid=join-qr][src^="data:image/png"]').waitFor();
    await chartDrawn(dash, 'chart-current');
    await connected(dash);
    const sessionId = decodeURIComponent(new URL(dash.url()).pathname.split('/')[2]!);
    const record = JSON.parse((await dash.evaluate((id) => localStorage.getItem(`scsa.facilitator.${id}`), sessionId))!);
    session = { session_id: sessionId, join_code: record.join_code, facilitator_token: record.token };
    expect(session.facilitator_token).toMatch(/^[0-9a-f]{32,}$/);
    expectNoSecretInUrl(dash, [session.facilitator_token], 'facilitator page');
    await expectCleanAndEnforced(dash, 'facilitator page after creating');
  });

  it('the sample-report and request forms, with errors from the page and from the server', async () => {
    const page = await (await newContext(browser, 'phone')).newPage();
    await open(page, '/contact');
    const sample = page.getByTestId('sample-form');
    await sample.getByRole('button').click();
    await sample.getByTestId('error-name').getByText('Vul dit veld in.').waitFor();
    const request = page.getByTestId('request-form');
    await request.getByTestId('field-name').fill('Bert');
    await request.getByTestId('field-email').fill('bert@gemeente');
    await request.getByRole('button', { name: 'Aanvraag versturen' }).click();
    await request.getByTestId('error-email').getByText('Vul een geldig e-mailadres in', { exact: false }).waitFor();
    await expectCleanAndEnforced(page, 'forms');
    await page.context().close();
  });

  it('/join, /join/:code and the participant page of a live workshop, revealed', async () => {
    const phone = await (await newContext(browser, 'phone')).newPage();
    await open(phone, '/join');
    await phone.getByLabel('Deelnamecode').fill(session.join_code.toLowerCase());
    await phone.getByTestId('join-check').click();
    await phone.getByTestId('join-session-title').filter({ hasText: 'CSP-sessie' }).waitFor();
    await expectCleanAndEnforced(phone, '/join');

    await open(phone, `/join/${session.join_code}`);
    await phone.getByLabel('Naam (niet verplicht)').fill('Ann');
    await expectCleanAndEnforced(phone, '/join/:code');
    await phone.getByTestId('join-submit').click();
    await phone.waitForURL(/\/p(\?|$)/);
    await phone.locator('section.statement[data-statement="1"]').waitFor();
    for (const [aspect, level] of [['current', 2], ['desired', 4]] as const) {
      await phone.locator(`fieldset[data-aspect=${aspect}] label[data-level="${level}"]`).click();
      await phone.locator(`fieldset[data-aspect=${aspect}] label[data-level="${level}"][data-state=chosen]`).waitFor();
    }
    await phone.locator('[data-testid=connection][data-status=connected][data-waiting="0"]').waitFor();
    await facilitate(phone, session, [{ type: 'reveal' }]);
    await phone.locator('section.group-results figure.dist--desired').waitFor();
    // the join code led here and is gone from the address bar with the page; the participant's key never came
    const creds = JSON.parse(
      (await phone.evaluate(() => localStorage.getItem(`scsa.participant.${localStorage.getItem('scsa.current.workshop')}`)))!,
    ) as { token: string };
    participantToken = creds.token;
    expect(participantToken).toMatch(/^[0-9a-f]{64}$/);
    expect(new URL(phone.url()).pathname).toBe('/p');
    expectNoSecretInUrl(phone, [participantToken, session.join_code], 'participant page');
    await expectCleanAndEnforced(phone, 'participant page');
    await phone.context().close();
  });

  it('the facilitator dashboard with an answer in its charts, and the projector view', async () => {
    await open(dash, `/f/${session.session_id}`);
    await connected(dash);
    await dash.locator('[data-testid=statement-detail] figure[data-aspect=current][data-n="1"]').waitFor();
    await chartDrawn(dash, 'chart-desired');
    await dash.locator('[data-testid=join-qr][src^="data:image/png"]').waitFor();
    expectNoSecretInUrl(dash, [session.facilitator_token, participantToken], 'dashboard');
    await expectCleanAndEnforced(dash, 'dashboard');

    await open(dash, `/f/${session.session_id}?projector=1&s=1`);
    await dash.locator('[data-testid=dashboard][data-projector=true][data-scene=results]').waitFor();
    await chartDrawn(dash, 'chart-current');
    await expectCleanAndEnforced(dash, 'projector (results)');
  });

  it('the replay with its timeline, and a review link whose token leaves the address bar once read', async () => {
    await open(dash, `/replay/${session.session_id}`);
    await until(async () => (await dash.getByTestId('replay').getAttribute('data-shown-seq')) !== null, 'the replay');
    await chartDrawn(dash, 'chart-current');
    // the markers' ticks are placed by the CSSOM (a style attribute would be refused)
    await until(async () => (await dash.locator('.replay__tick').count()) > 1, 'marker ticks');
    expect(await dash.locator('.replay__tick').last().evaluate((el) => getComputedStyle(el).left)).not.toBe('0px');
    await expectCleanAndEnforced(dash, 'replay');

    await open(dash, `/f/${session.session_id}`);
    await dash.getByTestId('review-link-create').click();
    const link = await until(async () => dash.getByTestId('review-link').inputValue(), 'the review link');
    const token = new URL(link).hash.slice('#token='.length);
    expect(token).toMatch(/^[0-9a-f]{64}$/);
    await expectCleanAndEnforced(dash, 'dashboard with a review link');

    const reviewer = await (await newContext(browser, 'desktop')).newPage();
    const response = await reviewer.goto(link);
    expect(response?.headers()['content-security-policy']).toBe(POLICY);
    await until(async () => (await reviewer.getByTestId('replay').getAttribute('data-shown-seq')) !== null, 'the reviewer replay');
    expect(new URL(reviewer.url()).hash).toBe('');
    expectNoSecretInUrl(reviewer, [token], 'review link');
    await expectCleanAndEnforced(reviewer, 'replay by review link');
    // nor one step back: the link's history entry was replaced, not kept behind the clean one
    await reviewer.goBack();
    expect(reviewer.url()).toBe('about:blank');
    await reviewer.context().close();
  });

  it('the roadmap page (its why-bars sized through the CSSOM), by the key and by a review link', async () => {
    await open(dash, `/roadmap/${session.session_id}`);
    await dash.getByTestId('roadmap-page').waitFor();
    await expectCleanAndEnforced(dash, 'roadmap page');

    await open(dash, `/f/${session.session_id}`);
    await dash.getByTestId('review-link-create').click();
    const link = await until(async () => dash.getByTestId('review-link').inputValue(), 'the review link');
    const token = new URL(link).hash.slice('#token='.length);
    const reviewer = await (await newContext(browser, 'desktop')).newPage();
    const response = await reviewer.goto(`${server.url}/roadmap/${session.session_id}#token=${token}`);
    expect(response?.headers()['content-security-policy']).toBe(POLICY);
    await reviewer.getByTestId('roadmap-page').waitFor();
    expect(new URL(reviewer.url()).hash).toBe('');
    expectNoSecretInUrl(reviewer, [token], 'roadmap by review link');
    await expectCleanAndEnforced(reviewer, 'roadmap page by review link');
    await reviewer.context().close();
  });

  it('the key forms of the dashboard and the replay, in a browser without the key', async () => {
    const stranger = await (await newContext(browser, 'desktop')).newPage();
    await open(stranger, `/f/${session.session_id}`);
    await stranger.getByTestId('token-form').waitFor();
    await expectCleanAndEnforced(stranger, 'dashboard key form');
    await open(stranger, `/replay/${session.session_id}`);
    await stranger.getByTestId('review-token-form').waitFor();
    await expectCleanAndEnforced(stranger, 'replay key form');
    await stranger.context().close();
  });

  it('the projector at the start: the join scene with its QR code', async () => {
    await dash.goto(server.url + '/');
    await dash.getByLabel('Titel van de workshop').fill('Lege sessie');
    await dash.locator('.card', { hasText: 'Workshop organiseren' }).getByTestId('municipality-search').fill('Eindhoven');
    await dash.getByTestId('municipality-chosen').filter({ hasText: 'Eindhoven' }).waitFor();
    await dash.getByRole('button', { name: 'Workshop aanmaken' }).click();
    await dash.waitForURL(/\/f\/s-/);
    await open(dash, `${new URL(dash.url()).pathname}?projector=1`);
    await dash.locator('[data-testid=dashboard][data-projector=true][data-scene=join]').waitFor();
    await dash.locator('[data-testid=projector-qr][src^="data:image/png"]').waitFor();
    await expectCleanAndEnforced(dash, 'projector (join)');
  });

  it('the solo assessment: municipality, statements and the result with its radar chart', async () => {
    const solo = await (await newContext(browser, 'phone')).newPage();
    await open(solo, '/solo');
    await solo.getByTestId('municipality-search').fill('den haag');
    await solo.getByTestId('municipality-chosen').filter({ hasText: "'s-Gravenhage" }).waitFor();
    await expectCleanAndEnforced(solo, 'solo start');
    await solo.getByTestId('solo-begin').click();
    await solo.locator('section.statement[data-statement="1"]').waitFor();
    for (const [aspect, level] of [['current', 3], ['desired', 5]] as const) {
      await solo.locator(`fieldset[data-aspect=${aspect}] label[data-level="${level}"]`).click();
      await solo.locator(`fieldset[data-aspect=${aspect}] label[data-level="${level}"][data-state=chosen]`).waitFor();
    }
    await solo.locator('[data-testid=connection][data-status=connected][data-waiting="0"]').waitFor();
    const soloRecord = JSON.parse((await solo.evaluate(() => localStorage.getItem('scsa.current.solo')))!) as { facilitator_token: string };
    expectNoSecretInUrl(solo, [soloRecord.facilitator_token], 'solo');
    await expectCleanAndEnforced(solo, 'solo statements');

    await open(solo, '/results/solo');
    await solo.locator('canvas[data-testid=radar][data-ready=true]').waitFor();
    await solo.locator('table[data-testid=scores] tbody tr').first().waitFor();
    expectNoSecretInUrl(solo, [soloRecord.facilitator_token], 'solo result');
    await expectCleanAndEnforced(solo, 'solo result');
    await solo.context().close();
  });

  it('a page that does not exist', async () => {
    const page = await (await newContext(browser, 'phone')).newPage();
    await open(page, '/nope/nothing');
    await page.getByRole('heading', { name: 'Pagina niet gevonden' }).waitFor();
    await expectCleanAndEnforced(page, 'not found');
    await page.context().close();
  });
});
