"""Builders of hostile and edge-case upload files, made in memory (no binary blobs in git).

Each builder returns the file's bytes; the docstring states what ``index.readers`` must do with
it. Service and API tests reuse them for the docs/reliability.md checklist (items 1-9).
"""

from __future__ import annotations

import io
import random
import zipfile
import zlib
from collections.abc import Sequence

__all__ = [
    "cp1252_text",
    "docx_huge_declared_part",
    "docx_many_members",
    "docx_unsafe_member_name",
    "docx_with_body_xml",
    "docx_with_dtd",
    "docx_with_text",
    "elf_executable",
    "empty",
    "legacy_doc",
    "oversize",
    "pdf_circular_xref",
    "pdf_encrypted",
    "pdf_image_only",
    "pdf_inflate_bomb",
    "pdf_many_pages",
    "pdf_page_tree_cycle",
    "pdf_shared_huge_stream",
    "pdf_with_text",
    "png_image",
    "random_bytes",
    "utf16_text",
    "whitespace_only",
    "zip_bomb_like",
    "zip_plain",
]

_MIB = 1024 * 1024


# --------------------------------------------------------------------------- raw PDF assembly


def _stream(data: bytes, *, deflate: bool = True) -> bytes:
    body = zlib.compress(data) if deflate else data
    return _stream_raw(body, b"/Filter /FlateDecode " if deflate else b"")


def _stream_raw(body: bytes, extra: bytes = b"") -> bytes:
    return b"<< /Length %d %s>>\nstream\n" % (len(body), extra) + body + b"\nendstream"


