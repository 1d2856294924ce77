//! Builds tests/fixtures/forwarding/amazon-notice-via-google-group.eml: an Amazon.co.jp notice
//! sent to a Google Group and delivered by the group to a Gmail user, with real signatures made
//! with the TEST-ONLY keys in tests/fixtures/keys/ (their public halves are published under the
//! real names in tests/fixtures/forwarding/dns.tsv, as for the story fixtures).
//!
//! ```text
//! cargo run --example arc_fixture -- tests/fixtures/forwarding/amazon-notice-via-google-group.eml
//! ```
//!
//! The steps are those Google Groups takes (see tests/fixtures/forwarding/README.md for the
//! public messages they are copied from):
//! 1. Amazon sends the notice, DKIM-signed `d=amazon.co.jp`, to the group's address;
//! 2. the group's receiving server (`gmr-mx.google.com`) authenticates it and seals ARC set
//!    i=1 (`d=google.com`) recording `dkim=pass`, `spf=pass`, `dmarc=pass header.from=amazon.co.jp`;
//! 3. the group rewrites From to `"'Amazon.co.jp' via Family Orders" <family-orders@googlegroups.com>`,
//!    keeps the author in `X-Original-From` and `Reply-To`, adds list headers and a footer
//!    (breaking Amazon's body hash), signs `d=googlegroups.com`, and seals ARC set i=2;
//! 4. Gmail receives it (`mx.google.com`) and writes its Authentication-Results with `arc=pass`.
//!
//! ARC sets are written here by hand (mail-auth's sealer takes results only from its own
//! verifier): relaxed canonicalization (RFC 6376 §3.4.2, 3.4.4) and RSA-SHA256 from mail-auth.

use std::process::ExitCode;
use std::time::{SystemTime, UNIX_EPOCH};

use mail_auth::common::crypto::{RsaKey, Sha256, SigningKey};
use mail_auth::common::headers::HeaderWriter;
use mail_auth::dkim::DkimSigner;
use rustls_pki_types::PrivateKeyDer;
use rustls_pki_types::pem::PemObject;

const KEYS: &str = "tests/fixtures/keys";

fn key(file: &str) -> Result<RsaKey<Sha256>, String> {
    let pem = std::fs::read(format!("{KEYS}/{file}")).map_err(|e| format!("{file}: {e}"))?;
    let der = PrivateKeyDer::from_pem_slice(&pem).map_err(|e| format!("{file}: {e}"))?;
    RsaKey::<Sha256>::from_key_der(der).map_err(|e| e.to_string())
}

fn b64(data: &[u8]) -> String {
    const A: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut s = String::new();
    for c in data.chunks(3) {
        let n = (u32::from(c[0]) << 16)
            | (u32::from(*c.get(1).unwrap_or(&0)) << 8)
            | u32::from(*c.get(2).unwrap_or(&0));
        for i in 0..4 {
            s.push(if i <= c.len() {
                A[(n >> (18 - 6 * i)) as usize & 63] as char
            } else {
                '='
            });
        }
    }
    s
}

/// Fold a long base64 value the way Gmail does (continuation lines of 70 characters).
fn fold(b: &str) -> String {
    let mut out = String::new();
    for (i, chunk) in b.as_bytes().chunks(70).enumerate() {
        if i > 0 {
            out.push_str("\r\n         ");
        }
        out.push_str(std::str::from_utf8(chunk).unwrap());
    }
    out
}

/// Relaxed header canonicalization: `name:value` (no CRLF).
fn relaxed_header(name: &str, value: &str) -> String {
    let unfolded = value.replace("\r\n", "");
    let mut v = String::new();
    let mut space = false;
    for ch in unfolded.chars() {
        if ch == ' ' || ch == '\t' {
            space = true;
        } else {
            if space && !v.is_empty() {
                v.push(' ');
            }
            space = false;
            v.push(ch);
        }
    }
    format!("{}:{}", name.to_ascii_lowercase(), v)
}

