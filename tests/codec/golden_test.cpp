// Golden archives: the exact bytes lmz writes for fixed inputs, as XXH64
// hashes. They must not change between compilers (g++ and clang), builds
// (sanitizers, -DLMZ_SIMD=OFF) or machines; a change to a model or codec that
// alters them must bump its revision in codec/model_params.h and update them
// here, on purpose.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "codec/codec_test_util.h"
#include "codec/stream_codec.h"
#include "core/checksum.h"
#include "llm/tiny_model.h"
#include "test_util.h"

namespace lmz::codec {
namespace {

uint64_t archive_hash(ByteSpan data, const CompressOptions& options) {
  Result<Bytes> archive = compress_bytes(data, options);
  EXPECT_TRUE(archive.ok()) << archive.status().message();
  return archive.ok() ? xxh64(*archive) : 0;
}

CompressOptions tiny_llm(bool quantized) {
  test::TinyModelSpec spec;
  spec.quantized = quantized;
  CompressOptions o;
  o.llm_model = test::tiny_model(spec);
  o.llm_ctx = 48;
  o.chunk_size = kMinChunkSize;
  return o;
}

TEST(Golden, BuiltInModelArchive) {  // level 3: three hashed contexts
  CompressOptions o;
  o.cm.level = 3;
  o.chunk_size = 1 << 16;
  EXPECT_EQ(archive_hash(test::text_bytes(100000, 77), o), 0xef92d76276cb713full);
}

TEST(Golden, BuiltInModelArchiveAtEachContextSet) {
  CompressOptions o;
  o.chunk_size = 1 << 16;
  o.cm.level = 5;
  EXPECT_EQ(archive_hash(test::text_bytes(100000, 77), o), 0x68c8c64cd1e52f1aull);
  o.cm.level = 8;
  EXPECT_EQ(archive_hash(test::text_bytes(100000, 77), o), 0x10f1571c8db7a121ull);
}

TEST(Golden, TinyLlmArchives) {
  const Bytes text = test::text_bytes(6000, 78);
  EXPECT_EQ(archive_hash(text, tiny_llm(false)), 0xc55bd5ca4ca0f84bull);
  EXPECT_EQ(archive_hash(text, tiny_llm(true)), 0x30e87f3e2d4928b5ull);
}

TEST(Golden, Stories260KArchive) {
  LMZ_REQUIRE_SHARED();
  Result<std::unique_ptr<llm::LlamaModel>> model = llm::LlamaModel::load(test::shared_dir() + "/models/stories260K.gguf");
  ASSERT_TRUE(model.ok());
  std::ifstream in(test::shared_dir() + "/models/reference/tinystory.txt", std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  const std::string text = ss.str();
  CompressOptions o;
  o.llm_model = std::move(*model);
  o.llm_ctx = 512;
  EXPECT_EQ(archive_hash(ByteSpan(reinterpret_cast<const uint8_t*>(text.data()), text.size()), o), 0x37bc68285edbc5f6ull);
}

}  // namespace
}  // namespace lmz::codec
