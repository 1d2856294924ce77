/*
 * SPDX-FileCopyrightText: 2020 Stalwart Labs LLC <hello@stalw.art>
 *
 * SPDX-License-Identifier: Apache-2.0 OR MIT
 */

#[cfg(feature = "full_encoding")]
use encoding_rs::*;

/// wasm32 without encoding_rs: the host's WHATWG TextDecoder (same Encoding Standard), with
/// encoding_rs's BOM sniffing (a UTF-8/UTF-16 BOM overrides the label).
#[cfg(all(target_arch = "wasm32", not(feature = "full_encoding")))]
mod js {
    use wasm_bindgen::prelude::*;
    #[wasm_bindgen]
    extern "C" {
        type TextDecoder;
        #[wasm_bindgen(constructor, catch)]
        fn new(label: &str) -> Result<TextDecoder, JsValue>;
        #[wasm_bindgen(method, catch)]
        fn decode(this: &TextDecoder, input: &[u8]) -> Result<String, JsValue>;
    }
    pub(crate) fn decode(label: &str, bytes: &[u8]) -> String {
        let (label, bytes) = match bytes {
            [0xEF, 0xBB, 0xBF, rest @ ..] => ("utf-8", rest),
            [0xFE, 0xFF, rest @ ..] => ("utf-16be", rest),
            [0xFF, 0xFE, rest @ ..] => ("utf-16le", rest),
            _ => (label, bytes),
        };
        // One decoder per label for the whole session: constructing a TextDecoder is a call into
        // JS that cost more than many of the decodes (a few % of a whole check). decode() without
        // {stream: true} keeps no state between calls, so reuse is safe. Labels come from this
        // crate's fixed list, so the cache stays a handful of entries.
        thread_local! {
            static DECODERS: std::cell::RefCell<Vec<(String, TextDecoder)>> =
                const { std::cell::RefCell::new(Vec::new()) };
        }
        let lossy = || String::from_utf8_lossy(bytes).into_owned();
        DECODERS.with(|cache| {
            let mut cache = cache.borrow_mut();
            let i = match cache.iter().position(|(l, _)| l == label) {
                Some(i) => i,
                None => match TextDecoder::new(label) {
                    Ok(d) => {
                        cache.push((label.to_string(), d));
                        cache.len() - 1
                    }
                    Err(_) => return lossy(),
                },
            };
            cache[i].1.decode(bytes).unwrap_or_else(|_| lossy())
        })
    }
}

#[cfg(feature = "full_encoding")]
fn multi_byte_decoder(mut decoder: Decoder, bytes: &[u8]) -> String {
    let mut result = String::with_capacity(bytes.len() * 4);

    if let (CoderResult::OutputFull, _, _) = decoder.decode_to_string(bytes, &mut result, true) {
        debug_assert!(false, "String full while decoding.")
    }

    result.shrink_to_fit();
    result
}

#[inline(always)]
pub(crate) fn decoder_shift_jis(bytes: &[u8]) -> String {
    #[cfg(feature = "full_encoding")]
    {
        multi_byte_decoder(SHIFT_JIS.new_decoder(), bytes)
    }

    #[cfg(all(target_arch = "wasm32", not(feature = "full_encoding")))]
    {
        js::decode("shift_jis", bytes)
    }

    #[cfg(all(not(target_arch = "wasm32"), not(feature = "full_encoding")))]
    {
        String::from_utf8_lossy(bytes).into_owned()
    }
}

#[inline(always)]
pub(crate) fn decoder_big5(bytes: &[u8]) -> String {
    #[cfg(feature = "full_encoding")]
    {
        multi_byte_decoder(BIG5.new_decoder(), bytes)
    }

    #[cfg(all(target_arch = "wasm32", not(feature = "full_encoding")))]
    {
        js::decode("big5", bytes)
    }

    #[cfg(all(not(target_arch = "wasm32"), not(feature = "full_encoding")))]
    {
        String::from_utf8_lossy(bytes).into_owned()
    }
}

#[inline(always)]
pub(crate) fn decoder_euc_jp(bytes: &[u8]) -> String {
    #[cfg(feature = "full_encoding")]
    {
        multi_byte_decoder(EUC_JP.new_decoder(), bytes)
    }

    #[cfg(all(target_arch = "wasm32", not(feature = "full_encoding")))]
    {
        js::decode("euc-jp", bytes)
    }

    #[cfg(all(not(target_arch = "wasm32"), not(feature = "full_encoding")))]
    {
        String::from_utf8_lossy(bytes).into_owned()
    }
}

