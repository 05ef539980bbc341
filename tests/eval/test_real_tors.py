"""real-tors scoring rules, loader and CLI, on small invented vacancies (never the real texts)."""

from __future__ import annotations

import argparse
import gzip
import json
from pathlib import Path
from typing import Any

import pytest

from eval import real_tors
from eval.cli import run_eval_command
from eval.real_tors import (
    FACTS,
    RealTorsUnavailableError,
    evaluate_real_tors,
    format_accuracy_table,
    read_documents,
    real_tors_to_dict,
    score_vacancy,
)
from matcher.errors import InputError
from matcher.models import (
    EducationRequirement,
    ExperienceRequirement,
    LanguageRequirement,
    Requirements,
    Substitute,
    Vacancy,
)

INVENTED_TOR = """\
Programme Analyst, P-2, Ruritania City
Title: Programme Analyst
Duty Station: Ruritania City, Ruritania
Duties and Responsibilities
- Draft the quarterly programme reports.
- Organise partner meetings.
- Keep the project database up to date.
Qualifications
Education: Master's degree in economics.
Experience: A minimum of two years of professional experience in development work.
Languages: Fluency in English is required.
"""


def _label(**overrides: Any) -> dict[str, Any]:
    label: dict[str, Any] = {
        "split": "dev",
        "agency": "INVENTED",
        "title": "Programme Analyst",
        "title_core": "Programme Analyst",
        "duty_stations": ["Ruritania City"],
        "education": {"min_level": "master", "substitute": None},
        "experience_min_years": 2,
        "languages": [{"language": "English", "required": True}],
        "nationality": {"rule": "open", "countries": []},
        "duties": {"count": 3, "exact": True},
        "learning_elements": {"count": 0, "exact": True},
    }
    label.update(overrides)
    return label


def _vacancy(**overrides: Any) -> Vacancy:
    values: dict[str, Any] = {
        "id": "v",
        "source": "v.txt",
        "title": "Programme Analyst",
        "reference": None,
        "organization": None,
        "duty_stations": ("Ruritania City",),
        "duration_months": None,
        "duties": ("a", "b", "c"),
        "learning_elements": (),
        "requirements": Requirements(
            education=EducationRequirement(min_level="master"),
            experience=ExperienceRequirement(min_years=2),
            languages=(LanguageRequirement("English", True),),
        ),
    }
    values.update(overrides)
    return Vacancy(**values)


def _ok(label: dict[str, Any], vacancy: Vacancy) -> dict[str, bool]:
    return {score.fact: score.ok for score in score_vacancy(label, vacancy)}


def test_all_is_sorted() -> None:
    assert real_tors.__all__ == sorted(real_tors.__all__)


def test_every_fact_right() -> None:
    assert _ok(_label(), _vacancy()) == dict.fromkeys(FACTS, True)


@pytest.mark.parametrize(
    ("title", "ok"),
    [
        ("Programme Analyst", True),
        ("programme-analyst (P-2)", True),  # case and punctuation ignored
        ("Junior Professional Officer", False),
        ("Programme Analyst - Deadline 12 May 2026 - Apply now at our careers portal", False),
        (None, False),
    ],
)
def test_title_contains_core_and_is_at_most_twice_as_long(title: str | None, ok: bool) -> None:
    assert _ok(_label(), _vacancy(title=title))["title"] is ok


def test_title_core_must_be_whole_words() -> None:
    label = _label(title="Analyst", title_core="Analyst")
    assert not _ok(label, _vacancy(title="Analysts"))["title"]


def test_duty_stations_every_labelled_one_named_in_some_parsed_one() -> None:
    label = _label(duty_stations=["Ruritania City", "Home-based"])
    assert _ok(label, _vacancy(duty_stations=("Ruritania City, Ruritania", "home based")))[
        "duty_stations"
    ]
    assert not _ok(label, _vacancy(duty_stations=("Ruritania City",)))["duty_stations"]


