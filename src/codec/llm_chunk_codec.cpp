#include "codec/llm_chunk_codec.h"

#include <cmath>
#include <string_view>

#include "coder/range_coder.h"
#include "llm/token_weights.h"

namespace lmz::codec {
namespace {

constexpr double kIdealScale = 65536.0;

}  // namespace

LlmChunkCodec::LlmChunkCodec(const llm::LlamaModel& model, uint32_t n_ctx)
    : predictor_(model, n_ctx), weights_(predictor_.n_symbols()) {}

void LlmChunkCodec::build_table(const float* logits) {
  const uint32_t n_vocab = predictor_.n_vocab();
  llm::logit_weights(logits, n_vocab, weights_.data());
  for (uint32_t s = n_vocab; s < weights_.size(); ++s) weights_[s] = 1;  // escapes: the floor
  table_.build(weights_, kLlmTotalBits);
}

Bytes LlmChunkCodec::encode(ByteSpan input) {
  const llm::TokenStream stream = predictor_.tokenize(input);
  Bytes out(kLlmPayloadHeaderBytes, 0);
  RangeEncoder coder(out);
  double model_bits = 0.0;
  double table_bits = 0.0;
  predictor_.predict_all(stream.symbols, [&](size_t i, const float* logits) {
    build_table(logits);
    const uint32_t symbol = stream.symbols[i];
    coder.encode(table_.cum(symbol), table_.freq(symbol), kLlmTotalBits);
    double sum = 0.0;
    for (uint64_t w : weights_) sum += static_cast<double>(w);
    model_bits += std::log2(sum) - std::log2(static_cast<double>(weights_[symbol]));
    table_bits += kLlmTotalBits - std::log2(static_cast<double>(table_.freq(symbol)));
  });
  coder.flush();
  out[0] = stream.space_prefix ? 1 : 0;
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
  std::vector<uint32_t> symbols;
  size_t written = 0;
  while (written < out.size()) {
    build_table(predictor_.next_logits(symbols));
    const uint32_t symbol = static_cast<uint32_t>(table_.find(coder.target(kLlmTotalBits)));
    coder.consume(table_.cum(symbol), table_.freq(symbol), kLlmTotalBits);
    symbols.push_back(symbol);
    std::string piece = predictor_.symbol_bytes(symbol);
    if (piece.empty()) return corrupt("a token that stands for no bytes");
    if (strip_space) {
      if (piece[0] != ' ') return corrupt("the first token lacks the leading space");
      piece.erase(0, 1);
      strip_space = false;
    }
    if (piece.size() > out.size() - written) return corrupt("decoded text runs past the chunk's size");
    std::copy(piece.begin(), piece.end(), out.begin() + static_cast<std::ptrdiff_t>(written));
    written += piece.size();
    if (coder.overrun()) return corrupt("the payload ends early");
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
