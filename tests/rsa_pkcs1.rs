//! RSA PKCS#1 v1.5 verification as DKIM uses it (mail-auth's rust-crypto backend, whose
//! modular arithmetic is Honmono's crates/rsa-verify, vendor/README.md), checked against the `rsa`
//! crate it replaced: signatures made with the `rsa` crate from the OpenSSL-generated TEST keys
//! in tests/fixtures/keys/, and the `rsa` crate's own verdict on every mutated input.

use mail_auth::common::crypto::{Algorithm, HashAlgorithm};
use mail_auth::common::parse::TxtRecordParser;
use mail_auth::common::verify::DomainKey;
use rsa::pkcs8::{DecodePrivateKey, EncodePublicKey};
use rsa::traits::PublicKeyParts;
use rsa::{BigUint, Pkcs1v15Sign, RsaPrivateKey, RsaPublicKey};

const SHA256_PREFIX: &[u8] = &[
    0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05,
    0x00, 0x04, 0x20,
];
const SHA1_PREFIX: &[u8] = &[
    0x30, 0x21, 0x30, 0x09, 0x06, 0x05, 0x2b, 0x0e, 0x03, 0x02, 0x1a, 0x05, 0x00, 0x04, 0x14,
];

struct Key {
    name: &'static str,
    private: RsaPrivateKey,
    public: RsaPublicKey,
    dkim: DomainKey,
}

fn key(name: &'static str) -> Key {
    let pem = std::fs::read_to_string(format!("tests/fixtures/keys/{name}.pem")).unwrap();
    let private = RsaPrivateKey::from_pkcs8_pem(&pem).unwrap();
    let public = RsaPublicKey::from(&private);
    let spki = public.to_public_key_der().unwrap();
    let dkim = DomainKey::parse(txt(spki.as_bytes()).as_bytes()).unwrap();
    Key {
        name,
        private,
        public,
        dkim,
    }
}

fn txt(der: &[u8]) -> String {
    const B64: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut s = String::from("v=DKIM1; k=rsa; p=");
    for c in der.chunks(3) {
        let n = (u32::from(c[0]) << 16)
            | (u32::from(*c.get(1).unwrap_or(&0)) << 8)
            | u32::from(*c.get(2).unwrap_or(&0));
        for i in 0..4 {
            if i <= c.len() {
                s.push(B64[(n >> (18 - 6 * i)) as usize & 63] as char);
            } else {
                s.push('=');
            }
        }
    }
    s
}

fn scheme(alg: Algorithm) -> (HashAlgorithm, Pkcs1v15Sign) {
    match alg {
        Algorithm::RsaSha1 => (
            HashAlgorithm::Sha1,
            Pkcs1v15Sign {
                hash_len: Some(20),
                prefix: SHA1_PREFIX.into(),
            },
        ),
        _ => (
            HashAlgorithm::Sha256,
            Pkcs1v15Sign {
                hash_len: Some(32),
                prefix: SHA256_PREFIX.into(),
            },
        ),
    }
}

fn digest(alg: Algorithm, data: &[u8]) -> Vec<u8> {
    scheme(alg).0.hash(data).as_ref().to_vec()
}

fn sign(k: &Key, alg: Algorithm, data: &[u8]) -> Vec<u8> {
    k.private.sign(scheme(alg).1, &digest(alg, data)).unwrap()
}

/// Our verdict, checked to agree with the `rsa` crate's.
fn verifies(k: &Key, alg: Algorithm, data: &[u8], sig: &[u8]) -> bool {
    let ours = k.dkim.p.verify_bytes(data, sig, alg).is_ok();
    let theirs = k
        .public
        .verify(scheme(alg).1, &digest(alg, data), sig)
        .is_ok();
    assert_eq!(ours, theirs, "{}: verdicts differ", k.name);
    ours
}

/// Deterministic pseudo-random bytes (xorshift).
fn bytes(seed: u64, len: usize) -> Vec<u8> {
    let mut x = seed | 1;
    (0..len)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x as u8
        })
        .collect()
}

const KEYS: [(&str, usize); 4] = [
    ("test-rsa1024", 1024),
    ("test-rsa2048", 2048),
    ("test-rsa4096", 4096),
    // odd size (17 64-bit limbs) and e = 3
    ("test-rsa1028-e3", 1028),
];

