// lmz check on answers in other words: the forms a quantity takes (a
// hyphenated number, fractions and shares, units of time, years named from
// another), and the pair sets of tests/ground/answers/pairs_*.txt.
#include <gtest/gtest.h>

#include <cstdio>
#include <string>
#include <utility>
#include <vector>

#include "core/file_io.h"
#include "ground/check.h"
#include "ground/check_test_util.h"

namespace lmz::ground {
namespace {

TEST(Check, ANumberInAHyphenatedCompoundHoldsTheNumber) {
  // "two years" paraphrases "a two-year renovation"; "three years" does not.
  const std::string source = "The museum closed in 2017 for a two-year renovation and reopened in May 2019.";
  EXPECT_TRUE(flagged(check_answer("After two years of renovation work, the museum opened again in May 2019.",
                                   passages_of(source), {}))
                  .empty());
  const std::vector<SpanVerdict> f =
      flagged(check_answer("After three years of renovation work, the museum opened again.", passages_of(source), {}));
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].value, "3");
  expect_contradicted("After a three-year renovation, the museum reopened in May 2019.", source, "two-year");
}

TEST(Check, FractionsInWordsHoldTheirPercentages) {
  const std::string source = "Water use fell by a quarter between 2010 and 2020 as the city fixed leaking pipes.";
  EXPECT_TRUE(flagged(check_answer("Between 2010 and 2020 the city cut water use by 25% by repairing leaks.",
                                   passages_of(source), {}))
                  .empty());
  const std::vector<SpanVerdict> f = flagged(
      check_answer("Between 2010 and 2020 the city cut water use by 30% by repairing leaks.", passages_of(source), {}));
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].value, "30");
}

TEST(Check, QuantitiesInOtherWordsAndUnits) {
  // Faithful: each answer says the source's quantity another way.
  const std::vector<std::pair<std::string, std::string>> faithful = {
      {"The festival drew 40,000 visitors over two weeks in July.",
       "Over 14 days in July the festival had 40,000 visitors."},
      {"The road is 50 km long and took a decade to build.", "Building the 50 km road took ten years."},
      {"The inhaler cut attacks by 30 percent over a year.", "Attacks fell by 30% over twelve months."},
      {"The report was published on 4 October, a week after the vote.",
       "The report came out on 4 October, 7 days after the vote."},
      {"Sales doubled in the first quarter, reaching 1.2 million units.",
       "In Q1 sales rose 100 percent to 1.2 million units."},
      {"The repairs took 3 hours.", "The repairs took 180 minutes."},
      {"The vaccine was given to 60 percent of adults by 2021.",
       "By 2021, six in ten adults had received the vaccine."},
      {"One in four homes has solar panels.", "25% of homes have solar panels."},
      {"The population grew from 2.1 million in 2000 to 2.8 million in 2020.",
       "Between 2000 and 2020 the population rose from 2.1m to 2.8m."},
      {"The study, led by Professor Jane Goodall of Oxford University, followed 120 chimpanzees.",
       "Oxford's Prof. Goodall led a study that tracked 120 chimpanzees."},
      {"Chief executive Mary Barra said GM would invest $7bn.",
       "GM's CEO, Mary Barra, said GM would invest 7 billion dollars."},
      {"Water use fell by half between 2010 and 2020.", "Between 2010 and 2020 water use fell 50%."},
      {"Half of the staff work from home.", "50% of the staff work from home."},
  };
  for (const auto& [source, answer] : faithful) {
    SCOPED_TRACE(answer);
    EXPECT_TRUE(flagged(check_answer(answer, passages_of(source), {})).empty());
  }
  // Planted: the same sentences with the quantity changed.
  const std::vector<std::pair<std::string, std::string>> planted = {
      {"The festival drew 40,000 visitors over two weeks in July.",
       "Over 12 days in July the festival had 40,000 visitors."},
      {"The road is 50 km long and took a decade to build.", "Building the 50 km road took twelve years."},
      {"The inhaler cut attacks by 30 percent over a year.", "Attacks fell by 30% over ten months."},
      {"Sales doubled in the first quarter, reaching 1.2 million units.",
       "In Q2 sales rose 100 percent to 1.2 million units."},
      {"The repairs took 3 hours.", "The repairs took 150 minutes."},
      {"The vaccine was given to 60 percent of adults by 2021.",
       "By 2021, seven in ten adults had received the vaccine."},
      {"One in four homes has solar panels.", "30% of homes have solar panels."},
      {"The population grew from 2.1 million in 2000 to 2.8 million in 2020.",
       "Between 2000 and 2020 the population rose from 2.1m to 3.8m."},
      {"Water use fell by a quarter between 2010 and 2020.", "Between 2010 and 2020 water use fell by half."},
  };
  for (const auto& [source, answer] : planted) {
    SCOPED_TRACE(answer);
    EXPECT_EQ(flagged(check_answer(answer, passages_of(source), {})).size(), 1u);
  }
}

