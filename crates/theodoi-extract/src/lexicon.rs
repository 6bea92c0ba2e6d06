//! The words the extractor knows: unit heads, leader titles, localities, action verbs and the
//! connectives of Vietnamese administrative writing (Nghị định 30/2020/NĐ-CP forms).

use std::sync::LazyLock;

use crate::phrases::{Compare, PhraseSet};

/// What a unit head word can start.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Head {
    /// People's Committee or Council: takes a locality ("UBND tỉnh", "HĐND các huyện").
    Council,
    /// Needs a name or locality after it ("Sở Tài chính", "Công an tỉnh").
    Named,
    /// A unit on its own ("Tỉnh ủy").
    Whole,
}

/// How a leader title is removed from the unit it heads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Title {
    /// "Giám đốc Sở Y tế" → "Sở Y tế".
    Strip,
    /// "Chánh Văn phòng …" → "Văn phòng …": only the first word goes.
    StripFirst,
    /// "Trưởng ban Dân tộc" → "Ban Dân tộc".
    AsBan,
}

/// What a word of the verb lexicon does at the head of a predicate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Verb {
    /// An action: the unit before it is the lead.
    Action,
    /// Passes the assignment on to the units after it ("yêu cầu", "đề nghị", "chỉ đạo").
    Request,
    /// Gives a task to the units after it while the speaker stays the subject ("giao").
    Assign,
    /// Reports, approvals and narration: not a task ("có ý kiến", "thống nhất", "đã").
    NotTask,
}

pub(crate) struct Lexicon {
    pub heads: PhraseSet<Head>,
    pub generic: PhraseSet<()>,
    pub titles: PhraseSet<Title>,
    pub localities: PhraseSet<()>,
    pub units: PhraseSet<bool>,
    pub verbs: PhraseSet<Verb>,
    pub intros: PhraseSet<()>,
    pub dependent: PhraseSet<()>,
    pub approvals: PhraseSet<()>,
    pub plural: PhraseSet<()>,
}

pub(crate) static LEXICON: LazyLock<Lexicon> = LazyLock::new(|| Lexicon {
    heads: PhraseSet::new(
        Compare::Key,
        HEADS
            .iter()
            .copied()
            .chain(NAMED_HEADS.iter().map(|w| (*w, Head::Named))),
    ),
    generic: PhraseSet::new(Compare::Key, GENERIC.iter().map(|w| (*w, ()))),
    titles: PhraseSet::new(Compare::Key, TITLES.iter().copied()),
    localities: PhraseSet::new(Compare::Key, LOCALITIES.iter().map(|w| (*w, ()))),
    units: PhraseSet::new(Compare::Folded, UNIT_NAMES.iter().copied()),
    verbs: PhraseSet::new(
        Compare::Key,
        ACTIONS
            .iter()
            .map(|w| (*w, Verb::Action))
            .chain(REQUESTS.iter().map(|w| (*w, Verb::Request)))
            .chain(ASSIGNS.iter().map(|w| (*w, Verb::Assign)))
            .chain(NOT_TASKS.iter().map(|w| (*w, Verb::NotTask))),
    ),
    intros: PhraseSet::new(Compare::Key, INTROS.iter().map(|w| (*w, ()))),
    dependent: PhraseSet::new(Compare::Key, DEPENDENT.iter().map(|w| (*w, ()))),
    approvals: PhraseSet::new(Compare::Key, APPROVALS.iter().map(|w| (*w, ()))),
    plural: PhraseSet::new(Compare::Key, PLURAL.iter().map(|w| (*w, ()))),
});

const HEADS: &[(&str, Head)] = &[
    ("Ủy ban nhân dân", Head::Council),
    ("UBND", Head::Council),
    ("Hội đồng nhân dân", Head::Council),
    ("HĐND", Head::Council),
    ("Tỉnh ủy", Head::Whole),
    ("Tỉnh đoàn", Head::Whole),
    ("Thành ủy", Head::Whole),
    ("Thành đoàn", Head::Whole),
    ("Huyện ủy", Head::Whole),
    ("Huyện đoàn", Head::Whole),
    ("Thị ủy", Head::Whole),
];

