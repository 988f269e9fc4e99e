// What the check knows of its sources: every passage's keys, every fact
// they state with the content words around it (its context), and how well
// each passage matches each sentence of the answer. check.cpp judges the
// answer's spans against it.
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "analysis/span_classes.h"
#include "ground/check.h"
#include "ground/facts.h"

namespace lmz::ground {

// A content word near a fact: its context key and its distance in words
// (1: adjacent).
struct ContextWord {
  std::string key;
  int distance = 0;
  bool before = false;  // the word comes before the fact
};
using Context = std::vector<ContextWord>;  // sorted by key, each key once

// How a context word is compared: its stem cut to six letters, so that
// "employs" meets "employees" and "opened" meets "opening".
std::string context_key(const std::string& word);

// The content words within eight words of [begin, end), outside it
// and inside [limit_begin, limit_end) (its clause).
Context context_of(const std::vector<Word>& words, uint64_t begin, uint64_t end, uint64_t limit_begin,
                   uint64_t limit_end);

// The clause of [limit_begin, limit_end) (a sentence) that holds [begin,
// end): semicolons part a sentence into statements of their own ("cut it by
// 68% over 12 months; a booster kept it at 61%").
std::pair<uint64_t, uint64_t> clause_around(std::string_view text, uint64_t limit_begin, uint64_t limit_end,
                                            uint64_t begin, uint64_t end);

// The facts of a text with their byte extents.
struct LocatedFact {
  uint64_t begin = 0;
  uint64_t end = 0;
  Fact fact;
};
std::vector<LocatedFact> facts_of(std::string_view text, const std::vector<analysis::Span>& spans);

// A fact as the sources state it, with the words around it.
struct Occurrence {
  size_t passage = 0;
  uint32_t clause = 0;  // as WordPlace::clause
  std::string text;
  std::vector<std::string> words;  // words_of(text)
  Fact fact;
  Context context;
};

// Where a source word stands: its passage, its clause (a sentence cut at
// semicolons, numbered over all passages) and its place among the passage's words.
struct WordPlace {
  uint32_t passage = 0;
  uint32_t clause = 0;
  uint32_t position = 0;
};

// A source word as it stands, with its clause (as WordPlace::clause).
struct SourceWord {
  std::string text;
  uint32_t clause = 0;
};

// What the check knows of each passage, and how well each matches each sentence.
struct PassageIndex {
  std::vector<std::set<std::string>> keys;               // per passage
  std::vector<Occurrence> occurrences;                   // every fact in every passage, in order of clause
  std::map<std::string, double> rarity;                  // of context keys over all sources: 1 for one seen once
  std::vector<std::vector<double>> sentence;             // [sentence][passage] idf-weighted overlap
  std::vector<double> relevance;                         // per passage, over the whole answer
  std::map<std::string, std::vector<WordPlace>> places;  // by word stem, every place it stands, in order
  std::vector<std::vector<SourceWord>> words;            // per passage, its words in order (WordPlace::position)

  // Whether some source clause holds words of stems a and b within `reach` words of each other.
  bool near(const std::string& a, const std::string& b, uint32_t reach) const;
  // Whether source clause `clause` holds a word of stem `stem`.
  bool in_clause(const std::string& stem, uint32_t clause) const;
};

// How much a content word can tell, from how often ordinary English uses it:
// 1 for a word the built-in model's primer never uses, 1/6 for one it uses
// 20 times ("people", "said").
double specificity(const std::string& word);

// The index of `passages` for an answer split into `sentences`.
PassageIndex index_passages(const std::vector<SourcePassage>& passages, std::string_view answer,
                            const std::vector<std::pair<uint64_t, uint64_t>>& sentences);

}  // namespace lmz::ground
