#!/usr/bin/python3
"""A web scanner's view of scsa: Debian's wapiti (3.0.4) against the real server on loopback, with a fresh
database and demo data. It crawls the pages and attacks the query parameters of every GET endpoint of the
API with each module that applies, in three runs: as the operator (whose token opens every read, so the
attacks reach the parameter parsing behind the token check), as a participant (their own report, which
only their token opens) and anonymously (does another HTTP method get past a 401/403?). The JSON reports
go to --out. The run fails on any finding the triage file does not accept, on
a module cut short by the time limit, on an error in the server's log, or when the server no longer
answers /healthz afterwards. Nothing leaves the machine: the modules that need wapiti's servers on the
internet are left out or pointed at a closed local port. docs/security.md says what it covers and why.
Usage: wapiti_scan.py --server BIN --data-dir DIR --web-root DIR [--out DIR] [--triage FILE]
                      [--max-attack-time S]"""
import argparse
import asyncio
import collections
import fnmatch
import glob
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request

import websockets

HERE = os.path.dirname(os.path.abspath(__file__))

# Every module of wapiti 3.0.4 that can find something here. Left out: buster (the single-page client answers
# index.html for every path without an extension, so each of its guesses is "found" and crawled again: hours
# of noise), nikto (Debian ships no database for it, so it tests nothing), wapp (fingerprints technologies
# from a database it downloads: information, not a weakness) and ssrf (it needs wapiti's public server to
# see whether the target fetched a URL; the server fetches no URL a client gives).
ATTACK_MODULES = ["backup", "blindsql", "brute_login_form", "cookieflags", "crlf", "csp", "csrf", "exec", "file",
                  "htaccess", "http_headers", "methods", "permanentxss", "redirect", "shellshock", "sql", "xss",
                  "xxe"]
# Without a token the protected reads answer 401/403 before they parse anything; only a method that slips
# past the check is worth looking for there.
ANONYMOUS_MODULES = ["htaccess", "methods"]
CLOSED_ENDPOINT = "http://127.0.0.1:9/"  # the out-of-band checks (xxe) ask here instead of wapiti3.ovh

# The pages (all the single-page client's index.html) and every GET endpoint with its parameters filled, so
# the crawler knows them: it reads HTML links and forms, not the client's fetch() calls. {s} is a demo
# workshop. The POST endpoints take JSON bodies, which wapiti 3.0.4 cannot send.
START_PATHS = [
    "/", "/join", "/join/ABC234", "/contact", "/solo", "/p?s=3", "/replay/{s}", "/f/{s}",
    "/healthz", "/metrics",
    "/api/catalog?lang=nl", "/api/municipalities?q=a&limit=5", "/api/municipalities?with_data=true",
    "/api/municipalities/GM0344/averages", "/api/averages/national", "/api/sample-report.pdf?lang=en",
    "/api/join/XXXX",
    "/api/sessions/{s}/results?at=1", "/api/sessions/{s}/results?at_time=1",
    "/api/sessions/{s}/events?after=0&limit=5", "/api/sessions/{s}/timeline",
    "/api/sessions/{s}/export/answers.csv?lang=en", "/api/sessions/{s}/export/results.csv?lang=nl&at=1",
    "/api/sessions/{s}/export/events.ndjson", "/api/sessions/{s}/report.pdf?lang=nl",
    "/api/sessions/{s}/my-report?lang=nl&compare=GM0344",
    "/api/sessions?municipality=GM0344&mode=workshop&from=2020-01-01&to=2030-01-01",
    "/api/requests", "/api/requests/export.csv",
]
# A participant's own report, which only their token opens; {p} is a solo session the scan answers itself.
OWN_REPORT_PATHS = ["/api/sessions/{p}/my-report?lang=nl&compare=GM0344,GM0363",
                    "/api/sessions/{p}/my-report.pdf?lang=en&compare=GM0599"]
SECTIONS = ("vulnerabilities", "anomalies", "additionals")


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--server", required=True, help="the scsa-server binary")
    parser.add_argument("--data-dir", required=True, help="catalogue and municipality files")
    parser.add_argument("--web-root", required=True, help="the built web client (web-client/dist)")
    parser.add_argument("--out", help="where the reports go (default: a new folder under /tmp)")
    parser.add_argument("--triage", default=os.path.join(HERE, "wapiti_triage.json"))
    parser.add_argument("--max-attack-time", type=float, default=120, help="seconds per module at most")
    parser.add_argument("--wapiti", default=shutil.which("wapiti") or "/usr/bin/wapiti")
    return parser.parse_args()


