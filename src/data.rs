//! The JSON data files (data/*.json, data/findings/*.json), checked and packed at build time by
//! `build.rs`: one string per table, so the binary carries neither the JSON text nor a JSON
//! parser, and no table of per-string pointers (which compresses badly in the wasm).
//!
//! A table is a sequence of records, each ended by U+001E; fields are separated by U+001F; a
//! list field is a sequence of items, each ended by U+001D (an optional field is a list of at
//! most one item). The field order of each table is documented in build.rs.

include!(concat!(env!("OUT_DIR"), "/data.rs"));

/// The records of a table.
pub(crate) fn records(table: &'static str) -> impl Iterator<Item = Fields> {
    table
        .split_terminator('\u{1e}')
        .map(|r| Fields(r.split('\u{1f}')))
}

/// The single record of a one-record table, as a list.
pub(crate) fn list(table: &'static str) -> impl Iterator<Item = &'static str> {
    split_list(table.strip_suffix('\u{1e}').unwrap_or(table))
}

fn split_list(field: &'static str) -> impl Iterator<Item = &'static str> {
    field.split_terminator('\u{1d}')
}

/// The fields of one record, read in order.
pub(crate) struct Fields(std::str::Split<'static, char>);

impl Fields {
    pub(crate) fn text(&mut self) -> &'static str {
        self.0.next().unwrap_or("")
    }

    pub(crate) fn list(&mut self) -> impl Iterator<Item = &'static str> + use<> {
        split_list(self.text())
    }

    pub(crate) fn owned_list(&mut self) -> Vec<String> {
        self.list().map(str::to_string).collect()
    }

    pub(crate) fn opt(&mut self) -> Option<&'static str> {
        self.list().next()
    }
}