def _assemble(objects: Sequence[bytes], *, root: int = 1) -> bytes:
    """Write numbered objects (1..n) with a correct xref table and trailer."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        root,
        xref,
    )
    return bytes(out)


def _pages_sharing(content: bytes, pages: int, *, deflate: bool = True) -> list[bytes]:
    """Catalog, page tree, font, one content stream (object 4) and ``pages`` pages using it."""
    kids = b" ".join(b"%d 0 R" % (5 + i) for i in range(pages))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, pages),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        _stream(content, deflate=deflate),
    ]
    objects += [
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 3 0 R >> >> >>"
    ] * pages
    return objects


def pdf_inflate_bomb(inflated_mb: int = 100) -> bytes:
    """A ~450 KB PDF whose page content inflates to ``inflated_mb`` MB of zeros.

    Expected: ``MaliciousDocumentError`` (pypdf's 75 MB zlib limit -> ``decompression_limit``,
    or the content budget / memory limit) and never more than the child's memory.
    """
    compressor = zlib.compressobj(1)
    chunk = b"\x00" * _MIB
    body = b"".join(compressor.compress(chunk) for _ in range(inflated_mb)) + compressor.flush()
    objects = _pages_sharing(b"", 1)
    objects[3] = _stream_raw(body, b"/Filter /FlateDecode ")
    return _assemble(objects)


def pdf_shared_huge_stream(pages: int = 40, stream_mb: float = 2.0) -> bytes:
    """A small PDF whose ``pages`` pages all draw one ``stream_mb`` MB text content stream.

    Expected with default limits: ``MaliciousDocumentError`` (``content_too_large``: the
    decoded content summed over pages exceeds 20 MB). With a large content budget it costs
    minutes of CPU in pypdf, so it ends in ``ParseTimeoutError`` at the CPU/wall limit.
    """
    line = b"BT /F1 12 Tf 72 700 Td (Stuffing stuffing stuffing) Tj ET\n"
    content = line * max(1, int(stream_mb * _MIB / len(line)))
    return _assemble(_pages_sharing(content, pages))


def pdf_many_pages(pages: int = 60) -> bytes:
    """A valid text PDF with ``pages`` pages.

    Expected: ``FileTooLargeError`` (``too_many_pages``).
    """
    return _assemble(_pages_sharing(b"BT /F1 12 Tf 72 700 Td (Page text) Tj ET\n", pages))


def pdf_circular_xref() -> bytes:
    """A PDF whose two xref sections name each other as ``/Prev`` (an endless chain).

    Expected: a terminal state quickly: pypdf's loop guard reads it, or ``ParseError``;
    never a hang (the wall-clock limit is the backstop).
    """
    base = _assemble(_pages_sharing(b"BT /F1 12 Tf 72 700 Td (Circular) Tj ET\n", 1))
    body = base[: base.index(b"xref\n")]
    table = base[base.index(b"xref\n") : base.index(b"trailer")]
    first = len(body)
    second = first + len(table) + len(b"trailer\n<< /Size 6 /Root 1 0 R /Prev 0000000000 >>\n")
    out = bytearray(body)
    out += table + b"trailer\n<< /Size 6 /Root 1 0 R /Prev %010d >>\n" % second
    out += table + b"trailer\n<< /Size 6 /Root 1 0 R /Prev %010d >>\n" % first
    out += b"startxref\n%d\n%%%%EOF\n" % first
    return bytes(out)


def pdf_page_tree_cycle() -> bytes:
    """A PDF whose page tree lists itself as a kid.

    Expected: ``ParseError`` or ``EmptyDocumentError``.
    """
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >>",
        b"<< /Type /Pages /Parent 2 0 R /Kids [2 0 R] /Count 1 >>",
    ]
    return _assemble(objects)


# --------------------------------------------------------------------------- reportlab PDFs


def pdf_with_text(
    text: str,
    hidden: str | None = None,
    *,
    pages: int = 1,
    header: str | None = None,
    hidden_style: str = "white_tiny",
) -> bytes:
    """A text PDF (reportlab); ``hidden`` is drawn after the first line.

    ``hidden_style``: ``"white_tiny"`` (white, 1 pt), ``"white"`` (white, 11 pt), ``"tiny"``
    (black, 1 pt) or ``"invisible"`` (black, 11 pt, text render mode 3).
    ``pages`` repeats the text on each page; ``header`` is drawn at the top of every page.
    Expected: ``text`` back (hidden text in ``Document.hidden_text``, header once).
    """
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4, invariant=True)
    for _ in range(pages):
        if header is not None:
            pdf.setFont("Helvetica", 9)
            pdf.drawString(72, 805, header)
        y = 760.0
        for number, line in enumerate(text.splitlines()):
            pdf.setFillColorRGB(0, 0, 0)
            pdf.setFont("Helvetica", 11)
            pdf.drawString(72, y, line)
            y -= 16
            if number == 0 and hidden:
                white = hidden_style in ("white_tiny", "white")
                pdf.setFillColorRGB(*((1, 1, 1) if white else (0, 0, 0)))
                size = 1 if hidden_style in ("white_tiny", "tiny") else 11
                text_object = pdf.beginText(72, y)
                text_object.setFont("Helvetica", size)
                if hidden_style == "invisible":
                    text_object.setTextRenderMode(3)
                text_object.textLine(hidden)
                # The render mode is graphics state and outlives ET: restore it.
                text_object.setTextRenderMode(0)
                pdf.drawText(text_object)
                y -= size + 3
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def pdf_encrypted(user_password: str = "") -> bytes:
    """A text PDF encrypted with pypdf; the empty user password opens it in any viewer.

    Expected: ``EncryptedDocumentError`` (``encrypted``), no decryption attempt.
    """
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf_with_text("Secret CV text"))))
    writer.encrypt(user_password=user_password, owner_password="owner-secret", algorithm="RC4-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def png_image(width: int = 64, height: int = 32) -> bytes:
    """A real PNG. Named ``cv.pdf`` it must give ``UnsupportedFileError`` naming PNG."""
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (200, 30, 30)).save(buffer, format="PNG")
    return buffer.getvalue()


def pdf_image_only() -> bytes:
    """A scanned-looking PDF: one image, no text.

    Expected: ``EmptyDocumentError`` (``empty_text``).
    """
    from PIL import Image
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    image = Image.new("L", (200, 100), 255)
    for x in range(20, 180):
        image.putpixel((x, 50), 0)
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4, invariant=True)
    pdf.drawImage(ImageReader(image), 72, 600, width=400, height=200)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


# --------------------------------------------------------------------------- DOCX


def docx_with_text(
    paragraphs: Sequence[str],
    hidden: Sequence[str] | None = None,
    table: Sequence[Sequence[str]] | None = None,
    *,
    hidden_style: str = "white",
) -> bytes:
    """A DOCX (python-docx): paragraphs, then an optional table, hidden runs after paragraph 1.

    ``hidden_style`` is ``"white"`` (FFFFFF), ``"vanish"`` (w:vanish) or ``"tiny"`` (1 pt).
    Expected: paragraphs and table cells in order; hidden runs only in ``hidden_text``.
    """
    import docx
    from docx.shared import Pt, RGBColor

    document = docx.Document()
    for number, text in enumerate(paragraphs):
        paragraph = document.add_paragraph(text)
        if number == 0:
            for secret in hidden or ():
                run = paragraph.add_run(" " + secret)
                if hidden_style == "white":
                    run.font.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
                elif hidden_style == "vanish":
                    run.font.hidden = True
                else:
                    run.font.size = Pt(1)
    if table:
        grid = document.add_table(rows=len(table), cols=max(len(row) for row in table))
        for row_cells, row in zip(grid.rows, table, strict=True):
            for cell, value in zip(row_cells.cells, row, strict=False):
                cell.text = value
        document.add_paragraph("After the table.")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


_BODY_NAMESPACES = (
    'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:v="urn:schemas-microsoft-com:vml"'
)


def docx_with_body_xml(body: str) -> bytes:
    """A DOCX whose ``w:body`` is ``body`` (WordprocessingML with w/mc/wp/wps/a/v prefixes).

    For layouts python-docx cannot write: text boxes, shapes, shading.
    """
    document = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f"<w:document {_BODY_NAMESPACES}><w:body>{body}</w:body></w:document>"
    ).encode()
    return _rewrite_docx(docx_with_text(["x"]), {"word/document.xml": document}, {})


def _rewrite_docx(base: bytes, replace: dict[str, bytes], add: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(base)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            target.writestr(info.filename, replace.get(info.filename, source.read(info)))
        for name, data in add.items():
            target.writestr(name, data)
    return out.getvalue()


def _add_inflating_member(base: bytes, name: str, size_mb: int) -> bytes:
    out = io.BytesIO(base)
    with zipfile.ZipFile(out, "a", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        with archive.open(name, "w", force_zip64=True) as member:
            chunk = b"\x00" * _MIB
            for _ in range(size_mb):
                member.write(chunk)
    return out.getvalue()


def docx_huge_declared_part(declared_bytes: int = 1 << 30) -> bytes:
    """A 40 KB DOCX whose zip directory declares a part of ``declared_bytes`` (1 GB).

    The sizes in the local and central headers are patched, as a forged archive would have
    them; python-docx would try to inflate such a part into memory.

    Expected: ``MaliciousDocumentError`` (``declared_size``) before any XML is parsed.
    """
    name = b"word/media/image1.bin"
    data = bytearray(_rewrite_docx(docx_with_text(["A small CV"]), {}, {name.decode(): b"x"}))
    size = declared_bytes.to_bytes(4, "little")
    local = data.index(b"PK\x03\x04\x14\x00", data.index(name) - 30 - 8)
    central = data.rindex(b"PK\x01\x02", 0, data.rindex(name))
    data[local + 22 : local + 26] = size
    data[central + 24 : central + 28] = size
    return bytes(data)


def zip_bomb_like(as_docx: bool = True, size_mb: int = 40) -> bytes:
    """A zip with one member compressing about 1000:1, under the 50 MB total.

    As a DOCX: ``MaliciousDocumentError`` (``compression_ratio``). As a plain zip (no
    ``word/document.xml``): ``UnsupportedFileError`` naming a zip archive.
    """
    if as_docx:
        return _add_inflating_member(docx_with_text(["A small CV"]), "word/filler.xml", size_mb)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("readme.txt", "hello")
    return _add_inflating_member(out.getvalue(), "zeros.bin", size_mb)


def zip_plain() -> bytes:
    """An ordinary zip of text files. Expected: ``UnsupportedFileError`` naming a zip archive."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("cv.txt", "Jane Doe, Programme Officer")
    return out.getvalue()


