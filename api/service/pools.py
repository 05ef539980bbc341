"""A recruiter's pool: bulk intake, review statuses and notes, blind review, exports.

- **Intake** (:meth:`Pools.intake`): a zip of CVs (or one CV) is unpacked by
  :func:`index.readers.archive.open_cv_archive` (directory checked before inflating), every
  member read by the same sandboxed reader as a single upload and parsed; a CV whose text is
  already in the pool, or a near copy of one (:mod:`matcher.duplicates`), is reported and not
  stored. The rest are embedded and stored like applications (the same erasure and retention
  paths), in random order so that the blind labels they get say nothing of the file names,
  each with its pool row and an audit row naming who added it, in the candidate's own commit.
- **Status** (:meth:`Pools.set_status`): one transaction updates the row and writes the audit
  row (who, when, from, to; whether the note changed, never the note itself).
- **Ranking** (:meth:`Pools.ranking`): the audited pool ranking with each candidate's label,
  status and note, filtered by status; in blind mode every text is masked by the candidate's
  :class:`matcher.blind.BlindMask` and the file name gives way to the label. An export is an
  audit event of its own.
"""

from __future__ import annotations

import dataclasses
import functools
import secrets
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from api.service.applications import StoredCandidates
from api.service.context import ServiceContext
from api.service.directory import directory_files
from api.service.jobs import Jobs, JobView, Progress
from api.service.recruiters import Recruiters
from api.service.vacancies import OpenVacancies
from index.backends import StoreBackend
from index.pool_store import PoolMemberRow
from index.readers import read_path
from index.readers.archive import ArchiveLimits, is_cv_archive, open_cv_archive
from index.store import AuditEntry
from matcher.blind import blind_mask, candidate_label, nationality_is_required
from matcher.duplicates import CopyKind, TextPrint, find_copy, text_print
from matcher.errors import DocumentNotFoundError, FileTooLargeError, MatcherError, NotFoundError
from matcher.models import Candidate, MatchResult, Vacancy
from matcher.pipeline import document_flags, parse_candidate
from matcher.pool import PoolStatus, StatusChange
from matcher.ports import Document

__all__ = [
    "Duplicate",
    "IntakeItem",
    "IntakeReport",
    "PoolEntry",
    "PoolMemberView",
    "PoolRanking",
    "Pools",
    "Skipped",
]

#: CVs per encoder call and store commit during an intake.
_BATCH = 32


@dataclass(frozen=True, slots=True)
class IntakeItem:
    """One CV to bring into a pool: its name and how to read it (raises ``InputError``)."""

    source: str
    read: Callable[[], Document]


@dataclass(frozen=True, slots=True)
class Duplicate:
    """A CV not stored because the pool holds it already (``same_as``: that CV's source)."""

    source: str
    same_as: str
    kind: CopyKind


@dataclass(frozen=True, slots=True)
class Skipped:
    """A file that was not read or holds no CV (``reason``: code, then message)."""

    source: str
    reason: str


@dataclass(frozen=True, slots=True)
class IntakeReport:
    """What an intake did: the candidates added, the duplicates and the skipped files."""

    added: tuple[str, ...]
    duplicates: tuple[Duplicate, ...]
    skipped: tuple[Skipped, ...]


@dataclass(frozen=True, slots=True)
class PoolMemberView:
    """A candidate's row in a pool after a status change."""

    candidate_id: str
    label: str
    status: PoolStatus
    note: str
    updated: float


@dataclass(frozen=True, slots=True)
class PoolEntry:
    """One ranked candidate of a pool, as shown (masked in blind mode).

    Attributes:
        rank: Position in the whole pool's ranking (a status filter keeps the ranks).
        result: The scored pair; evidence and check details masked in blind mode.
        source: The CV's file name, or the label in blind mode.
        label: ``Candidate N``, stable within the vacancy.
        status: The review status.
        note: The recruiter's note (masked in blind mode).
    """

    rank: int
    result: MatchResult
    source: str
    label: str
    status: PoolStatus
    note: str


@dataclass(frozen=True, slots=True)
class PoolRanking:
    """A vacancy's ranked pool as shown: ``size`` counts the pool before the status filter."""

    vacancy: Vacancy
    blind: bool
    size: int
    entries: tuple[PoolEntry, ...]


@dataclass(slots=True)
class _Known:
    """The pool's CVs (and the ones of this intake) that a new CV may duplicate."""

    prints: list[tuple[str, TextPrint]]

    def copy_of(self, doc: TextPrint) -> tuple[str, CopyKind] | None:
        return find_copy(doc, self.prints)


