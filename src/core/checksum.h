// xxHash64 (seed 0), the checksum of the .lmz chunk table and trailer.
#pragma once

#include <cstdint>
#include <memory>

#include "core/bytes.h"

namespace lmz {

uint64_t xxh64(ByteSpan data);

// Incremental form for streams of unknown length.
class Xxh64Stream {
 public:
  Xxh64Stream();
  ~Xxh64Stream();
  Xxh64Stream(const Xxh64Stream&) = delete;
  Xxh64Stream& operator=(const Xxh64Stream&) = delete;

  void update(ByteSpan data);
  uint64_t digest() const;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace lmz
