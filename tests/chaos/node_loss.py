#!/usr/bin/python3
"""Node loss: two scsa-server nodes on one throwaway PostgreSQL behind nginx (ops/nginx/scsa-nodes.conf,
rewritten to loopback ports and a self-signed certificate as ops/nginx/test rewrites scsa.conf), and
participants answering over wss through nginx (answer_clients.py, as in durability.py). While they answer,
in cycles until --seconds have passed (at least one cycle):
  kill node 1 (SIGKILL), answer on node 2 for a while, start node 1 again;
  kill node 2 the same way;
  restart PostgreSQL (tests/postgres/cluster.sh restart): appends caught in it must get an error, never an
  ack; then, by themselves, each node must resume known participants (which wakes their sessions from the
  log on a node started since), store (a session created on it directly) and follow the other's commits
  (the other's new join code found on it).
After every fault: everything acknowledged so far is in the log, and answers were acknowledged after it
(while a node is down: every participant it held got an ack again before it came back). At the end every
acknowledged answer is in the PostgreSQL log exactly once, at the sequence its ack named.

Usage: node_loss.py --server BIN --data-dir DIR [--seconds 60] [--rate 1000] [--participants 100]
                    [--sessions 10] [--keep DIR] [--node-log-level warn]
Prints one JSON line of figures (and one line per fault on stderr); exit status 0 when the run held, 1 when
not, 77 (skipped) when nginx or PostgreSQL is missing: without nginx the participants go to the nodes in
turn directly and the run is checked as ever, but it tested less than it says, so it never passes."""
import argparse
import asyncio
import json
import os
import random
import re
import secrets
import shutil
import signal
import ssl
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

import websockets

from answer_clients import Participant, ServerProcess, compare_with_log, create_session, free_port, post_session

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CLUSTER = os.path.join(ROOT, "tests", "postgres", "cluster.sh")
NODES_CONF = os.path.join(ROOT, "ops", "nginx", "scsa-nodes.conf")
SITE_CONF = os.path.join(ROOT, "ops", "nginx", "scsa.conf")
COPIED_FROM = "# Upgrade only when the client asks for it"  # scsa-nodes.conf is scsa.conf's from here on
SKIPPED = 77


def note(text):
    print(f"node_loss: {text}", file=sys.stderr, flush=True)


def nginx_binary():
    found = shutil.which("nginx") or "/usr/sbin/nginx"
    return found if os.access(found, os.X_OK) else None


def postgres_installed():
    return any(os.access(os.path.join("/usr/lib/postgresql", version, "bin", "initdb"), os.X_OK)
               for version in (os.listdir("/usr/lib/postgresql") if os.path.isdir("/usr/lib/postgresql") else []))


def site_config(work, node_ports, https_port, http_port):
    """scsa-nodes.conf with loopback ports, the nodes' ports and the test certificate, as ops/nginx/test
    rewrites scsa.conf; refuses a file whose copied part no longer matches scsa.conf."""
    with open(NODES_CONF) as nodes_file, open(SITE_CONF) as site_file:
        text, site = nodes_file.read(), site_file.read()
    if COPIED_FROM not in text or text.split(COPIED_FROM, 1)[1] != site.split(COPIED_FROM, 1)[1]:
        raise SystemExit("node_loss: ops/nginx/scsa-nodes.conf no longer follows ops/nginx/scsa.conf from "
                         f"'{COPIED_FROM}' on; make the two agree")
    rewrites = [(r"server 127\.0\.0\.1:8080\b", f"server 127.0.0.1:{node_ports[0]}"),
                (r"server 127\.0\.0\.1:8081\b", f"server 127.0.0.1:{node_ports[1]}"),
                (r"listen 443 ssl http2;", f"listen 127.0.0.1:{https_port} ssl http2;"),
                (r"listen 80;", f"listen 127.0.0.1:{http_port};"),
                (r"\n *listen \[::\][^\n]*", ""),
                (r"/etc/ssl/certs/scsa\.example\.org\.pem", f"{work}/tls.pem"),
                (r"/etc/ssl/private/scsa\.example\.org\.key", f"{work}/tls.key"),
                (r"scsa\.example\.org", "localhost")]
    for pattern, replacement in rewrites:
        text, count = re.subn(pattern, replacement, text)
        if count == 0:
            raise SystemExit(f"node_loss: '{pattern}' is no longer in ops/nginx/scsa-nodes.conf")
    return text


