"""A zip of CVs (a recruiter's pool upload), opened from its central directory before any byte
is inflated.

The archive is refused whole when it cannot be trusted as a container: an unreadable
directory (``corrupt_zip``), more than :attr:`ArchiveLimits.max_members` files
(``too_many_members``), or members whose declared sizes add up past
:attr:`ArchiveLimits.max_total_bytes` (``too_large``, 413): every member counts against the
upload cap, not only the compressed bytes that crossed the wire. A member that cannot be used
is skipped with its reason and the rest go on: an unsafe name (absolute, ``..``, a NUL or a
drive letter: ``unsafe_member_name``), a name seen twice (``duplicate_member``), an encrypted
member (``encrypted``), a nested archive (``nested_archive``: by name, or by content for zips
that are not Word documents and for gzip, bzip2, xz, 7-Zip and RAR), a declared size over one
document's cap (``too_large``) or a compression ratio over :attr:`ArchiveLimits.max_ratio`
(``compression_ratio``), all decided before inflating, and a member whose bytes fail their
checksum (``corrupt_zip``). Directories, ``__MACOSX/`` resource forks and hidden files
(``.DS_Store``) are what zip tools add around the files a user picked, and are passed over.

Nothing is written to disk; inflating reads at most the declared size of a member plus one
byte. Each member then goes through the same sandboxed readers as a single upload
(:mod:`index.readers`).
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from pathlib import PurePosixPath

from matcher.errors import FileTooLargeError, MaliciousDocumentError, ParseError

from .docx import unsafe_member_name

__all__ = [
    "ARCHIVE_SUFFIXES",
    "ArchiveContents",
    "ArchiveLimits",
    "ArchiveMember",
    "SkippedMember",
    "is_cv_archive",
    "open_cv_archive",
]

_MIB = 1024 * 1024
#: Names that say "archive"; such a member is refused without being opened.
ARCHIVE_SUFFIXES = frozenset(
    {".zip", ".7z", ".rar", ".tar", ".gz", ".tgz", ".bz2", ".xz", ".zst", ".cab", ".jar"}
)
_ZIP_PREFIXES = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
_OTHER_ARCHIVES = (b"\x1f\x8b", b"BZh", b"\xfd7zXZ\x00", b"7z\xbc\xaf\x27\x1c", b"Rar!\x1a\x07")
# Tiny members compress far beyond any ratio legitimately (and cannot be a bomb).
_RATIO_MIN_SIZE = 64 * 1024


@dataclass(frozen=True, slots=True)
class ArchiveLimits:
    """Caps on one zip of CVs.

    Attributes:
        max_members: Most files in the archive (directories and zip-tool extras not counted).
        max_total_bytes: Most uncompressed bytes of all members together (the upload cap).
        max_member_bytes: Most uncompressed bytes of one member (one document's cap).
        max_ratio: Largest uncompressed/compressed ratio of a member over 64 KiB.
    """

    max_members: int = 500
    max_total_bytes: int = 10 * _MIB
    max_member_bytes: int = 10 * _MIB
    max_ratio: float = 100.0


@dataclass(frozen=True, slots=True)
class ArchiveMember:
    """One file of the archive, inflated: its path inside the zip and its bytes."""

    name: str
    data: bytes


@dataclass(frozen=True, slots=True)
class SkippedMember:
    """A file of the archive that was not read, and why (``reason``: code, then message)."""

    name: str
    reason: str


@dataclass(frozen=True, slots=True)
class ArchiveContents:
    """The members to read, in name order, and the ones skipped."""

    members: tuple[ArchiveMember, ...]
    skipped: tuple[SkippedMember, ...]


def _zip_names(data: bytes) -> set[str] | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return set(archive.namelist())
    except (zipfile.BadZipFile, ValueError, OSError, EOFError):
        return None


def is_cv_archive(data: bytes) -> bool:
    """Whether an upload is a zip of CVs (a zip that is not itself a Word document)."""
    if not data.startswith(_ZIP_PREFIXES):
        return False
    names = _zip_names(data)
    return names is None or "word/document.xml" not in names


def _is_nested_archive(data: bytes) -> bool:
    if data.startswith(_OTHER_ARCHIVES):
        return True
    if not data.startswith(_ZIP_PREFIXES):
        return False
    names = _zip_names(data)
    if names is None:
        return True  # a broken zip inside the zip is refused like any archive
    # A .docx is a zip too; so are .xlsx, .pptx and .odt, which the reader refuses by type.
    return not any(
        n == "word/document.xml" or n == "content.xml" or n.startswith(("xl/", "ppt/"))
        for n in names
    )


def _ignored(info: zipfile.ZipInfo) -> bool:
    path = PurePosixPath(info.filename.replace("\\", "/"))
    return info.is_dir() or path.parts[:1] == ("__MACOSX",) or path.name.startswith(".")


def _refusal(info: zipfile.ZipInfo, seen: set[str], limits: ArchiveLimits) -> str | None:
    """Why a member is skipped from its directory entry alone, or None."""
    name = info.filename
    if unsafe_member_name(name):
        return "unsafe_member_name: the name is absolute or climbs out of the archive"
    if name in seen:
        return "duplicate_member: two files of the archive have this name"
    if info.flag_bits & 0x1:
        return "encrypted: the file is password-protected inside the zip"
    if PurePosixPath(name).suffix.lower() in ARCHIVE_SUFFIXES:
        return "nested_archive: archives inside the archive are not opened"
    if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        return "unreadable: unsupported zip compression method"
    if info.file_size > limits.max_member_bytes:
        return (f"too_large: {info.file_size} bytes uncompressed "
                f"(limit {limits.max_member_bytes} per file)")
    ratio = info.file_size / max(info.compress_size, 1)
    if info.file_size > _RATIO_MIN_SIZE and ratio > limits.max_ratio:
        return f"compression_ratio: {ratio:.0f} to 1 (limit {limits.max_ratio:.0f})"
    return None


def _inflate(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes | str:
    """The member's bytes, or the reason it cannot be used."""
    try:
        with archive.open(info) as stream:
            data = stream.read(info.file_size + 1)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError) as exc:
        return f"corrupt_zip: {exc}"
    if len(data) > info.file_size:
        return "corrupt_zip: the file inflates past its declared size"
    if _is_nested_archive(data):
        return "nested_archive: archives inside the archive are not opened"
    return data


