// The public interface (include/lmz/lmz.h): the same archives and reports as
// the command, errors as values, models shared across threads.
#include <gtest/gtest.h>

#include <chrono>
#include <sstream>
#include <thread>

#include "lmz/lmz.h"
#include "test_util.h"

namespace lmz {
namespace {

using test::TempDir;

std::string stories() {
  return test::shared_dir() + "/models/stories260K.gguf";
}
std::string tinystory() {
  return test::shared_dir() + "/models/reference/tinystory.txt";
}

std::string read_all(const std::string& path) {
  Result<Bytes> b = read_file(path);
  return b.ok() ? std::string(b->begin(), b->end()) : std::string();
}

// What `lmz ARGS` writes for `path`.
std::string cli_output(const std::string& args, const std::string& path) {
  test::CommandResult r = test::run_shell(test::lmz_binary() + " " + args + " " + test::quote(path) + " 2>/dev/null");
  EXPECT_EQ(r.exit_code, 0) << args;
  return r.output;
}

TEST(Api, TheBuiltInModelsArchiveIsTheCommands) {
  TempDir dir;
  const Bytes text = test::text_bytes(70000, 3);  // over 64 KiB: the full form
  ASSERT_TRUE(write_file(dir.file("t.txt"), text).ok());
  for (int level : {1, 5}) {
    Result<Model> model = Model::open("cm", {.level = level});
    ASSERT_TRUE(model.ok());
    Result<std::vector<uint8_t>> archive = compress(*model, text.data(), text.size());
    ASSERT_TRUE(archive.ok()) << archive.status().message();
    EXPECT_EQ(std::string(archive->begin(), archive->end()),
              cli_output("-c -" + std::to_string(level), dir.file("t.txt")));
    Result<std::vector<uint8_t>> back = decompress(archive->data(), archive->size());
    ASSERT_TRUE(back.ok());
    EXPECT_EQ(*back, text);
  }
}

TEST(Api, AGgufModelsArchiveIsTheCommandsMixedOrAlone) {
  LMZ_REQUIRE_SHARED();
  Result<Model> model = Model::open(stories(), {.ctx = 256});
  ASSERT_TRUE(model.ok()) << model.status().message();
  EXPECT_FALSE(model->is_builtin());
  EXPECT_EQ(model->context(), 256u);
  const std::string text = read_all(tinystory());
  for (bool mix : {true, false}) {
    Result<std::vector<uint8_t>> archive = compress(*model, text, {.mix = mix});
    ASSERT_TRUE(archive.ok()) << archive.status().message();
    const std::string cli =
        cli_output(std::string("-c --ctx 256 ") + (mix ? "--mix" : "--no-mix") + " -m " + stories(), tinystory());
    EXPECT_EQ(std::string(archive->begin(), archive->end()), cli) << "mix " << mix;
    Result<std::vector<uint8_t>> back = decompress(archive->data(), archive->size(), {.model = &*model});
    ASSERT_TRUE(back.ok()) << back.status().message();
    EXPECT_EQ(std::string(back->begin(), back->end()), text);
  }
}

TEST(Api, StreamsGiveTheBufferFormsBytes) {
  const Bytes text = test::text_bytes(200000, 9);
  Model model = Model::builtin(3);
  std::istringstream in(std::string(text.begin(), text.end()));
  std::ostringstream packed;
  ASSERT_TRUE(compress(model, in, packed, {.chunk_size = 65536}).ok());
  Result<std::vector<uint8_t>> buffer = compress(model, text.data(), text.size(), {.chunk_size = 65536});
  ASSERT_TRUE(buffer.ok());
  EXPECT_EQ(packed.str(), std::string(buffer->begin(), buffer->end()));
  std::istringstream archive(packed.str());
  std::ostringstream out;
  ASSERT_TRUE(decompress(archive, out).ok());
  EXPECT_EQ(out.str(), std::string(text.begin(), text.end()));

  Result<ArchiveSummary> s = info(buffer->data(), buffer->size());
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->model, "cm");
  EXPECT_EQ(s->level, 3);
  EXPECT_EQ(s->content_bytes, text.size());
  EXPECT_EQ(s->archive_bytes, buffer->size());
  EXPECT_EQ(s->chunks, 4u);
  EXPECT_FALSE(s->compact);
}

TEST(Api, ErrorsAreValues) {
  Result<Model> missing = Model::open("/nonexistent/model.gguf");
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.status().message().find("/nonexistent/model.gguf"), std::string::npos);
  EXPECT_FALSE(Model::open("cm", {.level = 12}).ok());
  EXPECT_FALSE(Model::open("cm", {.threads = -1}).ok());

