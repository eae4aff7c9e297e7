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

import livery
from livery.commands import COMMANDS, UsageError

#: Options of ``livery`` itself (not of the app's window or of a sub-command).
TOP_LEVEL_FLAGS = ("--version", "--install-desktop-entry", "--uninstall-desktop-entry")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="livery",
        description="Livery Studio: configure and render cars. Without a command, opens the app.",
    )
    parser.add_argument("--version", action="version", version=f"livery {livery.__version__}")
    parser.add_argument(
        "--install-desktop-entry",
        action="store_true",
        help="add Livery Studio with its icon to this user's desktop launcher (Linux) and exit",
    )
    parser.add_argument(
        "--uninstall-desktop-entry",
        action="store_true",
        help="remove what --install-desktop-entry added and exit",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS:
        importlib.import_module(f"livery.commands.{name}").register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0].startswith("-") and argv[0] not in ("-h", "--help", *TOP_LEVEL_FLAGS):
        from livery.commands import gui

        return _guarded(lambda: gui.main(argv))
    args = build_parser().parse_args(argv)
    if args.install_desktop_entry or args.uninstall_desktop_entry:
        return _guarded(lambda: _desktop_entry(install=args.install_desktop_entry))
    if args.command is None:
        build_parser().print_help()
        return 2
    module = importlib.import_module(f"livery.commands.{args.command}")
    return _guarded(lambda: module.run(args))


def _desktop_entry(*, install: bool) -> int:
    from livery.commands import desktop

    try:
        files = desktop.install() if install else desktop.uninstall()
    except OSError as e:
        raise UsageError(f"cannot write the desktop entry: {e}") from None
    for path in files:
        print(path)
    return 0


def input_errors() -> tuple[type[BaseException], ...]:
    """The project's own errors for input it cannot use (each names the file and the
    problem). A command maps them to UsageError with more context where it can; any that
    still reaches here is the same one-line message and exit status 2, never a traceback."""
    from livery.batch.job import JobError
    from livery.catalog import BuildError, CatalogError, ShareCodeError
    from livery.fileio import InputFileError
    from livery.scene.looks import EnvironmentFileError
    from livery.vehicles.files import VehicleSpecError
    from livery.vehicles.loaders import VehicleLoadError

    return (
        BuildError,
        CatalogError,
        EnvironmentFileError,
        InputFileError,
        JobError,
        ShareCodeError,
        VehicleLoadError,
        VehicleSpecError,
    )


def _guarded(call) -> int:  # type: ignore[no-untyped-def]
    try:
        return int(call() or 0)
    except UsageError as e:
        print(f"livery: error: {e}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # output piped into `head` and the like
        sys.stderr.close()
        return 0
    except OSError as e:  # a file that went away, a full disk, a name the system refuses
        where = f"{e.filename}: " if e.filename else ""
        print(f"livery: error: {where}{e.strerror or e}", file=sys.stderr)
        return 2
    except MemoryError:
        print(
            "livery: error: out of memory (the input asks for more than this machine has)",
            file=sys.stderr,
        )
        return 2
    except Exception as e:
        if not isinstance(e, input_errors()):
            raise
        print(
            f"livery: error: {str(e).splitlines()[0] if str(e) else type(e).__name__}",
            file=sys.stderr,
        )
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
