// The source store of `lmz index` and `lmz check`: passages of text files,
// Markdown and HTML (tags stripped) in an SQLite FTS5 table, with the file
// and byte offsets each came from, ranked by BM25 when searched.
//
//   files(path PRIMARY KEY, size, xxh64)            what was indexed, to skip unchanged files
//   passages USING fts5(text, path, begin, end)     path, begin and end unindexed
//
// A passage is a paragraph (text between blank lines), small ones merged and
// long ones cut at sentence ends to about 800 bytes. Re-adding a file whose
// bytes changed replaces its passages.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "lmz/status.h"

struct sqlite3;

namespace lmz::ground {

struct Passage {
  std::string text;    // as indexed (for HTML: without tags)
  uint64_t begin = 0;  // byte offsets into the source file
  uint64_t end = 0;
};

struct SearchHit {
  std::string path;
  uint64_t begin = 0;
  uint64_t end = 0;
  std::string text;
  double score = 0.0;  // BM25 as SQLite reports it: lower is better
};

struct AddStats {
  uint64_t files_added = 0;
  uint64_t files_unchanged = 0;
  std::vector<std::string> skipped;  // binary files, not indexed
  uint64_t passages = 0;
  uint64_t bytes = 0;
};

// Splits a document into passages; HTML (by `html`) has its tags, comments,
// scripts and styles removed and common entities decoded, offsets still pointing
// into the original bytes.
std::vector<Passage> split_passages(const std::string& document, bool html);

// HTML by its extension (.html, .htm).
bool is_html_path(const std::string& path);

// Whether a document is binary rather than text: a NUL byte, or more than a
// tenth of invalid UTF-8 and control characters, in its first 8 KiB. Binary
// files given as sources are skipped: their passages would be noise.
bool is_binary_document(const std::string& document);

// The documents under a path: a folder's .txt, .md, .markdown, .rst, .html
// and .htm files, recursively and sorted; any other path is itself.
Result<std::vector<std::string>> document_files(const std::string& path);

class SourceStore {
 public:
  // Opens a store, creating it when `create` is set (index add); otherwise a
  // missing file is an error rather than a new empty store.
  static Result<std::unique_ptr<SourceStore>> open(const std::string& path, bool create = true);
  ~SourceStore();
  SourceStore(const SourceStore&) = delete;
  SourceStore& operator=(const SourceStore&) = delete;

  // Adds files, and folders recursively (their .txt, .md, .markdown, .rst,
  // .html and .htm files, in sorted order).
  Status add(const std::string& path, AddStats& stats);
  Result<std::vector<SearchHit>> search(const std::string& query, int limit);

 private:
  explicit SourceStore(sqlite3* db) : db_(db) {}
  Status add_file(const std::string& path, AddStats& stats);
  Status exec(const char* sql);
  sqlite3* db_;
};

}  // namespace lmz::ground
