// Fetching a matrix's weights ahead of the kernels that read them eight rows
// (a tile; sixteen for the wider token kernels) at a time, block by block:
// while one tile is read, the rows of the tile `tiles` tiles on (the rows
// after the last one read, in a matrix) are fetched, a share of their cache
// lines per block. A prefetch never faults, so past a matrix's end it is
// harmless.
#pragma once

#include <immintrin.h>

#include <cstddef>
#include <cstdint>

namespace lmz::llm {

class TilePrefetch {
 public:
  // `last_row`: the tile's last row, `row_bytes` long, in `blocks` blocks;
  // `rows`: the rows a tile has.
  TilePrefetch(const uint8_t* last_row, size_t row_bytes, size_t blocks, size_t tiles, size_t rows = 8)
      : ahead_(reinterpret_cast<const char*>(last_row + (1 + rows * (tiles - 1)) * row_bytes)),
        lines_((rows * row_bytes + 63) / 64),
        blocks_(blocks) {}

  // Block j's share, into the cache level of kHint (_MM_HINT_T0, _T1...).
  template <int kHint>
  __attribute__((always_inline)) void share(size_t j) const {
    for (size_t line = j * lines_ / blocks_; line < (j + 1) * lines_ / blocks_; ++line) {
      _mm_prefetch(ahead_ + 64 * line, static_cast<decltype(_MM_HINT_T0)>(kHint));
    }
  }

 private:
  const char* ahead_;
  size_t lines_;
  size_t blocks_;
};

}  // namespace lmz::llm
