//! The JSON schemas of the OpenAPI document (`crate::api_doc`): request bodies as the
//! handlers read them, and the main response records.

use serde_json::{Map, Value, json};

fn s() -> Value {
    json!({"type": "string"})
}
fn int() -> Value {
    json!({"type": "integer", "format": "int64"})
}
fn num() -> Value {
    json!({"type": "number"})
}
fn boolean() -> Value {
    json!({"type": "boolean"})
}
fn date() -> Value {
    json!({"type": "string", "format": "date", "example": "2023-01-31"})
}
fn nullable(mut v: Value) -> Value {
    v["nullable"] = json!(true);
    v
}
fn ints() -> Value {
    json!({"type": "array", "items": int()})
}
fn r(name: &str) -> Value {
    json!({"$ref": format!("#/components/schemas/{name}")})
}

/// An object schema: required properties, then optional ones; unknown ones are refused.
fn obj(required: &[(&str, Value)], optional: &[(&str, Value)]) -> Value {
    let mut props = Map::new();
    for (k, v) in required.iter().chain(optional) {
        props.insert((*k).to_string(), v.clone());
    }
    let mut v = json!({"type": "object", "properties": props, "additionalProperties": false});
    if !required.is_empty() {
        v["required"] = json!(required.iter().map(|(k, _)| *k).collect::<Vec<_>>());
    }
    v
}

fn line_key() -> Vec<(&'static str, Value)> {
    vec![("year", int()), ("unit_id", int()), ("source", s())]
}

