//! theodoi's storage: one [`Store`] over SQLite (the embedded default) or PostgreSQL
//! (chosen by a `postgres://` URL). One query set serves both through sqlx's `Any` driver;
//! each backend has its own migrations folder. Every write goes through a [`Tx`] that
//! writes its audit event in the same transaction.

mod audit;
pub mod backup;
mod calendar;
mod documents;
mod error;
mod export;
mod facts;
mod import_batch;
mod indicators;
mod inspections;
mod investment;
mod issued;
mod notify;
mod remind;
mod report;
mod report_details;
mod report_mem;
pub mod report_slice;
mod rows;
pub mod search;
mod search_reindex;
mod sessions;
mod settings;
mod silent_units;
mod tasks;
mod tasks_read;
mod units;
mod users;
mod web_reads;

use std::str::FromStr;
use std::time::Duration;

use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::{Any, AnyPool, ConnectOptions, Executor, Transaction};

pub use documents::{DocumentFilter, NewDocument};
pub use error::{StoreError, StoreResult};
pub use export::ImportKeys;
pub use import_batch::ImportedTask;
pub use indicators::NewIndicator;
pub use inspections::{Inspection, InspectionVisit, NewInspection};
pub use investment::InvestmentData;
pub use issued::IssuedReport;
pub use notify::Urging;
pub use remind::{MailContact, Notification};
pub use sessions::{ApiTokenInfo, SessionRecord};
pub use silent_units::SilentUnit;
pub use tasks::{NewTask, TaskUpdate};
pub use tasks_read::{TaskFilter, TaskHistory, TaskPage, TaskRow, TaskSort, Timeframe};
pub use units::NewUnit;
pub use users::{NewUser, UserAuth};
pub use web_reads::PendingExtension;

/// Which database a store talks to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    pub fn from_url(url: &str) -> StoreResult<Self> {
        if url.starts_with("sqlite:") {
            Ok(Self::Sqlite)
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Ok(Self::Postgres)
        } else {
            Err(StoreError::Config(format!(
                "địa chỉ cơ sở dữ liệu '{}' không hợp lệ: dùng sqlite://TỆP.db hoặc postgres://…",
                redact(url)
            )))
        }
    }
}

/// Hides a password in a database URL before it is shown or logged.
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            let userinfo = &url[scheme + 3..at];
            match userinfo.split_once(':') {
                Some((user, _)) => format!("{}://{}:***@{}", &url[..scheme], user, &url[at + 1..]),
                None => url.to_string(),
            }
        }
        _ => url.to_string(),
    }
}

#[derive(Clone)]
pub struct Store {
    pool: AnyPool,
    backend: Backend,
    cache: facts::SharedCache,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store")
            .field("backend", &self.backend)
            .finish()
    }
}

/// Every SQLite connection: foreign keys, WAL with a 10 s wait for the writer, and a page
/// cache large enough for a database of a million tasks (64 MiB per connection, 4
/// connections) with the file also mapped into memory (up to 2 GiB), so that reads of a large
/// database do not go through a 2 MiB cache and a system call per page.
const SQLITE_PRAGMAS: &str = "PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 10000; \
    PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA cache_size = -65536; \
    PRAGMA mmap_size = 2147483648; PRAGMA temp_store = MEMORY;";

impl Store {
    /// Opens the database at `url`, creating a SQLite file if it does not exist, and brings
    /// its schema up to date.
    pub async fn open(url: &str) -> StoreResult<Self> {
        let store = Self::connect(url).await?;
        store.migrate().await?;
        Ok(store)
    }

    /// Opens without migrating.
    pub async fn connect(url: &str) -> StoreResult<Self> {
        sqlx::any::install_default_drivers();
        let backend = Backend::from_url(url)?;
        let url = match backend {
            Backend::Sqlite if !url.contains("mode=") => {
                let sep = if url.contains('?') { '&' } else { '?' };
                format!("{url}{sep}mode=rwc")
            }
            _ => url.to_string(),
        };
        let options = AnyConnectOptions::from_str(&url)
            .map_err(|e| StoreError::Config(format!("địa chỉ cơ sở dữ liệu không hợp lệ: {e}")))?
            .log_statements(tracing_off());
        let max = match backend {
            Backend::Sqlite => 4,
            Backend::Postgres => 8,
        };
        let pool = AnyPoolOptions::new()
            .max_connections(max)
            .acquire_timeout(Duration::from_secs(30))
            .after_connect(move |conn, _meta| {
                Box::pin(async move {
                    if backend == Backend::Sqlite {
                        conn.execute(SQLITE_PRAGMAS).await?;
                    }
                    Ok(())
                })
            })
            .connect_with(options)
            .await
            .map_err(|e| {
                StoreError::Config(format!(
                    "không kết nối được cơ sở dữ liệu {}: {e}",
                    redact(&url)
                ))
            })?;
        Ok(Self {
            pool,
            backend,
            cache: Default::default(),
        })
    }

    pub async fn migrate(&self) -> StoreResult<()> {
        let migrator = match self.backend {
            Backend::Sqlite => sqlx::migrate!("./migrations/sqlite"),
            Backend::Postgres => sqlx::migrate!("./migrations/postgres"),
        };
        migrator
            .run(&self.pool)
            .await
            .map_err(|e| StoreError::Migration(e.to_string()))
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    pub fn pool(&self) -> &AnyPool {
        &self.pool
    }

    /// Starts a write transaction.
    pub async fn begin(&self) -> StoreResult<Tx> {
        let inner = self.pool.begin().await?;
        Ok(Tx {
            inner,
            backend: self.backend,
            store: self.clone(),
            touched: Default::default(),
            everything: false,
        })
    }

    pub async fn close(&self) {
        self.pool.close().await;
    }
}

fn tracing_off() -> log::LevelFilter {
    log::LevelFilter::Off
}

/// A write transaction. Dropping it without [`Tx::commit`] rolls everything back.
pub struct Tx {
    inner: Transaction<'static, Any>,
    backend: Backend,
    store: Store,
    /// Tasks this transaction changed, for the in-memory report facts.
    touched: std::collections::HashSet<i64>,
    everything: bool,
}

impl Tx {
    pub async fn commit(self) -> StoreResult<()> {
        self.inner.commit().await?;
        self.store.mark_dirty(&self.touched, self.everything);
        Ok(())
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }
}
