#include "llm/tokenizer.h"

#include "llm/bpe_tokenizer.h"
#include "llm/spm_tokenizer.h"

namespace lmz::llm {

Result<std::unique_ptr<Tokenizer>> load_tokenizer(const GgufFile& file) {
  LMZ_ASSIGN_OR_RETURN(std::string_view model, file.get_string("tokenizer.ggml.model"));
  if (model == "llama") {
    LMZ_ASSIGN_OR_RETURN(std::unique_ptr<SpmTokenizer> spm, SpmTokenizer::from_gguf(file));
    return std::unique_ptr<Tokenizer>(std::move(spm));
  }
  if (model == "gpt2") {
    LMZ_ASSIGN_OR_RETURN(std::unique_ptr<BpeTokenizer> bpe, BpeTokenizer::from_gguf(file));
    return std::unique_ptr<Tokenizer>(std::move(bpe));
  }
  return make_error(ErrorCode::kUnsupportedModel,
                    "tokenizer '" + std::string(model) +
                        "' is not supported (lmz reads 'llama', SentencePiece, and 'gpt2', byte-level BPE)");
}

}  // namespace lmz::llm
