#include "cm/cm_model.h"

#include <gtest/gtest.h>

#include <cmath>

#include "cm/cm_test_util.h"
#include "codec/cm_chunk_codec.h"
#include "test_util.h"

namespace lmz::cm {
namespace {

using test_support::predictions;

CmParams small_params() {
  CmParams p;
  p.level = 1;
  return p;
}

TEST(CmModel, ResetGivesTheSamePredictionsAsANewModel) {
  const Bytes data = test::text_bytes(20000, 1);
  CmModel a(small_params());
  const std::vector<uint32_t> first = predictions(a, data);
  a.reset();
  EXPECT_EQ(predictions(a, data), first);
  CmModel b(small_params());
  EXPECT_EQ(predictions(b, data), first);
}

TEST(CmModel, ProbabilitiesStayInsideTheCodersRange) {
  const Bytes data = test::random_bytes(5000, 2);
  CmModel m(small_params());
  for (const uint32_t p : predictions(m, data)) {
    ASSERT_GT(p, 0u);
    ASSERT_LT(p, 65536u);
  }
}

TEST(CmModel, LearnsRepetitiveText) {
  const Bytes data = test::text_bytes(100000, 3);
  CmModel m(small_params());
  const Bytes payload = codec::cm_encode(m, data);
  // The vocabulary has 25 words: far below 2 bits per byte once learned.
  EXPECT_LT(8.0 * payload.size() / data.size(), 2.5);
}

// DESIGN.md, coding cost: the payload is within 0.1% of the model's ideal
// code length (the sum of -log2 p over every coded bit) plus the flush.
TEST(CmModel, PayloadIsWithinATenthOfAPercentOfTheIdealCodeLength) {
  Bytes data = test::text_bytes(200000, 4);
  if (test::have_shared()) {
    Result<Bytes> alice = read_file(test::shared_dir() + "/corpus/alice29.txt");
    ASSERT_TRUE(alice.ok());
    data = *alice;
  }
  CmModel m(CmParams{});
  double ideal_bits = 0;
  for (const uint8_t byte : data) {
    int shift = 7;
    m.code_byte([&](uint32_t p) {
      const int bit = (byte >> shift--) & 1;
      const double q = p / 65536.0;
      ideal_bits += -std::log2(bit ? q : 1 - q);
      return bit;
    });
  }
  CmModel fresh(CmParams{});
  const Bytes payload = codec::cm_encode(fresh, data);
  const double coded_bits = 8.0 * payload.size();
  EXPECT_LE(coded_bits, ideal_bits * 1.001 + 32) << "ideal " << ideal_bits << " coded " << coded_bits;
  RecordProperty("ideal_bits", std::to_string(ideal_bits));
  RecordProperty("coded_bits", std::to_string(coded_bits));
}

TEST(CmModel, DecodesWhatItEncodesAtEveryContextSet) {
  const Bytes data = test::text_bytes(30000, 5);
  for (const int level : {3, 5, 7}) {  // 3, 5 and 7 hashed contexts
    CmParams params;
    params.level = level;
    params.input_bytes = data.size();
    CmModel enc(params), dec(params);
    const Bytes payload = codec::cm_encode(enc, data);
    Bytes back(data.size());
    ASSERT_TRUE(codec::cm_decode(dec, payload, back).ok()) << level;
    EXPECT_EQ(back, data) << level;
  }
}

}  // namespace
}  // namespace lmz::cm
