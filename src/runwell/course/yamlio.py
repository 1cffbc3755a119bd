"""The one place that parses YAML: course data files, bounded before they are trusted.

Course files are edited by people and may come from anywhere (a colleague's bank, a download), so
they are checked before PyYAML builds anything from them:

- size: at most :data:`MAX_BYTES`;
- anchors and aliases are refused (course data never needs them, and they are how a
  "billion laughs" bomb multiplies a few lines into gigabytes);
- nesting: at most :data:`MAX_DEPTH` levels (a 20,000-level file would exhaust the stack);
- a mapping may not repeat a key (PyYAML would silently keep the last one).

Dates stay text (``2026-05-01`` is a string, as in JSON). Every problem is one
:class:`~runwell.errors.CourseError` line, ``path: -: what is wrong``. Only this module imports
PyYAML, and only when a YAML file is read, so a browser kernel that loads the course from JSON
never needs it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from runwell.errors import CourseError, clean_text
from runwell.fileio import read_within

__all__ = ["MAX_BYTES", "MAX_DEPTH", "parse_yaml", "read_yaml"]

MAX_BYTES = 1_000_000  # the largest course file today is about 20 KB
MAX_DEPTH = 32  # a quiz bank nests 5 levels deep


def read_yaml(path: Path, shown: str | None = None) -> Any:
    """Read and parse one YAML file; CourseError (one line naming *shown*) on any problem."""
    shown = shown or str(path)
    raw = read_within(path, MAX_BYTES, f"{shown}: -:", "course file")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise CourseError(f"{shown}: -: not UTF-8 text (byte {exc.start})") from None
    return parse_yaml(text, shown)


def parse_yaml(text: str, shown: str) -> Any:
    """Parse YAML *text* after the bounds checks above."""
    import yaml

    loader = _loader_class()
    try:
        _check_events(yaml.parse(text, Loader=loader), shown)
        return yaml.load(text, Loader=loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        what = getattr(exc, "problem", None) or "cannot parse"
        raise CourseError(f"{shown}: -: invalid YAML{where}: {clean_text(what)}") from None
    except (RecursionError, MemoryError):  # pragma: no cover - the checks above prevent these
        raise CourseError(f"{shown}: -: too deeply nested or too large to read") from None


def _check_events(events: Any, shown: str) -> None:
    """Walk the parser's events (no objects are built) and refuse aliases, anchors, deep nesting
    and repeated keys."""
    import yaml

    # One frame per open collection: [is_mapping, expecting_a_key, keys seen so far].
    stack: list[list[Any]] = []
    for event in events:
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise CourseError(
                f"{shown}: -: YAML anchors and aliases (& and *) are not allowed"
                f"{_line(event)}; write each value out"
            )
        frame = stack[-1] if stack else None
        is_key = frame is not None and frame[0] and frame[1]
        if frame is not None and frame[0]:
            frame[1] = not frame[1]  # a mapping alternates key, value, key, value…
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            if len(stack) >= MAX_DEPTH:
                raise CourseError(
                    f"{shown}: -: nested more than {MAX_DEPTH} levels deep{_line(event)}"
                )
            stack.append([isinstance(event, yaml.MappingStartEvent), True, set()])
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            stack.pop()
        elif isinstance(event, yaml.ScalarEvent) and is_key and frame is not None:
            if event.value in frame[2]:
                raise CourseError(
                    f"{shown}: -: the key {clean_text(event.value)!r} appears twice in one "
                    f"mapping{_line(event)}"
                )
            frame[2].add(event.value)


def _line(event: Any) -> str:
    mark = getattr(event, "start_mark", None)
    return f" (line {mark.line + 1})" if mark is not None else ""


_LOADER: Any = None


def _loader_class() -> Any:
    """PyYAML's safe loader (the C one when available), with dates left as text."""
    global _LOADER
    if _LOADER is None:
        import yaml

        base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

        class CourseLoader(base):  # type: ignore[valid-type, misc]
            pass

        CourseLoader.yaml_implicit_resolvers = {
            first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
            for first, resolvers in base.yaml_implicit_resolvers.items()
        }
        _LOADER = CourseLoader
    return _LOADER
