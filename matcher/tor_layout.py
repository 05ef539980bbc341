"""How a Terms of Reference is laid out: headings, sections, units and labelled fields.

ToRs from different agencies and sponsors share a skeleton (general information, duties,
learning elements, qualifications) but word and lay it out differently. Sections are found by
the *meaning* of their headings: a heading is a short line whose words all belong to one
section's vocabulary (English, French, Spanish), optionally numbered ("III.", "2.", "B)") and
optionally followed by inline content ("Education: Master's degree in law").

Within the duties and learning sections a bulleted list gives one unit per bullet (the prose
around it is a lead-in or context, not a unit); a section without bullets is split into
sentences. "Label: value" lines (title, duty station, duration…) are read as labelled fields.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from matcher.quantities import YEARS_RE
from matcher.task_verbs import opens_with_action
from matcher.text import group_items, split_sentences
from matcher.vocab import fold

__all__ = [
    "LEARNING_LABEL",
    "MAX_MENTIONS",
    "MAX_SENTENCE",
    "SECTION_KINDS",
    "Section",
    "classify_heading",
    "heading_of",
    "label_key",
    "labelled_fields",
    "lines_of",
    "prose_of",
    "sentences_of",
    "split_sections",
]


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
            "requisitos exigences calificaciones cualificaciones criteria attributes",
            "experience experiences experiencia required requises requis requeridos "
            "minimum candidate candidat candidato recruitment desirable desired essential skills "
            "competencies selection competences habilidades and",
        ),
        (
            "duties",
            "duties duty responsibilities responsibility functions function tasks task "
            "accountabilities fonctions taches responsabilites responsabilite attributions "
            "funciones tareas responsabilidades responsabilidad obligations missions",
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
    # The blocks of UNHCR's standard job description (often glued to their text).
    "years of experience degree level": "education",
    "years of experience": "experience",
    "field s of education": "education",
    "fields of education": "education",
    "relevant job experience": "experience",
    "minimum qualifications": "qualifications",
    "certificates and or licenses": "qualifications",
    "functional skills": "skills",
    "key performance indicators": "other",
    "organizational setting and work relationships": "background",
    "organisational setting and work relationships": "background",
    "organizational setting": "background",
    "expected outcomes": "other",
    "expected results": "other",
    "you will be responsible for": "duties",
    "your responsibilities": "duties",
    "performance indicators": "other",
    "language requirements": "languages",
    "training": "learning",
    "training elements": "learning",
    "training components": "learning",
    "elements de formation": "learning",
    "elementos de formacion": "learning",
    "formation et apprentissage": "learning",
    "training and development": "learning",
    "what you will learn": "learning",
    "scope of work": "duties",
    "purpose and scope of assignment": "duties",
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
            r"you(?:'ll| will) bring|what you bring|you should have|your skills|"
            r"you(?:'ll| will)? need|what we(?:'re| are) looking for|who you are|profile|perfil|"
            r"criteria|criterios|desirables?\b|minimum|"
            # "Need to Have - Your Essentials", "Nice to Have" (a tech team's headings).
            r"\b(?:need|must|nice) to have\b|\byour essentials\b",
        ),
        (
            "duties",
            r"responsibilit|responsabilidad|responsabilit|\bdut(?:y|ies)\b(?! station)|"
            r"\bfunctions\b|fonctions|funciones|\btasks?\b|taches|tareas|accountabilities|"
            r"what you(?:'ll| will) (?:do|be doing)|^you will$|you would be|make a difference|"
            r"^scope\b|scope of (?:work|the assignment|services)|deliverables?|entregables?|"
            r"livrables|productos|job description|description of|descripcion de|"
            r"\b(?:the|your|this|job) role\b|^role\b|key results|atribuic|deveres|attributions|"
            r"main activities|^activities|actividades|\bwill be responsible for$|"
            r"\bresponsible for$",
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
    "length dates need must nice".split()
)
_LOOSE_MAX_WORDS = 12
# "Desirable: knowledge of Arabic" grades the line it opens; it starts no section.
_CUE_LABEL = re.compile(r"(?:essential|desirables?|required|preferred|mandatory|assets?)$")
_FIELD_WORD = re.compile(
    r"\b(?:title|titre|titulo|name|number|date|station|country|location|grade|level|type)$"
)
# "Under the guidance of the supervisor, the JPO will:" introduces a list; it names no section.
_LEAD_IN = re.compile(r"(?<!\byou) will(?: be)?$|\bthe following\b|\bunder the\b")


_ACCOUNTABLE_FOR = re.compile(r"\bwill be (?:accountable|responsible) for\b")


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
    if _ACCOUNTABLE_FOR.search(key):
        # "The Personnel Experience Officer will be accountable for ensuring that:": the
        # post's name may hold a heading word ("Experience"); what follows are its duties.
        return "duties"
    for kind, pattern in _LOOSE_RULES:
        if pattern.search(key):
            return kind
    return None


def is_shaped(text: str) -> bool:
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
class Section:
    """One section of a ToR: its kind, its heading (``label``) and the lines under it."""

    kind: str
    lines: list[str] = field(default_factory=list)
    label: str = ""
    #: The grade of a heading directly above this one ("Desirable Languages" over a table
    #: headed "Language Reading Writing…").
    outer_grade: str | None = None
    #: The page keeps a block per line (a scraped web page): its lines never run on.
    unwrapped: bool = False

    def sentences(self) -> list[str]:
        """The sentences of the section's lines."""
        return sentences_of(self.lines, unwrapped=self.unwrapped)

    @property
    def grade(self) -> str | None:
        """"desirable" or "required" when the heading grades its content ("Desirable
        requirements", "Required languages", "Assets"), else None."""
        # "Education (Level and area of required and/or preferred education)": the note in
        # parentheses explains the heading; it does not grade the section.
        folded = fold(re.sub(r"\([^()]*\)", " ", self.label))
        # "A management certification would be an added advantage. Experience:": a page glued
        # the last sentence of a section to the next heading; only the heading grades.
        folded = re.split(r"(?<=[.!?])\s+(?=\w)", folded)[-1]
        if _DESIRABLE_HEADING.search(folded):
            return "desirable"
        if _REQUIRED_HEADING.search(folded):
            return "required"
        return self.outer_grade


