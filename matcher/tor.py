"""Terms of Reference (vacancy) parser: plain text in, :class:`~matcher.models.Vacancy` out.

ToRs from different agencies and sponsors share a skeleton (general information, duties,
learning elements, qualifications) but word and lay it out differently. The parser therefore
finds sections by the *meaning* of their headings: a heading is a short line whose words all
belong to one section's vocabulary (English, French, Spanish), optionally numbered ("III.",
"2.", "B)") and optionally followed by inline content ("Education: Master's degree in law").

Within the duties and learning sections a bulleted list gives one unit per bullet (the prose
around it is a lead-in or context, not a unit); a section without bullets is split into
sentences. Requirements are read from their own sub-sections, falling back to the whole
qualifications section. Anything the text does not state stays None or empty: the parser never
guesses, and it never raises on odd text (garbage in, mostly-empty vacancy out).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from matcher import vocab
from matcher.models import (
    CEFR_LEVELS,
    DEGREE_LEVELS,
    DegreeLevel,
    EducationRequirement,
    ExperienceRequirement,
    LanguageRequirement,
    Requirements,
    Substitute,
    Vacancy,
)
from matcher.text import (
    Item,
    acronym_definitions,
    fold,
    group_items,
    normalize_text,
    normalized_content_id,
    split_sentences,
)

__all__ = ["SECTION_KINDS", "classify_heading", "parse_duration_months", "parse_vacancy"]

#: Section kinds the parser recognises; "other" ends the section before it and is ignored.
SECTION_KINDS: tuple[str, ...] = (
    "general",
    "supervision",
    "duties",
    "learning",
    "qualifications",
    "education",
    "experience",
    "languages",
    "skills",
    "competencies",
    "background",
    "eligibility",
    "other",
)

# --------------------------------------------------------------------------- headings

# Each kind: (core words, filler words). A heading belongs to a kind when it holds at least one
# core word and every other word is core or filler. Words are folded (lowercase, no accents).
_COMMON_FILLER = frozenset(
    "and of the a an for to in on with your our de des du d la le les l et y el los las del "
    "en al un una une e o ou or".split()
)
_HEADING_WORDS: tuple[tuple[str, frozenset[str], frozenset[str]], ...] = tuple(
    (kind, frozenset(core.split()), frozenset(filler.split()))
    for kind, core, filler in (
        (
            "learning",
            "learning apprentissage aprendizaje",
            "training elements element expected outcomes outcome objectives objective "
            "opportunities opportunity components component formation formacion elementos "
            "development developpement desarrollo resultados resultats attendus esperados "
            "possibilites oportunidades what you will gain",
        ),
        (
            "education",
            "education educational academic formation formacion etudes estudios diplomas "
            "degree degrees academique academica academico educacion",
            "background qualifications qualification level required requirements niveau "
            "nivel university universitaire universitaria requis requise requises requerida "
            "minimum minima minimo",
        ),
        (
            "experience",
            "experience experiences experiencia experiencias",
            "work working professional relevant years of required minimum prior job travail "
            "professionnelle professionnelles laboral laborales profesional profesionales "
            "requise requises requerida pertinente pertinentes previous",
        ),
        (
            "languages",
            "languages language langues langue idiomas idioma lenguas lengua linguistic "
            "linguistiques linguisticas",
            "skills skill requirements requirement required knowledge competences "
            "connaissances conocimientos proficiency requises requis requeridos competencias",
        ),
        (
            "skills",
            "skills skill habilidades aptitudes",
            "other technical it computer additional specific required desirable key "
            "autres otras otros techniques tecnicas informatiques informaticas and "
            "knowledge abilities competences conocimientos",
        ),
        (
            "competencies",
            "competencies competency competences competencias values",
            "un core managerial required key onu nu organizational organisationnelles "
            "fondamentales basicas clave requises requeridas behavioural behavioral "
            "functional functionnelles",
        ),
        (
            "qualifications",
            "qualifications qualification requirements requisites profile profil perfil "
            "requisitos exigences calificaciones cualificaciones criteria",
            "experience experiences experiencia required requises requis requeridos "
            "minimum candidate candidat candidato recruitment desirable essential skills "
            "competencies selection competences habilidades and",
        ),
        (
            "duties",
            "duties duty responsibilities responsibility functions function tasks task "
            "accountabilities fonctions taches responsabilites attributions funciones tareas "
            "responsabilidades obligations missions",
            "main key major specific expected output outputs expectations description job "
            "principal principales principaux principle summary position post assignment role "
            "results activities work scope descripcion puesto poste affectation general "
            "generales assigned core essential",
        ),
        (
            "supervision",
            "supervision supervisor encadrement supervisora supervisor",
            "title content methodology direct reporting lines line arrangements superviseur",
        ),
        (
            "background",
            "background context contexte antecedentes contexto about",
            "information organizational organisational setting unit office organization "
            "organisation general informacion organisationnel institucional institutionnel "
            "office's division",
        ),
        (
            "general",
            "information informations informacion",
            "general generales generale",
        ),
        (
            "eligibility",
            "eligibility nationality nationalite nacionalidad eligibilite elegibilidad",
            "criteria requirements requirement criteres criterios conditions",
        ),
        (
            "other",
            "apply application applications candidature candidatures postuler postular "
            "conditions diversity contact disclaimer remuneration benefits annex annexe "
            "anexo note notes living salary procedure procedimiento solicitud",
            "how to comment como workforce additional other information informations "
            "informacion de vie vida travail trabajo submission deadline",
        ),
    )
)
# Whole headings that the word sets above cannot express without false positives.
_HEADING_PHRASES: dict[str, str] = {
    "training": "learning",
    "training elements": "learning",
    "training components": "learning",
    "elements de formation": "learning",
    "elementos de formacion": "learning",
    "formation et apprentissage": "learning",
    "training and development": "learning",
    "what you will learn": "learning",
    "scope of work": "duties",
    "job description": "duties",
    "the role": "duties",
    "your role": "duties",
    "what you will do": "duties",
    "description of the assignment": "duties",
    "description du poste": "duties",
    "descripcion del puesto": "duties",
    "mission": "duties",
    "missions principales": "duties",
    "how to apply": "other",
    "terms of reference": "other",
}
# Headings by meaning. Real vacancies phrase their headings freely ("How can you make a
# difference?", "Key accountabilities (not all-inclusive, within delegated authority):", "To
# qualify as an advocate for every child you will have..."), so a heading-shaped line that the
# word sets above do not cover is classified by the stems it holds. Order matters: the end of
# the call ("how to apply") and the requirement kinds are tried before the duties, because
# "Desired experiences for entry into the role" is a requirement, not a role description.
_LOOSE_RULES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (kind, re.compile(pattern))
    for kind, pattern in (
        (
            "other",
            r"how to apply|to apply|application|remunerat|salary|benefits|we offer|what we offer|"
            r"disclaimer|is committed|reminders?\b|why join|why you|our culture|deadline|remarks|"
            r"^notes?$|^nota$|additional information|other information|terms and conditions|"
            r"conditions of (?:service|employment)|contract|contrat|observaciones|postuler|"
            r"postular|candidature|diversity|inclusion|fraud|scam|contact|terms of reference|"
            r"statements?$|^links?$|^contacts?$",
        ),
        (
            "supervision",
            r"^(?:\w+ )?(?:supervis|encadrement|"
            r"reporting (?:lines?|relationships?|to|arrangements?))",
        ),
        (
            "learning",
            r"^(?:\w+ )?(?:learning|training)\b|apprentissage|aprendizaje|"
            r"what you(?:'ll| will) (?:gain|learn)",
        ),
        ("languages", r"\blanguages?\b|\bidiomas?\b|\blangues?\b|\blenguas?\b|\bidiomas\b"),
        (
            "education",
            r"\bdegrees?\b|\beducation|educacion|educacao|\bacademic|formation academique|"
            r"formacion academica",
        ),
        ("experience", r"experien"),
        ("competencies", r"competenc|\bvalues\b|valores|leadership framework"),
        ("skills", r"\bskills?\b|habilidades|aptitudes|knowledge and|technical"),
        (
            "qualifications",
            r"qualif|requirements?\b|requisit|requis\b|exigences|to qualify|you will have|"
            r"you(?:'ll| will)? need|what we(?:'re| are) looking for|who you are|profile|perfil|"
            r"criteria|criterios|desirables?\b|minimum",
        ),
        (
            "duties",
            r"responsibilities|responsabilidades|responsabilites|\bdut(?:y|ies)\b(?! station)|"
            r"\bfunctions\b|fonctions|funciones|\btasks?\b|taches|tareas|accountabilities|"
            r"what you(?:'ll| will) (?:do|be doing)|^you will$|you would be|make a difference|"
            r"^scope\b|scope of (?:work|the assignment|services)|deliverables?|entregables?|"
            r"livrables|productos|job description|description of|descripcion de|"
            r"\b(?:the|your|this|job) role\b|^role\b|key results|atribuic|deveres|attributions|"
            r"main activities|^activities|actividades",
        ),
        (
            "background",
            r"background|context|contexte|antecedentes|^about\b|organi[sz]ational setting|"
            r"introduction|purpose|objective|objetivo|objectif|overview|^mission and|"
            r"who we are|the (?:unit|team|office)$",
        ),
    )
)
# First words that open a heading; a short plain line must start with one to be read loosely
# (a flattened bullet such as "Coordinate tasks of the team" must not become a heading).
_HEADING_STARTERS = frozenset(
    "what how to key main summary your specific major principal job scope duties "
    "responsibilities functions tasks deliverables role roles the qualifications qualification "
    "requirements requirement minimum education experience work languages language "
    "competencies skills required desired desirable essential core technical functional "
    "description general expected purpose objectives objective about organizational "
    "organisational background context why our additional other remarks notes terms contract "
    "principales principaux responsabilidades responsabilites funciones fonctions tareas "
    "taches entregables productos livrables requisitos formacion educacion experiencia "
    "idiomas langues competencias competences descripcion objetivo objectif contexte contexto "
    "profil perfil exigences atribuicoes deveres you in academic estimated duration type "
    "length dates".split()
)
_LOOSE_MAX_WORDS = 12
# "Desirable: knowledge of Arabic" grades the line it opens; it starts no section.
_CUE_LABEL = re.compile(r"(?:essential|desirables?|required|preferred|mandatory|assets?)$")
_FIELD_WORD = re.compile(
    r"\b(?:title|titre|titulo|name|number|date|station|country|location|grade|level|type)$"
)
# "Under the guidance of the supervisor, the JPO will:" introduces a list; it names no section.
_LEAD_IN = re.compile(r"(?<!\byou) will(?: be)?$|\bthe following\b|\bunder the\b")


def _loose_kind(label: str, *, shaped: bool) -> str | None:
    """The kind a heading-like ``label`` names by its stems, or None.

    Args:
        label: The heading text (no number, no trailing colon).
        shaped: The line is clearly a heading (ends in ":" or "?", or is in title or upper
            case); otherwise it must also open with a heading word.
    """
    plain = re.sub(r"\([^)]{0,120}\)", " ", label)
    key = " ".join(re.findall(r"[a-z']+", fold(plain).replace("\u2019", "'"))).replace(" '", " ")
    words = key.split()
    if not words or len(words) > _LOOSE_MAX_WORDS:
        return None
    if not shaped and (len(words) > 8 or words[0].strip("'") not in _HEADING_STARTERS):
        return None
    if _LEAD_IN.search(key):
        return None
    for kind, pattern in _LOOSE_RULES:
        if pattern.search(key):
            return kind
    return None


def _is_shaped(text: str) -> bool:
    """True for a line that looks like a heading by its form: title or upper case."""
    words = [w for w in re.findall(r"[^\W\d_][\w'’-]*", text) if len(w) > 3]
    if not words:
        return False
    return all(w[0].isupper() for w in words)


_ENUMERATED_HEADING = re.compile(
    r"^\s*(?:#+\s*)?(?:(?:section|part|partie|parte|chapter)\s+)?"
    r"(?P<num>[IVXLC]{1,6}|\d{1,2}(?:\.\d{1,2})*|[A-H])\s*[.):-]\s*(?=\S)"
)
_MARKUP = re.compile(r"^[\s#*_>]+|[\s*_]+$")
_MAX_HEADING_WORDS = 10


def classify_heading(label: str) -> str | None:
    """The section kind a heading names, or None when it names none.

    Args:
        label: A heading without its number ("Duties and responsibilities", "Langues",
            "Training and learning elements").

    Returns:
        One of :data:`SECTION_KINDS`, or None.
    """
    key = " ".join(re.findall(r"[a-z]+", fold(label).replace("'", " ")))
    if not key:
        return None
    if key in _HEADING_PHRASES:
        return _HEADING_PHRASES[key]
    words = key.split()
    if len(words) > _MAX_HEADING_WORDS:
        return None
    for kind, core, filler in _HEADING_WORDS:
        if any(w in core for w in words) and all(
            w in core or w in filler or w in _COMMON_FILLER for w in words
        ):
            return kind
    return None


@dataclass(slots=True)
class _Section:
    kind: str
    lines: list[str] = field(default_factory=list)


def _heading_of(line: str) -> tuple[str, str] | None:
    """(kind, inline content) when ``line`` is a section heading, else None."""
    stripped = _MARKUP.sub("", line).strip()
    if not stripped or stripped.startswith("- "):
        return None
    if len(stripped) > 160 and not 0 < stripped.find(":") <= 100:
        # A long line is prose unless it opens with a label ("KEY RESPONSIBILITIES: 1. …").
        return None
    enumerated = _ENUMERATED_HEADING.match(stripped)
    body = stripped[enumerated.end():] if enumerated else stripped
    body = _MARKUP.sub("", body).strip()
    label, sep, rest = body.partition(":")
    label = label.strip()
    if sep and len(label.split()) <= _MAX_HEADING_WORDS:
        kind = classify_heading(label)
        if kind is not None:
            return kind, rest.strip()
    if (not sep or not rest.strip()) and not body.endswith((".", ";", ",")):
        # A line ending in a stop is prose ("apply."), never a heading.
        kind = classify_heading(body.rstrip(": "))
        if kind is not None:
            return kind, ""
    loose = _loose_heading(body, sep=bool(sep), label=label, rest=rest)
    if loose is not None:
        return loose
    if enumerated and enumerated.group("num").isalpha():
        # "II. Supervision Title of Supervisor:" – a numbered heading with text run into it.
        words = body.split()
        for n in range(min(len(words), 6), 0, -1):
            kind = classify_heading(" ".join(words[:n]).rstrip(":"))
            if kind is not None:
                return kind, " ".join(words[n:])
        if len(words) <= 8 and not body.endswith((".", ";", ",")):
            return "other", ""
    return None


def _loose_heading(body: str, *, sep: bool, label: str, rest: str) -> tuple[str, str] | None:
    """A heading recognised by meaning (see :data:`_LOOSE_RULES`), with its inline content."""
    if not body or not body[0].isupper():
        return None
    if sep and rest.strip(" :"):
        # "Key responsibilities: the JPO will ..." – the label must read as a heading itself,
        # not name a field ("Description of assignment title: County Coordinator").
        key = _label_key(label)
        if (
            _LABEL_KINDS.get(key)
            or len(label.split()) > 8
            or _FIELD_WORD.search(key)
            or _CUE_LABEL.match(key)
        ):
            return None
        kind = _loose_kind(label, shaped=True)
        return (kind, rest.strip(" :")) if kind is not None else None
    if body.endswith((".", ";", ",")) and not body.endswith(("...", "…")):
        return None
    text = body.rstrip(": ").rstrip(".…").strip()
    shaped = body.endswith((":", "?", "...", "…")) or _is_shaped(text)
    kind = _loose_kind(text.rstrip("?"), shaped=shaped)
    return (kind, "") if kind is not None else None


def _sections(lines: Sequence[str]) -> list[_Section]:
    sections = [_Section("preamble")]
    for line in lines:
        heading = _heading_of(line)
        if heading is None:
            sections[-1].lines.append(line)
            continue
        kind, inline = heading
        sections.append(_Section(kind, [inline] if inline else []))
    return sections


def _lines_of(sections: Iterable[_Section], *kinds: str) -> list[str]:
    out: list[str] = []
    for section in sections:
        if section.kind in kinds:
            out.extend(section.lines)
            out.append("")
    return out


# --------------------------------------------------------------------------- units

# Requirement sentences are short; these caps keep a pathological text (one endless sentence
# naming a language thousands of times) linear instead of quadratic.
_MAX_SENTENCE = 1500
_MAX_MENTIONS = 24


def _units(lines: Sequence[str]) -> tuple[str, ...]:
    """One unit per bullet; without bullets, one per sentence. Lead-ins (…:) are dropped.

    Real vacancies also number their *groups* of duties ("1. Support to recruitment") and
    put the duties themselves on plain lines below; such a list is read item by item, with the
    group titles dropped.
    """
    items = group_items(lines)
    bullets = [item.text for item in items if item.kind == "bullet"]
    if bullets and not _headed_groups(items):
        return tuple(b for b in bullets if not b.endswith(":") and len(b) > 2)
    units: list[str] = []
    for index, item in enumerate(items):
        if item.text.endswith(":"):
            continue
        if index + 1 < len(items) and _is_subheading(item.text):
            continue
        if item.kind == "bullet":
            continue  # a group title
        for sentence in split_sentences(item.text):
            if sentence.endswith(":") or len(sentence.split()) < 3:
                continue
            if not units and _LEAD_IN_SENTENCE.search(fold(sentence)):
                # "You can make a difference through delivering the following results."
                continue
            units.append(sentence)
    return tuple(units)


_LEAD_IN_SENTENCE = re.compile(r"\b(?:the following|as follows)\b")


def _headed_groups(items: Sequence[Item]) -> bool:
    """True when most bullets are group titles, each followed by plain lines of its own."""
    bullets = [i for i, item in enumerate(items) if item.kind == "bullet"]
    texts = sum(1 for item in items if item.kind == "text")
    followed = sum(
        1 for i in bullets if i + 1 < len(items) and items[i + 1].kind == "text"
        and not items[i].text.endswith((".", ";"))
    )
    return texts >= 2 * len(bullets) and followed * 2 > len(bullets)


def _is_subheading(text: str) -> bool:
    """A short title-case line without a stop ("Budget and Procurement"): a group title."""
    return (
        len(text.split()) <= 6 and not text.endswith((".", ";", ",", ":")) and _is_shaped(text)
    )


def _prose(lines: Sequence[str]) -> str:
    """The items of a section as one text, one item per line (wrapped lines re-joined)."""
    return "\n\n".join(item.text for item in group_items(lines))


def _sentences(lines: Sequence[str]) -> list[str]:
    out: list[str] = []
    for item in group_items(lines):
        out.extend(split_sentences(item.text))
    return out


# --------------------------------------------------------------------------- labelled fields

_FIELD_LABELS: dict[str, tuple[str, ...]] = {
    "title": (
        "title", "position title", "job title", "post title", "functional title", "title of post",
        "title of position", "title of the post", "position", "post", "titre", "titre du poste",
        "intitule du poste", "intitule", "titulo", "titulo del puesto", "puesto",
        "nombre del puesto", "denominacion del puesto", "vacancy title", "assignment title",
    ),
    "reference": (
        "reference", "ref", "ref no", "reference number", "reference no", "vacancy number",
        "vacancy reference", "vacancy no", "job id", "job opening number", "job opening id",
        "va number", "post number", "position number", "job code", "chiffre", "chiffre nr",
        "numero de reference", "referencia", "numero de referencia", "tor number",
        "requisition number", "vacancy notice", "vacancy notice number",
    ),
    "organization": (
        "organization", "organisation", "organization office", "organisation office",
        "agency", "office", "organization agency", "un organization", "un organisation",
        "host organization", "host organisation", "host agency", "organisme", "organisme bureau",
        "organisation bureau", "organizacion", "organismo", "agencia", "entity",
        "organization unit", "organisation unit", "department", "departement",
        "organizacion oficina", "organismo oficina",
    ),
    "duty_station": (
        "duty station", "duty stations", "country and duty station", "location",
        "place of assignment", "duty station s", "country duty station", "post location",
        "location of assignment", "country of assignment", "duty station country",
        "lieu d affectation", "lieu de travail", "pays et lieu d affectation", "lieu",
        "pays et lieu de travail", "lugar de destino", "pais y lugar de destino",
        "lugar de trabajo", "destino", "ubicacion", "location duty station",
    ),
    "duration": (
        "duration", "duration of assignment", "duration of appointment", "length of assignment",
        "period of assignment", "contract duration", "duration of contract", "assignment duration",
        "duree", "duree de l affectation", "duree du contrat", "duree de l assignation",
        "duree de la mission", "duracion", "duracion de la asignacion", "duracion del contrato",
        "duracion del puesto", "length of appointment", "duration of the assignment",
    ),
}
_LABEL_KINDS: dict[str, str] = {
    label: kind for kind, labels in _FIELD_LABELS.items() for label in labels
}


def _label_key(text: str) -> str:
    return " ".join(re.findall(r"[a-z]+", fold(text)))


def _field_of(line: str) -> tuple[str, str] | None:
    """(field kind, inline value) when ``line`` is a "Label: value" field line."""
    stripped = _MARKUP.sub("", line).strip()
    label, sep, rest = stripped.partition(":")
    if not sep or len(label) > 60:
        return None
    key = _label_key(label)
    kind = _LABEL_KINDS.get(key)
    words = key.split()
    if kind is None and len(words) <= 6 and {"duration", "duree", "duracion"} & set(words):
        # "Expected Duration of Assignment", "Duration of Initial Contract".
        kind = "duration:assignment" if re.search(r"assign|affect|asign", key) else "duration"
    return (kind, rest.strip()) if kind else None


def _labelled_fields(lines: Sequence[str]) -> dict[str, list[str]]:
    """First value of each labelled field; a value may sit on the label's line or after it."""
    found: dict[str, list[str]] = {}
    i = 0
    while i < len(lines):
        parsed = _field_of(lines[i])
        i += 1
        if parsed is None:
            continue
        kind, inline = parsed
        values = [inline] if inline else []
        # Values continue on the following lines until the next label or heading.
        j = i
        while j < len(lines) and len(values) < 3:
            nxt = lines[j].strip()
            if nxt and (
                _field_of(nxt) or _heading_of(nxt) or re.match(r"^[A-Z][\w /()&,-]{2,60}:$", nxt)
            ):
                break
            if nxt and not nxt.startswith("["):
                values.append(nxt)
            j += 1
            single = kind in ("title", "reference") or kind.startswith("duration")
            if values and not nxt and single:
                break
        if values and kind not in found:
            found[kind] = values
    return found


