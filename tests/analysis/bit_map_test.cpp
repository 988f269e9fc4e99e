#include "analysis/bit_map.h"

#include <gtest/gtest.h>

#include <cmath>
#include <nlohmann/json.hpp>

#include "analysis/logprobs.h"
#include "analysis/map_reports.h"
#include "codec/llm_chunk_codec.h"
#include "codec/stream_codec.h"
#include "llm/tiny_model.h"
#include "test_util.h"

namespace lmz::analysis {
namespace {

std::string sample_text() {
  return "On 12 March 2024 the Orbis Institute in Lyon reported that 4,312 of 9,870 samples (43.7%) failed; "
         "Dr. Helena Marsh said the cause was a fault in calibrate_sensor(). See https://orbis.example/report "
         "or mail h.marsh@orbis.example. The committee will meet again at 09:30 on Monday.\n";
}

void expect_consistent(const BitMap& map) {
  double class_bits = 0.0, span_bits = 0.0;
  uint64_t class_bytes = 0;
  for (const ClassTotals& c : map.classes) {
    class_bits += c.bits;
    class_bytes += c.bytes;
  }
  for (const ScoredSpan& s : map.spans) span_bits += s.bits;
  EXPECT_NEAR(class_bits, map.total_bits, 1e-6 * std::max(1.0, map.total_bits));
  EXPECT_NEAR(span_bits, map.total_bits, 1e-6 * std::max(1.0, map.total_bits));
  EXPECT_EQ(class_bytes, map.text.size());
  uint64_t at = 0;
  for (const TokenScore& t : map.scoring.tokens) {
    ASSERT_EQ(t.begin, at);
    ASSERT_GE(t.end, t.begin);
    at = t.end;
  }
  EXPECT_EQ(at, map.text.size());
}

TEST(BitMap, BuiltInModelBitsAddUpAndMatchTheArchive) {
  const Bytes data = test::text_bytes(30000, 3);
  const std::string text(data.begin(), data.end());
  cm::CmParams params;
  params.level = 2;
  const BitMap map = build_bit_map(text, score_with_cm(data, params, codec::kDefaultChunkSize));
  expect_consistent(map);
  codec::CompressOptions o;
  o.cm = params;
  o.compact = false;
  const Result<Bytes> archive = codec::compress_bytes(data, o);
  ASSERT_TRUE(archive.ok());
  const double payload_bits = 8.0 * static_cast<double>(archive->size() - 55);  // the single-chunk container
  EXPECT_NEAR(map.total_bits / payload_bits, 1.0, 0.002) << map.total_bits << " vs " << payload_bits;
}

TEST(BitMap, TokenModelBitsEqualTheCodecsIdealCodeLength) {
  const std::shared_ptr<const llm::LlamaModel> model = test::tiny_model();
  const std::string text = sample_text() + sample_text();
  const ByteSpan bytes(reinterpret_cast<const uint8_t*>(text.data()), text.size());
  const BitMap map = build_bit_map(text, score_with_llm(bytes, *model, 32, codec::kMinChunkSize, 3, 1));
  expect_consistent(map);
  for (const TokenScore& t : map.scoring.tokens) {
    ASSERT_TRUE(t.has_distribution);
    ASSERT_GE(t.rank, 1u);
    ASSERT_EQ(t.top.size(), 3u);
    ASSERT_GE(t.top[0].probability, t.top[1].probability);
  }
  // The codec records the same sum for the chunk it codes (a random model
  // would store this text, so the chunk coder is asked directly).
  codec::LlmChunkCodec chunk_codec(*model, 32);
  Result<codec::CodeLengths> lengths = codec::llm_payload_code_lengths(chunk_codec.encode(bytes));
  ASSERT_TRUE(lengths.ok());
  EXPECT_NEAR(map.total_bits, lengths->model_bits, 0.01);
}

// A mixed scoring's tokens cost what the mixed coder records for the chunk,
// with the model alone beside them: the codec's own two code lengths.
TEST(BitMap, MixedScoringEqualsTheMixedCodersCodeLength) {
  LMZ_REQUIRE_SHARED();  // a model that codes its text better than the built-in model alone
  Result<std::unique_ptr<llm::LlamaModel>> model =
      llm::LlamaModel::load(test::shared_dir() + "/models/stories260K.gguf");
  ASSERT_TRUE(model.ok());
  Result<Bytes> story = read_file(test::shared_dir() + "/models/reference/tinystory.txt");
  ASSERT_TRUE(story.ok());
  const std::string text(story->begin(), story->begin() + 1500);
  const ByteSpan bytes(reinterpret_cast<const uint8_t*>(text.data()), text.size());
  cm::CmParams mix;
  mix.level = 2;
  const BitMap map = build_bit_map(text, score_with_llm(bytes, **model, 64, 1 << 20, 3, 1, mix));
  expect_consistent(map);
  EXPECT_TRUE(map.mixed());
  EXPECT_LT(map.total_bits, map.model_total_bits);
  codec::LlmChunkCodec chunk_codec(**model, 64, 1, mix);
  const Bytes payload = chunk_codec.encode(bytes);
  ASSERT_NE(payload[0], 4) << "the built-in model alone coded this chunk: choose another text";
  Result<codec::CodeLengths> lengths = codec::llm_payload_code_lengths(payload);
  ASSERT_TRUE(lengths.ok());
  EXPECT_NEAR(map.total_bits, lengths->table_bits, 0.01);
  EXPECT_NEAR(map.model_total_bits, lengths->model_bits, 0.01);
  const nlohmann::json j = nlohmann::json::parse(map_json(map));
  EXPECT_TRUE(j["mixed"].get<bool>());
  EXPECT_EQ(j["mix_level"], 2);
  EXPECT_NEAR(j["model_total_bits"].get<double>(), map.model_total_bits, 1e-6);
  double alone = 0;
  for (const auto& c : j["classes"]) alone += c["model_bits"].get<double>();
  EXPECT_NEAR(alone, map.model_total_bits, 1e-6 * alone);
}

TEST(BitMap, ReportsCarryTheMapAndTheClassTable) {
  const std::string text = sample_text();
  cm::CmParams params;
  params.level = 1;
  const BitMap map = build_bit_map(
      text, score_with_cm(ByteSpan(reinterpret_cast<const uint8_t*>(text.data()), text.size()), params, 1 << 20));
  const nlohmann::json j = nlohmann::json::parse(map_json(map));
  EXPECT_EQ(j["bytes"], text.size());
  EXPECT_EQ(j["unit"], "byte");
  EXPECT_EQ(j["tokens"].size(), text.size());
  double sum = 0;
  for (const auto& c : j["classes"]) sum += c["bits"].get<double>();
  EXPECT_NEAR(sum, j["total_bits"].get<double>(), 1e-6);
  bool number = false, name = false, date = false, url = false, code = false;
  for (const auto& s : j["spans"]) {
    const std::string cls = s["class"];
    number |= cls == "number" && s["text"] == "4,312";
    name |= cls == "name" && s["text"] == "Helena Marsh";
    date |= cls == "date" && s["text"] == "12 March 2024";
    url |= cls == "url" && s["text"] == "h.marsh@orbis.example";
    code |= cls == "code" && s["text"] == "calibrate_sensor";
  }
  EXPECT_TRUE(number && name && date && url && code);

  const std::string colored = map_terminal(map, true);
  EXPECT_NE(colored.find("\033[48;5;"), std::string::npos);
  EXPECT_NE(colored.find("share of bits"), std::string::npos);
  const std::string plain = map_terminal(map, false);
  EXPECT_EQ(plain.find('\033'), std::string::npos);
  EXPECT_NE(plain.find("most expensive"), std::string::npos);
  const std::string html = map_html(map);
  EXPECT_NE(html.find("<!DOCTYPE html>"), std::string::npos);
  EXPECT_NE(html.find("data-tip=\""), std::string::npos);
  EXPECT_NE(html.find("<table>"), std::string::npos);
  EXPECT_EQ(html.find("<script"), std::string::npos);  // self-contained, no script needed
}

TEST(BitMap, CodePointOffsetsCountCharacters) {
  const std::string text = "caf\xc3\xa9 \xe2\x82\xac 5 \xff!";
  cm::CmParams params;
  params.level = 1;
  const BitMap map = build_bit_map(
      text, score_with_cm(ByteSpan(reinterpret_cast<const uint8_t*>(text.data()), text.size()), params, 1 << 20));
  // c a f é, space, €, space, 5, space, the stray byte, !
  EXPECT_EQ(map.code_points.back(), 11u);
  EXPECT_EQ(map.code_points[5], 4u);   // the space after é (bytes 3-4)
  EXPECT_EQ(map.code_points[6], 5u);   // € starts at byte 6
  EXPECT_EQ(map.code_points[12], 9u);  // the byte 0xff
}

TEST(Logprobs, ChatCompletionsWithTopLogprobs) {
  const std::string response = R"({"model":"gpt-x","choices":[{"message":{"content":"Paris is"},"logprobs":{"content":[
    {"token":"Paris","logprob":-0.105,"bytes":[80,97,114,105,115],"top_logprobs":[{"token":"Paris","logprob":-0.105},{"token":"Lyon","logprob":-2.5}]},
    {"token":" is","logprob":-1.2,"top_logprobs":[{"token":" was","logprob":-0.5},{"token":" is","logprob":-1.2}]}]}}]})";
  Result<LogprobAnswer> a = parse_logprobs(response, "r.json");
  ASSERT_TRUE(a.ok()) << a.status().message();
  EXPECT_EQ(a->text, "Paris is");
  EXPECT_EQ(a->scoring.model, "gpt-x");
  ASSERT_EQ(a->scoring.tokens.size(), 2u);
  EXPECT_NEAR(a->scoring.tokens[0].bits, 0.105 / std::log(2.0), 1e-12);
  EXPECT_EQ(a->scoring.tokens[1].rank, 2u);
  EXPECT_TRUE(a->scoring.entropy_is_lower_bound);
  EXPECT_GT(a->scoring.tokens[1].entropy_bits, 0.0);
  const BitMap map = build_bit_map(a->text, a->scoring);
  expect_consistent(map);
}

