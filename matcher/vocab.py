"""Multilingual vocabulary: languages, language levels, degree levels and countries.

Pure lookup tables (English, French, Spanish wording) shared by the ToR and CV parsers. Matching
is case-insensitive and accent-insensitive ("francés" = "frances"), always on word boundaries,
and every ``find_*`` function reports offsets into the caller's original text.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

from matcher.models import CEFR_LEVELS, DEGREE_LEVELS, DegreeLevel

__all__ = [
    "canonical_language",
    "country_code",
    "cv_language_level",
    "degree_level",
    "find_countries",
    "find_degrees",
    "find_languages",
    "fold",
    "required_language_level",
]


def fold(text: str) -> str:
    """Lower-case and strip accents, one character for one character.

    Offsets in the folded text equal offsets in ``text``, which is what lets the ``find_*``
    functions search folded text and still report positions in the original.

    Args:
        text: Any string.

    Returns:
        The folded string, of the same length as ``text``.
    """
    if text.isascii():
        # Fast path: ASCII lower-casing never changes the length.
        return text.lower().replace("`", "'")
    return "".join(map(_fold_char, text))


@lru_cache(maxsize=4096)
def _fold_char(char: str) -> str:
    if char in "\u2019\u2018\u02bc`\u00b4":
        return "'"
    if char in "\u2010\u2011\u2012\u2013":
        return "-"
    lowered = char.lower()
    if len(lowered) != 1:
        # "İ".lower() is two characters: keep offsets stable rather than perfect.
        lowered = char
    decomposed = unicodedata.normalize("NFKD", lowered)
    base = decomposed[0] if decomposed else lowered
    return base if base.isalpha() or base == lowered else lowered


def _words_pattern(terms: Iterable[str]) -> str:
    """A regex alternation of folded terms, longest first, spaces matching any whitespace."""
    unique = sorted({fold(t) for t in terms if t.strip()}, key=lambda t: (-len(t), t))
    escaped = [re.escape(t).replace(r"\ ", r"\s+") for t in unique]
    return "|".join(escaped)


# --------------------------------------------------------------------------- languages

# English name -> other names and adjectives (en/fr/es, masculine and feminine).
_LANGUAGE_TABLE = """
English: english, anglais, anglaise, ingles, inglesa
French: french, francais, francaise, frances, francesa
Spanish: spanish, espagnol, espagnole, espanol, espanola, castellano, castilian
Arabic: arabic, arabe
Chinese: chinese, mandarin, mandarin chinese, chinois, chinoise, chino, mandarin, cantonese,
    cantonais
Russian: russian, russe, ruso, rusa
Portuguese: portuguese, portugais, portugaise, portugues, portuguesa
German: german, allemand, allemande, aleman, alemana, deutsch
Swahili: swahili, kiswahili, suajili, souahili
Italian: italian, italien, italienne, italiano, italiana
Japanese: japanese, japonais, japonaise, japones, japonesa
Dutch: dutch, neerlandais, neerlandaise, neerlandes, neerlandesa, holandes, holandesa, flemish,
    flamand, flamenco
