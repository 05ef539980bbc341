"""File names as they may be stored and shown: one printable line of bounded length.

Whoever uploads a file chooses its name. Sent as is, a newline in it forged a log line, ESC
sequences reached the terminal through ``candidates list`` and a right-to-left override turned
text around on the recruiter page (docs/reliability.md item 31). Names are therefore cleaned on
the way in by :func:`clean_file_name`, in the one function every upload path calls (the HTTP
upload, the CLI's files, and :mod:`matcher.pipeline`, which names every stored document), and
escaped on the way out by :func:`printable` wherever text reaches a log or a terminal (stored
names from before this rule, messages that quote a path).
"""

from __future__ import annotations

import unicodedata

__all__ = ["MAX_NAME_CHARS", "clean_file_name", "printable"]

#: Longest stored file name, in characters (the extension is kept when a name is cut).
MAX_NAME_CHARS = 200
_MAX_SUFFIX_CHARS = 12
_FALLBACK = "upload"

#: Bidirectional formatting characters: embeddings, overrides, isolates and the marks. They are
#: category Cf like harmless joiners, so they are listed rather than found by category.
_BIDI = frozenset(
    "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)
#: Joiners that some scripts (Persian, Indic) need inside words; invisible but harmless.
_KEPT_FORMAT = frozenset("\u200c\u200d")


def _unsafe(char: str) -> bool:
    """A character that must not be stored in a name: controls, separators, bidi, invisibles."""
    if char in _BIDI:
        return True
    category = unicodedata.category(char)
    # Cc: C0 and C1 controls (newline, ESC, CSI...); Zl/Zp: line and paragraph separators;
    # Cs: lone surrogates (undecodable bytes of a CLI path); Cf: invisible format characters.
    return category in ("Cc", "Zl", "Zp", "Cs") or (
        category == "Cf" and char not in _KEPT_FORMAT
    )


def clean_file_name(name: str) -> str:
    """The name to store and show for an uploaded file.

    Directories are dropped (some clients send a full path), controls and line separators
    become spaces, bidi and other invisible format characters are removed, runs of spaces are
    collapsed, and a name longer than :data:`MAX_NAME_CHARS` is cut keeping its extension. The
    result is NFC-normalised, never empty (``"upload"``), and ``clean_file_name`` of it is itself.
    """
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    kept = []
    for char in unicodedata.normalize("NFC", base):
        if not _unsafe(char):
            kept.append(char)
        elif unicodedata.category(char) in ("Cc", "Zl", "Zp"):
            kept.append(" ")  # "cv\nforged" reads as two words, not one
    cleaned = " ".join("".join(kept).split())
    if len(cleaned) > MAX_NAME_CHARS:
        stem, dot, suffix = cleaned.rpartition(".")
        if dot and stem and len(suffix) <= _MAX_SUFFIX_CHARS:
            cleaned = f"{stem[: MAX_NAME_CHARS - len(suffix) - 1].rstrip()}.{suffix}"
        else:
            cleaned = cleaned[:MAX_NAME_CHARS].rstrip()
    return cleaned if cleaned.strip(" .") else _FALLBACK


def printable(text: str) -> str:
    """``text`` with every character :func:`clean_file_name` would drop written as an escape.

    ``"a\\nb"`` becomes ``a\\x0ab`` on one line; ESC becomes ``\\x1b``; a right-to-left override
    becomes ``\\u202e``. Ordinary text, accents and other scripts are unchanged. Backslashes are
    doubled so that an escape in the output cannot be faked by the input.
    """
    if text.isprintable() and "\\" not in text:
        return text  # the common case, without a per-character loop
    out = []
    for char in text:
        if char == "\\":
            out.append("\\\\")
        elif _unsafe(char):
            code = ord(char)
            if code < 0x100:
                out.append(f"\\x{code:02x}")
            else:
                out.append(f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}")
        else:
            out.append(char)
    return "".join(out)
