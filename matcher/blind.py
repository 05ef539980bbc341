"""Blind review: every text shown for a candidate, with the person taken out.

A recruiter reviewing blind sees the work a CV describes, not who wrote it. :func:`mask_texts`
receives the parsed candidate and the texts about to be shown for them (evidence quotes, check
details, a recruiter's note) and returns them with these masked:

- the candidate's **name**, wherever a word of it appears capitalised ("Anna", "SCHMIDT");
- **contact lines**: e-mail addresses, phone numbers, street addresses, web links (LinkedIn,
  personal sites) and labelled contact fields ("Skype: …");
- **dates and places of birth** and the age ("Date of birth: …", "born in 1994", "Âge : 28");
- **gender words**: honorifics (Mr, Ms, Mme, Sra…) are dropped, gendered third-person
  pronouns are written in one form (the encoder's own rule, :func:`matcher.statements.
  neutral_pronouns`), gendered job nouns become neutral ("chairwoman" -> "chairperson"), and
  words such as "female", "husband", "maternity" and labelled "Gender:" fields are masked;
- marital status and religion when labelled;
- the **nationality**, unless the vacancy restricts nationality (then it is a requirement the
  recruiter must see: :func:`nationality_is_required`): labelled fields, and every mention of a
  country the candidate states as theirs.

Photos never reach this point: the readers extract text only. Grammatical gender in French and
Spanish ("coordinadora", "diplômée") is not rewritten.

The name is not a parsed field of the CV, so it is taken from the CV itself: a labelled line
("Name: …", "Nom : …", "Nombre: …"), the first line when it reads like a name, "my name is …",
and the words of the CV's e-mail addresses (``anna.schmidt@…`` gives "anna" and "schmidt").
When none of these gives a name, the words of the file name stand in for it.

Candidates are shown as ``Candidate N`` (:func:`candidate_label`); N is stable within a vacancy
and assigned by the pool, not here. Every pattern has bounded repeats: the texts come from
strangers.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import PurePosixPath

from matcher.models import Candidate, MatchResult, Vacancy
from matcher.statements import neutral_pronouns
from matcher.vocab import find_countries, fold

__all__ = [
    "BlindMask",
    "MASKS",
    "blind_mask",
    "candidate_label",
    "mask_texts",
    "name_words",
    "nationality_is_required",
]

#: What replaces each kind of masked text.
MASKS: dict[str, str] = {
    "name": "[name]",
    "email": "[e-mail]",
    "phone": "[phone]",
    "link": "[link]",
    "address": "[address]",
    "birth": "[date of birth]",
    "gender": "[gender]",
    "personal": "[personal detail]",
    "nationality": "[nationality]",
    "country": "[country]",
}


def candidate_label(number: int) -> str:
    """The blind label of a pool's N-th candidate: ``Candidate N``."""
    return f"Candidate {number}"


def nationality_is_required(vacancy: Vacancy) -> bool:
    """Whether the call restricts nationality, so that a candidate's stays visible."""
    return bool(vacancy.requirements.nationalities)


# --------------------------------------------------------------------------- labelled fields

# "Label: value" fields, the label at a line start or after a separator of a contact line
# ("Phone: … | Email: … | Nationality: …"); the value runs to the next separator.
_LABELS: dict[str, str] = {
    "name": r"full name|name|surname|first name|last name|family name|given names?|nom complet"
    r"|nom de famille|nom|pr[ée]noms?|nombre completo|nombres?|apellidos?",
    "email": r"e-?mail|courriel|correo(?: electr[óo]nico)?",
    "phone": r"phone|telephone|t[ée]l[ée]phone|tel|t[ée]l|tel[ée]fono|mobile|mobile phone|cell"
    r"|cellphone|m[óo]vil|portable|whatsapp|fax",
    "link": r"skype|linkedin|website|web|site web|sitio web|github|twitter|homepage",
    "address": r"address|home address|postal address|adresse|adresse postale|direcci[óo]n"
    r"|domicilio|residence|r[ée]sidence",
    "birth": r"date of birth|birth ?date|born|dob|d\.o\.b\.?|place of birth|date de naissance"
    r"|lieu de naissance|n[ée]e? le|n[ée]\(e\) le|fecha de nacimiento|lugar de nacimiento"
    r"|nacid[oa] el|age|[âa]ge|edad",
    "gender": r"gender|sex|sexe|sexo|genre|g[ée]nero",
    "personal": r"marital status|civil status|[ée]tat civil|situation familiale|estado civil"
    r"|religion|religi[óo]n",
    "nationality": r"nationality|nationalities|citizenship|nationalit[ée]s?|nacionalidad(?:es)?"
    r"|ciudadan[íi]a|citoyennet[ée]|passport|passeport|pasaporte",
}
_SEPARATORS = "|•;·\n"