Korean: korean, coreen, coreenne, coreano, coreana
Hindi: hindi
Urdu: urdu, ourdou
Bengali: bengali, bangla
Persian: persian, farsi, persan, persa
Dari: dari
Pashto: pashto, pashtu, pachto, pastun
Turkish: turkish, turc, turque, turco, turca
Polish: polish, polonais, polonaise, polaco, polaca
Swedish: swedish, suedois, suedoise, sueco, sueca
Norwegian: norwegian, norvegien, norvegienne, noruego, noruega
Danish: danish, danois, danoise, danes, danesa
Finnish: finnish, finnois, finnoise, finlandes, finlandesa
Icelandic: icelandic, islandais, islandes
Greek: greek, grec, grecque, griego, griega
Hebrew: hebrew, hebreu, hebreo
Amharic: amharic, amharique, amarico
Tigrinya: tigrinya, tigrigna
Somali: somali
Hausa: hausa, haoussa
Yoruba: yoruba
Igbo: igbo
Zulu: zulu
Wolof: wolof
Lingala: lingala
Kinyarwanda: kinyarwanda
Kirundi: kirundi
Malagasy: malagasy, malgache
Afrikaans: afrikaans
Indonesian: indonesian, bahasa indonesia, indonesien, indonesienne, indonesio
Malay: malay, bahasa melayu, malais, malaise, malayo
Thai: thai, thailandais, tailandes
Vietnamese: vietnamese, vietnamien, vietnamienne, vietnamita
Burmese: burmese, birman, birmano
Khmer: khmer, jemer
Lao: lao, laotian
Filipino: filipino, tagalog
Nepali: nepali, nepalese, nepalais, nepales
Sinhala: sinhala, sinhalese, cingalais
Tamil: tamil, tamoul
Ukrainian: ukrainian, ukrainien, ukrainienne, ucraniano, ucraniana
Romanian: romanian, roumain, roumaine, rumano, rumana
Hungarian: hungarian, hongrois, hongroise, hungaro, hungara
Czech: czech, tcheque, checo, checa
Slovak: slovak, slovaque, eslovaco
Slovenian: slovenian, slovene, esloveno
Serbian: serbian, serbe, serbio
Croatian: croatian, croate, croata
Bosnian: bosnian, bosniaque, bosnio
Albanian: albanian, albanais, albanaise, albanes
Bulgarian: bulgarian, bulgare, bulgaro
Macedonian: macedonian, macedonien, macedonio
Armenian: armenian, armenien, armenio
Georgian: georgian, georgien, georgiano
Azerbaijani: azerbaijani, azeri, azerbaidjanais
Kazakh: kazakh, kazakhe, kazajo
Uzbek: uzbek, ouzbek, uzbeko
Tajik: tajik, tadjik, tayiko
Kyrgyz: kyrgyz, kirghize
Mongolian: mongolian, mongol
Kurdish: kurdish, kurde, kurdo
Estonian: estonian, estonien, estonio
Latvian: latvian, letton, leton
Lithuanian: lithuanian, lituanien, lituano
Catalan: catalan, catala, valencian, valenciano, valencien
Basque: basque, euskera, vasco, euskara
Galician: galician, galicien, gallego
Luxembourgish: luxembourgish, luxembourgeois, luxemburgues
Haitian Creole: haitian creole, creole haitien, creole, criollo
Quechua: quechua
Aymara: aymara
Guarani: guarani
Punjabi: punjabi, panjabi, pendjabi
Gujarati: gujarati
Marathi: marathi
Telugu: telugu, telougou
Kannada: kannada
Malayalam: malayalam
Sindhi: sindhi
Javanese: javanese, javanais
Cebuano: cebuano
Maltese: maltese, maltais, maltes
Irish: irish, gaelic, irlandais
Welsh: welsh, gallois
Fula: fula, fulani, fulfulde, peul, pular
Bambara: bambara
Dioula: dioula, dyula, jula
Sango: sango
Kikongo: kikongo
Tshiluba: tshiluba, luba
Oromo: oromo, afaan oromo
Tamazight: tamazight, berber, berbere, amazigh
Akan: akan, twi
Ewe: ewe
Shona: shona
Sesotho: sesotho
Setswana: setswana, tswana
Luganda: luganda
Chichewa: chichewa, nyanja
Xhosa: xhosa
Latin: latin
Sign Language: sign language, langue des signes, lengua de senas
"""

# Words that are also ordinary English/Spanish words: only a capitalised occurrence counts
# when scanning free text ("polish the report", "chino trousers", "the creole dish").
_CAPITALISED_ONLY = frozenset(
    {
        "polish",
        "chino",
        "lao",
        "dari",
        "canton",
        "arab",
        "creole",
        "indonesia",
        "persa",
        "mongol",
        "vasco",
        "flamenco",
        "ewe",
        "turco",
    }
)


def _table_lines(table: str) -> list[str]:
    """Logical lines of a table: an indented line continues the one before it."""
    lines: list[str] = []
    for line in table.strip("\n").splitlines():
        if line.startswith(" ") and lines:
            lines[-1] += " " + line.strip()
        elif line.strip():
            lines.append(line.strip())
    return lines


def _parse_languages() -> dict[str, str]:
    table: dict[str, str] = {}
    for line in _table_lines(_LANGUAGE_TABLE):
        name, _, variants = line.partition(":")
        table[fold(name)] = name
        for variant in variants.split(","):
            table.setdefault(fold(variant.strip()), name)
    return table


_LANGUAGES = _parse_languages()
_LANGUAGE_RE = re.compile(r"(?<![\w-])(?:" + _words_pattern(_LANGUAGES) + r")(?![\w])")


def canonical_language(word: str) -> str | None:
    """The English name of a language from its English, French or Spanish name or adjective.

    Args:
        word: One language word or short phrase, any case, with or without accents
            ("français", "Inglés", "Kiswahili", "Chinese/Mandarin").

    Returns:
        The English name ("French"), or None when ``word`` names no known language.
    """
    key = " ".join(fold(word).strip(" \t\n.,;:()[]-*").split())
    if key in _LANGUAGES:
        return _LANGUAGES[key]
    for part in re.split(r"[/,;()]", key):
        part = part.strip(" -")
        if part in _LANGUAGES:
            return _LANGUAGES[part]
    return None


def find_languages(text: str) -> list[tuple[str, int, int]]:
    """Every language named in ``text``, as (English name, start, end), in order.

    Matching is case- and accent-insensitive on word boundaries; words that are also common
    ordinary words ("polish", "chino") count only when capitalised.

    Args:
        text: Free text.

    Returns:
        A list of (English name, start offset, end offset) tuples into ``text``.
    """
    found: list[tuple[str, int, int]] = []
    for match in _LANGUAGE_RE.finditer(fold(text)):
        key = " ".join(match.group(0).split())
        if key in _CAPITALISED_ONLY and not text[match.start()].isupper():
            continue
        found.append((_LANGUAGES[key], match.start(), match.end()))
    return found


# --------------------------------------------------------------------------- language levels

_CEFR_RE = re.compile(r"(?<![A-Za-z0-9])([ABC])\s?([12])(?:\.\d)?(?![0-9])", re.IGNORECASE)


def _explicit_cefr(phrase: str) -> str | None:
    """The lowest explicit CEFR level in ``phrase`` ("B2/C1" -> "B2"), None if there is none.

    The lowest wins because a range or a per-skill grid (Europass) promises at least that much.
    """
    levels = [f"{m.group(1).upper()}{m.group(2)}" for m in _CEFR_RE.finditer(phrase)]
    if not levels:
        return None
    return min(levels, key=CEFR_LEVELS.index)


# (folded regex, CEFR) in priority order: multi-word phrases before the words they contain.
_CV_LEVEL_RULES: tuple[tuple[str, str], ...] = (
    (r"near[\s-]?native|quasi[\s-]?(?:natif|native|nativo|bilingue)|casi nativ[oa]", "C1"),
    (r"full professional|complete professional|professional (?:level )?fluency", "C1"),
    (r"limited working|basic working", "B1"),
    (r"pre[\s-]?intermediate|lower[\s-]?intermediate|elementary proficiency", "A2"),
    (
        r"upper[\s-]?intermediate|intermedio[\s-]alto|intermediaire (?:avance|superieur)"
        r"|intermedio avanzado|high intermediate",
        "B2",
    ),
    (
        r"(?:professional )?working (?:knowledge|proficiency|level|command)|professional working"
        r"|conocimiento practico|nivel de trabajo|operational|operationnel|operativo"
        r"|bonne maitrise|good command|buen dominio|bonne connaissance|buen conocimiento",
        "B2",
    ),
    (
        r"mother[\s-]?tongue|native|first language|langue maternelle|langue natale|natif|native"
        r"|lengua materna|idioma materno|nativ[oa]|maternelle|materna|materno",
        "C2",
    ),
    (
        r"fluent|fluency|fluently|courant|couramment|bilingu|fluid[oa]|fluidez|advanced|avance"
        r"|avanzad[oa]|proficient|proficiency|excellent|excelente|very good|tres bon|tres bonne"
        r"|muy buen|mastery|command|maitrise|dominio|dominant",
        "C1",
    ),
    (
        r"\bgood\b|\bbon\b|\bbonne\b|\bbuen[oa]?\b|solid|solide|competent|conversational fluency",
        "B2",
    ),
    (
        r"intermediate|intermediaire|intermedio|moyen|conversational|conversationnel"
        r"|conversacional|medio",
        "B1",
    ),
    (
        r"basic|elementary|beginner|notions?|nociones|basico|basica|debutant|principiante"
        r"|elementaire|elemental|rudimentary|limited|scolaire|base|reading only|passive",
        "A2",
    ),
)
_CV_LEVEL_RES = tuple((re.compile(p), lvl) for p, lvl in _CV_LEVEL_RULES)


def cv_language_level(phrase: str) -> str | None:
    """The CEFR level a CV's wording claims for one language.

    Explicit CEFR ("C1", "B2 level", "niveau B2") wins; otherwise wording maps per DESIGN:
    native/mother tongue -> C2, fluent/advanced/excellent -> C1, working knowledge/good ->
    B2, intermediate -> B1, basic/elementary/notions -> A2.

    Args:
        phrase: The text next to one language ("fluent", "langue maternelle", "B2 (DELF)").

    Returns:
        A CEFR level ("A1".."C2"), or None when the phrase states no level.
    """
    explicit = _explicit_cefr(phrase)
    if explicit is not None:
        return explicit
    folded = fold(phrase)
    for pattern, level in _CV_LEVEL_RES:
        if pattern.search(folded):
            return level
    return None


_REQUIRED_LEVEL_RULES: tuple[tuple[str, str], ...] = (
    (
        r"working knowledge|working level|working proficiency"
        r"|good (?:working )?(?:knowledge|command)"
        r"|bonne connaissance|bonne maitrise|buen (?:conocimiento|dominio|manejo)"
        r"|conocimiento practico|connaissance pratique|conocimientos? de trabajo"
        r"|good|bonne|buen",
        "B2",
    ),
    (
        r"fluen|excellent|excelente|mastery|maitrise|command|proficien|dominio|courant"
        r"|fluidez|perfect|parfait|strong|solid|native|advanced|avance",
        "C1",
    ),
    (r"knowledge|connaissance|conocimiento|familiarity|understanding|notions?", "B1"),
    (r"basic|elementary|de base|basico", "A2"),
)
_REQUIRED_LEVEL_RES = tuple((re.compile(p), lvl) for p, lvl in _REQUIRED_LEVEL_RULES)


def required_language_level(phrase: str) -> str | None:
    """The CEFR level a ToR's wording asks for.

    Explicit CEFR wins; "fluency/fluent/excellent/mastery/command" -> C1, "working knowledge"
    (and "good knowledge") -> B2, "knowledge of" -> B1; no level wording -> None.

    Args:
        phrase: The requirement text around one language.

    Returns:
        A CEFR level, or None.
    """
    explicit = _explicit_cefr(phrase)
    if explicit is not None:
        return explicit
    folded = fold(phrase)
    # "excellent ... and good working knowledge" is rare; the first matching rule decides,
    # with "working knowledge" tested first so "working knowledge" never reads as "knowledge".
    for pattern, level in _REQUIRED_LEVEL_RES:
        if pattern.search(folded):
            return level
    return None


# --------------------------------------------------------------------------- degrees

# Case-sensitive abbreviation patterns (original text): "MA" is a degree, "Ma" or "ma" is not.
_DEGREE_ABBREV: tuple[tuple[str, DegreeLevel], ...] = (
    (
        r"\b(?:Ph\.?\s?D|PHD|D\.?\s?Phil|DPhil|Dr\.\s?(?:rer|phil|iur|med)|Sc\.?D|Ed\.?D"
        r"|DBA)\b\.?",
        "doctorate",
    ),
    (
        r"\b(?:M\.A|M\.Sc|M\.S|M\.Phil|M\.P\.A|M\.B\.A|LL\.M|M\.Ed|M\.P\.P|M\.P\.H)\.?"
        r"|\b(?:M\.Tech|M\.E|M\.S\.W|M\.S\.N)\.?(?![\w.])"
        r"|\b(?:MA|MSc|MSC|MPhil|MPA|MPP|MPH|MBA|LLM|MEng|MRes|MIA|MAS|MALD|MDP|MSt|MLitt"
        r"|MIB|MFA|MEd|MSW|MSN|MHA|MTech|MSEd|MSEE|MSCS|MSF|MSIS|MSPH|MIM|JD|J\.D\.?"
        # A bare "MS" only where a degree fits: "MS in", "MS, 2019", a line of its own, or
        # "MS Chemistry"; never "MS Office", "MS Excel".
        r"|MS(?=\s+(?:in|of|degree)\b|\s*[,:(]|\s*$|\s+(?!(?:Office|Word|Excel|Project|Access"
        r"|PowerPoint|Power|Outlook|SQL|Windows|Dynamics|Teams|Visio|DOS|Azure|Exchange|Publisher"
        r"|SharePoint|Paint|Edge|Visual|Navision|Intune)\b)[A-Z][a-z]))\b",
        "master",
    ),
    (
        r"\b(?:B\.A|B\.Sc|B\.S|LL\.B|B\.Com|B\.Eng|B\.Ed|B\.B\.A|B\.Tech|B\.E|B\.S\.N"
        r"|B\.S\.W|B\.F\.A|M\.B\.B\.S)\.?(?![\w.])"
        r"|\b(?:BA|BSc|BSC|LLB|BEng|BCom|BBA|BPhil|BEd|BSN|BSW|BFA|BSBA|BSEE|BSME|BSCS|BTech"
        r"|BArch|BPharm|MBBS|MBChB|BDS"
        # A bare "BS" where a degree fits (see "MS" above).
        r"|BS(?=\s+(?:in|of|degree)\b|\s*[,:(]|\s*$|\s+[A-Z][a-z]))\b",
        "bachelor",
    ),
    (r"\b(?:Maîtrise|Maitrise|MAÎTRISE|MAITRISE|Mastère|Mastere|DEA|DESS|DEUG)\b", "master"),
    (
        r"(?<!driving )(?<!driver's )(?<!driver )(?<!Driving )(?<!Driver's )(?<!Driver )"
        r"\b(?:Licence|LICENCE|License|Licenciatura|LICENCIATURA|Licenciad[oa])\b",
        "bachelor",
    ),
)
_DEGREE_ABBREV_RES = tuple((re.compile(p), lvl) for p, lvl in _DEGREE_ABBREV)

# Folded, case-insensitive wording.
_DEGREE_WORDS: tuple[tuple[str, DegreeLevel], ...] = (
    (
        r"\bdoctora(?:te|l|t|do)\b|\bdoctor of philosophy\b|\bdoctor (?:en|of)\b"
        r"|\bdocteur (?:en|es|de)\b|\bdoctoral (?:degree|studies)\b|\bph\.?\s?d\b",
        "doctorate",
    ),
    (
        r"\bmaster\s*[12]\b|(?<!scrum )(?<!web )(?<!head )(?<!grand )(?<!quarter)"
        r"\bmasters?(?:'s?)?\b(?!\s+(?:class|plan|data|file|trainer|list|card|chef|key))"
        r"|\bmaestria\b|\bmagister\b|\bmagistere\b|\bdiplom\b|\bdiplom-"
        r"|\badvanced (?:university )?degree\b|\bgraduate degree\b|\bpost-?graduate degree\b"
        r"|\bdiplome d'ingenieur\b|\bdiplome d'etudes superieures\b|\bjuris doctor\b"
        r"|\bdiplome de (?:deuxieme|2e) cycle\b|\bsecond[- ]level (?:university )?degree\b"
        r"|\bmagistr",
        "master",
    ),
    (
        r"\bbachelor(?:'?s)?\b|\bbachelier\b|\bbaccalaureate degree\b|\bundergraduate\b"
        r"|\bfirst[- ]level (?:university )?degree\b|\bfirst university degree\b"
        r"|\bdiplome de premier cycle\b|\bgrado en\b|\bgraduad[oa] en\b|\btitulo de grado\b"
        r"|\blicenciatura\b|\blicenciad[oa] en\b|\blicence (?:en|de|es|professionnelle)\b"
        r"|\buniversity degree\b|\bdegree in\b|\bbsc\b|\bb\.sc\b",
        "bachelor",
    ),
)
_DEGREE_WORD_RES = tuple((re.compile(p), lvl) for p, lvl in _DEGREE_WORDS)


# "Boston, MA 02115", "Jackson, MS": US state codes that spell degree abbreviations.
_STATE_CODES = frozenset({"MA", "MS", "MD"})
_STATE_BEFORE_RE = re.compile(r"[A-Za-z.]\s*,\s*$")
_STATE_AFTER_RE = re.compile(
    r"\s*(?:\d{5}(?:-\d{4})?)?\s*(?:$|[|\n]|[,;]?\s*(?:USA|US|U\.S\.A?\.?|United States)\b)"
)


def _is_state_code(text: str, start: int, end: int) -> bool:
    if text[start:end].rstrip(".") not in _STATE_CODES:
        return False
    return bool(
        _STATE_BEFORE_RE.search(text[max(0, start - 40) : start])
        and _STATE_AFTER_RE.match(text, end)
    )


def find_degrees(text: str) -> list[tuple[DegreeLevel, int, int]]:
    """Every degree mention in ``text``, as (level, start, end), in order of position.

    Uses the same wording as :func:`degree_level`; overlapping mentions keep the longest.

    Args:
        text: Free text (one line or a whole section).

    Returns:
        A list of (level, start offset, end offset) tuples into ``text``.
    """
    spans: list[tuple[DegreeLevel, int, int]] = []
    for pattern, level in _DEGREE_ABBREV_RES:
        spans.extend(
            (level, m.start(), m.end())
            for m in pattern.finditer(text)
            if not _is_state_code(text, m.start(), m.end())
        )
    folded = fold(text)
    for word_pattern, level in _DEGREE_WORD_RES:
        spans.extend((level, m.start(), m.end()) for m in word_pattern.finditer(folded))
    spans.sort(key=lambda s: (s[1], -(s[2] - s[1])))
    kept: list[tuple[DegreeLevel, int, int]] = []
    for span in spans:
        if kept and span[1] < kept[-1][2]:
            continue
        kept.append(span)
    return kept


def degree_level(phrase: str) -> DegreeLevel | None:
    """The degree level a phrase names, or None.

    "BA", "Licence", "Licenciatura", "Grado en", "first-level degree" -> bachelor; "MA", "MSc",
    "Master's", "Maîtrise", "DEA/DESS", "Máster", "Maestría", "Magíster", "Diplom", "advanced
    university degree" -> master; "PhD", "Doctorate", "Doctorat", "Doctorado" -> doctorate.
    Abbreviations are case-sensitive ("MA" but not "Ma"); when several levels appear, the
    highest is returned ("BA and MA in Law" -> master).

    Args:
        phrase: A degree line or requirement phrase.

    Returns:
        "bachelor", "master", "doctorate" or None.
    """
    levels = {level for level, _, _ in find_degrees(phrase)}
    if not levels:
        return None
    return max(levels, key=DEGREE_LEVELS.index)


# --------------------------------------------------------------------------- countries

# "CODE names | demonyms": names in en/fr/es (folded lookups make accents optional).
_COUNTRY_TABLE = """
AF Afghanistan, Afganistán | Afghan, afghane, afgano, afgana
AL Albania, Albanie | Albanian, albanais, albanaise, albanés, albanesa
DZ Algeria, Algérie, Argelia | Algerian, algérien, algérienne, argelino, argelina
AD Andorra, Andorre | Andorran
AO Angola | Angolan, angolais, angolaise, angoleño, angoleña
AG Antigua and Barbuda, Antigua-et-Barbuda, Antigua y Barbuda |
AR Argentina, Argentine | Argentinian, Argentine, argentin, argentino, argentina
AM Armenia, Arménie | Armenian, arménien, arménienne, armenio, armenia
AU Australia, Australie | Australian, australien, australienne, australiano, australiana
AT Austria, Autriche | Austrian, autrichien, autrichienne, austriaco, austriaca, austríaco,
    austríaca
