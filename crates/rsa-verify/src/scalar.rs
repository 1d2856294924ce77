/*
 * SPDX-FileCopyrightText: 2026 Honmono contributors
 *
 * SPDX-License-Identifier: Apache-2.0 OR MIT
 */

//! Portable Montgomery arithmetic: native builds, and wasm32 without SIMD128. The wasm32 SIMD
//! build uses `crate::simd` instead and keeps this one only for its tests, which compare the two.

use crate::{LIMB_BITS, Limb, Montgomery, Wide, less_than, sub_assign};

/// Montgomery arithmetic modulo one key's `n`, with its scratch space.
pub(crate) struct Scalar<'a> {
    n: &'a [Limb],
    n0_inv: Limb,
    /// Scratch: `len + 1` limbs for the running sum of [`Montgomery::mul`], `2·len` for the
    /// square in [`Montgomery::square`].
    t: Vec<Limb>,
}

impl<'a> Scalar<'a> {
    /// `n0_inv = -n^-1 mod 2^LIMB_BITS`.
    pub(crate) fn new(n: &'a [Limb], n0_inv: Limb) -> Self {
        Scalar {
            n,
            n0_inv,
            t: vec![0; 2 * n.len() + 1],
        }
    }
}

impl Montgomery for Scalar<'_> {
    fn n(&self) -> &[Limb] {
        self.n
    }

    /// `a·b·R^-1 mod n` for `a, b < n` (CIOS: one multiply-accumulate pass and one reduction
    /// pass per limb of `a`; the running sum stays below `2n`).
    fn mul(&mut self, a: &[Limb], b: &[Limb]) -> Vec<Limb> {
        let n = self.n;
        let len = n.len();
        let t = &mut self.t[..len + 1];
        let b = &b[..len];
        t.fill(0);
        for &ai in &a[..len] {
            // t += ai·b
            let mut carry: Limb = 0;
            for (tj, &bj) in t[..len].iter_mut().zip(b) {
                let x = Wide::from(*tj) + Wide::from(ai) * Wide::from(bj) + Wide::from(carry);
                *tj = x as Limb;
                carry = (x >> LIMB_BITS) as Limb;
            }
            let x = Wide::from(t[len]) + Wide::from(carry);
            t[len] = x as Limb;
            let top = (x >> LIMB_BITS) as Limb;

            // t = (t + m·n) / 2^LIMB_BITS, with m chosen so that the division is exact.
            let m = t[0].wrapping_mul(self.n0_inv);
            let mut carry =
                ((Wide::from(t[0]) + Wide::from(m) * Wide::from(n[0])) >> LIMB_BITS) as Limb;
            for j in 1..len {
                let x = Wide::from(t[j]) + Wide::from(m) * Wide::from(n[j]) + Wide::from(carry);
                t[j - 1] = x as Limb;
                carry = (x >> LIMB_BITS) as Limb;
            }
            let x = Wide::from(t[len]) + Wide::from(carry);
            t[len - 1] = x as Limb;
            t[len] = top + (x >> LIMB_BITS) as Limb;
        }
        let mut out = t[..len].to_vec();
        if t[len] != 0 || !less_than(&out, n) {
            sub_assign(&mut out, n);
        }
        out
    }

    /// `a²·R^-1 mod n` for `a < n`, about a quarter cheaper than `mul(a, a)`: the square is
    /// computed first with each cross product `a_i·a_j` (i < j) once, then doubled, plus the
    /// diagonal `a_i²`; then `len` Montgomery reduction steps turn the `2·len`-limb square into
    /// `a²·R^-1 (< 2n)`.
    fn square(&mut self, a: &[Limb]) -> Vec<Limb> {
        let n = self.n;
        let len = n.len();
        let a = &a[..len];
        let t = &mut self.t[..2 * len];
        t.fill(0);
        // cross products: row i adds a_i·a_(i+1..) at t[2i+1..], its carry lands in t[i+len]
        for (i, &ai) in a.iter().enumerate() {
            let mut carry: Limb = 0;
            for (tk, &aj) in t[2 * i + 1..i + len].iter_mut().zip(&a[i + 1..]) {
                let x = Wide::from(*tk) + Wide::from(ai) * Wide::from(aj) + Wide::from(carry);
                *tk = x as Limb;
                carry = (x >> LIMB_BITS) as Limb;
            }
            t[i + len] = carry;
        }
        // times 2 (no bit is lost: the doubled cross sum is below a² < R²)
        let mut top = 0;
        for x in t.iter_mut() {
            let next = *x >> (LIMB_BITS - 1);
            *x = (*x << 1) | top;
            top = next;
        }
        // plus the diagonal
        let mut carry: Limb = 0;
        for (pair, &ai) in t.chunks_exact_mut(2).zip(a) {
            let x = Wide::from(pair[0]) + Wide::from(ai) * Wide::from(ai) + Wide::from(carry);
            pair[0] = x as Limb;
            let y = Wide::from(pair[1]) + (x >> LIMB_BITS);
            pair[1] = y as Limb;
            carry = (y >> LIMB_BITS) as Limb;
        }
        // reduction: add m·n·2^(i·LIMB_BITS) so that limb i becomes zero; `extra` is the
        // carry out of limb i + len, added one limb further up in the next step.
        let mut extra: Limb = 0;
        for i in 0..len {
            let m = t[i].wrapping_mul(self.n0_inv);
            let mut carry: Limb = 0;
            for (tk, &nj) in t[i..i + len].iter_mut().zip(n) {
                let x = Wide::from(*tk) + Wide::from(m) * Wide::from(nj) + Wide::from(carry);
                *tk = x as Limb;
                carry = (x >> LIMB_BITS) as Limb;
            }
            let x = Wide::from(t[i + len]) + Wide::from(carry) + Wide::from(extra);
            t[i + len] = x as Limb;
            extra = (x >> LIMB_BITS) as Limb;
        }
        let mut out = t[len..].to_vec();
        if extra != 0 || !less_than(&out, n) {
            sub_assign(&mut out, n);
        }
        out
    }
}
