// lmz index add / search through the command line.
#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "test_util.h"

namespace lmz {
namespace {

using test::quote;
using test::run_shell;

TEST(IndexCli, AddThenSearch) {
  test::TempDir dir;
  std::filesystem::create_directories(dir.file("docs"));
  const std::string text = "The Varn Bridge opened on 3 June 1911.\n\nThe Kelby reservoir dates from 1897.";
  ASSERT_TRUE(write_file(dir.file("docs/a.txt"), Bytes(text.begin(), text.end())).ok());
  auto lmz = [&](const std::string& args) {
    return run_shell("cd " + quote(dir.path()) + " && " + quote(test::lmz_binary()) + " " + args);
  };
  test::CommandResult r = lmz("index add --store s.db docs");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("1 file added (1 passage,"), std::string::npos) << r.output;
  r = lmz("index search --store s.db --json reservoir 1897");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const nlohmann::json hits = nlohmann::json::parse(r.output);
  ASSERT_EQ(hits.size(), 1u);
  // Stored by absolute path: the store means the same from any folder.
  EXPECT_EQ(hits[0]["path"], dir.file("docs/a.txt"));
  const uint64_t begin = hits[0]["begin"], end = hits[0]["end"];
  EXPECT_NE(text.substr(begin, end - begin).find("Kelby reservoir"), std::string::npos);
  EXPECT_EQ(lmz("index search s.db x").exit_code, 2);
  EXPECT_EQ(lmz("index list --store s.db").exit_code, 2);
  EXPECT_EQ(lmz("index add --store s.db missing.txt").exit_code, 1);
  EXPECT_EQ(lmz("index search --store s.db reservoir > /dev/full").exit_code, 1);
}

TEST(IndexCli, BinaryFilesAreSkippedAndHtmlCommentsAreNoText) {
  test::TempDir dir;
  std::filesystem::create_directories(dir.file("docs"));
  Bytes binary = test::random_bytes(4000, 3);
  binary[10] = 0;
  ASSERT_TRUE(write_file(dir.file("docs/blob.txt"), binary).ok());
  const std::string html =
      "<html><body><p>The Varn Bridge opened in 1911.</p>"
      "<!-- draft: the Quorlap viaduct closed in 1950 --></body></html>";
  ASSERT_TRUE(write_file(dir.file("docs/page.html"), Bytes(html.begin(), html.end())).ok());
  auto lmz = [&](const std::string& args) {
    return run_shell("cd " + quote(dir.path()) + " && " + quote(test::lmz_binary()) + " " + args);
  };
  test::CommandResult r = lmz("index add --store s.db docs");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("blob.txt: not text, skipped"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("1 file added"), std::string::npos) << r.output;
  EXPECT_EQ(lmz("index search --store s.db --json Quorlap").output, "[]\n");
  EXPECT_NE(lmz("index search --store s.db --json Varn").output.find("1911"), std::string::npos);
  // Only binary files: nothing to index is an error, as is checking against them.
  r = lmz("index add --store t.db docs/blob.txt");
  EXPECT_EQ(r.exit_code, 1) << r.output;
  const std::string answer = "It opened in 1911.";
  ASSERT_TRUE(write_file(dir.file("answer.txt"), Bytes(answer.begin(), answer.end())).ok());
  r = lmz("check --sources docs/blob.txt answer.txt");
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_NE(r.output.find("the sources hold no text"), std::string::npos) << r.output;
}

}  // namespace
}  // namespace lmz
