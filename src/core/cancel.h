// Stopping long work early. A call runs under a Cancellation: a flag that
// another thread may raise, and an optional deadline. Its long loops ask
// stop_requested() at coarse steps (a few thousand bytes, one batch of
// tokens, one passage) and leave early; the call then reports kCancelled and
// keeps nothing of what it computed. A thread's cancellation travels with the
// jobs it submits to a ThreadPool.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>

#include "lmz/status.h"

namespace lmz {

class Cancellation {
 public:
  using Clock = std::chrono::steady_clock;

  void request() { requested_.store(true, std::memory_order_relaxed); }
  // The work stops once `deadline` has passed, as if requested then.
  void set_deadline(Clock::time_point deadline) {
    deadline_ns_.store(deadline.time_since_epoch().count(), std::memory_order_relaxed);
  }
  bool requested() const;

 private:
  std::atomic<bool> requested_{false};
  std::atomic<int64_t> deadline_ns_{INT64_MAX};
};

// Makes `cancellation` (may be null: none) this thread's for the scope's life.
class CancelScope {
 public:
  explicit CancelScope(const Cancellation* cancellation);
  ~CancelScope();
  CancelScope(const CancelScope&) = delete;
  CancelScope& operator=(const CancelScope&) = delete;

 private:
  const Cancellation* previous_;
};

const Cancellation* current_cancellation();

// Whether this thread's work should stop now (false without a cancellation).
inline bool stop_requested() {
  const Cancellation* c = current_cancellation();
  return c != nullptr && c->requested();
}

// The error of work that stopped because it was asked to.
Status cancelled_error();

}  // namespace lmz
