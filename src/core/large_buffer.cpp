#include "core/large_buffer.h"

#include <sys/mman.h>

#include <cstring>
#include <new>

namespace lmz {
namespace {

constexpr size_t kHugePage = size_t{2} << 20;

}  // namespace

LargeBuffer::LargeBuffer(size_t size_bytes) : size_(size_bytes) {
  mapped_ = (size_bytes + kHugePage - 1) / kHugePage * kHugePage;
  if (mapped_ == 0) mapped_ = kHugePage;
  void* p = mmap(nullptr, mapped_, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED) throw std::bad_alloc();
#ifdef MADV_HUGEPAGE
  // Advice only: without transparent huge pages the buffer still works.
  madvise(p, mapped_, MADV_HUGEPAGE);
#endif
  data_ = static_cast<uint8_t*>(p);
}

LargeBuffer::~LargeBuffer() {
  if (data_ != nullptr) munmap(data_, mapped_);
}

void LargeBuffer::clear() {
  std::memset(data_, 0, size_);
}

}  // namespace lmz
