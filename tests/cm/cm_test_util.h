#pragma once

#include <cstdint>
#include <vector>

#include "cm/cm_model.h"
#include "core/bytes.h"

namespace lmz::cm::test_support {

// The model's probability before each bit of `data`, which it then learns.
inline std::vector<uint32_t> predictions(CmModel& model, ByteSpan data) {
  std::vector<uint32_t> out;
  for (const uint8_t byte : data) {
    int shift = 7;
    model.code_byte([&](uint32_t p) {
      out.push_back(p);
      return (byte >> shift--) & 1;
    });
  }
  return out;
}

}  // namespace lmz::cm::test_support