#[inline(always)]
pub(crate) fn decoder_euc_kr(bytes: &[u8]) -> String {
    #[cfg(feature = "full_encoding")]
    {
        multi_byte_decoder(EUC_KR.new_decoder(), bytes)
    }

    #[cfg(all(target_arch = "wasm32", not(feature = "full_encoding")))]
    {
        js::decode("euc-kr", bytes)
    }

    #[cfg(all(not(target_arch = "wasm32"), not(feature = "full_encoding")))]
    {
        String::from_utf8_lossy(bytes).into_owned()
    }
}

#[inline(always)]
pub(crate) fn decoder_gb18030(bytes: &[u8]) -> String {
    #[cfg(feature = "full_encoding")]
    {
        multi_byte_decoder(GB18030.new_decoder(), bytes)
    }

    #[cfg(all(target_arch = "wasm32", not(feature = "full_encoding")))]
    {
        js::decode("gb18030", bytes)
    }

    #[cfg(all(not(target_arch = "wasm32"), not(feature = "full_encoding")))]
    {
        String::from_utf8_lossy(bytes).into_owned()
    }
}

#[inline(always)]
pub(crate) fn decoder_gbk(bytes: &[u8]) -> String {
    #[cfg(feature = "full_encoding")]
    {
        multi_byte_decoder(GBK.new_decoder(), bytes)
    }

    #[cfg(all(target_arch = "wasm32", not(feature = "full_encoding")))]
    {
        js::decode("gbk", bytes)
    }

    #[cfg(all(not(target_arch = "wasm32"), not(feature = "full_encoding")))]
    {
        String::from_utf8_lossy(bytes).into_owned()
    }
}

#[inline(always)]
pub(crate) fn decoder_iso2022_jp(bytes: &[u8]) -> String {
    #[cfg(feature = "full_encoding")]
    {
        multi_byte_decoder(ISO_2022_JP.new_decoder(), bytes)
    }

    #[cfg(all(target_arch = "wasm32", not(feature = "full_encoding")))]
    {
        js::decode("iso-2022-jp", bytes)
    }

    #[cfg(all(not(target_arch = "wasm32"), not(feature = "full_encoding")))]
    {
        String::from_utf8_lossy(bytes).into_owned()
    }
}

#[inline(always)]
pub(crate) fn decoder_windows874(bytes: &[u8]) -> String {
    #[cfg(feature = "full_encoding")]
    {
        multi_byte_decoder(WINDOWS_874.new_decoder(), bytes)
    }

    #[cfg(all(target_arch = "wasm32", not(feature = "full_encoding")))]
    {
        js::decode("windows-874", bytes)
    }

    #[cfg(all(not(target_arch = "wasm32"), not(feature = "full_encoding")))]
    {
        String::from_utf8_lossy(bytes).into_owned()
    }
}

#[inline(always)]
pub(crate) fn decoder_ibm866(bytes: &[u8]) -> String {
    #[cfg(feature = "full_encoding")]
    {
        multi_byte_decoder(IBM866.new_decoder(), bytes)
    }

    #[cfg(all(target_arch = "wasm32", not(feature = "full_encoding")))]
    {
        js::decode("ibm866", bytes)
    }

    #[cfg(all(not(target_arch = "wasm32"), not(feature = "full_encoding")))]
    {
        String::from_utf8_lossy(bytes).into_owned()
    }
}

#[inline(always)]
pub(crate) fn decoder_x_mac_cyrillic(bytes: &[u8]) -> String {
    #[cfg(feature = "full_encoding")]
    {
        multi_byte_decoder(X_MAC_CYRILLIC.new_decoder(), bytes)
    }

    #[cfg(all(target_arch = "wasm32", not(feature = "full_encoding")))]
    {
        js::decode("x-mac-cyrillic", bytes)
    }

    #[cfg(all(not(target_arch = "wasm32"), not(feature = "full_encoding")))]
    {
        String::from_utf8_lossy(bytes).into_owned()
    }
}

#[inline(always)]
pub(crate) fn decoder_x_user_defined(bytes: &[u8]) -> String {
    #[cfg(feature = "full_encoding")]
    {
        multi_byte_decoder(X_USER_DEFINED.new_decoder(), bytes)
    }

    #[cfg(not(feature = "full_encoding"))]
    {
        String::from_utf8_lossy(bytes).into_owned()
    }
}

#[inline(always)]
pub(crate) fn decoder_replacement(bytes: &[u8]) -> String {
    #[cfg(feature = "full_encoding")]
    {
        multi_byte_decoder(REPLACEMENT.new_decoder(), bytes)
    }

    #[cfg(not(feature = "full_encoding"))]
    {
        String::from_utf8_lossy(bytes).into_owned()
    }
}
