#include "llm/gguf.h"

#include <gtest/gtest.h>

#include <bit>

#include "llm/gguf_writer.h"
#include "test_util.h"
#include "tiny_model.h"

namespace lmz::llm {
namespace {

Bytes small_file() {
  GgufWriter w;
  w.add_string("general.architecture", "llama");
  w.add_u32("answer", 42);
  w.add_f32("pi", 3.25f);
  w.add_string_array("words", {"a", "bc", ""});
  w.add_f32_array("floats", {1.5f, -2.0f});
  w.add_i32_array("ints", {-1, 7});
  w.add_f32_tensor("t.weight", {4, 2}, {1, 2, 3, 4, 5, 6, 7, 8});
  w.add_f32_tensor("v", {3}, {9, 10, 11});
  return w.finish();
}

// Writes a u64 / u32 at a byte offset of a file.
void poke(Bytes& file, size_t at, uint64_t value, int n) {
  store_le(file.data() + at, value, n);
}

size_t find_bytes(const Bytes& file, const std::string& text) {
  const auto it = std::search(file.begin(), file.end(), text.begin(), text.end());
  return static_cast<size_t>(it - file.begin());
}

TEST(Gguf, ReadsWhatTheWriterWrote) {
  const Bytes file = small_file();
  Result<GgufFile> g = GgufFile::parse(file);
  ASSERT_TRUE(g.ok()) << g.status().message();
  EXPECT_EQ(g->version(), 3u);
  EXPECT_EQ(*g->get_uint("answer"), 42u);
  EXPECT_EQ(*g->get_float_or("pi", 0), 3.25);
  EXPECT_EQ(*g->get_string("general.architecture"), "llama");
  const std::vector<std::string_view> words = *g->get_string_array("words");
  ASSERT_EQ(words.size(), 3u);
  EXPECT_EQ(words[1], "bc");
  EXPECT_EQ((*g->get_f32_array("floats", 2))[1], -2.0f);
  EXPECT_EQ((*g->get_i32_array("ints", 2))[0], -1);
  EXPECT_FALSE(g->get_f32_array("floats", 3).ok());
  EXPECT_FALSE(g->get_string("answer").ok());
  const GgufTensor* t = g->find_tensor("t.weight");
  ASSERT_NE(t, nullptr);
  EXPECT_EQ(t->n_elements, 8u);
  EXPECT_EQ(t->n_rows(), 2u);
  float x[8];
  dequantize_row(TensorType::kF32, t->data.data(), x, 8);
  EXPECT_EQ(x[7], 8.0f);
  EXPECT_EQ(t->offset % 32, 0u);
  EXPECT_EQ(g->find_tensor("v")->offset % 32, 0u);
}

// One key of every scalar type but string.
void add_every_scalar(GgufWriter& w) {
  w.add_scalar("u8", 0, 200);
  w.add_scalar("i8", 1, 0xfe);  // -2
  w.add_scalar("u16", 2, 60000);
  w.add_scalar("i16", 3, 0x7fff);
  w.add_scalar("i32", 5, 123456);
  w.add_scalar("u64", 10, uint64_t{1} << 40);
  w.add_scalar("i64", 11, static_cast<uint64_t>(int64_t{-5}));
  w.add_scalar("f64", 12, std::bit_cast<uint64_t>(0.125));
  w.add_scalar("bool", 7, 1);
}

TEST(Gguf, EveryScalarTypeIsRead) {
  GgufWriter w;
  add_every_scalar(w);
  w.add_scalar("bad_bool", 7, 2);
  Result<GgufFile> bad = GgufFile::parse(w.finish());
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("bad_bool"), std::string::npos);

