#include "cm/model_pool.h"

#include <deque>
#include <mutex>

namespace lmz::cm {
namespace {

std::mutex g_mutex;
std::deque<std::unique_ptr<CmModel>>& idle() {
  static auto* models = new std::deque<std::unique_ptr<CmModel>>();  // outlives every handle
  return *models;
}

bool same_tables(const CmParams& a, const CmParams& b) {
  return a == b && a.match_table_bits() == b.match_table_bits() && a.hashed_contexts() == b.hashed_contexts();
}

}  // namespace

PooledModel::~PooledModel() {
  if (!model_ || !model_->params().reads_primer()) return;
  std::lock_guard<std::mutex> lock(g_mutex);
  idle().push_front(std::move(model_));
  while (idle().size() > static_cast<size_t>(kMaxIdle)) idle().pop_back();
}

PooledModel borrow_model(const CmParams& params) {
  std::unique_ptr<CmModel> found;
  if (params.reads_primer()) {
    std::lock_guard<std::mutex> lock(g_mutex);
    for (auto it = idle().begin(); it != idle().end(); ++it) {
      if (same_tables((*it)->params(), params)) {
        found = std::move(*it);
        idle().erase(it);
        break;
      }
    }
  }
  if (!found) return PooledModel(std::make_unique<CmModel>(params));
  found->reset();
  return PooledModel(std::move(found));
}

}  // namespace lmz::cm