def _label_pattern(kinds: Iterable[str]) -> re.Pattern[str]:
    alternatives = "|".join(f"(?P<{kind}>{_LABELS[kind]})" for kind in kinds)
    return re.compile(
        r"(?im)(?:^|(?<=[|•;·]))(?P<lead>[ \t]{0,8}(?:[-*•·][ \t]{0,4})?)(?:" + alternatives
        + r")(?P<sep>[ \t]{0,4}[:：][ \t]{0,4})(?P<value>[^|•;·\n]{1,200})"
    )


_LABELLED = _label_pattern(_LABELS)
_LABELLED_KEEP_NATIONALITY = _label_pattern(k for k in _LABELS if k != "nationality")


def _mask_labelled(text: str, pattern: re.Pattern[str]) -> str:
    def replace(match: re.Match[str]) -> str:
        groups = match.groupdict()
        kind = next(k for k in _LABELS if groups.get(k) is not None)
        value = match.group("value")
        trail = value[len(value.rstrip()):]
        return f"{match.group('lead')}{match.group(kind)}{match.group('sep')}{MASKS[kind]}{trail}"

    return pattern.sub(replace, text)


# --------------------------------------------------------------------------- contact details

_EMAIL = re.compile(
    r"[\w.+-]{1,64}(?:@|[ \t]?[\[(]at[\])][ \t]?)[\w-]{1,63}(?:(?:\.|[ \t]?[\[(]dot[\])][ \t]?)"
    r"[\w-]{1,63}){1,8}",
    re.IGNORECASE,
)
_LINK = re.compile(
    r"(?:https?://|www\.)[^\s<>\"]{1,300}"
    r"|\b(?:[\w-]{1,63}\.){1,4}(?:com|org|net|io|me|info|dev)\b(?:/[^\s<>\"]{0,300})?"
    r"|\b(?:[\w-]{1,63}\.){1,4}(?:eu|int|ch|fr|es|de|uk)/[^\s<>\"]{0,300}"
    r"|\b(?:linkedin|github|twitter|facebook|instagram|researchgate|orcid)\.(?:com|org)\b",
    re.IGNORECASE,
)
_PHONE = re.compile(r"(?<![\w+])\+?\(?\d[\d \t().-]{6,24}\d(?!\w)")
_YEAR = re.compile(r"^(?:19|20)\d\d$")
# Street words are capitalised in English addresses ("221B Baker Street") so that "3 years on
# the road" stays; French and Spanish ones follow the number ("12 rue de la Paix") or lead it
# ("Calle Mayor 5"). The rest of the line (post code, city) goes with the street, up to the end
# of a sentence.
_ADDRESS_TAIL = r"(?:[^|•;·\n.]|\.(?!\s)){0,100}"
_ADDRESS = re.compile(
    r"\b\d{1,5}[a-zA-Z]?,?[ \t]{1,4}(?:"
    r"(?:[Rr]ue|[Aa]venue|[Bb]oulevard|[Cc]hemin|[Aa]ll[ée]e|[Cc]alle|[Aa]venida|[Cc]arrera)\b"
    r"|(?:[A-ZÀ-Ý][\w'’.-]{0,30}[ \t]{1,4}){1,4}(?:Street|St\.|Road|Rd\.|Avenue|Ave\.|Boulevard"
    r"|Blvd\.?|Lane|Drive|Way|Square|Close|Court|Place|Straße|Strasse|Weg|Platz)\b"
    r")" + _ADDRESS_TAIL
    + r"|\b(?:Calle|Avenida|Carrera|Rue|Chemin|Straße|Strasse)[ \t]{1,4}"
    r"(?:[\w'’.-]{1,30}[ \t]{1,4}){0,5}?\d{1,5}\b" + _ADDRESS_TAIL
)


def _mask_phone(match: re.Match[str]) -> str:
    found = match.group(0)
    groups = re.findall(r"\d+", found)
    # A date range ("2015 - 2019", "03.2019 - 06.2021") is not a number to call: years, with
    # at most months or days between them, and no international prefix.
    dates = (
        not found.startswith("+")
        and any(_YEAR.match(g) for g in groups)
        and all(_YEAR.match(g) or len(g) <= 2 for g in groups)
    )
    if sum(len(g) for g in groups) < 8 or dates:
        return found
    return MASKS["phone"]


def _mask_address(match: re.Match[str]) -> str:
    found = match.group(0)
    return MASKS["address"] + found[len(found.rstrip()):]


def _strip_link_tail(match: re.Match[str]) -> str:
    # A sentence's full stop or closing bracket after a link stays in the sentence.
    tail = re.search(r"[.,;:!?)\]]+$", match.group(0))
    return MASKS["link"] + (tail.group(0) if tail else "")


