#include "core/thread_pool.h"

#include <gtest/gtest.h>

#include <atomic>
#include <set>

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
