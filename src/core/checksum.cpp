#include "core/checksum.h"

#define XXH_STATIC_LINKING_ONLY
#include <xxhash.h>

namespace lmz {

uint64_t xxh64(ByteSpan data) {
  return XXH64(data.data(), data.size(), 0);
}

struct Xxh64Stream::State {
  XXH64_state_t xxh;
};

Xxh64Stream::Xxh64Stream() : state_(std::make_unique<State>()) {
  XXH64_reset(&state_->xxh, 0);
}
Xxh64Stream::~Xxh64Stream() = default;

void Xxh64Stream::update(ByteSpan data) {
  XXH64_update(&state_->xxh, data.data(), data.size());
}

uint64_t Xxh64Stream::digest() const {
  return XXH64_digest(&state_->xxh);
}

}  // namespace lmz
