// The primer (cm/primer.h): what the built-in model reads before its input.
#include "cm/primer.h"

#include <gtest/gtest.h>

#include <string>

#include "cm/cm_model.h"
#include "cm/cm_test_util.h"
#include "codec/cm_chunk_codec.h"

namespace lmz::cm {
namespace {

// Written for this test; none of its sentences is in the primer.
const std::string kParagraph =
    "The museum reopened on Saturday after a two-year renovation that cost more than expected. Visitors queued "
    "along the river before the doors opened, and by the afternoon the staff had counted almost four thousand "
    "people. The new galleries are brighter and easier to find your way around, and for the first time the "
    "collection of letters and photographs from the old harbour is on display.\n";

ByteSpan bytes(const std::string& s) {
  return {reinterpret_cast<const uint8_t*>(s.data()), s.size()};
}

using test_support::predictions;

TEST(Primer, IsEnglishProse) {
  const std::span<const uint8_t> text = primer();
  ASSERT_GT(text.size(), 16000u);
  size_t letters = 0, spaces = 0;
  for (const uint8_t c : text) {
    ASSERT_TRUE(c == '\n' || (c >= 32 && c < 127) || c >= 128) << "control byte " << int{c};
    letters += ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') ? 1 : 0;
    spaces += c == ' ' ? 1 : 0;
  }
  EXPECT_GT(letters, text.size() * 3 / 4);
  EXPECT_GT(spaces, text.size() / 8);
}

TEST(Primer, SharedPrimedModelIsTheModelThatReadsThePrimer) {
  for (const int level : {1, 5, 9}) {
    CmParams params;
    params.level = level;
    params.input_bytes = kParagraph.size();
    ASSERT_NE(CmModel::shared_primed_model(params), nullptr) << level;
    CmModel copied(params);
    CmModel reader(params, true);
    const std::vector<uint32_t> expected = predictions(reader, bytes(kParagraph));
    EXPECT_EQ(predictions(copied, bytes(kParagraph)), expected) << level;
    copied.reset();
    EXPECT_EQ(predictions(copied, bytes(kParagraph)), expected) << level;
  }
}

TEST(Primer, ShortEnglishTextCostsLessPrimed) {
  CmParams primed;
  primed.input_bytes = kParagraph.size();
  CmParams unprimed = primed;
  unprimed.primed = false;
  CmModel with(primed);
  CmModel without(unprimed);
  const size_t with_bytes = codec::cm_encode(with, bytes(kParagraph)).size();
  const size_t without_bytes = codec::cm_encode(without, bytes(kParagraph)).size();
  EXPECT_LT(with_bytes * 100, without_bytes * 85) << with_bytes << " against " << without_bytes;
}

TEST(Primer, OnlyShortInputsAreCodedAfterIt) {
  CmParams params;
  params.input_bytes = CmParams::kMaxPrimedInput;
  EXPECT_TRUE(params.reads_primer());
  params.input_bytes = CmParams::kMaxPrimedInput + 1;
  EXPECT_FALSE(params.reads_primer());
  EXPECT_EQ(CmModel::shared_primed_model(params), nullptr);
  params.input_bytes = 0;  // unknown
  EXPECT_FALSE(params.reads_primer());
  // A long input's model is the model of revision 2.
  params.input_bytes = 100000;
  CmParams unprimed = params;
  unprimed.primed = false;
  CmModel a(params);
  CmModel b(unprimed);
  EXPECT_EQ(predictions(a, bytes(kParagraph)), predictions(b, bytes(kParagraph)));
}

}  // namespace
}  // namespace lmz::cm
