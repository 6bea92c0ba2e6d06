//! Shared test fixtures: databases on both backends, the demo province.

use chrono::NaiveDate;
use theodoi::clock::Clock;
use theodoi::service::Services;
use theodoi_store::Store;

pub fn d(s: &str) -> NaiveDate {
    theodoi_core::window::parse_iso(s).expect("date")
}

pub struct Db {
    pub url: String,
    pub admin_url: Option<(String, String)>,
}

impl Db {
    pub async fn sqlite(name: &str) -> Self {
        let dir = std::env::temp_dir().join(format!("theodoi-it-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("tmp dir");
        Self {
            url: format!("sqlite://{}", dir.join("t.db").display()),
            admin_url: None,
        }
    }

    pub async fn postgres(base: &str, name: &str) -> Self {
        let db = format!("theodoi_it_{}_{name}", std::process::id());
        let admin = Store::connect(base).await.expect("connect to PostgreSQL");
        sqlx::query(sqlx::AssertSqlSafe(format!("DROP DATABASE IF EXISTS {db}")))
            .execute(admin.pool())
            .await
            .expect("drop");
        sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {db}")))
            .execute(admin.pool())
            .await
            .expect("create");
        admin.close().await;
        let (prefix, _) = base.rsplit_once('/').expect("url with a database");
        Self {
            url: format!("{prefix}/{db}"),
            admin_url: Some((base.to_string(), db)),
        }
    }

    pub async fn drop(self) {
        if let Some((base, db)) = self.admin_url
            && let Ok(admin) = Store::connect(&base).await
        {
            let _ = sqlx::query(sqlx::AssertSqlSafe(format!(
                "DROP DATABASE IF EXISTS {db} WITH (FORCE)"
            )))
            .execute(admin.pool())
            .await;
        }
    }
}

pub async fn demo(url: &str) -> Services {
    let store = Store::open(url).await.expect("open");
    let s = Services::new(store, Clock::at_date(d("2022-12-01")));
    theodoi::demo::load(&s).await.expect("demo loads");
    s
}

/// Runs `f` on a fresh SQLite database, and on a fresh PostgreSQL database when
/// THEODOI_TEST_PG is set (otherwise says the PostgreSQL run was skipped).
pub async fn on_postgres(name: &str) -> Option<Db> {
    match std::env::var("THEODOI_TEST_PG") {
        Ok(base) => Some(Db::postgres(&base, name).await),
        Err(_) => {
            eprintln!(
                "SKIPPED: THEODOI_TEST_PG is not set; the PostgreSQL run of {name} did not run"
            );
            None
        }
    }
}
