"""What one CV line is: a bullet, contact details, a date and nothing else."""

from __future__ import annotations

import re

from matcher.cv.dates import find_spans

__all__ = [
    "BULLET_RE",
    "SENTENCE_END",
    "clip",
    "is_bullet",
    "is_contact",
    "is_date_only",
    "strip_bullet",
    "word_count",
]

BULLET_RE = re.compile(
    r"^\s*(?:[\u2022\u25aa\u25cf\u25e6\u25a0\u25a1\u27a2\u27a4\u2023\u2043\u2219\u00b7"
    r"\u25ba\u25b6\u2713\u2714\uf0b7\uf0a7\uf0d8\uf076\uf0fc\uf0a8]\s*"
    # ASCII markers and letters need a space after them: "-5%", "of", ">50" are not bullets.
    r"|[-\u2013\u2014*>o]\s+|\(?[0-9]{1,2}[.)]\s+|\(?[a-z][.)]\s+)"
)

_CONTACT_RE = re.compile(
    r"\b(?:tel|tél|phone|mobile|cell|e-?mail|courriel|correo|telefono|teléfono|móvil|movil"
    r"|portable|address|adresse|dirección|direccion|domicilio|date of birth|born|né[e]? le"
    r"|fecha de nacimiento|lugar de nacimiento|place of birth|lieu de naissance|marital status"
    r"|état civil|estado civil|gender|sexe|sexo|civil status|nationality|nationalité"
    r"|nacionalidad|citizenship|citoyenneté|ciudadanía|passport|passeport|pasaporte"
    r"|dob|d\.o\.b|age|âge|edad|visa)\b\s*[:.]",
    re.IGNORECASE,
)
SENTENCE_END = re.compile(r"[.!?;:]$")


# Bounded repeats: an unbounded "\S+@" is quadratic on a 200 kB line without spaces.
_EMAIL_URL_RE = re.compile(
    r"[\w.+-]{1,64}@[\w-]{1,63}\.\w|https?://|www\.|linkedin\.|github\.com|\bskype\b", re.I
)
_PHONE_RE = re.compile(r"\+?\(?\d[\d\s().-]{6,}\d")


def is_contact(text: str) -> bool:
    """Emails, URLs, phone numbers and personal-data "key: value" lines."""
    if _EMAIL_URL_RE.search(text) or _CONTACT_RE.search(text):
        return True
    undated = text
    for span in reversed(find_spans(text)):
        undated = undated[: span.begin] + " " + undated[span.finish :]
    return any(sum(c.isdigit() for c in m.group(0)) >= 8 for m in _PHONE_RE.finditer(undated))


def strip_bullet(text: str) -> str:
    return BULLET_RE.sub("", text, count=1).strip()


def is_bullet(text: str) -> bool:
    return bool(BULLET_RE.match(text)) and not re.match(r"^\s*\d{1,2}[.)]\s*\d", text)


def word_count(text: str) -> int:
    return len(re.findall(r"[^\W\d_]{2,}", text))


def is_date_only(text: str) -> bool:
    rest = text
    for span in reversed(find_spans(text)):
        rest = rest[: span.begin] + " " + rest[span.finish :]
    return word_count(rest) == 0


def clip(text: str, limit: int = 300) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "\u2026"
