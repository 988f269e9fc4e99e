// The lmz command with GGUF models: compress, decompress, list, generate.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "llm/tiny_model.h"
#include "test_util.h"

namespace lmz {
namespace {

using test::quote;
using test::run_shell;

class LlmCli : public ::testing::Test {
 protected:
  void SetUp() override {
    data_ = test::text_bytes(6000, 51);
    ASSERT_TRUE(write_file(dir_.file("a.txt"), data_).ok());
    ASSERT_TRUE(write_file(dir_.file("tiny.gguf"), test::tiny_model_gguf()).ok());
    test::TinyModelSpec other;
    other.seed = 9;
    ASSERT_TRUE(write_file(dir_.file("other.gguf"), test::tiny_model_gguf(other)).ok());
  }
  test::CommandResult lmz(const std::string& args, const std::string& env = "") {
    return run_shell("cd " + quote(dir_.path()) + " && " + env + " " + quote(test::lmz_binary()) + " " + args);
  }
  bool exists(const std::string& name) { return path_exists(dir_.file(name)); }

  test::TempDir dir_;
  Bytes data_;
};

TEST_F(LlmCli, CompressesAndDecompressesWithTheModel) {
  test::CommandResult r = lmz("-m tiny.gguf --ctx 64 a.txt");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  std::filesystem::rename(dir_.file("a.txt"), dir_.file("orig.txt"));
  r = lmz("-d -m tiny.gguf a.txt.lmz");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_EQ(*read_file(dir_.file("a.txt")), data_);
  // From LMZ_MODEL, to stdout, and -t.
  r = lmz("-dc a.txt.lmz > b.txt", "LMZ_MODEL=tiny.gguf");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_EQ(*read_file(dir_.file("b.txt")), data_);
  EXPECT_EQ(lmz("-t a.txt.lmz", "LMZ_MODEL=tiny.gguf").exit_code, 0);
}

TEST_F(LlmCli, WrongOrMissingModelIsRefusedAndLeavesNoFile) {
  ASSERT_EQ(lmz("-m tiny.gguf --no-mix --no-compact -c a.txt > full.lmz").exit_code, 0);
  test::CommandResult r = lmz("-d -c full.lmz");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.output.find("compressed with the model 'tiny.gguf'"), std::string::npos) << r.output;
  // The compact form names the model by the first bytes of its hash.
  ASSERT_EQ(lmz("-m tiny.gguf --no-mix a.txt").exit_code, 0);
  std::filesystem::remove(dir_.file("a.txt"));
  r = lmz("-d a.txt.lmz");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.output.find("compressed with the model whose SHA-256 begins "), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("--model or LMZ_MODEL"), std::string::npos) << r.output;
  r = lmz("-d -m other.gguf a.txt.lmz");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.output.find("wrong model: other.gguf has SHA-256"), std::string::npos) << r.output;
  EXPECT_FALSE(exists("a.txt"));
  r = lmz("-d -m missing.gguf a.txt.lmz");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.output.find("missing.gguf"), std::string::npos) << r.output;
  EXPECT_FALSE(exists("a.txt"));
}

TEST_F(LlmCli, ListShowsTheModelAndTheIdealCodeLength) {
  ASSERT_EQ(lmz("-m tiny.gguf --no-mix --no-compact --ctx 48 a.txt").exit_code, 0);
  test::CommandResult r = lmz("-l a.txt.lmz");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("model tiny.gguf (SHA-256 "), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("context 48"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("ideal code length"), std::string::npos) << r.output;
  r = lmz("-l --json a.txt.lmz");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const nlohmann::json j = nlohmann::json::parse(r.output)[0];
  EXPECT_EQ(j["model"], "llm");
  EXPECT_EQ(j["context"], 48);
  EXPECT_FALSE(j["mixed"].get<bool>());
  EXPECT_GT(j["ideal_bits"].get<double>(), 0.0);
  EXPECT_LT(j["coded_bits"].get<double>(), j["ideal_bits"].get<double>() * 1.01);
}

// Mixing is the default with a model; -l shows the model alone beside it.
// (A story and the model of stories: the random tiny model codes nothing
// better than the built-in model alone, whose archive it would then be.)
TEST_F(LlmCli, MixedIsTheDefaultAndListShowsBothCodeLengths) {
  LMZ_REQUIRE_SHARED();
  const std::string stories = quote(test::shared_dir() + "/models/stories260K.gguf");
  ASSERT_TRUE(write_file(dir_.file("a.txt"), *read_file(test::shared_dir() + "/models/reference/tinystory.txt")).ok());
  ASSERT_EQ(lmz("-m " + stories + " -3 --no-compact -c a.txt > mixed.lmz").exit_code, 0);
  ASSERT_EQ(lmz("-m " + stories + " -3 --mix --no-compact -c a.txt > mixed2.lmz").exit_code, 0);
  EXPECT_EQ(*read_file(dir_.file("mixed.lmz")), *read_file(dir_.file("mixed2.lmz")));
  test::CommandResult r = lmz("-l -v mixed.lmz");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("mixed with the built-in model (level 3)"), std::string::npos) << r.output;
  r = lmz("-l --json mixed.lmz");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const nlohmann::json j = nlohmann::json::parse(r.output)[0];
  EXPECT_TRUE(j["mixed"].get<bool>());
  EXPECT_EQ(j["mix_level"], 3);
  EXPECT_GT(j["mixed_bits"].get<double>(), 0.0);
  ASSERT_EQ(lmz("-d -m " + stories + " -c mixed.lmz > back.txt").exit_code, 0);
  EXPECT_EQ(*read_file(dir_.file("back.txt")), *read_file(dir_.file("a.txt")));
}

