"""The open vacancies: read, parsed, embedded, stored, owned, and prepared for the scorer."""

from __future__ import annotations

import logging
from collections.abc import Sequence

import numpy as np

from api.service.blas import single_threaded_blas
from api.service.context import ServiceContext
from index.backends import StoreBackend
from index.catalog import PendingOwner
from index.store import vacancy_from_record, vacancy_to_record
from matcher.errors import ConflictError, InputError, NotFoundError, ParseError
from matcher.models import Vacancy
from matcher.pipeline import encode_groups, parse_vacancy
from matcher.ports import Document, FloatMatrix, IdArray
from matcher.scoring import (
    PreparedVacancies,
    PreparedVacancy,
    prepare_vacancies,
    stack_vacancies,
)
from matcher.statements import encoder_units

__all__ = ["OpenVacancies"]

log = logging.getLogger(__name__)


def _keep_row(store: StoreBackend) -> None:
    """Write nothing: the owner's row is stored already (only its vectors are replaced)."""


def _kinds_texts(vacancy: Vacancy) -> tuple[list[str], list[str]]:
    """Kinds of the units and the texts their vectors encode (what re-embedding re-encodes)."""
    units = encoder_units(vacancy)
    return [kind for kind, _ in units], [text for _, text in units]


class OpenVacancies:
    """Every open vacancy in memory, with its owner and its scorer inputs built once.

    Args:
        ctx: The service's shared parts; the vacancies are loaded from its store, and the units
            of any whose unit texts changed since they were stored are re-embedded.
    """

    def __init__(self, ctx: ServiceContext) -> None:
        self._ctx = ctx
        self._vacancies: dict[str, Vacancy] = {}
        self._owners: dict[str, str | None] = {}
        self._hashes: dict[str, str] = {}
        #: Per vacancy, its scorer inputs (unit vectors, background statistics, lexical
        #: weights), built once when the vacancy is added or loaded.
        self._prepared: dict[str, PreparedVacancy] = {}
        #: Every prepared vacancy stacked for one-CV rankings; rebuilt lazily after a change.
        self._stack: PreparedVacancies | None = None
        for row in ctx.store.list_vacancies():
            self._vacancies[row.id] = vacancy_from_record(row.data)
            self._owners[row.id] = row.owner
            self._hashes[row.id] = row.content_hash
        self._reembed_changed_units()
        self._prepared = self._prepare(list(self._vacancies.values()))

    # ------------------------------------------------------------------ reading

    def __len__(self) -> int:
        return len(self._vacancies)

    def __contains__(self, vacancy_id: object) -> bool:
        return vacancy_id in self._vacancies

    def all(self) -> list[Vacancy]:
        """Every open vacancy, in insertion order."""
        return list(self._vacancies.values())

    def get(self, vacancy_id: str) -> Vacancy:
        """One vacancy.

        Raises:
            NotFoundError: No such vacancy.
        """
        vacancy = self._vacancies.get(vacancy_id)
        if vacancy is None:
            raise NotFoundError("vacancy not found")
        return vacancy

    def find(self, vacancy_id: str) -> Vacancy | None:
        """One vacancy, or None."""
        return self._vacancies.get(vacancy_id)

    def owner(self, vacancy_id: str) -> str | None:
        """The recruiter id owning a vacancy (None: nobody), whether or not it exists."""
        return self._owners.get(vacancy_id)

    def owned_by(self, recruiter_id: str) -> list[Vacancy]:
        """The vacancies a recruiter owns, in insertion order."""
        return [v for vid, v in self._vacancies.items() if self._owners.get(vid) == recruiter_id]

    def content_hash(self, vacancy_id: str) -> str:
        """The hash audit rows name a vacancy by (its id when unknown)."""
        return self._hashes.get(vacancy_id, vacancy_id)

    # ------------------------------------------------------------------ adding

    def add_file(self, data: bytes, name: str, *, owner: str | None = None) -> Vacancy:
        """Read, parse, embed and store a ToR; an identical one already stored is returned.

        Raises:
            InputError: An unreadable file, a ToR without units, or an unknown owner.
            ConflictError: An identical ToR is open under another owner.
        """
        doc = self._ctx.reader.read_bytes(data, name)
        return self.add_documents([(doc, name)], owner=owner)[0]

    def add_documents(
        self, docs: Sequence[tuple[Document, str]], *, owner: str | None = None
    ) -> list[Vacancy]:
        """Add many read ToRs with one encoder call, one commit and one index save.

        Returns:
            One vacancy per input, in order; a ToR already stored (same content id) comes back
            as the stored vacancy and is not written again.

        Raises:
            InputError: A ToR without duties or learning elements, or an unknown owner.
            ConflictError: ``owner`` is a recruiter and an identical ToR is open under another
                owner (the fresh ones among ``docs`` are stored nevertheless).
        """
        self._check_owner(owner)
        return self.add_parsed([parse_vacancy(doc, name) for doc, name in docs], owner=owner)

    def add_parsed(
        self, parsed: Sequence[Vacancy], *, owner: str | None = None
    ) -> list[Vacancy]:
        """:meth:`add_documents` for vacancies parsed already (the benchmark builds some).

        Raises:
            InputError: A vacancy without units, or an unknown owner.
        """
        self._check_owner(owner)
        for vacancy in parsed:
            if not vacancy.units():
                raise ParseError(f"{vacancy.source}: no duties or learning elements found",
                                 reason="no_units")
        fresh: dict[str, Vacancy] = {}
        for vacancy in parsed:
            if vacancy.id not in self._vacancies and vacancy.id not in fresh:
                fresh[vacancy.id] = vacancy
        if fresh:
            self._store_fresh(list(fresh.values()), owner)
        if owner is not None:
            # After storing, so that two recruiters sending the same new ToR at once are told
            # apart too: the one whose write came second gets the conflict.
            self._check_owned_by(parsed, owner)
        return [self._vacancies.get(v.id, v) for v in parsed]

    def _check_owned_by(self, parsed: Sequence[Vacancy], owner: str) -> None:
        """Refuse to hand a recruiter a vacancy that someone else (or nobody) owns.

        Raises:
            ConflictError: A ToR identical to one of ``parsed`` is open under another owner
                (``duplicate_vacancy``); the other owner is not named.
        """
        for vacancy in parsed:
            current = self._owners.get(vacancy.id)
            if current == owner:
                continue
            whose = "another recruiter" if current is not None else "no recruiter"
            raise ConflictError(
                f"{vacancy.source}: the same ToR is already open as a vacancy owned by {whose}; "
                "ask an administrator to assign it", reason="duplicate_vacancy")

    def _check_owner(self, owner: str | None) -> None:
        if owner is not None and not self._ctx.store.recruiter_exists(owner):
            raise InputError(f"unknown recruiter {owner!r}")

    def _store_fresh(self, fresh: Sequence[Vacancy], owner: str | None) -> None:
        ctx = self._ctx
        units = [_kinds_texts(v) for v in fresh]
        vectors = encode_groups(ctx.unit_encoder, [texts for _, texts in units])
        pending: list[PendingOwner] = []
        for vacancy, (kinds, texts), matrix in zip(fresh, units, vectors, strict=True):

            def write(store: StoreBackend, vacancy: Vacancy = vacancy) -> None:
                store.put_vacancy(vacancy.id, vacancy.source, vacancy_to_record(vacancy),
                                  vacancy.id, owner)

            pending.append(PendingOwner("unit", vacancy.id, write, kinds, texts, matrix))
        with ctx.write_lock:
            pending = [p for p in pending if p.owner_id not in self._vacancies]
            ctx.catalog.add(pending, ctx.unit_encoder.model_name, ctx.unit_encoder.revision)
            by_id = {v.id: v for v in fresh}
            added = {p.owner_id: by_id[p.owner_id] for p in pending}
            self._prepared = {**self._prepared, **self._prepare(list(added.values()))}
            self._stack = None
            self._vacancies = {**self._vacancies, **added}
            self._owners = {**self._owners, **dict.fromkeys(added, owner)}
            self._hashes = {**self._hashes, **{k: k for k in added}}

    def _reembed_changed_units(self) -> None:
        """Re-encode the units of stored vacancies whose units changed since they were stored.

        What a unit is can change between versions (the title became a unit, open-ended duties
        left); a vacancy whose stored vectors no longer line up with its units would otherwise
        drop out of every ranking without a word.
        """
        ctx = self._ctx
        stale: list[tuple[Vacancy, list[str], list[str]]] = []
        for vacancy in self._vacancies.values():
            kinds, texts = _kinds_texts(vacancy)
            owned = ctx.catalog.vectors_of("unit", vacancy.id)
            if owned is None or list(owned.texts) != texts or list(owned.kinds) != kinds:
                stale.append((vacancy, kinds, texts))
        if not stale:
            return
        log.warning("re-embedding the units of %d stored vacancies (their units changed)",
                    len(stale))
        vectors = encode_groups(ctx.unit_encoder, [texts for _, _, texts in stale])
        pending = [
            PendingOwner("unit", vacancy.id, _keep_row, kinds, texts, matrix)
            for (vacancy, kinds, texts), matrix in zip(stale, vectors, strict=True)
        ]
        ctx.catalog.add(pending, ctx.unit_encoder.model_name, ctx.unit_encoder.revision,
                        replace=True)

    # ------------------------------------------------------------------ ownership

    def assign(self, recruiter_id: str, vacancy_ids: Sequence[str] | None) -> list[str]:
        """Give vacancies to a recruiter known to exist; None gives every unowned vacancy.

        Raises:
            NotFoundError: One of ``vacancy_ids`` does not exist (nothing is assigned).
        """
        with self._ctx.write_lock:
            if vacancy_ids is None:
                ids = [vid for vid in self._vacancies if self._owners.get(vid) is None]
            else:
                ids = list(dict.fromkeys(vacancy_ids))
                if any(vid not in self._vacancies for vid in ids):
                    raise NotFoundError("vacancy not found")
            self._ctx.store.assign_vacancies(recruiter_id, ids)
            self._owners = {**self._owners, **dict.fromkeys(ids, recruiter_id)}
        return ids

    # ------------------------------------------------------------------ scorer inputs

    def _prepare(self, vacancies: Sequence[Vacancy]) -> dict[str, PreparedVacancy]:
        """Scorer inputs of vacancies whose unit vectors are in the catalog."""
        ctx = self._ctx
        dim = ctx.unit_encoder.dim
        matrices: list[FloatMatrix] = []
        for vacancy in vacancies:
            owned = ctx.catalog.vectors_of("unit", vacancy.id)
            matrices.append(owned.matrix if owned is not None
                            else np.zeros((0, dim), dtype=np.float32))
        usable = [
            (v, m) for v, m in zip(vacancies, matrices, strict=True) if len(m) == len(v.units())
        ]
        with single_threaded_blas():
            prepared = prepare_vacancies(
                [v for v, _ in usable], [m for _, m in usable], ctx.config,
                background=ctx.background,
            )
        return {p.vacancy.id: p for p in prepared}

    def prepared_for(self, vacancy: Vacancy) -> PreparedVacancy:
        """The scorer inputs of a vacancy (prepared now if it is not exactly a stored one).

        Raises:
            NotFoundError: The vacancy's unit vectors are not in the catalog.
        """
        prepared = self._prepared.get(vacancy.id)
        if prepared is not None and prepared.vacancy == vacancy:
            return prepared
        built = self._prepare([vacancy])
        if vacancy.id not in built:
            raise NotFoundError("vacancy vectors not found")
        return built[vacancy.id]

    def stack(self) -> PreparedVacancies:
        """Every prepared vacancy stacked, for one-CV rankings (rebuilt after a change)."""
        stack = self._stack
        if stack is None:
            with self._ctx.write_lock:
                stack = self._stack
                if stack is None:
                    stack = stack_vacancies(
                        [self._prepared[v] for v in self._vacancies if v in self._prepared]
                    )
                    self._stack = stack
        return stack

    def stack_vector_ids(self, stack: PreparedVacancies) -> IdArray:
        """Vector id of every stacked unit row (-2 where a vacancy's vectors are gone)."""
        parts = []
        for prepared in stack.prepared:
            owned = self._ctx.catalog.vectors_of("unit", prepared.vacancy.id)
            parts.append(
                np.asarray(owned.vids, dtype=np.int64) if owned is not None
                else np.full(prepared.n_units, -2, dtype=np.int64)
            )
        return np.concatenate(parts) if parts else np.zeros(0, dtype=np.int64)
