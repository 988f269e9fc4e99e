#include "cli/open_model.h"

namespace lmz::cli {

Result<Model> open_model(const Options& o, const std::string& spec) {
  ModelOptions options;
  options.ctx = o.ctx;
  options.level = o.level;
  options.threads = o.threads;
  return Model::open(spec, options);
}

}  // namespace lmz::cli
