#include <gtest/gtest.h>

#include <fstream>
#include <initializer_list>
#include <sstream>

#include "codec/llm_chunk_codec.h"
#include "codec/stream_codec.h"
#include "llm/kernels.h"
#include "llm/tiny_model.h"
#include "test_util.h"

namespace lmz::codec {
namespace {

CompressOptions llm_options(std::shared_ptr<const llm::LlamaModel> model, uint32_t ctx = 32, bool mix = false) {
  CompressOptions o;
  o.llm_model = std::move(model);
  o.llm_ctx = ctx;
  o.llm_mix = mix;
  o.chunk_size = kMinChunkSize;
  return o;
}

Bytes compress_ok(ByteSpan data, const CompressOptions& options) {
  Result<Bytes> archive = compress_bytes(data, options);
  EXPECT_TRUE(archive.ok()) << archive.status().message();
  return archive.ok() ? *archive : Bytes{};
}

void expect_round_trip(ByteSpan data, const CompressOptions& options) {
  const Bytes archive = compress_ok(data, options);
  DecompressOptions d;
  d.llm_model = options.llm_model;
  Result<Bytes> back = decompress_bytes(archive, d);
  ASSERT_TRUE(back.ok()) << back.status().message();
  ASSERT_EQ(back->size(), data.size());
  EXPECT_TRUE(std::equal(back->begin(), back->end(), data.begin()));
}

// Decodes `archive` with `m` at each thread count, expecting `data`.
void expect_decodes(const Bytes& archive, const std::shared_ptr<const llm::LlamaModel>& m, const Bytes& data,
                    std::initializer_list<int> thread_counts) {
  for (const int threads : thread_counts) {
    DecompressOptions d;
    d.threads = threads;
    d.llm_model = m;
    Result<Bytes> back = decompress_bytes(archive, d);
    ASSERT_TRUE(back.ok()) << back.status().message();
    EXPECT_EQ(*back, data);
  }
}

std::shared_ptr<const llm::LlamaModel> load_stories() {
  Result<std::unique_ptr<llm::LlamaModel>> loaded =
      llm::LlamaModel::load(test::shared_dir() + "/models/stories260K.gguf");
  EXPECT_TRUE(loaded.ok()) << loaded.status().message();
  return loaded.ok() ? std::shared_ptr<const llm::LlamaModel>(std::move(*loaded)) : nullptr;
}

Bytes as_bytes(const std::string& s) {
  return Bytes(s.begin(), s.end());
}

// Every damaged byte of an archive of `m`'s is refused.
void expect_damage_detected(const std::shared_ptr<const llm::LlamaModel>& m, const CompressOptions& options) {
  const Bytes archive = compress_ok(test::text_bytes(2000, 9), options);
  DecompressOptions d;
  d.llm_model = m;
  for (size_t at = 20; at < archive.size(); at += 7) {
    Bytes bad = archive;
    bad[at] ^= 0x10;
    EXPECT_FALSE(decompress_bytes(bad, d).ok()) << at;
  }
}

class LlmCodec : public ::testing::TestWithParam<int> {
 protected:
  // 0: byte tokens; 1: no byte tokens (escapes); 2: quantized weights; 3-5:
  // the same, coded mixed with the built-in model.
  std::shared_ptr<const llm::LlamaModel> model() {
    test::TinyModelSpec spec;
    spec.byte_tokens = GetParam() % 3 != 1;
    spec.quantized = GetParam() % 3 == 2;
    return test::tiny_model(spec);
  }
  CompressOptions options(std::shared_ptr<const llm::LlamaModel> m) {
    return llm_options(std::move(m), 32, GetParam() >= 3);
  }
};

TEST_P(LlmCodec, AnyBytesRoundTrip) {
  const std::shared_ptr<const llm::LlamaModel> m = model();
  ASSERT_NE(m, nullptr);
  const std::string space_mark = "\xe2\x96\x81";
  std::vector<Bytes> inputs = {
      as_bytes("a"),
      as_bytes(" "),
      as_bytes("  leading spaces and the end "),
      as_bytes("the cat is on the mat. The dog, it is in the garden!"),
      as_bytes(space_mark + "literal marks" + space_mark + space_mark + " and " + space_mark),
      as_bytes("caf\xc3\xa9 \xe2\x82\xac 10 \xf0\x9f\x98\x80 emoji"),
      as_bytes("invalid \xff\xfe utf-8 \xc3 \x80\x80 cut"),
      as_bytes("<s> </s> <unk> <0x41> control texts"),
      test::text_bytes(3000, 5),  // longer than the window: many rebuilds
      test::random_bytes(1500, 6),
  };
  Bytes all_values;
  for (int b = 0; b < 256; ++b) all_values.push_back(static_cast<uint8_t>(b));
  inputs.push_back(all_values);
  for (const Bytes& in : inputs) expect_round_trip(in, options(m));
  expect_round_trip(Bytes{}, options(m));
}

TEST_P(LlmCodec, ThreadsAndChunksDoNotChangeTheArchive) {
  const std::shared_ptr<const llm::LlamaModel> m = model();
  const Bytes data = test::text_bytes(3 * kMinChunkSize + 100, 7);
  CompressOptions one = options(m), two = options(m);
  two.threads = 2;
  const Bytes a = compress_ok(data, one);
  EXPECT_EQ(a, compress_ok(data, two));
  llm::set_scalar_kernels(true);
  const Bytes scalar = compress_ok(data, one);
  llm::set_scalar_kernels(false);
  EXPECT_EQ(a, scalar);
  expect_decodes(a, m, data, {1, 3});
}

INSTANTIATE_TEST_SUITE_P(Models, LlmCodec, ::testing::Values(0, 1, 2, 3, 4, 5));

TEST(LlmCodecMixed, ArchivesNameTheModeAndDecodeWithoutBeingTold) {
  const std::shared_ptr<const llm::LlamaModel> m = test::tiny_model();
  const Bytes data = test::text_bytes(5000, 31);
  CompressOptions o = llm_options(m, 32, true);
  o.cm.level = 3;
  const Bytes mixed = compress_ok(data, o);
  Result<ArchiveInfo> info = read_archive_info(source_of(mixed));
  ASSERT_TRUE(info.ok()) << info.status().message();
  ASSERT_TRUE(info->llm.has_value());
  ASSERT_TRUE(info->llm->mix.has_value());
  EXPECT_EQ(info->llm->mix->level, 3);
  const Bytes plain = compress_ok(data, llm_options(m, 32, false));
  EXPECT_NE(mixed, plain);
  DecompressOptions d;
  d.llm_model = m;
  for (const Bytes* archive : {&mixed, &plain}) {
    Result<Bytes> back = decompress_bytes(*archive, d);
    ASSERT_TRUE(back.ok()) << back.status().message();
    EXPECT_EQ(*back, data);
  }
}

// Mode bit 4 names the mixed coding's revision; it is refused without
// mixing (bit 0) and with an unknown bit beside it.
TEST(LlmCodecMixed, TheModeByteNamesTheMixedCodingsRevision) {
  LlmParams params;
  params.n_ctx = 32;
  params.model_name = "m.gguf";
  params.mix = cm::CmParams{};
  for (const mix::Revision revision : {mix::Revision::kFirst, mix::Revision::kCertainAlone}) {
    params.mix_revision = revision;
    Result<LlmParams> back = decode_llm_params(encode_llm_params(params));
    ASSERT_TRUE(back.ok()) << back.status().message();
    EXPECT_EQ(back->mix_revision, revision);
    Result<LlmParams> compact = decode_llm_params_compact(encode_llm_params_compact(params));
    ASSERT_TRUE(compact.ok()) << compact.status().message();
    EXPECT_EQ(compact->mix_revision, revision);
  }
  Bytes bytes = encode_llm_params(params);
  const size_t mode = 71 + params.model_name.size();
  ASSERT_EQ(bytes[mode] & 0x11, 0x11);
  bytes[mode] = static_cast<uint8_t>(bytes[mode] & ~1);  // bit 4 without mixing
  bytes.resize(mode + 1);                                // (and so without the built-in model's params)
  EXPECT_EQ(decode_llm_params(bytes).status().code(), ErrorCode::kCorrupt);
  bytes = encode_llm_params(params);
  bytes[mode] = static_cast<uint8_t>(bytes[mode] | 0x20);
  EXPECT_EQ(decode_llm_params(bytes).status().code(), ErrorCode::kCorrupt);
}

// A one-chunk archive whose chunk the token model does not code (stored,
// or left by the mixed coding to the built-in model alone) is the built-in
// model's archive, byte for byte, and decodes without the GGUF model.
void expect_built_in_archive(const std::shared_ptr<const llm::LlamaModel>& m, const Bytes& data, uint32_t ctx) {
  for (const bool compact : {true, false}) {
    CompressOptions mixed = llm_options(m, ctx, true);
    mixed.chunk_size = 1 << 20;
    mixed.compact = compact;
    CompressOptions cm;
    cm.chunk_size = 1 << 20;
    cm.compact = compact;
    const Bytes a = compress_ok(data, mixed);
    EXPECT_EQ(a, compress_ok(data, cm));
    Result<Bytes> back = decompress_bytes(a, DecompressOptions{});
    ASSERT_TRUE(back.ok()) << back.status().message();
    EXPECT_EQ(*back, data);
  }
}

TEST(LlmCodecMixed, StoredChunksNeedNoModel) {
  expect_built_in_archive(test::tiny_model(), test::random_bytes(3000, 42), 32);
}

TEST(LlmCodecMixed, WhereTheBuiltInModelAloneWinsTheArchiveIsItsOwn) {
  LMZ_REQUIRE_SHARED();  // markup, which the model of children's stories codes worse than the built-in model
  const std::shared_ptr<const llm::LlamaModel> m = load_stories();
  ASSERT_TRUE(m);
  Result<Bytes> html = read_file(test::shared_dir() + "/corpus/html");
  ASSERT_TRUE(html.ok());
  html->resize(20000);
  expect_built_in_archive(m, *html, 128);
}

// The opening of a story the model knows, too short for the mixer to learn
// anything: the token model alone codes it best.
Bytes story_opening() {
  Result<Bytes> story = read_file(test::shared_dir() + "/models/reference/tinystory.txt");
  EXPECT_TRUE(story.ok());
  if (!story.ok()) return {};
  story->resize(1000);
  return *story;
}

// From revision 2 on, a mixed chunk the token model codes in fewer bytes
// alone is its own range-coded stream (flag 2), which decodes; revision 1
// knows no such flag.
TEST(LlmCodecMixed, WhereTheTokenModelAloneWinsItsStreamIsKept) {
  LMZ_REQUIRE_SHARED();
  const std::shared_ptr<const llm::LlamaModel> m = load_stories();
  ASSERT_TRUE(m);
  const Bytes data = story_opening();
  LlmChunkCodec unmixed(*m, 128);
  LlmChunkCodec mixed(*m, 128, 1, cm::CmParams{});
  const Bytes alone = unmixed.encode(data);
  const Bytes payload = mixed.encode(data);
  ASSERT_EQ(payload[0], LlmChunkCodec::kFlagModelAlone | alone[0]);
  EXPECT_TRUE(std::equal(payload.begin() + 1, payload.end(), alone.begin() + 1, alone.end()));
  Bytes out;
  ASSERT_TRUE(mixed.decode(payload, data.size(), out).ok());
  EXPECT_EQ(out, data);
  LlmChunkCodec first(*m, 128, 1, cm::CmParams{}, llm::Window::kSlide, llm::Activations::kInt8, mix::Revision::kFirst);
  EXPECT_EQ(first.decode(payload, data.size(), out).code(), ErrorCode::kCorrupt);
  Bytes unknown = payload;
  unknown[0] |= 4;
  EXPECT_EQ(mixed.decode(unknown, data.size(), out).code(), ErrorCode::kCorrupt);
}

// A one-chunk archive of it is the unmixed token model's archive: in the
// compact form byte for byte, in the full form as small, with no built-in
// model's parameters.
TEST(LlmCodecMixed, WhereTheTokenModelAloneWinsTheArchiveIsTheUnmixedOne) {
  LMZ_REQUIRE_SHARED();
  const std::shared_ptr<const llm::LlamaModel> m = load_stories();
  ASSERT_TRUE(m);
  const Bytes data = story_opening();
  for (const bool compact : {true, false}) {
    CompressOptions mixed = llm_options(m, 128, true);
    mixed.compact = compact;
    CompressOptions plain = llm_options(m, 128, false);
    plain.compact = compact;
    const Bytes a = compress_ok(data, mixed);
    const Bytes b = compress_ok(data, plain);
    if (compact) {
      EXPECT_EQ(a, b);
    }
    EXPECT_EQ(a.size(), b.size());
    Result<ArchiveInfo> info = read_archive_info(source_of(a));
    ASSERT_TRUE(info.ok()) << info.status().message();
    ASSERT_TRUE(info->llm.has_value());
    EXPECT_FALSE(info->llm->mix.has_value());
    expect_round_trip(data, mixed);
  }
}

// Chunks of a longer archive choose each its own coding, and decode at any
// thread count.
TEST(LlmCodecMixed, ChunksChooseTheirCodingEach) {
  LMZ_REQUIRE_SHARED();
  const std::shared_ptr<const llm::LlamaModel> m = load_stories();
  ASSERT_TRUE(m);
  Bytes data = story_opening();
  Result<Bytes> html = read_file(test::shared_dir() + "/corpus/html");
  ASSERT_TRUE(html.ok());
  data.insert(data.end(), html->begin(), html->begin() + 9000);
  CompressOptions o = llm_options(m, 128, true);  // chunks of 4096 bytes
  o.threads = 2;
  expect_decodes(compress_ok(data, o), m, data, {1, 2});
}

TEST(LlmCodecMixed, CorruptPayloadsFailCleanly) {
  const std::shared_ptr<const llm::LlamaModel> m = test::tiny_model();
  expect_damage_detected(m, llm_options(m, 32, true));
  cm::CmParams cm;
  LlmChunkCodec codec(*m, 32, 1, cm);
  for (uint64_t seed = 0; seed < 20; ++seed) {
    Bytes garbage = test::random_bytes(40, seed);
    garbage[0] = static_cast<uint8_t>(seed % 4 == 0 ? 4 : seed % 4 == 1 ? 2 + (seed / 4) % 2 : seed % 2);
    Bytes out;
    (void)codec.decode(garbage, 300, out);
    EXPECT_LE(out.size(), 300u);
  }
  // A built-in model stream may not claim more bytes than its payload can code.
  Bytes tiny(kLlmPayloadHeaderBytes + 2, 0);
  tiny[0] = 4;
  Bytes out;
  EXPECT_FALSE(codec.decode(tiny, 1 << 20, out).ok());
}

TEST(LlmCodecModel, TheDecoderNeedsTheSameModel) {
  const std::shared_ptr<const llm::LlamaModel> m = test::tiny_model();
  const Bytes archive = compress_ok(test::text_bytes(1500, 11), llm_options(m));
  Result<ArchiveInfo> info = read_archive_info(source_of(archive));
  ASSERT_TRUE(info.ok());
  ASSERT_EQ(info->header.model, ModelKind::kLlm) << "a stored chunk needs no model: choose another text";
  DecompressOptions none;
  Result<Bytes> back = decompress_bytes(archive, none);
  ASSERT_FALSE(back.ok());
  EXPECT_EQ(back.status().code(), ErrorCode::kModelMismatch);
  EXPECT_NE(back.status().message().find("--model"), std::string::npos);
  // A short input's compact archive names the model by the first 8 bytes of its hash.
  EXPECT_NE(back.status().message().find(to_hex(m->file_sha256()).substr(0, 16)), std::string::npos);

  test::TinyModelSpec other_spec;
  other_spec.seed = 2;
  DecompressOptions other;
  other.llm_model = test::tiny_model(other_spec);
  back = decompress_bytes(archive, other);
  ASSERT_FALSE(back.ok());
  EXPECT_EQ(back.status().code(), ErrorCode::kModelMismatch);
  EXPECT_NE(back.status().message().find(to_hex(m->file_sha256()).substr(0, 16)), std::string::npos)
      << back.status().message();
}

TEST(LlmCodecModel, CorruptPayloadsFailCleanly) {
  const std::shared_ptr<const llm::LlamaModel> m = test::tiny_model();
  expect_damage_detected(m, llm_options(m));
  // The chunk decoder alone, fed garbage, errs or decodes wrong bytes, never crashes.
  LlmChunkCodec codec(*m, 32);
  for (uint64_t seed = 0; seed < 20; ++seed) {
    const Bytes garbage = test::random_bytes(40, seed);
    Bytes out;
    (void)codec.decode(garbage, 300, out);
    EXPECT_LE(out.size(), 300u);
  }
}

TEST(LlmCodecModel, PayloadIsCloseToTheIdealCodeLength) {
  const std::shared_ptr<const llm::LlamaModel> m = test::tiny_model();
  const Bytes data = test::text_bytes(60000, 10);
  CompressOptions o = llm_options(m, 64);
  o.chunk_size = 1 << 20;
  o.compact = false;  // the full form records the code lengths
  const Bytes archive = compress_ok(data, o);
  Result<ArchiveInfo> info = read_archive_info(source_of(archive));
  ASSERT_TRUE(info.ok()) << info.status().message();
  ASSERT_TRUE(info->llm.has_value());
  EXPECT_EQ(info->llm->n_ctx, 64u);
  EXPECT_EQ(info->llm->model_name, "tiny.gguf");
  const double coded_bits = 8.0 * static_cast<double>(info->modelled_payload_bytes);
  EXPECT_GT(info->ideal_bits, 0.0);
  EXPECT_LT(coded_bits, info->table_bits * 1.001) << coded_bits << " vs " << info->table_bits;
  EXPECT_GT(coded_bits, info->table_bits);
  // On the model's own kind of text the tables' floor matters little.
  EXPECT_NEAR(info->table_bits / info->ideal_bits, 1.0, 0.01) << info->table_bits << " vs " << info->ideal_bits;
}

TEST(LlmCodecModel, StoriesCodesTinyStoryNearItsScoring) {
  LMZ_REQUIRE_SHARED();
  const std::shared_ptr<const llm::LlamaModel> m = load_stories();
  ASSERT_TRUE(m);
  std::ifstream in(test::shared_dir() + "/models/reference/tinystory.txt", std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  const Bytes data = as_bytes(ss.str());
  CompressOptions o = llm_options(m, 512);
  const Bytes archive = compress_ok(data, o);
  Result<ArchiveInfo> info = read_archive_info(source_of(archive));
  ASSERT_TRUE(info.ok());
  // The whole story: about 1.6 bits per byte (the reference scores its first 1087 bytes at 0.83).
  EXPECT_LT(8.0 * static_cast<double>(archive.size()) / data.size(), 1.8);
  expect_round_trip(data, o);
  // Mixed with the built-in model: fewer bits than the model alone.
  CompressOptions mixed = llm_options(m, 512, true);
  mixed.chunk_size = 1 << 16;
  Result<ArchiveInfo> mixed_info = read_archive_info(source_of(compress_ok(data, mixed)));
  ASSERT_TRUE(mixed_info.ok());
  EXPECT_LT(mixed_info->modelled_payload_bytes, info->modelled_payload_bytes * 0.99);
  expect_round_trip(data, mixed);
}

}  // namespace
}  // namespace lmz::codec
