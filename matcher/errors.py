"""The one exception hierarchy of jpo-matcher.

Every error the project raises on purpose is a :class:`MatcherError`; adapters wrap library
errors (``raise ParseError(...) from exc``) so callers never see pypdf, faiss or sqlite types.
The API maps each class to an HTTP status in one handler; the CLI prints one line and exits 2
for bad input (:class:`InputError`) and 1 for everything else.

    MatcherError
    ├── InputError                  bad input from a user: exit code 2, HTTP 4xx
    │   ├── DocumentNotFoundError   the file does not exist
    │   ├── UnsupportedFileError    magic bytes are not txt/pdf/docx          (415)
    │   ├── FileTooLargeError       over the byte or page cap                 (413)
    │   ├── EmptyDocumentError      no extractable text (image-only, blank)   (422)
    │   ├── EncryptedDocumentError  password-protected PDF                    (422)
    │   ├── MaliciousDocumentError  zip bomb, DTD/entities, declared sizes    (422)
    │   ├── ParseError              the document could not be read or parsed  (422)
    │   └── ParseTimeoutError       parsing exceeded its CPU or wall-clock limit (422)
    ├── NotFoundError               an id that does not exist (or is not yours) (404)
    ├── AuthError                   missing/invalid credentials               (401)
    ├── ForbiddenError              authenticated but not allowed             (403)
    ├── ConflictError               clashes with what is stored (a duplicate) (409)
    ├── RetryLaterError             refused for now; ``retry_after`` seconds  (Retry-After)
    │   ├── RateLimitedError        this client sent too many requests        (429)
    │   └── BusyError               the queue for this kind of work is full   (503)
    ├── CancelledWorkError          the client went away; the work was stopped (499)
    ├── IndexNotReadyError          the vector index is missing or being rebuilt (503)
    ├── StoreError                  the SQLite store failed                   (500)
    └── ConfigError                 unsafe or inconsistent settings
"""

from __future__ import annotations

__all__ = [
    "AuthError",
    "BusyError",
    "CancelledWorkError",
    "ConfigError",
    "ConflictError",
    "DocumentNotFoundError",
    "EmptyDocumentError",
    "EncryptedDocumentError",
    "FileTooLargeError",
    "ForbiddenError",
    "IndexNotReadyError",
    "InputError",
    "MaliciousDocumentError",
    "MatcherError",
    "NotFoundError",
    "ParseError",
    "ParseTimeoutError",
    "RateLimitedError",
    "RetryLaterError",
    "StoreError",
    "UnsupportedFileError",
]


class MatcherError(Exception):
    """Base class of every deliberate jpo-matcher error.

    ``reason`` is a short machine-readable code (``"unsupported_type"``, ``"empty_text"``…)
    that the API returns next to the human message.
    """

    reason: str = "error"

    def __init__(self, message: str, *, reason: str | None = None) -> None:
        super().__init__(message)
        if reason is not None:
            self.reason = reason

    @property
    def message(self) -> str:
        return str(self)


class InputError(MatcherError):
    """The user's input is at fault (CLI exit code 2, HTTP 4xx)."""

    reason = "bad_input"


class DocumentNotFoundError(InputError):
    reason = "not_found"


class UnsupportedFileError(InputError):
    reason = "unsupported_type"


class FileTooLargeError(InputError):
    reason = "too_large"


class EmptyDocumentError(InputError):
    reason = "empty_text"


class EncryptedDocumentError(InputError):
    reason = "encrypted"


class MaliciousDocumentError(InputError):
    reason = "malicious"


class ParseError(InputError):
    reason = "unreadable"


class ParseTimeoutError(InputError):
    reason = "timeout"


class NotFoundError(MatcherError):
    reason = "not_found"


class AuthError(MatcherError):
    reason = "unauthenticated"


class ForbiddenError(MatcherError):
    reason = "forbidden"


class ConflictError(MatcherError):
    """The request clashes with what is stored: a CV that applied already, a ToR owned by
    another recruiter."""

    reason = "conflict"


class RetryLaterError(MatcherError):
    """Refused for now, not for good: the client may retry after ``retry_after`` seconds."""

    reason = "retry_later"

    def __init__(self, message: str, *, retry_after: int, reason: str | None = None) -> None:
        super().__init__(message, reason=reason)
        #: Whole seconds, at least 1 (the ``Retry-After`` header).
        self.retry_after = max(1, int(retry_after))


class RateLimitedError(RetryLaterError):
    """This client address sent more requests of one kind than its rate allows."""

    reason = "rate_limited"


class BusyError(RetryLaterError):
    """The bounded queue for this kind of work is full."""

    reason = "busy"


class CancelledWorkError(MatcherError):
    """The client disconnected, so the work done for it was stopped (nobody reads the answer)."""

    reason = "cancelled"


class IndexNotReadyError(MatcherError):
    reason = "index_not_ready"


class StoreError(MatcherError):
    reason = "store_error"


class ConfigError(MatcherError):
    reason = "bad_config"
