/*
 * Elementwise and small-matrix kernels for the fused layers, in WebAssembly SIMD. They run inside the memory of
 * TensorFlow.js' WASM backend (the module imports it) on buffers the TS side allocates there, between XNNPACK
 * matrix products that the backend performs. Build: ./build.sh (clang --target=wasm32 -msimd128).
 *
 * Constraints that keep this module from ever touching memory it does not own: no globals, no static data, no
 * libc, no address-taken locals (so no shadow stack). build.sh checks the binary has no data section.
 * All pointers are byte addresses of float32 data; "stride" arguments count floats.
 */
#include <wasm_simd128.h>

#define EXPORT(name) __attribute__((export_name(#name))) void name
typedef v128_t v;

static inline v splat(float x) { return wasm_f32x4_splat(x); }
static inline v add(v a, v b) { return wasm_f32x4_add(a, b); }
static inline v sub(v a, v b) { return wasm_f32x4_sub(a, b); }
static inline v mul(v a, v b) { return wasm_f32x4_mul(a, b); }
/*
 * a·b + c. Built twice (build.sh): plainly, and with -DRELAXED_SIMD as one fused multiply-add (relaxed SIMD's
 * f32x4.relaxed_madd, which V8 lowers to vfmadd where the CPU has FMA: half the instructions in the products' inner
 * loops). clang 14 knows the instruction only by its prototype name and opcode; build.sh rewrites the opcode.
 */
#ifdef RELAXED_SIMD
static inline v madd(v a, v b, v c) { return __builtin_wasm_fma_f32x4(a, b, c); }
#else
static inline v madd(v a, v b, v c) { return add(mul(a, b), c); }
#endif

/* Loads and stores of n (1..4) floats, so loops over any width need no scalar copy of the body. */
static inline v ld(const float *p, int n) {
  if (n == 4) return wasm_v128_load(p);
  v x = wasm_f32x4_splat(0.0f);
  x = wasm_v128_load32_lane(p, x, 0);
  if (n > 1) x = wasm_v128_load32_lane(p + 1, x, 1);
  if (n > 2) x = wasm_v128_load32_lane(p + 2, x, 2);
  return x;
}
static inline void st(float *p, v x, int n) {
  if (n == 4) {
    wasm_v128_store(p, x);
    return;
  }
  wasm_v128_store32_lane(p, x, 0);
  if (n > 1) wasm_v128_store32_lane(p + 1, x, 1);
  if (n > 2) wasm_v128_store32_lane(p + 2, x, 2);
}
static inline int width(int k, int n) { return n - k < 4 ? n - k : 4; }

/*
 * tanh as Eigen's / XNNPACK's rational approximation: within 3e-7 of tanh everywhere.
 * The constants come in a struct loaded from memory once per kernel call (the caller passes simd.ts' table):
 * clang otherwise re-emits every constant as v128.const inside the loop, and V8 rebuilds each one there.
 */
typedef struct {
  v lim, nlim, a13, a11, a9, a7, a5, a3, a1, b6, b4, b2, b0, half, one, two;
  v sign, log2e, magic, mln2hi, mln2lo, e5, e4, e3, e2, e1, cutoff;
} tanh_consts;
static inline tanh_consts load_consts(const float *c) {
  tanh_consts k;
  k.lim = wasm_v128_load32_splat(c + 0);
  k.nlim = wasm_f32x4_neg(k.lim);
  k.a13 = wasm_v128_load32_splat(c + 1);
  k.a11 = wasm_v128_load32_splat(c + 2);
  k.a9 = wasm_v128_load32_splat(c + 3);
  k.a7 = wasm_v128_load32_splat(c + 4);
  k.a5 = wasm_v128_load32_splat(c + 5);
  k.a3 = wasm_v128_load32_splat(c + 6);
  k.a1 = wasm_v128_load32_splat(c + 7);
  k.b6 = wasm_v128_load32_splat(c + 8);
  k.b4 = wasm_v128_load32_splat(c + 9);
  k.b2 = wasm_v128_load32_splat(c + 10);
  k.b0 = wasm_v128_load32_splat(c + 11);
  k.half = wasm_v128_load32_splat(c + 12);
  k.one = wasm_v128_load32_splat(c + 13);
  k.two = add(k.one, k.one);
  k.sign = wasm_v128_load32_splat(c + 16);
  k.log2e = wasm_v128_load32_splat(c + 17);
  k.magic = wasm_v128_load32_splat(c + 18);
  k.mln2hi = wasm_v128_load32_splat(c + 19);
  k.mln2lo = wasm_v128_load32_splat(c + 20);
  k.e5 = wasm_v128_load32_splat(c + 21);
  k.e4 = wasm_v128_load32_splat(c + 22);
  k.e3 = wasm_v128_load32_splat(c + 23);
  k.e2 = wasm_v128_load32_splat(c + 24);
  k.e1 = wasm_v128_load32_splat(c + 25);
  k.cutoff = wasm_v128_load32_splat(c + 26);
  return k;
}
static inline v ktanh(const tanh_consts *k, v x) {
  x = wasm_f32x4_max(wasm_f32x4_min(x, k->lim), k->nlim);
  /* Estrin's scheme: shorter dependency chains than Horner's, so more of the five per cell overlap. */
  v x2 = mul(x, x), x4 = mul(x2, x2);
  v p01 = add(k->a1, mul(k->a3, x2)), p23 = add(k->a5, mul(k->a7, x2)), p45 = add(k->a9, mul(k->a11, x2));
  v p = add(add(p01, mul(x4, p23)), mul(mul(x4, x4), add(p45, mul(x4, k->a13))));
  v q = add(add(k->b0, mul(k->b2, x2)), mul(x4, add(k->b4, mul(k->b6, x2))));
  return wasm_f32x4_div(mul(p, x), q);
}
/*
 * σ as XNNPACK's rr2-p5-div: z = −|x|, e^z = 2^n·p(t) with a two-step range reduction and a degree-5 polynomial
 * (constants 16.. of the table), σ(z) = e^z / (1 + e^z), mirrored for x > 0. One division and ~18 operations,
 * against ~28 for ½ + ½·tanh(x/2) (and faster here: 30 vs 34 µs per LSTM step); within 2 ulp of σ. For tanh the
 * rational form stays faster than 2σ(2x) − 1.
 */