pub fn schemas() -> Value {
    let deadline = json!({
        "type": "object",
        "description": "Thời hạn: một ngày, hoặc lời văn tiếng Việt (\"hoàn thành trong tháng 01/2023\", \"trong 10 ngày làm việc kể từ ngày ký\", \"thường xuyên\"); để trống là không thời hạn",
        "properties": {"date": nullable(date()), "text": nullable(s())}
    });
    let task_row: Vec<(&str, Value)> = vec![
        ("clause", s()),
        ("coop_unit_ids", ints()),
        ("deadline", r("DeadlineInput")),
        ("is_key", boolean()),
        ("field", s()),
        ("secret", boolean()),
        ("assigned_by_user_id", nullable(int())),
    ];
    let document: Vec<(&str, Value)> = vec![
        ("issuer_unit_id", nullable(int())),
        ("issuer_text", s()),
        ("signer", s()),
        ("secrecy", nullable(s())),
        ("urgency", nullable(s())),
        ("parent_id", nullable(int())),
    ];
    let doc_required = [
        ("number", json!({"type": "string", "example": "05/TB-VP"})),
        ("date", date()),
        (
            "kind",
            json!({"type": "string", "example": "thong_bao_ket_luan"}),
        ),
        ("summary", s()),
    ];
    let mut registration_optional = document.clone();
    registration_optional.push(("tasks", json!({"type": "array", "items": r("TaskRow")})));
    let reason = [("reason", s()), ("date", nullable(date()))];
    let mut plan_optional = vec![
        ("project", s()),
        ("investor_unit_id", nullable(int())),
        ("pm_amount", nullable(int())),
        ("decision", s()),
    ];
    plan_optional.sort_by_key(|p| p.0);
    let mut adj_required = line_key();
    adj_required.extend([("date", date()), ("delta", int()), ("decision", s())]);
    let mut disb_required = line_key();
    disb_required.extend([("as_of", date()), ("cumulative", int())]);
    let mut plan_required = line_key();
    plan_required.push(("amount", int()));
    let mut all = json!({
        "Error": {
            "type": "object",
            "required": ["error", "message", "fields"],
            "properties": {
                "error": {"type": "string", "description": "mã lỗi ổn định", "enum": ["not_found", "invalid_input", "conflict", "forbidden", "unauthenticated", "internal", "bad_request", "unsupported_media_type", "method_not_allowed", "payload_too_large"]},
                "message": {"type": "string", "description": "lời nhắn tiếng Việt"},
                "fields": {"type": "array", "items": {"type": "object", "properties": {"field": s(), "message": s()}}}
            }
        },
        "Object": {"type": "object"},
        "Objects": {"type": "array", "items": {"type": "object"}},
        "Ids": ints(),
        "Unit": {"type": "object", "properties": {
            "id": int(), "code": s(), "name": s(), "short_name": s(), "kind": s(),
            "parent_id": nullable(int()), "aliases": {"type": "array", "items": s()},
            "valid_from": nullable(date()), "valid_to": nullable(date()), "successor_id": nullable(int())
        }},
        "Units": {"type": "array", "items": r("Unit")},
        "Task": {"type": "object", "properties": {
            "id": int(), "document_id": nullable(int()), "clause": s(), "content": s(),
            "lead_unit_id": int(), "coop_unit_ids": ints(), "assigned_by_user_id": nullable(int()),
            "assigned_by_unit_id": nullable(int()), "assigned_on": date(), "deadline_kind": s(),
            "deadline_text": s(), "deadline_original": nullable(date()), "deadline_current": nullable(date()),
            "is_key": boolean(), "field": s(), "parent_id": nullable(int()), "group_id": nullable(int()),
            "state": {"type": "string", "enum": ["new", "in_progress", "awaiting_confirmation", "completed", "declined", "suspended", "withdrawn"]},
            "completed_on": nullable(date()), "withdrawn_on": nullable(date()), "secret": boolean()
        }},
        "Tasks": {"type": "array", "items": r("Task")},
    });
    let inputs = json!({
        "DeadlineInput": deadline,
        "TaskRow": obj(&[("content", s()), ("lead_unit_ids", ints())], &task_row),
        "DocumentInput": obj(&doc_required, &document),
        "Registration": obj(&doc_required, &registration_optional),
        "MoreTasks": obj(&[("tasks", json!({"type": "array", "items": r("TaskRow")}))], &[]),
        "AssignInput": obj(&[("content", s()), ("lead_unit_ids", ints())], &[
            ("document_id", nullable(int())), ("clause", s()), ("coop_unit_ids", ints()),
            ("assigned_by_user_id", nullable(int())), ("assigned_by_unit_id", nullable(int())),
            ("assigned_on", nullable(date())), ("deadline", r("DeadlineInput")), ("is_key", boolean()),
            ("field", s()), ("secret", boolean()), ("parent_task_id", nullable(int())),
            ("recurring_until", nullable(date())),
        ]),
        "Correction": obj(&[("reason", s())], &[
            ("content", nullable(s())), ("clause", nullable(s())), ("field", nullable(s())),
            ("is_key", nullable(boolean())), ("lead_unit_id", nullable(int())),
            ("assigned_on", nullable(date())), ("deadline", r("DeadlineInput")),
        ]),
        "ProgressInput": obj(&[("text", s())], &[("percent", nullable(int())), ("date", nullable(date()))]),
        "ClaimInput": obj(&[("result_text", s())], &[("result_number", s()), ("finished_on", nullable(date()))]),
        "NoteInput": obj(&[], &[("note", s())]),
        "ExtensionInput": obj(&[("proposed_deadline", date()), ("reason", s())], &[]),
        "DecisionInput": obj(&[("approve", boolean())], &[("deadline", nullable(date())), ("note", s())]),
        "ReasonInput": obj(&[], &reason),
        "ReassignInput": obj(&[("unit_id", int())], &reason),
        "DelegateInput": obj(&[("unit_id", int()), ("content", s())], &[("deadline", r("DeadlineInput"))]),
        "DeadlineChangeInput": obj(&[("deadline", nullable(date())), ("reason", s())], &[]),
        "UnitInput": obj(&[("code", s()), ("name", s()), ("kind", s())], &[
            ("short_name", s()), ("parent_id", nullable(int())),
            ("aliases", json!({"type": "array", "items": s()})), ("valid_from", nullable(date())),
        ]),
        "MergeInput": obj(&[("successor_id", int()), ("on", date())], &[]),
        "UserInput": obj(&[("username", s()), ("full_name", s()), ("password", s()), ("role", s())], &[("unit_id", nullable(int())), ("title", s())]),
        "PasswordInput": obj(&[("new_password", s())], &[]),
        "DayInput": obj(&[("kind", json!({"type": "string", "enum": ["holiday", "day_in_lieu", "swapped_off", "swapped_working"]})), ("name", s())], &[("note", s())]),
        "SettingInput": obj(&[("value", s())], &[]),
        "IndicatorInput": {"type": "object", "required": ["code", "name", "unit_of_measure", "direction"], "properties": {
            "code": s(), "name": s(), "unit_of_measure": s(), "decimals": int(), "direction": s(),
            "aggregation": s(), "responsible_unit_id": nullable(int()), "decision": s()
        }},
        "TargetInput": {"type": "object", "required": ["indicator", "unit_id", "period"], "properties": {
            "indicator": s(), "unit_id": int(), "period": s(), "low": nullable(num()), "high": nullable(num()),
            "wording": s(), "decision": s()
        }},
        "ValueInput": {"type": "object", "required": ["indicator", "unit_id", "period", "value", "quality", "reported_on"], "properties": {
            "indicator": s(), "unit_id": int(), "period": s(), "value": num(), "quality": s(),
            "source": s(), "reported_on": date(), "weight": nullable(num())
        }},
        "LinkInput": {"type": "object", "required": ["task_id"], "properties": {"task_id": int()}},
    });
    let figures = json!({
        "PlanInput": obj(&plan_required, &plan_optional),
        "AdjustmentInput": obj(&adj_required, &[("project", s())]),
        "DisbursementInput": obj(&disb_required, &[("project", s()), ("note", s())]),
    });
    // Three literals: one would pass serde_json's macro recursion limit.
    if let Some(m) = all.as_object_mut() {
        for part in [inputs, figures] {
            if let Value::Object(p) = part {
                m.extend(p);
            }
        }
    }
    all
}
