/*
 * SPDX-FileCopyrightText: 2026 Honmono contributors
 *
 * SPDX-License-Identifier: Apache-2.0 OR MIT
 */

//! The SIMD Montgomery arithmetic against the portable one ([`crate::scalar`], itself checked
//! against the `rsa` crate by tests/rsa_pkcs1.rs), in the same wasm binary, and real signatures.
//! Run in Node with `wasm-bindgen-test-runner` (wasm-bindgen-cli), from the repository root (its
//! `.cargo/config.toml` enables SIMD128; this crate is not a member of the root package's
//! workspace, hence `--manifest-path`): `CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=
//! wasm-bindgen-test-runner cargo test --manifest-path crates/rsa-verify/Cargo.toml
//! --target wasm32-unknown-unknown`.

use wasm_bindgen_test::wasm_bindgen_test;

use crate::scalar::Scalar;
use crate::simd::Simd;
use crate::{
    LIMB_BITS, Montgomery, RsaVerifier, SHIFT_BITS, double, less_than, neg_inverse, pow, shl_mod,
    sub_assign,
};

/// xorshift64*: reproducible inputs without a dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u32 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        (self.0.wrapping_mul(0x2545_f491_4f6c_dd1d) >> 32) as u32
    }

    fn limbs(&mut self, len: usize) -> Vec<u32> {
        (0..len).map(|_| self.next()).collect()
    }
}

/// Odd moduli of `len` limbs: random with the top bit set, random with a small top limb (bit
/// lengths that are not a multiple of 32, like the 1028-bit test key), all ones, `2^(32·len-1)
/// + 1`, and a top limb of 1 over all-ones limbs.
fn moduli(rng: &mut Rng, len: usize) -> Vec<Vec<u32>> {
    let mut out = Vec::new();
    let mut random = rng.limbs(len);
    random[len - 1] |= 1 << 31;
    out.push(random);
    let mut small_top = rng.limbs(len);
    small_top[len - 1] = 1 + rng.next() % 15;
    out.push(small_top);
    out.push(vec![u32::MAX; len]);
    let mut low = vec![0; len];
    low[len - 1] = 1 << 31;
    out.push(low);
    if len > 1 {
        let mut top_one = vec![u32::MAX; len];
        top_one[len - 1] = 1;
        out.push(top_one);
    }
    for n in &mut out {
        n[0] |= 1;
    }
    out
}

/// Numbers below `n`: 0, 1, 2, n - 1, n - 2, all-ones limbs under a smaller top limb, and
/// random ones.
fn inputs(rng: &mut Rng, n: &[u32]) -> Vec<Vec<u32>> {
    let len = n.len();
    let small = |v| {
        let mut x = vec![0; len];
        x[0] = v;
        x
    };
    let mut out = vec![small(0), small(1)];
    if len > 1 || n[0] > 2 {
        out.push(small(2));
    }
    for v in [1, 2] {
        if len > 1 || n[0] > v {
            let mut x = n.to_vec();
            sub_assign(&mut x, &small(v));
            out.push(x);
        }
    }
    if n[len - 1] > 1 {
        let mut ones = vec![u32::MAX; len];
        ones[len - 1] = n[len - 1] - 1;
        out.push(ones);
    }
    for _ in 0..6 {
        let mut x = rng.limbs(len);
        x[len - 1] %= n[len - 1];
        out.push(x);
    }
    for x in &out {
        assert!(less_than(x, n));
    }
    out
}

