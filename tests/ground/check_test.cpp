// lmz check: verdicts, offsets, the conditional scoring, and the planted
// changes to figures, dates and names it must catch.
#include "ground/check.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <filesystem>

#include "analysis/conditional_scoring.h"
#include "core/file_io.h"
#include "ground/check_reports.h"
#include "ground/check_test_util.h"
#include "ground/source_store.h"
#include "llm/tiny_model.h"

namespace lmz::ground {
namespace {

const char* kSource =
    "The Varn Bridge over the river Lune opened on 3 June 1911. It cost 48,500 pounds and carries 2 lanes.\n\n"
    "Its engineer, Edith Marlow, also built the Kelby reservoir in 1897, which holds 1.2 million cubic metres.\n\n"
    "In 2024 the bridge carried 18.4% more traffic than in 2023, about 11,200 vehicles a day.";

TEST(Check, FaithfulAnswerIsSupported) {
  const CheckResult r = check_answer(
      "The Varn Bridge opened on 3 June 1911 and cost 48,500 pounds. Edith Marlow built the Kelby reservoir in 1897.",
      passages_of(kSource), {});
  EXPECT_TRUE(flagged(r).empty());
  EXPECT_GT(r.supported, 5u);
  EXPECT_LT(r.bits_with, r.bits_without);  // the sources explain much of it
  EXPECT_EQ(r.unsupported_bits, 0.0);
}

TEST(Check, OtherFormsOfTheSameFigureAreSupported) {
  const CheckResult r = check_answer("Traffic rose 18.4 percent in 2024, to 11200 vehicles a day, on two lanes.",
                                     passages_of(kSource), {});
  EXPECT_TRUE(flagged(r).empty()) << flagged(r)[0].value;
}

TEST(Check, EveryFormOfADateIsTheSameDate) {
  // "3 June 1911" in the source; ISO, "June 3, 1911", d/m/y and m/d/y where the day is past 12.
  // "3/6/1911" could be either day: only its year is compared.
  for (const char* answer : {"The Varn Bridge opened on 1911-06-03.", "The Varn Bridge opened on June 3, 1911.",
                             "The Varn Bridge opened on 3/6/1911."}) {
    const CheckResult r = check_answer(answer, passages_of(kSource), {});
    EXPECT_TRUE(flagged(r).empty()) << answer;
  }
  // The other way round: an ISO source holds "3 June 1911".
  const std::string iso = "The Varn Bridge opened on 1911-06-03 and cost 48,500 pounds.";
  for (const char* answer : {"The Varn Bridge opened on 3 June 1911.", "The Varn Bridge opened on June 3, 1911."}) {
    const CheckResult r = check_answer(answer, passages_of(iso), {});
    EXPECT_TRUE(flagged(r).empty()) << answer;
  }
  const std::string late = "The Varn Bridge opened on 25 June 1911.";
  EXPECT_TRUE(flagged(check_answer("The Varn Bridge opened on 25/6/1911.", passages_of(late), {})).empty());
  EXPECT_TRUE(flagged(check_answer("The Varn Bridge opened on 6/25/1911.", passages_of(late), {})).empty());
  // A changed day or month is still found in every form.
  for (const char* answer : {"The Varn Bridge opened on 1911-06-04.", "The Varn Bridge opened on 1911-07-03.",
                             "The Varn Bridge opened on 4 June 1911."}) {
    EXPECT_FALSE(flagged(check_answer(answer, passages_of(iso), {})).empty()) << answer;
  }
}

TEST(Check, ChangedFigureIsContradictedAtItsOffsets) {
  // A two-byte character first, so byte and code-point offsets differ.
  const std::string answer = "Caf\xc3\xa9 owners say the bridge cost 49,500 pounds.";
  const CheckResult r = check_answer(answer, passages_of(kSource), {});
  const std::vector<SpanVerdict> f = flagged(r);
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].verdict, Verdict::kContradicted);
  EXPECT_EQ(answer.substr(f[0].span.begin, f[0].span.end - f[0].span.begin), "49,500");
  EXPECT_EQ(f[0].cp_begin, f[0].span.begin - 1);
  EXPECT_EQ(f[0].source_value, "48,500");
  ASSERT_GE(f[0].passage, 0);
  EXPECT_EQ(r.passages[static_cast<size_t>(f[0].passage)].begin, 0u);
  EXPECT_EQ(r.contradicted, 1u);
  EXPECT_GT(r.unsupported_bits_per_byte(), 0.0);
}

