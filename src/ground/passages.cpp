#include "ground/passages.h"

#include <set>
#include <utility>

#include "ground/source_store.h"

namespace lmz::ground {

std::vector<SourcePassage> passages_of(const std::string& name, const std::string& text) {
  std::vector<SourcePassage> out;
  for (Passage& p : split_passages(text, is_html_path(name))) out.push_back({name, p.begin, p.end, std::move(p.text)});
  return out;
}

Result<std::vector<SourcePassage>> passages_from_store(const std::string& store_path, const std::string& answer) {
  LMZ_ASSIGN_OR_RETURN(std::unique_ptr<SourceStore> store, SourceStore::open(store_path, false));
  std::vector<SourcePassage> out;
  std::set<std::pair<std::string, uint64_t>> seen;
  for (const auto& [b, e] : sentences_of(answer)) {
    LMZ_ASSIGN_OR_RETURN(std::vector<SearchHit> hits, (store)->search(answer.substr(b, e - b), 4));
    for (SearchHit& h : hits) {
      if (!seen.insert({h.path, h.begin}).second) continue;
      out.push_back({std::move(h.path), h.begin, h.end, std::move(h.text)});
    }
  }
  return out;
}

}  // namespace lmz::ground
