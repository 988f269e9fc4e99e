#include "cm/cm_model.h"

#include <cstring>
#include <map>
#include <mutex>
#include <stdexcept>
#include <string>

#include "core/hash_mix.h"

namespace lmz::cm {
namespace {

uint32_t nibble_hash(uint64_t context_hash, uint32_t c0) {
  uint32_t h = static_cast<uint32_t>(context_hash >> 32) ^ (c0 * 0x9e3779b1u);
  h = (h ^ (h >> 15)) * 0x2c1b3c6du;
  return h ^ (h >> 12);
}

// The mixer's step size in eighths after `bytes` bytes: 27/8 at first, then
// falling toward 3/8, its best settled value on text.
int mixer_rate(uint32_t bytes) {
  return 3 + static_cast<int>(24 * 1024 / (1024 + uint64_t{bytes}));
}

bool is_word_byte(uint8_t c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 128;
}

}  // namespace

CmModel::CmModel(const CmParams& params) : CmModel(params, false) {}

CmModel::CmModel(const CmParams& params, bool reads_primer)
    : params_(params),
      hashed_(params.hashed_contexts()),
      table_(params.hash_bucket_bits()),
      order1_(new uint8_t[65536]),
      maps_(kMaxContexts * 256, 1023),
      match_(params.match_history_bits(), params.match_table_bits()),
      mixer_({2 * 256, 256}, decltype(mixer_)::kWeightOne / 4),
      state_table_(StateTable::get()),
      apm_order0_(256, 7),
      reads_primer_(reads_primer) {
  // The hash table is mapped zeroed and the other parts construct cleared,
  // so, unlike reset(), only order 1 and the state maps need setting here.
  std::memset(order1_.get(), 0, 65536);
  maps_.reset_from_states();
  start();
}

void CmModel::reset() {
  // A primed model's whole state is the shared primed model's: copied over
  // this one's, with nothing to clear first.
  const CmModel* primed = params_.reads_primer() && !reads_primer_ ? shared_primed_model(params_) : nullptr;
  if (primed) return copy_state(*primed);
  table_.reset();
  std::memset(order1_.get(), 0, 65536);
  maps_.reset_from_states();
  match_.reset();
  mixer_.reset();
  apm_order0_.reset();
  start();
}

void CmModel::start() {
  c0_ = 1;
  bit_position_ = 0;
  history_ = 0;
  bytes_seen_ = 0;
  mixer_rate_ = mixer_rate(0);
  word0_ = word1_ = 0;
  next_prefix_ = -1;
  switch (hashed_) {
    case 3:
      start_with<3>();
      break;
    case 5:
      start_with<5>();
      break;
    case 7:
      start_with<7>();
      break;
    default:
      throw std::logic_error("no context set of " + std::to_string(hashed_) + " hashed contexts");
  }
  if (!params_.reads_primer()) return;
  const CmModel* primed = reads_primer_ ? nullptr : shared_primed_model(params_);
  if (primed) {
    copy_state(*primed);
  } else {
    read_primer();
  }
}

// Primed models, kept for the process: copying one (a few MB: primed inputs
// are short, so are their tables) is much cheaper than reading the primer
// again, and short inputs (a check, a map, many small files) start models
// often.
const CmModel* CmModel::shared_primed_model(const CmParams& params) {
  if (!params.reads_primer()) return nullptr;
  static std::mutex mutex;
  static std::map<std::array<int, 4>, std::unique_ptr<const CmModel>> models;
  const std::array<int, 4> key{params.level, params.hash_bucket_bits(), params.match_history_bits(),
                               params.match_table_bits()};
  std::lock_guard<std::mutex> lock(mutex);
  std::unique_ptr<const CmModel>& model = models[key];
  if (!model) model.reset(new CmModel(params, true));
  return model.get();
}

void CmModel::copy_state(const CmModel& other) {
  table_.copy_from(other.table_);
  std::memcpy(order1_.get(), other.order1_.get(), 65536);
  for (int i = 0; i < kMaxHashed; ++i) {
    buckets_[i] = other.buckets_[i] ? table_.counterpart(other.table_, other.buckets_[i]) : nullptr;
  }
  context_hashes_ = other.context_hashes_;
  next_hashes_ = other.next_hashes_;
  next_prefix_ = other.next_prefix_;
  maps_ = other.maps_;
  match_ = other.match_;
  mixer_ = other.mixer_;
  apm_order0_ = other.apm_order0_;
  c0_ = other.c0_;
  bit_position_ = other.bit_position_;
  history_ = other.history_;
  bytes_seen_ = other.bytes_seen_;
  mixer_rate_ = other.mixer_rate_;
  word0_ = other.word0_;
  word1_ = other.word1_;
  // The rest (state pointers, mixer inputs, the probability) follows from these.
  switch (hashed_) {
    case 3:
      return predict<3>();
    case 5:
      return predict<5>();
    default:
      return predict<7>();
  }
}

void CmModel::read_primer() {
  for (const uint8_t byte : primer()) {
    for (int shift = 7; shift >= 0; --shift) update((byte >> shift) & 1);
  }
}

template <int N>
void CmModel::start_with() {
  context_hashes_ = hash_contexts<N>(history_, word0_, word1_);
  find_buckets<N>();
  predict<N>();
}

void CmModel::update(int bit) {
  // One predictable branch per bit; each set's path is unrolled on its own.
  switch (hashed_) {
    case 3:
      return update_with<3>(bit);
    case 5:
      return update_with<5>(bit);
    default:
      return update_with<7>(bit);  // start() has refused any other count
  }
}

template <int N>
void CmModel::on_byte(uint8_t byte) {
  history_ = (history_ << 8) | byte;
  if (bytes_seen_ < (1u << 30)) ++bytes_seen_;
  mixer_rate_ = mixer_rate(bytes_seen_);
  advance_words(byte, word0_, word1_);
  match_.byte_update(byte);
  // Computed (and their buckets prefetched) before the byte's last two bits.
  context_hashes_ = (byte >> 2) == next_prefix_ ? next_hashes_[byte & 3] : hash_contexts<N>(history_, word0_, word1_);
}

void CmModel::advance_words(uint8_t byte, uint32_t& word0, uint32_t& word1) {
  if (is_word_byte(byte)) {
    const uint32_t lower = (byte >= 'A' && byte <= 'Z') ? byte + 32u : byte;
    word0 = (word0 + lower + 1) * 0x3b9ac9e7u;
  } else if (word0 != 0) {
    word1 = word0;
    word0 = 0;
  }
}

template <int N>
CmModel::ContextHashes CmModel::hash_contexts(uint64_t history, uint32_t word0, uint32_t word1) {
  const uint64_t h = history;
  const uint64_t c1 = h & 0xff;
  const auto order = [h](int n) { return mix64((h & ((uint64_t{1} << (8 * n)) - 1)) | (uint64_t(n) << 56)); };
  const uint64_t word = mix64((uint64_t{word0} << 8 | (word0 == 0 ? c1 : 0)) | (uint64_t{7} << 56));
  const uint64_t pair = mix64((uint64_t{word0} << 32 | word1) ^ (uint64_t{8} << 56));
  static_assert(N == 3 || N == 5 || N == 7, "the context sets of CmParams::hashed_contexts()");
  if constexpr (N == 3) return {order(2), order(3), word};
  if constexpr (N == 5) return {order(2), order(3), order(5), word, pair};
  if constexpr (N == 7) return {order(2), order(3), order(4), order(5), order(6), word, pair};
}

template <int N>
void CmModel::prefetch_ahead() {
  // The buckets of the next nibble depend on the bits still to be coded:
  // one bit ahead, both candidates are fetched while the last bit is
  // modelled, so the lookup after it rarely waits for memory. The next
  // byte's context hashes are computed a bit earlier, for all four
  // candidates of its last two bits. Fetching two bits ahead (four
  // candidates, twenty lines) was slower: the fetches themselves stalled,
  // waiting for free line-fill slots (bench/results.md).
  if (bit_position_ == 3) {
    for (uint32_t bit = 0; bit < 2; ++bit) {
      for (int i = 0; i < N; ++i) table_.prefetch(nibble_hash(context_hashes_[i], c0_ << 1 | bit));
    }
  } else if (bit_position_ == 6) {
    next_prefix_ = static_cast<int>(c0_ & 0x3f);
    for (uint32_t bits = 0; bits < 4; ++bits) {
      const uint8_t byte = static_cast<uint8_t>(c0_ << 2 | bits);
      uint32_t word0 = word0_, word1 = word1_;
      advance_words(byte, word0, word1);
      next_hashes_[bits] = hash_contexts<N>(history_ << 8 | byte, word0, word1);
    }
  } else if (bit_position_ == 7) {
    const ContextHashes* candidates = &next_hashes_[(c0_ & 1) << 1];
    for (uint32_t bit = 0; bit < 2; ++bit) {
      for (int i = 0; i < N; ++i) table_.prefetch(nibble_hash(candidates[bit][i], 0));
    }
  }
}

template <int N>
void CmModel::find_buckets() {
  const uint32_t nibble = bit_position_ == 0 ? 0 : c0_;
#pragma GCC unroll 8
  for (int i = 0; i < N; ++i) table_.prefetch(nibble_hash(context_hashes_[i], nibble));
#pragma GCC unroll 8
  for (int i = 0; i < N; ++i) buckets_[i] = table_.find(nibble_hash(context_hashes_[i], nibble));
}

template <int N>
void CmModel::predict() {
  // Node of the nibble tree for the bits of this nibble seen so far.
  const int bits_in_nibble = bit_position_ & 3;
  const int node = (1 << bits_in_nibble) | (c0_ & ((1 << bits_in_nibble) - 1));
  // predict() only reads through the byte pointers, so it fills the members
  // directly; update() writes through them last (a store through a byte
  // pointer makes the compiler reload every member after it).
#pragma GCC unroll 8
  for (int i = 0; i < N; ++i) states_[i] = buckets_[i] + node;
  states_[N] = &order1_[(history_ & 0xff) << 8 | c0_];
#pragma GCC unroll 8
  for (int i = 0; i < N + 1; ++i) {
    seen_states_[i] = *states_[i];
    map_indices_[i] = i * 256 + seen_states_[i];
    seen_entries_[i] = maps_.entry(map_indices_[i]);
    mixer_.set_input(i, stretch(StateMap::p_of(seen_entries_[i])));
  }
  match_.set_inputs(mixer_, N + 1, static_cast<int>(c0_), bit_position_);
  mixer_.set_input(N + 3, 256);

  const uint32_t c1 = history_ & 0xff;
  mixer_.set_context(0, static_cast<int>(c0_) | (match_.length() > 0 ? 256 : 0));
  mixer_.set_context(1, static_cast<int>(c1));
  mixer_.mix();
  const int st = (mixer_.output(0) + mixer_.output(1)) / 2;

  // The APM refines the mix given the partial byte; it learns the mixer's
  // systematic errors, so it gets the larger share.
  const int p_mix = squash_fast(st) * 16 + 8;
  const int p_apm = apm_order0_.p(st, static_cast<int>(c0_));
  int p = (p_mix + 3 * p_apm) >> 2;
  if (p < 32) p = 32;
  if (p > 65535 - 32) p = 65535 - 32;
  p16_ = static_cast<uint32_t>(p);
}

template <int N>
void CmModel::update_with(int bit) {
#pragma GCC unroll 8
  for (int i = 0; i < N + 1; ++i) maps_.update_entry(map_indices_[i], seen_entries_[i], bit);
  std::array<uint8_t, N + 1> next;
#pragma GCC unroll 8
  for (int i = 0; i < N + 1; ++i) next[i] = state_table_.next(seen_states_[i], bit);
#pragma GCC unroll 8
  for (int i = 0; i < N + 1; ++i) *states_[i] = next[i];
  match_.update(bit);
  mixer_.update(bit, mixer_rate_);
  apm_order0_.update(bit);

  c0_ = (c0_ << 1) | static_cast<uint32_t>(bit);
  ++bit_position_;
  if (bit_position_ == 8) {
    on_byte<N>(static_cast<uint8_t>(c0_));
    c0_ = 1;
    bit_position_ = 0;
    find_buckets<N>();
  } else if (bit_position_ == 4) {
    find_buckets<N>();
  }
  prefetch_ahead<N>();
  predict<N>();
}

}  // namespace lmz::cm
