#include "ground/opposites.h"

#include <map>
#include <set>

namespace lmz::ground {
namespace {

// A word with all its forms, so that no stemming is needed for irregular
// verbs ("rose", "fell", "bought").
using Forms = std::vector<std::string>;

const Forms kOpen = {"open", "opens", "opened", "opening"};
const Forms kClose = {"close", "closes", "closed", "closing", "shut", "shuts", "shutting"};
const Forms kBegin = {"begin", "begins", "began", "begun", "beginning"};
const Forms kStart = {"start", "starts", "started", "starting"};
const Forms kEnd = {"end", "ends", "ended", "ending"};
const Forms kFinish = {"finish", "finishes", "finished", "finishing"};
const Forms kStop = {"stop", "stops", "stopped", "stopping"};
const Forms kRise = {"rise", "rises", "rose", "risen", "rising"};
const Forms kIncrease = {"increase", "increases", "increased", "increasing"};
const Forms kGrow = {"grow", "grows", "grew", "grown", "growing"};
const Forms kGain = {"gain", "gains", "gained", "gaining"};
const Forms kFall = {"fall", "falls", "fell", "fallen", "falling"};
const Forms kDrop = {"drop", "drops", "dropped", "dropping"};
const Forms kDecrease = {"decrease", "decreases", "decreased", "decreasing"};
const Forms kDecline = {"decline", "declines", "declined", "declining"};
const Forms kShrink = {"shrink", "shrinks", "shrank", "shrunk", "shrinking"};
const Forms kWin = {"win", "wins", "won", "winning"};
const Forms kLose = {"lose", "loses", "lost", "losing"};
const Forms kBuy = {"buy", "buys", "bought", "buying"};
const Forms kSell = {"sell", "sells", "sold", "selling"};
const Forms kAccept = {"accept", "accepts", "accepted", "accepting"};
const Forms kApprove = {"approve", "approves", "approved", "approving"};
const Forms kReject = {"reject", "rejects", "rejected", "rejecting"};
const Forms kHire = {"hire", "hires", "hired", "hiring"};
const Forms kSack = {"sack", "sacks", "sacked", "sacking", "dismiss", "dismisses", "dismissed", "dismissing"};
const Forms kArrive = {"arrive", "arrives", "arrived", "arriving"};
const Forms kDepart = {"depart", "departs", "departed", "departing"};
const Forms kRaise = {"raise", "raises", "raised", "raising"};
const Forms kLower = {"lower", "lowers", "lowered", "lowering", "cut", "cuts", "cutting"};
const Forms kConvict = {"convict", "convicts", "convicted", "convicting"};
const Forms kAcquit = {"acquit", "acquits", "acquitted", "acquitting", "cleared"};
const Forms kHigher = {"higher", "highest"};
const Forms kLowerThan = {"lower", "lowest"};
const Forms kLarger = {"larger", "largest", "bigger", "biggest"};
const Forms kSmaller = {"smaller", "smallest"};
const Forms kStronger = {"stronger", "strongest"};
const Forms kWeaker = {"weaker", "weakest"};
const Forms kEarlier = {"earlier", "earliest"};
const Forms kLater = {"later", "latest"};

// The pairs of opposite words.
const std::vector<std::pair<const Forms*, const Forms*>>& pairs() {
  static const std::vector<std::pair<const Forms*, const Forms*>> kPairs = {
      {&kOpen, &kClose},      {&kBegin, &kEnd},        {&kStart, &kEnd},         {&kBegin, &kFinish},
      {&kStart, &kFinish},    {&kStart, &kStop},       {&kBegin, &kStop},        {&kRise, &kFall},
      {&kRise, &kDrop},       {&kRise, &kDecline},     {&kRise, &kDecrease},     {&kIncrease, &kFall},
      {&kIncrease, &kDrop},   {&kIncrease, &kDecline}, {&kIncrease, &kDecrease}, {&kGrow, &kShrink},
      {&kGrow, &kFall},       {&kGain, &kFall},        {&kWin, &kLose},          {&kBuy, &kSell},
      {&kAccept, &kReject},   {&kApprove, &kReject},   {&kHire, &kSack},         {&kArrive, &kDepart},
      {&kRaise, &kLower},     {&kConvict, &kAcquit},   {&kHigher, &kLowerThan},  {&kLarger, &kSmaller},
      {&kStronger, &kWeaker}, {&kEarlier, &kLater},
  };
  return kPairs;
}

struct Table {
  std::map<std::string, std::vector<std::string>> opposites;
  std::map<std::string, std::vector<std::string>> forms;
};

const Table& table() {
  static const Table kTable = [] {
    Table t;
    std::map<std::string, std::set<std::string>> opposites;
    for (const auto& [a, b] : pairs()) {
      for (const std::string& w : *a) {
        opposites[w].insert(b->begin(), b->end());
        t.forms[w] = *a;
      }
      for (const std::string& w : *b) {
        opposites[w].insert(a->begin(), a->end());
        t.forms[w] = *b;
      }
    }
    for (auto& [w, others] : opposites) t.opposites[w].assign(others.begin(), others.end());
    return t;
  }();
  return kTable;
}

const std::vector<std::string>& find_in(const std::map<std::string, std::vector<std::string>>& m,
                                        const std::string& word) {
  static const std::vector<std::string> kNone;
  const auto it = m.find(word);
  return it == m.end() ? kNone : it->second;
}

}  // namespace

const std::vector<std::string>& opposites_of(const std::string& word) {
  return find_in(table().opposites, word);
}

const std::vector<std::string>& forms_of(const std::string& word) {
  return find_in(table().forms, word);
}

}  // namespace lmz::ground