def docx_with_dtd(levels: int = 9, part: str = "word/document.xml") -> bytes:
    """A DOCX whose document.xml carries a billion-laughs DTD.

    Expected: ``MaliciousDocumentError`` (``dtd``).
    """
    entities = ['<!ENTITY lol0 "lol">'] + [
        f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10}">' for i in range(1, levels + 1)
    ]
    document = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f"<!DOCTYPE w:document [{''.join(entities)}]>\n"
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        f"<w:body><w:p><w:r><w:t>&lol{levels};</w:t></w:r></w:p></w:body></w:document>"
    ).encode()
    return _rewrite_docx(docx_with_text(["x"]), {part: document}, {})


def docx_unsafe_member_name() -> bytes:
    """A DOCX with a ``../`` member (zip-slip).

    Expected: ``MaliciousDocumentError`` (``unsafe_member_name``).
    """
    return _rewrite_docx(docx_with_text(["x"]), {}, {"../../etc/evil.txt": b"evil"})


def docx_many_members(count: int = 2100) -> bytes:
    """A DOCX with ``count`` extra members.

    Expected: ``MaliciousDocumentError`` (``too_many_members``).
    """
    return _rewrite_docx(
        docx_with_text(["x"]), {}, {f"word/media/m{i}.bin": b"" for i in range(count)}
    )


# --------------------------------------------------------------------------- other types, text


def legacy_doc() -> bytes:
    """An OLE2 compound file header (.doc). Expected: ``UnsupportedFileError`` (``legacy_doc``)."""
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504


def elf_executable() -> bytes:
    """An ELF header. Expected: ``UnsupportedFileError`` naming an executable."""
    return b"\x7fELF\x02\x01\x01" + b"\x00" * 57


def random_bytes(size: int = 4096, seed: int = 7) -> bytes:
    """Deterministic random bytes. Named ``cv.pdf``: ``UnsupportedFileError`` (``binary_text``)."""
    return random.Random(seed).randbytes(size)


def oversize(limit: int = 10 * _MIB) -> bytes:
    """Plain text one byte over ``limit``. Expected: ``FileTooLargeError`` (``too_large``)."""
    return b"a" * (limit + 1)


def empty() -> bytes:
    """Zero bytes. Expected: ``EmptyDocumentError`` (``empty_file``)."""
    return b""


def whitespace_only() -> bytes:
    """Only blanks and newlines. Expected: ``EmptyDocumentError`` (``empty_text``)."""
    return b"  \n\t\r\n   \n"


def utf16_text(text: str = "Curriculum vitae: José Müller, Programme Officer") -> bytes:
    """UTF-16-LE with BOM (Windows Notepad "Unicode"). Expected: the text back."""
    return b"\xff\xfe" + text.encode("utf-16-le")


def cp1252_text(text: str = "Résumé – café, Genève. Experience: 3 years") -> bytes:
    """cp1252 bytes (the en dash is not valid UTF-8). Expected: the text back."""
    return text.encode("cp1252")
