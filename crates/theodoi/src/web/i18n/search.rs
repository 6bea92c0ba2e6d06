//! Texts of the search box and the search page.

/// (key, Vietnamese, English)
pub const CATALOGUE: &[(&str, &str, &str)] = &[
    ("nav.search", "Tìm kiếm", "Search"),
    ("search.title", "Tìm kiếm", "Search"),
    ("search.query", "Từ khóa", "Words"),
    ("search.submit", "Tìm", "Search"),
    (
        "search.placeholder",
        "Tìm văn bản, nhiệm vụ, đơn vị…",
        "Find documents, tasks, units…",
    ),
    (
        "search.hint",
        "Gõ có dấu hoặc không dấu đều được (\"ke hoach dau tu\"), một phần số ký hiệu (\"271/UBND\"), tên viết tắt (\"Sở KH&ĐT\"); đặt cụm từ trong ngoặc kép để giữ đúng thứ tự.",
        "Type with or without diacritics (\"ke hoach dau tu\"), part of a document number (\"271/UBND\"), an abbreviation (\"Sở KH&ĐT\"); put a phrase in quotes to keep its order.",
    ),
    ("search.kinds", "Loại kết quả", "Kinds of results"),
    ("search.kind.all", "Tất cả", "All"),
    ("search.kind.unit", "Đơn vị", "Units"),
    ("search.kind.document", "Văn bản", "Documents"),
    ("search.kind.task", "Nhiệm vụ", "Tasks"),
    (
        "search.empty",
        "Hãy nhập từ cần tìm: một vài chữ của nội dung, số ký hiệu văn bản hoặc tên đơn vị.",
        "Type what to look for: a few words of the content, a document number or a unit's name.",
    ),
    (
        "search.too_short",
        "Từ cần tìm quá ngắn: hãy nhập ít nhất 2 chữ cái hoặc chữ số.",
        "Too short: type at least 2 letters or digits.",
    ),
    (
        "search.none",
        "Không tìm thấy kết quả nào mà bạn được xem. Hãy thử ít từ hơn hoặc từ khác.",
        "Nothing found that you may open. Try fewer or other words.",
    ),
    ("search.none_of_kind", "Không có kết quả.", "No results."),
    ("search.more_than", "hơn", "more than"),
    ("search.showing", "đang xem", "showing"),
    (
        "search.capped",
        "Có quá nhiều kết quả; chỉ xét những bản ghi mới nhất. Hãy thêm từ để thu hẹp.",
        "Too many results; only the newest records are considered. Add words to narrow the search.",
    ),
    ("search.all_of_kind", "Xem tất cả", "See all"),
];