# --------------------------------------------------------------------------- numbers

_NUMBER_WORDS: dict[str, int] = {
    **dict.fromkeys(("one", "un", "une", "uno", "una", "a", "an"), 1),
    **dict.fromkeys(("two", "deux", "dos"), 2),
    **dict.fromkeys(("three", "trois", "tres"), 3),
    **dict.fromkeys(("four", "quatre", "cuatro"), 4),
    **dict.fromkeys(("five", "cinq", "cinco"), 5),
    **dict.fromkeys(("six", "seis"), 6),
    **dict.fromkeys(("seven", "sept", "siete"), 7),
    **dict.fromkeys(("eight", "huit", "ocho"), 8),
    **dict.fromkeys(("nine", "neuf", "nueve"), 9),
    **dict.fromkeys(("ten", "dix", "diez"), 10),
    **dict.fromkeys(("eleven", "onze", "once"), 11),
    **dict.fromkeys(("twelve", "douze", "doce"), 12),
    **dict.fromkeys(("eighteen", "dix-huit", "dieciocho"), 18),
    **dict.fromkeys(("twenty-four", "vingt-quatre", "veinticuatro"), 24),
}
_NUMBER = (
    r"(?<![\w-])(?P<num>\d{1,2}(?:[.,]5)?|"
    + "|".join(sorted((re.escape(w) for w in _NUMBER_WORDS if len(w) > 2), key=len, reverse=True))
    + r")"
)
_YEARS_RE = re.compile(
    _NUMBER + r"\s*(?:\(\s*\d{1,2}\s*\)\s*)?(?:\+\s*)?(?:(?:-|to|a)\s*\d{1,2}\s*)?"
    r"(?:or more\s+)?[- ]?"
    r"(?:(?:additional|further|more|extra|full|complete|supplementary|relevant)\s+)?"
    r"(?P<unit>years?|yrs?|ans?|annees?|anos?)\b",
)
_DURATION_RE = re.compile(
    r"(?<![\w-])(?P<num>\d{1,2}|"
    + "|".join(sorted((re.escape(w) for w in _NUMBER_WORDS), key=len, reverse=True))
    + r")\s*(?:\(\s*\d{1,2}\s*\)\s*)?[- ]?(?P<unit>years?|yrs?|months?|ans?|annees?|mois"
    r"|anos?|meses?)\b"
)


