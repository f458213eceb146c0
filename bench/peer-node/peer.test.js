// The peer speaks what scsa-load expects: run with `npm test` in this folder (after npm ci). Starts server.js
// on a free port with a temporary database and drives it over HTTP and WebSocket.
'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const Database = require('better-sqlite3');
const WebSocket = require('ws');

let server;
let base;
let dir;

test.before(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'peer-test-'));
  server = spawn(process.execPath, [path.join(__dirname, 'server.js'), '--port', '0', '--db', path.join(dir, 'p.db')]);
  const port = await new Promise((resolve, reject) => {
    server.stdout.on('data', (chunk) => {
      const match = /listening on http:\/\/127\.0\.0\.1:(\d+)\//.exec(chunk.toString());
      if (match) resolve(Number(match[1]));
    });
    server.on('exit', (code) => reject(new Error('server exited ' + code)));
  });
  base = '127.0.0.1:' + port;
});

test.after(() => {
  server.kill('SIGTERM');
  fs.rmSync(dir, { recursive: true, force: true });
});

async function createSession(body) {
  const res = await fetch(`http://${base}/api/sessions`, { method: 'POST', body: JSON.stringify(body) });
  return { status: res.status, body: await res.json() };
}

// A client that keeps every frame it receives, and waits for the next one that matches.
async function connect() {
  const ws = new WebSocket(`ws://${base}/ws`);
  const frames = [];
  const waiting = [];
  ws.on('message', (data) => {
    const frame = JSON.parse(data.toString());
    frames.push(frame);
    for (const w of waiting.splice(0)) if (!w(frame)) waiting.push(w);
  });
  await new Promise((resolve, reject) => {
    ws.on('open', resolve);
    ws.on('error', reject);
  });
  const next = (match) =>
    new Promise((resolve) => {
      const found = frames.find(match);
      if (found) return resolve(found);
      waiting.push((frame) => (match(frame) ? (resolve(frame), true) : false));
    });
  const ask = (frame) => {
    ws.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
    return next((f) => (f.type === 'ack' || f.type === 'error' || f.type === 'pong') && f.id === frame.id);
  };
  return { ws, frames, next, ask };
}

test('POST /api/sessions answers like scsa and validates its fields', async () => {
  const ok = await createSession({ title: 'Werksessie', municipality: 'GM0344', mode: 'workshop' });
  assert.equal(ok.status, 201);
  assert.deepEqual(Object.keys(ok.body).sort(), ['facilitator_token', 'join_code', 'session_id']);
  assert.equal((await createSession({ title: '', municipality: 'GM0344' })).body.error, 'invalid_title');
  assert.equal((await createSession({ title: 't', municipality: 'Utrecht' })).body.error, 'unknown_municipality');
  assert.equal((await createSession({ title: 't', municipality: 'GM0344', mode: 'x' })).body.error, 'invalid_mode');
});

test('an answer is acknowledged with the seq of its committed row, and broadcast with that seq', async () => {
  const { body: session } = await createSession({ title: 't', municipality: 'GM0344' });
  const facilitator = await connect();
  const ack = await facilitator.ask({ type: 'facilitate', id: 'f1', session_id: session.session_id, token: session.facilitator_token });
  assert.equal(ack.type, 'ack');
  const participant = await connect();
  const joined = await participant.ask({ type: 'join', id: 'j', code: session.join_code.toLowerCase(), name: 'A' });
  assert.equal(joined.type, 'ack');
  assert.ok(joined.participant_id && joined.token);
  await participant.next((f) => f.type === 'snapshot' && f.role === 'participant');

  const answered = await participant.ask({ type: 'answer', id: 'a1', statement: 3, aspect: 'current', level: 4 });
  assert.equal(answered.type, 'ack');
  const db = new Database(path.join(dir, 'p.db'), { readonly: true });
  const row = db.prepare('SELECT statement, aspect, level FROM answers WHERE seq = ?').get(answered.seq);
  db.close();
  assert.deepEqual({ ...row }, { statement: 3, aspect: 'current', level: 4 });

  const update = await facilitator.next((f) => f.type === 'update' && f.seq === answered.seq);
  assert.deepEqual(update.counts[2].current, [0, 0, 0, 1, 0]);
  // Participants see no results before the reveal; after it they get every update.
  assert.equal(participant.frames.filter((f) => f.type === 'update').length, 0);
  assert.equal((await facilitator.ask({ type: 'reveal', id: 'r' })).type, 'ack');
  const again = await participant.ask({ type: 'answer', id: 'a2', statement: 3, aspect: 'current', level: 2 });
  const seen = await participant.next((f) => f.type === 'update' && f.seq === again.seq);
  assert.deepEqual(seen.counts[2].current, [0, 1, 0, 0, 0]); // answering again replaces the earlier answer
  facilitator.ws.close();
  participant.ws.close();
});

test('anything else is a clear error and the connection stays open', async () => {
  const { body: session } = await createSession({ title: 't', municipality: 'GM0344' });
  const client = await connect();
  assert.equal((await client.ask({ type: 'answer', id: 'x', statement: 1, aspect: 'current', level: 1 })).code, 'not_joined');
  client.ws.send('not json');
  assert.equal((await client.next((f) => f.type === 'error' && f.id === null)).code, 'bad_json');
  assert.equal((await client.ask({ type: 'join', id: 'j0', code: 'NOPE' })).code, 'unknown_code');
  await client.ask({ type: 'join', id: 'j', code: session.join_code });
  assert.equal((await client.ask({ type: 'answer', id: 'a', statement: 22, aspect: 'current', level: 1 })).code, 'invalid_statement');
  assert.equal((await client.ask({ type: 'answer', id: 'b', statement: 1, aspect: 'current', level: 6 })).code, 'invalid_level');
  assert.equal((await client.ask({ type: 'reveal', id: 'c' })).code, 'not_allowed');
  assert.equal((await client.ask({ type: 'withdraw', id: 'd' })).code, 'unknown_type');
  assert.equal((await client.ask({ type: 'ping', id: 'p' })).type, 'pong');
  client.ws.close();
});
