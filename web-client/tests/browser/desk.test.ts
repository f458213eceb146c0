// The provider's desk (/beheer) against a real server with demo sessions and a mail relay that is not up yet:
// requests arrive (through the API and the contact page), the operator signs in (a wrong key refused, /admin
// leading to /beheer), finds a request by its organisation, notes and handles it (the history names "anna"),
// sees its confirmation mail failing, starts the relay and sends it again until it arrives; opens a session's
// report (a PDF) and its replay (no key asked), makes a review link, erases a request; axe finds nothing
// serious on any part, at 1280×720 and 390×844, and neither size scrolls sideways.
import { createHash, randomBytes } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { docsDir, launchBrowser, screenshotDir, seriousViolations, startServer, until, type RunningServer } from './harness';
import { freePort, startSmtpRelay, type SmtpRelay } from './smtp-relay';

const TOKEN = `desk-${randomBytes(16).toString('hex')}`;
const DESKTOP = { width: 1280, height: 720 };
const PHONE = { width: 390, height: 844 };

let dir: string;
let smtpPort: number;
let relay: SmtpRelay | null = null;
let server: RunningServer;
let browser: Browser;
let desktop: BrowserContext;
let page: Page;
const ids: Record<string, string> = {};

async function submitRequest(body: Record<string, string>): Promise<string> {
  const r = await fetch(`${server.url}/api/requests`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(r.status, await r.clone().text()).toBe(201);
  return ((await r.json()) as { id: string }).id;
}

async function api(path: string): Promise<Response> {
  return fetch(`${server.url}${path}`, { headers: { Authorization: `Bearer ${TOKEN}` } });
}

async function shot(p: Page, name: string, fullPage = true): Promise<void> {
  mkdirSync(screenshotDir, { recursive: true });
  await p.screenshot({ path: join(screenshotDir, `${name}.png`), fullPage });
}

/** Nothing on the page is wider than the window (no sideways scrolling). */
async function expectNoSideScroll(p: Page): Promise<void> {
  const { scroll, width } = await p.evaluate(() => ({ scroll: document.documentElement.scrollWidth, width: window.innerWidth }));
  expect(scroll, 'page width').toBeLessThanOrEqual(width);
}

async function expectAxeClean(p: Page): Promise<void> {
  expect(await seriousViolations(p)).toEqual([]);
}

/** The element that has keyboard focus, as "TAG text". */
const focused = (p: Page) => p.evaluate(() => `${document.activeElement?.tagName} ${document.activeElement?.textContent?.trim() ?? ''}`);

async function signIn(p: Page): Promise<void> {
  await p.getByTestId('desk-token').fill(TOKEN);
  await p.getByTestId('desk-signin').getByRole('button').click();
  await p.getByTestId('desk-who').getByText('Ingelogd als anna').waitFor();
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'scsa-desk-'));
  const tokenFile = join(dir, 'operators');
  writeFileSync(tokenFile, `${createHash('sha256').update(TOKEN).digest('hex')} anna\n`, { mode: 0o600 });
  smtpPort = await freePort(); // the relay comes up later, in the mail test
  server = await startServer({
    demo: true,
    args: [
      '--operator-token-file', tokenFile,
      '--smtp-host', '127.0.0.1',
      '--smtp-port', String(smtpPort),
      '--mail-from', 'noreply@example.org',
      '--mail-first-retry-s', '3600',
    ],
  });
  browser = await launchBrowser();
  desktop = await browser.newContext({ viewport: DESKTOP, acceptDownloads: true });
  page = await desktop.newPage();
});

