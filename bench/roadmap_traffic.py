#!/usr/bin/python3
"""What the roadmap dialogue costs on the wire, before S7 exists in scsa-load: N participants (Python
websockets clients, so the load generator is slow: read the latencies as upper bounds) join one workshop,
each proposes one action, then each casts VOTES votes on others' actions, all at once. Prints the p50/p99
send->ack of proposals and votes, and the bytes each phone received per second while it happened, with the
size of the whole roadmap a phone gets on joining afresh and the mean size of the roadmap_changes updates.
Usage: bench/roadmap_traffic.py [--server build/bin/scsa-server] [--participants 300] [--votes 5]"""
import argparse
import asyncio
import http.client
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time

import websockets

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "tests", "chaos"))
from chaos_server import free_port, start_server, stop_server  # noqa: E402


def percentile(values, q):
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))] if values else float("nan")


class phone:
    def __init__(self, ws):
        self.ws = ws
        self.waiting = {}
        self.bytes = 0
        self.roadmap_bytes = 0
        self.change_sizes = []

    async def reader(self):
        async for text in self.ws:
            self.bytes += len(text)
            frame = json.loads(text)
            if "roadmap" in frame:
                self.roadmap_bytes = len(json.dumps(frame["roadmap"]))
            if "roadmap_changes" in frame:
                self.change_sizes.append(len(json.dumps(frame["roadmap_changes"])))
            future = self.waiting.pop(frame.get("id"), None)
            if future is not None and not future.done():
                future.set_result(frame)

    async def request(self, frame):
        future = asyncio.get_running_loop().create_future()
        self.waiting[frame["id"]] = future
        started = time.perf_counter()
        await self.ws.send(json.dumps(frame))
        reply = await asyncio.wait_for(future, 60)
        return reply, (time.perf_counter() - started) * 1000


async def run(port, session, participants, votes):
    url = f"ws://127.0.0.1:{port}/ws"
    phones = []
    for i in range(participants):
        ws = await websockets.connect(url, max_size=None)
        p = phone(ws)
        asyncio.create_task(p.reader())
        reply, _ = await p.request({"type": "join", "id": "j", "code": session["join_code"]})
        assert reply["type"] == "ack", reply
        phones.append(p)
    before = sum(p.bytes for p in phones)
    started = time.perf_counter()
    proposals = await asyncio.gather(*(p.request({"type": "propose", "id": "p", "statement": 1 + i % 21,
                                                  "text": f"Actie {i}: samen de data van de stad ontsluiten"})
                                       for i, p in enumerate(phones)))
    actions = [reply["action_id"] for reply, _ in proposals]
    rng = random.Random(7)
    vote_latencies = []

    async def vote(i, p):
        for n, action in enumerate(rng.sample([a for k, a in enumerate(actions) if k != i], votes)):
            reply, ms = await p.request({"type": "vote", "id": f"v{n}", "action_id": action})
            if reply["type"] == "ack":
                vote_latencies.append(ms)

    await asyncio.gather(*(vote(i, p) for i, p in enumerate(phones)))
    await asyncio.sleep(1)  # the last coalesced updates
    seconds = time.perf_counter() - started
    received = sum(p.bytes for p in phones) - before
    for p in phones:
        await p.ws.close()
    # What a phone joining now gets: the whole roadmap in its snapshot.
    late = phone(await websockets.connect(url, max_size=None))
    asyncio.create_task(late.reader())
    await late.request({"type": "join", "id": "j", "code": session["join_code"]})
    await asyncio.sleep(0.2)
    await late.ws.close()
    changes = [size for p in phones for size in p.change_sizes]
    propose_ms = [ms for _, ms in proposals]
    return {
        "participants": participants,
        "propose_p50_ms": round(statistics.median(propose_ms), 1),
        "propose_p99_ms": round(percentile(propose_ms, 0.99), 1),
        "votes_acked": len(vote_latencies),
        "vote_p50_ms": round(statistics.median(vote_latencies), 1),
        "vote_p99_ms": round(percentile(vote_latencies, 0.99), 1),
        "seconds": round(seconds, 1),
        "kib_per_phone_per_s": round(received / participants / seconds / 1024, 1),
        "whole_roadmap_kib": round(late.roadmap_bytes / 1024, 1),
        "roadmap_updates_per_phone": round(len(changes) / participants, 1),
        "mean_roadmap_changes_bytes": round(statistics.mean(changes)) if changes else 0,
    }


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--server", default=os.path.join(ROOT, "build", "bin", "scsa-server"))
    parser.add_argument("--data-dir", default=os.path.join(ROOT, "data"))
    parser.add_argument("--participants", type=int, default=300)
    parser.add_argument("--votes", type=int, default=5)
    opts = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="scsa-roadmap-") as work, open(os.path.join(work, "log"), "wb") as log:
        port = free_port()
        server = start_server(opts.server, port, os.path.join(work, "scsa.db"), opts.data_dir, log,
                              extra_args=["--limit-joins", "off", "--max-connections-per-ip", "0"])
        try:
            for _ in range(500):
                try:
                    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
                    connection.request("POST", "/api/sessions",
                                       json.dumps({"title": "S7", "municipality": "GM0344"}),
                                       {"Content-Type": "application/json"})
                    session = json.loads(connection.getresponse().read())
                    break
                except OSError:
                    time.sleep(0.02)
            print(json.dumps(asyncio.run(run(port, session, opts.participants, opts.votes))))
        finally:
            stop_server(server)


if __name__ == "__main__":
    main()
