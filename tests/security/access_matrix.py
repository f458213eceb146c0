#!/usr/bin/python3
"""The access-control matrix, against the real server: every WebSocket message and every HTTP endpoint,
for each role (participant, facilitator, reviewer, operator, anonymous) and target (own, another
participant, another session), has one expected outcome in the tables below. The run counts unexpected
allows (must be 0) and unexpected refusals, and checks that no refused command appended anything (the
log's last sequence is the same before and after). Look-alike and `null` Origins are refused (403) before
the upgrade.
Usage: access_matrix.py --server BIN --data-dir DIR --docs DIR"""
import argparse
import asyncio
import http.client
import json
import os
import re
import secrets
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time

import websockets

TIMEOUT = 10
ALLOW = "allow"

# ---- WebSocket: (role, target, message type, frame fields, expected: ALLOW or the error code) ------------
# Tokens in fields are placeholders filled in at run time: {fA} facilitator A, {fB} facilitator B, {pA}
# the participant's own token, {rA} a review token of A, {op} the operator token, {sA}/{sB} session ids,
# {codeA} A's join code, {otherA} another participant of A, {otherB} a participant of session B.
SESSION_CONTROLS = [("open", {"statement": 1}), ("close", {"statement": 1}), ("reveal", {}), ("hide", {}),
                    ("new_round", {}), ("close_session", {}), ("reopen_session", {})]
# The roadmap dialogue: what only participants do, and the facilitator's moderation.
ROADMAP_PARTICIPANT = [("explain", {"statement": 2, "aspect": "current", "text": "Omdat"}),
                       ("vote", {"action_id": "a-none"}), ("unvote", {"action_id": "a-none"})]
ROADMAP_MODERATION = [("show_explanations", {"statement": 2}), ("hide_explanations", {"statement": 2}),
                      ("reword", {"action_id": "a-none", "text": "Anders"}), ("hide_action", {"action_id": "a-none"}),
                      ("show_action", {"action_id": "a-none"}), ("merge", {"action_id": "a-none", "into": "a-x"}),
                      ("set_owner", {"action_id": "a-none", "owner": "Team"}),
                      ("set_horizon", {"action_id": "a-none", "horizon": "now"}),
                      ("set_status", {"action_id": "a-none", "status": "agreed"}), ("vote_budget", {"budget": 3}),
                      ("conclude", {"statement": 2, "text": "Eerst data"})]
PARTICIPANT_COMMANDS = [("answer", {"statement": 2, "aspect": "current", "level": 3}),
                        ("withdraw", {"statement": 2, "aspect": "current"}), ("rename", {"name": "Someone"})]


