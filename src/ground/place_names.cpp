#include "ground/place_names.h"

#include <map>

namespace lmz::ground {
namespace {

// Each group: a country's or a continent's names and the adjectives or
// nouns for its people.
const std::vector<std::vector<std::string>>& groups() {
  static const std::vector<std::vector<std::string>> kGroups = {
      {"afghanistan", "afghan"},
      {"africa", "african"},
      {"albania", "albanian"},
      {"algeria", "algerian"},
      {"america", "american", "americans"},
      {"angola", "angolan"},
      {"antarctica", "antarctic"},
      {"argentina", "argentine", "argentinian"},
      {"armenia", "armenian"},
      {"asia", "asian"},
      {"australia", "australian"},
      {"austria", "austrian"},
      {"azerbaijan", "azerbaijani"},
      {"bahrain", "bahraini"},
      {"bangladesh", "bangladeshi"},
      {"belarus", "belarusian"},
      {"belgium", "belgian"},
      {"bolivia", "bolivian"},
      {"bosnia", "bosnian"},
      {"brazil", "brazilian"},
      {"britain", "british", "briton", "britons", "uk"},
      {"bulgaria", "bulgarian"},
      {"cambodia", "cambodian"},
      {"cameroon", "cameroonian"},
      {"canada", "canadian"},
      {"chile", "chilean"},
      {"china", "chinese"},
      {"colombia", "colombian"},
      {"croatia", "croatian"},
      {"cuba", "cuban"},
      {"cyprus", "cypriot"},
      {"czechia", "czech"},
      {"denmark", "danish", "dane", "danes"},
      {"ecuador", "ecuadorian"},
      {"egypt", "egyptian"},
      {"england", "english"},
      {"estonia", "estonian"},
      {"ethiopia", "ethiopian"},
      {"europe", "european"},
      {"finland", "finnish", "finn"},
      {"france", "french"},
      {"germany", "german"},
      {"ghana", "ghanaian"},
      {"greece", "greek"},
      {"haiti", "haitian"},
      {"hungary", "hungarian"},
      {"iceland", "icelandic"},
      {"india", "indian"},
      {"indonesia", "indonesian"},
      {"iran", "iranian"},
      {"iraq", "iraqi"},
      {"ireland", "irish"},
      {"israel", "israeli"},
      {"italy", "italian"},
      {"jamaica", "jamaican"},
      {"japan", "japanese"},
      {"jordan", "jordanian"},
      {"kazakhstan", "kazakh"},
      {"kenya", "kenyan"},
      {"korea", "korean"},
      {"kosovo", "kosovan"},
      {"kuwait", "kuwaiti"},
      {"latvia", "latvian"},
      {"lebanon", "lebanese"},
      {"libya", "libyan"},
      {"lithuania", "lithuanian"},
      {"malaysia", "malaysian"},
      {"malta", "maltese"},
      {"mexico", "mexican"},
      {"moldova", "moldovan"},
      {"mongolia", "mongolian"},
      {"montenegro", "montenegrin"},
      {"morocco", "moroccan"},
      {"mozambique", "mozambican"},
      {"myanmar", "burmese"},
      {"namibia", "namibian"},
      {"nepal", "nepalese", "nepali"},
      {"netherlands", "dutch"},
      {"nigeria", "nigerian"},
      {"norway", "norwegian"},
      {"oman", "omani"},
      {"pakistan", "pakistani"},
      {"paraguay", "paraguayan"},
      {"peru", "peruvian"},
      {"philippines", "filipino", "philippine"},
      {"poland", "polish"},
      {"portugal", "portuguese"},
      {"qatar", "qatari"},
      {"romania", "romanian"},
      {"russia", "russian"},
      {"rwanda", "rwandan"},
      {"scandinavia", "scandinavian"},
      {"scotland", "scottish", "scot", "scots"},
      {"senegal", "senegalese"},
      {"serbia", "serbian"},
      {"singapore", "singaporean"},
      {"slovakia", "slovak", "slovakian"},
      {"slovenia", "slovenian", "slovene"},
      {"somalia", "somali"},
      {"spain", "spanish"},
      {"sudan", "sudanese"},
      {"sweden", "swedish", "swede"},
      {"switzerland", "swiss"},
      {"syria", "syrian"},
      {"taiwan", "taiwanese"},
      {"tanzania", "tanzanian"},
      {"thailand", "thai"},
      {"tunisia", "tunisian"},
      {"turkey", "turkish"},
      {"uganda", "ugandan"},
      {"ukraine", "ukrainian"},
      {"uruguay", "uruguayan"},
      {"uzbekistan", "uzbek"},
      {"venezuela", "venezuelan"},
      {"vietnam", "vietnamese"},
      {"wales", "welsh"},
      {"yemen", "yemeni"},
      {"zambia", "zambian"},
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
