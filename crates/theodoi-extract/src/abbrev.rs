//! Abbreviations of unit names, expanded so that a resolver can match "Sở KH&ĐT" with the unit
//! "Sở Kế hoạch và Đầu tư". The lead of a task stays as written; only matching uses this.

use unicode_normalization::UnicodeNormalization;

/// Abbreviations that mean the same wherever they stand.
const ANYWHERE: &[(&str, &str)] = &[
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
