"""What the fault tests share: participants that answer over WebSocket as phones do, and scsa-server as a
child process that can be killed. durability.py (SIGKILL of one server on SQLite) and node_loss.py (nodes
on one PostgreSQL behind nginx) drive these.

A participant joins with a token of its own, answers at its own pace with at most WINDOW answers not yet
acknowledged, and after every reconnect resumes and sends each unacknowledged answer again with the same
id. `acked` maps every acknowledged answer's log command id to the sequence its ack named: the tests
compare that with the log."""
import asyncio
import http.client
import json
import random
import secrets
import signal
import socket
import subprocess
import time

import websockets

SLOTS = [(statement, aspect) for statement in range(1, 22) for aspect in ("current", "desired")]
WINDOW = 8  # unacknowledged answers per participant; < len(SLOTS), so each answer changes its slot's level
RETRY_CODES = ("storage_error", "rate_limited")  # nothing was done: send the same again (docs/protocol.md)


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class ServerProcess:
    """scsa-server as a child process that can be killed and started again on the same port and files."""

    def __init__(self, args, port, log_path, cwd=None):
        self.args = args
        self.port = port
        self.log = open(log_path, "ab")
        self.cwd = cwd
        self.process = None

    async def start(self, timeout=30):
        self.process = subprocess.Popen(self.args, stdout=self.log, stderr=subprocess.STDOUT, cwd=self.cwd)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"scsa-server exited with {self.process.returncode} at start")
            try:
                _, writer = await asyncio.open_connection("127.0.0.1", self.port)
                writer.close()
                return
            except OSError:
                await asyncio.sleep(0.02)
        raise RuntimeError("scsa-server did not listen in time")

    def running(self):
        return self.process is not None and self.process.poll() is None

    def kill(self):
        self.process.send_signal(signal.SIGKILL)
        self.process.wait()

    def stop(self):
        if not self.running():
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.kill()


def post_session(port, index, context=None, host="127.0.0.1"):
    """POST /api/sessions over HTTP, or HTTPS with an ssl context: (status, parsed body)."""
    if context is None:
        connection = http.client.HTTPConnection(host, port, timeout=10)
    else:
        connection = http.client.HTTPSConnection(host, port, context=context, timeout=10)
    try:
        body = json.dumps({"title": f"chaos {index}", "municipality": "GM0014"})
        connection.request("POST", "/api/sessions", body, {"Content-Type": "application/json"})
        answer = connection.getresponse()
        return answer.status, json.loads(answer.read())
    finally:
        connection.close()


def create_session(port, index, context=None, host="127.0.0.1"):
    status, created = post_session(port, index, context, host)
    assert status == 201, created
    return created


