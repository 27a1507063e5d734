"""Where a REFI-QDA project's XML and its source texts come from: a .qdpx (a zip) or a loose
.qde with its sources/ folder beside it.

Real exports differ: ATLAS.ti names the .qde after the project, folders are `sources/` or
`Sources/`, and a text is referenced as `internal://X.txt`, bare `X.txt`, `relative://X`
(against the project's `basePath`) or `absolute:///path/X.txt`. Every entry of a .qdpx goes
through the zip limits of `importers.container` and the XML through `importers.safexml`
(no DTD, no entities, no network), so a hostile file is refused in one line. A text
outside the archive is read from disk only when it is a regular `.txt` file within the
size limit: a .qdpx from a stranger must not pull `~/.ssh/id_rsa` into a project.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from urllib.parse import unquote

from lxml import etree

from qcode.core.errors import InputError
from qcode.core.importers.container import DEFAULT_LIMITS, open_container
from qcode.core.importers.safexml import parse_xml

FORMAT = "REFI-QDA project (.qdpx)"
_SCHEMES = ("internal://", "relative://", "absolute://", "file://")


@dataclass
class ProjectFiles:
    """The parsed .qde and a way to fetch the files it names."""

    path: Path  # the .qdpx or .qde given
    root: etree._Element
    members: dict[str, bytes] = field(default_factory=dict)
    folder: Path = Path(".")  # where a loose .qde lies (its sources/ beside it)
    loose: bool = False
    read_from_disk: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._by_name = {name.casefold(): name for name in self.members}
        self._by_base: dict[str, str] = {}
        for name in self.members:
            self._by_base.setdefault(PurePosixPath(name).name.casefold(), name)

    def fetch(self, ref: str, base_path: str = "") -> bytes | None:
        """The bytes of the file `ref` names, or None when it is nowhere to be found."""
        ref = ref.strip()
        scheme = next((s for s in _SCHEMES if ref.lower().startswith(s)), "")
        rest = unquote(ref[len(scheme) :]) if scheme else ref
        if scheme in ("", "internal://"):
            return self._inside(rest) or self._beside(rest)
        if scheme == "relative://":
            rest = rest.lstrip("/\\")
            found = self._inside(rest)
            if found is not None:
                return found
            bases = [Path(base_path)] if base_path else []
            bases.append(self.folder)
            for base in bases:
                found = self._disk(base / rest)
                if found is not None:
                    return found
            return None
        return self._disk(Path(rest if not rest.startswith("//") else rest[1:]))

    def _inside(self, name: str) -> bytes | None:
        name = name.replace("\\", "/").lstrip("/")
        for candidate in (name, f"sources/{name}"):
            member = self._by_name.get(candidate.casefold())
            if member is not None:
                return self.members[member]
        member = self._by_base.get(PurePosixPath(name).name.casefold())
        return self.members[member] if member is not None else None

    def _beside(self, name: str) -> bytes | None:
        """A loose .qde's internal files: in sources/ or Sources/ beside it."""
        if not self.loose:
            return None
        base = PurePosixPath(name.replace("\\", "/")).name
        for folder in ("sources", "Sources", "."):
            found = self._disk(self.folder / folder / base)
            if found is not None:
                return found
        return None

    def _disk(self, where: Path) -> bytes | None:
        if where.suffix.lower() != ".txt":
            return None
        try:
            if not where.is_file() or where.stat().st_size > DEFAULT_LIMITS.max_entry_bytes:
                return None
            data = where.read_bytes()
        except OSError:
            return None
        self.read_from_disk.append(str(where))
        return data


def open_project_files(path: Path) -> ProjectFiles:
    """Read the .qdpx (or loose .qde) at `path` within every limit and parse its XML."""
    path = Path(path)
    if not path.exists():
        raise InputError(path, "file not found")
    if path.is_dir():
        raise InputError(path, "is a folder, not a .qdpx")
    if path.suffix.lower() == ".qde":
        size = path.stat().st_size
        if size > DEFAULT_LIMITS.max_entry_bytes:
            raise InputError(path, "is larger than a project file can be; refusing it")
        data = path.read_bytes()
        root = parse_xml(data, path, "REFI-QDA project (.qde)", path.name)
        return ProjectFiles(path, root, folder=path.parent, loose=True)
    container = open_container(path, FORMAT)
    projects = [name for name in container.members if name.lower().endswith(".qde")]
    if not projects:
        raise InputError(path, f"not a valid {FORMAT} (no .qde project file inside)")
    if len(projects) > 1:
        top = [name for name in projects if "/" not in name.strip("/")]
        if len(top) != 1:
            raise InputError(
                path, f"holds {len(projects)} .qde project files; expected one ({projects[0]}, …)"
            )
        projects = top
    root = parse_xml(container.members[projects[0]], path, FORMAT, projects[0])
    members = {k: v for k, v in container.members.items() if k != projects[0]}
    return ProjectFiles(path, root, members, folder=path.parent)
