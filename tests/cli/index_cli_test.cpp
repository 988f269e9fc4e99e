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
  EXPECT_NE(r.output.find("1 files added"), std::string::npos) << r.output;
  r = lmz("index search --store s.db --json reservoir 1897");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const nlohmann::json hits = nlohmann::json::parse(r.output);
  ASSERT_EQ(hits.size(), 1u);
  const uint64_t begin = hits[0]["begin"], end = hits[0]["end"];
  EXPECT_NE(text.substr(begin, end - begin).find("Kelby reservoir"), std::string::npos);
  EXPECT_EQ(lmz("index search s.db x").exit_code, 2);
  EXPECT_EQ(lmz("index list --store s.db").exit_code, 2);
  EXPECT_EQ(lmz("index add --store s.db missing.txt").exit_code, 1);
}

}  // namespace
}  // namespace lmz
