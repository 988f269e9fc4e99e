// A team of threads for one fork-join loop after another, each a few
// microseconds to a few milliseconds long (the matrix products of one
// token). A ThreadPool's queue, futures and condition variables cost tens of
// microseconds a job, more than such a product takes; the team's helpers
// spin briefly on an atomic counter between jobs and only then sleep (on
// the counter, a futex), so a job starts on every thread within a
// microsecond while work keeps coming, and idle teams cost nothing.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <thread>
#include <vector>

namespace lmz {

class WorkerTeam {
 public:
  // n_threads in all: n_threads - 1 helpers and the caller of run().
  explicit WorkerTeam(int n_threads);
  ~WorkerTeam();
  WorkerTeam(const WorkerTeam&) = delete;
  WorkerTeam& operator=(const WorkerTeam&) = delete;

  int size() const { return static_cast<int>(helpers_.size()) + 1; }

  // Calls job(part) once for every part in [0, parts), parts <= size(), part
  // 0 on the calling thread, and returns when every part is done. One caller
  // at a time.
  void run(int parts, const std::function<void(int)>& job);

 private:
  void help(int part);

  std::vector<std::thread> helpers_;
  std::atomic<uint64_t> generation_{0};  // one more for every job, and for the stop
  std::atomic<int> pending_{0};          // helpers that have not yet answered the job
  const std::function<void(int)>* job_ = nullptr;
  int parts_ = 0;
  bool stop_ = false;
  int spins_ = 0;  // pauses before a helper sleeps
};

}  // namespace lmz
