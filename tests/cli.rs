//! The `honmono check` command line: its flags, JSON Lines fields, errors and exit status are a
//! contract other tools rely on.

use std::io::Write;
use std::process::{Command, Stdio};

fn honmono() -> Command {
    Command::new(env!("CARGO_BIN_EXE_honmono"))
}

const SPOOF: &str = "Received: from mail.evil.example (mail.evil.example [203.0.113.9])\r\n by mx.google.com with ESMTPS id x1; Mon, 06 Nov 2023 10:00:00 +0000\r\nAuthentication-Results: mx.google.com;\r\n dkim=none; spf=fail smtp.mailfrom=evil.example; dmarc=fail (p=QUARANTINE sp=QUARANTINE dis=QUARANTINE) header.from=amazon.co.jp\r\nFrom: \"Amazon.co.jp\" <account-update@amazon.co.jp>\r\nTo: user@example.com\r\nSubject: Update your payment\r\nDate: Mon, 06 Nov 2023 10:00:00 +0000\r\nMessage-ID: <1@evil.example>\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<p>Update your payment: <a href=\"https://amazon-co-jp.acount-secure.top/login\">https://www.amazon.co.jp/</a></p>\r\n";

fn tmpfile(name: &str, content: &[u8]) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("honmono-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join(name);
    std::fs::write(&p, content).unwrap();
    p
}

fn json_lines(out: &[u8]) -> Vec<serde_json::Value> {
    String::from_utf8_lossy(out)
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is one JSON object"))
        .collect()
}

#[test]
fn json_lines_carry_the_contract_fields() {
    let p = tmpfile("spoof.eml", SPOOF.as_bytes());
    let out = honmono()
        .args(["check", "--json", "--offline"])
        .arg(&p)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let v = &json_lines(&out.stdout)[0];
    assert_eq!(v["file"], p.to_str().unwrap());
    assert_eq!(v["verdict"], "dangerous");
    assert!(v["score"].as_u64().unwrap() >= 80);
    assert_eq!(v["brand"], "amazon");
    assert_eq!(v["sender"]["address"], "account-update@amazon.co.jp");
    assert_eq!(v["sender"]["domain"], "amazon.co.jp");
    assert!(v["sender"]["authenticated"].is_array());
    assert!(v["sender"].get("display_name").is_some());
    let f = &v["findings"][0];
    for k in ["id", "severity", "evidence"] {
        assert!(f.get(k).is_some(), "finding lacks {k}");
    }
    assert!(f["message"]["en"].is_string() && f["message"]["ja"].is_string());
    let link = &v["links"][0];
    assert_eq!(link["text"], "https://www.amazon.co.jp/");
    assert_eq!(link["href"], "https://amazon-co-jp.acount-secure.top/login");
    assert!(link["target"].is_string() && link["findings"].is_array());
    assert_eq!(v["hops"][0]["by"], "mx.google.com");
}

#[test]
fn unreadable_and_non_message_inputs_get_an_error_object_and_exit_2() {
    let good = tmpfile("good.eml", SPOOF.as_bytes());
    let empty = tmpfile("empty.eml", b"");
    let binary = tmpfile(
        "binary.bin",
        &[0u8, 1, 2, 3, 0, 0, 0, 255, 254, 0].repeat(50),
    );
    let out = honmono()
        .args(["check", "--json", "--offline"])
        .arg(&empty)
        .arg("/nonexistent/honmono.eml")
        .arg(&binary)
        .arg(&good)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let lines = json_lines(&out.stdout);
    assert_eq!(lines.len(), 4, "the run goes on after errors");
    assert!(lines[0]["error"].as_str().unwrap().contains("empty"));
    assert!(lines[1]["error"].as_str().unwrap().contains("cannot read"));
    assert!(lines[2]["error"].as_str().unwrap().contains("binary"));
    assert_eq!(lines[3]["verdict"], "dangerous", "order of inputs is kept");
}

