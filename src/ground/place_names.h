// Countries and the adjectives that name them ("Danish" for Denmark): a
// source that says "the Danish foundation" holds an answer's "Denmark", and
// one that says "in Britain" an answer's "British".
#pragma once

#include <string>
#include <vector>

namespace lmz::ground {

// The other names of the place a lower-cased word names: {"denmark"} for
// "danish", {"danish", "dane", "danes"} for "denmark"; empty for any other word.
const std::vector<std::string>& place_names_of(const std::string& word);

}  // namespace lmz::ground