def start_server(args, work):
    """scsa-server on a free loopback port with demo data and an operator token; (process, base URL,
    a demo workshop's id, the operator token, the server's log file)."""
    token_file = os.path.join(work, "operator.hash")
    token = subprocess.run([args.server, "operator-token", token_file], check=True, capture_output=True,
                           text=True).stdout.strip()
    log_path = os.path.join(work, "server.log")
    # The limits stay at their defaults but one: after 100 unknown join codes /api/join/{code} would answer
    # every attack with 429 before it reads the code (tests/security/open_writes.py tests the limits).
    with open(log_path, "w") as log:
        server = subprocess.Popen([args.server, "--port", "0", "--bind", "127.0.0.1", "--demo",
                                   "--db", os.path.join(work, "scsa.db"), "--data-dir", args.data_dir,
                                   "--web-root", args.web_root, "--operator-token-file", token_file,
                                   "--limit-code-guesses", "off", "--log-level", "warn"],
                                  stdout=log, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 30
    base = session = None
    while time.monotonic() < deadline and server.poll() is None and not (base and session):
        time.sleep(0.1)
        with open(log_path) as output:
            text = output.read()
        listening = re.search(r"listening on (http://127\.0\.0\.1:\d+/)", text)
        workshop = re.search(r"replay demo workshop .*/replay/(s-[0-9a-f]+)#token=", text)
        base = listening and listening.group(1).rstrip("/")
        session = workshop and workshop.group(1)
    if not (base and session):
        server.kill()
        sys.exit(f"wapiti_scan: the server did not start with demo data:\n{open(log_path).read()}")
    for _ in range(100):
        if get(base + "/healthz")[0] == 200:
            return server, base, session, token, log_path
        time.sleep(0.1)
    server.kill()
    sys.exit("wapiti_scan: /healthz never answered 200")


def get(url, token=None):
    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {token}"} if token else {})
    try:
        with urllib.request.urlopen(request, timeout=10) as answer:
            return answer.status, answer.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        return error.code, ""
    except OSError:
        return None, ""


def solo_participant(base):
    """A solo session, every statement answered; (its id, the participant's token)."""
    request = urllib.request.Request(base + "/api/sessions", method="POST", data=json.dumps(
        {"title": "scan", "municipality": "GM0344", "mode": "solo"}).encode(),
        headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as answer:
        created = json.load(answer)

    async def join():
        async with websockets.connect(base.replace("http://", "ws://") + "/ws") as ws:
            frames = [{"type": "join", "id": "j", "code": created["join_code"], "name": "Scan"}]
            frames += [{"type": "answer", "id": f"a{n}", "statement": n, "aspect": aspect, "level": 1 + n % 5}
                       for n in range(1, 22) for aspect in ("current", "desired")]
            replies = {}
            for frame in frames:
                await ws.send(json.dumps(frame))
                while frame["id"] not in replies:
                    reply = json.loads(await asyncio.wait_for(ws.recv(), 10))
                    if reply.get("id"):
                        replies[reply["id"]] = reply
                if replies[frame["id"]]["type"] != "ack":
                    sys.exit(f"wapiti_scan: the solo session refused {frame}: {replies[frame['id']]}")
            return replies["j"]["token"]

    return created["session_id"], asyncio.run(join())


def run_wapiti(args, name, base, paths, modules, token, out):
    """One wapiti run; its JSON report and how long each module took. Its log goes to out/wapiti-NAME.log."""
    work = tempfile.mkdtemp(prefix=f"wapiti-{name}-", dir=out)
    config = os.path.join(work, "config")
    os.makedirs(config)
    # wapiti 3.0.4 loads every module, and the fingerprinting one downloads its database from GitHub when
    # there is none (with our Authorization header): an empty one keeps it quiet.
    with open(os.path.join(config, "apps.json"), "w") as apps:
        apps.write("{}")
    report = os.path.join(out, f"wapiti-{name}.json")
    command = [args.wapiti, "-u", base + "/", "--scope", "folder", "--level", "2", "--depth", "4",
               "--max-links-per-page", "100", "--max-attack-time", str(args.max_attack_time), "--timeout", "10",
               "--module", ",".join(modules), "--endpoint", CLOSED_ENDPOINT, "--flush-session",
               "--store-session", os.path.join(work, "session"), "--store-config", config,
               "--no-bugreport", "--verbose", "1", "--format", "json", "--output", report]
    for path in paths:
        command += ["--start", base + path]
    # A fresh connection per request: on a kept-alive one every response after the first waits ~40 ms for
    # the client's delayed ACK (Nagle's algorithm; the server does not set TCP_NODELAY), which made the
    # time-based modules (blindsql: 218 requests per parameter) run out of time.
    command += ["--header", "Connection: close"]
    if token:
        command += ["--header", f"Authorization: Bearer {token}"]
    # English whatever the machine's locale: the triage file matches wapiti's category names.
    environment = dict(os.environ, LC_ALL="en_US.UTF-8", LANG="en_US.UTF-8", LANGUAGE="en")
    started = time.monotonic()
    durations, module, module_start, cut_short = {}, "crawl", started, []
    with open(os.path.join(out, f"wapiti-{name}.log"), "w") as log:
        wapiti = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                  errors="replace", env=environment)
        # Its own limits bound each module; this bounds a wapiti that hangs.
        limit = 300 + args.max_attack_time * (len(modules) + 1)
        watchdog = threading.Timer(limit, wapiti.kill)
        watchdog.start()
        for line in wapiti.stdout:
            now = time.monotonic()
            log.write(f"{now - started:7.1f} {line}")
            launching = re.match(r"\[\*\] Launching module (\w+)", line)
            if launching or line.startswith("Report"):
                durations[module] = now - module_start
                module, module_start = (launching.group(1) if launching else "report"), now
            if "Max attack time was reached" in line or "Max scan time was reached" in line:
                cut_short.append(line.strip())
        status = wapiti.wait()
        watchdog.cancel()
    if time.monotonic() - started >= limit:
        sys.exit(f"wapiti_scan: wapiti ({name}) still ran after {limit:.0f} s; killed it")
    crawled = {}  # the status each crawled page answered (before any attack), from wapiti's session file
    for database in glob.glob(os.path.join(work, "session", "*.db")):
        connection = sqlite3.connect(database)
        crawled.update(connection.execute("SELECT path, http_status FROM paths WHERE evil = 0").fetchall())
        connection.close()
    shutil.rmtree(work, ignore_errors=True)
    if status != 0 or not os.path.exists(report):
        sys.exit(f"wapiti_scan: wapiti ({name}) exited {status} without a report; see {out}/wapiti-{name}.log")
    with open(report) as file:
        return json.load(file), durations, cut_short, crawled, time.monotonic() - started


def findings(report, run):
    for section in SECTIONS:
        for category, items in (report.get(section) or {}).items():
            for item in items:
                yield {"run": run, "section": section, "category": category, "method": item.get("method", ""),
                       "path": item.get("path", ""), "parameter": item.get("parameter", ""),
                       "info": item.get("info", ""), "request": item.get("http_request", ""),
                       "curl": item.get("curl_command", "")}


def accepted_by(finding, entry):
    return (entry["category"] == finding["category"]
            and fnmatch.fnmatchcase(finding["path"], entry.get("path", "*"))
            and entry.get("parameter", finding["parameter"]) == finding["parameter"]
            and entry.get("info", "") in finding["info"])


def main():
    args = parse_args()
    out = os.path.abspath(args.out or tempfile.mkdtemp(prefix="scsa-wapiti-"))
    os.makedirs(out, exist_ok=True)
    with open(args.triage) as file:
        triage = json.load(file)["accepted"]
    version = subprocess.run([args.wapiti, "--version"], capture_output=True, text=True).stdout.strip().splitlines()
    version = version[-1] if version else "unknown"
    if "3.0.4" not in version:
        print(f"wapiti_scan: note: {version}; the triage was made with Wapiti 3.0.4")
    work = tempfile.mkdtemp(prefix="scsa-wapiti-server-")
    started = time.monotonic()
    server, base, session, token, server_log = start_server(args, work)
    problems, found, timings = [], [], []
    try:
        print(f"wapiti_scan: {version} against scsa-server at {base} (demo data, workshop {session})", flush=True)
        solo, participant = solo_participant(base)
        everyone = [path.replace("{s}", session) for path in START_PATHS]
        own = [path.replace("{p}", solo) for path in OWN_REPORT_PATHS]
        for name, paths, modules, header in (("operator", everyone, ATTACK_MODULES, token),
                                             ("participant", own, ATTACK_MODULES, participant),
                                             ("anonymous", everyone + own, ANONYMOUS_MODULES, None)):
            report, durations, cut_short, crawled, seconds = run_wapiti(args, name, base, paths, modules, header,
                                                                        out)
            timings.append((name, seconds))
            statuses = collections.Counter(crawled.values())
            print(f"wapiti_scan: {name}: {len(crawled)} pages crawled, answered "
                  + ", ".join(f"{count}x {status}" for status, count in sorted(statuses.items())), flush=True)
            # A token that did not arrive would leave the attacks at the door: with one, nothing answers 401;
            # without, the protected reads must.
            if (statuses[401] > 0) == bool(header):
                problems.append(f"{name}: the crawl did not reach what it should: {sorted(crawled.items())}")
            slowest = sorted(durations.items(), key=lambda item: -item[1])[:6]
            print(f"wapiti_scan: {name}: {seconds:.0f} s, {len(modules)} modules; longest: "
                  + ", ".join(f"{module} {taken:.0f} s" for module, taken in slowest), flush=True)
            problems += [f"{name}: {line} (the scan did not finish that module)" for line in cut_short]
            found += list(findings(report, name))
        status, _ = get(base + "/healthz")
        if server.poll() is not None or status != 200:
            problems.append(f"the server no longer answers /healthz after the scan (status {status}, "
                            f"exit {server.poll()})")
        _, metrics = get(base + "/metrics")
        requests = re.search(r"^scsa_http_requests_total (\d+)", metrics, re.M)
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
    with open(server_log) as log:
        errors = [line.rstrip() for line in log if re.search(r"\[(error|critical)\]", line)]
    shutil.copy(server_log, os.path.join(out, "server.log"))
    shutil.rmtree(work, ignore_errors=True)
    problems += [f"server log: {line}" for line in errors[:20]]

    used = set()
    lines = []
    for finding in found:
        matches = [number for number, entry in enumerate(triage) if accepted_by(finding, entry)]
        used.update(matches)
        where = f"[{finding['run']}] {finding['category']}: {finding['method']} {finding['path']}"
        where += f" ({finding['parameter']})" if finding["parameter"] else ""
        if matches:
            lines.append(f"accepted  {where}: {finding['info']}\n          why: {triage[matches[0]]['reason']}")
        else:
            problems.append(f"new finding {where}: {finding['info']}")
            lines.append(f"NEW       {where}: {finding['info']}\n{finding['request']}\n{finding['curl']}")
    stale = [entry for number, entry in enumerate(triage) if number not in used]
    total = time.monotonic() - started
    summary = [f"{version}, scsa-server with demo data, {total:.0f} s in all ("
               + ", ".join(f"{name} {seconds:.0f} s" for name, seconds in timings)
               + f"), {requests.group(1) if requests else '?'} HTTP requests answered",
               f"{len(found)} findings, {len(found) - sum(1 for line in lines if line.startswith('NEW'))} accepted "
               f"by {os.path.relpath(args.triage)}", *lines]
    summary += [f"note: triage entry no longer found: {entry['category']} {entry.get('path', '*')} "
                f"{entry.get('info', '')}" for entry in stale]
    with open(os.path.join(out, "summary.txt"), "w") as file:
        file.write("\n".join(summary + [f"PROBLEM: {problem}" for problem in problems]) + "\n")
    print("\n".join(summary))
    print(f"wapiti_scan: reports in {out}")
    if problems:
        print("\n".join(f"wapiti_scan: FAIL: {problem}" for problem in problems), file=sys.stderr)
        return 1
    print("wapiti_scan: no finding outside the triage")
    return 0


if __name__ == "__main__":
    sys.exit(main())
