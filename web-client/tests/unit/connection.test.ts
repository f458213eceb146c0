// The resilient protocol client against a scripted socket: resume, outbox resend with the same ids,
// exactly-once confirmation, backoff, offline queueing, final and retryable errors, join and heartbeats, the
// update format named in every binding, and waiting out a rate_limited refusal for as long as the server asks.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { defaultBackoff } from '../../src/lib/backoff';
import { Connection } from '../../src/lib/connection';
import { PROTOCOL_VERSION } from '../../src/lib/protocol';
import type { ConnectionListeners, ConnectionView } from '../../src/lib/connection-types';
import { keys, memoryStore } from '../../src/lib/storage';
import { FakeSocket, ManualTimers } from './fake-socket';

const binding = { role: 'participant' as const, session_id: 's-1', token: 'tok' };

function setup(listeners: ConnectionListeners = {}, store = memoryStore()) {
  const sockets: FakeSocket[] = [];
  const timers = new ManualTimers();
  let online = true;
  let n = 0;
  const states: ConnectionView[] = [];
  const connection = new Connection(
    {
      url: 'ws://test/ws',
      store,
      createSocket: (url) => {
        const s = new FakeSocket(url);
        sockets.push(s);
        return s;
      },
      newId: () => `c${++n}`,
      setTimer: timers.set,
      clearTimer: timers.clear,
      random: () => 1,
      isOnline: () => online,
      now: () => timers.now,
      backoff: defaultBackoff,
      pingEveryMs: 20_000,
      pongTimeoutMs: 5_000,
      retryMs: 1_000,
    },
    { ...listeners, state: (v) => states.push(v) },
  );
  const socket = () => sockets[sockets.length - 1]!;
  /** open the newest socket and acknowledge its resume */
  const resume = (seq = 10) => {
    socket().open();
    const r = socket().last('resume')!;
    socket().receive({ type: 'ack', id: r.id, seq, participant_id: 'p-1', session_id: 's-1' });
  };
  return {
    connection,
    sockets,
    socket,
    timers,
    states,
    store,
    resume,
    setOnline: (v: boolean) => (online = v),
  };
}

