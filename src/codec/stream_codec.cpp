#include "codec/stream_codec.h"

#include <algorithm>
#include <deque>
#include <future>
#include <memory>
#include <vector>

#include "codec/archive_reader.h"
#include "codec/chunk_codec.h"
#include "codec/model_params.h"
#include "core/checksum.h"
#include "core/thread_pool.h"

namespace lmz::codec {
namespace {

// One model per worker thread, built on first use and reset between chunks;
// rebuilt when a chunk's size calls for other table sizes.
class ModelSlots {
 public:
  ModelSlots(int n, const cm::CmParams& params) : slots_(n), params_(n), base_(params) {}

  cm::CmModel& fresh(int worker, uint64_t chunk_bytes) {
    cm::CmParams wanted = base_;
    wanted.input_bytes = chunk_bytes;
    std::unique_ptr<cm::CmModel>& slot = slots_[worker];
    if (!slot || !(params_[worker] == wanted)) {
      slot.reset();
      slot = std::make_unique<cm::CmModel>(wanted);
      params_[worker] = wanted;
    } else {
      slot->reset();
    }
    return *slot;
  }

 private:
  std::vector<std::unique_ptr<cm::CmModel>> slots_;
  std::vector<cm::CmParams> params_;
  cm::CmParams base_;
};

struct EncodedChunk {
  ChunkInfo info;
  Bytes payload;
  Bytes stored;  // the original, kept only when storing beats the model
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
    return make_error(ErrorCode::kInvalidArgument, "chunk size must be within " + std::to_string(kMinChunkSize) +
                                                       ".." + std::to_string(kMaxChunkSize) + " bytes");
  }
  const int threads = resolve_thread_count(options.threads);
  FileHeader header;
  header.chunk_size = options.chunk_size;
  header.model_params = encode_cm_params(options.cm);
  Bytes buffer;
  write_header(header, buffer);
  LMZ_RETURN_IF_ERROR(out(buffer));

  StreamStats stats;
  stats.bytes_out = buffer.size();
  ChunkTable table;
  Xxh64Stream content_hash;
  ModelSlots models(threads, options.cm);
  ThreadPool pool(threads);
  std::deque<std::future<EncodedChunk>> pending;

  auto write_next = [&]() -> Status {
    EncodedChunk chunk = pending.front().get();
    pending.pop_front();
    buffer.clear();
    write_chunk_frame_header(chunk.info, buffer);
    LMZ_RETURN_IF_ERROR(out(buffer));
    const Bytes& payload = chunk.info.method == ChunkMethod::kStored ? chunk.stored : chunk.payload;
    LMZ_RETURN_IF_ERROR(out(payload));
    stats.bytes_in += chunk.info.original_bytes;
    stats.bytes_out += buffer.size() + payload.size();
    table.chunks.push_back(chunk.info);
    if (options.progress) options.progress(stats.bytes_in, stats.bytes_out);
    return Status::success();
  };

  for (;;) {
    auto data = std::make_shared<Bytes>(options.chunk_size);
    Result<size_t> got = in(data->data(), data->size());
    if (!got.ok()) return got.status();
    if (*got == 0) break;
    data->resize(*got);
    content_hash.update(*data);
    pending.push_back(pool.submit([data, &models](int worker) {
      EncodedChunk chunk;
      chunk.info.original_bytes = static_cast<uint32_t>(data->size());
      chunk.info.checksum = xxh64(*data);
      chunk.payload = cm_encode(models.fresh(worker, data->size()), *data);
      if (chunk.payload.size() < data->size()) {
        chunk.info.method = ChunkMethod::kModel;
        chunk.info.compressed_bytes = static_cast<uint32_t>(chunk.payload.size());
      } else {
        chunk.info.method = ChunkMethod::kStored;
        chunk.info.compressed_bytes = chunk.info.original_bytes;
        chunk.stored = std::move(*data);
        chunk.payload.clear();
      }
      chunk.info.payload_checksum =
          chunk.info.method == ChunkMethod::kStored ? chunk.info.checksum : xxh64(chunk.payload);
      return chunk;
    }));
    if (pending.size() >= static_cast<size_t>(2 * threads)) LMZ_RETURN_IF_ERROR(write_next());
    if (*got < options.chunk_size) break;
  }
  while (!pending.empty()) LMZ_RETURN_IF_ERROR(write_next());