class Rig:
    """What the run starts, stopped in cleanup() whatever happens (a failure, ctest's timeout)."""

    def __init__(self, args, folder):
        self.args = args
        self.folder = folder
        self.pg_dir = os.path.join(folder, "pg")
        self.uri = None
        self.nodes = []
        self.nginx = None
        self.nginx_conf = None

    def start_postgres(self):
        subprocess.run([CLUSTER, "start", self.pg_dir], check=True, stdout=subprocess.DEVNULL)
        with open(os.path.join(self.pg_dir, "uri")) as uri_file:
            self.uri = uri_file.read().strip()

    def node_args(self, index, port):
        args = [self.args.server, "--port", str(port), "--db", self.uri, "--data-dir",
                os.path.abspath(self.args.data_dir), "--log-level", self.args.node_log_level, "--web-root", "",
                "--max-connections-per-ip", "0", "--trusted-proxy", "127.0.0.1",
                # The harness creates sessions to see each node store again after a PostgreSQL restart, and
                # looks their codes up on the other node before it has followed them: not what limits guard.
                "--limit-sessions", "1000/1m", "--limit-code-guesses", "10000/1m"]
        server_help = subprocess.run([self.args.server, "--help"], capture_output=True, text=True).stdout
        if "--side-db" in server_help:  # the tables beside the log, one file per node while they are SQLite
            args += ["--side-db", os.path.join(self.folder, f"side-{index + 1}.db")]
        return args

    def add_nodes(self, count):
        for index in range(count):
            port = free_port()
            self.nodes.append(ServerProcess(self.node_args(index, port), port,
                                            os.path.join(self.folder, f"node-{index + 1}.log"), cwd=self.folder))

    def start_nginx(self, binary, https_port, http_port):
        work = os.path.join(self.folder, "nginx")
        os.makedirs(work)
        os.chmod(work, 0o755)  # nginx's workers run as another user and read and write here
        subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj",
                        "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
                        "-keyout", f"{work}/tls.key", "-out", f"{work}/tls.pem"],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        with open(f"{work}/scsa-site.conf", "w") as site:
            site.write(site_config(work, [n.port for n in self.nodes], https_port, http_port))
        self.nginx_conf = f"{work}/nginx.conf"
        with open(self.nginx_conf, "w") as conf:
            conf.write(f"""worker_processes 1;
pid {work}/nginx.pid;
error_log {work}/error.log warn;
events {{ worker_connections 4096; }}
http {{
    access_log off;
    client_body_temp_path {work}/client_body;
    proxy_temp_path {work}/proxy;
    fastcgi_temp_path {work}/fastcgi;
    uwsgi_temp_path {work}/uwsgi;
    scgi_temp_path {work}/scgi;
    include {work}/scsa-site.conf;
}}
""")
        subprocess.run([binary, "-p", work, "-c", self.nginx_conf, "-e", f"{work}/error.log", "-t", "-q"],
                       check=True)
        subprocess.run([binary, "-p", work, "-c", self.nginx_conf, "-e", f"{work}/error.log"], check=True)
        self.nginx = (binary, work)
        return f"{work}/tls.pem"

    def cleanup(self):
        for node in self.nodes:
            if node.running():
                node.process.send_signal(signal.SIGKILL)
                node.process.wait()
        if self.nginx:
            binary, work = self.nginx
            subprocess.run([binary, "-p", work, "-c", self.nginx_conf, "-e", f"{work}/error.log", "-s", "stop"],
                           check=False, stderr=subprocess.DEVNULL)
            self.nginx = None
        if os.path.isdir(self.pg_dir):
            subprocess.run([CLUSTER, "stop", self.pg_dir], check=False)


