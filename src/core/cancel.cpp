#include "core/cancel.h"

namespace lmz {
namespace {
thread_local const Cancellation* t_current = nullptr;
}  // namespace

bool Cancellation::requested() const {
  if (requested_.load(std::memory_order_relaxed)) return true;
  const int64_t deadline = deadline_ns_.load(std::memory_order_relaxed);
  return deadline != INT64_MAX && Clock::now().time_since_epoch().count() >= deadline;
}

CancelScope::CancelScope(const Cancellation* cancellation) : previous_(t_current) {
  t_current = cancellation;
}

CancelScope::~CancelScope() {
  t_current = previous_;
}

Status cancelled_error() {
  return make_error(ErrorCode::kCancelled, "the work was cancelled (stopped, or past its time limit)");
}

const Cancellation* current_cancellation() {
  return t_current;
}

}  // namespace lmz