AZ Azerbaijan, Azerbaïdjan, Azerbaiyán | Azerbaijani, azerbaïdjanais
BS Bahamas | Bahamian
BH Bahrain, Bahreïn, Bahréin | Bahraini, bahreïni, bahreiní
BD Bangladesh | Bangladeshi, bangladais, bangladaise, bangladesí
BB Barbados, Barbade | Barbadian
BY Belarus, Bélarus, Biélorussie, Bielorrusia | Belarusian, biélorusse, bielorruso
BE Belgium, Belgique, Bélgica | Belgian, belge, belga
BZ Belize, Belice | Belizean
BJ Benin, Bénin | Beninese, béninois, béninoise
BT Bhutan, Bhoutan, Bután | Bhutanese
BO Bolivia, Bolivie | Bolivian, bolivien, bolivienne, boliviano, boliviana
BA Bosnia and Herzegovina, Bosnia-Herzegovina, Bosnie-Herzégovine, Bosnia y Herzegovina, Bosnia
    | Bosnian, bosnien, bosnio
BW Botswana | Motswana, Batswana, Botswanan
BR Brazil, Brésil, Brasil | Brazilian, brésilien, brésilienne, brasileño, brasileña
BN Brunei Darussalam, Brunei, Brunéi | Bruneian
BG Bulgaria, Bulgarie | Bulgarian, bulgare, búlgaro, búlgara
BF Burkina Faso | Burkinabe, Burkinabè, burkinabé
BI Burundi | Burundian, burundais, burundaise
CV Cabo Verde, Cape Verde, Cap-Vert | Cape Verdean, cap-verdien
KH Cambodia, Cambodge, Camboya | Cambodian, cambodgien, cambodgienne, camboyano
CM Cameroon, Cameroun, Camerún | Cameroonian, camerounais, camerounaise, camerunés, camerunesa
CA Canada, Canadá | Canadian, canadien, canadienne, canadiense
CF Central African Republic, République centrafricaine, Centrafrique, República Centroafricana |
    Central African, centrafricain, centrafricaine
