"""index.readers.archive: a zip of CVs is checked from its directory before anything inflates."""

from __future__ import annotations

import io
import zipfile

import pytest

from index.readers import archive
from index.readers.archive import ArchiveLimits, is_cv_archive, open_cv_archive
from matcher.errors import FileTooLargeError, MaliciousDocumentError, ParseError
from tests.hostile import docx_with_text

CV = b"Jane Roe\nEXPERIENCE\nProgramme officer, 2019 - 2024\n"


def make_zip(members: dict[str, bytes], *, stored: bool = False) -> bytes:
    out = io.BytesIO()
    method = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
    with zipfile.ZipFile(out, "w", compression=method) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return out.getvalue()


def with_encrypted_flag(data: bytes) -> bytes:
    """Set the 'encrypted' bit of the one member (zipfile cannot write encrypted members)."""
    raw = bytearray(data)
    for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        at = raw.index(signature) + offset
        raw[at] |= 0x1
    return bytes(raw)


def reasons(data: bytes, limits: ArchiveLimits | None = None) -> dict[str, str]:
    return {s.name: s.reason.split(":")[0] for s in open_cv_archive(data, limits).skipped}


def test_public_names_are_sorted() -> None:
    assert archive.__all__ == sorted(archive.__all__)


def test_members_come_in_name_order_with_their_bytes() -> None:
    contents = open_cv_archive(make_zip({"b/two.txt": CV + b"2", "one.txt": CV + b"1"}))
    assert [(m.name, m.data[-1:]) for m in contents.members] == [
        ("b/two.txt", b"2"), ("one.txt", b"1")]
    assert contents.skipped == ()


def test_zip_tool_extras_are_passed_over() -> None:
    data = make_zip({"cvs/": b"", "__MACOSX/cvs/._a.txt": b"\x00\x05", "cvs/.DS_Store": b"\x00",
                     "cvs/a.txt": CV})
    contents = open_cv_archive(data)
    assert [m.name for m in contents.members] == ["cvs/a.txt"]
    assert contents.skipped == ()


def test_a_docx_is_one_cv_not_an_archive() -> None:
    assert not is_cv_archive(docx_with_text(["Jane Roe"]))
    assert not is_cv_archive(CV)
    assert is_cv_archive(make_zip({"a.txt": CV}))


def test_nested_archives_are_refused_by_name_and_by_content() -> None:
    inner = make_zip({"x.txt": CV})
    data = make_zip({
        "more.zip": inner, "hidden.txt": inner, "logs.tar.gz": b"\x1f\x8b\x08rest",
        "packed.pdf": b"7z\xbc\xaf\x27\x1c rest", "cv.docx": docx_with_text(["Jane Roe"]),
        "cv.txt": CV,
    })
    assert reasons(data) == {"more.zip": "nested_archive", "hidden.txt": "nested_archive",
                             "logs.tar.gz": "nested_archive", "packed.pdf": "nested_archive"}
    assert [m.name for m in open_cv_archive(data).members] == ["cv.docx", "cv.txt"]


@pytest.mark.parametrize("name", ["../evil.txt", "/etc/passwd", "a/../../b.txt", "C:/x.txt"])
def test_unsafe_names_are_skipped(name: str) -> None:
    assert reasons(make_zip({name: CV, "ok.txt": CV})) == {name: "unsafe_member_name"}


def test_duplicate_names_are_skipped_after_the_first() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf, pytest.warns(UserWarning, match="Duplicate name"):
        zf.writestr("a.txt", CV)
        zf.writestr("a.txt", CV + b"again")
    contents = open_cv_archive(out.getvalue())
    assert [m.name for m in contents.members] == ["a.txt"]
    assert [s.reason.split(":")[0] for s in contents.skipped] == ["duplicate_member"]


def test_encrypted_member_is_skipped() -> None:
    assert reasons(with_encrypted_flag(make_zip({"a.txt": CV}))) == {"a.txt": "encrypted"}


def test_bomb_member_is_skipped_before_inflating() -> None:
    data = make_zip({"bomb.txt": b"0" * (5 * 1024 * 1024), "cv.txt": CV})
    assert len(data) < 100_000
    assert reasons(data) == {"bomb.txt": "compression_ratio"}


def test_member_over_the_document_cap_is_skipped() -> None:
    data = make_zip({"big.txt": b"x" * 3000, "cv.txt": CV}, stored=True)
    limits = ArchiveLimits(max_member_bytes=2000)
    assert reasons(data, limits) == {"big.txt": "too_large"}


def test_members_count_against_the_upload_cap() -> None:
    data = make_zip({f"cv{i}.txt": CV + bytes([65 + i]) * 400 for i in range(5)})
    with pytest.raises(FileTooLargeError) as info:
        open_cv_archive(data, ArchiveLimits(max_total_bytes=1000))
    assert info.value.reason == "too_large"


def test_more_than_500_files_is_refused_whole() -> None:
    data = make_zip({f"cv{i:03}.txt": CV for i in range(501)}, stored=True)
    with pytest.raises(MaliciousDocumentError) as info:
        open_cv_archive(data)
    assert info.value.reason == "too_many_members"
    assert len(open_cv_archive(make_zip({f"cv{i:03}.txt": CV for i in range(500)})).members) == 500


def test_unreadable_directory_is_refused_whole() -> None:
    with pytest.raises(ParseError) as info:
        open_cv_archive(b"PK\x03\x04" + b"\x00" * 100)
    assert info.value.reason == "corrupt_zip"


def test_member_failing_its_checksum_is_skipped() -> None:
    data = bytearray(make_zip({"a.txt": CV, "b.txt": CV}, stored=True))
    at = data.index(b"Programme")
    data[at] = ord("p")
    assert reasons(bytes(data)) == {"a.txt": "corrupt_zip"}