_BIRTH_PHRASE = re.compile(
    r"\b(?:born|née?|né\(e\)|nacid[oa])[ \t]{1,4}(?:on|in|at|le|el|en|à|a)?[ \t]{0,4}"
    r"[^\n,;|]{0,40}?\b(?:19|20)\d\d\b"
    r"(?:,?[ \t]{1,4}(?:à|in|en|a|at)[ \t]{1,4}[A-ZÀ-Ý][\w'’-]{1,30})?",
    re.IGNORECASE,
)


# --------------------------------------------------------------------------- gender words

_HONORIFICS = re.compile(
    # Not "Sr.": in English CVs it is "Senior" far more often than "Señor".
    r"\b(?:Mr|Mrs|Ms|Miss|Mx|Mme|Mlle|Madame|Mademoiselle|Monsieur|Sra|Srta|Señora|Señorita"
    r"|Señor)\b\.?[ \t]{0,4}"
)
_NEUTRAL_NOUNS = re.compile(
    r"\b(chair|spokes|business|sales|congress|camera|fresh|fore|police)(?:wo)?(man|men)\b",
    re.IGNORECASE,
)
_GENDER_WORDS = re.compile(
    r"\b(?:male|female|man|woman|mother|father|husband|wife|maternity|paternity|masculine"
    r"|feminine|homme|femme|m[èe]re|p[èe]re|mari|[ée]pouse|masculin|f[ée]minin|hombre|mujer"
    r"|madre|padre|esposo|esposa|masculino|femenino)\b",
    re.IGNORECASE,
)


def _neutral_noun(match: re.Match[str]) -> str:
    return match.group(1) + ("person" if match.group(2).lower() == "man" else "people")


def _mask_gender(text: str, language: str | None) -> str:
    text = _HONORIFICS.sub("", text)
    text = _NEUTRAL_NOUNS.sub(_neutral_noun, text)
    text = _GENDER_WORDS.sub(MASKS["gender"], text)
    return neutral_pronouns(text, language)


# --------------------------------------------------------------------------- the name

_NAME_STOP = frozenset(
    "curriculum vitae cv resume résumé hoja de vida mr mrs ms miss dr de da del della di do dos "
    "das du van von der den la le el al bin ben ibn y e st the final updated english french "
    "spanish version draft copy application jpo doc docx pdf txt".split()
)
_GENERIC_MAILBOX = frozenset(
    "info contact mail email hello admin office jobs job careers hr cv resume me perso "
    "personal work gmail yahoo hotmail outlook".split()
)
_NAME_LINE = re.compile(
    r"^[ \t]{0,8}(?:[A-ZÀ-ÖØ-Þ][\w'’.-]{0,30}|[A-ZÀ-ÖØ-Þ]{2,30})(?:[ \t]{1,4}(?:[A-ZÀ-ÖØ-Þ][\w'’.-]"
    r"{0,30}|(?:de|da|del|di|du|van|von|der|den|la|le|el|al|bin|ibn|y)))"
    r"{1,5}[ \t]{0,8}$"
)
_LINE_SEPARATORS = re.compile(r"[|,·•–—]|\s-\s")
_MY_NAME_IS = re.compile(
    r"\b(?:my name is|je m'appelle|me llamo|mi nombre es)[ \t]{1,4}"
    r"((?:[A-ZÀ-ÖØ-Þ][\w'’-]{1,30}[ \t]{0,4}){1,4})",
    re.IGNORECASE,
)
_CV_TITLE = re.compile(
    r"^\W{0,4}(?:curriculum vitae|cv|resume|résumé|hoja de vida|personal details)\W{0,4}$",
    re.IGNORECASE,
)
_NAME_LABEL = _label_pattern(["name"])


def _words(text: str) -> list[str]:
    """Name words of a phrase; a hyphenated name counts whole and by its parts."""
    words: list[str] = []
    for word in re.findall(r"[^\W\d_]+(?:['’-][^\W\d_]+)*", text):
        parts = re.split(r"['’-]", word)
        words += [w for w in (word, *parts) if len(w) >= 2 and fold(w) not in _NAME_STOP]
    return list(dict.fromkeys(words))


def _first_line_name(text: str) -> list[str]:
    lines = [ln.strip() for ln in text.splitlines()[:12] if ln.strip()]
    for line in lines[:3]:
        if _CV_TITLE.match(line):
            continue
        head = _LINE_SEPARATORS.split(line, maxsplit=1)[0].strip()
        return _words(head) if _NAME_LINE.match(head) else []
    return []


