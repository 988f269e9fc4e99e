#include "ground/source_store.h"

#include <sqlite3.h>

#include <algorithm>
#include <cctype>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/bytes.h"
#include "core/checksum.h"
#include "core/utf8.h"

namespace lmz::ground {
namespace {

constexpr size_t kTargetBytes = 800;
constexpr size_t kMaxBytes = 1600;

Status db_error(sqlite3* db, const std::string& what) {
  return make_error(ErrorCode::kIo, what + ": " + (db != nullptr ? sqlite3_errmsg(db) : "out of memory"));
}

// A statement that finalizes itself.
struct Statement {
  sqlite3_stmt* s = nullptr;
  ~Statement() { sqlite3_finalize(s); }
};

bool has_extension(const std::filesystem::path& p, std::initializer_list<const char*> extensions) {
  std::string ext = p.extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
  for (const char* e : extensions) {
    if (ext == e) return true;
  }
  return false;
}

// Text with the original offset of each of its bytes.
struct MappedText {
  std::string text;
  std::vector<uint64_t> offsets;  // (text.size() + 1)
};

MappedText strip_html(const std::string& doc) {
  MappedText out;
  auto put = [&](char c, uint64_t at) {
    out.text.push_back(c);
    out.offsets.push_back(at);
  };
  for (size_t i = 0; i < doc.size();) {
    if (doc.compare(i, 4, "<!--") == 0) {
      // A comment is no text of the page.
      const size_t end = doc.find("-->", i + 4);
      i = end == std::string::npos ? doc.size() : end + 3;
      continue;
    }
    if (doc[i] == '<') {
      // Skip the tag; skip script and style elements whole.
      std::string name;
      size_t j = i + 1;
      if (j < doc.size() && doc[j] == '/') ++j;
      while (j < doc.size() && std::isalpha(static_cast<unsigned char>(doc[j])))
        name += static_cast<char>(std::tolower(doc[j++]));
      const size_t close = doc.find('>', i);
      size_t next = close == std::string::npos ? doc.size() : close + 1;
      if (name == "script" || name == "style") {
        const size_t end = doc.find("</" + name, next);
        const size_t end_close = end == std::string::npos ? std::string::npos : doc.find('>', end);
        next = end_close == std::string::npos ? doc.size() : end_close + 1;
      }
      // Block elements end a paragraph.
      static const char* kBlocks[] = {"p",  "div", "br", "li", "h1",      "h2",     "h3",
                                      "h4", "h5",  "h6", "tr", "section", "article"};
      for (const char* b : kBlocks) {
        if (name == b) {
          put('\n', i);
          put('\n', i);
          break;
        }
      }
      i = next;
      continue;
    }
    if (doc[i] == '&') {
      static const std::pair<const char*, char> kEntities[] = {{"&amp;", '&'},  {"&lt;", '<'},   {"&gt;", '>'},
                                                               {"&quot;", '"'}, {"&#39;", '\''}, {"&nbsp;", ' '}};
      bool matched = false;
      for (const auto& [entity, c] : kEntities) {
        if (doc.compare(i, std::strlen(entity), entity) == 0) {
          put(c, i);
          i += std::strlen(entity);
          matched = true;
          break;
        }
      }
      if (matched) continue;
    }
    put(doc[i], i);
    ++i;
  }
  out.offsets.push_back(doc.size());
  return out;
}

MappedText plain(const std::string& doc) {
  MappedText out;
  out.text = doc;
  out.offsets.resize(doc.size() + 1);
  for (size_t i = 0; i <= doc.size(); ++i) out.offsets[i] = i;
  return out;
}

}  // namespace

std::vector<Passage> split_passages(const std::string& document, bool html) {
  const MappedText m = html ? strip_html(document) : plain(document);
  const std::string& t = m.text;
  std::vector<Passage> out;
  auto emit = [&](size_t b, size_t e) {
    while (b < e && std::isspace(static_cast<unsigned char>(t[b]))) ++b;
    while (e > b && std::isspace(static_cast<unsigned char>(t[e - 1]))) --e;
    if (e > b) out.push_back({t.substr(b, e - b), m.offsets[b], m.offsets[e]});
  };
  size_t start = 0;  // of the passage being gathered
  size_t pos = 0;
  while (pos < t.size()) {
    // The next paragraph end: a blank line (\n\n or \r\n\r\n), or the end.
    size_t para_end = pos;
    size_t break_bytes = 2;
    for (;; ++para_end) {
      para_end = t.find('\n', para_end);
      if (para_end == std::string::npos) {
        para_end = t.size();
        break;
      }
      if (para_end + 1 < t.size() && t[para_end + 1] == '\n') break;
      if (para_end + 2 < t.size() && t[para_end + 1] == '\r' && t[para_end + 2] == '\n') {
        break_bytes = 3;
        break;
      }
    }
    if (para_end - start >= kTargetBytes || para_end == t.size()) {
      // Close the passage; cut long ones at sentence ends.
      while (para_end - start > kMaxBytes) {
        size_t cut = t.rfind(". ", start + kTargetBytes);
        if (cut == std::string::npos || cut <= start)
          cut = start + kTargetBytes;
        else
          cut += 1;
        emit(start, cut);
        start = cut;
      }
      emit(start, para_end);
      start = para_end;
    }
    pos = para_end + break_bytes;
  }
  if (start < t.size()) emit(start, t.size());  // text after the last paragraph break
  return out;
}

Result<std::unique_ptr<SourceStore>> SourceStore::open(const std::string& path, bool create) {
  std::error_code ec;
  if (!create && !std::filesystem::is_regular_file(path, ec)) {
    return make_error(ErrorCode::kIo, path + ": no such store (build one with lmz index add)");
  }
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0), nullptr) !=
      SQLITE_OK) {
    Status s = db_error(db, path);
    sqlite3_close(db);
    return s;
  }
  auto store = std::unique_ptr<SourceStore>(new SourceStore(db));
  Status s = store->exec(
      "CREATE TABLE IF NOT EXISTS files(path TEXT PRIMARY KEY, size INTEGER, xxh64 INTEGER);"
      "CREATE VIRTUAL TABLE IF NOT EXISTS passages USING fts5(text, path UNINDEXED, begin UNINDEXED, end UNINDEXED);");
  if (!s.ok()) return Status(s.code(), path + ": not an lmz store (" + s.message() + ")");
  return store;
}