async def psql(uri, sql):
    """Rows of a query, through psql (the cluster trusts loopback connections as the user in the URI)."""
    process = await asyncio.create_subprocess_exec(
        "psql", "-X", "-q", "-At", "-F", "\t", "-d", uri, "-c", sql, stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE)
    out, err = await process.communicate()
    if process.returncode != 0:
        raise RuntimeError(f"psql failed: {err.decode().strip()}")
    return [line.split("\t") for line in out.decode().splitlines() if line]


async def stored_answers(uri):
    """(command id, sequence) of every answer_given event in the log."""
    rows = await psql(uri, "SELECT command_id, sequence FROM events WHERE type = 'answer_given'")
    return [(command_id, int(sequence)) for command_id, sequence in rows]


def all_acked(participants):
    acked = {}
    for p in participants:
        acked.update(p.acked)
    return acked


async def lost_now(uri, participants):
    """Acknowledged answers not in the log (taken before the query: later acks are not asked about)."""
    acked = all_acked(participants)
    stored = {command_id for command_id, _ in await stored_answers(uri)}
    return [command for command in acked if command not in stored]


def http_get(port, path):
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=5) as response:
            return response.status
    except urllib.error.HTTPError as refused:
        return refused.code
    except OSError:
        return None


async def bind(port, frame):
    """Sends one join or resume straight to a node: its reply."""
    async with websockets.connect(f"ws://127.0.0.1:{port}/ws", open_timeout=5, close_timeout=1) as ws:
        await ws.send(json.dumps(frame))
        while True:
            reply = json.loads(await asyncio.wait_for(ws.recv(), 10))
            if reply.get("id") == frame["id"]:
                return reply


async def join_watchers(node, sessions):
    """One participant per session that only ever resumes (the harness's own): their tokens."""
    tokens = []
    for session in sessions:
        token = secrets.token_hex(32)
        reply = await bind(node.port, {"type": "join", "id": "watch", "code": session["join_code"], "token": token})
        if reply["type"] != "ack":
            raise RuntimeError(f"a watcher's join was refused: {reply}")
        tokens.append(token)
    return tokens


async def nodes_resume(nodes, tokens, deadline_s=30):
    """Each node resumes each watcher, so it wakes their sessions from the log wherever they sleep (a node
    started since they were last used): the first answers that were not acks, per node."""
    refused = [[] for _ in nodes]
    began = time.monotonic()
    for i, node in enumerate(nodes):
        for token in tokens:
            while True:
                try:
                    reply = await bind(node.port, {"type": "resume", "id": "watch", "token": token})
                except (OSError, asyncio.TimeoutError, websockets.WebSocketException) as failed:
                    reply = {"type": "error", "code": f"no answer ({failed!r})"}
                if reply["type"] == "ack":
                    break
                refused[i].append(reply.get("code"))
                if time.monotonic() - began > deadline_s:
                    break
                await asyncio.sleep(0.1)
    return refused


async def node_stores_and_follows(nodes, deadline_s=30):
    """Each node creates a session (its writer stores), and the other finds its code (its follower follows):
    ms from now until each held, or None for a node that did not within deadline_s."""
    began = time.monotonic()
    codes = [None] * len(nodes)
    stored_ms = [None] * len(nodes)
    followed_ms = [None] * len(nodes)
    while time.monotonic() - began < deadline_s and None in followed_ms:
        for i, node in enumerate(nodes):
            if codes[i] is None:
                try:
                    status, body = await asyncio.to_thread(post_session, node.port, f"probe {i + 1}")
                except OSError:
                    status, body = None, None
                if status == 201:
                    codes[i] = body["join_code"]
                    stored_ms[i] = round((time.monotonic() - began) * 1000)
            other = nodes[(i + 1) % len(nodes)]
            if codes[i] is not None and followed_ms[i] is None:
                if await asyncio.to_thread(http_get, other.port, f"/api/join/{codes[i]}") == 200:
                    followed_ms[i] = round((time.monotonic() - began) * 1000)
        await asyncio.sleep(0.1)
    return stored_ms, followed_ms


