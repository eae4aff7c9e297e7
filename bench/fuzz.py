"""Fuzz every reader of outside input for N minutes: ``python bench/fuzz.py --minutes 10``.

The cases come from tests/fuzz_targets.py (the same strategies the test suite runs for a
few seconds). Each target runs in child processes with a memory cap (RLIMIT_AS) and a
per-case time limit; a batch of cases per child, new seeds for each batch, the targets
in turn until the time is up. A failure is anything but success or the project's own
error: another exception (its type), a case over the time limit ("hang"), memory over
the cap (MemoryError) or a child that dies ("crash").

Prints the cases tried and the failures by kind per target, the first case of each kind
(shortened), and last ``fuzz failures: X``. Exit status 1 when X > 0.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import resource
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))


class _Hang(Exception):
    pass


def _alarm(signum, frame):  # type: ignore[no-untyped-def]
    raise _Hang


def child(
    target_name: str, seconds: float, seed: int, timeout: int, memory_gb: float, save: str | None
) -> None:
    """Run ``target_name``'s cases for ``seconds``; print one JSON line of counts. The
    first case of each failure kind goes to ``save`` (a folder) as its repr: eval() it
    and pass it to ``fuzz_targets.run`` to see the traceback."""
    limit = int(memory_gb * (1 << 30))
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    import logging

    import fuzz_targets
    from hypothesis import HealthCheck, Phase, given, settings
    from hypothesis import seed as hseed

    logging.disable(logging.WARNING)
    target = fuzz_targets.TARGETS[target_name]
    tried, kinds, first = 0, Counter(), {}
    signal.signal(signal.SIGALRM, _alarm)
    end = time.monotonic() + seconds

    @hseed(seed)
    @settings(
        max_examples=1_000_000,
        deadline=None,
        database=None,
        phases=(Phase.generate,),  # no shrinking: _Done ends the run at once
        suppress_health_check=list(HealthCheck),
    )
    @given(target.cases)
    def one(case):  # type: ignore[no-untyped-def]
        nonlocal tried
        if time.monotonic() > end:
            raise _Done
        tried += 1
        signal.alarm(timeout)
        try:
            kind = fuzz_targets.outcome(target, case)
        except _Hang:
            kind = "hang"
        finally:
            signal.alarm(0)
        if kind != "ok":
            kinds[kind] += 1
            if kind not in first and save:
                Path(save).mkdir(parents=True, exist_ok=True)
                (Path(save) / f"{target_name}-{kind}-{seed}.txt").write_text(repr(case))
            first.setdefault(kind, repr(case)[:400])

    with contextlib.suppress(_Done):
        one()
    print(json.dumps({"tried": tried, "kinds": kinds, "first": first}))


class _Done(Exception):
    """Time is up (raised once, outside any case: hypothesis stops and reports it)."""


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--minutes", type=float, default=1.0)
    p.add_argument("--targets", help="comma-separated (default: all)")
    p.add_argument("--batch-seconds", type=float, default=20.0, help="time per child process")
    p.add_argument("--timeout", type=int, default=30, help="seconds one case may take")
    p.add_argument("--memory-gb", type=float, default=4.0, help="address-space cap per child")
    p.add_argument("--seed", type=int, default=0, help="first seed (each batch takes the next)")
    p.add_argument("--save", help="folder for the first case of each failure kind (a repr)")
    p.add_argument("--child", help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.child:
        child(args.child, args.batch_seconds, args.seed, args.timeout, args.memory_gb, args.save)
        return 0

    import fuzz_targets

    names = args.targets.split(",") if args.targets else list(fuzz_targets.TARGETS)
    unknown = set(names) - set(fuzz_targets.TARGETS)
    if unknown:
        valid = ", ".join(fuzz_targets.TARGETS)
        p.error(f"unknown target(s) {', '.join(sorted(unknown))}; valid: {valid}")
    tried: Counter[str] = Counter()
    failures: dict[str, Counter[str]] = {n: Counter() for n in names}
    first: dict[tuple[str, str], str] = {}
    end = time.monotonic() + args.minutes * 60
    seed, order = args.seed, list(names)
    random.Random(args.seed).shuffle(order)
    while time.monotonic() < end:
        for name in order:
            left = end - time.monotonic()
            if left <= 1:
                break
            seconds = min(args.batch_seconds, left)
            cmd = [
                sys.executable, __file__, "--child", name, "--batch-seconds", f"{seconds:.1f}",
                "--seed", str(seed), "--timeout", str(args.timeout),
                "--memory-gb", str(args.memory_gb), *(["--save", args.save] if args.save else []),
            ]  # fmt: skip
            seed += 1
            env = {**os.environ, "PYTHONWARNINGS": "ignore"}
            proc = subprocess.run(
                cmd,
                capture_output=True,
                text=True,
                env=env,
                timeout=seconds + 4 * args.timeout + 60,
            )
            line = proc.stdout.strip().splitlines()[-1:] if proc.stdout.strip() else []
            if proc.returncode != 0 or not line:
                failures[name][f"crash (exit {proc.returncode})"] += 1
                first.setdefault((name, "crash"), proc.stderr[-400:])
                continue
            report = json.loads(line[0])
            tried[name] += report["tried"]
            failures[name].update(report["kinds"])
            for kind, case in report["first"].items():
                first.setdefault((name, kind), case)
    total = sum(sum(c.values()) for c in failures.values())
    print(f"{'target':<10} {'cases':>8}  failures")
    for name in names:
        kinds = ", ".join(f"{k} {n}" for k, n in failures[name].most_common()) or "0"
        print(f"{name:<10} {tried[name]:>8}  {kinds}")
    print(f"{'all':<10} {sum(tried.values()):>8}  {total}")
    for (name, kind), case in sorted(first.items()):
        print(f"first {name} {kind}: {case}")
    print(f"fuzz failures: {total}")
    return 1 if total else 0


if __name__ == "__main__":
    raise SystemExit(main())
