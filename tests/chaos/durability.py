#!/usr/bin/python3
"""Durability under crashes: many participants offer answers while scsa-server is SIGKILLed every 1-3 s and
restarted on the same database. Clients resend every command not yet acknowledged, with the same id, after
each reconnect. At the end every acknowledged answer must be in the event log exactly once, at the sequence
its ack named (checked after every kill and at the end), and `PRAGMA integrity_check` must have said ok
after every kill. The participants and the server process are answer_clients.py's (node_loss.py uses them too).

Usage: durability.py --server BIN --data-dir DIR [--seconds 60] [--rate 2000] [--participants 200]
                     [--sessions 10] [--expect-loss] [--keep DIR]
Prints one JSON line of figures; exit status 0 when the run held (with --expect-loss: when it saw a loss,
which proves the harness can see one; the test-only scsa-server-unsafe-ack acknowledges before commit)."""
import argparse
import asyncio
import json
import os
import random
import sqlite3
import subprocess
import sys
import tempfile
import time

from answer_clients import Participant, ServerProcess, compare_with_log, create_session, free_port


def integrity_ok(db_path):
    """PRAGMA integrity_check on the file the killed server left (its WAL is recovered by this open)."""
    connection = sqlite3.connect(db_path, timeout=10)
    try:
        return connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        connection.close()


class Server(ServerProcess):
    """scsa-server on an SQLite log in the folder, started again on the same port and files after a kill."""

    def __init__(self, binary, data_dir, folder, port, extra):
        self.db_path = os.path.join(folder, "chaos.db")
        super().__init__([binary, "--port", str(port), "--db", self.db_path, "--data-dir", data_dir,
                          "--log-level", "warn"] + extra, port, os.path.join(folder, "server.log"))


async def chaos(args, folder, figures):
    port = free_port()
    server = Server(args.server, args.data_dir, folder, port, [])
    await server.start()
    sessions = [create_session(port, i) for i in range(args.sessions)]
    interval = args.participants / args.rate
    participants = [Participant(figures, f"ws://127.0.0.1:{port}/ws", sessions[i % len(sessions)]["join_code"],
                                interval)
                    for i in range(args.participants)]
    tasks = [asyncio.ensure_future(p.run()) for p in participants]
    started = time.monotonic()
    while time.monotonic() - started < args.seconds:
        await asyncio.sleep(random.uniform(1.0, 3.0))
        server.kill()
        figures["kills"] += 1
        if integrity_ok(server.db_path):
            figures["integrity_ok"] += 1
        else:
            figures["integrity_failed"] += 1
        # What was acknowledged before the kill must be in the file now: the server that could add it is dead.
        lost_now = len(lost_answers(participants, server.db_path))
        figures["most_lost_at_a_kill"] = max(figures.get("most_lost_at_a_kill", 0), lost_now)
        restart_began = time.monotonic()
        await server.start()
        figures["restart_ms"].append(round((time.monotonic() - restart_began) * 1000))
        if lost_now and args.expect_loss:
            break  # seen: the harness detects the loss; no need to go on
    figures["offer_seconds"] = round(time.monotonic() - started, 1)
    for p in participants:
        p.offering = False
    try:
        await asyncio.wait_for(asyncio.gather(*tasks), args.drain_seconds)
    except asyncio.TimeoutError:
        figures["drain_timeout"] = True
        for task in tasks:
            task.cancel()
    server.stop()
    figures["integrity_final_ok"] = integrity_ok(server.db_path)
    return participants, server.db_path


def stored_answers(db_path):
    """(command id, sequence) of every answer_given event in the log."""
    connection = sqlite3.connect(db_path, timeout=10)
    try:
        return connection.execute("SELECT command_id, sequence FROM events WHERE type = 'answer_given'").fetchall()
    finally:
        connection.close()


def lost_answers(participants, db_path):
    stored = {command_id for command_id, _ in stored_answers(db_path)}
    return [command for p in participants for command in list(p.acked) if command not in stored]


def check(participants, db_path, figures):
    """Compares the acknowledgements with what the log holds."""
    figures.update(compare_with_log(stored_answers(db_path), participants))
    figures["answers_per_second"] = round(figures["acked"] / max(figures["offer_seconds"], 1), 1)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--server", required=True)
    parser.add_argument("--data-dir", required=True)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--rate", type=float, default=2000, help="answers offered per second, in total")
    parser.add_argument("--participants", type=int, default=200)
    parser.add_argument("--sessions", type=int, default=10)
    parser.add_argument("--drain-seconds", type=float, default=60)
    parser.add_argument("--expect-loss", action="store_true")
    parser.add_argument("--keep", help="keep the database and server log in this folder")
    args = parser.parse_args()
    folder = args.keep or tempfile.mkdtemp(prefix="scsa-chaos-")
    os.makedirs(folder, exist_ok=True)
    figures = {"offered": 0, "sent": 0, "resent": 0, "connects": 0, "reconnects": 0, "kills": 0, "integrity_ok": 0,
               "integrity_failed": 0, "restart_ms": [], "errors": {}, "refused": 0, "joins_lost": 0}
    participants, db_path = asyncio.run(chaos(args, folder, figures))
    check(participants, db_path, figures)
    figures["lost"] = max(figures["lost"], figures.get("most_lost_at_a_kill", 0))  # lost at a kill stays lost
    restarts = figures.pop("restart_ms")
    figures["restart_ms_max"] = max(restarts, default=0)
    up_seconds = max(figures["offer_seconds"] - sum(restarts) / 1000, 1)
    figures["answers_per_up_second"] = round(figures["acked"] / up_seconds, 1)  # while a server was listening
    print(json.dumps(figures, sort_keys=True))
    if not args.keep:
        subprocess.run(["rm", "-rf", folder], check=False)
    held = (figures["lost"] == 0 and figures["duplicated"] == 0 and figures["wrong_seq"] == 0
            and figures["integrity_failed"] == 0 and figures["integrity_final_ok"] and figures["refused"] == 0
            and figures["unacked_at_end"] == 0 and figures["kills"] > 0)
    if args.expect_loss:
        print("loss seen: the harness detects acknowledged answers that were lost" if figures["lost"] > 0
              else "NO LOSS SEEN: the harness did not detect the unsafe acknowledgement")
        return 0 if figures["lost"] > 0 else 1
    print("durability ok" if held else "DURABILITY FAILED")
    return 0 if held else 1


if __name__ == "__main__":
    sys.exit(main())
