#include "codec/chunk_coders.h"

#include <algorithm>

namespace lmz::codec {

LossyChunk encode_lossy_smallest(ChunkCoder& coder, ByteSpan input, int quality, bool token_model) {
  LossyChunk best = coder.encode_lossy(input, lambda_for_quality(quality));
  if (!token_model) {
    for (int q = (quality / 10 + 1) * 10; q < kMaxQuality; q += 10) {
      LossyChunk other = coder.encode_lossy(input, lambda_for_quality(q));
      if (other.payload.size() < best.payload.size()) best = std::move(other);
    }
  }
  // The lossless coding is kept stored where that is smaller, so it weighs
  // what the container would write for it.
  Bytes lossless = coder.encode(input);
  if (std::min(lossless.size(), input.size()) > best.payload.size()) return best;
  if (token_model) lossless[0] |= 2;
  LossyChunk out;
  out.payload = std::move(lossless);
  out.reconstruction.assign(input.begin(), input.end());
  const double bits = 8.0 * static_cast<double>(out.payload.size());
  for (const LossyToken& t : best.tokens) {
    out.tokens.push_back({t.begin, t.end, t.begin, t.end, false,
                          input.empty() ? 0.0 : bits * static_cast<double>(t.end - t.begin) / input.size()});
  }
  return out;
}

}  // namespace lmz::codec