/* e^z for z ≤ 0 (0 below the cutoff), the core of ksig. */
static inline v kexpneg(const tanh_consts *k, v z) {
  v n = add(mul(z, k->log2e), k->magic);
  v sc = wasm_i32x4_shl(n, 23);
  n = sub(n, k->magic);
  v t = add(mul(n, k->mln2hi), z);
  t = add(mul(n, k->mln2lo), t);
  v p = add(mul(k->e5, t), k->e4);
  p = add(mul(p, t), k->e3);
  p = add(mul(p, t), k->e2);
  p = add(mul(p, t), k->e1);
  t = mul(t, sc);
  return wasm_v128_andnot(add(mul(t, p), sc), wasm_f32x4_lt(z, k->cutoff));
}
static inline v ksig(const tanh_consts *k, v x) {
  v e = kexpneg(k, wasm_v128_or(x, k->sign));
  v f = wasm_f32x4_div(e, add(e, k->one));
  return wasm_v128_bitselect(f, sub(k->one, f), wasm_i32x4_shr(x, 31));
}


static inline float hsum(v x) {
  return wasm_f32x4_extract_lane(x, 0) + wasm_f32x4_extract_lane(x, 1) + wasm_f32x4_extract_lane(x, 2) +
         wasm_f32x4_extract_lane(x, 3);
}

/* dst[c·dstride + r] = src[r·sstride + c] for a rows × cols block, 4 × 4 tiles through registers. */
EXPORT(transpose)(const float *src, int rows, int cols, int sstride, float *dst, int dstride) {
  int r = 0;
  for (; r + 4 <= rows; r += 4) {
    int c = 0;
    for (; c + 4 <= cols; c += 4) {
      const float *s = src + r * sstride + c;
      v r0 = wasm_v128_load(s), r1 = wasm_v128_load(s + sstride);
      v r2 = wasm_v128_load(s + 2 * sstride), r3 = wasm_v128_load(s + 3 * sstride);
      v t0 = wasm_i32x4_shuffle(r0, r1, 0, 4, 1, 5), t1 = wasm_i32x4_shuffle(r0, r1, 2, 6, 3, 7);
      v t2 = wasm_i32x4_shuffle(r2, r3, 0, 4, 1, 5), t3 = wasm_i32x4_shuffle(r2, r3, 2, 6, 3, 7);
      float *d = dst + c * dstride + r;
      wasm_v128_store(d, wasm_i32x4_shuffle(t0, t2, 0, 1, 4, 5));
      wasm_v128_store(d + dstride, wasm_i32x4_shuffle(t0, t2, 2, 3, 6, 7));
      wasm_v128_store(d + 2 * dstride, wasm_i32x4_shuffle(t1, t3, 0, 1, 4, 5));
      wasm_v128_store(d + 3 * dstride, wasm_i32x4_shuffle(t1, t3, 2, 3, 6, 7));
    }
    for (; c < cols; c++)
      for (int i = r; i < r + 4; i++) dst[c * dstride + i] = src[i * sstride + c];
  }
  for (; r < rows; r++)
    for (int c = 0; c < cols; c++) dst[c * dstride + r] = src[r * sstride + c];
}

/* out[c] = Σ_r x[r·cols + c] (bias gradients). */
EXPORT(colsum)(const float *x, int rows, int cols, float *out) {
  for (int c = 0; c < cols; c += 4) st(out + c, splat(0.0f), width(c, cols));
  for (int r = 0; r < rows; r++)
    for (int c = 0; c < cols; c += 4) {
      int n = width(c, cols);
      st(out + c, add(ld(out + c, n), ld(x + r * cols + c, n)), n);
    }
}

/* ---------------------------------------------------------------- LSTM (gates i, f, g, o) */

/*
 * One forward step after the product z = [h, x, 1]·[U; W; b] has been written into act (B × 4H): replaces z by the
 * activations, writes c, tanh(c) and h (rows of h are hstride apart: h goes into the next step's hx rows).
 */
/* One step of the cell for 4 units at full width (n = 4) or the tail (n < 4); see lstm_fwd_step. */
static inline void lstm_cell4(const tanh_consts *kc, float *a, const float *cp, float *c, float *tc, float *h, int H,
                              int n) {
  v i = ksig(kc, ld(a, n)), f = ksig(kc, ld(a + H, n)), g = ktanh(kc, ld(a + 2 * H, n));
  v o = ksig(kc, ld(a + 3 * H, n));
  st(a, i, n);
  st(a + H, f, n);
  st(a + 2 * H, g, n);
  st(a + 3 * H, o, n);
  v cc = add(mul(f, ld(cp, n)), mul(i, g));
  v th = ktanh(kc, cc);
  st(c, cc, n);
  st(tc, th, n);
  st(h, mul(o, th), n);
}

