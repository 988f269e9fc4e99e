#include "llm/spm_tokenizer.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "core/mapped_file.h"
#include "test_util.h"
#include "tiny_model.h"
#include "vocab_vectors.h"

namespace lmz::llm {
namespace {

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Every test string of a vocabulary gives the reference ids.
void check_vocab(const std::string& name) {
  Result<MappedFile> file = MappedFile::open(test::vocab_path(name));
  ASSERT_TRUE(file.ok()) << file.status().message();
  Result<GgufFile> gguf = GgufFile::parse(file->bytes());
  ASSERT_TRUE(gguf.ok()) << gguf.status().message();
  Result<std::unique_ptr<SpmTokenizer>> tokenizer = SpmTokenizer::from_gguf(*gguf);
  ASSERT_TRUE(tokenizer.ok()) << tokenizer.status().message();
  const std::vector<test::VocabCase> cases = test::vocab_cases(name);
  ASSERT_FALSE(cases.empty());
  for (size_t index = 0; index < cases.size(); ++index) {
    EXPECT_EQ((*tokenizer)->encode(cases[index].text), cases[index].ids)
        << name << " string " << index << ": '" << cases[index].text << "'";
  }
}

TEST(SpmTokenizer, LlamaVectors) {
  LMZ_REQUIRE_SHARED();
  check_vocab("llama-spm");
}

TEST(SpmTokenizer, Phi3Vectors) {
  LMZ_REQUIRE_SHARED();
  check_vocab("phi-3");
}

TEST(SpmTokenizer, StoriesTokenizerMatchesTheReference) {
  LMZ_REQUIRE_SHARED();
  Result<std::unique_ptr<LlamaModel>> model = LlamaModel::load(test::shared_dir() + "/models/stories260K.gguf");
  ASSERT_TRUE(model.ok());
  const Tokenizer& t = (*model)->tokenizer();
  const std::vector<int32_t> ids = t.encode(read_text(test::shared_dir() + "/models/reference/tinystory.txt"));
  const std::vector<int32_t> want = {403, 407, 261, 378, 432, 383, 286, 261, 376, 298, 315};
  ASSERT_GE(ids.size(), want.size());
  EXPECT_EQ(std::vector<int32_t>(ids.begin(), ids.begin() + 11), want);
  std::vector<int32_t> with_bos = {t.bos()};
  with_bos.insert(with_bos.end(), ids.begin(), ids.end());
  EXPECT_EQ(t.decode(with_bos), read_text(test::shared_dir() + "/models/reference/tinystory.txt"));
}

class TinyTokenizer : public ::testing::Test {
 protected:
  void SetUp() override {
    model_ = test::tiny_model();
    ASSERT_NE(model_, nullptr);
  }
  const Tokenizer& t() { return model_->tokenizer(); }
  std::string spell(const std::vector<int32_t>& ids) {
    std::string s;
    for (int32_t id : ids) s += t().piece(id);
    return s;
  }
  std::shared_ptr<const LlamaModel> model_;
};

TEST_F(TinyTokenizer, MergesBestScoresFirstAndFallsBackToBytes) {
  EXPECT_TRUE(t().encode("").empty());
  const std::vector<int32_t> ids = t().encode("the cat");
  EXPECT_EQ(spell(ids), " the cat");
  EXPECT_LT(ids.size(), 7u);  // merged, not one token per letter
  // Characters outside the vocabulary become their UTF-8 bytes' tokens.
  const std::vector<int32_t> bytes = t().encode("\xc3\xa9");  // é
  ASSERT_EQ(bytes.size(), 3u);
  EXPECT_EQ(bytes[1], t().byte_token(0xc3));
  EXPECT_EQ(bytes[2], t().byte_token(0xa9));
  EXPECT_EQ(t().decode(std::vector<int32_t>{t().bos(), bytes[0], bytes[1], bytes[2]}), "\xc3\xa9");
}

TEST_F(TinyTokenizer, IdentityChangesWithTheVocabulary) {
  test::TinyModelSpec other;
  other.byte_tokens = false;
  std::shared_ptr<const LlamaModel> m = test::tiny_model(other);
  ASSERT_NE(m, nullptr);
  EXPECT_NE(m->tokenizer().identity(), t().identity());
  EXPECT_EQ(test::tiny_model()->tokenizer().identity(), t().identity());
  // Without byte tokens an unknown character becomes the unknown token.
  EXPECT_EQ(m->tokenizer().encode("\xc3\xa9")[1], m->tokenizer().unknown());
}

}  // namespace
}  // namespace lmz::llm