/// Relaxed body canonicalization.
fn relaxed_body(body: &str) -> String {
    let mut lines: Vec<String> = body
        .split("\r\n")
        .map(|l| {
            let mut out = String::new();
            let mut space = false;
            for ch in l.chars() {
                if ch == ' ' || ch == '\t' {
                    space = true;
                } else {
                    if space {
                        out.push(' ');
                    }
                    space = false;
                    out.push(ch);
                }
            }
            out
        })
        .collect();
    while lines.last().is_some_and(|l| l.is_empty()) {
        lines.pop();
    }
    lines.iter().map(|l| format!("{l}\r\n")).collect()
}

/// A message as (name, value) headers and a body (CRLF line ends).
struct Msg {
    headers: Vec<(String, String)>,
    body: String,
}

impl Msg {
    fn parse(text: &str) -> Msg {
        let (head, body) = text.split_once("\r\n\r\n").unwrap();
        let mut headers: Vec<(String, String)> = Vec::new();
        for line in head.split("\r\n") {
            if line.starts_with([' ', '\t']) {
                let last = headers.last_mut().unwrap();
                last.1.push_str("\r\n");
                last.1.push_str(line);
            } else {
                let (n, v) = line.split_once(':').unwrap();
                headers.push((n.to_string(), v.strip_prefix(' ').unwrap_or(v).to_string()));
            }
        }
        Msg {
            headers,
            body: body.to_string(),
        }
    }

    fn text(&self) -> String {
        let mut s = String::new();
        for (n, v) in &self.headers {
            s.push_str(&format!("{n}: {v}\r\n"));
        }
        s.push_str("\r\n");
        s.push_str(&self.body);
        s
    }

    fn prepend(&mut self, name: &str, value: &str) {
        self.headers
            .insert(0, (name.to_string(), value.to_string()));
    }

