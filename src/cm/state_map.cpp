#include "cm/state_map.h"

namespace lmz::cm {

StateMap::StateMap(int n_contexts, int limit) : table_(n_contexts), limit_(limit) {
  reset();
}

}  // namespace lmz::cm
