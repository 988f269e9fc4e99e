#pragma once

namespace lmz {

inline constexpr const char* kVersionString = "0.1.0";

// The .lmz container version this build writes; it reads versions 1..this.
inline constexpr unsigned kFormatVersion = 3;

}  // namespace lmz
