"""Where checks run: off the event loop, within a time budget, stopped when the client goes.

`ProcessRunner` (what `casepath serve` uses) keeps N worker processes, one check at a time
each, so checks use every core. A check that passes its budget, or whose client disconnects,
has its worker process killed and replaced: nothing runs on for nobody. `ThreadRunner` runs
checks in threads of this process (tests, and an app built with a backend of one's own); it
answers within the budget too, but a thread cannot be stopped, so the work finishes unseen.

Tasks are module-level functions and picklable arguments (they cross to another process).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import multiprocessing
import os
import pickle
import signal
import struct
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import Any, Protocol, TypeVar

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request

log = logging.getLogger(__name__)

T = TypeVar("T")

CHECK_BUDGET_SECONDS = 10.0
"""Longest one check may run. A real profile checks in milliseconds; 10,000 CE records in
well under a second."""


class OverBudget(Exception):
    """The task ran past its time budget and was stopped."""

    def __init__(self, seconds: float) -> None:
        super().__init__(f"over the budget of {seconds:g} s")
        self.seconds = seconds


class ClientGone(Exception):
    """The client disconnected before the answer was ready; the task was stopped."""


class WorkerLost(RuntimeError):
    """A worker process died while running a task (killed from outside, out of memory)."""


class Runner(Protocol):
    budget: float

    async def run(self, request: Request | None, fn: Callable[..., T], *args: Any) -> T: ...

    async def start(self) -> None: ...

    async def stop(self) -> None: ...


async def _until_disconnect(request: Request) -> None:
    """Returns when the client has gone (the request body has been read already)."""
    while True:
        message = await request.receive()
        if message["type"] == "http.disconnect":
            return


async def _race(work: asyncio.Future[T], budget: float, request: Request | None) -> T:
    """The result of `work`, or OverBudget / ClientGone, whichever comes first."""
    watcher = asyncio.ensure_future(_until_disconnect(request)) if request is not None else None
    waiting: set[asyncio.Future[Any]] = {work, *([watcher] if watcher else [])}
    try:
        done, _ = await asyncio.wait(waiting, timeout=budget, return_when=asyncio.FIRST_COMPLETED)
    finally:
        if watcher is not None:
            watcher.cancel()
    if work in done:
        return work.result()
    if watcher is not None and watcher in done:
        raise ClientGone
    raise OverBudget(budget)


def _forget(future: asyncio.Future[Any]) -> None:
    """Retrieve the outcome of work nobody may wait for (no 'never retrieved' noise)."""
    if not future.cancelled():
        future.exception()


class ThreadRunner:
    """Tasks in this process's thread pool (see the module docstring for the limit)."""

    def __init__(self, budget: float = CHECK_BUDGET_SECONDS) -> None:
        self.budget = budget

    async def run(self, request: Request | None, fn: Callable[..., T], *args: Any) -> T:
        work = asyncio.ensure_future(run_in_threadpool(fn, *args))
        work.add_done_callback(_forget)
        return await _race(work, self.budget, request)

    async def start(self) -> None:
        return None

    async def stop(self) -> None:
        return None


# -- worker processes ---------------------------------------------------------------------------


def _worker_main(conn: Connection) -> None:
    """A worker: load the rulebooks, then run tasks one at a time until the pipe closes."""
    # The server decides when a worker stops (after its in-flight check, on shutdown): a
    # SIGINT or SIGTERM sent to the whole process group must not kill a check half-way.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    from casepath.preflight import rules_problem

    conn.send(("ready", rules_problem()))
    while True:
        try:
            message = conn.recv_bytes()
        except (EOFError, OSError):
            return
        try:
            fn, args = pickle.loads(message)
            outcome: tuple[str, Any] = ("ok", fn(*args))
        except Exception as exc:
            outcome = ("error", exc)
        try:
            answer = pickle.dumps(outcome)
        except Exception as exc:  # an exception that does not pickle
            answer = pickle.dumps(("error", RuntimeError(f"{type(exc).__name__}: {exc}")))
        conn.send_bytes(answer)


def _complete_message(buffer: bytearray) -> bytes | None:
    """The payload of the message in `buffer` once all of it has arrived."""
    if len(buffer) < 4:
        return None
    (size,) = struct.unpack("!i", buffer[:4])
    start = 4
    if size == -1:
        if len(buffer) < 12:
            return None
        (size,) = struct.unpack("!Q", buffer[4:12])
        start = 12
    if len(buffer) < start + size:
        return None
    return bytes(buffer[start : start + size])


