"""Writing an export into a folder without touching anything the export did not write.

The folder keeps a manifest (``.runwell-export.json``: file name → SHA-256 of what the export
last wrote). A file is written only when it is new, or still exactly as the export left it;
anything else (a teacher's own file of the same name, or an export file someone edited) stops
the whole export before a byte is written, naming the file. Each file is written atomically.
Nothing is ever deleted.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from runwell.errors import CourseError, display_path
from runwell.fileio import atomic_write_bytes, atomic_write_text

__all__ = ["MANIFEST", "Written", "write_outputs"]

MANIFEST = ".runwell-export.json"
MANIFEST_FORMAT = "runwell-export"
MANIFEST_VERSION = 1
MAX_MANIFEST_BYTES = 1_000_000


@dataclass
class Written:
    written: list[Path] = field(default_factory=list)
    unchanged: list[Path] = field(default_factory=list)


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _read_manifest(out: Path) -> dict[str, str]:
    path = out / MANIFEST
    try:
        if path.stat().st_size > MAX_MANIFEST_BYTES:
            raise CourseError(f"{display_path(path)}: too large to be an export manifest")
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise CourseError(f"{display_path(path)}: unreadable ({exc}); move it aside to "
                          "export here") from None
    files = data.get("files") if isinstance(data, dict) else None
    if not isinstance(data, dict) or data.get("format") != MANIFEST_FORMAT or not isinstance(
        files, dict
    ):
        raise CourseError(f"{display_path(path)}: not a runwell export manifest; move it aside "
                          "to export here")
    return {str(k): str(v) for k, v in files.items() if isinstance(v, str)}


def write_outputs(out: Path, files: dict[str, bytes]) -> Written:
    """Write *files* (name → bytes) into *out*; CourseError (one line, nothing written) when a
    name is taken by a file the export did not write, or one it wrote but someone changed."""
    before = _read_manifest(out)
    plan: list[tuple[Path, bytes, bool]] = []
    for name, data in files.items():
        target = out / name
        if target.is_symlink() or (target.exists() and not target.is_file()):
            raise CourseError(f"{display_path(target)}: exists and is not a plain file; the "
                              "export never replaces it")
        try:
            current: str | None = _digest(target.read_bytes())
        except FileNotFoundError:
            current = None
        except OSError as exc:
            raise CourseError(f"{display_path(target)}: cannot read ({exc.strerror or exc})"
                              ) from None
        new = _digest(data)
        if current is not None and current != new and before.get(name) != current:
            why = ("was changed since the export wrote it" if name in before
                   else "was not written by `runwell export`")
            raise CourseError(f"{display_path(target)}: {why}; move it aside, or export to "
                              "another folder")
        plan.append((target, data, current == new))
    result = Written()
    after = dict(before)
    error: OSError | None = None
    try:
        for target, data, same in plan:
            if same:
                result.unchanged.append(target)
            else:
                atomic_write_bytes(target, data)
                result.written.append(target)
            after[target.name] = _digest(data)
    except OSError as exc:
        error = exc
    if after != before:
        manifest = {"format": MANIFEST_FORMAT, "version": MANIFEST_VERSION, "files": after}
        try:
            atomic_write_text(out / MANIFEST, json.dumps(manifest, indent=2, sort_keys=True) + "\n")
        except OSError as exc:
            error = error or exc
    if error is not None:
        raise CourseError(f"{display_path(out)}: cannot write ({error.strerror or error})")
    return result
