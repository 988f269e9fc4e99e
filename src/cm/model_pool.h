// Built-in models kept for reuse. A short text's model starts by copying a
// primed state of a few MB, and fresh memory for it costs as much again in
// page faults and unmapping (a third of a 1 KB map's time in lmz serve).
// borrow() hands out an idle model of the same table sizes, reset to the
// state a new one starts in, or else a new one; the handle gives it back when
// it goes. Only primed models (inputs of at most 64 KiB, tables of a few MB)
// are kept, at most kMaxIdle of them, the most recently returned first.
#pragma once

#include <memory>

#include "cm/cm_model.h"

namespace lmz::cm {

class PooledModel {
 public:
  PooledModel() = default;
  explicit PooledModel(std::unique_ptr<CmModel> model) : model_(std::move(model)) {}
  PooledModel(PooledModel&&) = default;
  PooledModel& operator=(PooledModel&&) = default;
  ~PooledModel();

  CmModel& operator*() { return *model_; }
  CmModel* operator->() { return model_.get(); }

 private:
  std::unique_ptr<CmModel> model_;
};

// A model for `params`, in the state CmModel(params) starts in.
PooledModel borrow_model(const CmParams& params);

inline constexpr int kMaxIdle = 8;

}  // namespace lmz::cm
