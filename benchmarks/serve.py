"""Bounded load test of `fairwarning serve` on loopback: N concurrent clients for S seconds on search, then on
analyze.

    uv run python benchmarks/serve.py --db fairwarning.db [--clients 50] [--seconds 30] [--repeat 1]

Starts `fairwarning serve` (read-only, 127.0.0.1, a free port) in a subprocess, then runs the clients (httpx,
asyncio) in this process. Each client sends one request after another: search rotates over real queries with
filters (`GET /api/search`); analyze rotates over the example incidents (`POST /api/analyze`, JSON memo). A request
still in flight when the time is up is awaited and counted. Prints, per phase: requests, errors (any status but
200, or a transport error / timeout), throughput, and latency p50/p95/max. Run `uptime` beside it: the machine's
load changes these figures.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx
import yaml

REPO = Path(__file__).resolve().parents[1]
SEARCHES: list[dict[str, Any]] = [
    {"q": '"clearly established" excessive force'},
    {"q": "Rodriguez-Garcia"},
    {"q": "qualified immunity", "court": "ca1", "after": "2005"},
    {"q": "taser handcuffed", "right": "4A_excessive_force"},
    {"q": "retaliation speech", "qi_outcome": "denied"},
    {"q": "probable cause arrest", "published": "yes", "before": "2015"},
    {"q": "deliberate indifference medical", "limit": 50},
    {"q": '"obvious case" Hope Pelzer'},
]


def _incidents() -> list[dict[str, Any]]:
    out = []
    for path in sorted((REPO / "examples").glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        out.append({k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in data.items()})
    return out


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _start(db: Path, log: Path) -> tuple[subprocess.Popen[bytes], str]:
    port = _free_port()
    with log.open("wb") as sink:  # the server's log goes to a file (a pipe nobody reads would block it)
        proc = subprocess.Popen([sys.executable, "-m", "fairwarning", "serve", "--db", str(db), "--port", str(port)],
                                stderr=sink)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            httpx.get(f"{base}/api/stats", timeout=5).raise_for_status()
            return proc, base
        except httpx.HTTPError as exc:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                raise SystemExit(f"fairwarning serve did not start: {log.read_text(errors='replace')[-2000:]}") from exc
            time.sleep(0.2)


async def _client(n: int, kind: str, client: httpx.AsyncClient, stop: float, lat: list[float],
                  errors: list[str]) -> None:
    incidents = _incidents()
    i = n
    while time.monotonic() < stop:
        t0 = time.perf_counter()
        try:
            if kind == "search":
                r = await client.get("/api/search", params=SEARCHES[i % len(SEARCHES)])
            else:
                r = await client.post("/api/analyze", json=incidents[i % len(incidents)])
            if r.status_code != 200:
                errors.append(f"{r.status_code}: {r.text[:200]}")
        except httpx.HTTPError as exc:
            errors.append(f"{type(exc).__name__}: {exc}")
        lat.append(time.perf_counter() - t0)
        i += 1


async def _phase(base: str, kind: str, clients: int, seconds: float) -> dict[str, Any]:
    lat: list[float] = []
    errors: list[str] = []
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=base, timeout=300, limits=limits) as client:
        t0 = time.monotonic()
        stop = t0 + seconds
        await asyncio.gather(*(_client(n, kind, client, stop, lat, errors) for n in range(clients)))
        wall = time.monotonic() - t0
    q = statistics.quantiles(lat, n=100) if len(lat) >= 2 else [lat[0]] * 99 if lat else [float("nan")] * 99
    return {"phase": kind, "clients": clients, "seconds": round(wall, 1), "requests": len(lat), "errors": len(errors),
            "first_errors": errors[:3], "per_second": round(len(lat) / wall, 2),
            "p50_ms": round(1000 * statistics.median(lat), 1) if lat else None,
            "p95_ms": round(1000 * q[94], 1), "max_ms": round(1000 * max(lat), 1) if lat else None}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, required=True, help="a labeled store (the main job's fairwarning.db)")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--repeat", type=int, default=1, help="runs of both phases (medians are yours to take)")
    parser.add_argument("--log", type=Path, default=Path(tempfile.gettempdir()) / "fairwarning-serve-bench.log",
                        help="where the server's log goes")
    args = parser.parse_args()
    proc, base = _start(args.db, args.log)
    try:
        for _ in range(args.repeat):
            for kind in ("search", "analyze"):
                print(json.dumps(asyncio.run(_phase(base, kind, args.clients, args.seconds))), flush=True)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
        print(f"server log: {args.log}", file=sys.stderr)


if __name__ == "__main__":
    main()