/// Heads that need a name after them; also the first words of [`UNIT_NAMES`].
const NAMED_HEADS: &[&str] = &[
    "Sở", "Ban", "Chi cục", "Cục", "Tổng cục", "Trung tâm", "Văn phòng", "Ủy ban", "Công an",
    "Bộ Chỉ huy", "Ban Chỉ huy", "Ban Chỉ đạo", "Ban Quản lý", "Đài", "Báo", "Trường", "Viện",
    "Bệnh viện", "Kho bạc", "Ngân hàng", "Tòa án", "Thanh tra", "Liên minh", "Liên đoàn", "Hội",
    "Đoàn", "Tổ", "Công ty", "Tổng công ty", "Bảo hiểm xã hội", "Phòng", "Đội", "Hạt",
    "Vườn quốc gia", "Mặt trận", "Quỹ", "Bộ", "Thường trực", "Đảng ủy", "Bưu điện", "Chi nhánh",
    "Hội đồng", "Điện lực", "Cảng vụ", "Đại học", "Học viện", "Bộ đội", "Cảnh sát", "đại biểu",
    "Ủy ban Mặt trận", "Văn phòng Đoàn", "Bộ Chỉ huy Quân sự", "Chi cục Kiểm lâm",
];

/// Words that name a kind of unit in a group ("các sở, ban, ngành", "các cơ quan, đơn vị").
const GENERIC: &[&str] = &[
    "sở", "ban", "ngành", "cơ quan", "đơn vị", "địa phương", "huyện", "thị xã", "thành phố",
    "quận", "xã", "phường", "thị trấn", "chủ đầu tư", "đoàn thể", "tổ chức đoàn thể",
    "hội đoàn thể", "phòng", "ban ngành", "sở ngành", "lực lượng", "lực lượng chức năng",
    "trường", "bệnh viện", "trung tâm", "chi cục", "cục", "cấp ủy",
    "chính quyền", "chính quyền địa phương", "mặt trận", "tổ chức chính trị - xã hội",
    "Ban Quản lý dự án", "Ban QLDA", "cơ quan chuyên môn", "đơn vị sự nghiệp",
];

const TITLES: &[(&str, Title)] = &[
    ("Giám đốc", Title::Strip),
    ("Phó Giám đốc", Title::Strip),
    ("Tổng Giám đốc", Title::Strip),
    ("Chủ tịch", Title::Strip),
    ("Phó Chủ tịch", Title::Strip),
    ("Thủ trưởng", Title::Strip),
    ("Chi cục trưởng", Title::Strip),
    ("Phó Chi cục trưởng", Title::Strip),
    ("Cục trưởng", Title::Strip),
    ("Phó Cục trưởng", Title::Strip),
    ("Trưởng ban", Title::AsBan),
    ("Phó Trưởng ban", Title::AsBan),
    ("Chánh", Title::StripFirst),
    ("Chánh án", Title::Strip),
    ("Viện trưởng", Title::Strip),
    ("Hiệu trưởng", Title::Strip),
    ("Chỉ huy trưởng", Title::Strip),
    ("Lãnh đạo", Title::Strip),
    ("Người đứng đầu", Title::Strip),
    ("Bí thư", Title::Strip),
    ("Tư lệnh", Title::Strip),
    ("Trưởng", Title::Strip),
];

/// Words that continue a unit name with its place or scope.
const LOCALITIES: &[&str] = &[
    "tỉnh", "thành phố", "huyện", "thị xã", "quận", "xã", "phường", "thị trấn", "cấp tỉnh",
    "cấp huyện", "cấp xã", "cấp cơ sở", "các cấp", "trực thuộc", "trực thuộc tỉnh", "các huyện",
    "các xã", "các địa phương", "các thành phố", "các thị xã", "các quận", "có liên quan",
    "liên quan", "nhân dân", "các sở", "cấp", "địa phương", "trên địa bàn", "trên địa bàn tỉnh",
    "chuyên ngành", "thuộc tỉnh", "cùng cấp",
];

