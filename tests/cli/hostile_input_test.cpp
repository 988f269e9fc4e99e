// Hostile archives, memory limits and signals: crafted archives that declare
// far more than their payloads hold must fail fast and small, and an
// interrupted or starved lmz must leave no partial file.
#include <gtest/gtest.h>

#include <filesystem>

#include "codec/container.h"
#include "codec/llm_chunk_codec.h"
#include "codec/model_params.h"
#include "core/checksum.h"
#include "llm/llama_model.h"
#include "llm/tiny_model.h"
#include "test_util.h"

namespace lmz {
namespace {

using test::quote;
using test::run_shell;

// AddressSanitizer reserves terabytes of address space: `ulimit -v` cannot
// apply to its builds, which are checked with the time limit alone.
#if defined(__SANITIZE_ADDRESS__)
constexpr bool kAsan = true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
constexpr bool kAsan = true;
#else
constexpr bool kAsan = false;
#endif
#else
constexpr bool kAsan = false;
#endif

struct CraftedChunk {
  uint32_t original_bytes;
  Bytes payload;
};

// An archive whose frames declare what the test says, with every checksum
// that can be checked before decoding made right, so that only decoding can
// find it out.
Bytes craft_archive(codec::ModelKind model, const Bytes& params, uint32_t chunk_size,
                    const std::vector<CraftedChunk>& chunks) {
  codec::FileHeader header;
  header.model = model;
  header.model_params = params;
  header.chunk_size = chunk_size;
  header.single_chunk = chunks.size() == 1;
  header.version = header.single_chunk ? 2 : 1;
  Bytes out;
  codec::write_header(header, out);
  codec::ChunkTable table;
  for (const CraftedChunk& c : chunks) {
    codec::ChunkInfo info;
    info.method = codec::ChunkMethod::kModel;
    info.original_bytes = c.original_bytes;
    info.compressed_bytes = static_cast<uint32_t>(c.payload.size());
    info.checksum = 0x0123456789abcdefull;
    info.payload_checksum = xxh64(c.payload);
    codec::write_chunk_frame_header(info, out);
    out.insert(out.end(), c.payload.begin(), c.payload.end());
    table.chunks.push_back(info);
    table.total_bytes += c.original_bytes;
  }
  if (header.single_chunk) return out;
  const uint64_t table_offset = out.size();
  codec::write_table(table, out);
  codec::write_trailer({table_offset, out.size() - table_offset}, out);
  return out;
}

Bytes cm_params(int level) {
  cm::CmParams p;
  p.level = level;
  return codec::encode_cm_params(p);
}

class HostileInput : public ::testing::Test {
 protected:
  test::CommandResult lmz(const std::string& args) {
    return run_shell("cd " + quote(dir_.path()) + " && " + quote(test::lmz_binary()) + " " + args);
  }
  // Runs lmz under a 512 MB address-space limit and a 5 s time limit.
  test::CommandResult limited(const std::string& args, int megabytes = 512) {
    const std::string limit = kAsan ? "" : "ulimit -v " + std::to_string(megabytes * 1024) + "; ";
    return run_shell("cd " + quote(dir_.path()) + " && (" + limit + "timeout 5 " + quote(test::lmz_binary()) + " " +
                     args + ")");
  }
  void put(const std::string& name, const Bytes& data) { ASSERT_TRUE(write_file(dir_.file(name), data).ok()); }
  size_t temporaries() {
    size_t n = 0;
    for (const auto& e : std::filesystem::directory_iterator(dir_.path())) {
      n += e.path().filename().string().find("lmztmp") != std::string::npos;
    }
    return n;
  }

