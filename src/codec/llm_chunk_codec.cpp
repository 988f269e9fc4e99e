#include "codec/llm_chunk_codec.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <string_view>

#include "codec/cm_chunk_codec.h"
#include "coder/binary_coder.h"
#include "coder/range_coder.h"
#include "core/cancel.h"
#include "llm/token_weights.h"

namespace lmz::codec {
namespace {

constexpr double kIdealScale = 65536.0;

Status corrupt_chunk(const std::string& what) {
  return make_error(ErrorCode::kCorrupt, "llm chunk: " + what);
}

}  // namespace

LlmChunkCodec::LlmChunkCodec(const llm::LlamaModel& model, uint32_t n_ctx, int threads, std::optional<cm::CmParams> mix,
                             llm::Window window, llm::Activations activations, mix::Revision mix_revision)
    : predictor_(model, n_ctx, threads, window, activations),
      mix_(mix),
      mix_revision_(mix_revision),
      weights_(predictor_.n_symbols()) {
  usable_.resize(predictor_.n_vocab());
  for (uint32_t t = 0; t < predictor_.n_vocab(); ++t) usable_[t] = !predictor_.symbol_bytes(t).empty();
  if (mix_) order_ = std::make_unique<mix::SymbolOrder>(predictor_);
}

std::optional<size_t> LlmChunkCodec::built_in_stream(ByteSpan payload) {
  if (payload.size() <= kLlmPayloadHeaderBytes || payload[0] != kFlagBuiltInAlone) return std::nullopt;
  return kLlmPayloadHeaderBytes;
}

bool LlmChunkCodec::unmix_model_alone(Bytes& payload) {
  if (payload.size() < kLlmPayloadHeaderBytes || (payload[0] & ~1) != kFlagModelAlone) return false;
  payload[0] &= 1;
  return true;
}

uint32_t LlmChunkCodec::top_token() const {
  uint32_t top = 0;
  uint64_t best = 0;
  for (uint32_t t = 0; t < usable_.size(); ++t) {
    if (usable_[t] && weights_[t] > best) {
      best = weights_[t];
      top = t;
    }
  }
  return top;
}

void LlmChunkCodec::build_table_without(uint32_t excluded) {
  const uint64_t saved = weights_[excluded];
  weights_[excluded] = 0;
  table_.build(weights_, kLlmTotalBits);
  weights_[excluded] = saved;
}

int LlmChunkCodec::flag_bucket(uint32_t top) const {
  const double sum = llm::weight_total(weights_.data(), weights_.size());
  const int bucket = static_cast<int>(static_cast<double>(weights_[top]) / sum * kFlagBuckets);
  return std::min(bucket, kFlagBuckets - 1);
}

void LlmChunkCodec::set_weights(const float* logits) {
  const uint32_t n_vocab = predictor_.n_vocab();
  llm::logit_weights(logits, n_vocab, weights_.data());
  for (uint32_t s = n_vocab; s < weights_.size(); ++s) weights_[s] = 1;  // escapes: the floor
}

void LlmChunkCodec::build_table(const float* logits) {
  set_weights(logits);
  table_.build(weights_, kLlmTotalBits);
}

void LlmChunkCodec::encode_symbol(uint32_t symbol, RangeEncoder& coder, CodeLengths& lengths) {
  table_.build(weights_, kLlmTotalBits);
  coder.encode(table_.cum(symbol), table_.freq(symbol), kLlmTotalBits);
  const double sum = llm::weight_total(weights_.data(), weights_.size());
  lengths.model_bits += std::log2(sum) - std::log2(static_cast<double>(weights_[symbol]));
  lengths.table_bits += kLlmTotalBits - std::log2(static_cast<double>(table_.freq(symbol)));
}

Status LlmChunkCodec::append_symbol(uint32_t symbol, bool& strip_space, size_t n_bytes, Bytes& out) const {
  std::string piece = predictor_.symbol_bytes(symbol);
  if (piece.empty()) return corrupt_chunk("a token that stands for no bytes");
  if (strip_space) {
    if (piece[0] != ' ') return corrupt_chunk("the first token lacks the leading space");
    piece.erase(0, 1);
    strip_space = false;
  }
  if (piece.size() > n_bytes - out.size()) return corrupt_chunk("decoded text runs past the chunk's size");
  out.insert(out.end(), piece.begin(), piece.end());
  return Status::success();
}

Bytes LlmChunkCodec::encode(ByteSpan input) {
  if (mix_) return encode_mixed(input);
  const llm::TokenStream stream = predictor_.tokenize(input);
  Bytes out(kLlmPayloadHeaderBytes, 0);
  RangeEncoder coder(out);
  CodeLengths lengths;
  uint64_t reported = 0;
  const size_t n_symbols = stream.symbols.size();
  predictor_.predict_all(stream.symbols, [&](size_t i, const float* logits) {
    report(input.size() * (i + 1) / n_symbols, reported, false);
    set_weights(logits);
    encode_symbol(stream.symbols[i], coder, lengths);
  });
  coder.flush();
  report(input.size(), reported, true);
  out[0] = stream.space_prefix ? 1 : 0;
  store_le(out.data() + 1, static_cast<uint64_t>(std::llround(lengths.model_bits * kIdealScale)), 8);
  store_le(out.data() + 9, static_cast<uint64_t>(std::llround(lengths.table_bits * kIdealScale)), 8);
  return out;
}

template <class NextSymbol, class Overrun>
Status LlmChunkCodec::decode_symbols(bool strip_space, size_t n_bytes, Bytes& out, NextSymbol next, Overrun overrun) {
  std::vector<uint32_t> symbols;
  out.clear();
  uint64_t reported = 0;
  // The output grows with what is decoded, not with the size the frame declares.
  out.reserve(std::min<size_t>(n_bytes, size_t{1} << 16));
  while (out.size() < n_bytes) {
    if (stop_requested()) return cancelled_error();
    const uint32_t symbol = next(predictor_.next_logits(symbols));
    symbols.push_back(symbol);
    LMZ_RETURN_IF_ERROR(append_symbol(symbol, strip_space, n_bytes, out));
    if (overrun()) return corrupt_chunk("the payload ends early");
    report(out.size(), reported, out.size() == n_bytes);
  }
  return Status::success();
}

Status LlmChunkCodec::decode(ByteSpan payload, size_t n_bytes, Bytes& out) {
  if (mix_) return decode_mixed(payload, n_bytes, out);
  if (payload.size() < kLlmPayloadHeaderBytes) return corrupt_chunk("payload shorter than its header");
  if (payload[0] > 1) return corrupt_chunk("unknown flags");
  return decode_model_alone(payload, n_bytes, out);
}

Status LlmChunkCodec::decode_model_alone(ByteSpan payload, size_t n_bytes, Bytes& out) {
  RangeDecoder coder(payload.subspan(kLlmPayloadHeaderBytes));
  return decode_symbols((payload[0] & 1) != 0, n_bytes, out,
                        [&](const float* logits) {
                          build_table(logits);
                          const uint32_t symbol = static_cast<uint32_t>(table_.find(coder.target(kLlmTotalBits)));
                          coder.consume(table_.cum(symbol), table_.freq(symbol), kLlmTotalBits);
                          return symbol;
                        },
                        [&] { return coder.overrun(); });
}

namespace {

class EncodingDecisions final : public mix::DecisionCoder {
 public:
  explicit EncodingDecisions(Bytes& out) : coder(out) {}
  int code(uint32_t p1, int truth) override {
    coder.encode(truth, p1);
    return truth;
  }
  BinaryEncoder coder;
};

class DecodingDecisions final : public mix::DecisionCoder {
 public:
  explicit DecodingDecisions(ByteSpan in) : coder(in) {}
  int code(uint32_t p1, int) override { return coder.decode(p1); }
  BinaryDecoder coder;
};

}  // namespace

Bytes LlmChunkCodec::encode_mixed(ByteSpan input) {
  const llm::TokenStream stream = predictor_.tokenize(input);
  mix::MixedTokenCoder mixed(*order_, *mix_, input.size(), mix_revision_);
  Bytes out(kLlmPayloadHeaderBytes, 0);
  EncodingDecisions coder(out);
  // From revision 2 on, the token model's own coding of the chunk is made
  // beside the mixed one, from the same logits, and kept where smaller (a
  // short text the token model knows, where the mixer has no time to learn).
  const bool model_alone = mix_revision_ >= mix::Revision::kCertainAlone;
  Bytes alone_model(kLlmPayloadHeaderBytes, 0);
  RangeEncoder model_coder(alone_model);
  CodeLengths alone_lengths;
  uint64_t reported = 0;
  const size_t n_symbols = stream.symbols.size();
  predictor_.predict_all(stream.symbols, [&](size_t i, const float* logits) {
    report(input.size() * (i + 1) / n_symbols, reported, false);
    set_weights(logits);
    const uint32_t symbol = stream.symbols[i];
    mixed.code(weights_.data(), coder, order_->rank(symbol));
    if (model_alone) encode_symbol(symbol, model_coder, alone_lengths);
  });
  coder.coder.flush();
  model_coder.flush();
  report(input.size(), reported, true);
  const uint8_t space_flag = stream.space_prefix ? 1 : 0;
  out[0] = space_flag;
  double coded_bits = mixed.mixed_bits();
  double token_model_bits = mixed.model_bits();
  // A tie goes to the token model alone: it decodes faster.
  size_t saved = 0;  // by the archive of the coding kept, against the mixed one's
  if (model_alone && alone_model.size() <= out.size() + alone_allowance_.token_model) {
    saved = alone_allowance_.token_model;
    out = std::move(alone_model);
    out[0] = kFlagModelAlone | space_flag;
    coded_bits = alone_lengths.table_bits;
    token_model_bits = alone_lengths.model_bits;
  }
  // The built-in model alone where it codes the chunk in fewer bytes (a text
  // the token model does not know, too short for the mixer to learn that).
  cm::CmModel built_in(mix_->sized_for(input.size()));
  Bytes alone = cm_encode(built_in, input);
  pad_cm_payload(alone, input.size());
  if (alone.size() + saved < out.size() - kLlmPayloadHeaderBytes + alone_allowance_.built_in) {
    out.resize(kLlmPayloadHeaderBytes);
    out[0] = kFlagBuiltInAlone;
    out.insert(out.end(), alone.begin(), alone.end());
    coded_bits = 8.0 * static_cast<double>(alone.size());
  }
  store_le(out.data() + 1, static_cast<uint64_t>(std::llround(token_model_bits * kIdealScale)), 8);
  store_le(out.data() + 9, static_cast<uint64_t>(std::llround(coded_bits * kIdealScale)), 8);
  return out;
}

Status LlmChunkCodec::decode_mixed(ByteSpan payload, size_t n_bytes, Bytes& out) {
  if (payload.size() < kLlmPayloadHeaderBytes) return corrupt_chunk("payload shorter than its header");
  if (payload[0] == kFlagBuiltInAlone) {
    const ByteSpan stream = payload.subspan(kLlmPayloadHeaderBytes);
    if (n_bytes > max_cm_chunk_bytes(stream.size())) return corrupt_chunk("more bytes than its payload can code");
    out.assign(n_bytes, 0);
    cm::CmModel model(mix_->sized_for(n_bytes));
    return cm_decode(model, stream, out);
  }
  if ((payload[0] & kFlagModelAlone) != 0 && mix_revision_ >= mix::Revision::kCertainAlone) {
    if (payload[0] > (kFlagModelAlone | 1)) return corrupt_chunk("unknown flags");
    return decode_model_alone(payload, n_bytes, out);
  }
  if (payload[0] > 1) return corrupt_chunk("unknown flags");
  mix::MixedTokenCoder mixed(*order_, *mix_, n_bytes, mix_revision_);
  DecodingDecisions coder(payload.subspan(kLlmPayloadHeaderBytes));
  return decode_symbols(
      payload[0] == 1, n_bytes, out,
      [&](const float* logits) {
        set_weights(logits);
        return mixed.code(weights_.data(), coder, mix::SymbolOrder::kNone);
      },
      [&] { return coder.coder.exhausted(); });
}

namespace {

// The adaptive probability, in 2^-12, that the decoder takes the top token.
struct FlagModel {
  std::array<uint32_t, 8> p_take;
  FlagModel() { p_take.fill(2048); }
  void update(int bucket, bool take) {
    uint32_t& p = p_take[bucket];
    if (take)
      p += (4096 - p) >> 4;
    else
      p -= p >> 4;
    p = std::clamp<uint32_t>(p, 64, 4032);
  }
};

// Whether a token's bytes go on with the word before it (no leading space or
// punctuation): the rest of a word, or the next digits of a number.
bool continues_word(const std::string& piece) {
  if (piece.empty()) return false;
  const auto c = static_cast<uint8_t>(piece[0]);
  return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') || c >= 128;
}

// Tokens the model may add to finish a word it altered; a word with more
// than kMaxSkippedTokens tokens left (a hash, a hex dump) is not finished
// and skipped, only its token altered.
constexpr int kMaxGuessTokens = 8;
constexpr size_t kMaxSkippedTokens = 16;

}  // namespace

LossyChunk LlmChunkCodec::encode_lossy(ByteSpan input, double lambda) {
  const llm::TokenStream stream = predictor_.tokenize(input);
  LossyChunk out;
  out.payload.assign(kLlmPayloadHeaderBytes, 0);
  RangeEncoder coder(out.payload);
  FlagModel flags;
  AlterationWindow window;
  std::vector<uint32_t> history;
  double total_bits = 0.0;
  const auto end_of = [&](size_t i) { return i + 1 < stream.starts.size() ? stream.starts[i + 1] : input.size(); };
  const auto append = [&](uint32_t symbol, bool first) {
    std::string piece = predictor_.symbol_bytes(symbol);
    if (first && stream.space_prefix) piece.erase(0, 1);
    out.reconstruction.insert(out.reconstruction.end(), piece.begin(), piece.end());
  };
  bool table_ready = false;  // the table for the next position is built already
  size_t i = 0;
  while (i < stream.symbols.size() && !stop_requested()) {
    if (!table_ready) build_table(predictor_.next_logits(history));
    table_ready = false;
    const uint32_t top = top_token();
    const uint32_t truth = stream.symbols[i];
    const int bucket = flag_bucket(top);
    const uint32_t p_take = flags.p_take[bucket];
    const double take_bits = kFlagBits - std::log2(static_cast<double>(p_take));
    const double flag_correct_bits = kFlagBits - std::log2(static_cast<double>(4096 - p_take));
    bool take = truth == top;
    double correction_bits = 0.0;
    if (!take) {
      build_table_without(top);
      correction_bits = kLlmTotalBits - std::log2(static_cast<double>(table_.freq(truth)));
      // The first token keeps its leading space: it is never altered.
      take = i > 0 && flag_correct_bits + correction_bits - take_bits > window.price(lambda);
    }
    coder.encode(take ? 0 : p_take, take ? p_take : 4096 - p_take, kFlagBits);
    flags.update(bucket, take);
    const uint32_t chosen = take ? top : truth;
    if (!take) coder.encode(table_.cum(truth), table_.freq(truth), kLlmTotalBits);
    LossyToken t;
    t.begin = stream.starts[i];
    t.end = end_of(i);
    t.out_begin = out.reconstruction.size();
    t.altered = chosen != truth;
    t.bits = take ? take_bits : flag_correct_bits + correction_bits;
    history.push_back(chosen);
    append(chosen, i == 0);
    ++i;
    size_t word_rest = 0;  // the original's tokens left in this word, up to one past the limit
    while (t.altered && word_rest <= kMaxSkippedTokens && i + word_rest < stream.symbols.size() &&
           continues_word(predictor_.symbol_bytes(stream.symbols[i + word_rest]))) {
      ++word_rest;
    }
    const bool finish_word = t.altered && word_rest <= kMaxSkippedTokens;
    if (finish_word && continues_word(predictor_.symbol_bytes(chosen))) {
      // The model finishes the word it altered: its top tokens while they
      // go on with the word, each a "take" flag; the original's rest of the
      // word is skipped.
      for (int made = 0; made < kMaxGuessTokens; ++made) {
        build_table(predictor_.next_logits(history));
        table_ready = true;
        const uint32_t guess = top_token();
        if (!continues_word(predictor_.symbol_bytes(guess))) break;
        table_ready = false;
        const int guess_bucket = flag_bucket(guess);
        const uint32_t p = flags.p_take[guess_bucket];
        coder.encode(0, p, kFlagBits);
        flags.update(guess_bucket, true);
        t.bits += kFlagBits - std::log2(static_cast<double>(p));
        history.push_back(guess);
        append(guess, false);
      }
    }
    t.out_end = out.reconstruction.size();
    total_bits += t.bits;
    window.push(t.altered);
    out.tokens.push_back(t);
    for (size_t k = 0; finish_word && k < word_rest; ++k) {
      // A skipped token of the original: altered, with nothing in the reconstruction.
      out.tokens.push_back({stream.starts[i], end_of(i), t.out_end, t.out_end, true, 0.0});
      ++i;
    }
  }
  coder.flush();
  out.payload[0] = stream.space_prefix ? 1 : 0;
  store_le(out.payload.data() + 1, static_cast<uint64_t>(std::llround(total_bits * kIdealScale)), 8);
  store_le(out.payload.data() + 9, static_cast<uint64_t>(std::llround(total_bits * kIdealScale)), 8);
  return out;
}

Status LlmChunkCodec::decode_lossy(ByteSpan payload, size_t n_bytes, Bytes& out) {
  if (payload.size() < kLlmPayloadHeaderBytes) return corrupt_chunk("payload shorter than its header");
  if ((payload[0] & 2) != 0) {
    // A chunk the encoder found cheaper to code losslessly.
    Bytes lossless(payload.begin(), payload.end());
    lossless[0] &= static_cast<uint8_t>(~2u);
    return decode(lossless, n_bytes, out);
  }
  if (payload[0] > 1) return corrupt_chunk("unknown flags");
  RangeDecoder coder(payload.subspan(kLlmPayloadHeaderBytes));
  FlagModel flags;
  return decode_symbols(
      payload[0] == 1, n_bytes, out,
      [&](const float* logits) {
        build_table(logits);
        const uint32_t top = top_token();
        const int bucket = flag_bucket(top);
        const uint32_t p_take = flags.p_take[bucket];
        const bool take = coder.target(kFlagBits) < p_take;
        coder.consume(take ? 0 : p_take, take ? p_take : 4096 - p_take, kFlagBits);
        flags.update(bucket, take);
        if (take) return top;
        build_table_without(top);
        const uint32_t symbol = static_cast<uint32_t>(table_.find(coder.target(kLlmTotalBits)));
        coder.consume(table_.cum(symbol), table_.freq(symbol), kLlmTotalBits);
        return symbol;
      },
      [&] { return coder.overrun(); });
}

Result<CodeLengths> llm_payload_code_lengths(ByteSpan payload) {
  if (payload.size() < kLlmPayloadHeaderBytes) return corrupt_chunk("payload shorter than its header");
  CodeLengths lengths;
  lengths.model_bits = static_cast<double>(load_le(payload.data() + 1, 8)) / kIdealScale;
  lengths.table_bits = static_cast<double>(load_le(payload.data() + 9, 8)) / kIdealScale;
  return lengths;
}

}  // namespace lmz::codec
