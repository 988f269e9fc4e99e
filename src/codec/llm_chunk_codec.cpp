#include "codec/llm_chunk_codec.h"

#include <cmath>
#include <string_view>

#include "coder/range_coder.h"
#include "llm/token_weights.h"

namespace lmz::codec {
namespace {

constexpr std::string_view kSpaceMark = "\xe2\x96\x81";
constexpr uint32_t kEvalBatch = 64;
constexpr double kIdealScale = 65536.0;

}  // namespace

LlmChunkCodec::LlmChunkCodec(const llm::LlamaModel& model, uint32_t n_ctx)
    : tokenizer_(model.tokenizer()),
      session_(model, n_ctx),
      n_vocab_(static_cast<uint32_t>(model.tokenizer().n_vocab())) {
  bool all_bytes = true;
  for (int b = 0; b < 256; ++b) all_bytes = all_bytes && tokenizer_.byte_token(static_cast<uint8_t>(b)) >= 0;
  n_symbols_ = n_vocab_ + (all_bytes ? 0 : 256);
  weights_.resize(n_symbols_);
}

void LlmChunkCodec::append_bytes(ByteSpan bytes, std::vector<uint32_t>& ids) const {
  for (uint8_t b : bytes) {
    const int32_t token = tokenizer_.byte_token(b);
    ids.push_back(token >= 0 ? static_cast<uint32_t>(token) : n_vocab_ + b);
  }
}

LlmChunkCodec::Symbols LlmChunkCodec::to_symbols(ByteSpan input) const {
  Symbols out;
  const std::string_view text(reinterpret_cast<const char*>(input.data()), input.size());
  size_t pos = 0;
  while (pos < text.size()) {
    const size_t mark = text.find(kSpaceMark, pos);
    const size_t end = mark == std::string_view::npos ? text.size() : mark;
    if (end > pos) {
      const std::string_view run = text.substr(pos, end - pos);
      const bool prefix = pos == 0 && tokenizer_.add_space_prefix();
      const std::vector<int32_t> tokens = tokenizer_.encode(run, prefix);
      // Keep the tokens only if they spell the run exactly.
      std::string spelled;
      bool exact = true;
      for (int32_t t : tokens) {
        const std::string piece = tokenizer_.piece(t);
        exact = exact && !piece.empty();
        spelled += piece;
      }
      if (prefix) exact = exact && !spelled.empty() && spelled[0] == ' ' && std::string_view(spelled).substr(1) == run;
      else exact = exact && spelled == run;
      if (exact) {
        for (int32_t t : tokens) out.ids.push_back(static_cast<uint32_t>(t));
        out.space_prefix = out.space_prefix || prefix;
      } else {
        append_bytes(input.subspan(pos, end - pos), out.ids);
      }
    }
    if (mark == std::string_view::npos) break;
    append_bytes(input.subspan(mark, kSpaceMark.size()), out.ids);
    pos = mark + kSpaceMark.size();
  }
  return out;
}

int32_t LlmChunkCodec::model_token(uint32_t symbol) const {
  return symbol < n_vocab_ ? static_cast<int32_t>(symbol) : tokenizer_.unknown();
}

std::vector<int32_t> LlmChunkCodec::window_prefix(const std::vector<uint32_t>& ids, size_t next) const {
  const size_t keep = std::min<size_t>(next, session_.n_ctx() / 2 - 1);
  std::vector<int32_t> prefix = {tokenizer_.bos()};
  for (size_t i = next - keep; i < next; ++i) prefix.push_back(model_token(ids[i]));
  return prefix;
}

void LlmChunkCodec::build_table(const float* logits) {
  llm::logit_weights(logits, n_vocab_, weights_.data());
  for (uint32_t s = n_vocab_; s < n_symbols_; ++s) weights_[s] = 1;  // escapes: the floor
  table_.build(weights_, kLlmTotalBits);
}

Bytes LlmChunkCodec::encode(ByteSpan input) {
  const Symbols symbols = to_symbols(input);
  const std::vector<uint32_t>& ids = symbols.ids;
  Bytes out(kLlmPayloadHeaderBytes, 0);
  RangeEncoder coder(out);
  double model_bits = 0.0;
  double table_bits = 0.0;
  std::vector<float> logits;
  const uint32_t n_ctx = session_.n_ctx();

  for (size_t next = 0; next < ids.size();) {
    // One window: the prefix, then as many of the coming tokens as fit.
    std::vector<int32_t> window = window_prefix(ids, next);
    const size_t first_prediction = window.size() - 1;
    const size_t feeds = std::min<size_t>(n_ctx - window.size(), ids.size() - 1 - next);
    for (size_t i = 0; i < feeds; ++i) window.push_back(model_token(ids[next + i]));
    session_.clear();
    for (size_t done = 0; done < window.size();) {
      const size_t n = std::min<size_t>(kEvalBatch, window.size() - done);
      // eval cannot fail here: the window fits the context and every id is in the vocabulary.
      (void)session_.eval(std::span<const int32_t>(window).subspan(done, n), logits, true);
      for (size_t b = 0; b < n; ++b) {
        const size_t position = done + b;
        if (position < first_prediction) continue;
        build_table(&logits[b * n_vocab_]);
        const uint32_t symbol = ids[next + (position - first_prediction)];
        coder.encode(table_.cum(symbol), table_.freq(symbol), kLlmTotalBits);
        double sum = 0.0;
        for (uint32_t s = 0; s < n_symbols_; ++s) sum += static_cast<double>(weights_[s]);
        model_bits += std::log2(sum) - std::log2(static_cast<double>(weights_[symbol]));
        table_bits += kLlmTotalBits - std::log2(static_cast<double>(table_.freq(symbol)));
      }
      done += n;
    }
    next += feeds + 1;
  }
  coder.flush();
  out[0] = symbols.space_prefix ? 1 : 0;
  store_le(out.data() + 1, static_cast<uint64_t>(std::llround(model_bits * kIdealScale)), 8);
  store_le(out.data() + 9, static_cast<uint64_t>(std::llround(table_bits * kIdealScale)), 8);
  return out;
}

Status LlmChunkCodec::decode(ByteSpan payload, std::span<uint8_t> out) {
  auto corrupt = [](const std::string& what) { return make_error(ErrorCode::kCorrupt, "llm chunk: " + what); };
  if (payload.size() < kLlmPayloadHeaderBytes) return corrupt("payload shorter than its header");
  if (payload[0] > 1) return corrupt("unknown flags");
  bool strip_space = payload[0] == 1;
  RangeDecoder coder(payload.subspan(kLlmPayloadHeaderBytes));
  std::vector<uint32_t> ids;
  std::vector<float> logits;
  const uint32_t n_ctx = session_.n_ctx();
  size_t written = 0;

  while (written < out.size()) {
    session_.clear();
    (void)session_.eval(window_prefix(ids, ids.size()), logits, false);
    for (;;) {
      build_table(logits.data());
      const uint32_t symbol = static_cast<uint32_t>(table_.find(coder.target(kLlmTotalBits)));
      coder.consume(table_.cum(symbol), table_.freq(symbol), kLlmTotalBits);
      ids.push_back(symbol);
      std::string piece = symbol < n_vocab_ ? tokenizer_.piece(static_cast<int32_t>(symbol))
                                            : std::string(1, static_cast<char>(symbol - n_vocab_));
      if (piece.empty()) return corrupt("a token that stands for no bytes");
      if (strip_space) {
        if (piece.empty() || piece[0] != ' ') return corrupt("the first token lacks the leading space");
        piece.erase(0, 1);
        strip_space = false;
      }
      if (piece.size() > out.size() - written) return corrupt("decoded text runs past the chunk's size");
      std::copy(piece.begin(), piece.end(), out.begin() + static_cast<std::ptrdiff_t>(written));
      written += piece.size();
      if (coder.overrun()) return corrupt("the payload ends early");
      if (written == out.size() || session_.n_past() == n_ctx) break;
      const int32_t token = model_token(symbol);
      (void)session_.eval(std::span<const int32_t>(&token, 1), logits, false);
    }
  }
  return Status::success();
}

Result<CodeLengths> llm_payload_code_lengths(ByteSpan payload) {
  if (payload.size() < kLlmPayloadHeaderBytes) {
    return make_error(ErrorCode::kCorrupt, "llm chunk: payload shorter than its header");
  }
  CodeLengths lengths;
  lengths.model_bits = static_cast<double>(load_le(payload.data() + 1, 8)) / kIdealScale;
  lengths.table_bits = static_cast<double>(load_le(payload.data() + 9, 8)) / kIdealScale;
  return lengths;
}

}  // namespace lmz::codec
