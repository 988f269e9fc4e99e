// lmz check's claims and relations: clauses the sources never make, facts
// and words the sources state only in another relation, and the sets of
// tests/ground/answers/claims_*.txt.
#include "ground/claims.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include "core/file_io.h"
#include "ground/check.h"
#include "ground/check_test_util.h"
#include "ground/passage_index.h"
#include "ground/word_senses.h"

namespace lmz::ground {
namespace {

// Everything flagged in a result: spans and claims.
std::vector<SpanVerdict> all_flagged(const CheckResult& r) {
  std::vector<SpanVerdict> out = flagged(r);
  out.insert(out.end(), r.claims.begin(), r.claims.end());
  return out;
}

struct Tally {
  int total = 0;
  int right = 0;
};

// Runs one set: faithful answers must have nothing flagged, planted ones a
// flagged span or claim over the part marked [[...]].
std::map<char, Tally> run_set(const std::string& name) {
  std::map<char, Tally> tallies;
  Result<Bytes> file = read_file(std::string(LMZ_SOURCE_DIR) + "/tests/ground/answers/" + name);
  EXPECT_TRUE(file.ok()) << name;
  if (!file.ok()) return tallies;
  const std::string text(file->begin(), file->end());
  std::string source;
  for (size_t at = 0; at < text.size();) {
    size_t end = text.find('\n', at);
    if (end == std::string::npos) end = text.size();
    const std::string line = text.substr(at, end - at);
    at = end + 1;
    if (line.size() < 3 || line[1] != '|') continue;
    if (line[0] == 'S') {
      source = line.substr(2);
      continue;
    }
    std::string answer = line.substr(2);
    const size_t open = answer.find("[[");
    const size_t close = answer.find("]]");
    uint64_t planted_begin = 0;
    uint64_t planted_end = 0;
    if (open != std::string::npos && close != std::string::npos && close > open) {
      planted_begin = open;
      planted_end = close - 2;
      answer = answer.substr(0, open) + answer.substr(open + 2, close - open - 2) + answer.substr(close + 2);
    }
    const CheckResult r = check_answer(answer, passages_of(source), {});
    const std::vector<SpanVerdict> f = all_flagged(r);
    Tally& t = tallies[line[0]];
    ++t.total;
    if (line[0] == 'F') {
      t.right += f.empty() ? 1 : 0;
      for (const SpanVerdict& v : f) {
        std::printf("%s: faithful answer flagged at \"%s\" (%s%s%s): %s\n", name.c_str(),
                    answer.substr(v.span.begin, v.span.end - v.span.begin).c_str(), verdict_name(v.verdict),
                    v.relation.empty() ? "" : ", relation ", v.relation.c_str(), answer.c_str());
      }
    } else {
      bool caught = false;
      for (const SpanVerdict& v : f) {
        caught = caught || (v.span.begin < planted_end && v.span.end > planted_begin);
        // A relation verdict names the word beside the fact that the sources never state with it.
        caught = caught || (!v.relation.empty() && v.relation_begin < planted_end && v.relation_end > planted_begin);
      }
      t.right += caught ? 1 : 0;
      if (!caught) std::printf("%s: %c missed: %s\n", name.c_str(), line[0], answer.c_str());
    }
  }
  return tallies;
}

TEST(Check, AnAddedClauseIsAnUnsupportedClaim) {
  const std::string source =
      "River flow at the Tarn gauge fell by 12 percent over the decade, the water agency said on Monday.";
  CheckResult r =
      check_answer("River flow fell by 12 percent over the decade, a drop later blamed on upstream irrigation.",
                   passages_of(source), {});
  EXPECT_TRUE(flagged(r).empty());
  ASSERT_EQ(r.claims.size(), 1u);
  const SpanVerdict& c = r.claims[0];
  EXPECT_EQ(r.answer.substr(c.span.begin, c.span.end - c.span.begin), "a drop later blamed on upstream irrigation");
  EXPECT_EQ(c.verdict, Verdict::kUnsupported);
  EXPECT_EQ(c.fact, FactKind::kClaim);
  EXPECT_GE(c.novel_words, 4);
  EXPECT_GT(c.bits_with, 0.0);
  EXPECT_EQ(c.passage, 0);
  EXPECT_GT(r.unsupported_bits, 0.0);
  // A claim before the fact that anchors its segment.
  r = check_answer(
      "Nordline blamed rising fuel costs and a strike by port workers in Gdansk.",
      passages_of("The ferry between Kiel and Gdansk will stop running. Nordline blamed rising fuel costs."), {});
  ASSERT_EQ(r.claims.size(), 1u);
  EXPECT_EQ(r.answer.substr(r.claims[0].span.begin, r.claims[0].span.end - r.claims[0].span.begin),
            "and a strike by port workers");
  // The same in other words, and a clause anchored by a fact the source holds: no claim.
  r = check_answer("The water agency said on Monday that flow at the Tarn gauge dropped 12% over ten years.",
                   passages_of(source), {});
  EXPECT_TRUE(r.claims.empty());
  EXPECT_TRUE(flagged(r).empty());
}

TEST(Check, AVerbTheSourcesStateByASynonymIsNoClaim) {
  if (!word_senses_available()) GTEST_SKIP() << "WordNet's verb files are not installed (wordnet-base)";
  const std::string source =
      "The town council approved the plan. Work is due to start next summer and finish in 2028. The depot on "
      "Mill Lane had stood empty.";
  // "begin" for "start": one novel word ("building") is no claim.
  CheckResult r = check_answer("Building should begin next summer and be finished in 2028.", passages_of(source), {});
  EXPECT_TRUE(r.claims.empty());
  // A verb of another sense still is one.
  r = check_answer("Builders should strike next summer and be finished in 2028.", passages_of(source), {});
  EXPECT_EQ(r.claims.size(), 1u);
  // Nouns too: "prices" for "costs".
  const std::string ferry = "Nordline blamed rising fuel costs and a fall in freight bookings since 2022.";
  EXPECT_TRUE(check_answer("Higher fuel prices and fewer freight bookings since 2022 were given as the reasons.",
                           passages_of(ferry), {})
                  .claims.empty());
  EXPECT_EQ(check_answer("Higher fuel taxes and fewer freight bookings since 2022 were given as the reasons.",
                         passages_of(ferry), {})
                .claims.size(),
            1u);
}

TEST(Check, AComparisonTheSourcesNeverMakeIsAClaim) {
  const std::string source =
      "Bellandi scored 19 goals for Parma last season. The Halden Museum, the biggest in the county, reopened in May "
      "2019.";
  CheckResult r = check_answer("Bellandi scored 19 goals last season, more than any other player in the league.",
                               passages_of(source), {});
  ASSERT_EQ(r.claims.size(), 1u);
  EXPECT_EQ(r.answer.substr(r.claims[0].span.begin, r.claims[0].span.end - r.claims[0].span.begin),
            "more than any other player in the league");
  r = check_answer("The Halden Museum reopened in May 2019 as the oldest museum in the county.", passages_of(source),
                   {});
  ASSERT_EQ(r.claims.size(), 1u);
  EXPECT_EQ(r.answer.substr(r.claims[0].span.begin, r.claims[0].span.end - r.claims[0].span.begin),
            "oldest museum in the county");
  // The sources' own comparison, or theirs in other words.
  EXPECT_TRUE(
      check_answer("The Halden Museum, the largest in the county, reopened in May 2019.", passages_of(source), {})
          .claims.empty());
  EXPECT_TRUE(check_answer("Bellandi scored 19 goals last season, more than any other player.",
                           passages_of("Bellandi scored 19 goals last season, more than any other player in Italy."),
                           {})
                  .claims.empty());
}

TEST(PassageIndex, WordsNearEachOtherInAClause) {
  const std::vector<SourcePassage> passages = passages_of(
      "The fishermen were rescued by the coastguard; the governor declared an emergency. Rescue teams waited.\n\n"
      "A second passage names the coastguard again.");
  const std::string answer = "The governor was rescued.";
  const PassageIndex index = index_passages(passages, answer, sentences_of(answer));
  const auto stem = [](const char* w) { return word_stem(w); };
  EXPECT_TRUE(index.near(stem("rescued"), stem("fishermen"), 2));
  EXPECT_TRUE(index.near(stem("fishermen"), stem("rescued"), 2));
  EXPECT_FALSE(index.near(stem("fishermen"), stem("coastguard"), 4));  // five words apart
  EXPECT_TRUE(index.near(stem("fishermen"), stem("coastguard"), 5));
  // A semicolon ends a clause, a full stop a sentence, a blank line a passage.
  EXPECT_FALSE(index.near(stem("rescued"), stem("governor"), 100));
  EXPECT_FALSE(index.near(stem("emergency"), stem("teams"), 100));
  EXPECT_FALSE(index.near(stem("coastguard"), stem("second"), 0));
  EXPECT_TRUE(index.near(stem("coastguard"), stem("second"), 100));
  EXPECT_FALSE(index.near(stem("rescued"), stem("absent"), 100));
  EXPECT_FALSE(index.near(stem("coastguard"), stem("coastguard"), 100));  // one place is no pair
  const auto clause_of = [&](const char* w) { return index.places.at(stem(w)).front().clause; };
  EXPECT_TRUE(index.in_clause(stem("coastguard"), clause_of("fishermen")));
  EXPECT_FALSE(index.in_clause(stem("governor"), clause_of("fishermen")));
  EXPECT_TRUE(index.in_clause(stem("coastguard"), clause_of("second")));
  EXPECT_FALSE(index.in_clause(stem("absent"), 0));
}

TEST(Check, ClaimSegmentsCutAtClausesNotInsideNumbers) {
  const std::string text = "About 20,000 homes lost power at 2:30, which left the town dark and cold.";
  std::vector<std::string> parts;
  for (const auto& [b, e] : claim_segments(text, 0, text.size())) parts.push_back(text.substr(b, e - b));
  const std::vector<std::string> expected = {"About 20,000 homes lost power at 2:30", "which left the town dark",
                                             "and cold"};
  EXPECT_EQ(parts, expected);
  // A purpose is cut off; a "to" a word asks for, or after a verb, is not.
  auto cut = [](const std::string& sentence) {
    std::vector<std::string> out;
    for (const auto& [b, e] : claim_segments(sentence, 0, sentence.size())) out.push_back(sentence.substr(b, e - b));
    return out;
  };
  if (word_senses_available()) {
    EXPECT_EQ(cut("It raised 2 million euros last year to open a factory in Lyon."),
              (std::vector<std::string>{"It raised 2 million euros last year", "to open a factory in Lyon"}));
  }
  EXPECT_EQ(cut("The firm plans to hire 40 engineers.").size(), 1u);
  EXPECT_EQ(cut("Residents had to leave their homes.").size(), 1u);
}

TEST(Check, APurposeTheSourcesNeverStateIsAClaim) {
  if (!word_senses_available()) GTEST_SKIP() << "WordNet's verb files are not installed (wordnet-base)";
  const std::string source =
      "Marlow Bakeries was founded in 1974. The company bought a flour mill in Selby in March. It plans to hire "
      "40 bakers.";
  CheckResult r =
      check_answer("The company bought a flour mill in Selby in March to cut its costs.", passages_of(source), {});
  ASSERT_EQ(r.claims.size(), 1u);
  EXPECT_EQ(r.answer.substr(r.claims[0].span.begin, r.claims[0].span.end - r.claims[0].span.begin), "to cut its costs");
  EXPECT_TRUE(check_answer("The company plans to hire 40 bakers.", passages_of(source), {}).claims.empty());
}

TEST(Check, ARelationStatedWithAnotherFactIsContradicted) {
  const std::string source =
      "Amelia Stroud was born in York in 1961 and trained as an architect in Leeds. Norvik's chief executive, Hanna "
      "Lind, will step down in June. The company's chief financial officer, Erik Dahl, will run the business.";
  std::vector<SpanVerdict> f = flagged(check_answer("Amelia Stroud was born in Leeds.", passages_of(source), {}));
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].verdict, Verdict::kContradicted);
  EXPECT_EQ(f[0].value, "leeds");
  EXPECT_EQ(f[0].source_value, "York");
  EXPECT_EQ(f[0].relation, "born");
  f = flagged(check_answer("Norvik's chief financial officer, Hanna Lind, will step down.", passages_of(source), {}));
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].source_value, "Erik Dahl");
  // Faithful: the relation as the sources state it, or in other words.
  EXPECT_TRUE(flagged(check_answer("Amelia Stroud, born in York, trained in Leeds.", passages_of(source), {})).empty());
  EXPECT_TRUE(flagged(check_answer("Finance chief Erik Dahl will run the business.", passages_of(source), {})).empty());
}

