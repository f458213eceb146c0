// What a phone downloads to take part: the participant page's first load over the wire (the build's
// precompressed files, chosen by Accept-Encoding) stays within 50 KB, and a second visit revalidates the page
// with its ETag (a 304 without the page) and takes the hashed assets from the cache.
import type { Browser, Page, Response } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSession, launchBrowser, newContext, startServer, type RunningServer } from './harness';

let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.cleanup();
});

interface Transfer {
  url: string;
  status: number;
  encoding: string;
  bytes: number; // headers and body as they crossed the wire
}

/** Every response the page receives until `done`, with its size on the wire. */
async function transfers(page: Page, done: () => Promise<unknown>): Promise<Transfer[]> {
  const seen: Response[] = [];
  page.on('response', (r) => seen.push(r));
  await done();
  return Promise.all(
    seen.map(async (r) => {
      const sizes = await r.request().sizes();
      return {
        url: r.url().replace(server.url, ''),
        status: r.status(),
        encoding: (await r.allHeaders())['content-encoding'] ?? '',
        bytes: sizes.responseHeadersSize + sizes.responseBodySize,
      };
    }),
  );
}

describe('the participant page on the wire', () => {
  it('loads in at most 50 KB, compressed, and a second visit is a revalidation', async () => {
    const session = await createSession(server);
    const context = await newContext(browser, 'phone');
    const page = await context.newPage();
    const first = await transfers(page, async () => {
      await page.goto(`${server.url}/join/${session.join_code}`);
      await page.getByTestId('join-submit').waitFor();
    });
    const total = first.reduce((sum, t) => sum + t.bytes, 0);
    const listing = first.map((t) => `${t.status} ${t.encoding || '-'} ${t.bytes} ${t.url}`).join('\n');
    expect(total, listing).toBeLessThanOrEqual(50 * 1024);
    const scripts = first.filter((t) => t.url.endsWith('.js'));
    expect(scripts.length, listing).toBeGreaterThan(0);
    for (const script of scripts) expect(script.encoding, script.url).toBe('br');

    const again = await transfers(page, async () => {
      await page.reload();
      await page.getByTestId('join-submit').waitFor();
    });
    // Chromium reports a revalidated page with the cached 200; what crossed the wire was the 304's headers.
    const page1 = first.find((t) => t.url.startsWith('/join/'))!;
    const page2 = again.find((t) => t.url.startsWith('/join/'))!;
    expect(page2.bytes).toBeLessThan(page1.bytes);
    for (const asset of again.filter((t) => t.url.startsWith('/assets/'))) expect(asset.bytes, asset.url).toBe(0);
    const secondTotal = again.filter((t) => !t.url.startsWith('/api/')).reduce((sum, t) => sum + t.bytes, 0);
    expect(secondTotal, again.map((t) => `${t.status} ${t.bytes} ${t.url}`).join('\n')).toBeLessThan(3 * 1024);
    await context.close();
  });
});
