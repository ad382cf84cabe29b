"""Zip packages (XLSX, DOCX) checked before any library opens them: entries, inflated size, ratio.

The sizes in a zip's directory are the sender's claims. `inflate` reads an entry itself and stops at the size the
directory declares, so a member that inflates beyond its claim is refused instead of read on.
"""

import io
import struct
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass

_LOCAL_HEADER = struct.Struct("<4s5H3L2H")
_CHUNK = 256 * 1024


class ArchiveRefused(Exception):
    """The package is not a readable zip (`broken`) or inflates beyond the limits (`too_big`)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason  # "broken" | "too_big"


@dataclass(frozen=True)
class ZipLimits:
    max_total: int  # bytes, all entries inflated
    max_ratio: int  # inflated / packed, over the whole package
    max_entries: int


def open_checked(data: bytes, limits: ZipLimits) -> zipfile.ZipFile:
    """The package, once its directory is within the limits; ArchiveRefused otherwise."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, struct.error, NotImplementedError):
        # NotImplementedError: a zip version or compression method the standard library cannot read.
        raise ArchiveRefused("broken") from None
    total = sum(info.file_size for info in infos)
    packed = sum(info.compress_size for info in infos) or 1
    if len(infos) > limits.max_entries or total > limits.max_total or total / packed > limits.max_ratio:
        raise ArchiveRefused("too_big")
    return archive


def inflate(data: bytes, info: zipfile.ZipInfo) -> Iterator[bytes]:
    """The entry's content in chunks, never more than its declared size (ArchiveRefused when it would be)."""
    try:
        header = _LOCAL_HEADER.unpack_from(data, info.header_offset)
    except struct.error:
        raise ArchiveRefused("broken") from None
    if header[0] != b"PK\x03\x04":
        raise ArchiveRefused("broken")
    start = info.header_offset + _LOCAL_HEADER.size + header[9] + header[10]
    packed = memoryview(data)[start : start + info.compress_size]
    if info.compress_type == zipfile.ZIP_STORED:
        if len(packed) != info.file_size:
            raise ArchiveRefused("broken")
        for offset in range(0, len(packed), _CHUNK):
            yield bytes(packed[offset : offset + _CHUNK])
        return
    if info.compress_type != zipfile.ZIP_DEFLATED:
        raise ArchiveRefused("broken")  # spreadsheet and word packages are deflated; nothing else is expected
    inflater = zlib.decompressobj(-zlib.MAX_WBITS)
    produced = 0
    try:
        for offset in range(0, len(packed), _CHUNK):
            pending = bytes(packed[offset : offset + _CHUNK])
            while pending:
                # Never more than one byte beyond the claim: enough to know the claim was false.
                out = inflater.decompress(pending, info.file_size - produced + 1)
                produced += len(out)
                if produced > info.file_size:
                    raise ArchiveRefused("too_big")
                if out:
                    yield out
                pending = inflater.unconsumed_tail
                if inflater.eof:
                    break
    except zlib.error:
        raise ArchiveRefused("broken") from None
    if produced != info.file_size:
        raise ArchiveRefused("broken")