def ws_cases():
    cases = []
    # anonymous: a connection that joined nothing
    for kind, fields in PARTICIPANT_COMMANDS + SESSION_CONTROLS + ROADMAP_PARTICIPANT + ROADMAP_MODERATION:
        cases.append(("anonymous", "own", kind, fields, "not_joined"))
    cases.append(("anonymous", "own", "propose", {"statement": 2, "text": "Actie"}, "not_joined"))
    cases += [("anonymous", "another participant", "remove", {"participant_id": "{otherA}"}, "not_joined"),
              ("anonymous", "own", "facilitate", {"session_id": "{sA}", "token": "f" * 43}, "invalid_token"),
              ("anonymous", "another participant", "resume", {"token": "0" * 64}, "invalid_token"),
              ("anonymous", "own", "ping", {}, ALLOW),
              ("anonymous", "own", "join", {"code": "{codeA}", "token": "{fresh}"}, ALLOW)]
    # reviewer and operator: their tokens open no live role
    for role, token in (("reviewer", "{rA}"), ("operator", "{op}")):
        cases += [(role, "own", "facilitate", {"session_id": "{sA}", "token": token}, "invalid_token"),
                  (role, "another session", "facilitate", {"session_id": "{sB}", "token": token}, "invalid_token"),
                  (role, "own", "resume", {"token": token}, "invalid_token"),
                  (role, "own", "answer", dict(PARTICIPANT_COMMANDS[0][1]), "not_joined"),
                  (role, "own", "reveal", {}, "not_joined"),
                  (role, "another participant", "remove", {"participant_id": "{otherA}"}, "not_joined")]
    # participant of A
    for kind, fields in PARTICIPANT_COMMANDS:
        cases.append(("participant", "own", kind, fields, ALLOW))
    for kind, fields in SESSION_CONTROLS:
        cases.append(("participant", "own", kind, fields, "not_allowed"))
    cases += [("participant", "another participant", "remove", {"participant_id": "{otherA}"}, "not_allowed"),
              ("participant", "another session", "remove", {"participant_id": "{otherB}"}, "not_allowed"),
              ("participant", "own", "facilitate", {"session_id": "{sA}", "token": "{pA}"}, "invalid_token"),
              ("participant", "another session", "facilitate", {"session_id": "{sB}", "token": "{pA}"},
               "invalid_token"),
              ("participant", "own", "ping", {}, ALLOW),
              ("participant", "own", "propose", {"statement": 2, "text": "Een actie"}, ALLOW),
              ("participant", "own", "vote", {"action_id": "a-none"}, "unknown_action")]
    for kind, fields in ROADMAP_MODERATION:
        cases.append(("participant", "own", kind, fields, "not_allowed"))
    # facilitator of A (last: closing and reopening the session, removing a participant)
    cases += [("facilitator", "own", "answer", dict(PARTICIPANT_COMMANDS[0][1]), "not_a_participant"),
              ("facilitator", "own", "withdraw", dict(PARTICIPANT_COMMANDS[1][1]), "not_a_participant"),
              ("facilitator", "own", "rename", {"name": "Boss"}, "not_joined"),
              ("facilitator", "another session", "facilitate", {"session_id": "{sB}", "token": "{fA}"},
               "invalid_token"),
              ("facilitator", "another session", "remove", {"participant_id": "{otherB}"}, "unknown_participant")]
    for kind, fields in ROADMAP_PARTICIPANT:
        cases.append(("facilitator", "own", kind, fields, "not_a_participant"))
    for kind, fields in ROADMAP_MODERATION:
        expected = ALLOW if kind in ("show_explanations", "hide_explanations", "vote_budget", "conclude") else "unknown_action"
        cases.append(("facilitator", "own", kind, fields, expected))
    cases.append(("facilitator", "own", "propose", {"statement": 2, "text": "Een actie"}, ALLOW))
    for kind, fields in SESSION_CONTROLS:
        cases.append(("facilitator", "own", kind, fields, ALLOW))
    cases.append(("facilitator", "another participant", "remove", {"participant_id": "{otherA}"}, ALLOW))
    return cases


# ---- HTTP: (method, path) and who may: the expected status per role for target own / another session ----
OWN, OTHER = "own", "another session"
PROTECTED_READS = ["/api/sessions/{s}/results", "/api/sessions/{s}/results?at=1", "/api/sessions/{s}/events",
                   "/api/sessions/{s}/results?at_time=1", "/api/sessions/{s}/timeline",
                   "/api/sessions/{s}/export/answers.csv", "/api/sessions/{s}/export/results.csv",
                   "/api/sessions/{s}/export/events.ndjson", "/api/sessions/{s}/report.pdf",
                   "/api/sessions/{s}/roadmap", "/api/sessions/{s}/export/roadmap.csv"]
# A participant's own report: their token alone opens it.
OWN_REPORTS = ["/api/sessions/{s}/my-report.pdf", "/api/sessions/{s}/my-report?lang=en"]


PROXIED = "#via-proxy"  # a case marker: the request carries X-Forwarded-For, as through nginx


