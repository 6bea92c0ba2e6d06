//! Time comes from an injectable clock so tests and the demo choose their own "now".

use std::sync::{Arc, Mutex};

use chrono::{DateTime, FixedOffset, NaiveDate, Utc};

/// Vietnam's offset: UTC+7, no daylight saving.
pub fn vietnam() -> FixedOffset {
    FixedOffset::east_opt(7 * 3600)
        .unwrap_or_else(|| FixedOffset::east_opt(0).expect("zero offset"))
}

#[derive(Clone)]
pub enum Clock {
    System,
    /// A settable instant (tests, the demo's history).
    Fixed(Arc<Mutex<DateTime<Utc>>>),
}

impl Clock {
    pub fn fixed(at: DateTime<Utc>) -> Self {
        Self::Fixed(Arc::new(Mutex::new(at)))
    }

    /// A fixed clock at 09:00 Vietnam time on `day`.
    pub fn at_date(day: NaiveDate) -> Self {
        Self::fixed(morning(day))
    }

    pub fn now(&self) -> DateTime<Utc> {
        match self {
            Self::System => Utc::now(),
            Self::Fixed(t) => *t.lock().unwrap_or_else(|e| e.into_inner()),
        }
    }

    /// Today in Vietnam.
    pub fn today(&self) -> NaiveDate {
        self.now().with_timezone(&vietnam()).date_naive()
    }

    /// Moves a fixed clock (no effect on the system clock).
    pub fn set(&self, at: DateTime<Utc>) {
        if let Self::Fixed(t) = self {
            *t.lock().unwrap_or_else(|e| e.into_inner()) = at;
        }
    }

    pub fn set_date(&self, day: NaiveDate) {
        self.set(morning(day));
    }
}

fn morning(day: NaiveDate) -> DateTime<Utc> {
    let local = day.and_hms_opt(9, 0, 0).unwrap_or_default();
    (local - chrono::Duration::hours(7)).and_utc()
}
