#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <cstring>
#include <fstream>
#include <nlohmann/json.hpp>
#include <thread>

#include "llm/kernels.h"
#include "llm/llama_session.h"
#include "test_util.h"
#include "tiny_model.h"

namespace lmz::llm {
namespace {

nlohmann::json reference() {
  std::ifstream in(test::shared_dir() + "/models/reference/stories260K.json");
  return nlohmann::json::parse(in);
}

std::unique_ptr<LlamaModel> load_shared(const std::string& name) {
  Result<std::unique_ptr<LlamaModel>> model = LlamaModel::load(test::shared_dir() + "/models/" + name);
  EXPECT_TRUE(model.ok()) << model.status().message();
  return model.ok() ? std::move(*model) : nullptr;
}

// Greedy decoding as the reference ran it: stop at 256 positions or at BOS.
std::vector<int32_t> greedy(const LlamaModel& model, const std::vector<int32_t>& prompt, uint32_t n_ctx) {
  LlamaSession session(model, n_ctx);
  std::vector<float> logits;
  EXPECT_TRUE(session.eval(prompt, logits, false).ok());
  std::vector<int32_t> out;
  for (;;) {
    int32_t best = 0;
    for (size_t i = 1; i < logits.size(); ++i) {
      if (logits[i] > logits[best]) best = static_cast<int32_t>(i);
    }
    if (best == model.tokenizer().bos()) break;
    out.push_back(best);
    if (session.n_past() == 256) break;
    EXPECT_TRUE(session.eval(std::span<const int32_t>(&best, 1), logits, false).ok());
  }
  return out;
}

double bits_of(const float* logits, size_t n, int32_t token) {
  double max = logits[0];
  for (size_t i = 1; i < n; ++i) max = std::max(max, static_cast<double>(logits[i]));
  double sum = 0;
  for (size_t i = 0; i < n; ++i) sum += std::exp(logits[i] - max);
  return -((logits[token] - max) - std::log(sum)) / std::log(2.0);
}

TEST(Stories260K, GreedyIdsEqualTheReference) {
  LMZ_REQUIRE_SHARED();
  const nlohmann::json ref = reference();
  for (const char* file : {"stories260K.gguf", "stories260K-f16.gguf"}) {
    std::unique_ptr<LlamaModel> model = load_shared(file);
    ASSERT_NE(model, nullptr);
    for (const nlohmann::json& g : ref["greedy"]) {
      std::vector<int32_t> prompt = {model->tokenizer().bos()};
      const std::vector<int32_t> encoded = model->tokenizer().encode(g["prompt"].get<std::string>());
      prompt.insert(prompt.end(), encoded.begin(), encoded.end());
      EXPECT_EQ(prompt, g["prompt_ids"].get<std::vector<int32_t>>());
      const std::vector<int32_t> ids = greedy(*model, prompt, 512);
      EXPECT_EQ(ids, g["generated_ids"].get<std::vector<int32_t>>()) << file << ": " << g["prompt"];
      std::vector<int32_t> all = prompt;
      all.insert(all.end(), ids.begin(), ids.end());
      EXPECT_EQ(model->tokenizer().decode(all) + "\n", g["text"].get<std::string>());
    }
  }
}

TEST(Stories260K, ScoringMatchesTheReferenceForEveryFile) {
  LMZ_REQUIRE_SHARED();
  const nlohmann::json scoring = reference()["scoring"];
  const std::vector<int32_t> ids = scoring["token_ids"].get<std::vector<int32_t>>();
  for (const auto& [file, expected] : scoring["per_file"].items()) {
    std::unique_ptr<LlamaModel> model = load_shared(file);
    ASSERT_NE(model, nullptr);
    // The reference is float64 over the dequantized weights: float products.
    LlamaSession session(*model, 512, 1, Activations::kFloat);
    std::vector<float> logits;
    ASSERT_TRUE(session.eval(ids, logits, true).ok());
    const std::vector<double> want = expected["bits_per_token"].get<std::vector<double>>();
    const size_t n_vocab = model->config().n_vocab;
    double total = 0;
    for (size_t p = 0; p + 1 < ids.size(); ++p) {
      const double bits = bits_of(&logits[p * n_vocab], n_vocab, ids[p + 1]);
      total += bits;
      ASSERT_NEAR(bits, want[p], 0.001) << file << " token " << p;
    }
    EXPECT_NEAR(total, expected["total_bits"].get<double>(), 0.01) << file;
  }
}

// The logits of every position, computed in the given grouping.
std::vector<float> logits_in_groups(const LlamaModel& model, const std::vector<int32_t>& tokens,
                                    const std::vector<size_t>& groups, uint32_t n_ctx, int threads = 1,
                                    Activations activations = Activations::kInt8) {
  LlamaSession session(model, n_ctx, threads, activations);
  std::vector<float> all, logits;
  size_t done = 0;
  for (size_t g : groups) {
    EXPECT_TRUE(session.eval(std::span<const int32_t>(tokens).subspan(done, g), logits, true).ok());
    all.insert(all.end(), logits.begin(), logits.end());
    done += g;
  }
  return all;
}

void expect_bit_equal(const std::vector<float>& a, const std::vector<float>& b) {
  ASSERT_EQ(a.size(), b.size());
  for (size_t i = 0; i < a.size(); ++i) ASSERT_EQ(std::bit_cast<uint32_t>(a[i]), std::bit_cast<uint32_t>(b[i])) << i;
}

void check_grouping_invariance(const LlamaModel& model, uint32_t n_ctx, size_t n) {
  std::vector<int32_t> tokens = {model.tokenizer().bos()};
  for (size_t i = 1; i < n; ++i) tokens.push_back(static_cast<int32_t>((i * 37 + 11) % model.config().n_vocab));
  // The older float arithmetic: batches, threads and SIMD alike.
  const std::vector<float> float_batch = logits_in_groups(model, tokens, {n}, n_ctx, 1, Activations::kFloat);
  expect_bit_equal(float_batch,
                   logits_in_groups(model, tokens, std::vector<size_t>(n, 1), n_ctx, 2, Activations::kFloat));
  set_scalar_kernels(true);
  expect_bit_equal(float_batch, logits_in_groups(model, tokens, {n}, n_ctx, 1, Activations::kFloat));
  set_scalar_kernels(false);
  if (int8_activations(model) == Activations::kFloat)
    expect_bit_equal(float_batch, logits_in_groups(model, tokens, {n}, n_ctx));
  // Each integer dot instruction the CPU has gives the same logits.
  const std::vector<float> int8_batch = logits_in_groups(model, tokens, {n}, n_ctx);
  for (Int8Dot dot : {Int8Dot::kAvx2, Int8Dot::kAvxVnni, Int8Dot::kAvx512Vnni}) {
    if (!set_int8_dot(dot)) continue;
    expect_bit_equal(int8_batch, logits_in_groups(model, tokens, {n}, n_ctx));
    expect_bit_equal(int8_batch, logits_in_groups(model, tokens, std::vector<size_t>(n, 1), n_ctx, 2));
  }
  set_int8_dot(best_int8_dot());
  tokens = {model.tokenizer().bos()};
  for (size_t i = 1; i < n; ++i) tokens.push_back(static_cast<int32_t>((i * 37 + 11) % model.config().n_vocab));
  const std::vector<float> batch = logits_in_groups(model, tokens, {n}, n_ctx);
  const std::vector<float> single = logits_in_groups(model, tokens, std::vector<size_t>(n, 1), n_ctx);
  std::vector<size_t> mixed;
  for (size_t left = n, g = 1; left > 0; g = g % 7 + 3) {
    mixed.push_back(std::min(g, left));
    left -= mixed.back();
  }
  expect_bit_equal(batch, single);
  expect_bit_equal(batch, logits_in_groups(model, tokens, mixed, n_ctx));
  set_scalar_kernels(true);
  const std::vector<float> scalar = logits_in_groups(model, tokens, {n}, n_ctx);
  set_scalar_kernels(false);
  expect_bit_equal(batch, scalar);
  // The AVX2 kernels where the CPU has AVX-512 (else the same kernels again).
  set_avx512_kernels(false);
  const std::vector<float> avx2 = logits_in_groups(model, tokens, {n}, n_ctx);
  set_avx512_kernels(true);
  expect_bit_equal(batch, avx2);
  // Threads sharing each evaluation.
  expect_bit_equal(batch, logits_in_groups(model, tokens, {n}, n_ctx, 3));
  expect_bit_equal(batch, logits_in_groups(model, tokens, std::vector<size_t>(n, 1), n_ctx, 2));
  // Sessions on other threads, at the same time.
  std::vector<float> a, b;
  std::thread ta([&] { a = logits_in_groups(model, tokens, {n}, n_ctx); });
  std::thread tb([&] { b = logits_in_groups(model, tokens, std::vector<size_t>(n, 1), n_ctx); });
  ta.join();
  tb.join();
  expect_bit_equal(batch, a);
  expect_bit_equal(batch, b);
}

TEST(LlamaSession, LogitsDoNotDependOnBatchingSimdOrThreads) {
  for (bool quantized : {false, true}) {
    test::TinyModelSpec spec;
    spec.quantized = quantized;
    spec.context_length = 150;  // more than one 64-position batch
    std::shared_ptr<const LlamaModel> model = test::tiny_model(spec);
    ASSERT_NE(model, nullptr);
    check_grouping_invariance(*model, 150, 150);
  }
}

TEST(LlamaSession, SharedModelLogitsDoNotDependOnBatching) {
  LMZ_REQUIRE_SHARED();
  for (const char* file : {"stories260K.gguf", "stories260K-q4_k_m.gguf"}) {
    std::unique_ptr<LlamaModel> model = load_shared(file);
    ASSERT_NE(model, nullptr);
    check_grouping_invariance(*model, 200, 200);
  }
}

TEST(LlamaSession, RefusesTokensBeyondContextOrVocabulary) {
  std::shared_ptr<const LlamaModel> model = test::tiny_model();
  LlamaSession session(*model, 16);
  std::vector<float> logits;
  std::vector<int32_t> tokens(17, 5);
  EXPECT_FALSE(session.eval(tokens, logits, false).ok());
  const int32_t bad = static_cast<int32_t>(model->config().n_vocab);
  EXPECT_FALSE(session.eval(std::span<const int32_t>(&bad, 1), logits, false).ok());
  tokens.resize(16);
  EXPECT_TRUE(session.eval(tokens, logits, false).ok());
  EXPECT_EQ(logits.size(), model->config().n_vocab);
}

// 300 tokens (ids i * step + 1) through a tiny model of 400 positions, and
// the logits of every position evaluated at once; no model where it fails.
struct EveryPosition {
  std::shared_ptr<const LlamaModel> model;
  std::vector<int32_t> tokens;
  std::vector<float> every;
};

EveryPosition every_position(size_t step) {
  test::TinyModelSpec spec;
  spec.context_length = 400;
  EveryPosition e;
  e.model = test::tiny_model(spec);
  if (e.model == nullptr) return e;
  e.tokens.resize(300);
  for (size_t i = 0; i < e.tokens.size(); ++i) {
    e.tokens[i] = static_cast<int32_t>((i * step + 1) % e.model->config().n_vocab);
  }
  LlamaSession all(*e.model, 400);
  if (!all.eval(e.tokens, e.every, true).ok()) e.model = nullptr;
  return e;
}

TEST(LlamaSession, LogitsFromAPositionOnAreThoseOfEveryPosition) {
  const EveryPosition e = every_position(7);
  ASSERT_NE(e.model, nullptr);
  const LlamaModel* model = e.model.get();
  const std::vector<int32_t>& tokens = e.tokens;
  const std::vector<float>& every = e.every;
  const size_t n_vocab = model->config().n_vocab;
  // From inside the first batch of 256, from the second, and none at all.
  for (size_t first : {size_t{0}, size_t{5}, size_t{270}, size_t{300}}) {
    LlamaSession session(*model, 400);
    std::vector<float> some;
    ASSERT_TRUE(session.eval_from(tokens, first, some).ok());
    ASSERT_EQ(some.size(), (tokens.size() - first) * n_vocab);
    if (!some.empty()) {
      EXPECT_EQ(std::memcmp(some.data(), every.data() + first * n_vocab, some.size() * sizeof(float)), 0) << first;
    }
    EXPECT_EQ(session.n_past(), tokens.size());
  }
}

// The visitor takes the logits eval_from() gives, in order, a group of
// positions at a time, across batches and with or without threads; and it
// fails, visiting nothing, where eval_from() fails.
TEST(LlamaSession, VisitedLogitsAreThoseEvalFromGives) {
  const EveryPosition e = every_position(5);
  ASSERT_NE(e.model, nullptr);
  const LlamaModel* model = e.model.get();
  const std::vector<int32_t>& tokens = e.tokens;
  const std::vector<float>& every = e.every;
  const size_t n_vocab = model->config().n_vocab;
  for (int threads : {1, 2}) {
    for (size_t first : {size_t{0}, size_t{3}, size_t{LlamaSession::kLogitGroup + 1}, size_t{270}, size_t{300}}) {
      LlamaSession session(*model, 400, threads);
      size_t expected = first;
      ASSERT_TRUE(
          session
              .eval_visit(tokens, first,
                          [&](size_t i, const float* logits) {
                            ASSERT_EQ(i, expected);
                            EXPECT_EQ(std::memcmp(logits, every.data() + i * n_vocab, n_vocab * sizeof(float)), 0) << i;
                            ++expected;
                          })
              .ok());
      EXPECT_EQ(expected, tokens.size()) << first;
      EXPECT_EQ(session.n_past(), tokens.size());
    }
  }
  LlamaSession full(*model, 16);
  size_t visited = 0;
  EXPECT_FALSE(full.eval_visit(tokens, 0, [&](size_t, const float*) { ++visited; }).ok());
  EXPECT_EQ(visited, 0u);
  EXPECT_EQ(full.n_past(), 0u);
}

// The cache after a shift does not depend on how the positions before it
// were batched or on the threads; and a slid window holds what evaluating its
// tokens at their new positions would give, up to the rounding of the keys'
// turn: exactly so for one layer, whose keys and values do not depend on the
// positions before them.
void check_shift(const LlamaModel& model, bool one_layer) {
  const size_t n_vocab = model.config().n_vocab;
  std::vector<int32_t> tokens(60);
  for (size_t i = 0; i < tokens.size(); ++i) tokens[i] = static_cast<int32_t>((i * 11 + 5) % n_vocab);
  std::vector<float> shifted, fresh, single;
  LlamaSession a(model, 64);
  ASSERT_TRUE(a.eval(std::span<const int32_t>(tokens).first(50), shifted, false).ok());
  a.shift(1, 20);
  EXPECT_EQ(a.n_past(), 30u);
  ASSERT_TRUE(a.eval(std::span<const int32_t>(tokens).subspan(50, 10), shifted, true).ok());
  LlamaSession c(model, 64, 2);
  for (size_t i = 0; i < 50; ++i) ASSERT_TRUE(c.eval(std::span<const int32_t>(&tokens[i], 1), single, false).ok());
  c.shift(1, 20);
  ASSERT_TRUE(c.eval(std::span<const int32_t>(tokens).subspan(50, 10), single, true).ok());
  EXPECT_EQ(single, shifted);
  if (!one_layer) return;
  std::vector<int32_t> kept = {tokens[0]};
  kept.insert(kept.end(), tokens.begin() + 21, tokens.end());
  LlamaSession b(model, 64);
  ASSERT_TRUE(b.eval(kept, fresh, true).ok());
  double worst = 0.0, spread = 0.0;
  for (size_t p = 0; p < 10; ++p) {
    for (size_t v = 0; v < n_vocab; ++v) {
      const double x = shifted[p * n_vocab + v];
      worst = std::max(worst, std::fabs(x - fresh[(30 + p) * n_vocab + v]));
      spread = std::max(spread, std::fabs(x - shifted[v]));
    }
  }
  EXPECT_LT(worst, 1e-4) << "the turned keys differ from keys made at their new positions";
  EXPECT_GT(spread, 1e-2) << "the logits do not depend on the tokens: the comparison proves nothing";
}

TEST(LlamaSession, ShiftTurnsTheKeysBackAndIsBatchInvariant) {
  test::TinyModelSpec spec;
  spec.n_layers = 1;
  spec.context_length = 64;
  check_shift(*test::tiny_model(spec), true);
  spec.n_layers = 2;
  spec.quantized = true;
  check_shift(*test::tiny_model(spec), false);
}

TEST(LlamaSession, ShiftOfANeoxModel) {
  LMZ_REQUIRE_SHARED();
  Result<std::unique_ptr<LlamaModel>> model = LlamaModel::load(test::shared_dir() + "/models/arch/qwen2-tiny.gguf");
  ASSERT_TRUE(model.ok()) << model.status().message();
  ASSERT_TRUE((*model)->config().rope_neox);
  check_shift(**model, false);
}

TEST(LlamaSession, TiedOutputUsesTheEmbedding) {
  test::TinyModelSpec spec;
  spec.tied_output = true;
  std::shared_ptr<const LlamaModel> model = test::tiny_model(spec);
  ASSERT_NE(model, nullptr);
  EXPECT_EQ(model->output().tensor, model->token_embedding().tensor);
}

}  // namespace
}  // namespace lmz::llm
