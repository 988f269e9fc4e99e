// The mixed coding of a token model's symbols: each symbol is coded as its
// bytes, most significant bit first, with an end decision after each byte
// (and, where several symbols have the same bytes, a choice among them). The
// token model's probability of each decision is exact: the total weight of
// the symbols that continue the way it goes against the total weight of those
// that share the prefix (mix/symbol_order.h keeps them in runs), so coding
// every decision with it alone costs the symbol's -log2 p. A decision with
// one way only is not coded.
//
// Each coded decision's probability is mixed in the logistic domain, as the
// built-in model mixes its own contexts, from:
//   - the token model's probability, and two SSE stages that refine it by
//     the decision's order-0 and order-1 context below;
//   - the built-in model's (cm/cm_model.h), for the bits of the bytes: it
//     reads the symbols' bytes as one byte stream and learns the document as
//     it goes (names that recur, markup, long repeats);
//   - four adaptive tables of this document's decisions, by the decision and
//     the bytes of the symbol so far, and after it the last 0, 1, 2 or 3
//     symbols: a token n-gram model of orders 0 to 3, hashed, with counts
//     (order 0 learns which tokens the token model under- or over-predicts
//     in this text);
//   - a token match model: after the last two symbols recur, the symbol that
//     followed them then, as long as the repeat goes on;
// by a gated mixer with three banks (by the decision's kind and place; by the
// token model's and the built-in model's confidence; by the repeat's length
// and the bit it expects), then an APM stage by the decision. All of it is
// integer arithmetic, so the decoder repeats it exactly on any machine.
//
// A decision the token model is all but sure of (the other way under 2^-10)
// is past what the mixer's 12-bit domain can say: revision 2 codes it with
// the token model's own probability in 16 bits, untouched by the mixer, as
// long as the model has been right on the last 16,384 such decisions (a
// document it does not know, where its certainties fail, goes back to the
// mixer after a single miss). Revision 1 mixed them too, and started the two
// models at half weight each where revision 2 starts them at 5/8 and 1/4.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "cm/apm.h"
#include "cm/cm_model.h"
#include "cm/mixer.h"
#include "mix/symbol_order.h"

namespace lmz::mix {

// Codes one binary decision: the encoder codes `truth` and returns it; the
// decoder decodes and returns the bit. p1 is the probability of a 1 in 2^-16.
class DecisionCoder {
 public:
  virtual ~DecisionCoder() = default;
  virtual int code(uint32_t p1, int truth) = 0;
};

// Codes nothing: for measuring what each symbol would cost (lmz map).
class MeasuringDecisions final : public DecisionCoder {
 public:
  int code(uint32_t, int truth) override { return truth; }
};

// The mixed coding's revisions (docs/FORMAT.md, mode bit 4): the first, and
// the one that codes the token model's certain decisions alone (the current).
enum class Revision : uint8_t { kFirst = 1, kCertainAlone = 2 };
inline constexpr Revision kRevision = Revision::kCertainAlone;

class MixedTokenCoder {
 public:
  // input_bytes: the chunk's size, which sizes the built-in model and the tables.
  MixedTokenCoder(const SymbolOrder& order, const cm::CmParams& cm, uint64_t input_bytes,
                  Revision revision = kRevision);

  // Codes the next symbol with the token model's weights for it (indexed by
  // symbol, none zero for a symbol with bytes): the encoder passes the
  // symbol's rank in the order, the decoder SymbolOrder::kNone. Returns the symbol.
  uint32_t code(const uint64_t* weights, DecisionCoder& coder, size_t truth_rank);

  // Sum of -log2 p of the coded decisions: as mixed, and under the token
  // model alone (the coded symbols' -log2 p among the symbols with bytes);
  // summed where the symbol is given (encoding, measuring), not decoding.
  double mixed_bits() const { return mixed_bits_; }
  double model_bits() const { return model_bits_; }
  // The last symbol's share of each.
  double last_mixed_bits() const { return last_mixed_bits_; }
  double last_model_bits() const { return last_model_bits_; }

