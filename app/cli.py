"""The ``livery`` command: the app with no sub-command, headless tools with one.

Each sub-command lives in ``app/commands/<name>.py`` and provides ``register``
(adds its parser) and ``run`` (does the work, returns the exit status). User
mistakes raise UsageError: the message is printed and the exit status is 2, with
no traceback.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from livery.commands import COMMANDS, UsageError


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="livery",
        description="Livery Studio: configure and render cars. Without a command, opens the app.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS:
        importlib.import_module(f"livery.commands.{name}").register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0].startswith("-") and argv[0] not in ("-h", "--help"):
        from livery.commands import gui

        return _guarded(lambda: gui.main(argv))
    args = build_parser().parse_args(argv)
    if args.command is None:
        build_parser().print_help()
        return 2
    module = importlib.import_module(f"livery.commands.{args.command}")
    return _guarded(lambda: module.run(args))


def _guarded(call) -> int:  # type: ignore[no-untyped-def]
    try:
        return int(call() or 0)
    except UsageError as e:
        print(f"livery: error: {e}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # output piped into `head` and the like
        sys.stderr.close()
        return 0


if __name__ == "__main__":
    sys.exit(main())