EXPORT(lstm_fwd_step)(float *act, const float *cprev, float *c, float *tc, float *h, int hstride, int B, int H,
                      const float *consts) {
  const tanh_consts kc = load_consts(consts);
  int full = H & ~3;
  for (int r = 0; r < B; r++) {
    float *a = act + r * 4 * H;
    const float *cp = cprev + r * H;
    float *cr = c + r * H, *tr = tc + r * H, *hr = h + r * hstride;
    /* Constant width 4 lets clang drop the partial-lane paths from the hot loop. */
    for (int k = 0; k < full; k += 4) lstm_cell4(&kc, a + k, cp + k, cr + k, tr + k, hr + k, H, 4);
    if (full < H) lstm_cell4(&kc, a + full, cp + full, cr + full, tr + full, hr + full, H, H - full);
  }
}

/*
 * One backward step: dh = dy + dhn (the recurrent gradient, from the product of the step after), then dz (B × 4H)
 * and the carried cell gradient dc (in/out). A missing dy or dhn is a zero buffer with stride 0.
 */
EXPORT(lstm_bwd_step)(const float *act, const float *cprev, const float *tc, const float *dy, int dystride,
                      const float *dhn, int dhstride, float *dc, float *dz, int B, int H) {
  const v one = splat(1.0f);
  for (int r = 0; r < B; r++) {
    const float *a = act + r * 4 * H;
    float *d = dz + r * 4 * H;
    for (int k = 0; k < H; k += 4) {
      int n = width(k, H);
      v dh = add(ld(dy + r * dystride + k, n), ld(dhn + r * dhstride + k, n));
      v i = ld(a + k, n), f = ld(a + H + k, n), g = ld(a + 2 * H + k, n), o = ld(a + 3 * H + k, n);
      v th = ld(tc + r * H + k, n);
      v dcv = add(ld(dc + r * H + k, n), mul(mul(dh, o), sub(one, mul(th, th))));
      st(dc + r * H + k, mul(dcv, f), n);
      st(d + k, mul(mul(dcv, g), mul(i, sub(one, i))), n);
      st(d + H + k, mul(mul(dcv, ld(cprev + r * H + k, n)), mul(f, sub(one, f))), n);
      st(d + 2 * H + k, mul(mul(dcv, i), sub(one, mul(g, g))), n);
      st(d + 3 * H + k, mul(mul(dh, th), mul(o, sub(one, o))), n);
    }
  }
}

/* ---------------------------------------------------------------- GRU (reset after; gates r, z, n) */

/*
 * One forward step from mm = [h, x, 1]·Wc (B × 3H: r and z pre-activations, then h·U_n + c_n) and xn = x·W_n + b_n
 * (B × H): writes act = r, z, n, keeps h·U_n + c_n in hn, and h' = n + z ⊙ (h − n) (rows hstride apart).
 */
EXPORT(gru_fwd_step)(const float *mm, const float *xn, const float *hp, int hpstride, float *act, float *hn, float *h,
                     int hstride, int B, int H, const float *consts) {
  const tanh_consts kc = load_consts(consts);
  for (int r = 0; r < B; r++) {
    const float *m = mm + r * 3 * H;
    float *a = act + r * 3 * H;
    for (int k = 0; k < H; k += 4) {
      int w = width(k, H);
      v rg = ksig(&kc, ld(m + k, w)), zg = ksig(&kc, ld(m + H + k, w)), hnv = ld(m + 2 * H + k, w);
      v n = ktanh(&kc, add(ld(xn + r * H + k, w), mul(rg, hnv)));
      st(a + k, rg, w);
      st(a + H + k, zg, w);
      st(a + 2 * H + k, n, w);
      st(hn + r * H + k, hnv, w);
      st(h + r * hstride + k, add(n, mul(zg, sub(ld(hp + r * hpstride + k, w), n))), w);
    }
  }
}

/*
 * One backward step: dh = dy + dhn + carry; writes dm (B × 3H: gradients of the r, z pre-activations and of
 * h·U_n + c_n), dxn (B × H: of x·W_n + b_n) and the direct path carry = dh ⊙ z for the step before.
 */
EXPORT(gru_bwd_step)(const float *act, const float *hn, const float *hp, int hpstride, const float *dy, int dystride,
                     const float *dhn, int dhstride, float *carry, float *dm, float *dxn, int B, int H) {
  const v one = splat(1.0f);
  for (int r = 0; r < B; r++) {
    const float *a = act + r * 3 * H;
    float *d = dm + r * 3 * H;
    for (int k = 0; k < H; k += 4) {
      int w = width(k, H);
      v dh = add(add(ld(dy + r * dystride + k, w), ld(dhn + r * dhstride + k, w)), ld(carry + r * H + k, w));
      v rg = ld(a + k, w), zg = ld(a + H + k, w), n = ld(a + 2 * H + k, w);
      v dnPre = mul(mul(dh, sub(one, zg)), sub(one, mul(n, n)));
      v dzPre = mul(mul(dh, sub(ld(hp + r * hpstride + k, w), n)), mul(zg, sub(one, zg)));
      v drPre = mul(mul(dnPre, ld(hn + r * H + k, w)), mul(rg, sub(one, rg)));
      st(carry + r * H + k, mul(dh, zg), w);
      st(d + k, drPre, w);
      st(d + H + k, dzPre, w);
      st(d + 2 * H + k, mul(dnPre, rg), w);
      st(dxn + r * H + k, dnPre, w);
    }
  }
}

static inline void zero(float *y, int n) {
  for (int d = 0; d < n; d += 4) st(y + d, splat(0.0f), width(d, n));
}

/* dst[d·np + j] = src[j·S + d] for j < n, d < dk; columns n..np−1 zero: keys or values of one head, transposed. */
static inline void head_t(const float *src, int S, int n, int dk, float *dst, int np) {
  for (int d = 0; d < dk; d++) {
    for (int j = 0; j < n; j++) dst[d * np + j] = src[j * S + d];
    for (int j = n; j < np; j++) dst[d * np + j] = 0.0f;
  }
}

