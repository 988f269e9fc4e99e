// Lossy compression and lmz artifacts through the command line.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "llm/tiny_model.h"
#include "test_util.h"

namespace lmz {
namespace {

using test::quote;
using test::run_shell;

class ArtifactsCli : public ::testing::Test {
 protected:
  void SetUp() override {
    const std::string text =
        "The Varn Bridge opened on 3 June 1911 and cost 2,140,000 crowns. Its designer, Ines Kolar, wrote to the "
        "council on 14 May 1909; the council agreed by 11 votes to 4. It carries 21,000 vehicles a day.\n";
    ASSERT_TRUE(write_file(dir_.file("facts.txt"), Bytes(text.begin(), text.end())).ok());
    ASSERT_TRUE(write_file(dir_.file("tiny.gguf"), test::tiny_model_gguf()).ok());
  }
  test::CommandResult lmz(const std::string& args) {
    return run_shell("cd " + quote(dir_.path()) + " && " + quote(test::lmz_binary()) + " " + args);
  }
  test::TempDir dir_;
};

TEST_F(ArtifactsCli, LossyArchivesSayWhatTheyAre) {
  ASSERT_EQ(lmz("--quality 20 -c facts.txt > q20.lmz").exit_code, 0);
  test::CommandResult list = lmz("-l q20.lmz");
  EXPECT_NE(list.output.find("lossy, quality 20"), std::string::npos) << list.output;
  const nlohmann::json j = nlohmann::json::parse(lmz("-l --json q20.lmz").output)[0];
  EXPECT_TRUE(j["lossy"].get<bool>());
  EXPECT_EQ(j["quality"], 20);
  ASSERT_EQ(lmz("-dc q20.lmz > q20.txt").exit_code, 0);
  ASSERT_EQ(lmz("-t q20.lmz").exit_code, 0);
  ASSERT_EQ(lmz("--quality 100 -c facts.txt > q100.lmz && " + quote(test::lmz_binary()) + " -c facts.txt > plain.lmz")
                .exit_code,
            0);
  EXPECT_EQ(*read_file(dir_.file("q100.lmz")), *read_file(dir_.file("plain.lmz")));
  EXPECT_EQ(lmz("--quality 0 facts.txt").exit_code, 2);
  EXPECT_EQ(lmz("-d --quality 50 q20.lmz").exit_code, 2);
}

TEST_F(ArtifactsCli, ReportsAndSweep) {
  test::CommandResult r = lmz("artifacts -m tiny.gguf --ctx 32 --quality 30 --format json facts.txt");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const nlohmann::json j = nlohmann::json::parse(r.output);
  EXPECT_EQ(j["quality"], 30);
  EXPECT_EQ(j["classes"].size(), 9u);
  for (const auto& a : j["artifacts"]) EXPECT_NE(a["original"], a["replacement"]);
  ASSERT_EQ(lmz("-m tiny.gguf --ctx 32 --quality 30 -c facts.txt > t.lmz").exit_code, 0);
  ASSERT_EQ(lmz("-d -m tiny.gguf -c t.lmz > t.txt").exit_code, 0);
  // The archive decodes to a reconstruction of its own (compared byte for byte in codec_test).
  EXPECT_FALSE(read_file(dir_.file("t.txt"))->empty());
  EXPECT_NE(lmz("artifacts --quality 20 facts.txt").output.find("reconstruction"), std::string::npos);
  EXPECT_NE(lmz("artifacts --quality 20 --format html facts.txt").output.find("<ins>"), std::string::npos);
  r = lmz("artifacts --sweep --svg curve.svg facts.txt");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("numbers/dates/names altered"), std::string::npos);
  Result<Bytes> svg = read_file(dir_.file("curve.svg"));
  ASSERT_TRUE(svg.ok());
  EXPECT_NE(std::string(svg->begin(), svg->end()).find("<polyline"), std::string::npos);
  EXPECT_EQ(lmz("artifacts facts.txt").exit_code, 2);
}

}  // namespace
}  // namespace lmz
