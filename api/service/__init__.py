"""The service behind the HTTP app and the CLI, split by what each part serves.

:class:`MatchService` (:mod:`api.service.facade`) is the one object callers use; it hands each
request to :mod:`~api.service.vacancies` (open vacancies), :mod:`~api.service.matching`
(anonymous ``/match`` and preselection), :mod:`~api.service.applications` (applications,
candidate tokens, erasure), :mod:`~api.service.recruiters` (recruiters, audited pool rankings)
or :mod:`~api.service.upkeep` (retention, health). :mod:`~api.service.directory` holds the
CLI's directory rankings, which need no data directory.
"""

from api.service.directory import (
    SUPPORTED_SUFFIXES,
    DirectoryRanking,
    RankedItem,
    ToRRankings,
    directory_files,
    rank_directory_candidates,
    rank_directory_candidates_many,
    rank_directory_vacancies,
)
from api.service.encoders import make_encoder
from api.service.facade import MatchService, open_service
from api.service.matching import EXACT_SCORING_LIMIT, PRESELECT_VACANCIES
from matcher.pipeline import encode_background

__all__ = [
    "DirectoryRanking",
    "EXACT_SCORING_LIMIT",
    "MatchService",
    "PRESELECT_VACANCIES",
    "RankedItem",
    "SUPPORTED_SUFFIXES",
    "directory_files",
    "encode_background",
    "make_encoder",
    "open_service",
    "ToRRankings",
    "rank_directory_candidates",
    "rank_directory_candidates_many",
    "rank_directory_vacancies",
]
