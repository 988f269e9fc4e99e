#include "ground/source_store.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "test_util.h"

namespace lmz::ground {
namespace {

void write_text(const std::string& path, const std::string& text) {
  ASSERT_TRUE(write_file(path, Bytes(text.begin(), text.end())).ok());
}

TEST(Passages, PlainTextOffsetsSliceTheOriginal) {
  std::string doc = "First paragraph about bridges.\n\nSecond one, about rivers.\n\n";
  EXPECT_EQ(split_passages(doc, false).size(), 1u);  // small paragraphs are merged; nothing is lost at the end
  for (int i = 0; i < 60; ++i) doc += "A long paragraph sentence number " + std::to_string(i) + ". ";
  doc += "\n\nLast.";
  const std::vector<Passage> passages = split_passages(doc, false);
  ASSERT_GE(passages.size(), 2u);
  uint64_t previous_end = 0;
  for (const Passage& p : passages) {
    EXPECT_EQ(doc.substr(p.begin, p.end - p.begin), p.text);
    EXPECT_GE(p.begin, previous_end);
    EXPECT_LE(p.text.size(), 1600u);
    previous_end = p.end;
  }
}

TEST(Passages, WindowsLineEndsBreakParagraphsToo) {
  std::string doc;
  for (int i = 0; i < 30; ++i) doc += "Paragraph " + std::to_string(i) + " says something about the river.\r\n\r\n";
  const std::vector<Passage> passages = split_passages(doc, false);
  ASSERT_GE(passages.size(), 2u);
  for (const Passage& p : passages) {
    EXPECT_EQ(doc.substr(p.begin, p.end - p.begin), p.text);
    EXPECT_LE(p.text.size(), 1000u);  // cut at paragraph ends, near 800 bytes
  }
}

TEST(Passages, HtmlLosesTagsScriptsAndStylesButKeepsOffsets) {
  const std::string doc =
      "<html><head><style>p{color:red}</style><script>var secret = 1;</script></head>"
      "<body><h1>Bridge &amp; river</h1><p>The Varn Bridge carries 21,000 vehicles.</p></body></html>";
  const std::vector<Passage> passages = split_passages(doc, true);
  ASSERT_FALSE(passages.empty());
  std::string all;
  for (const Passage& p : passages) all += p.text + "\n";
  EXPECT_EQ(all.find("secret"), std::string::npos);
  EXPECT_EQ(all.find("color"), std::string::npos);
  EXPECT_EQ(all.find('<'), std::string::npos);
  EXPECT_NE(all.find("Bridge & river"), std::string::npos);
  const Passage& last = passages.back();
  EXPECT_NE(doc.substr(last.begin, last.end - last.begin).find("21,000 vehicles"), std::string::npos);
}

TEST(SourceStore, AddsFoldersSearchesAndReplacesChangedFiles) {
  test::TempDir dir;
  std::filesystem::create_directories(dir.file("docs/sub"));
  write_text(dir.file("docs/bridge.txt"), "The Varn Bridge opened on 3 June 1911.\n\nIt cost 2,140,000 crowns.");
  write_text(dir.file("docs/sub/water.md"), "# Water\n\nThe Kelby reservoir holds 45,000 cubic metres.");
  write_text(dir.file("docs/sub/page.html"), "<p>Ashby Moor has an ozone plant.</p>");
  write_text(dir.file("docs/binary.bin"), "not indexed: Kelby Kelby Kelby");
  Result<std::unique_ptr<SourceStore>> store = SourceStore::open(dir.file("s.db"));
  ASSERT_TRUE(store.ok()) << store.status().message();
  AddStats stats;
  ASSERT_TRUE((*store)->add(dir.file("docs"), stats).ok());
  EXPECT_EQ(stats.files_added, 3u);

  Result<std::vector<SearchHit>> hits = (*store)->search("Kelby reservoir", 5);
  ASSERT_TRUE(hits.ok()) << hits.status().message();
  ASSERT_EQ(hits->size(), 1u);
  EXPECT_EQ((*hits)[0].path, dir.file("docs/sub/water.md"));
  EXPECT_NE((*hits)[0].text.find("The Kelby reservoir holds 45,000 cubic metres."), std::string::npos);
  EXPECT_EQ((*store)->search("ozone", 5)->size(), 1u);

  // Unchanged files are skipped; a changed file's passages are replaced.
  AddStats again;
  ASSERT_TRUE((*store)->add(dir.file("docs"), again).ok());
  EXPECT_EQ(again.files_unchanged, 3u);
  write_text(dir.file("docs/bridge.txt"), "The Varn Bridge was rebuilt in 2005.");
  AddStats changed;
  ASSERT_TRUE((*store)->add(dir.file("docs/bridge.txt"), changed).ok());
  EXPECT_EQ(changed.files_added, 1u);
  EXPECT_TRUE((*store)->search("crowns", 5)->empty());
  EXPECT_EQ((*store)->search("rebuilt", 5)->size(), 1u);

  // Query syntax is not interpreted, and a store survives reopening.
  EXPECT_TRUE((*store)->search("\"AND OR NEAR( *", 5).ok());
  EXPECT_TRUE((*store)->search("", 5)->empty());
  store->reset();
  Result<std::unique_ptr<SourceStore>> reopened = SourceStore::open(dir.file("s.db"));
  ASSERT_TRUE(reopened.ok());
  EXPECT_EQ((*reopened)->search("rebuilt", 5)->size(), 1u);
}

TEST(SourceStore, RankingPrefersThePassageWithTheRarerWords) {
  test::TempDir dir;
  write_text(dir.file("a.txt"), "the bridge the bridge the river\n\nthe Varn Bridge opened in 1911 over the Sava");
  Result<std::unique_ptr<SourceStore>> store = SourceStore::open(dir.file("s.db"));
  ASSERT_TRUE(store.ok());
  AddStats stats;
  ASSERT_TRUE((*store)->add(dir.file("a.txt"), stats).ok());
  Result<std::vector<SearchHit>> hits = (*store)->search("Varn Sava bridge", 5);
  ASSERT_TRUE(hits.ok());
  ASSERT_FALSE(hits->empty());
  EXPECT_NE((*hits)[0].text.find("Varn"), std::string::npos);
}

TEST(SourceStore, NotAStoreIsAnError) {
  test::TempDir dir;
  write_text(dir.file("junk.db"), std::string(4096, 'x'));
  EXPECT_FALSE(SourceStore::open(dir.file("junk.db")).ok());
  EXPECT_FALSE(SourceStore::open(dir.file("missing/dir/s.db")).ok());
}

}  // namespace
}  // namespace lmz::ground
