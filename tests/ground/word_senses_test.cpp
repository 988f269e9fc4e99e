#include "ground/word_senses.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace lmz::ground {
namespace {

TEST(WordSenses, ReadsIndexLines) {
  std::string word;
  std::vector<uint64_t> offsets;
  ASSERT_TRUE(parse_index_line("end v 4 5 ! @ ~ > + 4 3 02609764 00352826 02735418 01620872  ", word, offsets));
  EXPECT_EQ(word, "end");
  EXPECT_EQ(offsets, (std::vector<uint64_t>{2609764, 352826, 2735418, 1620872}));
  // The licence at the top, and lines cut short or with other fields.
  EXPECT_FALSE(parse_index_line("  1 This software and database is being provided", word, offsets));
  EXPECT_FALSE(parse_index_line("end v 4 5 ! @ ~ > + 4 3 02609764 00352826", word, offsets));
  EXPECT_FALSE(parse_index_line("end v four 5 ! @ ~ > + 4 3 1 2 3 4", word, offsets));
  EXPECT_FALSE(parse_index_line("end verb 1 0 1 0 02609764", word, offsets));
  EXPECT_FALSE(parse_index_line("", word, offsets));
  EXPECT_FALSE(parse_index_line("(p) v 1 0 1 0 02609764", word, offsets));  // no word before its mark
}

TEST(WordSenses, ReadsSenseLines) {
  SenseLine s;
  ASSERT_TRUE(
      parse_sense_line("00362610 30 v 02 hold_on 5 stop c 003 @ 00364064 v 0000 + 14010927 n 0206 + "
                       "14010927 n 0207 01 + 02 00 | stop and wait",
                       s));
  EXPECT_EQ(s.words, (std::vector<std::string>{"hold_on", "stop"}));
  EXPECT_EQ(s.more_general, (std::vector<uint64_t>{364064}));
  EXPECT_TRUE(s.opposites.empty());
  // An opposite: from the first word to the other sense's first ("0101", hexadecimal).
  ASSERT_TRUE(
      parse_sense_line("00153263 30 v 01 increase 2 002 @ 00126264 v 0000 ! 00441445 v 0101 01 + 08 00 | "
                       "make bigger or more",
                       s));
  ASSERT_EQ(s.opposites.size(), 1u);
  EXPECT_EQ(s.opposites[0].word, 1u);
  EXPECT_EQ(s.opposites[0].sense, 441445u);
  EXPECT_EQ(s.opposites[0].other_word, 1u);
  // An adjective's position mark is not part of the word.
  ASSERT_TRUE(parse_sense_line("00001740 00 a 01 galore(ip) 0 000 | in great numbers", s));
  EXPECT_EQ(s.words, (std::vector<std::string>{"galore"}));
  EXPECT_FALSE(parse_sense_line("00362610 30 v 03 hold_on 5 stop c 000 | two words, not three", s));
  EXPECT_FALSE(parse_sense_line("00362610 30 v 01 stop c 002 @ 00364064 v 0000 | one pointer, not two", s));
  EXPECT_FALSE(parse_sense_line("00362610 30 v 00 000 |", s));
  EXPECT_FALSE(parse_sense_line("00001740 00 a 01 (ip) 0 000 | a mark, no word", s));
  EXPECT_FALSE(parse_sense_line("  1 This software and database", s));
}

TEST(WordSenses, AVerbMayStandForOneOfItsSenseOrOneStepMoreGeneral) {
  if (!word_senses_available()) GTEST_SKIP() << "WordNet's verb files are not installed (wordnet-base)";
  EXPECT_TRUE(verb_may_stand_for("stop", "end"));
  EXPECT_TRUE(verb_may_stand_for("uncovered", "revealed"));  // both inflected
  EXPECT_TRUE(verb_may_stand_for("began", "started"));       // an irregular form
  EXPECT_TRUE(verb_may_stand_for("burned", "destroyed"));    // destroy is one step above burn
  EXPECT_FALSE(verb_may_stand_for("destroyed", "burned"));   // not the other way
  EXPECT_FALSE(verb_may_stand_for("closed", "inspected"));
  EXPECT_FALSE(verb_may_stand_for("studied", "taught"));
  EXPECT_TRUE(has_verb_sense("closed"));
  EXPECT_TRUE(has_verb_sense("sold"));
  EXPECT_FALSE(has_verb_sense("individuals"));
  // Irregular forms are WordNet's list of them; "-ed" forms its suffix rules read.
  EXPECT_TRUE(is_irregular_verb_form("grew"));
  EXPECT_TRUE(is_irregular_verb_form("won"));
  EXPECT_FALSE(is_irregular_verb_form("grow"));
  EXPECT_FALSE(is_irregular_verb_form("closed"));
  // Opposites, with their forms; a word's own forms.
  const std::vector<std::string> opposites = verb_opposites("ascended");
  EXPECT_NE(std::find(opposites.begin(), opposites.end(), "descended"), opposites.end());
  EXPECT_NE(std::find(opposites.begin(), opposites.end(), "descends"), opposites.end());
  EXPECT_TRUE(verb_opposites("individuals").empty());
  const std::vector<std::string> forms = verb_forms("grew");
  EXPECT_NE(std::find(forms.begin(), forms.end(), "grows"), forms.end());
  EXPECT_NE(std::find(forms.begin(), forms.end(), "grown"), forms.end());
  // A verb's form: "-ed", irregular, or after an auxiliary; not a noun WordNet also has as a verb.
  EXPECT_TRUE(stands_as_verb("closed", "the"));
  EXPECT_TRUE(stands_as_verb("grew", "she"));
  EXPECT_TRUE(stands_as_verb("hold", "will"));
  EXPECT_FALSE(stands_as_verb("deal", "new"));
  EXPECT_FALSE(stands_as_verb("individuals", "to"));
}

TEST(WordSenses, WordsRelatedAndOpposedInAnyPartOfSpeech) {
  if (!word_senses_available()) GTEST_SKIP() << "WordNet's verb files are not installed (wordnet-base)";
  EXPECT_TRUE(words_opposed("male", "female"));
  EXPECT_FALSE(words_related("male", "female"));
  EXPECT_TRUE(words_related("rig", "truck"));        // one step more general
  EXPECT_TRUE(words_related("sons", "children"));    // two steps, plurals
  EXPECT_TRUE(words_related("victory", "success"));  // under the same sense
  EXPECT_TRUE(words_related("massive", "big"));      // an adjective similar to another
  EXPECT_FALSE(words_related("design", "harbour"));
  EXPECT_TRUE(has_word_sense("harbour"));
  EXPECT_FALSE(has_word_sense("xqzv"));
}

}  // namespace
}  // namespace lmz::ground