SourceStore::~SourceStore() {
  sqlite3_close(db_);
}

Status SourceStore::exec(const char* sql) {
  char* message = nullptr;
  if (sqlite3_exec(db_, sql, nullptr, nullptr, &message) != SQLITE_OK) {
    const std::string text = message != nullptr ? message : "error";
    sqlite3_free(message);
    return make_error(ErrorCode::kIo, text);
  }
  return Status::success();
}

bool is_html_path(const std::string& path) {
  return has_extension(path, {".html", ".htm"});
}

bool is_binary_document(const std::string& doc) {
  const size_t n = std::min<size_t>(doc.size(), 8192);
  size_t odd = 0;
  for (size_t i = 0; i < n;) {
    const auto c = static_cast<uint8_t>(doc[i]);
    if (c == 0) return true;
    const size_t length = valid_utf8_length(doc, i);
    if (length == 0 || (c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f')) ++odd;
    i += length == 0 ? 1 : length;
  }
  return odd * 10 > n;
}

Result<std::vector<std::string>> document_files(const std::string& path) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::is_directory(path, ec)) return std::vector<std::string>{path};
  std::vector<std::string> files;
  for (fs::recursive_directory_iterator it(path, ec), end; it != end && !ec; it.increment(ec)) {
    if (it->is_regular_file() && has_extension(it->path(), {".txt", ".md", ".markdown", ".rst", ".html", ".htm"})) {
      files.push_back(it->path().string());
    }
  }
  if (ec) return make_error(ErrorCode::kIo, path + ": " + ec.message());
  std::sort(files.begin(), files.end());
  return files;
}

Status SourceStore::add(const std::string& path, AddStats& stats) {
  LMZ_ASSIGN_OR_RETURN(std::vector<std::string> files, document_files(path));
  for (const std::string& f : files) {
    // Stored by absolute path, so the store means the same from any folder.
    std::error_code ec;
    const std::filesystem::path absolute = std::filesystem::absolute(f, ec);
    LMZ_RETURN_IF_ERROR(add_file(ec ? f : absolute.lexically_normal().string(), stats));
  }
  return Status::success();
}