TD Chad, Tchad | Chadian, tchadien, tchadienne, chadiano
CL Chile, Chili | Chilean, chilien, chilienne, chileno, chilena
CN China, Chine, People's Republic of China | Chinese, chinois, chinoise, chino, china
CO Colombia, Colombie | Colombian, colombien, colombienne, colombiano, colombiana
KM Comoros, Comores, Comoras | Comorian, comorien
CG Congo, Republic of the Congo, Republic of Congo, Congo-Brazzaville, République du Congo |
    Congolese, congolais, congolaise, congoleño
CD Democratic Republic of the Congo, DRC, RDC, Democratic Republic of Congo, DR Congo, République
    démocratique du Congo, RD Congo, República Democrática del Congo, Congo-Kinshasa |
CR Costa Rica | Costa Rican, costaricien, costarricense
CI Côte d'Ivoire, Cote d'Ivoire, Ivory Coast, Costa de Marfil | Ivorian, ivoirien, ivoirienne,
    marfileño
HR Croatia, Croatie, Croacia | Croatian, Croat, croate, croata
CU Cuba | Cuban, cubain, cubaine, cubano, cubana
CY Cyprus, Chypre, Chipre | Cypriot, chypriote, chipriota
CZ Czechia, Czech Republic, Tchéquie, République tchèque, Chequia, República Checa | Czech,
    tchèque, checo, checa