/*
 * out0[j], out1[j] (j < np) = Σ_d x0[d]·mt[d·np + j], and the same for x1: two rows against a transposed head.
 * Two rows × three vectors of columns give six independent accumulator chains, enough to hide the add latency
 * (one row, one vector at a time was latency-bound). An odd last row passes itself twice.
 */
static inline void row_times2(const float *x0, const float *x1, const float *mt, int dk, int np, float *out0,
                              float *out1) {
  int j = 0;
  for (; j + 12 <= np; j += 12) {
    v a0 = splat(0.0f), a1 = a0, a2 = a0, b0 = a0, b1 = a0, b2 = a0;
    const float *m = mt + j;
    for (int d = 0; d < dk; d++, m += np) {
      v m0 = wasm_v128_load(m), m1 = wasm_v128_load(m + 4), m2 = wasm_v128_load(m + 8);
      v p = wasm_v128_load32_splat(x0 + d), q = wasm_v128_load32_splat(x1 + d);
      a0 = madd(p, m0, a0), a1 = madd(p, m1, a1), a2 = madd(p, m2, a2);
      b0 = madd(q, m0, b0), b1 = madd(q, m1, b1), b2 = madd(q, m2, b2);
    }
    wasm_v128_store(out1 + j, b0), wasm_v128_store(out1 + j + 4, b1), wasm_v128_store(out1 + j + 8, b2);
    wasm_v128_store(out0 + j, a0), wasm_v128_store(out0 + j + 4, a1), wasm_v128_store(out0 + j + 8, a2);
  }
  for (; j < np; j += 4) {
    v a0 = splat(0.0f), b0 = a0;
    for (int d = 0; d < dk; d++) {
      v m0 = wasm_v128_load(mt + d * np + j);
      a0 = madd(wasm_v128_load32_splat(x0 + d), m0, a0), b0 = madd(wasm_v128_load32_splat(x1 + d), m0, b0);
    }
    wasm_v128_store(out1 + j, b0), wasm_v128_store(out0 + j, a0);
  }
}

/*
 * y0[0..dk) = Σ_j w0[j]·rows[j·S + 0..dk), and y1 from w1 (w1, y1 may repeat w0, y0): sixteen columns of two rows
 * (eight chains) at a time, then four.
 */
static inline void weighted_rows2(const float *w0, const float *w1, const float *rows, int S, int n, int dk, float *y0,
                                  float *y1) {
  int d = 0;
  for (; d + 16 <= dk; d += 16) {
    v a0 = splat(0.0f), a1 = a0, a2 = a0, a3 = a0, b0 = a0, b1 = a0, b2 = a0, b3 = a0;
    const float *r = rows + d;
    for (int j = 0; j < n; j++, r += S) {
      v r0 = wasm_v128_load(r), r1 = wasm_v128_load(r + 4), r2 = wasm_v128_load(r + 8), r3 = wasm_v128_load(r + 12);
      v p = wasm_v128_load32_splat(w0 + j), q = wasm_v128_load32_splat(w1 + j);
      a0 = madd(p, r0, a0), a1 = madd(p, r1, a1), a2 = madd(p, r2, a2), a3 = madd(p, r3, a3);
      b0 = madd(q, r0, b0), b1 = madd(q, r1, b1), b2 = madd(q, r2, b2), b3 = madd(q, r3, b3);
    }
    float *u = y1 + d, *t = y0 + d;
    wasm_v128_store(u, b0), wasm_v128_store(u + 4, b1), wasm_v128_store(u + 8, b2), wasm_v128_store(u + 12, b3);
    wasm_v128_store(t, a0), wasm_v128_store(t + 4, a1), wasm_v128_store(t + 8, a2), wasm_v128_store(t + 12, a3);
  }
  for (; d < dk; d += 4) {
    int dw = width(d, dk);
    v a0 = splat(0.0f), b0 = a0;
    for (int j = 0; j < n; j++) {
      v r0 = ld(rows + j * S + d, dw);
      a0 = madd(wasm_v128_load32_splat(w0 + j), r0, a0), b0 = madd(wasm_v128_load32_splat(w1 + j), r0, b0);
    }
    st(y1 + d, b0, dw), st(y0 + d, a0, dw);
  }
}

/*
 * Multi-head self-attention over short sequences, straight from the fused projection qkv (rows b·N + i, columns
 * [q | k | v], heads side by side): o (rows b·N + i, heads side by side, ready for the output projection) and the
 * attention probabilities a (B × heads × N × N) kept for the backward pass. Batched products of this size fall to
 * tfjs-wasm's scalar loop; here each head's keys are transposed once so a score row is a few vector products, and
 * the softmax is vectorised. scratch: dk·np + 2·np floats, np = N rounded up to 4.
 */