  test::TempDir dir_;
};

TEST_F(HostileInput, BuiltInModelBombsFailFastAndSmall) {
  const Bytes payload = test::random_bytes(100, 7);
  // 2^30 bytes declared from a 100-byte payload, at level 9: refused before decoding.
  put("one.lmz", craft_archive(codec::ModelKind::kCm, cm_params(9), 1u << 30, {{1u << 30, payload}}));
  test::CommandResult r = limited("-t one.lmz");
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_NE(r.output.find("more than the built-in model can code"), std::string::npos) << r.output;
  // Four such chunks in a multi-chunk archive.
  std::vector<CraftedChunk> four(4, CraftedChunk{1u << 30, payload});
  put("four.lmz", craft_archive(codec::ModelKind::kCm, cm_params(9), 1u << 30, four));
  r = limited("-t four.lmz");
  EXPECT_EQ(r.exit_code, 1) << r.output;
  // The largest size the bound allows: the decoder runs out of payload and stops.
  const uint32_t allowed = static_cast<uint32_t>(codec::max_cm_chunk_bytes(payload.size()));
  put("edge.lmz", craft_archive(codec::ModelKind::kCm, cm_params(9), 1u << 30, {{allowed, payload}}));
  r = limited("-d -c edge.lmz > out.bin");
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_NE(r.output.find("the payload ends after"), std::string::npos) << r.output;
  EXPECT_EQ(temporaries(), 0u);
}

TEST_F(HostileInput, TokenModelBombsFailFastAndSmall) {
  const Bytes model_file = test::tiny_model_gguf();
  put("tiny.gguf", model_file);
  Result<std::unique_ptr<llm::LlamaModel>> model = llm::LlamaModel::load(dir_.file("tiny.gguf"));
  ASSERT_TRUE(model.ok()) << model.status().message();
  codec::LlmParams params;
  params.model_sha256 = (*model)->file_sha256();
  params.tokenizer_id = (*model)->tokenizer().identity();
  params.n_ctx = codec::kMaxLlmContext;  // a 2^20-position window for a tiny model
  params.model_name = "tiny.gguf";
  Bytes payload(codec::kLlmPayloadHeaderBytes, 0);
  const Bytes coded = test::random_bytes(100, 8);
  payload.insert(payload.end(), coded.begin(), coded.end());
  put("llm.lmz",
      craft_archive(codec::ModelKind::kLlm, codec::encode_llm_params(params), 1u << 30, {{1u << 30, payload}}));
  const test::CommandResult r = limited("-t -m tiny.gguf llm.lmz");
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_EQ(r.output.find("terminate"), std::string::npos) << r.output;
}

TEST_F(HostileInput, ALongContextCostsMemoryOnlyForThePositionsUsed) {
  put("tiny.gguf", test::tiny_model_gguf());
  put("a.txt", test::text_bytes(3000, 5));
  // The cache of 2^20 positions would take far more than 300 MB.
  const test::CommandResult r = limited("-m tiny.gguf --ctx 1048576 a.txt", 300);
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_EQ(lmz("-dc -m tiny.gguf a.txt.lmz | cmp - a.txt").exit_code, 0);
}

TEST_F(HostileInput, OutOfMemoryIsAnErrorWithoutPartialOutput) {
  if (kAsan) GTEST_SKIP() << "ulimit -v does not apply under AddressSanitizer";
  put("big.txt", test::text_bytes(5u << 20, 6));
  // Level 9 wants 256 MB of tables for a 4 MiB chunk.
  const test::CommandResult r = limited("-9 -T1 big.txt", 200);
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_NE(r.output.find("not enough memory"), std::string::npos) << r.output;
  EXPECT_FALSE(path_exists(dir_.file("big.txt.lmz")));
  EXPECT_EQ(temporaries(), 0u);
}

TEST_F(HostileInput, SignalsLeaveNoTemporaryFile) {
  put("big.txt", test::text_bytes(3u << 20, 9));
  const std::string lmz_bin = quote(test::lmz_binary());
  // Ends lmz with `signal` once its temporary output exists (so its handlers
  // are in place: a background job of a shell starts with SIGINT ignored, and a
  // signal sent before main() would be lost); prints the status the shell saw.
  auto interrupted = [&](const std::string& args, const std::string& signal) {
    return run_shell("cd " + quote(dir_.path()) + " && { " + lmz_bin + " " + args +
                     " & p=$!; i=0; until ls -A | grep -q lmztmp || [ $i -ge 1000 ]; do sleep 0.02; i=$((i+1)); "
                     "done; kill -" +
                     signal + " $p; wait $p; echo status=$?; }");
  };
  const std::pair<const char*, int> signals[] = {{"INT", 130}, {"TERM", 143}, {"HUP", 129}};
  for (const auto& [name, status] : signals) {
    const test::CommandResult r = interrupted("-9 -T1 big.txt", name);
    EXPECT_NE(r.output.find("status=" + std::to_string(status)), std::string::npos) << name << ": " << r.output;
    EXPECT_FALSE(path_exists(dir_.file("big.txt.lmz"))) << name;
    EXPECT_EQ(temporaries(), 0u) << name;
  }
  ASSERT_EQ(lmz("-1 -T1 big.txt").exit_code, 0);
  std::filesystem::rename(dir_.file("big.txt"), dir_.file("orig.txt"));
  const test::CommandResult r = interrupted("-d -T1 big.txt.lmz", "INT");
  EXPECT_NE(r.output.find("status=130"), std::string::npos) << r.output;
  EXPECT_FALSE(path_exists(dir_.file("big.txt")));
  EXPECT_EQ(temporaries(), 0u);
  // A reader that goes away ends lmz quietly: no message about the pipe.
  const test::CommandResult piped = run_shell("cd " + quote(dir_.path()) + " && " + lmz_bin +
                                              " -dc big.txt.lmz 2>err.txt | head -c 10 > /dev/null; cat err.txt");
  EXPECT_EQ(piped.output, "");
}

}  // namespace
}  // namespace lmz
