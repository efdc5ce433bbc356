//! Dates and weekdays per language, from CLDR data through ICU4X (compiled data, Gregorian calendar).

/// Dates and weekdays in one language, from CLDR data.
pub(super) struct Dates {
    date: Option<
        icu_datetime::FixedCalendarDateTimeFormatter<
            icu_calendar::Gregorian,
            icu_datetime::fieldsets::YMD,
        >,
    >,
    weekday_date: Option<
        icu_datetime::FixedCalendarDateTimeFormatter<
            icu_calendar::Gregorian,
            icu_datetime::fieldsets::YMDE,
        >,
    >,
}

impl Dates {
    pub(super) fn new(tag: &str) -> Dates {
        use icu_datetime::fieldsets::{YMD, YMDE};
        use icu_datetime::FixedCalendarDateTimeFormatter;
        let locale =
            icu_locale_core::Locale::try_from_str(tag).unwrap_or(icu_locale_core::locale!("en-GB"));
        Dates {
            date: FixedCalendarDateTimeFormatter::try_new((&locale).into(), YMD::long()).ok(),
            weekday_date: FixedCalendarDateTimeFormatter::try_new((&locale).into(), YMDE::long())
                .ok(),
        }
    }

    fn gregorian(date: chrono::NaiveDate) -> Option<icu_calendar::Date<icu_calendar::Gregorian>> {
        use chrono::Datelike;
        icu_calendar::Date::try_new_gregorian(date.year(), date.month() as u8, date.day() as u8)
            .ok()
    }

    pub(super) fn date(&self, date: chrono::NaiveDate) -> String {
        match (&self.date, Dates::gregorian(date)) {
            (Some(f), Some(d)) => f.format(&d).to_string(),
            _ => date.format("%Y-%m-%d").to_string(),
        }
    }

    pub(super) fn weekday_date(&self, date: chrono::NaiveDate) -> String {
        match (&self.weekday_date, Dates::gregorian(date)) {
            (Some(f), Some(d)) => f.format(&d).to_string(),
            _ => date.format("%Y-%m-%d").to_string(),
        }
    }
}
