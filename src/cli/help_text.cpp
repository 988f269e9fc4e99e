// The help texts: the general one and one per command, each listing the
// options of the table in options.cpp that apply to it.
#include <string>

#include "cli/options.h"

namespace lmz::cli {
namespace {

struct CommandHelp {
  Command command;
  const char* usage;     // after "lmz "
  const char* summary;   // what it does, a few lines
  const char* examples;  // lines of "lmz ..." with a comment
};

constexpr CommandHelp kCommandHelp[] = {
    {Command::kCompress, "[compress] [OPTION]... [FILE]...",
     "Compress each FILE to FILE.lmz with the built-in context-mixing model, or\n"
     "with a GGUF language model given -m. Inputs are kept unless --rm. With no\n"
     "FILE, or when FILE is -, read standard input and write standard output.\n"
     "Outputs appear only when complete; an interrupted run leaves none.",
     "lmz notes.txt                      # notes.txt.lmz\n"
     "lmz -9 -T 2 big.log                # strongest level, two threads\n"
     "lmz -m model.gguf story.txt        # with a language model\n"
     "lmz --quality 40 story.txt         # lossy: the decoder's guesses fill in\n"
     "tar c dir | lmz -c > dir.tar.lmz   # a pipe"},
    {Command::kDecompress, "decompress [OPTION]... FILE.lmz...  (or lmz -d)",
     "Decompress each FILE.lmz to FILE. An archive coded with a GGUF model needs\n"
     "the same model file (-m or LMZ_MODEL); any other is refused with the hash\n"
     "it needs. Concatenated archives decode to the concatenation.",
     "lmz -d notes.txt.lmz\n"
     "lmz -dc notes.txt.lmz | less\n"
     "LMZ_MODEL=model.gguf lmz -d story.txt.lmz"},
    {Command::kTest, "test [OPTION]... FILE.lmz...  (or lmz -t)",
     "Decode each archive and check every checksum, writing nothing.", "lmz -t notes.txt.lmz"},
    {Command::kList, "list [OPTION]... FILE.lmz...  (or lmz -l)",
     "Show each archive's model, chunks, sizes, ratio and bits per byte; for a\n"
     "GGUF-coded archive also the model's SHA-256 and how close the coded bits\n"
     "came to the model's ideal code length; for a lossy archive the input's\n"
     "size beside the reconstruction's.",
     "lmz -l notes.txt.lmz\n"
     "lmz -l --json *.lmz"},
    {Command::kBench, "bench [OPTION]... DIR|FILE...   or   bench --speed -m MODEL [-T N]",
     "Ratio and speed of lmz against gzip, bzip2, xz, zstd and brotli (through\n"
     "their libraries) on each file, and a GGUF model beside the built-in one\n"
     "given -m. Every archive is decoded and compared.\n"
     "With --speed: the model's tokens per second, scoring a 512-token prompt in\n"
     "batches (every position's logits) and generating 64 tokens one at a time,\n"
     "fastest of --runs runs (default 3), and the peak memory; as llama.cpp's\n"
     "llama-bench -p 512 -n 64 measures, to run beside it.",
     "lmz bench --runs 3 -T1 corpus/\n"
     "lmz bench --json --no-baselines file.txt\n"
     "lmz bench --speed -m model.gguf -T 2 --json"},
    {Command::kGenerate, "generate -m MODEL -p TEXT [OPTION]...",
     "Continue TEXT with a GGUF model: greedy, or sampled with --temp and --seed.",
     "lmz generate -m model.gguf -p \"Once upon a time\" -n 64\n"
     "lmz generate -m model.gguf -p \"...\" --temp 0.8 --seed 1 --json"},
    {Command::kTokenize, "tokenize -m MODEL [--ids|--json] [FILE]",
     "A text's tokens under a GGUF model's tokenizer (SentencePiece or byte-level\n"
     "BPE), without BOS: the pieces one per line (\\n, \\t, \\xNN for control\n"
     "bytes), the ids on one line with --ids, or both as JSON.",
     "lmz tokenize -m model.gguf notes.txt\n"
     "echo 'Hello world' | lmz tokenize -m model.gguf --ids"},
    {Command::kServe, "serve [-m MODEL]... [--host ADDR] [--port N] [--store S.db] [OPTION]...",
     "An HTTP/1.1 server of lmz's work, JSON in and out with the schemas of\n"
     "--format json: POST /v1/map, /v1/artifacts, /v1/check, /v1/tokenize,\n"
     "/v1/logprobs/map, /v1/compress and /v1/decompress (application/octet-stream),\n"
     "GET /v1/models and /v1/health (docs/API.md), and at / a page that shows the\n"
     "map, the lossy slider, the check and compression. The built-in model and every -m\n"
     "model are loaded once; requests beyond the workers and their queue get 503,\n"
     "and a request past --timeout is stopped and gets 504.\n"
     "SIGINT or SIGTERM stops it after the requests in flight.",
     "lmz serve -m model.gguf --port 8080\n"
     "curl -s localhost:8080/v1/map -H 'Content-Type: application/json' -d '{\"text\": \"It was 1911.\"}'"},
    {Command::kRace, "race [-m MODEL|FOLDER]... [OPTION]... FILE...",
     "The bitrate race: the files scored by the built-in model and every model\n"
     "given (a folder's .gguf files too), ordered by parameter count: bits per\n"
     "byte overall and by class of text, each class's share of the bits, and the\n"
     "share of what each model saves over the one before it. Each model's bits\n"
     "on a file are what lmz map reports for it.",
     "lmz race -m small.gguf -m large.gguf notes.txt\n"
     "lmz race -m models/ --format html -o race.html corpus/*.txt\n"
     "lmz race -m models/ --svg plots/ --json *.txt"},
    {Command::kMap, "map [OPTION]... [FILE]",
     "Where the bits go: each token's cost, entropy and rank, and the bits by\n"
     "class of text (numbers, dates, names, code, URLs, words), as a terminal\n"
     "heat map, an HTML page or JSON.",
     "lmz map notes.txt\n"
     "lmz map -m model.gguf --format html -o map.html notes.txt\n"
     "lmz map --logprobs response.json\n"
     "lmz map --compare cm model.gguf notes.txt"},
    {Command::kArtifacts, "artifacts [OPTION]... --quality Q|--sweep FILE",
     "What lossy coding alters: the original and the reconstruction with the\n"
     "altered tokens marked, and the share altered by class; --sweep gives the\n"
     "rate against alterations over qualities 10..100.",
     "lmz artifacts --quality 40 notes.txt\n"
     "lmz artifacts -m model.gguf --sweep --svg curve.svg notes.txt"},
    {Command::kIndex, "index add --store S.db PATH...\n       lmz index search --store S.db [--limit N] [--json] QUERY",
     "Build a store of source passages (text, Markdown and HTML files, folders\n"
     "recursively; binary files skipped) for lmz check, or search it (BM25).",
     "lmz index add --store sources.db docs/\n"
     "lmz index search --store sources.db \"when did the bridge open\" --limit 5"},
    {Command::kCheck, "check [OPTION]... --sources SOURCE... ANSWER\n       lmz check [OPTION]... --store S.db ANSWER",
     "Check an LLM's answer against its sources: every number, date and name the\n"
     "sources do not hold, or hold differently, is flagged with its offsets and\n"
     "the nearest passage; ANSWER is a file, or - for standard input.",
     "lmz check --sources docs/ answer.txt\n"
     "lmz check --sources docs/ answer.txt --format json --fail-on unsupported\n"
     "lmz check --store sources.db --question \"...\" answer.txt\n"
     "lmz check --bench bump_task1.json"},
};

constexpr const char* kExitStatus =
    "Exit status: 0 success, 1 error, 2 bad usage, 3 check --fail-on found what\n"
    "it was told to fail on; 128+N when ended by signal N (no partial output is left).\n";

std::string indent(const std::string& text, const std::string& pad) {
  std::string out = pad;
  for (char c : text) {
    out += c;
    if (c == '\n') out += pad;
  }
  return out;
}

std::string option_lines(uint32_t commands) {
  std::string out;
  for (const OptionSpec& s : option_table()) {
    if ((s.commands & commands) == 0) continue;
    std::string head;
    if (std::string(s.name) == "1..9") {
      head = "  -1 .. -9";
    } else {
      head = s.short_name != 0 ? std::string("  -") + s.short_name + ", " : std::string("      ");
      head += std::string("--") + s.name;
      if (s.value != nullptr) head += std::string(" ") + s.value;
    }
    const std::string help = std::string(s.name) == "1..9"
                                 ? std::string(s.help).substr(std::string(s.help).find(':') + 2)
                                 : std::string(s.help);
    if (head.size() < 24)
      head += std::string(24 - head.size(), ' ');
    else
      head += "\n" + std::string(24, ' ');
    std::string body;
    for (char c : help) body += c == '\n' ? "\n" + std::string(24, ' ') : std::string(1, c);
    out += head + body + "\n";
  }
  return out;
}

}  // namespace

std::string usage_text() {
  std::string out =
      "Usage: lmz [COMMAND] [OPTION]... [FILE]...\n"
      "Compress or decompress FILEs with a predictive model (default: the built-in\n"
      "context-mixing model). With no FILE, or when FILE is -, read standard input.\n\n"
      "Commands (lmz COMMAND --help, or lmz help COMMAND, for each one's options):\n"
      "  compress          compress FILEs to FILE.lmz (the default)\n"
      "  decompress        decompress FILE.lmz to FILE (same as -d)\n"
      "  test              verify archives (same as -t)\n"
      "  list              show model, sizes, ratio and bits per byte (same as -l)\n"
      "  bench DIR|FILE... ratio and speed against gzip, bzip2, xz, zstd, brotli\n"
      "  generate -m M -p TEXT [-n N]  continue TEXT with a GGUF model\n"
      "  tokenize -m M [--ids] [FILE]  the tokens of a text under a GGUF model\n"
      "  race [-m M]... FILE...  bits by class of text as the model grows\n"
      "  serve [-m M]... [--port N]  the same work over HTTP, JSON in and out\n"
      "  map [FILE]        where the bits go: each token's cost, by class of text\n"
      "  artifacts FILE    what lossy coding at --quality Q alters (--sweep: 10..100)\n"
      "  index add|search --store S.db ...  build or search a store of sources\n"
      "  check --sources SRC... ANSWER      which spans of ANSWER the sources cannot explain\n"
      "  check --store S.db ANSWER          the same, with passages retrieved per sentence\n"
      "  check --bench BUMP.json            consistency and ROC AUC on the BUMP benchmark\n\n"
      "Options of compress, decompress, test and list:\n";
  out += option_lines(command_bit(Command::kCompress) | command_bit(Command::kDecompress) |
                      command_bit(Command::kTest) | command_bit(Command::kList));
  out += "\n" + std::string(kExitStatus);
  return out;
}

std::string usage_text(Command command) {
  for (const CommandHelp& h : kCommandHelp) {
    if (h.command != command) continue;
    std::string out = std::string("Usage: lmz ") + h.usage + "\n" + h.summary + "\n\nOptions:\n";
    out += option_lines(command_bit(command));
    out += "\nExamples:\n" + indent(h.examples, "  ") + "\n\n" + kExitStatus;
    return out;
  }
  return usage_text();
}

}  // namespace lmz::cli
