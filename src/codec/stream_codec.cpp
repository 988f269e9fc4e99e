#include "codec/stream_codec.h"

#include <algorithm>
#include <atomic>
#include <deque>
#include <future>
#include <memory>
#include <vector>

#include "codec/archive_reader.h"
#include "codec/chunk_coders.h"
#include "codec/compact_archive.h"
#include "codec/llm_chunk_codec.h"
#include "codec/lossy.h"
#include "codec/model_params.h"
#include "core/cancel.h"
#include "core/checksum.h"
#include "core/thread_pool.h"

namespace lmz::codec {
namespace {

// A one-chunk archive whose chunk the token model does not code (stored, or
// left by the mixed coding to the built-in model alone) becomes the built-in
// model's archive: the same payload less the token model's header, 90 to 110
// bytes of container fewer, and it decodes without the GGUF model.
void as_built_in_model(FileHeader& header, ChunkInfo& info, Bytes& payload, const cm::CmParams& cm,
                       const std::optional<LlmParams>& llm) {
  if (header.model != ModelKind::kLlm) return;
  if (info.method == ChunkMethod::kStored) {
    header.model = ModelKind::kCm;
    header.model_params = encode_cm_params(cm);
    return;
  }
  const std::optional<size_t> stream = LlmChunkCodec::built_in_stream(payload);
  if (!llm || !llm->mix || !stream) return;
  header.model = ModelKind::kCm;
  header.model_params = encode_cm_params(*llm->mix);
  payload.erase(payload.begin(), payload.begin() + static_cast<std::ptrdiff_t>(*stream));
  info.compressed_bytes = static_cast<uint32_t>(payload.size());
  info.payload_checksum = xxh64(payload);
}

// A one-chunk mixed archive whose chunk the token model coded alone becomes
// the token model's unmixed archive (in the compact form, byte for byte what
// --no-mix writes): the built-in model's parameters leave the header, the
// payload's flag goes.
void as_token_model_alone(FileHeader& header, ChunkInfo& info, Bytes& payload, const std::optional<LlmParams>& llm) {
  if (header.model != ModelKind::kLlm || info.method == ChunkMethod::kStored || !llm || !llm->mix) return;
  if (!LlmChunkCodec::unmix_model_alone(payload)) return;
  LlmParams alone = *llm;
  alone.mix.reset();
  header.model_params = header.compact ? encode_llm_params_compact(alone) : encode_llm_params(alone);
  info.payload_checksum = xxh64(payload);
}

// Threads for each chunk's model evaluation: all of them for a one-chunk
// archive, else one, the chunks themselves running on the threads (never
// more threads than asked).
int threads_per_llm_chunk(int threads, bool single_chunk) {
  return single_chunk ? threads : 1;
}

Result<LlmParams> llm_params_of(const FileHeader& header) {
  return header.compact ? decode_llm_params_compact(header.model_params) : decode_llm_params(header.model_params);
}

// The model an archive names, for messages: its file name and hash, or in
// the compact form the first bytes of its hash.
std::string describe_model(const LlmParams& params) {
  const std::string hash = to_hex(params.model_sha256).substr(0, 2 * params.model_hash_bytes);
  if (params.model_name.empty()) return "the model whose SHA-256 begins " + hash;
  return "the model '" + params.model_name + "' (SHA-256 " + hash + ")";
}

// The coder factory an archive's header calls for, with the model checked.
Result<CoderFactory> decoder_factory(const FileHeader& header, const DecompressOptions& options) {
  if (header.model == ModelKind::kCm) {
    LMZ_ASSIGN_OR_RETURN(cm::CmParams params, decode_cm_params(header.model_params));
    const cm::CmParams cm = params;
    std::atomic<uint64_t>* work_done = options.work_done;
    return CoderFactory([cm, work_done] { return std::make_unique<CmChunkCoder>(cm, work_done); });
  }
  LMZ_ASSIGN_OR_RETURN(LlmParams params, llm_params_of(header));
  const std::string wanted = describe_model(params);
  std::shared_ptr<const llm::LlamaModel> model = options.llm_model;
  if (!model) {
    if (options.model_path.empty()) {
      return make_error(ErrorCode::kModelMismatch,
                        "this archive was compressed with " + wanted + "; give it with --model or LMZ_MODEL");
    }
    LMZ_ASSIGN_OR_RETURN(std::unique_ptr<llm::LlamaModel> loaded, llm::LlamaModel::load(options.model_path));
    model = std::move(loaded);
  }
  if (!llm_params_name_model(params, model->file_sha256())) {
    return make_error(ErrorCode::kModelMismatch, "wrong model: " + model->name() + " has SHA-256 " +
                                                     to_hex(model->file_sha256()) + ", the archive needs " + wanted);
  }
  if (!llm_params_name(params, model->file_sha256(), model->tokenizer().identity())) {
    return make_error(ErrorCode::kModelMismatch,
                      "the model's tokenizer differs from the one the archive was made with");
  }
  const LlmParams coding = params;
  const bool lossy = header.lossy;
  std::atomic<uint64_t>* work_done = options.work_done;
  const int inner = threads_per_llm_chunk(resolve_thread_count(options.threads), header.single_chunk);
  return CoderFactory([model, coding, lossy, work_done, inner] {
    return std::make_unique<LlmChunkCoder>(model, coding, lossy, work_done, inner);
  });
}

}  // namespace

namespace {

struct EncodedChunk {
  ChunkInfo info;
  Bytes payload;
  Bytes stored;                          // what decodes: kept only when storing beats the model
  std::shared_ptr<const Bytes> content;  // what the decoder will output (the input, or a reconstruction)
  uint64_t input_bytes = 0;
};

struct DecodedChunk {
  Status status;
  Bytes data;
};

}  // namespace

SourceFn source_of(InputFile& in) {
  return [&in](uint8_t* data, size_t n) { return in.read(data, n); };
}

SourceFn source_of(ByteSpan data) {
  auto pos = std::make_shared<size_t>(0);
  return [data, pos](uint8_t* out, size_t n) -> Result<size_t> {
    const size_t take = std::min(n, data.size() - *pos);
    std::copy_n(data.data() + *pos, take, out);
    *pos += take;
    return take;
  };
}

SinkFn sink_of(OutputFile& out) {
  return [&out](ByteSpan data) { return out.write(data); };
}

SinkFn sink_into(Bytes& out) {
  return [&out](ByteSpan data) {
    out.insert(out.end(), data.begin(), data.end());
    return Status::success();
  };
}

Result<StreamStats> compress_stream(const SourceFn& in, const SinkFn& out, const CompressOptions& options) {
  if (options.chunk_size < kMinChunkSize || options.chunk_size > kMaxChunkSize) {
    return make_error(ErrorCode::kInvalidArgument, "chunk size must be within " + std::to_string(kMinChunkSize) + ".." +
                                                       std::to_string(kMaxChunkSize) + " bytes");
  }
  const int threads = resolve_thread_count(options.threads);
  if (options.quality < kMinQuality || options.quality > kMaxQuality) {
    return make_error(ErrorCode::kInvalidArgument, "quality must be within 1..100");
  }
  const bool lossy = options.quality < kMaxQuality;
  const int quality = options.quality;
  FileHeader header;
  header.chunk_size = options.chunk_size;
  header.lossy = lossy;
  header.quality = static_cast<uint8_t>(lossy ? options.quality : 100);
  const bool token_model = options.llm_model != nullptr;
  // A reconstruction may be longer than its input chunk (a token model's
  // tokens, the built-in model's guessed words).
  if (lossy) header.chunk_size = std::min<uint64_t>(kMaxChunkSize, uint64_t{16} * options.chunk_size);
  CoderFactory factory;
  int llm_inner_threads = 1;       // set when the first chunk has told whether it is the only one
  AloneAllowance alone_allowance;  // likewise (LlmChunkCodec::set_alone_allowance)
  std::optional<LlmParams> llm_params;
  if (options.llm_model) {
    std::shared_ptr<const llm::LlamaModel> model = options.llm_model;
    LlmParams& params = llm_params.emplace();
    params.model_sha256 = model->file_sha256();
    params.tokenizer_id = model->tokenizer().identity();
    params.n_ctx = options.llm_ctx != 0 ? options.llm_ctx : model->config().context_length;
    params.model_name = model->file_name();
    if (options.llm_mix) params.mix = options.cm;
    params.mix_revision = options.llm_mix_revision;
    params.window = options.llm_window;
    // The weakest arithmetic that computes the same (so that archives of a
    // model without k-quants stay readable by older readers).
    params.activations = std::min(options.llm_activations, llm::int8_activations(*model));
    if (params.n_ctx < kMinLlmContext || params.n_ctx > kMaxLlmContext) {
      return make_error(ErrorCode::kInvalidArgument, "context length " + std::to_string(params.n_ctx) +
                                                         " is out of range " + std::to_string(kMinLlmContext) + ".." +
                                                         std::to_string(kMaxLlmContext));
    }
    header.model = ModelKind::kLlm;
    header.model_params = encode_llm_params(params);
    const LlmParams coding = params;
    std::atomic<uint64_t>* work_done = lossy ? nullptr : options.work_done;
    factory = [model, coding, work_done, &llm_inner_threads, &alone_allowance] {
      return std::make_unique<LlmChunkCoder>(model, coding, false, work_done, llm_inner_threads, alone_allowance);
    };
  } else {
    header.model_params = encode_cm_params(options.cm);
    const cm::CmParams cm = options.cm;
    std::atomic<uint64_t>* work_done = lossy ? nullptr : options.work_done;
    factory = [cm, work_done] { return std::make_unique<CmChunkCoder>(cm, work_done); };
  }
  // The first chunk is read before the header: an input that fits in one
  // chunk is written in the single-chunk form (format version 2), with no
  // table or trailer. A lossy coding reads all of its input first, so that
  // its header can record the input's size (version 3): the archive decodes
  // to a reconstruction, which tells nothing of it.
  std::deque<std::shared_ptr<Bytes>> ahead;
  uint64_t read_ahead = 0;
  for (;;) {
    auto data = std::make_shared<Bytes>(options.chunk_size);
    LMZ_ASSIGN_OR_RETURN(size_t got, in(data->data(), data->size()));
    data->resize(got);
    read_ahead += got;
    const bool full = got == options.chunk_size;
    if (got > 0) ahead.push_back(std::move(data));
    if (!full || !lossy) break;
  }
  header.single_chunk = ahead.size() == 1 && ahead.front()->size() < options.chunk_size;
  llm_inner_threads = threads_per_llm_chunk(threads, header.single_chunk || (lossy && ahead.size() <= 1));
  header.has_input_bytes = lossy;
  header.input_bytes = read_ahead;
  header.version = lossy ? 3 : header.single_chunk ? 2 : 1;
  // A short input: the compact form (version 4), written whole at the end.
  header.compact = options.compact && (ahead.empty() || header.single_chunk) && read_ahead <= kMaxCompactInput;
  Bytes buffer;
  if (header.compact) {
    header.version = kCompactVersion;
    header.single_chunk = true;
    if (llm_params) header.model_params = encode_llm_params_compact(*llm_params);
  }
  // A one-chunk archive's header waits for its chunk (as_built_in_model).
  const bool header_after_chunk = header.single_chunk;
  if (header_after_chunk && llm_params && llm_params->mix) {
    // What the built-in model's archive saves: the token model's parameters
    // and its payload header (in the compact form, only the flags byte).
    auto params_bytes = [&](const LlmParams& params) {
      return header.compact ? encode_llm_params_compact(params).size() : encode_llm_params(params).size();
    };
    const size_t payload_header = header.compact ? 1 : kLlmPayloadHeaderBytes;
    alone_allowance.built_in = params_bytes(*llm_params) + payload_header - encode_cm_params(*llm_params->mix).size();
    // What the unmixed token model's archive saves: the built-in model's parameters.
    LlmParams unmixed = *llm_params;
    unmixed.mix.reset();
    alone_allowance.token_model = params_bytes(*llm_params) - params_bytes(unmixed);
  }
  if (!header_after_chunk) {
    write_header(header, buffer);
    LMZ_RETURN_IF_ERROR(out(buffer));
  }

  StreamStats stats;
  stats.bytes_out = buffer.size();
  ChunkTable table;
  Xxh64Stream content_hash;
  CoderSlots coders(threads, factory);
  ThreadPool pool(threads);
  std::deque<std::future<EncodedChunk>> pending;

  auto write_next = [&]() -> Status {
    EncodedChunk chunk = pending.front().get();
    pending.pop_front();
    if (stop_requested()) return cancelled_error();  // the chunk may be cut short
    content_hash.update(*chunk.content);
    buffer.clear();
    if (header_after_chunk) {
      if (!lossy) {
        as_built_in_model(header, chunk.info, chunk.payload, options.cm, llm_params);
        as_token_model_alone(header, chunk.info, chunk.payload, llm_params);
      }
      if (!header.compact) write_header(header, buffer);
    }
    const Bytes& payload = chunk.info.method == ChunkMethod::kStored ? chunk.stored : chunk.payload;
    if (header.compact) {
      buffer = write_compact_archive(header, &chunk.info, payload, *chunk.content);
      LMZ_RETURN_IF_ERROR(out(buffer));
      stats.bytes_out += buffer.size();
    } else {
      write_chunk_frame_header(chunk.info, buffer);
      LMZ_RETURN_IF_ERROR(out(buffer));
      LMZ_RETURN_IF_ERROR(out(payload));
      stats.bytes_out += buffer.size() + payload.size();
    }
    stats.bytes_in += chunk.input_bytes;
    table.chunks.push_back(chunk.info);
    if (options.progress) options.progress(stats.bytes_in, stats.bytes_out);
    return Status::success();
  };

  for (bool input_ended = false;;) {
    std::shared_ptr<Bytes> data;
    if (!ahead.empty()) {
      data = std::move(ahead.front());
      ahead.pop_front();
    } else {
      if (input_ended || header.single_chunk || lossy) break;
      data = std::make_shared<Bytes>(options.chunk_size);
      LMZ_ASSIGN_OR_RETURN(size_t got, in(data->data(), data->size()));
      data->resize(got);
    }
    const size_t got = data->size();
    if (got == 0) break;
    pending.push_back(pool.submit([data, &coders, lossy, quality, token_model](int worker) {
      EncodedChunk chunk;
      std::shared_ptr<const Bytes> content = data;
      if (lossy) {
        LossyChunk coded = encode_lossy_smallest(coders.get(worker), *data, quality, token_model);
        chunk.payload = std::move(coded.payload);
        content = std::make_shared<const Bytes>(std::move(coded.reconstruction));
      } else {
        chunk.payload = coders.get(worker).encode(*data);
      }
      chunk.content = content;
      chunk.input_bytes = data->size();
      chunk.info.original_bytes = static_cast<uint32_t>(content->size());
      chunk.info.checksum = xxh64(*content);
      if (chunk.payload.size() < content->size()) {
        chunk.info.method = ChunkMethod::kModel;
        chunk.info.compressed_bytes = static_cast<uint32_t>(chunk.payload.size());
      } else {
        chunk.info.method = ChunkMethod::kStored;
        chunk.info.compressed_bytes = chunk.info.original_bytes;
        chunk.stored = *content;
        chunk.payload.clear();
      }
      chunk.info.payload_checksum =
          chunk.info.method == ChunkMethod::kStored ? chunk.info.checksum : xxh64(chunk.payload);
      return chunk;
    }));
    if (pending.size() >= static_cast<size_t>(2 * threads)) LMZ_RETURN_IF_ERROR(write_next());
    if (got < options.chunk_size) input_ended = true;
  }
  while (!pending.empty()) LMZ_RETURN_IF_ERROR(write_next());
  if (header.compact && table.chunks.empty()) {
    // An empty input needs no model to decode.
    header.model = ModelKind::kCm;
    header.model_params = encode_cm_params(options.cm);
    buffer = write_compact_archive(header, nullptr, {}, {});
    LMZ_RETURN_IF_ERROR(out(buffer));
    stats.bytes_out += buffer.size();
  }
  if (header.single_chunk) return stats;

  table.total_bytes = 0;
  for (const ChunkInfo& c : table.chunks) table.total_bytes += c.original_bytes;
  table.content_checksum = content_hash.digest();
  buffer.clear();
  write_table(table, buffer);
  Trailer trailer{stats.bytes_out, buffer.size()};
  write_trailer(trailer, buffer);
  LMZ_RETURN_IF_ERROR(out(buffer));
  stats.bytes_out += buffer.size();
  return stats;
}

namespace {

// Decodes the archive `reader` starts on, adding to `stats`.
Status decompress_member(ArchiveReader& reader, const SinkFn& sink, const DecompressOptions& options,
                         uint64_t base_offset, StreamStats& stats) {
  FileHeader header;
  LMZ_RETURN_IF_ERROR(reader.read_header(header));
  LMZ_ASSIGN_OR_RETURN(CoderFactory factory, decoder_factory(header, options));

  const int threads = resolve_thread_count(options.threads);
  CoderSlots coders(threads, factory);
  ThreadPool pool(threads);
  std::deque<std::future<DecodedChunk>> pending;
  Xxh64Stream content_hash;
  uint64_t bytes_out = 0;

  auto write_next = [&]() -> Status {
    DecodedChunk chunk = pending.front().get();
    pending.pop_front();
    LMZ_RETURN_IF_ERROR(chunk.status);
    content_hash.update(chunk.data);
    if (sink) LMZ_RETURN_IF_ERROR(sink(chunk.data));
    bytes_out += chunk.data.size();
    if (options.progress) options.progress(base_offset + reader.offset(), stats.bytes_out + bytes_out);
    return Status::success();
  };

  for (uint64_t index = 0;; ++index) {
    ChunkInfo info;
    auto payload = std::make_shared<Bytes>();
    bool done = false;
    LMZ_RETURN_IF_ERROR(reader.next_chunk(info, payload.get(), done));
    if (done) break;
    const uint64_t mask = checksum_mask(header);
    pending.push_back(pool.submit([info, payload, index, mask, &coders](int worker) {
      DecodedChunk chunk;
      if (info.method == ChunkMethod::kStored) {
        chunk.data = std::move(*payload);
      } else {
        chunk.status = coders.get(worker).decode(*payload, info.original_bytes, chunk.data);
      }
      if (chunk.status.ok() && (xxh64(chunk.data) & mask) != info.checksum) {
        chunk.status = make_error(ErrorCode::kChecksumMismatch,
                                  "chunk " + std::to_string(index) + ": checksum mismatch (the archive is corrupt)");
      }
      return chunk;
    }));
    if (pending.size() >= static_cast<size_t>(2 * threads)) LMZ_RETURN_IF_ERROR(write_next());
  }
  while (!pending.empty()) LMZ_RETURN_IF_ERROR(write_next());

  const ChunkTable& table = reader.table();
  if (bytes_out != table.total_bytes || (content_hash.digest() & checksum_mask(header)) != table.content_checksum) {
    return make_error(ErrorCode::kChecksumMismatch, "whole-file checksum mismatch (the archive is corrupt)");
  }
  stats.bytes_out += bytes_out;
  stats.bytes_in += reader.offset();
  return Status::success();
}

}  // namespace

Result<StreamStats> decompress_stream(const SourceFn& in, const SinkFn& sink, const DecompressOptions& options) {
  // Concatenated archives decode to the concatenation of their contents.
  ArchiveStream stream(in);
  StreamStats stats;
  do {
    ArchiveReader reader(stream, stats.bytes_in);
    LMZ_RETURN_IF_ERROR(decompress_member(reader, sink, options, stats.bytes_in, stats));
  } while (stream.more());
  return stats;
}

Result<ArchiveInfo> read_archive_info(const SourceFn& in) {
  ArchiveStream stream(in);
  ArchiveInfo info;
  do {
    ArchiveReader reader(stream, info.archive_bytes);
    FileHeader header;
    LMZ_RETURN_IF_ERROR(reader.read_header(header));
    std::optional<LlmParams> llm;
    cm::CmParams cm;
    if (header.model == ModelKind::kCm) {
      LMZ_ASSIGN_OR_RETURN(cm::CmParams params, decode_cm_params(header.model_params));
      cm = params;
    } else {
      LMZ_ASSIGN_OR_RETURN(LlmParams params, llm_params_of(header));
      llm = params;
    }
    if (info.members == 0) {
      info.header = header;
      info.cm = cm;
      info.llm = llm;
    }
    Bytes payload;
    for (;;) {
      ChunkInfo chunk;
      bool done = false;
      LMZ_RETURN_IF_ERROR(reader.next_chunk(chunk, llm ? &payload : nullptr, done));
      if (done) break;
      if (llm && chunk.method == ChunkMethod::kModel) {
        LMZ_ASSIGN_OR_RETURN(CodeLengths lengths, llm_payload_code_lengths(payload));
        info.ideal_bits += lengths.model_bits;
        info.table_bits += lengths.table_bits;
        info.modelled_payload_bytes += chunk.compressed_bytes - kLlmPayloadHeaderBytes;
      }
    }
    const ChunkTable& table = reader.table();
    info.table.chunks.insert(info.table.chunks.end(), table.chunks.begin(), table.chunks.end());
    info.table.total_bytes += table.total_bytes;
    if (header.lossy && info.input_bytes_known) {
      if (header.has_input_bytes)
        info.input_bytes += header.input_bytes;
      else
        info.input_bytes_known = false;
    } else if (!header.lossy) {
      info.input_bytes += table.total_bytes;
    }
    info.archive_bytes += reader.offset();
    ++info.members;
  } while (stream.more());
  return info;
}

Result<LossyTrial> lossy_trial(ByteSpan input, const CompressOptions& options) {
  if (options.quality < kMinQuality || options.quality > kMaxQuality) {
    return make_error(ErrorCode::kInvalidArgument, "quality must be within 1..100");
  }
  std::unique_ptr<ChunkCoder> coder;
  if (options.llm_model) {
    const uint32_t n_ctx = options.llm_ctx != 0 ? options.llm_ctx : options.llm_model->config().context_length;
    if (n_ctx < kMinLlmContext || n_ctx > kMaxLlmContext) {
      return make_error(ErrorCode::kInvalidArgument, "context length " + std::to_string(n_ctx) + " is out of range");
    }
    // The chunks are coded one after another, each with every thread.
    LlmParams coding;
    coding.n_ctx = n_ctx;
    coding.window = options.llm_window;
    coding.activations = options.llm_activations;
    coder = std::make_unique<LlmChunkCoder>(options.llm_model, coding, true, nullptr,
                                            resolve_thread_count(options.threads));
  } else {
    coder = std::make_unique<CmChunkCoder>(options.cm, nullptr);
  }
  LossyTrial trial;
  for (uint64_t start = 0; start < input.size(); start += options.chunk_size) {
    if (stop_requested()) return cancelled_error();
    const ByteSpan chunk = input.subspan(start, std::min<uint64_t>(options.chunk_size, input.size() - start));
    LossyChunk coded;
    if (options.quality == kMaxQuality) {
      // Lossless: every token kept; the bits are the payload's, spread evenly.
      coded.payload = coder->encode(chunk);
      coded.reconstruction.assign(chunk.begin(), chunk.end());
      coded.tokens.push_back(
          {0, chunk.size(), 0, chunk.size(), false, 8.0 * static_cast<double>(coded.payload.size())});
    } else {
      coded = encode_lossy_smallest(*coder, chunk, options.quality, options.llm_model != nullptr);
    }
    const uint64_t out_start = trial.reconstruction.size();
    for (LossyToken t : coded.tokens) {
      t.begin += start;
      t.end += start;
      t.out_begin += out_start;
      t.out_end += out_start;
      trial.tokens.push_back(t);
    }
    trial.reconstruction.insert(trial.reconstruction.end(), coded.reconstruction.begin(), coded.reconstruction.end());
    trial.payload_bytes += std::min<uint64_t>(coded.payload.size(), coded.reconstruction.size());
  }
  if (stop_requested()) return cancelled_error();
  return trial;
}

Result<Bytes> compress_bytes(ByteSpan input, const CompressOptions& options) {
  Bytes archive;
  LMZ_RETURN_IF_ERROR(compress_stream(source_of(input), sink_into(archive), options).status());
  return archive;
}

Result<Bytes> decompress_bytes(ByteSpan archive, const DecompressOptions& options) {
  Bytes out;
  LMZ_RETURN_IF_ERROR(decompress_stream(source_of(archive), sink_into(out), options).status());
  return out;
}

}  // namespace lmz::codec
