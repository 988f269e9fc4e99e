"""The Python module and the Dask corpus job against their baselines, on
this machine, in one run:

  1. lmz.Model.score of a text against `lmz map --format json` of the same
     text (the issue's bound: at most 5% more time), for the built-in model
     and, with --model, a GGUF model;
  2. python -m lmz.corpus's work on a LocalCluster of 2 workers against 1
     worker, over FILES files (the bound: at most 0.6 of the time).

Usage: PYTHONPATH=build/python python3 bench/python/library_bench.py LMZ TEXT [--model M] [--files 50]
       [--corpus TEXT...]
Prints a Markdown table for bench/results.md. Times are the fastest of
--runs runs, interleaved."""
import argparse
import os
import shutil
import subprocess
import tempfile
import time

import lmz
from lmz import corpus


def fastest(fn, runs):
    best = None
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        t = time.perf_counter() - start
        best = t if best is None else min(best, t)
    return best


def score_rows(lmz_bin, text_path, model_path, ctx, runs):
    with open(text_path, "rb") as f:
        text = f.read()
    # (label, spec, threads, mix): one thread each side and the model alone;
    # then each side's defaults (every core, mixed as lmz map -m).
    cases = [("cm -5, 1 thread", "cm", 1, False)]
    if model_path:
        cases += [("GGUF alone, 1 thread", model_path, 1, False), ("GGUF, defaults (mixed, every core)", model_path, 0, True)]
    rows = []
    for label, spec, threads, mix in cases:
        model = lmz.Model(spec, ctx=ctx, threads=threads)
        args = [lmz_bin, "map", "--format", "json", text_path]
        if threads:
            args += [f"-T{threads}"]
        if spec != "cm":
            args += ["--ctx", str(ctx), "-m", spec] + ([] if mix else ["--no-mix"])
        cli_t, py_t = None, None
        for _ in range(runs):  # interleaved
            t = fastest(lambda: subprocess.run(args, check=True, stdout=subprocess.DEVNULL), 1)
            cli_t = t if cli_t is None else min(cli_t, t)
            t = fastest(lambda: [tk.bits for tk in model.score(text, mix=mix)], 1)
            py_t = t if py_t is None else min(py_t, t)
        rows.append((label if spec == "cm" else f"{model.name}: {label}", len(text), cli_t, py_t))
    return rows


def corpus_rows(text_paths, files, runs):
    from distributed import Client, LocalCluster

    folder = tempfile.mkdtemp(prefix="lmz-corpus-bench-")
    text = b""
    for path in text_paths:
        with open(path, "rb") as f:
            text += f.read()
    piece = max(1, len(text) // files)
    for i in range(files):
        with open(os.path.join(folder, f"{i:03d}.txt"), "wb") as f:
            f.write(text[i * piece:(i + 1) * piece])
    rows = []
    try:
        for workers in (1, 2):
            cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None)
            with Client(cluster) as client:
                corpus.run(client, [folder])  # warm: workers load the module and the model
                t = fastest(lambda: corpus.run(client, [folder]), runs)
            cluster.close()
            rows.append((workers, t))
    finally:
        shutil.rmtree(folder)
    return rows, piece


def main():
    p = argparse.ArgumentParser()
    p.add_argument("lmz")
    p.add_argument("text")
    p.add_argument("--model")
    p.add_argument("--ctx", type=int, default=512)
    p.add_argument("--files", type=int, default=50)
    p.add_argument("--corpus", nargs="+", help="texts cut into --files files (default: TEXT)")
    p.add_argument("--runs", type=int, default=3)
    a = p.parse_args()
    print("| model | text bytes | `lmz map --format json` s | Python `Model.score` s | Python / command |")
    print("|---|---:|---:|---:|---:|")
    for name, n, cli_t, py_t in score_rows(a.lmz, a.text, a.model, a.ctx, a.runs):
        print(f"| {name} | {n:,} | {cli_t:.3f} | {py_t:.3f} | {py_t / cli_t:.2f} |")
    print()
    rows, piece = corpus_rows(a.corpus or [a.text], a.files, a.runs)
    one = rows[0][1]
    print(f"| `lmz.corpus`, {a.files} files of {piece:,} bytes, built-in model | seconds | / 1 worker |")
    print("|---|---:|---:|")
    for workers, t in rows:
        print(f"| LocalCluster, {workers} worker{'s' if workers > 1 else ''} | {t:.3f} | {t / one:.2f} |")


if __name__ == "__main__":
    main()
