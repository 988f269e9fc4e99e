"""Bits per byte of a corpus, on a Dask cluster.

    python -m lmz.corpus --scheduler local [--workers 2] [--model M.gguf] PATH...
    python -m lmz.corpus --scheduler tcp://scheduler:8786 --model M.gguf /shared/corpus

Files (folders are walked) are cut at the codec's chunk boundaries, and each
piece is a Dask task that scores it with the model, which every worker loads
once. The pieces' bits are added in order, so a file's bits are exactly what
`lmz map --format json` reports as its total_bits. The result is a table of
bits per byte by file and by text class; --json writes it as
{"files": [{"path", "bytes", "bits"}...], "classes": [{"class", "bytes", "bits"}...],
 "total": {"bytes", "bits"}}.

With --archives DIR each file is also compressed whole, by one task, into
DIR/<its path under the folder given>.lmz: the same bytes as `lmz -c`.
On a cluster of several machines the paths must be the same on every worker
(a shared file system), as for any Dask job that reads files.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import threading
import uuid

import lmz

_models: dict[tuple, lmz.Model] = {}
_models_lock = threading.Lock()

# The codec's chunk sizes (src/codec/stream_codec.h): the built-in model's,
# also used mixed; a GGUF model's alone.
CHUNK_BYTES = 4 << 20
LLM_CHUNK_BYTES = 64 << 10


def worker_model(spec: str, ctx: int, level: int) -> lmz.Model:
    """The model of this worker process, loaded on its first task."""
    key = (spec, ctx, level)
    with _models_lock:
        model = _models.get(key)
        if model is None:
            model = _models[key] = lmz.Model(spec, ctx=ctx, level=level, threads=1)
        return model


def score_piece(path: str, offset: int, length: int, spec: str, ctx: int, level: int, mix: bool,
                chunk_bytes: int) -> dict:
    """One piece of a file: its bits by class, and for the first piece of a
    file its total, for a later one its tokens' bits in order (the file's
    total goes on from the pieces before, as lmz map adds them)."""
    with open(path, "rb") as f:
        f.seek(offset)
        data = f.read(length)
    if len(data) != length:
        raise lmz.Error(f"{path}: changed while it was read")
    scores = worker_model(spec, ctx, level).score(data, mix=mix, top=0, chunk_size=chunk_bytes)
    classes = {c.name: (c.bytes, c.bits) for c in scores.classes if c.bytes}
    if offset == 0:
        return {"total": scores.total_bits, "classes": classes}
    return {"bits": scores.bits, "classes": classes}


def score_pieces(pieces: list, spec: str, ctx: int, level: int, mix: bool, chunk_bytes: int) -> list:
    """Several pieces (path, offset, length) in one task: small files share
    one, so that Dask's cost per task stays small beside the work."""
    return [score_piece(path, offset, length, spec, ctx, level, mix, chunk_bytes) for path, offset, length in pieces]