def http_cases():
    cases = []
    read_expect = {"facilitator": {OWN: 200, OTHER: 403}, "reviewer": {OWN: 200, OTHER: 403},
                   "operator": {OWN: 200, OTHER: 200}, "participant": {OWN: 403, OTHER: 403},
                   "anonymous": {OWN: 401, OTHER: 401}}
    for path in PROTECTED_READS:
        for role, by_target in read_expect.items():
            for target, status in by_target.items():
                cases.append((role, target, "GET", path, status))
    own_expect = {"facilitator": {OWN: 403, OTHER: 403}, "reviewer": {OWN: 403, OTHER: 403},
                  "operator": {OWN: 403, OTHER: 403}, "participant": {OWN: 200, OTHER: 403},
                  "anonymous": {OWN: 401, OTHER: 401}}
    for path in OWN_REPORTS:
        for role, by_target in own_expect.items():
            for target, status in by_target.items():
                cases.append((role, target, "GET", path, status))
    review_expect = {"facilitator": {OWN: 201, OTHER: 403}, "reviewer": {OWN: 403, OTHER: 403},
                     "operator": {OWN: 201, OTHER: 201}, "participant": {OWN: 403, OTHER: 403},
                     "anonymous": {OWN: 401, OTHER: 401}}
    for role, by_target in review_expect.items():
        for target, status in by_target.items():
            cases.append((role, target, "POST", "/api/sessions/{s}/review-tokens", status))
    for role, status in {"facilitator": 403, "reviewer": 403, "operator": 200, "participant": 403,
                         "anonymous": 401}.items():
        cases.append((role, OWN, "GET", "/api/sessions", status))
    # The provider's desk: the forms' submissions are personal data, the mail and coverage the operator's
    # business; the operator's alone. The erasure comes last and takes a request of its own.
    for path, method, allowed in (("/api/desk/me", "GET", 200), ("/api/requests", "GET", 200),
                                  ("/api/requests/export.csv", "GET", 200), ("/api/requests/{r}", "GET", 200),
                                  ("/api/requests/{r}/handled", "POST", 204),
                                  ("/api/requests/{r}/reopen", "POST", 204),
                                  ("/api/requests/{r}/notes", "POST", 201), ("/api/mail", "GET", 200),
                                  ("/api/mail/{r}/resend", "POST", 202), ("/api/coverage", "GET", 200),
                                  ("/api/requests/{erasable}", "DELETE", 204)):
        for role, status in {"facilitator": 403, "reviewer": 403, "operator": allowed, "participant": 403,
                             "anonymous": 401}.items():
            cases.append((role, OWN, method, path, status))
    # Metrics: the operator token, or no token at all on the machine itself (loopback, no proxy headers);
    # any other token is refused even on loopback.
    for role, (direct, proxied) in {"facilitator": (403, 403), "reviewer": (403, 403), "operator": (200, 200),
                                    "participant": (403, 403), "anonymous": (200, 403)}.items():
        cases.append((role, OWN, "GET", "/metrics", direct))
        cases.append((role, OWN, "GET", "/metrics" + PROXIED, proxied))
    # Public for everyone: reading reference data, health, making a new session, sending a form.
    for role in ("facilitator", "reviewer", "operator", "participant", "anonymous"):
        for path in ("/healthz", "/api/catalog", "/api/municipalities?q=gron", "/api/sample-report.pdf"):
            cases.append((role, OWN, "GET", path, 200))
        for path in ("/api/sessions", "/api/requests", "/api/sample-report-requests"):
            cases.append((role, OWN, "POST", path, 201))
        # Below 5 respondents no role sees a municipality's averages (k-anonymity).
        cases.append((role, OWN, "GET", "/api/municipalities/GM0014/averages", 404))
        cases.append((role, OWN, "GET", "/api/averages/national", 404))
    return cases


BODIES = {"/api/sessions": {"title": "matrix", "municipality": "GM0014"},
          "/api/requests": {"name": "Matrix", "email": "matrix@example.org"},
          "/api/requests/{r}/notes": {"text": "matrix"},
          "/api/sample-report-requests": {"name": "Matrix", "email": "matrix@example.org"}}


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def http_request(port, method, path, token=None, body=None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=TIMEOUT)
    headers = {"Content-Type": "application/json"}
    if path.endswith(PROXIED):
        path = path[:-len(PROXIED)]
        headers["X-Forwarded-For"] = "203.0.113.7"
    if token:
        headers["Authorization"] = f"Bearer {token}"
    connection.request(method, path, body, headers)
    answer = connection.getresponse()
    return answer.status, answer.read()


async def reply_to(ws, client_id):
    while True:
        frame = json.loads(await asyncio.wait_for(ws.recv(), TIMEOUT))
        if frame.get("id") == client_id:
            return frame


async def command(ws, frame):
    await ws.send(json.dumps(frame))
    return await reply_to(ws, frame["id"])


def last_sequence(db):
    connection = sqlite3.connect(db, timeout=10)
    try:
        return connection.execute("SELECT coalesce(max(sequence), 0) FROM events").fetchone()[0]
    finally:
        connection.close()


