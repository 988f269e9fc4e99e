#include "llm/architecture.h"

namespace lmz::llm {
namespace {

constexpr ArchitectureTraits kArchitectures[] = {
    //               name     neox   qkv    gate   bias   qknorm key
    {Architecture::kLlama, "llama", false, false, false, false, false, false},
    {Architecture::kPhi3, "phi3", true, true, true, false, false, false},
    {Architecture::kQwen2, "qwen2", true, false, false, true, false, false},
    {Architecture::kQwen3, "qwen3", true, false, false, false, true, true},
};

}  // namespace

const ArchitectureTraits* find_architecture(std::string_view name) {
  for (const ArchitectureTraits& a : kArchitectures) {
    if (name == a.name) return &a;
  }
  return nullptr;
}

const char* supported_architectures() {
  return "llama, phi3, qwen2, qwen3";
}

}  // namespace lmz::llm
