"""Runs `ops/bench --smoke` on the built binaries (tiny loads, a few seconds) and checks that it exits 0 and
that results.json is a list of rows with every documented key, a measured value for each implemented
scenario (S1 to S8) and a "skipped" row, without a value, for the Node.js peer (it needs npm packages, which
the smoke run does not install)."""
import argparse
import json
import subprocess
import sys

KEYS = ["scenario", "metric", "value", "unit", "baseline", "ratio", "target", "pass"]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--ops-bench", required=True)
    parser.add_argument("--bin", required=True)
    parser.add_argument("--out", required=True)
    opts = parser.parse_args()
    # Under ASan it takes about 60 s alone; ctest runs it beside other tests on 2 cores, where it once needed
    # more than 80 s. The ctest timeout (300 s, 600 s under ASan) stays the outer bound.
    result = subprocess.run([opts.ops_bench, "--smoke", "--no-build", "--bin", opts.bin, "--out", opts.out],
                            capture_output=True, text=True, timeout=240)
    print(result.stdout, result.stderr)
    problems = []
    if result.returncode != 0:
        problems.append(f"ops/bench --smoke exited {result.returncode}")
    with open(opts.out) as f:
        rows = json.load(f)
    if not isinstance(rows, list) or not rows:
        problems.append("results.json is not a non-empty list")
        rows = []
    for r in rows:
        if not isinstance(r, dict) or list(r) != KEYS:
            problems.append(f"row without exactly the keys {KEYS}: {r}")
    for scenario in ["S1", "S2", "S3", "S4", "S5", "S6", "S7", "S8"]:
        gated = [r for r in rows if r.get("scenario") == scenario and r.get("target")]
        if not gated:
            problems.append(f"{scenario}: no row with a target")
        for r in gated:
            if not isinstance(r["value"], (int, float)) or isinstance(r["pass"], type(None)):
                problems.append(f"{scenario}: no measured value or verdict: {r}")
    # The Node.js peer needs npm packages, which the smoke run must not install: it says it skipped.
    marked = [r for r in rows if r.get("scenario") == "peer"]
    if len(marked) != 1 or marked[0]["value"] is not None or "skipped in --smoke" not in marked[0]["metric"]:
        problems.append("peer: expected one 'skipped in --smoke' row without a value")
    for p in problems:
        print("FAIL:", p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