def _number(word: str) -> float | None:
    word = word.lower().replace(",", ".")
    if word in _NUMBER_WORDS:
        return float(_NUMBER_WORDS[word])
    try:
        return float(word)
    except ValueError:
        return None


def parse_duration_months(text: str) -> int | None:
    """Months of the first duration stated in ``text`` ("2 years" → 24, "six months" → 6).

    Args:
        text: A duration value ("1 year (with possible extension for another year)").

    Returns:
        Whole months, or None when ``text`` states no duration.
    """
    match = _DURATION_RE.search(fold(text))
    if match is None:
        return None
    number = _number(match.group("num"))
    if number is None or number <= 0:
        return None
    unit = match.group("unit")
    months = number if unit.startswith(("month", "mois", "mes")) else number * 12
    return int(round(months)) if 0 < months <= 120 else None


_FALLBACK_DURATION = re.compile(
    r"(?:assignment|appointment|contract|position|post|affectation|contrat|asignacion|contrato)"
    r"[^.\n]{0,40}?\b(?:of|for|de|por|is|est|es|will last|durera)\b[^.\n]{0,20}?"
    r"(?=\b(?:\d{1,2}|one|two|three|un|une|deux|trois|uno|dos|tres)\b)",
)


# --------------------------------------------------------------------------- simple fields


