#!/usr/bin/python3
"""What a session nobody joins costs in memory, with and without dormancy: creates ROUNDS x N empty
sessions over one kept-alive connection against a fresh scsa-server (limits off), and prints the server's
RSS growth after each round. With --dormant-after-s 1, two sweeps (one creation, 1.1 s, another) put each
round's sessions to sleep before the next.
Usage: bench/dormant_memory.py [--server build/bin/scsa-server] [--data-dir data] [--sessions 3000] [--rounds 4]"""
import argparse
import http.client
import json
import os
import socket
import subprocess
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS"):
                return int(line.split()[1])
    return 0


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def measure(server, data_dir, dormant_after_s, sessions, rounds):
    with tempfile.TemporaryDirectory(prefix="scsa-dormant-") as work:
        port = free_port()
        process = subprocess.Popen(
            [server, "--port", str(port), "--db", os.path.join(work, "scsa.db"), "--data-dir", data_dir,
             "--limit-sessions", "off", "--limit-sessions-total", "off", "--dormant-after-s", str(dormant_after_s),
             "--log-level", "warn"], stdout=subprocess.DEVNULL)
        try:
            for _ in range(500):
                try:
                    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
                    connection.request("GET", "/healthz")
                    connection.getresponse().read()
                    break
                except OSError:
                    time.sleep(0.02)

            def create(count):
                for i in range(count):
                    connection.request("POST", "/api/sessions",
                                       json.dumps({"title": f"Empty session {i}", "municipality": "GM0344"}))
                    response = connection.getresponse()
                    response.read()
                    assert response.status == 201, response.status

            base = rss_kib(process.pid)
            growth = []
            for _ in range(rounds):
                create(sessions)
                if dormant_after_s:
                    time.sleep(dormant_after_s + 0.1)
                    create(1)  # the first sweep marks the quiet sessions
                    time.sleep(dormant_after_s + 0.1)
                    create(1)  # the second puts them to sleep
                growth.append(rss_kib(process.pid) - base)
            return growth
        finally:
            process.terminate()
            process.wait()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--server", default=os.path.join(ROOT, "build", "bin", "scsa-server"))
    parser.add_argument("--data-dir", default=os.path.join(ROOT, "data"))
    parser.add_argument("--sessions", type=int, default=3000)
    parser.add_argument("--rounds", type=int, default=4)
    opts = parser.parse_args()
    for dormant in (0, 1):
        growth = measure(opts.server, opts.data_dir, dormant, opts.sessions, opts.rounds)
        per_session = (growth[-1] - growth[0]) * 1024 / (opts.sessions * (opts.rounds - 1))
        print(f"--dormant-after-s {dormant}: RSS growth (KiB) after each {opts.sessions} sessions {growth}; "
              f"after the first round {per_session:.0f} bytes per session")


if __name__ == "__main__":
    main()
