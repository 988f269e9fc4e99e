// The BUMP runner: the two measures, the file format, and the benchmark itself.
#include "ground/bump.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "core/file_io.h"
#include "test_util.h"

namespace lmz::ground {
namespace {

TEST(Bump, Measures) {
  EXPECT_DOUBLE_EQ(consistency({3, 2, 1}, {1, 2, 0}), 2.0 / 3.0);  // a tie is not consistent
  // References {3, 1} against edited {2, 1}: 3>2, 3>1, 1<2, 1=1 (one half).
  EXPECT_DOUBLE_EQ(roc_auc({3, 1}, {2, 1}), 2.5 / 4.0);
  EXPECT_DOUBLE_EQ(roc_auc({5, 6}, {1, 2}), 1.0);
  EXPECT_DOUBLE_EQ(roc_auc({1}, {1}), 0.5);
}

TEST(Bump, FlaggedFactsRankBeforeTheShareOfBits) {
  CheckResult clean;
  clean.bits_without = 100.0;
  clean.bits_with = 90.0;                         // explains 10%
  clean.word_pairs = {.all = 10, .together = 5};  // holds half its word pairs together
  CheckResult flagged = clean;
  flagged.bits_with = 20.0;  // explains 80%, but states a fact the sources contradict
  flagged.contradicted = 1;
  EXPECT_DOUBLE_EQ(faithfulness_score(clean), 0.1 + 0.3 * 0.5);
  EXPECT_GT(faithfulness_score(clean), faithfulness_score(flagged));
  CheckResult apart = clean;
  apart.word_pairs.together = 2;  // pairs words the sources state apart
  EXPECT_GT(faithfulness_score(clean), faithfulness_score(apart));
  CheckResult no_pairs = clean;
  no_pairs.word_pairs = {};  // nothing to pair counts as all together
  EXPECT_DOUBLE_EQ(faithfulness_score(no_pairs), 0.1 + 0.3);
  CheckResult unsupported = clean;
  unsupported.unsupported = 2;
  EXPECT_GT(faithfulness_score(flagged), faithfulness_score(unsupported));
  CheckResult unresolved = clean;
  unresolved.unresolved = 1;  // opens with a pronoun that refers to no one
  EXPECT_GT(faithfulness_score(clean), faithfulness_score(unresolved));
}

TEST(Bump, PublishedMetricsMatchThePaper) {
  const std::string path = std::string(LMZ_SHARED_DIR) + "/faithfulness/bump_task1.json";
  if (!std::filesystem::exists(path)) GTEST_SKIP() << "../shared/faithfulness is absent";
  Result<std::vector<BumpRecord>> records = load_bump(path);
  ASSERT_TRUE(records.ok()) << records.status().message();
  ASSERT_EQ(records->size(), 693u);
  bool seen = false;
  for (const BumpRow& r : published_rows(*records)) {
    if (r.name != "BARTScore") continue;
    seen = true;
    EXPECT_NEAR(r.consistency, 91.9, 0.05);
    EXPECT_NEAR(r.roc_auc, 60.1, 0.05);
  }
  EXPECT_TRUE(seen);
}

TEST(Bump, BadFilesAreRefused) {
  test::TempDir dir;
  auto load = [&](const std::string& text) {
    const std::string path = dir.file("b.json");
    EXPECT_TRUE(write_file(path, Bytes(text.begin(), text.end())).ok());
    return load_bump(path);
  };
  EXPECT_NE(load("{").status().message().find("invalid JSON"), std::string::npos);
  EXPECT_NE(load("{}").status().message().find("array"), std::string::npos);
  EXPECT_NE(load("[]").status().message().find("no records"), std::string::npos);
  EXPECT_NE(load("[{\"article\": \"a\"}]").status().message().find("reference_summary"), std::string::npos);
  Result<std::vector<BumpRecord>> ok = load(
      "[{\"article\": \"The bridge opened in 1911.\", \"reference_summary\": \"It opened in 1911.\","
      " \"edited_summary\": \"It opened in 1921.\", \"error_type\": \"Intrinsic Circumstance Error\","
      " \"scores\": {\"X_reference\": 0.9, \"X_edited\": 0.5}}]");
  ASSERT_TRUE(ok.ok()) << ok.status().message();
  EXPECT_EQ((*ok)[0].published.at("X"), std::make_pair(0.9, 0.5));
  const BumpScores scores = run_bump(*ok, {}, 1, nullptr);
  EXPECT_GT(scores.reference[0], scores.edited[0]);
}

TEST(Bump, Task1WithTheBuiltInModel) {
  const std::string path = std::string(LMZ_SHARED_DIR) + "/faithfulness/bump_task1.json";
  if (!std::filesystem::exists(path)) GTEST_SKIP() << "../shared/faithfulness is absent";
  Result<std::vector<BumpRecord>> records = load_bump(path);
  ASSERT_TRUE(records.ok());
  const BumpScores scores = run_bump(*records, {}, 2, nullptr);
  const std::vector<BumpRow> rows = bump_rows(*records, scores);
  ASSERT_EQ(rows.size(), 8u);  // overall and seven error types
  std::printf("BUMP task 1, cm -5: consistency %.1f, ROC AUC %.1f\n", rows[0].consistency, rows[0].roc_auc);
  // Guards against regressions of the figures in bench/results.md.
  EXPECT_GT(rows[0].consistency, 79.0);
  EXPECT_GT(rows[0].roc_auc, 56.0);
}

}  // namespace
}  // namespace lmz::ground
