// The seam between the container and the models: what codes one chunk of an
// archive. The built-in model's coder and a token model's implement it
// (codec/chunk_coders.h); the stream codec (codec/stream_codec.h) cuts the
// input into chunks, gives each to a coder on a worker thread and frames
// what comes back, without knowing which model coded it.
#pragma once

#include <cstdint>
#include <vector>

#include "core/bytes.h"
#include "lmz/status.h"

namespace lmz {

// One token of a lossy coding, in the input and in the reconstruction.
struct LossyToken {
  uint64_t begin = 0;  // bytes of the input
  uint64_t end = 0;
  uint64_t out_begin = 0;  // bytes of the reconstruction
  uint64_t out_end = 0;
  bool altered = false;
  double bits = 0.0;  // what the coder spent on it
};

// A chunk coded lossily: the payload, what it decodes to, and its tokens.
struct LossyChunk {
  Bytes payload;
  Bytes reconstruction;
  std::vector<LossyToken> tokens;
};

class ChunkCoder {
 public:
  virtual ~ChunkCoder() = default;
  virtual Bytes encode(ByteSpan input) = 0;
  // Lossy coding at a price of `lambda` bits per alteration (codec/lossy.h).
  virtual LossyChunk encode_lossy(ByteSpan input, double lambda) = 0;
  // Decodes a chunk of `n_bytes` bytes, lossy or not as the coder was made
  // for, into `out`.
  virtual Status decode(ByteSpan payload, size_t n_bytes, Bytes& out) = 0;
};

}  // namespace lmz
