// Tokenizes arbitrary bytes with tiny models of every byte-level BPE
// pre-tokenizer and of SentencePiece. The first byte chooses the model.
// Valid UTF-8 must decode back from its ids exactly; any bytes must come back
// exactly from the codec's token stream (llm/token_predictor.h); nothing may
// crash or hang (huge runs of spaces and digits included).
#include <cstddef>
#include <cstdint>
#include <string>

#include "core/utf8.h"
#include "llm/tiny_model.h"
#include "llm/token_predictor.h"

namespace {

const char* const kPre[] = {"gpt-2",     "llama-bpe", "qwen2",   "deepseek-llm", "deepseek-coder", "falcon",
                            "starcoder", "mpt",       "default", "smollm",       "refact",         ""};
constexpr size_t kModels = sizeof(kPre) / sizeof(kPre[0]);

const lmz::llm::LlamaModel& model(size_t i) {
  static const std::vector<std::shared_ptr<const lmz::llm::LlamaModel>> models = [] {
    std::vector<std::shared_ptr<const lmz::llm::LlamaModel>> out;
    for (const char* pre : kPre) {
      lmz::test::TinyModelSpec spec = lmz::test::smallest_model_spec();
      spec.bpe_pre = pre;
      out.push_back(lmz::test::tiny_model(spec));
    }
    return out;
  }();
  return *models[i];
}

bool valid_utf8(const std::string& s) {
  for (size_t i = 0; i < s.size();) {
    const size_t n = lmz::valid_utf8_length(s, i);
    if (n == 0) return false;
    i += n;
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  const lmz::llm::LlamaModel& m = model(data[0] % kModels);
  const std::string text(reinterpret_cast<const char*>(data + 1), size - 1);
  const lmz::llm::Tokenizer& t = m.tokenizer();
  const std::vector<int32_t> ids = t.encode(text);
  for (const int32_t id : ids) {
    if (id < 0 || id >= t.n_vocab()) __builtin_trap();
  }
  const bool bpe = !t.uses_space_mark();
  if (bpe && valid_utf8(text) && t.decode(ids) != text) __builtin_trap();
  lmz::llm::TokenPredictor predictor(m, 16);
  const lmz::llm::TokenStream stream = predictor.tokenize(lmz::ByteSpan(data + 1, size - 1));
  std::string spelled;
  for (const uint32_t s : stream.symbols) spelled += predictor.symbol_bytes(s);
  if (stream.space_prefix) spelled.erase(0, 1);
  if (spelled != text) __builtin_trap();
  return 0;
}
