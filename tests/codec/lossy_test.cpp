#include "codec/lossy.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <random>
#include <sstream>

#include "analysis/span_classes.h"
#include "codec/stream_codec.h"
#include "llm/tiny_model.h"
#include "test_util.h"

namespace lmz::codec {
namespace {

const std::string& facts_text() {
  static const std::string text =
      "Ines Kolar was born on 14 February 1871 in Tarvisio, a mining town of 3,200 people. In 1889 she enrolled at "
      "the Technical University of Graz, one of 6 women among 1,140 students, and in 1894 she graduated. The Varn "
      "Bridge opened on 3 June 1911; it is 146 metres long and cost 2,140,000 crowns. She died on 9 November 1958.\n";
  return text;
}

Bytes facts() {
  Bytes out;
  for (int i = 0; i < 3; ++i) out.insert(out.end(), facts_text().begin(), facts_text().end());
  return out;
}

bool word_byte(uint8_t c) {
  return std::isalnum(c) != 0 || c >= 128;
}

// Shares of number, date and name tokens and of common-word tokens altered
// (the class of a token: that of the span where its first byte lies).
struct FactShares {
  int facts_altered = 0, facts_tokens = 0, common_altered = 0, common_tokens = 0;
  double facts() const { return static_cast<double>(facts_altered) / facts_tokens; }
  double common() const { return static_cast<double>(common_altered) / common_tokens; }
};

FactShares fact_shares(const LossyTrial& trial, const std::string& text) {
  const std::vector<analysis::Span> spans = analysis::classify_spans(text);
  FactShares s;
  for (const LossyToken& t : trial.tokens) {
    uint64_t at = t.begin;
    while (at + 1 < t.end && text[at] == ' ') ++at;
    const auto span = std::find_if(spans.begin(), spans.end(), [&](const analysis::Span& x) { return x.end > at; });
    const analysis::SpanClass c = span->cls;
    if (c == analysis::SpanClass::kNumber || c == analysis::SpanClass::kDate || c == analysis::SpanClass::kName) {
      ++s.facts_tokens;
      s.facts_altered += t.altered ? 1 : 0;
    } else if (c == analysis::SpanClass::kCommonWord) {
      ++s.common_tokens;
      s.common_altered += t.altered ? 1 : 0;
    }
  }
  return s;
}

TEST(Lossy, QualityScale) {
  EXPECT_EQ(lambda_for_quality(1), 0.0);
  EXPECT_DOUBLE_EQ(lambda_for_quality(17), 1.0);
  EXPECT_DOUBLE_EQ(lambda_for_quality(49), 7.0);
  EXPECT_TRUE(std::isinf(lambda_for_quality(100)));
  for (int q = 2; q <= 100; ++q) EXPECT_GT(lambda_for_quality(q), lambda_for_quality(q - 1));
}

TEST(Lossy, QualityHundredIsTheLosslessArchive) {
  const Bytes data = facts();
  CompressOptions lossless, hundred;
  hundred.quality = 100;
  EXPECT_EQ(*compress_bytes(data, lossless), *compress_bytes(data, hundred));
  lossless.llm_model = hundred.llm_model = test::tiny_model();
  lossless.llm_ctx = hundred.llm_ctx = 32;
  EXPECT_EQ(*compress_bytes(data, lossless), *compress_bytes(data, hundred));
}

// Counts in `altered` the tokens the qualities altered.
void check_lossy(CompressOptions o, const Bytes& data, int& altered) {
  for (int quality : {1, 20, 45, 80}) {
    o.quality = quality;
    o.threads = 1;
    Result<Bytes> archive = compress_bytes(data, o);
    ASSERT_TRUE(archive.ok()) << archive.status().message();
    o.threads = 2;
    EXPECT_EQ(*archive, *compress_bytes(data, o)) << quality;
    Result<ArchiveInfo> info = read_archive_info(source_of(*archive));
    ASSERT_TRUE(info.ok());
    EXPECT_TRUE(info->header.lossy);
    EXPECT_EQ(info->header.quality, quality);
    DecompressOptions d;
    d.llm_model = o.llm_model;
    Result<Bytes> decoded = decompress_bytes(*archive, d);
    ASSERT_TRUE(decoded.ok()) << decoded.status().message();
    Result<LossyTrial> trial = lossy_trial(data, o);
    ASSERT_TRUE(trial.ok());
    EXPECT_EQ(*decoded, trial->reconstruction) << quality;
    // The tokens tile both texts.
    uint64_t in = 0, out = 0;
    for (const LossyToken& t : trial->tokens) {
      ASSERT_EQ(t.begin, in);
      ASSERT_EQ(t.out_begin, out);
      in = t.end;
      out = t.out_end;
    }
    EXPECT_EQ(in, data.size());
    EXPECT_EQ(out, trial->reconstruction.size());
    for (const LossyToken& t : trial->tokens) altered += t.altered ? 1 : 0;
  }
}

// Where the lossless archive stores its input, no quality may do worse.
TEST(Lossy, NeverLargerThanTheLosslessArchive) {
  const Bytes data = test::random_bytes(6000, 44);
  CompressOptions o;
  o.llm_model = test::tiny_model();
  o.llm_ctx = 32;
  o.chunk_size = kMinChunkSize;
  for (const bool token_model : {true, false}) {
    if (!token_model) o.llm_model = nullptr;
    o.quality = 100;
    const size_t lossless = compress_bytes(data, o)->size();
    for (int quality : {90, 50, 20}) {
      o.quality = quality;
      // The lossy header holds nine bytes more: the quality and the input's size.
      EXPECT_LE(compress_bytes(data, o)->size(), lossless + 9) << quality << (token_model ? " token model" : " cm");
    }
  }
}

TEST(Lossy, BuiltInModelDecodesToTheEncodersReconstruction) {
  int altered = 0;
  check_lossy(CompressOptions{}, facts(), altered);
  const Bytes once(facts_text().begin(), facts_text().end());
  check_lossy(CompressOptions{}, once, altered);
  EXPECT_GT(altered, 0);
}

// Sentences of random figures, about 28 KB: with the primer, just over 2^16
// bytes for the model, so a reconstruction a little shorter calls for
// smaller tables, which the decoder builds from the reconstruction's size.
Bytes figures(size_t n, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::string text;
  while (text.size() < n) {
    text += "In " + std::to_string(1800 + rng() % 200) + " the mill employed " + std::to_string(rng() % 5000) +
            " people and made " + std::to_string(rng() % 90000) + " yards of cloth. ";
  }
  text.resize(n);
  return Bytes(text.begin(), text.end());
}

TEST(Lossy, BuiltInModelReconstructionOfAnotherSizeDecodes) {
  const auto bits_for = [](uint64_t bytes) {
    cm::CmParams p;
    p.input_bytes = bytes;
    return p.hash_bucket_bits();
  };
  bool crossed = false;
  for (const size_t n : {28400, 28500, 28600}) {
    const Bytes data = figures(n, n);
    CompressOptions o;
    o.quality = 10;
    Result<LossyTrial> trial = lossy_trial(data, o);
    ASSERT_TRUE(trial.ok());
    Result<Bytes> archive = compress_bytes(data, o);
    ASSERT_TRUE(archive.ok());
    Result<Bytes> decoded = decompress_bytes(*archive, DecompressOptions{});
    ASSERT_TRUE(decoded.ok()) << decoded.status().message();
    EXPECT_EQ(*decoded, trial->reconstruction);
    crossed = crossed || bits_for(data.size()) != bits_for(decoded->size());
  }
  EXPECT_TRUE(crossed) << "no reconstruction called for other tables; move the sizes";
}

TEST(Lossy, TokenModelDecodesToTheEncodersReconstruction) {
  CompressOptions o;
  o.llm_model = test::tiny_model();
  o.llm_ctx = 32;
  o.chunk_size = kMinChunkSize;
  int altered = 0;
  check_lossy(o, facts(), altered);
  EXPECT_GT(altered, 0);
}

TEST(Lossy, StoriesAltersFactsFirstAndShrinksAsQualityFalls) {
  LMZ_REQUIRE_SHARED();
  Result<std::unique_ptr<llm::LlamaModel>> model =
      llm::LlamaModel::load(test::shared_dir() + "/models/stories260K.gguf");
  ASSERT_TRUE(model.ok());
  CompressOptions o;
  o.llm_model = std::move(*model);
  o.llm_ctx = 512;
  const Bytes data = facts();
  uint64_t previous = UINT64_MAX;
  for (int quality = 100; quality >= 10; quality -= 10) {
    o.quality = quality;
    Result<LossyTrial> trial = lossy_trial(data, o);
    ASSERT_TRUE(trial.ok());
    EXPECT_LE(trial->payload_bytes, previous) << quality;
    previous = trial->payload_bytes;
  }
  // Numbers, dates and names are altered far more often than common words.
  o.quality = 50;
  Result<LossyTrial> trial = lossy_trial(data, o);
  ASSERT_TRUE(trial.ok());
  const FactShares shares = fact_shares(*trial, std::string(data.begin(), data.end()));
  ASSERT_GT(shares.facts_altered, 0);
  EXPECT_GT(shares.facts(), 3.0 * shares.common()) << shares.facts_altered << "/" << shares.facts_tokens << " against "
                                                   << shares.common_altered << "/" << shares.common_tokens;
}

// The built-in model's tokens are words (letters and digits) and single
// other bytes; an altered word is the model's guess for the whole word.
TEST(Lossy, BuiltInModelGuessesWholeWords) {
  const std::string& text = facts_text();
  const Bytes data(text.begin(), text.end());
  CompressOptions o;
  o.quality = 40;
  Result<LossyTrial> trial = lossy_trial(data, o);
  ASSERT_TRUE(trial.ok());
  int altered = 0;
  for (const LossyToken& t : trial->tokens) {
    ASSERT_LT(t.begin, t.end);
    if (!word_byte(data[t.begin])) {
      EXPECT_EQ(t.end, t.begin + 1);
    } else {
      EXPECT_TRUE(t.begin == 0 || !word_byte(data[t.begin - 1])) << t.begin;
      EXPECT_TRUE(t.end == data.size() || !word_byte(data[t.end])) << t.end;
    }
    if (!t.altered) {
      EXPECT_TRUE(std::equal(data.begin() + t.begin, data.begin() + t.end, trial->reconstruction.begin() + t.out_begin,
                             trial->reconstruction.begin() + t.out_end));
      continue;
    }
    ++altered;
    EXPECT_FALSE(std::equal(data.begin() + t.begin, data.begin() + t.end, trial->reconstruction.begin() + t.out_begin,
                            trial->reconstruction.begin() + t.out_end));
  }
  EXPECT_GT(altered, 0);
}

// A run of letters and digits longer than a word (here hex) is altered byte
// by byte, never guessed and skipped whole.
TEST(Lossy, LongRunsAreNoWords) {
  const Bytes random = test::random_bytes(1500, 45);
  std::string hex;
  for (const uint8_t b : random) hex += "0123456789abcdef"[b >> 4], hex += "0123456789abcdef"[b & 15];
  CompressOptions o;
  o.quality = 20;
  Result<LossyTrial> trial = lossy_trial(Bytes(hex.begin(), hex.end()), o);
  ASSERT_TRUE(trial.ok());
  int altered = 0;
  for (const LossyToken& t : trial->tokens) {
    ASSERT_EQ(t.end - t.begin, 1u) << t.begin;
    altered += t.altered ? 1 : 0;
  }
  EXPECT_GT(altered, 0);
  EXPECT_EQ(trial->reconstruction.size(), hex.size());
}

TEST(Lossy, BuiltInModelAltersFactsFirst) {
  const std::string& text = facts_text();
  CompressOptions o;
  o.quality = 40;
  Result<LossyTrial> trial = lossy_trial(Bytes(text.begin(), text.end()), o);
  ASSERT_TRUE(trial.ok());
  const FactShares shares = fact_shares(*trial, text);
  ASSERT_GT(shares.facts_altered, 0);
  EXPECT_GT(shares.facts(), 3.0 * shares.common()) << shares.facts_altered << "/" << shares.facts_tokens << " against "
                                                   << shares.common_altered << "/" << shares.common_tokens;
}

}  // namespace
}  // namespace lmz::codec
