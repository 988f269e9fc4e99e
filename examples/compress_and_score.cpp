// Compresses a text, decodes it again, and shows what it costs under the model.
// Usage: compress_and_score [MODEL]   (a GGUF file, or "cm" for the built-in model)
#include <lmz/lmz.h>

#include <cstdio>

int main(int argc, char** argv) {
  lmz::Result<lmz::Model> model = lmz::Model::open(argc > 1 ? argv[1] : "cm", {.ctx = 512});
  if (!model.ok()) return std::fprintf(stderr, "%s\n", model.status().message().c_str()), 1;
  const std::string text = "Once upon a time there was a little girl. She liked to play in the park with her dog.";
  lmz::Result<std::vector<uint8_t>> archive = lmz::compress(*model, text);
  lmz::Result<lmz::Scores> scores = lmz::score(*model, text);
  if (!archive.ok() || !scores.ok()) return std::fprintf(stderr, "failed\n"), 1;
  lmz::Result<std::vector<uint8_t>> back = lmz::decompress(archive->data(), archive->size(), {.model = &*model});
  const bool same = back.ok() && std::string(back->begin(), back->end()) == text;
  std::printf("%zu bytes -> %zu, %.3f bits/byte under %s, round trip %s\n", text.size(), archive->size(),
              scores->bits_per_byte(), model->name().c_str(), same ? "ok" : "FAILED");
  return same ? 0 : 1;
}
