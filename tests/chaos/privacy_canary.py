#!/usr/bin/python3
"""Privacy canary: participants join and rename themselves with names (and e-mail addresses) that hold a
unique canary string; the server logs at trace level. Afterwards the canary must be in the
participant_names table (personal data, erasable) and nowhere else: not in any other table, not in the
database file's bytes once that table is emptied (no stray copy in an index, a free page or the WAL), and
not in the server's log output. Aggregates only at k >= 5: the municipality's average is refused over HTTP
and withheld (null) from the facilitator's snapshot until 5 people have answered.
Usage: privacy_canary.py --server BIN --data-dir DIR"""
import argparse
import asyncio
import http.client
import json
import os
import secrets
import shutil
import sqlite3
import sys
import tempfile

import websockets

from chaos_server import TIMEOUT, create_session, free_port, reply_to, start_server, stop_server


async def check_k_anonymity(port, uri, created, respondents):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=TIMEOUT)
    connection.request("GET", "/api/municipalities/GM0014/averages")
    answer = connection.getresponse()
    body = json.loads(answer.read())
    async with websockets.connect(uri) as ws:
        await ws.send(json.dumps({"type": "facilitate", "id": "k", "session_id": created["session_id"],
                                  "token": created["facilitator_token"]}))
        assert (await reply_to(ws, "k"))["type"] == "ack"
        while (snapshot := json.loads(await asyncio.wait_for(ws.recv(), TIMEOUT)))["type"] != "snapshot":
            pass
    shown = snapshot.get("municipality_average")
    if respondents < 5:
        assert answer.status == 404 and body["code"] == "too_few_respondents", (respondents, answer.status, body)
        assert shown is None, f"the average of {respondents} respondents reached the facilitator: {shown}"
    else:
        assert answer.status == 200 and body["respondents"] == respondents, (respondents, answer.status, body)
        assert shown is not None and shown["respondents"] == respondents, shown


async def workshop(port, canary):
    created = create_session(port, "privacy")
    uri = f"ws://127.0.0.1:{port}/ws"
    async with websockets.connect(uri) as facilitator:
        await facilitator.send(json.dumps({"type": "facilitate", "id": "f", "session_id": created["session_id"],
                                           "token": created["facilitator_token"]}))
        assert (await reply_to(facilitator, "f"))["type"] == "ack"
        for n in range(6):
            async with websockets.connect(uri) as ws:
                await ws.send(json.dumps({"type": "join", "id": "j", "code": created["join_code"],
                                          "name": f"Anna {canary} {n}", "department": "Mobility",
                                          "token": secrets.token_hex(32)}))
                assert (await reply_to(ws, "j"))["type"] == "ack"
                await ws.send(json.dumps({"type": "answer", "id": "a", "statement": 1, "aspect": "current",
                                          "level": 1 + n % 5}))
                assert (await reply_to(ws, "a"))["type"] == "ack"
                await ws.send(json.dumps({"type": "rename", "id": "r", "name": f"{canary}.{n}@example.org"}))
                assert (await reply_to(ws, "r"))["type"] == "ack"
            await check_k_anonymity(port, uri, created, respondents=n + 1)
        await facilitator.send(json.dumps({"type": "reveal", "id": "v"}))
        assert (await reply_to(facilitator, "v"))["type"] == "ack"
    return created


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--server", required=True)
    parser.add_argument("--data-dir", required=True)
    args = parser.parse_args()
    canary = "cnry" + secrets.token_hex(8)
    folder = tempfile.mkdtemp(prefix="scsa-privacy-")
    db = os.path.join(folder, "scsa.db")
    log_path = os.path.join(folder, "server.log")
    port = free_port()
    with open(log_path, "wb") as log:
        server = start_server(args.server, port, db, args.data_dir, log, log_level="trace")
        try:
            asyncio.run(workshop(port, canary))
        finally:
            stop_server(server)
    problems = []
    with open(log_path, "rb") as log:
        text = log.read()
    if canary.encode() in text:
        problems.append("the server log holds a name")
    if len(text) == 0:
        problems.append("the server logged nothing at trace level: the log check saw nothing")

    connection = sqlite3.connect(db)
    tables = [row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    if "participant_names" not in tables:
        problems.append(f"no participant_names table among {tables}")
    for table in tables:
        rows = connection.execute(f'SELECT * FROM "{table}"').fetchall()
        holds = any(canary in str(value) for row in rows for value in row)
        if table == "participant_names" and not holds:
            problems.append("participant_names does not hold the names: the canary check proves nothing")
        if table != "participant_names" and holds:
            problems.append(f"table {table} holds a name")
    connection.close()

    # With the names table emptied and the WAL folded in, no byte of the files may hold the canary.
    copy = os.path.join(folder, "copy.db")
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(db + suffix):
            shutil.copyfile(db + suffix, copy + suffix)
    connection = sqlite3.connect(copy)
    connection.execute("DELETE FROM participant_names")
    connection.commit()
    connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connection.execute("VACUUM")
    connection.close()
    for suffix in ("", "-wal"):
        if os.path.exists(copy + suffix):
            with open(copy + suffix, "rb") as stored:
                if canary.encode() in stored.read():
                    problems.append(f"the database file{suffix} holds a name outside participant_names")
    shutil.rmtree(folder)
    if problems:
        print("PRIVACY FAILED: " + "; ".join(problems))
        return 1
    print(f"privacy ok: the canary is only in participant_names ({len(tables)} tables, log of {len(text)} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
