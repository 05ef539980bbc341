"""Nationality restrictions of a ToR: who may apply, read from the sentence that says so.

A call restricts nationality only when a sentence does: "addressed exclusively to nationals of
Norway", "Open to Dutch nationals only", "Eligibility is limited to candidates holding Finnish
nationality", "This vacancy is open to nationals of EU Member States, Iceland…", "Candidates
must hold a valid EU passport", or a bare "Finnish citizenship" in a list of requirements.
The country a post sits in, a country the context names, diversity statements ("nationals of
X are encouraged to apply") and exclusions ("open to non-nationals of Belize") restrict nothing.

A restricting sentence gives one of three outcomes (:func:`nationality_restriction`):

* the countries it names (groups expanded: the EU's 27 members, the EEA, Switzerland,
  CARICOM's members and, when named, its associate members);
* ``dac``: nationals of (eligible) developing countries, i.e. the OECD-DAC list of ODA
  recipients (:mod:`matcher.dac`), plus any country it names;
* ``unlisted``: restricted to a list the ToR does not give ("one of the following eligible
  countries: eligible-countries.pdf", "ADB only hires nationals of its 69 members"), plus
  any country it names.

When sentences disagree, a DAC rule wins over a list, and a list over an unlisted rule (a
local post "open only to nationals of Viet Nam" of a bank that "only hires nationals of its
members" is restricted to Viet Nam).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from matcher import vocab
from matcher.models import NationalityRule
from matcher.text import ends_with_abbreviation
from matcher.vocab import fold

__all__ = [
    "CARICOM_ASSOCIATES",
    "CARICOM_MEMBERS",
    "EEA_MEMBERS",
    "EU_MEMBERS",
    "NationalityRestriction",
    "nationality_restriction",
]

#: The 27 member states of the European Union (ISO 3166 alpha-2).
EU_MEMBERS: frozenset[str] = frozenset(
    "AT BE BG HR CY CZ DK EE FI FR DE GR HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE".split()
)
#: The European Economic Area: the EU and Iceland, Liechtenstein, Norway.
EEA_MEMBERS: frozenset[str] = EU_MEMBERS | {"IS", "LI", "NO"}

_NATIONALITY_WORD = (
    # "open to qualified Somali national candidates only".
    # "NOC (open to Ethiopian National)": the singular closing a title's note.
    # "(Philippines national only)", "(National only, Remote)" in a consultancy's title.
    r"(?<!non-)(?<!non )(?:nationals|national (?:candidates?|applicants?)|national(?=\s*[)\]])|"
    r"national(?=\s+only\s*(?:[),\]]|$))|"
    r"a national(?: of|(?=,|\s+or\b))|(?<=\bbe )national of|"
    r"citizens?|citizenship|nationality(?:of)?|"
    r"nationalities|ressortissants?|nationalite|citoyens?|citoyennete|nacionales|nacionalidad|"
    r"ciudadan[oa]s?|ciudadania|passports?|passeport|pasaporte|cidadaos?|cidada|cidadania|"
    r"nacionalidade|"
    r"(?:candidates?|applicants?|candidats?|candidatos?) (?:from|de|du|des))"
)
_EXCLUSIVE = (
    r"exclusively|exclusivelyto|only|solely|restricted|reserved|limited|uniquement|"
    r"exclusivement|seulement|reservee?s?|exclusivamente|unicamente|solamente|solo|"
    r"reservad[oa]s?|restringid[oa]"
)
_EXCLUSIVE_BEFORE = re.compile(
    rf"\b(?:{_EXCLUSIVE})\b[^.;:\n]{{0,80}}?\b{_NATIONALITY_WORD}\b"
)
_EXCLUSIVE_AFTER = re.compile(
    rf"\b{_NATIONALITY_WORD}\b[^.;:\n]{{0,60}}?\b(?:only|exclusively|uniquement|"
    rf"exclusivement|unicamente|exclusivamente|solamente)\b"
)
# "This position is open to nationals of X", "Open to internal and external applicants who
# are nationals of the EU", "open to Tunisian nationals".
# "This vacancy announcement is for Bangladeshi Nationals": the call says whom it is for.
# "(For Vietnamese Nationals)" after a post's title: the same, as a note.
_OPEN_TO = re.compile(
    r"(?:\b(?:open|opens|opened|available|addressed|ouvert|ouverte|abierta?o?)\s+(?:only\s+)?"
    r"(?:to|for|aux?|a)|\b(?:vacancy|announcement|position|post|call) is (?:only )?for"
    # "Programme Associate, GS-6 Level (For Vietnamese Nationals)": a title's note.
    r"|\(\s*(?:only\s+)?for)\s+"
    r"(?:[\w'-]+\s+){0,8}?" + _NATIONALITY_WORD + r"\b"
)
# "Candidates must hold a valid EU passport", "must be a national of", "you need to be
# national of one of AfDB member countries", "Citizenship: You are a citizen of one of our
# 48 member countries" (a requirement in the second person).
_MUST = re.compile(
    r"(?:\bmust|\bneeds? to|\bha(?:ve|s) to|\bdeve(?:m)?|\bdebe(?:n)?|\bdoit|\bdoivent)\s+"
    r"(?:be|hold|have|possess|ser|etre|possuir|poseer|tener)\s+(?:[\w'-]+\s+){0,4}?"
    + _NATIONALITY_WORD + r"\b|(?:^|:)\s*you are (?:either )?an?\s+" + _NATIONALITY_WORD + r"\b"
)
# "Duty Station: Colombo: Nationality: Sri Lankans only": a form's field that restricts.
_NATIONALITY_FIELD = re.compile(
    r"\b(?:nationality|citizenship|nationalite|nacionalidad)\s*:\s*(?:[\w'-]+\s+){1,4}?"
    r"(?:only|exclusively|uniquement|unicamente|solamente)\b"
)
# "… a national, legal resident or hold refugee status in the country of assignment".
_ASSIGNMENT_COUNTRY = re.compile(
    r"\bcountry of (?:the )?(?:assignment|duty station)\b|\bhost country\b|"
    r"\bduty station country\b"
)
# "Finnish citizenship" on a line of its own, in a list of requirements.
_BARE = re.compile(
    r"^\W*(?:[\w'-]+\s+){1,3}(?:citizenship|nationality|nationalite|nacionalidad)\W*$"
)
_NOT_RESTRICTING = re.compile(
    r"\bnot\s+(?:\w+\s+)?(?:only|exclusively|restricted|limited)\b|\bne\s|"
    r"\bregardless of\b|\birrespective of\b|\bencourag|\ball nationalities\b|"
    r"\bany nationality\b|\btoutes nationalites\b|\bnon-?nationals?\b|\breserves the right\b|"
    # Exclusions: "Open to Non-Afghan Nationals only", "a national of a country other than
    # the country of assignment"; and the UN's rule on staff with two nationalities.
    r"\bnon-\s?\w+ (?:nationals?|citizens?)\b|\bnon-\s?\w+ only\b|\bother than\b|"
    # "Nationality: Internationals only": only the host country's nationals are left out.
    r"\binternationals? only\b|"
    r"\bun-recognized nationality\b|"
    r"\brecognized nationality\b"
)
_DEVELOPING = re.compile(
    r"developing countr|least developed countr|low[- ]income countr|oda recipient|"
    r"dac list|pays en (?:voie de )?developpement|paises en (?:vias de )?desarrollo"
)
#: The 15 member states of the Caribbean Community (CARICOM), as caricom.org lists them.
CARICOM_MEMBERS: frozenset[str] = frozenset(
    "AG BS BB BZ DM GD GY HT JM MS KN LC VC SR TT".split()
)
#: CARICOM's associate members: the five long-standing ones (Anguilla, Bermuda, British
#: Virgin Islands, Cayman Islands, Turks and Caicos) and Curaçao and Martinique, admitted in
#: 2024-2025 (as caricom.org listed them in 2026; the list changes, check it there).
CARICOM_ASSOCIATES: frozenset[str] = frozenset("AI BM VG KY TC CW MQ".split())
# "CARICOM member states", "nationals of the Caribbean Community".
_CARICOM = re.compile(
    r"\b(?:caricom|caribbean community)(?:\s+(?:member\s+)?(?:states|countries|members))?\b"
)
_ASSOCIATES = re.compile(r"\bassociate (?:members?|states?)\b")
_EEA = re.compile(r"\beea\b|european economic area")
_EU = re.compile(
    r"\beu\b(?:\s+member\s+states?)?|european union(?:\s+member\s+states?)?|"
    r"member states of the (?:eu|european union)|union europeenne|union europea"
)
_SWISS = re.compile(r"\bswitzerland\b|\bswiss\b|\bsuisse\b|\bsuiza\b")
# A list named but not given: members of an organisation, "eligible countries", a file.
_UNLISTED = re.compile(
    r"\bmembers?\b|member (?:states|countries)|\bmembros\b|\bmiembros\b|\bmembres\b|"
    r"eligible\W{0,2}countr|"
    r"following (?:\w+\W{0,2} )?countr|"
    r"participating countr|programme countr|program countr|donor countr|\.pdf\b|"
    r"list of countr|sponsoring countr"
)
_LIST_END = re.compile(r"[;\n]|\.(?:\s|$)")


def _list_end(folded: str, start: int) -> re.Match[str] | None:
    """Where a list of countries after a colon ends: a semicolon, a line break, or a full stop
    that is not an abbreviation's ("Democratic Rep. Congo")."""
    for match in _LIST_END.finditer(folded, start):
        # Only the word before the stop is read (rfind stops at its space): linear in the text.
        before = folded[max(start, folded.rfind(" ", start, match.start()) + 1): match.start()]
        if match.group(0)[0] != "." or not ends_with_abbreviation(before):
            return match
    return None
