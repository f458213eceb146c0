#!/usr/bin/python3
"""Disk full, end to end: scsa-server keeps its database on a small tmpfs that a ballast file then fills.
Answers get `storage_error` instead of acks, the process stays up (ping, HTTP), and once the ballast is
gone the same commands (same ids) are acknowledged without a restart; each lands exactly once.
Needs root to mount the tmpfs; exits 77 (skipped) when it cannot.
Usage: disk_full.py --server BIN --data-dir DIR"""
import argparse
import asyncio
import errno
import json
import os
import secrets
import sqlite3
import subprocess
import sys
import tempfile
import time

import websockets

from chaos_server import TIMEOUT, create_session, free_port, reply_to, start_server, stop_server


def answer(number):
    return {"type": "answer", "id": f"a{number}", "statement": number + 1, "aspect": "current", "level": 3}


def fill(folder):
    """Writes a ballast file until the file system is full; its path."""
    path = os.path.join(folder, "ballast")
    with open(path, "wb", buffering=0) as ballast:
        chunk = b"\0" * 4096
        try:
            while True:
                ballast.write(chunk)
        except OSError as error:
            if error.errno != errno.ENOSPC:
                raise
    return path


async def run(args, mount, port):
    db = os.path.join(mount, "scsa.db")
    log = open(os.path.join(os.path.dirname(mount), "server.log"), "wb")
    server = start_server(args.server, port, db, args.data_dir, log)
    try:
        created = create_session(port, "full")
        async with websockets.connect(f"ws://127.0.0.1:{port}/ws") as ws:
            await ws.send(json.dumps({"type": "join", "id": "j", "code": created["join_code"],
                                      "token": secrets.token_hex(32)}))
            joined = await reply_to(ws, "j")
            assert joined["type"] == "ack", joined
            await ws.send(json.dumps(answer(0)))
            assert (await reply_to(ws, "a0"))["type"] == "ack"

            ballast = fill(mount)
            for number in range(1, 6):
                await ws.send(json.dumps(answer(number)))
                refused = await reply_to(ws, f"a{number}")
                assert refused["type"] == "error" and refused["code"] == "storage_error", refused
            await ws.send(json.dumps({"type": "ping", "id": "p"}))
            assert (await reply_to(ws, "p"))["type"] == "pong"
            assert server.poll() is None, "the server exited on a full disk"

            os.remove(ballast)  # space again; no restart
            acked = {}
            deadline = time.monotonic() + TIMEOUT
            while len(acked) < 5 and time.monotonic() < deadline:
                for number in range(1, 6):
                    if f"a{number}" in acked:
                        continue
                    await ws.send(json.dumps(answer(number)))
                    outcome = await reply_to(ws, f"a{number}")
                    if outcome["type"] == "ack":
                        acked[f"a{number}"] = outcome["seq"]
                await asyncio.sleep(0.1)
            assert len(acked) == 5, f"only {sorted(acked)} acknowledged after space was freed"
            participant = joined["participant_id"]
            session = joined["session_id"]
    finally:
        stop_server(server)
    connection = sqlite3.connect(db)
    rows = connection.execute("SELECT command_id, sequence FROM events WHERE type = 'answer_given'").fetchall()
    ok = connection.execute("PRAGMA integrity_check").fetchone()[0]
    connection.close()
    assert ok == "ok", ok
    stored = [command for command, _ in rows]
    for client_id, seq in acked.items():
        command = f"{session}/{participant}/{client_id}"
        assert stored.count(command) == 1, (command, stored)
        assert (command, seq) in rows, (command, seq, rows)
    print(f"disk full ok: 5 answers refused while full, the same 5 acknowledged once after, {len(rows)} stored")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--server", required=True)
    parser.add_argument("--data-dir", required=True)
    args = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="scsa-full-")
    mount = os.path.join(folder, "disk")
    os.mkdir(mount)
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", mount], capture_output=True).returncode:
        print("skipped: cannot mount a tmpfs here (needs root)")
        os.rmdir(mount)
        os.rmdir(folder)
        return 77
    try:
        asyncio.run(run(args, mount, free_port()))
    finally:
        subprocess.run(["umount", mount], check=False)
        subprocess.run(["rm", "-rf", folder], check=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