def _clean_value(value: str) -> str:
    value = re.sub(r"\s+", " ", value).strip(" \t-–:;,")
    return value


def _title(fields: dict[str, list[str]], lines: Sequence[str]) -> str | None:
    if "title" in fields:
        return _clean_value(fields["title"][0]) or None
    pattern = re.compile(
        r"\b(?:JPO|Junior Professional Officer|Associate Expert|Associate [A-Z]\w+ Officer"
        r"|Jeune Expert Associ[ée]|Experto Asociado|Oficial Profesional Joven)\b"
        r"(?:\s*\([A-Z]+\))?\s+(?:in|en|on|for|pour|de)\s+\S",
    )
    for line in lines[:60]:
        if pattern.search(line) and len(line) < 150:
            return _clean_value(line)
    # "Programme Policy Officer (Cash-Based Transfers), JPO": a short line naming the JPO post,
    # other than the programme banner or a labelled field.
    named = re.compile(r"\b(?:JPO|APO|Junior Professional Officer|Associate Expert)\b")
    banner = re.compile(
        r"terms of reference|termes de r|t[ée]rminos de r|(?:jpo|apo|officers?)\s+program|:",
        re.IGNORECASE,
    )
    head = [line.strip() for line in lines[:60] if line.strip()][:15]
    for line in head:
        if named.search(line) and len(line) < 120 and not banner.search(line):
            return _clean_value(line)
    return None


