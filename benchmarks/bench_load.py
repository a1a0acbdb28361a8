"""Load test: a real `casepath serve` on loopback, POST /api/v1/check with the worked examples.

For each --workers setting, starts the server, then for each concurrency (1, 10, 50) keeps that
many requests in flight for a fixed time (20 s by default; --seconds for shorter) and reports
throughput and latency percentiles. The client is a small asyncio HTTP/1.1 client with
keep-alive, cheap enough to share the machine with the server. Bounded: every phase stops on
time, and the servers are stopped at the end.

Usage: python benchmarks/bench_load.py [--workers 1 2] [--concurrency 1 10 50] [--seconds 20]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO.parent / "shared" / "spec" / "examples"


def example_bodies(folder: Path) -> list[bytes]:
    """One request body per worked example: its profile and its evaluation date."""
    bodies = []
    for path in sorted(folder.glob("*.yaml")):
        data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
        profile = json.loads(json.dumps(data["profile"], default=str))
        on = str(data.get("evaluation_date") or data.get("on") or "2026-03-01")
        bodies.append(json.dumps({"profile": profile, "on": on}).encode())
    if not bodies:
        raise SystemExit(f"no worked examples in {folder}")
    return bodies


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@contextmanager
def server(workers: int) -> Iterator[int]:
    port = free_port()
    casepath = Path(sys.executable).with_name("casepath")
    process = subprocess.Popen(
        [str(casepath), "serve", "--port", str(port), "--workers", str(workers)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                    break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise SystemExit("the server did not start") from None
                time.sleep(0.1)
        yield port
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


async def _post(
    reader: asyncio.StreamReader, writer: asyncio.StreamWriter, port: int, body: bytes
) -> int:
    writer.write(
        b"POST /api/v1/check HTTP/1.1\r\nHost: 127.0.0.1:%d\r\n"
        b"Content-Type: application/json\r\nContent-Length: %d\r\n\r\n%s" % (port, len(body), body)
    )
    head = await reader.readuntil(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1])
    length = 0
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value)
    await reader.readexactly(length)
    return status


async def _client(
    port: int, bodies: list[bytes], start: int, stop_at: float, latencies: list[float]
) -> int:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    failures = 0
    i = start
    try:
        while time.perf_counter() < stop_at:
            began = time.perf_counter()
            status = await _post(reader, writer, port, bodies[i % len(bodies)])
            latencies.append(time.perf_counter() - began)
            failures += status != 200
            i += 1
    finally:
        writer.close()
    return failures


async def phase(port: int, bodies: list[bytes], concurrency: int, seconds: float) -> dict[str, Any]:
    latencies: list[float] = []
    began = time.perf_counter()
    stop_at = began + seconds
    failures = await asyncio.gather(
        *(_client(port, bodies, n, stop_at, latencies) for n in range(concurrency))
    )
    elapsed = time.perf_counter() - began
    ordered = sorted(latencies)
    cuts = statistics.quantiles(ordered, n=100, method="inclusive")
    return {
        "concurrency": concurrency,
        "requests": len(ordered),
        "failures": sum(failures),
        "per_second": len(ordered) / elapsed,
        "p50_ms": cuts[49] * 1000,
        "p95_ms": cuts[94] * 1000,
        "p99_ms": cuts[98] * 1000,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--concurrency", type=int, nargs="+", default=[1, 10, 50])
    parser.add_argument("--seconds", type=float, default=20.0, help="length of each phase")
    parser.add_argument("--warmup", type=float, default=2.0, help="seconds before measuring")
    parser.add_argument("--examples", type=Path, default=EXAMPLES)
    args = parser.parse_args()
    bodies = example_bodies(args.examples)
    print(f"{len(bodies)} worked examples; {os.cpu_count()} cores; {args.seconds:g} s per phase")
    print("workers  concurrency  requests  failures  checks/s   p50 ms   p95 ms   p99 ms")
    for workers in args.workers:
        with server(workers) as port:
            asyncio.run(phase(port, bodies, 2, args.warmup))
            for concurrency in args.concurrency:
                row = asyncio.run(phase(port, bodies, concurrency, args.seconds))
                print(
                    f"{workers:>7}  {concurrency:>11}  {row['requests']:>8}  {row['failures']:>8}"
                    f"  {row['per_second']:>8.0f}  {row['p50_ms']:>7.1f}  {row['p95_ms']:>7.1f}"
                    f"  {row['p99_ms']:>7.1f}",
                    flush=True,
                )


if __name__ == "__main__":
    main()
