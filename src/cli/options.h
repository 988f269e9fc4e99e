// The lmz command line, parsed the way gzip, xz and zstd users expect:
// combined short flags (-dc, -T2, -9v), long options with = or a separate
// value, "--" to end options, "-" for standard input.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace lmz::cli {

enum class Command {
  kCompress,
  kDecompress,
  kTest,
  kList,
  kBench,
  kGenerate,
  kMap,
  kArtifacts,
  kIndex,
  kCheck,
  kTokenize,
  kRace,
  kServe,
  kHelp,
  kVersion
};

struct Options {
  Command command = Command::kCompress;
  bool help = false;          // -h/--help: the command's help (lmz help COMMAND too)
  bool command_word = false;  // the command was named (lmz map ...), not implied
  std::vector<std::string> files;
  bool to_stdout = false;           // -c
  std::string output;               // -o
  bool remove_input = false;        // --rm (keeping is the default, as zstd does)
  bool force = false;               // -f
  int threads = 0;                  // -T, 0 = one per core
  int level = 0;                    // -1..-9, 0 = the model's default
  uint32_t chunk_size = 0;          // --chunk-size, 0 = default
  int verbosity = 1;                // -q: 0, default 1, -v: 2
  bool json = false;                // --json (list, bench)
  bool no_baselines = false;        // bench --no-baselines
  int runs = 0;                     // bench --runs, 0 = the default (1; with --speed 3)
  bool speed = false;               // bench --speed: the LLM engine's tokens per second
  std::string model;                // -m/--model: a GGUF file (decompress also reads LMZ_MODEL)
  std::vector<std::string> models;  // every -m given, in order (race takes several, and folders)
  uint32_t ctx = 0;                 // --ctx: context positions, 0 = the file's
  bool mix = true;                  // --mix / --no-mix: a model's coding mixed with the built-in one
  bool compact = true;              // --no-compact: short inputs in the full form
  std::string prompt;               // generate -p
  bool has_prompt = false;
  int n_predict = 64;                // generate -n
  double temperature = 0.0;          // generate --temp, 0 = greedy
  uint64_t seed = 0;                 // generate --seed
  std::string format = "terminal";   // map --format: terminal, html, json
  std::string color = "auto";        // map --color: auto, always, never
  std::string logprobs;              // map --logprobs RESPONSE.json
  std::vector<std::string> compare;  // map --compare A B (cm or a GGUF path each)
  int top = 5;                       // map --top: alternatives per token
  bool ids = false;                  // tokenize --ids: the ids, not the pieces
  int quality = 100;                 // --quality: 100 lossless, 1..99 lossy
  bool sweep = false;                // artifacts --sweep
  std::string svg;                   // artifacts --svg PATH
  std::string store;                 // index --store S.db
  int limit = 10;                    // index search --limit
  bool sources_listed = false;       // check --sources: the files before the answer are sources
  std::vector<std::string> sources;  // check: source files and folders
  std::string question;              // check --question
  std::string fail_on = "none";      // check --fail-on: none, unsupported, contradicted
  std::string bump;                  // check --bench BUMP.json
  std::string host = "127.0.0.1";    // serve --host
  int port = 8080;                   // serve --port (0: any free port)
  int workers = 0;                   // serve --workers, 0 = one per core
  uint64_t max_body = 16u << 20;     // serve --max-body
  int timeout_s = 60;                // serve --timeout, 0 = none
};

struct ParseResult {
  Options options;
  std::string error;       // non-empty: a usage error (exit 2)
  std::string help_topic;  // the command whose help explains the error ("" for the general help)
};

ParseResult parse_options(const std::vector<std::string>& args);

// One option as the parser, the help texts and the manual page know it.
struct OptionSpec {
  const char* name;   // long name without "--"; "1..9" for the levels
  char short_name;    // 0 when it has none
  const char* value;  // what follows it ("PATH"), or nullptr for a flag
  uint32_t commands;  // the commands it applies to: bit (1 << Command)
  const char* help;   // one or more lines, without leading spaces
};
std::span<const OptionSpec> option_table();
inline constexpr uint32_t command_bit(Command c) {
  return 1u << static_cast<int>(c);
}

// The command a name ("map", "compress") stands for; false when none.
bool command_named(const std::string& name, Command& command);
const char* command_name(Command command);

// The general help (every command and the common options), or one
// command's: its usage, what it does, its options and examples.
std::string usage_text();
std::string usage_text(Command command);

}  // namespace lmz::cli
