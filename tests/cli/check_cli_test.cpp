// lmz check through the command line: sources, store, reports, exit status.
#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "test_util.h"

namespace lmz {
namespace {

using test::quote;
using test::run_shell;

class CheckCli : public ::testing::Test {
 protected:
  void SetUp() override {
    std::filesystem::create_directories(dir_.file("docs"));
    put("docs/bridge.txt",
        "The Varn Bridge opened on 3 June 1911. It cost 48,500 pounds.\n\nIts engineer was Edith Marlow.");
    put("docs/reservoir.html", "<html><body><p>The Kelby reservoir dates from <b>1897</b>.</p></body></html>");
    put("good.txt", "The Varn Bridge opened in 1911 and cost 48,500 pounds.");
    put("bad.txt", "The Varn Bridge opened in 1911 and cost 58,500 pounds.");
  }
  void put(const std::string& name, const std::string& text) {
    ASSERT_TRUE(write_file(dir_.file(name), Bytes(text.begin(), text.end())).ok());
  }
  test::CommandResult lmz(const std::string& args) {
    return run_shell("cd " + quote(dir_.path()) + " && " + quote(test::lmz_binary()) + " " + args + " 2>&1");
  }
  test::TempDir dir_;
};

TEST_F(CheckCli, SourcesJsonAndFailOn) {
  test::CommandResult r = lmz("check --sources docs good.txt --fail-on unsupported");
  EXPECT_EQ(r.exit_code, 0) << r.output;
  r = lmz("check --sources docs bad.txt --fail-on unsupported --color never");
  EXPECT_EQ(r.exit_code, 3) << r.output;
  EXPECT_NE(r.output.find("[!58,500!]"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("docs/bridge.txt:0-"), std::string::npos) << r.output;
  r = lmz("check --sources docs bad.txt --json");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const nlohmann::json j = nlohmann::json::parse(r.output);
  EXPECT_EQ(j["counts"]["contradicted"], 1);
  bool found = false;
  for (const auto& s : j["spans"]) {
    if (s["verdict"] != "contradicted") continue;
    found = true;
    EXPECT_EQ(s["text"], "58,500");
    EXPECT_EQ(s["begin"], 40);
    EXPECT_EQ(s["source_value"], "48,500");
    EXPECT_EQ(s["source"]["path"], "docs/bridge.txt");
  }
  EXPECT_TRUE(found);
  // The answer from standard input, HTML sources, an HTML report written whole.
  r = lmz("check --sources docs/reservoir.html - --fail-on contradicted < good.txt");
  EXPECT_EQ(r.exit_code, 0) << r.output;
  r = lmz("check --sources docs bad.txt --format html -o report.html");
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_TRUE(std::filesystem::file_size(dir_.file("report.html")) > 500);
}

TEST_F(CheckCli, ClaimsAndRelations) {
  put("claim.txt", "The Varn Bridge opened on 3 June 1911, after a long dispute between farmers and fishermen.");
  test::CommandResult r = lmz("check --sources docs claim.txt --fail-on contradicted --color never");
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("{?after a long dispute between farmers and fishermen?}"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("1 unsupported claim;"), std::string::npos) << r.output;
  EXPECT_EQ(lmz("check --sources docs claim.txt --fail-on claim").exit_code, 3);
  EXPECT_EQ(lmz("check --sources docs claim.txt --fail-on unsupported").exit_code, 3);
  EXPECT_EQ(lmz("check --sources docs good.txt --fail-on claim").exit_code, 0);
  r = lmz("check --sources docs claim.txt --json");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  nlohmann::json j = nlohmann::json::parse(r.output);
  EXPECT_EQ(j["counts"]["claims"], 1);
  ASSERT_EQ(j["claims"].size(), 1u);
  EXPECT_EQ(j["claims"][0]["text"], "after a long dispute between farmers and fishermen");
  EXPECT_EQ(j["claims"][0]["verdict"], "unsupported");
  EXPECT_GE(j["claims"][0]["novel_words"], 2);
  // A relation the sources state with something else.
  put("docs/people.txt", "Amelia Stroud was born in York in 1961 and trained as an architect in Leeds.");
  put("born.txt", "Amelia Stroud was born in Leeds.");
  r = lmz("check --sources docs born.txt --json --fail-on contradicted");
  EXPECT_EQ(r.exit_code, 3) << r.output;
  j = nlohmann::json::parse(r.output);
  bool found = false;
  for (const auto& s : j["spans"]) {
    if (s["verdict"] != "contradicted") continue;
    found = true;
    EXPECT_EQ(s["text"], "Leeds");
    EXPECT_EQ(s["source_value"], "York");
    EXPECT_EQ(s["relation"]["text"], "born");
  }
  EXPECT_TRUE(found);
  r = lmz("check --sources docs claim.txt --format html -o claim.html");
  EXPECT_EQ(r.exit_code, 0) << r.output;
}

TEST_F(CheckCli, Store) {
  ASSERT_EQ(lmz("index add --store s.db docs").exit_code, 0);
  test::CommandResult r = lmz("check --store s.db bad.txt --format json");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_EQ(nlohmann::json::parse(r.output)["counts"]["contradicted"], 1);
  r = lmz("check --store missing.db bad.txt");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.output.find("no such store"), std::string::npos) << r.output;
  EXPECT_FALSE(std::filesystem::exists(dir_.file("missing.db")));
}

TEST_F(CheckCli, Usage) {
  EXPECT_EQ(lmz("check good.txt").exit_code, 2);            // no sources
  EXPECT_EQ(lmz("check --sources good.txt").exit_code, 2);  // no answer besides the source
  EXPECT_EQ(lmz("check --sources docs good.txt --fail-on x").exit_code, 2);
  EXPECT_EQ(lmz("map --fail-on unsupported good.txt").exit_code, 2);
  EXPECT_EQ(lmz("check --sources docs missing.txt").exit_code, 1);
  EXPECT_EQ(lmz("check --sources nothing.txt good.txt").exit_code, 1);
  const test::CommandResult r = lmz("check --bench good.txt");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.output.find("not a BUMP file"), std::string::npos) << r.output;
}

}  // namespace
}  // namespace lmz