#[test]
fn stdin_is_read_with_dash_and_human_output_has_the_verdict() {
    let mut child = honmono()
        .args(["check", "--offline", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(SPOOF.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.starts_with("-: DANGEROUS"), "{text}");
    assert!(!text.contains("\x1b["), "no colour when not a terminal");
}

#[test]
fn bad_flags_are_usage_errors() {
    let out = honmono()
        .args(["check", "--now", "soon", "x.eml"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(64));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--now"));
    let out = honmono().args(["frobnicate"]).output().unwrap();
    assert_eq!(out.status.code(), Some(64));
}

#[test]
fn dns_file_answers_are_used_and_reported() {
    let raw = "DKIM-Signature: v=1; a=rsa-sha256; d=example.com; s=sel; c=relaxed/relaxed; h=from:subject; bh=47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=; b=AAAA\r\nFrom: a@example.com\r\nSubject: x\r\n\r\n";
    let p = tmpfile("signed.eml", raw.as_bytes());
    let dns = tmpfile(
        "dns.tsv",
        b"sel._domainkey.example.com\tv=DKIM1; k=rsa; p=\n",
    );
    let out = honmono()
        .args(["check", "--json", "--offline", "--dns"])
        .arg(&dns)
        .arg(&p)
        .output()
        .unwrap();
    let v = &json_lines(&out.stdout)[0];
    let wanted: Vec<&str> = v["dns"]["wanted"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_str().unwrap())
        .collect();
    assert!(wanted.contains(&"sel._domainkey.example.com"), "{wanted:?}");
    let missing: Vec<&str> = v["dns"]["missing"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_str().unwrap())
        .collect();
    assert!(
        !missing.contains(&"sel._domainkey.example.com"),
        "answered by the file: {missing:?}"
    );
    assert_eq!(v["dns"]["enabled"], false);
    assert_ne!(
        v["verdict"], "genuine",
        "a signature that cannot verify proves nothing"
    );
}

#[test]
fn the_human_output_speaks_the_users_language() {
    let p = tmpfile("spoof-lang.eml", SPOOF.as_bytes());
    let run = |args: &[&str], lang_env: &str| {
        let out = honmono()
            .args(args)
            .arg(&p)
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            .env("LANG", lang_env)
            .output()
            .unwrap();
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stdout).to_string(),
        )
    };
    // Japanese: the verdict word (from the extension's _locales), labels and finding texts.
    let (code, ja) = run(&["check", "--offline", "--lang", "ja"], "C");
    assert_eq!(code, Some(0));
    assert!(ja.contains(": 危険 (リスク "), "{ja}");
    assert!(ja.contains("差出人 account-update@amazon.co.jp"), "{ja}");
    assert!(ja.contains("証拠: "), "{ja}");
    assert!(!ja.contains("DANGEROUS"), "{ja}");
    // The default follows the locale; --lang overrides it.
    let (_, from_locale) = run(&["check", "--offline"], "ja_JP.UTF-8");
    assert!(from_locale.contains("危険"), "{from_locale}");
    let (_, en) = run(&["check", "--offline", "--lang", "en"], "ja_JP.UTF-8");
    assert!(en.contains("DANGEROUS (risk "), "{en}");
    assert!(en.contains("evidence: "), "{en}");
    // An unknown language is a usage error.
    let (code, _) = run(&["check", "--offline", "--lang", "fr"], "C");
    assert_eq!(code, Some(64));
}

#[test]
fn repeated_findings_are_one_line_with_a_count() {
    // Three links to the same look-alike host: one finding, counted, in JSON and text.
    let three = SPOOF.replace(
        "</p>",
        "<a href=\"https://amazon-co-jp.acount-secure.top/a\">https://www.amazon.co.jp/</a> <a href=\"https://amazon-co-jp.acount-secure.top/b\">https://www.amazon.co.jp/</a></p>",
    );
    let p = tmpfile("spoof-three.eml", three.as_bytes());
    let out = honmono()
        .args(["check", "--json", "--offline"])
        .arg(&p)
        .output()
        .unwrap();
    let v = &json_lines(&out.stdout)[0];
    let findings = v["findings"].as_array().unwrap();
    let deceptive: Vec<_> = findings
        .iter()
        .filter(|f| f["id"] == "link.deceptive_text")
        .collect();
    assert_eq!(deceptive.len(), 1, "{findings:#?}");
    assert_eq!(deceptive[0]["count"], 3);
    assert_eq!(
        v["links"].as_array().unwrap().len(),
        3,
        "each link is still listed"
    );
    let out = honmono()
        .args(["check", "--offline", "--lang", "en"])
        .arg(&p)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(text.matches("link.deceptive_text").count(), 1, "{text}");
    assert!(text.contains("(×3)"), "{text}");
}

/// A genuine message as Gmail delivered it: its results prove the sender only when the file is
/// declared to come from the provider (`--from-provider`); offline and without it, unverified.
#[test]
fn from_provider_lets_the_provider_s_results_prove_the_sender() {
    let raw = "Received: by 2002:a05:7108:3d0e::1 with SMTP id x1; Tue, 14 Oct 2025 02:13:21 -0700\r\n\
Received: from mail-a.bank.example (mail-a.bank.example. [192.0.2.10]) by mx.google.com with ESMTPS id a1; Tue, 14 Oct 2025 02:13:20 -0700\r\n\
Authentication-Results: mx.google.com; spf=pass smtp.mailfrom=news@bank.example; dmarc=pass (p=REJECT) header.from=bank.example\r\n\
From: Example Bank <news@bank.example>\r\nTo: you@example.org\r\nSubject: Statement\r\nList-Unsubscribe: <https://bank.example/u>\r\nContent-Type: text/plain\r\n\r\nYour statement is ready.\r\n";
    let p = tmpfile("gmail-genuine.eml", raw.as_bytes());
    let run = |extra: &[&str]| {
        let out = honmono()
            .args(["check", "--json", "--offline"])
            .args(extra)
            .arg(&p)
            .output()
            .unwrap();
        json_lines(&out.stdout).remove(0)
    };
    let v = run(&[]);
    assert_eq!(v["verdict"], "unverified");
    assert_eq!(v["auth"]["from_proof"], "unconfirmed_results");
    let v = run(&["--from-provider"]);
    assert_eq!(v["verdict"], "genuine", "{v}");
    assert_eq!(v["auth"]["from_proof"], "receiving_provider");
}
