// SHA-256 (FIPS 180-4): the identity of a GGUF model file in an archive
// header. Collisions must be infeasible here, not just unlikely, since a
// different model decoding an archive would produce garbage.
#pragma once

#include <array>
#include <cstdint>
#include <string>

#include "core/bytes.h"

struct evp_md_ctx_st;

namespace lmz {

using Sha256Digest = std::array<uint8_t, 32>;

class Sha256 {
 public:
  Sha256();
  ~Sha256();
  Sha256(const Sha256&) = delete;
  Sha256& operator=(const Sha256&) = delete;
  void update(ByteSpan data);
  Sha256Digest digest();  // finishes; the object must not be updated after

 private:
  evp_md_ctx_st* context_;  // OpenSSL's (libcrypto) digest state
};

Sha256Digest sha256(ByteSpan data);
std::string to_hex(ByteSpan bytes);

}  // namespace lmz