KP Democratic People's Republic of Korea, North Korea, Corée du Nord, Corea del Norte, DPRK |
    North Korean
DK Denmark, Danemark, Dinamarca | Danish, Dane, danois, danoise, danés, danesa
DJ Djibouti, Yibuti | Djiboutian, djiboutien, djiboutienne
DM Dominica, Dominique | Dominican (Dominica)
DO Dominican Republic, République dominicaine, República Dominicana | Dominican, dominicain,
    dominicaine, dominicano, dominicana
EC Ecuador, Équateur | Ecuadorian, Ecuadorean, équatorien, équatorienne, ecuatoriano, ecuatoriana
EG Egypt, Égypte, Egipto | Egyptian, égyptien, égyptienne, egipcio, egipcia
SV El Salvador, Salvador | Salvadoran, Salvadorean, salvadorien, salvadoreño, salvadoreña
GQ Equatorial Guinea, Guinée équatoriale, Guinea Ecuatorial | Equatorial Guinean, Equatoguinean
ER Eritrea, Érythrée | Eritrean, érythréen, érythréenne, eritreo, eritrea
EE Estonia, Estonie | Estonian, estonien, estonienne, estonio, estonia
SZ Eswatini, Swaziland | Swazi, Emaswati
ET Ethiopia, Éthiopie, Etiopía | Ethiopian, éthiopien, éthiopienne, etíope
FJ Fiji, Fidji, Fiyi | Fijian, fidjien
FI Finland, Finlande, Finlandia | Finnish, Finn, finlandais, finlandaise, finlandés, finlandesa
FR France, Francia | French, français, française, francés, francesa
GA Gabon, Gabón | Gabonese, gabonais, gabonaise, gabonés
GM Gambia, The Gambia, Gambie | Gambian, gambien, gambienne
GE Georgia, Géorgie | Georgian, géorgien, géorgienne, georgiano, georgiana
DE Germany, Allemagne, Alemania, Deutschland | German, allemand, allemande, alemán, alemana
GH Ghana | Ghanaian, ghanéen, ghanéenne, ghanés, ghanesa
GR Greece, Grèce, Grecia | Greek, grec, grecque, griego, griega
GD Grenada, Grenade, Granada | Grenadian
GT Guatemala | Guatemalan, guatémaltèque, guatemalteco, guatemalteca
GN Guinea, Guinée | Guinean, guinéen, guinéenne, guineano
GW Guinea-Bissau, Guinée-Bissau | Bissau-Guinean
GY Guyana | Guyanese
HT Haiti, Haïti, Haití | Haitian, haïtien, haïtienne, haitiano, haitiana
HN Honduras | Honduran, hondurien, hondureño, hondureña
HU Hungary, Hongrie, Hungría | Hungarian, hongrois, hongroise, húngaro, húngara
IS Iceland, Islande, Islandia | Icelandic, Icelander, islandais, islandaise, islandés
IN India, Inde | Indian, indien, indienne, indio, hindú
ID Indonesia, Indonésie | Indonesian, indonésien, indonésienne, indonesio, indonesia
IR Iran, Islamic Republic of Iran, Irán | Iranian, iranien, iranienne, iraní
IQ Iraq, Irak | Iraqi, irakien, irakienne, iraquí
IE Ireland, Irlande, Irlanda | Irish, irlandais, irlandaise, irlandés, irlandesa
IL Israel, Israël | Israeli, israélien, israélienne, israelí
IT Italy, Italie, Italia | Italian, italien, italienne, italiano, italiana
JM Jamaica, Jamaïque | Jamaican, jamaïcain, jamaicano
JP Japan, Japon, Japón | Japanese, japonais, japonaise, japonés, japonesa
JO Jordan, Jordanie, Jordania | Jordanian, jordanien, jordanienne, jordano, jordana
KZ Kazakhstan, Kazajistán | Kazakh, Kazakhstani, kazakh, kazakhe
KE Kenya, Kenia | Kenyan, kényan, kényane, keniano, keniana
KI Kiribati |
KW Kuwait, Koweït, Koweit | Kuwaiti, koweïtien, koweïtienne, kuwaití
KG Kyrgyzstan, Kirghizistan, Kirguistán | Kyrgyz, Kyrgyzstani, kirghize
LA Lao People's Democratic Republic, Laos | Laotian, laotien, laotienne
LV Latvia, Lettonie, Letonia | Latvian, letton, lettone, letón, letona
LB Lebanon, Liban, Líbano | Lebanese, libanais, libanaise, libanés, libanesa
LS Lesotho | Basotho, Mosotho
LR Liberia | Liberian, libérien, libérienne, liberiano
LY Libya, Libye, Libia | Libyan, libyen, libyenne, libio, libia
LI Liechtenstein |
LT Lithuania, Lituanie, Lituania | Lithuanian, lituanien, lituanienne, lituano, lituana
LU Luxembourg, Luxemburgo | Luxembourgish, Luxembourger, luxembourgeois, luxembourgeoise,
    luxemburgués