def _mailbox_words(text: str) -> list[str]:
    words: list[str] = []
    for match in _EMAIL.finditer(text):
        local = re.split(r"@|[ \t]?[\[(]at[\])]", match.group(0), maxsplit=1)[0]
        words += [w for w in re.findall(r"[^\W\d_]{3,}", local)
                  if fold(w) not in _GENERIC_MAILBOX and fold(w) not in _NAME_STOP]
    return words


def name_words(candidate: Candidate) -> frozenset[str]:
    """The folded words of the candidate's name, as far as the CV tells it."""
    text = candidate.text or "\n".join(candidate.chunks)
    found = _first_line_name(text) + _mailbox_words(text)
    for match in _NAME_LABEL.finditer(text[:20_000]):
        found += _words(match.group("value"))
    for match in _MY_NAME_IS.finditer(text[:20_000]):
        found += _words(match.group(1))
    if not found:
        found = _words(PurePosixPath(candidate.source.replace("\\", "/")).stem.replace("_", " "))
    return frozenset(fold(w) for w in found)


def _mask_name(text: str, pattern: re.Pattern[str] | None) -> str:
    if pattern is None:
        return text
    folded = fold(text)
    pieces: list[str] = []
    last = 0
    for match in pattern.finditer(folded):
        # Names are written capitalised; "young people" keeps its word for a Ms Young.
        if text[match.start()].isupper():
            pieces += [text[last:match.start()], MASKS["name"]]
            last = match.end()
    return "".join(pieces) + text[last:] if pieces else text


# --------------------------------------------------------------------------- the mask


@dataclass(frozen=True, slots=True)
class BlindMask:
    """What to mask in the texts shown for one candidate (build it with :func:`blind_mask`).

    Attributes:
        names: Folded words of the candidate's name.
        nationalities: ISO codes whose countries are masked (empty when the call restricts
            nationality).
        language: The CV's language, for the pronoun rule.
        keep_nationality: Whether labelled nationality fields stay visible.
    """

    names: frozenset[str]
    nationalities: frozenset[str]
    language: str | None
    keep_nationality: bool

    def apply(self, text: str) -> str:
        """``text`` with everything personal masked (see the module docstring)."""
        if not text:
            return text
        text = _mask_labelled(
            text, _LABELLED_KEEP_NATIONALITY if self.keep_nationality else _LABELLED
        )
        text = _EMAIL.sub(MASKS["email"], text)
        text = _LINK.sub(_strip_link_tail, text)
        text = _BIRTH_PHRASE.sub(MASKS["birth"], text)
        text = _ADDRESS.sub(_mask_address, text)
        text = _PHONE.sub(_mask_phone, text)
        text = _mask_name(text, _name_pattern(self.names))
        text = _mask_gender(text, self.language)
        if self.nationalities:
            text = self._mask_countries(text)
        return text

    def result(self, result: MatchResult) -> MatchResult:
        """``result`` with its evidence quotes and check details masked."""
        return dataclasses.replace(
            result,
            evidence=tuple(dataclasses.replace(e, chunk=self.apply(e.chunk))
                           for e in result.evidence),
            checks=tuple(dataclasses.replace(c, detail=self.apply(c.detail))
                         for c in result.checks),
        )

    def _mask_countries(self, text: str) -> str:
        spans = [(s, e) for code, s, e in find_countries(text) if code in self.nationalities]
        for start, end in reversed(spans):
            text = text[:start] + MASKS["country"] + text[end:]
        return text


def _name_pattern(names: frozenset[str]) -> re.Pattern[str] | None:
    if not names:
        return None
    alternation = "|".join(re.escape(n) for n in sorted(names, key=lambda n: (-len(n), n)))
    return re.compile(r"(?<![\w])(?:" + alternation + r")(?![\w])")


def blind_mask(candidate: Candidate, *, keep_nationality: bool) -> BlindMask:
    """The mask of one candidate.

    Args:
        candidate: The parsed candidate (its text gives the name words).
        keep_nationality: True when the vacancy restricts nationality
            (:func:`nationality_is_required`): the nationality is then shown.
    """
    return BlindMask(
        names=name_words(candidate),
        nationalities=frozenset() if keep_nationality else frozenset(candidate.nationalities),
        language=candidate.text_language,
        keep_nationality=keep_nationality,
    )


def mask_texts(
    candidate: Candidate, texts: Sequence[str], *, keep_nationality: bool
) -> tuple[str, ...]:
    """The texts shown for a candidate, masked for blind review (see the module docstring).

    Args:
        candidate: The parsed candidate the texts are about.
        texts: Evidence quotes, check details, notes: anything shown for this candidate.
        keep_nationality: True when the vacancy restricts nationality.

    Returns:
        One masked text per input text, in order.
    """
    mask = blind_mask(candidate, keep_nationality=keep_nationality)
    return tuple(mask.apply(text) for text in texts)
