/*
 * SPDX-FileCopyrightText: 2026 Honmono contributors
 *
 * SPDX-License-Identifier: Apache-2.0 OR MIT
 */

//! Montgomery arithmetic with WebAssembly SIMD128 (wasm32 builds: `.cargo/config.toml` enables
//! the feature), where `crate::scalar`'s 32x32->64-bit products, one per instruction, were most
//! of the time of a DKIM verification.
//!
//! Product scanning (Comba): limb `i` of the result comes from the column sum
//! `Σ a_j·b_(i-j) + Σ m_j·n_(i-j)`, in which every product is independent of the others, so
//! `u64x2_extmul_{low,high}_u32x4` compute them four at a time. Only the Montgomery factor
//! `m_i = (column i mod 2^32)·n0_inv` is sequential: it needs the column sum, carry included.
//! With one operand and `n` stored reversed, a column's pairs are at the same offsets of two
//! contiguous slices, i.e. a dot product.

use core::arch::wasm32::{
    u64x2_add, u64x2_extmul_high_u32x4, u64x2_extmul_low_u32x4, u64x2_extract_lane, u64x2_shl,
    u64x2_shr, u64x2_splat, v128, v128_load, v128_xor,
};
use core::hint::black_box;

use crate::{Montgomery, less_than, sub_assign};

/// Zero limbs before the numbers in each scratch buffer. A column's dot product ends at a fixed
/// place and is extended downwards to whole vectors (up to 3 limbs), and the next column's
/// reads the reversed operand 1 or 2 limbs lower: what is read below the numbers is these zeros,
/// and wherever one slice is past its number's end the other is in the zeros (the `a_j, m_j`
/// when `j` would be negative, or the reversed `b, n` past `b_(len-1)`), so every extra product
/// is zero.
const PAD: usize = 8;

/// Montgomery arithmetic modulo one key's `n` (32-bit limbs: wasm32), with its scratch space.
/// Buffers hold [`PAD`] zeros, then their limbs.
pub(crate) struct Simd<'a> {
    n: &'a [u32],
    n0_inv: u32,
    /// [`Montgomery::mul`]: `a_0, m_0, a_1, m_1, …` (each `m_j` written once found), so that
    /// the products with `b` and with `n` of a column are one dot product with `rev_bn`.
    am: Vec<u32>,
    /// [`Montgomery::mul`]: `b_(len-1), n_(len-1), …, b_0, n_0`; the `n` limbs are set once.
    rev_bn: Vec<u32>,
    /// [`Montgomery::square`]: `a`, `a` reversed, the `m_j`, `n` reversed (set once).
    a: Vec<u32>,
    rev_a: Vec<u32>,
    m: Vec<u32>,
    rev_n: Vec<u32>,
}

impl<'a> Simd<'a> {
    /// `n0_inv = -n^-1 mod 2^32`.
    pub(crate) fn new(n: &'a [u32], n0_inv: u32) -> Self {
        let len = n.len();
        let mut rev_bn = vec![0; PAD + 2 * len];
        for (pair, &nj) in rev_bn[PAD..].chunks_exact_mut(2).rev().zip(n) {
            pair[1] = nj;
        }
        let mut rev_n = vec![0; PAD + len];
        for (r, &nj) in rev_n[PAD..].iter_mut().rev().zip(n) {
            *r = nj;
        }
        Simd {
            n,
            n0_inv,
            am: vec![0; PAD + 2 * len],
            rev_bn,
            a: vec![0; PAD + len],
            rev_a: vec![0; PAD + len],
            m: vec![0; PAD + len],
            rev_n,
        }
    }

    /// Column `i` (`low + high·2^32`) plus the carry in. In the first half, its low limb makes
    /// `m_i` (returned), and is zero once `m_i·n_0` is added; in the second half, it is limb
    /// `i - len` of the result. The carry out (below 2^41 for any key that fits in memory) goes
    /// to the next column.
    fn end_column(
        &self,
        i: usize,
        (low, high): (u64, u64),
        carry: &mut u64,
        out: &mut [u32],
    ) -> Option<u32> {
        let len = self.n.len();
        let t = low + *carry;
        if i < len {
            let m = (t as u32).wrapping_mul(self.n0_inv);
            // (t mod 2^32) + m·n_0 is a multiple of 2^32 below 2^64
            let u = u64::from(t as u32) + u64::from(m) * u64::from(self.n[0]);
            *carry = (t >> 32) + (u >> 32) + high;
            Some(m)
        } else {
            out[i - len] = t as u32;
            *carry = (t >> 32) + high;
            None
        }
    }
}

