//! The records users work with: units, users, documents, tasks and their history.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::error::{DomainError, DomainResult};
use crate::ids::*;

/// Declares a closed set of codes with their stored/API spelling and Vietnamese label.
macro_rules! code_enum {
    ($(#[$meta:meta])* $name:ident, $what:literal { $($variant:ident = $code:literal, $label:literal;)* }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($variant),* }
        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),*];
            /// The code stored in the database and used by the API and CLI.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $code),* }
            }
            /// The Vietnamese label users read.
            pub fn label(self) -> &'static str {
                match self { $($name::$variant => $label),* }
            }
            pub fn parse(code: &str) -> DomainResult<Self> {
                match code.trim() {
                    $($code => Ok($name::$variant),)*
                    other => Err(DomainError::invalid(
                        $what,
                        format!("giá trị '{}' không hợp lệ; dùng một trong: {}", other,
                            [$($code),*].join(", ")),
                    )),
                }
            }
        }
        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

code_enum!(
    /// Loại đơn vị
    UnitKind, "kind" {
        Locality = "locality", "Địa phương";
        Agency = "agency", "Sở, ban, ngành";
        Office = "office", "Văn phòng";
        WorkingGroup = "working_group", "Tổ công tác";
        Enterprise = "enterprise", "Doanh nghiệp";
        Council = "council", "Hội đồng nhân dân";
        Department = "department", "Phòng, chi cục";
        Other = "other", "Khác";
    }
);

code_enum!(
    /// Vai trò người dùng
    Role, "role" {
        Leader = "leader", "Lãnh đạo UBND";
        Office = "office", "Chuyên viên Văn phòng";
        UnitManager = "unit_manager", "Lãnh đạo đơn vị";
        UnitStaff = "unit_staff", "Cán bộ đơn vị";
        Inspector = "inspector", "Tổ công tác";
        Admin = "admin", "Quản trị";
    }
);

code_enum!(
    /// Loại văn bản chỉ đạo
    DocumentKind, "kind" {
        ThongBaoKetLuan = "thong_bao_ket_luan", "Thông báo kết luận";
        QuyetDinh = "quyet_dinh", "Quyết định";
        KeHoach = "ke_hoach", "Kế hoạch";
        ChuongTrinh = "chuong_trinh", "Chương trình công tác";
        CongVan = "cong_van", "Công văn";
        ChiThi = "chi_thi", "Chỉ thị";
        NghiQuyet = "nghi_quyet", "Nghị quyết";
        BienBan = "bien_ban", "Biên bản họp";
        KienNghiCuTri = "kien_nghi_cu_tri", "Kiến nghị cử tri";
        Khac = "khac", "Khác";
    }
);

code_enum!(
    /// Độ mật
    Secrecy, "secrecy" {
        Normal = "normal", "Thường";
        Secret = "secret", "Mật";
    }
);

code_enum!(
    /// Độ khẩn
    Urgency, "urgency" {
        Normal = "normal", "Thường";
        Urgent = "urgent", "Khẩn";
        VeryUrgent = "very_urgent", "Thượng khẩn";
        Flash = "flash", "Hỏa tốc";
    }
);

code_enum!(
    /// Trạng thái xử lý của nhiệm vụ
    TaskState, "state" {
        New = "new", "Chưa thực hiện";
        InProgress = "in_progress", "Đang thực hiện";
        AwaitingConfirmation = "awaiting_confirmation", "Chờ xác nhận";
        Completed = "completed", "Đã hoàn thành";
        Declined = "declined", "Từ chối";
        Suspended = "suspended", "Tạm hoãn";
        Withdrawn = "withdrawn", "Thu hồi";
    }
);

code_enum!(
    /// Loại thời hạn
    DeadlineKind, "deadline_kind" {
        Date = "date", "Ngày cụ thể";
        PeriodEnd = "period_end", "Cuối kỳ";
        DaysFrom = "days_from", "Số ngày kể từ";
        Recurring = "recurring", "Định kỳ";
        None = "none", "Không thời hạn (thường xuyên)";
    }
);

