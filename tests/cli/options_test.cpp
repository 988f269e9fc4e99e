#include "cli/options.h"

#include <gtest/gtest.h>

namespace lmz::cli {
namespace {

ParseResult parse(std::vector<std::string> args) {
  return parse_options(args);
}

TEST(Options, CombinedShortFlags) {
  const ParseResult r = parse({"-dcf", "-T2", "-9", "a.lmz"});
  ASSERT_TRUE(r.error.empty()) << r.error;
  EXPECT_EQ(r.options.command, Command::kDecompress);
  EXPECT_TRUE(r.options.to_stdout);
  EXPECT_TRUE(r.options.force);
  EXPECT_EQ(r.options.threads, 2);
  EXPECT_EQ(r.options.level, 9);
  EXPECT_EQ(r.options.files, std::vector<std::string>{"a.lmz"});
}

TEST(Options, CommandsAndLongOptions) {
  ParseResult r = parse({"decompress", "--threads=3", "--output", "x", "f.lmz"});
  ASSERT_TRUE(r.error.empty()) << r.error;
  EXPECT_EQ(r.options.command, Command::kDecompress);
  EXPECT_EQ(r.options.threads, 3);
  EXPECT_EQ(r.options.output, "x");
  r = parse({"--chunk-size", "64K", "--rm", "-"});
  ASSERT_TRUE(r.error.empty()) << r.error;
  EXPECT_EQ(r.options.chunk_size, 65536u);
  EXPECT_TRUE(r.options.remove_input);
  EXPECT_EQ(r.options.files, std::vector<std::string>{"-"});
  r = parse({"--", "-weird-name"});
  EXPECT_EQ(r.options.files, std::vector<std::string>{"-weird-name"});
}

TEST(Options, CheckSourcesAnswerAndJson) {
  ParseResult r = parse({"check", "--sources", "a.txt", "docs", "answer.txt", "--json", "--question", "Q?"});
  ASSERT_TRUE(r.error.empty()) << r.error;
  EXPECT_EQ(r.options.command, Command::kCheck);
  EXPECT_EQ(r.options.sources, (std::vector<std::string>{"a.txt", "docs"}));
  EXPECT_EQ(r.options.files, std::vector<std::string>{"answer.txt"});
  EXPECT_EQ(r.options.format, "json");
  EXPECT_EQ(r.options.question, "Q?");
  r = parse({"check", "--store", "s.db"});
  ASSERT_TRUE(r.error.empty()) << r.error;
  EXPECT_EQ(r.options.files, std::vector<std::string>{"-"});
  EXPECT_EQ(parse({"map", "--json", "f.txt"}).options.format, "json");
  EXPECT_EQ(parse({"artifacts", "--json", "--sweep", "f.txt"}).options.format, "json");
  EXPECT_FALSE(parse({"map", "--json", "--format", "html", "f.txt"}).error.empty());
  EXPECT_FALSE(parse({"check", "--sources", "a", "b", "--store", "s.db"}).error.empty());
}

TEST(Options, UsageErrors) {
  EXPECT_NE(parse({"--bogus"}).error, "");
  EXPECT_NE(parse({"-x"}).error, "");
  EXPECT_NE(parse({"-T"}).error, "");
  EXPECT_NE(parse({"-T", "many"}).error, "");
  EXPECT_NE(parse({"-o", "out", "a", "b"}).error, "");
  EXPECT_NE(parse({"--chunk-size=1"}).error, "");
  EXPECT_NE(parse({"bench"}).error, "");
  EXPECT_NE(parse({"bench", "--runs", "0", "d"}).error, "");
  EXPECT_EQ(parse({"bench", "--runs=3", "d"}).options.runs, 3);
  EXPECT_NE(parse({"-c", "-o", "x", "a"}).error, "");
}

}  // namespace
}  // namespace lmz::cli
