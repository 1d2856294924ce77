/*
 * SPDX-FileCopyrightText: 2026 Honmono contributors
 *
 * SPDX-License-Identifier: Apache-2.0 OR MIT
 */

//! RSA PKCS#1 v1.5 signature *verification* (RFC 8017 §8.2.2), public-key operation only.
//!
//! Honmono patch (vendor/README.md). mail-auth's rust-crypto backend used the `rsa` crate for
//! this, whose modular exponentiation (num-bigint-dig) is general-purpose and slow in a
//! size-optimised wasm build: one 2048-bit verification there cost more than mailauth on Node
//! spends on a whole small message. Verification needs only `s^e mod n` with a small public
//! exponent (nearly always 65537 = 2^16 + 1), which Montgomery multiplication does in
//! 16 squarings and one multiplication.
//!
//! Everything here is public data (modulus, exponent, signature, digest), so nothing needs to
//! run in constant time. Accept/reject rules are exactly those of `rsa` 0.9
//! (`RsaPublicKey::new_with_max_size` + `Pkcs1v15Sign::verify`):
//! - key: modulus at most `max_bits` bits, exponent fits in 64 bits, `e < n`, `n` odd, `e` odd,
//!   `2 <= e <= 2^33 - 1` (checked in that order, with the same error texts);
//! - signature: exactly `k = ceil(bits(n) / 8)` bytes and, as an integer, `< n`;
//! - `EM = s^e mod n` (k bytes, big-endian) must be `00 01 FF..FF 00 || DigestInfo || digest`
//!   with at least 8 bytes of `FF` (`k >= tLen + 11`).

/// One digit of a big number. 32-bit limbs with 64-bit products on 32-bit targets: wasm32 has
/// a native 64-bit multiply but no 128-bit one (u128 products become library calls there).
/// `--cfg honmono_rsa_limb32` selects 32-bit limbs natively too, to test the wasm arithmetic
/// with `cargo test` (`RUSTFLAGS="--cfg honmono_rsa_limb32" cargo test --test rsa_pkcs1`).
#[cfg(all(target_pointer_width = "64", not(honmono_rsa_limb32)))]
type Limb = u64;
#[cfg(all(target_pointer_width = "64", not(honmono_rsa_limb32)))]
type Wide = u128;
#[cfg(any(not(target_pointer_width = "64"), honmono_rsa_limb32))]
type Limb = u32;
#[cfg(any(not(target_pointer_width = "64"), honmono_rsa_limb32))]
type Wide = u64;

#[cfg(any(test, not(all(target_arch = "wasm32", target_feature = "simd128"))))]
mod scalar;
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
mod simd;
#[cfg(test)]
mod wycheproof_tests;

const LIMB_BITS: usize = Limb::BITS as usize;
const LIMB_BYTES: usize = LIMB_BITS / 8;

/// `rsa::RsaPublicKey::MAX_PUB_EXPONENT`.
const MAX_PUB_EXPONENT: u64 = (1 << 33) - 1;

/// An RSA public key ready for verification.
#[derive(Debug, Clone)]
pub struct RsaVerifier {
    /// The modulus, least significant limb first; the top limb is not zero.
    n: Vec<Limb>,
    /// The public exponent (odd, 3 ..= 2^33 - 1).
    e: u64,
    /// Bit length of `n`.
    bits: usize,
    /// `-n^-1 mod 2^LIMB_BITS`, the Montgomery reduction constant.
    n0_inv: Limb,
}

