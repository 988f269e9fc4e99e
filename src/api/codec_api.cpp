// lmz::compress, decompress and info: the codec's buffer and stream forms
// behind the public header.
#include "api/model_state.h"
#include "codec/stream_codec.h"
#include "core/sha256.h"

namespace lmz {
namespace {

ByteSpan bytes_of(const void* data, size_t size) {
  return ByteSpan(static_cast<const uint8_t*>(data), size);
}

codec::SourceFn source_of(std::istream& in) {
  return [&in](uint8_t* data, size_t n) -> Result<size_t> {
    size_t got = 0;
    while (got < n && in) {
      in.read(reinterpret_cast<char*>(data + got), static_cast<std::streamsize>(n - got));
      got += static_cast<size_t>(in.gcount());
    }
    if (in.bad()) return make_error(ErrorCode::kIo, "the input stream failed");
    return got;
  };
}

codec::SinkFn sink_of(std::ostream& out) {
  return [&out](ByteSpan data) -> Status {
    out.write(reinterpret_cast<const char*>(data.data()), static_cast<std::streamsize>(data.size()));
    if (!out) return make_error(ErrorCode::kIo, "the output stream failed");
    return Status::success();
  };
}

codec::DecompressOptions decompress_options(const DecompressParams& params) {
  codec::DecompressOptions d;
  d.threads = params.threads;
  if (params.model != nullptr) d.llm_model = params.model->state().llm;
  return d;
}

Result<ArchiveSummary> summary_of(Result<codec::ArchiveInfo> read) {
  if (!read.ok()) return read.status();
  const codec::ArchiveInfo& info = *read;
  ArchiveSummary s;
  s.archives = info.members;
  s.content_bytes = info.table.total_bytes;
  s.archive_bytes = info.archive_bytes;
  s.chunks = info.table.chunks.size();
  s.format_version = info.header.version;
  s.compact = info.header.compact;
  s.lossy = info.header.lossy;
  s.quality = info.header.quality;
  s.model = info.llm ? "llm" : "cm";
  s.level = info.cm.level;
  if (info.llm) {
    s.model_sha256 = to_hex(info.llm->model_sha256).substr(0, 2 * info.llm->model_hash_bytes);
    s.model_file = info.llm->model_name;
    s.context = info.llm->n_ctx;
    s.mixed = info.llm->mix.has_value();
    s.level = s.mixed ? info.llm->mix->level : 0;
  }
  return s;
}

}  // namespace

Result<std::vector<uint8_t>> compress(const Model& model, const void* data, size_t size, const CompressParams& params) {
  return api::cancellable(
      params.cancel, [&] { return codec::compress_bytes(bytes_of(data, size), api::codec_options(model, params)); });
}

Result<std::vector<uint8_t>> decompress(const void* archive, size_t size, const DecompressParams& params) {
  return api::cancellable(params.cancel,
                          [&] { return codec::decompress_bytes(bytes_of(archive, size), decompress_options(params)); });
}

Status compress(const Model& model, std::istream& in, std::ostream& out, const CompressParams& params) {
  LMZ_RETURN_IF_ERROR(api::cancellable(params.cancel, [&] {
    return codec::compress_stream(source_of(in), sink_of(out), api::codec_options(model, params)).status();
  }));
  out.flush();
  return out ? Status::success() : make_error(ErrorCode::kIo, "the output stream failed");
}

Status decompress(std::istream& in, std::ostream& out, const DecompressParams& params) {
  LMZ_RETURN_IF_ERROR(api::cancellable(params.cancel, [&] {
    return codec::decompress_stream(source_of(in), sink_of(out), decompress_options(params)).status();
  }));
  out.flush();
  return out ? Status::success() : make_error(ErrorCode::kIo, "the output stream failed");
}

Result<ArchiveSummary> info(const void* archive, size_t size) {
  return summary_of(codec::read_archive_info(codec::source_of(bytes_of(archive, size))));
}

Result<ArchiveSummary> info(std::istream& in) {
  return summary_of(codec::read_archive_info(source_of(in)));
}

}  // namespace lmz
