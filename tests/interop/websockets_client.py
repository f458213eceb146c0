#!/usr/bin/python3
"""Interoperation with Debian's python3-websockets (an independent RFC 6455 client): joins a session,
answers and checks the ack, sends a fragmented message and a transport ping, resumes on a new connection
and sees its answer, and checks the closes the protocol promises (1000 echoed, binary 1003, oversize 1009).
Usage: websockets_client.py --port PORT --code JOIN_CODE; exit status 0 when every check held."""
import argparse
import asyncio
import json
import sys

import websockets

TIMEOUT = 10


async def expect(ws, matches):
    """The first JSON frame that matches, skipping others (updates may come in between)."""
    while True:
        frame = json.loads(await asyncio.wait_for(ws.recv(), TIMEOUT))
        if matches(frame):
            return frame


async def closed_with(ws):
    """Reads until the server closes; its close code."""
    try:
        while True:
            await asyncio.wait_for(ws.recv(), TIMEOUT)
    except websockets.ConnectionClosed:
        return ws.close_code


async def run(port, code):
    uri = f"ws://127.0.0.1:{port}/ws"
    async with websockets.connect(uri, open_timeout=TIMEOUT, max_size=2**20) as ws:
        await asyncio.wait_for(await ws.ping(b"interop"), TIMEOUT)  # a control-frame ping gets its pong

        await ws.send(json.dumps({"type": "join", "id": "j1", "code": code, "name": "Interop"}))
        joined = await expect(ws, lambda f: f.get("id") == "j1")
        assert joined["type"] == "ack", joined
        token = joined["token"]
        await expect(ws, lambda f: f.get("type") == "snapshot")

        await ws.send(json.dumps({"type": "answer", "id": "a1", "statement": 3, "aspect": "current", "level": 4}))
        answered = await expect(ws, lambda f: f.get("id") == "a1")
        assert answered["type"] == "ack" and isinstance(answered["seq"], int) and answered["seq"] > 0, answered

        await ws.send(iter(['{"type":"ping",', '"id":"p1"}']))  # an iterable is sent as fragments
        pong = await expect(ws, lambda f: f.get("id") == "p1")
        assert pong["type"] == "pong", pong

        await ws.close(1000, "done")
        assert ws.close_code == 1000, ws.close_code

    async with websockets.connect(uri, open_timeout=TIMEOUT) as ws:
        await ws.send(json.dumps({"type": "resume", "id": "r1", "token": token}))
        resumed = await expect(ws, lambda f: f.get("id") == "r1")
        assert resumed["type"] == "ack", resumed
        snapshot = await expect(ws, lambda f: f.get("type") == "snapshot")
        answers = snapshot["you"]["answers"]
        if isinstance(answers, dict):
            answers = answers["answers"]
        row = next(a for a in answers if a["statement"] == 3)
        assert row["current"] == 4, row

    async with websockets.connect(uri, open_timeout=TIMEOUT) as ws:
        await ws.send(b"\x00binary")
        code_binary = await closed_with(ws)
        assert code_binary == 1003, code_binary

    async with websockets.connect(uri, open_timeout=TIMEOUT) as ws:
        await ws.send("x" * (64 * 1024 + 1))
        code_oversize = await closed_with(ws)
        assert code_oversize == 1009, code_oversize

    print(f"interop ok: websockets {websockets.__version__}, answer acked at seq {answered['seq']}")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--code", required=True)
    args = parser.parse_args()
    try:
        asyncio.run(run(args.port, args.code))
    except Exception as error:  # any failure is a failed check, with its reason
        print(f"interop FAILED: {type(error).__name__}: {error!r}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