 private:
  enum Kind : int { kByteBit = 0, kEnd = 1, kSame = 2 };
  static constexpr int kInputs = 10;  // token model, built-in model, orders 0-3, match, bias
  static constexpr int kBanks = 3;
  static constexpr int kMatchOrder = 2;  // symbols a repeat must share before it predicts
  static constexpr int kOrders = 4;

  // Codes one decision whose token-model weights are w1 (a 1) and w0.
  // Codes one decision at `index` (0..15) of the current lines; expect: the
  // bit the repeat predicts, -1 for none.
  int decide(Kind kind, int place, int index, uint64_t w1, uint64_t w0, DecisionCoder& coder, int truth, int expect);
  // Picks each order's line of 16 entries for the decisions keyed by `key`
  // after the symbol's bytes so far (a byte's end decision and first four
  // bits share a line, its last four bits another, by the first four).
  void select_lines(uint64_t key);
  uint64_t weight(size_t lo, size_t hi) const { return cum_[hi] - cum_[lo]; }
  // Codes a decision with p1 (of a 1, in 2^-16) and, measuring, adds its cost.
  int code_bit(DecisionCoder& coder, uint32_t p1, int truth);
  // After a certain decision (revision 2): whether the token model's likelier side won.
  void count_certain(bool won) { certain_run_ = won ? std::min(certain_run_ + 1, kTrustedRun) : 0; }
  // Appends the coded symbol to the history and follows or finds a repeat.
  void push(uint32_t symbol);
  // The bit the repeat's next symbol would give this decision: -1 when no
  // repeat runs or it left [lo, hi).
  int expected(size_t lo, size_t hi, size_t split, bool below) const;

  const SymbolOrder& order_;
  std::unique_ptr<cm::CmModel> cm_;
  std::vector<uint64_t> cum_;  // (size + 1) prefix sums of the weights in the order
  // (kOrders << table_bits_) entries: 22-bit probability, 10-bit count; in
  // lines of 16, 64-byte aligned, so a byte's decisions touch two lines per order.
  std::unique_ptr<uint32_t[], void (*)(void*)> tables_{nullptr, nullptr};
  int table_bits_;
  std::array<uint64_t, kOrders> context_hashes_{};  // of the last 0-3 symbols
  std::array<size_t, kOrders> lines_{};             // the current line of each order
  cm::Mixer<kInputs, kBanks> mixer_;
  cm::Apm apm_;
  cm::Apm sse0_{4096, 6};
  cm::Apm sse1_{4096, 6};
  std::array<uint32_t, 3> history_{};  // the last three symbols, most recent first
  // Token match model: the symbols so far, where each pair of symbols was
  // last followed (hashed), the repeat being followed and its length.
  std::vector<uint32_t> symbols_;
  std::vector<uint32_t> last_seen_;
  size_t match_ptr_ = 0;
  uint32_t match_length_ = 0;
  size_t match_rank_ = SymbolOrder::kNone;  // the repeat's next symbol in the order
  std::array<uint32_t, 64> match_hits_{};   // by length and expected bit: 22-bit p of "as expected", count
  uint64_t prefix_hash_ = 0;                // of the current symbol's bytes so far
  std::array<size_t, kOrders> slots_{};
  uint64_t decisions_ = 0;
  // Revision 2: near-certain decisions the token model has got right in a
  // row (at most kTrustedRun); it codes them alone from kTrustedRun on.
  static constexpr uint32_t kTrustedRun = 16384;
  bool trusts_certain_;
  uint32_t certain_run_ = kTrustedRun;
  double mixed_bits_ = 0.0;
  double model_bits_ = 0.0;
  double last_mixed_bits_ = 0.0;
  double last_model_bits_ = 0.0;
  bool measuring_ = false;
};

}  // namespace lmz::mix
