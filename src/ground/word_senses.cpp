#include "ground/word_senses.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdlib>
#include <fstream>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <span>
#include <sstream>
#include <unordered_map>

namespace lmz::ground {
namespace {

// A sense's line is far shorter than this; a longer one is not read whole.
constexpr size_t kMaxLine = 1 << 16;
// Senses of one word looked at, at most (the most of any word is about 75).
constexpr size_t kMaxSenses = 128;

// WordNet's suffix rules (its "morphy"): an ending and what replaces it.
struct Rule {
  std::string_view ending, base;
};
constexpr std::array<Rule, 8> kVerbRules = {
    {{"s", ""}, {"ies", "y"}, {"es", "e"}, {"es", ""}, {"ed", "e"}, {"ed", ""}, {"ing", "e"}, {"ing", ""}}};
constexpr std::array<Rule, 8> kNounRules = {{{"s", ""},
                                             {"ses", "s"},
                                             {"xes", "x"},
                                             {"zes", "z"},
                                             {"ches", "ch"},
                                             {"shes", "sh"},
                                             {"men", "man"},
                                             {"ies", "y"}}};
constexpr std::array<Rule, 4> kAdjectiveRules = {{{"er", ""}, {"est", ""}, {"er", "e"}, {"est", "e"}}};

std::string_view next_field(std::string_view& line) {
  while (!line.empty() && line.front() == ' ') line.remove_prefix(1);
  const size_t end = line.find(' ');
  const std::string_view field = line.substr(0, end);
  line.remove_prefix(end == std::string_view::npos ? line.size() : end);
  return field;
}

bool read_number(std::string_view field, uint64_t& value, int base) {
  if (field.empty()) return false;
  const auto [end, error] = std::from_chars(field.data(), field.data() + field.size(), value, base);
  return error == std::errc() && end == field.data() + field.size();
}

std::string lower_word(std::string_view w) {
  std::string out(w);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  // An adjective may carry its position: "galore(ip)".
  const size_t paren = out.find('(');
  if (paren != std::string::npos) out.resize(paren);
  return out;
}

// One part of speech of WordNet ("verb", "noun", "adj"): its index, its
// irregular forms, its suffix rules and its data file.
class Lexicon {
 public:
  Lexicon(const std::string& dir, const std::string& part, std::span<const Rule> rules)
      : data_path_(dir + "/data." + part), rules_(rules) {
    // The index is sorted by its words: kept as read, each line parsed
    // when a word is first looked up.
    std::ifstream index(dir + "/index." + part, std::ios::binary);
    std::string line;
    if (index) {
      std::ostringstream whole;
      whole << index.rdbuf();
      index_text_ = whole.str();
    }
    for (size_t at = 0; at < index_text_.size();) {
      size_t end = index_text_.find('\n', at);
      if (end == std::string::npos) end = index_text_.size();
      if (index_text_[at] != ' ' && end > at) lines_.push_back({at, end - at});  // not the licence
      at = end + 1;
    }
    std::ifstream exceptions(dir + "/" + part + ".exc");
    while (std::getline(exceptions, line)) {
      std::string_view rest(line);
      const std::string_view inflected = next_field(rest);
      const std::string_view base = next_field(rest);
      if (!inflected.empty() && !base.empty()) {
        irregular_[std::string(inflected)].push_back(std::string(base));
        inflections_[std::string(base)].push_back(std::string(inflected));
      }
    }
    // The plural WordNet's list lacks: "people" for "person" ("1.9 million
    // people" for "residents").
    if (part == "noun" && irregular_.count("people") == 0) irregular_["people"].push_back("person");
    loaded_ = !lines_.empty();
  }
  bool loaded() const { return loaded_; }

