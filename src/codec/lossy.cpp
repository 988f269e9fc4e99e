#include "codec/lossy.h"

#include <cmath>

#include "coder/binary_coder.h"

namespace lmz::codec {

double lambda_for_quality(int quality) {
  if (quality >= kMaxQuality) return INFINITY;
  return std::exp2((quality - 1) / 16.0) - 1.0;
}

LossyChunk cm_encode_lossy(cm::CmModel& model, ByteSpan input, double lambda) {
  LossyChunk out;
  out.payload.reserve(input.size() / 3 + 16);
  out.reconstruction.resize(input.size());
  BinaryEncoder encoder(out.payload);
  AlterationWindow window;
  for (size_t i = 0; i < input.size(); ++i) {
    const uint8_t byte = input[i];
    const double price = window.price(lambda);
    bool altered = false;
    double bits = 0.0;
    int value = 0;
    int shift = 7;
    model.code_byte([&](uint32_t p1) {
      const int true_bit = (byte >> shift--) & 1;
      const int likely = p1 >= kProbOne / 2 ? 1 : 0;
      int bit = true_bit;
      if (altered) {
        bit = likely;
      } else if (true_bit != likely) {
        // Coding the true bit costs log2(p_likely / p_true) bits more than following the model.
        const double p_likely = (likely ? p1 : kProbOne - p1) / static_cast<double>(kProbOne);
        if (std::log2(p_likely / (1.0 - p_likely)) > price) {
          bit = likely;
          altered = true;
        }
      }
      encoder.encode(bit, p1);
      bits -= std::log2((bit ? p1 : kProbOne - p1) / static_cast<double>(kProbOne));
      value = (value << 1) | bit;
      return bit;
    });
    out.reconstruction[i] = static_cast<uint8_t>(value);
    window.push(altered);
    out.tokens.push_back({i, i + 1, i, i + 1, altered, bits});
  }
  encoder.flush();
  return out;
}

}  // namespace lmz::codec
