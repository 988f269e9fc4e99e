#include "core/worker_team.h"

#include <immintrin.h>

namespace lmz {
namespace {

// About 50-100 microseconds of pause instructions before a helper sleeps.
constexpr int kSpins = 1 << 14;

void pause() {
#if defined(__x86_64__) || defined(__i386__)
  _mm_pause();
#endif
}

}  // namespace

WorkerTeam::WorkerTeam(int n_threads) {
  // More threads than cores: a spinning helper would hold the core that the
  // thread it waits for needs, so helpers sleep at once.
  const unsigned cores = std::thread::hardware_concurrency();
  spins_ = cores != 0 && static_cast<unsigned>(n_threads) > cores ? 0 : kSpins;
  for (int part = 1; part < n_threads; ++part) helpers_.emplace_back([this, part] { help(part); });
}

WorkerTeam::~WorkerTeam() {
  stop_ = true;
  generation_.fetch_add(1, std::memory_order_release);
  generation_.notify_all();
  for (std::thread& t : helpers_) t.join();
}

void WorkerTeam::run(int parts, const std::function<void(int)>& job) {
  if (parts <= 1 || helpers_.empty()) {
    for (int part = 0; part < parts; ++part) job(part);
    return;
  }
  job_ = &job;
  parts_ = parts;
  // Every helper answers every job, with a part or without, so none is
  // still reading this job's fields when the next one is posted.
  pending_.store(static_cast<int>(helpers_.size()), std::memory_order_relaxed);
  generation_.fetch_add(1, std::memory_order_release);  // publishes job_ and parts_
  generation_.notify_all();
  job(0);
  for (int spin = 0; pending_.load(std::memory_order_acquire) != 0; ++spin) {
    if (spin < spins_) {
      pause();
    } else {
      std::this_thread::yield();
    }
  }
}

void WorkerTeam::help(int part) {
  uint64_t seen = 0;
  for (;;) {
    uint64_t now = generation_.load(std::memory_order_acquire);
    for (int spin = 0; now == seen; ++spin) {
      if (spin < spins_) {
        pause();
      } else {
        generation_.wait(seen, std::memory_order_acquire);
      }
      now = generation_.load(std::memory_order_acquire);
    }
    seen = now;
    if (stop_) return;
    if (part < parts_) (*job_)(part);
    pending_.fetch_sub(1, std::memory_order_acq_rel);
  }
}

}  // namespace lmz
