#!/usr/bin/python3
"""Open writes against the real server, from real client addresses (127.0.0.1 and 127.0.0.2 are both this
machine): sessions created from one address in a loop see 429 with Retry-After after the burst while
another address still gets 201; a forged X-Forwarded-For changes nothing unless the peer is a
--trusted-proxy, and then it names the client; /metrics counts the refusals; every response carries the
browser-hardening headers; a write from another site's page (its Origin) is refused with 403.
Usage: open_writes.py --server BIN --data-dir DIR"""
import argparse
import http.client
import json
import os
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "chaos"))
from chaos_server import free_port, start_server, stop_server  # noqa: E402

BURST = 60  # the default --limit-sessions 60/10m
HARDENING = {"Content-Security-Policy": "frame-ancestors 'none'", "X-Frame-Options": "DENY",
             "Referrer-Policy": "no-referrer", "Permissions-Policy": "camera=()",
             "X-Content-Type-Options": "nosniff", "Cross-Origin-Opener-Policy": "same-origin"}
problems = []


def check(condition, message):
    if not condition:
        problems.append(message)


def request(port, method, path, source="127.0.0.1", body=None, headers=None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10, source_address=(source, 0))
    connection.request(method, path, body=body, headers=headers or {})
    response = connection.getresponse()
    data = response.read()
    connection.close()
    return response.status, dict(response.getheaders()), data


def create(port, source="127.0.0.1", forwarded_for=None):
    headers = {"Content-Type": "application/json"}
    if forwarded_for:
        headers["X-Forwarded-For"] = forwarded_for
    body = json.dumps({"title": "Flood", "municipality": "GM0344", "mode": "solo"})
    return request(port, "POST", "/api/sessions", source, body, headers)


def wait_listening(port):
    for _ in range(500):
        try:
            return request(port, "GET", "/healthz")
        except OSError:
            time.sleep(0.02)
    raise RuntimeError("scsa-server did not listen")


def flood(port, attempts, **where):
    """Creates `attempts` sessions; how many got 201, and the first refusal."""
    created, refusal = 0, None
    for _ in range(attempts):
        status, headers, body = create(port, **where)
        if status == 201:
            created += 1
        elif refusal is None:
            refusal = (status, headers, json.loads(body))
    return created, refusal


def run(binary, data_dir, work, extra_args, scenario):
    port = free_port()
    with open(os.path.join(work, "server.log"), "ab") as log:
        server = start_server(binary, port, os.path.join(work, f"{scenario.__name__}.db"), data_dir, log,
                              extra_args=extra_args)
        try:
            wait_listening(port)
            scenario(port)
        finally:
            stop_server(server)


def without_proxy(port):
    created, refusal = flood(port, BURST + 20)
    check(BURST <= created <= BURST + 1, f"one address created {created} sessions, expected the burst {BURST}")
    check(refusal is not None and refusal[0] == 429, f"the flood was not refused with 429: {refusal}")
    if refusal:
        retry = int(refusal[1].get("Retry-After", "0"))
        check(1 <= retry <= 10, f"Retry-After {retry} is not 1..10 s")
        check(refusal[2].get("code") == "rate_limited" and refusal[2].get("retry_after_s") == retry,
              f"the 429's body is {refusal[2]}")
    check(create(port, source="127.0.0.2")[0] == 201, "another address was refused too")
    status = create(port, forwarded_for="198.51.100.1")[0]
    check(status == 429, f"a forged X-Forwarded-For from an untrusted peer escaped the limit ({status})")
    status, _, metrics = request(port, "GET", "/metrics")
    line = 'scsa_open_writes_refused_total{kind="session",limit="address"} '
    counted = [int(l[len(line):]) for l in metrics.decode().splitlines() if l.startswith(line)]
    check(status == 200 and counted and counted[0] >= 20, f"/metrics does not count the refusals: {counted}")
    for path in ("/", "/join", "/api/catalog", "/api/nothing-here"):
        _, headers, _ = request(port, "GET", path)
        for name, part in HARDENING.items():
            check(part in headers.get(name, ""), f"{path}: {name} is {headers.get(name)!r}")


def cross_site(port):
    body = json.dumps({"title": "CSRF", "municipality": "GM0344"})
    for origin in ("http://evil.example", "null", f"http://127.0.0.1:{port}.evil.example"):
        status, _, data = request(port, "POST", "/api/sessions", "127.0.0.3", body,
                                  {"Origin": origin, "Content-Type": "text/plain"})
        check(status == 403 and b"origin_not_allowed" in data, f"a POST from Origin {origin} got {status}")
    status, _, _ = request(port, "POST", "/api/requests", "127.0.0.3",
                           json.dumps({"kind": "information", "name": "x", "email": "victim@example.org"}),
                           {"Origin": "http://evil.example"})
    check(status == 403, f"a form POST from another site got {status}")
    for kind in ("text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"):
        status, _, data = request(port, "POST", "/api/sessions", "127.0.0.3", body, {"Content-Type": kind})
        check(status == 415 and b"unsupported_media_type" in data, f"a {kind} body got {status}")
    status, _, _ = request(port, "POST", "/api/sessions", "127.0.0.3", body,
                           {"Origin": f"http://127.0.0.1:{port}", "Content-Type": "Application/JSON; charset=utf-8"})
    check(status == 201, f"a POST from the site's own page got {status}")


def behind_proxy(port):
    created, refusal = flood(port, BURST + 5, forwarded_for="198.51.100.1")
    check(BURST <= created <= BURST + 1 and refusal and refusal[0] == 429,
          f"through the trusted proxy one client created {created} sessions, then {refusal}")
    check(create(port, forwarded_for="6.6.6.6, 198.51.100.2")[0] == 201,
          "the proxy's word (the right-most address) did not name a new client")
    check(create(port, forwarded_for="198.51.100.1")[0] == 429, "the first client escaped its limit")
    # 127.0.0.2 is not the trusted proxy: its header is ignored, so its own budget is spent and refused.
    created, _ = flood(port, BURST + 5, source="127.0.0.2", forwarded_for="203.0.113.77")
    check(BURST <= created <= BURST + 1, f"an untrusted peer's X-Forwarded-For gave it {created} sessions")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--server", required=True)
    parser.add_argument("--data-dir", required=True)
    opts = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="scsa-open-writes-") as work:
        run(opts.server, opts.data_dir, work, [], without_proxy)
        run(opts.server, opts.data_dir, work, [], cross_site)
        run(opts.server, opts.data_dir, work, ["--trusted-proxy", "127.0.0.1"], behind_proxy)
    for p in problems:
        print("FAIL:", p)
    print("open writes:", "ok" if not problems else f"{len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