_REFERENCE_INLINE = re.compile(
    r"\b(?:chiffre|ref(?:erence)?|reference|referencia|vacancy|job opening|requisition|va)"
    r"\s*(?:no\.?|nr\.?|n[°o]\.?|number|num(?:ero|ber)?|#|id|code|notice)?\s*[:.]?\s*"
    r"(?P<code>[A-Z0-9][A-Z0-9/_.-]*\d[A-Z0-9/_.-]*)",
    re.IGNORECASE,
)
_REFERENCE_LINE = re.compile(
    r"^(?=[A-Z0-9/_.-]*\d)(?=[A-Z0-9/_.-]*[A-Z-])[A-Z0-9][A-Z0-9/_.-]{3,24}$"
)


def _reference(fields: dict[str, list[str]], lines: Sequence[str]) -> str | None:
    if "reference" in fields:
        match = re.search(r"[A-Za-z0-9][\w/.-]*\d[\w/.-]*", fields["reference"][0])
        if match:
            return match.group(0).rstrip(".")
    head = [line.strip() for line in lines[:80] if line.strip() and len(line) < 300][:40]
    for line in head:
        match = _REFERENCE_INLINE.search(line)
        if match and not re.fullmatch(r"(?:19|20)\d\d", match.group("code")):
            return match.group("code").rstrip(".")
    for line in head[:25]:
        if _REFERENCE_LINE.match(line) and not re.fullmatch(r"[\d-]+", line[:4] + "x"):
            return line.rstrip(".")
    return None


_AGENCIES = (
    "UNDP UNICEF UNHCR WFP FAO UNFPA UNOPS UN Women UN-Women UNESCO WHO ILO IOM OCHA OHCHR "
    "UNEP UN-Habitat UNIDO UNODC UNRWA IFAD ITC UNCTAD UNV UNAIDS UNITAR UNU WIPO IAEA ICAO IMO "
    "ITU UPU WMO ECA ECLAC ESCAP ESCWA UNECE DPPA DPO UNMISS MONUSCO MINUSMA MINUSCA UNAMA"
).split()


def _organization(fields: dict[str, list[str]], lines: Sequence[str]) -> str | None:
    if "organization" in fields:
        return _clean_value(" ".join(fields["organization"][:2])) or None
    for line in lines[:30]:
        if len(line) > 300:
            continue
        for agency in _AGENCIES:
            if re.search(rf"(?<![\w-]){re.escape(agency)}(?![\w-])", line):
                return agency
    return None


_YEAR_MARK = re.compile(
    r"\b(?:\d(?:st|nd|rd|th)|first|second|third|1er|1re|2e|2eme|primer|segundo)\s+"
    r"(?:year|annee|ano)\s*:?\s*",
    re.IGNORECASE,
)


def _duty_stations(fields: dict[str, list[str]]) -> tuple[str, ...]:
    if "duty_station" not in fields:
        return ()
    value = " ".join(fields["duty_station"])
    value = re.sub(r"\[[^\]]*\]|\([^)]*\)", " ", value)
    parts = [p for p in _YEAR_MARK.split(value) if p.strip(" ,;")]
    if len(parts) == 1:
        parts = re.split(r";|\s+(?:and|then|et|puis|y|luego)\s+|\s+/\s+", parts[0])
    stations: list[str] = []
    for part in parts:
        city = _clean_value(part.split(",")[0])
        if city and len(city) <= 60 and city not in stations:
            stations.append(city)
    return tuple(stations)


def _duration(fields: dict[str, list[str]], text: str) -> int | None:
    # The length of the assignment wins over that of an initial contract when both are given.
    for kind in ("duration:assignment", "duration"):
        if kind in fields:
            months = parse_duration_months(" ".join(fields[kind]))
            if months is not None:
                return months
    # The duration is stated near the top; a bounded prefix keeps the fallback search cheap.
    folded = fold(text[:20000])
    for match in _FALLBACK_DURATION.finditer(folded):
        months = parse_duration_months(folded[match.end(): match.end() + 30])
        if months is not None:
            return months
    return None


# --------------------------------------------------------------------------- education

_DEGREE_MENTION = re.compile(
    r"(?:(?:advanced|graduate|post-?graduate|first[- ]level|second[- ]level|first|"
    r"undergraduate|higher|master'?s?|bachelor'?s?)\s+)?(?:university\s+)?degree\b"
    r"|\bmaster'?s?\b|\bbachelor'?s?\b|\bph\.?\s?d\b|\bdoctora(?:te|t|do|l)\b"
    r"|\b(?:MA|MSc|MBA|MPA|LLM|BA|BSc|LLB)\b|\bmaitrise\b|\blicence\b|\blicenciatura\b"
    r"|\bmaestria\b|\bdiplome\s+(?:universitaire\s+)?(?:de\s+)?[\w' ]{0,30}?"
    r"(?:superieur|avance|premier cycle|deuxieme cycle|master|licence)\w*"
    r"|\btitulo\s+(?:universitario\s+)?(?:de\s+)?[\w ]{0,20}?(?:avanzado|superior|grado|"
    r"primer nivel|licenciatura|maestria)\b|\bgrado\s+universitario\b",
    re.IGNORECASE,
)
_OWN_DEGREE_LEVELS: tuple[tuple[re.Pattern[str], DegreeLevel], ...] = (
    (re.compile(r"doctor|ph\.?\s?d", re.I), "doctorate"),
    (re.compile(r"premier cycle|primer nivel|grado|licen|first|bachelor|undergrad", re.I),
     "bachelor"),
    (re.compile(r"superieur|avance|avanzado|superior|deuxieme cycle|master|maitrise|maestria"
                r"|advanced|graduate|second", re.I), "master"),
)
_SUBSTITUTION = re.compile(
    r"in lieu|instead|in combination|combined with|may be accepted|can be accepted|accepted|"
    r"substitut|additional|plus|with\s+(?:at least\s+)?\S+\s+(?:\(\d+\)\s+)?years|en lieu|"
    r"au lieu|a defaut|combine|en combinacion|en lugar|acompanad|adicional|supplementaires|"
    r"additionnelles|de plus|equivalent combination|\bor\s+\d{1,2}\s+years?",
)
# Options joined by "or" (English, French, Spanish) or a semicolon.
_ALTERNATIVE = re.compile(r"\bor\b|\bou\b|(?<=\w) o (?=\w)|;")
_DEGREE_LABEL = re.compile(r"\s*(?:levels?|requirements?|type)\b")
_REPLACES_EXPERIENCE = re.compile(
    r"\b(?:may|can|could|will) (?:replace|substitute for|be substituted for|count (?:as|for))\b"
    r"[^.;]{0,40}\byears?\b"
)
_ADDITIONAL = re.compile(r"additional|further|extra|supplementa|additionnel|adicional")