def open_cv_archive(data: bytes, limits: ArchiveLimits | None = None) -> ArchiveContents:
    """Check a zip of CVs from its directory, then inflate the members that pass.

    Raises:
        ParseError: The zip directory is unreadable (``corrupt_zip``).
        MaliciousDocumentError: More than ``max_members`` files (``too_many_members``).
        FileTooLargeError: The members to read declare more than ``max_total_bytes``.
    """
    limits = limits or ArchiveLimits()
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError, EOFError) as exc:
        raise ParseError("the zip directory is unreadable", reason="corrupt_zip") from exc
    with archive:
        infos = sorted((i for i in archive.infolist() if not _ignored(i)),
                       key=lambda i: i.filename)
        if len(infos) > limits.max_members:
            raise MaliciousDocumentError(
                f"the zip holds {len(infos)} files (limit {limits.max_members})",
                reason="too_many_members",
            )
        seen: set[str] = set()
        accepted: list[zipfile.ZipInfo] = []
        skipped: list[SkippedMember] = []
        for info in infos:
            reason = _refusal(info, seen, limits)
            seen.add(info.filename)
            if reason is None:
                accepted.append(info)
            else:
                skipped.append(SkippedMember(info.filename, reason))
        total = sum(i.file_size for i in accepted)
        if total > limits.max_total_bytes:
            raise FileTooLargeError(
                f"the zip's files hold {total} bytes uncompressed "
                f"(limit {limits.max_total_bytes} for one upload)",
                reason="too_large",
            )
        members: list[ArchiveMember] = []
        for info in accepted:
            inflated = _inflate(archive, info)
            if isinstance(inflated, bytes):
                members.append(ArchiveMember(info.filename, inflated))
            else:
                skipped.append(SkippedMember(info.filename, inflated))
    return ArchiveContents(tuple(members), tuple(skipped))