Status SourceStore::add_file(const std::string& path, AddStats& stats) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return make_error(ErrorCode::kIo, path + ": cannot read");
  std::stringstream ss;
  ss << in.rdbuf();
  const std::string doc = ss.str();
  if (is_binary_document(doc)) {
    stats.skipped.push_back(path);
    return Status::success();
  }
  const uint64_t hash = xxh64(ByteSpan(reinterpret_cast<const uint8_t*>(doc.data()), doc.size()));

  Statement known;
  sqlite3_prepare_v2(db_, "SELECT xxh64 FROM files WHERE path = ?", -1, &known.s, nullptr);
  sqlite3_bind_text(known.s, 1, path.c_str(), -1, SQLITE_TRANSIENT);
  if (sqlite3_step(known.s) == SQLITE_ROW && static_cast<uint64_t>(sqlite3_column_int64(known.s, 0)) == hash) {
    ++stats.files_unchanged;
    return Status::success();
  }

  const std::vector<Passage> passages = split_passages(doc, is_html_path(path));
  LMZ_RETURN_IF_ERROR(exec("BEGIN"));
  Statement remove, insert, file;
  sqlite3_prepare_v2(db_, "DELETE FROM passages WHERE path = ?", -1, &remove.s, nullptr);
  sqlite3_bind_text(remove.s, 1, path.c_str(), -1, SQLITE_TRANSIENT);
  bool ok = sqlite3_step(remove.s) == SQLITE_DONE;
  sqlite3_prepare_v2(db_, "INSERT INTO passages(text, path, begin, end) VALUES (?, ?, ?, ?)", -1, &insert.s, nullptr);
  for (const Passage& p : passages) {
    if (!ok) break;
    sqlite3_reset(insert.s);
    sqlite3_bind_text(insert.s, 1, p.text.data(), static_cast<int>(p.text.size()), SQLITE_TRANSIENT);
    sqlite3_bind_text(insert.s, 2, path.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(insert.s, 3, static_cast<sqlite3_int64>(p.begin));
    sqlite3_bind_int64(insert.s, 4, static_cast<sqlite3_int64>(p.end));
    ok = sqlite3_step(insert.s) == SQLITE_DONE;
  }
  sqlite3_prepare_v2(db_, "INSERT OR REPLACE INTO files(path, size, xxh64) VALUES (?, ?, ?)", -1, &file.s, nullptr);
  sqlite3_bind_text(file.s, 1, path.c_str(), -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64(file.s, 2, static_cast<sqlite3_int64>(doc.size()));
  sqlite3_bind_int64(file.s, 3, static_cast<sqlite3_int64>(hash));
  ok = ok && sqlite3_step(file.s) == SQLITE_DONE;
  if (!ok) {
    Status s = db_error(db_, path);
    (void)exec("ROLLBACK");
    return s;
  }
  LMZ_RETURN_IF_ERROR(exec("COMMIT"));
  ++stats.files_added;
  stats.passages += passages.size();
  stats.bytes += doc.size();
  return Status::success();
}

Result<std::vector<SearchHit>> SourceStore::search(const std::string& query, int limit) {
  // The query's words, each quoted, joined by OR: FTS5 syntax in the query
  // is not interpreted, and BM25 ranks passages with more and rarer words first.
  std::string match;
  std::string word;
  auto flush = [&] {
    if (word.empty()) return;
    if (!match.empty()) match += " OR ";
    match += "\"" + word + "\"";
    word.clear();
  };
  for (char c : query) {
    if (std::isalnum(static_cast<unsigned char>(c)) || static_cast<unsigned char>(c) >= 128)
      word += c;
    else
      flush();
  }
  flush();
  std::vector<SearchHit> hits;
  if (match.empty()) return hits;
  Statement q;
  if (sqlite3_prepare_v2(db_,
                         "SELECT path, begin, end, text, bm25(passages) FROM passages WHERE passages MATCH ? "
                         "ORDER BY bm25(passages) LIMIT ?",
                         -1, &q.s, nullptr) != SQLITE_OK) {
    return db_error(db_, "search");
  }
  sqlite3_bind_text(q.s, 1, match.c_str(), -1, SQLITE_TRANSIENT);
  sqlite3_bind_int(q.s, 2, limit);
  int rc;
  while ((rc = sqlite3_step(q.s)) == SQLITE_ROW) {
    SearchHit h;
    h.path = reinterpret_cast<const char*>(sqlite3_column_text(q.s, 0));
    h.begin = static_cast<uint64_t>(sqlite3_column_int64(q.s, 1));
    h.end = static_cast<uint64_t>(sqlite3_column_int64(q.s, 2));
    h.text = std::string(reinterpret_cast<const char*>(sqlite3_column_text(q.s, 3)),
                         static_cast<size_t>(sqlite3_column_bytes(q.s, 3)));
    h.score = sqlite3_column_double(q.s, 4);
    hits.push_back(std::move(h));
  }
  if (rc != SQLITE_DONE) return db_error(db_, "search");
  return hits;
}

}  // namespace lmz::ground
