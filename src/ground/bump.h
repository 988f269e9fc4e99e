// The BUMP faithfulness benchmark (../shared/faithfulness/): minimal pairs of
// a faithful reference summary and a copy with one planted error, each with
// its source article. `lmz check --bench` scores both summaries of every pair
// against the article and measures, as the BUMP paper does:
//
//   consistency  the share of pairs whose reference scores as more faithful
//                than its edited summary
//   ROC AUC      the probability that a reference scores as more faithful
//                than an edited summary, over all (reference, edited)
//                combinations (ties count one half)
//
// overall and by error type, beside the published metrics' scores stored in
// the same file.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "ground/check.h"
#include "lmz/status.h"

namespace lmz::ground {

struct BumpRecord {
  std::string id;
  std::string article;
  std::string reference;
  std::string edited;
  std::string error_type;
  std::map<std::string, std::pair<double, double>> published;  // metric -> (reference, edited)
};

Result<std::vector<BumpRecord>> load_bump(const std::string& path);

// How faithful a checked answer is, higher is more faithful: minus the
// number of its flagged facts (unsupported or contradicted) and unresolved
// pronouns and half the number of its unsupported claims, plus the share
// of its bits that the sources explain, (without - with) / without (at most
// 1), plus 0.3 times the share of its word pairs that the sources hold
// together (claims.h). Fewer flagged facts rank first; among answers with
// as many, the shares.
double faithfulness_score(const CheckResult& result);

double consistency(const std::vector<double>& reference, const std::vector<double>& edited);
double roc_auc(const std::vector<double>& reference, const std::vector<double>& edited);

struct BumpScores {
  std::vector<double> reference;  // per record
  std::vector<double> edited;
};

// Checks every record (the same reference summary of an article only once),
// `threads` records at a time; `progress(done, total)` after each.
BumpScores run_bump(const std::vector<BumpRecord>& records, const CheckOptions& options, int threads,
                    const std::function<void(size_t, size_t)>& progress);

struct BumpRow {
  std::string name;  // "overall" or an error type
  size_t pairs = 0;
  double consistency = 0.0;  // percent
  double roc_auc = 0.0;      // percent
};

// lmz's rows (overall, then each error type), and each published metric's overall row.
std::vector<BumpRow> bump_rows(const std::vector<BumpRecord>& records, const BumpScores& scores);
std::vector<BumpRow> published_rows(const std::vector<BumpRecord>& records);

}  // namespace lmz::ground
