#include "core/thread_pool.h"

#include <gtest/gtest.h>

#include <atomic>
#include <set>

#include "core/worker_team.h"

namespace lmz {
namespace {

TEST(ThreadPool, RunsEveryJobAndReportsWorkerIndex) {
  ThreadPool pool(3);
  std::vector<std::future<int>> results;
  for (int i = 0; i < 100; ++i) {
    results.push_back(pool.submit([i](int worker) {
      EXPECT_GE(worker, 0);
      EXPECT_LT(worker, 3);
      return i * i;
    }));
  }
  for (int i = 0; i < 100; ++i) EXPECT_EQ(results[i].get(), i * i);
}

TEST(ThreadPool, ResolvesAutomaticThreadCount) {
  EXPECT_EQ(resolve_thread_count(4), 4);
  EXPECT_GE(resolve_thread_count(0), 1);
}

}  // namespace
}  // namespace lmz

namespace lmz {
namespace {

TEST(WorkerTeam, EveryPartRunsOnceInEveryJob) {
  for (int threads : {1, 2, 3}) {
    WorkerTeam team(threads);
    ASSERT_EQ(team.size(), threads);
    std::vector<std::atomic<int>> counts(threads);
    int expected_total = 0;
    // Many short jobs in a row, with fewer parts than threads too: a helper
    // left behind by one job must never run a part of the next twice.
    for (int job = 0; job < 20000; ++job) {
      const int parts = 1 + job % threads;
      team.run(parts, [&](int part) { counts[part].fetch_add(1, std::memory_order_relaxed); });
      expected_total += parts;
    }
    int total = 0;
    for (int p = 0; p < threads; ++p) total += counts[p].load();
    EXPECT_EQ(total, expected_total);
    for (int p = 0; p < threads; ++p) {
      int expected = 0;
      for (int job = 0; job < 20000; ++job) expected += p < 1 + job % threads;
      EXPECT_EQ(counts[p].load(), expected) << "part " << p;
    }
  }
}

}  // namespace
}  // namespace lmz
