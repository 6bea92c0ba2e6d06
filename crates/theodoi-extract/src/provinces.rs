//! Vietnam's provinces and centrally run cities, to spell a province written in capitals, to
//! find the province a text names, and to read it from a provincial portal's address.

use theodoi_core::text::fold;

/// Provinces and cities before and after the 2025 merger (names only; the extractor never
/// assumes which exist on a date).
const PROVINCES: &[&str] = &[
    "An Giang",
    "Bà Rịa - Vũng Tàu",
    "Bạc Liêu",
    "Bắc Giang",
    "Bắc Kạn",
    "Bắc Ninh",
    "Bến Tre",
    "Bình Dương",
    "Bình Định",
    "Bình Phước",
    "Bình Thuận",
    "Cà Mau",
    "Cao Bằng",
    "Cần Thơ",
    "Đà Nẵng",
    "Đắk Lắk",
    "Đắk Nông",
    "Điện Biên",
    "Đồng Nai",
    "Đồng Tháp",
    "Gia Lai",
    "Hà Giang",
    "Hà Nam",
    "Hà Nội",
    "Hà Tĩnh",
    "Hải Dương",
    "Hải Phòng",
    "Hậu Giang",
    "Hòa Bình",
    "Hưng Yên",
    "Khánh Hòa",
    "Kiên Giang",
    "Kon Tum",
    "Lai Châu",
    "Lạng Sơn",
    "Lào Cai",
    "Lâm Đồng",
    "Long An",
    "Nam Định",
    "Nghệ An",
    "Ninh Bình",
    "Ninh Thuận",
    "Phú Thọ",
    "Phú Yên",
    "Quảng Bình",
    "Quảng Nam",
    "Quảng Ngãi",
    "Quảng Ninh",
    "Quảng Trị",
    "Sóc Trăng",
    "Sơn La",
    "Tây Ninh",
    "Thái Bình",
    "Thái Nguyên",
    "Thanh Hóa",
    "Thừa Thiên Huế",
    "Huế",
    "Tiền Giang",
    "Hồ Chí Minh",
    "Trà Vinh",
    "Tuyên Quang",
    "Vĩnh Long",
    "Vĩnh Phúc",
    "Yên Bái",
];

/// Portal names that are not the province's name run together.
const PORTAL_ALIASES: &[(&str, &str)] = &[
    ("brvt", "Bà Rịa - Vũng Tàu"),
    ("baria-vungtau", "Bà Rịa - Vũng Tàu"),
    ("tphcm", "Hồ Chí Minh"),
    ("hochiminhcity", "Hồ Chí Minh"),
    ("thuathienhue", "Thừa Thiên Huế"),
];

/// Letters and digits only, folded: "Bà Rịa-Vũng Tàu" → "bariavungtau".
fn squash(s: &str) -> String {
    fold(s).chars().filter(|c| c.is_alphanumeric()).collect()
}

/// The province written as `name` (any case, tone or spacing), in its usual spelling.
pub(crate) fn canonical(name: &str) -> Option<&'static str> {
    let key = squash(name);
    if key.is_empty() {
        return None;
    }
    PROVINCES.iter().copied().find(|p| squash(p) == key)
}

/// The province a text speaks of most ("tỉnh Kiên Giang", "thành phố Hà Nội").
pub(crate) fn named_in(text: &str) -> Option<&'static str> {
    let f = fold(text);
    let mut best: Option<(&'static str, usize)> = None;
    for p in PROVINCES {
        let fp = fold(p);
        let count = ["tinh ", "thanh pho "]
            .iter()
            .map(|pre| {
                f.matches(&format!("{pre}{fp}")).count()
                    + f.matches(&format!("{pre}{}", fp.replace(" - ", "-")))
                        .count()
            })
            .sum::<usize>();
        if count > 0 && best.is_none_or(|(_, c)| count > c) {
            best = Some((p, count));
        }
    }
    best.map(|(p, _)| p)
}

/// The province of a portal address ("http://www.haugiang.gov.vn/…", "dnls.langson.gov.vn").
pub(crate) fn from_address(source: &str) -> Option<&'static str> {
    let lower = source.to_lowercase();
    let host_end = lower.find(".gov.vn")?;
    let host = &lower[..host_end];
    let label = host.rsplit(['.', '/']).next().unwrap_or(host);
    if let Some((_, p)) = PORTAL_ALIASES.iter().find(|(a, _)| *a == label) {
        return Some(p);
    }
    PROVINCES.iter().copied().find(|p| squash(p) == label)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spelling_text_and_address() {
        assert_eq!(canonical("ĐĂK NÔNG"), Some("Đắk Nông"));
        assert_eq!(canonical("BÀ RỊA-VŨNG TÀU"), Some("Bà Rịa - Vũng Tàu"));
        assert_eq!(
            named_in("phát triển tỉnh Kiên Giang năm 2023; tỉnh Kiên Giang"),
            Some("Kiên Giang")
        );
        assert_eq!(
            from_address("http://dnls.langson.gov.vn/node/125"),
            Some("Lạng Sơn")
        );
        assert_eq!(
            from_address("http://www.haugiang.gov.vn/Portal/x"),
            Some("Hậu Giang")
        );
        assert_eq!(from_address("hocday.com/y-ban"), None);
    }
}
