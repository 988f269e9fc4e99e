// The one way the command loads a model: a spec ("cm", "" or a GGUF path)
// with the options that shape it (--ctx, the level, -T), through the
// library's lmz::Model.
#pragma once

#include <string>

#include "cli/options.h"
#include "lmz/lmz.h"

namespace lmz::cli {

Result<Model> open_model(const Options& o, const std::string& spec);

}  // namespace lmz::cli
