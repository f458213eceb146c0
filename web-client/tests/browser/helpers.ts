// What the browser tests do on a page, shared: open a phone, choose a level, wait until answers are saved or
// controls acknowledged, read a test id's text, and check a page with axe.
import type { Browser, Page } from 'playwright-core';
import { expect } from 'vitest';
import { seriousViolations, until } from './harness';

/** A page in a context of its own on a 390×844 touch phone. */
export async function phone(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  return context.newPage();
}

/** Chooses a level of the statement shown and waits until the page shows it chosen. */
export async function choose(p: Page, aspect: 'current' | 'desired', level: number): Promise<void> {
  await p.locator(`fieldset[data-aspect=${aspect}] label[data-level="${level}"]`).click();
  await p.locator(`fieldset[data-aspect=${aspect}] label[data-level="${level}"][data-state=chosen]`).waitFor();
}

/** Waits until the participant page is connected and nothing waits in its outbox. */
export const saved = (p: Page) => p.locator('[data-testid=connection][data-status=connected][data-waiting="0"]').waitFor();

/** Waits until no control is waiting for an ack. */
export const settled = (p: Page) =>
  until(async () => (await p.locator('[aria-busy=true]').count()) === 0, 'controls acknowledged');

/** The trimmed text of the first element with this test id. */
export const text = async (p: Page, testId: string) => ((await p.getByTestId(testId).first().textContent()) ?? '').trim();

/** axe finds no serious or critical violation (the message lists them). */
export async function expectAccessible(p: Page, what: string): Promise<void> {
  const violations = await seriousViolations(p);
  expect(violations, `${what}: ${JSON.stringify(violations, null, 2)}`).toEqual([]);
}

/** The moment the replay page shows (its results and roadmap landed together). */
export const shownSeq = async (p: Page) => Number(await p.getByTestId('replay').getAttribute('data-shown-seq'));

/** Puts the replay's range at `seq` as a drag does and waits until that moment is shown. */
export async function scrubTo(p: Page, seq: number): Promise<void> {
  await p.getByTestId('replay-range').evaluate((el, seq) => {
    const input = el as HTMLInputElement;
    input.value = String(seq);
    input.dispatchEvent(new Event('input', { bubbles: true }));
  }, seq);
  await until(async () => (await shownSeq(p)) === seq, `moment ${seq} shown`);
}
