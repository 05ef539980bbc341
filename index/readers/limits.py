"""Resource limits for reading one uploaded document."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

from matcher.errors import ConfigError

__all__ = ["ReaderLimits"]

_MIB = 1024 * 1024


@dataclass(frozen=True, slots=True)
class ReaderLimits:
    """Caps applied to every upload; the defaults suit CVs and ToRs of a few pages.

    Attributes:
        max_bytes: Size cap on the raw file, checked before anything else (``FileTooLargeError``,
            reason ``too_large``).
        max_pages: PDF page cap. A PDF with more pages is rejected (``FileTooLargeError``, reason
            ``too_many_pages``) rather than read in part: a silently truncated CV would be ranked
            on half its content, and a 50-page "CV" is not a CV.
        max_chars: Cap on the extracted text; longer text is truncated with a logged warning.
        cpu_seconds: ``RLIMIT_CPU`` of the parsing child (killed at the limit: ``cpu_limit``).
        memory_mb: ``RLIMIT_AS`` of the parsing child, in MiB (``MemoryError``: ``memory_limit``).
        wall_seconds: Wall-clock timeout enforced by the parent, which kills the child.
        docx_max_uncompressed: Sum of the uncompressed sizes declared in a DOCX zip.
        docx_max_ratio: Largest uncompressed/compressed ratio of one DOCX member over 64 KiB.
        docx_max_members: Largest number of members in a DOCX zip.
        pdf_max_content_bytes: Budget of decoded page-content bytes summed over all pages (a
            stream shared by many pages counts once per page): pypdf parses content streams in
            pure Python at a few MB/s, so this bounds the CPU a small PDF can cost.
    """

    max_bytes: int = 10 * _MIB
    max_pages: int = 50
    max_chars: int = 200_000
    cpu_seconds: int = 10
    memory_mb: int = 512
    wall_seconds: float = 15.0
    docx_max_uncompressed: int = 50 * _MIB
    docx_max_ratio: float = 100.0
    docx_max_members: int = 2000
    pdf_max_content_bytes: int = 20 * _MIB

    def __post_init__(self) -> None:
        for field in dataclasses.fields(self):
            value = getattr(self, field.name)
            if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
                raise ConfigError(f"ReaderLimits.{field.name} must be a positive number: {value!r}")

    def to_dict(self) -> dict[str, Any]:
        """Return the limits as a JSON-compatible dict (to hand them to the parsing child)."""
        return dataclasses.asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ReaderLimits:
        """Build limits from :meth:`to_dict` output, ignoring unknown keys."""
        names = {field.name for field in dataclasses.fields(cls)}
        return cls(**{key: value for key, value in data.items() if key in names})
