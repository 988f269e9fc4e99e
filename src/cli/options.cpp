#include "cli/options.h"

#include <algorithm>
#include <cstdlib>
#include <map>
#include <type_traits>

#include "codec/container.h"

namespace lmz::cli {
namespace {

constexpr uint32_t kC = command_bit(Command::kCompress);
constexpr uint32_t kD = command_bit(Command::kDecompress);
constexpr uint32_t kT = command_bit(Command::kTest);
constexpr uint32_t kL = command_bit(Command::kList);
constexpr uint32_t kB = command_bit(Command::kBench);
constexpr uint32_t kG = command_bit(Command::kGenerate);
constexpr uint32_t kM = command_bit(Command::kMap);
constexpr uint32_t kA = command_bit(Command::kArtifacts);
constexpr uint32_t kI = command_bit(Command::kIndex);
constexpr uint32_t kK = command_bit(Command::kCheck);
constexpr uint32_t kZ = command_bit(Command::kTokenize);
constexpr uint32_t kR = command_bit(Command::kRace);
constexpr uint32_t kS = command_bit(Command::kServe);
constexpr uint32_t kAll = ~0u;
constexpr uint32_t kCodec = kC | kD | kT | kL;

// Every option, in the order the help lists them. The manual page
// (docs/lmz.1) is checked against this table by a test.
constexpr OptionSpec kOptions[] = {
    {"decompress", 'd', nullptr, kCodec, "decompress"},
    {"test", 't', nullptr, kCodec, "verify archives, write nothing"},
    {"list", 'l', nullptr, kCodec, "show model, chunks, sizes, ratio and bits per byte"},
    {"stdout", 'c', nullptr, kC | kD, "write to standard output (inputs are never removed then)"},
    {"output", 'o', "PATH", kC | kD | kM | kA | kK | kZ | kR, "write to PATH (one input only)"},
    {"keep", 'k', nullptr, kC | kD, "keep input files (the default)"},
    {"rm", 0, nullptr, kC | kD, "remove input files after success"},
    {"force", 'f', nullptr, kC | kD | kT | kM | kA | kK | kZ | kR,
     "overwrite existing outputs; read from a terminal or a non-regular file"},
    {"threads", 'T', "N", kC | kD | kT | kB | kG | kM | kK | kR, "worker threads (0 = one per core; default 0)"},
    {"1..9", 0, nullptr, kC | kD | kT | kB | kM | kA | kK | kR | kS,
     "-1 .. -9: the built-in model's speed against ratio: -1..-3 fastest,\n-7..-9 strongest; level L uses "
     "2^(L+19) bytes of context tables (default 5);\ndecoding reads the level from the archive"},
    {"chunk-size", 0, "SIZE", kC | kB | kM | kA,
     "bytes per independently coded chunk, 4K..1G (default 4M; 64K with\n--model --no-mix)"},
    {"model", 'm', "PATH", kC | kD | kT | kL | kB | kG | kM | kA | kK | kZ | kR | kS,
     "a llama-family GGUF model instead of the built-in one; decompress\nreads it from here or from LMZ_MODEL"},
    {"ctx", 0, "N", kC | kB | kG | kM | kA | kK | kR | kS, "context positions of the model (default: the file's)"},
    {"mix", 0, nullptr, kCodec | kB | kM, "with --model: code mixed with the built-in model (the default)"},
    {"no-mix", 0, nullptr, kCodec | kB | kM, "with --model: the model alone"},
    {"no-compact", 0, nullptr, kC,
     "write an input under 64K in the full form (format 1-3, read by older\nlmz, with the code lengths)"},
    {"quality", 0, "Q", kC | kA,
     "1..100: below 100 the archive is lossy, the decoder filling in what it\nwas not sent with the model's guesses "
     "(default 100)"},
    {"sweep", 0, nullptr, kA, "the rate-distortion curve over qualities 10..100"},
    {"svg", 0, "PATH", kA | kR, "artifacts --sweep: also plot the curve as SVG; race: a folder for the plots"},
    {"format", 0, "F", kM | kA | kK | kR, "terminal (default), html or json"},
    {"color", 0, "WHEN", kM | kA | kK, "auto (default; off for NO_COLOR and non-terminals), always, never"},
    {"logprobs", 0, "R", kM, "map an OpenAI-compatible response with logprobs, no model needed"},
    {"compare", 0, "A B", kM, "the text under two models (cm, or GGUF paths)"},
    {"top", 0, "N", kM, "alternatives kept per token (default 5)"},
    {"sources", 0, nullptr, kK, "the files and folders before ANSWER are the sources (--sources=FILE\nnames one)"},
    {"store", 0, "S.db", kI | kK | kS, "the source store (lmz index builds it)"},
    {"question", 0, "Q", kK, "the question the answer replies to"},
    {"fail-on", 0, "V", kK,
     "exit 3 when a span or claim is unsupported (or contradicted),\ncontradicted only, or an unsupported claim only "
     "(claim) (default none)"},
    {"bench", 0, "FILE", kK, "run the BUMP benchmark in FILE"},
    {"limit", 0, "N", kI, "index search: passages to show (default 10)"},
    {"prompt", 'p', "TEXT", kG, "the text to continue"},
    {"n-predict", 'n', "N", kG, "tokens to produce (default 64)"},
    {"temp", 0, "T", kG, "sampling temperature (default 0: greedy)"},
    {"seed", 0, "S", kG, "seed of the sampler"},
    {"ids", 0, nullptr, kZ, "tokenize: the ids on one line, not the pieces one per line"},
    {"json", 0, nullptr, kL | kB | kG | kI | kM | kA | kK | kZ | kR,
     "machine-readable output (for map, artifacts and check: --format json)"},
    {"no-baselines", 0, nullptr, kB, "measure lmz only"},
    {"runs", 0, "N", kB, "time each codec N times and keep the fastest (default 1; --speed: 3)"},
    {"speed", 0, nullptr, kB, "tokens per second of -m's model: 512-token scoring, 64-token generation"},
    {"host", 0, "ADDR", kS, "serve: the address to listen on (default 127.0.0.1: this machine only)"},
    {"port", 0, "N", kS, "serve: the port (default 8080; 0: any free port)"},
    {"workers", 0, "N", kS, "serve: requests that run a model at once (default: one per core)"},
    {"max-body", 0, "SIZE", kS, "serve: the largest request body (default 16M)"},
    {"timeout", 0, "SEC", kS,
     "serve: a request's time limit; its work is stopped and it gets 504 (default 60; 0: none)"},
    {"verbose", 'v', nullptr, kAll, "report sizes and speed for each file"},
    {"quiet", 'q', nullptr, kAll, "suppress warnings and progress"},
    {"help", 'h', nullptr, kAll, "show help (lmz COMMAND --help: that command's)"},
    {"version", 'V', nullptr, kAll, "show the version"},
};

const std::map<std::string, Command>& command_words() {
  static const std::map<std::string, Command> kCommands = {
      {"compress", Command::kCompress},   {"decompress", Command::kDecompress},
      {"test", Command::kTest},           {"list", Command::kList},
      {"bench", Command::kBench},         {"help", Command::kHelp},
      {"generate", Command::kGenerate},   {"map", Command::kMap},
      {"artifacts", Command::kArtifacts}, {"index", Command::kIndex},
      {"check", Command::kCheck},         {"tokenize", Command::kTokenize},
      {"race", Command::kRace},           {"serve", Command::kServe}};
  return kCommands;
}

const OptionSpec* find_long(const std::string& name) {
  for (const OptionSpec& s : kOptions) {
    if (name == s.name) return &s;
  }
  return name == "colour" ? find_long("color") : nullptr;
}

const OptionSpec* find_short(char c) {
  if (c >= '1' && c <= '9') return find_long("1..9");
  for (const OptionSpec& s : kOptions) {
    if (s.short_name == c) return &s;
  }
  return nullptr;
}

bool parse_int(const std::string& text, long min, long max, long& out) {
  if (text.empty()) return false;
  char* end = nullptr;
  const long v = std::strtol(text.c_str(), &end, 10);
  if (*end != '\0' || v < min || v > max) return false;
  out = v;
  return true;
}

// "4M", "512K", "1048576".
bool parse_size(const std::string& text, uint64_t& out) {
  if (text.empty()) return false;
  char* end = nullptr;
  const unsigned long long v = std::strtoull(text.c_str(), &end, 10);
  if (end == text.c_str()) return false;
  uint64_t scale = 1;
  const std::string suffix = end;
  if (suffix == "K" || suffix == "k" || suffix == "KiB")
    scale = 1ull << 10;
  else if (suffix == "M" || suffix == "m" || suffix == "MiB")
    scale = 1ull << 20;
  else if (suffix == "G" || suffix == "g" || suffix == "GiB")
    scale = 1ull << 30;
  else if (!suffix.empty())
    return false;
  out = v * scale;
  return v <= (1ull << 40);
}

// The parser's state over one command line.
class Parser {
 public:
  explicit Parser(const std::vector<std::string>& args) : args_(args) {}