  // The word's dictionary forms in this part of speech.
  std::vector<std::string> forms(const std::string& word) const {
    std::vector<std::string> out;
    auto add = [&](const std::string& form) {
      if (senses(form) != nullptr && std::find(out.begin(), out.end(), form) == out.end()) out.push_back(form);
    };
    add(word);
    const auto irregular = irregular_.find(word);
    if (irregular != irregular_.end()) {
      for (const std::string& base : irregular->second) add(base);
    }
    for (const Rule& r : rules_) {
      if (word.size() > r.ending.size() && word.ends_with(r.ending)) {
        add(word.substr(0, word.size() - r.ending.size()) + std::string(r.base));
      }
    }
    return out;
  }

  bool irregular(const std::string& word) const { return irregular_.count(word) > 0; }

  // A dictionary form's inflections: its irregular ones, and those of the
  // regular endings (both spellings where a consonant may double).
  void inflect(const std::string& base, std::vector<std::string>& out) const {
    auto add = [&](std::string f) {
      if (std::find(out.begin(), out.end(), f) == out.end()) out.push_back(std::move(f));
    };
    add(base);
    if (const auto it = inflections_.find(base); it != inflections_.end()) {
      for (const std::string& f : it->second) add(f);
    }
    if (base.size() < 2 || base.find('_') != std::string::npos) return;
    const char last = base.back();
    const bool vowel_before = std::string_view("aeiou").find(base[base.size() - 2]) != std::string_view::npos;
    if (last == 'e') {
      add(base + "s");
      add(base + "d");
      add(base.substr(0, base.size() - 1) + "ing");
    } else if (last == 'y' && !vowel_before) {
      const std::string root = base.substr(0, base.size() - 1);
      add(root + "ies");
      add(root + "ied");
      add(base + "ing");
    } else {
      add(base +
          (base.ends_with("s") || base.ends_with("x") || base.ends_with("ch") || base.ends_with("sh") ? "es" : "s"));
      add(base + "ed");
      add(base + "ing");
      add(base + last + "ed");
      add(base + last + "ing");
    }
  }

  const std::vector<uint64_t>* senses(const std::string& form) const {
    if (const auto known = looked_up_.find(form); known != looked_up_.end()) {
      return known->second.empty() ? nullptr : &known->second;
    }
    if (looked_up_.size() >= kMaxLookedUp) looked_up_.clear();
    std::vector<uint64_t>& offsets = looked_up_[form];
    const std::string_view text(index_text_);
    auto lemma = [&](const std::pair<size_t, size_t>& l) {
      const std::string_view line = text.substr(l.first, l.second);
      return line.substr(0, line.find(' '));
    };
    const auto it =
        std::lower_bound(lines_.begin(), lines_.end(), form,
                         [&](const std::pair<size_t, size_t>& l, const std::string& w) { return lemma(l) < w; });
    std::string word;
    if (it != lines_.end() && lemma(*it) == form &&
        parse_index_line(text.substr(it->first, it->second), word, offsets) && word == form && !offsets.empty()) {
      return &offsets;
    }
    offsets.clear();
    return nullptr;
  }

  // The sense at `offset` of the data file (callers hold the lock).
  bool sense(uint64_t offset, SenseLine& out) {
    if (!data_.is_open()) data_.open(data_path_, std::ios::binary);
    data_.clear();
    data_.seekg(static_cast<std::streamoff>(offset));
    std::string line;
    if (!data_ || !std::getline(data_, line) || line.size() > kMaxLine) return false;
    return parse_sense_line(line, out);
  }

  // Calls visit(form, sense) for the senses of each of the word's forms
  // (at most kMaxSenses a form) until it returns true; whether it did.
  template <class Visit>
  bool any_sense(const std::string& word, Visit&& visit) {
    for (const std::string& form : forms(word)) {
      const std::vector<uint64_t>* offsets = senses(form);
      if (offsets == nullptr) continue;
      size_t looked = 0;
      for (const uint64_t offset : *offsets) {
        if (++looked > kMaxSenses) break;
        SenseLine line;
        if (sense(offset, line) && visit(form, line)) return true;
      }
    }
    return false;
  }

