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

// The LLM codec's revision 1: the window restarts, and the products are in
// float (the quantized model's products take 8-bit inputs only when asked).
CompressOptions tiny_llm(bool quantized, llm::Activations activations = llm::Activations::kFloat) {
  test::TinyModelSpec spec;
  spec.quantized = quantized;
  CompressOptions o;
  o.llm_model = test::tiny_model(spec);
  o.llm_ctx = 48;
  o.llm_window = llm::Window::kRestart;
  o.llm_activations = activations;
  o.chunk_size = kMinChunkSize;
  return o;
}

TEST(Golden, BuiltInModelArchive) {  // level 3: three hashed contexts
  CompressOptions o;
  o.cm.level = 3;
  o.chunk_size = 1 << 16;
  EXPECT_EQ(archive_hash(test::text_bytes(100000, 77), o), 0x2974c2f11e707f64ull);
}

TEST(Golden, BuiltInModelArchiveAtEachContextSet) {
  CompressOptions o;
  o.chunk_size = 1 << 16;
  o.cm.level = 5;
  EXPECT_EQ(archive_hash(test::text_bytes(100000, 77), o), 0x141ea92e7b77a539ull);
  o.cm.level = 8;
  EXPECT_EQ(archive_hash(test::text_bytes(100000, 77), o), 0xd03369b0ebeca3ebull);
}

// An archive of revision 2 of the built-in model, which read no primer: it
// still decodes, with the primer left out.
TEST(Golden, UnprimedRevisionTwoArchiveStillDecodes) {
  const Bytes archive = {
      0x89, 0x4c, 0x4d, 0x5a, 0x0d, 0x0a, 0x1a, 0x0a, 0x01, 0x00, 0x00, 0x00, 0x01, 0x00, 0x02, 0x00, 0x00, 0x00,
      0x40, 0x00, 0x02, 0x05, 0x6c, 0xa2, 0xd6, 0x6f, 0x43, 0x48, 0x4e, 0x4b, 0x01, 0x35, 0x00, 0x00, 0x00, 0x33,
      0x00, 0x00, 0x00, 0x7c, 0xa3, 0xeb, 0x22, 0xe1, 0xdb, 0x1e, 0xf6, 0x8d, 0xa3, 0x5e, 0x63, 0x52, 0xe1, 0xc2,
      0xbd, 0x98, 0x91, 0x9a, 0x83, 0x38, 0xb5, 0xea, 0x99, 0x64, 0x9f, 0x54, 0x7e, 0x3d, 0x8e, 0x3a, 0x89, 0x26,
      0x0c, 0x06, 0x5e, 0x6f, 0x25, 0xc6, 0x5e, 0x94, 0xab, 0xf2, 0x60, 0x8b, 0x74, 0x2c, 0xde, 0xfc, 0xc4, 0x43,
      0x7f, 0x80, 0x9d, 0x08, 0x6e, 0xa7, 0x2c, 0xb9, 0x73, 0xe7, 0x44, 0xf6, 0x82, 0x42, 0xa8, 0x89, 0x43, 0x54,
      0x42, 0x4c, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x35, 0x00, 0x00, 0x00, 0x33, 0x00, 0x00,
      0x00, 0x7c, 0xa3, 0xeb, 0x22, 0xe1, 0xdb, 0x1e, 0xf6, 0x8d, 0xa3, 0x5e, 0x63, 0x52, 0xe1, 0xc2, 0xbd, 0x35,
      0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x7c, 0xa3, 0xeb, 0x22, 0xe1, 0xdb, 0x1e, 0xf6, 0x26, 0x96, 0x3d,
      0xa3, 0xbb, 0xd9, 0xc0, 0x01, 0x6a, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x3d, 0x00, 0x00, 0x00, 0x00,
      0x00, 0x00, 0x00, 0x4c, 0x4d, 0x5a, 0x45, 0x4e, 0x44, 0x00, 0x01,
  };
  Result<Bytes> text = decompress_bytes(archive, DecompressOptions{});
  ASSERT_TRUE(text.ok()) << text.status().message();
  EXPECT_EQ(std::string(text->begin(), text->end()), "Ines Kolar was born on 14 February 1871 in Tarvisio.\n");
}

TEST(Golden, TinyLlmArchives) {
  const Bytes text = test::text_bytes(6000, 78);
  EXPECT_EQ(archive_hash(text, tiny_llm(false)), 0xc55bd5ca4ca0f84bull);
  EXPECT_EQ(archive_hash(text, tiny_llm(true)), 0x30e87f3e2d4928b5ull);
}

TEST(Golden, SlidingWindowArchives) {  // revision 2
  const Bytes text = test::text_bytes(6000, 78);
  CompressOptions o = tiny_llm(false);
  o.llm_window = llm::Window::kSlide;
  EXPECT_EQ(archive_hash(text, o), 0x412dc9c266fb1d1full);
  o = tiny_llm(true);
  o.llm_window = llm::Window::kSlide;
  EXPECT_EQ(archive_hash(text, o), 0x60c9045f2f5a4e9eull);
}

