"""Language requirements of a ToR: which languages, required or desirable, one-of rules.

Languages are read from the requirement sections only (a language a duty or the context names
is not asked of the candidate). Each rule keeps the sentence it came from (``evidence``):

* "Fluency in English and French is required" gives two rules; "either French or Spanish",
  "French, Spanish or Arabic" and "French, Spanish and/or Arabic" give one rule whose
  ``any_of`` holds the alternatives (a list joined by commas takes the kind of the word that
  ends it: "A, B or C" is one-of, "A, B and C" is all).
* "Another / a second / any other (official) UN language" is one rule over the six official
  languages not already named in the requirements; when the text lists them ("another UN
  language (Arabic, Chinese…)"), the list is the rule.
* A rule is desirable when its clause says so ("an asset", "desirable", "preferably",
  "strongly recommended"), when a label before it grades it ("Desirable: French"), or when the
  heading of its section does ("Desirable requirements", "Desired languages"); otherwise it is
  required. A language the text does not name ("the local language") gives no rule.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from matcher import vocab
from matcher.models import CEFR_LEVELS, LanguageRequirement
from matcher.tor_layout import MAX_MENTIONS, MAX_SENTENCE, Section
from matcher.vocab import fold

__all__ = ["UN_OFFICIAL_LANGUAGES", "language_requirements"]

#: The six official languages of the United Nations.
UN_OFFICIAL_LANGUAGES: tuple[str, ...] = (
    "Arabic", "Chinese", "English", "French", "Russian", "Spanish",
)

_REQUIRED_CUE = (
    r"required|requirement|mandatory|essential|must|necessary|needed|indispensable|requis|"
    r"requises?|exigee?s?|obligatoires?|necessaires?|imprescindibles?|requerid[oa]s?|"
    r"necesari[oa]s?|requiere|requieren|obligatori[oa]|esencial|exigid[oa]|"
    # Portuguese (IDB's pages in Brazil).
    r"obrigatori[oa]s?|necessari[oa]s?|exigid[oa]s?|requerid[oa]s?"
)
_DESIRABLE_CUE = (
    r"desirable|desired|advantage|advantageous|asset|preferred|preferable|preferably|plus|"
    r"added value|"
    r"an advantage|beneficial|nice to have|ideally|welcome|considered|would be|recommended|"
    r"souhaitable|atout|un plus|avantage|apprecie|appreciee|souhaitee?s?|deseable|ventaja|"
    r"valorara|valora|se valorar|preferiblemente|de preference|preferentemente|recomendable|"
    r"desejavel|desejaveis|diferencial|preferencialmente|"
    # "Se prefiere tener conocimientos de francés", "De préférence", "Idéalement".
    r"se prefiere|preferible|idealement|idealmente"
)
_CUE_RE = re.compile(rf"\b(?:(?P<req>{_REQUIRED_CUE})|(?P<des>{_DESIRABLE_CUE}))\b")
_BEFORE_DESIRABLE = re.compile(
    r"\b(?:preferably|ideally|especially|particularly|de preference|preferiblemente|"
    r"preferentemente|notamment|in particular|(?:a )?preference for)\W*$"
)
_DESCRIPTIVE = re.compile(
    r"\b(?:working languages|official languages|languages of|langues de travail|"
    r"langues officielles|idiomas de trabajo|idiomas oficiales|are the languages|"
    r"sont les langues|son los idiomas)\b"
)
_PROFICIENCY = re.compile(
    r"fluen|proficien|knowledge|command|excellent|good|written|spoken|oral|ability|skills?\b|"
    r"maitrise|connaissance|courant|dominio|conocimiento|native|mother tongue|level|"
    r"\b[abc][12]\b"
)
_BOTH = re.compile(r"\b(?:both|either|les deux|ambos|ambas|these languages|ces langues)\b")
# "Another / a second / any other official UN language", in English, French and Spanish.
# "Another UNDP official language": the agency's name for the UN's; "an official UN
# language" or "a United Nations language" beside a required English means the same.
_OTHER_UN = re.compile(
    r"\b(?:an?other|other|a second|second|any other|an additional|additional|one other|an?)\s+"
    r"(?:(?:official|working)\s+)*(?:un|u\.n\.|united nations|undp|unicef|unfpa|unhcr|wfp)\s+"
    r"(?:(?:official|working)\s+)*languages?\b"
    r"|\bune autre langue officielle (?:des nations unies|de l'onu)"
    r"|\botro idioma oficial de (?:las naciones unidas|la onu)"
)
# A language word that names a nationality, a people or a region, not a language.
_NOT_A_LANGUAGE_AFTER = re.compile(
    r"\s*(?:citizens?|citizenship|nationals?|nationality|government|passports?|jpos?|"
    r"funded|sponsored|financed|donors?|embassies|"
    r"programmes?|programs?|authorities|embassy|ministry|america|-?\s*speaking|"
    # "Russian Federation", "Lao People's Democratic Republic" in a list of Member States.
    r"federation|people'?s democratic republic)",
)
# What may stand between two languages of one list: commas, "or", "and", "and/or", slashes,
# "either", a parenthesis ("Chinese (Mandarin)") and "the"/"in"/"of".
_CONNECTOR = re.compile(
    r"\s*(?:\([^)]{0,30}\)\s*)?(?P<sep>,?\s*(?:and\s*/\s*or|or\s*/\s*and|et\s*/\s*ou|y\s*/\s*o|e\s*/\s*ou|"
    r"or|and|et|ou|y|o|/|,))\s*"
    # "l'Anglais ou le Français", "le Kirundi et/ou le Swahili": an article after the "or".
    r"(?:either\s+|the\s+|in\s+|of\s+|le\s+|la\s+|l'\s*|el\s+)?$"
)


@dataclass(slots=True)
class _Rule:
    names: tuple[str, ...]
    required: bool
    level: str | None
    evidence: str
    #: "another UN language" without a list: resolved once every named language is known.
    other_un: bool = False
    #: The text graded the rule (a cue or a label); False when it took the section's default.
    graded: bool = False


def language_requirements(sections: Sequence[Section]) -> tuple[LanguageRequirement, ...]:
    """The language rules of the requirement ``sections`` (see the module docstring).

    Args:
        sections: The requirement sections, in document order. Sentences of a "languages"
            section count as stated; elsewhere a sentence must also speak of proficiency
            ("fluency", "knowledge", "written and spoken"…).

    Returns:
        One :class:`~matcher.models.LanguageRequirement` per rule, in the order first stated.
    """
    rules: list[_Rule] = []
    template: list[_Rule] = []
    for section in sections:
        for rule in _section_rules(section):
            (template if _GRADE_TEMPLATE.match(fold(rule.evidence)) else rules).append(
                rule
            )
    # "For International Professional and Field Service jobs: Knowledge of English and …":
    # the standard job description's rule holds only when the vacancy requires no language
    # of its own ("Working knowledge of French" under "Desired Attributes" adds an asset to
    # it), and only for languages the vacancy does not name itself.
    if not any(rule.required for rule in rules):
        own = {name for rule in rules for name in rule.names}
        rules = [*(r for r in template if not own.intersection(r.names)), *rules]
    named = {name for rule in rules if not rule.other_un for name in rule.names}
    out: dict[frozenset[str], _Rule] = {}
    for rule in rules:
        if rule.other_un:
            # "Korean and/or a United Nations language": the named language is one option.
            others = tuple(lang for lang in UN_OFFICIAL_LANGUAGES if lang not in named)
            if not others:
                continue
            rule.names = (*rule.names, *others)
        _merge(out, rule)
    groups = [rule for rule in out.values() if len(rule.names) > 1]
    kept = [
        rule for rule in out.values()
        # A language listed again on its own under a one-of rule that covers it ("Either
        # Arabic or Russian is desirable", then a table row "Arabic: UN Level I") adds nothing.
        if len(rule.names) > 1 or not any(
            rule.names[0] in g.names and g.required == rule.required for g in groups
        )
    ]
    return tuple(_requirement(rule) for rule in kept)


_GRADE_TEMPLATE = re.compile(
    r"^\W*for (?:international professional|national professional|general service|"
    r"field service|p|g|gs|no|nob|noa)\b[^:]{0,40}(?:jobs?|posts?|positions?|staff)?\s*:"
)


def _requirement(rule: _Rule) -> LanguageRequirement:
    if len(rule.names) == 1:
        return LanguageRequirement(rule.names[0], rule.required, rule.level,
                                   evidence=rule.evidence)
    *head, last = rule.names
    return LanguageRequirement(
        f"{', '.join(head)} or {last}", rule.required, rule.level, any_of=rule.names,
        evidence=rule.evidence,
    )


def _merge(out: dict[frozenset[str], _Rule], rule: _Rule) -> None:
    key = frozenset(rule.names)
    old = out.get(key)
    if old is None:
        out[key] = rule
        return
    old.required = old.required or rule.required
    levels = [lvl for lvl in (old.level, rule.level) if lvl is not None]
    old.level = max(levels, key=CEFR_LEVELS.index) if levels else None


def _section_rules(section: Section) -> list[_Rule]:
    in_section = section.kind == "languages"
    default = section.grade != "desirable"
    rules: list[_Rule] = []
    previous: list[_Rule] = []
    named: list[str] = []
    # "Required Language is English at C1 level" read as the heading: the heading is the rule.
    own_rule = [section.label] if in_section and vocab.find_languages(section.label) else []
    for sentence in (*own_rule, *section.sentences()):
        if len(sentence) > MAX_SENTENCE:
            continue
        folded = fold(sentence)
        marker = _GRADE_MARKER.match(folded)
        if marker is not None:
            # "Required:" … "Desired:" inside one section: each grades the lines below it.
            default = marker.group("req") is not None
            continue
        found = _sentence_rules(sentence, folded, in_section=in_section, default=default)
        if found is None:
            if (previous or named) and _BOTH.search(folded):
                # "French and English are the languages of the Mission. Fluency in both is
                # required.": the rule follows the sentence that names the languages.
                cue = _CUE_RE.search(folded)
                required = cue.group("req") is not None if cue else default
                level = vocab.required_language_level(sentence)
                for rule in previous:
                    if not rule.graded:
                        rule.required = required
                rules += [_Rule((name,), required, level, sentence.strip()) for name in named]
            # "Both" refers to the sentence right before it only: a later one ("… either a
            # staff member or …, as required") grades nothing.
            previous, named = [], []
            continue
        named = [] if found else [n for n, _, _ in _mentions(sentence, folded)]
        rules += found
        previous = found
    return rules


_GRADE_MARKER = re.compile(
    r"^\W*(?:(?P<req>required|essential|mandatory)|desired|desirable|preferred|assets?)\W*$"
)
_SIGN_LANGUAGE = "Sign Language"
# "American Sign Language", "Nepali sign language": the word before names which one.
_NAMED_SIGN_LANGUAGE = re.compile(r"\b(?!and\b|or\b|in\b|of\b|the\b|a\b|with\b)[a-z]{3,}\s+$")


def _mentions(sentence: str, folded: str) -> list[tuple[str, int, int]]:
    mentions: list[tuple[str, int, int]] = []
    for name, start, end in vocab.find_languages(sentence)[:MAX_MENTIONS]:
        if _NOT_A_LANGUAGE_AFTER.match(folded, end):
            continue
        before = folded[max(0, start - 30): start]
        if name == _SIGN_LANGUAGE and not _NAMED_SIGN_LANGUAGE.search(before):
            # "… Ukrainian and sign language": no sign language is named (a country's own one
            # would be, "Moldovan Sign Language"), so, like "the local language", no rule.
            continue
        if mentions and mentions[-1][0] == name and re.fullmatch(
            r"\s*\(\s*", folded[mentions[-1][2]: start]
        ):
            # "Chinese (Mandarin)": one language, named twice; the mention ends after ")".
            close = folded.find(")", end)
            last = mentions[-1]
            mentions[-1] = (name, last[1], close + 1 if 0 <= close - end < 5 else end)
            continue
        mentions.append((name, start, end))
    return mentions


def _sentence_rules(
    sentence: str, folded: str, *, in_section: bool, default: bool
) -> list[_Rule] | None:
    """The rules one sentence states; None when it names no language at all."""
    mentions = _mentions(sentence, folded)
    other_un = _OTHER_UN.search(folded)
    if not mentions and other_un is None:
        return None
    cues = list(_CUE_RE.finditer(folded))
    if not cues and _DESCRIPTIVE.search(folded) and other_un is None:
        # "English and French are the working languages of …" states no requirement.
        return []
    if not in_section and not _PROFICIENCY.search(folded) and not cues:
        return []
    rules: list[_Rule] = []
    groups = _groups(folded, mentions)
    joined = False
    if other_un is not None and not _listed_after(folded, other_un.end(), mentions):
        # "Knowledge of another official UN language is an asset": the six minus the named;
        # "Korean and/or a United Nations language": one rule with Korean among the options.
        item = ("", other_un.start(), other_un.end())
        joined = bool(groups) and bool(
            _OR_BEFORE.fullmatch(folded[groups[-1][-1][2]: other_un.start()])
        )
        if joined:
            groups[-1].append(item)
        else:
            groups.append([item])
    elif other_un is not None:
        # "a second official UN language: Arabic, Chinese, French, Russian, Spanish": the
        # list gives the options of one rule.
        after = [m for m in mentions if m[1] >= other_un.end()]
        groups = [g for g in groups if g[0][1] < other_un.end()] + [after]
    # "… Finnish or Swedish knowledge of any other UN language…": a clause opened right after
    # a language, where a line break was lost.
    ends = {end for _, _, end in mentions}
    openers = [m.start() for m in _CLAUSE_OPENER.finditer(folded) if m.start() in ends]
    # "Fluency in English, knowledge of local languages … is desirable", "Fluent written
    # English, with French or/and Spanish highly desirable": a comma right after a language,
    # then a new proficiency (or "with"), opens the clause the later grade is about.
    openers += [m.start() + 1 for m in _COMMA_OPENER.finditer(folded) if m.start() in ends]
    if _THE_OTHER.search(folded):
        # "Write effectively in French or English, with strong working knowledge of the other
        # language": both are asked for, one of them at a lower level.
        groups = [[item] for group in groups for item in group]
    for group in groups:
        start, end = group[0][1], group[-1][2]
        stated, clause = _status(folded, start, end, cues, openers)
        names = tuple(dict.fromkeys(name for name, _, _ in group if name))
        level = vocab.required_language_level(sentence[clause[0]: clause[1]])
        rules.append(_Rule(
            names, default if stated is None else stated, level, sentence.strip(),
            other_un=not names or (joined and group is groups[-1]), graded=stated is not None,
        ))
    return rules


_OR_BEFORE = re.compile(r"\s*(?:and\s*/\s*or|or|ou|o)\s*")
_THE_OTHER = re.compile(
    r"\b(?:knowledge|command|proficiency|understanding) (?:of|in) the other(?: language)?\b"
)


def _listed_after(folded: str, at: int, mentions: Sequence[tuple[str, int, int]]) -> bool:
    """True when the languages of "another UN language" follow it as a list ("(Arabic, …)",
    ": Arabic, Chinese…", "such as French")."""
    after = [start for _, start, _ in mentions if start >= at]
    return bool(after) and re.fullmatch(
        # "… another official UN language is desirable (French)".
        r"\s*(?:(?:is |are )?(?:highly |an? )?(?:desirable|an asset|required|an advantage)\s*)?"
        r"(?:[:(]|,?\s*(?:such as|e\.g\.?|i\.e\.?|namely|including|like|preferably|ideally))"
        r"\s*(?:either\s+)?",
        folded[at: after[0]],
    ) is not None


def _groups(
    folded: str, mentions: Sequence[tuple[str, int, int]]
) -> list[list[tuple[str, int, int]]]:
    """Mentions grouped into rules: a list joined by "or" is one rule, by "and" several."""
    if not mentions:
        return []
    chains: list[list[tuple[str, int, int]]] = [[mentions[0]]]
    joints: list[list[str]] = [[]]
    for prev, cur in zip(mentions, mentions[1:], strict=False):
        match = _CONNECTOR.match(folded[prev[2]: cur[1]])
        if match is None:
            chains.append([cur])
            joints.append([])
            continue
        chains[-1].append(cur)
        joints[-1].append(_joint(match.group("sep")))
    groups: list[list[tuple[str, int, int]]] = []
    for chain, joint in zip(chains, joints, strict=True):
        if _ANY_OF_LIST.search(folded[max(0, chain[0][1] - 120): chain[0][1]]):
            # "Knowledge of one or more minority languages …, including Romani, Bulgarian
            # and Ukrainian, is an asset": any of them, one rule.
            groups.append(chain)
            continue
        groups += _split_chain(chain, joint)
    return groups


_ANY_OF_LIST = re.compile(
    r"\b(?:one or more|at least one|any (?:one )?of)\b[^.;:]{0,100}?"
    r"(?:including|such as|e\.g\.|namely|:)\s*$"
)


def _joint(separator: str) -> str:
    sep = " ".join(separator.replace(",", " , ").split())
    if "or" in sep.split() or "ou" in sep.split() or "o" in sep.split() or "/" in sep:
        return "or"
    if sep == ",":
        return ","
    return "and"


def _split_chain(
    chain: list[tuple[str, int, int]], joints: list[str]
) -> list[list[tuple[str, int, int]]]:
    # A comma takes the kind of the next word that is not a comma ("A, B or C" is one-of).
    resolved = list(joints)
    for i in range(len(resolved) - 1, -1, -1):
        if resolved[i] == ",":
            resolved[i] = resolved[i + 1] if i + 1 < len(resolved) else "and"
    groups = [[chain[0]]]
    for item, joint in zip(chain[1:], resolved, strict=True):
        if joint == "or" or item[0] == groups[-1][-1][0]:
            groups[-1].append(item)
        else:
            groups.append([item])
    return groups


# Where a new language clause starts inside one sentence (wrapped lines glued together:
# "Spoken knowledge of Finnish or Swedish knowledge of any other UN language is an asset").
# "knowledge of", "good working knowledge of", "fluency in": a proficiency that opens a clause.
_PROFICIENCY_OPENS = (
    r"(?:(?:excellent|good|working|basic|fluent|full|some|a|an)\s+)?"
    r"(?:knowledge|fluency|proficiency|command)\s+(?:of|in)\b"
)
_CLAUSE_OPENER = re.compile(
    r"\s(?=" + _PROFICIENCY_OPENS
    # "Avoir une bonne maîtrise du français et la connaissance de l'anglais … seraient un
    # atout": "and knowledge of" after a language opens the clause the grade is about.
    + r"|(?:and|et|y|e)\s+(?:(?:la|the|el|a)\s+)?(?:knowledge|connaissance|conocimiento|"
    r"conhecimento)\s+(?:of|de|du|des|del|d')\b)"
)
# The same after a comma, where "with" opens a clause too ("English, with French desirable").
_COMMA_OPENER = re.compile(r",\s(?=with\b|" + _PROFICIENCY_OPENS + r")")


def _status(
    folded: str, start: int, end: int, cues: list[re.Match[str]], openers: Sequence[int] = ()
) -> tuple[bool | None, tuple[int, int]]:
    """Whether a rule is required (None: the text does not say), and the clause that says so.

    ``openers`` are offsets where a new clause starts without punctuation (see
    :data:`_CLAUSE_OPENER`).
    """
    clause_start = max(
        folded.rfind(";", 0, start), folded.rfind(". ", 0, start),
        max((o for o in openers if o < start), default=-1),
    ) + 1
    if _BEFORE_DESIRABLE.search(folded[max(0, start - 30): start]):
        return False, (clause_start, end)
    # A label such as "Desirable: Spanish" applies forward, to the next label.
    for cue in reversed(cues):
        if cue.end() <= start and folded[cue.end(): cue.end() + 2].strip().startswith(":"):
            return cue.group("req") is not None, (cue.start(), end)
    clause_end = min(
        [i for i in (folded.find(";", end), folded.find(". ", end)) if i >= 0]
        + [o for o in openers if o >= end]
        or [len(folded)]
    )
    # "English and the duty station's language (Russian or Kyrgyz, both an asset)": a cue in
    # parentheses grades only what the parentheses hold.
    notes = [m.span() for m in re.finditer(r"\([^()]*\)", folded)]
    following = [
        c for c in cues if end <= c.start() < clause_end
        and not any(a < c.start() < b and not a < start < b for a, b in notes)
    ]
    if following:
        cue = following[0]
        return cue.group("req") is not None, (clause_start, cue.end())
    before = [c for c in cues if clause_start <= c.end() <= start]
    if before:
        # Only cues before the language: "… must have excellent English".
        return before[-1].group("req") is not None, (clause_start, clause_end)
    return None, (clause_start, clause_end)
