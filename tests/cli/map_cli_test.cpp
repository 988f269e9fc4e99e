// lmz map through the command line.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "llm/tiny_model.h"
#include "test_util.h"

namespace lmz {
namespace {

using test::quote;
using test::run_shell;

class MapCli : public ::testing::Test {
 protected:
  void SetUp() override {
    const std::string text =
        "The Varn Bridge opened on 3 June 1911 and cost $2,140,000. Its designer, Ines Kolar, "
        "wrote to the council on 14 May 1909; the council agreed by 11 votes to 4.\n";
    ASSERT_TRUE(write_file(dir_.file("facts.txt"), Bytes(text.begin(), text.end())).ok());
    ASSERT_TRUE(write_file(dir_.file("tiny.gguf"), test::tiny_model_gguf()).ok());
    const std::string response =
        R"({"model":"api-model","choices":[{"message":{"content":"It was 1911."},"logprobs":{"content":[
      {"token":"It","logprob":-0.2,"top_logprobs":[{"token":"It","logprob":-0.2},{"token":"The","logprob":-1.9}]},
      {"token":" was","logprob":-0.1,"top_logprobs":[{"token":" was","logprob":-0.1}]},
      {"token":" 19","logprob":-2.3,"top_logprobs":[{"token":" 18","logprob":-0.4},{"token":" 19","logprob":-2.3}]},
      {"token":"11","logprob":-4.6,"top_logprobs":[{"token":"05","logprob":-1.0},{"token":"11","logprob":-4.6}]},
      {"token":".","logprob":-0.05,"top_logprobs":[{"token":".","logprob":-0.05}]}]}}]})";
    ASSERT_TRUE(write_file(dir_.file("response.json"), Bytes(response.begin(), response.end())).ok());
  }
  test::CommandResult lmz(const std::string& args, const std::string& env = "") {
    return run_shell("cd " + quote(dir_.path()) + " && " + env + " " + quote(test::lmz_binary()) + " " + args);
  }
  test::TempDir dir_;
};

TEST_F(MapCli, JsonCoversTheTextAndAddsUp) {
  test::CommandResult r = lmz("map --format json facts.txt");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const nlohmann::json j = nlohmann::json::parse(r.output);
  uint64_t at = 0;
  for (const auto& s : j["spans"]) {
    EXPECT_EQ(s["begin"], at);
    at = s["end"];
  }
  EXPECT_EQ(at, j["bytes"]);
  double sum = 0;
  for (const auto& c : j["classes"]) sum += c["bits"].get<double>();
  EXPECT_NEAR(sum, j["total_bits"].get<double>(), 1e-6);
}

TEST_F(MapCli, ColourOnlyWhereWanted) {
  test::CommandResult plain = lmz("map facts.txt");
  ASSERT_EQ(plain.exit_code, 0) << plain.output;
  EXPECT_EQ(plain.output.find('\033'), std::string::npos);  // not a terminal
  EXPECT_NE(plain.output.find("share of bits"), std::string::npos);
  EXPECT_NE(lmz("map --color always facts.txt").output.find("\033[48;5;"), std::string::npos);
  EXPECT_EQ(lmz("map --color auto facts.txt", "NO_COLOR=1").output.find('\033'), std::string::npos);
}

TEST_F(MapCli, HtmlPageAndTokenModel) {
  test::CommandResult r = lmz("map -m tiny.gguf --ctx 32 --format html -o map.html facts.txt");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  Result<Bytes> page = read_file(dir_.file("map.html"));
  ASSERT_TRUE(page.ok());
  const std::string html(page->begin(), page->end());
  EXPECT_NE(html.find("<!DOCTYPE html>"), std::string::npos);
  EXPECT_NE(html.find("entropy"), std::string::npos);
  EXPECT_NE(html.find("tiny.gguf"), std::string::npos);
}

TEST_F(MapCli, LogprobsNeedNoModel) {
  test::CommandResult r = lmz("map --logprobs response.json --format json");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const nlohmann::json j = nlohmann::json::parse(r.output);
  EXPECT_EQ(j["model"], "api-model");
  EXPECT_EQ(j["bytes"], 12);
  EXPECT_TRUE(j["entropy_is_lower_bound"].get<bool>());
  bool year = false;
  for (const auto& s : j["spans"]) year |= s["text"] == "1911" && s["class"] == "date";
  EXPECT_TRUE(year);
}

TEST_F(MapCli, CompareTwoModels) {
  test::CommandResult r = lmz("map --compare cm tiny.gguf --ctx 32 --format json facts.txt");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const nlohmann::json j = nlohmann::json::parse(r.output);
  EXPECT_EQ(j["a"]["model"], "cm -5");
  EXPECT_EQ(j["b"]["model"], "tiny.gguf");
  EXPECT_NE(lmz("map --compare cm tiny.gguf --ctx 32 facts.txt").output.find("what B knows"), std::string::npos);
  r = lmz("map --compare cm tiny.gguf --ctx 32 --format html facts.txt");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("<h1>The same text under two models</h1>"), std::string::npos);
  EXPECT_NE(r.output.find("what B knows"), std::string::npos);
}

TEST_F(MapCli, BadUsageAndInputs) {
  EXPECT_EQ(lmz("map --format pdf facts.txt").exit_code, 2);
  EXPECT_EQ(lmz("map --logprobs response.json facts.txt").exit_code, 2);
  EXPECT_EQ(lmz("map --compare cm tiny.gguf --ctx 32 --sweep facts.txt").exit_code, 2);
  test::CommandResult r = lmz("map missing.txt");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.output.find("missing.txt"), std::string::npos);
  r = lmz("map --logprobs facts.txt");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.output.find("not valid JSON"), std::string::npos) << r.output;
}

}  // namespace
}  // namespace lmz