class Faults:
    """The faults and what is checked after each; every check that fails is named in `failures`."""

    def __init__(self, rig, participants, figures, watchers):
        self.rig = rig
        self.participants = participants
        self.figures = figures
        self.watchers = watchers
        self.failures = figures["failures"]

    def acks(self):
        return sum(p.acks for p in self.participants)

    def storage_errors(self):
        return self.figures["errors"].get("storage_error", 0)

    async def everything_acked_is_stored(self, after):
        missing = await lost_now(self.rig.uri, self.participants)
        self.figures["most_lost_at_a_fault"] = max(self.figures["most_lost_at_a_fault"], len(missing))
        if missing:
            self.failures.append(f"{len(missing)} acknowledged answers not in the log after {after}: "
                                 f"{missing[:3]}")

    async def kill(self, index, down_s):
        node = self.rig.nodes[index]
        name = f"node {index + 1}"
        if not node.running():
            self.failures.append(f"{name} had exited by itself ({node.process.returncode}) before its kill")
            await node.start()
        killed_at = time.monotonic()
        node.kill()
        self.figures["kills"] += 1
        acks_at_kill = self.acks()
        await self.everything_acked_is_stored(f"killing {name}")
        await asyncio.sleep(max(0.0, down_s - (time.monotonic() - killed_at)))
        # The participants the dead node held: each must have been acknowledged again, by the other node.
        cut = [p for p in self.participants
               if (p.dropped_since is not None and p.dropped_since >= killed_at)
               or any(dropped >= killed_at for dropped, _ in p.back)]
        stranded = [p for p in cut if p.dropped_since is not None and p.dropped_since >= killed_at]
        back_ms = [round((acked - killed_at) * 1000) for p in cut for dropped, acked in p.back
                   if dropped >= killed_at]
        record = {"fault": f"kill {name}", "acked_while_down": self.acks() - acks_at_kill, "cut": len(cut),
                  "stranded": len(stranded), "back_ms_max": max(back_ms, default=None)}
        if record["acked_while_down"] == 0:
            self.failures.append(f"nothing acknowledged while {name} was down")
        if not cut:
            self.failures.append(f"killing {name} cut no participant: it held none, the fault proved nothing")
        if stranded:
            self.failures.append(f"{len(stranded)} participants {name} held got no ack in {down_s:.1f} s")
        started_at = time.monotonic()
        await node.start()
        record["restart_ms"] = round((time.monotonic() - started_at) * 1000)
        self.figures["faults"].append(record)
        note(json.dumps(record))

    async def restart_postgres(self, after_s):
        acks_before, errors_before = self.acks(), self.storage_errors()
        began = time.monotonic()
        process = await asyncio.create_subprocess_exec(CLUSTER, "restart", self.rig.pg_dir)
        if await process.wait() != 0:
            raise RuntimeError("cluster.sh restart failed")
        back_at = time.monotonic()
        self.figures["pg_restarts"] += 1
        acks_at_back = self.acks()
        record = {"fault": "restart PostgreSQL", "restart_ms": round((back_at - began) * 1000),
                  "acked_during_restart": acks_at_back - acks_before}
        await self.everything_acked_is_stored("a PostgreSQL restart")
        # A phone that comes back after the restart, on either node, resumes (the node reads the log again).
        refused = await nodes_resume(self.rig.nodes, self.watchers)
        record["resumes_refused"] = [len(codes) for codes in refused]
        for i, codes in enumerate(refused):
            if codes:
                self.failures.append(f"node {i + 1} refused {len(codes)} resumes of known participants after a "
                                     f"PostgreSQL restart, with {sorted(set(codes))} (a phone told invalid_token "
                                     "forgets its token and its unsent answers)")
        stored_ms, followed_ms = await node_stores_and_follows(self.rig.nodes)
        record.update(nodes_store_again_ms=stored_ms, nodes_follow_again_ms=followed_ms)
        for i, (stored, followed) in enumerate(zip(stored_ms, followed_ms)):
            if stored is None:
                self.failures.append(f"node {i + 1} did not store again within 30 s of a PostgreSQL restart")
            elif followed is None:
                self.failures.append(f"node {(i + 1) % len(stored_ms) + 1} did not follow node {i + 1}'s commits "
                                     "within 30 s of a PostgreSQL restart")
        await asyncio.sleep(max(0.0, after_s - (time.monotonic() - back_at)))
        record["acked_after"] = self.acks() - acks_at_back
        record["storage_errors"] = self.storage_errors() - errors_before
        if record["acked_after"] == 0:
            self.failures.append("nothing acknowledged after a PostgreSQL restart")
        if record["storage_errors"] == 0:
            self.failures.append("a PostgreSQL restart caught no append: the fault proved nothing")
        self.figures["faults"].append(record)
        note(json.dumps(record))


