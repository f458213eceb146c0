// Browser-test harness: starts a real scsa-server (port 0, temp database, the built client as web root),
// can restart it on the same port and database, launches Debian's Chromium through playwright-core, and
// runs axe-core in a page. Every context the browser opens records Content-Security-Policy violations
// (setup.ts fails each test that leaves one). Everything waits on conditions, never on fixed sleeps.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, devices, type Browser, type BrowserContext, type Page } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
const clientRoot = resolve(here, '../..');
const repoRoot = resolve(clientRoot, '..');
export const screenshotDir = resolve(clientRoot, 'test-results/screenshots');
/** Where the facilitator and replay tests put the screenshots the documentation shows. */
export const docsDir = resolve(clientRoot, 'docs');

export interface RunningServer {
  url: string;
  port: number;
  stop: () => Promise<void>;
  /** stops the server and starts it again on the same port and database */
  restart: () => Promise<void>;
  cleanup: () => Promise<void>;
}

function binary(): string {
  return resolve(repoRoot, process.env.SCSA_SERVER_BINARY ?? 'build/bin/scsa-server');
}

function launch(args: string[]): Promise<{ child: ChildProcess; port: number }> {
  return new Promise((ok, fail) => {
    const child = spawn(binary(), args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const timer = setTimeout(() => fail(new Error(`scsa-server did not start: ${out}`)), 30_000);
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      const m = /listening on http:\/\/127\.0\.0\.1:(\d+)\//.exec(out);
      if (m) {
        clearTimeout(timer);
        ok({ child, port: Number(m[1]) });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('error', (err) => {
      clearTimeout(timer);
      fail(err);
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`scsa-server exited with ${code}: ${out}`));
    });
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((ok) => {
    child.once('exit', () => ok());
    child.kill('SIGTERM');
  });
}

export async function startServer(options: { demo?: boolean; args?: string[] } = {}): Promise<RunningServer> {
  const dir = mkdtempSync(join(tmpdir(), 'scsa-web-'));
  const webRoot = process.env.SCSA_WEB_ROOT ?? resolve(clientRoot, 'dist');
  const dataDir = process.env.SCSA_DATA_DIR ?? resolve(repoRoot, 'data');
  const args = (port: number) => [
    '--port',
    String(port),
    '--db',
    join(dir, 't.db'),
    '--data-dir',
    dataDir,
    '--web-root',
    webRoot,
    ...(options.demo ? ['--demo'] : []),
    ...(options.args ?? []),
  ];
  let { child, port } = await launch(args(0));
  const server: RunningServer = {
    port,
    url: `http://127.0.0.1:${port}`,
    stop: () => stopChild(child),
    restart: async () => {
      await stopChild(child);
      ({ child } = await launch(args(port)));
    },
    cleanup: async () => {
      await stopChild(child);
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return server;
}

/** One refusal by the page's Content-Security-Policy, as the page's event or the console reported it. */
export interface CspViolation {
  via: 'event' | 'console';
  page: string;
  /** the directive that refused, e.g. style-src-attr */
  directive?: string;
  /** what was refused: 'inline', 'eval' or a URL */
  blocked?: string;
  /** the first characters of the refused script or style, where the browser gives them */
  sample?: string;
  source?: string;
  line?: number;
  text?: string;
}

const cspViolations: CspViolation[] = [];
const watchedPages = new Set<Page>();

/** Runs in every document before its own scripts: passes each `securitypolicyviolation` on to the test. */
function reportCspViolations(): void {
  document.addEventListener(
    'securitypolicyviolation',
    (e) => {
      const send = (window as unknown as { __scsaCspViolation?: (v: unknown) => Promise<void> }).__scsaCspViolation;
      void send?.({
        directive: e.effectiveDirective || e.violatedDirective,
        blocked: e.blockedURI,
        sample: e.sample,
        source: e.sourceFile,
        line: e.lineNumber,
      });
    },
    true,
  );
}

/** Makes a context record every CSP violation of its pages (the event and the console's message alike). */
async function watchCsp(context: BrowserContext): Promise<void> {
  await context.exposeBinding('__scsaCspViolation', ({ page }, v: Omit<CspViolation, 'via' | 'page'>) => {
    cspViolations.push({ via: 'event', page: page?.url() ?? '?', ...v });
  });
  await context.addInitScript(reportCspViolations);
  context.on('console', (msg) => {
    if (/Content[- ]Security[- ]Policy/i.test(msg.text()))
      cspViolations.push({ via: 'console', page: msg.page()?.url() ?? '?', text: msg.text() });
  });
  context.on('page', (page) => {
    watchedPages.add(page);
    page.on('close', () => watchedPages.delete(page));
  });
}

/**
 * The CSP violations recorded since the last call, and forgets them. Lets each open page run its queued
 * tasks first, so a violation just before the call is not missed.
 */
export async function takeCspViolations(): Promise<CspViolation[]> {
  await Promise.all(
    [...watchedPages].map((page) => page.evaluate(() => new Promise((ok) => setTimeout(ok, 20))).catch(() => undefined)),
  );
  return cspViolations.splice(0);
}

/** Throws when any page violated its Content-Security-Policy since the last check (setup.ts, after each test). */
export async function assertNoCspViolations(): Promise<void> {
  const found = await takeCspViolations();
  if (found.length === 0) return;
  // the same refusal repeated (one per element) is listed once, with how often it happened
  const counted = new Map<string, number>();
  for (const v of found) {
    const line = JSON.stringify(v);
    counted.set(line, (counted.get(line) ?? 0) + 1);
  }
  const list = [...counted].map(([line, n]) => (n > 1 ? `${n}× ${line}` : line)).join('\n');
  throw new Error(`${found.length} Content-Security-Policy violation(s):\n${list}`);
}

export async function launchBrowser(): Promise<Browser> {
  const browser = await chromium.launch({
    executablePath: process.env.SCSA_CHROMIUM ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  // every context, also those of browser.newPage(), watches for CSP violations
  const open = browser.newContext.bind(browser);
  browser.newContext = async (options) => {
    const context = await open(options);
    await watchCsp(context);
    return context;
  };
  return browser;
}

/** A phone-sized context (Pixel 7 metrics: 412×915, touch), or a desktop one. */
export function newContext(browser: Browser, kind: 'phone' | 'desktop' = 'phone'): Promise<BrowserContext> {
  if (kind === 'phone') {
    const { defaultBrowserType: _ignored, ...pixel } = devices['Pixel 7']!;
    return browser.newContext({ ...pixel });
  }
  return browser.newContext({ viewport: { width: 1280, height: 900 } });
}

export interface CreatedSession {
  session_id: string;
  join_code: string;
  facilitator_token: string;
}

export async function createSession(
  server: RunningServer,
  mode: 'workshop' | 'solo' = 'workshop',
  municipality = 'GM0344',
  title = 'Browser test',
): Promise<CreatedSession> {
  const response = await fetch(`${server.url}/api/sessions`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ title, municipality, mode }),
  });
  if (response.status !== 201) throw new Error(`create session: ${response.status} ${await response.text()}`);
  return (await response.json()) as CreatedSession;
}

/**
 * Stores the facilitator record as the landing page's create flow does (the key in localStorage), so the
 * dashboard and the replay page open without asking for it.
 */
export async function rememberFacilitator(
  page: Page,
  server: RunningServer,
  s: CreatedSession,
  title = 'Browser test',
): Promise<void> {
  await page.goto(server.url + '/');
  await page.evaluate(
    ({ s, title }) =>
      localStorage.setItem(
        `scsa.facilitator.${s.session_id}`,
        JSON.stringify({ token: s.facilitator_token, join_code: s.join_code, title, municipality: 'GM0344', show_token: false }),
      ),
    { s, title },
  );
}

export interface Dist {
  counts: number[];
  n: number;
}
export interface Results {
  rounds: { round: number; consensus: { statements: { statement: number; current: Dist; desired: Dist }[] } }[];
}

export async function results(server: RunningServer, s: CreatedSession): Promise<Results> {
  const response = await fetch(`${server.url}/api/sessions/${s.session_id}/results`, {
    headers: { Authorization: `Bearer ${s.facilitator_token}` },
  });
  if (!response.ok) throw new Error(`results: ${response.status}`);
  return (await response.json()) as Results;
}

/** Polls `probe` until it returns a truthy value (a condition, not a sleep); throws after `timeoutMs`. */
export async function until<T>(
  probe: () => Promise<T> | T,
  what: string,
  timeoutMs = 15_000,
): Promise<NonNullable<T>> {
  const end = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value) return value as NonNullable<T>;
      last = value;
    } catch (err) {
      last = err;
    }
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}; last: ${String(last)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** One client of `socketClients`: the frames it sends in order; a refusal with a code in `tolerate` is passed over. */
export interface SocketClient {
  frames: Record<string, unknown>[];
  tolerate?: string[];
}

/**
 * Clients over WebSockets from inside a page of the server's own origin (the Origin rule allows it): one after
 * the other, each opens a socket and sends its frames in order, each waited for by its ack; returns each
 * client's acks (null for a tolerated refusal). The sockets close afterwards, unless `keep`: then they stay open
 * in the page (`window.sockets`) and each records the session object of every frame it receives
 * (`window.sessions`, one list per kept socket, in order).
 */
export async function socketClients(
  page: Page,
  clients: SocketClient[],
  keep = false,
): Promise<(Record<string, unknown> | null)[][]> {
  return page.evaluate(
    async ({ clients, keep }) => {
      const w = window as unknown as { sockets?: WebSocket[]; sessions?: Record<string, unknown>[][] };
      const all: (Record<string, unknown> | null)[][] = [];
      for (const client of clients) {
        const ws = await new Promise<WebSocket>((ok, fail) => {
          const s = new WebSocket(`ws://${location.host}/ws`);
          s.onopen = () => ok(s);
          s.onerror = fail;
        });
        if (keep) {
          const seen: Record<string, unknown>[] = [];
          (w.sessions ??= []).push(seen);
          (w.sockets ??= []).push(ws);
          ws.addEventListener('message', (ev) => {
            const msg = JSON.parse(String(ev.data));
            if (msg.session) seen.push(msg.session);
          });
        }
        const send = (frame: Record<string, unknown>) =>
          new Promise<Record<string, unknown> | null>((ok, fail) => {
            const id = crypto.randomUUID();
            const onMessage = (ev: MessageEvent) => {
              const msg = JSON.parse(String(ev.data));
              if (msg.id !== id) return;
              ws.removeEventListener('message', onMessage);
              if (msg.type === 'ack') ok(msg);
              else if (client.tolerate?.includes(msg.code)) ok(null);
              else fail(new Error(`${String(frame.type)}: ${msg.code}`));
            };
            ws.addEventListener('message', onMessage);
            ws.send(JSON.stringify({ ...frame, id }));
          });
        const acks: (Record<string, unknown> | null)[] = [];
        for (const frame of client.frames) acks.push(await send(frame));
        if (!keep) ws.close();
        all.push(acks);
      }
      return all;
    },
    { clients, keep },
  );
}

/** Sends facilitator commands over one socket (`facilitate`, then each command in order, each waited for by its ack). */
export async function facilitate(page: Page, s: CreatedSession, commands: Record<string, unknown>[]): Promise<void> {
  await socketClients(page, [
    { frames: [{ type: 'facilitate', session_id: s.session_id, token: s.facilitator_token }, ...commands] },
  ]);
}

/** Someone who joins over a WebSocket (`joinOverSockets`). */
export interface SocketPerson {
  name: string;
  department?: string;
  /** [statement, current, desired]; a null level is not sent */
  answers?: [number, number | null, number | null][];
  /** action ids to vote for, after answering */
  votes?: string[];
}

/**
 * People join the session with this code one after the other over sockets (`socketClients`), answer and vote;
 * returns their participant ids in order. `keep` leaves their sockets open; `tolerate` passes over answers
 * refused with these codes (a statement closed meanwhile).
 */
export async function joinOverSockets(
  page: Page,
  code: string,
  people: SocketPerson[],
  options: { keep?: boolean; tolerate?: string[] } = {},
): Promise<string[]> {
  const clients = people.map(({ name, department, answers = [], votes = [] }) => ({
    frames: [
      { type: 'join', code, name, ...(department ? { department } : {}) },
      ...answers.flatMap(([statement, current, desired]) => [
        ...(current === null ? [] : [{ type: 'answer', statement, aspect: 'current', level: current }]),
        ...(desired === null ? [] : [{ type: 'answer', statement, aspect: 'desired', level: desired }]),
      ]),
      ...votes.map((action_id) => ({ type: 'vote', action_id })),
    ],
    ...(options.tolerate ? { tolerate: options.tolerate } : {}),
  }));
  const acks = await socketClients(page, clients, options.keep);
  return acks.map((client) => String(client[0]?.participant_id));
}

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: unknown; html: string }[];
}

/**
 * Runs axe-core (WCAG 2.0/2.1 A and AA rules) and returns the serious and critical violations. axe is
 * evaluated through the test's debugging channel: a <script> tag with its text would be refused by the
 * page's CSP (and rightly so).
 */
export async function seriousViolations(page: Page): Promise<AxeViolation[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: unknown, opts: unknown) => Promise<{ violations: unknown[] }> } }).axe;
    const result = await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
    });
    return result.violations as { id: string; impact: string | null; help: string; nodes: { target: unknown; html: string }[] }[];
  });
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ ...v, nodes: v.nodes.slice(0, 3).map((n) => ({ target: n.target, html: n.html })) }));
}
