"""Load on lmz serve over loopback: requests per second and latency
percentiles of POST /v1/map (a 1 KB text) and POST /v1/check (a short answer
against two sources) with the built-in model, at 1, 8 and 64 concurrent
clients on keep-alive connections (a client answered 503 waits the second
that Retry-After asks), and the server's memory (resident size
sampled through each run, peak at the end).

Usage: python3 bench/serve/load_bench.py LMZ [--seconds 10] [--clients 1 8 64]
Prints a Markdown table for bench/results.md. Bounded: each run lasts
--seconds, on 127.0.0.1 only."""
import argparse
import http.client
import json
import re
import subprocess
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


def run(port, path, body, clients, seconds):
    stop = time.perf_counter() + seconds
    latencies, statuses = [], {}
    lock = threading.Lock()

    def client():
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        mine, codes = [], {}
        while time.perf_counter() < stop:
            start = time.perf_counter()
            try:
                conn.request("POST", path, body, {"Content-Type": "application/json"})
                r = conn.getresponse()
                r.read()
                code = r.status
            except (OSError, http.client.HTTPException):
                code = "error"
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            mine.append(time.perf_counter() - start)
            codes[code] = codes.get(code, 0) + 1
            if code == 503:  # as a client should: wait as Retry-After says
                time.sleep(1.0)
        with lock:
            latencies.extend(mine)
            for k, v in codes.items():
                statuses[k] = statuses.get(k, 0) + v

    threads = [threading.Thread(target=client) for _ in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    latencies.sort()

    def pct(p):
        return 1000 * latencies[min(len(latencies) - 1, int(p * len(latencies)))] if latencies else 0.0

    return len(latencies) / seconds, pct(0.5), pct(0.99), statuses


def main():
    p = argparse.ArgumentParser()
    p.add_argument("lmz")
    p.add_argument("--seconds", type=float, default=10)
    p.add_argument("--clients", type=int, nargs="+", default=[1, 8, 64])
    a = p.parse_args()
    server = subprocess.Popen([a.lmz, "serve", "--port", "0", "-q"], stderr=subprocess.PIPE, text=True)
    # -q silences the access log, not the line that says where it listens.
    line = server.stderr.readline()
    port = int(re.search(r":(\d+)/", line).group(1))
    print(f"| endpoint | clients | requests/s | p50 ms | p99 ms | statuses | server RSS first half / second half MB |")
    print("|---|---:|---:|---:|---:|---|---|")
    try:
        for path, body in (("/v1/map", json.dumps({"text": TEXT})), ("/v1/check", json.dumps(CHECK))):
            for clients in a.clients:
                samples = []
                sampling = True

                def sample():
                    while sampling:
                        samples.append(rss_kb(server.pid))
                        time.sleep(0.1)

                sampler = threading.Thread(target=sample)
                sampler.start()
                rate, p50, p99, statuses = run(port, path, body, clients, a.seconds)
                sampling = False
                sampler.join()
                half = len(samples) // 2
                first = max(samples[:half] or [0]) / 1024
                second = max(samples[half:] or [0]) / 1024
                codes = ", ".join(f"{k}: {v}" for k, v in sorted(statuses.items(), key=str))
                print(f"| {path} | {clients} | {rate:.0f} | {p50:.1f} | {p99:.1f} | {codes} | {first:.1f} / {second:.1f} |")
        print(f"\nserver peak resident memory: {rss_kb(server.pid, 'VmHWM') / 1024:.1f} MB")
    finally:
        server.terminate()
        code = server.wait(timeout=30)
        print(f"server exit status after SIGTERM: {code}")


if __name__ == "__main__":
    main()
