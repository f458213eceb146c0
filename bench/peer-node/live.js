// The peer's live sessions and its WebSocket protocol: the subset of docs/protocol.md that scsa-load uses
// (join, facilitate, answer, reveal, hide, ping), with scsa's frame shapes. Everything else is an error.
'use strict';

const crypto = require('crypto');

const STATEMENTS = 21;
const ASPECTS = ['current', 'desired'];
const MAX_ROUNDS_OF_CODES = 100;

function randomCode() {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  let code = '';
  for (const byte of crypto.randomBytes(6)) code += alphabet[byte % alphabet.length];
  return code;
}

function emptyCounts() {
  const counts = [];
  for (let s = 1; s <= STATEMENTS; s++) counts.push({ statement: s, current: [0, 0, 0, 0, 0], desired: [0, 0, 0, 0, 0] });
  return counts;
}

class LiveSessions {
  constructor(store) {
    this.store = store;
    this.sessions = new Map(); // session id -> session
    this.byCode = new Map(); // join code -> session
  }

  // POST /api/sessions: the same request and answer as scsa's.
  create({ title, municipality, mode }) {
    let joinCode = randomCode();
    for (let tries = 0; this.byCode.has(joinCode) && tries < MAX_ROUNDS_OF_CODES; tries++) joinCode = randomCode();
    const session = {
      id: crypto.randomUUID(),
      title,
      municipality,
      mode,
      joinCode,
      facilitatorToken: crypto.randomBytes(32).toString('hex'),
      revealed: false,
      counts: emptyCounts(),
      answers: new Map(), // participant id -> { 'statement/aspect': level }
      sockets: new Set(),
    };
    this.store.createSession(session);
    this.sessions.set(session.id, session);
    this.byCode.set(joinCode, session);
    return { session_id: session.id, join_code: joinCode, facilitator_token: session.facilitatorToken };
  }

  // One WebSocket connection.
  attach(ws) {
    const state = { session: null, participantId: null, facilitator: false };
    ws.on('message', (data, isBinary) => {
      if (isBinary) return ws.close(1003, 'text frames only');
      let msg;
      try {
        msg = JSON.parse(data.toString());
      } catch {
        return send(ws, { type: 'error', id: null, code: 'bad_json', message: 'not valid JSON' });
      }
      if (!msg || typeof msg !== 'object' || Array.isArray(msg) || typeof msg.id !== 'string') {
        return send(ws, { type: 'error', id: null, code: 'bad_message', message: 'an object with an id expected' });
      }
      try {
        this.handle(ws, state, msg);
      } catch (err) {
        console.error('peer: ' + (err && err.stack ? err.stack : err));
        send(ws, { type: 'error', id: msg.id, code: 'storage_error', message: 'could not store the change' });
      }
    });
    ws.on('close', () => {
      if (state.session) state.session.sockets.delete(ws);
    });
    ws.on('error', () => {});
  }

  handle(ws, state, msg) {
    const fail = (code, message) => send(ws, { type: 'error', id: msg.id, code, message });
    switch (msg.type) {
      case 'ping':
        return send(ws, { type: 'pong', id: msg.id });
      case 'join': {
        if (typeof msg.code !== 'string') return fail('bad_message', 'code missing');
        const session = this.byCode.get(msg.code.toUpperCase().replace(/[\s-]/g, ''));
        if (!session) return fail('unknown_code', 'no session has this join code');
        const participant = {
          id: crypto.randomUUID(),
          sessionId: session.id,
          name: typeof msg.name === 'string' ? msg.name.slice(0, 80) : null,
          token: crypto.randomBytes(32).toString('hex'),
        };
        this.store.addParticipant(participant);
        this.bind(ws, state, session);
        state.participantId = participant.id;
        session.answers.set(participant.id, {});
        const seq = this.store.lastSeq();
        send(ws, { type: 'ack', id: msg.id, seq, participant_id: participant.id, token: participant.token, session_id: session.id });
        return send(ws, {
          type: 'snapshot',
          role: 'participant',
          seq,
          session: sessionInfo(session),
          you: { participant_id: participant.id, name: participant.name, removed: false, answers: {} },
          ...(session.revealed ? { results: session.counts } : {}),
        });
      }
      case 'facilitate': {
        const session = this.sessions.get(msg.session_id);
        if (!session || session.facilitatorToken !== msg.token) return fail('invalid_token', 'unknown session or token');
        this.bind(ws, state, session);
        state.facilitator = true;
        ws.isFacilitator = true;
        const seq = this.store.lastSeq();
        send(ws, { type: 'ack', id: msg.id, seq, session_id: session.id });
        return send(ws, { type: 'snapshot', role: 'facilitator', seq, session: { ...sessionInfo(session), join_code: session.joinCode }, counts: session.counts });
      }
      case 'answer': {
        const session = state.session;
        if (!session || !state.participantId) return fail('not_joined', 'join first');
        const { statement, aspect, level } = msg;
        if (!Number.isInteger(statement) || statement < 1 || statement > STATEMENTS) return fail('invalid_statement', 'statement 1..21');
        if (!ASPECTS.includes(aspect)) return fail('bad_message', 'aspect is current or desired');
        if (!Number.isInteger(level) || level < 1 || level > 5) return fail('invalid_level', 'level 1..5');
        // The commit: one INSERT, its own transaction; better-sqlite3 returns once it is durable.
        const seq = this.store.addAnswer({ sessionId: session.id, participantId: state.participantId, statement, aspect, level });
        const mine = session.answers.get(state.participantId);
        const key = statement + '/' + aspect;
        const row = session.counts[statement - 1][aspect];
        if (mine[key]) row[mine[key] - 1]--;
        mine[key] = level;
        row[level - 1]++;
        send(ws, { type: 'ack', id: msg.id, seq });
        return this.broadcast(session, seq);
      }
      case 'reveal':
      case 'hide': {
        const session = state.session;
        if (!session) return fail('not_joined', 'facilitate first');
        if (!state.facilitator) return fail('not_allowed', 'facilitators only');
        session.revealed = msg.type === 'reveal';
        this.store.setRevealed(session.id, session.revealed);
        const seq = this.store.lastSeq();
        send(ws, { type: 'ack', id: msg.id, seq });
        return this.broadcast(session, seq);
      }
      default:
        return fail('unknown_type', 'this peer knows join, facilitate, answer, reveal, hide and ping');
    }
  }

  bind(ws, state, session) {
    if (state.session) state.session.sockets.delete(ws);
    state.session = session;
    state.participantId = null;
    state.facilitator = false;
    ws.isFacilitator = false;
    session.sockets.add(ws);
  }

  // Every committed change goes out at once, one JSON string sent to each socket: to the facilitators
  // always, to the participants once the results are revealed (as in scsa, they see no results before).
  broadcast(session, seq) {
    const update = JSON.stringify({ type: 'update', seq, session: sessionInfo(session), counts: session.counts });
    for (const client of session.sockets) {
      if (session.revealed || client.isFacilitator) send(client, update);
    }
  }
}

function sessionInfo(session) {
  return {
    session_id: session.id,
    title: session.title,
    municipality: session.municipality,
    mode: session.mode,
    revealed: session.revealed,
  };
}

function send(ws, frame) {
  if (ws.readyState !== 1) return; // OPEN
  ws.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
}

module.exports = { LiveSessions };