describe('Connection', () => {
  let t: ReturnType<typeof setup>;
  const confirmed = vi.fn();
  const rejected = vi.fn();

  beforeEach(() => {
    confirmed.mockReset();
    rejected.mockReset();
    t = setup({ confirmed, rejected });
  });

  it('resumes with the stored token and the last seen seq, then reports connected', () => {
    t.connection.attach(binding, 42);
    expect(t.socket().url).toBe('ws://test/ws');
    t.socket().open();
    expect(t.socket().last()).toMatchObject({ type: 'resume', token: 'tok', after: 42 });
    expect(t.connection.view().status).toBe('connecting');
    t.socket().receive({ type: 'ack', id: t.socket().last()!.id, seq: 50 });
    expect(t.connection.view()).toEqual({ status: 'connected', waiting: 0 });
  });

  it('sends an answer at once when connected and forgets it after its ack', () => {
    t.connection.attach(binding);
    t.resume();
    const entry = t.connection.answer(3, 'current', 2);
    const frame = t.socket().last('answer')!;
    expect(frame).toEqual({ type: 'answer', statement: 3, aspect: 'current', level: 2, id: entry.id });
    expect(t.connection.view().waiting).toBe(1);
    t.socket().receive({ type: 'ack', id: entry.id, seq: 77 });
    expect(t.connection.view().waiting).toBe(0);
    expect(confirmed).toHaveBeenCalledTimes(1);
    // the whole ack comes along: a vote's ack carries the voter's votes
    expect(confirmed).toHaveBeenCalledWith(entry, 77, { type: 'ack', id: entry.id, seq: 77 });
  });

  it('resends an unacknowledged answer with the SAME id after a reconnect, and confirms it once', () => {
    t.connection.attach(binding);
    t.resume();
    const entry = t.connection.answer(5, 'desired', 4);
    expect(t.socket().ofType('answer')).toHaveLength(1);
    t.socket().drop(); // the ack never arrived
    expect(t.connection.view()).toEqual({ status: 'reconnecting', waiting: 1 });
    t.timers.advance(defaultBackoff.baseMs);
    expect(t.sockets).toHaveLength(2);
    t.resume();
    const resent = t.socket().ofType('answer');
    expect(resent).toHaveLength(1);
    expect(resent[0]!.id).toBe(entry.id);
    // the server had committed the first one: it acks the repeat with the original seq
    t.socket().receive({ type: 'ack', id: entry.id, seq: 12 });
    t.socket().receive({ type: 'ack', id: entry.id, seq: 12 });
    expect(confirmed).toHaveBeenCalledTimes(1);
    expect(t.connection.view().waiting).toBe(0);
  });

  it('does not send before the resume is acknowledged', () => {
    t.connection.attach(binding);
    t.socket().open();
    t.connection.answer(1, 'current', 1);
    expect(t.socket().ofType('answer')).toHaveLength(0);
    t.socket().receive({ type: 'ack', id: t.socket().last('resume')!.id, seq: 1 });
    expect(t.socket().ofType('answer')).toHaveLength(1);
  });

  it('queues answers while offline and sends them in order, with their ids, once back', () => {
    t.connection.attach(binding);
    t.resume();
    t.setOnline(false);
    t.connection.networkLost();
    expect(t.socket().closed).toBe(true);
    const a = t.connection.answer(1, 'current', 2);
    const b = t.connection.answer(1, 'desired', 3);
    const c = t.connection.answer(2, 'current', 1);
    expect(t.connection.view()).toEqual({ status: 'offline', waiting: 3 });
    t.setOnline(true);
    t.connection.networkBack();
    t.resume();
    expect(t.socket().ofType('answer').map((f) => f.id)).toEqual([a.id, b.id, c.id]);
  });

  it('keeps the outbox across a reload: a new client sends the stored commands with the same ids', () => {
    t.connection.attach(binding);
    t.setOnline(false);
    t.connection.networkLost();
    const a = t.connection.answer(7, 'current', 3);
    t.connection.stop();
    expect(t.store.getItem(keys.outbox('s-1'))).toContain(a.id);

    const again = setup({}, t.store);
    again.connection.attach(binding);
    again.resume();
    expect(again.socket().ofType('answer')).toEqual([
      { type: 'answer', statement: 7, aspect: 'current', level: 3, id: a.id },
    ]);
  });

  it('backs off exponentially while the server is away and starts over after a success', () => {
    t.connection.attach(binding);
    const delays: number[] = [];
    for (let i = 0; i < 5; i++) {
      t.socket().drop();
      delays.push(...t.timers.delays());
      t.timers.advance(60_000);
    }
    expect(delays).toEqual([500, 1000, 2000, 4000, 8000]);
    t.resume();
    t.socket().drop();
    expect(t.timers.delays()).toEqual([500]);
  });

  it('drops a command the server refuses for good and tells the page', () => {
    t.connection.attach(binding);
    t.resume();
    const entry = t.connection.answer(9, 'current', 2);
    t.socket().receive({ type: 'error', id: entry.id, code: 'statement_closed', message: 'closed' });
    expect(t.connection.view().waiting).toBe(0);
    expect(rejected).toHaveBeenCalledWith(entry, 'statement_closed', 'closed');
  });

  it('resends the same id after a retryable error such as storage_error', () => {
    t.connection.attach(binding);
    t.resume();
    const entry = t.connection.answer(9, 'current', 2);
    t.socket().receive({ type: 'error', id: entry.id, code: 'storage_error', message: 'disk' });
    expect(t.connection.view().waiting).toBe(1);
    t.timers.advance(1_000);
    const frames = t.socket().ofType('answer');
    expect(frames.map((f) => f.id)).toEqual([entry.id, entry.id]);
  });

  it('ends for good when the server does not know the token, clearing what cannot be sent', () => {
    t.store.setItem(keys.participant('s-1'), JSON.stringify({ token: 'tok' }));
    t.connection.attach(binding);
    t.connection.answer(1, 'current', 1);
    t.socket().open();
    t.socket().receive({ type: 'error', id: t.socket().last('resume')!.id, code: 'invalid_token', message: 'x' });
    expect(t.connection.view()).toEqual({ status: 'ended', waiting: 0, endedBy: 'invalid_token' });
    expect(t.store.getItem(keys.participant('s-1'))).toBeNull();
    t.timers.advance(60_000);
    expect(t.sockets).toHaveLength(1);
  });

  it('names the update format it reads in join, resume (also a refresh) and facilitate', async () => {
    const joining = t.connection.join('ab-12c');
    t.socket().open();
    const join = t.socket().last('join')!;
    expect(join).toMatchObject({ type: 'join', protocol: PROTOCOL_VERSION });
    t.socket().receive({ type: 'ack', id: join.id, seq: 3, participant_id: 'p-9', token: 'T', session_id: 's-9' });
    await joining;
    t.connection.refresh();
    expect(t.socket().last('resume')).toMatchObject({ token: 'T', protocol: PROTOCOL_VERSION });

    const u = setup();
    u.connection.attach(binding);
    u.socket().open();
    expect(u.socket().last('resume')).toMatchObject({ token: 'tok', protocol: PROTOCOL_VERSION });
    const f = setup();
    f.connection.attach({ role: 'facilitator', session_id: 's-1', token: 'ft' });
    f.socket().open();
    expect(f.socket().last('facilitate')).toMatchObject({ session_id: 's-1', token: 'ft', protocol: PROTOCOL_VERSION });
    expect(PROTOCOL_VERSION).toBe(2);
  });

  it('joins with a code, stores the credentials and binds the connection', async () => {
    const p = t.connection.join('ab-12c', 'Ann');
    t.socket().open();
    const join = t.socket().last('join')!;
    expect(join).toMatchObject({ type: 'join', code: 'ab-12c', name: 'Ann' });
    expect(join).not.toHaveProperty('department');
    t.socket().receive({ type: 'ack', id: join.id, seq: 3, participant_id: 'p-9', token: 'T', session_id: 's-9' });
    const creds = await p;
    expect(creds).toEqual({ token: 'T', participant_id: 'p-9', session_id: 's-9', join_code: 'ab-12c' });
    expect(JSON.parse(t.store.getItem(keys.participant('s-9'))!)).toEqual(creds);
    expect(t.connection.view().status).toBe('connected');
    t.connection.answer(1, 'current', 4);
    expect(t.socket().ofType('answer')).toHaveLength(1);
  });

  it('sends a join whose ack was lost again with the same id and token after reconnecting', async () => {
    const p = t.connection.join('ab-12c', 'Ann');
    t.socket().open();
    const first = t.socket().last('join')!;
    expect(String(first.token)).toMatch(/^[0-9a-f]{64}$/);
    t.socket().drop(); // the ack never arrived
    t.timers.advance(60_000);
    t.socket().open();
    const again = t.socket().last('join')!;
    expect(again).toMatchObject({ id: first.id, token: first.token, code: 'ab-12c' });
    t.socket().receive({ type: 'ack', id: again.id, seq: 3, participant_id: 'p-9', token: first.token, session_id: 's-9' });
    const creds = await p;
    expect(creds.participant_id).toBe('p-9');
    expect(creds.token).toBe(first.token);
  });

  it('rejects a join the server refuses, with its code', async () => {
    const p = t.connection.join('NOPE');
    t.socket().open();
    t.socket().receive({ type: 'error', id: t.socket().last('join')!.id, code: 'unknown_code', message: 'x' });
    await expect(p).rejects.toMatchObject({ code: 'unknown_code' });
  });

  it('gives up a silent connection when a ping gets no pong, and reconnects', () => {
    t.connection.attach(binding);
    t.resume();
    t.timers.advance(20_000);
    const ping = t.socket().last('ping')!;
    expect(ping).toBeTruthy();
    t.timers.advance(5_000);
    expect(t.socket().closed).toBe(true);
    expect(t.connection.view().status).toBe('reconnecting');
  });

  it('keeps the connection when the pong arrives', () => {
    t.connection.attach(binding);
    t.resume();
    t.timers.advance(20_000);
    t.socket().receive({ type: 'pong', id: t.socket().last('ping')!.id });
    t.timers.advance(5_000);
    expect(t.socket().closed).toBe(false);
    expect(t.connection.view().status).toBe('connected');
  });

  it('hands snapshots and updates to the page and resumes after the newest seq', () => {
    const snapshot = vi.fn();
    const update = vi.fn();
    const u = setup({ snapshot, update });
    u.connection.attach(binding, 5);
    u.resume();
    u.socket().receive({ type: 'snapshot', role: 'participant', seq: 20, session: {}, you: {} });
    u.socket().receive({ type: 'update', seq: 31, session: {} });
    expect(snapshot).toHaveBeenCalledTimes(1);
    expect(update).toHaveBeenCalledTimes(1);
    u.socket().drop();
    u.timers.advance(1_000);
    u.socket().open();
    expect(u.socket().last('resume')).toMatchObject({ after: 31 });
  });

  it('ignores frames that are not JSON objects', () => {
    t.connection.attach(binding);
    t.resume();
    expect(() => t.socket().onmessage?.({ data: 'not json' })).not.toThrow();
    expect(() => t.socket().onmessage?.({ data: '[1,2]' })).not.toThrow();
    expect(t.connection.view().status).toBe('connected');
  });

  it('reports every state change to its listener', () => {
    t.connection.attach(binding);
    t.resume();
    t.socket().drop();
    expect(t.states.map((s) => s.status)).toEqual(['connecting', 'connected', 'reconnecting']);
  });
});

