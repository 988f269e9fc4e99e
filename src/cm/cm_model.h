// The built-in model: a context-mixing byte predictor of the lpaq/paq8 family.
//
// Per bit, the contexts of the level each hold a bit-history state: at
// levels 4-6 (the default 5) six, orders 1, 2, 3 and 5, the current word and
// the current and previous word; at 1-3 four (orders 1-3 and the word); at
// 7-9 eight (orders 1-6 and both word contexts). A StateMap turns each
// state into a probability. A match model adds the prediction of the longest
// recent repeat. A gated mixer with two weight banks (chosen by the partial
// byte and whether a match is running, and by the previous byte) combines the
// stretched probabilities; the banks' outputs are averaged and an APM stage
// by the partial byte refines the result. Everything is integer arithmetic,
// so the model's output is the same on every machine and build.
//
// Before an input of at most 64 KiB the model reads the primer
// (cm/primer.h), so a short English text starts with common words already
// cheap; a longer input learns its language from itself, sooner than the
// primer's fixed cost (about 40 ms) would pay for itself. Primed models copy
// a primed model kept for the process instead of reading the primer again.
//
// The sets are chosen for speed as much as for ratio: each hashed context
// costs two table lookups per byte (bench/results.md has the trade).
#pragma once

#include <array>
#include <cstdint>
#include <memory>

#include "cm/apm.h"
#include "cm/hash_table.h"
#include "cm/match_model.h"
#include "cm/mixer.h"
#include "cm/primer.h"
#include "cm/state_map.h"
#include "model/byte_predictor.h"

namespace lmz::cm {

// Parameters recorded in the archive: the decoder builds the same model.
struct CmParams {
  static constexpr int kMinLevel = 1;
  static constexpr int kMaxLevel = 9;
  static constexpr int kDefaultLevel = 5;
  int level = kDefaultLevel;
  // Bytes the model will see (a chunk's size), 0 if unknown. Not stored in
  // the archive: the decoder knows each chunk's size before decoding it. A
  // small input gets small tables, so a small file is not slowed down by
  // clearing memory it would never use.
  uint64_t input_bytes = 0;
  // Whether the model may read the primer (cm/primer.h) before an input of
  // at most kMaxPrimedInput bytes: from revision 3 of the model on. Revision
  // 2 archives decode unprimed.
  bool primed = true;
  static constexpr uint64_t kMaxPrimedInput = uint64_t{1} << 16;
  // These parameters for an input of `bytes` bytes (a chunk's size).
  CmParams sized_for(uint64_t bytes) const {
    CmParams sized = *this;
    sized.input_bytes = bytes;
    return sized;
  }
  // Whether it does: an input known to be short enough.
  bool reads_primer() const { return primed && input_bytes != 0 && input_bytes <= kMaxPrimedInput; }

  // Contexts in the hash table: 3 at levels 1-3, 5 at 4-6, 7 at 7-9.
  int hashed_contexts() const { return level <= 3 ? 3 : level <= 6 ? 5 : 7; }
  // 16-byte buckets in the context hash table: 2^(level + 15), or four per
  // input byte if that is fewer.
  int hash_bucket_bits() const { return cap_by_input(level + 15, 2); }
  int match_history_bits() const { return cap_by_input(level + 17 > 24 ? 24 : level + 17, 0); }
  // Match index slots: a quarter of the history, or one per input byte.
  int match_table_bits() const { return cap_by_input((level + 17 > 24 ? 24 : level + 17) - 2, 0); }

  bool operator==(const CmParams& other) const {
    return hash_bucket_bits() == other.hash_bucket_bits() && match_history_bits() == other.match_history_bits() &&
           level == other.level && reads_primer() == other.reads_primer();
  }

 private:
  int cap_by_input(int bits, int extra_bits) const {
    if (input_bytes == 0) return bits;
    const uint64_t seen = input_bytes + (reads_primer() ? primer_bytes() : 0);
    int needed = 12;
    while (needed < 40 && (uint64_t{1} << needed) < seen) ++needed;
    needed += extra_bits;
    return needed < bits ? needed : bits;
  }
};

class CmModel final : public BitPredictor {
 public:
  explicit CmModel(const CmParams& params);
  // reads_primer: read the primer rather than copy the process's shared
  // primed model of these parameters; the same state, more slowly.
  CmModel(const CmParams& params, bool reads_primer);
  // The primed model of these parameters that new models copy (null where
  // params.reads_primer() is false).
  static const CmModel* shared_primed_model(const CmParams& params);
  const CmParams& params() const { return params_; }

  uint32_t p() override { return p16_; }
  void update(int bit) override;
  void reset() override;

  // Codes whole bytes; the hot path of the codec (no virtual call per bit).
  template <class BitCoder>
  void code_byte(BitCoder&& code_bit) {
    for (int i = 0; i < 8; ++i) update(code_bit(p16_));
  }

 private:
  static constexpr int kMaxHashed = 7;                  // contexts in the hash table, at most
  static constexpr int kMaxContexts = kMaxHashed + 1;   // and order 1, directly indexed
  static constexpr int kInputs = kMaxContexts + 2 + 1;  // contexts, match model, bias

  void start();  // the state before the first bit, tables aside (after the primer if primed)
  void read_primer();
  // Takes the whole state of a model of the same parameters.
  void copy_state(const CmModel& other);
  using ContextHashes = std::array<uint64_t, kMaxHashed>;

  // The per-bit work, for N hashed contexts (the level's set).
  template <int N>
  void update_with(int bit);
  template <int N>
  void on_byte(uint8_t byte);
  static void advance_words(uint8_t byte, uint32_t& word0, uint32_t& word1);
  template <int N>
  static ContextHashes hash_contexts(uint64_t history, uint32_t word0, uint32_t word1);
  template <int N>
  void prefetch_ahead();
  template <int N>
  void find_buckets();
  template <int N>
  void predict();
  template <int N>
  void start_with();

  CmParams params_;
  int hashed_;  // params_.hashed_contexts()
  HashTable table_;
  std::unique_ptr<uint8_t[]> order1_;  // (256 * 256) states by previous byte, partial byte
  std::array<uint8_t*, kMaxHashed> buckets_{};
  std::array<uint8_t*, kMaxContexts> states_{};
  ContextHashes context_hashes_{};
  std::array<ContextHashes, 4> next_hashes_{};  // after each end of this byte: next_prefix_, 2 bits
  int next_prefix_ = -1;
  StateMap maps_;                                      // (kMaxContexts, 256): one map per context over its states
  std::array<int, kMaxContexts> seen_states_{};        // the states predict() read
  std::array<int32_t, kMaxContexts> map_indices_{};    // their entries' places in maps_
  std::array<uint32_t, kMaxContexts> seen_entries_{};  // and the entries as predict() read them
  MatchModel match_;
  Mixer<kInputs, 2> mixer_;  // banks chosen by: partial byte and match, previous byte
  const StateTable& state_table_;
  Apm apm_order0_;
  bool reads_primer_;  // rather than copying shared_primed_model()

  uint32_t c0_ = 1;  // partial byte with a leading 1
  int bit_position_ = 0;
  uint64_t history_ = 0;  // last 8 bytes, most recent in the low byte
  uint32_t bytes_seen_ = 0;
  int mixer_rate_ = 3;  // in eighths; falls as the mixer settles
  uint32_t word0_ = 0;  // hash of the current word
  uint32_t word1_ = 0;  // hash of the previous word
  uint32_t p16_ = 1u << 15;
};

}  // namespace lmz::cm
