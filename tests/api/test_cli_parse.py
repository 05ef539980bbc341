"""``jpo-matcher parse vacancy FILE [--json]`` through api.cli.main."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from api.cli import main
from eval.locations import EXAMPLE_VACANCIES

SEEDS = EXAMPLE_VACANCIES
SEED = SEEDS / "002_43fea7913431b70e.txt"

TOR = """\
Title: JPO in Data Analysis
Duty Station: Rome, Italy
Duration: 2 years
Duties and responsibilities
- Analyse survey data.
- Build dashboards.
Learning elements
- Learn FAO statistics standards.
Education
Master's degree in statistics.
Languages
Fluency in English is required. Knowledge of Italian is an asset.
"""


@pytest.fixture
def tor_file(tmp_path: Path) -> Path:
    path = tmp_path / "tor.txt"
    path.write_text(TOR, encoding="utf-8")
    return path


def test_parse_vacancy_json(tor_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["parse", "vacancy", str(tor_file), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["source"] == "tor.txt"
    assert data["title"] == "JPO in Data Analysis"
    assert data["duty_stations"] == ["Rome"]
    assert data["duration_months"] == 24
    assert data["duties"] == ["Analyse survey data.", "Build dashboards."]
    assert data["learning_elements"] == ["Learn FAO statistics standards."]
    assert data["requirements"]["education"]["min_level"] == "master"
    languages = data["requirements"]["languages"]
    assert [{k: lang[k] for k in ("language", "any_of", "required", "level")}
            for lang in languages] == [
        {"language": "English", "any_of": [], "required": True, "level": "C1"},
        {"language": "Italian", "any_of": [], "required": False, "level": "B1"},
    ]
    assert set(data["requirements"]) == {
        "education", "experience", "languages", "nationalities", "nationality_rule",
        "nationality_evidence", "skills",
    }
    assert set(data) == {
        "id",
        "source",
        "title",
        "reference",
        "organization",
        "duty_stations",
        "duration_months",
        "duties",
        "learning_elements",
        "requirements",
    }


def test_parse_seed_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["parse", "vacancy", str(SEED), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["reference"] == "21P121"
    assert data["requirements"]["education"]["substitute"] == {
        "level": "bachelor",
        "extra_years": 2,
    }
    assert len(data["duties"]) == 6


def test_parse_vacancy_summary(tor_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["parse", "vacancy", str(tor_file)]) == 0
    out = capsys.readouterr().out
    assert "JPO in Data Analysis" in out
    assert "Italian (desirable, B1)" in out
    assert "  - Build dashboards." in out


def test_missing_file_is_exit_2_with_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["parse", "vacancy", str(tmp_path / "nope.txt"), "--json"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1
    assert "nope.txt" in lines[0]


def test_directory_is_not_a_document(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["parse", "cv", str(tmp_path)]) == 2
    assert len(capsys.readouterr().err.strip().splitlines()) == 1


def test_parse_requires_a_kind(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as excinfo:
        main(["parse"])
    assert excinfo.value.code == 2


def test_parse_summary_names_rules_and_one_of_groups(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "dac.txt"
    path.write_text(
        "Analyst, Riverton, Kenya\nQualifications\n"
        "Open to nationals of developing countries only.\n"
        "Education: Advanced university degree; or a first-level degree with additional years "
        "of experience.\nLanguages: English and either French or Spanish are required.\n",
        encoding="utf-8",
    )
    assert main(["parse", "vacancy", str(path)]) == 0
    out = capsys.readouterr().out
    assert "Nationality  DAC list of ODA recipients" in out
    assert "French or Spanish (required)" in out
    assert "bachelor + additional years (number not stated)" in out
