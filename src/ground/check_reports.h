// The three forms of an `lmz check` report. docs/CHECK.md documents the JSON
// schema.
#pragma once

#include <string>

#include "ground/check.h"

namespace lmz::ground {

// "number", "date", "name", "reference"; "" for none.
const char* fact_name(FactKind kind);

std::string check_json(const CheckResult& result);
// The answer with unsupported spans underlined in yellow and contradicted
// ones in red (without colour: [?span?] and [!span!]), then each flagged span
// with its offsets, bits and the nearest source passage, then the totals.
std::string check_terminal(const CheckResult& result, bool color);
// A self-contained page: the answer marked the same way, hover for details.
std::string check_html(const CheckResult& result);

}  // namespace lmz::ground
