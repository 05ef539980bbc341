"""What a request may carry, validated at the edge: the input family of the HTTP schemas.

Uploads are one multipart file (checked again here, beyond the body-size middleware); forms
carry a consent flag, a recruiter's token or a pool status; the one JSON body is a pool status
change (:class:`PoolStatusIn`). The routes and the web pages share these declarations; the
output family is :mod:`api.schemas`.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import File, Form, Request, UploadFile
from pydantic import BaseModel, ConfigDict, Field

from matcher.errors import FileTooLargeError, InputError
from matcher.names import clean_file_name
from matcher.pool import MAX_NOTE_CHARS, PoolStatus

__all__ = [
    "ConsentForm",
    "PoolStatusIn",
    "PoolUploadDep",
    "TokenForm",
    "UploadDep",
    "read_upload",
]

#: One uploaded CV or ToR.
UploadDep = Annotated[UploadFile, File(description="CV or ToR: .pdf, .docx or .txt, up to 10 MB")]
#: An applicant's consent to store the CV for the vacancy applied to.
ConsentForm = Annotated[bool, Form(description="consent to store the CV for this vacancy")]
#: A recruiter's bearer token typed into the sign-in page.
TokenForm = Annotated[str, Form(max_length=200)]
#: What a recruiter brings into a pool.
PoolUploadDep = Annotated[
    UploadFile, File(description="a .zip of CVs (up to 500 files), or one CV (.pdf, .docx, .txt)")
]


class PoolStatusIn(BaseModel):
    """A review status for one candidate of a pool; ``not_selected`` needs a note."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    status: PoolStatus
    note: str | None = Field(
        None, max_length=MAX_NOTE_CHARS,
        description="the recruiter's note; omitted keeps the current one, \"\" clears it",
    )


async def read_upload(request: Request, upload: UploadFile, max_bytes: int) -> tuple[bytes, str]:
    """Read the one uploaded file (the middleware already capped the body) and check it again.

    Raises:
        InputError: more than one file part was sent (``too_many_files``): silently keeping
            the first would store a document the sender may not have meant.
        FileTooLargeError: the file itself is over ``max_bytes``.

    Returns:
        The bytes and the file name as it may be stored and shown (:func:`clean_file_name`).
    """
    form = await request.form()  # already parsed by FastAPI; cached on the request
    if sum(1 for _, value in form.multi_items() if not isinstance(value, str)) > 1:
        raise InputError("send exactly one file per request", reason="too_many_files")
    data = await upload.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise FileTooLargeError(f"file is larger than the {max_bytes // (1024 * 1024)} MB limit")
    return data, clean_file_name(upload.filename or "upload")
