"""The `diptych` command: argument parsing and headless output.

diptych                          open the bundled pair
diptych LEFT RIGHT [--notes F]   open two articles
diptych FILE.notes.yaml          reopen a saved session
diptych DIR                      pick a story from a folder laid out like corpus/
diptych compare LEFT RIGHT --format json|markdown
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

from reader import __version__
from reader.notes.model import NotesError
from reader.notes.session import articles_elsewhere
from reader.text.document import LoadError
from reader.text.files import DEFAULT_MAX_MB, megabytes
from reader.text.sanitise import shown

EXIT_USAGE = 2


class UsageError(Exception):
    """Bad arguments; the message is one line for stderr."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # one clear line instead of argparse's usage dump
        raise UsageError(message)


def _limit(args: argparse.Namespace) -> int | None:
    return int(args.max_size * 1024 * 1024) if args.max_size else None


def _size(raw: str) -> float:
    """--max-size: a finite number of megabytes above zero."""
    mb = megabytes(raw)
    if mb is None:
        raise argparse.ArgumentTypeError(f"{raw!r} is not a size in MB (a number above 0, such as 64)")
    return mb


def _add_common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--max-size", type=_size, metavar="MB", help="refuse articles larger than this (default 32, or DIPTYCH_MAX_MB)"
    )


def _check_environment() -> None:
    """Say so when DIPTYCH_MAX_MB is set but is not a size (the default limit then applies)."""
    raw = os.environ.get("DIPTYCH_MAX_MB", "")
    if raw and megabytes(raw) is None:
        message = f"DIPTYCH_MAX_MB={shown(raw)} is not a size in MB; using {DEFAULT_MAX_MB:g} MB"
        print(f"diptych: warning: {message}", file=sys.stderr)


def _write(text: str) -> None:
    """Print the result; a full disk or a closed standard output is one clear error, not a traceback."""
    if sys.stdout is None:
        raise UsageError("there is no standard output to write to (it was closed)")
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except BrokenPipeError:
        raise  # the reader stopped reading (| head): not an error
    except OSError as exc:
        _silence_stdout()
        raise UsageError(f"could not write the output ({exc.strerror or exc})") from exc


def _silence_stdout() -> None:
    """After a failed write, send what is still buffered nowhere, so that closing stdout at exit cannot
    print a second error."""
    with contextlib.suppress(OSError, ValueError, AttributeError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)


def compare_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="diptych compare", description="Compare two or more articles headlessly and print the result."
    )
    parser.add_argument("articles", nargs="+", metavar="ARTICLE", help="two or more articles (.txt, .md or .html)")
    parser.add_argument("--format", choices=("json", "markdown"), default="json", help="output format (default json)")
    parser.add_argument(
        "--schema",
        type=int,
        choices=(1, 2),
        help="the JSON's shape: diptych.compare/1 (two articles; the default for two) or /2 (any number: "
        "every pair and the facts gathered across them; the default for three or more)",
    )
    _add_common(parser)
    return parser


def run_compare(argv: Sequence[str]) -> int:
    from reader.analysis.collation import collate
    from reader.analysis.comparison import compare
    from reader.analysis.report import story_json, story_markdown, to_json, to_markdown
    from reader.text.loading import load_document

    args = compare_parser().parse_args(argv)
    if len(args.articles) < 2:
        raise UsageError("compare needs two or more articles")
    schema = args.schema or (1 if len(args.articles) == 2 else 2)
    if schema == 1 and len(args.articles) != 2:
        raise UsageError("diptych.compare/1 holds two articles; use --schema 2 for more")
    if schema == 1:
        comparison = compare(args.articles[0], args.articles[1], limit=_limit(args), parallel=True)
        warnings = comparison.warnings
        text = to_json(comparison) if args.format == "json" else to_markdown(comparison)
    else:
        collation = collate([load_document(path, _limit(args)) for path in args.articles])
        warnings = tuple(w for doc in collation.documents for w in doc.warnings)
        text = story_json(collation) if args.format == "json" else story_markdown(collation)
    for warning in warnings:
        print(f"diptych: warning: {warning}", file=sys.stderr)
    _write(json.dumps(text, ensure_ascii=False, indent=1) + "\n" if isinstance(text, dict) else text)
    return 0


def export_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="diptych export", description="Export a notes file: a Markdown memo or Web Annotations.")
    parser.add_argument("notes", help="a FILE.notes.yaml saved by diptych")
    parser.add_argument("--format", choices=("markdown", "json"), default="markdown", help="default markdown")
    parser.add_argument("--output", "-o", metavar="FILE", help="write here instead of stdout")
    parser.add_argument(
        "--allow-outside",
        action="store_true",
        help="open the articles even when the notes file names some outside its own folder",
    )
    return parser


def run_export(argv: Sequence[str]) -> int:
    from reader.notes.export import export

    args = export_parser().parse_args(argv)
    elsewhere = articles_elsewhere(Path(args.notes))
    if elsewhere and not args.allow_outside:
        listing = "; ".join(f"{side}: {path}" for side, path in elsewhere.items())
        raise UsageError(
            f"{args.notes} opens articles outside its folder ({listing}); check them, then pass --allow-outside"
        )
    result = export(Path(args.notes), args.format)
    text = result if isinstance(result, str) else json.dumps(result, ensure_ascii=False, indent=1) + "\n"
    if args.output:
        from reader.text.files import write_atomic

        try:
            write_atomic(Path(args.output), text)
        except OSError as exc:
            raise UsageError(f"{args.output}: cannot be written ({exc.strerror or exc})") from exc
    else:
        _write(text)
    return 0


def main_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="diptych",
        description="Read two or three accounts of one news story side by side.",
        epilog=(
            "Subcommands: 'diptych compare LEFT RIGHT --format json|markdown' prints the analysis headlessly; "
            "'diptych export FILE.notes.yaml --format markdown|json' exports notes. Keys: press ? in the app."
        ),
    )
    parser.add_argument(
        "paths",
        nargs="*",
        help="LEFT RIGHT articles (or LEFT CENTRE RIGHT), a FILE.notes.yaml session, or a folder of stories",
    )
    parser.add_argument("--notes", metavar="FILE", help="where notes are saved (default: beside the left article)")
    parser.add_argument("--keymap", metavar="FILE", help="a YAML keymap overriding the default keys")
    parser.add_argument(
        "--theme",
        metavar="NAME",
        help="a Textual theme for this session, e.g. textual-light (the app remembers the last one chosen in it)",
    )
    parser.add_argument("--version", action="version", version=f"diptych {__version__}")
    _add_common(parser)
    return parser


def run_app(argv: Sequence[str]) -> int:
    parser = main_parser()
    args = parser.parse_args(argv)
    if args.theme is not None:
        from reader.tui.settings import builtin_themes

        if args.theme not in builtin_themes():
            parser.error(f"unknown theme {args.theme!r}; themes: {', '.join(builtin_themes())}")
    from reader.launch import launch

    return launch(args.paths, notes=args.notes, keymap=args.keymap, limit=_limit(args), theme=args.theme)


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    _check_environment()
    try:
        if argv and argv[0] == "compare":
            return run_compare(argv[1:])
        if argv and argv[0] == "export":
            return run_export(argv[1:])
        return run_app(argv)
    except (UsageError, LoadError, NotesError) as exc:
        print(f"diptych: error: {shown(exc)}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        _silence_stdout()
        return 0


if __name__ == "__main__":
    sys.exit(main())