TEST(Check, SpelledOutFiguresAreOneSpan) {
  // "twenty one" is 21, one span of the verdicts; "forty eight thousand
  // five hundred" is 48,500.
  const std::string answer = "It has twenty one sledges and cost forty eight thousand five hundred pounds.";
  const CheckResult r = check_answer(answer, passages_of("The expedition took 21 sledges. It cost 48,500 pounds."), {});
  EXPECT_TRUE(flagged(r).empty()) << flagged(r)[0].value;
  std::vector<std::string> numbers;
  for (const SpanVerdict& v : r.spans) {
    if (v.fact != FactKind::kNumber) continue;
    EXPECT_EQ(v.verdict, Verdict::kSupported);
    numbers.push_back(answer.substr(v.span.begin, v.span.end - v.span.begin));
  }
  EXPECT_EQ(numbers, (std::vector<std::string>{"twenty one", "forty eight thousand five hundred"}));
  // The spans still cover the answer, in order.
  uint64_t at = 0;
  for (const SpanVerdict& v : r.spans) {
    EXPECT_EQ(v.span.begin, at);
    at = v.span.end;
  }
  EXPECT_EQ(at, answer.size());
  // And a changed one is flagged as a whole.
  const CheckResult changed =
      check_answer("It has twenty two sledges.", passages_of("The expedition took 21 sledges."), {});
  ASSERT_EQ(flagged(changed).size(), 1u);
  EXPECT_EQ(flagged(changed)[0].value, "22");
}

TEST(Check, WordsAnyTextUsesDoNotPlaceAFigure) {
  // "people" sits beside 15,000 in the sources, but it is too common a word
  // to say that the answer's 2400 (the workers) belongs there.
  const CheckResult r = check_answer("At its peak 2400 people worked on it.",
                                     passages_of("The dam employed 2,400 workers at its peak. The opening was attended "
                                                 "by 15,000 people."),
                                     {});
  EXPECT_TRUE(flagged(r).empty()) << flagged(r)[0].source_value;
}

TEST(Check, TimesAreComparedWithTimes) {
  expect_contradicted("The ceremony began at 3:30 p.m.",
                      "Construction began on 3 March 2020. The opening ceremony took place at 2:30 p.m. on Friday.",
                      "2:30 p.m.");
}

const char* kMatchReport =
    "Halden United beat Corvik 3-1 on Saturday in front of 28,412 fans. Striker Tomas Lindqvist scored in the 14th "
    "and 67th minutes, taking his tally to 19 goals.\n\n"
    "Corvik had 58% of possession and 11 shots. Their goalkeeper, Emil Sand, made 6 saves. Halden are second, 4 "
    "points behind Ostby.\n\n"
    "The CFO, Priya Raman, said wages rose 9% to 22 million kroner. Ticket prices rise to 350 kroner.";

TEST(Check, AFigureTheAnswerAlsoStatesWasNotDisplaced) {
  // The 3 of "3-1" sits nearer the answer's words than 28,412 does, but the
  // answer states the 3 too: 28,412 took nothing's place.
  const CheckResult r = check_answer("Halden United won 3-1 against Corvik, watched by 28,412 supporters.",
                                     passages_of(kMatchReport), {});
  EXPECT_TRUE(flagged(r).empty()) << flagged(r)[0].value << " for " << flagged(r)[0].source_value;
}

TEST(Check, OnlyAFigureOfTheSameSortStandsInItsPlace) {
  // A percentage is cited against a percentage, a count against a count, a
  // place (14th) not against a count.
  expect_contradicted("Corvik had 85% of possession.", kMatchReport, "58%");
  expect_contradicted("Revenue rose 15.2% in the third quarter of 2024.",
                      "Orvane Systems reported revenue of \xe2\x82\xac"
                      "3.5 million for the third quarter of 2024, up "
                      "12.5% from a year earlier.",
                      "12.5%");
  expect_contradicted("Halden are second, 6 points behind Ostby.", kMatchReport, "4");
  const CheckResult r =
      check_answer("Lindqvist now has 19 league goals after scoring twice.", passages_of(kMatchReport), {});
  EXPECT_TRUE(flagged(r).empty()) << flagged(r)[0].source_value;
}