TEST_F(LlmCli, BadModelFilesAndOptionsAreReported) {
  ASSERT_TRUE(write_file(dir_.file("bad.gguf"), Bytes{'G', 'G', 'U', 'F', 3, 0, 0, 0}).ok());
  test::CommandResult r = lmz("-m bad.gguf a.txt");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.output.find("bad.gguf: GGUF: file ends inside the tensor count"), std::string::npos) << r.output;
  EXPECT_FALSE(exists("a.txt.lmz"));
  EXPECT_EQ(lmz("-m tiny.gguf --ctx 8 a.txt").exit_code, 2);
  EXPECT_EQ(lmz("generate -p hi").exit_code, 2);
}

TEST_F(LlmCli, GenerateIsDeterministic) {
  test::CommandResult a = lmz("generate -m tiny.gguf -p 'the cat' -n 10 --json");
  ASSERT_EQ(a.exit_code, 0) << a.output;
  const nlohmann::json j = nlohmann::json::parse(a.output);
  EXPECT_EQ(j["prompt_ids"][0], 1);
  EXPECT_LE(j["ids"].size(), 10u);
  EXPECT_EQ(lmz("generate -m tiny.gguf -p 'the cat' -n 10 --json").output, a.output);
  test::CommandResult s1 = lmz("generate -m tiny.gguf -p 'the cat' -n 10 --temp 1.0 --seed 5 --json");
  test::CommandResult s2 = lmz("generate -m tiny.gguf -p 'the cat' -n 10 --temp 1.0 --seed 5 --json", "LMZ_SIMD=0");
  ASSERT_EQ(s1.exit_code, 0) << s1.output;
  EXPECT_EQ(s1.output, s2.output);
}

// Past the window, generation goes on: the window slides. The tiny model's
// vocabulary has no end token it would pick at temperature 2.
TEST_F(LlmCli, GenerationGoesOnPastTheWindow) {
  test::CommandResult r = lmz("generate -m tiny.gguf --ctx 16 -p 'the cat' -n 60 --temp 2 --seed 3 --json");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const nlohmann::json j = nlohmann::json::parse(r.output);
  EXPECT_GT(j["ids"].size(), 16u);
  EXPECT_EQ(lmz("generate -m tiny.gguf --ctx 16 -p 'the cat' -n 60 --temp 2 --seed 3 --json", "LMZ_SIMD=0").output,
            r.output);
}

TEST_F(LlmCli, GenerateMatchesTheStoriesReference) {
  LMZ_REQUIRE_SHARED();
  std::ifstream in(test::shared_dir() + "/models/reference/stories260K.json");
  const nlohmann::json ref = nlohmann::json::parse(in);
  for (const nlohmann::json& g : ref["greedy"]) {
    const std::string model = test::shared_dir() + "/models/stories260K.gguf";
    test::CommandResult r =
        lmz("generate -m " + quote(model) + " --ctx 512 -n 252 --json -p " + quote(g["prompt"].get<std::string>()));
    ASSERT_EQ(r.exit_code, 0) << r.output;
    const nlohmann::json j = nlohmann::json::parse(r.output);
    EXPECT_EQ(j["prompt_ids"], g["prompt_ids"]);
    EXPECT_EQ(j["ids"], g["generated_ids"]);
    EXPECT_EQ(j["text"].get<std::string>() + "\n", g["text"].get<std::string>());
  }
}

