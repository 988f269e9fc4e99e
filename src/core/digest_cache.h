// A cache of model files' SHA-256 by file identity (mapped_file.h), so that
// a model of gigabytes is hashed once, not on every run: compressing a line
// with a 500 MB model would otherwise spend most of its time hashing.
//
// One text file, $XDG_CACHE_HOME/lmz/sha256 (else ~/.cache/lmz/sha256), a
// line per file: device inode size mtime_ns ctime_ns digest. An entry is
// used only when all five match the file as it is opened. It is written only
// when the file's times are more than two seconds old when the hash is done
// and the file's identity did not change while it was hashed, so a file
// changed within the same clock tick as an earlier hash cannot match that
// hash's entry. The newest 256 entries are kept. LMZ_CACHE=0 turns the cache
// off; a cache that cannot be read or written is ignored.
#pragma once

#include <optional>
#include <string>

#include "core/mapped_file.h"
#include "core/sha256.h"

namespace lmz {

// The cache file's path, or "" when there is none (turned off, no home).
std::string digest_cache_path();

std::optional<Sha256Digest> cached_sha256(const FileIdentity& id);

// Records `digest` for the file at `path`, opened as `id`, if the rules
// above allow it.
void remember_sha256(const std::string& path, const FileIdentity& id, const Sha256Digest& digest);

}  // namespace lmz