TEST(Check, ACountryIsHeldByItsAdjective) {
  const std::string source = "The prize is awarded every two years by the Danish Halvorsen Foundation.";
  EXPECT_TRUE(flagged(check_answer("The Halvorsen Foundation, based in Denmark, awards the prize every two years.",
                                   passages_of(source), {}))
                  .empty());
  EXPECT_TRUE(flagged(check_answer("The prize comes from a foundation in Denmark.", passages_of(source), {})).empty());
  const std::vector<SpanVerdict> f =
      flagged(check_answer("The Halvorsen Foundation, based in Norway, awards the prize.", passages_of(source), {}));
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].value, "norway");
  EXPECT_TRUE(
      flagged(check_answer("The British team won.", passages_of("A team from Britain won the race."), {})).empty());
  // Continents too: "a weaker Asian market" for "weaker sales in Asia".
  EXPECT_TRUE(flagged(check_answer("Demand from banks made up for a weaker Asian market.",
                                   passages_of("Demand from banks had offset weaker sales in Asia."), {}))
                  .empty());
}

TEST(Check, AnAcronymInsideANameIsHeldAsAnAcronym) {
  const std::string source = "Norvik Telecom said that its chief executive, Hanna Lind, would step down.";
  EXPECT_TRUE(flagged(check_answer("Hanna Lind will leave her job as Norvik's CEO.", passages_of(source), {})).empty());
  const std::vector<SpanVerdict> f =
      flagged(check_answer("Hanna Lind will leave her job as Norvik's CFO.", passages_of(source), {}));
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].value, "norvik cfo");
}

TEST(Check, ASpanOfTimeHoldsItsLengthButAQuarterOfTheYearIsNoShare) {
  EXPECT_TRUE(flagged(check_answer("Flow fell over ten years.",
                                   passages_of("River flow fell by 12 percent over the decade."), {}))
                  .empty());
  // "the past quarter" is three months, not 25%.
  EXPECT_EQ(flagged(check_answer("Sales fell by 25%.", passages_of("Sales fell over the past quarter."), {})).size(),
            1u);
}

TEST(Check, ADurationInFiguresIsHeldByItsUnits) {
  const std::string source = "Eliud Kipchoge won the Berlin Marathon in 2 hours, 1 minute and 9 seconds.";
  EXPECT_TRUE(flagged(check_answer("Kipchoge took the Berlin Marathon in 2:01:09.", passages_of(source), {})).empty());
  EXPECT_EQ(flagged(check_answer("Kipchoge took the Berlin Marathon in 2:01:19.", passages_of(source), {})).size(), 1u);
  // With a.m. or p.m. it is a clock time.
  EXPECT_EQ(flagged(check_answer("Kipchoge finished at 2:01:09 p.m.", passages_of(source), {})).size(), 1u);
}

TEST(Check, AYearNamedFromAnotherIsHeld) {
  // "the year before" 2023 is 2022; 2021 is not.
  const std::string source =
      "The company reported revenue of $4.2 billion for 2023, up 8 percent from the year before.";
  EXPECT_TRUE(flagged(check_answer("Revenue reached 4.2 billion dollars in 2023, an 8% increase on 2022.",
                                   passages_of(source), {}))
                  .empty());
  const std::vector<SpanVerdict> f = flagged(
      check_answer("Revenue reached 4.2 billion dollars in 2023, an 8% increase on 2021.", passages_of(source), {}));
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].value, "2021");
}

// Pairs of a source and an answer in other words (tests/ground/answers/pairs_*.txt).
TEST(Check, AnswersInOtherWords) {
  for (const char* name : {"pairs_tuning.txt", "pairs_heldout.txt"}) {
    Result<Bytes> file = read_file(std::string(LMZ_SOURCE_DIR) + "/tests/ground/answers/" + name);
    ASSERT_TRUE(file.ok()) << name;
    const std::string text(file->begin(), file->end());
    int faithful = 0, faithful_clean = 0, changed = 0, changed_caught = 0;
    for (size_t at = 0; at < text.size();) {
      size_t end = text.find('\n', at);
      if (end == std::string::npos) end = text.size();
      const std::string line = text.substr(at, end - at);
      at = end + 1;
      const size_t bar = line.find('|', 2);
      if (line.size() < 3 || line[1] != '|' || bar == std::string::npos) continue;
      const std::string source = line.substr(2, bar - 2);
      const std::string answer = line.substr(bar + 1);
      const std::vector<SpanVerdict> f = flagged(check_answer(answer, passages_of(source), {}));
      if (line[0] == 'F') {
        ++faithful;
        faithful_clean += f.empty() ? 1 : 0;
        if (!f.empty())
          std::printf("%s: faithful answer flagged at \"%s\": %s\n", name, f[0].value.c_str(), answer.c_str());
      } else {
        ++changed;
        changed_caught += f.empty() ? 0 : 1;
        if (f.empty()) std::printf("%s: change missed: %s\n", name, answer.c_str());
      }
    }
    std::printf("%s: faithful answers not flagged %d/%d, changed ones flagged %d/%d\n", name, faithful_clean, faithful,
                changed_caught, changed);
    ASSERT_GE(faithful, 15);
    EXPECT_GE(faithful_clean, 0.9 * faithful) << name;
    EXPECT_GE(changed_caught, 0.9 * changed) << name;
  }
}

}  // namespace
}  // namespace lmz::ground
