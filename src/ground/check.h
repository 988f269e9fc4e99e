// lmz check: which parts of an answer its sources cannot explain.
//
// The answer is scored twice: after the model has read only the question,
// and after it has read the sources too (passages ordered so the most
// relevant come last, nearest the answer). The bits the sources save on a
// span are the support they give it. Each span then gets a verdict:
//
//   number, date, name   supported when one passage holds all of its
//                        normalised keys (facts.h), unless (numbers) the
//                        sources state it only in another unit of its
//                        dimension, or (numbers and dates) another fact of
//                        its kind and sort sits among source words that
//                        match the answer's words around it far better
//                        than any occurrence of its own (then contradicted:
//                        the sources put that one here). Not found: contradicted
//                        when a source name shares some of its words (a
//                        misspelt name), when such a fact exists, or when
//                        the passage that best matches its sentence states a
//                        fact of its kind; otherwise unsupported.
//   a pronoun opening    he, she, they, him, her, them, his, their... as the
//   the answer           answer's first word, with no question to refer
//                        to: unresolved (who is meant is nowhere in the
//                        answer; reported, not flagged). "It" is left alone
//                        ("It is estimated...").
//                        A supported name or date that the sources state
//                        only beside other words, while they put the
//                        answer's word beside it next to another fact of
//                        its kind ("born in York" for "born in Leeds"), is
//                        contradicted, with that word as its relation.
//   other words, code    supported when a passage holds the word or its
//                        stem; novel otherwise (reported with its bits, not
//                        flagged: a paraphrase is not an error); a past-tense
//                        verb the sources use only in clauses unrelated to
//                        the answer's is unsupported (a predicate from
//                        elsewhere)
//   common words, punctuation and space carry no claim (verdict none)
//
// Besides the spans, clauses whose content the sources do not hold are
// unsupported claims (claims.h).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "analysis/bit_map.h"
#include "ground/facts.h"

namespace lmz::llm {
class LlamaModel;
}

namespace lmz::ground {

struct SourcePassage {
  std::string path;
  uint64_t begin = 0;  // byte offsets into the source file
  uint64_t end = 0;
  std::string text;
};

enum class Verdict : uint8_t { kNone, kSupported, kUnsupported, kContradicted, kNovel, kUnresolved };
const char* verdict_name(Verdict v);

struct CheckOptions {
  std::string question;
  int level = 5;                           // the built-in model's level
  const llm::LlamaModel* model = nullptr;  // a GGUF model, mixed with the built-in one; null: built-in only
  uint32_t n_ctx = 0;                      // the GGUF model's window
  int threads = 1;
};

struct SpanVerdict {
  analysis::Span span;
  uint64_t cp_begin = 0;  // code-point offsets into the answer
  uint64_t cp_end = 0;
  double bits_without = 0.0;
  double bits_with = 0.0;
  Verdict verdict = Verdict::kNone;
  FactKind fact = FactKind::kNone;
  std::string value;            // a fact's normalised form
  int passage = -1;             // the passage that explains it best (index into CheckResult::passages), -1: none
  std::string source_value;     // contradicted: the fact of the same kind the passage holds there
  std::string relation;         // the answer's word next to it that the sources never state with it ("born")
  uint64_t relation_begin = 0;  // where that word lies in the answer (bytes)
  uint64_t relation_end = 0;
  int novel_words = 0;    // a claim: its content words that no passage holds
  int content_words = 0;  // a claim: its content words
};

// Pairs of nearby content words of an answer, and of those, the pairs a
// source clause holds together (claims.h).
struct WordPairs {
  uint64_t all = 0;
  uint64_t together = 0;
};

struct CheckResult {
  std::string answer;
  std::string model;
  std::vector<SourcePassage> passages;
  std::vector<SpanVerdict> spans;   // covering the answer, in order
  std::vector<SpanVerdict> claims;  // unsupported claims (FactKind::kClaim), in order, each over several spans
  double bits_without = 0.0;
  double bits_with = 0.0;
  double unsupported_bits = 0.0;  // bits (with sources) of unsupported and contradicted spans and claims
  uint64_t supported = 0;
  uint64_t unsupported = 0;
  uint64_t contradicted = 0;
  uint64_t novel = 0;
  uint64_t unresolved = 0;
  WordPairs word_pairs;  // claims.h
  double unsupported_bits_per_byte() const {
    return answer.empty() ? 0.0 : unsupported_bits / static_cast<double>(answer.size());
  }
};

// Byte ranges of the answer's sentences (ends at . ! ? followed by space, or a line break).
std::vector<std::pair<uint64_t, uint64_t>> sentences_of(std::string_view text);

CheckResult check_answer(std::string answer, std::vector<SourcePassage> passages, const CheckOptions& options);

}  // namespace lmz::ground
