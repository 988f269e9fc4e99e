#include "codec/lossy.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "analysis/span_classes.h"
#include "codec/stream_codec.h"
#include "llm/tiny_model.h"
#include "test_util.h"

namespace lmz::codec {
namespace {

Bytes facts() {
  const std::string text =
      "Ines Kolar was born on 14 February 1871 in Tarvisio, a mining town of 3,200 people. In 1889 she enrolled at "
      "the Technical University of Graz, one of 6 women among 1,140 students, and in 1894 she graduated. The Varn "
      "Bridge opened on 3 June 1911; it is 146 metres long and cost 2,140,000 crowns. She died on 9 November 1958.\n";
  Bytes out;
  for (int i = 0; i < 3; ++i) out.insert(out.end(), text.begin(), text.end());
  return out;
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

void check_lossy(CompressOptions o) {
  const Bytes data = facts();
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
  }
}

TEST(Lossy, BuiltInModelDecodesToTheEncodersReconstruction) { check_lossy(CompressOptions{}); }

TEST(Lossy, TokenModelDecodesToTheEncodersReconstruction) {
  CompressOptions o;
  o.llm_model = test::tiny_model();
  o.llm_ctx = 32;
  o.chunk_size = kMinChunkSize;
  check_lossy(o);
}

TEST(Lossy, StoriesAltersFactsFirstAndShrinksAsQualityFalls) {
  LMZ_REQUIRE_SHARED();
  Result<std::unique_ptr<llm::LlamaModel>> model = llm::LlamaModel::load(test::shared_dir() + "/models/stories260K.gguf");
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
  // Numbers, dates and names are altered far more often than common words
  // (the class of a token: that of the span where its first byte lies).
  o.quality = 50;
  Result<LossyTrial> trial = lossy_trial(data, o);
  ASSERT_TRUE(trial.ok());
  const std::string text(data.begin(), data.end());
  const std::vector<analysis::Span> spans = analysis::classify_spans(text);
  int facts_altered = 0, facts_tokens = 0, common_altered = 0, common_tokens = 0;
  for (const LossyToken& t : trial->tokens) {
    uint64_t at = t.begin;
    while (at + 1 < t.end && text[at] == ' ') ++at;
    const auto span = std::find_if(spans.begin(), spans.end(), [&](const analysis::Span& s) { return s.end > at; });
    const analysis::SpanClass c = span->cls;
    if (c == analysis::SpanClass::kNumber || c == analysis::SpanClass::kDate || c == analysis::SpanClass::kName) {
      ++facts_tokens;
      facts_altered += t.altered ? 1 : 0;
    } else if (c == analysis::SpanClass::kCommonWord) {
      ++common_tokens;
      common_altered += t.altered ? 1 : 0;
    }
  }
  ASSERT_GT(facts_altered, 0);
  EXPECT_GT(static_cast<double>(facts_altered) / facts_tokens, 3.0 * common_altered / common_tokens)
      << facts_altered << "/" << facts_tokens << " against " << common_altered << "/" << common_tokens;
}

}  // namespace
}  // namespace lmz::codec