#[wasm_bindgen_test]
fn simd_matches_scalar() {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    // 1024, 2048, 3072 and 4096 bits, their neighbours, odd counts, and tiny moduli
    for len in [1, 2, 3, 4, 5, 7, 8, 9, 31, 32, 33, 63, 64, 65, 96, 127, 128] {
        for n in moduli(&mut rng, len) {
            let n0_inv = neg_inverse(n[0]);
            let mut scalar = Scalar::new(&n, n0_inv);
            let mut simd = Simd::new(&n, n0_inv);
            let r2 = scalar.r_squared();
            assert_eq!(simd.r_squared(), r2, "R^2, n = {n:x?}");
            // R^2 = 2^(2·32·len) mod n, doubling from 1
            let mut reference = vec![0; len];
            reference[0] = 1;
            for _ in 0..2 * LIMB_BITS * len {
                double(&mut reference, &n);
            }
            assert_eq!(r2, reference, "R^2, n = {n:x?}");
            let xs = inputs(&mut rng, &n);
            // shl_mod's precondition: n has a full limb under its top limb
            if LIMB_BITS * len - (n[len - 1].leading_zeros() as usize) >= 2 * LIMB_BITS {
                for x in &xs {
                    let mut doubled = x.clone();
                    for k in 1..=SHIFT_BITS {
                        double(&mut doubled, &n);
                        assert_eq!(
                            shl_mod(x, &n, k),
                            doubled,
                            "n = {n:x?}, x = {x:x?}, k = {k}"
                        );
                    }
                }
            }
            for x in &xs {
                let square = simd.square(x);
                assert_eq!(square, scalar.square(x), "square, n = {n:x?}, x = {x:x?}");
                assert!(less_than(&square, &n));
                for y in &xs {
                    let product = simd.mul(x, y);
                    assert_eq!(product, scalar.mul(x, y), "n = {n:x?}, {x:x?}·{y:x?}");
                    assert!(less_than(&product, &n));
                }
                // into Montgomery form and out again
                let mut one = vec![0; len];
                one[0] = 1;
                let x_r = simd.mul(x, &r2);
                assert_eq!(simd.mul(&x_r, &one), *x);
            }
            for e in [3, 65537, (1 << 33) - 1] {
                let s = &xs[xs.len() - 1];
                assert_eq!(
                    pow(Simd::new(&n, n0_inv), s, e),
                    pow(Scalar::new(&n, n0_inv), s, e),
                    "n = {n:x?}, s = {s:x?}, e = {e}"
                );
            }
        }
    }
}

