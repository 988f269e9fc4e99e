// Writes seed inputs for the model fuzzers into a folder: small GGUF models
// (with and without byte tokens, quantized), LLM chunk payloads, and an
// archive of the built-in model whose one chunk declares the most bytes its
// 64-byte payload may code (the decoder must stop when the payload ends).
#include <cstdio>
#include <string>

#include "codec/container.h"
#include "codec/llm_chunk_codec.h"
#include "codec/model_params.h"
#include "core/checksum.h"
#include "core/file_io.h"
#include "llm/tiny_model.h"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: make_seeds FOLDER\n");
    return 2;
  }
  const std::string dir = argv[1];
  lmz::test::TinyModelSpec small = lmz::test::smallest_model_spec();
  small.byte_tokens = false;
  lmz::test::TinyModelSpec quantized;
  quantized.quantized = true;
  quantized.byte_tokens = false;
  quantized.n_layers = 1;
  lmz::test::TinyModelSpec bpe = small;
  bpe.bpe_pre = "llama-bpe";
  const lmz::Status a = lmz::write_file(dir + "/small.gguf", lmz::test::tiny_model_gguf(small));
  const lmz::Status a2 = lmz::write_file(dir + "/bpe.gguf", lmz::test::tiny_model_gguf(bpe));
  const lmz::Status b = lmz::write_file(dir + "/quantized.gguf", lmz::test::tiny_model_gguf(quantized));
  const auto model = lmz::test::tiny_model();
  lmz::codec::LlmChunkCodec codec(*model, 16);
  const std::string text = "the cat and the dog, it is on the mat. caf\xc3\xa9 \xff";
  lmz::Bytes payload = codec.encode(lmz::ByteSpan(reinterpret_cast<const uint8_t*>(text.data()), text.size()));
  payload.insert(payload.begin(), {static_cast<uint8_t>(text.size()), 0});
  lmz::Bytes lossy = codec
                         .encode_lossy(lmz::ByteSpan(reinterpret_cast<const uint8_t*>(text.data()), text.size()),
                                       lmz::codec::lambda_for_quality(30))
                         .payload;
  lossy.insert(lossy.begin(), {static_cast<uint8_t>(text.size()), 0x80});
  lmz::codec::LlmChunkCodec mixed_codec(*model, 16, 1, lmz::cm::CmParams{});
  lmz::Bytes mixed = mixed_codec.encode(lmz::ByteSpan(reinterpret_cast<const uint8_t*>(text.data()), text.size()));
  mixed.insert(mixed.begin(), {static_cast<uint8_t>(text.size()), 0x40});
  const lmz::Status c = lmz::write_file(dir + "/payload", payload);
  const lmz::Status c2 = lmz::write_file(dir + "/mixed_payload", mixed);
  const lmz::Status d = lmz::write_file(dir + "/lossy_payload", lossy);
  lmz::codec::FileHeader header;
  header.version = 2;
  header.single_chunk = true;
  header.chunk_size = 1u << 30;
  lmz::cm::CmParams params;
  params.level = 9;
  header.model_params = lmz::codec::encode_cm_params(params);
  lmz::Bytes bomb;
  lmz::codec::write_header(header, bomb);
  lmz::Bytes bomb_payload(64);
  for (size_t i = 0; i < bomb_payload.size(); ++i) bomb_payload[i] = static_cast<uint8_t>(i * 37 + 11);
  lmz::codec::ChunkInfo chunk;
  chunk.original_bytes = static_cast<uint32_t>(lmz::codec::max_cm_chunk_bytes(bomb_payload.size()));
  chunk.compressed_bytes = static_cast<uint32_t>(bomb_payload.size());
  chunk.payload_checksum = lmz::xxh64(bomb_payload);
  lmz::codec::write_chunk_frame_header(chunk, bomb);
  bomb.insert(bomb.end(), bomb_payload.begin(), bomb_payload.end());
  const lmz::Status e = lmz::write_file(dir + "/bomb.lmz", bomb);
  if (!a.ok() || !a2.ok() || !b.ok() || !c.ok() || !c2.ok() || !d.ok() || !e.ok()) {
    std::fprintf(stderr, "make_seeds: cannot write into %s\n", dir.c_str());
    return 1;
  }
  return 0;
}
