//! The OpenAPI 3 document of the JSON API, served at `GET /api/v1/openapi.json`. Written by
//! hand from one table of operations ([`OPERATIONS`]); a test requests every operation in it
//! and checks that every `/api/v1` route in the source is in it, so the two cannot drift.

use axum::routing::get;
use axum::{Json, Router};
use serde_json::{Map, Value, json};

use crate::service::Services;

pub fn router() -> Router<Services> {
    Router::new().route("/api/v1/openapi.json", get(|| async { Json(document()) }))
}

/// One query parameter: name, JSON-schema type, description.
type Param = (&'static str, &'static str, &'static str);

/// One operation of the API.
pub struct Operation {
    pub method: &'static str,
    pub path: &'static str,
    pub tag: &'static str,
    pub summary: &'static str,
    pub query: &'static [Param],
    /// A schema name in `components.schemas` for the JSON body, if any.
    pub body: Option<&'static str>,
    /// Success status and the schema name of its body (`""` for no body).
    pub ok: (u16, &'static str),
}

const fn op(
    method: &'static str,
    path: &'static str,
    tag: &'static str,
    summary: &'static str,
    query: &'static [Param],
    body: Option<&'static str>,
    ok: (u16, &'static str),
) -> Operation {
    Operation {
        method,
        path,
        tag,
        summary,
        query,
        body,
        ok,
    }
}

const DOCUMENT_QUERY: &[Param] = &[
    ("q", "string", "tìm kiếm"),
    ("kind", "string", "loại văn bản"),
    ("limit", "integer", "số dòng tối đa (mặc định 50)"),
    ("offset", "integer", "bỏ qua bao nhiêu dòng"),
];

const SEARCH_QUERY: &[Param] = &[
    ("q", "string", "từ khóa (bắt buộc)"),
    ("kind", "string", "documents hoặc tasks"),
    ("limit", "integer", "số kết quả tối đa (mặc định 20)"),
    ("offset", "integer", "bỏ qua bao nhiêu kết quả"),
];

const TASK_QUERY: &[Param] = &[
    (
        "unit",
        "string",
        "đơn vị chủ trì (tên, tên ngắn, bí danh, mã hoặc số)",
    ),
    ("subtree", "boolean", "gồm cả các đơn vị cấp dưới"),
    (
        "state",
        "string",
        "new, in_progress, awaiting_confirmation, completed, declined, suspended, withdrawn",
    ),
    ("timeframe", "string", "open, overdue, due_soon, completed…"),
    ("document_id", "integer", "văn bản nguồn"),
    ("q", "string", "tìm trong nội dung"),
    ("is_key", "boolean", "chỉ nhiệm vụ trọng tâm"),
    ("field", "string", "lĩnh vực"),
    ("limit", "integer", "số dòng tối đa (mặc định 50)"),
    ("offset", "integer", "bỏ qua bao nhiêu dòng"),
];

const REPORT_QUERY: &[Param] = &[
    (
        "window",
        "string",
        "month:2023-01, quarter:2023-Q1, nd09-month:2023-01, range:2023-01-01..2023-03-31 (bắt buộc)",
    ),
    ("as_of", "string", "ngày tính (YYYY-MM-DD)"),
    (
        "basis",
        "string",
        "mẫu số tỷ lệ quá hạn: in_progress, due, total",
    ),
    ("scope", "string", "carried (mặc định) hoặc assigned"),
    (
        "deadline_basis",
        "string",
        "current (mặc định) hoặc original",
    ),
    ("assigned_by", "string", "lãnh đạo hoặc đơn vị giao"),
    ("subtree", "boolean", "cộng dồn các đơn vị cấp dưới"),
    (
        "include_delegated",
        "boolean",
        "tính cả nhiệm vụ giao cấp dưới",
    ),
    (
        "include_coop",
        "boolean",
        "thêm phân tích theo đơn vị phối hợp",
    ),
];

/// Every operation served under `/api/v1`.
pub const OPERATIONS: &[Operation] = &[
    op(
        "get",
        "/api/v1/openapi.json",
        "meta",
        "Tài liệu OpenAPI này",
        &[],
        None,
        (200, ""),
    ),
    op(
        "get",
        "/api/v1/units",
        "units",
        "Danh sách đơn vị",
        &[],
        None,
        (200, "Units"),
    ),
    op(
        "post",
        "/api/v1/units",
        "admin",
        "Tạo đơn vị (quản trị)",
        &[],
        Some("UnitInput"),
        (201, "Unit"),
    ),
    op(
        "post",
        "/api/v1/units/{id}/merge",
        "admin",
        "Sáp nhập đơn vị vào đơn vị kế thừa; nhiệm vụ đang mở chuyển theo",
        &[],
        Some("MergeInput"),
        (200, "Object"),
    ),
    op(
        "get",
        "/api/v1/users",
        "admin",
        "Danh sách tài khoản (quản trị)",
        &[],
        None,
        (200, "Objects"),
    ),
    op(
        "post",
        "/api/v1/users",
        "admin",
        "Tạo tài khoản (quản trị)",
        &[],
        Some("UserInput"),
        (201, "Object"),
    ),
    op(
        "post",
        "/api/v1/users/{id}/password",
        "admin",
        "Đặt lại mật khẩu; kết thúc các phiên của người đó",
        &[],
        Some("PasswordInput"),
        (204, ""),
    ),
    op(
        "get",
        "/api/v1/calendar",
        "admin",
        "Lịch nghỉ (ngày lễ, nghỉ bù, hoán đổi)",
        &[],
        None,
        (200, "Objects"),
    ),
    op(
        "put",
        "/api/v1/calendar/{date}",
        "admin",
        "Đặt một ngày trong lịch nghỉ",
        &[],
        Some("DayInput"),
        (204, ""),
    ),
    op(
        "delete",
        "/api/v1/calendar/{date}",
        "admin",
        "Xóa một ngày khỏi lịch nghỉ",
        &[],
        None,
        (204, ""),
    ),
    op(
        "get",
        "/api/v1/settings",
        "admin",
        "Cài đặt",
        &[],
        None,
        (200, "Object"),
    ),
    op(
        "put",
        "/api/v1/settings/{key}",
        "admin",
        "Đổi một cài đặt (due_soon_days, deadline_move_off_days, today)",
        &[],
        Some("SettingInput"),
        (204, ""),
    ),
    op(
        "get",
        "/api/v1/inbox",
        "tasks",
        "Việc cần xử lý của người gọi: mỗi danh sách tối đa 50 dòng, counts cho biết tổng số",
        &[(
            "extensions_offset",
            "integer",
            "bỏ qua bao nhiêu đề nghị gia hạn (cũ nhất trước)",
        )],
        None,
        (200, "Object"),
    ),
    op(
        "get",
        "/api/v1/documents",
        "documents",
        "Danh sách văn bản",
        DOCUMENT_QUERY,
        None,
        (200, "Object"),
    ),
    op(
        "post",
        "/api/v1/documents",
        "documents",
        "Đăng ký văn bản, kèm các nhiệm vụ giao (kiểm tra mọi dòng trước khi ghi)",
        &[],
        Some("Registration"),
        (201, "Object"),
    ),
    op(
        "get",
        "/api/v1/documents/{id}",
        "documents",
        "Văn bản, văn bản triển khai và nhiệm vụ",
        &[],
        None,
        (200, "Object"),
    ),
    op(
        "post",
        "/api/v1/documents/{id}/tasks",
        "documents",
        "Giao thêm nhiệm vụ từ văn bản đã đăng ký",
        &[],
        Some("MoreTasks"),
        (201, "Tasks"),
    ),
    op(
        "get",
        "/api/v1/tasks",
        "tasks",
        "Danh sách nhiệm vụ (lọc, phân trang)",
        TASK_QUERY,
        None,
        (200, "Object"),
    ),
    op(
        "post",
        "/api/v1/tasks",
        "tasks",
        "Giao nhiệm vụ (một dòng, một hoặc nhiều đơn vị chủ trì)",
        &[],
        Some("AssignInput"),
        (201, "Tasks"),
    ),
    op(
        "get",
        "/api/v1/tasks/{id}",
        "tasks",
        "Nhiệm vụ và lịch sử",
        &[],
        None,
        (200, "Object"),
    ),
    op(
        "patch",
        "/api/v1/tasks/{id}",
        "tasks",
        "Văn phòng sửa thông tin nhiệm vụ (có ghi vết)",
        &[],
        Some("Correction"),
        (200, "Task"),
    ),
    op(
        "post",
        "/api/v1/tasks/{id}/accept",
        "task actions",
        "Đơn vị tiếp nhận nhiệm vụ",
        &[],
        None,
        (200, "Task"),
    ),
    op(
        "post",
        "/api/v1/tasks/{id}/progress",
        "task actions",
        "Báo cáo tiến độ",
        &[],
        Some("ProgressInput"),
        (200, "Task"),
    ),
    op(
        "post",
        "/api/v1/tasks/{id}/completion",
        "task actions",
        "Báo cáo hoàn thành",
        &[],
        Some("ClaimInput"),
        (200, "Task"),
    ),
    op(
        "post",
        "/api/v1/tasks/{id}/completion/confirm",
        "task actions",
        "Văn phòng xác nhận hoàn thành",
        &[],
        Some("NoteInput"),
        (200, "Task"),
    ),
    op(
        "post",
        "/api/v1/tasks/{id}/completion/return",
        "task actions",
        "Văn phòng trả lại báo cáo hoàn thành (bắt buộc lý do)",
        &[],
        Some("NoteInput"),
        (200, "Task"),
    ),
    op(
        "post",
        "/api/v1/tasks/{id}/extensions",
        "task actions",
        "Đơn vị xin gia hạn",
        &[],
        Some("ExtensionInput"),
        (201, "Object"),
    ),
    op(
        "post",
        "/api/v1/tasks/{id}/extensions/{ext}/decision",
        "task actions",
        "Lãnh đạo (hoặc Văn phòng) quyết định gia hạn",
        &[],
        Some("DecisionInput"),
        (200, "Task"),
    ),
    op(
        "post",
        "/api/v1/tasks/{id}/decline",
        "task actions",
        "Đơn vị từ chối nhiệm vụ không thuộc chức năng",
        &[],
        Some("ReasonInput"),
        (200, "Task"),
    ),
    op(
        "post",
        "/api/v1/tasks/{id}/reassign",
        "task actions",
        "Văn phòng giao lại cho đơn vị khác",
        &[],
        Some("ReassignInput"),
        (200, "Task"),
    ),
    op(
        "post",
        "/api/v1/tasks/{id}/delegate",
        "task actions",
        "Giao cho đơn vị cấp dưới (thời hạn không muộn hơn nhiệm vụ cha)",
        &[],
        Some("DelegateInput"),
        (201, "Tasks"),
    ),
    op(
        "post",
        "/api/v1/tasks/{id}/deadline",
        "task actions",
        "Điều chỉnh thời hạn",
        &[],
        Some("DeadlineChangeInput"),
        (200, "Task"),
    ),
    op(
        "post",
        "/api/v1/tasks/{id}/withdraw",
        "task actions",
        "Thu hồi nhiệm vụ",
        &[],
        Some("ReasonInput"),
        (200, "Task"),
    ),
    op(
        "post",
        "/api/v1/tasks/{id}/suspend",
        "task actions",
        "Tạm hoãn nhiệm vụ",
        &[],
        Some("ReasonInput"),
        (200, "Task"),
    ),
    op(
        "post",
        "/api/v1/tasks/{id}/resume",
        "task actions",
        "Tiếp tục nhiệm vụ tạm hoãn",
        &[],
        Some("ReasonInput"),
        (200, "Task"),
    ),
    op(
        "get",
        "/api/v1/report",
        "reports",
        "Báo cáo tình hình thực hiện nhiệm vụ",
        REPORT_QUERY,
        None,
        (200, "Object"),
    ),
    op(
        "get",
        "/api/v1/report/file/{format}",
        "reports",
        "Báo cáo thành tệp: format = xlsx hoặc docx",
        REPORT_QUERY,
        None,
        (200, ""),
    ),
    op(
        "get",
        "/api/v1/reports/issued",
        "reports",
        "Các báo cáo đã ban hành (số, tiêu đề, thời điểm)",
        &[],
        None,
        (200, "Object"),
    ),
    op(
        "post",
        "/api/v1/reports/issued",
        "reports",
        "Ban hành báo cáo: lưu cố định tham số và số liệu (number bắt buộc, duy nhất)",
        &[],
        Some("Object"),
        (200, "Object"),
    ),
    op(
        "get",
        "/api/v1/reports/issued/{id}",
        "reports",
        "Một báo cáo đã ban hành; diff=true: tính lại và liệt kê số liệu đã thay đổi",
        &[("diff", "boolean", "tính lại và so sánh")],
        None,
        (200, "Object"),
    ),
    op(
        "get",
        "/api/v1/tasks/export/{format}",
        "tasks",
        "Danh sách nhiệm vụ (theo bộ lọc) thành tệp: format = xlsx hoặc csv",
        TASK_QUERY,
        None,
        (200, ""),
    ),
    op(
        "post",
        "/api/v1/tasks/import",
        "tasks",
        "Nhập nhiệm vụ từ tệp .xlsx/.csv (thân yêu cầu là tệp): tất cả hoặc không",
        &[
            ("filename", "string", "tên tệp, .xlsx hoặc .csv (bắt buộc)"),
            ("dry_run", "boolean", "chỉ kiểm tra, không ghi"),
            (
                "create_units",
                "string",
                "tạo đơn vị chưa có dưới đơn vị này",
            ),
        ],
        None,
        (200, "Object"),
    ),
    op(
        "get",
        "/api/v1/search",
        "search",
        "Tìm kiếm văn bản và nhiệm vụ",
        SEARCH_QUERY,
        None,
        (200, "Object"),
    ),
    op(
        "get",
        "/api/v1/notifications",
        "notifications",
        "Thông báo của người gọi",
        &[("unread", "string", "1: chỉ thông báo chưa đọc")],
        None,
        (200, "Object"),
    ),
    op(
        "post",
        "/api/v1/notifications/{id}/read",
        "notifications",
        "Đánh dấu đã đọc",
        &[],
        None,
        (200, "Object"),
    ),
    op(
        "get",
        "/api/v1/indicators",
        "indicators",
        "Danh sách chỉ tiêu",
        &[],
        None,
        (200, "Objects"),
    ),
    op(
        "post",
        "/api/v1/indicators",
        "indicators",
        "Tạo chỉ tiêu",
        &[],
        Some("IndicatorInput"),
        (200, "Object"),
    ),
    op(
        "get",
        "/api/v1/indicators/summary",
        "indicators",
        "Tổng hợp chỉ tiêu của một kỳ (vượt / đạt / không đạt)",
        &[
            ("period", "string", "kỳ, ví dụ 2023 (bắt buộc)"),
            ("unit", "string", "đơn vị"),
        ],
        None,
        (200, "Object"),
    ),
    op(
        "get",
        "/api/v1/indicators/by-unit",
        "indicators",
        "Số chỉ tiêu đạt theo đơn vị",
        &[
            ("period", "string", "kỳ (bắt buộc)"),
            ("by", "string", "responsible: theo đơn vị chịu trách nhiệm"),
        ],
        None,
        (200, "Objects"),
    ),
    op(
        "post",
        "/api/v1/indicators/targets",
        "indicators",
        "Đặt chỉ tiêu kế hoạch",
        &[],
        Some("TargetInput"),
        (200, "Object"),
    ),
    op(
        "post",
        "/api/v1/indicators/values",
        "indicators",
        "Báo cáo giá trị thực hiện",
        &[],
        Some("ValueInput"),
        (200, "Object"),
    ),
    op(
        "get",
        "/api/v1/indicators/{code}/series",
        "indicators",
        "Chuỗi giá trị của chỉ tiêu",
        &[("unit", "string", "đơn vị (bắt buộc)")],
        None,
        (200, "Objects"),
    ),
    op(
        "get",
        "/api/v1/indicators/{code}/tasks",
        "indicators",
        "Nhiệm vụ gắn với chỉ tiêu",
        &[],
        None,
        (200, "Ids"),
    ),
    op(
        "post",
        "/api/v1/indicators/{code}/tasks",
        "indicators",
        "Gắn nhiệm vụ với chỉ tiêu",
        &[],
        Some("LinkInput"),
        (200, "Ids"),
    ),
    op(
        "get",
        "/api/v1/investment/summary",
        "investment",
        "Giải ngân vốn đầu tư công theo nguồn",
        &[
            ("year", "integer", "năm kế hoạch (bắt buộc)"),
            ("as_of", "string", "ngày số liệu YYYY-MM-DD (bắt buộc)"),
            ("unit", "string", "đơn vị"),
        ],
        None,
        (200, "Object"),
    ),
    op(
        "get",
        "/api/v1/investment/sources",
        "investment",
        "Nguồn vốn",
        &[],
        None,
        (200, "Objects"),
    ),
    op(
        "post",
        "/api/v1/investment/sources",
        "investment",
        "Thêm nguồn vốn (cây nguồn: nguồn cha tùy chọn)",
        &[],
        Some("Object"),
        (200, "Object"),
    ),
    op(
        "get",
        "/api/v1/figures/settings",
        "indicators",
        "Dung sai đánh giá chỉ tiêu (%) và các mốc giải ngân",
        &[],
        None,
        (200, "Object"),
    ),
    op(
        "post",
        "/api/v1/figures/settings",
        "indicators",
        "Sửa dung sai và các mốc giải ngân (lãnh đạo, Văn phòng, Sở KH&ĐT)",
        &[],
        Some("Object"),
        (200, "Object"),
    ),
    op(
        "post",
        "/api/v1/investment/plans",
        "investment",
        "Thêm dòng kế hoạch vốn",
        &[],
        Some("PlanInput"),
        (200, "Object"),
    ),
    op(
        "post",
        "/api/v1/investment/adjustments",
        "investment",
        "Điều chỉnh kế hoạch vốn",
        &[],
        Some("AdjustmentInput"),
        (200, "Object"),
    ),
    op(
        "post",
        "/api/v1/investment/disbursements",
        "investment",
        "Ghi số giải ngân lũy kế",
        &[],
        Some("DisbursementInput"),
        (200, "Object"),
    ),
];

/// The placeholder names of a path (`{id}`, `{ext}`…).
pub fn path_params(path: &str) -> Vec<&str> {
    path.split('/')
        .filter_map(|p| p.strip_prefix('{').and_then(|p| p.strip_suffix('}')))
        .collect()
}

fn param_schema(name: &str) -> Value {
    match name {
        "id" | "ext" => json!({"type": "integer", "format": "int64"}),
        "date" => json!({"type": "string", "format": "date"}),
        _ => json!({"type": "string"}),
    }
}

fn schema_ref(name: &str) -> Value {
    json!({"$ref": format!("#/components/schemas/{name}")})
}

fn error_response(description: &str) -> Value {
    json!({"description": description, "content": {"application/json": {"schema": schema_ref("Error")}}})
}

fn operation(o: &Operation) -> Value {
    let mut parameters: Vec<Value> = path_params(o.path)
        .into_iter()
        .map(|p| json!({"name": p, "in": "path", "required": true, "schema": param_schema(p)}))
        .collect();
    parameters.extend(o.query.iter().map(|(name, ty, desc)| {
        json!({"name": name, "in": "query", "required": false, "description": desc, "schema": {"type": ty}})
    }));
    let ok = if o.ok.1.is_empty() {
        json!({"description": "Thành công"})
    } else {
        json!({"description": "Thành công", "content": {"application/json": {"schema": schema_ref(o.ok.1)}}})
    };
    let mut responses = Map::new();
    responses.insert(o.ok.0.to_string(), ok);
    for (code, text) in [
        ("400", "Yêu cầu sai cú pháp (JSON, tham số)"),
        ("401", "Chưa xác thực"),
        (
            "403",
            "Không có quyền, hoặc thiếu X-CSRF-Token khi dùng phiên đăng nhập",
        ),
        ("404", "Không tìm thấy"),
        ("409", "Xung đột trạng thái (ví dụ nhiệm vụ đã hoàn thành)"),
        ("422", "Dữ liệu không hợp lệ; `fields` nêu từng trường"),
    ] {
        responses.insert(code.into(), error_response(text));
    }
    let mut v = json!({
        "tags": [o.tag],
        "summary": o.summary,
        "operationId": format!("{}_{}", o.method, o.path.trim_start_matches("/api/v1/").replace(['/', '{', '}', '.', '-'], "_")),
        "parameters": parameters,
        "responses": responses,
    });
    if let Some(body) = o.body {
        v["requestBody"] = json!({"required": true, "content": {"application/json": {"schema": schema_ref(body)}}});
    }
    if o.path == "/api/v1/openapi.json" {
        v["security"] = json!([]);
    }
    v
}

/// The whole document.
pub fn document() -> Value {
    let mut paths = Map::new();
    for o in OPERATIONS {
        let entry = paths.entry(o.path.to_string()).or_insert_with(|| json!({}));
        entry[o.method] = operation(o);
    }
    json!({
        "openapi": "3.0.3",
        "info": {
            "title": "theodoi API",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "Theo dõi nhiệm vụ do UBND tỉnh giao. Xác thực bằng mã API cá nhân (Bearer, tạo ở trang Tài khoản) hoặc tên/mật khẩu (Basic); phiên đăng nhập trình duyệt cũng dùng được nhưng mọi yêu cầu ghi phải kèm X-CSRF-Token. Quyền hạn giống hệt giao diện web. Lỗi luôn là JSON: {\"error\": mã, \"message\": lời nhắn tiếng Việt, \"fields\": [{\"field\", \"message\"}]}."
        },
        "servers": [{"url": "/"}],
        "security": [{"bearer": []}, {"basic": []}],
        "paths": paths,
        "components": {
            "securitySchemes": {
                "bearer": {"type": "http", "scheme": "bearer", "description": "Mã API cá nhân (td_…)"},
                "basic": {"type": "http", "scheme": "basic"}
            },
            "schemas": crate::api_schemas::schemas(),
        }
    })
}
