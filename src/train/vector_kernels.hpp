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

/// Most context rows window_update takes at once (its registers hold two vectors per context).
constexpr int kWindowContexts = 8;

/// Skip-gram update of a whole window at once (pWord2Vec's HogBatch): c <= kWindowContexts
/// context rows hs[j] against the same n target rows with gradients g[j * n + u]. In one pass
/// over the columns, hs[j] += sum_u g[j][u] * rows[u] and rows[u] += sum_j g[j][u] * hs[j], both
/// from the values before the pass; each row is loaded and stored once per window instead of
/// once per pair. The hs[j] must be distinct rows.
template <int C>
inline void window_update_fixed(float* const* hs, float* const* rows, const float* g, int n, std::size_t stride) {
  for (std::size_t k = 0; k < stride; k += 16) {
    Vec16 h[C], grad[C];
    for (int j = 0; j < C; ++j) {
      h[j] = load(hs[j] + k);
      grad[j] = Vec16{};
    }
    for (int u = 0; u < n; ++u) {
      const Vec16 r = load(rows[u] + k);
      Vec16 d = {};
      for (int j = 0; j < C; ++j) {
        const Vec16 gj = splat(g[j * n + u]);
        grad[j] += gj * r;
        d += gj * h[j];
      }
      store(rows[u] + k, r + d);
    }
    for (int j = 0; j < C; ++j) store(hs[j] + k, h[j] + grad[j]);
  }
}

inline void window_update(float* const* hs, int c, float* const* rows, const float* g, int n, std::size_t stride) {
  // The context count is a template argument so that h and grad live in registers.
  switch (c) {
    case 1: window_update_fixed<1>(hs, rows, g, n, stride); break;
    case 2: window_update_fixed<2>(hs, rows, g, n, stride); break;
    case 3: window_update_fixed<3>(hs, rows, g, n, stride); break;
    case 4: window_update_fixed<4>(hs, rows, g, n, stride); break;
    case 5: window_update_fixed<5>(hs, rows, g, n, stride); break;
    case 6: window_update_fixed<6>(hs, rows, g, n, stride); break;
    case 7: window_update_fixed<7>(hs, rows, g, n, stride); break;
    case 8: window_update_fixed<8>(hs, rows, g, n, stride); break;
    default: break;
  }
}

/// out[j * n + u] = dot(hs[j], rows[u]) for C contexts and n rows: tiles of 4 rows x C contexts
/// load each row and each context once per step.
template <int C>
inline void window_dots_fixed(float* const* hs, float* const* rows, int n, std::size_t stride, float* out) {
  int u = 0;
  for (; u + 4 <= n; u += 4) {
    Vec16 acc[C][4] = {};
    for (std::size_t k = 0; k < stride; k += 16) {
      const Vec16 r0 = load(rows[u] + k), r1 = load(rows[u + 1] + k), r2 = load(rows[u + 2] + k),
                  r3 = load(rows[u + 3] + k);
      for (int j = 0; j < C; ++j) {
        const Vec16 hv = load(hs[j] + k);
        acc[j][0] += hv * r0;
        acc[j][1] += hv * r1;
        acc[j][2] += hv * r2;
        acc[j][3] += hv * r3;
      }
    }
    for (int j = 0; j < C; ++j)
      for (int q = 0; q < 4; ++q) out[j * n + u + q] = horizontal_sum(acc[j][q]);
  }
  for (int j = 0; j < C; ++j) {
    float tail[4];
    dots(hs[j], rows + u, n - u, stride, tail);
    for (int q = 0; q < n - u; ++q) out[j * n + u + q] = tail[q];
  }
}

/// out[j * n + u] = dot(hs[j], rows[u]) for j < c <= kWindowContexts, u < n.
inline void window_dots(float* const* hs, int c, float* const* rows, int n, std::size_t stride, float* out) {
  switch (c) {
    case 1: window_dots_fixed<1>(hs, rows, n, stride, out); break;
    case 2: window_dots_fixed<2>(hs, rows, n, stride, out); break;
    case 3: window_dots_fixed<3>(hs, rows, n, stride, out); break;
    case 4: window_dots_fixed<4>(hs, rows, n, stride, out); break;
    case 5: window_dots_fixed<5>(hs, rows, n, stride, out); break;
    case 6: window_dots_fixed<6>(hs, rows, n, stride, out); break;
    case 7: window_dots_fixed<7>(hs, rows, n, stride, out); break;
    case 8: window_dots_fixed<8>(hs, rows, n, stride, out); break;
    default: break;
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
