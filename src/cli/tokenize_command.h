// lmz tokenize: a text's tokens under a GGUF model's tokenizer, as ids or
// as pieces.
#pragma once

#include "cli/options.h"

namespace lmz::cli {

int run_tokenize(const Options& options);

}  // namespace lmz::cli