TEST(Check, TwoDatesOfOneClauseAreToldApartByTheWordBesideThem) {
  const std::string source =
      "The Halden Museum closed in 2017 for a two-year renovation and reopened in May 2019. The city council paid.";
  // The clause's words are around both dates: they do not place May 2019 at 2017's place.
  EXPECT_TRUE(flagged(check_answer("After a two-year renovation, the Halden Museum opened its doors again in May 2019.",
                                   passages_of(source), {}))
                  .empty());
  // "closed in" does.
  const std::vector<SpanVerdict> f =
      flagged(check_answer("The museum closed in May 2019 after a two-year renovation.", passages_of(source), {}));
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].verdict, Verdict::kContradicted);
  EXPECT_EQ(f[0].source_value, "2017");
  EXPECT_EQ(f[0].relation, "closed");
}

TEST(Check, AFactAttachedToAStatementTheSourcesMakeWithoutItIsUnsupported) {
  const std::string source =
      "Brenna Foods will close its bakery in Carlow. Production will move to its larger plant in Navan. The union, "
      "SIPTU, called the decision a betrayal of loyal workers.";
  const CheckResult r =
      check_answer("SIPTU called the decision a betrayal of loyal workers in Navan.", passages_of(source), {});
  const std::vector<SpanVerdict> f = flagged(r);
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].value, "navan");
  EXPECT_EQ(f[0].verdict, Verdict::kUnsupported);
  EXPECT_EQ(f[0].relation, "workers");
  // Stated with it, or by a pronoun that may stand for it: held.
  EXPECT_TRUE(
      flagged(check_answer("Production will move to the larger plant in Navan.", passages_of(source), {})).empty());
  EXPECT_TRUE(
      flagged(check_answer("Brenna Foods will move production to its larger plant.", passages_of(source), {})).empty());
  // An object pronoun too ("had watched him").
  const std::string signing =
      "Ardmore Rovers have signed the striker Luca Bellandi from Vessano. Rovers' manager, Sean Tully, said the club "
      "had watched him for two seasons.";
  EXPECT_TRUE(nothing_flagged("Sean Tully said Rovers had been watching Bellandi for two seasons.", signing));
}