class _Worker:
    def __init__(self, process: BaseProcess, conn: Connection) -> None:
        self.process = process
        self.conn = conn

    def call(self, fn: Callable[..., Any], args: tuple[Any, ...]) -> asyncio.Future[Any]:
        """Send one task to the worker; the future holds its outcome.

        The event loop watches the pipe (no thread per call) and reads the answer as it comes,
        in the framing of `Connection.send_bytes`: a 4-byte length (or -1 and an 8-byte
        length), then the pickled outcome. The task is sent blocking: the worker is idle and
        reading, so that takes as long as copying the bytes.
        """
        loop = asyncio.get_running_loop()
        outcome: asyncio.Future[Any] = loop.create_future()
        fd = self.conn.fileno()
        buffer = bytearray()

        def readable() -> None:
            error: OSError | None = None
            try:
                chunk = os.read(fd, 1 << 20)
            except BlockingIOError:
                return
            except OSError as exc:
                chunk, error = b"", exc
            if not chunk:
                outcome.set_exception(self._lost(error or EOFError("end of the pipe")))
                return
            buffer.extend(chunk)
            payload = _complete_message(buffer)
            if payload is None:
                return
            try:
                kind, value = pickle.loads(payload)
            except Exception as exc:
                outcome.set_exception(self._lost(exc))
                return
            if kind == "error":
                outcome.set_exception(value)
            else:
                outcome.set_result(value)

        try:
            os.set_blocking(fd, True)
            self.conn.send_bytes(pickle.dumps((fn, args)))
        except (OSError, ValueError) as exc:
            outcome.set_exception(self._lost(exc))
            return outcome
        loop.add_reader(fd, readable)
        outcome.add_done_callback(lambda _: self._stop_watching(loop, fd))
        return outcome

    def _stop_watching(self, loop: asyncio.AbstractEventLoop, fd: int) -> None:
        with contextlib.suppress(Exception):
            loop.remove_reader(fd)

    @staticmethod
    def _lost(exc: BaseException) -> WorkerLost:
        return WorkerLost(f"the worker process stopped ({exc or type(exc).__name__})")

    def kill(self) -> None:
        with contextlib.suppress(Exception):
            self.process.kill()
        with contextlib.suppress(Exception):
            self.conn.close()
        self.process.join(timeout=5)


class ProcessRunner:
    """`workers` processes running one task each at a time; see the module docstring."""

    def __init__(self, workers: int, budget: float = CHECK_BUDGET_SECONDS) -> None:
        if workers < 1:
            raise ValueError("workers must be at least 1")
        self.workers = workers
        self.budget = budget
        self._context = multiprocessing.get_context("forkserver")
        # Workers fork from a server that has imported casepath once: a replacement is ready
        # in milliseconds, not after a second of imports.
        self._context.set_forkserver_preload(
            ["casepath.service", "casepath.web.tasks", "casepath.web.warm"]
        )
        self._idle: asyncio.Queue[_Worker] = asyncio.Queue()
        self._all: set[_Worker] = set()
        # Threads only start and stop workers (blocking calls); tasks go through the pipes.
        self._threads = ThreadPoolExecutor(max_workers=workers + 1, thread_name_prefix="spawn")
        self._stopping = False
        self._lock = threading.Lock()
        self._background: set[asyncio.Future[None]] = set()

    def _spawn(self) -> _Worker:
        """A new worker, once it has loaded the rulebooks (blocking)."""
        mine, theirs = self._context.Pipe()
        process = self._context.Process(
            target=_worker_main, args=(theirs,), name="casepath-check", daemon=True
        )
        process.start()
        theirs.close()
        worker = _Worker(process, mine)
        try:
            _, problem = mine.recv()
        except (EOFError, OSError):
            worker.kill()
            raise WorkerLost("a worker process did not start") from None
        if problem:
            worker.kill()
            raise WorkerLost(problem)
        with self._lock:
            self._all.add(worker)
        return worker

    async def start(self) -> None:
        loop = asyncio.get_running_loop()
        started = await asyncio.gather(
            *(loop.run_in_executor(self._threads, self._spawn) for _ in range(self.workers))
        )
        for worker in started:
            self._idle.put_nowait(worker)

    async def _replace(self, worker: _Worker) -> None:
        loop = asyncio.get_running_loop()
        with self._lock:
            self._all.discard(worker)
        await loop.run_in_executor(self._threads, worker.kill)
        if self._stopping:
            return
        try:
            fresh = await loop.run_in_executor(self._threads, self._spawn)
        except Exception:
            log.exception("could not start a replacement worker process")
            return
        self._idle.put_nowait(fresh)

    async def _acquire(self, request: Request | None) -> _Worker:
        """An idle worker; ClientGone if the client leaves while every worker is busy (so no
        worker is killed for a check nobody waits for any more)."""
        getter = asyncio.ensure_future(self._idle.get())
        if request is None:
            return await getter
        watcher = asyncio.ensure_future(_until_disconnect(request))
        try:
            await asyncio.wait({getter, watcher}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            watcher.cancel()
            if not getter.done():
                getter.cancel()
        if getter.done() and not getter.cancelled():
            if watcher.done() and not watcher.cancelled():
                self._idle.put_nowait(getter.result())
                raise ClientGone
            return getter.result()
        raise ClientGone

    async def run(self, request: Request | None, fn: Callable[..., T], *args: Any) -> T:
        worker = await self._acquire(request)
        work = worker.call(fn, args)
        work.add_done_callback(_forget)
        try:
            return await _race(work, self.budget, request)
        finally:
            if not work.done():
                work.cancel()  # stops watching the pipe of a worker about to be killed
            # A worker that finished its task (even with an error of the task) takes the next
            # one; a worker still busy (over budget, client gone, request cancelled) or dead is
            # killed and replaced.
            finished = not work.cancelled()
            if finished and not isinstance(work.exception(), WorkerLost):
                self._idle.put_nowait(worker)
            else:
                replacing = asyncio.ensure_future(self._replace(worker))
                self._background.add(replacing)
                replacing.add_done_callback(self._background.discard)

    async def stop(self) -> None:
        """Stop every worker (in-flight requests have finished: uvicorn waits for them)."""
        self._stopping = True
        loop = asyncio.get_running_loop()
        with self._lock:
            workers = list(self._all)
            self._all.clear()
        for worker in workers:
            await loop.run_in_executor(self._threads, worker.kill)
        self._threads.shutdown(wait=False, cancel_futures=True)
