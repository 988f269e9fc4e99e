// A fixed set of worker threads running submitted jobs in FIFO order. Each job
// receives the index of the worker that runs it (0..size()-1), so callers can
// keep one large scratch object per worker instead of one per job.
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <future>
#include <mutex>
#include <thread>
#include <vector>

#include "core/cancel.h"

namespace lmz {

class ThreadPool {
 public:
  explicit ThreadPool(int n_threads);
  ~ThreadPool();
  ThreadPool(const ThreadPool&) = delete;
  ThreadPool& operator=(const ThreadPool&) = delete;

  int size() const { return static_cast<int>(workers_.size()); }

  template <class F>
  auto submit(F job) -> std::future<decltype(job(0))> {
    using R = decltype(job(0));
    auto task = std::make_shared<std::packaged_task<R(int)>>(std::move(job));
    std::future<R> result = task->get_future();
    {
      std::lock_guard<std::mutex> lock(mutex_);
      // The job runs under the submitter's cancellation (core/cancel.h).
      queue_.emplace_back([task, cancel = current_cancellation()](int worker) {
        CancelScope scope(cancel);
        (*task)(worker);
      });
    }
    wake_.notify_one();
    return result;
  }

 private:
  void run(int worker);

  std::vector<std::thread> workers_;
  std::deque<std::function<void(int)>> queue_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
};

// Threads to use when the user asks for `requested` (0 = one per core).
int resolve_thread_count(int requested);

}  // namespace lmz
