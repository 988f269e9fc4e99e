from typing import Iterator, Sequence, Union

import numpy as np
import numpy.typing as npt

__version__: str

Buffer = Union[bytes, bytearray, memoryview]
Text = Union[str, bytes]
ModelSpec = Union["Model", str, None]
Sources = Union[Sequence[Union[str, tuple[str, str]]], dict[str, str], None]

class Error(ValueError):
    code: str

class Model:
    def __init__(self, path: str = "cm", *, ctx: int = 0, level: int = 0, threads: int = 0) -> None: ...
    @property
    def name(self) -> str: ...
    @property
    def description(self) -> str: ...
    @property
    def is_builtin(self) -> bool: ...
    @property
    def context(self) -> int: ...
    @property
    def level(self) -> int: ...
    @property
    def threads(self) -> int: ...
    def compress(self, data: Buffer, *, quality: int = 100, mix: bool = True, compact: bool = True,
                 chunk_size: int = 0, timeout: float | None = None) -> bytes: ...
    def decompress(self, archive: Buffer, *, timeout: float | None = None) -> bytes: ...
    def score(self, text: Text, *, mix: bool = True, top: int = 5, chunk_size: int = 0,
              timeout: float | None = None) -> Scores: ...
    def check(self, answer: Text, *, sources: Sequence[tuple[str, str]], question: str = "",
              store: str = "", timeout: float | None = None) -> CheckReport: ...
    def artifacts(self, text: Text, *, quality: int, chunk_size: int = 0,
                  timeout: float | None = None) -> Artifacts: ...

class Alternative:
    text: bytes
    probability: float
    p: float  # the same, as lmz map's JSON names it

class Token:
    begin: int
    end: int
    text: str  # the token's bytes as text (U+FFFD where a token splits a character)
    raw: bytes  # the token's bytes
    bits: float
    model_bits: float
    has_distribution: bool
    entropy_bits: float
    entropy: float  # the same, as lmz map's JSON names it
    rank: int
    top: list[Alternative]

class ClassTotal:
    name: str
    bytes: int
    spans: int
    bits: float

class Scores:
    model: str
    unit: str
    bytes: int
    total_bits: float
    classes: list[ClassTotal]
    @property
    def bits_per_byte(self) -> float: ...
    @property
    def bits(self) -> Union[npt.NDArray[np.float64], list[float]]: ...
    def __len__(self) -> int: ...
    def __getitem__(self, i: int) -> Token: ...
    def __iter__(self) -> Iterator[Token]: ...
    def json(self) -> str: ...
    def html(self) -> str: ...
    def terminal(self, color: bool = False) -> str: ...

class CheckSpan:
    begin: int
    end: int
    text: str
    verdict: str
    fact: str
    value: str
    source_value: str
    relation: str  # the word beside a fact the sources never state with it, or ""
    relation_begin: int
    relation_end: int
    bits_without: float
    bits_with: float
    passage: int

class Passage:
    source: str
    begin: int
    end: int
    text: str

class CheckReport:
    model: str
    spans: list[CheckSpan]
    claims: list[CheckSpan]  # unsupported claims: clauses the sources do not make
    passages: list[Passage]
    supported: int
    unsupported: int
    contradicted: int
    novel: int
    unresolved: int
    word_pairs: int  # pairs of nearby content words of the answer
    word_pairs_together: int  # of them, those a source clause holds together
    bits_without: float
    bits_with: float
    @property
    def flagged(self) -> bool: ...
    def json(self) -> str: ...
    def html(self) -> str: ...
    def terminal(self, color: bool = False) -> str: ...

class AlteredToken:
    begin: int
    end: int
    original: bytes
    reconstruction: bytes
    kind: str

class Artifacts:
    model: str
    quality: int
    bytes: int
    payload_bytes: int
    tokens: int
    reconstruction: bytes
    altered: list[AlteredToken]
    @property
    def bits_per_byte(self) -> float: ...
    def json(self) -> str: ...
    def html(self) -> str: ...
    def terminal(self, color: bool = False) -> str: ...

def info(archive: Buffer) -> dict[str, object]: ...
def compress(data: Buffer, model: ModelSpec = None, *, level: int = 0, quality: int = 100, mix: bool = True,
             compact: bool = True, chunk_size: int = 0, ctx: int = 0, threads: int = 0,
             timeout: float | None = None) -> bytes: ...
def decompress(archive: Buffer, model: ModelSpec = None, *, threads: int = 0,
               timeout: float | None = None) -> bytes: ...
def score(text: Text, model: ModelSpec = None, *, mix: bool = True, top: int = 5, level: int = 0, ctx: int = 0,
          threads: int = 0, timeout: float | None = None) -> Scores: ...
def check(answer: Text, sources: Sources = None, *, question: str = "", store: str | None = None,
          model: ModelSpec = None, level: int = 0, ctx: int = 0, threads: int = 0,
          timeout: float | None = None) -> CheckReport: ...
def artifacts(text: Text, quality: int, model: ModelSpec = None, *, level: int = 0, ctx: int = 0,
              threads: int = 0, timeout: float | None = None) -> Artifacts: ...