_DESIRABLE_HEADING = re.compile(
    # WFP calls its required experience "Desired experiences for entry into the role", UNHCR
    # the specific requirements of a post its "Desired Candidate Profile".
    r"\b(?:desir(?!ed (?:experiences? for entry|candidate(?:'s)? profile))|assets?\b|preferred|"
    r"advantage|souhait|nice to have|"
    r"atouts?\b|deseabl|valorar|optional)"
)
_REQUIRED_HEADING = re.compile(
    r"\b(?:required|requirements?|essential|mandatory|minimum|requis|obligatoire|requerid|"
    r"indispensable|exigences?|requisitos)"
)


# Labels of job-site forms that carry no requirement ("Hardship Level", "Target Start Date"):
# they end the section before them, so that the form values scattered after them (a bare
# "English", a date) are not read as part of it.
_PAGE_CHROME = re.compile(
    r"(?i)(?:hardship level|family type|staff member\s*/\s*affiliate type|target start date|"
    r"residential location|deadline for applications?|closing date|posting date|"
    r"this position (?:doesn't|does not)? ?requires? (?:a )?functional clearance|"
    r"functional clearance|remote|grade|reason|salary calculator|compendium|"
    r"occupational safety and health considerations|living and working conditions|"
    r"position type|job no|advertised|application close|categories|vacancy timeline|"
    r"job schedule|vacancy type|contract duration|apply before|rotational)\b[^.]{0,40}$"
)


