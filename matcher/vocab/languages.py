"""Languages and language levels (CEFR) in English, French and Spanish wording."""

from __future__ import annotations

import re

from matcher.models import CEFR_LEVELS
from matcher.vocab.folding import fold, table_lines, words_pattern

__all__ = ["canonical_language", "cv_language_level", "find_languages", "required_language_level"]

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
Kanuri: kanuri
Dhivehi: dhivehi, divehi
Fijian: fijian, itaukei, i-taukei
Fiji Hindi: fiji hindi, fiji baat
Krio: krio
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
Malay: malay, bahasa melayu, bahasa malaysia, malais, malaise, malayo
Thai: thai, thailandais, tailandes
Vietnamese: vietnamese, vietnamien, vietnamienne, vietnamita
Burmese: burmese, myanmar, myanmar language, birman, birmano
Khmer: khmer, jemer
Lao: lao, laotian
Filipino: filipino, tagalog
Nepali: nepali, nepalese, nepalais, nepales
Sinhala: sinhala, sinhalese, cingalais
Tamil: tamil, tamoul
Ukrainian: ukrainian, ukrainien, ukrainienne, ucraniano, ucraniana
Romanian: romanian, roumain, roumaine, rumano, rumana
Romani: romani, romani chib
Gagauz: gagauz, gagauzian
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
Kyrgyz: kyrgyz, kirghiz, kirghize, kirguis
Turkmen: turkmen, turkmene, turcomano
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
Fula: fula, fulani, fulfulde, peul, pular, poular, pulaar
Bambara: bambara
Malinke: malinke, maninka, malinké
Dioula: dioula, dyula, jula
Sango: sango
Kikongo: kikongo
Tshiluba: tshiluba, luba
Oromo: oromo, afaan oromo
Tamazight: tamazight, berber, berbere, amazigh
Akan: akan, twi
Ewe: ewe
Shona: shona
Ndebele: ndebele, isindebele, sindebele
Sesotho: sesotho
Setswana: setswana, tswana
Luganda: luganda
Chichewa: chichewa, nyanja
Xhosa: xhosa
Latin: latin
Solomon Islands Pijin: solomon islands pidgin, solomon islands pijin, pijin
Tok Pisin: tok pisin
Bislama: bislama
Sign Language: sign language, langue des signes, lengua de senas
"""

# Words that are also ordinary English/Spanish words: only a capitalised occurrence counts
# when scanning free text ("polish the report", "chino trousers", "the creole dish").
_CAPITALISED_ONLY = frozenset(
    {
        "polish",
        # "Myanmar" names the language in a Languages section, never in lower case.
        "myanmar",
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


def _parse_languages() -> dict[str, str]:
    table: dict[str, str] = {}
    for line in table_lines(_LANGUAGE_TABLE):
        name, _, variants = line.partition(":")
        table[fold(name)] = name
        for variant in variants.split(","):
            table.setdefault(fold(variant.strip()), name)
    return table


_LANGUAGES = _parse_languages()

# Portuguese names (Portuguese CVs), in the format of _LANGUAGE_TABLE; names the table above
# already knows ("inglês" folds to "ingles") are not repeated.
_PORTUGUESE_LANGUAGE_TABLE = """
Spanish: espanhol, espanhola, castelhano
German: alemao, alema
Chinese: chines, mandarim
Russian: russo
Norwegian: noruegues
Danish: dinamarques
Greek: grego
Polish: polones
Romanian: romeno
Catalan: catalao
Galician: galego
Hebrew: hebraico
Czech: tcheco
Serbian: servio
Tetum: tetum, tetun
Sign Language: lingua gestual, lingua de sinais
"""
for _line in table_lines(_PORTUGUESE_LANGUAGE_TABLE):
    _name, _, _variants = _line.partition(":")
    _LANGUAGES.setdefault(fold(_name), _name)
    for _variant in _variants.split(","):
        _LANGUAGES.setdefault(fold(_variant.strip()), _name)
_LANGUAGE_RE = re.compile(r"(?<![\w-])(?:" + words_pattern(_LANGUAGES) + r")(?![\w])")


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
    # Portuguese words the rules above do not already catch ("nativo", "fluente", "básico" and
    # "língua materna" they do).
    (r"avancad[oa]|fluencia", "C1"),
    (r"\bbo[am]\b|\bbom nivel\b", "B2"),
    (r"intermediari[oa]|razoavel", "B1"),
    (r"elementar|nocoes", "A2"),
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