describe('Connection refused as rate_limited', () => {
  const refuse = (u: ReturnType<typeof setup>, id: unknown, extra: Record<string, unknown> = { retry_after_ms: 3_000 }) =>
    u.socket().receive({ type: 'error', id, code: 'rate_limited', message: 'slow down', ...extra });

  it('keeps a refused join waiting, says how long, and sends the same join again once the wait is over', async () => {
    const joinDelayed = vi.fn();
    const u = setup({ joinDelayed });
    const p = u.connection.join('AB12', 'Ann');
    let settled = false;
    void p.then(() => (settled = true), () => (settled = true));
    u.socket().open();
    const first = u.socket().last('join')!;
    refuse(u, first.id);
    expect(joinDelayed).toHaveBeenCalledWith(3_000);
    u.timers.advance(2_999);
    expect(u.socket().ofType('join')).toHaveLength(1);
    await Promise.resolve();
    expect(settled).toBe(false);
    u.timers.advance(1);
    const again = u.socket().last('join')!;
    expect(u.socket().ofType('join')).toHaveLength(2);
    expect(again).toEqual(first); // same id and token: it can never make two participants
    u.socket().receive({ type: 'ack', id: again.id, seq: 3, participant_id: 'p-9', token: first.token, session_id: 's-9' });
    await expect(p).resolves.toMatchObject({ participant_id: 'p-9', session_id: 's-9' });
    expect(u.connection.view().status).toBe('connected');
  });

  it('waits five seconds when the server does not say, and again after a second refusal', () => {
    const joinDelayed = vi.fn();
    const u = setup({ joinDelayed });
    void u.connection.join('AB12');
    u.socket().open();
    refuse(u, u.socket().last('join')!.id, {});
    expect(joinDelayed).toHaveBeenLastCalledWith(5_000);
    u.timers.advance(5_000);
    refuse(u, u.socket().last('join')!.id, { retry_after_ms: 8_000 });
    expect(joinDelayed).toHaveBeenLastCalledWith(8_000);
    u.timers.advance(7_999);
    expect(u.socket().ofType('join')).toHaveLength(2);
    u.timers.advance(1);
    expect(u.socket().ofType('join')).toHaveLength(3);
  });

  it('does not send the join sooner when the socket is lost during the wait', () => {
    const u = setup();
    void u.connection.join('AB12');
    u.socket().open();
    refuse(u, u.socket().last('join')!.id, { retry_after_ms: 10_000 });
    u.socket().drop();
    u.timers.advance(1_000); // the backoff reconnects...
    u.socket().open();
    expect(u.socket().ofType('join')).toHaveLength(0); // ...but the join waits
    u.timers.advance(9_000);
    expect(u.socket().ofType('join')).toHaveLength(1);
  });

  it('sends nothing more once stopped while waiting', () => {
    const u = setup();
    void u.connection.join('AB12');
    u.socket().open();
    refuse(u, u.socket().last('join')!.id);
    u.connection.stop();
    u.timers.advance(60_000);
    expect(u.sockets).toHaveLength(1);
    expect(u.socket().ofType('join')).toHaveLength(1);
  });

  it('reconnects a refused resume no sooner than the server asks', () => {
    const u = setup();
    u.connection.attach(binding);
    u.socket().open();
    refuse(u, u.socket().last('resume')!.id, { retry_after_ms: 12_000 });
    expect(u.connection.view().status).toBe('reconnecting');
    u.timers.advance(11_999);
    expect(u.sockets).toHaveLength(1);
    u.timers.advance(1);
    expect(u.sockets).toHaveLength(2);
    u.resume();
    expect(u.connection.view().status).toBe('connected');
  });

  it('resends a refused answer with the same id, after the wait the server asks', () => {
    const u = setup();
    u.connection.attach(binding);
    u.resume();
    const entry = u.connection.answer(4, 'desired', 3);
    refuse(u, entry.id, { retry_after_ms: 4_000 });
    u.timers.advance(3_999);
    expect(u.socket().ofType('answer')).toHaveLength(1);
    u.timers.advance(1);
    expect(u.socket().ofType('answer').map((f) => f.id)).toEqual([entry.id, entry.id]);
  });
});

describe('Connection.refresh', () => {
  it('asks for a fresh snapshot with a resume on the bound socket, and only when connected', () => {
    const t = setup();
    t.connection.refresh(); // not attached: nothing
    t.connection.attach(binding);
    t.connection.refresh(); // not open yet: nothing
    expect(t.sockets).toHaveLength(1);
    t.resume(12);
    t.socket().receive({ type: 'update', seq: 12 });
    t.connection.refresh();
    const resumes = t.socket().ofType('resume');
    expect(resumes).toHaveLength(2);
    expect(resumes[1]).toMatchObject({ type: 'resume', token: 'tok', after: 12 });
    // its ack is not taken for an outbox command's
    t.socket().receive({ type: 'ack', id: resumes[1]!.id, seq: 12 });
    expect(t.connection.view()).toEqual({ status: 'connected', waiting: 0 });
  });
});
