#!/usr/bin/python3
"""Slow reader, through real sockets against the real server: a facilitator connection with a tiny receive
buffer asks for snapshots and never reads. Once its outbound queue reaches its bound (the server logs it),
the server must drop the connection within 10 s, while another participant's pings keep being answered
promptly the whole time.
Usage: slow_reader.py --server BIN --data-dir DIR"""
import argparse
import asyncio
import base64
import json
import os
import secrets
import socket
import struct
import subprocess
import sys
import tempfile
import time

import websockets

from chaos_server import TIMEOUT, create_session, free_port, start_server, stop_server

BOUND_LINE = b"closing the slow reader"


def masked_text_frame(text):
    payload = text.encode()
    mask = secrets.token_bytes(4)
    header = bytes([0x81])
    if len(payload) < 126:
        header += bytes([0x80 | len(payload)])
    else:
        header += bytes([0x80 | 126]) + struct.pack("!H", len(payload))
    return header + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(payload))


def open_slow_socket(port):
    """A WebSocket whose receive buffer is tiny and which will never be read after the handshake."""
    sock = socket.socket()
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    sock.connect(("127.0.0.1", port))
    key = base64.b64encode(secrets.token_bytes(16)).decode()
    sock.sendall((f"GET /ws HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                  f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n").encode())
    answer = b""
    while b"\r\n\r\n" not in answer:
        answer += sock.recv(1)  # byte by byte: nothing after the handshake is read
    assert answer.startswith(b"HTTP/1.1 101"), answer
    sock.settimeout(1)
    return sock


async def run(args, folder):
    port = free_port()
    log_path = os.path.join(folder, "server.log")
    log = open(log_path, "wb")
    server = start_server(args.server, port, os.path.join(folder, "s.db"), args.data_dir, log, log_level="debug",
                          extra_args=["--max-queued-frames", "64"])
    try:
        created = create_session(port, "slow")
        other = await websockets.connect(f"ws://127.0.0.1:{port}/ws")
        await other.send(json.dumps({"type": "join", "id": "j", "code": created["join_code"],
                                     "token": secrets.token_hex(32)}))
        slow = open_slow_socket(port)
        facilitate = {"type": "facilitate", "session_id": created["session_id"], "token": created["facilitator_token"]}
        started = time.monotonic()
        bound_at = dropped_at = None
        worst_pong = 0.0
        sent = 0
        while dropped_at is None and time.monotonic() - started < 60:
            try:
                facilitate["id"] = f"f{sent}"
                slow.sendall(masked_text_frame(json.dumps(facilitate)))  # each answer is a full snapshot
                sent += 1
            except OSError:
                dropped_at = time.monotonic()
                break
            ping_sent = time.monotonic()
            await other.send(json.dumps({"type": "ping", "id": f"p{sent}"}))
            while json.loads(await asyncio.wait_for(other.recv(), TIMEOUT)).get("id") != f"p{sent}":
                pass
            worst_pong = max(worst_pong, time.monotonic() - ping_sent)
            if bound_at is None:
                with open(log_path, "rb") as text:
                    if BOUND_LINE in text.read():
                        bound_at = time.monotonic()
            await asyncio.sleep(0.06)  # under the rate limit of 20 messages/s
        await other.close()
        slow.close()
    finally:
        stop_server(server)
    return started, bound_at, dropped_at, worst_pong, sent


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--server", required=True)
    parser.add_argument("--data-dir", required=True)
    args = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="scsa-slow-")
    try:
        started, bound_at, dropped_at, worst_pong, sent = asyncio.run(run(args, folder))
    finally:
        subprocess.run(["rm", "-rf", folder], check=False)
    if bound_at is None or dropped_at is None:
        print(f"SLOW READER FAILED: bound reached: {bound_at is not None}, dropped: {dropped_at is not None}")
        return 1
    after_bound = dropped_at - bound_at
    print(json.dumps({"requests": sent, "bound_after_s": round(bound_at - started, 1),
                      "dropped_after_bound_s": round(after_bound, 1), "worst_other_pong_ms": round(worst_pong * 1000)}))
    if after_bound > 10 or worst_pong > 2:
        print("SLOW READER FAILED: dropped too late or the other client was slowed")
        return 1
    print("slow reader ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