/// SHA-256 of `Honmono RSA SIMD test message\n`, the message signed below.
const MESSAGE_SHA256: &str = "7a19d2475b7dafef5bd2ecd07b5095f819e27bc6a5f2d2716f0f30c304502f04";
const SHA256_PREFIX: &[u8] = &[
    0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05,
    0x00, 0x04, 0x20,
];
/// tests/fixtures/keys/test-rsa1024.pem: modulus.
const RSA1024_N: &str = concat!(
    "C125C46FA1484AA9D71259ADE332C7157AEB79A1563E7B10DA7FC0065A2C85269C3781C420271F82D1658F9B",
    "22CC1C4AF22DF3296B69A48BF5B29F8FD653ABAA59E9AF788C97956E15558EDA4FF2BC2EDC5502163AC8B252",
    "CADB73314B5020109F9A876461E93978A5613205C89B1D3B6E1EDFFB8A1F4F4778EC52B5988B21F5",
);
/// Its signature of [`MESSAGE_SHA256`]'s message (`openssl dgst -sha256 -sign`).
const RSA1024_SIG: &str = concat!(
    "698a9a447a1948f446cb00c3e21bee07855bd6d1c2f39b262826edb445c88b5c50871b41b8690535255fc157",
    "a6d99984ea32fa2ceb83f262c6b56b2c77d0d4f96386e40a6fcf872932ee700d7d2724cc9996e49b77354a8f",
    "2b1687b22ba2617a879c18c2333e44212fb770daeedfcc833d16da1416997da281695678940bebd4",
);
/// tests/fixtures/keys/test-rsa2048.pem: modulus.
const RSA2048_N: &str = concat!(
    "DBDEEC1371123342CAE8BBF84EE749577607FAC6728092C86DB33A0B8B3EF4ABBB86BB42DD2E0D1E142C8A45",
    "4A7F25CF0FB966084FB7CEF57C1CBE6CFE4D4D8364237D32140364F1290C011A7277BC018D48BFBABAF1D8A2",
    "03CFB611AA52A26D020220967A4158BAA2DCF11122C7CFB0BE798DB9FE6F6FA4481080B82C8127C7A450E3EE",
    "48362020FC4FECEA3722B160D939E6A44E33E40BA75E7E507B4CA5CF9B43C438160C4FC9507EB17255ACA238",
    "13B0E3CF45F335EE8DA94C729453B682B757A272CC385EA550782EBF887F225F314900465314C7F55F639923",
    "7D00F4AC9537312B2245A824643EED5B4CF78AE78960455BF64402FB919BC53C1167A5E9",
);
/// Its signature of [`MESSAGE_SHA256`]'s message (`openssl dgst -sha256 -sign`).
const RSA2048_SIG: &str = concat!(
    "b72b730f37c7c3cf16cb81f09321552687d5702bfb1fa9044bba484b630bbf27c353f319459cf9ff6964ddca",
    "5767753a45e2a45708944286b9c91cc28528e2d6a7aeb88b8601119f50ba8b9cd273a72576a7648b0b8019c2",
    "7747a5ea52a0ca0a3f59a0e3ceea1772eee097d14bf8eade70530295a1529db8d93c473124cf9351d7aeb6c4",
    "b9f5c3c6f14541f75480995ce7390b06f683c48663181beafd182ea9a440e38a9b1f1e6f62cff35b6988c4f0",
    "6636b2800b115c9dab2a0deddfaf10cfed80d566e295c4c194ce37fadf329b293027101afb17e92dc468d90a",
    "2184c3da329f0b32cc85c99f63bd911bad94b3868164b1100d5a7a05278081938ebd9555",
);
/// tests/fixtures/keys/test-rsa4096.pem: modulus.
const RSA4096_N: &str = concat!(
    "D02780D7F7B58D18EAEF6C1EC7E6D71E4BBD02C6B309880A04F7FD7F792207CCBE116F4F2030F82668335E49",
    "FE03E5C4EDD9E39E66827192EB4DA0C1AF211065BD3308F98FE8F0017E78741D15AEF106546168E32118FE62",
    "C29392232E93C0A46A00800C011EC0029F8355ED8143F96028371451B2774C5A3CCA719111BA17C2217A8878",
    "88BB7BAAB6EC1C9763E028CB27AE12E48639A45F783CC0A2562E677AEDECE2EEDF5152EFAB5D46280548385F",
    "2D4B6C3201E35B7265876EE2776E5B49C2C887F28FE3553C32988668686BF7214C25F652C60BD2CB2F51C7D2",
    "47932E1073ADD4FE09604E8EA29682E3BE19FA0217EE99C033CA2EB64315FACBA75B2EDC7032C05DEBB3267D",
    "819FC1BFD84C556F28F3A4C2FF91FE9B403AC4B26744593BA1AC5CB47868D93E0DE450AEE7B2310D31ACAF89",
    "FF25C5094CE5BD8CDDBE0984850BAA6CEFE352175C6E2B658C1427514CBCB6EE11ABFD2DBE75A10E1BF8F212",
    "1231BBAA54DA61C4EB37E835CB9F277247915BF6D454DC7BBFC11379F3BDC1CA1577C651556456A11FA9BD32",
    "D839337B81E7EEAD62A9B72916E15090371E0B9F3C641EE2811546CF1F4219EC4104389A962B10C2475A6DCA",
    "645D434970CE89BC0F399A511DE5E6667B2C8CBC39E3544C362FDD42721937157D9EA7824D307DE27946F603",
    "C907A1A967B346A74174D9575D9EE2E2CBB6343E1F25FBF95A6C1F7F",
);
/// Its signature of [`MESSAGE_SHA256`]'s message (`openssl dgst -sha256 -sign`).
const RSA4096_SIG: &str = concat!(
    "01b236f5d050f42aa1352c0c93697b6277e2721caf5897e831756c2eb1bf3d64705ab106798139ba9cd5e83b",
    "89632f3375c55d30bd16583199f688d82d71ab11b8ce50c1103084223bf8cd535ee106fdb80f75e8c8017c3f",
    "cb573873f3b14a03252336aa4045677df978613f57e3e28004eceafa97ce0ef2b05fb03162ea7f8b00c6d6c4",
    "174d4f6b2a30314084a012349a9d164e4ee0454f3d7a444d1cc2d7863cfd1588c116119942b575da62af059a",
    "eed3f834dbfa46f5052b19502944dcfcfbe4b740b8d5f705ed33415f8763ed9819e1ff114c8810e6606e2155",
    "826459b90bc56ccead4db78faae7318f55409bc0d38ec9a3f8fdadc55a1f230a23d9b6b7ba6167c71b335fd8",
    "f9c66b322f7131f3f3962fa5892128d6091abb481deeeebc8821515f94c560cf9c73e7b4fe00c2227b609b52",
    "b8f885cbeb85223b4f3a63ff729b2c3f8ab19f3a2d2a40a454cde9862127e5f69c41212ee3831e42c03b9104",
    "9a7c6c01ad93fc6754f10028506543f6a1fd2632be97d58e4e0b18c879f3ad158cf911b440269ada7668bde2",
    "76164feb97f2405e8ab859d45a1169117f0f084343589294fe2c4dd07a97acd67e2fc3a07c1ebd2d9c1a6ec1",
    "bfc3ac120aef2736d7f9d076a0e5409775ece62cd3f217211690dab85791125fc92ad95b509cede5e4ac83f0",
    "621cd68557aaa9c12f6e5244c87e4d218019afcfbc07b6f724f30be2",
);
/// tests/fixtures/keys/test-rsa1028-e3.pem: modulus.
const RSA1028_E3_N: &str = concat!(
    "0CFC08BDEC58275F4263346514528A2DCA08C9A58B056433DBFA320E71F4C93B80019FCB9E6A63D8A2666E6D",
    "A9C8D7A099817BEBD18406361D29BF938877F58ED8FA28A172A0B9AD4471953E66F1CD7354D784928747BD52",
    "223C772C8C88AF9D9AF4895DEC5B8135E052FE62353E11BBC5B7D70E7A302DE67EBD79D03D8D7785C1",
);
/// Its signature of [`MESSAGE_SHA256`]'s message (`openssl dgst -sha256 -sign`).
const RSA1028_E3_SIG: &str = concat!(
    "06d42612af41d4bc61fcd9f31766ff411d3ca98b5f12b624202488fcc44d3896642d0963d15acc71d4b26339",
    "6259f6e48136928bf9fa44dc9ae7b68ab9e390a482b2662199ff409e4ac805e071caee2e42bc8217f6167f72",
    "3ecb703525bfdfd60682ca02350e72ee42c96f54208e33d597afa60efed8b5a93308902866ceb4eddc",
);