#[test]
fn good_signatures_verify_and_any_flipped_bit_fails() {
    for (name, bits) in KEYS {
        let k = key(name);
        assert_eq!(k.dkim.p.public_key_bits(), bits, "{name}");
        for alg in [Algorithm::RsaSha256, Algorithm::RsaSha1] {
            let data = bytes(bits as u64, 300);
            let sig = sign(&k, alg, &data);
            assert!(verifies(&k, alg, &data, &sig), "{name} {alg:?}");

            // a flipped bit anywhere in the signature
            for i in [0, 1, sig.len() / 2, sig.len() - 1] {
                for bit in [0, 7] {
                    let mut bad = sig.clone();
                    bad[i] ^= 1 << bit;
                    assert!(
                        !verifies(&k, alg, &data, &bad),
                        "{name} {alg:?} sig byte {i}"
                    );
                }
            }
            // a flipped bit in the message
            for i in [0, 150, 299] {
                let mut bad = data.clone();
                bad[i] ^= 0x10;
                assert!(
                    !verifies(&k, alg, &bad, &sig),
                    "{name} {alg:?} data byte {i}"
                );
            }
        }
    }
}

#[test]
fn wrong_hash_algorithm_fails() {
    let k = key("test-rsa2048");
    let data = b"From: a@example.com\r\n";
    let sig256 = sign(&k, Algorithm::RsaSha256, data);
    let sig1 = sign(&k, Algorithm::RsaSha1, data);
    assert!(!verifies(&k, Algorithm::RsaSha1, data, &sig256));
    assert!(!verifies(&k, Algorithm::RsaSha256, data, &sig1));
    assert!(
        k.dkim
            .p
            .verify_bytes(data, &sig256, Algorithm::Ed25519Sha256)
            .is_err()
    );
    // The right digest under the other algorithm's DigestInfo (hash OID) fails too.
    let digest = digest(Algorithm::RsaSha256, data);
    let mut wrong_oid = SHA256_PREFIX.to_vec();
    wrong_oid[14] = 0x02; // sha-384's OID arc, same length
    let forged = k
        .private
        .sign(
            Pkcs1v15Sign {
                hash_len: Some(32),
                prefix: wrong_oid.into(),
            },
            &digest,
        )
        .unwrap();
    assert!(!verifies(&k, Algorithm::RsaSha256, data, &forged));
}

/// Big-endian `a + b`, `None` when it does not fit in `a.len()` bytes.
fn add_be(a: &[u8], b: &[u8]) -> Option<Vec<u8>> {
    let mut out = a.to_vec();
    let mut carry = 0u16;
    for i in (0..out.len()).rev() {
        let j = (i + b.len()).checked_sub(out.len());
        let s = u16::from(out[i]) + j.map_or(0, |j| u16::from(b[j])) + carry;
        out[i] = s as u8;
        carry = s >> 8;
    }
    (carry == 0).then_some(out)
}

#[test]
fn signatures_not_below_the_modulus_or_of_the_wrong_length_fail() {
    for (name, _) in KEYS {
        let k = key(name);
        let n = k.public.n().to_bytes_be();
        let data = b"message";
        let sig = sign(&k, Algorithm::RsaSha256, data);
        assert_eq!(sig.len(), n.len());
        // s = n, n - 1, 0, 1
        let mut n_minus_1 = n.clone();
        *n_minus_1.last_mut().unwrap() -= 1; // n is odd
        let zero = vec![0; n.len()];
        let mut one = zero.clone();
        *one.last_mut().unwrap() = 1;
        for s in [&n, &n_minus_1, &zero, &one] {
            assert!(!verifies(&k, Algorithm::RsaSha256, data, s), "{name}");
        }
        // s + n is the same residue, so a verifier that reduced s first would accept it.
        if let Some(s_plus_n) = add_be(&sig, &n) {
            assert!(
                !verifies(&k, Algorithm::RsaSha256, data, &s_plus_n),
                "{name}"
            );
        } else {
            assert!(name != "test-rsa1028-e3", "1028 bits leave room for s + n");
        }
        // the same value with a leading zero byte, or without one byte
        let mut longer = vec![0];
        longer.extend_from_slice(&sig);
        assert!(!verifies(&k, Algorithm::RsaSha256, data, &longer), "{name}");
        assert!(
            !verifies(&k, Algorithm::RsaSha256, data, &sig[1..]),
            "{name}"
        );
        assert!(!verifies(&k, Algorithm::RsaSha256, data, &[]), "{name}");
    }
}