 private:
  std::string data_path_;
  std::span<const Rule> rules_;
  std::string index_text_;
  std::vector<std::pair<size_t, size_t>> lines_;  // each entry's place and length, in order of its word
  // Words looked up, with their senses' offsets (none: not in the index).
  static constexpr size_t kMaxLookedUp = 1 << 16;
  mutable std::unordered_map<std::string, std::vector<uint64_t>> looked_up_;
  std::unordered_map<std::string, std::vector<std::string>> irregular_;
  std::unordered_map<std::string, std::vector<std::string>> inflections_;  // by dictionary form
  std::ifstream data_;
  bool loaded_ = false;
};

// The verbs, read at their first use; results kept for the process.
class Senses {
 public:
  static Senses& get() {
    static Senses senses;
    return senses;
  }

  bool available() {
    std::lock_guard<std::mutex> lock(mutex_);
    return verbs().loaded();
  }

  bool is_verb(const std::string& word) {
    std::lock_guard<std::mutex> lock(mutex_);
    return verbs().loaded() && !verbs().forms(word).empty();
  }

  std::vector<std::string> opposites(const std::string& word) {
    std::lock_guard<std::mutex> lock(mutex_);
    std::vector<std::string> out;
    if (!verbs().loaded()) return out;
    if (const auto known = opposites_.find(word); known != opposites_.end()) return known->second;
    if (opposites_.size() >= kMaxKnown) opposites_.clear();  // a bound on what a long answer keeps
    std::vector<std::string>& kept = opposites_[word];
    Lexicon& v = verbs();
    v.any_sense(word, [&](const std::string& form, const SenseLine& sense) {
      for (const SenseLine::Opposite& o : sense.opposites) {
        if (o.word == 0 || o.word > sense.words.size() || sense.words[o.word - 1] != form) continue;
        SenseLine other;
        if (!v.sense(o.sense, other) || o.other_word == 0 || o.other_word > other.words.size()) continue;
        v.inflect(other.words[o.other_word - 1], out);
      }
      return false;
    });
    kept = out;
    return out;
  }

  std::vector<std::string> own_forms(const std::string& word) {
    std::lock_guard<std::mutex> lock(mutex_);
    std::vector<std::string> out;
    if (!verbs().loaded()) return out;
    if (const auto known = own_forms_.find(word); known != own_forms_.end()) return known->second;
    if (own_forms_.size() >= kMaxKnown) own_forms_.clear();
    for (const std::string& form : verbs().forms(word)) verbs().inflect(form, out);
    own_forms_[word] = out;
    return out;
  }

  std::vector<std::string> synonyms(const std::string& word) {
    std::lock_guard<std::mutex> lock(mutex_);
    std::vector<std::string> out;
    if (!verbs().loaded()) return out;
    if (const auto known = synonyms_.find(word); known != synonyms_.end()) return known->second;
    if (synonyms_.size() >= kMaxKnown) synonyms_.clear();
    Lexicon& v = verbs();
    v.any_sense(word, [&](const std::string& form, const SenseLine& sense) {
      for (const std::string& w : sense.words) {
        if (w != form && w.find('_') == std::string::npos) v.inflect(w, out);
      }
      return false;
    });
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    synonyms_[word] = out;
    return out;
  }