def fill(value, names):
    if isinstance(value, str):
        return re.sub(r"\{(\w+)\}", lambda m: names[m.group(1)] if m.group(1) != "fresh" else secrets.token_hex(32),
                      value)
    return value


async def run_ws(port, db, names, problems, figures):
    uri = f"ws://127.0.0.1:{port}/ws"
    connections = {}
    for role in ("anonymous", "reviewer", "operator", "participant", "facilitator"):
        connections[role] = await websockets.connect(uri)
    joined = await command(connections["participant"], {"type": "join", "id": "j", "code": names["codeA"],
                                                        "token": names["pA"]})
    assert joined["type"] == "ack", joined
    bound = await command(connections["facilitator"], {"type": "facilitate", "id": "f", "session_id": names["sA"],
                                                       "token": names["fA"]})
    assert bound["type"] == "ack", bound
    for number, (role, target, kind, fields, expected) in enumerate(ws_cases()):
        frame = {"type": kind, "id": f"c{number}"}
        frame.update({key: fill(value, names) for key, value in fields.items()})
        before = last_sequence(db)
        reply = await command(connections[role], frame)
        after = last_sequence(db)
        allowed = reply["type"] in ("ack", "pong")
        got = ALLOW if allowed else reply.get("code")
        figures["ws_cases"] += 1
        where = f"ws {kind} by {role} on {target}"
        if allowed and expected != ALLOW:
            problems.append(f"UNEXPECTED ALLOW: {where}")
        elif got != expected:
            problems.append(f"{where}: expected {expected}, got {got}")
        if not allowed and after != before:
            problems.append(f"{where} was refused but the log grew from {before} to {after}")
        if kind == "join" and allowed:  # the anonymous connection is bound now: start it afresh
            await connections[role].close()
            connections[role] = await websockets.connect(uri)
    for ws in connections.values():
        await ws.close()


def run_http(port, db, names, problems, figures):
    tokens = {"facilitator": names["fA"], "reviewer": names["rA"], "operator": names["op"],
              "participant": names["pA"], "anonymous": None}
    for role, target, method, path, expected in http_cases():
        session = names["sA"] if target == OWN else names["sB"]
        before = last_sequence(db)
        body = json.dumps(BODIES[path]) if path in BODIES else None
        target_path = path.replace("{s}", session).replace("{r}", names["request"])
        status, _ = http_request(port, method, target_path.replace("{erasable}", names["erasable"]), tokens[role],
                                 body)
        figures["http_cases"] += 1
        where = f"{method} {path} by {role} on {target}"
        if status < 300 and expected >= 300:
            problems.append(f"UNEXPECTED ALLOW: {where} ({status})")
        elif status != expected:
            problems.append(f"{where}: expected {expected}, got {status}")
        if status >= 300 and last_sequence(db) != before:
            problems.append(f"{where} was refused but the log grew")


async def origins(port, problems, figures):
    uri = f"ws://127.0.0.1:{port}/ws"
    # (https on the same host and port is the same authority, as behind a TLS proxy: allowed by design.)
    for origin in ("null", f"http://127.0.0.1:{port}.evil.example", f"http://127.0.0.1.evil.example:{port}",
                   f"http://evil.example:{port}", f"http://127.0.0.1:{port + 1}", f"http://127.0.0.2:{port}",
                   f"http://localhost:{port}@evil.example", "http://xn--12-7ka.0.0.1"):
        figures["origin_cases"] += 1
        try:
            ws = await websockets.connect(uri, origin=origin)
            await ws.close()
            problems.append(f"UNEXPECTED ALLOW: upgrade from Origin {origin}")
        except websockets.InvalidStatusCode as refused:
            if refused.status_code != 403:
                problems.append(f"Origin {origin}: expected 403, got {refused.status_code}")
        except websockets.InvalidHandshake as error:
            problems.append(f"Origin {origin}: unexpected handshake failure {error!r}")


def documented_endpoints(docs):
    """(method, path) of every endpoint docs/api.md lists, with {placeholders} kept."""
    with open(os.path.join(docs, "api.md"), encoding="utf-8") as api:
        text = api.read()
    return {(m.group(1), m.group(2).split("?")[0]) for m in re.finditer(r"^\| `(GET|POST|PUT|PATCH|DELETE) ([^`]+)`",
                                                                          text, re.M)}


