#include "cm/state_table.h"

#include <cassert>
#include <map>
#include <utility>
#include <vector>

namespace lmz::cm {
namespace {

int count_limit(int opposite) {
  constexpr int kLimits[] = {40, 28, 20, 14, 11, 9, 8};
  return opposite < 7 ? kLimits[opposite] : 7;
}

std::pair<int, int> successor(std::pair<int, int> counts, int bit) {
  int n[2] = {counts.first, counts.second};
  n[bit] += 1;
  int& opposite = n[1 - bit];
  if (opposite > 2) opposite = 2 + (opposite - 2) / 2;
  if (n[bit] > count_limit(opposite)) n[bit] = count_limit(opposite);
  return {n[0], n[1]};
}

}  // namespace

StateTable::StateTable() {
  std::map<std::pair<int, int>, int> index{{{0, 0}, 0}};
  std::vector<std::pair<int, int>> order{{0, 0}};
  for (size_t i = 0; i < order.size(); ++i) {
    for (int bit = 0; bit < 2; ++bit) {
      const std::pair<int, int> s = successor(order[i], bit);
      auto [it, added] = index.emplace(s, static_cast<int>(order.size()));
      if (added) order.push_back(s);
      next_[i][bit] = static_cast<uint8_t>(it->second);
    }
  }
  assert(order.size() <= 256);
  n_states_ = static_cast<int>(order.size());
  for (size_t i = 0; i < order.size(); ++i) {
    n0_[i] = static_cast<uint8_t>(order[i].first);
    n1_[i] = static_cast<uint8_t>(order[i].second);
  }
}

const StateTable& StateTable::get() {
  static const StateTable table;
  return table;
}

}  // namespace lmz::cm