  GgufWriter good;
  add_every_scalar(good);
  const Bytes ok_file = good.finish();
  Result<GgufFile> g = GgufFile::parse(ok_file);
  ASSERT_TRUE(g.ok()) << g.status().message();
  EXPECT_EQ(*g->get_uint("u8"), 200u);
  EXPECT_EQ(g->find("i8")->i, -2);
  EXPECT_EQ(*g->get_uint("u16"), 60000u);
  EXPECT_EQ(*g->get_uint("i16"), 0x7fffu);
  EXPECT_EQ(*g->get_uint("i32"), 123456u);
  EXPECT_EQ(*g->get_uint("u64"), uint64_t{1} << 40);
  EXPECT_FALSE(g->get_uint("i64").ok());  // negative
  EXPECT_EQ(*g->get_float_or("f64", 0), 0.125);
  EXPECT_EQ(g->find("bool")->u, 1u);
  EXPECT_FALSE(g->get_float_or("u8", 0).ok());
}

TEST(Gguf, CustomAlignmentIsHonoured) {
  GgufWriter w(64);
  w.add_f32_tensor("a", {3}, {1, 2, 3});
  w.add_f32_tensor("b", {5}, {1, 2, 3, 4, 5});
  const Bytes file = w.finish();
  Result<GgufFile> g = GgufFile::parse(file);
  ASSERT_TRUE(g.ok()) << g.status().message();
  EXPECT_EQ(g->alignment(), 64u);
  EXPECT_EQ(g->find_tensor("b")->offset, 64u);
}

TEST(Gguf, EveryTruncationFailsCleanly) {
  const Bytes file = small_file();
  for (size_t n = 0; n < file.size(); ++n) {
    Result<GgufFile> g = GgufFile::parse(ByteSpan(file).first(n));
    // Cutting only padding after the last tensor's data is the one harmless case.
    if (g.ok()) {
      EXPECT_GE(n, file.size() - 32) << n;
      continue;
    }
    EXPECT_FALSE(g.status().message().empty());
  }
}

TEST(Gguf, BadMagicAndVersion) {
  Bytes file = small_file();
  file[0] = 'X';
  EXPECT_EQ(GgufFile::parse(file).status().code(), ErrorCode::kBadMagic);
  file = small_file();
  poke(file, 4, 2, 4);  // version 2 has the same layout
  EXPECT_TRUE(GgufFile::parse(file).ok());
  poke(file, 4, 1, 4);
  Result<GgufFile> g = GgufFile::parse(file);
  EXPECT_EQ(g.status().code(), ErrorCode::kUnsupportedVersion);
  EXPECT_NE(g.status().message().find("version 1"), std::string::npos);
  poke(file, 4, 0x03000000, 4);  // version 3 written big-endian
  EXPECT_EQ(GgufFile::parse(file).status().code(), ErrorCode::kUnsupportedVersion);
}

TEST(Gguf, AbsurdCountsAreRefusedBeforeAllocating) {
  Bytes file = small_file();
  poke(file, 8, uint64_t{1} << 60, 8);  // tensor count
  EXPECT_NE(GgufFile::parse(file).status().message().find("tensor count"), std::string::npos);
  file = small_file();
  poke(file, 16, uint64_t{1} << 60, 8);  // metadata count
  EXPECT_NE(GgufFile::parse(file).status().message().find("metadata count"), std::string::npos);
  file = small_file();
  poke(file, 24, uint64_t{1} << 62, 8);  // length of the first key
  EXPECT_FALSE(GgufFile::parse(file).ok());
  // The element count of the "words" array.
  file = small_file();
  const size_t words = find_bytes(file, "words");
  poke(file, words + 5 + 4 + 4, ~uint64_t{0}, 8);
  Result<GgufFile> g = GgufFile::parse(file);
  ASSERT_FALSE(g.ok());
  EXPECT_NE(g.status().message().find("words"), std::string::npos) << g.status().message();
}

TEST(Gguf, TensorDescriptionsAreChecked) {
  const size_t name = find_bytes(small_file(), "t.weight");
  const size_t n_dims = name + 8;
  const size_t type = n_dims + 4 + 16;
  const size_t offset = type + 4;
  struct Case {
    size_t at;
    uint64_t value;
    int width;
    const char* expect;
  };
  for (const Case& c :
       {Case{n_dims, 5, 4, "dimensions"}, Case{n_dims, 0, 4, "dimensions"}, Case{n_dims + 4, 0, 8, "dimension 0"},
        Case{n_dims + 4, uint64_t{1} << 63, 8, "dimension 0"}, Case{type, 99, 4, "unknown tensor type"},
        Case{type, 8, 4, "Q8_0 blocks"}, Case{offset, 4, 8, "alignment"}, Case{offset, 1u << 20, 8, "beyond the end"},
        Case{offset, ~uint64_t{0} - 31, 8, "beyond the end"}}) {
    Bytes file = small_file();
    poke(file, c.at, c.value, c.width);
    Result<GgufFile> g = GgufFile::parse(file);
    ASSERT_FALSE(g.ok()) << c.expect;
    EXPECT_NE(g.status().message().find(c.expect), std::string::npos) << g.status().message();
    EXPECT_NE(g.status().message().find("t.weight"), std::string::npos) << g.status().message();
  }
}

TEST(Gguf, BadAlignmentAndDuplicates) {
  GgufWriter w(48);  // not a power of two
  w.add_f32_tensor("a", {3}, {1, 2, 3});
  EXPECT_NE(GgufFile::parse(w.finish()).status().message().find("power of two"), std::string::npos);
  GgufWriter d;
  d.add_u32("k", 1);
  d.add_u32("k", 2);
  EXPECT_NE(GgufFile::parse(d.finish()).status().message().find("twice"), std::string::npos);
  GgufWriter t;
  t.add_f32_tensor("a", {1}, {1});
  t.add_f32_tensor("a", {1}, {2});
  EXPECT_NE(GgufFile::parse(t.finish()).status().message().find("twice"), std::string::npos);
}

TEST(Gguf, ValueTypesAreChecked) {
  Bytes file = small_file();
  const size_t answer = find_bytes(file, "answer");
  poke(file, answer + 6, 13, 4);  // unknown value type
  EXPECT_NE(GgufFile::parse(file).status().message().find("unknown value type"), std::string::npos);
}

TEST(Gguf, TheSharedModelsParse) {
  LMZ_REQUIRE_SHARED();
  for (const char* name : {"stories260K.gguf", "stories260K-f16.gguf", "stories260K-q4_k_m.gguf"}) {
    Result<std::unique_ptr<LlamaModel>> model = LlamaModel::load(test::shared_dir() + "/models/" + name);
    ASSERT_TRUE(model.ok()) << model.status().message();
    EXPECT_EQ((*model)->config().dim, 64u);
    EXPECT_EQ((*model)->config().n_kv_heads, 4u);
    EXPECT_EQ((*model)->config().context_length, 128u);
  }
}

TEST(LlamaModel, RefusesWhatItCannotRun) {
  GgufWriter w;
  w.add_string("general.architecture", "gpt2");
  Result<std::unique_ptr<LlamaModel>> m = LlamaModel::from_bytes(w.finish(), "x.gguf");
  ASSERT_FALSE(m.ok());
  EXPECT_EQ(m.status().code(), ErrorCode::kUnsupportedModel);
  EXPECT_NE(m.status().message().find("gpt2"), std::string::npos);

  // A tensor in a type the engine cannot evaluate is named with its type.
  test::TinyModelSpec spec;
  spec.dim = 256;
  Bytes file = test::tiny_model_gguf(spec);
  const size_t q = find_bytes(file, "blk.0.attn_q.weight");
  store_le(file.data() + q + 19 + 4 + 16, static_cast<uint32_t>(TensorType::kQ2_K), 4);
  m = LlamaModel::from_bytes(file, "x.gguf");
  ASSERT_FALSE(m.ok());
  EXPECT_EQ(m.status().code(), ErrorCode::kUnsupportedModel);
  EXPECT_NE(m.status().message().find("blk.0.attn_q.weight"), std::string::npos) << m.status().message();
  EXPECT_NE(m.status().message().find("Q2_K"), std::string::npos) << m.status().message();
}

}  // namespace
}  // namespace lmz::llm