_HEADING_NOTE = re.compile(r"(?<=[^\W\d_])\s*\([^()]{40,400}\)\s*$")
_POST_LINE = re.compile(
    r"(?i)\b\w+\s+(?:officer|analyst|associate|specialist|assistant|consultant|expert|"
    r"coordinator|manager|intern|engineer)\b.*,|#\d{3,}"
)
def _without_note(text: str) -> str:
    """``text`` without a long note in parentheses at its end (tested first: a line rarely
    ends in ")", and the search is slow on long lines)."""
    return _HEADING_NOTE.sub("", text) if text.rstrip().endswith(")") else text


_GRADED_STATEMENT = re.compile(
    r"(?i)\b(?:is|are|be)\s+(?:(?:highly|strongly|very|also|an?)\s+)*(?:preferred|required|"
    r"desirable|desired|asset|advantage|essential|mandatory|plus|advantageous|needed)\W*$"
)


_YEARS_OF_EXPERIENCE = re.compile(YEARS_RE.pattern + r"\s+(?:of\s+)?(?:\w+\s+){0,3}experien")
_OPEN_CLAUSE = re.compile(r"\s(?:or|and|and/or|of|with|the|in|for|to|ou|et|y|o)$", re.I)


def heading_of(line: str) -> tuple[str, str] | None:
    """(kind, inline content) when ``line`` is a section heading, else None."""
    stripped = _MARKUP.sub("", line).strip()
    if not stripped or stripped.startswith("- "):
        return None
    # "2. Purpose and Scope of Assignment (Concise and detailed description of activities…)":
    # a form's heading with its instructions in parentheses.
    stripped = _without_note(stripped).strip() or stripped
    if len(stripped) > 160 and not 0 < stripped.find(":") <= 100:
        # A long line is prose unless it opens with a label ("KEY RESPONSIBILITIES: 1. …").
        return None
    if _PAGE_CHROME.match(stripped):
        return "other", ""
    if ":" not in stripped and _POST_LINE.search(stripped):
        # "Education Officer, NO-1, TA Position #00136752, Maputo": the post's name again.
        return None
    if ":" not in stripped and _OPEN_CLAUSE.search(stripped):
        # "Minimum of seven (7) years (with Secondary Education) or": a sentence the line
        # break cut, never a heading.
        return None
    if ":" not in stripped and _GRADED_STATEMENT.search(stripped):
        # "Experience with Power BI is preferred" (its stop lost): a requirement, not a heading.
        return None
    if ":" not in stripped and _YEARS_OF_EXPERIENCE.search(fold(stripped)):
        # "Minimum 5 years of experience in Supply Chain Operations" (its stop lost): the
        # years asked for, not a heading over them.
        return None
    enumerated = _ENUMERATED_HEADING.match(stripped)
    body = stripped[enumerated.end():] if enumerated else stripped
    body = _MARKUP.sub("", body).strip()
    if enumerated and body.endswith(".") and len(body.split()) <= 6 and ":" not in body:
        # "3. Qualifications and Experience.": a numbered heading may end in a stop.
        body = body[:-1]
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
        key = label_key(label)
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
    shaped = body.endswith((":", "?", "...", "…")) or is_shaped(text)
    kind = _loose_kind(text.rstrip("?"), shaped=shaped)
    return (kind, "") if kind is not None else None


_GROUP_MARK = re.compile(r"^\s*(?P<mark>\d{1,2}|[A-H])[.)](?!\d)\s*(?=\S)")


def split_sections(lines: Sequence[str], *, title_lines: int = 0) -> list[Section]:
    """The sections of a ToR, in document order; lines before the first heading form a
    "preamble" section. The first ``title_lines`` lines (a page's title line: "Education
    Officer, Luanda, Angola") form a "title" section whatever words they hold."""
    sections = [Section("title", list(lines[:title_lines]))] if title_lines else []
    sections.append(Section("preamble"))
    for line in lines[title_lines:]:
        heading = heading_of(line)
        if heading is None and _next_number(sections[-1], line):
            # "2. Purpose and Scope" then "3. Monitoring and Progress Controls": the next
            # numbered heading starts a section, even one of no known kind.
            heading = ("other", "")
        if heading is None or _group_title(sections[-1], line, heading[0]):
            sections[-1].lines.append(line)
            continue
        kind, inline = heading
        label = line.strip()
        if inline and label.endswith(inline):
            label = label[: -len(inline)].rstrip(" :")
        above = sections[-1]
        outer = above.grade if not any(line.strip() for line in above.lines) else None
        sections.append(Section(kind, [inline] if inline else [], label, outer))
    return _absorb_task_groups(sections)