def test_education_and_experience_are_equalities() -> None:
    sub = {"level": "bachelor", "extra_years": 2}
    label = _label(education={"min_level": "master", "substitute": sub})
    edu = EducationRequirement("master", substitute=Substitute("bachelor", 2))
    right = _vacancy(requirements=Requirements(education=edu,
                                               experience=ExperienceRequirement(2)))
    wrong = _vacancy(requirements=Requirements(
        education=EducationRequirement("master", substitute=Substitute("bachelor", 4)),
        experience=ExperienceRequirement(4),
    ))
    assert _ok(label, right)["education.substitute"]
    assert not _ok(label, wrong)["education.substitute"]
    assert not _ok(label, wrong)["experience.min_years"]
    assert _ok(label, wrong)["education.min_level"]


def test_no_education_required_is_null_on_both_sides() -> None:
    label = _label(education={"min_level": None, "substitute": None}, experience_min_years=None)
    vacancy = _vacancy(requirements=Requirements())
    assert _ok(label, vacancy)["education.min_level"]
    assert _ok(label, vacancy)["experience.min_years"]


def test_languages_are_a_set_of_language_required_pairs() -> None:
    label = _label(languages=[
        {"language": "English", "required": True},
        {"language": "French", "required": False},
    ])
    same = Requirements(languages=(LanguageRequirement("French", False),
                                   LanguageRequirement("English", True)))
    flipped = Requirements(languages=(LanguageRequirement("French", True),
                                      LanguageRequirement("English", True)))
    extra = Requirements(languages=(*same.languages, LanguageRequirement("Swahili", True)))
    assert _ok(label, _vacancy(requirements=same))["languages"]
    assert not _ok(label, _vacancy(requirements=flipped))["languages"]
    assert not _ok(label, _vacancy(requirements=extra))["languages"]


def test_nationality_empty_list_without_rule_is_open() -> None:
    assert _ok(_label(), _vacancy())["nationality"]
    listed = _label(nationality={"rule": "list", "countries": ["NL"]})
    assert not _ok(listed, _vacancy())["nationality"]
    restricted = _vacancy(requirements=Requirements(nationalities=("NL",)))
    assert _ok(listed, restricted)["nationality"]
    assert not _ok(_label(), restricted)["nationality"]


@pytest.mark.parametrize(
    ("label", "got", "ok"),
    [
        ({"count": 10, "exact": True}, 11, True),
        ({"count": 10, "exact": True}, 12, False),
        ({"count": 30, "exact": True}, 33, True),  # 10 % of 30 is larger than 1
        ({"count": 30, "exact": True}, 34, False),
        ({"count": 0, "exact": True}, 1, True),
        ({"count": 8, "exact": False}, 4, True),  # prose: half to twice the sentences
        ({"count": 8, "exact": False}, 16, True),
        ({"count": 8, "exact": False}, 3, False),
        ({"count": 8, "exact": False}, 17, False),
    ],
)
def test_duty_counts(label: dict[str, Any], got: int, ok: bool) -> None:
    vacancy = _vacancy(duties=tuple(f"duty {i}" for i in range(got)))
    assert _ok(_label(duties=label), vacancy)["duties"] is ok


def _write_unjobs(root: Path, records: list[dict[str, Any]]) -> None:
    folder = root / "unjobs-io-vacancies"
    folder.mkdir(parents=True)
    with gzip.open(folder / "vacancies.jsonl.gz", "wt", encoding="utf-8") as handle:
        for record in records:
            handle.write(json.dumps(record) + "\n")


def test_read_documents_is_title_line_then_body(tmp_path: Path) -> None:
    _write_unjobs(tmp_path, [
        {"unjobs_id": 1, "title": "Page title", "text": "Body text."},
        {"unjobs_id": 2, "title": "Other", "text": "Not asked for."},
    ])
    assert read_documents(["1"], tmp_path) == {"1": "Page title\nBody text."}