TEST(Check, APredicateFromElsewhereIsUnsupported) {
  const std::string source =
      "The regional governor, Marta Quist, declared an emergency on Monday morning. Two fishermen were rescued by the "
      "coastguard off Cape Orr. The city museum closed in 2017. It reopened in May 2019.";
  const CheckResult r = check_answer("Marta Quist was rescued on Monday morning.", passages_of(source), {});
  const std::vector<SpanVerdict> f = flagged(r);
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(r.answer.substr(f[0].span.begin, f[0].span.end - f[0].span.begin), "rescued");
  EXPECT_EQ(f[0].verdict, Verdict::kUnsupported);
  EXPECT_EQ(f[0].relation, "Quist");
  // Said of its own subject, or of a pronoun the answer names: held.
  EXPECT_TRUE(flagged(check_answer("Two fishermen were rescued off Cape Orr.", passages_of(source), {})).empty());
  EXPECT_TRUE(flagged(check_answer("The museum reopened in May 2019.", passages_of(source), {})).empty());
  EXPECT_TRUE(
      flagged(check_answer("Marta Quist declared an emergency on Monday morning.", passages_of(source), {})).empty());
}

TEST(Check, AWordWhoseObjectTheSourcesStateWithAnotherWordIsContradicted) {
  const std::string source =
      "Bellandi, 24, scored 19 goals last season and has agreed a four-year contract. The club sold its top scorer, "
      "Kofi Mensah, to Brightwell in July.";
  EXPECT_EQ(one_flag("Bellandi sold 19 goals last season.", source), "sold / contradicted / 19 / scored");
  // The word with its own object, or the object with its own word: held.
  EXPECT_TRUE(nothing_flagged("Bellandi scored 19 goals last season.", source));
  EXPECT_TRUE(nothing_flagged("The club sold its top scorer to Brightwell.", source));
  // A word before an attribute of the noun is no predicate of it ("give its
  // final concert" told as "play its final concert").
  EXPECT_TRUE(nothing_flagged("The quartet will play its final concert in December.",
                              "The quartet will give its final concert in December. They still played well, the "
                              "cellist said."));
  // Where the object is itself flagged, the error is reported once, there.
  EXPECT_EQ(one_flag("Police shot 12 tyres as they pursued the car.",
                     "As police pursued the car it hit 12 other vehicles. Three tyres were shot out."),
            "12 / contradicted / shot / Three");
}

