"""Go's encoding/base64 StdEncoding.DecodeString, with its CorruptInputError offsets.

Models go: src/encoding/base64/base64.go (Encoding.Decode, decodeQuantum): newlines are
skipped anywhere, padding must complete a quantum, and the error names the offset of the
first byte Go could not accept (`illegal base64 data at input byte 4`), counting newlines.
Trailing bits are not checked (the encoding is not Strict).
"""

from __future__ import annotations

import base64
import string

ALPHABET = string.ascii_uppercase + string.ascii_lowercase + string.digits + "+/"
NEWLINES = "\r\n"


class CorruptInputError(ValueError):
    def __init__(self, offset: int) -> None:
        super().__init__(f"illegal base64 data at input byte {offset}")


def _quantum_end(src: str, si: int) -> tuple[int, int, bool]:
    """decodeQuantum: where the next quantum ends, how many symbols it holds, whether it was the last."""
    j = 0
    while j < 4:
        if si == len(src):
            if j == 0:
                return si, 0, True
            raise CorruptInputError(si - j)
        c = src[si]
        si += 1
        if c in ALPHABET:
            j += 1
            continue
        if c in NEWLINES:
            continue
        if c != "=" or j < 2:
            raise CorruptInputError(si - 1)
        if j == 2:  # "==" is expected; the first "=" is consumed
            while si < len(src) and src[si] in NEWLINES:
                si += 1
            if si == len(src):
                raise CorruptInputError(len(src))
            if src[si] != "=":
                raise CorruptInputError(si - 1)
            si += 1
        while si < len(src) and src[si] in NEWLINES:
            si += 1
        if si < len(src):
            raise CorruptInputError(si)
        return si, j, True
    return si, 4, False


def decode_string(src: str) -> bytes:
    si, last = 0, False
    while not last:
        si, _, last = _quantum_end(src, si)
    symbols = "".join(c for c in src if c in ALPHABET)
    return base64.b64decode(symbols + "=" * (-len(symbols) % 4))
