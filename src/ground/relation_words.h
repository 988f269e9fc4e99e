// Words the relation rules read alike in the answer and the sources
// (word_relations.cpp, swap_relations.cpp).
#pragma once

#include <cstdint>
#include <set>
#include <string>
#include <string_view>

#include "ground/passage_index.h"

namespace lmz::ground {

// "not", "never", "didn't": the word after it is denied.
inline bool is_negation(const std::string& w) {
  return w == "not" || w == "no" || w == "never" || w == "without" ||
         (w.size() > 3 && w.compare(w.size() - 3, 3, "n't") == 0);
}

inline bool starts_lowercase(std::string_view w) {
  return !w.empty() && w[0] >= 'a' && w[0] <= 'z';
}

// Source words are lower-cased (located_words()): this tells a word from a figure.
inline bool starts_with_letter(const std::string& w) {
  return starts_lowercase(w);
}

// Modals and "have", which set a verb's tense or mood ("will open", "has opened").
inline bool is_tense_auxiliary(const std::string& w) {
  static const std::set<std::string> kAuxiliaries = {"will",  "would", "shall", "should", "can", "could", "may",
                                                     "might", "must",  "has",   "have",   "had", "did",   "does"};
  return kAuxiliaries.count(w) > 0;
}

// Prepositions of place and time ("closed in 1934", "rescued by the coastguard").
inline bool is_place_preposition(const std::string& w) {
  static const std::set<std::string> kPrepositions = {"in",   "at",     "on",    "by",    "from",   "near",
                                                      "into", "during", "until", "since", "before", "after"};
  return kPrepositions.count(w) > 0;
}

// Orders occurrences by their clause, for std::equal_range.
struct OccurrenceClause {
  bool operator()(const Occurrence& o, uint32_t clause) const { return o.clause < clause; }
  bool operator()(uint32_t clause, const Occurrence& o) const { return clause < o.clause; }
};

}  // namespace lmz::ground
