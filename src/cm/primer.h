// The primer: English prose the built-in model reads before an input of up
// to 64 KiB (from model revision 3 on), so a short text is coded by a model
// that already knows common words and how they follow each other. What is left costly is
// what a reader could not have guessed: names, figures, rare words. This is
// a preset dictionary in the manner of brotli's, learned rather than copied.
//
// The text is src/cm/primer.txt, built into the program. Changing one byte of
// it changes every archive: it is part of the model's definition, and any
// change bumps kCmRevision.
#pragma once

#include <cstdint>
#include <span>

namespace lmz::cm {

std::span<const uint8_t> primer();
inline uint64_t primer_bytes() {
  return primer().size();
}

}  // namespace lmz::cm
