"""Opening the zip containers of .docx and .odt safely.

Both formats are zip files of XML. A damaged download or a half-copied file is common and
must give a clear message, not a traceback; and XML that declares entities can expand to
gigabytes (the "billion laughs" bomb), which matters on a shared research server. No Office
or LibreOffice document needs a DOCTYPE, so we refuse any part that has one before a
parser ever sees it.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from lxml import etree

from qcode.core.errors import InputError

# A part larger than this, uncompressed, is not a document a researcher wrote.
MAX_PART_BYTES = 200 * 1024 * 1024
_BAD_MARKERS = (b"<!DOCTYPE", b"<!ENTITY")


def damaged(path: Path, fmt: str) -> InputError:
    """The one message for a container we cannot make sense of."""
    return InputError(path, f"not a valid {fmt} (damaged or truncated)")


def check_xml_parts(path: Path, fmt: str) -> None:
    """Refuse the file unless it is a readable zip whose XML parts declare no entities."""
    try:
        with zipfile.ZipFile(path) as archive:
            for info in archive.infolist():
                if not info.filename.lower().endswith((".xml", ".rels")):
                    continue
                if info.file_size > MAX_PART_BYTES:
                    raise InputError(path, f"part {info.filename} is too large to be a {fmt}")
                data = archive.read(info)
                upper = data.upper()
                if any(marker in upper for marker in _BAD_MARKERS):
                    raise InputError(
                        path, "declares XML entities; refusing to read it (possible XML bomb)"
                    )
    except InputError:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, KeyError, ValueError):
        raise damaged(path, fmt) from None
    except OSError as exc:
        if not path.exists():
            raise InputError(path, "file not found") from None
        if isinstance(exc, (IsADirectoryError, PermissionError)):
            raise InputError(path, f"cannot be read ({exc.strerror})") from None
        raise damaged(path, fmt) from None
    except Exception:  # zlib.error and friends from a corrupt member
        raise damaged(path, fmt) from None


def read_part(path: Path, member: str, fmt: str) -> etree._Element:
    """Parse one XML member with entity resolution and network access switched off."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    try:
        with zipfile.ZipFile(path) as archive:
            data = archive.read(member)
        return etree.fromstring(data, parser)
    except KeyError:
        raise InputError(path, f"not a valid {fmt} ({member} is missing)") from None
    except Exception:
        raise damaged(path, fmt) from None
