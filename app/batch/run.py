"""Running a job on Dask distributed: a local cluster, or an existing scheduler.

Workers render (``livery.batch.worker``) and send each PNG back; this process writes
it atomically, so workers need not see the output folder and an interrupted run
leaves no half-written file. A rerun skips every image whose file carries the key
of its inputs. A failing shot is retried, then recorded with its error while the
rest goes on.
"""

from __future__ import annotations

import hashlib
import json
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from livery import pngfile
from livery.batch import manifest, video
from livery.batch.job import Job
from livery.batch.plan import Plan, catalog_digest, expand
from livery.catalog import Catalog
from livery.fileio import write_atomic

VISIBILITY = ".visibility.json"  # measured once per vehicle, camera and size


class SchedulerError(RuntimeError):
    """The scheduler given can't be reached; the message is for a person."""


@dataclass
class Summary:
    requested: int = 0
    shots: int = 0
    rendered: int = 0
    reused: int = 0
    failed: int = 0
    saved: int = 0
    seconds: float = 0.0
    #: (time.monotonic(), worker pid or -1 when failed) at each image's arrival
    arrivals: list[tuple[float, int]] = field(default_factory=list)
    entries: list[dict[str, Any]] = field(default_factory=list)


class Progress:
    """Done, rate and ETA: one updating line on a terminal, a line per 10 % elsewhere."""

    def __init__(self, total: int, echo: Callable[[str], None]) -> None:
        self.total, self.echo = total, echo
        self.done = self.failed = 0
        self.t0 = time.monotonic()
        self._tty = sys.stdout.isatty()
        self._shown = -1

    def step(self, ok: bool) -> None:
        self.done += 1
        self.failed += 0 if ok else 1
        elapsed = time.monotonic() - self.t0
        rate = self.done / elapsed if elapsed > 0 else 0.0
        eta = (self.total - self.done) / rate if rate > 0 else 0.0
        line = (
            f"[{self.done}/{self.total}] {100 * self.done / max(self.total, 1):.0f}%  "
            f"{rate:.2f} img/s  ETA {int(eta) // 60}:{int(eta) % 60:02d}"
            + (f"  failed {self.failed}" if self.failed else "")
        )
        if self._tty:
            print("\r" + line, end="\n" if self.done == self.total else "", flush=True)
        elif (tenth := 10 * self.done // max(self.total, 1)) != self._shown:
            self._shown = tenth
            self.echo(line)


def _client(workers: int, scheduler: str | None, echo: Callable[[str], None]):  # -> Client
    from distributed import Client, LocalCluster

    if scheduler:
        try:
            client = Client(scheduler, timeout="10s")
        except (OSError, TimeoutError, ValueError) as e:
            raise SchedulerError(f"cannot reach the Dask scheduler at {scheduler}: {e}") from None
    else:
        import importlib.util

        dashboard = ":0" if importlib.util.find_spec("bokeh") else None
        cluster = LocalCluster(
            n_workers=workers,
            threads_per_worker=1,
            processes=True,
            dashboard_address=dashboard,
            silence_logs=40,
        )
        client = Client(cluster)
    n = len(client.scheduler_info()["workers"])
    echo(f"dask: {n} worker(s) at {client.scheduler.address}")
    if client.scheduler_info().get("services", {}).get("dashboard"):
        echo(f"dashboard: {client.dashboard_link}")
    return client


def _shipped(job: Job, client, scheduler: str | None):  # type: ignore[no-untyped-def]
    """Vehicle and environment files, scattered to every worker of a remote cluster."""
    if not scheduler:
        return None
    files = {v.digest: Path(v.spec).read_bytes() for v in job.vehicles if v.spec != v.rules}
    files |= {e.digest: Path(e.spec).read_bytes() for e in job.environments if e.spec != e.digest}
    return client.scatter(files, broadcast=True) if files else None


def _visibility(job: Job, out: Path, client, shipped, echo) -> dict[tuple[str, str], list[str]]:  # type: ignore[no-untyped-def]
    """Which option groups each camera sees, per vehicle: cached in the output folder."""
    from livery.batch.worker import visible_groups

    if not job.prune:
        return {}
    size = max(job.sizes, key=lambda s: s[0] * s[1])
    cache_path = out / VISIBILITY
    try:
        cache = json.loads(cache_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        cache = {}
    wanted = {}
    for v in job.vehicles:
        if len(job.builds[v.label]) < 2 or not job.cameras:
            continue
        key = f"{v.digest}:{size[0]}x{size[1]}:{catalog_digest()}"
        if not all(c in cache.get(key, {}) for c in job.cameras):
            first = job.builds[v.label][0]
            wanted[key] = client.submit(
                visible_groups, v, first, list(job.cameras), size, shipped, pure=False
            )
    for key, future in list(wanted.items()):
        try:
            cache[key] = future.result()
        except Exception as e:  # the renders will say what is wrong; just don't prune
            echo(f"warning: could not measure what the cameras see ({e}); varying every group")
            del wanted[key]
    if wanted:
        write_atomic(cache_path, json.dumps(cache, indent=1, sort_keys=True))
    out_map = {}
    for v in job.vehicles:
        key = f"{v.digest}:{size[0]}x{size[1]}:{catalog_digest()}"
        for camera, groups in cache.get(key, {}).items():
            out_map[(v.label, camera)] = groups
    return out_map


def _previous(out: Path, plan: Plan) -> dict[str, dict[str, Any]]:
    """Shots whose file is already there with the same inputs (read from the PNG)."""
    old = {e.get("key"): e for e in manifest.read(out)}
    done = {}
    for shot in plan.shots:
        path = out / shot.out
        if path.is_file() and pngfile.read_text(path).get(pngfile.KEY) == shot.key:
            e = old.get(shot.key) or {}
            digest = e.get("hash") or hashlib.sha256(path.read_bytes()).hexdigest()
            done[shot.key] = {"time": e.get("time"), "seconds": e.get("seconds"), "hash": digest}
    return done


def run_job(
    job: Job,
    catalog: Catalog,
    out: Path,
    *,
    workers: int = 1,
    scheduler: str | None = None,
    retries: int = 2,
    echo: Callable[[str], None] = print,
) -> Summary:
    """Render ``job`` into ``out``; the manifest is written even when interrupted."""
    from distributed import as_completed

    from livery.batch.worker import render_shot

    t0 = time.monotonic()
    summary = Summary()
    client = _client(workers, scheduler, echo)
    out.mkdir(parents=True, exist_ok=True)
    plan = Plan()
    results: dict[str, dict[str, Any]] = {}
    fresh: set[str] = set()  # rendered in this run
    finished = False
    try:
        shipped = _shipped(job, client, scheduler)
        plan = expand(job, catalog, _visibility(job, out, client, shipped, echo))
        shots = plan.shots
        results.update(_previous(out, plan))
        todo = [s for s in shots if s.key not in results]
        summary.requested, summary.shots, summary.saved = len(plan.requests), len(shots), plan.saved
        summary.reused = len(shots) - len(todo)
        echo(
            f"{summary.requested} image(s) requested, {len(shots)} to show them "
            f"({plan.saved} saved: options the camera can't see), "
            f"{summary.reused} already done, {len(todo)} to render"
        )
        by_key = {s.key: s for s in todo}
        futures = [
            client.submit(
                render_shot, s, shipped, key=f"livery-{s.key}", retries=retries, priority=-i
            )
            for i, s in enumerate(todo)
        ]
        progress = Progress(len(todo), echo)
        for future in as_completed(futures):
            key = str(future.key).removeprefix("livery-")
            pid = -1
            ok = future.status == "finished"  # read before release(), which resets it
            if ok:
                r = future.result()
                pid = r["pid"]
                write_atomic(out / by_key[key].out, r["png"])
                results[key] = {
                    "time": datetime.now(UTC).isoformat(timespec="seconds"),
                    "seconds": round(r["seconds"], 3),
                    "hash": hashlib.sha256(r["png"]).hexdigest(),
                }
                summary.rendered += 1
                fresh.add(key)
            else:
                error = future.exception()
                results[key] = {"error": f"{type(error).__name__}: {error}"}
                summary.failed += 1
            future.release()
            summary.arrivals.append((time.monotonic(), pid))
            progress.step(ok)
        for key, rel in video.write_all(out, shots, results, fresh, echo).items():
            results[key]["video"] = rel
        finished = True
    finally:
        summary.entries = [
            manifest.entry(catalog, r, results.get(r.shot.key)) for r in plan.requests
        ]
        if plan.requests:
            manifest.write(out, summary.entries)
        client.close()
        if client.cluster is not None:
            client.cluster.close()
        summary.seconds = time.monotonic() - t0
    if finished:
        from livery.batch import gallery, sheet

        sheet.write(out, catalog, summary.entries, echo)
        gallery.write(out, catalog, summary.entries)
    return summary
