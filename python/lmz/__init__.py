"""lmz: language models as codecs.

Compress with the built-in context-mixing model or a GGUF language model, see
where the bits of a text go, check an answer against its sources, and look at
the artifacts of lossy coding. The archives are the `lmz` command's, byte for
byte.

    import lmz
    packed = lmz.compress(b"some text")                 # the built-in model
    model = lmz.Model("SmolLM2-135M.Q8_0.gguf", ctx=512)  # loaded once, reused
    scores = model.score("Once upon a time")            # per-token records
    print(scores.total_bits, scores.bits)               # bits: a NumPy array

Every call releases the GIL while lmz works, so threads run in parallel.
Errors raise lmz.Error (a ValueError) whose `code` is lmz's stable name.
Long calls take `timeout=` seconds (past it: lmz.Error 'cancelled'), and
Ctrl-C stops them with KeyboardInterrupt, the work cancelled.
"""
from __future__ import annotations

from ._lmz import (  # noqa: F401
    Alternative,
    AlteredToken,
    Artifacts,
    CheckReport,
    CheckSpan,
    ClassTotal,
    Error,
    Model,
    Passage,
    Scores,
    Token,
    __version__,
    info,
)

__all__ = ["Model", "Error", "compress", "decompress", "info", "score", "check", "artifacts", "__version__"]


def _model(model, ctx: int = 0, level: int = 0, threads: int = 0) -> Model:
    if isinstance(model, Model):
        return model
    if model is not None and not isinstance(model, str):
        model = str(model)  # a path-like
    return Model(model or "cm", ctx=ctx, level=level, threads=threads)


def compress(data, model=None, *, level: int = 0, quality: int = 100, mix: bool = True, compact: bool = True,
             chunk_size: int = 0, ctx: int = 0, threads: int = 0, timeout: float | None = None) -> bytes:
    """An archive of `data` (bytes-like): the built-in model's, or `model`'s
    (an lmz.Model, or a GGUF path loaded for this call)."""
    return _model(model, ctx, level, threads).compress(data, quality=quality, mix=mix, compact=compact,
                                                       chunk_size=chunk_size, timeout=timeout)


def decompress(archive, model=None, *, threads: int = 0, timeout: float | None = None) -> bytes:
    """The content of an archive; `model` is needed when a GGUF model made it."""
    return _model(model, threads=threads).decompress(archive, timeout=timeout)


def score(text, model=None, *, mix: bool = True, top: int = 5, level: int = 0, ctx: int = 0,
          threads: int = 0, timeout: float | None = None) -> Scores:
    """What each token of `text` costs, as `lmz map` reports it."""
    return _model(model, ctx, level, threads).score(text, mix=mix, top=top, timeout=timeout)


def _sources(sources):
    if sources is None:
        return []
    if isinstance(sources, dict):
        return [(str(name), text if isinstance(text, str) else bytes(text).decode("utf-8", "replace"))
                for name, text in sources.items()]
    out = []
    for i, s in enumerate(sources, 1):
        if isinstance(s, (tuple, list)):
            out.append((str(s[0]), s[1]))
        else:
            out.append((f"source {i}", s))
    return out


def check(answer, sources=None, *, question: str = "", store: str | None = None, model=None, level: int = 0,
          ctx: int = 0, threads: int = 0, timeout: float | None = None) -> CheckReport:
    """Checks `answer` against `sources` (texts, (name, text) pairs, or a
    dict of name to text), or the passages an `lmz index` store holds."""
    return _model(model, ctx, level, threads).check(answer, sources=_sources(sources), question=question,
                                                     store=store or "", timeout=timeout)


def artifacts(text, quality: int, model=None, *, level: int = 0, ctx: int = 0, threads: int = 0,
              timeout: float | None = None) -> Artifacts:
    """`text` coded at `quality`: the reconstruction and the tokens guessed."""
    return _model(model, ctx, level, threads).artifacts(text, quality=quality, timeout=timeout)