// Mode bit 2: the quantized model's products take 8-bit inputs (the
// default); the float model's archive is the same with or without it.
TEST(Golden, EightBitInputArchives) {
  const Bytes text = test::text_bytes(6000, 78);
  EXPECT_EQ(archive_hash(text, tiny_llm(false, llm::Activations::kInt8)), 0xc55bd5ca4ca0f84bull);
  EXPECT_EQ(archive_hash(text, tiny_llm(true, llm::Activations::kInt8)), 0x63b0cf432ac78379ull);
  CompressOptions o = tiny_llm(true, llm::Activations::kInt8);
  o.llm_window = llm::Window::kSlide;
  EXPECT_EQ(archive_hash(text, o), 0x94d16b25c42ff679ull);
}

// Mode bit 4: the mixed coding's revision 2; revision 1's archives (the
// bit clear) are still written on request, and decode.
TEST(Golden, MixedTokenModelArchive) {
  const Bytes text = test::text_bytes(6000, 78);
  CompressOptions o = tiny_llm(false);
  o.llm_window = llm::Window::kSlide;
  o.llm_mix = true;
  o.cm.level = 3;
  EXPECT_EQ(archive_hash(text, o), 0x97844862d61a510bull);
  o.llm_mix_revision = mix::Revision::kFirst;
  Result<Bytes> first = compress_bytes(text, o);
  ASSERT_TRUE(first.ok()) << first.status().message();
  EXPECT_EQ(xxh64(*first), 0x02d2df03af164cd9ull);
  DecompressOptions d;
  d.llm_model = o.llm_model;
  Result<Bytes> back = decompress_bytes(*first, d);
  ASSERT_TRUE(back.ok()) << back.status().message();
  EXPECT_EQ(*back, text);
}

TEST(Golden, Stories260KArchive) {
  LMZ_REQUIRE_SHARED();
  Result<std::unique_ptr<llm::LlamaModel>> model =
      llm::LlamaModel::load(test::shared_dir() + "/models/stories260K.gguf");
  ASSERT_TRUE(model.ok());
  std::ifstream in(test::shared_dir() + "/models/reference/tinystory.txt", std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  const std::string text = ss.str();
  CompressOptions o;
  o.llm_model = std::move(*model);
  o.llm_ctx = 512;
  o.llm_window = llm::Window::kRestart;
  o.compact = false;
  const ByteSpan bytes(reinterpret_cast<const uint8_t*>(text.data()), text.size());
  EXPECT_EQ(archive_hash(bytes, o), 0x534506418c0a5b0cull);
  // The compact form (version 4), with the sliding window, mixed and not.
  o.compact = true;
  o.llm_window = llm::Window::kSlide;
  EXPECT_EQ(archive_hash(bytes, o), 0x0676b9398a5d1483ull);
  o.llm_mix = true;
  EXPECT_EQ(archive_hash(bytes, o), 0x1f7f76a47d0b2621ull);
}

// Mode bit 3: the k-quants' products take 8-bit inputs too (Q4_K_M's
// Q4_K and Q6_K matrices; Q6_K alone), and the archives decode.
TEST(Golden, KQuantEightBitInputArchives) {
  LMZ_REQUIRE_SHARED();
  std::ifstream in(test::shared_dir() + "/models/reference/tinystory.txt", std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  const std::string text = ss.str().substr(0, 600);
  const ByteSpan bytes(reinterpret_cast<const uint8_t*>(text.data()), text.size());
  const std::pair<const char*, uint64_t> models[] = {{"kquant-q4_k_m", 0xf7fc518afb3bfc7full},
                                                     {"kquant-q6_k", 0xb2d01d24040ec5dcull}};
  for (const auto& [name, hash] : models) {
    SCOPED_TRACE(name);
    Result<std::unique_ptr<llm::LlamaModel>> model =
        llm::LlamaModel::load(test::shared_dir() + "/models/arch/" + name + ".gguf");
    ASSERT_TRUE(model.ok());
    CompressOptions o;
    o.llm_model = std::move(*model);
    o.llm_ctx = 256;
    Result<Bytes> archive = compress_bytes(bytes, o);
    ASSERT_TRUE(archive.ok());
    EXPECT_EQ(xxh64(*archive), hash);
    DecompressOptions d;
    d.llm_model = o.llm_model;
    Result<Bytes> back = decompress_bytes(*archive, d);
    ASSERT_TRUE(back.ok()) << back.status().message();
    EXPECT_EQ(std::string(back->begin(), back->end()), text);
  }
}

TEST(Golden, CompactBuiltInModelArchives) {
  CompressOptions o;
  EXPECT_EQ(archive_hash(test::text_bytes(5000, 79), o), 0x4c07c83c1d0161ecull);
  EXPECT_EQ(archive_hash(Bytes{}, o), 0xc39c276a024771bdull);
}

}  // namespace
}  // namespace lmz::codec
