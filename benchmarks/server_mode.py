"""``check --endpoint`` two ways, side by side: download the graph (the default) or run the
rules on the server (``--on-server``). Time and bytes over HTTP, one process per run.

Needs a running SPARQL server holding the graph (``kktrace push``). Bytes are counted at the
HTTP layer of kktrace's client: request bodies as sent (``urllib`` requests) and response
bodies as read (:func:`kktrace.model.remote._read`); headers are not counted.

    python benchmarks/server_mode.py http://127.0.0.1:8890/sparql GRAPH_IRI [--runs 3]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys

_CHILD = r"""
import json, sys, time, urllib.request
from kktrace.model import remote
sent = received = requests = 0
_open = urllib.request.OpenerDirector.open
def counting_open(self, request, data=None, timeout=None):
    global sent, requests
    body = getattr(request, "data", None) if data is None else data
    sent += len(body or b"") + len(getattr(request, "full_url", "") or "")
    requests += 1
    return _open(self, request, data, timeout) if timeout is not None else _open(self, request, data)
urllib.request.OpenerDirector.open = counting_open
_read = remote._read
def counting_read(url, answer, budget):
    global received
    body = _read(url, answer, budget)
    received += len(body)
    return body
remote._read = counting_read
url, graph, mode, timeout = sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4])
wall, cpu = time.perf_counter(), time.process_time()
if mode == "on-server":
    from kktrace.findings.on_server import check_on_server
    report = check_on_server(url, graph, timeout=timeout)
else:
    from kktrace.findings.run import check
    report = check(remote.load_endpoint(url, graph, timeout=timeout))
out = report.dumps()
print(json.dumps({"wall": time.perf_counter() - wall, "cpu": time.process_time() - cpu,
                  "sent": sent, "received": received, "requests": requests,
                  "findings": len(report.findings), "json": out}))
"""


def run(url: str, graph: str, mode: str, timeout: float) -> dict:
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, url, graph, mode, str(timeout)],
        capture_output=True,
        text=True,
    )
    if done.returncode:
        raise SystemExit(f"{mode}: {done.stderr.strip().splitlines()[-1]}")
    return json.loads(done.stdout)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("url")
    parser.add_argument("graph")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--timeout",
        type=float,
        default=1800,
        help="seconds for all requests of one check (kktrace's default is 120)",
    )
    args = parser.parse_args(argv)
    results: dict[str, list[dict]] = {"download": [], "on-server": []}
    for _ in range(args.runs):  # interleaved, so drifting load hits both modes alike
        for mode in results:
            results[mode].append(run(args.url, args.graph, mode, args.timeout))
    same = len({r["json"] for rs in results.values() for r in rs}) == 1
    print(f"{'mode':<10} {'wall s':>8} {'cpu s':>7} {'requests':>9} {'sent':>12} {'received':>12}")
    for mode, rs in results.items():
        med = {k: statistics.median(r[k] for r in rs) for k in ("wall", "cpu", "sent", "received")}
        print(
            f"{mode:<10} {med['wall']:>8.1f} {med['cpu']:>7.1f} {rs[0]['requests']:>9} "
            f"{int(med['sent']):>12,} {int(med['received']):>12,}"
        )
    print(f"findings: {results['download'][0]['findings']}; identical JSON in every run: {same}")
    return 0 if same else 1


if __name__ == "__main__":
    raise SystemExit(main())
