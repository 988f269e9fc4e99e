// Little-endian serialisation of fixed-width integers. ByteReader never reads
// past its span: every read reports failure instead, so parsers can name the
// field that was cut short.
#pragma once

#include <cstdint>
#include <cstring>
#include <span>
#include <string>
#include <vector>

namespace lmz {

using Bytes = std::vector<uint8_t>;
using ByteSpan = std::span<const uint8_t>;

inline void store_le(uint8_t* out, uint64_t value, int n_bytes) {
  for (int i = 0; i < n_bytes; ++i) out[i] = static_cast<uint8_t>(value >> (8 * i));
}

inline uint64_t load_le(const uint8_t* in, int n_bytes) {
  uint64_t value = 0;
  for (int i = 0; i < n_bytes; ++i) value |= static_cast<uint64_t>(in[i]) << (8 * i);
  return value;
}

class ByteWriter {
 public:
  explicit ByteWriter(Bytes& out) : out_(out) {}

  void u8(uint8_t v) { out_.push_back(v); }
  void u16(uint16_t v) { put(v, 2); }
  void u32(uint32_t v) { put(v, 4); }
  void u64(uint64_t v) { put(v, 8); }
  void bytes(ByteSpan data) { out_.insert(out_.end(), data.begin(), data.end()); }
  // LEB128: seven bits a byte, least significant first, the high bit set on
  // every byte but the last.
  void varint(uint64_t v) {
    while (v >= 0x80) {
      out_.push_back(static_cast<uint8_t>(v | 0x80));
      v >>= 7;
    }
    out_.push_back(static_cast<uint8_t>(v));
  }

 private:
  void put(uint64_t v, int n_bytes) {
    const size_t at = out_.size();
    out_.resize(at + n_bytes);
    store_le(out_.data() + at, v, n_bytes);
  }
  Bytes& out_;
};

class ByteReader {
 public:
  explicit ByteReader(ByteSpan data) : data_(data) {}

  // Each returns false, consuming nothing, when fewer bytes remain than asked.
  bool u8(uint8_t& v) { return get(v, 1); }
  bool u16(uint16_t& v) { return get(v, 2); }
  bool u32(uint32_t& v) { return get(v, 4); }
  bool u64(uint64_t& v) { return get(v, 8); }
  bool bytes(size_t n, ByteSpan& out) {
    if (remaining() < n) return false;
    out = data_.subspan(pos_, n);
    pos_ += n;
    return true;
  }

  // A LEB128 value of at most 9 bytes (63 bits), in its shortest form.
  bool varint(uint64_t& v) {
    uint64_t value = 0;
    for (size_t i = 0; i < 9 && i < remaining(); ++i) {
      const uint8_t b = data_[pos_ + i];
      value |= static_cast<uint64_t>(b & 0x7f) << (7 * i);
      if ((b & 0x80) == 0) {
        if (b == 0 && i > 0) return false;  // not the shortest form
        v = value;
        pos_ += i + 1;
        return true;
      }
    }
    return false;
  }

  size_t position() const { return pos_; }
  size_t remaining() const { return data_.size() - pos_; }

 private:
  template <class T>
  bool get(T& v, int n_bytes) {
    if (remaining() < static_cast<size_t>(n_bytes)) return false;
    v = static_cast<T>(load_le(data_.data() + pos_, n_bytes));
    pos_ += n_bytes;
    return true;
  }
  ByteSpan data_;
  size_t pos_ = 0;
};

}  // namespace lmz