@dataclass(frozen=True, slots=True)
class _Mention:
    level: DegreeLevel
    start: int
    end: int


def _degree_mentions(sentence: str) -> list[_Mention]:
    folded = fold(sentence)
    mentions: list[_Mention] = []
    for match in _DEGREE_MENTION.finditer(folded):
        phrase = sentence[match.start(): match.end()]
        level = vocab.degree_level(phrase)
        if level is None:
            for pattern, own in _OWN_DEGREE_LEVELS:
                if pattern.search(match.group(0)):
                    level = own
                    break
        if level is None and match.group(0).lower() in ("degree", "university degree"):
            if mentions and not folded[mentions[-1].end: match.start()].strip():
                # "Doctorate degree", "PhD degree": the word "degree" belongs to the mention
                # before it; alone it would read as a second, bachelor-level degree.
                last = mentions[-1]
                mentions[-1] = _Mention(last.level, last.start, match.end())
                continue
            if _DEGREE_LABEL.match(folded, match.end()):
                # "Degree level", "Degree requirements": a label or column heading, not a degree.
                continue
            level = "bachelor"
        if level is not None:
            mentions.append(_Mention(level, match.start(), match.end()))
    return mentions


def _alternatives(folded: str, mentions: Sequence[_Mention]) -> bool:
    """True for "N years with degree X; or M years with degree Y" (either order of the parts).

    Each degree of two or more different levels carries its own years, and the options are
    joined by "or" or a semicolon: the degrees are alternatives, not a list of requirements.
    """
    if len({m.level for m in mentions}) < 2 or not _ALTERNATIVE.search(folded):
        return False
    return all(_years_in(segment) is not None for segment in _year_segments(folded, mentions))


def _year_segments(folded: str, mentions: Sequence[_Mention]) -> list[str]:
    """The text holding each mention's years: before it when the sentence states years first
    ("3 years of experience with an undergraduate degree; or 2 years with a graduate degree"),
    otherwise after it ("Bachelor's degree and 4 years, or Master's degree and 2 years")."""
    first_years = _YEARS_RE.search(folded)
    years_first = first_years is not None and first_years.end() <= mentions[0].start
    segments: list[str] = []
    for index, mention in enumerate(mentions):
        if years_first:
            begin = mentions[index - 1].end if index else 0
            segments.append(folded[begin: mention.start])
        else:
            stop = mentions[index + 1].start if index + 1 < len(mentions) else len(folded)
            segments.append(folded[mention.end: stop])
    return segments


def _years_in(text: str) -> float | None:
    match = _YEARS_RE.search(fold(text))
    return _number(match.group("num")) if match else None


def _fields_after(sentence: str, anchor_end: int) -> tuple[str, ...]:
    """Subjects listed after a degree or "experience" ("in law, economics or related")."""
    tail = re.sub(r"\([^)]*\)", " ", sentence[anchor_end:])
    match = re.match(r"[\s,]*(?:(?:or|ou|o) (?:equivalent|equivalente)\s+)?"
                     r"(?:preferably\s+|de preference\s+|preferiblemente\s+)?"
                     r"(?:in|en|of|within|dans|on)\s+(.+)", tail, re.IGNORECASE)
    if match is None:
        return ()
    body = re.split(
        r"\.|;|\bis (?:required|desirable|an asset|preferred)\b|\b(?:are|is) required\b"
        r"|\bwith\b|\bwhich\b|\bas well as\b|\bincluding\b|\best requis|\bes requerid",
        match.group(1),
        maxsplit=1,
    )[0]
    parts = [p for p in re.split(r"[,;]", body) if p.strip()]
    pieces: list[str] = []
    for index, part in enumerate(parts):
        alternatives = re.split(r"\band/or\b|\bor\b|\bou\b|(?<=\w) o (?=\w)", part)
        if index == len(parts) - 1 and len(parts) > 1:
            # "…, economics and law": the last item of a list may be joined by "and".
            alternatives = [
                a for alt in alternatives
                for a in re.split(r"\band\b|\bet\b|(?<=\w) y (?=\w)", alt)
            ]
        pieces.extend(alternatives)
    fields: list[str] = []
    for raw in pieces:
        item = re.sub(r"^\s*(?:a|an|the|other|any|un|une|le|la|el|los)\s+", "", raw.strip(" .:"))
        item = item.strip().lower()
        if not item or re.search(r"related|relevant|similar|connexe|afin|equivalent|pertinent"
                                 r"|relacionad|etc\b", item) or len(item.split()) > 6:
            continue
        fields.append(item)
    return tuple(dict.fromkeys(fields))


def _education(
    lines: Sequence[str], experience_years: int | None
) -> tuple[EducationRequirement | None, int | None]:
    """The education requirement, and the years of experience it implies (or None).

    "Master's degree, or a first-level degree with two additional years" gives master with a
    bachelor substitute; "Bachelor's plus 4 years, or Master's with 2 years" gives the same, and
    implies 2 years of experience with the Master's.
    """
    main: DegreeLevel | None = None
    main_fields: tuple[str, ...] = ()
    implied: int | None = None
    candidates: list[tuple[DegreeLevel, float, str]] = []
    for sentence in _sentences(lines):
        if len(sentence) > _MAX_SENTENCE:
            continue
        mentions = _degree_mentions(sentence)[:_MAX_MENTIONS]
        if not mentions:
            continue
        folded = fold(sentence)
        if _REPLACES_EXPERIENCE.search(folded):
            # "A bachelor's degree may replace three years of work experience": the degree is
            # an option that shortens the experience asked for, not the required education.
            continue
        substituting = _SUBSTITUTION.search(folded) is not None or _alternatives(
            folded, mentions
        )
        plain: list[_Mention] = []
        with_years: list[tuple[_Mention, float, str]] = []
        for mention, segment in zip(mentions, _year_segments(folded, mentions), strict=True):
            years = _years_in(segment)
            if years is not None and substituting:
                with_years.append((mention, years, segment))
            else:
                plain.append(mention)
        if main is None and not plain and len({m.level for m, _, _ in with_years}) > 1:
            # Alternatives, each with its own years. The call's reference level is the option
            # a JPO typically holds: the Master's when it is offered (the standard JPO
            # requirement), else the highest degree below a doctorate (a doctorate is never
            # the minimum when a lower alternative is also offered). Its years are the
            # experience required; a lower degree is the substitute.
            options = (
                [t for t in with_years if t[0].level == "master"]
                or [t for t in with_years if t[0].level != "doctorate"]
                or with_years
            )
            top, top_years, _ = max(options, key=lambda t: DEGREE_LEVELS.index(t[0].level))
            main, implied = top.level, int(top_years)
            main_fields = _fields_after(sentence, top.end) or _fields_after(
                sentence, with_years[0][0].end
            )
            with_years = [t for t in with_years if t[0] is not top]
        elif main is None and plain:
            main = min((m.level for m in plain), key=DEGREE_LEVELS.index)
            first = next(m for m in plain if m.level == main)
            main_fields = _fields_after(sentence, first.end)
            if not main_fields:
                main_fields = _fields_after(sentence, max(plain, key=lambda m: m.end).end)
        candidates.extend((m.level, years, after) for m, years, after in with_years)
    if main is None:
        return None, None
    base_years = experience_years if experience_years is not None else implied
    substitute = next(
        (
            _substitute(level, years, context, base_years)
            for level, years, context in candidates
            if DEGREE_LEVELS.index(level) < DEGREE_LEVELS.index(main)
        ),
        None,
    )
    return EducationRequirement(min_level=main, fields=main_fields, substitute=substitute), implied


