#pragma once
// The few vector operations training spends its time in, over padded 64-byte-aligned rows
// (HogwildMatrix rows). Written with GCC vector extensions: 16 floats per step map to one
// AVX-512 register, or to two AVX2 / four SSE registers on older CPUs.
#include <algorithm>
#include <cstddef>
#include <cstdint>

namespace wordvec::kernels {

/// 16 floats, the step of every loop below; rows are padded to a multiple of it.
typedef float Vec16 __attribute__((vector_size(64), aligned(64)));

inline Vec16 load(const float* p) { return *reinterpret_cast<const Vec16*>(p); }
inline void store(float* p, Vec16 v) { *reinterpret_cast<Vec16*>(p) = v; }
inline float horizontal_sum(Vec16 v) {
  float s = 0.0f;
  for (int i = 0; i < 16; ++i) s += v[i];
  return s;
}
inline Vec16 splat(float x) { return Vec16{} + x; }

/// out[u] = dot(h, rows[u]) for N rows at once, loading h once per step.
template <int N>
inline void dots_fixed(const float* h, float* const* rows, std::size_t stride, float* out) {
  Vec16 acc[N] = {};
  for (std::size_t k = 0; k < stride; k += 16) {
    const Vec16 hv = load(h + k);
    for (int u = 0; u < N; ++u) acc[u] += hv * load(rows[u] + k);
  }
  for (int u = 0; u < N; ++u) out[u] = horizontal_sum(acc[u]);
}

/// out[u] = dot(h, rows[u]) for u < n.
inline void dots(const float* h, float* const* rows, int n, std::size_t stride, float* out) {
  for (; n >= 4; n -= 4, rows += 4, out += 4) dots_fixed<4>(h, rows, stride, out);
  switch (n) {
    case 3: dots_fixed<3>(h, rows, stride, out); break;
    case 2: dots_fixed<2>(h, rows, stride, out); break;
    case 1: dots_fixed<1>(h, rows, stride, out); break;
    default: break;
  }
}

/// Skip-gram pair update for one context row h against n target rows with gradients g:
/// deltas[u] += g[u] * h (output updates, applied later) and h += sum_u g[u] * rows[u].
inline void sg_update(float* h, float* const* rows, float* const* deltas, const float* g, int n,
                      std::size_t stride) {
  for (std::size_t k = 0; k < stride; k += 16) {
    const Vec16 hv = load(h + k);
    Vec16 grad = {};
    for (int u = 0; u < n; ++u) {
      grad += splat(g[u]) * load(rows[u] + k);
      store(deltas[u] + k, load(deltas[u] + k) + splat(g[u]) * hv);
    }
    store(h + k, hv + grad);
  }
}

/// CBOW output update: grad += sum_u g[u] * rows[u], then rows[u] += g[u] * hidden.
inline void cbow_update(const float* hidden, float* const* rows, const float* g, int n, float* grad, std::size_t stride) {
  for (std::size_t k = 0; k < stride; k += 16) {
    const Vec16 hv = load(hidden + k);
    Vec16 gv = load(grad + k);
    for (int u = 0; u < n; ++u) {
      const Vec16 o = load(rows[u] + k);
      gv += splat(g[u]) * o;
      store(rows[u] + k, o + splat(g[u]) * hv);
    }
    store(grad + k, gv);
  }
}

/// Subword skip-gram pair update: with grad = sum_u g[u] * rows[u] (rows before their update),
/// rows[u] += g[u] * hidden, then hidden += grad and total += grad, in one pass.
inline void hidden_update(float* hidden, float* const* rows, const float* g, int n, float* total, std::size_t stride) {
  for (std::size_t k = 0; k < stride; k += 16) {
    const Vec16 hv = load(hidden + k);
    Vec16 gv = {};
    for (int u = 0; u < n; ++u) {
      const Vec16 o = load(rows[u] + k);
      gv += splat(g[u]) * o;
      store(rows[u] + k, o + splat(g[u]) * hv);
    }
    store(hidden + k, hv + gv);
    store(total + k, load(total + k) + gv);
  }
}

/// out = a * sum of the rows base + idx[u] * stride, u < n (fastText's mean of a word's rows).
/// Column blocks outer, rows inner: the first block touches every row before any row's second
/// block, so the rows' cache misses (n-gram rows live in a matrix of millions of rows) overlap
/// instead of being taken one row at a time; two accumulators keep the adds independent.
inline void gather_scaled(float* out, const float* base, const std::int32_t* idx, int n, float a, std::size_t stride) {
  for (std::size_t k = 0; k < stride; k += 16) {
    Vec16 a0 = {}, a1 = {};
    int u = 0;
    for (; u + 1 < n; u += 2) {
      a0 += load(base + static_cast<std::size_t>(idx[u]) * stride + k);
      a1 += load(base + static_cast<std::size_t>(idx[u + 1]) * stride + k);
    }
    if (u < n) a0 += load(base + static_cast<std::size_t>(idx[u]) * stride + k);
    store(out + k, (a0 + a1) * splat(a));
  }
}

/// Asks for one row to be brought into cache for writing.
inline void prefetch_row(const float* p, std::size_t stride) {
  for (std::size_t k = 0; k < stride; k += 16) __builtin_prefetch(p + k, 1, 3);
}

/// base + idx[u] * stride += x for every u < n (the scatter matching gather_scaled).
inline void scatter_add(float* base, const std::int32_t* idx, int n, const float* x, std::size_t stride) {
  for (std::size_t k = 0; k < stride; k += 16) {
    const Vec16 xv = load(x + k);
    for (int u = 0; u < n; ++u) {
      float* p = base + static_cast<std::size_t>(idx[u]) * stride + k;
      store(p, load(p) + xv);
    }
  }
}

/// y += x.
inline void add(float* y, const float* x, std::size_t stride) {
  for (std::size_t k = 0; k < stride; k += 16) store(y + k, load(y + k) + load(x + k));
}

/// y = 0.
inline void zero(float* y, std::size_t stride) {
  for (std::size_t k = 0; k < stride; k += 16) store(y + k, Vec16{});
}

/// y *= a.
inline void scale(float* y, float a, std::size_t stride) {
  for (std::size_t k = 0; k < stride; k += 16) store(y + k, load(y + k) * splat(a));
}

}  // namespace wordvec::kernels
