"""python -m lmz.corpus on a LocalCluster of 2 workers: each file's bits are
what `lmz map --format json` reports, the totals their sum, and the
archives the command's bytes."""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

import lmz
from lmz import corpus

SHARED = os.environ.get("LMZ_SHARED_DIR", "")
LMZ = os.environ["LMZ_BINARY"]
have_shared = os.path.isdir(os.path.join(SHARED, "corpus"))


def cli(*args):
    return subprocess.run([LMZ, *args], capture_output=True, check=True).stdout


def map_bits(path, *args):
    return json.loads(cli("map", "--format", "json", *args, path))["total_bits"]


def ten_digits(x):  # how the command's JSON writes a number
    return float(f"{x:.10g}")


class Corpus(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        from distributed import Client, LocalCluster

        cls.dir = tempfile.mkdtemp(prefix="lmz-corpus-")
        cls.folder = os.path.join(cls.dir, "docs")
        os.makedirs(os.path.join(cls.folder, "sub"))
        words = b"the cat sat on the mat while 1984 rain fell over Paris and the archive grew "
        files = {
            "a.txt": words * 40,
            "b.txt": bytes(range(256)) * 20,          # binary
            "empty.txt": b"",
            "sub/long.txt": words * 200,              # several pieces at --chunk-size 4096
            "sub/c.md": b"# Title\n\nSome *markdown* with a [link](http://example.com).\n" * 30,
        }
        for name, data in files.items():
            with open(os.path.join(cls.folder, name), "wb") as f:
                f.write(data)
        cls.cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None)
        cls.client = Client(cls.cluster)

    @classmethod
    def tearDownClass(cls):
        cls.client.close()
        cls.cluster.close()
        shutil.rmtree(cls.dir)

    def check_against_the_command(self, report, *map_args):
        total = 0.0
        for f in report["files"]:
            self.assertEqual(f["bytes"], os.path.getsize(f["path"]))
            if f["bytes"] == 0:
                self.assertEqual(f["bits"], 0.0)
                continue
            expected = map_bits(f["path"], *map_args)
            self.assertEqual(ten_digits(f["bits"]), expected, f["path"])
            total += f["bits"]
        self.assertEqual(report["total"]["bits"], total)
        self.assertEqual(report["total"]["bytes"], sum(f["bytes"] for f in report["files"]))
        self.assertAlmostEqual(sum(c["bits"] for c in report["classes"]), total, delta=1e-6 * total)
        self.assertEqual(sum(c["bytes"] for c in report["classes"]), report["total"]["bytes"])

    def test_built_in_model_in_pieces_with_archives(self):
        archives = os.path.join(self.dir, "archives")
        report = corpus.run(self.client, [self.folder], chunk_bytes=4096, archives=archives)
        self.assertEqual(len(report["files"]), 5)
        self.check_against_the_command(report, "--chunk-size", "4096")
        for f in report["files"]:
            name = os.path.relpath(f["path"], self.folder)
            with open(os.path.join(archives, name + ".lmz"), "rb") as a:
                packed = a.read()
            self.assertEqual(packed, cli("-c", f["path"]), name)
            self.assertEqual(f["archive_bytes"], len(packed))

    @unittest.skipUnless(have_shared, f"../shared is absent: {SHARED}")
    def test_gguf_model(self):
        model = os.path.join(SHARED, "models", "stories260K.gguf")
        paths = [os.path.join(self.folder, "a.txt"), os.path.join(self.folder, "sub", "long.txt")]
        report = corpus.run(self.client, paths, spec=model, ctx=128, mix=False, chunk_bytes=4096)
        self.check_against_the_command(report, "--no-mix", "--ctx", "128", "-m", model, "--chunk-size", "4096")

    def test_the_command_line(self):
        out = subprocess.run([sys.executable, "-m", "lmz.corpus", "--scheduler", "local", "--workers", "2", "--json",
                              "--quiet", self.folder], capture_output=True, check=True, text=True).stdout
        report = json.loads(out)
        self.assertEqual(sorted(report), ["classes", "files", "model", "total"])
        self.check_against_the_command(report)
        bad = subprocess.run([sys.executable, "-m", "lmz.corpus", "--scheduler", "local", "--workers", "1",
                              os.path.join(self.dir, "missing")], capture_output=True, text=True)
        self.assertNotEqual(bad.returncode, 0)
        self.assertIn("no such file or folder", bad.stderr)


if __name__ == "__main__":
    unittest.main()