#[test]
fn random_signatures_fail_like_the_rsa_crate() {
    let k = key("test-rsa1028-e3");
    let data = b"x";
    for seed in 1..200u64 {
        let s = bytes(seed, 129);
        assert!(!verifies(&k, Algorithm::RsaSha256, data, &s));
    }
}

/// A DKIM key record with this modulus and exponent (PKCS#1 RSAPublicKey DER).
fn raw_key(n: &[u8], e: &[u8]) -> Result<DomainKey, String> {
    use rsa::pkcs1::der::Encode;
    let der = rsa::pkcs1::RsaPublicKey {
        modulus: rsa::pkcs1::UintRef::new(n).unwrap(),
        public_exponent: rsa::pkcs1::UintRef::new(e).unwrap(),
    }
    .to_der()
    .unwrap();
    DomainKey::parse(txt(&der).as_bytes()).map_err(|e| e.to_string())
}

#[test]
fn key_checks_are_those_of_the_rsa_crate() {
    let k = key("test-rsa2048");
    let n = k.public.n().to_bytes_be();
    let mut even = n.clone();
    *even.last_mut().unwrap() ^= 1;
    let mut huge = vec![0x80];
    huge.extend(vec![0xff; 1024]); // 8200 bits, odd
    let mut max = vec![0xc5];
    max.extend(vec![0x01; 1023]); // 8192 bits, odd
    let cases: Vec<(Vec<u8>, Vec<u8>)> = vec![
        (n.clone(), vec![1, 0, 1]),
        (n.clone(), vec![3]),
        (n.clone(), vec![1, 0, 0]),                   // even e
        (n.clone(), vec![1]),                         // e = 1
        (n.clone(), vec![2, 0, 0, 0, 1]),             // e = 2^33 + 1
        (n.clone(), vec![1, 0xff, 0xff, 0xff, 0xff]), // e = 2^33 - 1
        (n.clone(), vec![1, 0, 0, 0, 0, 0, 0, 0, 1]), // e > 2^64
        (even, vec![1, 0, 1]),                        // even n
        (huge, vec![1, 0, 1]),                        // > 8192 bits
        (max, vec![1, 0, 1]),                         // 8192 bits
        (vec![0x0f], vec![3]),                        // n = 15
        (vec![0x0f], vec![0x0f]),                     // e = n
        (vec![0x0f], vec![0x11]),                     // e > n
    ];
    for (n, e) in cases {
        let ours = raw_key(&n, &e).map(|k| k.p.public_key_bits());
        let theirs = RsaPublicKey::new_with_max_size(
            BigUint::from_bytes_be(&n),
            BigUint::from_bytes_be(&e),
            8192,
        )
        .map(|k| k.n().bits())
        .map_err(|err| format!("Cryptography layer error: {err}"));
        assert_eq!(ours, theirs, "n = {:02x?}.., e = {e:02x?}", &n[..2]);
    }
}

#[test]
fn a_flipped_bit_in_the_key_fails() {
    let k = key("test-rsa2048");
    let data = b"Subject: hello\r\n";
    let sig = sign(&k, Algorithm::RsaSha256, data);
    let n = k.public.n().to_bytes_be();
    for i in [0, 100, 255] {
        let mut bad = n.clone();
        bad[i] ^= 0x04;
        let dkim = raw_key(&bad, &[1, 0, 1]).unwrap();
        assert!(
            dkim.p
                .verify_bytes(data, &sig, Algorithm::RsaSha256)
                .is_err()
        );
    }
    let dkim = raw_key(&n, &[3]).unwrap();
    assert!(
        dkim.p
            .verify_bytes(data, &sig, Algorithm::RsaSha256)
            .is_err()
    );
    let dkim = raw_key(&n, &[1, 0, 1]).unwrap();
    assert!(
        dkim.p
            .verify_bytes(data, &sig, Algorithm::RsaSha256)
            .is_ok()
    );
}