def test_missing_data_names_where_to_put_it(tmp_path: Path) -> None:
    with pytest.raises(RealTorsUnavailableError, match="unjobs-io-vacancies not found in"):
        read_documents(["1"], tmp_path)


def test_evaluate_scores_per_split_and_keeps_dev_misses_only() -> None:
    labels = {
        "1": _label(),
        "2": _label(split="heldout", title="Budget Officer", title_core="Budget Officer"),
    }
    documents = {"1": INVENTED_TOR, "2": INVENTED_TOR}
    result = evaluate_real_tors(labels=labels, documents=documents)
    assert set(result.splits) == {"dev", "heldout", "all"}
    assert result.splits["dev"].vacancies == 1
    assert result.splits["all"].total["title"] == 2
    assert result.splits["heldout"].accuracy("title") == 0.0
    # The held-out title miss is counted, but no miss of a held-out vacancy is kept.
    assert all(miss.vacancy == "1" for miss in result.dev_misses)
    dev_only = evaluate_real_tors(labels=labels, documents=documents, splits=("dev",))
    assert set(dev_only.splits) == {"dev"}


def test_table_and_json_hold_aggregates_only() -> None:
    labels = {"1": _label(), "2": _label(split="heldout")}
    result = evaluate_real_tors(labels=labels, documents={"1": INVENTED_TOR, "2": INVENTED_TOR})
    table = format_accuracy_table(result, markdown=True)
    assert table.startswith("| fact | dev (1) | heldout (1) | all (2) |")
    assert "| overall |" in table
    data = real_tors_to_dict(result)
    assert set(data["splits"]) == {"dev", "heldout", "all"}
    assert set(data["splits"]["dev"]["facts"]) == set(FACTS)
    assert "misses" not in json.dumps(data)


def _args(**overrides: Any) -> argparse.Namespace:
    values: dict[str, Any] = {
        "dataset": ["real-tors"], "systems": None, "json": False, "out": None,
        "fairness": False, "encoder": None, "quick": False, "seed": 13, "no_cache": True,
        "split": "all", "misses": False,
    }
    values.update(overrides)
    return argparse.Namespace(**values)


def test_cli_skips_with_one_line_when_the_texts_are_missing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("JPO_MATCHER_EVAL_DATA", str(tmp_path))
    assert run_eval_command(_args()) == 0
    out = capsys.readouterr().out.strip().splitlines()
    assert out == [
        f"real-tors: skipped (unjobs-io-vacancies not found in {tmp_path}: put it there or set "
        "JPO_MATCHER_EVAL_DATA to the folder holding it (sources and checksums: "
        "eval/DATASETS.md))"
    ]


def test_cli_refuses_heldout_misses() -> None:
    with pytest.raises(InputError, match="dev misses only"):
        run_eval_command(_args(split="heldout", misses=True))


def test_cli_prints_the_table_and_dev_misses(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    labels = {"1": _label(title="Budget Officer", title_core="Budget Officer")}
    monkeypatch.setattr(real_tors, "load_labels", lambda path=None: labels)
    _write_unjobs(tmp_path, [{"unjobs_id": 1, "title": "Programme Analyst",
                              "text": INVENTED_TOR}])
    monkeypatch.setenv("JPO_MATCHER_EVAL_DATA", str(tmp_path))
    out_dir = tmp_path / "report"
    assert run_eval_command(_args(split="dev", misses=True, out=out_dir)) == 0
    out = capsys.readouterr().out
    assert "real-tors (ToR parser accuracy per fact)" in out
    assert "dev misses (1)" in out
    assert "1 [INVENTED] title: want contains 'Budget Officer'" in out
    report = (out_dir / "report.md").read_text(encoding="utf-8")
    assert "## Parsing (real-tors)" in report
    assert "Annotator agreement" in report
    assert "Budget Officer" not in report  # the report holds aggregates only
