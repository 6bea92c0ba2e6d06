//! The task list's downloads ("Tải Excel", "Tải CSV"): the list on screen, with the same
//! filters, through the export code of `theodoi export tasks`.

use axum::extract::{Path, Query, State};

use super::reports::attachment;
use super::tasks::{Built, ListQuery, build_filter};
use crate::web::auth::Page;
use crate::web::{PageResult, Web};

pub async fn download(
    State(web): State<Web>,
    page: Page,
    Path(format): Path<String>,
    Query(q): Query<ListQuery>,
) -> PageResult {
    let Built { filter, errors, .. } = build_filter(&web, &page, &q).await?;
    errors.into_result()?;
    let file = web
        .s
        .export_task_filter(&page.actor, &filter, &format, &mut |_, _| {})
        .await?;
    Ok(attachment(file))
}
