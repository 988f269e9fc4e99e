// lmz: language models as codecs. The library's whole public interface.
//
//   #include <lmz/lmz.h>
//
//   lmz::Result<lmz::Model> model = lmz::Model::open("SmolLM2-135M.Q8_0.gguf", {.ctx = 512});
//   lmz::Result<std::vector<uint8_t>> archive = lmz::compress(*model, bytes);
//   lmz::Result<lmz::Scores> scores = lmz::score(*model, text);
//
// Every call that can fail returns a Status or a Result<T> (lmz/status.h):
// nothing throws and nothing exits. A Model is loaded once (a GGUF file is
// memory-mapped) and shared read-only: copies are cheap and any number of
// threads may use one at the same time. Archives are the same bytes the
// `lmz` command writes for the same model and settings.
#pragma once

#include <cstddef>
#include <cstdint>
#include <istream>
#include <memory>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "lmz/status.h"
#include "lmz/version.h"

namespace lmz {

class Cancellation;  // lmz's own

// Stops a call early. Put a Cancel in the call's params (`cancel`), then call
// request() from any thread, or make it with a time limit (after()): the call
// stops within one batch of tokens or a few thousand bytes and returns
// ErrorCode::kCancelled, keeping nothing of what it computed (a stream may
// have received part of its output). Copies share one state.
class LMZ_API Cancel {
 public:
  Cancel();  // not requested, no time limit
  static Cancel after(double seconds);
  void request() const;
  bool requested() const;  // request() was called, or the time limit has passed
  const Cancellation* get() const { return state_.get(); }

 private:
  std::shared_ptr<Cancellation> state_;
};

struct ModelOptions {
  uint32_t ctx = 0;  // a GGUF model's window in positions; 0: the one its file declares
  int level = 0;     // the built-in model's level, 1-9 (also the level mixed with a GGUF model); 0: 5
  int threads = 0;   // threads for the model's work (as the command's -T); 0: one per core
};

class LMZ_API Model {
 public:
  // "cm" (or "") is the built-in model; anything else a GGUF file's path.
  static Result<Model> open(const std::string& spec, const ModelOptions& options = {});
  static Model builtin(int level = 0);  // a level outside 1-9 gives the default, 5

  bool is_builtin() const;
  std::string name() const;         // "cm -5", or the GGUF file's name
  std::string description() const;  // a GGUF model's architecture, vocabulary and weight types; "" for cm
  uint32_t context() const;         // the window work runs with (0 for the built-in model)
  int level() const;
  int threads() const;

  // lmz's own components reach the loaded model through these; State is
  // not defined for other programs.
  struct State;
  const State& state() const { return *state_; }
  static Model from_state(std::shared_ptr<const State> state) { return Model(std::move(state)); }

 private:
  explicit Model(std::shared_ptr<const State> state) : state_(std::move(state)) {}
  std::shared_ptr<const State> state_;
};

// ---- compression ----------------------------------------------------------

struct CompressParams {
  int quality = 100;        // 100: lossless; below, lossy (decodes to a reconstruction)
  bool mix = true;          // a GGUF model's coding mixed with the built-in model's
  bool compact = true;      // inputs under 64 KiB in the compact form (format version 4)
  uint32_t chunk_size = 0;  // bytes per independently coded chunk; 0: the default for the model
  Cancel cancel{};
};

// The model an archive needs is given, or for the built-in model may be null.
struct DecompressParams {
  const Model* model = nullptr;
  int threads = 0;  // 0: one per core
  Cancel cancel{};
};

LMZ_API Result<std::vector<uint8_t>> compress(const Model& model, const void* data, size_t size,
                                              const CompressParams& params = {});
inline Result<std::vector<uint8_t>> compress(const Model& model, std::string_view data,
                                             const CompressParams& params = {}) {
  return compress(model, data.data(), data.size(), params);
}
LMZ_API Result<std::vector<uint8_t>> decompress(const void* archive, size_t size, const DecompressParams& params = {});

// Streams: reads `in` to its end, writes the archive (or the content) to `out`.
// Memory stays bounded whatever the input's size.
LMZ_API Status compress(const Model& model, std::istream& in, std::ostream& out, const CompressParams& params = {});
LMZ_API Status decompress(std::istream& in, std::ostream& out, const DecompressParams& params = {});

struct ArchiveSummary {
  uint64_t archives = 0;       // concatenated archives read
  uint64_t content_bytes = 0;  // what decoding gives
  uint64_t archive_bytes = 0;
  uint64_t chunks = 0;
  unsigned format_version = 0;
  bool compact = false;
  bool lossy = false;
  int quality = 100;
  std::string model;         // "cm" or "llm"
  int level = 0;             // the built-in model's level (cm, or mixed)
  std::string model_sha256;  // llm: hex, 64 digits (16 in the compact form)
  std::string model_file;    // llm: the file name recorded, "" when none (compact)
  uint32_t context = 0;      // llm: the window
  bool mixed = false;        // llm: mixed with the built-in model
};
LMZ_API Result<ArchiveSummary> info(const void* archive, size_t size);
LMZ_API Result<ArchiveSummary> info(std::istream& in);

// ---- where the bits go (lmz map) ------------------------------------------

struct ScoreParams {
  bool mix = true;  // a GGUF model's bits mixed with the built-in model's, as the codec codes them (lmz map's default)
  int top = 5;      // alternatives kept per token (GGUF models)
  uint32_t chunk_size = 0;  // 0: the codec's default
  Cancel cancel{};
};

struct Alternative {
  std::string text;
  double probability = 0.0;
};

struct TokenRecord {
  uint64_t begin = 0;  // byte offsets into the text
  uint64_t end = 0;
  std::string text;               // its bytes (a token may split a UTF-8 character)
  double bits = 0.0;              // what the codec pays for it
  double model_bits = 0.0;        // a mixed scoring: the GGUF model's bits alone (else = bits)
  bool has_distribution = false;  // GGUF models: the fields below are set
  double entropy_bits = 0.0;
  uint32_t rank = 0;  // 1: the model's first choice
  std::vector<Alternative> top;
};

struct ClassRecord {
  std::string name;  // "number", "date", "name", "code", "common word", ...
  uint64_t bytes = 0;
  uint64_t spans = 0;
  double bits = 0.0;
};

struct ScoresDetail;
class LMZ_API Scores {
 public:
  std::string model;
  std::string unit;  // "byte" or "token"
  uint64_t bytes = 0;
  double total_bits = 0.0;
  std::vector<TokenRecord> tokens;   // in text order, covering the text
  std::vector<ClassRecord> classes;  // every class, in a fixed order
  double bits_per_byte() const { return bytes ? total_bits / static_cast<double>(bytes) : 0.0; }
  // The reports of `lmz map`: --format json, html, and the terminal's.
  std::string json() const;
  std::string html() const;
  std::string terminal(bool color) const;