EXPORT(attn_fwd)(const float *qkv, float *o, float *a, int B, int N, int heads, int dk, float scale, float *scratch,
                 const float *consts) {
  const tanh_consts k = load_consts(consts);
  int D = heads * dk, S = 3 * D, np = (N + 3) & ~3;
  float *kt = scratch, *row = scratch + dk * np;
  v vscale = splat(scale);
  for (int b = 0; b < B; b++)
    for (int h = 0; h < heads; h++) {
      const float *base = qkv + b * N * S + h * dk;
      float *ab = a + (b * heads + h) * N * N;
      head_t(base + D, S, N, dk, kt, np);
      for (int i = 0; i < N; i += 2) {
        int i1 = i + 1 < N ? i + 1 : i;
        row_times2(base + i * S, base + i1 * S, kt, dk, np, row, row + np);
        for (int r = 0; r <= i1 - i; r++) {
          float *sr = row + r * np, m = -3.0e38f;
          for (int j = 0; j < N; j++) m = sr[j] > m ? sr[j] : m;
          v vm = splat(m * scale), sum = splat(0.0f);
          for (int j = 0; j < np; j += 4)
            wasm_v128_store(sr + j, kexpneg(&k, sub(mul(wasm_v128_load(sr + j), vscale), vm)));
          /* Σ over the N real columns (the padding ones, scores against zero keys, left out). */
          for (int j = 0; j < N; j += 4) sum = add(sum, ld(sr + j, width(j, N)));
          v inv = splat(1.0f / hsum(sum));
          float *ar = ab + (i + r) * N;
          for (int j = 0; j < N; j += 4) st(ar + j, mul(wasm_v128_load(sr + j), inv), width(j, N));
        }
        float *o0 = o + (b * N + i) * D + h * dk, *o1 = o + (b * N + i1) * D + h * dk;
        weighted_rows2(ab + i * N, ab + i1 * N, base + 2 * D, S, N, dk, o0, o1);
      }
    }
}

/*
 * Backward of attn_fwd: dqkv from dO. dA_ij = dO_i·v_j, dS_ij = a_ij (dA_ij − Σ_j a_ij dA_ij)·scale, then
 * dq_i = Σ_j dS_ij k_j, dk_j = Σ_i dS_ij q_i, dv_j = Σ_i a_ij dO_i, each accumulated in registers.
 * scratch: dk·np + 2·N·np floats.
 */
EXPORT(attn_bwd)(const float *qkv, const float *a, const float *dO, float *dqkv, float *scratch, int B, int N,
                 int heads, int dk, float scale) {
  int D = heads * dk, S = 3 * D, np = (N + 3) & ~3;
  float *vt = scratch, *ds = scratch + dk * np, *dst = ds + N * np;
  for (int b = 0; b < B; b++)
    for (int h = 0; h < heads; h++) {
      const float *base = qkv + b * N * S + h * dk;
      const float *dOb = dO + b * N * D + h * dk;
      float *dbase = dqkv + b * N * S + h * dk;
      const float *ab = a + (b * heads + h) * N * N;
      head_t(base + 2 * D, S, N, dk, vt, np);
      for (int i = 0; i < N; i += 2) {
        int i1 = i + 1 < N ? i + 1 : i;
        row_times2(dOb + i * D, dOb + i1 * D, vt, dk, np, ds + i * np, ds + i1 * np);
      }
      for (int i = 0; i < N; i++) {
        float *dsr = ds + i * np;
        const float *ar = ab + i * N;
        v acc = splat(0.0f);
        for (int j = 0; j < N; j += 4) acc = madd(ld(ar + j, width(j, N)), ld(dsr + j, width(j, N)), acc);
        v row = splat(hsum(acc)), vs = splat(scale);
        for (int j = 0; j < N; j += 4) {
          int w = width(j, N);
          st(dsr + j, mul(mul(ld(ar + j, w), sub(ld(dsr + j, w), row)), vs), w);
        }
        for (int j = 0; j < N; j++) dst[j * np + i] = dsr[j];
      }
      for (int i = 0; i < N; i += 2) {
        int i1 = i + 1 < N ? i + 1 : i;
        float *d0 = dbase + i * S, *d1 = dbase + i1 * S;
        weighted_rows2(ds + i * np, ds + i1 * np, base + D, S, N, dk, d0, d1);           /* dq_i */
        weighted_rows2(dst + i * np, dst + i1 * np, base, S, N, dk, d0 + D, d1 + D);     /* dk_i = Σ_r dS_ri q_r */
      }
      /* dv_j = Σ_i a_ij dO_i: a's columns j, j + 1, gathered into rows first. */
      for (int j = 0; j < N; j += 2) {
        int j1 = j + 1 < N ? j + 1 : j;
        for (int i = 0; i < N; i++) dst[i] = ab[i * N + j], dst[np + i] = ab[i * N + j1];
        weighted_rows2(dst, dst + np, dOb, D, N, dk, dbase + j * S + 2 * D, dbase + j1 * S + 2 * D);
      }
    }
}

/* ---------------------------------------------------------------- layer norm, GELU */

/* Σ_d (x_d − m)² over n values, tail lanes excluded. */
static inline float sqdev(const float *x, float m, int n) {
  v vm = splat(m), q = splat(0.0f);
  int d = 0;
  for (; d + 4 <= n; d += 4) {
    v c = sub(wasm_v128_load(x + d), vm);
    q = add(q, mul(c, c));
  }
  float s = hsum(q);
  for (; d < n; d++) s += (x[d] - m) * (x[d] - m);
  return s;
}

/* y = (x − mean) / sqrt(var + eps) · gamma + beta over rows of D; keeps xhat and 1/std for the backward pass. */
EXPORT(ln_fwd)(const float *x, const float *gamma, const float *beta, float *y, float *xhat, float *rstd, int rows,
               int D, float eps) {
  for (int r = 0; r < rows; r++) {
    const float *xr = x + r * D;
    v s = splat(0.0f);
    for (int d = 0; d < D; d += 4) s = add(s, ld(xr + d, width(d, D)));
    float mean = hsum(s) / D;
    float inv = 1.0f / __builtin_sqrtf(sqdev(xr, mean, D) / D + eps);
    rstd[r] = inv;
    v vm = splat(mean), vi = splat(inv);
    for (int d = 0; d < D; d += 4) {
      int w = width(d, D);
      v xh = mul(sub(ld(xr + d, w), vm), vi);
      st(xhat + r * D + d, xh, w);
      st(y + r * D + d, add(mul(xh, ld(gamma + d, w)), ld(beta + d, w)), w);
    }
  }
}