def _substitute(
    level: DegreeLevel, years: float, context: str, experience_years: int | None
) -> Substitute:
    extra = int(years)
    if not _ADDITIONAL.search(context) and experience_years is not None and extra > (
        experience_years
    ):
        # "A Bachelor's plus 4 years" where the Master's needs 2: the extra is the difference.
        extra -= experience_years
    return Substitute(level=level, extra_years=extra)


# --------------------------------------------------------------------------- experience

_EXPERIENCE_WORD = re.compile(r"experien")


def _experience(lines: Sequence[str], *, strict: bool) -> ExperienceRequirement | None:
    # "2 years (with a master's degree) or 4 years (with a bachelor's degree)": each degree
    # carries its own years; the first option's years count when nothing else states them.
    fallback: ExperienceRequirement | None = None
    for sentence in _sentences(lines):
        if len(sentence) > _MAX_SENTENCE:
            continue
        folded = fold(sentence)
        if strict and not _EXPERIENCE_WORD.search(folded):
            continue
        mentions = _degree_mentions(sentence)
        if mentions and (_SUBSTITUTION.search(folded) or _alternatives(folded, mentions)):
            # Years tied to degree options belong to the education requirement.
            if fallback is None and _EXPERIENCE_WORD.search(folded) and _own_years(
                folded, mentions
            ):
                first = _option_years(folded, mentions)
                if first is not None and 0 < first <= 30:
                    fallback = ExperienceRequirement(min_years=int(first))
            continue
        match = _YEARS_RE.search(folded)
        if match is None:
            continue
        years = _number(match.group("num"))
        if years is None or not 0 < years <= 30:
            continue
        anchor = re.search(r"experien\w*", folded[match.end():])
        fields: tuple[str, ...] = ()
        if anchor:
            fields = _fields_after(sentence, match.end() + anchor.end())
        return ExperienceRequirement(min_years=int(years), fields=fields)
    return fallback


def _option_years(folded: str, mentions: Sequence[_Mention]) -> float | None:
    """The years of the reference option: the Master's when offered (as in :func:`_education`),
    else the first degree named."""
    pairs = list(zip(mentions, _year_segments(folded, mentions), strict=True))
    chosen = next((seg for m, seg in pairs if m.level == "master"), pairs[0][1])
    return _years_in(chosen)


def _own_years(folded: str, mentions: Sequence[_Mention]) -> bool:
    """True when two or more degrees each carry their own years ("15 years with a master's
    and 17 with a bachelor's"), unlike a substitution rule that adds years to one degree."""
    if len({m.level for m in mentions}) < 2 or _ADDITIONAL.search(folded):
        return False
    return all(_years_in(segment) is not None for segment in _year_segments(folded, mentions))


# --------------------------------------------------------------------------- languages

_REQUIRED_CUE = (
    r"required|requirement|mandatory|essential|must|necessary|needed|indispensable|requis|"
    r"requises?|exigee?s?|obligatoires?|necessaires?|imprescindibles?|requerid[oa]s?|"
    r"necesari[oa]s?|requiere|requieren|"
    r"obligatori[oa]|esencial|exigid[oa]"
)
_DESIRABLE_CUE = (
    r"desirable|desired|advantage|advantageous|asset|preferred|preferably|plus|added value|"
    r"an advantage|beneficial|nice to have|ideally|welcome|considered|would be|souhaitable|"
    r"atout|un plus|avantage|apprecie|appreciee|souhaitee?s?|deseable|ventaja|valorara|valora|"
    r"se valorar|"
    r"preferiblemente|de preference|preferentemente"
)
_CUE_RE = re.compile(rf"\b(?:(?P<req>{_REQUIRED_CUE})|(?P<des>{_DESIRABLE_CUE}))\b")
_BEFORE_DESIRABLE = re.compile(
    r"\b(?:preferably|ideally|especially|particularly|de preference|preferiblemente|"
    r"preferentemente|notamment|in particular)\W*$"
)
_DESCRIPTIVE = re.compile(
    r"\b(?:working languages|official languages|languages of|langues de travail|"
    r"langues officielles|idiomas de trabajo|idiomas oficiales|are the languages|"
    r"sont les langues|son los idiomas)\b"
)
_PROFICIENCY = re.compile(
    r"fluen|proficien|knowledge|command|excellent|good|written|spoken|oral|ability|"
    r"maitrise|connaissance|courant|dominio|conocimiento|native|mother tongue|level|"
    r"\b[abc][12]\b"
)
_BOTH = re.compile(r"\b(?:both|either|les deux|ambos|ambas|these languages|ces langues)\b")


def _languages(lines: Sequence[str], *, in_section: bool) -> tuple[LanguageRequirement, ...]:
    found: dict[str, LanguageRequirement] = {}
    previous: list[str] = []
    for sentence in _sentences(lines):
        if len(sentence) > _MAX_SENTENCE:
            continue
        folded = fold(sentence)
        mentions = vocab.find_languages(sentence)[:_MAX_MENTIONS]
        if not mentions:
            if previous and _BOTH.search(folded):
                cue = _CUE_RE.search(folded)
                both_required = cue is None or cue.group("req") is not None
                level = vocab.required_language_level(sentence)
                for name in previous:
                    _merge(found, LanguageRequirement(name, both_required, level))
            continue
        previous = list(dict.fromkeys(name for name, _, _ in mentions))
        cues = list(_CUE_RE.finditer(folded))
        if not cues and _DESCRIPTIVE.search(folded):
            # "English and French are the working languages of …" states no requirement.
            continue
        if not in_section and not _PROFICIENCY.search(folded):
            continue
        for name, start, end in mentions:
            required, clause = _status(folded, start, end, cues)
            if required is None:
                continue
            level = vocab.required_language_level(sentence[clause[0]: clause[1]])
            _merge(found, LanguageRequirement(name, required, level))
    return tuple(found.values())