  ParseResult run() {
    take_command_word();
    for (; i_ < args_.size() && result_.error.empty(); ++i_) {
      const std::string& a = args_[i_];
      if (options_done_ || a == "-" || a.empty() || a[0] != '-') {
        o().files.push_back(a);
      } else if (a == "--") {
        options_done_ = true;
      } else if (a.rfind("--", 0) == 0) {
        long_option(a);
      } else {
        short_cluster(a);
      }
    }
    if (result_.error.empty() && o().command == Command::kHelp && !o().files.empty()) help_command();
    if (result_.error.empty() && !o().help) check_applies();
    if (result_.error.empty() && !o().help) check_combinations();
    if (!result_.error.empty() && result_.help_topic.empty() && o().command != Command::kHelp &&
        o().command != Command::kVersion && (command_word_ || o().command != Command::kCompress)) {
      result_.help_topic = command_name(o().command);
    }
    return result_;
  }

 private:
  Options& o() { return result_.options; }
  void fail(const std::string& message) {
    if (result_.error.empty()) result_.error = message;
  }

  void take_command_word() {
    if (args_.empty()) return;
    Command c;
    if (command_named(args_[0], c)) {
      o().command = c;
      o().command_word = true;
      command_word_ = true;
      i_ = 1;
    }
  }

