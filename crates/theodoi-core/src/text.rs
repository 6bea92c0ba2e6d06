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

/// Abbreviations of unit names that mean the same wherever they stand: used to match
/// units (the extractor) and to make "UBND" find "Ủy ban nhân dân" (search).
pub const UNIT_ABBREVIATIONS: &[(&str, &str)] = &[
    ("UBND", "Ủy ban nhân dân"),
    ("HĐND", "Hội đồng nhân dân"),
    ("UBMTTQ", "Ủy ban Mặt trận Tổ quốc"),
    ("MTTQ", "Mặt trận Tổ quốc"),
    ("MTTQVN", "Mặt trận Tổ quốc Việt Nam"),
    ("KH&ĐT", "Kế hoạch và Đầu tư"),
    ("KHĐT", "Kế hoạch và Đầu tư"),
    ("KH-ĐT", "Kế hoạch và Đầu tư"),
    ("TN&MT", "Tài nguyên và Môi trường"),
    ("TNMT", "Tài nguyên và Môi trường"),
    ("TN-MT", "Tài nguyên và Môi trường"),
    ("LĐ-TB&XH", "Lao động - Thương binh và Xã hội"),
    ("LĐTB&XH", "Lao động - Thương binh và Xã hội"),
    ("LĐTBXH", "Lao động - Thương binh và Xã hội"),
    ("LĐ-TBXH", "Lao động - Thương binh và Xã hội"),
    ("NN&PTNT", "Nông nghiệp và Phát triển nông thôn"),
    ("NNPTNT", "Nông nghiệp và Phát triển nông thôn"),
    ("NN-PTNT", "Nông nghiệp và Phát triển nông thôn"),
    ("NN&MT", "Nông nghiệp và Môi trường"),
    ("GTVT", "Giao thông vận tải"),
    ("GD&ĐT", "Giáo dục và Đào tạo"),
    ("GDĐT", "Giáo dục và Đào tạo"),
    ("GD-ĐT", "Giáo dục và Đào tạo"),
    ("TT&TT", "Thông tin và Truyền thông"),
    ("TTTT", "Thông tin và Truyền thông"),
    ("TT-TT", "Thông tin và Truyền thông"),
    ("KH&CN", "Khoa học và Công nghệ"),
    ("KHCN", "Khoa học và Công nghệ"),
    ("VH,TT&DL", "Văn hóa, Thể thao và Du lịch"),
    ("VHTT&DL", "Văn hóa, Thể thao và Du lịch"),
    ("VH-TT&DL", "Văn hóa, Thể thao và Du lịch"),
    ("VHTTDL", "Văn hóa, Thể thao và Du lịch"),
    ("VH&TT", "Văn hóa và Thể thao"),
    ("DT&TG", "Dân tộc và Tôn giáo"),
    ("QLDA", "Quản lý dự án"),
    ("ĐTXD", "đầu tư xây dựng"),
    ("PCTT&TKCN", "Phòng chống thiên tai và Tìm kiếm cứu nạn"),
    ("BCH", "Ban Chỉ huy"),
    ("BCĐ", "Ban Chỉ đạo"),
    ("CHQS", "Chỉ huy Quân sự"),
    ("BCHQS", "Bộ Chỉ huy Quân sự"),
    ("BĐBP", "Bộ đội Biên phòng"),
    ("BCHBĐBP", "Bộ Chỉ huy Bộ đội Biên phòng"),
    ("KBNN", "Kho bạc Nhà nước"),
    ("NHNN", "Ngân hàng Nhà nước"),
    ("BHXH", "Bảo hiểm xã hội"),
    ("ĐBQH", "Đại biểu Quốc hội"),
    ("KCN", "Khu công nghiệp"),
    ("KKT", "Khu kinh tế"),
    ("QLTT", "Quản lý thị trường"),
    ("ATGT", "An toàn giao thông"),
    ("PT-TH", "Phát thanh - Truyền hình"),
    ("PTTH", "Phát thanh - Truyền hình"),
    ("LĐLĐ", "Liên đoàn Lao động"),
    ("TAND", "Tòa án nhân dân"),
    ("VKSND", "Viện Kiểm sát nhân dân"),
    ("CATP", "Công an thành phố"),
    ("TP.", "thành phố"),
    ("TX.", "thị xã"),
    ("VP.", "Văn phòng"),
    ("TT.", "Thường trực"),
];

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
