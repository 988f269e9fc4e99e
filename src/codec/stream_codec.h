// Whole-stream compression and decompression through the .lmz container.
//
// Input is cut into chunks of at most `chunk_size` bytes; chunks are coded
// independently, by as many worker threads as asked, and written in order.
// At most two chunks per thread are in flight, so memory stays bounded for
// inputs of any size, from pipes as well as files. Output is identical for
// every thread count.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "cm/cm_model.h"
#include "codec/container.h"
#include "codec/lossy.h"
#include "codec/model_params.h"
#include "core/file_io.h"
#include "llm/llama_model.h"
#include "lmz/status.h"

namespace lmz::codec {

inline constexpr uint32_t kDefaultChunkSize = 4u << 20;
// Token models restart their context at each chunk; smaller chunks than the
// built-in model's still cost little and let threads share the work.
inline constexpr uint32_t kDefaultLlmChunkSize = 64u << 10;

// Called after each chunk with the input and output bytes so far.
using ProgressFn = std::function<void(uint64_t bytes_in, uint64_t bytes_out)>;
// Receives output bytes in order.
using SinkFn = std::function<Status(ByteSpan)>;
// Reads up to n bytes into data; returns fewer only at the end of the input.
using SourceFn = std::function<Result<size_t>(uint8_t* data, size_t n)>;

SourceFn source_of(InputFile& in);
SourceFn source_of(ByteSpan data);  // `data` must outlive the source
SinkFn sink_of(OutputFile& out);
SinkFn sink_into(Bytes& out);  // appends; `out` must outlive the sink

struct CompressOptions {
  cm::CmParams cm;
  // When set, chunks are coded with this model instead of the built-in one.
  std::shared_ptr<const llm::LlamaModel> llm_model;
  uint32_t llm_ctx = 0;  // sliding window in positions; 0 = the file's context length
  // With llm_model: code mixed with the built-in model of `cm`'s level (mix/mixed_token_coder.h).
  bool llm_mix = false;
  // The mixed coding's revision; Revision::kFirst writes what lmz before mode bit 4 reads.
  mix::Revision llm_mix_revision = mix::kRevision;
  // How the model's window moves on when full (llm/token_predictor.h);
  // kRestart writes what the LLM codec's revision 1 reads.
  llm::Window llm_window = llm::Window::kSlide;
  // The model's products (llm/int8_kernels.h); kFloat writes archives that
  // lmz before 8-bit inputs reads.
  llm::Activations llm_activations = llm::Activations::kInt8;
  // An input of at most 65,535 bytes is written in the compact form (format
  // version 4); false keeps the form of version 1-3 readers.
  bool compact = true;
  // 100: lossless. Below: lossy (codec/lossy.h), the archive decodes to a reconstruction.
  int quality = 100;
  uint32_t chunk_size = kDefaultChunkSize;
  int threads = 1;
  ProgressFn progress;
  // When set, counts the input bytes coded as chunks progress (not only as
  // they finish): for a progress line that moves within a long chunk.
  std::atomic<uint64_t>* work_done = nullptr;
};

struct DecompressOptions {
  int threads = 1;
  // The model an LLM-coded archive needs: given loaded, or a path to load.
  std::shared_ptr<const llm::LlamaModel> llm_model;
  std::string model_path;
  ProgressFn progress;
  std::atomic<uint64_t>* work_done = nullptr;  // bytes decoded so far, within chunks too
};

struct StreamStats {
  uint64_t bytes_in = 0;
  uint64_t bytes_out = 0;
};

// What lmz -l shows. A stream of concatenated archives is read whole: the
// header, model and parameters are the first archive's, sizes and counts
// the sums over all of them.
struct ArchiveInfo {
  uint64_t members = 0;  // concatenated archives
  // The input's size: a lossless archive's original; a lossy one's from its
  // header (format version 3), unknown for older lossy archives.
  uint64_t input_bytes = 0;
  bool input_bytes_known = true;
  FileHeader header;
  cm::CmParams cm;
  std::optional<LlmParams> llm;
  // LLM archives: over the modelled chunks, the bytes the coder wrote (each
  // payload less its header), the model's ideal code length (sum of -log2 p
  // of the coded tokens) and the frequency tables' (what an ideal coder of
  // the integer tables would write).
  uint64_t modelled_payload_bytes = 0;
  double ideal_bits = 0.0;
  double table_bits = 0.0;
  ChunkTable table;
  uint64_t archive_bytes = 0;
};

Result<StreamStats> compress_stream(const SourceFn& in, const SinkFn& out, const CompressOptions& options);
// `out` may be empty: then the archive is only verified (lmz -t).
// Concatenated archives decode to the concatenation of their contents.
Result<StreamStats> decompress_stream(const SourceFn& in, const SinkFn& out, const DecompressOptions& options);
// Reads the structure (header, frames, table, trailer) without decoding.
// For LLM archives it also reads each payload's recorded code lengths.
Result<ArchiveInfo> read_archive_info(const SourceFn& in);

// A lossy coding of `input` at options.quality, chunk by chunk on one
// thread, kept whole for inspection (lmz artifacts): the reconstruction, each
// token in the input and in the reconstruction, and the payload bytes the
// archive would hold.
struct LossyTrial {
  Bytes reconstruction;
  std::vector<LossyToken> tokens;
  uint64_t payload_bytes = 0;
};
Result<LossyTrial> lossy_trial(ByteSpan input, const CompressOptions& options);

// In-memory forms, for tests and library users.
Result<Bytes> compress_bytes(ByteSpan input, const CompressOptions& options);
Result<Bytes> decompress_bytes(ByteSpan archive, const DecompressOptions& options);

}  // namespace lmz::codec
