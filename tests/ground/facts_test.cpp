// Normalised facts: the forms an answer and a source may each use.
#include "ground/facts.h"

#include <gtest/gtest.h>

#include "ground/number_forms.h"

namespace lmz::ground {
namespace {

// The fact of the first span of `text` that states one.
Fact first_fact(const std::string& text) {
  const std::vector<analysis::Span> spans = analysis::classify_spans(text);
  for (size_t i = 0; i < spans.size(); ++i) {
    Fact f = fact_at(text, spans, i);
    if (f.kind != FactKind::kNone) return f;
  }
  return {};
}

bool holds(const std::string& passage, const Fact& fact) {
  const std::set<std::string> keys = passage_keys(passage, analysis::classify_spans(passage));
  for (const std::string& k : fact.keys) {
    if (keys.count(k) == 0) return false;
  }
  return !fact.keys.empty();
}

TEST(Facts, NumbersNormalise) {
  EXPECT_EQ(normalise_number("1,000"), "1000");
  EXPECT_EQ(normalise_number("1000"), "1000");
  EXPECT_EQ(normalise_number("18.40%"), "18.4");
  EXPECT_EQ(normalise_number("$3.0"), "3");
  EXPECT_EQ(normalise_number("007"), "7");
  EXPECT_EQ(normalise_number("0.50"), "0.5");
  EXPECT_EQ(normalise_number("abc"), "");
}

TEST(Facts, FormsMatchAcrossAnswerAndSource) {
  EXPECT_TRUE(holds("Sales rose by 18.4% last year.", first_fact("sales rose 18.4 percent")));
  EXPECT_TRUE(holds("It cost 1000 pounds.", first_fact("It cost 1,000 pounds.")));
  EXPECT_TRUE(holds("The team had 3 players left.", first_fact("only three players")));
  EXPECT_TRUE(holds("It published 37 papers.", first_fact("thirty-seven papers")));
  EXPECT_TRUE(holds("It published thirty-seven papers.", first_fact("37 papers")));
  EXPECT_TRUE(holds("It has twenty-one rooms.", first_fact("21 rooms")));
  EXPECT_FALSE(holds("It published 37 papers.", first_fact("thirty-eight papers")));
  EXPECT_TRUE(holds("a grant of 1,500,000 dollars", first_fact("a grant of 1.5 million dollars")));
  EXPECT_TRUE(holds("a grant of 1.5 million dollars", first_fact("a grant of 1,500,000 dollars")));
  EXPECT_TRUE(holds("It was published on 29 May 1943 in Boston.", first_fact("On May 29, 1943 it appeared.")));
  EXPECT_FALSE(holds("It was published on 29 May 1943.", first_fact("On June 29, 1943 it appeared.")));
  EXPECT_FALSE(holds("It cost 1000 pounds.", first_fact("It cost 1,001 pounds.")));
  EXPECT_TRUE(holds("Mary Doyle Keefe posed for it.", first_fact("the painter met Keefe")));
}

TEST(Facts, KindsAndValues) {
  Fact f = first_fact("revenue of 41.2 million pounds");
  EXPECT_EQ(f.kind, FactKind::kNumber);
  EXPECT_EQ(f.value, "41200000");
  f = first_fact("on 3 June 1911 it opened");
  EXPECT_EQ(f.kind, FactKind::kDate);
  EXPECT_EQ(f.value, "3 6 1911");
  f = first_fact("the report by Ada Lovelace");
  EXPECT_EQ(f.kind, FactKind::kName);
  EXPECT_EQ(f.value, "ada lovelace");
  EXPECT_EQ(first_fact("one of the best").kind, FactKind::kNone);  // "one" is too common to check
}

TEST(Facts, SpelledOutNumbersOverSeveralWords) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"it took twenty one days", "21"},
      {"it took twenty-one days", "21"},
      {"a hundred people", "100"},
      {"one hundred people", "100"},
      {"three hundred and twelve people", "312"},
      {"two thousand five hundred people", "2500"},
      {"two million and six people", "2000006"},
      {"a dozen eggs", "12"},
      {"seventeen of them", "17"},
  };
  for (const auto& [text, value] : cases) {
    const Fact f = first_fact(text);
    EXPECT_EQ(f.kind, FactKind::kNumber) << text;
    EXPECT_EQ(f.value, value) << text;
  }
  // Words that do not read as one number stop it: the first of them is the number.
  EXPECT_EQ(first_fact("five six pick up sticks").value, "5");
  EXPECT_EQ(first_fact("twenty thirty").value, "20");
  EXPECT_EQ(first_fact("ten and two").value, "10");
  EXPECT_EQ(first_fact("one and all").kind, FactKind::kNone);
  // The fact covers the whole phrase: "twenty", the space and "one".
  const std::string text = "twenty one days";
  const std::vector<analysis::Span> spans = analysis::classify_spans(text);
  const Fact f = fact_at(text, spans, 0);
  EXPECT_EQ(f.span_count, 3u);
  EXPECT_EQ(spans[f.span_count - 1].end, 10u);
}

TEST(Facts, TheNumberLeadingAHyphenatedCompound) {
  EXPECT_EQ(compound_number_of("two-year"), "2");
  EXPECT_EQ(compound_number_of("twenty-five-year-old"), "25");
  EXPECT_EQ(compound_number_of("one-way"), "");       // "one" is too often no number
  EXPECT_EQ(compound_number_of("thirty-seven"), "");  // a number whole: spelled_number_at's
  EXPECT_EQ(compound_number_of("well-known"), "");
  EXPECT_EQ(compound_number_of("twoyear"), "");
}