def batches(pieces: list, workers: int, chunk_bytes: int) -> list:
    """Consecutive pieces grouped into tasks of about total / (8 x workers)
    bytes (at least 64 KiB, at most a chunk): enough tasks to keep every
    worker busy to the end, few enough that each is worth sending."""
    total = sum(length for _, _, length in pieces)
    target = min(chunk_bytes, max(64 << 10, total // (8 * max(1, workers))))
    out, current, size = [], [], 0
    for piece in pieces:
        current.append(piece)
        size += piece[2]
        if size >= target:
            out.append(current)
            current, size = [], 0
    if current:
        out.append(current)
    return out


def add_in_order(total: float, bits) -> float:
    """total + bits[0] + bits[1] + ..., each addition rounded in turn."""
    try:
        import numpy
    except ImportError:
        for b in bits:
            total += b
        return total
    if len(bits) == 0:
        return total
    return float(numpy.add.accumulate(numpy.concatenate(([total], numpy.asarray(bits, dtype=numpy.float64))))[-1])


def compress_file(path: str, target: str, spec: str, ctx: int, level: int, mix: bool, chunk_bytes: int) -> int:
    """A whole file's archive, written to `target` by rename; its size."""
    with open(path, "rb") as f:
        data = f.read()
    archive = worker_model(spec, ctx, level).compress(data, mix=mix, chunk_size=chunk_bytes if chunk_bytes else 0)
    os.makedirs(os.path.dirname(target) or ".", exist_ok=True)
    temporary = f"{target}.{os.getpid()}.tmp"
    with open(temporary, "wb") as f:
        f.write(archive)
    os.replace(temporary, target)
    return len(archive)


def corpus_files(paths: list[str]) -> list[tuple[str, str]]:
    """(path, name under the folder given) of every regular file, sorted within each folder."""
    out = []
    for p in paths:
        if os.path.isdir(p):
            for root, dirs, files in os.walk(p):
                dirs.sort()
                for name in sorted(files):
                    full = os.path.join(root, name)
                    if os.path.isfile(full):
                        out.append((full, os.path.relpath(full, p)))
        elif os.path.isfile(p):
            out.append((p, os.path.basename(p)))
        else:
            raise SystemExit(f"lmz.corpus: {p}: no such file or folder")
    return out


class Progress:
    """A line on standard error: tasks done of all, when it is a terminal."""

    def __init__(self, total: int, enabled: bool):
        self.total, self.done, self.enabled = total, 0, enabled and sys.stderr.isatty()

    def step(self):
        self.done += 1
        if self.enabled:
            width = 30
            filled = width * self.done // max(1, self.total)
            sys.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {self.done}/{self.total} tasks")
            sys.stderr.flush()

    def close(self):
        if self.enabled:
            sys.stderr.write("\n")


def run(client, paths: list[str], spec: str = "cm", ctx: int = 0, level: int = 0, mix: bool = True,
        chunk_bytes: int = 0, archives: str | None = None, progress: bool = False) -> dict:
    """Scores (and with `archives`, compresses) the corpus on `client`'s cluster."""
    from distributed import as_completed

    builtin = spec in ("", "cm")
    if chunk_bytes == 0:
        chunk_bytes = CHUNK_BYTES if builtin or mix else LLM_CHUNK_BYTES
    files = corpus_files(paths)
    # One graph for all the pieces and one for the archives: Dask reads the
    # caller's source on every submission, which would cost more than a
    # small task. Keys are unique to this run.
    run_id = uuid.uuid4().hex
    pieces_of = []  # (index, offset, length)
    for index, (path, _) in enumerate(files):
        size = os.path.getsize(path)
        for offset in range(0, max(size, 1), chunk_bytes):
            pieces_of.append((index, offset, min(chunk_bytes, size - offset)))
    workers = len(client.scheduler_info().get("workers", {}))
    groups = batches(pieces_of, workers, chunk_bytes)
    n = len(groups)
    scored = client.map(score_pieces, [[(files[i][0], o, length) for i, o, length in g] for g in groups],
                        [spec] * n, [ctx] * n, [level] * n, [mix] * n, [chunk_bytes] * n,
                        key=[f"lmz-score-{run_id}-{k}" for k in range(n)])
    futures = {f: ("score", k, 0) for k, f in enumerate(scored)}
    if archives is not None:
        m = len(files)
        packed = client.map(compress_file, [p for p, _ in files],
                            [os.path.join(archives, name + ".lmz") for _, name in files], [spec] * m, [ctx] * m,
                            [level] * m, [mix] * m, [0 if builtin else chunk_bytes] * m,
                            key=[f"lmz-compress-{run_id}-{i}" for i in range(m)])
        futures.update({f: ("archive", i, 0) for i, f in enumerate(packed)})
    bar = Progress(len(futures), progress)  # tasks
    pieces: dict[int, dict[int, dict]] = {}
    archive_bytes: dict[int, int] = {}
    # Results come with their futures, in batches: no round trip per task.
    # A task's error is raised here, with its message.
    for future, result in as_completed(list(futures), with_results=True, raise_errors=True):
        kind, index, _ = futures[future]
        if kind == "score":
            for (file_index, offset, _), piece in zip(groups[index], result):
                pieces.setdefault(file_index, {})[offset] = piece
        else:
            archive_bytes[index] = result
        bar.step()
    bar.close()

    report_files, classes = [], {}
    total_bytes, total_bits = 0, 0.0
    for index, (path, name) in enumerate(files):
        bits = 0.0
        for offset in sorted(pieces.get(index, {})):
            piece = pieces[index][offset]
            bits = piece["total"] if offset == 0 else add_in_order(bits, piece["bits"])
            for cls, (nbytes, cbits) in piece["classes"].items():
                c = classes.setdefault(cls, [0, 0.0])
                c[0] += nbytes
                c[1] += cbits
        size = os.path.getsize(path)
        entry = {"path": path, "bytes": size, "bits": bits}
        if index in archive_bytes:
            entry["archive_bytes"] = archive_bytes[index]
        report_files.append(entry)
        total_bytes += size
        total_bits += bits
    return {
        "model": spec or "cm",
        "files": report_files,
        "classes": [{"class": k, "bytes": v[0], "bits": v[1]} for k, v in sorted(classes.items())],
        "total": {"bytes": total_bytes, "bits": total_bits},
    }


def table(report: dict) -> str:
    def bpb(bits, nbytes):
        return f"{bits / nbytes:9.3f}" if nbytes else "        -"

    lines = [f"{'bits/byte':>9} {'bytes':>12}  file"]
    for f in report["files"]:
        lines.append(f"{bpb(f['bits'], f['bytes'])} {f['bytes']:12d}  {f['path']}")
    lines.append("")
    lines.append(f"{'bits/byte':>9} {'bytes':>12}  class")
    for c in report["classes"]:
        lines.append(f"{bpb(c['bits'], c['bytes'])} {c['bytes']:12d}  {c['class']}")
    t = report["total"]
    lines.append(f"{bpb(t['bits'], t['bytes'])} {t['bytes']:12d}  total ({len(report['files'])} files, {report['model']})")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m lmz.corpus", description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="+", metavar="PATH", help="files and folders (walked)")
    parser.add_argument("--scheduler", required=True,
                        help="a Dask scheduler's address (tcp://host:8786), or 'local' for a LocalCluster here")
    parser.add_argument("--workers", type=int, default=0, help="with --scheduler local: worker processes (default: cores)")
    parser.add_argument("--model", default="cm", help="a GGUF file, the same path on every worker (default: the built-in model)")
    parser.add_argument("--ctx", type=int, default=0, help="the GGUF model's window (default: its own)")
    parser.add_argument("--level", type=int, default=0, help="the built-in model's level, 1-9 (default 5)")
    parser.add_argument("--no-mix", dest="mix", action="store_false",
                        help="with --model: the model alone (default: mixed with the built-in model, as lmz map)")
    parser.add_argument("--chunk-size", type=int, default=0, help="bytes per piece: the codec's chunk (default: the codec's)")
    parser.add_argument("--archives", metavar="DIR", help="also compress each file into DIR")
    parser.add_argument("--json", action="store_true", help="write the report as JSON")
    parser.add_argument("--quiet", action="store_true", help="no progress bar")
    a = parser.parse_args(argv)
    if a.chunk_size < 0 or (a.chunk_size and a.chunk_size < 4096):
        parser.error("--chunk-size must be at least 4096")

    from distributed import Client, LocalCluster

    cluster = None
    try:
        if a.scheduler == "local":
            workers = a.workers or os.cpu_count() or 1
            cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None)
            client = Client(cluster)
        else:
            client = Client(a.scheduler)
        with client:
            report = run(client, a.paths, a.model, a.ctx, a.level, a.mix, a.chunk_size, a.archives, not a.quiet)
    except lmz.Error as e:
        print(f"lmz.corpus: {e}", file=sys.stderr)
        return 1
    finally:
        if cluster is not None:
            cluster.close()
    sys.stdout.write(json.dumps(report, indent=1) + "\n" if a.json else table(report))
    return 0


if __name__ == "__main__":
    # As lmz.corpus rather than __main__, so that workers import the tasks'
    # functions by name instead of receiving copies of this module's state.
    from lmz.corpus import main as corpus_main

    sys.exit(corpus_main())