  // lmz help COMMAND: that command's help.
  void help_command() {
    Command c;
    if (o().files.size() != 1 || !command_named(o().files[0], c) || c == Command::kHelp) {
      fail(
          "help takes one command name (compress, decompress, test, list, bench, generate, map, artifacts, index, "
          "check, race)");
      return;
    }
    o().command = c;
    o().command_word = true;
    o().help = true;
    o().files.clear();
  }

  // Records that `spec` was given; -d, -t and -l choose the command.
  void given(const OptionSpec* spec) { given_.push_back(spec); }

  void select(Command c, const OptionSpec* spec) {
    given(spec);
    if (command_word_ && !(command_bit(o().command) & kCodec)) {
      fail(std::string("option --") + spec->name + " does not apply to " + command_name(o().command));
      return;
    }
    o().command = c;
  }

  bool take_value(const std::string& name, bool has_value, const std::string& value, std::string& out) {
    if (has_value) {
      out = value;
      return true;
    }
    if (i_ + 1 >= args_.size()) {
      fail("option --" + name + " needs a value");
      return false;
    }
    out = args_[++i_];
    return true;
  }

  template <class T>
  void take_int(const std::string& name, const std::string& v, long min, long max, T& out) {
    long n = 0;
    if (!parse_int(v, min, max, n)) {
      fail("option --" + name + " needs a number " + std::to_string(min) + ".." + std::to_string(max));
      return;
    }
    out = static_cast<T>(n);
  }

