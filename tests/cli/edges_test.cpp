// The habits gzip, xz and zstd users rely on, at the edges: special and
// linked outputs, long names, concatenated archives, --rm with -c, terminal
// control characters in reports, write errors, options that do not apply,
// and the help of each command.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "cli/options.h"
#include "test_util.h"

namespace lmz {
namespace {

using test::quote;
using test::run_shell;

class CliEdges : public ::testing::Test {
 protected:
  void SetUp() override {
    data_ = test::text_bytes(30000, 12);
    ASSERT_TRUE(write_file(dir_.file("a.txt"), data_).ok());
  }
  test::CommandResult lmz(const std::string& args) {
    return run_shell("cd " + quote(dir_.path()) + " && " + quote(test::lmz_binary()) + " " + args);
  }
  // Runs lmz with standard output to `out`; the result holds what it said on standard error.
  test::CommandResult lmz_to(const std::string& args, const std::string& out) {
    return run_shell("cd " + quote(dir_.path()) + " && { " + quote(test::lmz_binary()) + " " + args + " >" + out +
                     " 2> err.txt; s=$?; cat err.txt; exit $s; }");
  }
  Bytes read(const std::string& name) { return *read_file(dir_.file(name)); }

  test::TempDir dir_;
  Bytes data_;
};

TEST_F(CliEdges, ADeviceBehindALinkIsWrittenInPlaceNeverReplaced) {
  std::filesystem::create_symlink("/dev/null", dir_.file("null"));
  EXPECT_EQ(lmz("-f -o null a.txt").exit_code, 0);
  EXPECT_EQ(lmz("-o null a.txt").exit_code, 0);  // nothing is replaced, so no -f is needed
  EXPECT_TRUE(std::filesystem::is_symlink(dir_.file("null")));
  struct stat st {};
  ASSERT_EQ(stat("/dev/null", &st), 0);
  EXPECT_TRUE(S_ISCHR(st.st_mode));
}

TEST_F(CliEdges, AFifoIsWrittenInPlace) {
  ASSERT_EQ(mkfifo(dir_.file("pipe").c_str(), 0600), 0);
  const test::CommandResult r = run_shell("cd " + quote(dir_.path()) + " && { timeout 20 " + quote(test::lmz_binary()) +
                                          " -o pipe a.txt & timeout 20 cat pipe > got.lmz; wait $!; }");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  struct stat st {};
  ASSERT_EQ(stat(dir_.file("pipe").c_str(), &st), 0);
  EXPECT_TRUE(S_ISFIFO(st.st_mode));
  EXPECT_EQ(lmz("-dc got.lmz | cmp - a.txt").exit_code, 0);
}

TEST_F(CliEdges, ALinkToAFileIsFollowedOnlyWithForce) {
  ASSERT_TRUE(write_file(dir_.file("target.lmz"), Bytes{1, 2, 3}).ok());
  std::filesystem::create_symlink("target.lmz", dir_.file("link.lmz"));
  test::CommandResult r = lmz("-o link.lmz a.txt");
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_EQ(read("target.lmz"), (Bytes{1, 2, 3}));
  r = lmz("-f -o link.lmz a.txt");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_TRUE(std::filesystem::is_symlink(dir_.file("link.lmz")));
  EXPECT_EQ(lmz("-dc target.lmz | cmp - a.txt").exit_code, 0);
  std::filesystem::create_symlink("nowhere.lmz", dir_.file("dangling.lmz"));
  EXPECT_EQ(lmz("-f -o dangling.lmz a.txt").exit_code, 1);
  EXPECT_FALSE(path_exists(dir_.file("nowhere.lmz")));
}

TEST_F(CliEdges, StandardOutputByNameIsStandardOutput) {
  const test::CommandResult r = lmz_to("-f -o /dev/stdout a.txt", "out.lmz");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_EQ(lmz("-dc out.lmz | cmp - a.txt").exit_code, 0);
  EXPECT_EQ(lmz("-f -o a.txt a.txt.x").exit_code, 1);  // a missing input: the output is left alone
  EXPECT_EQ(read("a.txt"), data_);
  std::filesystem::create_symlink("a.txt", dir_.file("same.txt"));
  EXPECT_NE(lmz("-d -f -o same.txt a.txt").output.find("same file"), std::string::npos);
}

TEST_F(CliEdges, RmWithStdoutKeepsTheInput) {
  test::CommandResult r = lmz_to("--rm -c a.txt", "a.lmz");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("--rm is ignored with -c"), std::string::npos) << r.output;
  EXPECT_TRUE(path_exists(dir_.file("a.txt")));
  r = lmz_to("-d --rm -c a.lmz", "back.txt");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_TRUE(path_exists(dir_.file("a.lmz")));
  EXPECT_EQ(read("back.txt"), data_);
}

TEST_F(CliEdges, ConcatenatedArchivesDecodeToTheConcatenation) {
  ASSERT_TRUE(write_file(dir_.file("b.txt"), test::text_bytes(9000, 13)).ok());
  ASSERT_EQ(lmz_to("-c a.txt b.txt", "ab.lmz").exit_code, 0);
  ASSERT_EQ(lmz_to("-c -1 --chunk-size 4K b.txt", ">ab.lmz").exit_code, 0);  // a multi-chunk member
  EXPECT_EQ(run_shell("cd " + quote(dir_.path()) + " && cat a.txt b.txt b.txt > abb.txt && " +
                      quote(test::lmz_binary()) + " -dc ab.lmz | cmp - abb.txt")
                .exit_code,
            0);
  EXPECT_EQ(lmz("-t ab.lmz").exit_code, 0);
  test::CommandResult r = lmz("-l ab.lmz");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("3 concatenated archives"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find(std::to_string(data_.size() + 18000)), std::string::npos) << r.output;
  // Anything else after an archive is still an error.
  ASSERT_EQ(lmz_to("-c a.txt", "junk.lmz").exit_code, 0);
  ASSERT_EQ(run_shell("echo junk >> " + quote(dir_.file("junk.lmz"))).exit_code, 0);
  r = lmz("-t junk.lmz");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.output.find("trailing data"), std::string::npos) << r.output;
}

