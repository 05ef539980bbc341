"""Terms of Reference (vacancy) parser: plain text in, :class:`~matcher.models.Vacancy` out.

ToRs from different agencies and sponsors share a skeleton (general information, duties,
learning elements, qualifications) but word and lay it out differently, and a ToR copied from
a job site has lost its markup besides. :func:`parse_vacancy` reads one in steps, each in its
own module:

1. :mod:`matcher.text` normalises the text; :mod:`matcher.unglue` cuts the blocks of a scraped
   page apart again (glued headings, bullets and form labels);
2. :mod:`matcher.tor_layout` finds the sections by the *meaning* of their headings and reads
   labelled fields ("Duty Station: …");
3. :mod:`matcher.post_title` reads the post's title and duty stations (the labelled ones, else
   the page's title line "Officer, <city>, <country>");
4. :mod:`matcher.requirements`, :mod:`matcher.language_rules` and
   :mod:`matcher.nationality_rules` read the requirements from the requirement sections only,
   each with the sentence it came from;
5. :mod:`matcher.tor_units` turns the duties and learning sections into units.

Anything the text does not state stays None or empty: the parser never guesses, and it never
raises on odd text (garbage in, mostly-empty vacancy out). docs/parsing.md lists the rules.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from matcher import vocab
from matcher.language_rules import language_requirements
from matcher.models import EducationRequirement, ExperienceRequirement, Requirements, Vacancy
from matcher.nationality_rules import nationality_restriction
from matcher.post_title import (
    clean_title,
    is_chrome_title,
    is_country,
    station_parts,
    title_line,
)
from matcher.quantities import parse_duration_months
from matcher.requirements import (
    education_requirement,
    experience_requirement,
    substitute_from_experience,
)
from matcher.task_verbs import opens_with_action
from matcher.text import (
    acronym_definitions,
    ends_with_abbreviation,
    normalize_text,
    normalized_content_id,
    strip_bullet,
)
from matcher.tor_layout import (
    LEARNING_LABEL,
    SECTION_KINDS,
    Section,
    classify_heading,
    labelled_fields,
    lines_of,
    prose_of,
    split_sections,
)
from matcher.tor_units import list_units, section_units, units_of
from matcher.unglue import unglue_lines
from matcher.vocab import fold

__all__ = [
    "REQUIREMENT_KINDS",
    "SECTION_KINDS",
    "classify_heading",
    "parse_duration_months",
    "parse_vacancy",
]

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
    """The labelled title when it names a post, else the page's title line, else a line
    naming the JPO post near the top."""
    if "title" in fields:
        labelled = clean_title(_clean_value(fields["title"][0]))
        if labelled and not is_chrome_title(labelled):
            return labelled
    top = title_line(lines)
    if top is not None:
        return top.title
    pattern = re.compile(
        r"\b(?:JPO|Junior Professional Officer|Associate Expert|Associate [A-Z]\w+ Officer"
        r"|Jeune Expert Associ[ée]|Experto Asociado|Oficial Profesional Joven)\b"
        r"(?:\s*\([A-Z]+\))?\s+(?:in|en|on|for|pour|de)\s+\S",
    )
    for line in lines[:60]:
        if pattern.search(line) and len(line) < 150 and not is_chrome_title(line):
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
        if (
            named.search(line) and len(line) < 120 and not banner.search(line)
            and not is_chrome_title(line)
        ):
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
        named = {m.group(0) for m in _AGENCY_RE.finditer(line)}
        if named:
            # The first agency of the list that the line names (one search per line).
            return next(agency for agency in _AGENCIES if agency in named)
    return None


_AGENCY_RE = re.compile(
    r"(?<![\w-])(?:" + "|".join(sorted(map(re.escape, _AGENCIES), key=len, reverse=True))
    + r")(?![\w-])"
)


_YEAR_MARK = re.compile(
    r"\b(?:\d(?:st|nd|rd|th)|first|second|third|1er|1re|2e|2eme|primer|segundo)\s+"
    r"(?:year|annee|ano)\s*:?\s*",
    re.IGNORECASE,
)


_HOME_BASED = re.compile(r"\bhome[- ]?based\b|\bwork(?:ing)? from home\b|\bremote\b", re.I)


def _duty_stations(fields: dict[str, list[str]], lines: Sequence[str]) -> tuple[str, ...]:
    """Cities of the labelled duty station (see :func:`_named_stations`), "Home-based" first
    when the title line or the location says the post is ("(Home based)", "remote/work from
    home"): the city then named is the office's, kept after it."""
    stations = _named_stations(fields, lines)
    heads = [line for line in lines[:6] if line.strip()][:2]
    if len(heads) == 2 and heads[1].split(",")[0] != heads[0].split(",")[0]:
        # The line after the title counts only where it repeats the title with its details
        # ("Research Specialist, P-3, …, remote/work from home").
        heads = heads[:1]
    places = [*heads, *fields.get("duty_station", [])]
    if any(_HOME_BASED.search(place) for place in places):
        return ("Home-based", *(s for s in stations if not _HOME_BASED.search(s)))
    return stations


def _named_stations(fields: dict[str, list[str]], lines: Sequence[str]) -> tuple[str, ...]:
    """Cities of the labelled duty station; the title line's city when the label gives only a
    country or an office ("Location: Ghana", "Location: Thailand Resident Mission"); a
    country when no city is named anywhere."""
    labelled = _labelled_stations(fields)
    cities = [city for city, _ in labelled if city]
    top = title_line(lines)
    if cities and top is not None and top.city and len(cities) == 1 and re.search(
        rf"\b{re.escape(cities[0])}\b", top.city, re.IGNORECASE
    ):
        # "Locations: Tacloban" and a title line "…, Tacloban City, Philippines".
        return (top.city,)
    if cities:
        return tuple(cities)
    if top is not None and top.city:
        return (top.city,)
    based = _based_in_city(lines)
    if based is not None:
        # "Location: Pakistan Resident Mission" and "You will be based at our Resident Mission
        # Office in Islamabad, Pakistan": the city the text names.
        return (based,)
    countries = [country for _, country in labelled if country]
    if countries:
        return tuple(dict.fromkeys(countries))
    if top is not None and top.country:
        return (top.country,)
    return ()


_BASED_IN = re.compile(
    r"\b(?:will be|is|are|be) based (?:at|in) (?:[^.,;:]{0,60}? in )?"
    r"(?P<place>[A-Z][\w'’ -]{1,30}?, [A-Z][\w'’ -]{1,40}?)(?=[.;)]|,? and\b|\s+\(|$)"
)


def _based_in_city(lines: Sequence[str]) -> str | None:
    """The city of "You will be based at our office in <City>, <Country>", when the sentence
    names a country after it; None otherwise."""
    for line in lines:
        if "based" not in line:
            continue
        for match in _BASED_IN.finditer(line):
            city, country = station_parts(match.group("place"))
            if city is not None and country is not None:
                return city
    return None


def _labelled_stations(fields: dict[str, list[str]]) -> list[tuple[str | None, str | None]]:
    if "duty_station" not in fields:
        return []
    value = " ".join(fields["duty_station"])
    value = re.sub(r"\[[^\]]*\]|\([^)]*\)", " ", value)
    parts = [p for p in _YEAR_MARK.split(value) if p.strip(" ,;")]
    if len(parts) == 1:
        parts = re.split(r";|\s+(?:and|then|et|puis|y|luego)\s+|\s+/\s+", parts[0])
    if len(parts) == 1:
        parts = _paired_stations(parts[0])
    stations: list[tuple[str | None, str | None]] = []
    for part in parts:
        city, country = station_parts(_clean_value(part))
        if city is not None and (len(city) > 60 or any(city == c for c, _ in stations)):
            continue
        if city is not None or country is not None:
            stations.append((city, country))
    return stations


def _paired_stations(value: str) -> list[str]:
    """"Bogota,Colombia, Sao Paulo,Brazil, Mexico City,Mexico": one station per city and the
    country after it; ``[value]`` when the value is not such a list."""
    items = [p.strip() for p in value.split(",") if p.strip()]
    pairs = list(zip(items[0::2], items[1::2], strict=False))
    if len(items) < 4 or len(items) % 2 or not all(is_country(c) for _, c in pairs):
        return [value]
    return [f"{city}, {country}" for city, country in pairs]


def _assignment_country(fields: dict[str, list[str]], lines: Sequence[str]) -> tuple[str, ...]:
    """The country the post sits in (ISO alpha-2), when the duty station or the title line
    names exactly one; () otherwise."""
    names = [country for _, country in _labelled_stations(fields) if country]
    top = title_line(lines)
    if top is not None and top.country:
        names.append(top.country)
    codes = {code for name in names if (code := vocab.country_code(name)) is not None}
    return (codes.pop(),) if len(codes) == 1 else ()


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


# --------------------------------------------------------------------------- vacancy


#: Sections that state what a candidate must bring; requirements are read from these only.
REQUIREMENT_KINDS: tuple[str, ...] = (
    "qualifications", "education", "experience", "languages", "skills", "competencies",
    "eligibility",
)
# Sections where a sentence restricting nationality may stand: everything but the work itself
# and the context of the post (a country the context names is never a restriction; only a
# JPO sponsorship sentence, a hiring rule or a sentence about the call counts there).
_NOT_NATIONALITY_KINDS = ("duties", "learning", "background", "supervision")
_CONTEXT_KINDS = ("background",)


def _requirements(sections: Sequence[Section], assignment: tuple[str, ...] = ()) -> Requirements:
    """Education, experience, languages, nationality and skills, each from its own sections
    first and from the other requirement sections when those say nothing."""
    required = [s for s in sections if s.kind in REQUIREMENT_KINDS and s.grade != "desirable"]
    # Sentences section by section: a sentence never runs from one section into the next.
    # A heading that is itself a degree ("University degree" alone on its line, read as an
    # education heading) is the section's first requirement.
    split = [(s, _with_label(s)) for s in required]
    everything = [x for _, sentences in split for x in sentences]
    education_lines = [x for s, sentences in split if s.kind == "education" for x in sentences]
    own_experience = [x for s, sentences in split if s.kind == "experience" for x in sentences]
    # "Qualifications and Experience" names experience too, and a page that lost its layout
    # puts the years under "Education:" ("At least 7 years of professional communications"):
    # their years count as the experience section's, in document order.
    experience_lines = [
        x for s, sentences in split
        if s.kind in ("experience", "education") or _NAMES_EXPERIENCE.search(fold(s.label))
        for x in sentences
    ]
    outside = _orphan_sentences(sections)
    orphans = _orphan_requirements(outside)

    def education_for(years: int | None) -> tuple[EducationRequirement | None, int | None]:
        for templates in (False, True):
            for lines in (education_lines, everything, orphans):
                found = education_requirement(lines, years, templates=templates)
                if found[0] is not None:
                    return found
        return None, None

    # The degree first (without years), so that years tied to a lower degree are told apart;
    # then the substitution again, now that the years of the main degree are known.
    first, _ = education_for(None)
    main_level = first.min_level if first else None
    experience = None
    tiers = ((experience_lines, False), (everything, True), (orphans, True))
    for templates in (False, True):
        for lines, strict in tiers:
            if experience is None and lines:
                experience = experience_requirement(
                    lines, strict=strict, main_level=main_level, templates=templates
                )
    education, implied_years = education_for(experience.min_years if experience else None)
    if experience is None and implied_years is not None:
        experience = ExperienceRequirement(
            min_years=implied_years, evidence=education.evidence if education else ""
        )
    education, grid_years = substitute_from_experience(education, experience, own_experience)
    experience = _grid_years(
        education, experience, implied_years if implied_years is not None else grid_years
    )
    languages = language_requirements(
        [*_orphan_language_rules(outside), *(s for s in sections if s.kind in REQUIREMENT_KINDS)]
    )
    skill_lines = lines_of(sections, "skills")
    nationality_sections = [s for s in sections if s.kind not in _NOT_NATIONALITY_KINDS]
    restriction = nationality_restriction(
        (sentence for s in nationality_sections for sentence in _nationality_sentences(s)),
        (line for s in nationality_sections for line in s.lines),
        (sentence for s in sections if s.kind in (*_CONTEXT_KINDS, "duties")
         for sentence in _flat_sentences(s.lines)),
        assignment,
    )
    return Requirements(
        education=education,
        experience=experience,
        languages=languages,
        nationalities=restriction.countries if restriction else (),
        skills=units_of(skill_lines) if skill_lines else (),
        nationality_rule=restriction.rule if restriction else None,
        nationality_evidence=restriction.evidence if restriction else "",
    )


def _with_label(section: Section) -> list[str]:
    """The sentences of a requirement section, with its heading where the heading is itself
    a requirement: "University degree" alone on its line is the first one; "For master's
    degree holder or higher: Three years of …", cut at its colon, is one sentence again."""
    sentences = section.sentences()
    if section.kind != "education":
        return sentences
    label = fold(section.label)
    if _FOR_DEGREE_HOLDER.match(label):
        return _label_leads(section, sentences)
    if _REQUIREMENT_SHAPED.match(label):
        return [section.label, *sentences]
    return sentences


def _label_leads(section: Section, sentences: list[str]) -> list[str]:
    """``sentences`` with the heading put back before the first one: the page cut a field
    ("Nationality: Sri Lankans only", "For master's degree holder: Three years …") at its
    colon, and the splitter took the label for a heading."""
    if not sentences:
        return sentences
    return [f"{section.label.strip(' :')}: {sentences[0]}", *sentences[1:]]


_FOR_DEGREE_HOLDER = re.compile(
    r"^\W*for\b[^:]{0,30}\b(?:degree|master|bachelor|doctorate|ph\.?d|graduate|undergraduate)"
)
_NAMES_EXPERIENCE = re.compile(r"\bexperien|\bexperiencia\b")


def _grid_years(
    education: EducationRequirement | None,
    experience: ExperienceRequirement | None,
    implied: int | None,
) -> ExperienceRequirement | None:
    """The grid's years with the main degree when the vacancy's own figure is the lower
    degree's: "Minimum 3 years relevant work experience" beside "3 years with Undergraduate
    degree; or 2 years with Graduate degree" asks 2 years of a Master's holder. A figure below
    the grid's ("Minimum 1 year of professional experience in journalism" beside "2 years
    relevant experience with Graduate degree") is a condition on part of those years: both
    must hold, so the grid's years bind."""
    sub = education.substitute if education else None
    if education is None or sub is None or implied is None or experience is None:
        return experience
    stated = experience.min_years
    below = stated is not None and stated < implied
    lower_degree = bool(sub.extra_years) and stated == implied + (sub.extra_years or 0)
    if not (below or lower_degree):
        return experience
    return ExperienceRequirement(min_years=implied, evidence=education.evidence)


# A sentence that states a requirement by its very form: it opens with a degree or with a
# number of years of experience ("University degree in law…", "Minimum 2 years of…").
_REQUIREMENT_SHAPED = re.compile(
    # "Advanced (Master's) degree in Finance": the level restated in parentheses.
    r"^\W*(?:an?\s+)?(?:(?:advanced|first[- ]level|graduate|post-?graduate|undergraduate|"
    r"higher|university)\s+)*(?:\([^()]{1,20}\)\s+)?(?:university\s+)?degree\b"
    r"|^\W*(?:(?:minimum|at least)\s+(?:of\s+)?)?(?:an?\s+)?(?:master|bachelor)"
    r"|^\W*(?:ph\.?d|doctorate)\b|^\W*(?:a\s+)?(?:minimum|at least)\s+(?:of\s+)?\S+\s+"
    r"(?:\(\d+\)\s+)?(?:years?|yrs)\b"
)
_ORPHAN_KINDS = ("preamble", "general", "other", "duties", "background")
# No PDF or word-processor line is this long; a scraped web page has such lines.
_PAGE_LINE = 400


# "Fluency in English is required. Knowledge of Arabic is highly desirable.": a language rule
# by its very form (a proficiency, then a grade), wherever the page left it.
_LANGUAGE_SHAPED = re.compile(
    r"^\W*(?:(?:a\s+)?(?:good|excellent|strong|solid|working|basic|sound|full|some)\s+)?"
    r"(?:fluency|fluent|proficiency|knowledge|command|mastery)\b[^.;]{0,80}?\b(?:is|are|would "
    r"be|will be)\s+(?:considered\s+)?(?:an?\s+)?(?:highly\s+|strongly\s+|very\s+)?"
    r"(?:strong\s+)?(?:required|essential|mandatory|desirable|desired|asset|advantage|"
    r"advantageous|plus|preferred)\b"
)
_ORPHAN_LANGUAGE_KINDS = ("preamble", "general", "other")


def _orphan_sentences(sections: Sequence[Section]) -> list[tuple[str, str]]:
    """(section kind, sentence) of every section outside the requirement part where a
    scraped page may have left a requirement, split into sentences once."""
    return [(s.kind, sentence) for s in sections if s.kind in _ORPHAN_KINDS
            for sentence in s.sentences()]


def _orphan_language_rules(orphans: Sequence[tuple[str, str]]) -> list[Section]:
    """The language rules a scraped page left outside any requirement section (UNHCR's
    operational context lists the post's own profile under the page's form fields), as one
    section of their own."""
    found = [
        sentence for kind, sentence in orphans
        if kind in _ORPHAN_LANGUAGE_KINDS and len(sentence) <= _PAGE_LINE
        and _LANGUAGE_SHAPED.match(fold(sentence))
    ]
    return [Section(kind="qualifications", lines=found, label="")] if found else []


def _orphan_requirements(orphans: Sequence[tuple[str, str]]) -> list[str]:
    """Requirement-shaped sentences outside any requirement section: a scraped page may have
    lost the heading that stood above them ("University degree in Law…" after page chrome)."""
    return [sentence for _, sentence in orphans if _REQUIREMENT_SHAPED.match(fold(sentence))]


def _unheaded_requirements(sections: list[Section]) -> list[Section]:
    """The sections, with the end of a duties list that is its requirements made a section:
    a page that lost the "Qualifications" heading runs from the last task into "Bachelor's
    degree (Business, Economics…)", "Fluency in English…". A degree line ends the duties when
    no task follows it in the section (a scrambled page may drop one amid the tasks)."""
    out: list[Section] = []
    for section in sections:
        cut = _requirements_start(section.lines) if section.kind == "duties" else None
        if cut is None:
            out.append(section)
            continue
        out.append(Section(section.kind, section.lines[:cut], section.label, section.outer_grade))
        out.append(Section("qualifications", section.lines[cut:]))
    return out


def _requirements_start(lines: Sequence[str]) -> int | None:
    """The index of the degree line that opens an unheaded requirements block, or None."""
    for index, line in enumerate(lines):
        text = strip_bullet(line.strip())
        if text and _REQUIREMENT_SHAPED.match(fold(text)):
            rest = (strip_bullet(x.strip()) for x in lines[index + 1:])
            if index > 0 and not any(x and opens_with_action(x) for x in rest):
                return index
            return None
    return None


_STANDARD_JD = re.compile(r"\bstandard job description\b")
_JD_SETTING = re.compile(r"\borgani[sz]ational setting and work relationships\b")


def _duty_sections(sections: Sequence[Section]) -> list[Section]:
    """The duties sections; the generic duties of a standard job description (UNHCR's block
    after "Organizational Setting and Work Relationships", or under "Standard Job
    Description") only when the vacancy lists no duties of its own."""
    standard: list[Section] = []
    own: list[Section] = []
    after_setting = False
    for section in sections:
        label = fold(section.label)
        if section.kind == "duties":
            generic = after_setting or bool(_STANDARD_JD.search(label))
            (standard if generic else own).append(section)
        if any(line.strip() for line in section.lines) or section.kind != "duties":
            after_setting = bool(_JD_SETTING.search(label))
    if own and any(list_units(s.lines)[0] for s in own):
        return own
    return [*own, *standard] if own else standard


_TASK_RUN_KINDS = (
    "preamble", "general", "other", "background", "qualifications", "skills", "supervision",
    "experience",
)
_MIN_TASK_RUN = 5


def _orphan_tasks(sections: Sequence[Section]) -> tuple[str, ...]:
    """The longest run of five or more task lines ("Coordinate with…", "Support the…") outside
    the duties, group titles between them allowed (as lines, or read as headings of their
    own: "Technical and operational support"); () when there is none."""
    best: list[str] = []
    run: list[str] = []
    for line in _run_lines(sections):
        text = (line or "").strip().lstrip("- ").strip()
        if line is not None and not text:
            continue
        if text and opens_with_action(text) and not text.endswith(":"):
            run.append(text)
            continue
        if text and len(text.split()) <= 9 and not text.endswith((".", ";")):
            continue  # a group title inside the run
        if len(run) >= _MIN_TASK_RUN and len(run) > len(best):
            best = run
        run = []
    return tuple(best)


def _run_lines(sections: Sequence[Section]) -> list[str | None]:
    """The lines of the sections where a task run may stand, each section's heading as a
    line; None where a section of another kind breaks the sequence."""
    out: list[str | None] = []
    for section in sections:
        if section.kind not in _TASK_RUN_KINDS:
            out.append(None)
            continue
        out += [section.label, *section.lines] if section.label else section.lines
    out.append(None)
    return out


# "Nationality" read as a heading over its value "Sri Lankans only".
_NATIONALITY_LABEL = re.compile(r"(?:nationality|citizenship|nationalite|nacionalidad)\W*")


def _nationality_sentences(section: Section) -> list[str]:
    """The sentences of a section where nationality may be restricted; under a bare
    "Nationality" heading, the first one is read with the heading it is the value of."""
    sentences = _flat_sentences(section.lines)
    if _NATIONALITY_LABEL.fullmatch(fold(section.label)):
        return _label_leads(section, sentences)
    return sentences


def _flat_sentences(lines: Sequence[str]) -> list[str]:
    # Sentences of the section's prose, each bounded (a pathological text stays linear).
    flat = re.sub(r"\s+", " ", prose_of(lines).replace("\n\n", " \n "))
    parts = re.split(r"((?<=[.!?;])\s+|\s\n\s)", flat)
    sentences: list[str] = []
    current: list[str] = []
    for i in range(0, len(parts), 2):
        current.append(parts[i])
        gap = parts[i + 1] if i + 1 < len(parts) else ""
        word = parts[i][max(0, parts[i].rfind(" ") + 1): -1]
        if gap and "\n" not in gap and parts[i].endswith(".") and ends_with_abbreviation(word):
            # "Democratic Rep. Congo", "St. Lucia": an abbreviation's full stop ends no sentence.
            current.append(gap)
            continue
        sentence = "".join(current)
        if sentence.strip():
            sentences.append(sentence)
        current = []
    return sentences


def parse_vacancy(text: str, source: str) -> Vacancy:
    """Parse one Terms of Reference into a :class:`~matcher.models.Vacancy`.

    Args:
        text: The ToR as extracted text (any layout; it is normalised first).
        source: Where it came from (a file name), copied into ``Vacancy.source``.

    Returns:
        The vacancy; fields the text does not state are None or empty.
    """
    normal = normalize_text(text)
    # NFKC (inside normalize_text) turns an acute accent used as an apostrophe ("master´s")
    # into a space and a combining accent, before quotes are made straight: straighten it
    # first for reading (the id stays that of the text as given).
    readable = normalize_text(text.replace("\u00b4", "'")) if "\u00b4" in text else normal
    lines = unglue_lines(readable.split("\n"))
    top = next((i for i, line in enumerate(lines[:5]) if line.strip()), 0)
    sections = _unheaded_requirements(
        split_sections(lines, title_lines=top + 1 if title_line(lines) else 0)
    )
    fields = labelled_fields(lines)

    # A page that scrambles its columns drops requirement lines among the duties ("Advanced
    # university degree in medicine…"): a sentence shaped like a requirement is not a duty.
    # A web page keeps a block per line (long lines, glued paragraphs); a PDF wraps its lines
    # at the text width.
    unwrapped = max((len(line) for line in lines), default=0) > _PAGE_LINE
    for section in sections:
        section.unwrapped = unwrapped
    duty_sections = _duty_sections(sections)
    duties = tuple(
        unit
        for unit in section_units(duty_sections, unwrapped=unwrapped, tasks=True)
        if not _REQUIREMENT_SHAPED.match(fold(unit))
    )
    listed = [list_units(s.lines, unwrapped=unwrapped, tasks=True) for s in duty_sections]
    if not any(is_list and units for is_list, units in listed):
        # A page that lost its duties heading ("Key accountabilities") still lists its tasks:
        # a run of task lines elsewhere is the duties list.
        duties = _orphan_tasks(sections) or duties
    learning_sections = [s for s in sections if s.kind == "learning"]
    named = [s for s in learning_sections if LEARNING_LABEL.search(fold(s.label))]
    if named and len(named) < len(learning_sections):
        # "Training components" (courses the JPO attends) beside "Learning elements" (what
        # the JPO learns): the learning elements are the units.
        learning_sections = named
    learning = section_units(learning_sections, unwrapped=unwrapped)

    requirements = _requirements(sections, _assignment_country(fields, lines))
    return Vacancy(
        # ``normal`` is already normalised (normalize_text is idempotent): hash it directly.
        id=normalized_content_id(normal),
        source=source,
        title=_title(fields, lines),
        reference=_reference(fields, lines),
        organization=_organization(fields, lines),
        duty_stations=_duty_stations(fields, lines),
        duration_months=_duration(fields, normal),
        duties=duties,
        learning_elements=learning,
        requirements=requirements,
        acronyms=acronym_definitions(normal),
    )
