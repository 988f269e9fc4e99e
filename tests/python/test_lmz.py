"""The Python module: the command's archives and reports, errors as
lmz.Error, the GIL released while lmz works."""
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
import unittest

import lmz

SHARED = os.environ.get("LMZ_SHARED_DIR", "")
LMZ = os.environ["LMZ_BINARY"]
STORIES = os.path.join(SHARED, "models", "stories260K.gguf")
TINYSTORY = os.path.join(SHARED, "models", "reference", "tinystory.txt")
have_shared = os.path.isdir(os.path.join(SHARED, "corpus"))
needs_shared = unittest.skipUnless(have_shared, f"../shared is absent: {SHARED}")


def cli(*args, data=None):
    return subprocess.run([LMZ, *args], input=data, capture_output=True, check=True).stdout


def text(n, seed=1):
    words = ["the", "model", "predicts", "Alice", "1984", "archive", "bits", "and", "a", "garden"]
    out, size, x = [], 0, seed
    while size < n + 1:
        x = (x * 6364136223846793005 + 1442695040888963407) % (1 << 64)
        out.append(words[(x >> 33) % len(words)])
        size += len(out[-1]) + 1
    return (" ".join(out))[:n].encode()


class BuiltIn(unittest.TestCase):
    def test_archives_are_the_commands(self):
        data = text(70000)
        for level in (1, 5):
            packed = lmz.compress(data, level=level)
            self.assertEqual(packed, cli("-c", f"-{level}", "-", data=data), level)
            self.assertEqual(lmz.decompress(packed), data)
        small = b"a short text, a short text"
        self.assertEqual(lmz.compress(small), cli("-c", "-", data=small))

    def test_info(self):
        packed = lmz.compress(text(10000), level=3)
        info = lmz.info(packed)
        self.assertEqual(info["model"], "cm")
        self.assertEqual(info["level"], 3)
        self.assertEqual(info["content_bytes"], 10000)
        self.assertEqual(info["archive_bytes"], len(packed))
        self.assertTrue(info["compact"])

    def test_buffers_of_any_kind(self):
        data = text(5000)
        packed = lmz.compress(bytearray(data))
        self.assertEqual(lmz.decompress(memoryview(packed)), data)

    def test_errors_are_lmz_errors(self):
        with self.assertRaises(lmz.Error) as e:
            lmz.decompress(b"not an archive, not at all")
        self.assertEqual(e.exception.code, "bad_magic")
        self.assertIsInstance(e.exception, ValueError)
        packed = lmz.compress(text(3000))
        with self.assertRaises(lmz.Error):
            lmz.decompress(packed[:-2])
        with self.assertRaises(lmz.Error):
            lmz.Model("/nonexistent/model.gguf")
        with self.assertRaises(lmz.Error):
            lmz.compress(b"x", quality=0)
        with self.assertRaises(TypeError):
            lmz.score(12345)

    def test_score_is_the_map_report(self):
        data = text(20000)
        with tempfile.NamedTemporaryFile(suffix=".txt") as f:
            f.write(data)
            f.flush()
            expected = json.loads(cli("map", "--format", "json", f.name))
        scores = lmz.score(data)
        self.assertEqual(json.loads(scores.json()), expected)
        self.assertEqual(float(f"{scores.total_bits:.10g}"), expected["total_bits"])  # JSON has 10 digits
        self.assertEqual(len(scores), len(data))  # the built-in model scores bytes
        self.assertEqual(scores.unit, "byte")
        self.assertAlmostEqual(sum(scores.bits), scores.total_bits, delta=1e-6 * scores.total_bits)
        self.assertEqual(scores[-1].end, len(data))

    def test_the_example_runs(self):
        example = os.path.join(os.path.dirname(__file__), "..", "..", "examples", "compress_and_score.py")
        out = subprocess.run([sys.executable, example], capture_output=True, text=True, check=True).stdout
        self.assertIn("round trip ok", out)

    def test_token_records_carry_their_text(self):
        text = "naïve café, 12 km"
        scores = lmz.score(text)
        self.assertEqual(b"".join(t.raw for t in scores), text.encode())
        self.assertEqual(scores[2].raw, "ï".encode()[:1])  # the built-in model scores bytes
        self.assertEqual(scores[0].text, "n")

    def test_check(self):
        source = "The bridge opened in 1932 and carries 160,000 vehicles a day across the harbour."
        self.assertFalse(lmz.check("The bridge opened in 1932.", [source]).flagged)
        # The ferry's words paired with the bridge's: half its word pairs stand apart in the sources.
        report = lmz.check("The ferry carries vehicles across the harbour.", [source + " The ferry stopped in 1933."])
        self.assertEqual((report.word_pairs, report.word_pairs_together), (6, 3))
        report = lmz.check("The bridge opened in 1923.", {"bridge.txt": source})
        self.assertTrue(report.flagged)
        flagged = [s for s in report.spans if s.verdict in ("unsupported", "contradicted")]
        self.assertEqual([s.text for s in flagged], ["1923"])
        self.assertEqual(report.passages[flagged[0].passage].source, "bridge.txt")
        self.assertIn('"verdict"', report.json())
        # A clause the source never makes is an unsupported claim.
        report = lmz.check("The bridge opened in 1932, after a long dispute between farmers and fishermen.", [source])
        self.assertTrue(report.flagged)
        self.assertEqual([c.text for c in report.claims], ["after a long dispute between farmers and fishermen"])
        self.assertEqual(report.claims[0].verdict, "unsupported")

    def test_artifacts(self):
        data = text(4000)
        lossless = lmz.artifacts(data, 100)
        self.assertEqual(lossless.reconstruction, data)
        lossy = lmz.artifacts(data, 20)
        self.assertLess(lossy.payload_bytes, lossless.payload_bytes)
        self.assertTrue(lossy.altered)
        self.assertEqual(lmz.decompress(lmz.compress(data, quality=20)), lossy.reconstruction)

    def test_a_call_past_its_timeout_is_cancelled(self):
        data = text(2_000_000, seed=4)
        start = time.perf_counter()
        with self.assertRaises(lmz.Error) as caught:
            lmz.compress(data, timeout=0.05)
        self.assertEqual(caught.exception.code, "cancelled")
        self.assertLess(time.perf_counter() - start, 1.5)  # the whole coding takes seconds
        with self.assertRaises(lmz.Error) as caught:
            lmz.score(data, timeout=0.05)
        self.assertEqual(caught.exception.code, "cancelled")
        small = text(3000)
        self.assertEqual(lmz.compress(small, timeout=600), lmz.compress(small))
        with self.assertRaises(ValueError):
            lmz.score(small, timeout=-1)

    def test_ctrl_c_stops_a_long_call(self):
        data = text(3_000_000, seed=5)
        timer = threading.Timer(0.2, __import__("_thread").interrupt_main)
        start = time.perf_counter()
        timer.start()
        with self.assertRaises(KeyboardInterrupt):
            lmz.score(data)
        timer.join()
        self.assertLess(time.perf_counter() - start, 2.0)
        self.assertEqual(len(lmz.score(text(500))), 500)  # and lmz works on


