//! Risky attachments: executables and scripts, HTML/SVG (credential forms, HTML smuggling),
//! archives and disk images, macro documents, double extensions and right-to-left overrides.

use crate::findings::{Finding, Severity};
use crate::model::Attachment;

use super::normalize::is_bidi_control;

const EXECUTABLE: &[&str] = &[
    "exe",
    "scr",
    "com",
    "bat",
    "cmd",
    "ps1",
    "psm1",
    "vbs",
    "vbe",
    "js",
    "jse",
    "wsf",
    "wsh",
    "hta",
    "msi",
    "msp",
    "lnk",
    "jar",
    "pif",
    "cpl",
    "reg",
    "chm",
    "xll",
    "dll",
    "appx",
    "msix",
    "appinstaller",
    "application",
    "url",
    "scf",
    "inf",
    "sct",
    "iqy",
    "slk",
    "apk",
    "dmg",
    "pkg",
    "sh",
    "py",
];
const HTML: &[&str] = &[
    "html", "htm", "shtml", "xhtml", "svg", "svgz", "mht", "mhtml", "xht",
];
const MACRO: &[&str] = &[
    "docm", "dotm", "xlsm", "xltm", "xlam", "xlsb", "pptm", "potm", "ppam", "sldm", "one", "onepkg",
];
const ARCHIVE: &[&str] = &[
    "zip", "rar", "7z", "gz", "tgz", "bz2", "xz", "tar", "cab", "ace", "arj", "lzh", "z", "uue",
    "iso", "img", "vhd", "vhdx",
];
/// Extensions that make a file look harmless when they come before the real one.
const DECOY: &[&str] = &[
    "pdf", "doc", "docx", "xls", "xlsx", "ppt", "pptx", "txt", "rtf", "csv", "jpg", "jpeg", "png",
    "gif", "bmp", "tif", "tiff", "mp3", "mp4", "wav", "mov", "avi", "odt", "ods", "html", "htm",
    "eml", "msg", "xml", "json",
];

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Executable,
    Html,
    Macro,
    Archive,
}

fn kind_of(ext: &str) -> Option<Kind> {
    if EXECUTABLE.contains(&ext) {
        Some(Kind::Executable)
    } else if HTML.contains(&ext) {
        Some(Kind::Html)
    } else if MACRO.contains(&ext) {
        Some(Kind::Macro)
    } else if ARCHIVE.contains(&ext) {
        Some(Kind::Archive)
    } else {
        None
    }
}

/// Name with invisible controls made visible (`<U+202E>`), for evidence.
pub fn visible_controls(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if super::normalize::is_invisible(c) || is_bidi_control(c) {
            out.push_str(&format!("<U+{:04X}>", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}

/// The content type alone, when the name says nothing.
fn kind_of_type(ct: &str) -> Option<Kind> {
    match ct {
        "text/html" | "application/xhtml+xml" | "image/svg+xml" => Some(Kind::Html),
        "application/x-msdownload"
        | "application/x-msdos-program"
        | "application/x-ms-shortcut"
        | "application/hta"
        | "application/x-javascript"
        | "application/javascript"
        | "text/javascript"
        | "application/java-archive"
        | "application/x-msi"
        | "text/vbscript" => Some(Kind::Executable),
        "application/zip"
        | "application/x-zip-compressed"
        | "application/x-rar-compressed"
        | "application/vnd.rar"
        | "application/x-7z-compressed"
        | "application/x-iso9660-image"
        | "application/gzip" => Some(Kind::Archive),
        "application/vnd.ms-word.document.macroenabled.12"
        | "application/vnd.ms-excel.sheet.macroenabled.12"
        | "application/vnd.ms-powerpoint.presentation.macroenabled.12" => Some(Kind::Macro),
        _ => None,
    }
}

/// A compressed report rather than a container: gzip holds exactly one file, so `x.xml.gz` is
/// XML data; DMARC aggregate reports (RFC 7489 §7.2.1.1) and SMTP TLS reports (RFC 8460 §5.3)
/// are named `receiver!policy-domain!begin!end[!id].ext` and typed `application/tlsrpt+gzip`.
/// None of these can carry a program.
fn is_report(name: &str, content_type: &str) -> bool {
    if content_type.starts_with("application/tlsrpt") {
        return true;
    }
    let data_in_gzip = ["xml.gz", "json.gz", "csv.gz", "txt.gz"]
        .iter()
        .any(|e| name.ends_with(&format!(".{e}")));
    let fields: Vec<&str> = name.split('!').collect();
    let report_name = (fields.len() == 4 || fields.len() == 5)
        && fields[1].contains('.')
        && !fields[2].is_empty()
        && fields[2].bytes().all(|b| b.is_ascii_digit())
        && fields[3]
            .split('.')
            .next()
            .is_some_and(|t| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit()))
        && (name.ends_with(".zip") || name.ends_with(".gz"));
    data_in_gzip || report_name
}

/// Findings for the attachments. `trusted`: the sender is proven to be who it claims to be.
pub fn check(attachments: &[Attachment], trusted: bool) -> Vec<Finding> {
    let mut out = Vec::new();
    for a in attachments.iter().take(50) {
        let raw_name = a.name.as_deref().unwrap_or("");
        let shown = visible_controls(raw_name);
        if raw_name.chars().any(is_bidi_control) {
            out.push(Finding::new(
                "content.attachment_rtlo",
                format!("attachment: {shown}"),
                &[("name", &shown)],
            ));
            continue;
        }
        // Windows ignores trailing dots and spaces: "invoice.exe. " runs as invoice.exe.
        let name = raw_name
            .chars()
            .filter(|c| !super::normalize::is_invisible(*c))
            .collect::<String>()
            .to_lowercase();
        let name = name.trim_end_matches(['.', ' ', '\t']);
        let mut parts = name.rsplit('.').map(str::trim);
        let last = if name.contains('.') {
            parts.next()
        } else {
            None
        };
        let before = if name.contains('.') {
            parts.next()
        } else {
            None
        };
        let kind = last
            .and_then(kind_of)
            .or_else(|| kind_of_type(&a.content_type));
        let Some(kind) = kind else { continue };
        if kind == Kind::Archive && is_report(name, &a.content_type) {
            continue;
        }
        let ext = last.unwrap_or(a.content_type.as_str());
        let evidence = format!("attachment: {shown} ({})", a.content_type);
        let args = [("name", shown.as_str()), ("ext", ext)];
        // "invoice.pdf.exe", "scan.jpg.html": a harmless-looking extension before the real one.
        // ("photo.jpg.zip" is what archivers make: not a disguise.)
        let double = kind != Kind::Archive
            && last.is_some_and(|l| kind_of(l).is_some())
            && before
                .is_some_and(|b| DECOY.contains(&b) && !(HTML.contains(&b) && kind == Kind::Html));
        if double {
            let f = Finding::new("content.attachment_double_extension", &evidence, &args);
            out.push(if kind == Kind::Executable {
                f
            } else {
                f.with_severity(Severity::High)
            });
            continue;
        }
        let f = match kind {
            Kind::Executable => Finding::new("content.attachment_executable", &evidence, &args),
            Kind::Html => Finding::new("content.attachment_html", &evidence, &args),
            Kind::Macro => Finding::new("content.attachment_macro", &evidence, &args),
            Kind::Archive => {
                let f = Finding::new("content.attachment_archive", &evidence, &args);
                if trusted {
                    f.with_severity(Severity::Low)
                } else {
                    f
                }
            }
        };
        out.push(f);
    }
    out
}
