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
    /// "A, B and C" in this language.
    list: Option<icu_list::ListFormatter>,
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
            list: icu_list::ListFormatter::try_new_and(
                (&locale).into(),
                icu_list::options::ListFormatterOptions::default()
                    .with_length(icu_list::options::ListLength::Wide),
            )
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

    pub(super) fn list_and(&self, items: &[&str]) -> String {
        match &self.list {
            Some(f) => f.format_to_string(items.iter()),
            None => items.join(", "),
        }
    }

    pub(super) fn weekday_date(&self, date: chrono::NaiveDate) -> String {
        match (&self.weekday_date, Dates::gregorian(date)) {
            (Some(f), Some(d)) => f.format(&d).to_string(),
            _ => date.format("%Y-%m-%d").to_string(),
        }
    }
}