TEST(Check, AcronymsMeetTheirWords) {
  CheckResult r = check_answer("Priya Raman, the chief financial officer, spoke.", passages_of(kMatchReport), {});
  EXPECT_TRUE(flagged(r).empty());
  r = check_answer("Priya Raman is the CFO.", passages_of("Priya Raman, chief financial officer, spoke."), {});
  EXPECT_TRUE(flagged(r).empty()) << flagged(r)[0].value;
  r = check_answer("Priya Raman is the CEO.", passages_of("Priya Raman, chief financial officer, spoke."), {});
  ASSERT_EQ(flagged(r).size(), 1u);
  EXPECT_EQ(flagged(r)[0].value, "ceo");
}

TEST(Check, AUnitWrittenOnIsNotContradictedByItsScale) {
  // A source's "40m" may be 40 million: an answer that says so is not
  // contradicted by the 40m it read as metres.
  const CheckResult r =
      check_answer("Some 40 million viewers watched the final.", passages_of("The final drew 40m viewers."), {});
  EXPECT_TRUE(flagged(r).empty()) << flagged(r)[0].value;
}

TEST(Check, APronounOpeningTheAnswerRefersToNoOne) {
  const std::string source = "Edith Marlow built the Kelby reservoir in 1897.";
  const CheckResult r = check_answer("She built the Kelby reservoir in 1897.", passages_of(source), {});
  EXPECT_TRUE(flagged(r).empty());  // reported, not flagged: the answer's claims are all supported
  ASSERT_EQ(r.unresolved, 1u);
  const SpanVerdict& she = r.spans[0];
  EXPECT_EQ(she.verdict, Verdict::kUnresolved);
  EXPECT_EQ(she.fact, FactKind::kReference);
  EXPECT_EQ(she.value, "she");
  EXPECT_EQ(she.span.end, 3u);
  EXPECT_NE(check_json(r).find("\"unresolved\": 1"), std::string::npos);
  EXPECT_NE(check_terminal(r, false).find("[~She~]"), std::string::npos);
  // With a question, the pronoun has someone to refer to.
  CheckOptions asked;
  asked.question = "What did Edith Marlow build?";
  EXPECT_EQ(check_answer("She built the Kelby reservoir in 1897.", passages_of(source), asked).unresolved, 0u);
  // Named first, or "It", which opens as many sentences that refer to nothing.
  EXPECT_EQ(check_answer("Edith Marlow built it in 1897; she was its engineer.", passages_of(source), {}).unresolved,
            0u);
  EXPECT_EQ(check_answer("It is said that the reservoir was built in 1897.", passages_of(source), {}).unresolved, 0u);
}

TEST(Check, TheSameFigureInAnotherUnitIsContradicted) {
  const std::string source =
      "The trial enrolled children aged 17 months. The fine was \xc2\xa3"
      "40m.";
  expect_contradicted("The children were 17 years old.", source, "17 months");
  expect_contradicted("The fine was $40m.", source,
                      "\xc2\xa3"
                      "40m");
  // The same unit, another word for it, or none written: supported.
  EXPECT_TRUE(flagged(check_answer("They were seventeen months old.", passages_of(source), {})).empty());
  EXPECT_TRUE(flagged(check_answer("The fine was 40 million pounds.", passages_of(source), {})).empty());
  EXPECT_TRUE(flagged(check_answer("17 children took part.", passages_of(source), {})).empty());
  // Speeds: a length per hour.
  const std::string storm = "The storm moved north at 30 km/h.";
  expect_contradicted("It moved north at 30 mph.", storm, "30 km/h");
  EXPECT_TRUE(flagged(check_answer("It moved at 30 kilometres per hour.", passages_of(storm), {})).empty());
}

TEST(Check, FigureTakenFromElsewhereInTheSourcesIsContradicted) {
  // 1897 is in the sources, but as the reservoir's year, not the bridge's.
  const CheckResult r =
      check_answer("The Varn Bridge over the river Lune opened on 3 June 1897.", passages_of(kSource), {});
  const std::vector<SpanVerdict> f = flagged(r);
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].verdict, Verdict::kContradicted);
  EXPECT_NE(f[0].value.find("1897"), std::string::npos);
}

