//! Texts of the extraction pages (trích xuất nhiệm vụ từ văn bản).

/// (key, Vietnamese, English)
pub const CATALOGUE: &[(&str, &str, &str)] = &[
    (
        "extract.title",
        "Trích xuất nhiệm vụ từ văn bản",
        "Tasks from a directive's text",
    ),
    (
        "extract.link",
        "Trích xuất nhiệm vụ từ văn bản",
        "Extract tasks from a document",
    ),
    (
        "extract.help",
        "Dán nội dung thông báo kết luận, kế hoạch, công văn… hoặc chọn tệp; hệ thống đề xuất số, ngày, cơ quan ban hành và các nhiệm vụ (đơn vị chủ trì, phối hợp, nội dung, thời hạn) để chuyên viên kiểm tra rồi đăng ký.",
        "Paste a conclusion notice, plan or letter, or choose a file; the system proposes its number, date, issuer and tasks (lead and co-operating units, content, deadline) for you to check and register.",
    ),
    ("extract.paste", "Nội dung văn bản", "Document text"),
    (
        "extract.file",
        "hoặc chọn tệp (.txt, .docx; tối đa 20 MB)",
        "or choose a file (.txt, .docx; up to 20 MB)",
    ),
    ("extract.read", "Đọc văn bản", "Read the document"),
    (
        "extract.by_hand",
        "Đăng ký văn bản bằng tay",
        "Register a document by hand",
    ),
    (
        "extract.review",
        "Kiểm tra đề xuất và đăng ký",
        "Check the proposal and register",
    ),
    ("extract.document", "Văn bản", "Document"),
    (
        "extract.issuer_text",
        "Cơ quan ban hành (theo văn bản)",
        "Issuer (as written)",
    ),
    ("extract.normal", "Thường", "Normal"),
    ("extract.secret", "Mật", "Secret"),
    ("extract.tasks", "Nhiệm vụ đề xuất", "Suggested tasks"),
    (
        "extract.table_help",
        "Bỏ dấu “Giữ” ở dòng không phải nhiệm vụ. Đơn vị tô đỏ chưa khớp danh mục: chọn đơn vị. Thời hạn ghi ngày/tháng/năm hoặc cụm từ (“trong quý II/2023”). Nhóm đơn vị thành một nhiệm vụ cho mỗi đơn vị được chọn.",
        "Untick “Keep” on rows that are not tasks. Units in red match no unit of the tree: choose one. Deadlines are dd/mm/yyyy or a phrase (“trong quý II/2023”). A group becomes one task per unit chosen.",
    ),
    ("extract.keep", "Giữ", "Keep"),
    ("extract.recurring", "Định kỳ", "Recurrence"),
    ("extract.key", "Trọng tâm", "Key task"),
    ("extract.group", "Nhóm", "Group"),
    ("extract.units", "đơn vị", "units"),
    ("extract.choose", "— chọn đơn vị —", "— choose a unit —"),
    ("extract.as_written", "Văn bản ghi", "As written"),
    (
        "extract.unmatched",
        "chưa khớp đơn vị nào",
        "matches no unit",
    ),
    (
        "extract.unmatched_n",
        "dòng có đơn vị chủ trì chưa khớp danh mục đơn vị (tô đỏ): chọn đơn vị trước khi đăng ký.",
        "rows have a lead unit that matches no unit (in red): choose one before registering.",
    ),
    (
        "extract.source",
        "Câu trong văn bản",
        "Sentence in the document",
    ),
    (
        "extract.checked",
        "Đã kiểm tra: xem thời hạn tính được ở từng dòng, rồi bấm “Đăng ký”.",
        "Checked: see each row's resolved deadline, then press “Register”.",
    ),
    ("extract.check", "Kiểm tra", "Check"),
    (
        "extract.register",
        "Đăng ký văn bản và nhiệm vụ",
        "Register the document and tasks",
    ),
    ("extract.more", "Thêm dòng", "Add rows"),
    (
        "extract.again",
        "Trích xuất văn bản khác",
        "Another document",
    ),
    ("extract.rec_none", "Không định kỳ", "Not recurring"),
    ("extract.rec_monthly", "Hằng tháng", "Monthly"),
    ("extract.rec_quarterly", "Hằng quý", "Quarterly"),
    ("extract.rec_yearly", "Hằng năm", "Yearly"),
    ("extract.rec_continuous", "Thường xuyên", "Continuous"),
];
