"""Tests for matcher.vocab: languages, CEFR levels, degree levels, countries (en/fr/es)."""

from __future__ import annotations

import pytest

from matcher import vocab
from matcher.vocab import (
    canonical_language,
    country_code,
    cv_language_level,
    degree_level,
    find_countries,
    find_degrees,
    find_languages,
    fold,
    required_language_level,
)


def test_all_is_sorted_public_names() -> None:
    public = sorted(
        name for name in dir(vocab) if not name.startswith("_") and callable(getattr(vocab, name))
    )
    # Public names come from the package's modules (folding, languages, degrees, countries).
    expected = [n for n in public if getattr(vocab, n).__module__.startswith("matcher.vocab.")]
    assert vocab.__all__ == sorted(vocab.__all__)
    assert sorted(vocab.__all__) == expected


def test_fold_keeps_offsets() -> None:
    text = "Français, ESPAÑOL, İstanbul — l’anglais"
    folded = fold(text)
    assert len(folded) == len(text)
    assert folded.startswith("francais, espanol")
    assert "l'anglais" in folded


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("français", "French"),
        ("Francés", "French"),
        ("anglais", "English"),
        ("inglés", "English"),
        ("Arabic", "Arabic"),
        ("arabe", "Arabic"),
        ("árabe", "Arabic"),
        ("Chinese/Mandarin", "Chinese"),
        ("Mandarin", "Chinese"),
        ("russe", "Russian"),
        ("ruso", "Russian"),
        ("Portuguese", "Portuguese"),
        ("portugués", "Portuguese"),
        ("allemand", "German"),
        ("alemán", "German"),
        ("Kiswahili", "Swahili"),
        ("Swahili", "Swahili"),
        ("italien", "Italian"),
        ("japonés", "Japanese"),
        ("néerlandais", "Dutch"),
        ("Farsi", "Persian"),
        ("castellano", "Spanish"),
        ("española", "Spanish"),
        ("  French:  ", "French"),
        ("Klingon", None),
        ("", None),
    ],
)
def test_canonical_language(word: str, expected: str | None) -> None:
    assert canonical_language(word) == expected


def test_find_languages_offsets_and_accents() -> None:
    text = "Fluency in English and French; knowledge of Arabic or Chinese. Inglés y francés."
    found = find_languages(text)
    assert [name for name, _, _ in found] == [
        "English",
        "French",
        "Arabic",
        "Chinese",
        "English",
        "French",
    ]
    name, start, end = found[4]
    assert text[start:end] == "Inglés"


def test_find_languages_word_bounded_and_capitalised_traps() -> None:
    assert find_languages("Englishman, Frenchified, Germany") == []
    assert find_languages("polish the final report") == []
    assert find_languages("Polish (basic)") == [("Polish", 0, 6)]
    # A hyphenated compound still names the language.
    assert [n for n, _, _ in find_languages("French-speaking countries")] == ["French"]


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("native", "C2"),
        ("Mother tongue", "C2"),
        ("langue maternelle", "C2"),
        ("lengua materna", "C2"),
        ("nativo", "C2"),
        ("natif", "C2"),
        ("fluent", "C1"),
        ("courant", "C1"),
        ("bilingue", "C1"),
        ("fluido", "C1"),
        ("fluidez", "C1"),
        ("advanced", "C1"),
        ("avancé", "C1"),
        ("avanzado", "C1"),
        ("full professional proficiency", "C1"),
        ("excellent", "C1"),
        ("working knowledge", "B2"),
        ("professional working proficiency", "B2"),
        ("bonne maîtrise", "B2"),
        ("intermedio alto", "B2"),
        ("upper-intermediate", "B2"),
        ("good", "B2"),
        ("bon", "B2"),
        ("bueno", "B2"),
        ("intermediate", "B1"),
        ("intermédiaire", "B1"),
        ("intermedio", "B1"),
        ("limited working proficiency", "B1"),
        ("basic", "A2"),
        ("elementary", "A2"),
        ("notions", "A2"),
        ("básico", "A2"),
        ("débutant", "A2"),
        ("C1", "C1"),
        ("B2 level", "B2"),
        ("niveau B2 (DELF)", "B2"),
        ("fluent (C2)", "C2"),
        ("Listening C1 Reading C2 Writing B2", "B2"),
        ("", None),
        ("(certificate 2019)", None),
    ],
)
def test_cv_language_level(phrase: str, expected: str | None) -> None:
    assert cv_language_level(phrase) == expected


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("Fluency in English is required", "C1"),
        ("fluent French", "C1"),
        ("excellent command of written English", "C1"),
        ("mastery of Spanish", "C1"),
        ("working knowledge of French is an asset", "B2"),
        ("good knowledge of Arabic", "B2"),
        ("knowledge of Portuguese", "B1"),
        ("French at level C1 or higher", "C1"),
        ("B2 or above", "B2"),
        ("English", None),
        ("maîtrise du français", "C1"),
        ("conocimiento de francés", "B1"),
    ],
)
def test_required_language_level(phrase: str, expected: str | None) -> None:
    assert required_language_level(phrase) == expected


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("BA in History", "bachelor"),
        ("B.A. Economics", "bachelor"),
        ("BSc (Hons) Economics", "bachelor"),
        ("Bachelor of Arts", "bachelor"),
        ("Bachelor's degree", "bachelor"),
        ("first-level university degree", "bachelor"),
        ("undergraduate degree", "bachelor"),
        ("Licence en droit", "bachelor"),
        ("Licenciatura en Economía", "bachelor"),
        ("Grado en Derecho", "bachelor"),
        ("Diplôme de premier cycle", "bachelor"),
        ("MA in Political Science", "master"),
        ("M.A. in Economics", "master"),
        ("MSc Development Studies", "master"),
        ("MPhil", "master"),
        ("MPA", "master"),
        ("MBA", "master"),
        ("LLM in International Law", "master"),
        ("Master", "master"),
        ("Masters in Public Health", "master"),
        ("Master's degree", "master"),
        ("advanced university degree", "master"),
        ("graduate degree", "master"),
        ("Maîtrise en droit", "master"),
        ("Master 2 Droit international", "master"),
        ("DEA d'économie", "master"),
        ("DESS", "master"),
        ("Máster en Cooperación Internacional", "master"),
        ("Maestría en Políticas Públicas", "master"),
        ("Magíster en Derecho", "master"),
        ("Diplom-Volkswirt", "master"),
        ("Magister Artium", "master"),
        ("PhD in Economics", "doctorate"),
        ("Ph.D.", "doctorate"),
        ("Doctorate", "doctorate"),
        ("Doctorat en sociologie", "doctorate"),
        ("Doctorado en Historia", "doctorate"),
        ("DPhil", "doctorate"),
        ("BA and MA in Law", "master"),
    ],
)
def test_degree_level(phrase: str, expected: str) -> None:
    assert degree_level(phrase) == expected