@needs_shared
class Gguf(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.model = lmz.Model(STORIES, ctx=256)
        with open(TINYSTORY, "rb") as f:
            cls.story = f.read()

    def test_archives_are_the_commands(self):
        for mix, flag in ((True, "--mix"), (False, "--no-mix")):
            packed = self.model.compress(self.story, mix=mix)
            self.assertEqual(packed, cli("-c", "--ctx", "256", flag, "-m", STORIES, TINYSTORY))
            self.assertEqual(self.model.decompress(packed), self.story)
            self.assertEqual(lmz.compress(self.story, STORIES, ctx=256, mix=mix), packed)
        with self.assertRaises(lmz.Error):
            lmz.decompress(self.model.compress(self.story, mix=False))  # the model is needed

    def test_score_records(self):
        scores = self.model.score(self.story, mix=False)
        expected = json.loads(cli("map", "--format", "json", "--no-mix", "--ctx", "256", "-m", STORIES, TINYSTORY))
        self.assertEqual(json.loads(scores.json()), expected)
        self.assertEqual(scores.unit, "token")
        tokens = list(scores)
        self.assertEqual(len(tokens), len(scores))
        self.assertTrue(tokens[1].has_distribution)
        self.assertGreaterEqual(tokens[1].rank, 1)
        self.assertEqual(len(tokens[1].top), 5)
        self.assertIsInstance(tokens[1].top[0].text, bytes)
        self.assertEqual(tokens[1].top[0].p, tokens[1].top[0].probability)
        self.assertEqual("".join(t.text for t in tokens), self.story.decode())
        for t, j in zip(tokens[:20], expected["tokens"][:20]):
            self.assertEqual((t.text, t.begin, t.end, t.rank), (j["text"], j["begin"], j["end"], j["rank"]))
        try:
            import numpy
        except ImportError:
            numpy = None
        if numpy is not None:
            self.assertIsInstance(scores.bits, numpy.ndarray)
            self.assertEqual(scores.bits.shape, (len(scores),))

    def test_score_is_mixed_by_default_as_lmz_map(self):
        expected = json.loads(cli("map", "--format", "json", "--ctx", "256", "-m", STORIES, TINYSTORY))
        self.assertEqual(json.loads(self.model.score(self.story).json()), expected)
        self.assertTrue(expected["mixed"])

    def test_the_gil_is_released_while_lmz_works(self):
        # While one thread is inside a long score, another runs Python code:
        # it must be seen running in the middle of the call.
        story = self.story * 4
        window = {}
        seen = []

        def work():
            window["start"] = time.perf_counter()
            self.model.score(story)
            window["end"] = time.perf_counter()

        worker = threading.Thread(target=work)
        worker.start()
        while worker.is_alive():
            seen.append(time.perf_counter())
            time.sleep(0.001)
        worker.join()
        start, end = window["start"], window["end"]
        self.assertGreater(end - start, 0.02, "the call was too short to tell")
        middle = [t for t in seen if start + 0.25 * (end - start) <= t <= start + 0.75 * (end - start)]
        self.assertTrue(middle, "no Python code ran while lmz worked: the GIL was held")

    def test_one_model_many_threads_same_bytes(self):
        results = [None] * 3

        def work(i):
            results[i] = self.model.compress(self.story[:800])

        threads = [threading.Thread(target=work, args=(i,)) for i in range(3)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        self.assertEqual(len(set(results)), 1)
        self.assertEqual(self.model.decompress(results[0]), self.story[:800])


if __name__ == "__main__":
    unittest.main()
