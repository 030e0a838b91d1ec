#pragma once
// The few vector operations training spends its time in, over padded 64-byte-aligned rows
// (HogwildMatrix rows). Written with GCC vector extensions, one register's worth of floats per step
// (kLanes below).
#include <algorithm>
#include <cstddef>
#include <cstdint>

namespace wordvec::kernels {

/// Floats per vector step: one register's worth, 16 with AVX-512 and 8 without it. (A 16-float step
/// on AVX2 takes two registers per variable, and the window kernels, which keep 2 x 8 vectors live,
/// spilled to the stack: hierarchical-softmax skip-gram ran 1.7x slower than word2vec.c on an AMD
/// EPYC with AVX2.) Rows are padded to a multiple of 16 floats, so of either step.
#if defined(__AVX512F__)
inline constexpr std::size_t kLanes = 16;
#else
inline constexpr std::size_t kLanes = 8;
#endif
typedef float Vec __attribute__((vector_size(kLanes * sizeof(float))));

/// How many vector registers the target has (the window kernels size their tiles to fit them).
#if defined(__AVX512F__)
inline constexpr int kRegisters = 32;
#else
inline constexpr int kRegisters = 16;
#endif

inline Vec load(const float* p) { return *reinterpret_cast<const Vec*>(p); }
inline void store(float* p, Vec v) { *reinterpret_cast<Vec*>(p) = v; }
inline float horizontal_sum(Vec v) {
  float s = 0.0f;
  for (std::size_t i = 0; i < kLanes; ++i) s += v[i];
  return s;
}
inline Vec splat(float x) { return Vec{} + x; }

/// out[u] = dot(h, rows[u]) for N rows at once, loading h once per step.
template <int N>
inline void dots_fixed(const float* h, float* const* rows, std::size_t stride, float* out) {
  Vec acc[N] = {};
  for (std::size_t k = 0; k < stride; k += kLanes) {
    const Vec hv = load(h + k);
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
  for (std::size_t k = 0; k < stride; k += kLanes) {
    const Vec hv = load(h + k);
    Vec grad = {};
    for (int u = 0; u < n; ++u) {
      grad += splat(g[u]) * load(rows[u] + k);
      store(deltas[u] + k, load(deltas[u] + k) + splat(g[u]) * hv);
    }
    store(h + k, hv + grad);
  }
}

/// Most context rows window_update takes at once: its registers hold two vectors per context plus
/// three (8 contexts with 32 registers, 6 with 16).
constexpr int kWindowContexts = kRegisters == 32 ? 8 : 6;

/// Skip-gram update of a whole window at once (pWord2Vec's HogBatch): c <= kWindowContexts
/// context rows hs[j] against the same n target rows with gradients g[j * n + u]. In one pass
/// over the columns, hs[j] += sum_u g[j][u] * rows[u] and rows[u] += sum_j g[j][u] * hs[j], both
/// from the values before the pass; each row is loaded and stored once per window instead of
/// once per pair. The hs[j] must be distinct rows.
template <int C>
inline void window_update_fixed(float* const* hs, float* const* rows, const float* g, int n, std::size_t stride) {
  for (std::size_t k = 0; k < stride; k += kLanes) {
    Vec h[C], grad[C];
    for (int j = 0; j < C; ++j) {
      h[j] = load(hs[j] + k);
      grad[j] = Vec{};
    }
    for (int u = 0; u < n; ++u) {
      const Vec r = load(rows[u] + k);
      Vec d = {};
      for (int j = 0; j < C; ++j) {
        const Vec gj = splat(g[j * n + u]);
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

/// Rows per tile of window_dots: R rows x C contexts keep R * C accumulators, R rows and one
/// context live (4 x 6 + 5 = 29 of 32 registers; 2 x 6 + 3 = 15 of 16). Every dot is summed in the
/// same order whatever the tile, so the tile changes no result.
constexpr int kDotRows = kRegisters == 32 ? 4 : 2;

/// out[j * n + u] = dot(hs[j], rows[u]) for C contexts and n rows: tiles of kDotRows rows x C
/// contexts load each row and each context once per step.
template <int C>
inline void window_dots_fixed(float* const* hs, float* const* rows, int n, std::size_t stride, float* out) {
  constexpr int R = kDotRows;
  int u = 0;
  for (; u + R <= n; u += R) {
    Vec acc[C][R] = {};
    for (std::size_t k = 0; k < stride; k += kLanes) {
      Vec r[R];
      for (int q = 0; q < R; ++q) r[q] = load(rows[u + q] + k);
      for (int j = 0; j < C; ++j) {
        const Vec hv = load(hs[j] + k);
        for (int q = 0; q < R; ++q) acc[j][q] += hv * r[q];
      }
    }
    for (int j = 0; j < C; ++j)
      for (int q = 0; q < R; ++q) out[j * n + u + q] = horizontal_sum(acc[j][q]);
  }
  for (int j = 0; j < C; ++j) {
    float tail[R];
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

/// CBOW output update whose row changes go to deltas[u] (rows[u] itself, or a row that gathers
/// them): grad += sum_u g[u] * rows[u], then deltas[u] += g[u] * hidden. Two sums (even and odd
/// rows): a path of 15-20 rows would otherwise chain that many multiply-adds one after the other at
/// every step of the columns.
inline void cbow_update_split(const float* hidden, float* const* rows, float* const* deltas, const float* g, int n,
                              float* grad, std::size_t stride) {
  for (std::size_t k = 0; k < stride; k += kLanes) {
    const Vec hv = load(hidden + k);
    Vec g0 = load(grad + k), g1 = {};
    int u = 0;
    for (; u + 1 < n; u += 2) {
      const Vec s0 = splat(g[u]), s1 = splat(g[u + 1]);
      g0 += s0 * load(rows[u] + k);
      g1 += s1 * load(rows[u + 1] + k);
      store(deltas[u] + k, load(deltas[u] + k) + s0 * hv);
      store(deltas[u + 1] + k, load(deltas[u + 1] + k) + s1 * hv);
    }
    if (u < n) {
      g0 += splat(g[u]) * load(rows[u] + k);
      store(deltas[u] + k, load(deltas[u] + k) + splat(g[u]) * hv);
    }
    store(grad + k, g0 + g1);
  }
}

/// CBOW output update in place: grad += sum_u g[u] * rows[u], then rows[u] += g[u] * hidden.
inline void cbow_update(const float* hidden, float* const* rows, const float* g, int n, float* grad, std::size_t stride) {
  cbow_update_split(hidden, rows, rows, g, n, grad, stride);
}

/// Subword skip-gram pair update: with grad = sum_u g[u] * rows[u] (rows before their update),
/// rows[u] += g[u] * hidden, then hidden += grad and total += grad, in one pass.
inline void hidden_update(float* hidden, float* const* rows, const float* g, int n, float* total, std::size_t stride) {
  for (std::size_t k = 0; k < stride; k += kLanes) {
    const Vec hv = load(hidden + k);
    Vec gv = {};
    for (int u = 0; u < n; ++u) {
      const Vec o = load(rows[u] + k);
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
  for (std::size_t k = 0; k < stride; k += kLanes) {
    Vec a0 = {}, a1 = {};
    int u = 0;
    for (; u + 1 < n; u += 2) {
      a0 += load(base + static_cast<std::size_t>(idx[u]) * stride + k);
      a1 += load(base + static_cast<std::size_t>(idx[u + 1]) * stride + k);
    }
    if (u < n) a0 += load(base + static_cast<std::size_t>(idx[u]) * stride + k);
    store(out + k, (a0 + a1) * splat(a));
  }
}

/// out = a * (rows[0] + rows[1] + ... + rows[n-1]), summed in that order in registers (CBOW's
/// context mean: adding each row into `out` in memory chained every column through a store).
inline void mean_rows(float* out, float* const* rows, int n, float a, std::size_t stride) {
  for (std::size_t k = 0; k < stride; k += kLanes) {
    Vec acc = {};
    for (int u = 0; u < n; ++u) acc += load(rows[u] + k);
    store(out + k, acc * splat(a));
  }
}

/// Asks for one row to be brought into cache for writing.
inline void prefetch_row(const float* p, std::size_t stride) {
  for (std::size_t k = 0; k < stride; k += 16 /* floats per cache line */) __builtin_prefetch(p + k, 1, 3);
}

/// base + idx[u] * stride += x for every u < n (the scatter matching gather_scaled).
inline void scatter_add(float* base, const std::int32_t* idx, int n, const float* x, std::size_t stride) {
  for (std::size_t k = 0; k < stride; k += kLanes) {
    const Vec xv = load(x + k);
    for (int u = 0; u < n; ++u) {
      float* p = base + static_cast<std::size_t>(idx[u]) * stride + k;
      store(p, load(p) + xv);
    }
  }
}

/// y += x.
inline void add(float* y, const float* x, std::size_t stride) {
  for (std::size_t k = 0; k < stride; k += kLanes) store(y + k, load(y + k) + load(x + k));
}

/// y = 0.
inline void zero(float* y, std::size_t stride) {
  for (std::size_t k = 0; k < stride; k += kLanes) store(y + k, Vec{});
}

/// y *= a.
inline void scale(float* y, float a, std::size_t stride) {
  for (std::size_t k = 0; k < stride; k += kLanes) store(y + k, load(y + k) * splat(a));
}

}  // namespace wordvec::kernels