impl RsaVerifier {
    /// `n` and `e` as big-endian unsigned bytes (leading zeros allowed). The error texts are
    /// those of `rsa::Error`, which mail-auth used to report.
    pub fn new(n: &[u8], e: &[u8], max_bits: usize) -> Result<Self, &'static str> {
        let n_bytes = strip_leading_zeros(n);
        let bits = match n_bytes.first() {
            Some(&top) => n_bytes.len() * 8 - top.leading_zeros() as usize,
            None => 0,
        };
        if bits > max_bits {
            return Err("modulus too large");
        }
        let e_bytes = strip_leading_zeros(e);
        if e_bytes.len() > 8 {
            return Err("public exponent too large");
        }
        let e = e_bytes
            .iter()
            .fold(0u64, |acc, &b| (acc << 8) | u64::from(b));
        let n = limbs_from_be(n_bytes, n_bytes.len().div_ceil(LIMB_BYTES));
        // n even (zero included) or e >= n.
        if n.first().is_none_or(|&n0| n0 & 1 == 0) || !is_greater_than_u64(&n, e) {
            return Err("invalid modulus");
        }
        if e & 1 == 0 {
            return Err("invalid exponent");
        }
        if e < 2 {
            return Err("public exponent too small");
        }
        if e > MAX_PUB_EXPONENT {
            return Err("public exponent too large");
        }
        Ok(RsaVerifier {
            n0_inv: neg_inverse(n[0]),
            n,
            e,
            bits,
        })
    }

    /// Bit length of the modulus.
    pub fn bits(&self) -> usize {
        self.bits
    }

    /// Size of the modulus (and of every valid signature) in bytes.
    fn size(&self) -> usize {
        self.bits.div_ceil(8)
    }

    /// RSASSA-PKCS1-v1_5 verification of `signature` over `digest`, whose DER DigestInfo
    /// header (AlgorithmIdentifier with the hash OID, then the OCTET STRING header) is
    /// `digest_info_prefix`.
    pub fn verify_pkcs1v15(
        &self,
        digest_info_prefix: &[u8],
        digest: &[u8],
        signature: &[u8],
    ) -> bool {
        self.verify_with(digest_info_prefix, digest, signature, |v, s| v.pow_e(s))
    }

    /// [`RsaVerifier::verify_pkcs1v15`] with the portable arithmetic ([`scalar`]) whatever the
    /// build, so that tests check both code paths in the wasm build (where the public method
    /// uses [`simd`]).
    #[cfg(test)]
    fn verify_pkcs1v15_scalar(
        &self,
        digest_info_prefix: &[u8],
        digest: &[u8],
        signature: &[u8],
    ) -> bool {
        self.verify_with(digest_info_prefix, digest, signature, |v, s| {
            pow(scalar::Scalar::new(&v.n, v.n0_inv), s, v.e)
        })
    }

    /// The checks around `s^e mod n`, with the exponentiation given.
    fn verify_with(
        &self,
        digest_info_prefix: &[u8],
        digest: &[u8],
        signature: &[u8],
        pow_e: impl FnOnce(&Self, &[Limb]) -> Vec<Limb>,
    ) -> bool {
        let k = self.size();
        let t_len = digest_info_prefix.len() + digest.len();
        if signature.len() != k || k < t_len + 11 {
            return false;
        }
        let s = limbs_from_be(signature, self.n.len());
        if !less_than(&s, &self.n) {
            return false;
        }
        let m = pow_e(self, &s);

        // EM = 0x00 || 0x01 || PS (0xFF bytes) || 0x00 || DigestInfo prefix || digest
        let em = be_bytes(&m, k);
        let (head, t) = em.split_at(k - t_len);
        let (ps, zero) = head[2..].split_at(head.len() - 3);
        head[..2] == [0x00, 0x01]
            && ps.iter().all(|&b| b == 0xff)
            && zero == [0x00]
            && t[..digest_info_prefix.len()] == *digest_info_prefix
            && t[digest_info_prefix.len()..] == *digest
    }

    /// `s^e mod n` for `s < n`.
    fn pow_e(&self, s: &[Limb]) -> Vec<Limb> {
        #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
        let mont = simd::Simd::new(&self.n, self.n0_inv);
        #[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
        let mont = scalar::Scalar::new(&self.n, self.n0_inv);
        pow(mont, s, self.e)
    }
}

/// Montgomery arithmetic modulo one key's `n` (`x` is represented by `x·R mod n`,
/// `R = 2^(LIMB_BITS·len)`): `scalar::Scalar`, or `simd::Simd` in wasm32 builds with SIMD128,
/// where these products are most of a DKIM verification's time.
trait Montgomery {
    /// The modulus (odd, top limb not zero).
    fn n(&self) -> &[Limb];

    /// `a·b·R^-1 mod n` for `a, b < n`.
    fn mul(&mut self, a: &[Limb], b: &[Limb]) -> Vec<Limb>;

    /// `a²·R^-1 mod n` for `a < n`.
    fn square(&mut self, a: &[Limb]) -> Vec<Limb>;

