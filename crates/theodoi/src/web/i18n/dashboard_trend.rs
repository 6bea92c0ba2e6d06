//! Texts of the dashboard's trend and "units not reporting" panels.

pub const CATALOGUE: &[(&str, &str, &str)] = &[
    ("trend.title", "Diễn biến theo tháng", "Trend by month"),
    ("trend.month", "Tháng", "Month"),
    ("trend.deadline_basis", "Tính theo thời hạn", "Deadlines"),
    (
        "trend.governing",
        "hiện hành (đã gia hạn)",
        "current (with extensions)",
    ),
    ("trend.original", "ban đầu", "original"),
    (
        "trend.help",
        "Mỗi tháng tính đến ngày cuối tháng (tháng hiện tại: đến ngày tính).",
        "Each month as of its last day (the current month: as of the chosen date).",
    ),
    (
        "silent.title",
        "Đơn vị chưa báo cáo tiến độ trong kỳ",
        "Units that have not reported progress this period",
    ),
    (
        "silent.help",
        "Đơn vị chủ trì có nhiệm vụ chưa hoàn thành mà không có báo cáo tiến độ nào ghi ngày trong kỳ.",
        "Lead units of open tasks with no progress report dated in the period.",
    ),
    ("silent.unit", "Đơn vị", "Unit"),
    (
        "silent.without",
        "Nhiệm vụ chưa báo cáo",
        "Tasks without a report",
    ),
    ("silent.open", "Nhiệm vụ đang thực hiện", "Open tasks"),
    (
        "silent.none",
        "chưa báo cáo nhiệm vụ nào",
        "no report at all",
    ),
    (
        "silent.all_reported",
        "Mọi đơn vị đã báo cáo tiến độ trong kỳ.",
        "Every unit has reported progress this period.",
    ),
];
