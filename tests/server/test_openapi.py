"""Every response of lmz serve, to good and bad requests, checked against
docs/openapi.yaml: its status must be documented for the operation, its media
type listed, its JSON body valid under the schema (JSON Schema 2020-12, as
OpenAPI 3.1 uses), its documented headers present.

Run by ctest (Server.OpenApi) with LMZ_BINARY and LMZ_SHARED_DIR set.
"""

import http.client
import json
import os
import re
import subprocess
import tempfile
import unittest

import jsonschema
import yaml

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
SPEC_PATH = os.path.join(ROOT, "docs", "openapi.yaml")
BINARY = os.environ.get("LMZ_BINARY", os.path.join(ROOT, "build", "lmz"))
SHARED = os.environ.get("LMZ_SHARED_DIR", os.path.join(ROOT, "..", "shared"))
STORIES = os.path.join(SHARED, "models", "stories260K.gguf")

COMPLETION = {
    "model": "api-model",
    "choices": [{
        "message": {"content": "It was"},
        "logprobs": {"content": [
            {"token": "It", "logprob": -0.2, "top_logprobs": [{"token": "It", "logprob": -0.2}]},
            {"token": " was", "logprob": -0.1, "top_logprobs": [{"token": " was", "logprob": -0.1}]},
        ]},
    }],
}


class Server:
    """lmz serve on a free loopback port, for as long as the object lives."""

    def __init__(self, *args):
        self.process = subprocess.Popen([BINARY, "serve", "--port", "0", "-q", *args],
                                        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        line = self.process.stderr.readline()
        match = re.search(r"listening on http://([^:]+):(\d+)/", line)
        if not match:
            self.process.kill()
            raise RuntimeError("lmz serve did not start: " + line + self.process.stderr.read())
        self.host, self.port = match.group(1), int(match.group(2))

    def request(self, method, path, body=None, content_type=None):
        conn = http.client.HTTPConnection(self.host, self.port, timeout=120)
        headers = {"Content-Type": content_type} if content_type else {}
        if isinstance(body, (dict, list)):
            body = json.dumps(body)
        conn.request(method, path, body, headers)
        response = conn.getresponse()
        data = response.read()
        conn.close()
        return response.status, dict(response.getheaders()), data

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=30)
        self.process.stderr.close()


