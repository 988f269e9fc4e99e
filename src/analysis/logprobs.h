// Maps an answer from any LLM API from the log-probabilities it returned,
// with no local model. Reads OpenAI-compatible responses as OpenAI, vLLM,
// llama.cpp's server and Ollama return them:
//   chat:        choices[0].logprobs.content[] = {token, logprob, bytes?, top_logprobs?[]}
//   completions: choices[0].logprobs = {tokens[], token_logprobs[], top_logprobs?[{token: logprob}]}
//   llama.cpp:   completion_probabilities[] = {token|content, logprob, bytes?, top_logprobs?[]}
//                (or the older {content, probs[{tok_str, prob}]})
//   Ollama:      logprobs[] = {token, logprob, bytes?, top_logprobs?[]}
// The text is the tokens' bytes joined. Entropies come from the top
// alternatives where given and are lower bounds: the mass outside them is
// counted as if it were one more token.
#pragma once

#include <string>

#include "analysis/scoring.h"
#include "lmz/status.h"

namespace lmz::analysis {

struct LogprobAnswer {
  std::string text;
  Scoring scoring;
};

Result<LogprobAnswer> parse_logprobs(const std::string& json_text, const std::string& source_name);

}  // namespace lmz::analysis