/* dx = rstd · (g − mean(g) − xhat · mean(g ⊙ xhat)) with g = dy ⊙ gamma; dgamma = Σ dy ⊙ xhat, dbeta = Σ dy. */
EXPORT(ln_bwd)(const float *dy, const float *xhat, const float *rstd, const float *gamma, float *dx, float *dgamma,
               float *dbeta, int rows, int D) {
  zero(dgamma, D);
  zero(dbeta, D);
  for (int r = 0; r < rows; r++) {
    const float *dyr = dy + r * D, *xr = xhat + r * D;
    v s1 = splat(0.0f), s2 = splat(0.0f);
    for (int d = 0; d < D; d += 4) {
      int w = width(d, D);
      v g = mul(ld(dyr + d, w), ld(gamma + d, w)), xh = ld(xr + d, w);
      s1 = add(s1, g);
      s2 = add(s2, mul(g, xh));
      st(dgamma + d, add(ld(dgamma + d, w), mul(ld(dyr + d, w), xh)), w);
      st(dbeta + d, add(ld(dbeta + d, w), ld(dyr + d, w)), w);
    }
    v m1 = splat(hsum(s1) / D), m2 = splat(hsum(s2) / D), vi = splat(rstd[r]);
    for (int d = 0; d < D; d += 4) {
      int w = width(d, D);
      v g = mul(ld(dyr + d, w), ld(gamma + d, w));
      st(dx + r * D + d, mul(vi, sub(sub(g, m1), mul(ld(xr + d, w), m2))), w);
    }
  }
}

/*
 * GELU, tanh form: 0.5·x·(1 + tanh(u)) = x·σ(2u) with u = √(2/π)·(x + 0.044715·x³). With sig non-null, σ(2u) is
 * kept there for gelu_bwd, which then needs no exponential or division.
 */
static inline v gelu_sig(const tanh_consts *k, v c2, v c3, v xv) {
  return ksig(k, mul(c2, add(xv, mul(c3, mul(xv, mul(xv, xv))))));
}
EXPORT(gelu_fwd)(const float *x, float *y, float *sig, int n, const float *consts) {
  const tanh_consts k = load_consts(consts);
  const v c2 = add(wasm_v128_load32_splat(consts + 14), wasm_v128_load32_splat(consts + 14));
  const v c3 = wasm_v128_load32_splat(consts + 15);
  int i = 0;
  /* Two vectors per turn: each σ is one long dependency chain, and two in flight keep the pipes busier. */
  for (; i + 8 <= n; i += 8) {
    v x0 = wasm_v128_load(x + i), x1 = wasm_v128_load(x + i + 4);
    v s0 = gelu_sig(&k, c2, c3, x0), s1 = gelu_sig(&k, c2, c3, x1);
    wasm_v128_store(y + i, mul(x0, s0)), wasm_v128_store(y + i + 4, mul(x1, s1));
    if (sig) wasm_v128_store(sig + i, s0), wasm_v128_store(sig + i + 4, s1);
  }
  for (; i < n; i += 4) {
    int w = width(i, n);
    v xv = ld(x + i, w), sg = gelu_sig(&k, c2, c3, xv);
    st(y + i, mul(xv, sg), w);
    if (sig) st(sig + i, sg, w);
  }
}

/* d/dx x·σ(2u) = σ + x·σ·(1 − σ)·2u′, 2u′ = 2√(2/π)·(1 + 3·0.044715·x²); σ from gelu_fwd's sig, or recomputed. */
EXPORT(gelu_bwd)(const float *x, const float *sig, const float *dy, float *dx, int n, const float *consts) {
  const tanh_consts k = load_consts(consts);
  const v c2 = add(wasm_v128_load32_splat(consts + 14), wasm_v128_load32_splat(consts + 14));
  const v c3 = wasm_v128_load32_splat(consts + 15), c33 = add(c3, add(c3, c3));
  for (int i = 0; i < n; i += 4) {
    int w = width(i, n);
    v xv = ld(x + i, w), x2 = mul(xv, xv);
    v sg = sig ? ld(sig + i, w) : gelu_sig(&k, c2, c3, xv);
    v grad = add(sg, mul(mul(xv, mul(sg, sub(k.one, sg))), mul(c2, add(k.one, mul(c33, x2)))));
    st(dx + i, mul(grad, ld(dy + i, w)), w);
  }
}

/* ---------------------------------------------------------------- Adam */

/*
 * One Adam step for n weights, as tfjs and PyTorch define it: m ← β1·m + (1−β1)·g, v ← β2·v + (1−β2)·g²,
 * w' = w − lr_t · m / (sqrt(v · vcorr) + eps) with lr_t = lr / (1 − β1^t) and vcorr = 1 / (1 − β2^t); g is scaled
 * by gscale first (gradient clipping). m and v are updated in place; w' goes to out (a new tensor, so caches keyed on
 * the old weights stay valid).
 */
EXPORT(adam_step)(const float *w, const float *g, float *m, float *vv, float *out, int n, float lr_t, float beta1,
                  float beta2, float vcorr, float eps, float gscale) {
  const v b1 = splat(beta1), b1c = splat(1.0f - beta1), b2 = splat(beta2), b2c = splat(1.0f - beta2);
  const v lr = splat(lr_t), vc = splat(vcorr), ep = splat(eps), gs = splat(gscale);
  for (int i = 0; i < n; i += 4) {
    int k = width(i, n);
    v gr = mul(ld(g + i, k), gs);
    v mi = add(mul(b1, ld(m + i, k)), mul(b1c, gr));
    v vi = add(mul(b2, ld(vv + i, k)), mul(b2c, mul(gr, gr)));
    st(m + i, mi, k);
    st(vv + i, vi, k);
    v step = wasm_f32x4_div(mul(lr, mi), add(wasm_f32x4_sqrt(mul(vi, vc)), ep));
    st(out + i, sub(ld(w + i, k), step), k);
  }
}

