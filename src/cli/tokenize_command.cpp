#include "cli/tokenize_command.h"

#include <unistd.h>

#include <cstdio>
#include <string>

#include "cli/open_model.h"
#include "cli/report_output.h"

namespace lmz::cli {
namespace {

// A piece on one line: backslash, newline, tab, carriage return and other
// control bytes escaped (\\, \n, \t, \r, \xNN), everything else as it is.
std::string escaped(const std::string& piece) {
  std::string out;
  for (const char c : piece) {
    const auto b = static_cast<unsigned char>(c);
    if (c == '\\')
      out += "\\\\";
    else if (c == '\n')
      out += "\\n";
    else if (c == '\t')
      out += "\\t";
    else if (c == '\r')
      out += "\\r";
    else if (b < 0x20 || b == 0x7f) {
      char hex[8];
      std::snprintf(hex, sizeof hex, "\\x%02x", b);
      out += hex;
    } else {
      out += c;
    }
  }
  return out;
}

}  // namespace

int run_tokenize(const Options& o) {
  const std::string input = o.files.empty() ? "-" : o.files[0];
  if (input == "-" && isatty(0) && !o.force) return fail("refusing to read from a terminal (give a file, or use -f)");
  Result<Model> model = open_model(o, o.model);
  if (!model.ok()) return fail(model.status().message());
  Result<std::string> text = read_text(input);
  if (!text.ok()) return fail(text.status().message());
  Result<Tokenization> tokens = tokenize(*model, *text);
  if (!tokens.ok()) return fail(tokens.status().message());
  std::string out;
  if (o.json) {
    out = tokens->json();
  } else if (o.ids) {
    for (size_t i = 0; i < tokens->tokens.size(); ++i) out += (i > 0 ? " " : "") + std::to_string(tokens->tokens[i].id);
    out += "\n";
  } else {
    for (const TokenPiece& t : tokens->tokens) out += escaped(t.piece) + "\n";
  }
  return emit_report(o, out);
}

}  // namespace lmz::cli
