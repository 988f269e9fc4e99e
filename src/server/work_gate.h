// The gate requests pass to run a model: at most `running` at once and
// `waiting` in line, served first come first served; a request beyond that is
// refused at once (503) rather than queued without end. Each waiter sleeps
// on its own condition, and a leaving request hands its place to the first
// in line: no herd of waiters woken per request, and no waiter overtaken.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <mutex>

namespace lmz::server {

class WorkGate {
 public:
  WorkGate(int running, int waiting)
      : running_limit_(static_cast<size_t>(running)), waiting_limit_(static_cast<size_t>(waiting)) {}

  // True once the caller may run (it must then leave()); false at once when
  // every place and every place in line is taken.
  bool enter() {
    std::unique_lock<std::mutex> lock(mutex_);
    if (running_ < running_limit_ && line_.empty()) {
      ++running_;
      return true;
    }
    if (line_.size() >= waiting_limit_) return false;
    Waiter me;
    line_.push_back(&me);
    me.turn.wait(lock, [&] { return me.admitted; });
    return true;  // the place was handed over: running_ counts it already
  }

  void leave() {
    std::lock_guard<std::mutex> lock(mutex_);
    if (line_.empty()) {
      --running_;
      return;
    }
    Waiter* next = line_.front();
    line_.pop_front();
    next->admitted = true;
    next->turn.notify_one();
  }

  size_t waiting() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return line_.size();
  }

 private:
  struct Waiter {
    std::condition_variable turn;
    bool admitted = false;
  };
  const size_t running_limit_;
  const size_t waiting_limit_;
  size_t running_ = 0;
  std::deque<Waiter*> line_;
  mutable std::mutex mutex_;
};

}  // namespace lmz::server
