"""Readers: turn an uploaded DOCX, PDF, TXT, HTML (or old .doc) into lines of NFC text and tables.

Every reader recognises the file by its content, not its name, checks it before parsing (size, zip
bombs, encryption, a scan without text) and raises `DocumentError` with a Vietnamese message for
anything it cannot read. Nothing here knows what a plan is: the extractor (`pipeline`) works on the
`Source` these produce, whatever the format was.
"""

import io
import re
import shutil
import subprocess
import tempfile
import unicodedata
import zipfile
from pathlib import Path
from typing import Any, NoReturn

from django.conf import settings
from django.utils.translation import gettext as _

from loa.core.archive import ArchiveRefused, ZipLimits, open_checked
from loa.core.text import normalize

from .docx_text import docx_to_source
from .errors import DocumentError
from .html_text import TooComplex, html_to_lines
from .pdf_tables import layout_tables
from .source import Line, Source

# A Word package inflates to far more than its size; beyond these it is a zip bomb, not a plan.
_ZIP_LIMITS = ZipLimits(max_total=200 * 2**20, max_ratio=400, max_entries=5000)
_PDF_MAX_PAGES = 500
# A portal page with its scripts and styles weighs a few hundred KB; parsing costs about 0,3 s per MB.
_HTML_MAX_BYTES = 5 * 2**20
_MAX_CHARACTERS = 1_000_000
# The extractor's cost grows with lines as well as characters: 400 pages hold about 20.000 lines.
_MAX_LINES = 50_000
# Laying out a page costs in proportion to its drawing instructions, not to the file's size (pages may
# share one stream). A page of a plan holds 10–40 KB of them; far beyond that is refused, not parsed.
_PDF_MAX_PAGE_DRAWING = 256 * 1024
_PDF_MAX_DRAWING = 2 * 2**20
# Compressed, a plan's pages take a few KB each; a damaged stream costs pypdf about 3 s of CPU per MB to give up on.
_PDF_MAX_ENCODED_DRAWING = 2**20
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED_MARK = "EncryptedPackage".encode("utf-16-le")
_COLUMN_GAP = re.compile(r"\s{5,}")  # justified PDF lines space words by up to 4


def max_bytes() -> int:
    return int(settings.LOA_DOCUMENT_MAX_BYTES)


