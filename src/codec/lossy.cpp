#include "codec/lossy.h"

#include <algorithm>
#include <cmath>

#include "coder/binary_coder.h"

namespace lmz::codec {
namespace {

// Bytes after an alteration over which its damage to the closed loop is
// counted: the model's contexts forget a wrong byte within a few words.
constexpr size_t kDamageBytes = 32;
// Codings of a chunk at most: one lossless, then lossy ones, each refusing
// the alterations that cost the one before more than they saved.
constexpr int kPasses = 4;

struct Pass {
  LossyChunk chunk;
  std::vector<double> prices;  // by input byte: the price its decision was held to
};

// Letters, digits and UTF-8 bytes: what a word or a number is made of.
bool word_byte(uint8_t c) {
  return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') || c >= 128;
}

// For each byte of a word: where the word ends (0 for a byte outside any
// word), and what its bytes after this one cost the lossless coding. Found
// once per chunk, in linear time. A run of letters and digits longer than
// kMaxWordBytes (a hash, a hex dump) is no word: its bytes are altered one
// at a time, never skipped wholesale.
constexpr size_t kMaxWordBytes = 32;

struct WordRuns {
  std::vector<size_t> end;
  std::vector<double> rest;
};

WordRuns word_runs(ByteSpan input, const std::vector<double>& lossless_bits) {
  WordRuns runs;
  runs.end.assign(input.size(), 0);
  runs.rest.assign(input.size(), 0.0);
  for (size_t i = input.size(); i-- > 0;) {
    if (!word_byte(input[i])) continue;
    const bool last = i + 1 == input.size() || !word_byte(input[i + 1]);
    runs.end[i] = last ? i + 1 : runs.end[i + 1];
    runs.rest[i] = last ? 0.0 : lossless_bits[i + 1] + runs.rest[i + 1];
  }
  for (size_t i = 0; i < input.size();) {
    const size_t end = runs.end[i];
    if (end == 0) {
      ++i;
      continue;
    }
    if (end - i > kMaxWordBytes) std::fill(runs.end.begin() + i, runs.end.begin() + end, 0);
    i = end;
  }
  return runs;
}

// Codes one byte with the model, every bit the likelier one; returns it.
uint8_t code_guess(cm::CmModel& model, BinaryEncoder& encoder, double& bits) {
  int value = 0;
  model.code_byte([&](uint32_t p1) {
    const int bit = p1 >= kProbOne / 2 ? 1 : 0;
    encoder.encode(bit, p1);
    bits -= std::log2((bit ? p1 : kProbOne - p1) / static_cast<double>(kProbOne));
    value = (value << 1) | bit;
    return bit;
  });
  return static_cast<uint8_t>(value);
}

// One closed-loop coding. A byte leaves the text when, at a bit where it
// differs from the model's likelier one, following the model would save over
// the price: that bit's excess plus, inside a word, what the rest of the word
// cost the lossless coding (the model finishes the word instead). Refused
// bytes are kept.
Pass code_pass(cm::CmModel& model, ByteSpan input, double lambda, const std::vector<bool>& refused,
               const WordRuns& words) {
  Pass pass;
  LossyChunk& out = pass.chunk;
  out.payload.reserve(input.size() / 3 + 16);
  out.reconstruction.reserve(input.size() + 64);
  pass.prices.assign(input.size(), INFINITY);
  BinaryEncoder encoder(out.payload);
  AlterationWindow window;
  size_t i = 0;
  while (i < input.size()) {
    const uint8_t byte = input[i];
    const bool in_word = words.end[i] != 0;
    const size_t word_end = in_word ? words.end[i] : i + 1;
    const double rest = in_word ? words.rest[i] : 0.0;
    const double price = refused[i] ? INFINITY : window.price(lambda);
    pass.prices[i] = price;
    bool altered = false;
    double bits = 0.0;
    int value = 0;
    int shift = 7;
    const uint64_t out_begin = out.reconstruction.size();
    model.code_byte([&](uint32_t p1) {
      const int true_bit = (byte >> shift--) & 1;
      const int likely = p1 >= kProbOne / 2 ? 1 : 0;
      int bit = true_bit;
      if (altered) {
        bit = likely;
      } else if (true_bit != likely) {
        // Coding the true bit costs log2(p_likely / p_true) bits more than following the model.
        const double p_likely = (likely ? p1 : kProbOne - p1) / static_cast<double>(kProbOne);
        if (std::log2(p_likely / (1.0 - p_likely)) + rest > price) {
          bit = likely;
          altered = true;
        }
      }
      encoder.encode(bit, p1);
      bits -= std::log2((bit ? p1 : kProbOne - p1) / static_cast<double>(kProbOne));
      value = (value << 1) | bit;
      return bit;
    });
    uint8_t last = static_cast<uint8_t>(value);
    out.reconstruction.push_back(last);
    window.push(altered);
    if (!altered || !in_word) {
      out.tokens.push_back({i, i + 1, out_begin, out_begin + 1, altered, bits});
      ++i;
      continue;
    }
    // The model finishes the word: its likelier bytes until one ends a word,
    // at most 8 more than the original had left and 32 in all.
    const size_t begin = i;
    bool ended = !word_byte(last);
    double word_bits = ended ? 0.0 : bits;
    double end_bits = ended ? bits : 0.0;
    const size_t limit = std::min<size_t>(32, word_end - i + 8);
    for (size_t made = 1; !ended && made < limit; ++made) {
      double guess_bits = 0.0;
      last = code_guess(model, encoder, guess_bits);
      out.reconstruction.push_back(last);
      ended = !word_byte(last);
      (ended ? end_bits : word_bits) += guess_bits;
    }
    i = word_end;
    const uint64_t out_end = out.reconstruction.size() - (ended ? 1 : 0);
    if (ended && i < input.size()) {
      // The byte that ended the guessed word stands for the one that ended the original.
      out.tokens.push_back({begin, i, out_begin, out_end, true, word_bits});
      const bool differs = last != input[i];
      out.tokens.push_back({i, i + 1, out_end, out_end + 1, differs, end_bits});
      window.push(differs);
      ++i;
    } else {
      out.tokens.push_back({begin, i, out_begin, out.reconstruction.size(), true, word_bits + end_bits});
    }
  }
  encoder.flush();
  return pass;
}

// Refuses each alteration whose saving, less what the bytes after it cost
// over their lossless cost, does not pay its price. Returns whether any was.
bool refuse_unprofitable(const Pass& pass, const std::vector<double>& lossless_bits, std::vector<bool>& refused) {
  const std::vector<LossyToken>& tokens = pass.chunk.tokens;
  const auto lossless = [&](const LossyToken& t) {
    double sum = 0.0;
    for (uint64_t k = t.begin; k < t.end; ++k) sum += lossless_bits[k];
    return sum;
  };
  bool changed = false;
  for (size_t i = 0; i < tokens.size(); ++i) {
    if (!tokens[i].altered || refused[tokens[i].begin]) continue;
    double net = lossless(tokens[i]) - tokens[i].bits;
    for (size_t j = i + 1; j < tokens.size() && tokens[j].begin <= tokens[i].end + kDamageBytes && !tokens[j].altered;
         ++j) {
      net -= tokens[j].bits - lossless(tokens[j]);
    }
    if (net < pass.prices[tokens[i].begin]) {
      refused[tokens[i].begin] = true;
      changed = true;
    }
  }
  return changed;
}

// Reports tokens as the words they belong to: a word of the input is one
// token, altered if any of its bytes was; other bytes stay one token each.
std::vector<LossyToken> word_tokens(const std::vector<LossyToken>& bytes, const WordRuns& runs) {
  std::vector<LossyToken> words;
  words.reserve(bytes.size() / 3 + 1);
  for (const LossyToken& t : bytes) {
    const bool continues = !words.empty() && words.back().end == t.begin && t.begin > 0 && t.begin < runs.end.size() &&
                           runs.end[t.begin] != 0 && runs.end[t.begin - 1] == runs.end[t.begin];
    if (!continues) {
      words.push_back(t);
      continue;
    }
    LossyToken& w = words.back();
    w.end = t.end;
    w.out_end = t.out_end;
    w.altered = w.altered || t.altered;
    w.bits += t.bits;
  }
  return words;
}

}  // namespace

double lambda_for_quality(int quality) {
  if (quality >= kMaxQuality) return INFINITY;
  return std::exp2((quality - 1) / 16.0) - 1.0;
}

LossyChunk cm_encode_lossy(cm::CmModel& model, ByteSpan input, double lambda) {
  std::vector<bool> refused(input.size(), true);
  std::vector<double> lossless_bits(input.size(), 0.0);
  const Pass lossless = code_pass(model, input, lambda, refused, word_runs(input, lossless_bits));
  for (const LossyToken& t : lossless.chunk.tokens) lossless_bits[t.begin] = t.bits;
  refused.assign(input.size(), false);
  const WordRuns words = word_runs(input, lossless_bits);
  for (int p = 1;; ++p) {
    model.reset();
    Pass pass = code_pass(model, input, lambda, refused, words);
    if (p + 1 == kPasses || !refuse_unprofitable(pass, lossless_bits, refused)) {
      pass.chunk.tokens = word_tokens(pass.chunk.tokens, words);
      return std::move(pass.chunk);
    }
  }
}

}  // namespace lmz::codec
