#include "analysis/span_classes.h"

#include <gtest/gtest.h>

#include <map>

#include "test_util.h"

namespace lmz::analysis {
namespace {

// The class of each non-space span, as "text=class" strings.
std::vector<std::string> classes_of(const std::string& text) {
  std::vector<std::string> out;
  for (const Span& s : classify_spans(text)) {
    if (s.cls == SpanClass::kSpace) continue;
    out.push_back(text.substr(s.begin, s.end - s.begin) + "=" + span_class_name(s.cls));
  }
  return out;
}

bool has(const std::vector<std::string>& v, const std::string& item) {
  return std::find(v.begin(), v.end(), item) != v.end();
}

TEST(SpanClasses, SpansCoverTheTextExactly) {
  for (uint64_t seed = 0; seed < 50; ++seed) {
    const Bytes bytes = seed % 2 ? test::random_bytes(500, seed) : test::text_bytes(800, seed);
    const std::string text(bytes.begin(), bytes.end());
    const std::vector<Span> spans = classify_spans(text);
    uint64_t at = 0;
    for (const Span& s : spans) {
      ASSERT_EQ(s.begin, at);
      ASSERT_GT(s.end, s.begin);
      at = s.end;
    }
    ASSERT_EQ(at, text.size());
  }
  EXPECT_TRUE(classify_spans("").empty());
}

TEST(SpanClasses, Numbers) {
  const auto c = classes_of("It cost $1,250.50, down 18.4% or 3 percent, to -7 and 2,000,000 units; the 21st.");
  for (const char* n : {"$1,250.50", "18.4%", "3 percent", "-7", "2,000,000", "21st"}) {
    EXPECT_TRUE(has(c, std::string(n) + "=number")) << n;
  }
  EXPECT_TRUE(has(classes_of("about 5 million people"), "5 million=number"));
  // Scales and units written on are part of the number; other letters make a word.
  const auto u = classes_of("It cost $1.2bn, or 40m euros, for a 180m dam of 5kg bricks; B2B, 3D and 4x4 are words.");
  for (const char* n : {"$1.2bn", "40m", "180m", "5kg"}) EXPECT_TRUE(has(u, std::string(n) + "=number")) << n;
  for (const char* w : {"B2B", "3D", "4x4"}) EXPECT_FALSE(has(u, std::string(w) + "=number")) << w;
}

TEST(SpanClasses, DatesAndTimes) {
  const auto c =
      classes_of("On 2024-05-01 at 12:30 pm, and on March 5, 2024, 5 March 1990, 5/1/24 and in 1969 (Monday).");
  for (const char* d : {"2024-05-01", "12:30 pm", "March 5, 2024", "5 March 1990", "5/1/24", "1969", "Monday"}) {
    EXPECT_TRUE(has(c, std::string(d) + "=date")) << d;
  }
  EXPECT_TRUE(has(classes_of("They may go."), "may=common_word"));
  EXPECT_TRUE(has(classes_of("It opens at 3pm."), "3pm=date"));
  EXPECT_TRUE(has(classes_of("It opens at 11 a.m. daily."), "11 a.m.=date"));
}

TEST(SpanClasses, NamesAreNotMerelySentenceInitial) {
  const auto c = classes_of("The cat met Ada Lovelace in London. Cats sleep. NASA agreed. London is big.");
  EXPECT_TRUE(has(c, "Ada Lovelace=name"));
  EXPECT_TRUE(has(c, "London=name"));
  EXPECT_TRUE(has(c, "NASA=name"));
  EXPECT_TRUE(has(c, "The=common_word"));
  EXPECT_TRUE(has(c, "Cats=other_word"));  // capitalised only at the start of its sentence
  int london = 0;
  for (const std::string& s : c) london += s == "London=name";
  EXPECT_EQ(london, 2);  // the sentence-initial one too, as the text capitalises it inside a sentence
  // A quote opened after a colon opens a sentence; a quote inside one does not.
  EXPECT_TRUE(has(classes_of("Mr Alexander wrote: 'Sorry for the late reply.'"), "Sorry=other_word"));
  EXPECT_TRUE(has(classes_of("He wrote: \xe2\x80\x9cSorry for the late reply.\xe2\x80\x9d"), "Sorry=other_word"));
  EXPECT_TRUE(has(classes_of("They watched the 'Hot or Not' videos."), "Hot=name"));
}

TEST(SpanClasses, CodeUrlsAndEmails) {
  const auto c = classes_of(
      "Call load_config() or getValue(x) from os.path; if a == b -> `x += 1`. See "
      "https://example.com/a?b=1. Mail ada@example.org, or www.lmz.dev.");
  for (const char* s :
       {"load_config=code", "getValue=code", "os.path=code",
        "=="
        "=code",
        "->=code", "`x += 1`=code", "https://example.com/a?b=1=url", "ada@example.org=url", "www.lmz.dev=url"}) {
    EXPECT_TRUE(has(c, s)) << s;
  }
  const auto block = classes_of("Run:\n```\nint x = 0;\n```\ndone");
  EXPECT_TRUE(has(block, "```\nint x = 0;\n```=code"));
}

TEST(SpanClasses, WordsInAnyScriptAndInvalidBytes) {
  const auto c = classes_of("na Български и 日本語 and caf\xc3\xa9 \xff\xfe end");
  EXPECT_TRUE(has(c, "Български=name"));
  EXPECT_TRUE(has(c, "caf\xc3\xa9=other_word"));
  EXPECT_TRUE(has(c, "and=common_word"));
  EXPECT_TRUE(has(c, "\xff=other_word"));
}

}  // namespace
}  // namespace lmz::analysis
