// Zeroed memory for large tables that are accessed at random (the models'
// hash tables). It is mapped directly and, where the kernel allows, backed by
// 2 MiB pages: a random access into a table of tens of MiB then rarely misses
// the TLB, which matters most on virtual machines, where a TLB miss walks two
// sets of page tables.
#pragma once

#include <cstddef>
#include <cstdint>

namespace lmz {

class LargeBuffer {
 public:
  // Throws std::bad_alloc when the memory cannot be mapped.
  explicit LargeBuffer(size_t size_bytes);
  ~LargeBuffer();
  LargeBuffer(const LargeBuffer&) = delete;
  LargeBuffer& operator=(const LargeBuffer&) = delete;

  uint8_t* data() const { return data_; }
  size_t size() const { return size_; }
  void clear();

 private:
  uint8_t* data_ = nullptr;
  size_t size_ = 0;
  size_t mapped_ = 0;
};

}  // namespace lmz
