//! Files for download: the report as .xlsx or .docx (task lists: `task_export`). Each
//! function returns the bytes with a file name and content type, so a web page, the API and
//! the CLI serve the same files.

use theodoi_core::access::Actor;
use theodoi_core::report::ReportParams;
use theodoi_core::{DomainError, DomainResult};

use super::Services;
use crate::export::DocxOptions;

/// A file ready to download.
#[derive(Debug, Clone)]
pub struct FileOut {
    pub bytes: Vec<u8>,
    pub filename: String,
    pub content_type: &'static str,
}

pub const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
pub const DOCX: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
pub const CSV: &str = "text/csv; charset=utf-8";

/// Settings for the Word report's fixed parts.
pub mod docx_keys {
    pub const ISSUER_PARENT: &str = "report_issuer_parent";
    pub const ISSUER: &str = "report_issuer";
    pub const PLACE: &str = "report_place";
    pub const SIGNER_TITLE: &str = "report_signer_title";
    pub const SIGNER_NAME: &str = "report_signer_name";
    /// Recipients separated by `|`.
    pub const RECIPIENTS: &str = "report_recipients";
}

pub(super) fn xlsx_err(e: rust_xlsxwriter::XlsxError) -> DomainError {
    DomainError::Internal(format!("không tạo được tệp Excel: {e}"))
}

impl Services {
    /// The fixed parts of the Word report, from the settings (defaults: Văn phòng UBND tỉnh
    /// Kiên Giang).
    pub async fn docx_options(&self) -> DomainResult<DocxOptions> {
        let mut o = DocxOptions::default();
        for (key, slot) in [
            (docx_keys::ISSUER_PARENT, &mut o.issuer_parent),
            (docx_keys::ISSUER, &mut o.issuer),
            (docx_keys::PLACE, &mut o.place),
            (docx_keys::SIGNER_TITLE, &mut o.signer_title),
            (docx_keys::SIGNER_NAME, &mut o.signer_name),
        ] {
            if let Some(v) = self.store.setting(key).await? {
                *slot = v;
            }
        }
        if let Some(v) = self.store.setting(docx_keys::RECIPIENTS).await? {
            o.recipients = v.split('|').map(|x| x.trim().to_string()).collect();
        }
        Ok(o)
    }

    /// The report as `xlsx` or `docx` (`number` is the document number printed on the Word
    /// report, e.g. `15/BC-VP`).
    pub async fn report_file(
        &self,
        actor: &Actor,
        params: &ReportParams,
        format: &str,
        number: Option<&str>,
    ) -> DomainResult<FileOut> {
        let report = self.report(actor, params).await?;
        let stem = format!(
            "bao-cao-{}-{}",
            params.window.from.format("%Y%m%d"),
            params.window.to.format("%Y%m%d")
        );
        match format {
            "xlsx" => Ok(FileOut {
                bytes: crate::export::report_xlsx(&report).map_err(xlsx_err)?,
                filename: format!("{stem}.xlsx"),
                content_type: XLSX,
            }),
            "docx" => {
                let mut o = self.docx_options().await?;
                if let Some(n) = number {
                    o.number = n.to_string();
                }
                let chart = crate::export::chart::units_chart(&report.units, 25)
                    .map_err(|e| DomainError::Internal(format!("không vẽ được biểu đồ: {e}")))?;
                let bytes = crate::export::report_docx(&report, &o, Some(chart))
                    .map_err(|e| DomainError::Internal(format!("không tạo được tệp Word: {e}")))?;
                Ok(FileOut {
                    bytes,
                    filename: format!("{stem}.docx"),
                    content_type: DOCX,
                })
            }
            other => Err(DomainError::invalid(
                "format",
                format!("định dạng '{other}' không hỗ trợ; dùng xlsx hoặc docx"),
            )),
        }
    }
}
