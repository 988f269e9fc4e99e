#include "llm/token_predictor.h"

#include <algorithm>
#include <string_view>

#include "core/cancel.h"
#include "core/utf8.h"

namespace lmz::llm {
namespace {

constexpr std::string_view kSpaceMark = "\xe2\x96\x81";

}  // namespace

TokenPredictor::TokenPredictor(const LlamaModel& model, uint32_t n_ctx, int threads, Window window,
                               Activations activations)
    : window_(window),
      tokenizer_(model.tokenizer()),
      session_(model, n_ctx, threads, activations),
      n_vocab_(static_cast<uint32_t>(model.tokenizer().n_vocab())) {
  bool all_bytes = true;
  for (int b = 0; b < 256; ++b) all_bytes = all_bytes && tokenizer_.byte_token(static_cast<uint8_t>(b)) >= 0;
  n_symbols_ = n_vocab_ + (all_bytes ? 0 : 256);
}

void TokenPredictor::append_bytes(ByteSpan bytes, TokenStream& out, uint64_t offset) const {
  for (size_t i = 0; i < bytes.size(); ++i) {
    const int32_t token = tokenizer_.byte_token(bytes[i]);
    out.symbols.push_back(token >= 0 ? static_cast<uint32_t>(token) : n_vocab_ + bytes[i]);
    out.starts.push_back(offset + i);
  }
}

namespace {

// Where the next stretch the tokenizer cannot take whole begins, at or after
// `pos`: a U+2581 for SentencePiece (its own space mark), a byte that is not
// valid UTF-8 for byte-level BPE (it would read it as U+FFFD). Sets `length`
// to the stretch's bytes.
size_t next_raw(std::string_view text, size_t pos, bool space_mark, size_t& length) {
  if (space_mark) {
    length = kSpaceMark.size();
    const size_t at = text.find(kSpaceMark, pos);
    return at == std::string_view::npos ? text.size() : at;
  }
  length = 1;
  for (size_t i = pos; i < text.size();) {
    const size_t n = valid_utf8_length(text, i);
    if (n == 0) return i;
    i += n;
  }
  return text.size();
}

}  // namespace

TokenStream TokenPredictor::tokenize(ByteSpan input) const {
  TokenStream out;
  const std::string_view text(reinterpret_cast<const char*>(input.data()), input.size());
  const bool space_mark = tokenizer_.uses_space_mark();
  size_t pos = 0;
  while (pos < text.size()) {
    size_t raw_length = 0;
    const size_t mark = next_raw(text, pos, space_mark, raw_length);
    const size_t end = mark;
    if (end > pos) {
      const std::string_view run = text.substr(pos, end - pos);
      const bool prefix = pos == 0 && tokenizer_.add_space_prefix();
      const std::vector<int32_t> tokens = tokenizer_.encode(run, prefix);
      // Keep the tokens only if they spell the run exactly.
      std::string spelled;
      std::vector<uint64_t> starts;
      bool exact = true;
      for (int32_t t : tokens) {
        const std::string piece = tokenizer_.piece(t);
        exact = exact && !piece.empty();
        const uint64_t at = spelled.size();
        starts.push_back(pos + (prefix && at > 0 ? at - 1 : at));
        spelled += piece;
      }
      if (prefix) {
        exact = exact && !spelled.empty() && spelled[0] == ' ' && std::string_view(spelled).substr(1) == run;
      } else {
        exact = exact && spelled == run;
      }
      if (exact) {
        for (int32_t t : tokens) out.symbols.push_back(static_cast<uint32_t>(t));
        out.starts.insert(out.starts.end(), starts.begin(), starts.end());
        out.space_prefix = out.space_prefix || prefix;
      } else {
        append_bytes(input.subspan(pos, end - pos), out, pos);
      }
    }
    if (mark >= text.size()) break;
    append_bytes(input.subspan(mark, raw_length), out, mark);
    pos = mark + raw_length;
  }
  return out;
}

std::string TokenPredictor::symbol_bytes(uint32_t symbol) const {
  return symbol < n_vocab_ ? tokenizer_.piece(static_cast<int32_t>(symbol))
                           : std::string(1, static_cast<char>(symbol - n_vocab_));
}

int32_t TokenPredictor::model_token(uint32_t symbol) const {
  return symbol < n_vocab_ ? static_cast<int32_t>(symbol) : tokenizer_.unknown();
}

std::vector<int32_t> TokenPredictor::window_prefix(const std::vector<uint32_t>& symbols, size_t next) const {
  const size_t keep = std::min<size_t>(next, session_.n_ctx() / 2 - 1);
  std::vector<int32_t> prefix = {tokenizer_.bos()};
  for (size_t i = next - keep; i < next; ++i) prefix.push_back(model_token(symbols[i]));
  return prefix;
}

void TokenPredictor::slide_if_full() {
  if (session_.n_past() == session_.n_ctx()) session_.shift(1, session_.n_ctx() / 2);
}

void TokenPredictor::predict_all(const std::vector<uint32_t>& symbols,
                                 const std::function<void(size_t, const float*)>& visit) {
  if (window_ == Window::kRestart) return predict_all_restarting(symbols, visit);
  // Feed j (BOS, then the symbols but the last) gives the logits of symbol j.
  session_.clear();
  const size_t batch = scoring_batch(n_vocab_);
  std::vector<int32_t> feeds;
  for (size_t j = 0; j < symbols.size() && !stop_requested();) {
    slide_if_full();
    const size_t n = std::min({batch, size_t{session_.n_ctx() - session_.n_past()}, symbols.size() - j});
    feeds.clear();
    for (size_t t = j; t < j + n; ++t) feeds.push_back(t == 0 ? tokenizer_.bos() : model_token(symbols[t - 1]));
    // Cannot fail: the feeds fit the context and every id is in the vocabulary.
    (void)session_.eval_visit(feeds, 0, [&](size_t t, const float* logits) { visit(j + t, logits); });
    j += n;
  }
}

void TokenPredictor::predict_all_restarting(const std::vector<uint32_t>& symbols,
                                            const std::function<void(size_t, const float*)>& visit) {
  const uint32_t n_ctx = session_.n_ctx();
  for (size_t next = 0; next < symbols.size() && !stop_requested();) {
    // One window: the prefix, then as many of the coming symbols as fit.
    std::vector<int32_t> window = window_prefix(symbols, next);
    const size_t first_prediction = window.size() - 1;
    const size_t feeds = std::min<size_t>(n_ctx - window.size(), symbols.size() - 1 - next);
    for (size_t i = 0; i < feeds; ++i) window.push_back(model_token(symbols[next + i]));
    session_.clear();
    // The prefix up to its last token only fills the cache: it goes through
    // the weights with the first positions to score, but has no logits. (A
    // position's logits do not depend on how positions are grouped.)
    const size_t batch = scoring_batch(n_vocab_);
    for (size_t done = 0; done < window.size();) {
      const size_t from = std::max(done, first_prediction);
      const size_t end = std::min(window.size(), from + batch);
      // Cannot fail: the window fits the context and every id is in the vocabulary.
      (void)session_.eval_visit(
          std::span<const int32_t>(window).subspan(done, end - done), from - done,
          [&](size_t i, const float* logits) { visit(next + (done + i - first_prediction), logits); });
      done = end;
    }
    next += feeds + 1;
  }
}

const float* TokenPredictor::next_logits(const std::vector<uint32_t>& history) {
  if (window_ == Window::kSlide) {
    if (history.empty()) {
      session_.clear();
      const int32_t bos = tokenizer_.bos();
      (void)session_.eval(std::span<const int32_t>(&bos, 1), logits_, false);
    } else {
      slide_if_full();
      const int32_t token = model_token(history.back());
      (void)session_.eval(std::span<const int32_t>(&token, 1), logits_, false);
    }
    return logits_.data();
  }
  if (history.empty() || session_.n_past() == session_.n_ctx()) {
    session_.clear();
    (void)session_.eval(window_prefix(history, history.size()), logits_, false);
  } else {
    const int32_t token = model_token(history.back());
    (void)session_.eval(std::span<const int32_t>(&token, 1), logits_, false);
  }
  return logits_.data();
}

}  // namespace lmz::llm