TEST(Check, ContextWordsMatchInOtherForms) {
  // "employees" meets "employs": the changed staff count is cited against
  // 146, the figure beside it, not 37.
  expect_contradicted(
      "The Kestrel Laboratory has 164 employees.",
      "The Kestrel Laboratory opened in 1997. The lab has 37 technicians and employs 146 engineers. Its "
      "reservoir holds 2,400 cubic metres.",
      "146");
}

TEST(Check, UnknownNameIsUnsupportedAndNovelWordsAreNotFlagged) {
  const CheckResult r =
      check_answer("The reservoir was built by Harald Quist, a splendid engineer.", passages_of(kSource), {});
  const std::vector<SpanVerdict> f = flagged(r);
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].fact, FactKind::kName);
  EXPECT_GT(r.novel, 0u);  // "splendid" is in no source, but a paraphrase is not an error
}

// tests/ground/answers/NAME: a source, a line "---", then answers, one a
// line: "F|" a faithful one (its figures, dates and names in other forms),
// "C|" one with a figure, date or name changed. `ok` is false when the file
// is missing or has no "---" line.
struct AnswerSet {
  bool ok = false;
  std::string source;
  std::vector<std::string> answers;  // "F|..." and "C|..."
};
AnswerSet read_answer_set(const std::string& name) {
  AnswerSet set;
  Result<Bytes> file = read_file(std::string(LMZ_SOURCE_DIR) + "/tests/ground/answers/" + name);
  if (!file.ok()) return set;
  const std::string text(file->begin(), file->end());
  const size_t cut = text.find("\n---\n");
  if (cut == std::string::npos) return set;
  set.ok = true;
  set.source = text.substr(0, cut);
  for (size_t at = cut + 5; at < text.size();) {
    size_t end = text.find('\n', at);
    if (end == std::string::npos) end = text.size();
    const std::string line = text.substr(at, end - at);
    at = end + 1;
    if (line.size() >= 3 && line[1] == '|') set.answers.push_back(line);
  }
  return set;
}

TEST(Check, WhatANumberCountsPlacesIt) {
  // "12 tyres": the 12 the sources hold counts vehicles; three counts tyres.
  expect_contradicted("Police shot 12 tyres as they pursued the car.",
                      "As police pursued the car it hit 12 other vehicles. Three tyres were shot out.", "Three");
}

TEST(Check, WhatADateIsToItsSentencePlacesIt) {
  // "reopened in": the sources' reopening date, not the closing one that
  // shares more of the sentence's other words.
  expect_contradicted("The museum reopened in May 2021 after a renovation.",
                      "The city museum closed in 2017 for a renovation. It reopened in May 2019.", "May 2019");
}

TEST(Check, AnUnknownNameIsCitedAgainstTheNameInItsPlace) {
  // Malawi, not the vaccine's name R42: the words before Uganda are before Malawi too.
  const AnswerSet set = read_answer_set("vaccine.txt");
  ASSERT_TRUE(set.ok);
  expect_contradicted("The trial enrolled children in Ghana, Kenya and Uganda.", set.source, "Malawi");
}

TEST(Check, ANamesHeadWordsAreHeldTogether) {
  const std::string source =
      "Counting was delayed in the island district of Sorne, where ballots arrived after a storm closed the port for "
      "two days. The governor will be sworn in at Port Varenna. Michael and Johanne Wagner studied at the University "
      "of Sydney; the Chief Secretary to the Treasury met them.";
  // "Port" and "Sorne" are both in the passage, but not as one name.
  const std::vector<SpanVerdict> f =
      flagged(check_answer("She will be sworn in at Port Sorne.", passages_of(source), {}));
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].value, "port sorne");
  // A name's head a few words apart or turned round, with a title from elsewhere: held.
  EXPECT_TRUE(flagged(check_answer("Michael Wagner and Treasury Secretary Johanne Wagner studied at Sydney University.",
                                   passages_of(source), {}))
                  .empty());
}

