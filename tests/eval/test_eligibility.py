"""Eligibility agreement of the checks with the jpo labels, grouped by CV format and layout."""

from __future__ import annotations

import dataclasses

from eval.datasets_jpo import JpoDataset, load_jpo
from eval.eligibility import (
    eligibility_lines,
    eligibility_markdown,
    eligibility_to_dict,
    measure_eligibility,
)


def _small() -> JpoDataset:
    """The jpo set cut to four CVs (two plain, two of other formats) and two vacancies."""
    data = load_jpo()
    cvs = ["cv01_al_mutairi.txt", "cv10_achieng.txt", "cv73_al_shammari.docx",
           "cv85_mabunda.pdf"]
    seeds = ["000_cd5431b3734e23ae.txt", "tor_06_ocha_nairobi.txt"]
    return dataclasses.replace(
        data,
        cv_paths={cv: data.cv_paths[cv] for cv in cvs},
        vacancy_paths={s: data.vacancy_paths[s] for s in seeds},
        eligible={cv: {s: data.eligible[cv][s] for s in seeds} for cv in cvs},
    )


def test_groups_add_up_and_name_the_formats() -> None:
    data = _small()
    result = measure_eligibility(data)
    assert result.pairs[1] == 8 and result.cvs == 4 and result.vacancies == 2
    assert sum(t for _, t in result.by_format.values()) == 8
    assert sum(t for _, t in result.by_layout.values()) == 8
    assert sum(result.confusion.values()) == 8
    assert set(result.by_format) == {"plain", "p11", "europass"}
    agreeing = sum(n for (lab, par), n in result.confusion.items() if lab == par)
    assert agreeing == result.pairs[0]


def test_a_wrong_label_shows_as_a_disagreement() -> None:
    data = _small()
    flipped = {cv: dict(v) for cv, v in data.eligible.items()}
    seed = "000_cd5431b3734e23ae.txt"
    # cv01 (a Kuwaiti national) meets the Kuwait-only call: labelling it ineligible must count.
    assert flipped["cv01_al_mutairi.txt"][seed] is True
    before = measure_eligibility(data)
    flipped["cv01_al_mutairi.txt"][seed] = False
    after = measure_eligibility(dataclasses.replace(data, eligible=flipped))
    assert after.pairs[0] == before.pairs[0] - 1
    assert after.confusion.get(("not eligible", "eligible"), 0) == 1


def test_outputs_carry_every_group() -> None:
    result = measure_eligibility(_small())
    data = eligibility_to_dict(result)
    assert data["pairs"] == 8 and set(data["by_format"]) == set(result.by_format)
    text = "\n".join(eligibility_lines(result))
    markdown = "\n".join(eligibility_markdown(result))
    for fmt in result.by_format:
        assert fmt in text and f"| cv_format | {fmt} |" in markdown
    assert "## Eligibility (jpo)" in markdown
