#!/usr/bin/python3
"""Talks to scsa-server through nginx over TLS, as a browser would: HTTPS pages and API, the redirect from
plain HTTP, /metrics hidden, a request id passed through, and a WSS join with the site's own Origin, while a
foreign Origin is refused by the server behind the proxy.
Usage: through_proxy.py --https-port N --http-port N --ca CERT.pem; exit status 0 when every check held."""
import argparse
import asyncio
import http.client
import json
import ssl
import sys

import websockets

TIMEOUT = 10
failures = []


def check(condition, what):
    print(("ok   " if condition else "FAIL ") + what)
    if not condition:
        failures.append(what)


def https(args, context, method, path, body=None, headers=None):
    connection = http.client.HTTPSConnection("localhost", args.https_port, context=context, timeout=TIMEOUT)
    connection.request(method, path, body=body, headers=headers or {})
    response = connection.getresponse()
    return response.status, dict(response.getheaders()), response.read().decode()


async def websocket_checks(args, context, code):
    origin = f"https://localhost:{args.https_port}"
    uri = f"wss://localhost:{args.https_port}/ws"
    async with websockets.connect(uri, ssl=context, origin=origin, open_timeout=TIMEOUT) as ws:
        await ws.send(json.dumps({"type": "join", "id": "j-1", "code": code, "name": "Through nginx"}))
        while True:
            frame = json.loads(await asyncio.wait_for(ws.recv(), TIMEOUT))
            if frame.get("id") == "j-1":
                break
        check(frame.get("type") == "ack" and "participant_id" in frame, "WSS join through nginx is acknowledged")
        await ws.send(json.dumps({"type": "answer", "id": "a-1", "statement": 1, "aspect": "current", "level": 4}))
        while True:
            frame = json.loads(await asyncio.wait_for(ws.recv(), TIMEOUT))
            if frame.get("id") == "a-1":
                break
        check(frame.get("type") == "ack" and frame.get("seq", 0) > 0, "an answer over WSS is acknowledged")
    try:
        async with websockets.connect(uri, ssl=context, origin="https://evil.example", open_timeout=TIMEOUT):
            check(False, "a foreign Origin is refused")
    except websockets.InvalidStatusCode as refused:
        check(refused.status_code == 403, f"a foreign Origin is refused with 403 (got {refused.status_code})")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--https-port", type=int, required=True)
    parser.add_argument("--http-port", type=int, required=True)
    parser.add_argument("--ca", required=True)
    args = parser.parse_args()
    context = ssl.create_default_context(cafile=args.ca)

    status, headers, body = https(args, context, "GET", "/")
    check(status == 200 and "<html" in body.lower(), "HTTPS GET / serves the web client")
    status, headers, body = https(args, context, "GET", "/healthz", headers={"X-Request-Id": "ignored-by-nginx"})
    check(status == 200 and json.loads(body)["status"] == "ok", "HTTPS GET /healthz")
    check(len(headers.get("X-Request-Id", "")) == 32, "nginx's $request_id reaches the server and comes back")
    status, _, _ = https(args, context, "GET", "/metrics")
    check(status == 404, "/metrics is not served through the proxy")
    status, _, body = https(args, context, "POST", "/api/sessions",
                            body=json.dumps({"title": "Behind nginx", "municipality": "GM0363", "mode": "workshop"}),
                            headers={"Content-Type": "application/json"})
    check(status == 201, f"HTTPS POST /api/sessions creates a session ({status} {body[:120]})")
    code = json.loads(body).get("join_code", "") if status == 201 else ""

    plain = http.client.HTTPConnection("127.0.0.1", args.http_port, timeout=TIMEOUT)
    plain.request("GET", "/healthz", headers={"Host": "localhost"})
    redirect = plain.getresponse()
    check(redirect.status == 301 and redirect.getheader("Location", "").startswith("https://localhost"),
          "plain HTTP redirects to HTTPS")

    if code:
        asyncio.run(websocket_checks(args, context, code))
    print(f"{len(failures)} failed" if failures else "all checks passed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