TEST(Check, MisspeltNameIsContradictedByTheNameItResembles) {
  const CheckResult r = check_answer("The bridge's engineer was Edith Marlowe.", passages_of(kSource), {});
  const std::vector<SpanVerdict> f = flagged(r);
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].verdict, Verdict::kContradicted);
  EXPECT_EQ(f[0].source_value, "Edith Marlow");
}

TEST(Check, NoSources) {
  const CheckResult r = check_answer("It opened in 1911.", {}, {});
  EXPECT_EQ(flagged(r).size(), 1u);
  EXPECT_EQ(flagged(r)[0].verdict, Verdict::kUnsupported);
  EXPECT_EQ(flagged(r)[0].passage, -1);
  const CheckResult empty = check_answer("", passages_of(kSource), {});
  EXPECT_TRUE(empty.spans.empty());
}

TEST(Check, Sentences) {
  const std::string text = "One. Two? Three!\nFour 3.5 five";
  const auto s = sentences_of(text);
  ASSERT_EQ(s.size(), 4u);
  EXPECT_EQ(text.substr(s[3].first, s[3].second - s[3].first), "Four 3.5 five");
}

TEST(ConditionalScoring, ContextMakesCopiesCheap) {
  const std::string text = "the bridge cost 48,500 pounds and carries 2 lanes";
  const double alone = analysis::score_cm_after("", text, 5).total_bits();
  const double after = analysis::score_cm_after(kSource, text, 5).total_bits();
  EXPECT_LT(after, alone * 0.6);
  EXPECT_EQ(analysis::score_cm_after(kSource, text, 5).tokens.size(), text.size());
}

TEST(ConditionalScoring, MixtureIsNeverFarWorseThanTheBetterModel) {
  analysis::Scoring tokens;
  analysis::Scoring bytes;
  for (int i = 0; i < 40; ++i) {
    analysis::TokenScore t;
    t.begin = static_cast<uint64_t>(2 * i);
    t.end = t.begin + 2;
    t.bits = i < 20 ? 1.0 : 12.0;  // the token model is good, then bad
    tokens.tokens.push_back(t);
    for (int k = 0; k < 2; ++k) {
      analysis::TokenScore b;
      b.begin = t.begin + static_cast<uint64_t>(k);
      b.end = b.begin + 1;
      b.bits = 3.0;  // the byte model: 6 bits a token throughout
      bytes.tokens.push_back(b);
    }
  }
  const analysis::Scoring mixed = analysis::mix_scorings(tokens, bytes);
  ASSERT_EQ(mixed.tokens.size(), tokens.tokens.size());
  double best = 0.0;
  for (size_t i = 0; i < 40; ++i) {
    best += std::min(tokens.tokens[i].bits, 6.0);
    EXPECT_LE(mixed.tokens[i].bits, std::min(tokens.tokens[i].bits, 6.0) + 6.0 + 1e-9);  // weight floor 1/64
  }
  EXPECT_LT(mixed.total_bits(), best + 40.0);
}

TEST(Check, WithAGgufModel) {
  const std::shared_ptr<const llm::LlamaModel> model = test::tiny_model();
  CheckOptions options;
  options.model = model.get();
  options.n_ctx = 32;
  const CheckResult r = check_answer("the bridge cost 49,500 pounds", passages_of(kSource), options);
  EXPECT_TRUE(std::isfinite(r.bits_with));
  EXPECT_GT(r.bits_without, 0.0);
  EXPECT_EQ(r.contradicted, 1u);
  EXPECT_NE(r.model.find("cm -5"), std::string::npos);
}

// Planted changes on the project's fact-dense texts: every sentence holding a
// number, date or name is copied as it stands (a faithful answer) and once
// for each such fact with that fact changed (a digit, a surname).
struct PlantedResult {
  int faithful = 0;
  int faithful_clean = 0;
  int planted = 0;
  int planted_caught = 0;
};

std::string plant(const std::string& text, const analysis::Span& span, FactKind kind) {
  std::string s = text.substr(span.begin, span.end - span.begin);
  if (kind == FactKind::kName) {
    const size_t space = s.rfind(' ');
    return (space == std::string::npos ? "" : s.substr(0, space + 1)) + "Quennell";
  }
  for (size_t i = s.size(); i-- > 0;) {
    if (std::isdigit(static_cast<unsigned char>(s[i]))) {
      s[i] = static_cast<char>('0' + (s[i] - '0' + 3) % 10);
      return s;
    }
  }
  return s + " 7";
}