def check_size(name: str, size: int) -> None:
    """Refuse a file over the limit before reading it (the command line and the upload check the size first)."""
    limit = max_bytes()
    if size > limit:
        raise DocumentError(
            _("Tệp «%(name)s» nặng %(size)s MB, vượt giới hạn %(limit)s MB của việc nhập văn bản.")
            % {"name": name, "size": f"{size / 2**20:.1f}".replace(".", ","), "limit": limit // 2**20}
        )


def read_document(name: str, data: bytes) -> Source:
    """The text of one uploaded file, whatever its format; `DocumentError` when it cannot be read."""
    check_size(name, len(data))
    if not data.strip():
        raise DocumentError(_("Tệp «%(name)s» rỗng, không có nội dung để nhập.") % {"name": name})
    kind = sniff(name, data)
    reader = {"docx": read_docx, "pdf": read_pdf, "html": read_html, "txt": read_txt, "doc": read_doc}[kind]
    source = reader(name, data)
    if sum(len(line.text) for line in source.lines) > _MAX_CHARACTERS:
        _too_long(name)
    if len(source.lines) > _MAX_LINES:
        _too_many_lines(name)
    if not any(line.text for line in source.lines):
        raise DocumentError(_("Không đọc được chữ nào trong tệp «%(name)s».") % {"name": name})
    return source


def _too_long(name: str) -> NoReturn:
    raise DocumentError(
        _("Tệp «%(name)s» dài hơn %(n)s ký tự (khoảng 250 trang), quá dài để nhập thành kế hoạch.")
        % {"name": name, "n": "1.000.000"}
    )


def _too_many_lines(name: str) -> None:
    raise DocumentError(
        _("Tệp «%(name)s» có hơn %(n)s dòng chữ (khoảng 1.000 trang), quá dài để nhập thành kế hoạch.")
        % {"name": name, "n": "50.000"}
    )


def sniff(name: str, data: bytes) -> str:
    head = data[:2048]
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return "docx"
    if head.startswith(_OLE_MAGIC):
        if _ENCRYPTED_MARK in data[: 1 << 20]:
            raise DocumentError(
                _("Tệp «%(name)s» được đặt mật khẩu (mã hóa): hãy mở bằng Word, bỏ mật khẩu, lưu lại rồi nhập.")
                % {"name": name}
            )
        return "doc"
    text = _decode(name, data[:65536], partial=True)
    if re.search(r"<\s*(?:!doctype\s+html|html|body|head|p|div|article)\b", text[:4096], re.IGNORECASE):
        return "html"
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension in {"docx", "pdf", "doc", "xlsx", "xls", "odt", "rtf", "png", "jpg", "jpeg"}:
        raise DocumentError(
            _(
                "Tệp «%(name)s» có đuôi .%(ext)s nhưng nội dung không phải tệp %(upper)s hợp lệ "
                "(tệp hỏng hoặc đặt sai tên)."
            )
            % {"name": name, "ext": extension, "upper": extension.upper()}
        )
    return "txt"


def decoded(name: str, data: bytes) -> str:
    """A text file's content in whatever encoding officers' machines write (see `_decode`)."""
    return _decode(name, data)


def _decode(name: str, data: bytes, *, partial: bool = False) -> str:
    """Text files arrive as UTF-8 (with or without BOM), UTF-16 or the Windows Vietnamese code page."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    if b"\x00" in data:
        raise DocumentError(
            _("Tệp «%(name)s» không phải văn bản Word, PDF, HTML hay văn bản thuần (TXT) mà Loa đọc được.")
            % {"name": name}
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        if partial and error.start > len(data) - 4:  # a character cut at the end of the sample
            return data[: error.start].decode("utf-8-sig")
    return data.decode("cp1258", errors="replace")


def read_txt(name: str, data: bytes) -> Source:
    text = _decode(name, data)
    if text.count("\n") > 4 * _MAX_LINES:  # counted before splitting: blank lines are not free either
        _too_many_lines(name)
    if _looks_legacy_encoded(text):
        raise DocumentError(
            _(
                "Tệp «%(name)s» dùng bảng mã cũ (TCVN3 hoặc VNI), chữ tiếng Việt sẽ bị lỗi: hãy chuyển sang Unicode "
                "(ví dụ bằng Unikey) rồi nhập lại."
            )
            % {"name": name}
        )
    return Source("txt", _column_lines(text))


def _looks_legacy_encoded(text: str) -> bool:
    """TCVN3 (.VnTime) text shows as Latin-1 symbols where Vietnamese letters should be."""
    sample = text[:20000]
    vietnamese = sum(1 for ch in sample if "\u1ea0" <= ch <= "\u1ef9" or ch in "ăâđêôơưĂÂĐÊÔƠƯ")
    odd = sum(1 for ch in sample if ch in "¸µ¶·¹¨©ª«®¬¦§¤¥£¢¡")
    return odd > 20 and odd > 3 * vietnamese


def read_html(name: str, data: bytes) -> Source:
    if len(data) > _HTML_MAX_BYTES:
        raise DocumentError(
            _(
                "Trang HTML «%(name)s» nặng hơn %(limit)s MB, quá lớn để đọc: hãy lưu riêng phần nội dung "
                "kế hoạch (hoặc bản Word, PDF của văn bản) rồi nhập."
            )
            % {"name": name, "limit": _HTML_MAX_BYTES // 2**20}
        )
    text = _decode(name, data)
    try:
        lines, tables = html_to_lines(text, _MAX_CHARACTERS)
    except TooComplex as bound:
        if bound.what == "text":
            _too_long(name)
        what = {
            "tags": _("có hơn %(n)s thẻ HTML"),
            "depth": _("có thẻ HTML lồng nhau sâu hơn %(n)s tầng"),
            "tables": _("có bảng lồng trong bảng sâu hơn %(n)s tầng"),
            "unfinished": _("có hơn %(n)s thẻ, dấu ngoặc kép hoặc chú thích HTML mở mà không đóng ở cuối trang"),
            "attributes": _("có thẻ HTML chứa hơn %(n)s khoảng trắng giữa các thuộc tính"),
        }[bound.what] % {"n": f"{bound.limit:,}".replace(",", ".")}
        raise DocumentError(
            _(
                "Trang HTML «%(name)s» quá phức tạp để đọc (%(what)s): hãy lưu riêng phần nội dung kế hoạch "
                "(hoặc bản Word, PDF của văn bản) rồi nhập."
            )
            % {"name": name, "what": what}
        ) from None
    except Exception:
        raise DocumentError(_("Trang HTML «%(name)s» bị lỗi cú pháp, không đọc được.") % {"name": name}) from None
    return Source("html", [Line(normalize(t), bold=b) for t, b in lines if normalize(t)], tables)


def _check_zip(name: str, data: bytes) -> zipfile.ZipFile:
    try:
        archive = open_checked(data, _ZIP_LIMITS)
    except NotImplementedError:  # a zip feature the standard library does not read ("zip file version 12.7")
        raise DocumentError(_("Tệp Word «%(name)s» bị hỏng, không mở được.") % {"name": name}) from None
    except ArchiveRefused as refused:
        if refused.reason == "broken":
            raise DocumentError(_("Tệp Word «%(name)s» bị hỏng, không mở được.") % {"name": name}) from None
        raise DocumentError(
            _("Tệp «%(name)s» giải nén ra quá lớn (nghi là tệp độc hại «zip bomb»), Loa không mở.") % {"name": name}
        ) from None
    if "word/document.xml" not in archive.namelist():
        raise DocumentError(_("Tệp «%(name)s» là tệp nén nhưng không phải văn bản Word (DOCX).") % {"name": name})
    return archive


def read_docx(name: str, data: bytes) -> Source:
    _check_zip(name, data)
    # python-docx is imported here: it is only needed when a Word file arrives.
    try:
        lines, tables = docx_to_source(data)
    except DocumentError:
        raise
    except Exception:
        raise DocumentError(_("Tệp Word «%(name)s» bị hỏng, không đọc được nội dung.") % {"name": name}) from None
    return Source("docx", lines, tables)


def read_pdf(name: str, data: bytes) -> Source:
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise DocumentError(
                _("Tệp PDF «%(name)s» được đặt mật khẩu: hãy bỏ mật khẩu rồi nhập lại.") % {"name": name}
            )
        if len(reader.pages) > _PDF_MAX_PAGES:
            raise DocumentError(
                _("Tệp PDF «%(name)s» có %(n)s trang, quá %(max)s trang.")
                % {"name": name, "n": len(reader.pages), "max": _PDF_MAX_PAGES}
            )
        lines: list[Line] = []
        tables: list[list[list[str]]] = []
        _check_drawing(name, reader.pages)
        for page in reader.pages:
            text = page.extract_text(extraction_mode="layout") or ""
            lines += _column_lines(text)
            tables += layout_tables(text)
    except DocumentError:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, OSError, RecursionError, ZeroDivisionError):
        raise DocumentError(_("Tệp PDF «%(name)s» bị hỏng, không đọc được.") % {"name": name}) from None
    except Exception:
        raise DocumentError(_("Tệp PDF «%(name)s» bị hỏng, không đọc được.") % {"name": name}) from None
    if sum(len(line.text) for line in lines) < 20:
        raise DocumentError(
            _(
                "Tệp PDF «%(name)s» không có lớp chữ (là ảnh quét): cần nhận dạng chữ (OCR) trước, "
                "hoặc nhập bản Word của văn bản."
            )
            % {"name": name}
        )
    return Source("pdf", lines, tables)


def _encoded_size(page: Any) -> int:
    """The bytes a page's drawing instructions take in the file, before they are decompressed."""
    contents = page.get("/Contents")
    if contents is None:
        return 0
    contents = contents.get_object()
    streams = contents if isinstance(contents, list) else [contents]
    return sum(len(getattr(stream.get_object(), "_data", b"") or b"") for stream in streams)


def _check_drawing(name: str, pages: Any) -> None:
    total = encoded = 0
    for number, page in enumerate(pages, start=1):
        # Measured before decompressing: pypdf retries a damaged stream byte by byte, 9 s of CPU for 3 MB.
        page_encoded = _encoded_size(page)
        encoded += page_encoded
        if page_encoded > _PDF_MAX_PAGE_DRAWING or encoded > _PDF_MAX_ENCODED_DRAWING:
            size = page_encoded
        else:
            contents = page.get_contents()
            size = len(contents.get_data()) if contents is not None else 0
        total += size
        if size > _PDF_MAX_PAGE_DRAWING or total > _PDF_MAX_DRAWING or encoded > _PDF_MAX_ENCODED_DRAWING:
            raise DocumentError(
                _(
                    "Tệp PDF «%(name)s» quá phức tạp để đọc (trang %(page)s chứa quá nhiều lệnh vẽ): "
                    "hãy nhập bản Word hoặc PDF xuất trực tiếp từ Word."
                )
                % {"name": name, "page": number}
            )


def _column_lines(text: str) -> list[Line]:
    """Layout text keeps the two columns of the header and signature side by side: split them, left first,
    so "Số: 18/KH-UBND      Ninh Giang, ngày …" reads as two lines. (PDF layout text, and text files
    saved from one.)"""
    lines: list[Line] = []
    for raw in unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        stripped = raw.replace("\u00a0", " ").replace("\t", "    ").strip()
        if not stripped:
            continue
        parts = [p for p in _COLUMN_GAP.split(stripped) if p.strip()]
        # Justified body text may carry wide gaps too; only short pieces side by side are columns.
        if len(parts) > 1 and all(len(p) < 70 for p in parts):
            lines += [Line(normalize(p)) for p in parts]
        else:
            lines.append(Line(normalize(" ".join(parts))))
    return lines


def read_doc(name: str, data: bytes) -> Source:
    """An old binary .doc: LibreOffice turns it into DOCX when it is installed."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise DocumentError(
            _(
                "Tệp «%(name)s» là văn bản Word cũ (.doc). Máy chủ chưa cài LibreOffice để chuyển đổi: "
                "hãy mở bằng Word, lưu thành .docx rồi nhập lại."
            )
            % {"name": name}
        )
    with tempfile.TemporaryDirectory(prefix="loa-doc-") as tmp:
        source = Path(tmp) / "input.doc"
        source.write_bytes(data)
        try:
            subprocess.run(
                [
                    soffice,
                    f"-env:UserInstallation=file://{tmp}/profile",
                    "--headless",
                    "--convert-to",
                    "docx",
                    "--outdir",
                    tmp,
                    str(source),
                ],
                check=True,
                capture_output=True,
                timeout=60,
            )
            converted = (Path(tmp) / "input.docx").read_bytes()
        except (subprocess.SubprocessError, OSError):
            raise DocumentError(
                _("Không chuyển được tệp Word cũ «%(name)s» sang DOCX (tệp hỏng?).") % {"name": name}
            ) from None
    result = read_docx(name, converted)
    result.kind = "doc"
    return result