class Participant:
    """One participant: answers at its own pace, resends what was not acknowledged after each reconnect.
    `uris` is one WebSocket address or a list tried in turn, one per connection attempt."""

    def __init__(self, figures, uris, join_code, interval, ssl=None):
        self.figures = figures
        self.uris = [uris] if isinstance(uris, str) else list(uris)
        self.attempts = random.randrange(len(self.uris))  # several: the participants start spread over them
        self.ssl = ssl
        self.join_code = join_code
        self.interval = interval
        self.token = secrets.token_hex(32)
        self.participant_id = None
        self.session_id = None
        self.next_answer = 0
        self.unacked = {}  # client id -> answer number, sent (or to be resent) and not yet acknowledged
        self.acked = {}  # log command id -> the seq its ack named
        self.acks = 0  # acks received, a retry's too
        self.dropped_since = None  # time.monotonic() of the first connection lost since the last ack
        self.back = []  # (connection lost, next ack) in time.monotonic(), one pair per outage
        self.offering = True
        self.connection = None

    def answer_frame(self, number):
        statement, aspect = SLOTS[number % len(SLOTS)]
        level = (number // len(SLOTS)) % 5 + 1  # the slot's previous answer had another level
        return json.dumps({"type": "answer", "id": f"a{number}", "statement": statement, "aspect": aspect,
                           "level": level})

    def count_error(self, code):
        self.figures["errors"][code] = self.figures["errors"].get(code, 0) + 1

    async def open(self):
        """Opens a WebSocket, retrying with backoff and jitter while no server takes it."""
        delay = 0.05
        while True:
            uri = self.uris[self.attempts % len(self.uris)]
            self.attempts += 1
            try:
                return await websockets.connect(uri, ssl=self.ssl, open_timeout=5, close_timeout=1,
                                                max_size=2**22)
            except (OSError, asyncio.TimeoutError, websockets.InvalidHandshake, websockets.InvalidMessage):
                await asyncio.sleep(delay * random.uniform(0.5, 1.5))
                delay = min(delay * 2, 1.0)

    async def connect(self):
        """Connects and joins or resumes; a join or resume refused with a code that means "again" is sent again."""
        while True:
            ws = await self.open()
            self.figures["connects"] += 1
            if self.participant_id is None:
                frame = {"type": "join", "id": "join", "code": self.join_code, "token": self.token}
            else:
                frame = {"type": "resume", "id": "resume", "token": self.token}
            await ws.send(json.dumps(frame))
            while True:
                reply = json.loads(await asyncio.wait_for(ws.recv(), 10))
                if reply.get("id") == frame["id"]:
                    break
            if reply["type"] == "error" and reply["code"] == "invalid_token":
                # Only when an acknowledged join was lost (the unsafe build): join again with the same token.
                self.figures["joins_lost"] += 1
                self.participant_id = None
                await ws.close()
                continue
            if reply["type"] == "error" and reply["code"] in RETRY_CODES:
                self.count_error(reply["code"])
                await ws.close()
                await asyncio.sleep(max(reply.get("retry_after_ms", 200), 50) / 1000 * random.uniform(1, 1.5))
                continue
            if reply["type"] != "ack":
                raise RuntimeError(f"join/resume refused: {reply}")
            self.participant_id = reply["participant_id"]
            self.session_id = reply["session_id"]
            return ws

    async def reader(self, ws):
        async for text in ws:
            frame = json.loads(text)
            client_id = frame.get("id")
            if client_id not in self.unacked:
                continue
            if frame["type"] == "ack":
                del self.unacked[client_id]
                self.acked[f"{self.session_id}/{self.participant_id}/{client_id}"] = frame["seq"]
                self.acks += 1
                if self.dropped_since is not None:
                    self.back.append((self.dropped_since, time.monotonic()))
                    self.dropped_since = None
            elif frame["type"] == "error":
                self.count_error(frame["code"])
                if frame["code"] not in RETRY_CODES:
                    del self.unacked[client_id]  # a refusal is final; the check will count it
                    self.figures["refused"] += 1
                else:
                    asyncio.get_running_loop().call_later(0.2, self.resend_later, client_id)

    def resend_later(self, client_id):
        if client_id in self.unacked and self.connection is not None:
            asyncio.ensure_future(self.send_quietly(self.connection, self.answer_frame(self.unacked[client_id])))

    async def send_quietly(self, ws, text):
        try:
            await ws.send(text)
            self.figures["sent"] += 1
        except websockets.ConnectionClosed:
            pass  # resent after the reconnect

    async def writer(self, ws):
        for number in sorted(self.unacked.values()):  # what the crash left unacknowledged, same ids
            await ws.send(self.answer_frame(number))
            self.figures["resent"] += 1
        next_at = time.monotonic()
        while self.offering or self.unacked:
            next_at += self.interval
            await asyncio.sleep(max(0.0, next_at - time.monotonic()))
            if self.offering and len(self.unacked) < WINDOW:
                number = self.next_answer
                self.next_answer += 1
                self.unacked[f"a{number}"] = number
                self.figures["offered"] += 1
                await ws.send(self.answer_frame(number))
                self.figures["sent"] += 1
            elif not self.offering:
                return

    async def run(self):
        while self.offering or self.unacked:
            try:
                ws = await self.connect()
            except (OSError, asyncio.TimeoutError, websockets.WebSocketException):
                continue
            self.connection = ws
            reading = asyncio.ensure_future(self.reader(ws))
            writing = asyncio.ensure_future(self.writer(ws))
            done, pending = await asyncio.wait({reading, writing}, return_when=asyncio.FIRST_COMPLETED)
            if writing in done and writing.exception() is None:
                # Nothing left to offer: wait for the last acks, then leave.
                while self.unacked and not reading.done():
                    await asyncio.sleep(0.05)
                if not self.unacked:
                    reading.cancel()
                    await ws.close()
                    return
            for task in pending:
                task.cancel()
            for task in done:
                if not task.cancelled():
                    task.exception()  # retrieved: a dropped connection is expected here
            self.connection = None
            if self.dropped_since is None:
                self.dropped_since = time.monotonic()
            await ws.close()
            self.figures["reconnects"] += 1


def compare_with_log(rows, participants):
    """Figures of the participants' acknowledged answers against the log's (command id, sequence) rows:
    every acknowledged answer must be there once, at the sequence its ack named."""
    stored = {}
    duplicated = 0
    for command_id, sequence in rows:
        if command_id in stored:
            duplicated += 1
        stored.setdefault(command_id, []).append(sequence)
    acked = {}
    for p in participants:
        acked.update(p.acked)
    lost = [c for c in acked if c not in stored]
    wrong_seq = [c for c, seq in acked.items() if c in stored and seq not in stored[c]]
    return dict(acked=len(acked), found=len(acked) - len(lost), lost=len(lost), duplicated=duplicated,
                wrong_seq=len(wrong_seq), stored_answers=len(rows),
                unacked_at_end=sum(len(p.unacked) for p in participants), lost_examples=lost[:5],
                wrong_seq_examples=wrong_seq[:5])