  table.total_bytes = stats.bytes_in;
  table.content_checksum = content_hash.digest();
  buffer.clear();
  write_table(table, buffer);
  Trailer trailer{stats.bytes_out, buffer.size()};
  write_trailer(trailer, buffer);
  LMZ_RETURN_IF_ERROR(out(buffer));
  stats.bytes_out += buffer.size();
  return stats;
}

Result<StreamStats> decompress_stream(const SourceFn& in, const SinkFn& sink, const DecompressOptions& options) {
  ArchiveReader reader(in);
  FileHeader header;
  LMZ_RETURN_IF_ERROR(reader.read_header(header));
  Result<cm::CmParams> params = decode_cm_params(header.model_params);
  if (!params.ok()) return params.status();

  const int threads = resolve_thread_count(options.threads);
  ModelSlots models(threads, *params);
  ThreadPool pool(threads);
  std::deque<std::future<DecodedChunk>> pending;
  StreamStats stats;
  Xxh64Stream content_hash;
  uint64_t index_written = 0;

  auto write_next = [&]() -> Status {
    DecodedChunk chunk = pending.front().get();
    pending.pop_front();
    LMZ_RETURN_IF_ERROR(chunk.status);
    content_hash.update(chunk.data);
    if (sink) LMZ_RETURN_IF_ERROR(sink(chunk.data));
    stats.bytes_out += chunk.data.size();
    ++index_written;
    if (options.progress) options.progress(reader.offset(), stats.bytes_out);
    return Status::success();
  };

  for (uint64_t index = 0;; ++index) {
    ChunkInfo info;
    auto payload = std::make_shared<Bytes>();
    bool done = false;
    LMZ_RETURN_IF_ERROR(reader.next_chunk(info, payload.get(), done));
    if (done) break;
    pending.push_back(pool.submit([info, payload, index, &models](int worker) {
      DecodedChunk chunk;
      if (info.method == ChunkMethod::kStored) {
        chunk.data = std::move(*payload);
      } else {
        chunk.data.resize(info.original_bytes);
        chunk.status = cm_decode(models.fresh(worker, info.original_bytes), *payload, chunk.data);
      }
      if (chunk.status.ok() && xxh64(chunk.data) != info.checksum) {
        chunk.status = make_error(ErrorCode::kChecksumMismatch,
                                  "chunk " + std::to_string(index) + ": checksum mismatch (the archive is corrupt)");
      }
      return chunk;
    }));
    if (pending.size() >= static_cast<size_t>(2 * threads)) LMZ_RETURN_IF_ERROR(write_next());
  }
  while (!pending.empty()) LMZ_RETURN_IF_ERROR(write_next());

  const ChunkTable& table = reader.table();
  if (stats.bytes_out != table.total_bytes || content_hash.digest() != table.content_checksum) {
    return make_error(ErrorCode::kChecksumMismatch, "whole-file checksum mismatch (the archive is corrupt)");
  }
  stats.bytes_in = reader.offset();
  return stats;
}

Result<ArchiveInfo> read_archive_info(const SourceFn& in) {
  ArchiveReader reader(in);
  ArchiveInfo info;
  LMZ_RETURN_IF_ERROR(reader.read_header(info.header));
  Result<cm::CmParams> params = decode_cm_params(info.header.model_params);
  if (!params.ok()) return params.status();
  info.cm = *params;
  for (;;) {
    ChunkInfo chunk;
    bool done = false;
    LMZ_RETURN_IF_ERROR(reader.next_chunk(chunk, nullptr, done));
    if (done) break;
  }
  info.table = reader.table();
  info.archive_bytes = reader.offset();
  return info;
}


Result<Bytes> compress_bytes(ByteSpan input, const CompressOptions& options) {
  Bytes archive;
  Result<StreamStats> stats = compress_stream(source_of(input), sink_into(archive), options);
  if (!stats.ok()) return stats.status();
  return archive;
}

Result<Bytes> decompress_bytes(ByteSpan archive, const DecompressOptions& options) {
  Bytes out;
  Result<StreamStats> stats = decompress_stream(source_of(archive), sink_into(out), options);
  if (!stats.ok()) return stats.status();
  return out;
}

}  // namespace lmz::codec
