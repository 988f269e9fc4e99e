// Parses arbitrary bytes as GGUF and, when they parse, builds the model and
// runs its tokenizer and (for small shapes) one forward step. Everything must
// either work or fail with an error.
#include <cstddef>
#include <cstdint>

#include "llm/llama_session.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  lmz::Result<lmz::llm::GgufFile> gguf = lmz::llm::GgufFile::parse(lmz::ByteSpan(data, size));
  if (!gguf.ok()) return 0;
  lmz::Result<std::unique_ptr<lmz::llm::LlamaModel>> model =
      lmz::llm::LlamaModel::from_bytes(lmz::Bytes(data, data + size), "fuzz.gguf");
  if (!model.ok()) return 0;
  const lmz::llm::LlamaModel& m = **model;
  const std::vector<int32_t> ids = m.tokenizer().encode("Hello w\xc3\xb6rld \xff!");
  (void)m.tokenizer().decode(ids);
  const lmz::llm::LlamaConfig& c = m.config();
  if (c.dim <= 256 && c.n_layers <= 4 && c.ffn_dim <= 1024 && c.n_vocab <= 4096) {
    lmz::llm::LlamaSession session(m, 16);
    std::vector<float> logits;
    (void)session.eval(ids.size() > 8 ? std::span<const int32_t>(ids).first(8) : std::span<const int32_t>(ids), logits,
                       true);
  }
  return 0;
}
