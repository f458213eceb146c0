// The public forms in Chromium against the real server and a real SMTP relay (python3-aiosmtpd): per-field
// errors shown at their fields (the browser's own and the server's, in Dutch and English), the sample
// report's download and its mail with the PDF attached, the request's confirmation message and mail, and no serious axe finding.
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, newContext, seriousViolations, startServer, until, type RunningServer } from './harness';
import { startSmtpRelay, type SmtpRelay } from './smtp-relay';

let relay: SmtpRelay;
let server: RunningServer;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  relay = await startSmtpRelay();
  server = await startServer({
    args: ['--smtp-host', '127.0.0.1', '--smtp-port', String(relay.port), '--mail-from', 'noreply@scsa.example.org'],
  });
  browser = await launchBrowser();
  page = await (await newContext(browser, 'phone')).newPage();
});

/** The relay's mails once there are exactly `count`, else null (for until). */
const mailsWhen = (count: number) => {
  const mails = relay.mails();
  return mails.length === count ? mails : null;
};

afterAll(async () => {
  await browser?.close();
  await server?.cleanup();
  await relay?.stop();
});

describe('public forms', () => {
  it('are reached from the landing page and pass axe', async () => {
    await page.goto(server.url + '/');
    await page.getByTestId('to-forms').click();
    await page.waitForURL(/\/contact$/);
    await page.getByTestId('sample-form').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('the sample-report form shows each field error at its field, then sends and mails the report', async () => {
    const form = page.getByTestId('sample-form');
    await form.getByRole('button').click();
    await form.getByTestId('error-name').getByText('Vul dit veld in.').waitFor();
    await expect(form.getByTestId('field-name').getAttribute('aria-invalid')).resolves.toBe('true');
    await expect(form.getByTestId('field-email').getAttribute('aria-invalid')).resolves.toBe('true');
    await form.getByTestId('sample-summary').getByText('Niet alle velden zijn goed ingevuld.').waitFor();

    await form.getByTestId('field-name').fill('Anne de Vries');
    await form.getByTestId('field-email').fill('anne@gemeente'); // passes the page, refused by the server
    await form.getByRole('button').click();
    await form.getByTestId('error-email').getByText('Vul een geldig e-mailadres in', { exact: false }).waitFor();
    await expect(form.getByTestId('field-name').getAttribute('aria-invalid')).resolves.toBeNull();
    expect(relay.mails()).toHaveLength(0);

    await form.getByTestId('field-email').fill('anne@gemeente.nl');
    const downloading = page.waitForEvent('download');
    await form.getByRole('button').click();
    const download = await downloading;
    expect(download.suggestedFilename()).toMatch(/\.pdf$/);
    expect(readFileSync(await download.path()).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const done = page.getByTestId('sample-done');
    await done.getByText('U ontvangt het ook per e-mail op anne@gemeente.nl', { exact: false }).waitFor();
    await expect(done.getByTestId('sample-link').getAttribute('href')).resolves.toBe('/api/sample-report.pdf?lang=nl');
    const mails = await until(() => mailsWhen(1), 'the sample report mail');
    expect(mails[0]!.rcpt_tos).toEqual(['anne@gemeente.nl']);
    expect(mails[0]!.headers.Subject).toBe('Het voorbeeldrapport van de Smart City Self Assessment');
    expect(mails[0]!.attachments).toEqual([
      expect.objectContaining({ filename: 'voorbeeldrapport.pdf', content_type: 'application/pdf' }),
    ]);
  });

  it('the request form says a confirmation mail follows, and it does', async () => {
    const form = page.getByTestId('request-form');
    await form.getByText('U ontvangt een bevestigingsmail als uw aanvraag is ontvangen.').waitFor();
    await form.getByTestId('kind-workshop').check();
    await form.getByTestId('field-name').fill('Bert Jansen');
    await form.getByTestId('field-email').fill('bert@gemeente.nl');
    await form.getByTestId('field-organisation').fill('Gemeente Ede');
    await form.getByTestId('field-message').fill('Graag een workshop in maart.\nMet 30 collega’s.');
    await form.getByRole('button', { name: 'Aanvraag versturen' }).click();
    await page.getByTestId('request-done').getByText('bevestigingsmail op bert@gemeente.nl', { exact: false }).waitFor();
    const mails = await until(() => mailsWhen(2), 'the confirmation mail');
    expect(mails[1]!.rcpt_tos).toEqual(['bert@gemeente.nl']);
    expect(mails[1]!.headers.Subject).toBe('Uw aanvraag is ontvangen');
    expect(mails[1]!.headers.To).toBe('bert@gemeente.nl'); // nothing typed goes to an unconfirmed address
    expect(mails[1]!.text).toContain('een workshop');
    expect(mails[1]!.text).not.toContain('Met 30 collega’s.');
    expect(mails[1]!.text).not.toContain('Bert');
  });

  it('shows the server’s field errors in English after the language switch', async () => {
    await page.getByTestId('lang-switch').click();
    const form = page.getByTestId('request-form');
    await form.getByRole('button', { name: 'Send request' }).waitFor();
    await form.getByTestId('field-name').fill('Carla\u0007');
    await form.getByTestId('field-email').fill('carla@gemeente.nl');
    await form.getByRole('button', { name: 'Send request' }).click();
    await form
      .getByTestId('error-name')
      .getByText('This field must not contain line breaks or control characters.')
      .waitFor();
    expect(relay.mails()).toHaveLength(2);
  });
});
