// Words of opposite sense ("rose" and "fell", "opened" and "closed", "won"
// and "lost"), each with its forms: an answer that says "shares rose 4
// percent" where the sources say "shares fell 4 percent" states the
// opposite relation (docs/CHECK.md, "Relations").
#pragma once

#include <string>
#include <vector>

namespace lmz::ground {

// The forms of the words opposite to a lower-cased word ("fell", "fall",
// "falls", "fallen", "falling" for "rose"; "closed", ... for "opened");
// empty for a word without one.
const std::vector<std::string>& opposites_of(const std::string& word);

// The forms of a lower-cased word's own verb or adjective ("rise", "rises",
// "rose", "risen", "rising" for "rose"); empty for a word without an opposite.
const std::vector<std::string>& forms_of(const std::string& word);

}  // namespace lmz::ground