  std::shared_ptr<const ScoresDetail> detail;
};

LMZ_API Result<Scores> score(const Model& model, std::string_view text, const ScoreParams& params = {});

// The same report from an OpenAI-compatible chat completion with logprobs
// (lmz map --logprobs): the answer's tokens at the costs its model gave them.
// `source` names the model when the response does not.
LMZ_API Result<Scores> score_logprobs(std::string_view response, const std::string& source = "response");

struct TokenPiece {
  int32_t id = 0;
  std::string piece;  // its bytes as the vocabulary holds them
};

struct LMZ_API Tokenization {
  std::string tokenizer;  // "SentencePiece" or "BPE"
  std::vector<TokenPiece> tokens;
  std::string json() const;  // lmz tokenize --json's report
};

// A GGUF model's tokens of `text`, without BOS (lmz tokenize).
LMZ_API Result<Tokenization> tokenize(const Model& model, std::string_view text);

// ---- checking an answer against its sources (lmz check) -------------------

struct Source {
  std::string name;  // how reports name it
  std::string text;
};

struct CheckParams {
  std::string question;
  std::vector<Source> sources;  // given inline; when empty, `store` is searched
  std::string store;            // an index made by `lmz index`
  Cancel cancel{};
};

struct CheckSpan {
  uint64_t begin = 0, end = 0;        // byte offsets into the answer
  uint64_t cp_begin = 0, cp_end = 0;  // code points
  std::string text;
  std::string verdict;       // "supported", "unsupported", "contradicted", "novel", "unresolved" or "none"
  std::string fact;          // "number", "date", "name" or ""
  std::string value;         // a fact's normalised form
  std::string source_value;  // contradicted: what the sources state there
  std::string relation;      // the word beside a fact the sources never state with it ("born"), or ""
  uint64_t relation_begin = 0, relation_end = 0;  // its byte offsets into the answer
  double bits_without = 0.0, bits_with = 0.0;
  int passage = -1;  // index into CheckReport::passages
};

struct Passage {
  std::string source;
  uint64_t begin = 0, end = 0;  // byte offsets into the source
  std::string text;
};

struct CheckDetail;
class LMZ_API CheckReport {
 public:
  std::string model;
  std::vector<CheckSpan> spans;   // covering the answer
  std::vector<CheckSpan> claims;  // unsupported claims: clauses the sources do not make (verdict "unsupported")
  std::vector<Passage> passages;
  uint64_t supported = 0, unsupported = 0, contradicted = 0, novel = 0, unresolved = 0;
  // The answer's pairs of nearby content words, and those a source clause holds together.
  uint64_t word_pairs = 0, word_pairs_together = 0;
  double bits_without = 0.0, bits_with = 0.0;
  bool flagged() const { return unsupported + contradicted + claims.size() > 0; }
  std::string json() const;
  std::string html() const;
  std::string terminal(bool color) const;

  std::shared_ptr<const CheckDetail> detail;
};

LMZ_API Result<CheckReport> check(const Model& model, std::string_view answer, const CheckParams& params);

// ---- lossy coding and its artifacts (lmz artifacts) -----------------------

struct AlteredToken {
  uint64_t begin = 0, end = 0;  // byte offsets into the original
  std::string original;
  std::string reconstruction;
  std::string kind;  // the class of the span it lies in
};

struct ArtifactsDetail;
class LMZ_API Artifacts {
 public:
  std::string model;
  int quality = 100;
  uint64_t bytes = 0;
  uint64_t payload_bytes = 0;
  uint64_t tokens = 0;
  std::string reconstruction;
  std::vector<AlteredToken> altered;
  double bits_per_byte() const {
    return bytes ? 8.0 * static_cast<double>(payload_bytes) / static_cast<double>(bytes) : 0.0;
  }
  std::string json() const;
  std::string html() const;
  std::string terminal(bool color) const;

  std::shared_ptr<const ArtifactsDetail> detail;
};

// The text coded at `quality` (1-99 lossy, 100 lossless), kept whole: what
// the archive would decode to and which tokens the decoder had to guess.
// `chunk_size` 0: the codec's default for the model.
LMZ_API Result<Artifacts> artifacts(const Model& model, std::string_view text, int quality, uint32_t chunk_size = 0);

struct ArtifactsParams {
  int quality = 50;
  uint32_t chunk_size = 0;
  Cancel cancel{};
};
LMZ_API Result<Artifacts> artifacts(const Model& model, std::string_view text, const ArtifactsParams& params);

}  // namespace lmz
