#include "cli/options.h"

#include <cstdlib>
#include <map>
#include <type_traits>

#include "codec/container.h"

namespace lmz::cli {
namespace {

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
  if (suffix == "K" || suffix == "k" || suffix == "KiB") scale = 1ull << 10;
  else if (suffix == "M" || suffix == "m" || suffix == "MiB") scale = 1ull << 20;
  else if (suffix == "G" || suffix == "g" || suffix == "GiB") scale = 1ull << 30;
  else if (!suffix.empty()) return false;
  out = v * scale;
  return v <= (1ull << 40);
}

}  // namespace

std::string usage_text() {
  return R"(Usage: lmz [COMMAND] [OPTION]... [FILE]...
Compress or decompress FILEs with a predictive model (default: the built-in
context-mixing model). With no FILE, or when FILE is -, read standard input.

Commands:
  compress          compress FILEs to FILE.lmz (the default)
  decompress        decompress FILE.lmz to FILE (same as -d)
  test              verify archives (same as -t)
  list              show model, sizes, ratio and bits per byte (same as -l)
  bench DIR|FILE... ratio and speed against gzip, bzip2, xz, zstd, brotli
                    (and a GGUF model beside the built-in one, given -m)
  generate -m M -p TEXT [-n N]  continue TEXT with a GGUF model
  map [FILE]        where the bits go: each token's cost, by class of text
  artifacts FILE    what lossy coding at --quality Q alters (--sweep: 10..100)
  index add --store S.db PATH...   index text, Markdown and HTML files and folders
  index search --store S.db QUERY  passages ranked by BM25 (--limit N, --json)
  check --sources SRC... ANSWER    which spans of ANSWER the sources cannot explain
  check --store S.db ANSWER        the same, with passages retrieved per sentence
  check --bench BUMP.json          consistency and ROC AUC on the BUMP benchmark

Options:
  -d, --decompress  decompress
  -t, --test        verify archives, write nothing
  -l, --list        list archive contents
  -c, --stdout      write to standard output
  -o, --output PATH write to PATH (one input only)
  -k, --keep        keep input files (default)
      --rm          remove input files after success
  -f, --force       overwrite existing output files
  -T, --threads N   worker threads (0 = one per core; default 0)
  -1 .. -9          speed against ratio: -1..-3 fastest, -7..-9 strongest;
                    level L uses 2^(L+19) bytes of context tables
                    (default 5)
      --chunk-size SIZE  bytes per independently coded chunk (default 4M;
                    64K with --model)
  -m, --model PATH  code with a llama-family GGUF model instead of the
                    built-in one; decompress reads it from here or from the
                    LMZ_MODEL environment variable
      --ctx N       context positions of the model (default: the file's)
      --quality Q   1..100: below 100 the archive is lossy, the decoder filling
                    in what it was not sent with the model's guesses (default 100)
      --sweep       artifacts: the rate-distortion curve over qualities 10..100
      --svg PATH    artifacts --sweep: also plot the curve as SVG
      --format F    map, artifacts: terminal (default), html or json
      --color WHEN  map: auto (default; off for NO_COLOR and non-terminals), always, never
      --logprobs R  map: an OpenAI-compatible response with logprobs, no model needed
      --compare A B map: the text under two models (cm, or GGUF paths)
      --top N       map: alternatives kept per token (default 5)
      --sources     check: the files and folders before ANSWER are the sources
                    (--sources=FILE names one)
      --question Q  check: the question the answer replies to
      --fail-on V   check: exit 3 when a span is unsupported (or contradicted),
                    or contradicted only (default none)
      --bench FILE  check: run the BUMP benchmark in FILE
  -p, --prompt TEXT generate: the text to continue
  -n, --n-predict N generate: tokens to produce (default 64)
      --temp T      generate: sampling temperature (default 0: greedy)
      --seed S      generate: seed of the sampler
      --json        machine-readable output for list, bench, index search, and
                    --format json for map, artifacts and check
      --no-baselines    bench: measure lmz only
      --runs N      bench: time each codec N times and keep the fastest (default 1)
  -v, --verbose     report sizes and speed for each file
  -q, --quiet       suppress warnings and progress
  -h, --help        show this help
  -V, --version     show the version

Exit status: 0 success, 1 error, 2 bad usage.
)";
}