PlantedResult run_planted(const std::string& source) {
  PlantedResult out;
  const std::vector<SourcePassage> passages = passages_of(source);
  for (const SourcePassage& p : passages) {
    for (const auto& [b, e] : sentences_of(p.text)) {
      const std::string sentence = p.text.substr(b, e - b);
      if (sentence.size() < 30) continue;
      const std::vector<analysis::Span> spans = analysis::classify_spans(sentence);
      bool has_fact = false;
      for (size_t t = 0; t < spans.size(); ++t) {
        const analysis::Span& target = spans[t];
        const FactKind kind = fact_at(sentence, spans, t).kind;
        if (kind == FactKind::kNone || (kind == FactKind::kNumber && target.cls != analysis::SpanClass::kNumber))
          continue;
        has_fact = true;
        const std::string changed = plant(sentence, target, kind);
        const std::string answer = sentence.substr(0, target.begin) + changed + sentence.substr(target.end);
        const uint64_t change_end = target.begin + changed.size();
        const CheckResult r = check_answer(answer, passages, {});
        ++out.planted;
        bool caught = false;
        for (const SpanVerdict& v : flagged(r))
          caught = caught || (v.span.begin < change_end && v.span.end > target.begin);
        out.planted_caught += caught ? 1 : 0;
        if (!caught) std::printf("missed: %s\n", answer.c_str());
      }
      if (!has_fact) continue;
      const CheckResult faithful = check_answer(sentence, passages, {});
      ++out.faithful;
      out.faithful_clean += flagged(faithful).empty() ? 1 : 0;
    }
  }
  return out;
}

TEST(Check, PlantedChangesOnFactDenseTexts) {
  PlantedResult total;
  for (const char* name : {"biography.txt", "report.txt"}) {
    Result<Bytes> text = read_file(std::string(LMZ_SOURCE_DIR) + "/bench/texts/" + name);
    ASSERT_TRUE(text.ok()) << text.status().message();
    const PlantedResult r = run_planted(std::string(text->begin(), text->end()));
    std::printf("%s: faithful answers not flagged %d/%d, planted changes flagged %d/%d\n", name, r.faithful_clean,
                r.faithful, r.planted_caught, r.planted);
    total.faithful += r.faithful;
    total.faithful_clean += r.faithful_clean;
    total.planted += r.planted;
    total.planted_caught += r.planted_caught;
  }
  ASSERT_GT(total.planted, 20);
  EXPECT_GE(total.faithful_clean, 0.9 * total.faithful);
  EXPECT_GE(total.planted_caught, 0.9 * total.planted);
}

// The answer sets of tests/ground/answers (read_answer_set()).
TEST(Check, HandWrittenAnswers) {
  int faithful = 0, faithful_clean = 0, changed = 0, changed_caught = 0;
  for (const char* name : {"dam.txt", "company.txt", "match.txt", "vaccine.txt", "storm.txt", "election.txt"}) {
    const AnswerSet set = read_answer_set(name);
    ASSERT_TRUE(set.ok) << name;
    const std::vector<SourcePassage> passages = passages_of(set.source);
    for (const std::string& line : set.answers) {
      const std::vector<SpanVerdict> f = flagged(check_answer(line.substr(2), passages, {}));
      if (line[0] == 'F') {
        ++faithful;
        faithful_clean += f.empty() ? 1 : 0;
        if (!f.empty())
          std::printf("%s: faithful answer flagged at \"%s\": %s\n", name, f[0].value.c_str(), line.c_str());
      } else {
        ++changed;
        changed_caught += f.empty() ? 0 : 1;
        if (f.empty()) std::printf("%s: change missed: %s\n", name, line.c_str());
      }
    }
  }
  std::printf("faithful answers not flagged %d/%d, changed ones flagged %d/%d\n", faithful_clean, faithful,
              changed_caught, changed);
  ASSERT_GT(changed, 60);
  EXPECT_GE(faithful_clean, 0.9 * faithful);
  EXPECT_GE(changed_caught, 0.9 * changed);
}

}  // namespace
}  // namespace lmz::ground