TEST(Check, AFactStatedWithAnotherVerbIsContradicted) {
  if (!word_senses_available()) GTEST_SKIP() << "WordNet's verb files are not installed (wordnet-base)";
  const std::string source =
      "The firm designed the Harbour Library in Hull, which opened in 1998, and won the Civic Trust award in 2001. "
      "Rao, who grew up in Pune, studied chemistry in Manchester before moving to Leeds in 2011.";
  // A verb the sources use elsewhere, before a fact they state with another verb.
  EXPECT_EQ(one_flag("The Harbour Library won in 1998.", source), "1998 / contradicted / won / opened");
  EXPECT_EQ(one_flag("Rao grew up in Manchester.", source), "Manchester / contradicted / grew / studied");
  // A verb with a particle after it, in any form ("set out").
  EXPECT_EQ(one_flag("The rescue team set out at 11 pm.",
                     "The rescue team reached them at 11 pm. The pair had set out too late in the day."),
            "11 pm / contradicted / set / reached");
  // The verb the sources state it with, or one WordNet says may stand for it.
  EXPECT_TRUE(nothing_flagged("The Harbour Library in Hull opened in 1998.", source));
  EXPECT_TRUE(nothing_flagged("The Harbour Library in Hull was launched in 1998.",
                              "The Harbour Library in Hull, which began in 1998, won an award in 2001."));
  // Not a verb WordNet has only as a sibling of theirs ("closed" and
  // "completed" are both to end).
  EXPECT_EQ(one_flag("The Kelso bridge was closed in 1934.",
                     "The Kelso bridge, completed in 1934, was closed to lorries in 2019."),
            "1934 / contradicted / closed / completed");
  // A verb the sources never use is a paraphrase as far as this rule can tell,
  EXPECT_TRUE(nothing_flagged("Rao was raised in Pune.", source));
  // but for a birth, of which they say nothing.
  EXPECT_EQ(one_flag("Rao was born in Pune.", source), "Pune / unsupported / born / ");
  EXPECT_TRUE(nothing_flagged("Rao was born in Pune.", "Rao, a native of Pune, studied chemistry in Manchester."));
  // Only a verb that governs the fact through a preposition: "designed" is
  // not the Harbour Library's verb in "designed the Harbour Library".
  EXPECT_TRUE(nothing_flagged("Rao studied chemistry and moved to Leeds in 2011.", source));
  EXPECT_TRUE(nothing_flagged("The firm designed the Harbour Library.", source));
  EXPECT_EQ(one_flag("The firm won in 2001.", "The firm was founded in 2001. It won an award in Hull."),
            "2001 / contradicted / won / founded");
}