MG Madagascar | Malagasy, malgache
MW Malawi | Malawian, malawien, malauí
MY Malaysia, Malaisie, Malasia | Malaysian, malaisien, malaisienne, malasio
MV Maldives, Maldivas | Maldivian
ML Mali, Malí | Malian, malien, malienne, maliense
MT Malta, Malte | Maltese, maltais, maltaise, maltés
MH Marshall Islands, Îles Marshall |
MR Mauritania, Mauritanie | Mauritanian, mauritanien, mauritanienne, mauritano
MU Mauritius, Maurice, Mauricio | Mauritian, mauricien, mauricienne
MX Mexico, Mexique, México, Méjico | Mexican, mexicain, mexicaine, mexicano, mexicana
FM Micronesia, Micronésie |
MD Moldova, Republic of Moldova, Moldavie | Moldovan, moldave
MC Monaco, Mónaco | Monegasque, monégasque
MN Mongolia, Mongolie | Mongolian, mongol
ME Montenegro, Monténégro | Montenegrin, monténégrin
MA Morocco, Maroc, Marruecos | Moroccan, marocain, marocaine, marroquí
MZ Mozambique | Mozambican, mozambicain, mozambicaine, mozambiqueño
MM Myanmar, Burma, Birmanie, Birmania | Burmese, Myanmar national, birman
NA Namibia, Namibie | Namibian, namibien, namibienne
NR Nauru |
NP Nepal, Népal | Nepalese, Nepali, népalais, népalaise, nepalí
NL Netherlands, The Netherlands, Holland, Pays-Bas, Países Bajos, Holanda | Dutch, néerlandais,
    néerlandaise, neerlandés, neerlandesa, holandés, holandesa
