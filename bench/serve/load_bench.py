"""Load on lmz serve over loopback: requests per second and latency
percentiles of POST /v1/map (a 1 KB text) and POST /v1/check (a short answer
against two sources) with the built-in model, at 1, 8 and 64 concurrent
clients on keep-alive connections, and the server's memory (resident size
sampled through each run: the peak of each half, and the peak at the end).

The load comes from lmz-load (tools/load_client.cpp, built with the
project): C++ clients that cost the two cores little, and that wait the
seconds Retry-After asks when answered 503, as a client should.

Usage: python3 bench/serve/load_bench.py build/lmz [--load build/tools/lmz-load]
           [--seconds 10] [--long 30] [--clients 1 8 64]
Prints a Markdown table for bench/results.md. Bounded: each run lasts
--seconds (the 64-client runs --long), on 127.0.0.1 only."""
import argparse
import json
import os
import re
import subprocess
import tempfile
import threading
import time

TEXT = ("The Harbour Bridge opened in March 1932 after eight years of work. It carries eight lanes of road, "
        "two railway tracks, a footway and a cycleway, and about 160,000 vehicles cross it each day. Its arch "
        "spans 503 metres and its top stands 134 metres above the water. The steel came from Middlesbrough, "
        "and 6,000,000 rivets hold it together. Paul Hogan worked on it as a rigger before he became an actor. ")
TEXT = (TEXT * 3)[:1024]
CHECK = {"answer": "The bridge opened in 1923 and carries about 160,000 vehicles a day.",
         "sources": [TEXT, "Maintenance of the bridge costs about 20 million dollars a year."]}


def rss_kb(pid, field="VmRSS"):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return 0


def run(load, port, path, body_file, clients, seconds):
    out = subprocess.run([load, "--port", str(port), "--path", path, "--body", body_file, "--clients", str(clients),
                          "--seconds", str(seconds)], check=True, capture_output=True, text=True).stdout
    return json.loads(out)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("lmz")
    p.add_argument("--load", default=None, help="lmz-load (default: tools/lmz-load beside the lmz given)")
    p.add_argument("--seconds", type=float, default=10)
    p.add_argument("--long", type=float, default=30, help="seconds of the 64-client runs")
    p.add_argument("--clients", type=int, nargs="+", default=[1, 8, 64])
    a = p.parse_args()
    load = a.load or os.path.join(os.path.dirname(os.path.abspath(a.lmz)), "tools", "lmz-load")
    server = subprocess.Popen([a.lmz, "serve", "--port", "0", "-q"], stderr=subprocess.PIPE, text=True)
    # -q silences the access log, not the line that says where it listens.
    line = server.stderr.readline()
    port = int(re.search(r":(\d+)/", line).group(1))
    print("| endpoint | clients | seconds | requests/s | p50 ms | p90 ms | p99 ms | max ms | statuses "
          "| server RSS first half / second half MB |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---|---|")
    try:
        with tempfile.TemporaryDirectory() as tmp:
            for path, body in (("/v1/map", {"text": TEXT}), ("/v1/check", CHECK)):
                body_file = os.path.join(tmp, "body.json")
                with open(body_file, "w") as f:
                    json.dump(body, f)
                for clients in a.clients:
                    seconds = a.long if clients >= 64 else a.seconds
                    samples = []
                    sampling = True

                    def sample():
                        while sampling:
                            samples.append(rss_kb(server.pid))
                            time.sleep(0.1)

                    sampler = threading.Thread(target=sample)
                    sampler.start()
                    r = run(load, port, path, body_file, clients, seconds)
                    sampling = False
                    sampler.join()
                    half = len(samples) // 2
                    first = max(samples[:half] or [0]) / 1024
                    second = max(samples[half:] or [0]) / 1024
                    codes = ", ".join(f"{k}: {v}" for k, v in sorted(r["statuses"].items()))
                    print(f"| {path} | {clients} | {seconds:.0f} | {r['requests_per_s']:.0f} | {r['p50_ms']:.1f} "
                          f"| {r['p90_ms']:.1f} | {r['p99_ms']:.1f} | {r['max_ms']:.1f} | {codes} "
                          f"| {first:.1f} / {second:.1f} |", flush=True)
        print(f"\nserver peak resident memory: {rss_kb(server.pid, 'VmHWM') / 1024:.1f} MB")
    finally:
        server.terminate()
        code = server.wait(timeout=30)
        print(f"server exit status after SIGTERM: {code}")


if __name__ == "__main__":
    main()