  const std::string junk = "not an archive at all";
  Result<std::vector<uint8_t>> bad = decompress(junk.data(), junk.size());
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), ErrorCode::kBadMagic);
  EXPECT_FALSE(info(junk.data(), junk.size()).ok());

  Model model = Model::builtin();
  Result<std::vector<uint8_t>> archive = compress(model, std::string_view("hello, hello, hello"));
  ASSERT_TRUE(archive.ok());
  std::vector<uint8_t> cut(archive->begin(), archive->end() - 3);
  EXPECT_FALSE(decompress(cut.data(), cut.size()).ok());
  EXPECT_FALSE(compress(model, std::string_view("x"), {.quality = 0}).ok());
  EXPECT_FALSE(check(model, "an answer", {}).ok());  // no sources, no store
}

TEST(Api, AnArchiveOfAGgufModelNeedsIt) {
  LMZ_REQUIRE_SHARED();
  Result<Model> model = Model::open(stories());
  ASSERT_TRUE(model.ok());
  Result<std::vector<uint8_t>> archive = compress(*model, read_all(tinystory()), {.mix = false});
  ASSERT_TRUE(archive.ok());
  Result<std::vector<uint8_t>> without = decompress(archive->data(), archive->size());
  ASSERT_FALSE(without.ok());
  Model other = Model::builtin();
  EXPECT_FALSE(decompress(archive->data(), archive->size(), {.model = &other}).ok());
}

TEST(Api, ScoresAreTheMapReport) {
  LMZ_REQUIRE_SHARED();
  for (const std::string& spec : {std::string("cm"), stories()}) {
    Result<Model> model = Model::open(spec, {.ctx = 256});
    ASSERT_TRUE(model.ok());
    Result<Scores> scores = score(*model, read_all(tinystory()), {.mix = false});
    ASSERT_TRUE(scores.ok()) << scores.status().message();
    const std::string model_args = spec == "cm" ? "" : " --no-mix --ctx 256 -m " + spec;
    EXPECT_EQ(scores->json(), cli_output("map --format json" + model_args, tinystory()));
    double sum = 0.0;
    uint64_t covered = 0;
    for (const TokenRecord& t : scores->tokens) {
      sum += t.bits;
      EXPECT_EQ(t.begin, covered);
      covered = t.end;
    }
    EXPECT_EQ(covered, scores->bytes);
    EXPECT_NEAR(sum, scores->total_bits, 1e-6 * scores->total_bits);
    EXPECT_EQ(scores->unit, spec == "cm" ? "byte" : "token");
    if (spec != "cm") {
      EXPECT_TRUE(scores->tokens[1].has_distribution);
      EXPECT_GE(scores->tokens[1].rank, 1u);
    }
    double class_bits = 0.0;
    for (const ClassRecord& c : scores->classes) class_bits += c.bits;
    EXPECT_NEAR(class_bits, scores->total_bits, 1e-6 * scores->total_bits);
  }
}

// A cancelled call stops early with kCancelled and keeps nothing; a Cancel
// never raised changes nothing.
TEST(Api, ACancelledCallStopsEarly) {
  const Model cm = Model::builtin(5);
  const std::string text(reinterpret_cast<const char*>(test::text_bytes(1 << 20, 3).data()), 1 << 20);
  ScoreParams raised;
  raised.cancel.request();
  Result<Scores> none = score(cm, text, raised);
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.status().code(), ErrorCode::kCancelled);

  // A time limit far below the work's length: the call returns near the limit.
  const auto start = std::chrono::steady_clock::now();
  Result<std::vector<uint8_t>> cut = compress(cm, text, {.cancel = Cancel::after(0.05)});
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  ASSERT_FALSE(cut.ok());
  EXPECT_EQ(cut.status().code(), ErrorCode::kCancelled);
  EXPECT_LT(seconds, 1.5);  // the whole coding takes a second, several under a sanitizer

  // Raised from another thread while the call runs.
  Cancel cancel;
  std::thread stopper([cancel] {
    std::this_thread::sleep_for(std::chrono::milliseconds(30));
    cancel.request();
  });
  Result<Artifacts> stopped = artifacts(cm, text, {.quality = 30, .chunk_size = 0, .cancel = cancel});
  stopper.join();
  ASSERT_FALSE(stopped.ok());
  EXPECT_EQ(stopped.status().code(), ErrorCode::kCancelled);

  const std::string small = text.substr(0, 5000);
  Result<std::vector<uint8_t>> plain = compress(cm, small);
  Result<std::vector<uint8_t>> limited = compress(cm, small, {.cancel = Cancel::after(600)});
  ASSERT_TRUE(plain.ok() && limited.ok());
  EXPECT_EQ(*plain, *limited);
  Result<std::vector<uint8_t>> back = decompress(plain->data(), plain->size(), {.cancel = Cancel::after(600)});
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(std::string(back->begin(), back->end()), small);
}