NZ New Zealand, Nouvelle-Zélande, Nueva Zelanda | New Zealander, Kiwi, néo-zélandais,
    néo-zélandaise, neozelandés, neozelandesa
NI Nicaragua | Nicaraguan, nicaraguayen, nicaragüense
NE Niger, Níger | Nigerien, nigérien, nigérienne
NG Nigeria, Nigéria | Nigerian, nigérian, nigériane, nigeriano, nigeriana
MK North Macedonia, Macedonia, Macédoine du Nord, Macedonia del Norte | Macedonian, macédonien
NO Norway, Norvège, Noruega | Norwegian, norvégien, norvégienne, noruego, noruega
OM Oman, Omán | Omani, omanais, omaní
PK Pakistan, Pakistán | Pakistani, pakistanais, pakistanaise, pakistaní
PW Palau, Palaos | Palauan
PA Panama, Panamá | Panamanian, panaméen, panameño, panameña
PG Papua New Guinea, Papouasie-Nouvelle-Guinée, Papúa Nueva Guinea | Papua New Guinean
PY Paraguay | Paraguayan, paraguayen, paraguayo, paraguaya
PE Peru, Pérou, Perú | Peruvian, péruvien, péruvienne, peruano, peruana
PH Philippines, Filipinas | Filipino, Philippine, philippin, philippine, filipino, filipina
PL Poland, Pologne, Polonia | Polish, Pole, polonais, polonaise, polaco, polaca
PT Portugal | Portuguese, portugais, portugaise, portugués, portuguesa
QA Qatar, Katar | Qatari, qatari, qatarien, qatarienne, catarí, qatarí
KR Republic of Korea, South Korea, Korea, Corée du Sud, Corée, Corea del Sur, Corea | Korean,
    South Korean, coréen, coréenne, coreano, coreana, surcoreano
RO Romania, Roumanie, Rumania, Rumanía | Romanian, roumain, roumaine, rumano, rumana
RU Russian Federation, Russia, Russie, Rusia, Fédération de Russie | Russian, russe, ruso, rusa
RW Rwanda, Ruanda | Rwandan, rwandais, rwandaise, ruandés
KN Saint Kitts and Nevis |
LC Saint Lucia, Sainte-Lucie |
VC Saint Vincent and the Grenadines |
WS Samoa |
SM San Marino, Saint-Marin |
ST Sao Tome and Principe, São Tomé and Príncipe, Sao Tomé-et-Principe |
SA Saudi Arabia, Kingdom of Saudi Arabia, KSA, Arabie saoudite, Arabia Saudita, Arabia Saudí |
    Saudi, Saudi Arabian, saoudien, saoudienne, saudí, saudita
SN Senegal, Sénégal | Senegalese, sénégalais, sénégalaise, senegalés, senegalesa
RS Serbia, Serbie | Serbian, Serb, serbe, serbio, serbia
SC Seychelles |
SL Sierra Leone, Sierra Leona | Sierra Leonean, sierra-léonais
SG Singapore, Singapour, Singapur | Singaporean, singapourien
SK Slovakia, Slovaquie, Eslovaquia | Slovak, Slovakian, slovaque, eslovaco, eslovaca
SI Slovenia, Slovénie, Eslovenia | Slovenian, Slovene, slovène, esloveno, eslovena
SB Solomon Islands, Îles Salomon |
SO Somalia, Somalie | Somali, somalien, somalienne, somalí
ZA South Africa, Afrique du Sud, Sudáfrica | South African, sud-africain, sud-africaine,
    sudafricano, sudafricana
SS South Sudan, Soudan du Sud, Sudán del Sur | South Sudanese, sud-soudanais
ES Spain, Espagne, España | Spanish, Spaniard, espagnol, espagnole, español, española
LK Sri Lanka | Sri Lankan, sri-lankais, srilanqués
SD Sudan, Soudan, Sudán | Sudanese, soudanais, soudanaise, sudanés, sudanesa
SR Suriname, Surinam | Surinamese
SE Sweden, Suède, Suecia | Swedish, Swede, suédois, suédoise, sueco, sueca
CH Switzerland, Suisse, Suiza, Schweiz | Swiss, suisse, suizo, suiza
SY Syria, Syrian Arab Republic, Syrie, Siria | Syrian, syrien, syrienne, sirio, siria
TJ Tajikistan, Tadjikistan, Tayikistán | Tajik, Tajikistani, tadjik
TZ Tanzania, United Republic of Tanzania, Tanzanie | Tanzanian, tanzanien, tanzanienne, tanzano
TH Thailand, Thaïlande, Tailandia | Thai, thaïlandais, thaïlandaise, tailandés, tailandesa
TL Timor-Leste, East Timor, Timor oriental | Timorese
TG Togo | Togolese, togolais, togolaise, togolés
TO Tonga | Tongan
TT Trinidad and Tobago, Trinité-et-Tobago, Trinidad y Tobago | Trinidadian
TN Tunisia, Tunisie, Túnez | Tunisian, tunisien, tunisienne, tunecino, tunecina
TR Türkiye, Turkey, Turquie, Turquía | Turkish, Turk, turc, turque, turco, turca
TM Turkmenistan, Turkménistan | Turkmen
TV Tuvalu |
UG Uganda, Ouganda | Ugandan, ougandais, ougandaise, ugandés
UA Ukraine, Ucrania | Ukrainian, ukrainien, ukrainienne, ucraniano, ucraniana
AE United Arab Emirates, UAE, Émirats arabes unis, Emiratos Árabes Unidos | Emirati, émirien,
    emiratí
