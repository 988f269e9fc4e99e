// Lossy coding: a quality dial whose artifacts are the model's own guesses.
//
// The encoder runs the decoder (closed loop): every prediction is made on the
// text the decoder will really have. At each token the model's top prediction
// is either taken (cheap) or corrected (the true token is coded with the
// model's distribution); the encoder alters a token when correcting it would
// cost more than taking the prediction by over lambda bits:
//
//   lambda(Q) = 2^((Q - 1) / 16) - 1   bits per altered token
//
// so Q 1 alters every token that saves anything, Q 17 those that save over
// 1 bit, Q 49 over 7, Q 81 over 31 and Q 99 over 69; Q 100 is the lossless
// codec, byte for byte. An alteration next to others damages the text more
// than an isolated one, and a model fed its own guesses drifts further from
// the text with each, so the price of an alteration rises with those among
// the previous 16 tokens: lambda * (1 + their number).
//
// GGUF models: a token is a token of the model. Each carries a flag, coded
// with an adaptive probability per bucket of the top token's probability;
// a correction is coded with the model's table with the top token left out.
// When the top token taken in place of the true one goes on with a word (it
// starts with a letter or digit), the model finishes that word: its top
// tokens, each a "take" flag, while they go on with the word (at most 8), and
// the rest of the original word is skipped (its tokens count as altered,
// with nothing in the reconstruction). A name or a figure split into pieces
// is then guessed whole rather than piece by piece.
// The built-in model: a token is a word (a run of letters, digits and UTF-8
// bytes) or a single other byte. The decision is made per bit: a bit either
// follows the model's likelier bit or is coded as it is. Once a byte of a
// word deviates, the model finishes the word with its likelier bytes (at most
// 8 more than the original had left), the original's rest is skipped, and the
// byte that ends the guessed word stands for the one that ended the
// original: the decoder writes a whole word the model found plausible, so the
// reconstruction may be longer or shorter than the input. A bit deviates when
// its excess over the likelier bit, plus (inside a word) what the rest of the
// word cost the lossless coding, is over the price. The closed loop makes
// later bytes cost more after an alteration, so the encoder codes the chunk
// again, up to 3 times, refusing each alteration whose saving, less the extra
// cost of the 32 bytes after it, did not pay its price. Its stream is an
// ordinary lossless stream of the reconstruction.
//
// Each chunk takes the smallest of its lossy coding, (built-in model) its
// lossy codings at the multiples of 10 above the quality, and its lossless
// coding (codec/stream_codec.cpp): a lossy archive is never larger than the
// lossless one, and for the built-in model sizes never grow along the
// qualities 10, 20, ..., 100.
#pragma once

#include <cstdint>
#include <vector>

#include "cm/cm_model.h"
#include "core/bytes.h"
#include "model/chunk_coder.h"

namespace lmz::codec {

inline constexpr int kMinQuality = 1;
inline constexpr int kMaxQuality = 100;

double lambda_for_quality(int quality);

// The alterations among the last 16 tokens, which raise the price of the next.
class AlterationWindow {
 public:
  static constexpr int kTokens = 16;
  double price(double lambda) const { return lambda * (1 + count_); }
  void push(bool altered) {
    count_ += (altered ? 1 : 0) - (recent_ >> (kTokens - 1) & 1);
    recent_ = ((recent_ << 1) | (altered ? 1 : 0)) & ((1u << kTokens) - 1);
  }

 private:
  uint32_t recent_ = 0;
  int count_ = 0;
};

// A lossy coding's chunk and tokens (model/chunk_coder.h).
using lmz::LossyChunk;
using lmz::LossyToken;

// The built-in model's lossy coding; `model` must be fresh.
LossyChunk cm_encode_lossy(cm::CmModel& model, ByteSpan input, double lambda);

}  // namespace lmz::codec