# Kinds a group title of duties may be mistaken for; never the requirement parts whose
# lines read like tasks ("Builds and maintains partnerships" under the competencies).
_TASK_GROUP_KINDS = ("skills", "other", "background", "experience", "supervision", "general")


def _absorb_task_groups(sections: list[Section]) -> list[Section]:
    """A short heading right after the duties whose lines are tasks ("4. Technical Inputs &
    Resource Mobilization", "Experience Design and communication" over "Use AI-assisted
    design tools…") titles a group of duties, whatever kind its words suggest."""
    out: list[Section] = []
    for section in sections:
        previous = out[-1] if out else None
        if (
            previous is not None and previous.kind == "duties"
            and section.kind in _TASK_GROUP_KINDS and _is_task_group(section)
        ):
            previous.lines.extend([section.label, *section.lines])
            continue
        out.append(section)
    return out


#: A heading that names what the post teaches ("Learning elements", "Apprentissage").
LEARNING_LABEL = re.compile(r"learn|apprentissage|aprendizaje")


def _is_task_group(section: Section) -> bool:
    content = [line.strip().lstrip("-•*· ") for line in section.lines if line.strip()]
    if (
        len(content) < 2 or len(section.label.split()) > 10
        or section.label.rstrip().endswith(".") or LEARNING_LABEL.search(fold(section.label))
    ):
        # "Learning elements: Understanding of …" is what the post teaches, not a task.
        return False
    tasks = sum(opens_with_action(line) for line in content)
    # Four lines in five open with a task verb, and none states years (a requirement).
    return tasks * 5 >= len(content) * 4 and not any(YEARS_RE.search(fold(x)) for x in content)


def _next_number(section: Section, line: str) -> bool:
    """True when ``line`` is a short heading numbered one more than the section's own."""
    own = _GROUP_MARK.match(section.label)
    match = _GROUP_MARK.match(_without_note(line.strip()))
    if own is None or match is None or not own.group("mark").isdigit():
        return False
    body = _without_note(line.strip())[match.end():]
    return (
        match.group("mark").isdigit()
        and int(match.group("mark")) == int(own.group("mark")) + 1
        and len(body.split()) <= 8
        and not body.rstrip().endswith((".", ";", ","))
    )


_REQUIREMENT_HEADINGS = ("education", "experience", "qualifications", "languages")


