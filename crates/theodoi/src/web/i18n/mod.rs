//! The message catalogue: every fixed text of the pages and of their error screens, in
//! Vietnamese (the default) and English. Templates call `tr.t("key")`; the language comes
//! from the `lang` cookie. Messages from the service layer (validation, permission) are
//! Vietnamese sentences built with data and are shown as they are.

mod dashboard_trend;
mod extract;
mod figures;
mod inspections;
mod remind;
mod reports;
mod search;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    Vi,
    En,
}

impl Lang {
    pub fn from_cookie(v: Option<&str>) -> Self {
        match v {
            Some("en") => Self::En,
            _ => Self::Vi,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Self::Vi => "vi",
            Self::En => "en",
        }
    }
}

/// The catalogue for one language.
#[derive(Debug, Clone, Copy, Default)]
pub struct Tr(pub Lang);

impl Tr {
    /// The text for `key`; an unknown key shows itself, so a missing entry is visible.
    pub fn t<'a>(&self, key: &'a str) -> &'a str {
        match CATALOGUES
            .iter()
            .flat_map(|c| c.iter())
            .find(|(k, _, _)| *k == key)
        {
            Some((_, vi, en)) => match self.0 {
                Lang::Vi => vi,
                Lang::En => en,
            },
            None => key,
        }
    }

    pub fn lang(&self) -> &'static str {
        self.0.code()
    }
}

/// Every catalogue: the core pages' below, and one file per area beside this one, so
/// that areas add their texts without touching each other's.
const CATALOGUES: &[&[(&str, &str, &str)]] = &[
    CATALOGUE,
    figures::CATALOGUE,
    extract::CATALOGUE,
    search::CATALOGUE,
    dashboard_trend::CATALOGUE,
    remind::CATALOGUE,
    inspections::CATALOGUE,
    reports::CATALOGUE,
];