TEST_F(CliEdges, LongNamesUseAShortTemporary) {
  const std::string name(241, 'n');
  ASSERT_TRUE(write_file(dir_.file(name), data_).ok());
  test::CommandResult r = lmz(name);
  ASSERT_EQ(r.exit_code, 0) << r.output;
  std::filesystem::remove(dir_.file(name));
  r = lmz("-d " + name + ".lmz");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_EQ(read(name), data_);
}

TEST_F(CliEdges, ControlCharactersInReportsAreShownNotObeyed) {
  const std::string hostile = "The bridge opened in 1911.\x1b]0;pwned\x07 It cost \x1b[8m$5m\x1b[0m.\n";
  ASSERT_TRUE(write_file(dir_.file("answer.txt"), Bytes(hostile.begin(), hostile.end())).ok());
  const std::string source = "The bridge opened in 1911. It cost $4m.\n";
  ASSERT_TRUE(write_file(dir_.file("source.txt"), Bytes(source.begin(), source.end())).ok());
  for (const std::string& args : {std::string("map --color never answer.txt"),
                                  std::string("check --color never --sources source.txt answer.txt")}) {
    const test::CommandResult r = lmz(args);
    ASSERT_EQ(r.exit_code, 0) << r.output;
    EXPECT_EQ(r.output.find('\x1b'), std::string::npos) << args;
    EXPECT_EQ(r.output.find('\x07'), std::string::npos) << args;
    EXPECT_NE(r.output.find("^["), std::string::npos) << args << "\n" << r.output;
    EXPECT_NE(r.output.find("^G"), std::string::npos) << args << "\n" << r.output;
  }
  // In colour, the only escapes are the report's own colour codes.
  const test::CommandResult r = lmz("check --color always --sources source.txt answer.txt");
  EXPECT_EQ(r.output.find("\x1b]0;"), std::string::npos);
  EXPECT_EQ(r.output.find("\x1b[8m"), std::string::npos);
}

TEST_F(CliEdges, WriteErrorsAreErrors) {
  ASSERT_EQ(lmz("a.txt").exit_code, 0);
  for (const std::string& args :
       {std::string("-l a.txt.lmz"), std::string("--help"), std::string("map --help"), std::string("-dc a.txt.lmz"),
        std::string("map a.txt"), std::string("bench --no-baselines a.txt")}) {
    const test::CommandResult r = lmz_to(args, "/dev/full");
    EXPECT_EQ(r.exit_code, 1) << args << ": " << r.output;
    EXPECT_NE(r.output.find("No space left"), std::string::npos) << args << ": " << r.output;
  }
}

