"""What the chaos scripts share: a free port, the real scsa-server as a child process, the first session
(created as soon as the server listens) and waiting for the reply to one client id on a WebSocket."""
import asyncio
import http.client
import json
import socket
import subprocess
import time

TIMEOUT = 10  # seconds for one reply


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_server(binary, port, db, data_dir, log, log_level="warn", extra_args=()):
    """scsa-server on 127.0.0.1:port with its database at `db`; stdout and stderr go to the file `log`."""
    return subprocess.Popen([binary, "--port", str(port), "--db", db, "--data-dir", data_dir,
                             "--log-level", log_level, *extra_args], stdout=log, stderr=subprocess.STDOUT)


def stop_server(server):
    server.terminate()
    server.wait(timeout=20)


def create_session(port, title, municipality="GM0014"):
    """POST /api/sessions, retried until the server listens (about 10 s at most); the created session."""
    for _ in range(500):
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=TIMEOUT)
            connection.request("POST", "/api/sessions", json.dumps({"title": title, "municipality": municipality}))
            return json.loads(connection.getresponse().read())
        except OSError:
            time.sleep(0.02)
    raise RuntimeError(f"scsa-server did not listen on port {port}")


async def reply_to(ws, client_id):
    """The next frame that answers `client_id`; frames for others are skipped."""
    while True:
        frame = json.loads(await asyncio.wait_for(ws.recv(), TIMEOUT))
        if frame.get("id") == client_id:
            return frame