  std::vector<std::string> other_synonyms(const std::string& word) {
    std::lock_guard<std::mutex> lock(mutex_);
    std::vector<std::string> out;
    if (!verbs().loaded()) return out;
    if (const auto known = other_synonyms_.find(word); known != other_synonyms_.end()) return known->second;
    if (other_synonyms_.size() >= kMaxKnown) other_synonyms_.clear();
    for (Lexicon* lex : {&nouns(), &adjectives()}) {
      if (!lex->loaded()) continue;
      lex->any_sense(word, [&](const std::string& form, const SenseLine& sense) {
        for (const std::string& w : sense.words) {
          if (w != form && w.find('_') == std::string::npos) out.push_back(w);
        }
        return false;
      });
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    other_synonyms_[word] = out;
    return out;
  }

  bool known(const std::string& word) {
    std::lock_guard<std::mutex> lock(mutex_);
    return verbs().loaded() && !reach(word).own.empty();
  }

  // How two words stand in WordNet, in any part of speech.
  enum class Kinship { kNone, kRelated, kOpposed };
  Kinship kinship(const std::string& a, const std::string& b) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (!verbs().loaded()) return Kinship::kNone;
    const auto key = std::minmax(a, b);
    if (const auto known = kinship_.find(key); known != kinship_.end()) return known->second;
    if (kinship_.size() >= kMaxKnown) kinship_.clear();
    const Reach ra = reach(a);  // copies: a later reach() may clear the cache
    const Reach rb = reach(b);
    auto meet = [](const std::set<Place>& x, const std::set<Place>& y) {
      return std::any_of(x.begin(), x.end(), [&](const Place& p) { return y.count(p) != 0; });
    };
    Kinship k = Kinship::kNone;
    if (meet(ra.own, rb.opposite) || meet(rb.own, ra.opposite)) {
      k = Kinship::kOpposed;
    } else if (meet(ra.own, rb.own) || meet(ra.own, rb.up1) || meet(ra.up1, rb.own) || meet(ra.own, rb.up2) ||
               meet(ra.up2, rb.own) || meet(ra.up1, rb.up1)) {
      k = Kinship::kRelated;
    }
    kinship_.emplace(key, k);
    return k;
  }

  bool is_irregular_form(const std::string& word) {
    std::lock_guard<std::mutex> lock(mutex_);
    return verbs().loaded() && verbs().irregular(word);
  }

  bool may_stand_for(const std::string& source, const std::string& answer, bool siblings) {
    if (source == answer) return true;
    std::lock_guard<std::mutex> lock(mutex_);
    if (!verbs().loaded()) return false;
    std::map<std::pair<std::string, std::string>, bool>& known = siblings ? known_ : known_without_siblings_;
    const auto key = std::make_pair(source, answer);
    if (const auto found = known.find(key); found != known.end()) return found->second;
    if (known.size() >= kMaxKnown) known.clear();
    const bool result = look_up(source, answer, siblings);
    known.emplace(key, result);
    return result;
  }

 private:
  static std::string directory() {
    const char* env = std::getenv("LMZ_WORDNET");
    return env != nullptr && *env != '\0' ? env : "/usr/share/wordnet";
  }
  Lexicon& verbs() {
    if (!verbs_) verbs_ = std::make_unique<Lexicon>(directory(), "verb", kVerbRules);
    return *verbs_;
  }
  // Nouns and adjectives, read at their first use (after the verbs').
  Lexicon& nouns() {
    if (!nouns_) nouns_ = std::make_unique<Lexicon>(directory(), "noun", kNounRules);
    return *nouns_;
  }
  Lexicon& adjectives() {
    if (!adjectives_) adjectives_ = std::make_unique<Lexicon>(directory(), "adj", kAdjectiveRules);
    return *adjectives_;
  }

  bool look_up(const std::string& source, const std::string& answer, bool siblings) {
    Lexicon& v = verbs();
    const std::vector<std::string> answer_forms = v.forms(answer);
    if (answer_forms.empty()) return false;
    auto names_it = [&](const SenseLine& s) {
      return std::any_of(s.words.begin(), s.words.end(), [&](const std::string& w) {
        return std::find(answer_forms.begin(), answer_forms.end(), w) != answer_forms.end();
      });
    };
    // The senses one step above the answer's: a source sense below one of
    // them is a sibling ("give" and "play" a concert, both to perform).
    std::vector<uint64_t> answer_above;
    v.any_sense(answer, [&](const std::string&, const SenseLine& sense) {
      answer_above.insert(answer_above.end(), sense.more_general.begin(), sense.more_general.end());
      return false;
    });
    return v.any_sense(source, [&](const std::string&, const SenseLine& sense) {
      if (names_it(sense)) return true;
      for (const uint64_t general : sense.more_general) {
        if (siblings && std::find(answer_above.begin(), answer_above.end(), general) != answer_above.end()) {
          return true;
        }
        SenseLine above;
        if (v.sense(general, above) && names_it(above)) return true;
      }
      return false;
    });
  }

