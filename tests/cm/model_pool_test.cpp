// Pooled models (cm/model_pool.h): a model handed out again predicts what a
// new one would, whatever it saw before.
#include "cm/model_pool.h"

#include <gtest/gtest.h>

#include <string>

#include "cm/cm_test_util.h"
#include "test_util.h"

namespace lmz::cm {
namespace {

using test_support::predictions;

TEST(ModelPool, AReturnedModelStartsAsANewOne) {
  const Bytes text = test::text_bytes(3000, 11);
  const Bytes other = test::text_bytes(3000, 12);
  for (const int level : {1, 5, 9}) {
    CmParams params;
    params.level = level;
    const CmParams sized = params.sized_for(text.size());
    CmModel fresh(sized);
    const std::vector<uint32_t> expected = predictions(fresh, text);
    for (int round = 0; round < 3; ++round) {
      {
        PooledModel used = borrow_model(sized);
        predictions(*used, other);  // leaves its tables full of another text
      }
      PooledModel again = borrow_model(sized);
      EXPECT_EQ(predictions(*again, text), expected) << "level " << level << ", round " << round;
    }
  }
}

// Unprimed models (inputs over 64 KiB) are never kept: each is new.
TEST(ModelPool, LargeInputsGetNewModels) {
  CmParams params;
  params.level = 2;
  const CmParams large = params.sized_for(uint64_t{1} << 20);
  ASSERT_FALSE(large.reads_primer());
  const Bytes text = test::text_bytes(2000, 3);
  CmModel fresh(large);
  const std::vector<uint32_t> expected = predictions(fresh, text);
  for (int round = 0; round < 2; ++round) {
    PooledModel model = borrow_model(large);
    EXPECT_EQ(predictions(*model, text), expected);
  }
}

}  // namespace
}  // namespace lmz::cm
