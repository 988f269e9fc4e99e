// docs/openapi.yaml is a valid OpenAPI 3.1 document under the specification's
// own schema (tests/server/test_openapi.py checks the server's responses
// against it): what a client generator or a validator of another language
// reads without complaint.
//
//   node --test tests/browser/openapi_test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Validator } from '@seriousme/openapi-schema-validator';

const spec = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'docs', 'openapi.yaml');

test('docs/openapi.yaml is valid OpenAPI 3.1', async () => {
  const validator = new Validator();
  const result = await validator.validate(spec);
  assert.equal(validator.version, '3.1');
  assert.ok(result.valid, JSON.stringify(result.errors, null, 1));
});

test('a document missing a response description is refused', async () => {
  const validator = new Validator();
  const broken = {
    openapi: '3.1.0',
    info: { title: 't', version: '1' },
    paths: { '/x': { get: { responses: { 200: { content: {} } } } } },
  };
  assert.equal((await validator.validate(broken)).valid, false);
});
