// lmz::Cancel: the public handle on a core Cancellation.
#include <algorithm>
#include <chrono>

#include "core/cancel.h"
#include "lmz/lmz.h"

namespace lmz {

Cancel::Cancel() : state_(std::make_shared<Cancellation>()) {}

Cancel Cancel::after(double seconds) {
  Cancel c;
  // Past a year, no limit: the clock's arithmetic must not overflow.
  const double limited = std::clamp(seconds, 0.0, 365.0 * 24 * 3600);
  c.state_->set_deadline(Cancellation::Clock::now() + std::chrono::duration_cast<Cancellation::Clock::duration>(
                                                          std::chrono::duration<double>(limited)));
  return c;
}

void Cancel::request() const {
  state_->request();
}

bool Cancel::requested() const {
  return state_->requested();
}

}  // namespace lmz