async def workshop(args, rig, figures, nginx):
    rig.start_postgres()
    rig.add_nodes(2)
    await asyncio.gather(*(node.start() for node in rig.nodes))
    if nginx:
        https_port, http_port = free_port(), free_port()
        context = ssl.create_default_context(cafile=rig.start_nginx(nginx, https_port, http_port))
        sessions = [await asyncio.to_thread(create_session, https_port, i, context, "localhost")
                    for i in range(args.sessions)]
        uris = [f"wss://localhost:{https_port}/ws"]
    else:
        context = None
        sessions = [await asyncio.to_thread(create_session, rig.nodes[i % 2].port, i) for i in range(args.sessions)]
        uris = [f"ws://127.0.0.1:{node.port}/ws" for node in rig.nodes]
    # Both nodes know every session before anyone joins (a code is found once the node followed its commit).
    stored_ms, followed_ms = await node_stores_and_follows(rig.nodes)
    if None in stored_ms or None in followed_ms:
        raise RuntimeError(f"the nodes do not store or follow each other at the start: {stored_ms} {followed_ms}")
    interval = args.participants / args.rate
    participants = [Participant(figures, uris, sessions[i % len(sessions)]["join_code"], interval, ssl=context)
                    for i in range(args.participants)]
    tasks = [asyncio.ensure_future(p.run()) for p in participants]
    faults = Faults(rig, participants, figures, await join_watchers(rig.nodes[0], sessions))
    started = time.monotonic()
    await asyncio.sleep(2.0)
    if faults.acks() == 0:
        figures["failures"].append("nothing acknowledged in the first 2 s, before any fault")
    while True:
        for index in (0, 1):
            await faults.kill(index, random.uniform(2.5, 4.0))
            await asyncio.sleep(random.uniform(1.5, 3.0))
        await faults.restart_postgres(random.uniform(2.5, 4.0))
        if time.monotonic() - started >= args.seconds:
            break
        await asyncio.sleep(random.uniform(1.0, 2.0))
    figures["offer_seconds"] = round(time.monotonic() - started, 1)
    for p in participants:
        p.offering = False
    drained = time.monotonic()
    done, pending = await asyncio.wait(tasks, timeout=args.drain_seconds)
    figures["drain_seconds"] = round(time.monotonic() - drained, 1)
    if pending:
        figures["failures"].append(f"{len(pending)} participants still had answers unacknowledged after "
                                   f"{args.drain_seconds:.0f} s of draining")
        for task in pending:
            task.cancel()
    crashed = [repr(task.exception()) for task in done if task.exception() is not None]
    if crashed:
        figures["failures"].append(f"{len(crashed)} participants failed: {crashed[:3]}")
    for i, node in enumerate(rig.nodes):
        if not node.running():
            figures["failures"].append(f"node {i + 1} exited by itself ({node.process.returncode})")
    # Stopped before the log is read, so nothing is in flight; a clean stop exits 0.
    for i, node in enumerate(rig.nodes):
        node.stop()
        if node.process.returncode != 0:
            figures["failures"].append(f"node {i + 1} stopped with exit status {node.process.returncode}")
    return participants