fn hex(s: &str) -> Vec<u8> {
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
        .collect()
}

#[wasm_bindgen_test]
fn real_signatures() {
    let digest = hex(MESSAGE_SHA256);
    for (n, e, sig) in [
        (RSA1024_N, &[1, 0, 1][..], RSA1024_SIG),
        (RSA2048_N, &[1, 0, 1], RSA2048_SIG),
        (RSA4096_N, &[1, 0, 1], RSA4096_SIG),
        (RSA1028_E3_N, &[3], RSA1028_E3_SIG),
    ] {
        let key = RsaVerifier::new(&hex(n), e, 4096).unwrap();
        let mut sig = hex(sig);
        assert!(
            key.verify_pkcs1v15(SHA256_PREFIX, &digest, &sig),
            "{}",
            key.bits()
        );
        let s = crate::limbs_from_be(&sig, key.n.len());
        assert_eq!(
            key.pow_e(&s),
            pow(Scalar::new(&key.n, key.n0_inv), &s, key.e)
        );
        let mut wrong_digest = digest.clone();
        wrong_digest[31] ^= 1;
        assert!(!key.verify_pkcs1v15(SHA256_PREFIX, &wrong_digest, &sig));
        sig[7] ^= 0x10;
        assert!(!key.verify_pkcs1v15(SHA256_PREFIX, &digest, &sig));
    }
}