@pytest.mark.parametrize(
    "phrase",
    [
        "Mali",
        "Ma",
        "mama",
        "MS Office, MS Excel",
        "Scrum Master certification",
        "Driving licence",
        "bonne maîtrise de l'anglais",
        "Baccalauréat scientifique",
        "Bachillerato",
        "High school diploma",
        "",
    ],
)
def test_degree_level_traps(phrase: str) -> None:
    assert degree_level(phrase) is None


def test_find_degrees_positions() -> None:
    text = "MA in Political Science; BA in History"
    found = find_degrees(text)
    assert [(lvl, text[s:e]) for lvl, s, e in found] == [("master", "MA"), ("bachelor", "BA")]


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("Germany", "DE"),
        ("German", "DE"),
        ("allemand", "DE"),
        ("alemana", "DE"),
        ("Kuwait", "KW"),
        ("Kuwaiti", "KW"),
        ("Koweït", "KW"),
        ("Netherlands", "NL"),
        ("the Netherlands", "NL"),
        ("Dutch", "NL"),
        ("néerlandais", "NL"),
        ("française", "FR"),
        ("española", "ES"),
        ("Qatari", "QA"),
        ("Saudi Arabia", "SA"),
        ("saoudienne", "SA"),
        ("Republic of Korea", "KR"),
        ("Korean", "KR"),
        ("North Korea", "KP"),
        ("USA", "US"),
        ("American", "US"),
        ("UK", "GB"),
        ("British", "GB"),
        ("Swiss", "CH"),
        ("Suisse", "CH"),
        ("New Zealand", "NZ"),
        ("Côte d’Ivoire", "CI"),
        ("Democratic Republic of the Congo", "CD"),
        ("Türkiye", "TR"),
        ("German citizen", "DE"),
        ("Luxembourgish", "LU"),
        ("Atlantis", None),
        ("", None),
    ],
)
def test_country_code(word: str, expected: str | None) -> None:
    assert country_code(word) == expected


def test_country_table_covers_un_members() -> None:
    names = ["Afghanistan", "Bhutan", "Eswatini", "Kiribati", "Tuvalu", "Zimbabwe", "Viet Nam"]
    assert [country_code(n) for n in names] == ["AF", "BT", "SZ", "KI", "TV", "ZW", "VN"]


def test_find_countries_names_and_nationality_context() -> None:
    text = (
        "Open to nationals of Kuwait and Qatar. Fluency in French is required. "
        "French nationals may apply. Nationality: German. de nationalité française."
    )
    assert [code for code, _, _ in find_countries(text)] == ["KW", "QA", "FR", "DE", "FR"]
    code, start, end = find_countries(text)[0]
    assert text[start:end] == "Kuwait"


def test_find_countries_longest_name_wins() -> None:
    text = "South Sudan, Sudan, Niger, Nigeria, Guinea-Bissau, Equatorial Guinea"
    assert [c for c, _, _ in find_countries(text)] == ["SS", "SD", "NE", "NG", "GW", "GQ"]


def test_find_countries_ignores_lowercase_words_and_pronoun_us() -> None:
    assert find_countries("roast turkey with us, a chad of paper") == []
    assert [c for c, _, _ in find_countries("based in the US")] == ["US"]


@pytest.mark.parametrize(
    ("phrase", "level"),
    [
        ("BS", "bachelor"),
        ("BS Business Administration", "bachelor"),
        ("B.E. Mechanical Engineering", "bachelor"),
        ("BSN, 2014", "bachelor"),
        ("MBBS (Medicine)", "bachelor"),
        ("M.S", "master"),
        ("MS: Statistics", "master"),
        ("MSN", "master"),
        ("MS Office", None),
        ("MS Excel and Word", None),
        ("Jackson, MS", None),
        ("Boston, MA 02115", None),
        ("Associate of Applied Science", None),
        ("High School Diploma", None),
    ],
)
def test_degree_abbreviations_of_flattened_resumes(phrase: str, level: str | None) -> None:
    assert degree_level(phrase) == level


def test_valencian_is_catalan() -> None:
    assert canonical_language("Valenciano") == "Catalan"


def test_one_fold_for_both_parsers_and_the_tokenizer() -> None:
    import matcher.cv.dates
    import matcher.lexical
    import matcher.requirements
    import matcher.tor_layout

    folds = {matcher.tor_layout.fold, matcher.requirements.fold, matcher.cv.dates.fold,
             matcher.lexical.fold}
    assert folds == {fold}