TEST_F(CliEdges, OptionsThatDoNotApplyAreUsageErrors) {
  for (const char* args : {"--sweep a.txt", "--svg x.svg a.txt", "--logprobs r.json a.txt", "-p hello a.txt",
                           "-d --quality 50 a.txt.lmz", "map --rm a.txt", "list --ctx 64 a.lmz",
                           "index add --store s.db --limit 3 a.txt", "check --sweep --sources a.txt a.txt",
                           "bench --format json a.txt", "generate -m x.gguf -p hi --sources a.txt"}) {
    const test::CommandResult r = lmz(args);
    EXPECT_EQ(r.exit_code, 2) << args << ": " << r.output;
  }
  const test::CommandResult r = lmz("map --sweep a.txt");
  EXPECT_NE(r.output.find("option --sweep does not apply to map"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("Try 'lmz map --help'"), std::string::npos) << r.output;
  EXPECT_EQ(lmz("bench empty").exit_code, 1);
  std::filesystem::create_directory(dir_.file("empty"));
  const test::CommandResult bench = lmz("bench empty");
  EXPECT_EQ(bench.exit_code, 1);
  EXPECT_NE(bench.output.find("no files"), std::string::npos) << bench.output;
}

TEST_F(CliEdges, ErrorsNameTheFileOnce) {
  std::filesystem::create_directory(dir_.file("d1"));
  const test::CommandResult r = lmz("d1");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.output, "lmz: d1: is a directory\n");
}

TEST_F(CliEdges, VerboseSpeedsOfSmallFilesAreShown) {
  ASSERT_TRUE(write_file(dir_.file("s.txt"), Bytes{'h', 'i', '\n'}).ok());
  const test::CommandResult r = lmz("-v -1 s.txt");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_EQ(r.output.find("0.00 MB/s"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("KB/s"), std::string::npos) << r.output;
}

TEST_F(CliEdges, EveryCommandHasItsHelp) {
  for (const char* command :
       {"compress", "decompress", "test", "list", "bench", "generate", "map", "artifacts", "index", "check", "serve"}) {
    const test::CommandResult a = lmz(std::string(command) + " --help");
    ASSERT_EQ(a.exit_code, 0) << command;
    EXPECT_EQ(a.output.rfind(std::string("Usage: lmz "), 0), 0u) << command;
    EXPECT_NE(a.output.find("Examples:"), std::string::npos) << command;
    EXPECT_NE(a.output.find("3 check --fail-on"), std::string::npos) << command;
    EXPECT_EQ(lmz(std::string("help ") + command).output, a.output) << command;
  }
  // Every option appears in some command's help, and in the general one or that command's.
  std::string all;
  for (const char* command :
       {"compress", "bench", "generate", "tokenize", "map", "artifacts", "index", "check", "serve"}) {
    all += lmz(std::string(command) + " --help").output;
  }
  for (const cli::OptionSpec& s : cli::option_table()) {
    const std::string shown = std::string(s.name) == "1..9" ? "-1 .. -9" : "--" + std::string(s.name);
    EXPECT_NE(all.find(shown), std::string::npos) << shown;
  }
  EXPECT_EQ(lmz("help nonsense").exit_code, 2);
}

// The manual page names every option of the table, and no other.
TEST(ManualPage, ListsEveryOptionOfTheTable) {
  std::ifstream in(std::string(LMZ_SOURCE_DIR) + "/docs/lmz.1");
  ASSERT_TRUE(in) << "docs/lmz.1 is missing";
  std::stringstream ss;
  ss << in.rdbuf();
  const std::string page = ss.str();
  for (const cli::OptionSpec& s : cli::option_table()) {
    if (std::string(s.name) == "1..9") {
      EXPECT_NE(page.find("\\-1 .. \\-9"), std::string::npos);
      continue;
    }
    std::string escaped;
    for (const char c : std::string(s.name)) escaped += c == '-' ? std::string("\\-") : std::string(1, c);
    EXPECT_NE(page.find("\\-\\-" + escaped), std::string::npos) << s.name;
    if (s.short_name != 0) {
      EXPECT_NE(page.find(std::string("\\-") + s.short_name + ","), std::string::npos) << s.name;
    }
  }
  // Every --option the page names exists.
  for (size_t at = page.find("\\-\\-"); at != std::string::npos; at = page.find("\\-\\-", at + 4)) {
    size_t end = at + 4;
    while (end < page.size()) {
      if (std::isalnum(static_cast<unsigned char>(page[end])))
        ++end;
      else if (page.compare(end, 2, "\\-") == 0)
        end += 2;
      else
        break;
    }
    std::string name = page.substr(at + 4, end - at - 4);
    if (name.empty()) continue;
    for (size_t k = name.find("\\-"); k != std::string::npos; k = name.find("\\-")) name.replace(k, 2, "-");
    bool known = false;
    for (const cli::OptionSpec& s : cli::option_table()) known = known || name == s.name;
    EXPECT_TRUE(known) << "docs/lmz.1 names --" << name;
  }
}

}  // namespace
}  // namespace lmz