@unittest.skipUnless(os.path.exists(STORIES), f"../shared is absent ({SHARED}): these requests need stories260K")
class OpenApi(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        with open(SPEC_PATH, encoding="utf-8") as f:
            cls.spec = yaml.safe_load(f)
        cls.tmp = tempfile.TemporaryDirectory()
        source = os.path.join(cls.tmp.name, "museum.txt")
        with open(source, "w", encoding="utf-8") as f:
            f.write("The city museum closed in 2017. It reopened in May 2019 after a renovation that cost "
                    "12 million euros.\n")
        cls.store = os.path.join(cls.tmp.name, "sources.db")
        subprocess.run([BINARY, "index", "add", "--store", cls.store, source], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        cls.server = Server("-m", STORIES, "--store", cls.store, "--max-body", "64K")
        cls.checked = []

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()
        cls.tmp.cleanup()

    def deref(self, node):
        """A {"$ref": "#/..."} object replaced by what it points at."""
        while isinstance(node, dict) and "$ref" in node:
            target = self.spec
            for part in node["$ref"].lstrip("#/").split("/"):
                target = target[part]
            node = target
        return node

    def expect(self, method, path, status, body=None, content_type="application/json", server=None):
        """Sends the request, checks the status, and validates the response against the spec."""
        got, headers, data = (server or self.server).request(method, path, body, content_type)
        self.assertEqual(got, status, f"{method} {path}: {data[:300]!r}")
        template = path.split("?")[0]
        operation = self.spec["paths"].get(template, {}).get(method.lower())
        media = headers.get("Content-Type", "").split(";")[0].strip()
        if operation is None:
            # A path or method the API does not have: the documented error.
            response = self.spec["components"]["responses"]["Error"]
        else:
            self.assertIn(str(got), operation["responses"], f"{method} {template}: status {got} is not documented")
            response = self.deref(operation["responses"][str(got)])
        self.assertIn(media, response.get("content", {}), f"{method} {path}: media type {media!r} not documented")
        for name in response.get("headers", {}):
            if name.startswith("X-") and "compare=true" not in path:
                continue
            self.assertIn(name, headers, f"{method} {path}: header {name} missing")
        schema = response["content"][media].get("schema", {})
        if media == "application/json":
            document = json.loads(data)
            validator = jsonschema.Draft202012Validator(schema, resolver=jsonschema.RefResolver("", self.spec))
            errors = sorted(validator.iter_errors(document), key=lambda e: list(e.path))
            self.assertEqual([], [f"{list(e.path)}: {e.message}"[:300] for e in errors[:5]], f"{method} {path}")
        self.checked.append((method, template, got))
        return document if media == "application/json" else data

    def test_the_spec_is_openapi_and_every_reference_resolves(self):
        self.assertTrue(self.spec["openapi"].startswith("3.1"))

        def walk(node):
            if isinstance(node, dict):
                if "$ref" in node:
                    self.deref(node)
                for value in node.values():
                    walk(value)
            elif isinstance(node, list):
                for value in node:
                    walk(value)

        walk(self.spec)
        for name, schema in self.spec["components"]["schemas"].items():
            jsonschema.Draft202012Validator.check_schema(schema)
        for path, item in self.spec["paths"].items():
            for method, operation in item.items():
                self.assertIn("responses", operation, f"{method} {path}")

    def test_reading_endpoints(self):
        self.expect("GET", "/", 200, content_type=None)
        self.expect("GET", "/v1/health", 200, content_type=None)
        models = self.expect("GET", "/v1/models", 200, content_type=None)
        self.assertEqual([m["name"] for m in models["models"]], ["cm", "stories260K.gguf"])
        self.expect("POST", "/v1/health", 405, "{}")
        self.expect("DELETE", "/v1/models", 405, content_type=None)
        self.expect("OPTIONS", "/v1/map", 405, content_type=None)
        self.expect("GET", "/v1/nothing", 404, content_type=None)

    def test_map_and_tokenize(self):
        text = "Once upon a time, there was a little girl named Lily. She was 3 years old."
        self.expect("POST", "/v1/map", 200, {"text": text})
        self.expect("POST", "/v1/map", 200, {"text": text, "model": "stories260K.gguf", "top": 3})
        self.expect("POST", "/v1/map", 200, {"text": text, "model": "stories260K.gguf", "mix": False, "ctx": 64})
        self.expect("POST", "/v1/map", 200, {"text": ""})
        self.expect("POST", "/v1/map", 400, "{not json")
        self.expect("POST", "/v1/map", 400, [1, 2])
        self.expect("POST", "/v1/map", 400, {"text": 5})
        self.expect("POST", "/v1/map", 400, {"txt": text})
        self.expect("POST", "/v1/map", 400, {"text": text, "top": -1})
        self.expect("POST", "/v1/map", 422, {"text": text, "model": "nope.gguf"})
        self.expect("POST", "/v1/map", 422, {"text": text, "model": "stories260K.gguf", "ctx": 8})
        self.expect("POST", "/v1/map", 415, text, content_type="text/plain")
        self.expect("POST", "/v1/map", 413, {"text": "x" * 70000})
        self.expect("GET", "/v1/map", 405, content_type=None)
        tokens = self.expect("POST", "/v1/tokenize", 200, {"text": text, "model": "stories260K.gguf"})
        self.assertGreater(tokens["n_tokens"], 5)
        self.expect("POST", "/v1/tokenize", 422, {"text": text})

    def test_artifacts(self):
        text = "Once upon a time there was a little girl named Lily. She liked to play in the park with Tom."
        for quality in (20, 100):
            self.expect("POST", "/v1/artifacts", 200, {"text": text, "quality": quality})
        self.expect("POST", "/v1/artifacts", 200, {"text": text, "quality": 40, "model": "stories260K.gguf"})
        sweep = self.expect("POST", "/v1/artifacts", 200, {"text": text, "sweep": True})
        self.assertEqual([r["quality"] for r in sweep["sweep"]], list(range(10, 101, 10)))
        self.expect("POST", "/v1/artifacts", 400, {"text": text, "quality": 0})
        self.expect("POST", "/v1/artifacts", 400, {"text": text, "sweep": "yes"})

    def test_check(self):
        answer = "The museum reopened in May 2021 after a renovation that cost 14 million euros."
        sources = ["The city museum closed in 2017.", "It reopened in May 2019 after a renovation of 12 million euros."]
        report = self.expect("POST", "/v1/check", 200, {"answer": answer, "sources": sources})
        self.assertGreaterEqual(report["counts"]["contradicted"], 2)
        self.expect("POST", "/v1/check", 200, {"answer": answer, "question": "When did it reopen?"})  # the store
        self.expect("POST", "/v1/check", 200, {"answer": answer, "sources": sources, "model": "stories260K.gguf"})
        self.expect("POST", "/v1/check", 400, {"answer": answer, "sources": "one"})
        self.expect("POST", "/v1/check", 400, {"answer": answer, "sources": [1]})
        self.expect("POST", "/v1/check", 400, {"sources": sources})
        self.expect("POST", "/v1/check", 422, {"answer": answer, "sources": ["   "]})

    def test_logprobs(self):
        self.expect("POST", "/v1/logprobs/map", 200, COMPLETION)
        self.expect("POST", "/v1/logprobs/map", 400, {"choices": []})
        self.expect("POST", "/v1/logprobs/map", 400, "[")

    def test_compress_and_decompress(self):
        data = ("It was the best of times, it was the worst of times. " * 40).encode()
        octets = "application/octet-stream"
        archive = self.expect("POST", "/v1/compress?compare=true", 200, data, octets)
        self.assertEqual(self.expect("POST", "/v1/decompress", 200, archive, octets), data)
        packed = self.expect("POST", "/v1/compress?model=stories260K.gguf&quality=60", 200, data, octets)
        self.expect("POST", "/v1/decompress", 200, packed, octets)
        self.expect("POST", "/v1/compress?quality=0", 400, data, octets)
        self.expect("POST", "/v1/compress?level=3", 400, data, octets)
        self.expect("POST", "/v1/compress?model=none", 422, data, octets)
        self.expect("POST", "/v1/compress", 415, data, "text/plain")
        self.expect("POST", "/v1/decompress", 422, b"LMZ not an archive", octets)
        self.expect("POST", "/v1/decompress", 422, archive[: len(archive) // 2], octets)
        self.expect("POST", "/v1/decompress", 415, archive, "application/json")

    def test_a_request_past_its_time_limit(self):
        slow = Server("--timeout", "1")
        try:
            text = "".join(f"Line {i}: the {i * 7919 % 1000}th word of a long text.\n" for i in range(60000))
            self.expect("POST", "/v1/map", 504, {"text": text}, server=slow)
            self.expect("GET", "/v1/health", 200, content_type=None, server=slow)
        finally:
            slow.stop()


if __name__ == "__main__":
    unittest.main()