_ANNOUNCED_LIST = re.compile(r"\bthe following (?:\w+\W{0,2} )?countr")
# "(Nationals Only)", "open to national candidates only": no country named, so the post's.
_NATIONALS_ONLY = re.compile(
    r"(?:(?:this|the) (?:position|post|vacancy|job|role) is\s+)?(?:(?:open|available) to\s+)?"
    r"(?:\w+\s+)?(?:nationals|citizens|national candidates|"
    r"national applicants|national)\s+only"
)
# "a citizen of Brazil or a non-citizen eligible to obtain residency": anyone may apply.
_EXCLUSION = re.compile(
    r"\bother than\b|\bnon-\s?\w+ (?:nationals?|citizens?)\b|\bexcept\b|\bor an? non-?citizen\b"
)
_FROM = re.compile(r"(?:candidates?|applicants?|candidats?|candidatos?) (?:from|de|du|des)\W?$")
# An eligibility rule stated as such even in the context of a post ("ADB only hires nationals
# of its 69 members"): the exclusive word right next to the nationality noun.
_HIRING_RULE = re.compile(
    rf"\b(?:only|exclusively|solely)\s+(?:\w+\s+){{0,2}}?(?:to\s+)?{_NATIONALITY_WORD}\b"
    rf"|\b{_NATIONALITY_WORD}\s+only\b"
)
_SPONSORSHIP = re.compile(
    r"\b(?:jpo|junior professional officer|associate expert|jeune expert|sponsored by|"
    r"financed by|funded by)\b"
)
# "PLEASE NOTE THAT THIS VACANCY IS ONLY FOR NATIONALS OF INDONESIA" under a job-description
# heading: a sentence about the call itself, wherever the page put it.
_THE_CALL = re.compile(
    r"\b(?:this|the) (?:vacancy|position|post|job|call|opening|announcement|assignment)\b"
)
# Folded once per context sentence: one search over the three kinds of sentence that count.
_COUNTS_IN_CONTEXT = re.compile(
    "|".join(f"(?:{p.pattern})" for p in (_SPONSORSHIP, _HIRING_RULE, _THE_CALL))
)
_INCLUSIVE = re.compile(r"(?<=\w)\((?:e|es|a|as|ne|nes|le|les)\)", re.IGNORECASE)
_WINDOW_END = re.compile(r"[.;:()\[\]\n]")


