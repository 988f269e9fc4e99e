#include "bench/baselines.h"

#include <brotli/decode.h>
#include <brotli/encode.h>
#include <bzlib.h>
#include <lzma.h>
#include <zlib.h>
#include <zstd.h>

namespace lmz::bench {
namespace {

Status failed(const char* what) {
  return make_error(ErrorCode::kInternal, std::string(what) + " failed");
}

Result<Bytes> gzip_compress(ByteSpan in) {
  z_stream z{};
  if (deflateInit2(&z, 9, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY) != Z_OK) return failed("deflateInit2");
  Bytes out(deflateBound(&z, in.size()) + 32);
  z.next_in = const_cast<Bytef*>(in.data());
  z.avail_in = static_cast<uInt>(in.size());
  z.next_out = out.data();
  z.avail_out = static_cast<uInt>(out.size());
  const int rc = deflate(&z, Z_FINISH);
  out.resize(z.total_out);
  deflateEnd(&z);
  if (rc != Z_STREAM_END) return failed("deflate");
  return out;
}

Result<Bytes> gzip_decompress(ByteSpan in, size_t n) {
  z_stream z{};
  if (inflateInit2(&z, 15 + 16) != Z_OK) return failed("inflateInit2");
  Bytes out(n);
  z.next_in = const_cast<Bytef*>(in.data());
  z.avail_in = static_cast<uInt>(in.size());
  z.next_out = out.data();
  z.avail_out = static_cast<uInt>(out.size());
  const int rc = inflate(&z, Z_FINISH);
  inflateEnd(&z);
  if (rc != Z_STREAM_END) return failed("inflate");
  return out;
}

Result<Bytes> bzip2_compress(ByteSpan in) {
  unsigned int size = static_cast<unsigned int>(in.size() + in.size() / 100 + 600);
  Bytes out(size);
  if (BZ2_bzBuffToBuffCompress(reinterpret_cast<char*>(out.data()), &size,
                               const_cast<char*>(reinterpret_cast<const char*>(in.data())),
                               static_cast<unsigned int>(in.size()), 9, 0, 0) != BZ_OK) {
    return failed("BZ2_bzBuffToBuffCompress");
  }
  out.resize(size);
  return out;
}

Result<Bytes> bzip2_decompress(ByteSpan in, size_t n) {
  Bytes out(n);
  unsigned int size = static_cast<unsigned int>(n);
  if (BZ2_bzBuffToBuffDecompress(reinterpret_cast<char*>(out.data()), &size,
                                 const_cast<char*>(reinterpret_cast<const char*>(in.data())),
                                 static_cast<unsigned int>(in.size()), 0, 0) != BZ_OK) {
    return failed("BZ2_bzBuffToBuffDecompress");
  }
  return out;
}

Result<Bytes> xz_compress(ByteSpan in) {
  Bytes out(lzma_stream_buffer_bound(in.size()));
  size_t pos = 0;
  if (lzma_easy_buffer_encode(9 | LZMA_PRESET_EXTREME, LZMA_CHECK_CRC64, nullptr, in.data(), in.size(), out.data(),
                              &pos, out.size()) != LZMA_OK) {
    return failed("lzma_easy_buffer_encode");
  }
  out.resize(pos);
  return out;
}

Result<Bytes> xz_decompress(ByteSpan in, size_t n) {
  Bytes out(n);
  uint64_t memlimit = UINT64_MAX;
  size_t in_pos = 0, out_pos = 0;
  if (lzma_stream_buffer_decode(&memlimit, 0, nullptr, in.data(), &in_pos, in.size(), out.data(), &out_pos,
                                out.size()) != LZMA_OK) {
    return failed("lzma_stream_buffer_decode");
  }
  return out;
}

Result<Bytes> zstd_compress(ByteSpan in) {
  Bytes out(ZSTD_compressBound(in.size()));
  const size_t n = ZSTD_compress(out.data(), out.size(), in.data(), in.size(), 19);
  if (ZSTD_isError(n)) return failed("ZSTD_compress");
  out.resize(n);
  return out;
}

Result<Bytes> zstd_decompress(ByteSpan in, size_t n) {
  Bytes out(n);
  const size_t got = ZSTD_decompress(out.data(), out.size(), in.data(), in.size());
  if (ZSTD_isError(got) || got != n) return failed("ZSTD_decompress");
  return out;
}

Result<Bytes> brotli_compress(ByteSpan in) {
  size_t size = BrotliEncoderMaxCompressedSize(in.size());
  Bytes out(size == 0 ? in.size() + 1024 : size);
  size = out.size();
  if (!BrotliEncoderCompress(11, 24, BROTLI_MODE_GENERIC, in.size(), in.data(), &size, out.data())) {
    return failed("BrotliEncoderCompress");
  }
  out.resize(size);
  return out;
}

Result<Bytes> brotli_decompress(ByteSpan in, size_t n) {
  Bytes out(n);
  size_t size = n;
  if (BrotliDecoderDecompress(in.size(), in.data(), &size, out.data()) != BROTLI_DECODER_RESULT_SUCCESS) {
    return failed("BrotliDecoderDecompress");
  }
  return out;
}

}  // namespace

const std::vector<Baseline>& baselines() {
  static const std::vector<Baseline> all = {
      {"gzip -9", gzip_compress, gzip_decompress},
      {"bzip2 -9", bzip2_compress, bzip2_decompress},
      {"xz -9e", xz_compress, xz_decompress},
      {"zstd -19", zstd_compress, zstd_decompress},
      {"brotli -q 11", brotli_compress, brotli_decompress},
  };
  return all;
}

}  // namespace lmz::bench
