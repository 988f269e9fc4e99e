// SHA-256 (FIPS 180-4): the identity of a GGUF model file in an archive
// header. Collisions must be infeasible here, not just unlikely, since a
// different model decoding an archive would produce garbage.
#pragma once

#include <array>
#include <cstdint>
#include <string>

#include "core/bytes.h"

namespace lmz {

using Sha256Digest = std::array<uint8_t, 32>;

class Sha256 {
 public:
  Sha256();
  void update(ByteSpan data);
  Sha256Digest digest();  // finishes; the object must not be updated after

 private:
  void compress(const uint8_t* block);
  std::array<uint32_t, 8> state_;
  std::array<uint8_t, 64> buffer_{};
  size_t buffered_ = 0;
  uint64_t total_bytes_ = 0;
};

Sha256Digest sha256(ByteSpan data);
std::string to_hex(ByteSpan bytes);

}  // namespace lmz