GB United Kingdom, UK, Great Britain, Britain, England, Scotland, Wales, Northern Ireland,
    Royaume-Uni, Reino Unido | British, Briton, English, Scottish, Welsh, britannique, británico,
    británica
US United States, United States of America, USA, US, U.S.A., U.S., États-Unis, Etats-Unis, Estados
    Unidos, EE.UU., EEUU | American, US citizen, américain, américaine, estadounidense,
    norteamericano, norteamericana
UY Uruguay | Uruguayan, uruguayen, uruguayenne, uruguayo, uruguaya
UZ Uzbekistan, Ouzbékistan, Uzbekistán | Uzbek, Uzbekistani, ouzbek
VU Vanuatu |
VE Venezuela | Venezuelan, vénézuélien, vénézuélienne, venezolano, venezolana
VN Viet Nam, Vietnam | Vietnamese, vietnamien, vietnamienne, vietnamita
YE Yemen, Yémen | Yemeni, yéménite, yemení
ZM Zambia, Zambie | Zambian, zambien, zambienne, zambiano
ZW Zimbabwe, Zimbabue | Zimbabwean, zimbabwéen, zimbabuense
PS State of Palestine, Palestine, Palestina | Palestinian, palestinien, palestinienne,
    palestino, palestina
VA Holy See, Vatican |
"""

# Abbreviations that are ordinary words in lower case ("us", "uk" rarely): case-sensitive.
_CASE_SENSITIVE_COUNTRY = frozenset(
    {"us", "u.s.", "usa", "uk", "uae", "ksa", "dprk", "u.s.a.", "drc", "rdc"}
)
# Nouns that make a language-like demonym ("French", "German") mean nationality.
_NATIONALITY_CONTEXT = re.compile(
    r"\s*(?:and\s+\w+\s+)?(?:nationals?|citizens?|citizenship|nationality|passport|origin"
    r"|ressortissants?|citoyens?|citoyennete|nationalite|nacionales|ciudadan[oa]s?"
    r"|nacionalidad)\b"
)
_NATIONALITY_PREFIX = re.compile(
    r"(?:nationality|citizenship|nationalite|nacionalidad|ciudadania|citoyennete|nationalities)"
    r"\s*[:\-]?\s*(?:\w+\s*[,/&]\s*|\w+\s+(?:and|et|y)\s+)*$"
)


def _parse_countries() -> tuple[dict[str, str], dict[str, str]]:
    names: dict[str, str] = {}
    demonyms: dict[str, str] = {}
    for line in _table_lines(_COUNTRY_TABLE):
        code, _, rest = line.partition(" ")
        name_part, _, demonym_part = rest.partition("|")
        for name in name_part.split(","):
            if name.strip():
                names.setdefault(fold(name.strip()), code)
        for demonym in demonym_part.split(","):
            demonym = re.sub(r"\(.*?\)", "", demonym).strip()
            if demonym:
                demonyms.setdefault(fold(demonym), code)
    return names, demonyms


_COUNTRY_NAMES, _DEMONYMS = _parse_countries()
_COUNTRY_RE = re.compile(
    r"(?<![\w.-])(?:" + _words_pattern([*_COUNTRY_NAMES, *_DEMONYMS]) + r")(?![\w-])"
)


def _strip_key(word: str) -> str:
    key = " ".join(fold(word).strip(" \t\n,;:()[]*").split())
    key = re.sub(r"^(?:the|la|le|les|el|l')\s*", "", key)
    return key


def country_code(word: str) -> str | None:
    """ISO 3166 alpha-2 code from a country name or demonym (en/fr/es), or None.

    Meant for nationality contexts: "German", "allemande", "alemán" give "DE" even though they
    are also language names.

    Args:
        word: A country name, demonym or short phrase ("Kuwaiti", "the Netherlands",
            "nationalité française", "German citizen").

    Returns:
        The alpha-2 code, or None.
    """
    key = _strip_key(word)
    if not key:
        return None
    for table in (_COUNTRY_NAMES, _DEMONYMS):
        if key in table:
            return table[key]
    if key.rstrip(".") in _COUNTRY_NAMES:
        return _COUNTRY_NAMES[key.rstrip(".")]
    found = _scan_countries(word, strict=False)
    return found[0][0] if found else None


def _scan_countries(text: str, *, strict: bool) -> list[tuple[str, int, int]]:
    folded = fold(text)
    found: list[tuple[str, int, int]] = []
    for match in _COUNTRY_RE.finditer(folded):
        key = " ".join(match.group(0).split())
        start, end = match.start(), match.end()
        original = text[start:end]
        is_name = key in _COUNTRY_NAMES
        if key in _CASE_SENSITIVE_COUNTRY and original != original.upper():
            continue
        if strict and is_name and not original[0].isupper():
            continue
        if not is_name and strict and canonical_language(key) is not None:
            # "French" is a language far more often than a nationality in a ToR or CV.
            after = _NATIONALITY_CONTEXT.match(folded, end)
            before = _NATIONALITY_PREFIX.search(folded[max(0, start - 80) : start])
            if after is None and before is None:
                continue
        code = _COUNTRY_NAMES[key] if is_name else _DEMONYMS[key]
        found.append((code, start, end))
    return found


def find_countries(text: str) -> list[tuple[str, int, int]]:
    """Every country named in ``text``, as (ISO alpha-2 code, start, end), in order.

    Country names count when capitalised; demonyms count in any case, except those that are
    also language names ("French", "alemán"), which count only next to a nationality word
    ("French nationals", "Nationality: German", "de nationalité française").

    Args:
        text: Free text.

    Returns:
        A list of (code, start offset, end offset) tuples into ``text``.
    """
    return _scan_countries(text, strict=True)