@dataclass(frozen=True, slots=True)
class NationalityRestriction:
    """Who may apply: ``countries`` (ISO alpha-2) under ``rule`` (None: exactly those)."""

    countries: tuple[str, ...]
    rule: NationalityRule | None
    evidence: str


_Kind = Literal["list", "dac", "unlisted"]


def nationality_restriction(
    sentences: Iterable[str],
    lines: Iterable[str] = (),
    context: Iterable[str] = (),
    assignment: tuple[str, ...] = (),
) -> NationalityRestriction | None:
    """The nationality restriction the ToR states, or None for a call open to all.

    Args:
        sentences: Sentences that may restrict (title and header lines, eligibility and
            requirement sections, notes; never duties).
        lines: Lines of requirement lists, where a bare "Finnish citizenship" restricts.
        context: Sentences of the context and the duties of the post: only a JPO
            sponsorship sentence ("This JPO position is open to Japanese nationals only"), a
            hiring rule or a sentence about the call ("this vacancy is only for nationals
            of …") counts there.
        assignment: The country (ISO alpha-2) the post sits in, when the ToR names it: a
            call open only to nationals of "the country of assignment" is open to those.

    Returns:
        The restriction, with the sentence it was read from.
    """
    found: list[tuple[_Kind, tuple[str, ...], str]] = []
    sponsorship = (s for s in context if _COUNTS_IN_CONTEXT.search(fold(s)))
    for sentence in (*sentences, *sponsorship):
        if len(sentence) > 1500:
            continue
        restriction = _sentence_restriction(sentence, assignment)
        if restriction is not None:
            found.append(restriction)
    for line in lines:
        if len(line) <= 60 and _BARE.match(fold(line)):
            codes = _country_codes(line)
            if codes:
                found.append(("list", codes, line.strip()))
    if not found:
        return None
    rules: tuple[tuple[_Kind, NationalityRule | None], ...] = (
        ("dac", "dac"), ("list", None), ("unlisted", "unlisted"),
    )
    for kind, rule in rules:
        chosen = [f for f in found if f[0] == kind]
        if chosen:
            pool = found if kind == "dac" else chosen
            codes = tuple(dict.fromkeys(c for f in pool for c in f[1]))
            return NationalityRestriction(countries=codes, rule=rule, evidence=chosen[0][2])
    return None