class Pools:
    """Intake, statuses, rankings and exports of the pools recruiters own.

    Args:
        ctx: The service's shared parts (the pool rows are ``ctx.pool_store``).
        vacancies: The open vacancies.
        candidates: The stored candidates (pool members are stored candidates).
        recruiters: Ownership checks and the audited pool ranking.
        archive_limits: Caps on a zip of CVs.
    """

    def __init__(
        self, ctx: ServiceContext, vacancies: OpenVacancies, candidates: StoredCandidates,
        recruiters: Recruiters, archive_limits: ArchiveLimits,
    ) -> None:
        self._ctx = ctx
        self._vacancies = vacancies
        self._candidates = candidates
        self._recruiters = recruiters
        self._limits = archive_limits
        self.jobs: Jobs[IntakeReport] = Jobs()

    def close(self) -> None:
        """Stop the background intake (at its next CV) and wait for it."""
        self.jobs.close()

    # ------------------------------------------------------------------ intake

    def unpack(
        self, data: bytes, name: str, max_bytes: int | None = None
    ) -> tuple[list[IntakeItem], list[Skipped]]:
        """The CVs of one upload: the members of a zip of CVs, or the one CV itself.

        ``max_bytes`` caps the members' uncompressed total (default: the service's limit).

        Raises:
            InputError: The zip cannot be trusted as a whole (see
                :func:`index.readers.archive.open_cv_archive`).
        """
        if not is_cv_archive(data):
            return [self._item(name, data)], []
        limits = self._limits
        if max_bytes is not None:
            limits = dataclasses.replace(limits, max_total_bytes=max_bytes)
        contents = open_cv_archive(data, limits)
        items = [self._item(m.name, m.data) for m in contents.members]
        return items, [Skipped(s.name, s.reason) for s in contents.skipped]

    def _item(self, name: str, data: bytes) -> IntakeItem:
        reader = self._ctx.reader
        return IntakeItem(name, lambda: reader.read_bytes(data, name))

    def upload(
        self, vacancy_id: str, recruiter_id: str, data: bytes, name: str,
        max_bytes: int | None = None,
    ) -> IntakeReport:
        """Bring one uploaded file (a zip of CVs or one CV) into the recruiter's pool.

        ``max_bytes`` is the upload cap the members count against (see :meth:`unpack`).

        Raises:
            NotFoundError: No such vacancy.
            ForbiddenError: Not this recruiter's vacancy (audited).
            InputError: The zip cannot be trusted as a whole.
        """
        self._recruiters.authorize(vacancy_id, recruiter_id, "pool_add")
        items, skipped = self.unpack(data, name, max_bytes)
        return self.intake(vacancy_id, recruiter_id, items, skipped)

    def start_upload(
        self, vacancy_id: str, recruiter_id: str, data: bytes, name: str,
        max_bytes: int | None = None,
    ) -> JobView[IntakeReport]:
        """:meth:`upload` as a background job; ownership and the zip are checked first.

        Raises:
            The errors of :meth:`upload` that the checks find before the job starts.
        """
        self._recruiters.authorize(vacancy_id, recruiter_id, "pool_add")
        items, skipped = self.unpack(data, name, max_bytes)

        def work(progress: Progress, stop: threading.Event) -> IntakeReport:
            return self.intake(vacancy_id, recruiter_id, items, skipped, progress, stop)

        return self.jobs.submit(vacancy_id, recruiter_id, len(items), work)

    def job(self, vacancy_id: str, recruiter_id: str, job_id: str) -> JobView[IntakeReport]:
        """A background intake of this recruiter's pool.

        Raises:
            NotFoundError: No such vacancy, or no such job for it.
            ForbiddenError: Not this recruiter's vacancy (audited).
        """
        self._recruiters.authorize(vacancy_id, recruiter_id, "pool_job")
        job = self.jobs.get(job_id)
        if job is None or job.scope != vacancy_id or job.owner != recruiter_id:
            raise NotFoundError("no such intake job")
        return job

    def intake(
        self, vacancy_id: str, added_by: str, items: Sequence[IntakeItem],
        skipped: Sequence[Skipped] = (), progress: Progress | None = None,
        stop: threading.Event | None = None,
    ) -> IntakeReport:
        """Read, dedup and store CVs into a pool (the caller checked ownership).

        Args:
            vacancy_id: The pool's vacancy.
            added_by: Who brings them in (a recruiter id, or ``cli:USER``), for the audit.
            items: The CVs to read, in the order duplicates are decided (the first is kept).
            skipped: Files refused before reading (reported as they are).
            progress: Called with (phase, done, total) after each CV.
            stop: When set, the intake stops at the next CV; what is stored stays stored.
        """
        report = _Report(list(skipped))
        known = _Known([
            (c.source, text_print(c.text)) for c in (
                self._candidates.get(cid) for cid in self._recruiters.pool_ids(vacancy_id)
            ) if c is not None
        ])
        fresh: list[tuple[Candidate, tuple[str, ...]]] = []
        for done, item in enumerate(items, start=1):
            if stop is not None and stop.is_set():
                break
            parsed = self._read(item, report)
            if parsed is not None:
                doc_print = text_print(parsed[0].text)
                copy = known.copy_of(doc_print)
                if copy is None:
                    known.prints.append((item.source, doc_print))
                    fresh.append(parsed)
                else:
                    report.duplicates.append(Duplicate(item.source, *copy))
            if progress is not None:
                progress("reading", done, len(items))
        # Random order: labels are given in storing order and must not follow the file names.
        secrets.SystemRandom().shuffle(fresh)
        for start in range(0, len(fresh), _BATCH):
            if stop is not None and stop.is_set():
                break
            batch = fresh[start : start + _BATCH]
            self._candidates.store(batch, self._membership(vacancy_id, added_by))
            report.added += [c.id for c, _ in batch]
            if progress is not None:
                progress("storing", start + len(batch), len(fresh))
        self._audit_intake(vacancy_id, added_by, report)
        return report.done()

    def intake_paths(
        self, vacancy_id: str, path: Path, added_by: str, progress: Progress | None = None
    ) -> IntakeReport:
        """Bring a directory of CVs or a zip of CVs into a pool (the CLI's ``pool add``).

        Raises:
            NotFoundError: No such vacancy.
            InputError: ``path`` does not exist, or the zip cannot be trusted as a whole.
        """
        self._vacancies.get(vacancy_id)
        if path.is_dir():
            files, skipped_files = directory_files(path)
            items = [IntakeItem(p.name, functools.partial(read_path, p)) for p in files]
            skipped = [Skipped(s["source"], s["reason"]) for s in skipped_files]
        else:
            items, skipped = self.unpack(read_path_bytes(path, self._limits), path.name)
        return self.intake(vacancy_id, added_by, items, skipped, progress)

    def _read(
        self, item: IntakeItem, report: _Report
    ) -> tuple[Candidate, tuple[str, ...]] | None:
        try:
            doc = item.read()
            candidate = parse_candidate(doc, item.source)
        except MatcherError as exc:
            report.skipped.append(Skipped(item.source, f"{exc.reason}: {exc}"))
            return None
        # A pool member is a person of this pool: its own id, like an application's.
        return dataclasses.replace(candidate, id=f"c{secrets.token_hex(8)}"), document_flags(doc)

    def _membership(
        self, vacancy_id: str, added_by: str
    ) -> Callable[[StoreBackend, Candidate, str], None]:
        ctx = self._ctx
        vhash = self._vacancies.content_hash(vacancy_id)

        def write(store: StoreBackend, candidate: Candidate, content_hash: str) -> None:
            ctx.pool_store.add_members(vacancy_id, [candidate.id], added_by)
            store.add_audit([AuditEntry(vhash, content_hash, ctx.model, ctx.config_hash, None,
                                        None, {"event": "pool_add", "by": added_by})])

        return write

    def _audit_intake(self, vacancy_id: str, added_by: str, report: _Report) -> None:
        ctx = self._ctx
        ctx.store.add_audit([AuditEntry(
            self._vacancies.content_hash(vacancy_id), "", ctx.model, ctx.config_hash, None,
            None, {"event": "pool_intake", "by": added_by, "added": len(report.added),
                   "duplicates": len(report.duplicates), "skipped": len(report.skipped)})])

    # ------------------------------------------------------------------ statuses

    def _ensure_rows(self, vacancy_id: str) -> dict[str, PoolMemberRow]:
        """Every pool row of a vacancy, made first for applicants who have none yet."""
        store = self._ctx.pool_store
        rows = {m.candidate_id: m for m in store.members(vacancy_id)}
        missing = [cid for cid in self._ctx.store.pool(vacancy_id) if cid not in rows]
        if missing:
            # Random order, for the same reason as at intake.
            secrets.SystemRandom().shuffle(missing)
            with self._ctx.write_lock:
                # Read again under the lock: an applicant erased meanwhile gets no row.
                present = set(self._ctx.store.pool(vacancy_id))
                store.add_members(vacancy_id, [c for c in missing if c in present], None)
            rows = {m.candidate_id: m for m in store.members(vacancy_id)}
        return rows

    def set_status(
        self, vacancy_id: str, recruiter_id: str, candidate_id: str, change: StatusChange,
        *, blind: bool = False,
    ) -> PoolMemberView:
        """Set a pool candidate's status and note; the change is an audit row.

        With ``blind`` the note comes back masked, for a page in blind review.

        Raises:
            NotFoundError: No such vacancy, or the candidate is not in its pool.
            ForbiddenError: Not this recruiter's vacancy (audited).
        """
        ctx = self._ctx
        vacancy = self._recruiters.authorize(vacancy_id, recruiter_id, "pool_status")
        self._ensure_rows(vacancy_id)
        with ctx.write_lock, ctx.store.transaction():
            changed = ctx.pool_store.set_status(vacancy_id, candidate_id, change.status,
                                                change.note)
            if changed is None:
                raise NotFoundError("no such candidate in this pool")
            before, after = changed
            ctx.store.add_audit([AuditEntry(
                self._vacancies.content_hash(vacancy_id),
                self._candidates.content_hash(candidate_id), ctx.model, ctx.config_hash, None,
                None, {"event": "pool_status", "recruiter": recruiter_id, "from": before.status,
                       "to": after.status, "note_changed": before.note != after.note})])
        note = after.note
        candidate = self._candidates.get(candidate_id)
        if blind and candidate is not None:
            mask = blind_mask(candidate, keep_nationality=nationality_is_required(vacancy))
            note = mask.apply(note)
        return PoolMemberView(candidate_id, candidate_label(after.label), after.status, note,
                              after.updated)

    # ------------------------------------------------------------------ rankings

    def ranking(
        self, vacancy_id: str, recruiter_id: str, *, blind: bool = False,
        statuses: Sequence[PoolStatus] = (), export: str | None = None,
    ) -> PoolRanking:
        """The audited ranking of a pool with labels, statuses and notes.

        Args:
            vacancy_id: The pool's vacancy.
            recruiter_id: Who asks (must own the vacancy).
            blind: Mask every text shown (:class:`matcher.blind.BlindMask`).
            statuses: Keep only candidates with one of these statuses (all when empty).
            export: The export format when the ranking is exported (an audit event).

        Raises:
            NotFoundError: No such vacancy.
            ForbiddenError: Not this recruiter's vacancy (audited).
        """
        results = self._recruiters.rank_pool(vacancy_id, recruiter_id)
        vacancy = self._vacancies.get(vacancy_id)
        rows = self._ensure_rows(vacancy_id)
        keep_nationality = nationality_is_required(vacancy)
        entries: list[PoolEntry] = []
        for rank, result in enumerate(results, start=1):
            row = rows.get(result.candidate_id)
            candidate = self._candidates.get(result.candidate_id)
            if row is None or candidate is None or (statuses and row.status not in statuses):
                continue
            label = candidate_label(row.label)
            if blind:
                mask = blind_mask(candidate, keep_nationality=keep_nationality)
                entries.append(PoolEntry(rank, mask.result(result), label, label, row.status,
                                         mask.apply(row.note)))
            else:
                entries.append(
                    PoolEntry(rank, result, candidate.source, label, row.status, row.note))
        if export is not None:
            self._audit_export(vacancy_id, recruiter_id, export, blind, statuses, len(entries))
        return PoolRanking(vacancy, blind, len(results), tuple(entries))

    def _audit_export(self, vacancy_id: str, recruiter_id: str, fmt: str, blind: bool,
                      statuses: Sequence[str], rows: int) -> None:
        ctx = self._ctx
        ctx.store.add_audit([AuditEntry(
            self._vacancies.content_hash(vacancy_id), "", ctx.model, ctx.config_hash, None,
            None, {"event": "pool_export", "recruiter": recruiter_id, "format": fmt,
                   "blind": blind, "statuses": list(statuses), "rows": rows})])


@dataclass(slots=True)
class _Report:
    skipped: list[Skipped]
    duplicates: list[Duplicate] = dataclasses.field(default_factory=list)
    added: list[str] = dataclasses.field(default_factory=list)

    def done(self) -> IntakeReport:
        return IntakeReport(tuple(self.added), tuple(self.duplicates), tuple(self.skipped))


def read_path_bytes(path: Path, limits: ArchiveLimits) -> bytes:
    """The bytes of a zip or CV file on disk, the size cap checked before reading.

    Raises:
        InputError: No such file, not a regular file, or larger than an upload may be.
    """
    if not path.is_file():
        raise DocumentNotFoundError(f"no such file: {path}", reason="not_found")
    size = path.stat().st_size
    if size > limits.max_total_bytes:
        raise FileTooLargeError(f"{path.name} has {size} bytes (limit {limits.max_total_bytes})")
    return path.read_bytes()
