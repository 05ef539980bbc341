"""Decide a file's type from its magic bytes, never from its name."""

from __future__ import annotations

import io
import zipfile

from matcher.errors import UnsupportedFileError

__all__ = ["DOCX", "PDF", "TEXT", "sniff_media_type"]

TEXT = "text/plain"
PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

_ADVICE = "upload the CV or ToR as PDF, DOCX or plain text"

# Strong signatures of types we refuse, checked before the text fallback so that an image
# is named as an image instead of "binary data". Order matters only where prefixes overlap.
_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"II*\x00", "TIFF image"),
    (b"MM\x00*", "TIFF image"),
    (b"\x00\x00\x01\x00", "Windows icon"),
    (b"\x7fELF", "ELF executable"),
    (b"\xcf\xfa\xed\xfe", "Mach-O executable"),
    (b"\xce\xfa\xed\xfe", "Mach-O executable"),
    (b"\xca\xfe\xba\xbe", "Mach-O/Java binary"),
    (b"\x1f\x8b", "gzip archive"),
    (b"BZh", "bzip2 archive"),
    (b"\xfd7zXZ\x00", "xz archive"),
    (b"7z\xbc\xaf\x27\x1c", "7-Zip archive"),
    (b"Rar!\x1a\x07", "RAR archive"),
    (b"{\\rtf", "RTF document"),
    (b"\x00asm", "WebAssembly binary"),
    (b"SQLite format 3\x00", "SQLite database"),
)
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_PREFIXES = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
_TEXT_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")


def _is_pdf(data: bytes) -> bool:
    # Some generators put a BOM or blank lines before the header; nothing else is allowed,
    # so a text file that merely mentions "%PDF-" stays text.
    head = data[:1024]
    if head.startswith(b"\xef\xbb\xbf"):
        head = head[3:]
    return head.lstrip(b" \t\r\n\f").startswith(b"%PDF-")


def _zip_kind(data: bytes) -> str:
    """Name what a zip holds: DOCX when it has ``word/document.xml``."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, ValueError, OSError, EOFError) as exc:
        raise UnsupportedFileError(
            "the file starts like a zip archive but its directory is unreadable; " + _ADVICE
        ) from exc
    if "word/document.xml" in names:
        return DOCX
    if "xl/workbook.xml" in names:
        kind = "Excel workbook (.xlsx)"
    elif "ppt/presentation.xml" in names:
        kind = "PowerPoint presentation (.pptx)"
    elif "mimetype" in names and "content.xml" in names:
        kind = "OpenDocument file (.odt/.ods)"
    else:
        kind = "zip archive"
    raise UnsupportedFileError(
        f"unsupported file type: {kind} (detected from its content); {_ADVICE}"
    )


def _looks_like_exe(data: bytes) -> bool:
    # "MZ" alone could start a text line; a PE/DOS header also has NULs in its first 64 bytes.
    return data.startswith(b"MZ") and b"\x00" in data[:64]


def _looks_like_bmp(data: bytes) -> bool:
    # "BM" could start a text file, so also require the declared file size to match.
    return (
        data.startswith(b"BM")
        and len(data) >= 14
        and int.from_bytes(data[2:6], "little") == len(data)
    )


def sniff_media_type(data: bytes) -> str:
    """Return the media type of ``data`` from its magic bytes.

    Args:
        data: The whole file (a DOCX is told apart from other zips by its directory).

    Returns:
        ``"application/pdf"``, the DOCX media type, or ``"text/plain"``.

    Raises:
        UnsupportedFileError: a recognised type we do not read (legacy .doc, images, archives,
            executables, other Office files) or binary data (NUL bytes without a UTF-16/32 BOM).
    """
    if _is_pdf(data):
        return PDF
    if data.startswith(_ZIP_PREFIXES):
        return _zip_kind(data)
    if data.startswith(_OLE):
        raise UnsupportedFileError(
            "legacy .doc is not supported, save as .docx or PDF", reason="legacy_doc"
        )
    if data.startswith(_TEXT_BOMS):
        return TEXT
    for magic, kind in _SIGNATURES:
        if data.startswith(magic):
            raise UnsupportedFileError(
                f"unsupported file type: {kind} (detected from its content); {_ADVICE}"
            )
    if data.startswith(b"RIFF") and data[8:12] == b"WEBP":
        raise UnsupportedFileError(
            f"unsupported file type: WebP image (detected from its content); {_ADVICE}"
        )
    if data[4:8] == b"ftyp":
        raise UnsupportedFileError(
            f"unsupported file type: HEIC/MP4 media (detected from its content); {_ADVICE}"
        )
    if _looks_like_exe(data):
        raise UnsupportedFileError(
            f"unsupported file type: Windows executable (detected from its content); {_ADVICE}"
        )
    if _looks_like_bmp(data):
        raise UnsupportedFileError(
            f"unsupported file type: BMP image (detected from its content); {_ADVICE}"
        )
    if b"\x00" in data[:65536]:
        raise UnsupportedFileError(
            f"the file looks like binary data, not text; {_ADVICE}", reason="binary_text"
        )
    return TEXT