/* dst += src over n floats (residual connections). */
EXPORT(add_into)(float *dst, const float *src, int n) {
  for (int i = 0; i < n; i += 4) {
    int k = width(i, n);
    st(dst + i, add(ld(dst + i, k), ld(src + i, k)), k);
  }
}

/* ---------------------------------------------------------------- Aᵀ·B */

/* acc[i] (+)= a_i · b over one row: 4 output rows k (lanes of av, only kw of them real) × 8 columns. */
#define TN_TILE_ROWS 4
#define TN_BLOCK_M 256

/*
 * C[K × N] (+)= Aᵀ·B for A [M × K], B [M × N] (row strides lda, ldb; C's ldc): the weight gradient xᵀ·dy of a
 * dense layer, or hxᵀ·dz of a recurrent one, straight from the row-major activations and gradients. XNNPACK would
 * need one operand transposed and the other packed (~5 ns per value, as much as the product itself here); in this
 * form both operands are read row by row, so neither is needed. 4 × 8 register tiles, M in cache-sized blocks.
 */
EXPORT(gemm_tn)(const float *a, int lda, const float *b, int ldb, float *c, int ldc, int M, int K, int N,
                int accumulate) {
  if (!accumulate)
    for (int k = 0; k < K; k++) zero(c + k * ldc, N);
  for (int m0 = 0; m0 < M; m0 += TN_BLOCK_M) {
    int m1 = M - m0 < TN_BLOCK_M ? M : m0 + TN_BLOCK_M;
    for (int k0 = 0; k0 < K; k0 += TN_TILE_ROWS) {
      /*
       * A last tile of fewer than 4 rows of C (K = 66 for a recurrent layer: h, x and the bias column) still runs
       * as a full tile: the extra broadcasts read the next values of A's row (inside the heap) and their rows of C
       * are not stored. The scalar edge path would cost as much as all the other tiles together.
       */
      int kw = width(k0, K);
      int ka1 = kw > 1 ? 1 : 0, ka2 = kw > 2 ? 2 : 0, ka3 = kw > 3 ? 3 : 0;
      int n0 = 0;
      for (; n0 + 8 <= N; n0 += 8) {
        float *c0 = c + k0 * ldc + n0;
        float *r1 = c0 + ka1 * ldc, *r2 = c0 + ka2 * ldc, *r3 = c0 + ka3 * ldc;
        v c00 = wasm_v128_load(c0), c01 = wasm_v128_load(c0 + 4);
        v c10 = wasm_v128_load(r1), c11 = wasm_v128_load(r1 + 4);
        v c20 = wasm_v128_load(r2), c21 = wasm_v128_load(r2 + 4);
        v c30 = wasm_v128_load(r3), c31 = wasm_v128_load(r3 + 4);
        const float *ap = a + m0 * lda + k0, *bp = b + m0 * ldb + n0;
        for (int m = m0; m < m1; m++, ap += lda, bp += ldb) {
          v b0 = wasm_v128_load(bp), b1 = wasm_v128_load(bp + 4);
          /* Broadcast loads: cheaper than one load and four shuffles (the shuffle port is the bottleneck). */
          v a0 = wasm_v128_load32_splat(ap), a1 = wasm_v128_load32_splat(ap + ka1);
          v a2 = wasm_v128_load32_splat(ap + ka2), a3 = wasm_v128_load32_splat(ap + ka3);
          c00 = madd(a0, b0, c00), c01 = madd(a0, b1, c01);
          c10 = madd(a1, b0, c10), c11 = madd(a1, b1, c11);
          c20 = madd(a2, b0, c20), c21 = madd(a2, b1, c21);
          c30 = madd(a3, b0, c30), c31 = madd(a3, b1, c31);
        }
        /* Rows past K alias a real row (ka·); store those last so the real values win. */
        wasm_v128_store(r3, c30), wasm_v128_store(r3 + 4, c31);
        wasm_v128_store(r2, c20), wasm_v128_store(r2 + 4, c21);
        wasm_v128_store(r1, c10), wasm_v128_store(r1 + 4, c11);
        wasm_v128_store(c0, c00), wasm_v128_store(c0 + 4, c01);
      }
      /* Columns left over (fewer than 8): one row of C, four columns at a time. */
      for (int k = k0; k < k0 + kw; k++)
        for (int n = n0; n < N; n += 4) {
          int nw = width(n, N);
          v acc = ld(c + k * ldc + n, nw);
          for (int m = m0; m < m1; m++) acc = madd(splat(a[m * lda + k]), ld(b + m * ldb + n, nw), acc);
          st(c + k * ldc + n, acc, nw);
        }
    }
  }
}

/* ---------------------------------------------------------------- A·B */

/*
 * C[M × N] = A[M × K]·B[K × N] (+ bias[N] when bias is non-null), row strides lda, ldb, ldc. 4 × 8 register tiles:
 * per k, four broadcast loads of A and two vector loads of B feed 16 multiply-adds. Unlike XNNPACK it reads B as it
 * is, so weights that change every batch (and the recurrent weights, used 48 times per call) are not repacked.
 */