TEST(Check, AVerbTheSourcesDenyIsContradicted) {
  if (!word_senses_available()) GTEST_SKIP() << "WordNet's verb files are not installed (wordnet-base)";
  const std::string source = "Sales did not rise in March. Honeybee numbers have not changed. Costs rose.";
  EXPECT_EQ(one_flag("Sales rose in March.", source), "rose / contradicted / Sales / not rise");
  EXPECT_EQ(one_flag("Honeybee numbers changed.", source), "changed / contradicted / numbers / not changed");
  // Denied by the answer too, or of another subject.
  EXPECT_TRUE(nothing_flagged("Sales did not rise in March.", source));
  EXPECT_TRUE(nothing_flagged("Costs rose.", source));
}

TEST(Check, ACountryHeldOnlyByItsAdjectiveHasItsRelationsTested) {
  const std::string source =
      "Kenyan runner Ruth Chepkoech won the Ostend Marathon on Sunday. The men's race was won by Tomas Vanek of "
      "Slovakia.";
  EXPECT_EQ(one_flag("The men's race was won by Tomas Vanek of Kenya.", source),
            "Kenya / contradicted / Vanek / Slovakia");
  // Beside the adjective in the sources: its relation as they state it.
  EXPECT_TRUE(nothing_flagged("Ruth Chepkoech of Kenya won the Ostend Marathon.", source));
}

