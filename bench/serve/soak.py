"""A soak of lmz serve: 8 clients for 10 minutes sending a mix of good and
bad requests, each answer checked against the status docs/API.md documents
for it (and, for compress, the bytes back by decompress), a client that
sends half a request and stalls, and the server's resident memory sampled
throughout. Passes when there is no crash, no answer other than the
documented one, and the memory of the last minute is within 10% of the
memory after the first.

Usage: python3 bench/serve/soak.py build/lmz [--minutes 10] [--clients 8] [--model M.gguf]
Prints a summary for bench/results.md; exits 1 when the soak fails."""
import argparse
import http.client
import json
import re
import socket
import subprocess
import sys
import threading
import time

TEXT = ("The Harbour Bridge opened in March 1932 after eight years of work. It carries eight lanes of road, "
        "two railway tracks, a footway and a cycleway, and about 160,000 vehicles cross it each day. ")
CHECK = {"answer": "The bridge opened in 1923 and carries about 160,000 vehicles a day.", "sources": [TEXT]}
COMPLETION = {"choices": [{"message": {"content": "It was"}, "logprobs": {"content": [
    {"token": "It", "logprob": -0.2, "top_logprobs": []}, {"token": " was", "logprob": -0.1, "top_logprobs": []}]}}]}
JSON = "application/json"
BYTES = "application/octet-stream"


def requests(model):
    """(name, method, path, body, content type, expected status)."""
    out = [
        ("map", "POST", "/v1/map", json.dumps({"text": TEXT}), JSON, 200),
        ("check", "POST", "/v1/check", json.dumps(CHECK), JSON, 200),
        ("artifacts", "POST", "/v1/artifacts", json.dumps({"text": TEXT, "quality": 30}), JSON, 200),
        ("logprobs", "POST", "/v1/logprobs/map", json.dumps(COMPLETION), JSON, 200),
        ("health", "GET", "/v1/health", None, None, 200),
        ("page", "GET", "/", None, None, 200),
        ("bad json", "POST", "/v1/map", '{"text": "unclosed', JSON, 400),
        ("wrong type", "POST", "/v1/map", json.dumps({"text": 12}), JSON, 400),
        ("missing field", "POST", "/v1/check", json.dumps({"sources": ["x"]}), JSON, 400),
        ("unknown model", "POST", "/v1/map", json.dumps({"text": "x", "model": "nope.gguf"}), JSON, 422),
        ("media type", "POST", "/v1/map", "text", "text/plain", 415),
        ("method", "PUT", "/v1/map", "{}", JSON, 405),
        ("path", "GET", "/v1/nothing", None, None, 404),
        ("too large", "POST", "/v1/map", json.dumps({"text": "x" * 300000}), JSON, 413),
        ("corrupt archive", "POST", "/v1/decompress", b"LMZ\x00broken", BYTES, 422),
    ]
    if model:
        out.append(("map gguf", "POST", "/v1/map", json.dumps({"text": TEXT, "model": model}), JSON, 200))
        out.append(("tokenize", "POST", "/v1/tokenize", json.dumps({"text": TEXT, "model": model}), JSON, 200))
    return out


def rss_kb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def main():
    p = argparse.ArgumentParser()
    p.add_argument("lmz")
    p.add_argument("--minutes", type=float, default=10)
    p.add_argument("--clients", type=int, default=8)
    p.add_argument("--model", help="a GGUF model to load and use too")
    a = p.parse_args()
    args = [a.lmz, "serve", "--port", "0", "-q", "--max-body", "256K"]
    name = None
    if a.model:
        args += ["-m", a.model]
        name = a.model.rsplit("/", 1)[-1]
    server = subprocess.Popen(args, stderr=subprocess.PIPE, text=True)
    port = int(re.search(r":(\d+)/", server.stderr.readline()).group(1))
    table = requests(name)
    end = time.monotonic() + 60 * a.minutes
    lock = threading.Lock()
    counts, wrong = {}, []

    def record(kind, ok, detail=""):
        with lock:
            c = counts.setdefault(kind, [0, 0])
            c[0] += 1
            if not ok:
                c[1] += 1
                if len(wrong) < 20:
                    wrong.append(f"{kind}: {detail}")

    def client(index):
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        i = index
        while time.monotonic() < end:
            kind, method, path, body, ctype, expected = table[i % len(table)]
            i += 1
            try:
                conn.request(method, path, body, {"Content-Type": ctype} if ctype else {})
                r = conn.getresponse()
                data = r.read()
                ok = r.status == expected
                if ok and r.status >= 400:
                    ok = "code" in json.loads(data)["error"]
                record(kind, ok, f"{r.status} {data[:120]!r}")
                if r.status == 503:
                    time.sleep(float(r.getheader("Retry-After", "1")))
                if r.getheader("Connection", "") == "close" or r.status in (413,):
                    conn.close()
                    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            except (OSError, http.client.HTTPException, ValueError, KeyError) as e:
                record(kind, False, repr(e))
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            if i % 7 == 0:  # a round trip through compress and decompress
                payload = (TEXT * (1 + i % 5)).encode()
                try:
                    conn.request("POST", "/v1/compress", payload, {"Content-Type": BYTES})
                    archive = conn.getresponse().read()
                    conn.request("POST", "/v1/decompress", archive, {"Content-Type": BYTES})
                    back = conn.getresponse().read()
                    record("round trip", back == payload, "bytes differ")
                except (OSError, http.client.HTTPException) as e:
                    record("round trip", False, repr(e))
                    conn.close()
                    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)

    def staller():
        # Half a request, then silence: the server must drop the connection.
        while time.monotonic() < end - 15:
            s = socket.create_connection(("127.0.0.1", port), timeout=30)
            s.sendall(b"POST /v1/map HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                      b"Content-Length: 1000\r\n\r\n{\"text\": ")
            start = time.monotonic()
            try:
                dropped = s.recv(4096) is not None
            except OSError:
                dropped = True
            record("stalled client dropped", dropped and time.monotonic() - start < 25, "not dropped")
            s.close()

    samples = []

    def sampler():
        while time.monotonic() < end and server.poll() is None:
            samples.append((time.monotonic(), rss_kb(server.pid)))
            time.sleep(5)

    threads = [threading.Thread(target=client, args=(k,)) for k in range(a.clients)]
    threads += [threading.Thread(target=staller), threading.Thread(target=sampler)]
    started = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    alive = server.poll() is None
    server.terminate()
    code = server.wait(timeout=60)

    after_first = [kb for t, kb in samples if 60 <= t - started < 120] or [samples[0][1]]
    last = [kb for t, kb in samples if t - started >= 60 * a.minutes - 60] or [samples[-1][1]]
    base, final = max(after_first) / 1024, max(last) / 1024
    total = sum(c[0] for c in counts.values())
    bad = sum(c[1] for c in counts.values())
    print(f"{a.minutes:g} minutes, {a.clients} clients: {total} requests, {bad} not answered as documented")
    print("| request | count | wrong |")
    print("|---|---:|---:|")
    for kind, (n, w) in sorted(counts.items()):
        print(f"| {kind} | {n} | {w} |")
    print(f"\nserver alive at the end: {alive}; exit status after SIGTERM: {code}")
    print(f"resident memory: {base:.1f} MB in the second minute, {final:.1f} MB in the last "
          f"({100 * (final - base) / base:+.1f}%), peak {max(kb for _, kb in samples) / 1024:.1f} MB")
    for w in wrong:
        print("  " + w)
    ok = alive and code == 0 and bad == 0 and final <= 1.10 * base
    print("soak: " + ("passed" if ok else "FAILED"))
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
