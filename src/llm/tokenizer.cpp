#include "llm/tokenizer.h"

#include "llm/bpe_tokenizer.h"
#include "llm/spm_tokenizer.h"

namespace lmz::llm {

Result<std::unique_ptr<Tokenizer>> load_tokenizer(const GgufFile& file) {
  Result<std::string_view> model = file.get_string("tokenizer.ggml.model");
  if (!model.ok()) return model.status();
  if (*model == "llama") {
    Result<std::unique_ptr<SpmTokenizer>> spm = SpmTokenizer::from_gguf(file);
    if (!spm.ok()) return spm.status();
    return std::unique_ptr<Tokenizer>(std::move(*spm));
  }
  if (*model == "gpt2") {
    Result<std::unique_ptr<BpeTokenizer>> bpe = BpeTokenizer::from_gguf(file);
    if (!bpe.ok()) return bpe.status();
    return std::unique_ptr<Tokenizer>(std::move(*bpe));
  }
  return make_error(ErrorCode::kUnsupportedModel,
                    "tokenizer '" + std::string(*model) +
                        "' is not supported (lmz reads 'llama', SentencePiece, and 'gpt2', byte-level BPE)");
}

}  // namespace lmz::llm
