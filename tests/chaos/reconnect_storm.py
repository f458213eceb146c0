#!/usr/bin/python3
"""Reconnect storm: N participants (default 1,000, all from one address, as behind a municipality's NAT)
are connected when scsa-server is SIGKILLed and restarted; each reconnects with the web client's backoff
and jitter and resumes with its token. All must be back (resume acknowledged, snapshot received) within the
limit (default 30 s after the restart began).
Usage: reconnect_storm.py --server BIN --data-dir DIR [--clients 1000] [--sessions 10] [--limit 30]"""
import argparse
import asyncio
import http.client
import json
import os
import random
import secrets
import signal
import subprocess
import sys
import tempfile
import time

import websockets

from chaos_server import TIMEOUT, free_port, reply_to


async def until_listening(port, process):
    while True:
        if process.poll() is not None:
            raise RuntimeError(f"scsa-server exited with {process.returncode}")
        try:
            _, writer = await asyncio.open_connection("127.0.0.1", port)
            writer.close()
            return
        except OSError:
            await asyncio.sleep(0.02)


class Client:
    def __init__(self, uri, code):
        self.uri = uri
        self.code = code
        self.token = secrets.token_hex(32)
        self.ws = None

    async def join(self):
        self.ws = await websockets.connect(self.uri, open_timeout=TIMEOUT)
        await self.ws.send(json.dumps({"type": "join", "id": "j", "code": self.code, "token": self.token}))
        assert (await reply_to(self.ws, "j"))["type"] == "ack"

    async def come_back(self):
        """Waits for the drop, then reconnects with backoff and jitter until resumed; attempts made."""
        try:
            await self.ws.wait_closed()
        except Exception:  # noqa: BLE001 - any way the old connection ended is fine
            pass
        attempts = 0
        while True:
            # The web client's policy (web-client/src/lib/backoff.ts): 0.5 s doubling up to 15 s, equal jitter.
            delay = min(15.0, 0.5 * 2**attempts)
            await asyncio.sleep(delay / 2 + random.random() * delay / 2)
            attempts += 1
            try:
                self.ws = await websockets.connect(self.uri, open_timeout=TIMEOUT)
                await self.ws.send(json.dumps({"type": "resume", "id": "r", "token": self.token}))
                if (await reply_to(self.ws, "r"))["type"] == "ack":
                    while json.loads(await asyncio.wait_for(self.ws.recv(), TIMEOUT)).get("type") != "snapshot":
                        pass
                    return attempts
            except (OSError, asyncio.TimeoutError, websockets.WebSocketException):
                pass


async def storm(args, folder):
    port = free_port()
    command = [args.server, "--port", str(port), "--db", os.path.join(folder, "storm.db"), "--data-dir",
               args.data_dir, "--log-level", "warn"]
    log = open(os.path.join(folder, "server.log"), "ab")
    server = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
    await until_listening(port, server)
    codes = []
    for i in range(args.sessions):
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=TIMEOUT)
        connection.request("POST", "/api/sessions", json.dumps({"title": f"storm {i}", "municipality": "GM0014"}))
        codes.append(json.loads(connection.getresponse().read())["join_code"])
    uri = f"ws://127.0.0.1:{port}/ws"
    clients = [Client(uri, codes[i % len(codes)]) for i in range(args.clients)]
    for start in range(0, len(clients), 100):  # joined in waves, as people arrive
        await asyncio.gather(*(c.join() for c in clients[start:start + 100]))
    returning = [asyncio.ensure_future(c.come_back()) for c in clients]
    server.send_signal(signal.SIGKILL)
    server.wait()
    began = time.monotonic()
    server = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
    try:
        done, pending = await asyncio.wait(returning, timeout=args.limit)
        elapsed = time.monotonic() - began
        for task in pending:
            task.cancel()
        attempts = [t.result() for t in done if t.exception() is None]
        for c in clients:
            if c.ws is not None:
                await c.ws.close()
    finally:
        server.terminate()
        server.wait(timeout=30)
    return len(attempts), elapsed, max(attempts, default=0)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--server", required=True)
    parser.add_argument("--data-dir", required=True)
    parser.add_argument("--clients", type=int, default=1000)
    parser.add_argument("--sessions", type=int, default=10)
    parser.add_argument("--limit", type=float, default=30)
    args = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="scsa-storm-")
    try:
        back, elapsed, most_attempts = asyncio.run(storm(args, folder))
    finally:
        subprocess.run(["rm", "-rf", folder], check=False)
    print(json.dumps({"clients": args.clients, "back": back, "seconds": round(elapsed, 1),
                      "most_attempts": most_attempts}))
    if back == args.clients:
        print(f"storm ok: all {back} clients resumed {elapsed:.1f} s after the restart began")
        return 0
    print(f"STORM FAILED: {back} of {args.clients} back within {args.limit} s")
    return 1


if __name__ == "__main__":
    sys.exit(main())
