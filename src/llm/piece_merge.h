// The merge loop both tokenizers share: a text is cut into its UTF-8
// characters, and adjacent pieces are joined, the pair of highest priority
// first (the leftmost on ties), for as long as some pair has one.
// SentencePiece ranks a pair by the vocabulary score of the joined piece,
// byte-level BPE by its merge's rank (lower first, so its priority is -rank).
#pragma once

#include <optional>
#include <queue>
#include <string_view>
#include <vector>

#include "core/utf8.h"

namespace lmz::llm {

// `priority(left, right)` gives the priority of joining two adjacent pieces
// (views into `text`), or nullopt when they do not join. Returns the pieces
// left, in order, as views into `text`.
template <class Priority>
std::vector<std::string_view> merge_pieces(std::string_view text, Priority priority) {
  struct Symbol {
    int prev;
    int next;
    size_t start;
    size_t length;
  };
  struct Pair {
    double priority;
    int left;
    size_t length;                             // bytes of the joined piece, to notice stale entries
    bool operator<(const Pair& other) const {  // highest priority first, then leftmost
      return priority < other.priority || (priority == other.priority && left > other.left);
    }
  };
  std::vector<Symbol> symbols;
  for (size_t pos = 0; pos < text.size();) {
    const size_t length = std::min(utf8_char_length(static_cast<uint8_t>(text[pos])), text.size() - pos);
    const int index = static_cast<int>(symbols.size());
    symbols.push_back({index - 1, -1, pos, length});
    if (index > 0) symbols[index - 1].next = index;
    pos += length;
  }
  std::priority_queue<Pair> queue;
  auto try_pair = [&](int left, int right) {
    if (left < 0 || right < 0) return;
    const std::string_view a(text.data() + symbols[left].start, symbols[left].length);
    const std::string_view b(text.data() + symbols[right].start, symbols[right].length);
    if (const std::optional<double> p = priority(a, b)) queue.push({*p, left, a.size() + b.size()});
  };
  for (size_t i = 1; i < symbols.size(); ++i) try_pair(static_cast<int>(i) - 1, static_cast<int>(i));
  while (!queue.empty()) {
    const Pair top = queue.top();
    queue.pop();
    Symbol& left = symbols[top.left];
    if (left.length == 0 || left.next < 0) continue;
    Symbol& right = symbols[left.next];
    if (right.length == 0 || left.length + right.length != top.length) continue;  // stale
    left.length += right.length;
    right.length = 0;
    left.next = right.next;
    if (right.next >= 0) symbols[right.next].prev = top.left;
    try_pair(left.prev, top.left);
    try_pair(top.left, left.next);
  }
  std::vector<std::string_view> pieces;
  for (int i = symbols.empty() ? -1 : 0; i >= 0; i = symbols[i].next) {
    pieces.emplace_back(text.data() + symbols[i].start, symbols[i].length);
  }
  return pieces;
}

}  // namespace lmz::llm