const PLURAL: &[&str] = &["các", "những", "mọi", "toàn thể"];

/// Standard names of provincial agencies and bodies, matched without diacritics; `true` marks
/// a class name that stays a group ("Ban Quản lý dự án" without a project).
const UNIT_NAMES: &[(&str, bool)] = &[
    ("Sở Nông nghiệp và Phát triển nông thôn", false),
    ("Sở Nông nghiệp và Môi trường", false),
    ("Sở Giao thông vận tải", false),
    ("Sở Tài nguyên và Môi trường", false),
    ("Sở Kế hoạch và Đầu tư", false),
    ("Sở Lao động - Thương binh và Xã hội", false),
    ("Sở Văn hóa, Thể thao và Du lịch", false),
    ("Sở Văn hóa và Thể thao", false),
    ("Sở Giáo dục và Đào tạo", false),
    ("Sở Khoa học và Công nghệ", false),
    ("Sở Thông tin và Truyền thông", false),
    ("Sở Dân tộc và Tôn giáo", false),
    ("Sở Y tế", false),
    ("Sở Tài chính", false),
    ("Sở Xây dựng", false),
    ("Sở Công Thương", false),
    ("Sở Nội vụ", false),
    ("Sở Tư pháp", false),
    ("Sở Ngoại vụ", false),
    ("Sở Du lịch", false),
    ("Bảo hiểm xã hội", false),
    ("Ban Quản lý các Khu công nghiệp", false),
    ("Ban Quản lý Khu kinh tế", false),
    ("Ban Quản lý dự án đầu tư xây dựng", false),
    ("Ban Quản lý dự án", true),
    ("Ban QLDA", true),
    ("Ban Chỉ huy Phòng chống thiên tai và Tìm kiếm cứu nạn", false),
    ("Ban Chỉ huy Phòng, chống thiên tai và Tìm kiếm cứu nạn", false),
    ("Ban Thi đua - Khen thưởng", false),
    ("Ban Dân tộc", false),
    ("Ban Tôn giáo", false),
    ("Ban An toàn giao thông", false),
    ("Bộ Chỉ huy Quân sự", false),
    ("Bộ Chỉ huy Bộ đội Biên phòng", false),
    ("Cục Quản lý thị trường", false),
    ("Cục Thi hành án dân sự", false),
    ("Cục Thuế", false),
    ("Cục Hải quan", false),
    ("Cục Thống kê", false),
    ("Chi cục Kiểm lâm", false),
    ("Chi cục Thủy lợi", false),
    ("Chi cục Thủy sản", false),
    ("Chi cục Chăn nuôi và Thú y", false),
    ("Chi cục Bảo vệ môi trường", false),
    ("Chi cục Trồng trọt và Bảo vệ thực vật", false),
    ("Kho bạc Nhà nước", false),
    ("Ngân hàng Nhà nước", false),
    ("Ngân hàng Chính sách xã hội", false),
    ("Tòa án nhân dân", false),
    ("Viện Kiểm sát nhân dân", false),
    ("Ủy ban Mặt trận Tổ quốc Việt Nam", false),
    ("Đài Phát thanh và Truyền hình", false),
    ("Liên minh Hợp tác xã", false),
    ("Liên đoàn Lao động", false),
    ("Hội Liên hiệp Phụ nữ", false),
    ("Hội Nông dân", false),
    ("Hội Cựu chiến binh", false),
    ("Đoàn Đại biểu Quốc hội", false),
    ("Trung tâm Xúc tiến Đầu tư, Thương mại và Du lịch", false),
    ("Văn phòng Đoàn Đại biểu Quốc hội và Hội đồng nhân dân", false),
    ("Thường trực Hội đồng nhân dân", false),
    ("Thường trực Tỉnh ủy", false),
    ("Ban Tuyên giáo", false),
    ("Ban Dân vận", false),
    ("Ban Nội chính", false),
    ("Trường Chính trị", false),
    ("Tổ đại biểu", false),
    ("Công an", false),
    ("Thanh tra", false),
    ("Bưu điện", false),
];

