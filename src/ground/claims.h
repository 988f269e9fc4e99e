// Claims the sources never make: an answer's segments (its clauses, cut at
// punctuation and before the words that open a clause of their own:
// "which", "after", "and"...) whose content words the sources mostly do not
// hold, and that state no figure, date or name the sources do hold. A
// paraphrase keeps its anchor (a supported fact) or most of its words; an
// added clause ("..., a drop later blamed on upstream irrigation") has
// neither.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "ground/check.h"
#include "ground/passage_index.h"

namespace lmz::ground {

// The segments of [begin, end) (a sentence) of `text` that may each be a
// claim of their own.
std::vector<std::pair<uint64_t, uint64_t>> claim_segments(std::string_view text, uint64_t begin, uint64_t end);

// What a segment says and how much of it the sources hold.
struct SegmentContent {
  int content_words = 0;        // words that are neither common nor part of a fact
  int novel_words = 0;          // of them, those no passage holds (nor their stems)
  double novel_weight = 0.0;    // the novel words, each weighted by its specificity
  double content_weight = 0.0;  // all content words, likewise
  int supported_facts = 0;
  int flagged = 0;  // spans already flagged (unsupported, contradicted)
};

// With `index`, a novel word that is a verb the sources state by a WordNet
// synonym counts as held.
SegmentContent segment_content(const std::string& text, const std::vector<SpanVerdict>& spans, uint64_t begin,
                               uint64_t end, const PassageIndex* index = nullptr);

// The answer's unsupported claims, each a verdict of FactKind::kClaim over
// its segment, with the bits of its spans and the passage that best matches
// its sentence. `spans` are the answer's span verdicts, in order.
std::vector<SpanVerdict> unsupported_claims(const std::string& text, const std::vector<SpanVerdict>& spans,
                                            const std::vector<std::pair<uint64_t, uint64_t>>& sentences,
                                            const PassageIndex& index);

// The answer's pairs of nearby content words (each with the next three
// content words of its sentence), and how many of them a source clause
// holds together (a pair with a word the sources lack never is). A
// faithful answer, even in other words, keeps most of the sources' words
// together; a name or a predicate taken from elsewhere in them ("Ahmet
// Davutoglu wrote some of Turkey's best-loved pop songs", where the songs
// were another man's) pairs words the sources state apart.
WordPairs word_pairs(const std::string& text, const std::vector<std::pair<uint64_t, uint64_t>>& sentences,
                     const PassageIndex& index);

}  // namespace lmz::ground
