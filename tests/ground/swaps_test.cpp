// lmz check's rules of a word swapped for another in the sources' own
// frame (swap_relations.cpp): a verb, a word of another kind, a name.
#include <gtest/gtest.h>

#include <string>

#include "ground/check.h"
#include "ground/check_test_util.h"
#include "ground/word_senses.h"

namespace lmz::ground {
namespace {

TEST(Check, AVerbSwappedInTheSourcesOwnWordsIsContradicted) {
  if (!word_senses_available()) GTEST_SKIP() << "WordNet's verb files are not installed (wordnet-base)";
  const std::string source =
      "The county council closed the bridge to lorries and set a speed limit of 20 mph. The ferry service will stop "
      "on 31 March after 48 years. A wildfire above Sarna has burned 2,300 hectares since Saturday.";
  EXPECT_EQ(one_flag("The county council inspected the bridge to lorries.", source),
            "inspected / contradicted / bridge / closed");
  // A verb of the same sense, or of the sense one step more general: in other words.
  EXPECT_TRUE(nothing_flagged("The ferry service will end on 31 March.", source));
  EXPECT_TRUE(nothing_flagged("A wildfire above Sarna has destroyed 2,300 hectares.", source));
  // Not one step more specific: "burned" says more than "destroyed".
  EXPECT_EQ(one_flag("A wildfire above Sarna has burned 2,300 hectares.",
                     "A wildfire above Sarna has destroyed 2,300 hectares since Saturday."),
            "burned / contradicted / hectares / destroyed");
  // Past a modal or "have" that one side has and the other lacks; not past
  // "be", whose dropping turns a passive into another verb.
  EXPECT_EQ(one_flag("Marlow Bakeries founded six new shops in Leeds.",
                     "Marlow Bakeries will open six new shops in Leeds and York this year."),
            "founded / contradicted / six / open");
  EXPECT_EQ(one_flag("Brenna Foods will sell its bakery in Carlow.", "Brenna Foods closed its bakery in Carlow."),
            "sell / contradicted / bakery / closed");
  // Only a verb in a verb's form: "a three-year deal" is a noun.
  EXPECT_TRUE(nothing_flagged("Hoff signed a three-year deal in 2022.", "Hoff signed a three-year contract in 2022."));
  EXPECT_TRUE(nothing_flagged("The ferry to Osk stopped for two days.",
                              "Homes lost power, and the ferry to Osk was cancelled for two days."));
  // Only with what it is said of on its right: "plan to raise it" for "plan
  // to scrap it" is not seen.
  EXPECT_TRUE(nothing_flagged("The owners plan to raise it.", "The owners plan to scrap it."));
  // The sources' subject a pronoun the answer names: two content words after it.
  const std::string trial = "A trial of a new inhaler found that it cut severe attacks by 30 percent.";
  EXPECT_EQ(one_flag("The trial found that the inhaler raised severe attacks.", trial),
            "raised / contradicted / severe / cut");
  EXPECT_TRUE(nothing_flagged("The trial found that the inhaler reduced severe attacks.", trial));
  // A verb the sources use elsewhere is no sibling of theirs in this frame.
  const std::string court =
      "A jury has cleared a former bank manager, Colin Hart. Prosecutors had said Hart moved the money to an "
      "account in Jersey.";
  EXPECT_EQ(one_flag("Prosecutors had said Hart cleared the money to an account in Jersey.", court),
            "cleared / contradicted / money / moved");
  EXPECT_TRUE(nothing_flagged("Prosecutors had said Hart cleared the money to an account in Jersey.",
                              "Prosecutors had said Hart moved the money to an account in Jersey."));
}

TEST(Check, AWordOtherThanAVerbSwappedInTheSourcesFrameIsContradicted) {
  if (!word_senses_available()) GTEST_SKIP() << "WordNet's verb files are not installed (wordnet-base)";
  const std::string source =
      "Edinburgh Zoo has a baby red panda. The cub, a female, was born on 12 June to parents Mei and Tashi. "
      "About 1.9 million residents live in the province.";
  EXPECT_EQ(one_flag("The cub, a male, was born on 12 June to parents Mei and Tashi.", source),
            "male / contradicted /  / female");
  // Words WordNet says may stand for each other: "truck" and "rig", "people" and "residents".
  EXPECT_TRUE(nothing_flagged("The cub, a girl, was born on 12 June to parents Mei and Tashi.", source));
  EXPECT_TRUE(nothing_flagged("About 1.9 million people live in the province.", source));
  // Two words that may both be verbs are left to the verb rules.
  EXPECT_TRUE(nothing_flagged("Janet Street-Porter makes her own list of things.",
                              "Janet Street-Porter reveals her own list of things."));
}

TEST(Check, ANameWhereTheSourcesHaveAnotherAfterTheSameWordsIsContradicted) {
  const std::string source =
      "Edinburgh Zoo has welcomed a baby red panda. The cub, a female, was born on 12 June to parents Mei and Tashi. "
      "Xavi, Carles Puyol, Xabi Alonso and David Villa have retired. They had been visiting relatives in Ishpeming, "
      "Michigan.";
  EXPECT_EQ(one_flag("The cub was born on 12 June to parents Mei and Edinburgh.", source),
            "Edinburgh / contradicted /  / Tashi");
  EXPECT_TRUE(nothing_flagged("The cub was born on 12 June to parents Mei and Tashi.", source));
  // A list the sources give with both names, and a wider place.
  EXPECT_TRUE(nothing_flagged("Xavi, Carles Puyol, David Villa and Xabi Alonso have retired.", source));
  EXPECT_TRUE(nothing_flagged("They had been visiting relatives in Michigan.", source));
}

}  // namespace
}  // namespace lmz::ground