    /// The value of the last (bottom-most) header `name`: one instance of each is signed here.
    fn get(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .rev()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// Seal ARC set `i` over `msg` and prepend it (AS, AMS, AAR from top to bottom, as Gmail writes
/// them). `aar` is the results text after `i=N; `.
fn seal(msg: &mut Msg, k: &RsaKey<Sha256>, i: u32, t: u64, signed: &[&str], aar: &str) {
    let (d, s) = ("google.com", "arc-20240605");
    let aar_value = format!("i={i}; {aar}");
    let bh = b64(k.hash(relaxed_body(&msg.body).as_bytes()).as_ref());
    let h = signed.join(":");
    let ams_unsigned = format!(
        "i={i}; a=rsa-sha256; c=relaxed/relaxed; d={d}; s={s}; t={t};\r\n        h={h};\r\n        bh={bh};\r\n        b="
    );
    let mut data = String::new();
    for name in signed {
        let v = msg.get(name).unwrap_or_else(|| panic!("no {name} header"));
        data.push_str(&relaxed_header(name, v));
        data.push_str("\r\n");
    }
    data.push_str(&relaxed_header("ARC-Message-Signature", &ams_unsigned));
    let ams_value = format!(
        "{ams_unsigned}{}",
        fold(&b64(&k.sign(data.as_bytes()).unwrap()))
    );

    // The seal signs every earlier set (AAR, AMS, AS in instance order), then this one.
    let cv = if i == 1 { "none" } else { "pass" };
    let as_unsigned =
        format!("i={i}; a=rsa-sha256; t={t}; cv={cv};\r\n        d={d}; s={s};\r\n        b=");
    let mut sets: Vec<(String, String, String)> = Vec::new();
    for j in 1..i {
        let find = |name: &str| {
            msg.headers
                .iter()
                .find(|(n, v)| n.eq_ignore_ascii_case(name) && v.starts_with(&format!("i={j};")))
                .map(|(_, v)| v.clone())
                .unwrap()
        };
        sets.push((
            find("ARC-Authentication-Results"),
            find("ARC-Message-Signature"),
            find("ARC-Seal"),
        ));
    }
    let mut data = String::new();
    for (aar_j, ams_j, as_j) in &sets {
        data.push_str(&relaxed_header("ARC-Authentication-Results", aar_j));
        data.push_str("\r\n");
        data.push_str(&relaxed_header("ARC-Message-Signature", ams_j));
        data.push_str("\r\n");
        data.push_str(&relaxed_header("ARC-Seal", as_j));
        data.push_str("\r\n");
    }
    data.push_str(&relaxed_header("ARC-Authentication-Results", &aar_value));
    data.push_str("\r\n");
    data.push_str(&relaxed_header("ARC-Message-Signature", &ams_value));
    data.push_str("\r\n");
    data.push_str(&relaxed_header("ARC-Seal", &as_unsigned));
    let as_value = format!(
        "{as_unsigned}{}",
        fold(&b64(&k.sign(data.as_bytes()).unwrap()))
    );
    msg.prepend("ARC-Authentication-Results", &aar_value);
    msg.prepend("ARC-Message-Signature", &ams_value);
    msg.prepend("ARC-Seal", &as_value);
}

fn dkim(msg: &Msg, k: RsaKey<Sha256>, d: &str, s: &str, headers: &[&str]) -> String {
    DkimSigner::from_key(k)
        .domain(d)
        .selector(s)
        .headers(headers.iter().copied())
        .sign(msg.text().as_bytes())
        .unwrap()
        .to_header()
}

fn b_prefix(header: &str) -> String {
    let unfolded: String = header.split_whitespace().collect();
    unfolded
        .split(';')
        .find_map(|t| t.strip_prefix("b="))
        .map(|b| b.chars().take(8).collect())
        .unwrap_or_default()
}

/// RFC 5322 date (UTC).
fn date(secs: u64) -> String {
    let days = (secs / 86_400) as i64;
    let rem = secs % 86_400;
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let mo = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(mo <= 2);
    let wd = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"][days.rem_euclid(7) as usize];
    let mon = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ][(mo - 1) as usize];
    format!(
        "{wd}, {d} {mon} {y} {:02}:{:02}:{:02} +0000",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

fn run() -> Result<(), String> {
    let out = std::env::args()
        .nth(1)
        .ok_or("usage: arc_fixture OUT.eml")?;
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_err(|e| e.to_string())?
        .as_secs();

    // 1. Amazon's notice to the group's address.
    let sent = format!(
        "From: Amazon.co.jp <store-news@amazon.co.jp>\r\n\
To: family-orders@googlegroups.com\r\n\
Subject: =?UTF-8?B?44GU5rOo5paH44Gu5ZWG5ZOB44KS55m66YCB44GX44G+44GX44Gf?=\r\n\
Date: {}\r\n\
Message-ID: <0100019a-shipment-20251114@email.amazon.co.jp>\r\n\
MIME-Version: 1.0\r\n\
Content-Type: text/plain; charset=UTF-8\r\n\
Content-Transfer-Encoding: 8bit\r\n\
\r\n\
Amazon.co.jp をご利用いただき、ありがとうございます。\r\n\
ご注文の商品を発送しました。お届け予定日は 11月16日（日）です。\r\n\
\r\n\
配送状況は、Amazon.co.jp の「注文履歴」からご確認いただけます。\r\n\
https://www.amazon.co.jp/gp/css/order-history\r\n\
\r\n\
Amazon.co.jp\r\n",
        date(now - 6)
    );
    let mut msg = Msg::parse(&sent);
    let amazon = dkim(
        &msg,
        key("test-rsa2048.pem")?,
        "amazon.co.jp",
        "hmtest2048",
        &[
            "From",
            "To",
            "Subject",
            "Date",
            "Message-ID",
            "MIME-Version",
            "Content-Type",
        ],
    );
    let amazon_b = b_prefix(&amazon);
    let (n, v) = amazon.trim_end().split_once(": ").unwrap();
    msg.headers.insert(0, (n.to_string(), v.to_string()));
    msg.prepend(
        "Received",
        &format!("from a48-97.smtp-out.amazonses.com (a48-97.smtp-out.amazonses.com. [54.240.48.97])\r\n        by gmr-mx.google.com with ESMTPS id 5b1f17b1804b1-4779a1c2e3dsi12345f9.1.2025.11.14.00.00.00\r\n        for <family-orders@googlegroups.com>\r\n        (version=TLS1_3 cipher=TLS_AES_128_GCM_SHA256 bits=128/128);\r\n        {}", date(now - 5)),
    );
    msg.headers.insert(
        1,
        (
            "Received-SPF".into(),
            "pass (google.com: domain of 0101019a-bounce@email.amazon.co.jp designates 54.240.48.97 as permitted sender) client-ip=54.240.48.97;".into(),
        ),
    );

    // 2. The group's receiving server seals what it found.
    let results = format!(
        "gmr-mx.google.com;\r\n       dkim=pass header.i=@amazon.co.jp header.s=hmtest2048 header.b={amazon_b};\r\n       spf=pass (google.com: domain of 0101019a-bounce@email.amazon.co.jp designates 54.240.48.97 as permitted sender) smtp.mailfrom=0101019a-bounce@email.amazon.co.jp;\r\n       dmarc=pass (p=QUARANTINE sp=QUARANTINE dis=NONE) header.from=amazon.co.jp"
    );
    let google = key("test-rsa4096.pem")?;
    seal(
        &mut msg,
        &google,
        1,
        now - 5,
        &[
            "from",
            "to",
            "subject",
            "date",
            "message-id",
            "mime-version",
            "content-type",
            "dkim-signature",
        ],
        &results,
    );
    msg.prepend(
        "Received",
        &format!("by 2002:a05:6820:5181:b0:615:eae6:7d9c with SMTP id 006d021491bc7-618fa26e096ls777286eaf.2.-pod-prod-04-us;\r\n {}", date(now - 5)),
    );

    // 3. The group rewrites From, adds its headers and footer, signs, and seals again.
    for (name, value) in msg.headers.iter_mut() {
        if name.eq_ignore_ascii_case("from") {
            *value = "\"'Amazon.co.jp' via Family Orders\" <family-orders@googlegroups.com>".into();
        }
    }
    for (n, v) in [
        ("X-Original-Sender", "store-news@amazon.co.jp".to_string()),
        ("X-Original-Authentication-Results", results.replace("\r\n       ", "       ")),
        ("X-Original-From", "Amazon.co.jp <store-news@amazon.co.jp>".into()),
        ("Reply-To", "Amazon.co.jp <store-news@amazon.co.jp>".into()),
        ("Precedence", "list".into()),
        ("Mailing-list", "list family-orders@googlegroups.com; contact family-orders+owners@googlegroups.com".into()),
        ("List-ID", "<family-orders.googlegroups.com>".into()),
        ("X-Spam-Checked-In-Group", "family-orders@googlegroups.com".into()),
        ("X-Google-Group-Id", "482915537260".into()),
        ("List-Post", "<https://groups.google.com/group/family-orders/post>, <mailto:family-orders@googlegroups.com>".into()),
        ("List-Help", "<https://groups.google.com/support/>, <mailto:family-orders+help@googlegroups.com>".into()),
        ("List-Archive", "<https://groups.google.com/group/family-orders".into()),
        ("List-Subscribe", "<https://groups.google.com/group/family-orders/subscribe>, <mailto:family-orders+subscribe@googlegroups.com>".into()),
        ("List-Unsubscribe", "<mailto:googlegroups-manage+482915537260+unsubscribe@googlegroups.com>,\r\n <https://groups.google.com/group/family-orders/subscribe>".into()),
    ] {
        msg.headers.push((n.to_string(), v));
    }
    msg.body.push_str("\r\n-- \r\nYou received this message because you are subscribed to the Google Groups \"Family Orders\" group.\r\nTo unsubscribe from this group and stop receiving emails from it, send an email to family-orders+unsubscribe@googlegroups.com.\r\nTo view this discussion visit https://groups.google.com/d/msgid/family-orders/0100019a-shipment-20251114%40email.amazon.co.jp.\r\n");
    let groups = dkim(
        &msg,
        key("test-rsa2048.pem")?,
        "googlegroups.com",
        "20230601",
        &[
            "List-Unsubscribe",
            "List-Subscribe",
            "List-Archive",
            "List-Help",
            "List-Post",
            "List-ID",
            "Mailing-list",
            "Precedence",
            "Reply-To",
            "X-Original-Authentication-Results",
            "X-Original-Sender",
            "To",
            "From",
            "Subject",
            "Message-ID",
            "MIME-Version",
            "Date",
        ],
    );
    let groups_b = b_prefix(&groups);
    let (n, v) = groups.trim_end().split_once(": ").unwrap();
    msg.headers.insert(0, (n.to_string(), v.to_string()));
    seal(
        &mut msg,
        &google,
        2,
        now - 4,
        &[
            "list-unsubscribe",
            "list-subscribe",
            "list-archive",
            "list-help",
            "list-post",
            "list-id",
            "mailing-list",
            "precedence",
            "reply-to",
            "to",
            "from",
            "subject",
            "message-id",
            "mime-version",
            "date",
            "dkim-signature",
        ],
        &results,
    );
    msg.prepend(
        "Received",
        &format!("by mail-ot1-x33a.google.com with SMTP id 46e09a7af769-73c88fe25a6sf3031003a34.3\r\n        for <hanako.family@gmail.com>; {}", date(now - 4)),
    );

    // 4. Gmail receives it.
    msg.prepend(
        "Authentication-Results",
        &format!("mx.google.com;\r\n       dkim=pass header.i=@googlegroups.com header.s=20230601 header.b={groups_b};\r\n       arc=pass (i=2 spf=pass spfdomain=email.amazon.co.jp dkim=pass dkdomain=amazon.co.jp dmarc=pass fromdomain=amazon.co.jp);\r\n       spf=pass (google.com: domain of family-orders+bncBDQ67ZGAXYCBB6OFUTCAMGQETZDYGIA@googlegroups.com designates 2607:f8b0:4864:20::33a as permitted sender) smtp.mailfrom=family-orders+bncBDQ67ZGAXYCBB6OFUTCAMGQETZDYGIA@googlegroups.com;\r\n       dmarc=pass (p=NONE sp=NONE dis=NONE) header.from=googlegroups.com"),
    );
    msg.prepend(
        "Received-SPF",
        "pass (google.com: domain of family-orders+bncBDQ67ZGAXYCBB6OFUTCAMGQETZDYGIA@googlegroups.com designates 2607:f8b0:4864:20::33a as permitted sender) client-ip=2607:f8b0:4864:20::33a;",
    );
    msg.prepend(
        "Received",
        &format!("from mail-ot1-x33a.google.com (mail-ot1-x33a.google.com. [2607:f8b0:4864:20::33a])\r\n        by mx.google.com with SMTPS id 006d021491bc7-6195d2a25a5si542177eaf.5.2025.11.14.00.00.00\r\n        for <hanako.family@gmail.com>\r\n        (Google Transport Security);\r\n        {}", date(now - 3)),
    );
    msg.prepend(
        "Return-Path",
        "<family-orders+bncBDQ67ZGAXYCBB6OFUTCAMGQETZDYGIA@googlegroups.com>",
    );
    msg.prepend(
        "Received",
        &format!(
            "by 2002:a05:7108:3d0e:b0:3c6:2a4d:1e1b with SMTP id x14csp123456gdf;\r\n        {}",
            date(now - 3)
        ),
    );
    msg.prepend("Delivered-To", "hanako.family@gmail.com");

    std::fs::write(&out, msg.text()).map_err(|e| format!("{out}: {e}"))?;
    println!("wrote {out} (delivered at {})", now - 3);
    Ok(())
}

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("arc_fixture: {e}");
            ExitCode::FAILURE
        }
    }
}
