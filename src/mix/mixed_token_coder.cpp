#include "mix/mixed_token_coder.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <new>

#include "cm/logistic.h"
#include "core/hash_mix.h"

namespace lmz::mix {
namespace {

constexpr int kByteContexts = 32;                                 // bank 0: depth 0-3 by bit
constexpr int kEndContexts = 8;                                   // then the end decision by depth 1-8
constexpr int kPlaceContexts = kByteContexts + kEndContexts + 1;  // and the choice among equal bytes
constexpr int kConfidenceContexts = 8 * 8;  // bank 1: the token model's stretch by the built-in model's
constexpr int kMatchContexts = 64;          // bank 2: the repeat's length by its expected bit
constexpr int kTableLimit = 255;
constexpr int kMatchIndexBits = 16;
constexpr int kMinTableBits = 12;
constexpr int kMaxTableBits = 22;
constexpr int kCertainBits = 10;  // revision 2: "all but sure" is the other way under 2^-10

// Entries per order: about two per decision the chunk will code (some ten per byte).
int table_bits_for(uint64_t input_bytes) {
  int bits = kMinTableBits;
  while (bits < kMaxTableBits && (uint64_t{1} << bits) < input_bytes * 16) ++bits;
  return bits;
}

// 2^13 / (n + 1.5), as the built-in model's state maps adapt.
constexpr std::array<int, kTableLimit + 1> kRates = [] {
  std::array<int, kTableLimit + 1> r{};
  for (int i = 0; i <= kTableLimit; ++i) r[i] = 16384 / (i + i + 3);
  return r;
}();

void train(uint32_t& e, int bit) {
  const int n = static_cast<int>(e & 1023);
  const int32_t p22 = static_cast<int32_t>(e >> 10);
  const int32_t target = -bit & ((1 << 22) - 1);
  const int32_t next = p22 + ((((target - p22) >> 4) * kRates[n]) >> 9);
  e = static_cast<uint32_t>(next) << 10 | static_cast<uint32_t>(n < kTableLimit ? n + 1 : n);
}

}  // namespace

MixedTokenCoder::MixedTokenCoder(const SymbolOrder& order, const cm::CmParams& cm, uint64_t input_bytes,
                                 Revision revision)
    : order_(order),
      cm_(std::make_unique<cm::CmModel>(cm.sized_for(input_bytes))),
      cum_(order.size() + 1, 0),
      table_bits_(table_bits_for(input_bytes)),
      mixer_({kPlaceContexts, kConfidenceContexts, kMatchContexts}, 0),
      apm_(kPlaceContexts, 7),
      trusts_certain_(revision == Revision::kCertainAlone) {
  const size_t entries = size_t{kOrders} << table_bits_;
  tables_ = {static_cast<uint32_t*>(std::aligned_alloc(64, entries * sizeof(uint32_t))), std::free};
  if (!tables_) throw std::bad_alloc();
  std::fill(tables_.get(), tables_.get() + entries, 1u << 31);
  last_seen_.assign(size_t{1} << std::min(kMatchIndexBits, table_bits_), 0);
  match_hits_.fill(1u << 31);
  // The two models start at 5/8 and 1/4 (revision 1: half each), so a short
  // text the token model does not know costs little before the mixer learns
  // it, and one it knows little more than alone; the document's own tables
  // start at zero and earn their weights.
  constexpr int kOne = cm::Mixer<kInputs, kBanks>::kWeightOne;
  mixer_.set_initial_weight(0, trusts_certain_ ? kOne * 5 / 8 : kOne / 2);
  mixer_.set_initial_weight(1, trusts_certain_ ? kOne / 4 : kOne / 2);
}

uint32_t MixedTokenCoder::code(const uint64_t* weights, DecisionCoder& coder, size_t truth_rank) {
  const size_t n = order_.size();
  for (size_t k = 0; k < n; ++k) cum_[k + 1] = cum_[k] + weights[order_.symbol(k)];
  const bool encoding = truth_rank != SymbolOrder::kNone;
  measuring_ = encoding;  // a decoder has no use for the code lengths
  last_model_bits_ = 0.0;
  if (encoding) {
    last_model_bits_ =
        std::log2(static_cast<double>(cum_[n])) - std::log2(static_cast<double>(weights[order_.symbol(truth_rank)]));
    model_bits_ += last_model_bits_;
  }
  const double mixed_before = mixed_bits_;
  size_t lo = 0;
  size_t hi = n;
  prefix_hash_ = 0;
  context_hashes_[0] = 0x5bd1e995u;
  for (int o = 1; o < kOrders; ++o) context_hashes_[o] = mix64(context_hashes_[o - 1] + history_[o - 1] + 1);
  for (size_t depth = 0;; ++depth) {
    select_lines(depth << 16);
    if (depth > 0) {
      const size_t ends = order_.end_of_length(lo, hi, depth);
      if (ends > lo) {
        const int place = static_cast<int>(std::min<size_t>(depth, kEndContexts) - 1);
        const int end = ends == hi ? 1
                                   : decide(kEnd, place, 0, weight(lo, ends), weight(ends, hi), coder,
                                            encoding && truth_rank < ends, expected(lo, hi, ends, true));
        if (end != 0) {
          size_t k = lo;
          // Symbols with these same bytes: one after another, each against the rest.
          for (; k + 1 < ends; ++k) {
            const size_t index = k - lo;
            if (index % 16 == 0) select_lines(depth << 16 | 0x8000 | index);
            if (decide(kSame, 0, static_cast<int>(index % 16), weight(k, k + 1), weight(k + 1, ends), coder,
                       encoding && truth_rank == k,
                       match_rank_ == SymbolOrder::kNone || match_rank_ < k || match_rank_ >= ends
                           ? -1
                           : match_rank_ == k)) {
              break;
            }
          }
          push(order_.symbol(k));
          last_mixed_bits_ = mixed_bits_ - mixed_before;
          return order_.symbol(k);
        }
        lo = ends;
      }
    }
    uint32_t c = 1;  // the byte's bits so far, after a leading 1
    for (int j = 0; j < 8; ++j) {
      if (j == 4) select_lines(depth << 16 | 0x4000 | c);
      // The node within the line: c for the first four bits, then c less its first four.
      const int index = j < 4 ? static_cast<int>(c) : static_cast<int>((1u << (j - 4)) | (c & ((1u << (j - 4)) - 1)));
      const int split = static_cast<int>(((c << 1 | 1) << (7 - j)) & 0xff);
      const size_t mid = order_.first_byte_at_least(lo, hi, depth, split);
      int bit;
      if (mid == lo) {
        bit = 1;
      } else if (mid == hi) {
        bit = 0;
      } else {
        const int place = static_cast<int>(std::min<size_t>(depth, 3)) * 8 + j;
        bit = decide(kByteBit, place, index, weight(mid, hi), weight(lo, mid), coder, encoding && truth_rank >= mid,
                     expected(lo, hi, mid, false));
      }
      cm_->update(bit);
      if (bit != 0)
        lo = mid;
      else
        hi = mid;
      c = c << 1 | static_cast<uint32_t>(bit);
    }
    prefix_hash_ = mix64(prefix_hash_ + (c & 0xff) + 1);
  }
}

int MixedTokenCoder::expected(size_t lo, size_t hi, size_t split, bool below) const {
  if (match_rank_ == SymbolOrder::kNone || match_rank_ < lo || match_rank_ >= hi) return -1;
  return below ? match_rank_ < split : match_rank_ >= split;
}

void MixedTokenCoder::push(uint32_t symbol) {
  history_ = {symbol, history_[0], history_[1]};
  if (match_length_ > 0 && symbols_[match_ptr_] == symbol) {
    ++match_ptr_;
    ++match_length_;
  } else {
    match_length_ = 0;
  }
  symbols_.push_back(symbol);
  if (symbols_.size() >= kMatchOrder) {
    const size_t slot = static_cast<size_t>(mix64(uint64_t{history_[0]} << 32 | history_[1]) & (last_seen_.size() - 1));
    if (match_length_ == 0 && last_seen_[slot] != 0) {
      match_ptr_ = last_seen_[slot];
      match_length_ = 1;
    }
    last_seen_[slot] = static_cast<uint32_t>(symbols_.size());
  }
  match_rank_ = match_length_ > 0 ? order_.rank(symbols_[match_ptr_]) : SymbolOrder::kNone;
}

void MixedTokenCoder::select_lines(uint64_t key) {
  const size_t line_mask = (size_t{1} << (table_bits_ - 4)) - 1;
  const uint64_t here = mix64(prefix_hash_ ^ key);
  for (int o = 0; o < kOrders; ++o) {
    const size_t line = static_cast<size_t>(mix64(context_hashes_[o] ^ here) >> 20) & line_mask;
    lines_[o] = (static_cast<size_t>(o) << table_bits_) | (line << 4);
    __builtin_prefetch(&tables_[lines_[o]]);
  }
}

int MixedTokenCoder::code_bit(DecisionCoder& coder, uint32_t p1, int truth) {
  const int bit = coder.code(p1, truth);
  if (measuring_) mixed_bits_ -= std::log2(bit != 0 ? p1 / 65536.0 : 1.0 - p1 / 65536.0);
  return bit;
}

int MixedTokenCoder::decide(Kind kind, int place, int index, uint64_t w1, uint64_t w0, DecisionCoder& coder, int truth,
                            int expect) {
  const uint64_t w = w1 + w0;
  const bool certain = trusts_certain_ && static_cast<unsigned __int128>(std::min(w1, w0)) << kCertainBits < w;
  if (certain && certain_run_ >= kTrustedRun) {
    const auto p16 = static_cast<uint32_t>(
        std::clamp<uint64_t>(static_cast<uint64_t>((static_cast<unsigned __int128>(w1) << 16) / w), 1, 65535));
    const int bit = code_bit(coder, p16, truth);
    count_certain((bit != 0) == (w1 > w0));
    return bit;
  }
  const auto scaled = static_cast<uint64_t>((static_cast<unsigned __int128>(w1) * 4096 + w / 2) / w);
  const int p_model = static_cast<int>(std::clamp<uint64_t>(scaled, 1, 4095));
  const int st_model = cm::stretch(p_model);
  mixer_.set_input(0, st_model);
  const int st_cm = kind == kByteBit ? cm::stretch(static_cast<int>(cm_->p() >> 4)) : 0;
  mixer_.set_input(1, st_cm);

  for (int o = 0; o < kOrders; ++o) {
    slots_[o] = lines_[o] + static_cast<size_t>(index);
    mixer_.set_input(2 + o, cm::stretch(static_cast<int>(tables_[slots_[o]] >> 20)));
  }
  int match_context = 0;
  uint32_t* hits = nullptr;
  if (expect >= 0) {
    match_context = 2 * static_cast<int>(std::min<uint32_t>(match_length_, 31)) + expect;
    hits = &match_hits_[match_context];
    const int st = cm::stretch(static_cast<int>(*hits >> 20));
    mixer_.set_input(6, expect != 0 ? st : -st);
  } else {
    mixer_.set_input(6, 0);
  }
  mixer_.set_input(7, 256);
  const int sse0 = sse0_.p(st_model, static_cast<int>(slots_[0] & 4095));
  const int sse1 = sse1_.p(st_model, static_cast<int>(slots_[1] & 4095));
  mixer_.set_input(8, cm::stretch(sse0 >> 4));
  mixer_.set_input(9, cm::stretch(sse1 >> 4));

  const int place_context = kind == kByteBit ? place : kind == kEnd ? kByteContexts + place : kPlaceContexts - 1;
  mixer_.set_context(0, place_context);
  mixer_.set_context(1, ((st_model + 2048) >> 9) * 8 + ((st_cm + 2048) >> 9));
  mixer_.set_context(2, match_context);
  mixer_.mix();
  const int st = (mixer_.output(0) + mixer_.output(1) + mixer_.output(2)) / 3;
  const int p_mix = cm::squash_fast(st) * 16 + 8;
  const int p_apm = apm_.p(st, place_context);
  const int p = std::clamp((p_mix + 3 * p_apm) >> 2, 16, 65536 - 16);

  const int bit = code_bit(coder, static_cast<uint32_t>(p), truth);
  if (certain) count_certain((bit != 0) == (w1 > w0));
  const int rate = 3 + static_cast<int>(12 * 8192 / (8192 + decisions_));
  mixer_.update(bit, rate);
  apm_.update(bit);
  sse0_.update(bit);
  sse1_.update(bit);
  for (int o = 0; o < kOrders; ++o) train(tables_[slots_[o]], bit);
  if (hits != nullptr) train(*hits, bit == expect);
  ++decisions_;
  return bit;
}

}  // namespace lmz::mix
