#include "wordvec/train/glove_options.hpp"

#include <cmath>

#include "wordvec/core/error.hpp"

namespace wordvec {

double GloveOptions::effective_init_range() const {
  return init_range > 0.0 ? init_range : 0.5 / std::sqrt(static_cast<double>(dim));
}

void GloveOptions::validate() const {
  require_option(dim >= 1 && dim <= 100000, "dim", "an integer in 1..100000", dim);
  require_option(window >= 1 && window <= 1000, "window", "an integer in 1..1000", window);
  require_option(std::isfinite(x_max) && x_max > 0.0, "x-max", "a positive number", x_max);
  require_option(std::isfinite(power) && power >= 0.0 && power <= 10.0, "power", "a number in 0..10", power);
  require_option(epochs >= 1 && epochs <= 100000, "epochs", "an integer in 1..100000", epochs);
  require_option(std::isfinite(lr) && lr > 0.0 && lr < 10.0, "lr", "a learning rate in (0, 10)", lr);
  require_option(init_range >= 0.0 && init_range <= 10.0, "init-range", "a number in [0, 10] (0: the default)", init_range);
  require_option(threads >= 1 && threads <= 1024, "threads", "an integer in 1..1024", threads);
  require_option(std::isfinite(memory_gb) && memory_gb >= 1e-6 && memory_gb <= 1e6, "memory",
                 "a budget in GB between 1e-6 and 1e6", memory_gb);
}

}  // namespace wordvec