async def check(rig, participants, figures):
    """Compares the acknowledgements with what the PostgreSQL log holds."""
    figures.update(compare_with_log(await stored_answers(rig.uri), participants))
    figures["answers_per_second"] = round(figures["acked"] / max(figures["offer_seconds"], 1), 1)


def log_tails(folder, lines=15):
    """(name, last lines) of each node's log."""
    tails = []
    for name in sorted(os.listdir(folder)):
        if name.startswith("node-") and name.endswith(".log"):
            with open(os.path.join(folder, name), errors="replace") as log:
                tails.append((name, "".join(log.readlines()[-lines:])))
    return tails


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--server", required=True)
    parser.add_argument("--data-dir", required=True)
    parser.add_argument("--seconds", type=float, default=60, help="answer at least this long (whole fault cycles)")
    parser.add_argument("--rate", type=float, default=1000, help="answers offered per second, in total")
    parser.add_argument("--participants", type=int, default=100)
    parser.add_argument("--sessions", type=int, default=10)
    parser.add_argument("--drain-seconds", type=float, default=60)
    parser.add_argument("--keep", help="keep the logs of the nodes, nginx and PostgreSQL in this folder")
    parser.add_argument("--node-log-level", default="warn", help="the nodes' --log-level")
    args = parser.parse_args()
    # The nodes start in folders of their own: paths given relative to here must still find their files.
    args.server, args.data_dir = os.path.abspath(args.server), os.path.abspath(args.data_dir)
    if not postgres_installed():
        print("node_loss: skipped, PostgreSQL is not installed (ops/setup)")
        return SKIPPED
    nginx = nginx_binary()
    if nginx is None:
        note("nginx is missing (ops/setup): the participants go to the nodes directly, in turn; "
             "a run that holds is reported as skipped")
    folder = args.keep or tempfile.mkdtemp(prefix="scsa-nodes-")
    os.makedirs(folder, exist_ok=True)
    os.chmod(folder, 0o755)  # PostgreSQL (as its own user) and nginx's workers reach their folders through it
    figures = {"offered": 0, "sent": 0, "resent": 0, "connects": 0, "reconnects": 0, "kills": 0, "pg_restarts": 0,
               "errors": {}, "refused": 0, "joins_lost": 0, "most_lost_at_a_fault": 0, "faults": [],
               "failures": [], "through": "nginx" if nginx else "the nodes directly"}
    rig = Rig(args, folder)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # ctest's timeout: clean up all the same
    began = time.monotonic()
    stopped = None
    try:
        participants = asyncio.run(workshop(args, rig, figures, nginx))
        asyncio.run(check(rig, participants, figures))
    except Exception as error:  # a node that would not start, a step that broke: said, with the nodes' logs
        stopped = f"the run stopped: {error!r}\n" + "".join(
            f"--- the end of {name}\n{tail}" for name, tail in log_tails(folder))
        figures["failures"].append(f"the run stopped: {error!r}")
    finally:
        rig.cleanup()
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)
    figures["seconds"] = round(time.monotonic() - began, 1)
    if figures["joins_lost"]:
        # Every join was acknowledged and followed by both nodes long before any resume: a node that answers
        # invalid_token tells a phone to forget its token, and the web client drops its unsent answers too.
        figures["failures"].append(f"{figures['joins_lost']} resumes were answered invalid_token")
    print(json.dumps(figures, sort_keys=True))
    if stopped:
        print("NODE LOSS FAILED: " + stopped)
        return 1
    held = (figures["lost"] == 0 and figures["duplicated"] == 0 and figures["wrong_seq"] == 0
            and figures["refused"] == 0 and figures["unacked_at_end"] == 0 and figures["kills"] > 0
            and figures["pg_restarts"] > 0 and figures["acked"] > 0 and not figures["failures"])
    if not held:
        print("NODE LOSS FAILED" + "".join(f"\n  {failure}" for failure in figures["failures"]))
        return 1
    if nginx is None:
        print("node loss held, but without nginx: skipped")
        return SKIPPED
    print("node loss ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
