// Writes seed inputs for the model fuzzers into a folder: small GGUF models
// (with and without byte tokens, quantized) and LLM chunk payloads.
#include <cstdio>
#include <string>

#include "codec/llm_chunk_codec.h"
#include "core/file_io.h"
#include "llm/tiny_model.h"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: make_seeds FOLDER\n");
    return 2;
  }
  const std::string dir = argv[1];
  lmz::test::TinyModelSpec small;
  small.dim = 8;
  small.n_heads = 2;
  small.n_kv_heads = 1;
  small.ffn_dim = 16;
  small.n_layers = 1;
  small.byte_tokens = false;
  lmz::test::TinyModelSpec quantized;
  quantized.quantized = true;
  quantized.byte_tokens = false;
  quantized.n_layers = 1;
  const lmz::Status a = lmz::write_file(dir + "/small.gguf", lmz::test::tiny_model_gguf(small));
  const lmz::Status b = lmz::write_file(dir + "/quantized.gguf", lmz::test::tiny_model_gguf(quantized));
  const auto model = lmz::test::tiny_model();
  lmz::codec::LlmChunkCodec codec(*model, 16);
  const std::string text = "the cat and the dog, it is on the mat. caf\xc3\xa9 \xff";
  lmz::Bytes payload = codec.encode(lmz::ByteSpan(reinterpret_cast<const uint8_t*>(text.data()), text.size()));
  payload.insert(payload.begin(), {static_cast<uint8_t>(text.size()), 0});
  lmz::Bytes lossy = codec.encode_lossy(lmz::ByteSpan(reinterpret_cast<const uint8_t*>(text.data()), text.size()),
                                        lmz::codec::lambda_for_quality(30)).payload;
  lossy.insert(lossy.begin(), {static_cast<uint8_t>(text.size()), 0x80});
  const lmz::Status c = lmz::write_file(dir + "/payload", payload);
  const lmz::Status d = lmz::write_file(dir + "/lossy_payload", lossy);
  if (!a.ok() || !b.ok() || !c.ok() || !d.ok()) {
    std::fprintf(stderr, "make_seeds: cannot write into %s\n", dir.c_str());
    return 1;
  }
  return 0;
}