EXPORT(gemm_nn)(const float *a, int lda, const float *b, int ldb, const float *bias, float *c, int ldc, int M, int K,
                int N) {
  int m0 = 0;
  for (; m0 + 4 <= M; m0 += 4) {
    int n0 = 0;
    for (; n0 + 8 <= N; n0 += 8) {
      v c00, c01, c10, c11, c20, c21, c30, c31;
      if (bias) {
        c00 = c10 = c20 = c30 = wasm_v128_load(bias + n0);
        c01 = c11 = c21 = c31 = wasm_v128_load(bias + n0 + 4);
      } else {
        c00 = c01 = c10 = c11 = c20 = c21 = c30 = c31 = splat(0.0f);
      }
      const float *a0 = a + m0 * lda, *a1 = a0 + lda, *a2 = a1 + lda, *a3 = a2 + lda;
      const float *bp = b + n0;
      for (int k = 0; k < K; k++, bp += ldb) {
        v b0 = wasm_v128_load(bp), b1 = wasm_v128_load(bp + 4);
        v x0 = wasm_v128_load32_splat(a0 + k), x1 = wasm_v128_load32_splat(a1 + k);
        v x2 = wasm_v128_load32_splat(a2 + k), x3 = wasm_v128_load32_splat(a3 + k);
        c00 = madd(x0, b0, c00), c01 = madd(x0, b1, c01);
        c10 = madd(x1, b0, c10), c11 = madd(x1, b1, c11);
        c20 = madd(x2, b0, c20), c21 = madd(x2, b1, c21);
        c30 = madd(x3, b0, c30), c31 = madd(x3, b1, c31);
      }
      float *cp = c + m0 * ldc + n0;
      wasm_v128_store(cp, c00), wasm_v128_store(cp + 4, c01);
      wasm_v128_store(cp + ldc, c10), wasm_v128_store(cp + ldc + 4, c11);
      wasm_v128_store(cp + 2 * ldc, c20), wasm_v128_store(cp + 2 * ldc + 4, c21);
      wasm_v128_store(cp + 3 * ldc, c30), wasm_v128_store(cp + 3 * ldc + 4, c31);
    }
    /* Columns left over: four rows, four columns at a time. */
    for (int m = m0; m < m0 + 4; m++)
      for (int n = n0; n < N; n += 4) {
        int nw = width(n, N);
        v acc = bias ? ld(bias + n, nw) : splat(0.0f);
        for (int k = 0; k < K; k++)
          acc = madd(wasm_v128_load32_splat(a + m * lda + k), ld(b + k * ldb + n, nw), acc);
        st(c + m * ldc + n, acc, nw);
      }
  }
  /* Rows left over. */
  for (int m = m0; m < M; m++)
    for (int n = 0; n < N; n += 4) {
      int nw = width(n, N);
      v acc = bias ? ld(bias + n, nw) : splat(0.0f);
      for (int k = 0; k < K; k++) acc = madd(wasm_v128_load32_splat(a + m * lda + k), ld(b + k * ldb + n, nw), acc);
      st(c + m * ldc + n, acc, nw);
    }
}

/*
 * C[M × N] (+)= A[M × K]·Bᵀ for B given as [N × K] rows: dot products along K. For the narrow products (N = the
 * few input features) where gemm_nn's 8-column tiles would all be edge: dx = dz·Wᵀ with W as stored.
 */
EXPORT(gemm_nt)(const float *a, int lda, const float *b, int ldb, float *c, int ldc, int M, int K, int N,
                int accumulate) {
  for (int m = 0; m < M; m++)
    for (int n = 0; n < N; n++) {
      const float *ar = a + m * lda, *br = b + n * ldb;
      v acc = splat(0.0f);
      int k = 0;
      for (; k + 4 <= K; k += 4) acc = madd(wasm_v128_load(ar + k), wasm_v128_load(br + k), acc);
      float s = hsum(acc);
      for (; k < K; k++) s += ar[k] * br[k];
      c[m * ldc + n] = accumulate ? c[m * ldc + n] + s : s;
    }
}

/* ---------------------------------------------------------------- patch embedding */

/*
 * z[b·T + n] = x_b[n·step .. n·step + K)·W + bias + pos[n] for B windows of `row` floats: patch n of a window is a
 * contiguous run of x, so each window is a strided T × K matrix read in place (no gathered copy).
 */
EXPORT(patch_embed_fwd)(const float *x, int row, int step, const float *w, const float *bias, const float *pos,
                        float *z, int B, int T, int K, int D) {
  for (int b = 0; b < B; b++) {
    float *zb = z + b * T * D;
    gemm_nn(x + b * row, step, w, D, bias, zb, D, T, K, D);
    add_into(zb, pos, T * D);
  }
}

/* dW = Σ_b patches_bᵀ·dz_b, dbias = Σ dz over all rows, dpos[n] = Σ_b dz[b·T + n]. */
EXPORT(patch_embed_bwd)(const float *x, int row, int step, const float *dz, float *dw, float *dbias, float *dpos,
                        int B, int T, int K, int D) {
  for (int b = 0; b < B; b++) gemm_tn(x + b * row, step, dz + b * T * D, D, dw, D, T, K, D, b > 0);
  colsum(dz, B * T, D, dbias);
  colsum(dz, B, T * D, dpos);
}

/* ---------------------------------------------------------------- mean squared error */

/* out[0] = Σ (p − y)² / n. */
EXPORT(mse_fwd)(const float *p, const float *y, int n, float *out) {
  v acc = splat(0.0f);
  for (int i = 0; i < n; i += 4) {
    int w = width(i, n);
    v d = sub(ld(p + i, w), ld(y + i, w));
    acc = madd(d, d, acc);
  }
  out[0] = hsum(acc) / n;
}

/* dp = dy[0] · 2 (p − y) / n. */
EXPORT(mse_bwd)(const float *p, const float *y, const float *dy, float *dp, int n) {
  v g = splat(2.0f * dy[0] / n);
  for (int i = 0; i < n; i += 4) {
    int w = width(i, n);
    st(dp + i, mul(g, sub(ld(p + i, w), ld(y + i, w))), w);
  }
}
