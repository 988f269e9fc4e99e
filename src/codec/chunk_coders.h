// The two coders of a chunk behind the seam of model/chunk_coder.h: the
// built-in model's and a token model's, and their per-thread slots.
#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <vector>

#include "codec/cm_chunk_codec.h"
#include "codec/llm_chunk_codec.h"
#include "codec/lossy.h"
#include "codec/model_params.h"
#include "model/chunk_coder.h"

namespace lmz::codec {

using lmz::ChunkCoder;  // the seam (model/chunk_coder.h)

// The built-in model, rebuilt when a chunk's size calls for other table
// sizes and reset otherwise.
class CmChunkCoder final : public ChunkCoder {
 public:
  CmChunkCoder(const cm::CmParams& params, std::atomic<uint64_t>* work_done) : base_(params), work_done_(work_done) {}
  Bytes encode(ByteSpan input) override { return cm_encode(fresh(input.size()), input, work_done_); }
  LossyChunk encode_lossy(ByteSpan input, double lambda) override {
    LossyChunk coded = cm_encode_lossy(fresh(input.size()), input, lambda);
    // The decoder sizes its model by the reconstruction, which a guessed word
    // can make longer or shorter than the input: code it again if that calls
    // for other tables (the lossy stream is a lossless one of the reconstruction).
    const cm::CmParams used = current_;
    if (coded.reconstruction.size() != input.size() && !(base_.sized_for(coded.reconstruction.size()) == used)) {
      coded.payload = cm_encode(fresh(coded.reconstruction.size()), coded.reconstruction);
    }
    pad_cm_payload(coded.payload, coded.reconstruction.size());
    return coded;
  }
  Status decode(ByteSpan payload, size_t n_bytes, Bytes& out) override {
    // The frame's size is bounded by its payload's (max_cm_chunk_bytes).
    out.resize(n_bytes);
    return cm_decode(fresh(n_bytes), payload, out, work_done_);
  }

 private:
  cm::CmModel& fresh(uint64_t chunk_bytes) {
    const cm::CmParams wanted = base_.sized_for(chunk_bytes);
    if (!model_ || !(current_ == wanted)) {
      model_.reset();
      model_ = std::make_unique<cm::CmModel>(wanted);
      current_ = wanted;
    } else {
      model_->reset();
    }
    return *model_;
  }
  cm::CmParams base_;
  cm::CmParams current_;
  std::unique_ptr<cm::CmModel> model_;
  std::atomic<uint64_t>* work_done_;
};

class LlmChunkCoder final : public ChunkCoder {
 public:
  LlmChunkCoder(std::shared_ptr<const llm::LlamaModel> model, const LlmParams& params, bool lossy,
                std::atomic<uint64_t>* work_done = nullptr, int threads = 1, AloneAllowance alone_allowance = {})
      : model_(std::move(model)),
        lossy_(lossy),
        codec_(*model_, params.n_ctx, threads, params.mix, params.window, params.activations, params.mix_revision) {
    codec_.set_progress(work_done);
    codec_.set_alone_allowance(alone_allowance);
  }
  Bytes encode(ByteSpan input) override { return codec_.encode(input); }
  LossyChunk encode_lossy(ByteSpan input, double lambda) override { return codec_.encode_lossy(input, lambda); }
  Status decode(ByteSpan payload, size_t n_bytes, Bytes& out) override {
    return lossy_ ? codec_.decode_lossy(payload, n_bytes, out) : codec_.decode(payload, n_bytes, out);
  }

 private:
  std::shared_ptr<const llm::LlamaModel> model_;
  bool lossy_;
  LlmChunkCodec codec_;
};

using CoderFactory = std::function<std::unique_ptr<ChunkCoder>()>;

// One coder per worker thread, made on first use.
class CoderSlots {
 public:
  CoderSlots(int n, CoderFactory factory) : slots_(n), factory_(std::move(factory)) {}
  ChunkCoder& get(int worker) {
    if (!slots_[worker]) slots_[worker] = factory_();
    return *slots_[worker];
  }

 private:
  std::vector<std::unique_ptr<ChunkCoder>> slots_;
  CoderFactory factory_;
};

// Lossy coding whose size never grows as the quality falls. The closed loop
// can make a model's later predictions cost more than an alteration saved,
// so each chunk takes the smallest of: its lossy coding at the quality asked
// for, for the built-in model also at every multiple of 10 above it (cheap
// for that model, and it makes sizes non-increasing along 10, 20, ..., 100),
// and its lossless coding. A token model's lossless chunk is marked in the
// payload's flags (bit 1); the built-in model's lossy stream is a lossless
// stream already.
LossyChunk encode_lossy_smallest(ChunkCoder& coder, ByteSpan input, int quality, bool token_model);

}  // namespace lmz::codec