TEST(Logprobs, CompletionsLlamaCppAndOllamaForms) {
  Result<LogprobAnswer> c = parse_logprobs(
      R"({"choices":[{"text":"a b","logprobs":{"tokens":["a"," b"],"token_logprobs":[-0.5,-1.0],"top_logprobs":[{"a":-0.5,"x":-1.5},{" b":-1.0}]}}]})",
      "c.json");
  ASSERT_TRUE(c.ok()) << c.status().message();
  EXPECT_EQ(c->text, "a b");
  Result<LogprobAnswer> l = parse_logprobs(
      R"({"completion_probabilities":[{"content":"Hi","probs":[{"tok_str":"Hi","prob":0.5},{"tok_str":"Yo","prob":0.25}]}]})",
      "l.json");
  ASSERT_TRUE(l.ok()) << l.status().message();
  EXPECT_NEAR(l->scoring.tokens[0].bits, 1.0, 1e-12);
  Result<LogprobAnswer> o =
      parse_logprobs(R"({"model":"llama3","logprobs":[{"token":"ok","logprob":-0.25}]})", "o.json");
  ASSERT_TRUE(o.ok()) << o.status().message();
  EXPECT_FALSE(o->scoring.tokens[0].has_distribution);
  EXPECT_FALSE(parse_logprobs("{\"choices\":[{\"message\":{\"content\":\"x\"}}]}", "n.json").ok());
  EXPECT_FALSE(parse_logprobs("not json", "n.json").ok());
  EXPECT_FALSE(parse_logprobs(std::string(100000, '['), "deep.json").ok());  // refused, not a stack overflow
  EXPECT_FALSE(parse_logprobs(R"({"logprobs":[{"token":"x","logprob":0.5}]})", "n.json").ok());
}

TEST(Compare, TwoModelsOverTheSameSpans) {
  const std::string text = sample_text();
  const ByteSpan bytes(reinterpret_cast<const uint8_t*>(text.data()), text.size());
  cm::CmParams params;
  params.level = 1;
  const BitMap a = build_bit_map(text, score_with_cm(bytes, params, 1 << 20));
  const BitMap b = build_bit_map(text, score_with_llm(bytes, *test::tiny_model(), 32, 1 << 20, 2, 1));
  const nlohmann::json j = nlohmann::json::parse(compare_json(a, b));
  EXPECT_EQ(j["spans"].size(), a.spans.size());
  EXPECT_NEAR(j["a"]["total_bits"].get<double>(), a.total_bits, 1e-9);
  EXPECT_FALSE(j["b_knows"].empty() && j["a_knows"].empty());
  EXPECT_NE(compare_terminal(a, b).find("what B knows"), std::string::npos);
}

}  // namespace
}  // namespace lmz::analysis
