// Byte-level BPE vocabularies against the reference ids of their test
// strings (../shared/vocab), round trips of ids to bytes, and refusals of
// malformed metadata.
#include "llm/bpe_tokenizer.h"

#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <functional>
#include <sstream>

#include "codec/stream_codec.h"
#include "core/mapped_file.h"
#include "llm/gguf_writer.h"
#include "test_util.h"
#include "tiny_model.h"
#include "vocab_vectors.h"

namespace lmz::llm {
namespace {

struct Vocab {
  MappedFile file;
  GgufFile gguf;
  std::unique_ptr<Tokenizer> tokenizer;
};

std::unique_ptr<Vocab> load_vocab(const std::string& name) {
  Result<MappedFile> file = MappedFile::open(test::vocab_path(name));
  EXPECT_TRUE(file.ok()) << file.status().message();
  if (!file.ok()) return nullptr;
  auto v = std::make_unique<Vocab>(Vocab{std::move(*file), {}, nullptr});
  Result<GgufFile> gguf = GgufFile::parse(v->file.bytes());
  EXPECT_TRUE(gguf.ok()) << gguf.status().message();
  if (!gguf.ok()) return nullptr;
  v->gguf = std::move(*gguf);
  Result<std::unique_ptr<Tokenizer>> tokenizer = load_tokenizer(v->gguf);
  EXPECT_TRUE(tokenizer.ok()) << tokenizer.status().message();
  if (!tokenizer.ok()) return nullptr;
  v->tokenizer = std::move(*tokenizer);
  return v;
}

// Every test string of a vocabulary gives the reference ids, and its ids
// spell it again (less what is not valid UTF-8).
void check_vectors(const std::string& name) {
  SCOPED_TRACE(name);
  std::unique_ptr<Vocab> v = load_vocab(name);
  ASSERT_NE(v, nullptr);
  const std::vector<test::VocabCase> cases = test::vocab_cases(name);
  ASSERT_FALSE(cases.empty());
  size_t index = 0, passed = 0;
  for (; index < cases.size(); ++index) {
    const test::VocabCase& c = cases[index];
    const std::vector<int32_t> got = v->tokenizer->encode(c.text);
    EXPECT_EQ(got, c.ids) << "string " << index << ": '" << c.text << "'";
    passed += got == c.ids;
    EXPECT_EQ(v->tokenizer->decode(got), c.text) << "string " << index;
  }
  std::printf("%s: %zu of %zu test strings give the reference ids\n", name.c_str(), passed, index);
}

TEST(BpeTokenizer, Gpt2Vectors) {
  LMZ_REQUIRE_SHARED();
  check_vectors("gpt-2");
}
TEST(BpeTokenizer, Llama3Vectors) {
  LMZ_REQUIRE_SHARED();
  check_vectors("llama-bpe");
}
TEST(BpeTokenizer, Qwen2Vectors) {
  LMZ_REQUIRE_SHARED();
  check_vectors("qwen2");
}
TEST(BpeTokenizer, DeepseekLlmVectors) {
  LMZ_REQUIRE_SHARED();
  check_vectors("deepseek-llm");
}
TEST(BpeTokenizer, DeepseekCoderVectors) {
  LMZ_REQUIRE_SHARED();
  check_vectors("deepseek-coder");
}
TEST(BpeTokenizer, FalconVectors) {
  LMZ_REQUIRE_SHARED();
  check_vectors("falcon");
}
TEST(BpeTokenizer, StarcoderVectors) {
  LMZ_REQUIRE_SHARED();
  check_vectors("starcoder");
}
TEST(BpeTokenizer, RefactVectors) {
  LMZ_REQUIRE_SHARED();
  check_vectors("refact");
}
TEST(BpeTokenizer, MptVectors) {
  LMZ_REQUIRE_SHARED();
  check_vectors("mpt");
}

// A vocabulary-only GGUF with BPE metadata, changed by `edit` before writing.
Result<std::unique_ptr<Tokenizer>> tokenizer_from(const std::function<void(GgufWriter&)>& edit,
                                                  const std::vector<std::string>& merges) {
  const test::TinyBpeVocab v = test::tiny_bpe_vocab();
  GgufWriter w;
  w.add_string("tokenizer.ggml.model", "gpt2");
  w.add_string_array("tokenizer.ggml.tokens", v.tokens);
  w.add_string_array("tokenizer.ggml.merges", merges);
  edit(w);
  static Bytes file;  // the parsed file's strings are views into it
  file = w.finish();
  Result<GgufFile> gguf = GgufFile::parse(file);
  if (!gguf.ok()) return gguf.status();
  return load_tokenizer(*gguf);
}

TEST(BpeTokenizer, MalformedMetadataIsRefused) {
  const std::vector<std::string> merges = test::tiny_bpe_vocab().merges;
  auto refused = [](const Result<std::unique_ptr<Tokenizer>>& r, const std::string& words) {
    ASSERT_FALSE(r.ok());
    EXPECT_NE(r.status().message().find(words), std::string::npos) << r.status().message();
  };
  EXPECT_TRUE(tokenizer_from([](GgufWriter& w) { w.add_string("tokenizer.ggml.pre", "qwen2"); }, merges).ok());
  refused(tokenizer_from([](GgufWriter& w) { w.add_string("tokenizer.ggml.pre", "nonsense"); }, merges),
          "pre-tokenizer 'nonsense' is not supported");
  refused(tokenizer_from([](GgufWriter& w) { w.add_u32("tokenizer.ggml.pre", 3); }, merges),
          "tokenizer.ggml.pre is not a string");
  std::vector<std::string> bad = merges;
  bad.push_back("\xc4\xa0t zzzz");
  refused(tokenizer_from([](GgufWriter&) {}, bad), "names a token the vocabulary lacks");
  refused(tokenizer_from([](GgufWriter&) {}, {"nospace"}), "not two tokens separated by a space");
  refused(tokenizer_from([](GgufWriter& w) { w.add_string_array("tokenizer.ggml.token_type", {"1"}); }, merges),
          "tokenizer.ggml.token_type");
  refused(tokenizer_from([](GgufWriter& w) { w.add_u32("tokenizer.ggml.bos_token_id", 1u << 30); }, merges),
          "is not a token");
  GgufWriter bert;
  bert.add_string("tokenizer.ggml.model", "bert");
  bert.add_string_array("tokenizer.ggml.tokens", {"a"});
  const Bytes file = bert.finish();
  Result<GgufFile> gguf = GgufFile::parse(file);
  ASSERT_TRUE(gguf.ok());
  Result<std::unique_ptr<Tokenizer>> r = load_tokenizer(*gguf);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("tokenizer 'bert' is not supported"), std::string::npos);
}

// Runs without ../shared: a tiny BPE model codes any bytes exactly, and a
// text holding the end-of-text token round-trips.
TEST(BpeTokenizer, TinyModelRoundTripsAnyBytes) {
  for (const char* pre : {"llama-bpe", "gpt-2", "qwen2"}) {
    SCOPED_TRACE(pre);
    test::TinyModelSpec spec;
    spec.bpe_pre = pre;
    std::shared_ptr<const LlamaModel> model = test::tiny_model(spec);
    ASSERT_NE(model, nullptr);
    Bytes input = test::text_bytes(3000, 7);
    const std::string extra = " <|endoftext|> \xff\xfe caf\xc3\xa9 \xe2\x96\x81   12345678";
    input.insert(input.end(), extra.begin(), extra.end());
    const Bytes noise = test::random_bytes(500, 8);
    input.insert(input.end(), noise.begin(), noise.end());
    codec::CompressOptions c;
    c.llm_model = model;
    c.llm_ctx = 64;
    c.chunk_size = codec::kMinChunkSize;
    Result<Bytes> archive = codec::compress_bytes(input, c);
    ASSERT_TRUE(archive.ok()) << archive.status().message();
    codec::DecompressOptions d;
    d.llm_model = model;
    Result<Bytes> back = codec::decompress_bytes(*archive, d);
    ASSERT_TRUE(back.ok()) << back.status().message();
    EXPECT_EQ(*back, input);
  }
}

}  // namespace
}  // namespace lmz::llm
