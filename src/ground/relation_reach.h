// How far relations reach, shared by relations.cpp (facts),
// word_relations.cpp (predicates, objects, opposites) and
// swap_relations.cpp (words swapped in the sources' frame).
#pragma once

#include <cstddef>
#include <cstdint>

namespace lmz::ground {

// A fact or word is in relation with the answer's content words next to it
// (the nearest before and after, each within kRelationReach words of its
// clause): the sources must state it with one of them that they hold, in one
// clause, or it comes from elsewhere; a word right beside a fact
// (kTightReach) must stand beside it in the sources too where it stands
// beside another fact of its kind there ("born in Leeds" where the sources
// say born in York and trained in Leeds).
constexpr size_t kRelationReach = 3;
constexpr size_t kTightReach = 3;  // "born in Leeds", "paid for by": beside it
// The places of a word looked through for an opposite beside it, a frame
// around it or a statement of a fact, at most.
constexpr size_t kMaxOppositePlaces = 4096;
// PassageIndex::near()'s reach for "anywhere in one clause".
constexpr uint32_t kAnywhereInClause = 1u << 30;

}  // namespace lmz::ground
