#include "ground/place_names.h"

#include <map>

namespace lmz::ground {
namespace {

// Each group: a country's names and the adjectives or nouns for its people.
const std::vector<std::vector<std::string>>& groups() {
  static const std::vector<std::vector<std::string>> kGroups = {
      {"afghanistan", "afghan"},
      {"algeria", "algerian"},
      {"argentina", "argentine", "argentinian"},
      {"australia", "australian"},
      {"austria", "austrian"},
      {"bangladesh", "bangladeshi"},
      {"belgium", "belgian"},
      {"brazil", "brazilian"},
      {"britain", "british", "briton", "britons"},
      {"bulgaria", "bulgarian"},
      {"canada", "canadian"},
      {"chile", "chilean"},
      {"china", "chinese"},
      {"colombia", "colombian"},
      {"croatia", "croatian"},
      {"cuba", "cuban"},
      {"cyprus", "cypriot"},
      {"denmark", "danish", "dane", "danes"},
      {"egypt", "egyptian"},
      {"england", "english"},
      {"ethiopia", "ethiopian"},
      {"finland", "finnish", "finn"},
      {"france", "french"},
      {"germany", "german"},
      {"ghana", "ghanaian"},
      {"greece", "greek"},
      {"hungary", "hungarian"},
      {"iceland", "icelandic"},
      {"india", "indian"},
      {"indonesia", "indonesian"},
      {"iran", "iranian"},
      {"iraq", "iraqi"},
      {"ireland", "irish"},
      {"israel", "israeli"},
      {"italy", "italian"},
      {"japan", "japanese"},
      {"jordan", "jordanian"},
      {"kenya", "kenyan"},
      {"korea", "korean"},
      {"lebanon", "lebanese"},
      {"libya", "libyan"},
      {"malaysia", "malaysian"},
      {"mexico", "mexican"},
      {"morocco", "moroccan"},
      {"nepal", "nepalese", "nepali"},
      {"netherlands", "dutch"},
      {"nigeria", "nigerian"},
      {"norway", "norwegian"},
      {"pakistan", "pakistani"},
      {"peru", "peruvian"},
      {"philippines", "filipino", "philippine"},
      {"poland", "polish"},
      {"portugal", "portuguese"},
      {"romania", "romanian"},
      {"russia", "russian"},
      {"scotland", "scottish", "scot", "scots"},
      {"serbia", "serbian"},
      {"singapore", "singaporean"},
      {"somalia", "somali"},
      {"spain", "spanish"},
      {"sweden", "swedish", "swede"},
      {"switzerland", "swiss"},
      {"syria", "syrian"},
      {"taiwan", "taiwanese"},
      {"thailand", "thai"},
      {"tunisia", "tunisian"},
      {"turkey", "turkish"},
      {"uganda", "ugandan"},
      {"ukraine", "ukrainian"},
      {"vietnam", "vietnamese"},
      {"wales", "welsh"},
      {"yemen", "yemeni"},
      {"zimbabwe", "zimbabwean"},
  };
  return kGroups;
}

}  // namespace

const std::vector<std::string>& place_names_of(const std::string& word) {
  static const std::map<std::string, std::vector<std::string>> kOthers = [] {
    std::map<std::string, std::vector<std::string>> out;
    for (const std::vector<std::string>& g : groups()) {
      for (const std::string& w : g) {
        for (const std::string& other : g) {
          if (other != w) out[w].push_back(other);
        }
      }
    }
    return out;
  }();
  static const std::vector<std::string> kNone;
  const auto it = kOthers.find(word);
  return it == kOthers.end() ? kNone : it->second;
}

}  // namespace lmz::ground