  void long_option(const std::string& a) {
    std::string name = a.substr(2), value;
    const size_t eq = name.find('=');
    const bool has_value = eq != std::string::npos;
    if (has_value) {
      value = name.substr(eq + 1);
      name = name.substr(0, eq);
    }
    const OptionSpec* spec = find_long(name);
    if (spec == nullptr || spec->name == std::string("1..9")) {
      fail("unknown option '" + a + "'");
      return;
    }
    name = spec->name;
    if (spec->value == nullptr && has_value && name != "sources") {
      fail("option --" + name + " takes no value");
      return;
    }
    if (name == "compare") {
      given(spec);
      if (has_value || i_ + 2 >= args_.size()) {
        fail("option --compare needs two models (cm or GGUF paths)");
        return;
      }
      o().compare = {args_[i_ + 1], args_[i_ + 2]};
      i_ += 2;
      return;
    }
    if (name == "sources") {
      given(spec);
      if (has_value) {
        if (value.empty()) return fail("option --sources needs a path");
        o().sources.push_back(value);
      }
      o().sources_listed = true;
      return;
    }
    std::string v;
    if (spec->value != nullptr && !take_value(name, has_value, value, v)) return;
    apply(spec, v);
  }

  // A cluster of short options: -dcf, -T4, -9, -o PATH.
  void short_cluster(const std::string& a) {
    for (size_t k = 1; k < a.size(); ++k) {
      const char c = a[k];
      const OptionSpec* spec = find_short(c);
      if (spec == nullptr) return fail(std::string("unknown option '-") + c + "'");
      if (c >= '1' && c <= '9') {
        given(spec);
        o().level = c - '0';
        continue;
      }
      if (spec->value == nullptr) {
        apply(spec, "");
        continue;
      }
      std::string v = a.substr(k + 1);
      if (v.empty()) {
        if (i_ + 1 >= args_.size()) return fail(std::string("option -") + c + " needs a value");
        v = args_[++i_];
      }
      apply(spec, v);
      return;
    }
  }

