// What a public lmz::Model holds, and the rules every command and library
// call shares: how a model is loaded, which window it runs with, and the
// codec settings a compression gets. lmz's own components (the command,
// the bench runner, the server) reach the loaded model only through here.
#pragma once

#include <cstdint>
#include <memory>

#include "cm/cm_model.h"
#include "codec/stream_codec.h"
#include "core/cancel.h"
#include "ground/check.h"
#include "llm/llama_model.h"
#include "lmz/lmz.h"

struct lmz::Model::State {
  std::shared_ptr<const llm::LlamaModel> llm;  // null: the built-in model
  cm::CmParams cm;                             // the built-in model's level (alone or mixed)
  uint32_t ctx = 0;                            // as asked; 0: the file's own
  int threads = 1;                             // resolved: at least 1
};

namespace lmz::api {

// The one rule for a GGUF model's window: the context asked for, or else
// the one its file declares (Model::context()), within what the codec
// accepts. 0 for the built-in model.
Result<uint32_t> window_of(const Model& model);

// What lmz check runs with for `model`: its level, threads and window.
Result<ground::CheckOptions> check_options(const Model& model, const std::string& question);

// The codec's settings for compressing with `model` as `params` says: the
// same ones the command uses, so the same bytes.
codec::CompressOptions codec_options(const Model& model, const CompressParams& params);

// Runs `work` under `cancel`: its result, or kCancelled when the work was
// asked to stop before it ended (what it computed may be cut short).
template <class Work>
auto cancellable(const Cancel& cancel, Work&& work) -> decltype(work()) {
  CancelScope scope(cancel.get());
  auto result = work();
  if (cancel.requested()) return cancelled_error();
  return result;
}

// A model already loaded, as a Model (tests, and callers that build models in memory).
Model wrap(std::shared_ptr<const llm::LlamaModel> llm, const ModelOptions& options);

}  // namespace lmz::api