/// (key, Vietnamese, English)
const CATALOGUE: &[(&str, &str, &str)] = &[
    ("app.name", "Theo dõi nhiệm vụ", "Task follow-up"),
    ("app.org", "UBND tỉnh", "Provincial People's Committee"),
    ("nav.inbox", "Việc cần xử lý", "My work"),
    ("nav.dashboard", "Tổng quan", "Dashboard"),
    ("nav.tasks", "Nhiệm vụ", "Tasks"),
    ("nav.documents", "Văn bản", "Documents"),
    ("nav.units", "Đơn vị", "Units"),
    ("nav.users", "Tài khoản", "Users"),
    ("nav.calendar", "Lịch nghỉ", "Holidays"),
    ("nav.settings", "Cài đặt", "Settings"),
    ("nav.account", "Tài khoản của tôi", "My account"),
    ("nav.sign_out", "Đăng xuất", "Sign out"),
    ("nav.language", "English", "Tiếng Việt"),
    ("login.title", "Đăng nhập", "Sign in"),
    ("login.username", "Tên đăng nhập", "Username"),
    ("login.password", "Mật khẩu", "Password"),
    ("login.submit", "Đăng nhập", "Sign in"),
    (
        "login.failed",
        "Tên đăng nhập hoặc mật khẩu không đúng.",
        "Wrong username or password.",
    ),
    ("account.title", "Tài khoản của tôi", "My account"),
    ("account.change_password", "Đổi mật khẩu", "Change password"),
    ("account.current", "Mật khẩu hiện tại", "Current password"),
    (
        "account.new",
        "Mật khẩu mới (ít nhất 8 ký tự)",
        "New password (8 characters or more)",
    ),
    (
        "account.repeat",
        "Nhập lại mật khẩu mới",
        "Repeat the new password",
    ),
    (
        "account.changed",
        "Đã đổi mật khẩu. Các phiên đăng nhập khác đã kết thúc.",
        "Password changed. Other sessions were signed out.",
    ),
    (
        "account.tokens",
        "Mã truy cập API cá nhân",
        "Personal API tokens",
    ),
    ("account.token_name", "Tên mã", "Token name"),
    ("account.token_create", "Tạo mã", "Create token"),
    (
        "account.token_once",
        "Mã mới (chỉ hiện một lần, hãy lưu lại):",
        "New token (shown once, keep it now):",
    ),
    ("account.revoke", "Thu hồi", "Revoke"),
    ("account.revoked", "đã thu hồi", "revoked"),
    ("common.save", "Lưu", "Save"),
    ("common.filter", "Lọc", "Filter"),
    ("common.total", "Tổng số", "Total"),
    ("common.none", "Không có", "None"),
    ("common.prev", "‹ Trang trước", "‹ Previous"),
    ("common.page", "trang", "page"),
    ("common.more_than", "hơn", "more than"),
    ("common.next", "Trang sau ›", "Next ›"),
    ("common.all", "Tất cả", "All"),
    ("common.yes", "Có", "Yes"),
    ("common.no", "Không", "No"),
    ("common.print", "In", "Print"),
    (
        "common.form_errors",
        "Biểu mẫu có lỗi, xem các ô được đánh dấu:",
        "The form has mistakes; see the marked fields:",
    ),
    ("error.title", "Không thực hiện được", "Could not do that"),
    ("error.forbidden", "Không có quyền", "Not allowed"),
    ("error.not_found", "Không tìm thấy", "Not found"),
    (
        "error.csrf",
        "Biểu mẫu đã hết hạn hoặc không hợp lệ. Hãy tải lại trang và gửi lại.",
        "The form has expired or is invalid. Reload the page and submit again.",
    ),
    (
        "error.internal",
        "Lỗi hệ thống; vui lòng thử lại hoặc báo quản trị.",
        "System error; try again or tell the administrator.",
    ),
    ("error.back", "Quay lại", "Go back"),
    (
        "dash.title",
        "Tình hình thực hiện nhiệm vụ",
        "Task performance",
    ),
    ("dash.window", "Kỳ báo cáo", "Period"),
    ("dash.as_of", "Tính đến ngày", "As of"),
    ("dash.show", "Xem", "Show"),
    ("dash.tasks", "Tổng số nhiệm vụ", "Tasks"),
    ("dash.completed", "Đã hoàn thành", "Completed"),
    ("dash.on_time", "đúng hạn", "on time"),
    ("dash.late", "quá hạn", "late"),
    ("dash.in_progress", "Đang thực hiện", "In progress"),
    ("dash.overdue", "Quá hạn", "Overdue"),
    ("dash.overdue_rate", "Tỷ lệ quá hạn", "Overdue rate"),
    ("dash.basis", "Cách tính", "Basis"),
    (
        "dash.awaiting",
        "Chờ xác nhận hoàn thành",
        "Awaiting confirmation",
    ),
    ("dash.by_unit", "Theo đơn vị chủ trì", "By lead unit"),
    ("dash.unit", "Đơn vị", "Unit"),
    ("dash.chart", "Biểu đồ theo đơn vị", "Chart by unit"),
    ("dash.due_soon", "Sắp đến hạn", "Due soon"),
    ("dash.overdue_list", "Đã quá hạn", "Overdue"),
    ("dash.days_overdue", "Số ngày quá hạn", "Days overdue"),
    ("dash.days_left", "Còn (ngày)", "Days left"),
    ("dash.narrative", "Nhận xét", "Summary"),
    ("task.id", "Số", "No."),
    ("task.content", "Nội dung nhiệm vụ", "Task"),
    ("task.lead", "Đơn vị chủ trì", "Lead unit"),
    ("task.coop", "Đơn vị phối hợp", "Co-operating units"),
    ("task.deadline", "Thời hạn", "Deadline"),
    (
        "task.deadline_original",
        "Thời hạn ban đầu",
        "Original deadline",
    ),
    (
        "task.deadline_current",
        "Thời hạn hiện hành",
        "Current deadline",
    ),
    ("task.state", "Trạng thái", "State"),
    ("task.assigned_on", "Ngày giao", "Assigned on"),
    ("task.assigned_by", "Người/cơ quan giao", "Assigned by"),
    ("task.document", "Văn bản giao", "Source document"),
    ("task.clause", "Điều khoản", "Clause"),
    ("task.field", "Lĩnh vực", "Field"),
    ("task.key", "Nhiệm vụ trọng tâm", "Key task"),
    ("task.secret", "Mật", "Secret"),
    ("task.completed_on", "Ngày hoàn thành", "Completed on"),
    ("task.text", "Tìm trong nội dung", "Search text"),
    ("task.subtree", "gồm đơn vị cấp dưới", "include sub-units"),
    ("task.timeframe", "Tiến độ", "Timeliness"),
    ("task.sort", "Sắp xếp", "Sort"),
    ("task.leader", "Lãnh đạo giao", "Assigning leader"),
    ("task.history", "Lịch sử", "History"),
    ("task.deadlines", "Lịch sử thời hạn", "Deadline history"),
    ("task.progress", "Báo cáo tiến độ", "Progress reports"),
    ("task.claims", "Báo cáo hoàn thành", "Completion claims"),
    ("task.extensions", "Xin gia hạn", "Extension requests"),
    ("task.audit", "Nhật ký thay đổi", "Audit trail"),
    (
        "task.children",
        "Nhiệm vụ giao lại cho đơn vị cấp dưới",
        "Delegated to sub-units",
    ),
    ("task.actions", "Xử lý", "Actions"),
    ("task.found", "nhiệm vụ", "tasks"),
    ("tf.overdue", "Quá hạn", "Overdue"),
    ("tf.due_soon", "Sắp đến hạn", "Due soon"),
    ("tf.on_time", "Trong hạn", "On time"),
    ("tf.completed", "Đã hoàn thành", "Completed"),
    ("act.accept", "Tiếp nhận", "Accept"),
    ("act.progress", "Báo cáo tiến độ", "Report progress"),
    ("act.claim", "Báo cáo hoàn thành", "Report completion"),
    ("act.confirm", "Xác nhận hoàn thành", "Confirm completion"),
    (
        "act.return",
        "Trả lại báo cáo hoàn thành",
        "Return the claim",
    ),
    ("act.request_ext", "Xin gia hạn", "Request extension"),
    ("act.decide_ext", "Quyết định gia hạn", "Decide extension"),
    ("act.approve", "Đồng ý", "Approve"),
    ("act.reject", "Không đồng ý", "Reject"),
    (
        "act.decline",
        "Từ chối (không thuộc chức năng)",
        "Decline (not our remit)",
    ),
    ("act.reassign", "Giao lại cho đơn vị khác", "Reassign"),
    (
        "act.delegate",
        "Giao cho đơn vị cấp dưới",
        "Delegate to a sub-unit",
    ),
    (
        "act.change_deadline",
        "Điều chỉnh thời hạn",
        "Change deadline",
    ),
    ("act.withdraw", "Thu hồi nhiệm vụ", "Withdraw"),
    ("f.text", "Nội dung", "Text"),
    ("f.percent", "Tỷ lệ hoàn thành (%)", "Percent done"),
    ("f.date", "Ngày (dd/mm/yyyy)", "Date (dd/mm/yyyy)"),
    (
        "f.finished_on",
        "Ngày hoàn thành (dd/mm/yyyy)",
        "Finished on (dd/mm/yyyy)",
    ),
    (
        "f.result_number",
        "Số văn bản báo cáo kết quả",
        "Result document number",
    ),
    ("f.result_text", "Kết quả thực hiện", "Result"),
    ("f.note", "Ghi chú", "Note"),
    ("f.reason", "Lý do", "Reason"),
    (
        "f.proposed",
        "Thời hạn đề nghị (dd/mm/yyyy)",
        "Proposed deadline (dd/mm/yyyy)",
    ),
    (
        "f.new_deadline",
        "Thời hạn mới (dd/mm/yyyy)",
        "New deadline (dd/mm/yyyy)",
    ),
    ("f.unit", "Đơn vị", "Unit"),
    ("doc.title", "Văn bản chỉ đạo", "Directive documents"),
    ("doc.number", "Số, ký hiệu", "Number"),
    (
        "doc.date",
        "Ngày ban hành (dd/mm/yyyy)",
        "Date (dd/mm/yyyy)",
    ),
    ("doc.kind", "Loại văn bản", "Kind"),
    ("doc.summary", "Trích yếu", "Summary"),
    ("doc.signer", "Người ký", "Signer"),
    ("doc.issuer", "Cơ quan ban hành", "Issuer"),
    ("doc.secrecy", "Độ mật", "Secrecy"),
    ("doc.urgency", "Độ khẩn", "Urgency"),
    (
        "doc.parent",
        "Văn bản cấp trên (số văn bản)",
        "Parent document (id)",
    ),
    (
        "doc.register",
        "Đăng ký văn bản và nhiệm vụ",
        "Register a document and its tasks",
    ),
    ("doc.tasks", "Nhiệm vụ của văn bản", "Tasks of the document"),
    (
        "doc.children",
        "Văn bản triển khai",
        "Implementing documents",
    ),
    (
        "doc.task_rows",
        "Các nhiệm vụ (mỗi dòng một điều khoản; chọn nhiều đơn vị để giao nhóm)",
        "Tasks (one clause per row; several units make a group)",
    ),
    (
        "doc.deadline_help",
        "Thời hạn: ngày dd/mm/yyyy hoặc cụm từ, ví dụ “trong tháng 3/2023”, “trước ngày 15/02/2023”, “thường xuyên”",
        "Deadline: dd/mm/yyyy or a Vietnamese phrase",
    ),
    (
        "doc.add_tasks",
        "Giao thêm nhiệm vụ từ văn bản này",
        "Add tasks from this document",
    ),
    ("inbox.title", "Việc cần xử lý", "My work"),
    (
        "inbox.new",
        "Nhiệm vụ mới cần tiếp nhận",
        "New tasks to accept",
    ),
    (
        "inbox.claims",
        "Báo cáo hoàn thành chờ xác nhận",
        "Claims to confirm",
    ),
    (
        "inbox.extensions",
        "Đề nghị gia hạn chờ quyết định",
        "Extension requests to decide",
    ),
    ("inbox.due_soon", "Sắp đến hạn", "Due soon"),
    ("inbox.see_all", "Xem tất cả", "See all"),
    (
        "inbox.declined",
        "Nhiệm vụ bị từ chối, cần giao lại",
        "Declined tasks to reassign",
    ),
    ("inbox.overdue", "Đã quá hạn", "Overdue"),
    ("inbox.empty", "Không có việc nào.", "Nothing here."),
    ("admin.units", "Đơn vị", "Units"),
    ("admin.users", "Tài khoản", "Users"),
    ("admin.role", "Vai trò", "Role"),
    ("admin.settings", "Cài đặt", "Settings"),
    (
        "admin.calendar",
        "Ngày nghỉ, ngày làm bù",
        "Holidays and make-up days",
    ),
];
