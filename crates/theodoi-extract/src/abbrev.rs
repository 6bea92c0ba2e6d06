//! Abbreviations of unit names, expanded so that a resolver can match "Sở KH&ĐT" with the unit
//! "Sở Kế hoạch và Đầu tư". The lead of a task stays as written; only matching uses this.

use unicode_normalization::UnicodeNormalization;

/// Abbreviations that mean the same wherever they stand (shared with search).
const ANYWHERE: &[(&str, &str)] = theodoi_core::text::UNIT_ABBREVIATIONS;

/// Abbreviations that need "Sở" before them ("Sở TC", "Sở XD"), being ambiguous elsewhere.
const AFTER_SO: &[(&str, &str)] = &[
    ("TC", "Tài chính"),
    ("XD", "Xây dựng"),
    ("CT", "Công Thương"),
    ("YT", "Y tế"),
    ("NV", "Nội vụ"),
    ("TP", "Tư pháp"),
    ("NG", "Ngoại vụ"),
    ("NN", "Nông nghiệp và Phát triển nông thôn"),
];

/// Expands the abbreviations of a unit name: "Sở KH&ĐT" → "Sở Kế hoạch và Đầu tư",
/// "UBND tỉnh" → "Ủy ban nhân dân tỉnh", "Ban QLDA ĐTXD" → "Ban Quản lý dự án đầu tư xây dựng".
pub fn expand_abbreviations(name: &str) -> String {
    let name: String = name.nfc().collect();
    let mut out: Vec<String> = Vec::new();
    let mut prev_is_so = false;
    for word in name.split_whitespace() {
        let core = word.trim_end_matches([',', ';', ':', ')']);
        let tail = &word[core.len()..];
        let (open, core) = match core.strip_prefix('(') {
            Some(c) => ("(", c),
            None => ("", core),
        };
        let found = ANYWHERE
            .iter()
            .find(|(a, _)| *a == core)
            .or_else(|| {
                prev_is_so
                    .then(|| AFTER_SO.iter().find(|(a, _)| *a == core))
                    .flatten()
            })
            .map(|(_, full)| *full);
        let lower = core.to_lowercase();
        prev_is_so = lower == "sở";
        out.push(match found {
            Some(full) => format!("{open}{full}{tail}"),
            None => word.to_owned(),
        });
    }
    out.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expands_common_unit_abbreviations() {
        assert_eq!(expand_abbreviations("Sở KH&ĐT"), "Sở Kế hoạch và Đầu tư");
        assert_eq!(expand_abbreviations("UBND tỉnh"), "Ủy ban nhân dân tỉnh");
        assert_eq!(
            expand_abbreviations("Sở LĐ-TB&XH"),
            "Sở Lao động - Thương binh và Xã hội"
        );
        assert_eq!(expand_abbreviations("Sở TC"), "Sở Tài chính");
        assert_eq!(
            expand_abbreviations("Ban QLDA ĐTXD"),
            "Ban Quản lý dự án đầu tư xây dựng"
        );
        assert_eq!(
            expand_abbreviations("Sở VH,TT&DL"),
            "Sở Văn hóa, Thể thao và Du lịch"
        );
        assert_eq!(
            expand_abbreviations("Thường trực HĐND tỉnh"),
            "Thường trực Hội đồng nhân dân tỉnh"
        );
        assert_eq!(expand_abbreviations("Sở Tài chính"), "Sở Tài chính");
    }
}
