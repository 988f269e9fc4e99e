// lmz race: the shape of its reports, its totals against lmz map, and plots
// that a browser renders.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "llm/tiny_model.h"
#include "test_util.h"

namespace lmz {
namespace {

using test::quote;
using test::run_shell;

class RaceCli : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(write_file(dir_.file("a.txt"), test::text_bytes(5000, 61)).ok());
    ASSERT_TRUE(write_file(dir_.file("b.txt"), test::text_bytes(3000, 62)).ok());
    std::filesystem::create_directory(dir_.file("models"));
    test::TinyModelSpec small;
    small.dim = 16;
    small.n_heads = 2;
    small.n_kv_heads = 1;
    small.ffn_dim = 32;
    test::TinyModelSpec large;
    large.dim = 64;
    large.n_heads = 4;
    large.ffn_dim = 128;
    large.n_layers = 3;
    ASSERT_TRUE(write_file(dir_.file("models/small.gguf"), test::tiny_model_gguf(small)).ok());
    ASSERT_TRUE(write_file(dir_.file("models/large.gguf"), test::tiny_model_gguf(large)).ok());
  }
  test::CommandResult lmz(const std::string& args) {
    return run_shell("cd " + quote(dir_.path()) + " && " + quote(test::lmz_binary()) + " " + args);
  }
  test::TempDir dir_;
};

TEST_F(RaceCli, JsonHasEveryModelInOrderWithMapsTotals) {
  const test::CommandResult r =
      lmz("race -m models/large.gguf -m models/small.gguf --ctx 32 -T2 --json -o race.json a.txt b.txt");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  std::ifstream in(dir_.file("race.json"));
  const nlohmann::json j = nlohmann::json::parse(in);
  ASSERT_EQ(j["files"].size(), 2u);
  ASSERT_EQ(j["models"].size(), 3u);
  // Ordered by parameters: the built-in model, then small, then large.
  EXPECT_EQ(j["models"][0]["name"], "cm");
  EXPECT_EQ(j["models"][0]["parameters"], 0);
  EXPECT_EQ(j["models"][1]["name"], "small.gguf");
  EXPECT_EQ(j["models"][2]["name"], "large.gguf");
  EXPECT_LT(j["models"][1]["parameters"].get<uint64_t>(), j["models"][2]["parameters"].get<uint64_t>());
  for (const nlohmann::json& m : j["models"]) {
    ASSERT_EQ(m["classes"].size(), 9u);
    double sum = 0;
    uint64_t bytes = 0;
    for (const nlohmann::json& c : m["classes"]) {
      for (const char* key : {"class", "bytes", "bits", "bits_per_byte", "share_of_bits", "share_of_saving"}) {
        EXPECT_TRUE(c.contains(key)) << key;
      }
      sum += c["bits"].get<double>();
      bytes += c["bytes"].get<uint64_t>();
    }
    EXPECT_NEAR(sum, m["total_bits"].get<double>(), 1e-6 * sum);
    EXPECT_EQ(bytes, 8000u);
    // Each model's total is the sum of what lmz map reports on each file
    // under that model alone.
    double map_total = 0;
    for (const char* file : {"a.txt", "b.txt"}) {
      const std::string model =
          m["name"] == "cm" ? "" : "-m models/" + m["name"].get<std::string>() + " --ctx 32 --no-mix";
      const test::CommandResult map = lmz("map --json " + model + " " + file);
      ASSERT_EQ(map.exit_code, 0) << map.output;
      map_total += nlohmann::json::parse(map.output)["total_bits"].get<double>();
    }
    EXPECT_NEAR(m["total_bits"].get<double>(), map_total, 1e-3) << m["name"];
  }
  EXPECT_TRUE(j["models"][0]["classes"][0]["share_of_saving"].is_null());
}

TEST_F(RaceCli, FoldersTableHtmlAndPlots) {
  test::CommandResult r = lmz("race -m models --ctx 32 a.txt");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("bits per byte, overall and by class"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("large.gguf over small.gguf"), std::string::npos) << r.output;
  r = lmz("race -m models --ctx 32 --format html -o race.html --svg plots a.txt");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  std::ifstream in(dir_.file("race.html"));
  std::stringstream html;
  html << in.rdbuf();
  EXPECT_EQ(html.str().find("<svg"), html.str().find("<svg xmlns"));
  EXPECT_NE(html.str().find("Share of each model"), std::string::npos);
  for (const char* svg : {"plots/bits-per-byte.svg", "plots/share-of-bits.svg"}) {
    ASSERT_TRUE(path_exists(dir_.file(svg))) << svg;
    // Well-formed XML, with a title, axis labels and every class in the legend.
    EXPECT_EQ(run_shell("python3 -c \"import sys,xml.dom.minidom; xml.dom.minidom.parse(sys.argv[1])\" " +
                        quote(dir_.file(svg)))
                  .exit_code,
              0)
        << svg;
    std::ifstream s(dir_.file(svg));
    std::stringstream text;
    text << s.rdbuf();
    for (const char* label : {"model parameters (log scale)", "number", "common_word", "space", "small.gguf"}) {
      EXPECT_NE(text.str().find(label), std::string::npos) << svg << ": " << label;
    }
  }
  EXPECT_EQ(lmz("race").exit_code, 2);
  EXPECT_EQ(lmz("race -m nowhere a.txt").exit_code, 1);
}

// The plots render in headless Chromium at 800 pixels wide.
TEST_F(RaceCli, PlotsRenderInABrowser) {
  if (!std::filesystem::exists("/usr/bin/chromium"))
    GTEST_SKIP() << "chromium is absent (scripts/install-deps installs it)";
  ASSERT_EQ(lmz("race -m models --ctx 32 --svg plots -o /dev/null a.txt").exit_code, 0);
  std::filesystem::create_directories(test::lmz_binary().substr(0, test::lmz_binary().rfind('/')) + "/screenshots");
  const std::string shots = test::lmz_binary().substr(0, test::lmz_binary().rfind('/')) + "/screenshots";
  for (const char* svg : {"bits-per-byte", "share-of-bits"}) {
    const std::string png = shots + "/race-" + svg + ".png";
    std::filesystem::remove(png);
    const test::CommandResult r = run_shell(
        "timeout 60 chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run "
        "--disable-background-networking --disable-component-update --disable-sync --user-data-dir=" +
        quote(dir_.file("chrome-" + std::string(svg))) + " --window-size=800,500 --screenshot=" + quote(png) +
        " file://" + dir_.file(std::string("plots/") + svg + ".svg"));
    EXPECT_EQ(r.exit_code, 0) << r.output;
    ASSERT_TRUE(std::filesystem::exists(png)) << r.output;
    EXPECT_GT(std::filesystem::file_size(png), 10000u);  // a blank or error page is far smaller
  }
}

}  // namespace
}  // namespace lmz