/// The last limb of the result, then the final subtraction (the result is below `2n`).
fn finish(mut out: Vec<u32>, carry: u64, n: &[u32]) -> Vec<u32> {
    let len = n.len();
    out[len - 1] = carry as u32;
    if carry >> 32 != 0 || !less_than(&out, n) {
        sub_assign(&mut out, n);
    }
    out
}

impl Montgomery for Simd<'_> {
    fn n(&self) -> &[u32] {
        self.n
    }

    /// Columns `0..len` find the `m_j`, columns `len..2·len-1` are the result. They go by
    /// pairs ([`dot2`]): in the first half, column `i + 1` takes the `a_j, m_j` of column `i`
    /// and adds `m_i·n_1` (not known before column `i` is done) and `a_(i+1)·b_0`.
    fn mul(&mut self, a: &[u32], b: &[u32]) -> Vec<u32> {
        let n = self.n;
        let len = n.len();
        for (pair, &aj) in self.am[PAD..].chunks_exact_mut(2).zip(&a[..len]) {
            pair[0] = aj;
        }
        for (pair, &bj) in self.rev_bn[PAD..].chunks_exact_mut(2).rev().zip(&b[..len]) {
            pair[0] = bj;
        }
        let zero = black_box(u64x2_splat(0));
        let mut out = vec![0; len];
        let mut carry = 0;
        let mut i = 0;
        // an odd number of columns: the last one is alone
        while i < 2 * len - 1 {
            let [col, next] = if i < len {
                // a_0..=a_i with b_i..=b_0 and m_0..m_i with n_i..n_1
                let count = 2 * i + 1;
                let (x_end, y_end) = (PAD + count, PAD + 2 * len - 1);
                dot2::<2>(&self.am, x_end, &self.rev_bn, y_end, count, zero)
            } else {
                // a_j, m_j for j = i+1-len..len with b_(len-1).., n_(len-1)..; column i + 1
                // pairs the first a_j, m_j with zeros
                let count = 2 * (2 * len - 1 - i);
                let (x_end, y_end) = (PAD + 2 * len, PAD + count);
                dot2::<2>(&self.am, x_end, &self.rev_bn, y_end, count, zero)
            };
            let m = self.end_column(i, halves(col), &mut carry, &mut out);
            if let Some(m) = m {
                self.am[PAD + 2 * i + 1] = m;
            }
            if i + 1 == 2 * len - 1 {
                break;
            }
            let mut next = halves(next);
            if let Some(m) = m {
                add_product(&mut next, m, n[1]);
                if i + 1 < len {
                    add_product(&mut next, a[i + 1], b[0]);
                }
            }
            if let Some(m) = self.end_column(i + 1, next, &mut carry, &mut out) {
                self.am[PAD + 2 * i + 3] = m;
            }
            i += 2;
        }
        finish(out, carry, n)
    }

    /// As [`Montgomery::mul`], with each cross product `a_j·a_(i-j)` (`j < i - j`) of a column
    /// computed once and doubled: a quarter fewer products. By pairs too: column `i + 1` (`i`
    /// even) adds `a_(i/2)·a_(i/2+1)` to column `i`'s cross products, and (first half) `m_i·n_1`.
    fn square(&mut self, a: &[u32]) -> Vec<u32> {
        let n = self.n;
        let len = n.len();
        let a = &a[..len];
        self.a[PAD..].copy_from_slice(a);
        for (r, &aj) in self.rev_a[PAD..].iter_mut().rev().zip(a) {
            *r = aj;
        }
        let zero = black_box(u64x2_splat(0));
        let mut out = vec![0; len];
        let mut carry = 0;
        let mut i = 0;
        while i < 2 * len - 1 {
            let j0 = (i + 1).saturating_sub(len);
            // a_j·a_(i-j) for j0 <= j < i - j (doubled), and m_j·n_(i-j) for j0 <= j < i, len
            let half = i / 2;
            let end = i.min(len);
            let (x_end, y_end) = (PAD + half, PAD + len - 1 + half - i);
            let [cross, next_cross] =
                dot2::<1>(&self.a, x_end, &self.rev_a, y_end, half - j0, zero);
            let (x_end, y_end) = (PAD + end, PAD + len - 1 + end - i);
            let [mn, next_mn] = dot2::<1>(&self.m, x_end, &self.rev_n, y_end, end - j0, zero);
            let mut col = square_column(cross, mn);
            add_product(&mut col, a[half], a[half]);
            let m = self.end_column(i, col, &mut carry, &mut out);
            if let Some(m) = m {
                self.m[PAD + i] = m;
            }
            if i + 1 == 2 * len - 1 {
                break;
            }
            let mut next = square_column(next_cross, next_mn);
            add_product(&mut next, a[half], a[half + 1]);
            add_product(&mut next, a[half], a[half + 1]);
            if let Some(m) = m {
                add_product(&mut next, m, n[1]);
            }
            if let Some(m) = self.end_column(i + 1, next, &mut carry, &mut out) {
                self.m[PAD + i + 1] = m;
            }
            i += 2;
        }
        finish(out, carry, n)
    }
}