TEST_F(LlmCli, StoriesArchivesAreIdenticalAcrossThreadsAndSimd) {
  LMZ_REQUIRE_SHARED();
  const std::string model = quote(test::shared_dir() + "/models/stories260K.gguf");
  const Bytes text = test::text_bytes(16000, 52);
  ASSERT_TRUE(write_file(dir_.file("s.txt"), text).ok());
  for (const std::string mode : {"--mix", "--no-mix"}) {
    SCOPED_TRACE(mode);
    const std::string c = "-m " + model + " " + mode + " --chunk-size 4K ";
    ASSERT_EQ(lmz(c + "-T1 -c s.txt > t1.lmz").exit_code, 0);
    ASSERT_EQ(lmz(c + "-T2 -c s.txt > t2.lmz").exit_code, 0);
    ASSERT_EQ(lmz(c + "-T2 -c s.txt > scalar.lmz", "LMZ_SIMD=0").exit_code, 0);
    EXPECT_EQ(*read_file(dir_.file("t1.lmz")), *read_file(dir_.file("t2.lmz")));
    EXPECT_EQ(*read_file(dir_.file("t1.lmz")), *read_file(dir_.file("scalar.lmz")));
    ASSERT_EQ(lmz("-dc -m " + model + " -T2 t1.lmz > back.txt", "LMZ_SIMD=0").exit_code, 0);
    EXPECT_EQ(*read_file(dir_.file("back.txt")), text);
  }
}

}  // namespace
}  // namespace lmz

namespace lmz {
namespace {

// lmz tokenize and the codec with the shared BPE and SentencePiece models.
TEST(TokenizeCli, IdsAndPiecesOfEachVocabulary) {
  LMZ_REQUIRE_SHARED();
  test::TempDir dir;
  const std::string text = "Hello world, <|endoftext|> costs 3.14\n";
  ASSERT_TRUE(write_file(dir.file("t.txt"), Bytes(text.begin(), text.end())).ok());
  const std::string arch = test::shared_dir() + "/models/arch/";
  auto lmz = [&](const std::string& args) {
    return run_shell("cd " + quote(dir.path()) + " && " + quote(test::lmz_binary()) + " " + args);
  };
  // Llama 3: the control token in the text is ordinary text.
  test::CommandResult r = lmz("tokenize -m " + quote(arch + "llama3-tiny.gguf") + " --ids t.txt");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_EQ(r.output.rfind("9906 1917 11 83739", 0), 0u) << r.output;
  EXPECT_EQ(r.output.find("128001"), std::string::npos) << r.output;
  r = lmz("tokenize -m " + quote(arch + "llama3-tiny.gguf") + " t.txt");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_EQ(r.output.rfind("Hello\n world\n,\n <|\n", 0), 0u) << r.output;
  EXPECT_NE(r.output.find("\\n\n"), std::string::npos) << r.output;
  r = lmz("tokenize -m " + quote(arch + "phi3-tiny.gguf") + " --json t.txt");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const nlohmann::json j = nlohmann::json::parse(r.output);
  EXPECT_EQ(j["tokenizer"], "SentencePiece");
  std::string joined;
  for (const nlohmann::json& t : j["tokens"]) joined += t["piece"].get<std::string>();
  EXPECT_EQ(joined, " " + text);                  // SentencePiece's leading space
  EXPECT_EQ(lmz("tokenize t.txt").exit_code, 2);  // no model
  // Every architecture's file codes a text with special tokens and odd bytes exactly.
  const std::string odd = text + "\xff\xfe \xe2\x96\x81 <|im_start|>\n";
  ASSERT_TRUE(write_file(dir.file("odd.txt"), Bytes(odd.begin(), odd.end())).ok());
  for (const char* model : {"llama3-tiny", "qwen2-tiny", "qwen3-tiny", "smollm-tiny", "phi3-tiny"}) {
    const std::string m = quote(arch + model + ".gguf");
    r = lmz("-f -m " + m + " odd.txt && " + quote(test::lmz_binary()) + " -dc -m " + m +
            " odd.txt.lmz | cmp - odd.txt");
    EXPECT_EQ(r.exit_code, 0) << model << ": " << r.output;
  }
}

}  // namespace
}  // namespace lmz

namespace lmz {
namespace {

TEST_F(LlmCli, BenchSpeedReportsTokensPerSecondAndMemory) {
  test::CommandResult r = lmz("bench --speed -m tiny.gguf -T 2 --runs 1 --json");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const nlohmann::json j = nlohmann::json::parse(r.output);
  EXPECT_EQ(j["model"], "tiny.gguf");
  EXPECT_EQ(j["type"], "F32");
  EXPECT_EQ(j["threads"], 2);
  EXPECT_EQ(j["prompt_tokens"], 512);
  EXPECT_EQ(j["generated_tokens"], 64);
  EXPECT_GT(j["scoring_tokens_per_s"].get<double>(), 0);
  EXPECT_GT(j["generation_tokens_per_s"].get<double>(), 0);
  EXPECT_GT(j["peak_rss_bytes"].get<uint64_t>(), 1u << 20);
  r = lmz("bench --speed -m tiny.gguf --runs 1");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("| tiny.gguf | F32 |"), std::string::npos) << r.output;
  r = lmz("bench --speed");
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_NE(r.output.find("bench --speed needs a model (-m)"), std::string::npos) << r.output;
  r = lmz("bench --speed -m tiny.gguf a.txt");
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.output.find("takes no files"), std::string::npos) << r.output;
}

}  // namespace
}  // namespace lmz