def _group_title(section: Section, line: str, kind: str) -> bool:
    """True for a numbered or lettered title of a group of duties inside a duties section
    ("A. Programme Management", "3. Distribution, Supervision and Last-Mile Support"), which
    would otherwise read as a heading of its own. Numbers count up from 1 inside the section;
    the number that follows the section's own heading ("2. Scope" then "3. Monitoring") is
    the next section."""
    if section.kind not in ("duties", "learning"):
        return False
    label, sep, rest = line.strip().partition(":")
    if (
        section.kind == "duties" and sep and not rest.strip() and opens_with_action(label)
        and len(label.split()) <= 16 and kind in _TASK_GROUP_KINDS
    ):
        # "Provide technical assistance and capacity development support to partners:": a
        # group of tasks titled by a task, whatever words it shares with a heading.
        return True
    if (
        section.kind == "duties" and sep and opens_with_action(rest)
        and len(label.split()) <= 5 and classify_heading(label) is None
    ):
        # "Staff Supervision: Guide and supervise junior staff" among "Budget Management:
        # Manage the budget…": a labelled task, not a supervision section.
        return True
    match = _GROUP_MARK.match(line)
    if match is None:
        # "Monitoring, Evaluation & Data" between tasks: a short title that only a loose
        # reading would take for a heading of another kind.
        text, _, inline = line.strip().partition(":")
        content = [ln for ln in section.lines if ln.strip()]
        return (
            section.kind == "duties"
            and not inline.strip(" :")
            and kind != "other"
            # Right under the duties heading (or other group titles), or among its tasks.
            and (
                all(len(ln.split()) <= 8 and not ln.rstrip().endswith(".") for ln in content)
                or any(opens_with_action(ln) for ln in content)
            )
            and len(text.split()) <= 6
            and is_shaped(text)
            and not text.endswith((".", ";", ","))
            # "IV. Qualifications and Experience" is the next part of the ToR, numbered or not.
            and classify_heading(_ENUMERATED_HEADING.sub("", text, count=1)) is None
            # "Knowledge, Skills, Experience & Qualifications:" names what is asked of the
            # candidate: the requirements part, never a group of tasks.
            and kind not in _REQUIREMENT_HEADINGS
        )
    if len(line[match.end():].split()) > 8:
        return False
    body = line[match.end():].rstrip(": ")
    if classify_heading(body) not in (None, section.kind):
        return False
    mark = match.group("mark")
    if mark.isalpha():
        return True
    number = int(mark)
    own = _GROUP_MARK.match(section.label)
    if own is not None and own.group("mark").isdigit() and number == int(own.group("mark")) + 1:
        return False
    seen = [int(m.group("mark")) for ln in section.lines
            if (m := _GROUP_MARK.match(ln)) and m.group("mark").isdigit()]
    return number == 1 or (bool(seen) and number == seen[-1] + 1)


def lines_of(sections: Iterable[Section], *kinds: str) -> list[str]:
    out: list[str] = []
    for section in sections:
        if section.kind in kinds:
            out.extend(section.lines)
            out.append("")
    return out


# --------------------------------------------------------------------------- units

# Requirement sentences are short; these caps keep a pathological text (one endless sentence
# naming a language thousands of times) linear instead of quadratic.
MAX_SENTENCE = 1500
MAX_MENTIONS = 24


def prose_of(lines: Sequence[str]) -> str:
    """The items of a section as one text, one item per line (wrapped lines re-joined)."""
    return "\n\n".join(item.text for item in group_items(lines))


def sentences_of(lines: Sequence[str], *, unwrapped: bool = False) -> list[str]:
    """The sentences of a section's lines (``unwrapped``: see :func:`matcher.text.group_items`)."""
    out: list[str] = []
    for item in group_items(lines, unwrapped=unwrapped):
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
        "lugar de trabajo", "destino", "ubicacion", "location duty station", "office city",
        "locations", "city", "duty location",
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


def label_key(text: str) -> str:
    return " ".join(re.findall(r"[a-z]+", fold(text)))


def _field_of(line: str) -> tuple[str, str] | None:
    """(field kind, inline value) when ``line`` is a "Label: value" field line."""
    stripped = _MARKUP.sub("", line).strip()
    label, sep, rest = stripped.partition(":")
    if not sep or len(label) > 60:
        return None
    key = label_key(label)
    # "DUTY STATION (City, Country): Tunis, Tunisia": the note in parentheses is not the label.
    kind = _LABEL_KINDS.get(key) or _LABEL_KINDS.get(label_key(re.sub(r"\([^)]*\)", " ", label)))
    words = key.split()
    if kind is None and len(words) <= 6 and {"duration", "duree", "duracion"} & set(words):
        # "Expected Duration of Assignment", "Duration of Initial Contract".
        kind = "duration:assignment" if re.search(r"assign|affect|asign", key) else "duration"
    return (kind, rest.strip()) if kind else None


def labelled_fields(lines: Sequence[str]) -> dict[str, list[str]]:
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
                _field_of(nxt) or heading_of(nxt) or re.match(r"^[A-Z][\w /()&,-]{2,60}:$", nxt)
                # "Travel Requirements: The selected candidate…": the next label of a form.
                or re.match(r"^[A-Z][\w /()&,'-]{2,40}:\s", nxt)
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