code_enum!(
    /// Trạng thái đề nghị (hoàn thành, gia hạn)
    Decision, "decision" {
        Pending = "pending", "Chờ quyết định";
        Approved = "approved", "Đã chấp thuận";
        Rejected = "rejected", "Không chấp thuận";
    }
);

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Unit {
    pub id: UnitId,
    pub code: String,
    pub name: String,
    pub short_name: String,
    pub kind: UnitKind,
    pub parent_id: Option<UnitId>,
    pub aliases: Vec<String>,
    pub valid_from: Option<NaiveDate>,
    pub valid_to: Option<NaiveDate>,
    pub successor_id: Option<UnitId>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct User {
    pub id: UserId,
    pub username: String,
    pub full_name: String,
    pub role: Role,
    pub unit_id: Option<UnitId>,
    pub title: String,
    pub active: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Document {
    pub id: DocumentId,
    pub number: String,
    pub date: NaiveDate,
    pub kind: DocumentKind,
    pub issuer_unit_id: Option<UnitId>,
    pub issuer_text: String,
    pub signer: String,
    pub summary: String,
    pub secrecy: Secrecy,
    pub urgency: Urgency,
    pub parent_id: Option<DocumentId>,
}

/// A task as stored now. Its timeliness at any date is derived from its history
/// (see [`crate::status`]), never stored.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Task {
    pub id: TaskId,
    pub document_id: Option<DocumentId>,
    pub clause: String,
    pub content: String,
    pub lead_unit_id: UnitId,
    pub coop_unit_ids: Vec<UnitId>,
    pub assigned_by_user_id: Option<UserId>,
    pub assigned_by_unit_id: Option<UnitId>,
    pub assigned_on: NaiveDate,
    pub deadline_kind: DeadlineKind,
    /// The wording as given ("hoàn thành trong tháng 01/2023").
    pub deadline_text: String,
    pub deadline_original: Option<NaiveDate>,
    /// The latest approved deadline.
    pub deadline_current: Option<NaiveDate>,
    pub recurrence: Option<String>,
    pub series_id: Option<TaskId>,
    pub period_label: String,
    pub is_key: bool,
    pub field: String,
    pub parent_id: Option<TaskId>,
    pub group_id: Option<GroupId>,
    pub state: TaskState,
    pub completed_on: Option<NaiveDate>,
    pub withdrawn_on: Option<NaiveDate>,
    pub secret: bool,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ProgressReport {
    pub id: ProgressId,
    pub task_id: TaskId,
    pub report_date: NaiveDate,
    pub text: String,
    pub percent: Option<i64>,
    pub author_id: UserId,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct CompletionClaim {
    pub id: ClaimId,
    pub task_id: TaskId,
    pub finished_on: NaiveDate,
    pub result_number: String,
    pub result_text: String,
    pub claimed_by: UserId,
    pub claimed_at: DateTime<Utc>,
    pub decision: Decision,
    pub decided_by: Option<UserId>,
    pub decided_at: Option<DateTime<Utc>>,
    pub note: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ExtensionRequest {
    pub id: ExtensionId,
    pub task_id: TaskId,
    pub reason: String,
    pub proposed_deadline: NaiveDate,
    pub requested_by: UserId,
    pub requested_on: NaiveDate,
    pub decision: Decision,
    pub decided_by: Option<UserId>,
    pub decided_on: Option<NaiveDate>,
    pub note: String,
}

/// One entry of a task's deadline history: from `effective_on` the governing deadline is `deadline`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct DeadlineChange {
    pub effective_on: NaiveDate,
    pub deadline: Option<NaiveDate>,
    pub reason: String,
}

/// One entry of a task's lead-unit history (reassignment, merge of units).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct LeadChange {
    pub from_date: NaiveDate,
    pub unit_id: UnitId,
    pub reason: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct AuditEvent {
    pub id: i64,
    pub at: DateTime<Utc>,
    pub actor: Option<UserId>,
    pub entity: String,
    pub entity_id: i64,
    pub action: String,
    pub before: Option<serde_json::Value>,
    pub after: Option<serde_json::Value>,
}