TEST(Check, ANameOfAPlaceIsBoundToThatPlaceAlone) {
  const std::string source =
      "Lena Fischer won the 10,000 metres in Rome on Friday. The German finished ahead of Sara Conti of Italy and "
      "Maud Leroy of France.";
  EXPECT_EQ(one_flag("The German finished ahead of Sara Conti of France and Maud Leroy.", source),
            "France / contradicted / Conti / Italy");
  EXPECT_TRUE(nothing_flagged("The German finished ahead of Maud Leroy of France and Sara Conti of Italy.", source));
  // A share of something is no name bound to it.
  EXPECT_TRUE(nothing_flagged("Dalian Wanda bought 20 per cent of Atletico Madrid.",
                              "Dalian Wanda has bought 20 per cent of the Spanish club, the owners of Atletico Madrid "
                              "said."));
}

TEST(Check, AWordRightBeforeAnotherFactOfTheSameClauseIsThatFacts) {
  const std::string source = "The quartet was founded in 1989 by the violinist Maeve Brennan and the cellist Tom Aske.";
  EXPECT_EQ(one_flag("The quartet was founded in 1989 by the cellist Maeve Brennan.", source),
            "Maeve Brennan / contradicted / cellist / Tom Aske");
  EXPECT_TRUE(
      nothing_flagged("The violinist Maeve Brennan founded the quartet in 1989 with the cellist Tom Aske.", source));
  // Two facts side by side are one phrase: the word before both is both's.
  EXPECT_TRUE(nothing_flagged("Henderson has urged Raheem Sterling to sign a new deal.",
                              "Henderson has urged Liverpool team-mate Raheem Sterling to sign a new deal."));
}

TEST(Check, ANameOfAnotherNamesPlaceIsContradicted) {
  const std::string source =
      "A study of 120 farms in Norfolk found that wildflower strips increased bumblebee numbers. The research, led by "
      "Dr Hana Okoro of the University of East Anglia, was published on Wednesday.";
  EXPECT_EQ(one_flag("The research was led by Dr Hana Okoro of the University of Norfolk.", source),
            "Norfolk / contradicted / University / East Anglia");
  EXPECT_TRUE(
      nothing_flagged("Dr Hana Okoro of the University of East Anglia led a study of farms in Norfolk.", source));
  // Names in a list relate to nothing: the sources' order is not the answer's.
  EXPECT_TRUE(nothing_flagged("They come from businesses including Cartier, Rolex and Bulgari.",
                              "His collection includes a Bulgari Bulgari Chrono 42, a Cartier Tortue Collection "
                              "Privee and a Rolex yellow gold Oyster Perpetual. He wears the Rolex Oyster Perpetual "
                              "when out in East London."));
}