TEST(Facts, SharesAreTheirPercentages) {
  const auto share = [](const std::string& text) {
    const std::vector<analysis::Span> spans = analysis::classify_spans(text);
    size_t count = 0;
    const std::string value = ratio_at(text, spans, 0, count);
    return value + "/" + std::to_string(count);
  };
  EXPECT_EQ(share("six in ten adults"), "60/5");
  EXPECT_EQ(share("1 in 4 homes"), "25/5");
  EXPECT_EQ(share("one in three"), "33.3/5");
  EXPECT_EQ(share("two in three"), "66.7/5");
  EXPECT_EQ(share("ten in six"), "/0");  // not a share
  EXPECT_EQ(share("six of ten"), "/0");
  EXPECT_EQ(share("in 2019 in ten"), "/0");
}

TEST(Facts, SpelledOutNumbersMatchDigits) {
  EXPECT_TRUE(holds("They waited 21 days.", first_fact("twenty one days")));
  EXPECT_TRUE(holds("They waited twenty one days.", first_fact("21 days")));
  EXPECT_TRUE(holds("It seats three hundred and twelve.", first_fact("312 seats")));
  EXPECT_TRUE(holds("It cost 2,500 pounds.", first_fact("two thousand five hundred pounds")));
  // A source's "twenty one" states 21, not 20.
  EXPECT_FALSE(holds("They waited twenty one days.", first_fact("20 days")));
  EXPECT_FALSE(holds("They waited 20 days.", first_fact("twenty one days")));
}

TEST(Facts, ScalesWrittenOnNumbers) {
  EXPECT_EQ(first_fact("It cost $1.2bn.").value, "1200000000");
  EXPECT_EQ(first_fact("a fine of \xc2\xa3"
                       "40m")
                .value,
            "40000000");                               // money: m is million
  EXPECT_EQ(first_fact("a 180m tower").value, "180");  // otherwise it may be metres
  EXPECT_TRUE(holds("It cost $1.2bn.", first_fact("1.2 billion dollars")));
  EXPECT_TRUE(holds("It cost 1.2 billion dollars.", first_fact("$1.2bn")));
  EXPECT_TRUE(holds("a 180m tower", first_fact("180 metres")));
  EXPECT_TRUE(holds("a crowd of 40m", first_fact("40 million people")));
  EXPECT_FALSE(holds("It cost $1.2bn.", first_fact("$1.4bn")));
}

TEST(Facts, ClockTimes) {
  EXPECT_EQ(first_fact("at 2:30 p.m. sharp").value, "2:30 pm");
  EXPECT_TRUE(holds("It began at 2:30 p.m.", first_fact("at 14:30")));
  EXPECT_TRUE(holds("It began at 14:30.", first_fact("at 2:30 pm")));
  EXPECT_TRUE(holds("It began at 2:30 p.m.", first_fact("at 2:30")));
  EXPECT_TRUE(holds("It began at 3pm.", first_fact("at 15:00")));
  EXPECT_FALSE(holds("It began at 2:30 p.m.", first_fact("at 3:30 p.m.")));
  EXPECT_FALSE(holds("It began at 2:30 p.m.", first_fact("at 2:30 am")));
  // The time's numbers are not the day's: 3 March is no support for 3:30.
  EXPECT_FALSE(holds("It began on 3 March at 2:30 p.m.", first_fact("at 3:30 p.m.")));
}

TEST(Facts, Units) {
  auto unit = [](const std::string& text) { return first_fact(text).unit; };
  EXPECT_EQ(unit("aged 17 months"), "time:month");
  EXPECT_EQ(unit("seventeen months old"), "time:month");
  EXPECT_EQ(unit("it cost $4.27"), "money:dollar");
  EXPECT_EQ(unit("a fine of 40 million pounds"), "money:pound");
  EXPECT_EQ(unit("a 12km walk"), "length:km");
  EXPECT_EQ(unit("winds of 145 km/h"), "speed:km/h");
  EXPECT_EQ(unit("winds of 145km/h"), "speed:km/h");
  EXPECT_EQ(unit("at 30 kilometres per hour"), "speed:km/h");
  EXPECT_EQ(unit("at 30 mph"), "speed:mile/h");
  EXPECT_EQ(unit("a 180m tower"), "");  // m: metres or million
  EXPECT_EQ(unit("17 children"), "");
  EXPECT_EQ(first_fact("winds of 145 km/h").unit_text, "km/h");
}

TEST(Facts, WordsAndStems) {
  const std::vector<Word> located = located_words("Keefe's cover");
  ASSERT_EQ(located.size(), 2u);
  EXPECT_EQ(located[0].text, "keefe");
  EXPECT_EQ(located[0].end, 7u);  // the possessive stays in the word's extent
  EXPECT_EQ(located[1].begin, 8u);
  EXPECT_EQ(words_of("Keefe's cover, it's 19-year-old"),
            (std::vector<std::string>{"keefe", "cover", "it", "19", "year", "old"}));
  // The typographic apostrophe reads as the plain one; as a closing quote
  // or after a plural it ends the word.
  EXPECT_EQ(words_of("Wilfried Zaha\xe2\x80\x99s move, the players\xe2\x80\x99 union, \xe2\x80\x99twas"),
            (std::vector<std::string>{"wilfried", "zaha", "move", "the", "players", "union", "twas"}));
  EXPECT_EQ(words_of("\xe2\x80\x99\xe2\x80\x99 it\xe2\x80\x99"), (std::vector<std::string>{"it"}));
  EXPECT_EQ(word_stem("appeared"), word_stem("appears"));
  EXPECT_EQ(word_stem("cat"), "cat");
}

}  // namespace
}  // namespace lmz::ground
