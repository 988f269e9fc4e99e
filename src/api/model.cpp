#include <algorithm>

#include "api/model_state.h"
#include "codec/model_params.h"
#include "core/thread_pool.h"

namespace lmz {
namespace {

// A model's state: the built-in model's level, and a GGUF model (or none)
// with the window and threads asked for.
std::shared_ptr<Model::State> state_of(std::shared_ptr<const llm::LlamaModel> llm, const ModelOptions& options) {
  auto state = std::make_shared<Model::State>();
  if (options.level != 0) state->cm.level = options.level;
  state->llm = std::move(llm);
  state->ctx = options.ctx;
  state->threads = resolve_thread_count(options.threads);
  return state;
}

Status check_level(int level) {
  if (level == 0 || (level >= cm::CmParams::kMinLevel && level <= cm::CmParams::kMaxLevel)) return Status::success();
  return make_error(ErrorCode::kInvalidArgument, "level " + std::to_string(level) + " is out of range 1..9");
}

}  // namespace

Result<Model> Model::open(const std::string& spec, const ModelOptions& options) {
  LMZ_RETURN_IF_ERROR(check_level(options.level));
  if (options.threads < 0) return make_error(ErrorCode::kInvalidArgument, "a negative thread count");
  if (spec.empty() || spec == "cm")
    return Model(state_of(nullptr, {.ctx = 0, .level = options.level, .threads = options.threads}));
  if (options.ctx != 0 && (options.ctx < codec::kMinLlmContext || options.ctx > codec::kMaxLlmContext)) {
    return make_error(ErrorCode::kInvalidArgument, "context " + std::to_string(options.ctx) + " is out of range " +
                                                       std::to_string(codec::kMinLlmContext) + ".." +
                                                       std::to_string(codec::kMaxLlmContext));
  }
  LMZ_ASSIGN_OR_RETURN(std::unique_ptr<llm::LlamaModel> loaded, llm::LlamaModel::load(spec));
  return api::wrap(std::move(loaded), options);
}

Model Model::builtin(int level) {
  return Model(state_of(nullptr, {.ctx = 0, .level = check_level(level).ok() ? level : 0, .threads = 1}));
}

bool Model::is_builtin() const {
  return state_->llm == nullptr;
}

std::string Model::name() const {
  return state_->llm ? state_->llm->file_name() : "cm -" + std::to_string(state_->cm.level);
}

std::string Model::description() const {
  if (!state_->llm) return "";
  const llm::LlamaModel& m = *state_->llm;
  return std::string(m.architecture_name()) + ", " + m.tokenizer().kind_name() + " vocabulary of " +
         std::to_string(m.config().n_vocab) + ", weights " + m.weight_types();
}

uint32_t Model::context() const {
  if (!state_->llm) return 0;
  return state_->ctx != 0 ? state_->ctx : state_->llm->config().context_length;
}

int Model::level() const {
  return state_->cm.level;
}
int Model::threads() const {
  return state_->threads;
}

namespace api {

Model wrap(std::shared_ptr<const llm::LlamaModel> llm, const ModelOptions& options) {
  return Model::from_state(state_of(std::move(llm), options));
}

Result<uint32_t> window_of(const Model& model) {
  const uint32_t n_ctx = model.context();
  if (model.is_builtin()) return n_ctx;
  if (n_ctx < codec::kMinLlmContext || n_ctx > codec::kMaxLlmContext) {
    return make_error(ErrorCode::kInvalidArgument, model.name() + " declares a context of " + std::to_string(n_ctx) +
                                                       " positions; give one with --ctx");
  }
  return n_ctx;
}

Result<ground::CheckOptions> check_options(const Model& model, const std::string& question) {
  ground::CheckOptions options;
  options.question = question;
  options.level = model.level();
  options.threads = model.threads();
  if (!model.is_builtin()) {
    LMZ_ASSIGN_OR_RETURN(options.n_ctx, window_of(model));
    options.model = model.state().llm.get();
  }
  return options;
}

codec::CompressOptions codec_options(const Model& model, const CompressParams& params) {
  const Model::State& state = model.state();
  codec::CompressOptions c;
  c.cm = state.cm;
  c.llm_model = state.llm;
  c.llm_ctx = state.ctx;
  c.llm_mix = params.mix;
  c.compact = params.compact;
  c.quality = params.quality;
  if (state.llm && !params.mix) c.chunk_size = codec::kDefaultLlmChunkSize;
  if (params.chunk_size != 0) c.chunk_size = params.chunk_size;
  c.threads = state.threads;
  return c;
}

}  // namespace api
}  // namespace lmz
