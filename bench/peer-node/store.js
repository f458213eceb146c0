// The peer's storage: one SQLite database through better-sqlite3, WAL with synchronous=FULL (the same
// durability scsa's event log promises). Every answer is one INSERT in its own transaction, committed before
// the call returns; there is no group commit (see README.md).
'use strict';

const Database = require('better-sqlite3');

function openStore(file) {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec(`
    CREATE TABLE IF NOT EXISTS sessions (
      id TEXT PRIMARY KEY,
      title TEXT NOT NULL,
      municipality TEXT NOT NULL,
      mode TEXT NOT NULL,
      join_code TEXT NOT NULL UNIQUE,
      facilitator_token TEXT NOT NULL,
      revealed INTEGER NOT NULL DEFAULT 0,
      created_ms INTEGER NOT NULL
    );
    CREATE TABLE IF NOT EXISTS participants (
      id TEXT PRIMARY KEY,
      session_id TEXT NOT NULL REFERENCES sessions(id),
      name TEXT,
      token TEXT NOT NULL UNIQUE,
      joined_ms INTEGER NOT NULL
    );
    CREATE TABLE IF NOT EXISTS answers (
      seq INTEGER PRIMARY KEY AUTOINCREMENT,
      session_id TEXT NOT NULL,
      participant_id TEXT NOT NULL,
      statement INTEGER NOT NULL,
      aspect TEXT NOT NULL,
      level INTEGER NOT NULL,
      created_ms INTEGER NOT NULL
    );
  `);

  const insertSession = db.prepare(
    'INSERT INTO sessions (id, title, municipality, mode, join_code, facilitator_token, created_ms) ' +
      'VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  const insertParticipant = db.prepare(
    'INSERT INTO participants (id, session_id, name, token, joined_ms) VALUES (?, ?, ?, ?, ?)',
  );
  const insertAnswer = db.prepare(
    'INSERT INTO answers (session_id, participant_id, statement, aspect, level, created_ms) ' +
      'VALUES (?, ?, ?, ?, ?, ?)',
  );
  const setRevealed = db.prepare('UPDATE sessions SET revealed = ? WHERE id = ?');
  const lastSeq = db.prepare('SELECT COALESCE(MAX(seq), 0) AS seq FROM answers');

  return {
    createSession(s) {
      insertSession.run(s.id, s.title, s.municipality, s.mode, s.joinCode, s.facilitatorToken, Date.now());
    },
    addParticipant(p) {
      insertParticipant.run(p.id, p.sessionId, p.name ?? null, p.token, Date.now());
    },
    // Returns the answer's sequence once the row is durable (autocommit: its own transaction and fsync).
    addAnswer(a) {
      return Number(
        insertAnswer.run(a.sessionId, a.participantId, a.statement, a.aspect, a.level, Date.now()).lastInsertRowid,
      );
    },
    setRevealed(sessionId, revealed) {
      setRevealed.run(revealed ? 1 : 0, sessionId);
    },
    lastSeq() {
      return lastSeq.get().seq;
    },
    close() {
      db.close();
    },
  };
}

module.exports = { openStore };
