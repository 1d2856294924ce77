//! HTML, read as data (never rendered): the text a reader sees, the anchors with their text and
//! images, the `<base href>`. Shared by brand detection, link analysis and content checks.
//!
//! PLACEHOLDER implementation (naive tag stripping); the links work replaces it with a proper
//! scanner. Keep the signatures.

/// One `<a>` (or `<area>`) element.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Anchor {
    /// The href attribute as written (entities decoded).
    pub href: String,
    /// Visible text inside the anchor, white space collapsed.
    pub text: String,
    /// alt texts of images inside the anchor.
    pub img_alts: Vec<String>,
}

/// Visible text of an HTML document: no tags, comments, scripts, styles or hidden elements;
/// entities decoded; white space collapsed.
pub fn visible_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len() / 2);
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                out.push(' ');
            }
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// All anchors in document order.
pub fn anchors(_html: &str) -> Vec<Anchor> {
    Vec::new()
}

/// alt texts of all images (logos often carry the brand name only there).
pub fn img_alts(_html: &str) -> Vec<String> {
    Vec::new()
}

/// The document's `<base href>`, if any (relative links resolve against it).
pub fn base_href(_html: &str) -> Option<String> {
    None
}
