// The compact form (format version 4): its size, its checks, and that every
// damaged or cut archive fails cleanly.
#include "codec/compact_archive.h"

#include <gtest/gtest.h>

#include "codec/codec_test_util.h"
#include "llm/tiny_model.h"

namespace lmz::codec {
namespace {

using test_support::compress_or_die;
using test_support::small_options;

Result<Bytes> decode(ByteSpan archive, std::shared_ptr<const llm::LlamaModel> model = nullptr) {
  DecompressOptions d;
  d.llm_model = std::move(model);
  return decompress_bytes(archive, d);
}

// The bytes of an archive that are not its payload.
size_t container_bytes(ByteSpan archive) {
  Result<ArchiveInfo> info = read_archive_info(source_of(archive));
  EXPECT_TRUE(info.ok()) << info.status().message();
  if (!info.ok() || info->table.chunks.empty()) return archive.size();
  size_t payload = info->table.chunks[0].compressed_bytes;
  if (info->header.model == ModelKind::kLlm) payload -= kLlmCodeLengthBytes + 1;  // the payload's header as written
  return archive.size() - payload;
}

TEST(CompactArchive, ShortInputsAreWrittenCompactAndDecode) {
  for (const size_t n : {size_t{0}, size_t{1}, size_t{5}, size_t{3000}, size_t{65535}}) {
    SCOPED_TRACE(n);
    const Bytes data = test::text_bytes(n, 7);
    const Bytes archive = compress_or_die(data, small_options(1 << 20));
    ASSERT_GE(archive.size(), 4u);
    EXPECT_TRUE(std::equal(kCompactMagic.begin(), kCompactMagic.end(), archive.begin()));
    Result<Bytes> back = decode(archive);
    ASSERT_TRUE(back.ok()) << back.status().message();
    EXPECT_EQ(*back, data);
    if (n >= 5) {
      EXPECT_LE(container_bytes(archive), 24u);
    }
  }
  // 65,536 bytes and more: the full form.
  const Bytes big = compress_or_die(test::text_bytes(65536, 7), small_options(1 << 20));
  EXPECT_TRUE(std::equal(kMagic.begin(), kMagic.end(), big.begin()));
}

void expect_token_model_archive(const std::shared_ptr<const llm::LlamaModel>& m,
                                const std::shared_ptr<const llm::LlamaModel>& other, const Bytes& data, bool mix) {
  SCOPED_TRACE(mix);
  CompressOptions o;
  o.llm_model = m;
  o.llm_ctx = 64;
  o.llm_mix = mix;
  const Bytes archive = compress_or_die(data, o);
  Result<ArchiveInfo> info = read_archive_info(source_of(archive));
  ASSERT_TRUE(info.ok());
  ASSERT_EQ(info->header.model, ModelKind::kLlm);
  EXPECT_LE(container_bytes(archive), 40u);
  Result<Bytes> back = decode(archive, m);
  ASSERT_TRUE(back.ok()) << back.status().message();
  EXPECT_EQ(*back, data);
  Result<Bytes> wrong = decode(archive, other);
  ASSERT_FALSE(wrong.ok());
  EXPECT_EQ(wrong.status().code(), ErrorCode::kModelMismatch);
}

TEST(CompactArchive, TokenModelArchivesNameTheModelByAHashPrefix) {
  test::TinyModelSpec other;
  other.seed = 3;
  expect_token_model_archive(test::tiny_model(), test::tiny_model(other), test::text_bytes(3000, 8), false);
}

TEST(CompactArchive, MixedArchivesOfAStory) {
  LMZ_REQUIRE_SHARED();  // a model that codes its text better than the built-in model
  Result<std::unique_ptr<llm::LlamaModel>> stories =
      llm::LlamaModel::load(test::shared_dir() + "/models/stories260K.gguf");
  Result<std::unique_ptr<llm::LlamaModel>> f16 =
      llm::LlamaModel::load(test::shared_dir() + "/models/stories260K-f16.gguf");
  Result<Bytes> story = read_file(test::shared_dir() + "/models/reference/tinystory.txt");
  ASSERT_TRUE(stories.ok() && f16.ok() && story.ok());
  expect_token_model_archive(std::move(*stories), std::move(*f16), *story, true);
}

TEST(CompactArchive, LossyArchivesKeepTheirInputSize) {
  CompressOptions o = small_options(1 << 20);
  o.quality = 40;
  const Bytes data = test::text_bytes(4000, 9);
  const Bytes archive = compress_or_die(data, o);
  Result<ArchiveInfo> info = read_archive_info(source_of(archive));
  ASSERT_TRUE(info.ok()) << info.status().message();
  EXPECT_TRUE(info->header.compact);
  EXPECT_TRUE(info->header.lossy);
  EXPECT_EQ(info->header.quality, 40);
  EXPECT_EQ(info->input_bytes, data.size());
  EXPECT_TRUE(decode(archive).ok());
}

TEST(CompactArchive, EveryDamagedOrCutArchiveFails) {
  const Bytes data = test::text_bytes(600, 10);
  const Bytes archive = compress_or_die(data, small_options());
  for (size_t at = 0; at < archive.size(); ++at) {
    for (const uint8_t flip : {uint8_t{0x01}, uint8_t{0x80}}) {
      Bytes bad = archive;
      bad[at] ^= flip;
      EXPECT_FALSE(decode(bad).ok()) << at;
    }
  }
  for (size_t n = 0; n < archive.size(); ++n) {
    Result<Bytes> cut = decode(ByteSpan(archive).first(n));
    ASSERT_FALSE(cut.ok()) << n;
    EXPECT_TRUE(cut.status().code() == ErrorCode::kTruncated || cut.status().code() == ErrorCode::kBadMagic) << n;
  }
  Bytes trailing = archive;
  trailing.push_back(0);
  EXPECT_EQ(decode(trailing).status().code(), ErrorCode::kCorrupt);
}

TEST(CompactArchive, ConcatenatesWithEitherForm) {
  const Bytes a = test::text_bytes(700, 11), b = test::text_bytes(9000, 12), c = test::text_bytes(3, 13);
  CompressOptions full = small_options();
  Bytes joined = compress_or_die(a, small_options(1 << 20));
  const Bytes middle = compress_or_die(b, full);  // three chunks: version 1
  joined.insert(joined.end(), middle.begin(), middle.end());
  const Bytes last = compress_or_die(c, small_options(1 << 20));
  joined.insert(joined.end(), last.begin(), last.end());
  const Bytes empty = compress_or_die(Bytes{}, small_options());
  joined.insert(joined.end(), empty.begin(), empty.end());
  Result<Bytes> back = decode(joined);
  ASSERT_TRUE(back.ok()) << back.status().message();
  Bytes expected = a;
  expected.insert(expected.end(), b.begin(), b.end());
  expected.insert(expected.end(), c.begin(), c.end());
  EXPECT_EQ(*back, expected);
}

TEST(CompactArchive, ForgedSizesAreRefusedBeforeDecoding) {
  // A built-in model payload of 2 bytes may not claim 60,000 bytes.
  Bytes forged = {0x89, 'L', 'z', 0x04, 0x01, 0x02, 0x03, 0x05};
  ByteWriter w(forged);
  w.varint(60000);
  w.varint(2);
  w.u8(0);
  w.u8(0);
  w.u32(0);
  w.u32(0);
  Result<Bytes> r = decode(forged);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), ErrorCode::kCorrupt);
  EXPECT_NE(r.status().message().find("more than the built-in model can code"), std::string::npos)
      << r.status().message();
}

}  // namespace
}  // namespace lmz::codec
