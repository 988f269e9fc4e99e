#include "server/compare_sizes.h"

#include <lzma.h>
#include <zlib.h>

#include <vector>

namespace lmz::server {
namespace {

Result<uint64_t> gzip_size(std::string_view data) {
  z_stream z{};
  // 15 + 16: a gzip header and trailer, as the gzip command writes.
  if (deflateInit2(&z, 9, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY) != Z_OK) {
    return make_error(ErrorCode::kOutOfMemory, "zlib could not start");
  }
  std::vector<uint8_t> out(deflateBound(&z, data.size()));
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  z.avail_in = static_cast<uInt>(data.size());
  z.next_out = out.data();
  z.avail_out = static_cast<uInt>(out.size());
  const int rc = deflate(&z, Z_FINISH);
  const uint64_t size = z.total_out;
  deflateEnd(&z);
  if (rc != Z_STREAM_END) return make_error(ErrorCode::kInternal, "zlib failed");
  return size;
}

Result<uint64_t> xz_size(std::string_view data) {
  lzma_options_lzma options;
  if (lzma_lzma_preset(&options, 9 | LZMA_PRESET_EXTREME)) return make_error(ErrorCode::kInternal, "liblzma failed");
  // The dictionary no larger than the input: the same size of output as
  // -9e's 64 MiB, without its 674 MiB of encoder memory for a small body.
  uint32_t dict = LZMA_DICT_SIZE_MIN;
  while (dict < options.dict_size && dict < data.size()) dict *= 2;
  options.dict_size = dict;
  lzma_filter filters[] = {{LZMA_FILTER_LZMA2, &options}, {LZMA_VLI_UNKNOWN, nullptr}};
  // A stream encoder, as the xz command uses: its block headers carry no sizes.
  lzma_stream stream = LZMA_STREAM_INIT;
  lzma_ret rc = lzma_stream_encoder(&stream, filters, LZMA_CHECK_CRC64);
  if (rc == LZMA_MEM_ERROR) return make_error(ErrorCode::kOutOfMemory, "liblzma ran out of memory");
  if (rc != LZMA_OK) return make_error(ErrorCode::kInternal, "liblzma failed");
  std::vector<uint8_t> out(lzma_stream_buffer_bound(data.size()));
  stream.next_in = reinterpret_cast<const uint8_t*>(data.data());
  stream.avail_in = data.size();
  stream.next_out = out.data();
  stream.avail_out = out.size();
  rc = lzma_code(&stream, LZMA_FINISH);
  const uint64_t written = stream.total_out;
  lzma_end(&stream);
  if (rc == LZMA_MEM_ERROR) return make_error(ErrorCode::kOutOfMemory, "liblzma ran out of memory");
  if (rc != LZMA_STREAM_END) return make_error(ErrorCode::kInternal, "liblzma failed");
  return written;
}

}  // namespace

Result<ComparedSizes> compare_sizes(std::string_view data) {
  if (data.size() > (size_t{1} << 30)) return make_error(ErrorCode::kInvalidArgument, "over 1 GiB");
  ComparedSizes sizes;
  LMZ_ASSIGN_OR_RETURN(sizes.gzip, gzip_size(data));
  LMZ_ASSIGN_OR_RETURN(sizes.xz, xz_size(data));
  return sizes;
}

}  // namespace lmz::server
