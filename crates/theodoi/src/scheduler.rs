//! The reminder scheduler inside `theodoi serve`: a `tokio::time::interval` loop that runs the
//! day's reminders and sends the e-mail digests. Safe with several instances on one
//! database: reminders are recorded once by their dedupe keys and each digest is claimed.
//! A slow or unreachable mail server only delays mail; the loop runs on its own task.

use std::time::Duration;

use crate::mail::MailConfig;
use crate::service::Services;

/// One pass: today's reminders, then the digests (when mail is configured).
pub async fn tick(s: &Services, mail: Option<&MailConfig>) {
    let today = match s.today().await {
        Ok(d) => d,
        Err(e) => {
            tracing::warn!(error = %e, "nhắc việc: không xác định được ngày");
            return;
        }
    };
    match s.run_reminders(today, false).await {
        Ok(run) if run.new_count() > 0 => {
            tracing::info!(day = %today, new = run.new_count(), "nhắc việc: đã ghi nhận")
        }
        Ok(_) => {}
        Err(e) => tracing::warn!(error = %e, "nhắc việc: lỗi khi chạy"),
    }
    if let Some(mail) = mail {
        match s.send_digests(mail, today).await {
            Ok(r) => {
                if !r.sent.is_empty() || !r.failed.is_empty() {
                    tracing::info!(
                        sent = r.sent.len(),
                        failed = r.failed.len(),
                        "nhắc việc: thư tổng hợp"
                    );
                }
                for (user, e) in &r.failed {
                    tracing::warn!(user = user.0, error = %e, "nhắc việc: thư chưa gửi được, sẽ thử lại");
                }
            }
            Err(e) => tracing::warn!(error = %e, "nhắc việc: lỗi khi gửi thư"),
        }
    }
}

/// Starts the loop (THEODOI_REMIND_EVERY seconds, default 300; 0 turns it off). Mail settings
/// come from THEODOI_SMTP_*; bad settings stop the start with a clear message.
pub fn spawn_from_env(s: &Services) -> anyhow::Result<()> {
    let mail = MailConfig::from_env().map_err(|e| anyhow::anyhow!("cấu hình thư: {e}"))?;
    let every = match std::env::var("THEODOI_REMIND_EVERY") {
        Ok(v) => v.trim().parse::<u64>().map_err(|_| {
            anyhow::anyhow!("THEODOI_REMIND_EVERY: '{v}' không phải số giây hợp lệ (0 để tắt)")
        })?,
        Err(_) => 300,
    };
    if every == 0 {
        tracing::info!("nhắc việc tự động đang tắt (THEODOI_REMIND_EVERY=0)");
        return Ok(());
    }
    match &mail {
        Some(m) => {
            tracing::info!(server = %m.host, port = m.port, "nhắc việc: gửi thư qua máy chủ")
        }
        None => tracing::info!(
            "nhắc việc: chưa cấu hình máy chủ thư (THEODOI_SMTP_HOST); chỉ thông báo trong ứng dụng"
        ),
    }
    let s = s.clone();
    tokio::spawn(async move {
        let mut interval = tokio::time::interval(Duration::from_secs(every));
        interval.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            interval.tick().await;
            tick(&s, mail.as_ref()).await;
        }
    });
    Ok(())
}