/// Action verbs and modal words that open a predicate.
const ACTIONS: &[&str] = &[
    "chủ trì", "phối hợp", "tổ chức", "thực hiện", "triển khai", "tăng cường", "theo dõi",
    "rà soát", "tập trung", "khẩn trương", "xây dựng", "báo cáo", "tham mưu", "nghiên cứu",
    "xem xét", "kiểm tra", "hướng dẫn", "đề xuất", "trình", "đẩy mạnh", "đẩy nhanh", "tìm",
    "thành lập", "thu hồi", "tiếp tục", "chủ động", "cần", "phải", "cần phải", "có trách nhiệm",
    "chịu trách nhiệm", "có kế hoạch", "có giải pháp", "có biện pháp", "có phương án", "có chế tài",
    "có văn bản", "có", "không được", "không để", "nâng cao", "kịp thời", "sớm", "đôn đốc",
    "quan tâm", "bố trí", "giải quyết", "xử lý", "đảm bảo", "bảo đảm", "thông tin", "hoàn thành",
    "lập", "ban hành", "cung cấp", "gửi", "phổ biến", "tuyên truyền", "vận động", "huy động",
    "duy trì", "phát huy", "chuẩn bị", "cập nhật", "tham dự", "thẩm định", "kiểm soát", "kêu gọi",
    "hỗ trợ", "quản lý", "rút kinh nghiệm", "khắc phục", "tiếp thu", "tổng hợp", "đánh giá",
    "giám sát", "điều tra", "công bố", "phê duyệt", "điều chỉnh", "bổ sung", "sửa đổi",
    "hoàn thiện", "cụ thể hóa", "ứng phó", "phòng chống", "phòng, chống", "ngăn chặn", "khảo sát",
    "thống kê", "làm rõ", "xác định", "xác minh", "tạo điều kiện", "tháo gỡ", "đăng ký",
    "tiếp nhận", "cấp", "đầu tư", "trực tiếp", "nghiêm túc", "quyết liệt", "tuyệt đối",
    "lựa chọn", "dự thảo", "soạn thảo", "làm việc", "đối thoại", "tiếp dân", "căn cứ",
    "quyết tâm", "tích cực", "thường xuyên", "định kỳ", "ưu tiên", "sắp xếp", "kiện toàn",
    "biên soạn", "chuyển", "chuyển giao", "thực thi", "áp dụng", "nhân rộng", "đưa", "bồi thường",
    "giải ngân", "thanh toán", "quyết toán", "nghiệm thu", "bàn giao", "vận hành", "bảo vệ",
    "chăm sóc", "trồng", "phát triển", "mở rộng", "kết nối", "sơ kết", "tổng kết", "xử phạt",
    "cưỡng chế", "hủy", "đình chỉ", "tạm dừng", "ngừng", "dừng", "sửa chữa", "phục vụ", "bám sát",
    "cải thiện", "cải cách", "đào tạo", "bồi dưỡng", "tuyển chọn", "gọi", "điều phối", "kiểm điểm",
    "nhanh chóng", "khẩn cấp", "gấp rút", "tham gia", "cử", "phân bổ", "giao ban", "thông báo kết quả",
    "cảnh báo", "dự báo", "theo dõi", "tìm kiếm", "cứu hộ", "cứu nạn", "sơ tán", "di dời",
    "hướng dẫn", "nắm", "nắm chắc", "nắm bắt", "bám", "giữ", "giữ vững", "thúc đẩy", "lồng ghép",
    "khuyến khích", "khuyến cáo", "vận hành", "thu", "thu thập", "nộp", "lưu", "cung ứng",
    "dự trữ", "chủ động", "tiến hành", "đề ra", "hoàn tất", "khởi công", "đặt hàng", "tuyển dụng",
    "thuê", "mua", "mua sắm", "sử dụng", "tận dụng", "tiết kiệm", "thanh tra", "chấn chỉnh",
    "nhắc nhở", "phê bình", "khen thưởng", "kỷ luật", "giải trình", "trả lời", "phản hồi",
    "tiếp cận", "liên hệ", "liên kết", "hợp tác", "chia sẻ", "đề cao", "siết chặt", "quán triệt",
    "rà", "tăng", "giảm", "hạn chế", "loại bỏ", "xóa bỏ", "kiên quyết", "khai thác",
    "vận chuyển", "lắp đặt", "xây", "sửa", "đổi mới", "ứng dụng", "số hóa", "chuyển đổi",
];

