// Feeds arbitrary payloads to the LLM chunk decoders (lossless, lossy and
// mixed) of a tiny random model. The first two bytes choose the output size
// and, by the top two bits, which decoder; decoding must end with a result or
// an error, never a crash or a hang.
#include <cstddef>
#include <cstdint>

#include "codec/llm_chunk_codec.h"
#include "llm/tiny_model.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const std::shared_ptr<const lmz::llm::LlamaModel> model = lmz::test::tiny_model();
  static lmz::codec::LlmChunkCodec codec(*model, 16);
  static lmz::codec::LlmChunkCodec mixed(*model, 16, 1, lmz::cm::CmParams{});
  if (size < 2) return 0;
  const size_t n_bytes = 1 + (data[0] | (data[1] << 8)) % 2048;
  lmz::Bytes out;
  const lmz::ByteSpan payload(data + 2, size - 2);
  if ((data[1] & 0xc0) == 0x40) {
    (void)mixed.decode(payload, n_bytes, out);
  } else if (data[1] & 0x80) {
    (void)codec.decode_lossy(payload, n_bytes, out);
  } else {
    (void)codec.decode(payload, n_bytes, out);
  }
  if (out.size() > n_bytes) __builtin_trap();
  return 0;
}