  // A sense: its part of speech (0 verb, 1 noun, 2 adjective) and offset.
  using Place = std::pair<int, uint64_t>;
  // A word's senses, those one and two steps more general (an adjective's:
  // the heads it is similar to) and those opposite to one of its forms.
  struct Reach {
    std::set<Place> own, up1, up2, opposite;
  };
  static constexpr size_t kMaxReach = 512;  // senses looked at for one step up
  const Reach& reach(const std::string& word) {
    if (const auto known = reach_.find(word); known != reach_.end()) return known->second;
    if (reach_.size() >= kMaxKnown) reach_.clear();
    Reach r;
    Lexicon* const parts[3] = {&verbs(), &nouns(), &adjectives()};
    for (int part = 0; part < 3; ++part) {
      Lexicon& lex = *parts[part];
      if (!lex.loaded()) continue;
      for (const std::string& form : lex.forms(word)) {
        const std::vector<uint64_t>* offsets = lex.senses(form);
        if (offsets == nullptr) continue;
        size_t looked = 0;
        for (const uint64_t offset : *offsets) {
          if (++looked > kMaxSenses) break;
          r.own.insert({part, offset});
          SenseLine line;
          if (!lex.sense(offset, line)) continue;
          for (const uint64_t general : line.more_general) r.up1.insert({part, general});
          for (const SenseLine::Opposite& o : line.opposites) {
            if (o.word == 0 || (o.word <= line.words.size() && line.words[o.word - 1] == form)) {
              r.opposite.insert({part, o.sense});
            }
          }
        }
      }
      size_t looked = 0;
      for (const Place& p : r.up1) {
        if (p.first != part) continue;
        if (++looked > kMaxReach) break;
        SenseLine line;
        if (!lex.sense(p.second, line)) continue;
        for (const uint64_t general : line.more_general) r.up2.insert({part, general});
      }
    }
    return reach_.emplace(word, std::move(r)).first->second;
  }