def _status(
    folded: str,
    start: int,
    end: int,
    cues: list[re.Match[str]],
) -> tuple[bool | None, tuple[int, int]]:
    """Whether one language mention is required, and the clause that says so."""
    clause_start = max(folded.rfind(";", 0, start), folded.rfind(". ", 0, start)) + 1
    if _BEFORE_DESIRABLE.search(folded[max(0, start - 30): start]):
        return False, (clause_start, end)
    # A label such as "Desirable: Spanish" applies forward.
    for cue in reversed(cues):
        if cue.end() <= start and folded[cue.end(): cue.end() + 2].strip().startswith(":"):
            if cue.start() >= clause_start:
                return cue.group("req") is not None, (cue.start(), end)
    following = [c for c in cues if c.start() >= end]
    if following:
        cue = following[0]
        return cue.group("req") is not None, (clause_start, cue.end())
    if _DESCRIPTIVE.search(folded):
        return None, (clause_start, end)
    if cues:
        # Only cues before the language: "… is required in English".
        cue = cues[-1]
        return cue.group("req") is not None, (clause_start, len(folded))
    return True, (clause_start, len(folded))


def _merge(found: dict[str, LanguageRequirement], new: LanguageRequirement) -> None:
    old = found.get(new.language)
    if old is None:
        found[new.language] = new
        return
    required = old.required or new.required
    levels = [lvl for lvl in (old.level, new.level) if lvl is not None]
    level = max(levels, key=CEFR_LEVELS.index) if levels else None
    found[new.language] = LanguageRequirement(new.language, required, level)


# --------------------------------------------------------------------------- nationality

_NATIONALITY_WORD = (
    r"nationals?|citizens?|citizenship|nationality|nationalities|ressortissants?|"
    r"(?:candidates?|applicants?) from|"
    r"nationalite|citoyens?|citoyennete|nacionales|nacionalidad|ciudadan[oa]s?|ciudadania|"
    r"passport|passeport|pasaporte"
)
_EXCLUSIVE = (
    r"exclusively|only|solely|restricted|reserved|limited|uniquement|exclusivement|seulement|"
    r"reservee?s?|exclusivamente|unicamente|solamente|solo|reservad[oa]s?|restringid[oa]"
)
_EXCLUSIVE_BEFORE = re.compile(
    rf"\b(?:{_EXCLUSIVE})\b[^.;\n]{{0,80}}?\b(?:{_NATIONALITY_WORD})\b"
)
_EXCLUSIVE_AFTER = re.compile(
    rf"\b(?:{_NATIONALITY_WORD})\b[^.;\n]{{0,60}}?\b(?:only|exclusively|uniquement|"
    rf"exclusivement|unicamente|exclusivamente|solamente)\b"
)
_OPEN_GROUPS = re.compile(
    r"developing countr|least developed|programme countr|program countr|pays en developpement|"
    r"paises en desarrollo|all nationalities|any nationality|toutes nationalites"
)
_NEGATED = re.compile(r"\bnot\s+(?:\w+\s+)?(?:only|exclusively|restricted|limited)\b|\bne\s")


def _nationalities(text: str) -> tuple[str, ...]:
    """ISO codes of a call restricted to some nationalities; () for an open call."""
    flat = re.sub(r"\s+", " ", text)
    # Sentence by sentence keeps every search bounded (a pathological text stays linear).
    for sentence in re.split(r"(?<=[.!?;])\s+", flat):
        if len(sentence) > 1500:
            continue
        folded = fold(sentence)
        if not re.search(_NATIONALITY_WORD, folded):
            continue
        for match in (_EXCLUSIVE_BEFORE.search(folded), _EXCLUSIVE_AFTER.search(folded)):
            if match is None or _NEGATED.search(folded[max(0, match.start() - 15): match.end()]):
                continue
            if _OPEN_GROUPS.search(folded):
                # "… and nationals of developing countries": the set cannot be listed.
                return ()
            if match.re is _EXCLUSIVE_BEFORE:
                window = sentence[match.start():]
            else:
                # "… open to Japanese nationals only": the demonym sits just before the noun.
                head = sentence[max(0, match.start() - 40): match.start()]
                window = re.split(r"[:;]", head)[-1] + sentence[match.start(): match.end()]
            codes = _country_codes(window)
            if codes:
                return codes
    return ()


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


# --------------------------------------------------------------------------- vacancy


def parse_vacancy(text: str, source: str) -> Vacancy:
    """Parse one Terms of Reference into a :class:`~matcher.models.Vacancy`.

    Args:
        text: The ToR as extracted text (any layout; it is normalised first).
        source: Where it came from (a file name), copied into ``Vacancy.source``.

    Returns:
        The vacancy; fields the text does not state are None or empty.
    """
    normal = normalize_text(text)
    lines = normal.split("\n")
    sections = _sections(lines)
    fields = _labelled_fields(lines)

    duties = _units(_lines_of(sections, "duties"))
    learning = _units(_lines_of(sections, "learning"))

    qualification_lines = _lines_of(sections, "qualifications")
    experience_lines = _lines_of(sections, "experience")
    experience = _experience(experience_lines, strict=False) if experience_lines else None
    if experience is None:
        experience = _experience(qualification_lines + _lines_of(sections, "education"),
                                 strict=True)
    min_years = experience.min_years if experience else None
    education_lines = _lines_of(sections, "education") or qualification_lines
    education, implied_years = _education(education_lines, min_years)
    if experience is None and implied_years is not None:
        experience = ExperienceRequirement(min_years=implied_years)

    language_lines = _lines_of(sections, "languages")
    if language_lines:
        languages = _languages(language_lines, in_section=True)
    else:
        body = [
            line for s in sections
            if s.kind not in ("background", "other", "competencies", "duties", "learning")
            for line in s.lines
        ]
        languages = _languages(body, in_section=False)

    skill_lines = _lines_of(sections, "skills")
    skills = _units(skill_lines) if skill_lines else ()
    restricted_text = "\n".join(
        line for s in sections if s.kind not in ("duties", "learning") for line in s.lines
    )
    requirements = Requirements(
        education=education,
        experience=experience,
        languages=languages,
        nationalities=_nationalities(_prose(restricted_text.split("\n"))),
        skills=skills,
    )
    return Vacancy(
        # ``normal`` is already normalised (normalize_text is idempotent): hash it directly.
        id=normalized_content_id(normal),
        source=source,
        title=_title(fields, lines),
        reference=_reference(fields, lines),
        organization=_organization(fields, lines),
        duty_stations=_duty_stations(fields),
        duration_months=_duration(fields, normal),
        duties=duties,
        learning_elements=learning,
        requirements=requirements,
        acronyms=acronym_definitions(normal),
    )