def _sentence_restriction(
    sentence: str, assignment: tuple[str, ...] = ()
) -> tuple[_Kind, tuple[str, ...], str] | None:
    # Inclusive writing ("ressortissant(e)s") would end the clause at its parenthesis.
    sentence = _INCLUSIVE.sub("", sentence)
    folded = fold(sentence)
    if not re.search(_NATIONALITY_WORD, folded):
        return None
    for pattern in (_EXCLUSIVE_BEFORE, _EXCLUSIVE_AFTER, _OPEN_TO, _MUST, _NATIONALITY_FIELD):
        match = pattern.search(folded)
        if match is None:
            continue
        around = folded[max(0, match.start() - 20): match.end() + 20]
        if _NOT_RESTRICTING.search(around):
            continue
        window = _window(sentence, folded, match, after=pattern is _EXCLUSIVE_AFTER)
        if _EXCLUSION.search(fold(window)):
            # "a national of a country other than the country of assignment": who may not
            # apply, not who may.
            continue
        # "… ONE OF THE FOLLOWING ELIGIBLE COUNTRIES, excluding Ethiopia": who is left out
        # is not among who may apply.
        window = re.split(r"(?i)\bexcluding\b", window, maxsplit=1)[0]
        scope = _scope(window, sentence.strip())
        local = _NATIONALS_ONLY.fullmatch(fold(window).strip(" -()[]"))
        if assignment and scope[0] == "unlisted" and (
            _ASSIGNMENT_COUNTRY.search(fold(window)) or (local and not scope[1])
        ):
            # "the country of assignment", or a bare "(Nationals Only)" in a local post's
            # title: the country the post sits in.
            scope = ("list", tuple(dict.fromkeys((*scope[1], *assignment))), scope[2])
        if not scope[1] and _FROM.search(folded[match.start(): match.end() + 1]):
            # "one or more candidates from this vacancy": "candidates from" restricts only
            # when a country follows.
            continue
        return scope
    return None


def _window(sentence: str, folded: str, match: re.Match[str], *, after: bool) -> str:
    """The words that name who may apply: from the cue to the end of its clause, or, for
    "… Finnish nationals only", the few words before the nationality noun."""
    if after:
        head = folded[max(0, match.start() - 40): match.start()]
        head = re.split(r"[:;(),\[\]]", head)[-1]
        return sentence[match.start() - len(head): match.end()]
    stop = _WINDOW_END.search(folded, match.end())
    if (
        stop is not None and folded[stop.start()] == ":"
        and _ANNOUNCED_LIST.search(folded, match.end(), stop.start())
        and vocab.find_countries(sentence[stop.end(): stop.end() + 40].split(",")[0])
    ):
        # "only nationals of the following countries can be considered: Afghanistan, …":
        # the list after the colon is who may apply; it ends at a full stop that is not an
        # abbreviation's ("Democratic Rep. Congo").
        stop = _list_end(folded, stop.end())
    return sentence[match.start(): stop.start() if stop else len(sentence)]


def _scope(window: str, evidence: str) -> tuple[_Kind, tuple[str, ...], str]:
    folded = fold(window)
    codes: list[str] = []
    if _EEA.search(folded):
        codes += sorted(EEA_MEMBERS)
    if _EU.search(folded):
        codes += sorted(EU_MEMBERS)
    if _SWISS.search(folded):
        codes.append("CH")
    if _CARICOM.search(folded):
        codes += sorted(CARICOM_MEMBERS)
        if _ASSOCIATES.search(folded):
            codes += sorted(CARICOM_ASSOCIATES)
    codes += _country_codes(window)
    unique = tuple(dict.fromkeys(codes))
    if _DEVELOPING.search(folded):
        return "dac", unique, evidence
    rest = _ASSOCIATES.sub(" ", _CARICOM.sub(" ", _EU.sub(" ", _EEA.sub(" ", folded))))
    if unique and _ANNOUNCED_LIST.search(folded) and ":" in folded:
        # "… of the following countries: A, B, C": the list given.
        return "list", unique, evidence
    if _UNLISTED.search(rest) or not unique:
        return "unlisted", unique, evidence
    return "list", unique, evidence


def _country_codes(window: str) -> tuple[str, ...]:
    codes = [code for code, _, _ in vocab.find_countries(window)]
    if not codes:
        # Word by word catches what the scanner leaves out in this context: plural
        # demonyms ("belges") and names after an article ("the Netherlands").
        for word in re.findall(r"[^\W\d_]{3,}", window):
            code = vocab.country_code(word) or (
                vocab.country_code(word[:-1]) if word.lower().endswith("s") else None
            )
            if code is not None:
                codes.append(code)
    return tuple(dict.fromkeys(codes))