TEST(Api, ACancelledGgufScoringStops) {
  LMZ_REQUIRE_SHARED();
  Result<Model> model = Model::open(stories(), {.ctx = 128, .level = 0, .threads = 1});
  ASSERT_TRUE(model.ok());
  ScoreParams params;
  params.cancel.request();
  Result<Scores> none = score(*model, read_all(tinystory()), params);
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.status().code(), ErrorCode::kCancelled);
  CheckParams check_params;
  check_params.sources = {{"s", read_all(tinystory())}};
  check_params.cancel.request();
  Result<CheckReport> report = check(*model, "Lily went to the park in 1911.", check_params);
  ASSERT_FALSE(report.ok());
  EXPECT_EQ(report.status().code(), ErrorCode::kCancelled);
}

TEST(Api, OneModelServesManyThreads) {
  LMZ_REQUIRE_SHARED();
  Result<Model> model = Model::open(stories(), {.ctx = 128});
  ASSERT_TRUE(model.ok());
  const std::string text = read_all(tinystory()).substr(0, 600);
  Result<std::vector<uint8_t>> alone = compress(*model, text);
  ASSERT_TRUE(alone.ok());
  std::vector<std::vector<uint8_t>> got(4);
  std::vector<std::thread> threads;
  for (size_t i = 0; i < got.size(); ++i) {
    threads.emplace_back([&, i] {
      Result<std::vector<uint8_t>> r = compress(*model, text);
      if (r.ok()) got[i] = std::move(*r);
    });
  }
  for (std::thread& t : threads) t.join();
  for (const std::vector<uint8_t>& g : got) EXPECT_EQ(g, *alone);
}

TEST(Api, CheckFlagsAChangedFigure) {
  const std::string source = "The bridge opened in 1932 and carries 160,000 vehicles a day across the harbour.";
  Model model = Model::builtin();
  CheckParams params;
  params.sources = {{"bridge.txt", source}};
  Result<CheckReport> faithful = check(model, "The bridge opened in 1932.", params);
  ASSERT_TRUE(faithful.ok()) << faithful.status().message();
  EXPECT_FALSE(faithful->flagged());
  EXPECT_EQ(faithful->word_pairs, 1u);  // "bridge opened": common words and figures pair with nothing
  EXPECT_EQ(faithful->word_pairs_together, 1u);
  Result<CheckReport> changed = check(model, "The bridge opened in 1923.", params);
  ASSERT_TRUE(changed.ok());
  EXPECT_TRUE(changed->flagged());
  bool found = false;
  for (const CheckSpan& s : changed->spans) {
    if (s.text == "1923") {
      found = true;
      EXPECT_NE(s.verdict, "supported");
      EXPECT_EQ(s.fact, "date");
      ASSERT_GE(s.passage, 0);
      EXPECT_EQ(changed->passages[s.passage].source, "bridge.txt");
    }
  }
  EXPECT_TRUE(found);
  EXPECT_NE(changed->json().find("\"verdict\""), std::string::npos);
}

TEST(Api, ArtifactsAreTheLossyCodingsReconstruction) {
  const std::string text = std::string(reinterpret_cast<const char*>(test::text_bytes(4000, 5).data()), 4000);
  Model model = Model::builtin();
  Result<Artifacts> lossless = artifacts(model, text, 100);
  ASSERT_TRUE(lossless.ok()) << lossless.status().message();
  EXPECT_EQ(lossless->reconstruction, text);
  EXPECT_TRUE(lossless->altered.empty());
  Result<Artifacts> lossy = artifacts(model, text, 20);
  ASSERT_TRUE(lossy.ok());
  EXPECT_LT(lossy->payload_bytes, lossless->payload_bytes);
  EXPECT_FALSE(lossy->altered.empty());
  for (const AlteredToken& a : lossy->altered) EXPECT_EQ(text.substr(a.begin, a.end - a.begin), a.original);
  // The archive at that quality decodes to the same reconstruction.
  Result<std::vector<uint8_t>> archive = compress(model, text, {.quality = 20});
  ASSERT_TRUE(archive.ok());
  Result<std::vector<uint8_t>> back = decompress(archive->data(), archive->size());
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(std::string(back->begin(), back->end()), lossy->reconstruction);
}

}  // namespace
}  // namespace lmz