  // Sets what `spec` sets from its value `v` (empty for a flag).
  void apply(const OptionSpec* spec, const std::string& v) {
    const std::string name = spec->name;
    Options& x = o();
    if (name == "decompress") return select(Command::kDecompress, spec);
    if (name == "test") return select(Command::kTest, spec);
    if (name == "list") return select(Command::kList, spec);
    given(spec);
    if (name == "stdout")
      x.to_stdout = true;
    else if (name == "keep")
      x.remove_input = false;
    else if (name == "rm")
      x.remove_input = true;
    else if (name == "force")
      x.force = true;
    else if (name == "verbose")
      x.verbosity = 2;
    else if (name == "quiet")
      x.verbosity = 0;
    else if (name == "json")
      x.json = true;
    else if (name == "no-baselines")
      x.no_baselines = true;
    else if (name == "speed")
      x.speed = true;
    else if (name == "mix")
      x.mix = true;
    else if (name == "no-mix")
      x.mix = false;
    else if (name == "no-compact")
      x.compact = false;
    else if (name == "help")
      x.help = true;
    else if (name == "version")
      x.command = Command::kVersion;
    else if (name == "sweep")
      x.sweep = true;
    else if (name == "ids")
      x.ids = true;
    else if (name == "output") {
      if (v.empty()) return fail("option --output needs a path");
      x.output = v;
    } else if (name == "model") {
      if (v.empty()) return fail("option --model needs a path");
      x.model = v;
      x.models.push_back(v);
    } else if (name == "svg" || name == "store" || name == "logprobs" || name == "bench") {
      if (v.empty()) return fail("option --" + name + " needs a path");
      (name == "svg" ? x.svg : name == "store" ? x.store : name == "logprobs" ? x.logprobs : x.bump) = v;
    } else if (name == "host") {
      if (v.empty()) return fail("option --host needs an address");
      x.host = v;
    } else if (name == "port")
      take_int(name, v, 0, 65535, x.port);
    else if (name == "workers")
      take_int(name, v, 1, 1024, x.workers);
    else if (name == "max-body") {
      uint64_t n = 0;
      if (!parse_size(v, n) || n < 1024 || n > (uint64_t{1} << 30))
        return fail("option --max-body needs a size from 1K to 1G");
      x.max_body = n;
    } else if (name == "timeout")
      take_int(name, v, 0, 86400, x.timeout_s);
    else if (name == "prompt") {
      x.prompt = v;
      x.has_prompt = true;
    } else if (name == "question") {
      x.question = v;
    } else if (name == "threads")
      take_int(name, v, 0, 256, x.threads);
    else if (name == "runs")
      take_int(name, v, 1, 100, x.runs);
    else if (name == "ctx")
      take_int(name, v, 16, 1 << 20, x.ctx);
    else if (name == "n-predict")
      take_int(name, v, 0, 1 << 20, x.n_predict);
    else if (name == "quality")
      take_int(name, v, 1, 100, x.quality);
    else if (name == "limit")
      take_int(name, v, 1, 10000, x.limit);
    else if (name == "top")
      take_int(name, v, 0, 100, x.top);
    else if (name == "temp") {
      char* end = nullptr;
      x.temperature = std::strtod(v.c_str(), &end);
      if (v.empty() || *end != '\0' || !(x.temperature >= 0.0 && x.temperature <= 100.0)) {
        fail("option --temp needs a number 0..100");
      }
    } else if (name == "seed") {
      if (v.empty() || v.find_first_not_of("0123456789") != std::string::npos || v.size() > 19) {
        return fail("option --seed needs a non-negative integer");
      }
      x.seed = std::strtoull(v.c_str(), nullptr, 10);
    } else if (name == "format") {
      if (v != "terminal" && v != "html" && v != "json") return fail("option --format needs terminal, html or json");
      x.format = v;
    } else if (name == "color") {
      if (v != "auto" && v != "always" && v != "never") return fail("option --color needs auto, always or never");
      x.color = v;
    } else if (name == "fail-on") {
      if (v != "none" && v != "unsupported" && v != "contradicted" && v != "claim") {
        return fail("option --fail-on needs none, unsupported, contradicted or claim");
      }
      x.fail_on = v;
    } else if (name == "chunk-size") {
      uint64_t n = 0;
      if (!parse_size(v, n) || n < codec::kMinChunkSize || n > codec::kMaxChunkSize) {
        return fail("option --chunk-size needs a size from 4K to 1G");
      }
      x.chunk_size = static_cast<uint32_t>(n);
    } else {
      fail("option --" + name + " is not handled");  // a table entry without a case: our bug
    }
  }

  // Every option given must apply to the command that runs.
  void check_applies() {
    const Command c = o().command;
    if (c == Command::kHelp || c == Command::kVersion) return;
    for (const OptionSpec* spec : given_) {
      if ((spec->commands & command_bit(c)) != 0) continue;
      const std::string shown = spec->name == std::string("1..9") ? "-1 .. -9" : "--" + std::string(spec->name);
      return fail("option " + shown + " does not apply to " + command_name(c));
    }
  }

