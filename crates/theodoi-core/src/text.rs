//! Folding Vietnamese text for matching: NFC/NFD, case, diacritics, tone placement, đ → d.

use unicode_normalization::UnicodeNormalization;

/// Folds text for comparison and search: lower case, no diacritics, `đ` → `d`,
/// runs of whitespace collapsed to one space, trimmed.
pub fn fold(input: &str) -> String {
    let mut out = String::with_capacity(input.len());
    let mut pending_space = false;
    for c in input.nfd() {
        if unicode_normalization::char::is_combining_mark(c) {
            continue;
        }
        let c = match c {
            'đ' | 'Đ' => 'd',
            c => c,
        };
        if c.is_whitespace() {
            pending_space = !out.is_empty();
            continue;
        }
        if pending_space {
            out.push(' ');
            pending_space = false;
        }
        out.extend(c.to_lowercase());
    }
    out
}

/// Normalises text for display and storage: NFC, trimmed, inner whitespace collapsed.
pub fn clean(input: &str) -> String {
    let nfc: String = input.nfc().collect();
    nfc.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fold_handles_d_tones_and_nfd() {
        assert_eq!(fold("Đồng Tháp"), "dong thap");
        assert_eq!(fold("Thủy lợi"), fold("Thuỷ lợi"));
        assert_eq!(fold("Hòa"), fold("Hoà"));
        let nfd: String = "Kế hoạch".nfd().collect();
        assert_eq!(fold(&nfd), "ke hoach");
        assert_eq!(fold("  Sở   KH&ĐT "), "so kh&dt");
    }
}