TEST(Check, ANameTheSourcesStateApartFromItsClauseIsTheOtherNames) {
  const std::string source =
      "Marlow Bakeries will open six new shops in Leeds and York this year, its chief executive, Dana Whitlock, said "
      "on Thursday. The family firm was founded in 1974 by her grandfather, Arthur Whitlock, and now employs 850 "
      "people.";
  EXPECT_EQ(one_flag("Its chief executive, Arthur Whitlock, said the firm would open six new shops.", source),
            "Arthur Whitlock / contradicted / executive / Dana Whitlock");
  EXPECT_TRUE(nothing_flagged("Dana Whitlock, its chief executive, said the firm would open six new shops.", source));
  EXPECT_TRUE(nothing_flagged("Arthur Whitlock founded the family firm in 1974.", source));
}

TEST(Check, AWordWhoseOppositeTheSourcesStateIsContradicted) {
  const std::string source =
      "Its shares fell 4 percent after the results. Sales rose 9 percent. The museum closed in 2017. It reopened "
      "in May 2019.";
  EXPECT_EQ(one_flag("Its shares rose 4 percent after the results.", source), "rose / contradicted / 4 / fell");
  // Stated so, denied, or said of someone named by a pronoun ("It reopened"): held.
  EXPECT_TRUE(nothing_flagged("Sales rose 9 percent.", source));
  EXPECT_TRUE(nothing_flagged("Its shares did not rise after the results.", source));
  EXPECT_TRUE(nothing_flagged("The museum opened its doors again in May 2019.", source));
  // The object may stand further from the opposite, past quantities and determiners.
  EXPECT_EQ(one_flag("The firm buys regular meatballs every year.",
                     "The company sells one billion of its regular meatballs every year."),
            "buys / contradicted / regular / sells");
  // Opposites WordNet gives, beyond the list's.
  EXPECT_EQ(one_flag("The plane ascended to 500 feet on approach.", "The plane descended to 500 feet on approach."),
            "ascended / contradicted / plane / descended");
  // A possessive is no subject: the word said in a clause with "its" is not said of the answer's firm.
  EXPECT_EQ(one_flag("The firm buys regular meatballs every year.",
                     "The company sells one billion of its regular meatballs every year. Customers can also buy a "
                     "frozen variety in its food market."),
            "buys / contradicted / regular / sells");
}

TEST(Check, AThingByAnotherOfItsNamesIsNoOtherThing) {
  // A plural, an acronym of a place's initials, a country's adjective.
  EXPECT_TRUE(nothing_flagged("Bentleys and Porsches finished bottom of the reliability table.",
                              "Upmarket Bentleys and Porsches are more likely to break down than cheaper cars. The "
                              "list price of Bentleys is high, yet the manufacturer and Porsche finished bottom of a "
                              "38-strong table judged on reliability."));
  EXPECT_TRUE(nothing_flagged("Opening in May, the suite is dubbed the largest in LA.",
                              "Breaking records for the largest suite in Los Angeles, the penthouse at The London "
                              "hotel is set to open next month.\n\nThe suite overlooking LA can hold 300 people."));
  EXPECT_TRUE(nothing_flagged("UK cook book author Annabel Karmel shares her thoughts.",
                              "Motivated mumpreneur: British children's cook book author Annabel Karmel has over 40 "
                              "books to her name. UK children's cookbook guru Annabel Karmel has slammed the recipe."));
  // Another name that shares a word is another thing.
  EXPECT_EQ(one_flag("Its chief executive, Arthur Whitlock, said the firm would open six new shops.",
                     "Marlow Bakeries will open six new shops this year, its chief executive, Dana Whitlock, said on "
                     "Thursday. The family firm was founded in 1974 by her grandfather, Arthur Whitlock."),
            "Arthur Whitlock / contradicted / executive / Dana Whitlock");
}