afterAll(async () => {
  await browser?.close();
  await server?.cleanup();
  await relay?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('the provider’s desk', () => {
  it('gets requests through the API and through the contact page', async () => {
    ids.bert = await submitRequest({
      name: 'Bert Jansen',
      email: 'bert@gemeente.nl',
      organisation: 'Gemeente Ede',
      message: 'Graag een workshop in maart.\nMet 30 collega’s.',
      kind: 'workshop',
    });
    ids.erik = await submitRequest({ name: 'Erik Visser', email: 'erik@oss.nl', organisation: 'Gemeente Oss', kind: 'information' });

    const phone = await browser.newContext({ viewport: PHONE, isMobile: true, hasTouch: true });
    const p = await phone.newPage();
    await p.goto(`${server.url}/contact`);
    const form = p.getByTestId('request-form');
    await form.getByTestId('kind-support').check();
    await form.getByTestId('field-name').fill('Carla de Wit');
    await form.getByTestId('field-email').fill('carla@example.org');
    await form.getByTestId('field-organisation').fill('Gemeente Zwolle');
    await form.getByTestId('field-message').fill('Hulp bij de routekaart, graag.');
    await form.getByRole('button', { name: 'Aanvraag versturen' }).click();
    await p.getByTestId('request-done').waitFor();
    await phone.close();
  });

  it('/admin leads to /beheer; a wrong key is refused, the right one signs in and stays in this tab only', async () => {
    await page.goto(`${server.url}/admin`);
    await page.getByTestId('desk-signin').waitFor();
    expect(new URL(page.url()).pathname).toBe('/beheer');
    await expectAxeClean(page);
    await shot(page, 'desk-signin-desktop', false);

    await page.getByTestId('desk-signin').getByRole('button').click();
    await page.getByTestId('desk-signin').getByText('Plak eerst uw beheersleutel.').waitFor();

    await page.getByTestId('desk-token').fill('not-the-key');
    await page.getByTestId('desk-signin').getByRole('button').click();
    await page.getByTestId('desk-signin').getByText('Deze sleutel geeft geen toegang tot het beheer.').waitFor();
    expect(await page.getByTestId('desk-token').getAttribute('aria-invalid')).toBe('true');
    expect(await focused(page)).toMatch(/^INPUT/);

    await signIn(page);
    expect(page.url()).not.toContain(TOKEN);
    const stored = await page.evaluate(() => ({ session: sessionStorage.getItem('scsa.operator'), local: JSON.stringify(localStorage) }));
    expect(stored.session).toBe(TOKEN);
    expect(stored.local).not.toContain(TOKEN);
    expect(await focused(page)).toBe('H1 Beheer');
  });

  it('finds a request by its organisation, and shows the message with a prepared reply', async () => {
    await page.getByTestId('requests-table').waitFor();
    expect(await page.getByTestId('request-row').count()).toBe(3);
    await page.getByTestId('requests-search').fill('gemeente ede');
    await until(async () => (await page.getByTestId('request-row').count()) === 1, 'the search to leave one request');
    expect(new URL(page.url()).search).toBe('?q=gemeente+ede');
    const row = page.getByTestId('request-row');
    expect(await row.textContent()).toContain('Workshop');
    expect(await row.getByTestId('request-mail-state').getAttribute('data-state')).toBe('retrying');
    await expectAxeClean(page);
    await shot(page, 'desk-requests-desktop');

    await row.getByTestId('request-open').click();
    await page.getByTestId('request-message').waitFor();
    expect(new URL(page.url()).pathname).toBe(`/beheer/aanvragen/${ids.bert}`);
    expect(await focused(page)).toBe('H2 Bert Jansen');
    expect(await page.getByTestId('request-message').textContent()).toBe('Graag een workshop in maart.\nMet 30 collega’s.');
    const mailto = (await page.getByTestId('request-reply').getAttribute('href'))!;
    expect(mailto.startsWith('mailto:bert@gemeente.nl?subject=Re%3A%20Workshop%20%E2%80%93%20Smart%20City%20Self%20Assessment&body=')).toBe(true);
    const body = decodeURIComponent(mailto.split('&body=')[1]!);
    expect(body).toMatch(/^Beste Bert Jansen,\r\n/);
    expect(body).toContain('> Graag een workshop in maart.\r\n> Met 30 collega’s.');
    expect(await page.getByTestId('request-retention').textContent()).toMatch(/^Nog 36[45] dagen bewaard \(tot \d+ \w+ \d{4}\)\.$/);
  });

  it('records a note and "handled" with the operator’s label, and the request moves to handled', async () => {
    await page.getByTestId('request-note-form').getByRole('button').click();
    await page.getByTestId('request-note-form').getByText('Schrijf eerst een notitie.').waitFor();
    await page.getByTestId('request-note').fill('Gebeld; workshop gepland op 12 maart.');
    await page.getByTestId('request-note-form').getByRole('button').click();
    const history = page.getByTestId('request-history');
    await history.getByText('Gebeld; workshop gepland op 12 maart.').waitFor();
    await page.getByTestId('desk-status').getByText('Notitie opgeslagen.').waitFor();

    await page.getByTestId('request-handled').click();
    await page.getByTestId('request-reopen').waitFor();
    expect(await focused(page)).toBe('BUTTON Heropenen');
    await until(async () => (await history.locator('li[data-action=handled]').textContent())?.includes('door anna'), 'the history to say anna handled it');
    expect(await history.locator('li[data-action=note]').textContent()).toContain('door anna');
    expect(await history.locator('li[data-action=received]').count()).toBe(1);
    expect(await page.getByTestId('request-state').first().textContent()).toContain('Afgehandeld');
    await expectAxeClean(page);
    await shot(page, 'desk-request-desktop');
    await shot(page, 'desk-request-desktop-viewport', false);

    await page.getByTestId('request-back').click();
    await page.getByTestId('requests-empty').waitFor(); // no open request from Ede any more
    expect(await page.getByTestId('requests-search').inputValue()).toBe('gemeente ede');
    // the state filter works from the keyboard: arrows move through the radios
    await page.getByTestId('requests-state-open').focus();
    await page.keyboard.press('ArrowRight');
    await until(async () => (await page.getByTestId('request-row').count()) === 1, 'the handled request');
    expect(new URL(page.url()).search).toBe('?state=handled&q=gemeente+ede');
    expect(await page.getByTestId('request-row').getByTestId('request-state').getAttribute('data-state')).toBe('handled');

    // the CSV export is of what the page shows: the same filters, the key in a header
    const [request, download] = await Promise.all([
      page.waitForRequest((r) => r.url().includes('/api/requests/export.csv')),
      page.waitForEvent('download'),
      page.getByTestId('requests-export').click(),
    ]);
    expect(new URL(request.url()).search).toBe('?state=handled&q=gemeente+ede');
    expect(request.headers()['authorization']).toBe(`Bearer ${TOKEN}`);
    const csv = readFileSync(await download.path(), 'utf8');
    expect(csv).toContain('Bert Jansen');
    expect(csv).not.toContain('Carla');
    await page.getByTestId('requests-export-status').getByText('is gedownload.', { exact: false }).waitFor();
  });

  it('shows the failing confirmation mail, and sends it once the relay is up', async () => {
    await page.getByTestId('desk-tab-mail').click();
    await page.getByTestId('mail-table').waitFor();
    expect(new URL(page.url()).pathname).toBe('/beheer/mail');
    expect(await focused(page)).toBe('H2 Mail');
    expect(await page.getByTestId('mail-server').textContent()).toBe(`127.0.0.1:${smtpPort}`);
    const bert = page.getByTestId('mail-row').filter({ hasText: 'bert@gemeente.nl' });
    expect(await bert.getAttribute('data-state')).toBe('retrying');
    expect((await bert.getByTestId('mail-error').textContent())?.length).toBeGreaterThan(0);
    expect(await bert.getByTestId('mail-state').textContent()).toContain('Mislukt (1 poging)');
    expect(await page.getByTestId('mail-last-error').textContent()).not.toBe('–');
    await expectAxeClean(page);
    await shot(page, 'desk-mail-retrying-desktop');

    relay = await startSmtpRelay(smtpPort);
    await bert.getByTestId('mail-resend').click();
    await page.getByTestId('mail-status').getByText('De mail aan bert@gemeente.nl staat weer in de wachtrij.').waitFor();
    const mails = await until(() => {
      const m = relay!.mails().filter((x) => x.rcpt_tos.includes('bert@gemeente.nl'));
      return m.length > 0 ? m : null;
    }, 'the confirmation mail at the relay');
    expect(mails[0]!.headers.Subject).toBe('Uw aanvraag is ontvangen');
    await until(async () => (await bert.getAttribute('data-state')) === 'sent', 'the desk to show it sent', 20_000);
    expect(await bert.getByTestId('mail-state').textContent()).toContain('Verstuurd');
    expect(relay.mails().every((m) => m.rcpt_tos.includes('bert@gemeente.nl'))).toBe(true); // the others wait for their retry
    await shot(page, 'desk-mail-desktop');

    const detail = (await (await api(`/api/requests/${ids.bert}`)).json()) as { history: { action: string; by: string }[] };
    expect(detail.history.some((e) => e.action === 'mail_resent' && e.by === 'anna')).toBe(true);
  });

  it('opens a session’s report (a PDF) and its replay without asking for a key, and makes a review link', async () => {
    await page.getByTestId('desk-tab-sessions').click();
    await page.getByTestId('sessions-table').waitFor();
    expect(await focused(page)).toBe('H2 Sessies');
    await page.getByTestId('coverage-table').waitFor();
    expect(await page.getByTestId('coverage-table').locator('tbody tr').count()).toBeGreaterThan(0);
    await expectAxeClean(page);
    await shot(page, 'desk-sessions-desktop');
    await shot(page, 'desk-sessions-desktop-viewport', false);

    const row = page.locator('[data-testid=session-row][data-mode=workshop]').first();
    const sessionId = (await row.getAttribute('data-id'))!;
    const [request, response, download] = await Promise.all([
      page.waitForRequest((r) => r.url().includes('/report.pdf')),
      page.waitForResponse((r) => r.url().includes('/report.pdf')),
      page.waitForEvent('download'),
      row.getByTestId('session-report').click(),
    ]);
    expect(new URL(request.url()).pathname).toBe(`/api/sessions/${sessionId}/report.pdf`);
    expect(request.url()).not.toContain(TOKEN);
    expect(request.headers()['authorization']).toBe(`Bearer ${TOKEN}`);
    expect(response.status()).toBe(200);
    expect(response.headers()['content-type']).toContain('application/pdf');
    expect(readFileSync(await download.path()).subarray(0, 5).toString('latin1')).toBe('%PDF-');

    await row.getByTestId('session-review').click();
    const link = await page.getByTestId('session-review-link').inputValue();
    expect(link).toMatch(new RegExp(`^${server.url}/replay/${sessionId}#token=[0-9a-f]{32,}$`));
    expect(await focused(page)).toMatch(/^INPUT/);
    const review = decodeURIComponent(link.split('#token=')[1]!);
    const timeline = await fetch(`${server.url}/api/sessions/${sessionId}/timeline`, { headers: { Authorization: `Bearer ${review}` } });
    expect(timeline.status).toBe(200);

    await row.getByTestId('session-replay').click();
    await page.getByTestId('replay-range').waitFor();
    expect(new URL(page.url()).pathname).toBe(`/replay/${sessionId}`);
    expect(await page.getByTestId('review-token-form').count()).toBe(0);
    await page.goBack();
    await page.getByTestId('sessions-table').waitFor();
    await page.getByTestId('desk-who').getByText('Ingelogd als anna').waitFor();
  });

  it('erases a request after a confirmation in the page', async () => {
    await page.goto(`${server.url}/beheer?state=all&q=oss`);
    await page.getByTestId('desk-who').waitFor(); // a reload keeps the desk signed in (this tab's sessionStorage)
    await until(async () => (await page.getByTestId('request-row').count()) === 1, 'Erik’s request');
    await page.getByTestId('request-open').click();
    await page.getByTestId('request-erase').click();
    const box = page.getByTestId('request-erase-box');
    await box.getByText('De aanvraag van Erik Visser nu definitief wissen?').waitFor();
    expect(await focused(page)).toMatch(/^DIV De aanvraag van Erik Visser/);
    await expectAxeClean(page);
    await page.getByTestId('request-erase-cancel').click();
    expect(await box.count()).toBe(0);
    expect(await focused(page)).toBe('BUTTON Nu wissen');

    await page.getByTestId('request-erase').click();
    await page.getByTestId('request-erase-confirm').click();
    await page.getByTestId('desk-flash').getByText('De aanvraag van Erik Visser is gewist.').waitFor();
    expect(new URL(page.url()).search).toBe('?state=all&q=oss');
    await page.getByTestId('requests-empty').waitFor();
    expect((await api(`/api/requests/${ids.erik}`)).status).toBe(404);
  });

  it('speaks English after the language switch, and signing out forgets the key', async () => {
    await page.goto(`${server.url}/beheer`);
    await page.getByTestId('requests-table').waitFor();
    await page.getByTestId('lang-switch').click();
    await page.getByTestId('desk-who').getByText('Signed in as anna').waitFor();
    expect(await page.getByTestId('desk-tab-requests').textContent()).toBe('Requests');
    await page.getByTestId('lang-switch').click();
    await page.getByTestId('desk-who').getByText('Ingelogd als anna').waitFor();

    await page.getByTestId('desk-signout').click();
    await page.getByTestId('desk-signin').waitFor();
    await page.getByTestId('desk-flash').getByText('U bent afgemeld.').waitFor();
    expect(await page.evaluate(() => sessionStorage.getItem('scsa.operator'))).toBeNull();
  });

  it('fits a phone (390×844) on every part, and passes axe there', async () => {
    const phone = await browser.newContext({ viewport: PHONE, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
    const p = await phone.newPage();
    await p.goto(`${server.url}/beheer`);
    await p.getByTestId('desk-signin').waitFor();
    await expectNoSideScroll(p);
    await shot(p, 'desk-signin-phone');
    await signIn(p);
    await p.getByTestId('requests-state-all').check();
    await until(async () => (await p.getByTestId('request-row').count()) === 2, 'both requests left');
    await expectNoSideScroll(p);
    await expectAxeClean(p);
    await shot(p, 'desk-requests-phone');

    await p.getByTestId('request-row').filter({ hasText: 'Carla de Wit' }).getByTestId('request-open').click();
    await p.getByTestId('request-message').waitFor();
    await expectNoSideScroll(p);
    await expectAxeClean(p);
    await shot(p, 'desk-request-phone');

    await p.getByTestId('desk-tab-mail').click();
    await p.getByTestId('mail-table').waitFor();
    await expectNoSideScroll(p);
    await expectAxeClean(p);
    await shot(p, 'desk-mail-phone');

    await p.getByTestId('desk-tab-sessions').click();
    await p.getByTestId('sessions-table').waitFor();
    await p.getByTestId('coverage-table').waitFor();
    await p.locator('[data-testid=session-row]').first().getByTestId('session-review').click();
    await p.getByTestId('session-review-link').waitFor();
    await expectNoSideScroll(p);
    await expectAxeClean(p);
    await shot(p, 'desk-sessions-phone');
    await shot(p, 'desk-sessions-phone-viewport', false);
    await phone.close();
  });

  it('saves the desk’s picture for the README', async () => {
    await page.goto(`${server.url}/beheer?state=all`);
    await signIn(page);
    await page.getByTestId('requests-table').waitFor();
    await page.getByTestId('request-row').filter({ hasText: 'Bert Jansen' }).getByTestId('request-open').click();
    await page.getByTestId('request-history').waitFor();
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await shot(page, 'desk-readme', false);
    mkdirSync(docsDir, { recursive: true });
    copyFileSync(join(screenshotDir, 'desk-readme.png'), join(docsDir, 'desk.png'));
  });

  // last: it leaves this address locked out of the operator routes for a while, the right key too
  it('says how long to wait after too many wrong keys', async () => {
    const context = await browser.newContext({ viewport: DESKTOP });
    const p = await context.newPage();
    await p.goto(`${server.url}/beheer`);
    await p.getByTestId('desk-signin').waitFor();
    for (let i = 0; i < 12; i++) await fetch(`${server.url}/api/desk/me`, { headers: { Authorization: 'Bearer guess' } });
    await p.getByTestId('desk-token').fill(TOKEN);
    await p.getByTestId('desk-signin').getByRole('button').click();
    await p.getByTestId('desk-signin').getByText(/^Te veel pogingen met een verkeerde sleutel\. Wacht \d+ (seconden|minuten?) en probeer het dan opnieuw\.$/).waitFor();
    expect(await p.evaluate(() => sessionStorage.getItem('scsa.operator'))).toBeNull();
    await context.close();
  });
});
