// Byte-level BPE vocabularies against the reference ids of their test
// strings (../shared/vocab), round trips of ids to bytes, and refusals of
// malformed metadata.
#include "llm/bpe_tokenizer.h"

#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <sstream>

#include "core/mapped_file.h"
#include "llm/gguf_writer.h"
#include "test_util.h"

namespace lmz::llm {
namespace {

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

struct Vocab {
  MappedFile file;
  GgufFile gguf;
  std::unique_ptr<Tokenizer> tokenizer;
};

std::unique_ptr<Vocab> load_vocab(const std::string& name) {
  Result<MappedFile> file = MappedFile::open(test::shared_dir() + "/vocab/ggml-vocab-" + name + ".gguf");
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
  const std::string base = test::shared_dir() + "/vocab/ggml-vocab-" + name + ".gguf";
  const std::string separator = "\n__ggml_vocab_test__\n";
  const std::string inputs = read_text(base + ".inp");
  std::vector<std::string> strings;
  for (size_t pos = 0; pos < inputs.size();) {
    const size_t end = inputs.find(separator, pos);
    ASSERT_NE(end, std::string::npos);
    strings.push_back(inputs.substr(pos, end - pos));
    pos = end + separator.size();
  }
  std::istringstream expected(read_text(base + ".out"));
  std::string line;
  size_t index = 0, passed = 0;
  for (; std::getline(expected, line); ++index) {
    ASSERT_LT(index, strings.size());
    std::vector<int32_t> want;
    std::istringstream ids(line);
    for (int32_t id; ids >> id;) want.push_back(id);
    const std::vector<int32_t> got = v->tokenizer->encode(strings[index]);
    EXPECT_EQ(got, want) << "string " << index << ": '" << strings[index] << "'";
    passed += got == want;
    EXPECT_EQ(v->tokenizer->decode(got), strings[index]) << "string " << index;
  }
  EXPECT_EQ(index, strings.size());
  std::printf("%s: %zu of %zu test strings give the reference ids\n", name.c_str(), passed, index);
}

TEST(BpeTokenizer, Gpt2Vectors) { LMZ_REQUIRE_SHARED(); check_vectors("gpt-2"); }
TEST(BpeTokenizer, Llama3Vectors) { LMZ_REQUIRE_SHARED(); check_vectors("llama-bpe"); }
TEST(BpeTokenizer, Qwen2Vectors) { LMZ_REQUIRE_SHARED(); check_vectors("qwen2"); }
TEST(BpeTokenizer, DeepseekLlmVectors) { LMZ_REQUIRE_SHARED(); check_vectors("deepseek-llm"); }
TEST(BpeTokenizer, DeepseekCoderVectors) { LMZ_REQUIRE_SHARED(); check_vectors("deepseek-coder"); }
TEST(BpeTokenizer, FalconVectors) { LMZ_REQUIRE_SHARED(); check_vectors("falcon"); }
TEST(BpeTokenizer, StarcoderVectors) { LMZ_REQUIRE_SHARED(); check_vectors("starcoder"); }
TEST(BpeTokenizer, RefactVectors) { LMZ_REQUIRE_SHARED(); check_vectors("refact"); }
TEST(BpeTokenizer, MptVectors) { LMZ_REQUIRE_SHARED(); check_vectors("mpt"); }

}  // namespace
}  // namespace lmz::llm