def documented_message_types(docs):
    """The client message types docs/protocol.md lists."""
    with open(os.path.join(docs, "protocol.md"), encoding="utf-8") as protocol:
        text = protocol.read()
    section = text.split("## Client → server", 1)[-1].split("## Server", 1)[0]
    return set(re.findall(r"^\| `(\w+)` \|", section, re.M))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--server", required=True)
    parser.add_argument("--data-dir", required=True)
    parser.add_argument("--docs", required=True)
    args = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="scsa-matrix-")
    db = os.path.join(folder, "scsa.db")
    token_file = os.path.join(folder, "operator.sha256")
    operator = subprocess.run([args.server, "operator-token", token_file], check=True, capture_output=True,
                              text=True).stdout.strip()
    port = free_port()
    log = open(os.path.join(folder, "server.log"), "wb")
    # The matrix tries hundreds of wrong tokens on purpose; their slowing down is tested on its own
    # (tests/server/desk_api_test.cpp), so here the bucket is out of the way.
    server = subprocess.Popen([args.server, "--port", str(port), "--db", db, "--data-dir", args.data_dir,
                               "--log-level", "warn", "--operator-token-file", token_file,
                               "--limit-token-guesses", "10000/1m"],
                              stdout=log, stderr=subprocess.STDOUT)
    problems = []
    figures = {"ws_cases": 0, "http_cases": 0, "origin_cases": 0}
    try:
        for _ in range(500):
            try:
                status, _ = http_request(port, "GET", "/healthz")
                break
            except OSError:
                time.sleep(0.02)
        body = json.dumps({"title": "matrix", "municipality": "GM0014"})
        session_a = json.loads(http_request(port, "POST", "/api/sessions", body=body)[1])
        session_b = json.loads(http_request(port, "POST", "/api/sessions", body=body)[1])
        review = json.loads(http_request(port, "POST", f"/api/sessions/{session_a['session_id']}/review-tokens",
                                         session_a["facilitator_token"])[1])
        request = json.loads(http_request(port, "POST", "/api/requests", body=json.dumps(BODIES["/api/requests"]))[1])
        erasable = json.loads(http_request(port, "POST", "/api/requests", body=json.dumps(BODIES["/api/requests"]))[1])
        names = {"request": request["id"], "erasable": erasable["id"], "fA": session_a["facilitator_token"], "fB": session_b["facilitator_token"],
                 "sA": session_a["session_id"], "sB": session_b["session_id"], "codeA": session_a["join_code"],
                 "rA": review["review_token"], "op": operator, "pA": secrets.token_hex(32)}

        async def others():
            # Another participant in A and one in B, so "another participant" and "another session" exist.
            for key, code in (("otherA", session_a["join_code"]), ("otherB", session_b["join_code"])):
                async with websockets.connect(f"ws://127.0.0.1:{port}/ws") as ws:
                    joined = await command(ws, {"type": "join", "id": "j", "code": code, "token": secrets.token_hex(32)})
                    names[key] = joined["participant_id"]
            await run_ws(port, db, names, problems, figures)
            await origins(port, problems, figures)

        asyncio.run(others())
        run_http(port, db, names, problems, figures)
    finally:
        server.terminate()
        server.wait(timeout=20)
        subprocess.run(["rm", "-rf", folder], check=False)

    covered = {(method, re.sub(r"\{(s|r|erasable)\}", "{id}", path.split("?")[0]))
               for _, _, method, path, _ in http_cases()}
    guarded = ("/api/sessions", "/api/requests", "/api/desk", "/api/mail", "/api/coverage")
    unlisted = sorted(f"{m} {p}" for m, p in documented_endpoints(args.docs) - covered if p.startswith(guarded))
    unlisted += sorted(f"ws {kind}" for kind in documented_message_types(args.docs) - {c[2] for c in ws_cases()})
    if unlisted:
        print("note: documented messages and endpoints the matrix does not list yet: " + ", ".join(unlisted))
    print(json.dumps(figures))
    if problems:
        print("ACCESS MATRIX FAILED:\n  " + "\n  ".join(problems))
        return 1
    print(f"access matrix ok: {figures['ws_cases']} WebSocket and {figures['http_cases']} HTTP cases, "
          f"{figures['origin_cases']} refused Origins, 0 unexpected allows, no refused command appended")
    return 0


if __name__ == "__main__":
    sys.exit(main())