    /// `R^2 mod n`, the factor that brings a number into Montgomery form.
    ///
    /// With `P = LIMB_BITS·len`, `R^2 = 2^P·R` is "2 to the power P" in Montgomery form, where a
    /// squaring is [`Montgomery::mul`] and a multiplication by `2^k` is a shift and a reduction
    /// (cheap: linear, see [`shl_mod`]). So: shift `2^(bits-1)` (< n) up to `R mod n`, then on to
    /// `2^t·R` with `t = P / 2^j`, then square `j` times. For 2048 bits: t = 512 (18 shifts of
    /// at most 30 bits with 32-bit limbs) and 2 squarings.
    fn r_squared(&mut self) -> Vec<Limb> {
        let n = self.n();
        let len = n.len();
        let p = len * LIMB_BITS;
        let bits = p - n[len - 1].leading_zeros() as usize;
        // as many squarings as keep t a whole number of at least 512: measured in wasm (Node,
        // simd::Simd), the fastest for 2048 bits (8 µs, against 17 µs for the 65 doublings and
        // 5 squarings of t >= 64 before shl_mod) and within 10% of it for 1024 and 4096
        let j = p.trailing_zeros().min((p / 512).max(1).ilog2());
        let t = p >> j;
        let mut x = vec![0; len];
        x[(bits - 1) / LIMB_BITS] = 1 << ((bits - 1) % LIMB_BITS);
        let mut shift = p + t - (bits - 1);
        while shift > 0 {
            let k = shift.min(SHIFT_BITS);
            if bits >= 2 * LIMB_BITS {
                x = shl_mod(&x, n, k);
            } else {
                // shl_mod's quotient estimate needs a full top limb of n
                for _ in 0..k {
                    double(&mut x, n);
                }
            }
            shift -= k;
        }
        for _ in 0..j {
            x = self.square(&x);
        }
        x
    }
}

/// `s^e mod n` for `s < n`, by left-to-right square-and-multiply in Montgomery form.
fn pow(mut mont: impl Montgomery, s: &[Limb], e: u64) -> Vec<Limb> {
    let r2 = mont.r_squared();
    let base = mont.mul(s, &r2); // s·R
    let mut acc = base.clone();
    for i in (0..63 - e.leading_zeros()).rev() {
        acc = mont.square(&acc);
        if (e >> i) & 1 == 1 {
            acc = mont.mul(&acc, &base);
        }
    }
    // Out of Montgomery form: acc·1·R^-1.
    let mut one = vec![0; mont.n().len()];
    one[0] = 1;
    mont.mul(&acc, &one)
}

/// `2a mod n` for `a < n`.
fn double(a: &mut [Limb], n: &[Limb]) {
    let mut carry = 0;
    for x in a.iter_mut() {
        let top = *x >> (LIMB_BITS - 1);
        *x = (*x << 1) | carry;
        carry = top;
    }
    if carry != 0 || !less_than(a, n) {
        sub_assign(a, n);
    }
}

/// The largest shift of [`shl_mod`]: its quotient estimate is off by at most 2 up to there.
const SHIFT_BITS: usize = LIMB_BITS - 2;

/// `x·2^k mod n` for `x < n`, `1 <= k <= SHIFT_BITS` and `n` of at least `2·LIMB_BITS` bits.
///
/// The quotient `q = floor(x·2^k / n)` (below `2^k`) is estimated as `q' = floor(X / (N + 1))`
/// from the top `LIMB_BITS` bits `N` of `n` (`>= 2^(LIMB_BITS-1)`) and the bits `X` of `x·2^k`
/// at the same place and up: `q' <= q`, and `q - q' < X/N² + 1/N + 1 <= 2` with
/// `X < 2^(LIMB_BITS+k)`. So `x·2^k - q'·n` is below `3n`: at most two subtractions of `n`.
fn shl_mod(x: &[Limb], n: &[Limb], k: usize) -> Vec<Limb> {
    let len = n.len();
    let bits = len * LIMB_BITS - n[len - 1].leading_zeros() as usize;
    let s = bits - LIMB_BITS;
    let top_n = wide_at(n, s) as Limb;
    let q = (wide_at(x, s - k) / (Wide::from(top_n) + 1)) as Limb;
    // r = x·2^k (len + 1 limbs) ...
    let mut r = vec![0; len + 1];
    let mut carry = 0;
    for (rj, &xj) in r.iter_mut().zip(x) {
        *rj = (xj << k) | carry;
        carry = xj >> (LIMB_BITS - k);
    }
    r[len] = carry;
    // ... - q·n (not negative: q <= the true quotient)
    let mut carry: Limb = 0;
    let mut borrow = false;
    for (rj, &nj) in r.iter_mut().zip(n) {
        let prod = Wide::from(q) * Wide::from(nj) + Wide::from(carry);
        carry = (prod >> LIMB_BITS) as Limb;
        let (d, b1) = rj.overflowing_sub(prod as Limb);
        let (d, b2) = d.overflowing_sub(Limb::from(borrow));
        *rj = d;
        borrow = b1 | b2;
    }
    r[len] = r[len].wrapping_sub(carry).wrapping_sub(Limb::from(borrow));
    while r[len] != 0 || !less_than(&r[..len], n) {
        let borrow = sub_assign(&mut r[..len], n);
        r[len] -= Limb::from(borrow);
    }
    r.truncate(len);
    r
}