  // Options that only make sense together, or not at all together.
  void check_combinations() {
    Options& x = o();
    if (!x.output.empty() && x.files.size() > 1 && x.command != Command::kCheck && x.command != Command::kRace) {
      return fail("-o takes one input file, " + std::to_string(x.files.size()) + " given");
    }
    if (!x.output.empty() && x.to_stdout) return fail("-o and -c cannot be combined");
    if (x.command == Command::kBench && x.speed) {
      if (x.model.empty()) return fail("bench --speed needs a model (-m)");
      if (!x.files.empty()) return fail("bench --speed takes no files");
    }
    if (x.command == Command::kBench && x.files.empty() && !x.speed) return fail("bench needs a folder or files");
    // --json is --format json for the report commands, as for list and bench.
    if (x.json && (x.command == Command::kMap || x.command == Command::kArtifacts || x.command == Command::kCheck ||
                   x.command == Command::kRace)) {
      if (x.format == "html") return fail("--json and --format html cannot be combined");
      x.format = "json";
    }
    if (x.command == Command::kMap) {
      if (x.files.size() > 1) return fail("map takes one file");
      if (!x.logprobs.empty() && (!x.files.empty() || !x.model.empty() || !x.compare.empty())) {
        return fail("--logprobs maps the response alone: no file, model or --compare with it");
      }
    }
    if (x.command == Command::kIndex) {
      if (x.files.empty() || (x.files[0] != "add" && x.files[0] != "search")) return fail("index needs add or search");
      if (x.store.empty()) return fail("index needs --store S.db");
      if (x.files.size() < 2) {
        return fail(x.files[0] == "add" ? "index add needs files or folders" : "index search needs a query");
      }
      if (x.files[0] == "add" && x.limit != 10) return fail("--limit applies to index search");
    }
    if (x.command == Command::kCheck) check_sources();
    if (x.command == Command::kArtifacts) {
      if (x.files.size() != 1) return fail("artifacts takes one file");
      if (!x.sweep && x.quality == 100) return fail("artifacts needs --quality below 100, or --sweep");
      if (!x.svg.empty() && !x.sweep) return fail("--svg goes with --sweep");  // for artifacts
      if (x.sweep && x.quality != 100) return fail("--sweep tries every quality; give no --quality with it");
    }
    if (x.command == Command::kRace && x.files.empty()) return fail("race needs files to score");
    if (x.command == Command::kServe && !x.files.empty()) return fail("serve takes no files (give models with -m)");
    if (x.command == Command::kTokenize) {
      if (x.model.empty()) return fail("tokenize needs a model (-m PATH)");
      if (x.files.size() > 1) return fail("tokenize takes one file");
      if (x.ids && x.json) return fail("--ids and --json cannot be combined");
    }
    if (x.command == Command::kGenerate) {
      if (x.model.empty()) return fail("generate needs a model (-m PATH)");
      if (!x.files.empty()) return fail("generate takes no files (give the text with -p)");
    }
  }

  void check_sources() {
    Options& x = o();
    if (!x.bump.empty()) {
      if (!x.files.empty() || x.sources_listed || !x.store.empty())
        return fail("check --bench takes no answer or sources");
      return;
    }
    if (x.sources_listed == !x.store.empty())
      return fail("check needs --sources FILE... or --store S.db (one of them)");
    if (x.sources_listed) {
      if (x.files.empty()) return fail("check needs an answer after the sources (a file, or - for standard input)");
      x.sources.insert(x.sources.end(), x.files.begin(), x.files.end() - 1);
      x.files.erase(x.files.begin(), x.files.end() - 1);
      if (x.sources.empty()) return fail("check --sources needs at least one source besides the answer");
    } else if (x.files.size() > 1) {
      return fail("check --store takes one answer");
    }
    if (x.files.empty()) x.files.push_back("-");
  }

  const std::vector<std::string>& args_;
  ParseResult result_;
  size_t i_ = 0;
  bool options_done_ = false;
  bool command_word_ = false;
  std::vector<const OptionSpec*> given_;
};

}  // namespace

std::span<const OptionSpec> option_table() {
  return kOptions;
}

bool command_named(const std::string& name, Command& command) {
  const auto it = command_words().find(name);
  if (it == command_words().end()) return false;
  command = it->second;
  return true;
}

const char* command_name(Command command) {
  for (const auto& [name, c] : command_words()) {
    if (c == command) return name.c_str();
  }
  return command == Command::kVersion ? "version" : "lmz";
}

ParseResult parse_options(const std::vector<std::string>& args) {
  return Parser(args).run();
}

}  // namespace lmz::cli