TEST(Check, ADateTheSourcesGiveWithFewerPartsIsNoContradiction) {
  const std::string source =
      "Sherry Arnold, a maths teacher from Sidney, Montana, was on a morning jog on January 7 when she "
      "disappeared.\n\nSpell pleaded guilty to killing her after attempting to abduct the teacher as she was "
      "jogging near her home in 2012.";
  EXPECT_TRUE(nothing_flagged("Sherry Arnold was on a morning jog on January 7, 2012, when she disappeared.", source));
  // Parts the sources lack are unsupported, parts they state otherwise contradicted.
  EXPECT_EQ(one_flag("Sherry Arnold was on a morning jog on January 7, 2011, when she disappeared.", source),
            "January 7, 2011 / unsupported /  / ");
  EXPECT_EQ(one_flag("Sherry Arnold was on a morning jog on January 9 when she disappeared.", source),
            "January 9 / contradicted / jog / January 7");
}

TEST(Check, WordPairsTheSourcesHoldTogether) {
  const std::string source =
      "Kayahan, one of Turkey's best-loved singers and songwriters, died of cancer on Friday. Prime Minister Ahmet "
      "Davutoglu paid tribute on social media.";
  const WordPairs faithful =
      check_answer("Kayahan, one of the best-loved singers, died of cancer.", passages_of(source), {}).word_pairs;
  const WordPairs swapped =
      check_answer("Ahmet Davutoglu, one of the best-loved singers, died of cancer.", passages_of(source), {})
          .word_pairs;
  EXPECT_GT(faithful.all, 0u);
  EXPECT_EQ(faithful.together, faithful.all);
  EXPECT_LT(swapped.together, swapped.all);
  // A word the sources lack pairs with nothing they hold.
  const WordPairs novel =
      check_answer("Kayahan, one of the best-loved violinists, died of cancer.", passages_of(source), {}).word_pairs;
  EXPECT_LT(novel.together, novel.all);
}

// The sets: faithful answers (F) mostly unflagged, added clauses (A) and
// entities from elsewhere (E) mostly caught; swapped relations (R) and
// predicates (P) are counted and printed (the check sees some of them: a relation the
// sources state with another fact of its kind, "born in York" for "born in
// Leeds"; most predicate swaps it cannot see, docs/CHECK.md).
TEST(Check, ClaimsAndRelations) {
  int added_or_entity = 0, added_or_entity_caught = 0, predicates = 0, predicates_caught = 0;
  for (const char* name :
       {"claims_tuning.txt", "claims_heldout.txt", "claims_heldout2.txt", "claims_heldout3.txt", "claims_heldout4.txt",
        "claims_heldout5.txt", "claims_heldout6.txt", "claims_heldout7.txt"}) {
    std::map<char, Tally> t = run_set(name);
    int planted = 0;
    int caught = 0;
    for (const auto& [kind, tally] : t) {
      std::printf("%s: %c %d/%d\n", name, kind, tally.right, tally.total);
      if (kind != 'F') {
        planted += tally.total;
        caught += tally.right;
      }
    }
    std::printf("%s: faithful answers not flagged %d/%d, planted spans flagged %d/%d\n", name, t['F'].right,
                t['F'].total, caught, planted);
    ASSERT_GE(t['F'].total, 10);
    EXPECT_GE(t['F'].right, 0.8 * t['F'].total) << name;
    added_or_entity += t['A'].total + t['E'].total;
    added_or_entity_caught += t['A'].right + t['E'].right;
    predicates += t['P'].total;
    predicates_caught += t['P'].right;
  }
  // Over all sets: a held-out set's first run may fall below this (the
  // fourth caught 8 of 12), so the floor is the sets' total.
  EXPECT_GE(added_or_entity_caught, 0.7 * added_or_entity);
  // A predicate swapped in the sources' own words is read by WordNet's verb
  // senses (18 of 26 with them, 11 without).
  if (word_senses_available()) {
    EXPECT_GE(predicates_caught, 0.6 * predicates);
  }
}

}  // namespace
}  // namespace lmz::ground