/// `floor(a / 2^pos) mod 2^(2·LIMB_BITS)`.
fn wide_at(a: &[Limb], pos: usize) -> Wide {
    let (i, shift) = (pos / LIMB_BITS, pos % LIMB_BITS);
    let limb = |i: usize| Wide::from(a.get(i).copied().unwrap_or(0));
    let low = (limb(i) | limb(i + 1) << LIMB_BITS) >> shift;
    if shift == 0 {
        low
    } else {
        low | limb(i + 2) << (2 * LIMB_BITS - shift)
    }
}

/// `-x^-1 mod 2^LIMB_BITS` for odd `x` (Newton's iteration doubles the correct low bits each
/// step; `x·x ≡ 1 mod 8` for odd `x` gives the first 3).
fn neg_inverse(x: Limb) -> Limb {
    let mut inv = x;
    for _ in 0..5 {
        inv = inv.wrapping_mul((2 as Limb).wrapping_sub(x.wrapping_mul(inv)));
    }
    debug_assert_eq!(x.wrapping_mul(inv), 1);
    inv.wrapping_neg()
}

fn strip_leading_zeros(b: &[u8]) -> &[u8] {
    let start = b.iter().position(|&x| x != 0).unwrap_or(b.len());
    &b[start..]
}

/// Big-endian bytes (at most `len·LIMB_BYTES` of them) to `len` limbs, least significant first.
fn limbs_from_be(bytes: &[u8], len: usize) -> Vec<Limb> {
    let mut out = vec![0; len];
    for (limb, chunk) in out.iter_mut().zip(bytes.rchunks(LIMB_BYTES)) {
        *limb = chunk.iter().fold(0, |acc, &b| (acc << 8) | Limb::from(b));
    }
    out
}

/// The low `k` bytes of `a`, big-endian.
fn be_bytes(a: &[Limb], k: usize) -> Vec<u8> {
    (0..k)
        .rev()
        .map(|i| {
            a.get(i / LIMB_BYTES)
                .map_or(0, |&l| (l >> (8 * (i % LIMB_BYTES))) as u8)
        })
        .collect()
}

/// `a < b` for numbers of the same limb count.
fn less_than(a: &[Limb], b: &[Limb]) -> bool {
    for (x, y) in a.iter().zip(b).rev() {
        if x != y {
            return x < y;
        }
    }
    false
}

/// `a > v`.
// `u64::from(l)` converts u32 limbs; with u64 limbs (native) it is the identity.
#[allow(clippy::useless_conversion)]
fn is_greater_than_u64(a: &[Limb], v: u64) -> bool {
    let mut low = 0u64;
    for (i, &l) in a.iter().enumerate() {
        if i * LIMB_BITS >= 64 {
            if l != 0 {
                return true;
            }
        } else {
            low |= u64::from(l) << (i * LIMB_BITS);
        }
    }
    low > v
}

/// `a -= b` (same limb count), wrapping; returns the borrow out.
fn sub_assign(a: &mut [Limb], b: &[Limb]) -> bool {
    let mut borrow = false;
    for (x, &y) in a.iter_mut().zip(b) {
        let (d, b1) = x.overflowing_sub(y);
        let (d, b2) = d.overflowing_sub(Limb::from(borrow));
        *x = d;
        borrow = b1 | b2;
    }
    borrow
}
