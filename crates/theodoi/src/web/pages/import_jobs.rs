//! Task imports run from the web as background jobs: the uploaded file waits in a private
//! temporary file (never a copy sent back by the browser) under a random id bound to the user
//! who uploaded it; a check (dry run) and then, on confirmation, the import run in the
//! background while the status page shows rows done out of the total.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use theodoi_core::access::Actor;
use theodoi_core::ids::UserId;
use theodoi_core::{DomainError, DomainResult};

use crate::service::{ImportOptions, ImportOutcome, Services};

/// The largest upload a form or the API may send (a spreadsheet of some 100 000 tasks fits).
pub const MAX_UPLOAD_BYTES: usize = 64 * 1024 * 1024;

/// A job and its file are forgotten this long after the upload.
const KEEP: Duration = Duration::from_secs(2 * 60 * 60);

#[derive(Debug, Clone)]
pub enum Stage {
    /// The dry run is reading the file.
    Checking,
    /// The dry run's outcome: what a confirmation would import.
    Preview(ImportOutcome),
    /// Confirmed; the import is writing.
    Importing,
    /// The import's outcome (written, or refused with the bad rows).
    Done(ImportOutcome),
    Failed(String),
}

#[derive(Debug, Clone)]
pub struct Job {
    pub owner: UserId,
    pub filename: String,
    pub create_units: Option<String>,
    pub path: PathBuf,
    pub stage: Stage,
    pub done: u64,
    pub total: u64,
    pub started: Instant,
}

/// The jobs of this server process.
#[derive(Debug, Default)]
pub struct ImportJobs {
    jobs: Mutex<HashMap<String, Job>>,
}

fn random_id() -> DomainResult<String> {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes)
        .map_err(|e| DomainError::Internal(format!("không tạo được mã ngẫu nhiên: {e}")))?;
    Ok(hex::encode(bytes))
}

fn io_err(e: std::io::Error) -> DomainError {
    DomainError::Internal(format!("tệp tạm của lần nhập: {e}"))
}

impl ImportJobs {
    fn lock(&self) -> MutexGuard<'_, HashMap<String, Job>> {
        // A panic while holding the lock leaves plain data behind; keep serving it.
        self.jobs.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// The job, if it exists and belongs to `actor` (another user's id is "not found").
    pub fn get(&self, id: &str, actor: &Actor) -> DomainResult<Job> {
        self.lock()
            .get(id)
            .filter(|j| j.owner == actor.user.id)
            .cloned()
            .ok_or_else(|| DomainError::not_found(format!("lần nhập tệp {id}")))
    }

    fn update(&self, id: &str, f: impl FnOnce(&mut Job)) {
        if let Some(j) = self.lock().get_mut(id) {
            f(j);
        }
    }

    /// Forgets old jobs and removes their files.
    fn sweep(&self) {
        let mut jobs = self.lock();
        jobs.retain(|_, j| {
            let keep = j.started.elapsed() < KEEP;
            if !keep {
                let _ = std::fs::remove_file(&j.path);
            }
            keep
        });
    }

    /// Stores the upload and starts its check; returns the job's id.
    pub fn start(
        self: &Arc<Self>,
        s: &Services,
        actor: &Actor,
        filename: String,
        bytes: Vec<u8>,
        create_units: Option<String>,
    ) -> DomainResult<String> {
        actor.require_office("nhập nhiệm vụ từ tệp")?;
        self.sweep();
        let id = random_id()?;
        let dir = std::env::temp_dir().join("theodoi-imports");
        std::fs::create_dir_all(&dir).map_err(io_err)?;
        let ext = if filename.to_lowercase().ends_with(".csv") {
            "csv"
        } else {
            "xlsx"
        };
        let path = dir.join(format!("{id}.{ext}"));
        write_private(&path, &bytes).map_err(io_err)?;
        self.lock().insert(
            id.clone(),
            Job {
                owner: actor.user.id,
                filename,
                create_units,
                path,
                stage: Stage::Checking,
                done: 0,
                total: 0,
                started: Instant::now(),
            },
        );
        self.run(s, actor, &id, true);
        Ok(id)
    }

    /// Confirms a checked upload: imports it, all or nothing, in the background.
    pub fn confirm(self: &Arc<Self>, s: &Services, actor: &Actor, id: &str) -> DomainResult<()> {
        actor.require_office("nhập nhiệm vụ từ tệp")?;
        let job = self.get(id, actor)?;
        match &job.stage {
            Stage::Preview(o) if o.errors.is_empty() => {}
            Stage::Preview(_) => {
                return Err(DomainError::Conflict(
                    "tệp còn dòng lỗi; sửa tệp rồi tải lên lại".into(),
                ));
            }
            _ => {
                return Err(DomainError::Conflict(
                    "lần nhập này không ở bước chờ xác nhận".into(),
                ));
            }
        }
        self.update(id, |j| {
            j.stage = Stage::Importing;
            j.done = 0;
        });
        self.run(s, actor, id, false);
        Ok(())
    }

    /// Runs the check or the import of a job in the background, reporting progress.
    fn run(self: &Arc<Self>, s: &Services, actor: &Actor, id: &str, dry_run: bool) {
        let (jobs, s, actor, id) = (self.clone(), s.clone(), actor.clone(), id.to_string());
        tokio::spawn(async move {
            let Ok(job) = jobs.get(&id, &actor) else {
                return;
            };
            let bytes = match std::fs::read(&job.path) {
                Ok(b) => b,
                Err(e) => {
                    jobs.update(&id, |j| j.stage = Stage::Failed(io_err(e).to_string()));
                    return;
                }
            };
            let opts = ImportOptions {
                dry_run,
                create_units_under: job.create_units.clone(),
            };
            let progress_jobs = jobs.clone();
            let progress_id = id.clone();
            let mut progress = move |done: u64, total: u64| {
                progress_jobs.update(&progress_id, |j| {
                    j.done = done;
                    j.total = total;
                });
            };
            let result = s
                .import_tasks(&actor, &bytes, &job.filename, &opts, &mut progress)
                .await;
            jobs.update(&id, |j| {
                j.stage = match result {
                    Ok(o) if dry_run => Stage::Preview(o),
                    Ok(o) => Stage::Done(o),
                    Err(DomainError::Internal(detail)) => {
                        tracing::error!(%detail, "import job failed");
                        Stage::Failed("Lỗi hệ thống; không có gì được ghi.".into())
                    }
                    Err(e) => Stage::Failed(e.to_string()),
                };
            });
            if !dry_run {
                let _ = std::fs::remove_file(&job.path);
            }
        });
    }
}

/// Writes the upload readable by this process's user only.
fn write_private(path: &std::path::Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let mut o = std::fs::OpenOptions::new();
    o.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        o.mode(0o600);
    }
    o.open(path)?.write_all(bytes)
}