ParseResult parse_options(const std::vector<std::string>& args) {
  ParseResult result;
  Options& o = result.options;
  auto fail = [&result](const std::string& message) {
    result.error = message;
    return result;
  };
  size_t i = 0;
  if (!args.empty()) {
    static const std::map<std::string, Command> kCommands = {
        {"compress", Command::kCompress}, {"decompress", Command::kDecompress}, {"test", Command::kTest},
        {"list", Command::kList},         {"bench", Command::kBench},           {"help", Command::kHelp},
        {"generate", Command::kGenerate}, {"map", Command::kMap}, {"artifacts", Command::kArtifacts},
        {"index", Command::kIndex},       {"check", Command::kCheck}};
    auto it = kCommands.find(args[0]);
    if (it != kCommands.end()) {
      o.command = it->second;
      i = 1;
    }
  }
  bool options_done = false;
  for (; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (options_done || a == "-" || a.empty() || a[0] != '-') {
      o.files.push_back(a);
      continue;
    }
    if (a == "--") {
      options_done = true;
      continue;
    }
    if (a.rfind("--", 0) == 0) {
      std::string name = a.substr(2), value;
      const size_t eq = name.find('=');
      const bool has_value = eq != std::string::npos;
      if (has_value) {
        value = name.substr(eq + 1);
        name = name.substr(0, eq);
      }
      auto take_value = [&](std::string& out) {
        if (has_value) {
          out = value;
          return true;
        }
        if (i + 1 >= args.size()) return false;
        out = args[++i];
        return true;
      };
      auto no_value = [&]() { return !has_value; };
      // An integer option within [min, max]; on failure the usage error is set.
      auto take_int = [&](long min, long max, auto& out) {
        std::string v;
        long n = 0;
        if (!take_value(v) || !parse_int(v, min, max, n)) {
          result.error = "option --" + name + " needs a number " + std::to_string(min) + ".." + std::to_string(max);
          return false;
        }
        out = static_cast<std::remove_reference_t<decltype(out)>>(n);
        return true;
      };
      if (name == "decompress" && no_value()) o.command = Command::kDecompress;
      else if (name == "test" && no_value()) o.command = Command::kTest;
      else if (name == "list" && no_value()) o.command = Command::kList;
      else if (name == "stdout" && no_value()) o.to_stdout = true;
      else if (name == "keep" && no_value()) o.remove_input = false;
      else if (name == "rm" && no_value()) o.remove_input = true;
      else if (name == "force" && no_value()) o.force = true;
      else if (name == "verbose" && no_value()) o.verbosity = 2;
      else if (name == "quiet" && no_value()) o.verbosity = 0;
      else if (name == "json" && no_value()) o.json = true;
      else if (name == "no-baselines" && no_value()) o.no_baselines = true;
      else if (name == "help" && no_value()) o.command = Command::kHelp;
      else if (name == "version" && no_value()) o.command = Command::kVersion;
      else if (name == "output") {
        if (!take_value(o.output) || o.output.empty()) return fail("option --output needs a path");
      } else if (name == "threads") {
        if (!take_int(0, 256, o.threads)) return result;
      } else if (name == "runs") {
        if (!take_int(1, 100, o.runs)) return result;
      } else if (name == "model") {
        if (!take_value(o.model) || o.model.empty()) return fail("option --model needs a path");
      } else if (name == "prompt") {
        if (!take_value(o.prompt)) return fail("option --prompt needs a text");
        o.has_prompt = true;
      } else if (name == "ctx") {
        if (!take_int(16, 1 << 20, o.ctx)) return result;
      } else if (name == "n-predict") {
        if (!take_int(0, 1 << 20, o.n_predict)) return result;
      } else if (name == "temp") {
        std::string v;
        if (!take_value(v)) return fail("option --temp needs a number");
        char* end = nullptr;
        o.temperature = std::strtod(v.c_str(), &end);
        if (v.empty() || *end != '\0' || !(o.temperature >= 0.0 && o.temperature <= 100.0)) {
          return fail("option --temp needs a number 0..100");
        }
      } else if (name == "seed") {
        std::string v;
        if (!take_value(v) || v.empty() || v.find_first_not_of("0123456789") != std::string::npos) {
          return fail("option --seed needs a non-negative integer");
        }
        o.seed = std::strtoull(v.c_str(), nullptr, 10);
      } else if (name == "format") {
        if (!take_value(o.format) || (o.format != "terminal" && o.format != "html" && o.format != "json")) {
          return fail("option --format needs terminal, html or json");
        }
      } else if (name == "color" || name == "colour") {
        if (!take_value(o.color) || (o.color != "auto" && o.color != "always" && o.color != "never")) {
          return fail("option --color needs auto, always or never");
        }
      } else if (name == "logprobs") {
        if (!take_value(o.logprobs) || o.logprobs.empty()) return fail("option --logprobs needs a file");
      } else if (name == "compare") {
        if (has_value || i + 2 >= args.size()) return fail("option --compare needs two models (cm or GGUF paths)");
        o.compare = {args[i + 1], args[i + 2]};
        i += 2;
      } else if (name == "quality") {
        if (!take_int(1, 100, o.quality)) return result;
      } else if (name == "sweep" && no_value()) {
        o.sweep = true;
      } else if (name == "svg") {
        if (!take_value(o.svg) || o.svg.empty()) return fail("option --svg needs a path");
      } else if (name == "store") {
        if (!take_value(o.store) || o.store.empty()) return fail("option --store needs a path");
      } else if (name == "sources") {
        if (has_value) {
          if (value.empty()) return fail("option --sources needs a path");
          o.sources.push_back(value);
        }
        o.sources_listed = true;
      } else if (name == "question") {
        if (!take_value(o.question)) return fail("option --question needs a text");
      } else if (name == "fail-on") {
        if (!take_value(o.fail_on) || (o.fail_on != "none" && o.fail_on != "unsupported" && o.fail_on != "contradicted")) {
          return fail("option --fail-on needs none, unsupported or contradicted");
        }
      } else if (name == "bench") {
        if (!take_value(o.bump) || o.bump.empty()) return fail("option --bench needs a BUMP file");
      } else if (name == "limit") {
        if (!take_int(1, 10000, o.limit)) return result;
      } else if (name == "top") {
        if (!take_int(0, 100, o.top)) return result;
      } else if (name == "chunk-size") {
        std::string v;
        uint64_t n = 0;
        if (!take_value(v) || !parse_size(v, n) || n < codec::kMinChunkSize || n > codec::kMaxChunkSize) {
          return fail("option --chunk-size needs a size from 4K to 1G");
        }
        o.chunk_size = static_cast<uint32_t>(n);
      } else {
        return fail("unknown option '" + a + "'");
      }
      continue;
    }
    // A cluster of short options: -dcf, -T4, -9, -o PATH.
    for (size_t k = 1; k < a.size(); ++k) {
      const char c = a[k];
      const std::string rest = a.substr(k + 1);
      if (c >= '1' && c <= '9') {
        o.level = c - '0';
      } else if (c == 'd') o.command = Command::kDecompress;
      else if (c == 't') o.command = Command::kTest;
      else if (c == 'l') o.command = Command::kList;
      else if (c == 'c') o.to_stdout = true;
      else if (c == 'k') o.remove_input = false;
      else if (c == 'f') o.force = true;
      else if (c == 'v') o.verbosity = 2;
      else if (c == 'q') o.verbosity = 0;
      else if (c == 'h') o.command = Command::kHelp;
      else if (c == 'V') o.command = Command::kVersion;
      else if (c == 'T' || c == 'o' || c == 'm' || c == 'p' || c == 'n') {
        std::string v = rest;
        if (v.empty()) {
          if (i + 1 >= args.size()) return fail(std::string("option -") + c + " needs a value");
          v = args[++i];
        }
        if (c == 'o') {
          o.output = v;
        } else if (c == 'm') {
          o.model = v;
        } else if (c == 'p') {
          o.prompt = v;
          o.has_prompt = true;
        } else if (c == 'n') {
          long n = 0;
          if (!parse_int(v, 0, 1 << 20, n)) return fail("option -n needs a number 0..1048576");
          o.n_predict = static_cast<int>(n);
        } else {
          long n = 0;
          if (!parse_int(v, 0, 256, n)) return fail("option -T needs a number 0..256");
          o.threads = static_cast<int>(n);
        }
        break;
      } else {
        return fail(std::string("unknown option '-") + c + "'");
      }
    }
  }
  if (!o.output.empty() && o.files.size() > 1 && o.command != Command::kCheck) return fail("-o takes one input file, " + std::to_string(o.files.size()) + " given");
  if (!o.output.empty() && o.to_stdout) return fail("-o and -c cannot be combined");
  if (o.command == Command::kBench && o.files.empty()) return fail("bench needs a folder or files");
  // --json is --format json for the report commands, as for list and bench.
  if (o.json && (o.command == Command::kMap || o.command == Command::kArtifacts || o.command == Command::kCheck)) {
    if (o.format == "html") return fail("--json and --format html cannot be combined");
    o.format = "json";
  }
  if (o.command == Command::kMap) {
    if (o.files.size() > 1) return fail("map takes one file");
    if (!o.logprobs.empty() && (!o.files.empty() || !o.model.empty() || !o.compare.empty())) {
      return fail("--logprobs maps the response alone: no file, model or --compare with it");
    }
    if (!o.compare.empty() && o.format == "html") return fail("--compare writes terminal or json");
  }
  if (o.command == Command::kIndex) {
    if (o.files.empty() || (o.files[0] != "add" && o.files[0] != "search")) return fail("index needs add or search");
    if (o.store.empty()) return fail("index needs --store S.db");
    if (o.files.size() < 2) return fail(o.files[0] == "add" ? "index add needs files or folders" : "index search needs a query");
  }
  if (o.command == Command::kCheck) {
    if (!o.bump.empty()) {
      if (!o.files.empty() || o.sources_listed || !o.store.empty()) return fail("check --bench takes no answer or sources");
    } else {
      if (o.sources_listed == !o.store.empty()) return fail("check needs --sources FILE... or --store S.db (one of them)");
      if (o.sources_listed) {
        if (o.files.empty()) return fail("check needs an answer after the sources (a file, or - for standard input)");
        o.sources.insert(o.sources.end(), o.files.begin(), o.files.end() - 1);
        o.files.erase(o.files.begin(), o.files.end() - 1);
        if (o.sources.empty()) return fail("check --sources needs at least one source besides the answer");
      } else if (o.files.size() > 1) {
        return fail("check --store takes one answer");
      }
      if (o.files.empty()) o.files.push_back("-");
    }
  } else if (o.sources_listed || !o.question.empty() || !o.bump.empty() || o.fail_on != "none") {
    return fail("--sources, --question, --bench and --fail-on apply to check");
  }
  if (o.command == Command::kArtifacts) {
    if (o.files.size() != 1) return fail("artifacts takes one file");
    if (!o.sweep && o.quality == 100) return fail("artifacts needs --quality below 100, or --sweep");
    if (!o.svg.empty() && !o.sweep) return fail("--svg goes with --sweep");
  }
  if (o.quality != 100 && o.command != Command::kCompress && o.command != Command::kArtifacts) {
    return fail("--quality applies to compress and artifacts");
  }
  if (o.command == Command::kGenerate) {
    if (o.model.empty()) return fail("generate needs a model (-m PATH)");
    if (!o.files.empty()) return fail("generate takes no files (give the text with -p)");
  }
  return result;
}

}  // namespace lmz::cli