/// Adds `x·y` to a column (`low + high·2^32`).
fn add_product(col: &mut (u64, u64), x: u32, y: u32) {
    let p = u64::from(x) * u64::from(y);
    col.0 += p & 0xffff_ffff;
    col.1 += p >> 32;
}

/// A column of [`Montgomery::square`] from its cross products' and `m_j·n_(i-j)` [`dot2`] sums.
fn square_column((sum, high): (v128, v128), (mn_sum, mn_high): (v128, v128)) -> (u64, u64) {
    let sum = u64x2_add(u64x2_shl(sum, 1), mn_sum);
    let high = u64x2_add(u64x2_shl(high, 1), mn_high);
    halves((sum, high))
}

/// Dot products of two adjacent columns, sharing the loads of `x`: `Σ x_k·y_k` over the `count`
/// limbs before `x[x_end]` and `y[y_end]`, then with `y` ending `SHIFT` limbs lower (one limb,
/// or one `b, n` pair in [`Montgomery::mul`]). Extended downwards to a multiple of 4 limbs (see
/// [`PAD`]). Each as two vectors: the products summed (wrapping), and their high 32-bit halves
/// summed (below `2^32·count` per lane: no overflow); see [`halves`]. `zero` must be a zero the
/// compiler cannot see: see [`load_x`].
#[inline(always)]
fn dot2<const SHIFT: usize>(
    x: &[u32],
    x_end: usize,
    y: &[u32],
    y_end: usize,
    count: usize,
    zero: v128,
) -> [(v128, v128); 2] {
    let width = count.next_multiple_of(4);
    let x = &x[x_end - width..x_end];
    let (y0, y1) = (
        &y[y_end - width..y_end],
        &y[y_end - SHIFT - width..y_end - SHIFT],
    );
    let mut acc = [(u64x2_splat(0), u64x2_splat(0)); 2];
    for ((x, y0), y1) in x
        .chunks_exact(4)
        .zip(y0.chunks_exact(4))
        .zip(y1.chunks_exact(4))
    {
        let x = load_x(x, zero);
        for ((sum, high), y) in acc.iter_mut().zip([load(y0), load(y1)]) {
            let p = u64x2_extmul_low_u32x4(x, y);
            let q = u64x2_extmul_high_u32x4(x, y);
            *sum = u64x2_add(*sum, u64x2_add(p, q));
            *high = u64x2_add(*high, u64x2_add(u64x2_shr(p, 32), u64x2_shr(q, 32)));
        }
    }
    acc
}

/// The low 32-bit halves' sum and the high halves' sum of [`dot2`]'s products, from its two
/// vectors: the sum of the low halves is the whole sum minus `2^32·` the high halves' sum.
fn halves((sum, high): (v128, v128)) -> (u64, u64) {
    let sum = u64x2_extract_lane::<0>(sum).wrapping_add(u64x2_extract_lane::<1>(sum));
    let high = u64x2_extract_lane::<0>(high) + u64x2_extract_lane::<1>(high);
    (sum.wrapping_sub(high << 32), high)
}

/// Four limbs as a vector: one `v128.load` (`u32x4(x[0], …)` is not always merged into one).
#[inline(always)]
fn load(x: &[u32]) -> v128 {
    assert!(x.len() >= 4);
    // SAFETY: 16 readable bytes; v128.load has no alignment requirement.
    unsafe { v128_load(x.as_ptr().cast()) }
}

/// [`load`], then an XOR with a zero that LLVM cannot see through. Otherwise it turns
/// `extmul_{low,high}(load, load)` into two `load32x2_u` and an `i64x2.mul`, which V8 (x64)
/// emulates with three `pmuludq` for two products: slower than the scalar code. With one operand
/// opaque it keeps the `v128.load`s and the `extmul`s (one `pmuludq` for two products).
#[inline(always)]
fn load_x(x: &[u32], zero: v128) -> v128 {
    v128_xor(load(x), zero)
}

#[cfg(test)]
mod tests;
