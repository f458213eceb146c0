#!/usr/bin/env node
// The Node.js peer of issue 8: scsa's minimal live protocol (POST /api/sessions; join, answer, ack after a
// durable commit, broadcast over /ws) written the way most teams would, with ws and better-sqlite3. ops/bench
// runs scsa-load against it and against scsa-server in the same run and reports scsa / peer (README.md).
// Prints "scsa-peer-node listening on http://127.0.0.1:PORT/" like scsa-server, so scsa-load --server can
// start it; accepts and ignores scsa-server's --log-level.
// Usage: server.js [--port P] [--host H] [--db FILE]
'use strict';

const http = require('http');
const { WebSocketServer } = require('ws');
const { openStore } = require('./store');
const { LiveSessions } = require('./live');

const MAX_BODY = 64 * 1024;

function parseArgs(argv) {
  const opts = { port: 8080, host: '127.0.0.1', db: 'peer.db' };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) usage(arg + ' needs a value');
      return argv[++i];
    };
    if (arg === '--port') {
      opts.port = Number(value());
      if (!Number.isInteger(opts.port) || opts.port < 0 || opts.port > 65535) usage('--port wants 0..65535');
    } else if (arg === '--host') opts.host = value();
    else if (arg === '--db') opts.db = value();
    else if (arg === '--log-level') value();
    else usage("unknown option '" + arg + "'");
  }
  return opts;
}

function usage(message) {
  console.error('scsa-peer-node: ' + message + '\nUsage: server.js [--port P] [--host H] [--db FILE]');
  process.exit(2);
}

function sendJson(res, status, body) {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

function apiError(res, status, code, message) {
  sendJson(res, status, { error: code, message });
}

// POST /api/sessions with scsa's validation of the fields scsa-load sends.
function createSession(live, body, res) {
  let request;
  try {
    request = JSON.parse(body);
  } catch {
    return apiError(res, 400, 'bad_json', 'the body is not valid JSON');
  }
  if (!request || typeof request !== 'object') return apiError(res, 400, 'bad_json', 'an object expected');
  const { title, municipality } = request;
  const mode = request.mode ?? 'workshop';
  if (typeof title !== 'string' || title.length < 1 || title.length > 200)
    return apiError(res, 400, 'invalid_title', 'title: 1..200 characters');
  if (typeof municipality !== 'string' || !/^GM\d{4}$/i.test(municipality))
    return apiError(res, 400, 'unknown_municipality', 'municipality: a CBS code like GM0344');
  if (mode !== 'workshop' && mode !== 'solo') return apiError(res, 400, 'invalid_mode', 'mode: workshop or solo');
  try {
    sendJson(res, 201, live.create({ title, municipality: municipality.toUpperCase(), mode }));
  } catch (err) {
    console.error('peer: ' + err);
    apiError(res, 503, 'storage_error', 'could not store the session');
  }
}

function main() {
  const opts = parseArgs(process.argv.slice(2));
  const store = openStore(opts.db);
  const live = new LiveSessions(store);

  const server = http.createServer((req, res) => {
    if (req.url !== '/api/sessions') return apiError(res, 404, 'not_found', 'no such path');
    if (req.method !== 'POST') return apiError(res, 405, 'method_not_allowed', 'POST only');
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk) => {
      body += chunk;
      if (body.length > MAX_BODY) req.destroy();
    });
    req.on('end', () => createSession(live, body, res));
  });

  const wss = new WebSocketServer({ server, path: '/ws', maxPayload: 64 * 1024 });
  wss.on('connection', (ws) => live.attach(ws));

  server.listen(opts.port, opts.host, () => {
    const { port } = server.address();
    console.log(`scsa-peer-node listening on http://${opts.host}:${port}/`);
  });

  const stop = () => {
    for (const client of wss.clients) client.close(1001, 'shutting down');
    server.close();
    wss.close();
    store.close();
    process.exit(0);
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main();