  std::mutex mutex_;
  std::unique_ptr<Lexicon> verbs_, nouns_, adjectives_;
  std::map<std::string, Reach> reach_;
  std::map<std::pair<std::string, std::string>, Kinship> kinship_;
  std::map<std::pair<std::string, std::string>, bool> known_, known_without_siblings_;
  static constexpr size_t kMaxKnown = 1 << 16;
  std::map<std::string, std::vector<std::string>> opposites_;  // by word, found once
  std::map<std::string, std::vector<std::string>> own_forms_;
  std::map<std::string, std::vector<std::string>> synonyms_;
  std::map<std::string, std::vector<std::string>> other_synonyms_;  // as a noun or adjective
};

}  // namespace

bool parse_index_line(std::string_view line, std::string& word, std::vector<uint64_t>& offsets) {
  if (line.empty() || line.front() == ' ') return false;  // the licence
  const std::string_view lemma = next_field(line);
  const std::string_view part = next_field(line);
  uint64_t n_senses = 0, n_pointers = 0;
  if (lemma.empty() || part.size() != 1 || !read_number(next_field(line), n_senses, 10) ||
      !read_number(next_field(line), n_pointers, 10) || n_senses > kMaxSenses * 4 || n_pointers > 64) {
    return false;
  }
  for (uint64_t i = 0; i < n_pointers; ++i) {
    if (next_field(line).empty()) return false;
  }
  uint64_t ignored = 0;
  if (!read_number(next_field(line), ignored, 10) || !read_number(next_field(line), ignored, 10)) return false;
  offsets.clear();
  for (uint64_t i = 0; i < n_senses; ++i) {
    uint64_t offset = 0;
    if (!read_number(next_field(line), offset, 10)) return false;
    offsets.push_back(offset);
  }
  word = lower_word(lemma);
  return !word.empty();  // not a word of its marks alone: "(p)"
}

bool parse_sense_line(std::string_view line, SenseLine& out) {
  out.words.clear();
  out.more_general.clear();
  out.opposites.clear();
  uint64_t value = 0, n_words = 0, n_pointers = 0;
  if (!read_number(next_field(line), value, 10) || !read_number(next_field(line), value, 10) ||
      next_field(line).size() != 1 || !read_number(next_field(line), n_words, 16) || n_words == 0) {
    return false;
  }
  for (uint64_t i = 0; i < n_words; ++i) {
    const std::string_view word = next_field(line);
    if (word.empty() || !read_number(next_field(line), value, 16)) return false;
    out.words.push_back(lower_word(word));
    if (out.words.back().empty()) return false;
  }
  if (!read_number(next_field(line), n_pointers, 10)) return false;
  for (uint64_t i = 0; i < n_pointers; ++i) {
    const std::string_view symbol = next_field(line);
    uint64_t offset = 0;
    if (symbol.empty() || !read_number(next_field(line), offset, 10)) return false;
    const std::string_view part = next_field(line);
    const std::string_view words_field = next_field(line);
    if (part.empty() || words_field.empty()) return false;
    // "@" is a hypernym ("destroy" above "burn"), "@i" an instance's, "&" an
    // adjective's head ("massive" is similar to "big"); "!" an opposite.
    if ((symbol == "@" || symbol == "@i" || symbol == "&") && out.more_general.size() < kMaxSenses) {
      out.more_general.push_back(offset);
    }
    uint64_t words = 0;
    if (symbol == "!" && words_field.size() == 4 && read_number(words_field, words, 16) &&
        out.opposites.size() < kMaxSenses) {
      out.opposites.push_back({static_cast<unsigned>(words >> 8), offset, static_cast<unsigned>(words & 0xff)});
    }
  }
  return true;
}

bool verb_may_stand_for(const std::string& source, const std::string& answer, bool siblings) {
  return Senses::get().may_stand_for(source, answer, siblings);
}

std::vector<std::string> verb_opposites(const std::string& word) {
  return Senses::get().opposites(word);
}

std::vector<std::string> verb_forms(const std::string& word) {
  return Senses::get().own_forms(word);
}

std::vector<std::string> noun_synonyms(const std::string& word) {
  return Senses::get().other_synonyms(word);
}

bool has_word_sense(const std::string& word) {
  return Senses::get().known(word);
}

bool words_related(const std::string& a, const std::string& b) {
  return a == b || Senses::get().kinship(a, b) == Senses::Kinship::kRelated;
}

bool words_opposed(const std::string& a, const std::string& b) {
  return a != b && Senses::get().kinship(a, b) == Senses::Kinship::kOpposed;
}

std::vector<std::string> verb_synonyms(const std::string& word) {
  return Senses::get().synonyms(word);
}

bool is_irregular_verb_form(const std::string& word) {
  return Senses::get().is_irregular_form(word);
}

bool stands_as_verb(const std::string& word, const std::string& before) {
  static const std::set<std::string> kAuxiliaries = {
      "is",    "are",   "was",    "were", "be",    "been", "being", "has",  "have", "had",  "will",
      "would", "shall", "should", "can",  "could", "may",  "might", "must", "did",  "does", "to"};
  if (!has_verb_sense(word)) return false;
  if (kAuxiliaries.count(before) > 0) return true;
  return (word.size() > 4 && word.ends_with("ed")) || is_irregular_verb_form(word);
}

bool word_senses_available() {
  return Senses::get().available();
}

bool has_verb_sense(const std::string& word) {
  return Senses::get().is_verb(word);
}

}  // namespace lmz::ground
