"""``livery batch JOB.toml --out DIR``: render a set of builds on warm workers.

The job (see README, "Render sets") is checked completely before anything renders:
every problem is printed as ``FILE:LINE: ITEM: problem`` and the exit status is 2.
``--workers N`` starts a local Dask cluster of N single-threaded processes;
``--scheduler tcp://HOST:PORT`` uses a running one. A rerun into the same folder
renders only what changed. Exit status 1 when some images failed.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from livery.commands import UsageError
from livery.commands.catalog import load_or_fail


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "batch",
        help="render a set of builds (a TOML job) on warm workers, locally or on Dask",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("job", type=Path, metavar="JOB.toml", help="the job file")
    p.add_argument("--out", required=True, type=Path, metavar="DIR", help="output folder")
    p.add_argument(
        "--workers", type=int, default=1, metavar="N", help="local worker processes (default 1)"
    )
    p.add_argument(
        "--scheduler", metavar="tcp://HOST:PORT", help="use a running Dask scheduler instead"
    )
    p.add_argument(
        "--retries", type=int, default=2, metavar="N", help="retries of a failing image (default 2)"
    )
    p.add_argument("--check", action="store_true", help="check the job and list it; render nothing")


def run(args: argparse.Namespace) -> int:
    from livery.batch.job import JobError, load_job
    from livery.batch.plan import expand

    if not 1 <= args.workers <= 256:
        raise UsageError(f"--workers must be 1..256; got {args.workers}")
    if not 0 <= args.retries <= 10:
        raise UsageError(f"--retries must be 0..10; got {args.retries}")
    if args.out.exists() and not args.out.is_dir():
        raise UsageError(f"--out {args.out} is a file, not a folder")
    catalog = load_or_fail()
    try:
        job = load_job(args.job, catalog)
    except JobError as e:
        for problem in e.problems:
            print(f"livery: error: {problem}", file=sys.stderr)
        return 2
    plan = expand(job, catalog)
    builds = sum(len(b) for b in job.builds.values())
    skipped = job.forbidden_skipped
    print(
        f"job {job.name}: {builds} build(s) on {len(job.vehicles)} vehicle(s)"
        + (f" ({skipped} forbidden combinations skipped)" if skipped else "")
        + f", {len(plan.requests)} image(s) before pruning"
    )
    if args.check:
        return 0
    from livery.batch.run import SchedulerError, run_job

    try:
        summary = run_job(
            job,
            catalog,
            args.out,
            workers=args.workers,
            scheduler=args.scheduler,
            retries=args.retries,
        )
    except SchedulerError as e:
        raise UsageError(str(e)) from None
    print(
        f"done in {summary.seconds:.1f} s: {summary.rendered} rendered, {summary.reused} reused, "
        f"{summary.failed} failed, {summary.saved} render(s) saved by pruning; "
        f"{args.out / 'index.html'}"
    )
    return 1 if summary.failed else 0