const REQUESTS: &[&str] = &[
    "yêu cầu",
    "đề nghị",
    "kính đề nghị",
    "chỉ đạo",
    "đề nghị các",
];

const ASSIGNS: &[&str] = &[
    "giao",
    "giao cho",
    "giao nhiệm vụ",
    "giao nhiệm vụ cho",
    "giao trách nhiệm",
    "giao trách nhiệm cho",
    "phân công",
    "phân công cho",
];

const NOT_TASKS: &[&str] = &[
    "có ý kiến",
    "có ý kiến kết luận",
    "có liên quan",
    "thống nhất",
    "đồng ý",
    "nhất trí",
    "ghi nhận",
    "thông báo",
    "kính báo",
    "đã",
    "ủy quyền",
    "đi công tác",
    "chủ trì hội nghị",
    "chủ trì cuộc họp",
    "chủ trì buổi",
    "kết luận",
    "biểu dương",
    "hoan nghênh",
    "đánh giá cao",
    "trân trọng",
    "ban hành công văn số",
    "ban hành quyết định số",
    "ban hành kế hoạch số",
    "ban hành chỉ thị số",
    "ban hành văn bản số",
    "ban hành thông báo số",
    "ban hành công điện số",
    "chủ trì hội nghị",
    "có mặt",
    "vắng",
];

/// Words that open a clause without being its subject or its verb.
const INTROS: &[&str] = &[
    "đồng thời", "ngoài ra", "bên cạnh đó", "tuy nhiên", "do đó", "vì vậy", "vì thế",
    "trước mắt", "trước hết", "thứ nhất", "thứ hai", "thứ ba", "thứ tư", "thứ năm", "thứ sáu",
    "thứ bảy", "thứ tám", "thứ chín", "thứ mười", "một là", "hai là", "ba là", "bốn là",
    "năm là", "riêng", "đặc biệt", "mặt khác", "sau đó", "tiếp theo", "cuối cùng",
    "thời gian tới", "trong thời gian tới", "nay", "theo đó",
];

/// Openings of a clause that depends on the one before it and is no task of its own.
const DEPENDENT: &[&str] = &[
    "trong đó", "nhất là", "đặc biệt là", "kể cả", "bao gồm", "cụ thể", "gồm", "như", "để",
    "nếu", "trường hợp", "trong trường hợp", "khi", "qua đó", "từ đó", "làm cơ sở", "tránh",
    "không để", "với", "theo", "tại", "trên cơ sở", "nhằm", "hoặc", "sau khi", "trước khi",
];

/// Openings of a sentence that approve, thank or acknowledge rather than assign.
const APPROVALS: &[&str] = &[
    "thống nhất", "đồng ý", "chấp thuận", "nhất trí", "ghi nhận", "cho phép", "biểu dương",
    "hoan nghênh", "đánh giá cao", "trân trọng", "cảm ơn", "nhận được", "kính gửi", "kính báo",
    "nơi nhận", "về việc", "v/v",
];
