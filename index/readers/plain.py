"""Decode plain-text uploads: BOM first, then UTF-8, cp1252, latin-1; refuse binary data."""

from __future__ import annotations

import codecs
import unicodedata

from matcher.errors import UnsupportedFileError

__all__ = ["decode_text"]

# Longest BOMs first: the UTF-32-LE BOM starts with the UTF-16-LE one.
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_ALLOWED_CONTROLS = frozenset("\t\n\r\f\v")
# Real text has almost no C0/C1 control characters; a few percent means binary data that
# happened to decode (latin-1 decodes every byte sequence).
_MAX_CONTROL_RATIO = 0.02


def _decode(data: bytes) -> str:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(encoding)
            except UnicodeDecodeError as exc:
                raise UnsupportedFileError(
                    f"the file declares {encoding} by its byte-order mark but is not valid "
                    f"{encoding}",
                    reason="binary_text",
                ) from exc
    for encoding in ("utf-8", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


def decode_text(data: bytes) -> str:
    """Decode a text upload.

    Args:
        data: Raw bytes, already sniffed as text.

    Returns:
        The decoded text (not yet normalised).

    Raises:
        UnsupportedFileError: NUL bytes or too many control characters (binary data).
    """
    text = _decode(data)
    if "\x00" in text:
        raise UnsupportedFileError(
            "the file contains NUL bytes: binary data, not text", reason="binary_text"
        )
    controls = sum(
        1 for char in text if char not in _ALLOWED_CONTROLS and unicodedata.category(char) == "Cc"
    )
    if controls > 3 and controls / len(text) > _MAX_CONTROL_RATIO:
        raise UnsupportedFileError(
            f"the file looks like binary data ({controls} control characters), not text",
            reason="binary_text",
        )
    return text
