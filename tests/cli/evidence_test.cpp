// docs/EVIDENCE.md's commands, run on its small inputs with the smallest
// house model: each report has the shape the page reads its figures from.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "test_util.h"

namespace lmz {
namespace {

using test::quote;
using test::run_shell;

std::string evidence(const std::string& name) {
  return std::string(LMZ_SOURCE_DIR) + "/docs/evidence/" + name;
}
std::string house(const std::string& name) {
  return test::shared_dir() + "/models/house/" + name;
}

test::CommandResult lmz(const std::string& args) {
  return run_shell(quote(test::lmz_binary()) + " " + args);
}

nlohmann::json json_of(const test::CommandResult& r) {
  EXPECT_EQ(r.exit_code, 0) << r.output;
  return nlohmann::json::parse(r.output, nullptr, false);
}

TEST(Evidence, ClaimOneCompressionCloseToTheIdealCodeLength) {
  LMZ_REQUIRE_SHARED();
  test::TempDir dir;
  ASSERT_EQ(lmz("-m " + quote(house("house-S.gguf")) + " --no-mix --no-compact -c " + quote(evidence("paragraph.txt")) +
                " > " + quote(dir.file("p.lmz")))
                .exit_code,
            0);
  const nlohmann::json j = json_of(lmz("-l --json " + quote(dir.file("p.lmz"))));
  ASSERT_TRUE(j.is_array() && j.size() == 1);
  EXPECT_EQ(j[0]["original_bytes"], 629);
  const double coded = j[0]["coded_bits"], ideal = j[0]["ideal_bits"];
  EXPECT_LT(coded, ideal * 1.001 + 24);
}

TEST(Evidence, ClaimsTwoAndThreeArtifactsByClass) {
  LMZ_REQUIRE_SHARED();
  const nlohmann::json j = json_of(
      lmz("artifacts -m " + quote(house("house-S.gguf")) + " --quality 40 --json " + quote(evidence("paragraph.txt"))));
  for (const char* key : {"reconstruction", "artifacts", "classes", "share_altered", "bits_per_byte"}) {
    EXPECT_TRUE(j.contains(key)) << key;
  }
  EXPECT_GT(j["altered"].get<int>(), 0);
}

TEST(Evidence, ClaimFourTheRace) {
  LMZ_REQUIRE_SHARED();
  const nlohmann::json j = json_of(
      lmz("race -m " + quote(test::shared_dir() + "/models/house") + " --json " + quote(evidence("paragraph.txt"))));
  ASSERT_EQ(j["models"].size(), 4u);
  EXPECT_EQ(j["models"][0]["name"], "cm");
  EXPECT_EQ(j["models"][1]["name"], "house-S.gguf");
  EXPECT_EQ(j["models"][3]["name"], "house-L.gguf");
  EXPECT_EQ(j["models"][1]["parameters"], 529088);
}

TEST(Evidence, ClaimFiveSourcesSaveBitsAndFindTheChangedFigure) {
  LMZ_REQUIRE_SHARED();
  const nlohmann::json j =
      json_of(lmz("check --json --sources " + quote(evidence("paragraph.txt")) + " " + quote(evidence("answer.txt"))));
  EXPECT_EQ(j["counts"]["contradicted"], 1);
  EXPECT_LT(j["bits_with"].get<double>(), 0.6 * j["bits_without"].get<double>());
  bool twelve = false;
  for (const nlohmann::json& s : j["spans"])
    twelve = twelve || (s["verdict"] == "contradicted" && s["text"] == "twelve");
  EXPECT_TRUE(twelve) << j["spans"].dump();
}

}  // namespace
}  // namespace lmz
