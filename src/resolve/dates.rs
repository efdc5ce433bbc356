//! The basis of dates: a moment's `basis`/`derived_from`/`expected` fields, and sources whose outlet or date is
//! marked inferred although the text prints it. Warnings only: the editor decides.

use std::path::Path;

use chrono::{Datelike, NaiveDate};

use crate::diagnostic::{Diagnostic, Diagnostics, Location};
use crate::load::{DateBasis, LoadedSource, MomentFile};

/// A `YYYY-MM-DD` date, spaces around it ignored.
pub(super) fn parse_date(text: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").ok()
}

/// Warns about a moment whose basis fields disagree, or an expected moment marked as a key event.
pub(super) fn check_moment(
    m: &MomentFile,
    file: &Path,
    at: &dyn Fn(&str) -> Option<Location>,
    diags: &mut Diagnostics,
) {
    let anchor = m
        .derived_from
        .as_deref()
        .map(str::trim)
        .filter(|a| !a.is_empty());
    if m.basis == DateBasis::Derived && anchor.is_none() {
        diags.push(
            Diagnostic::warning(file, format!("the date of `{}` is derived, but not from what", m.title))
                .at(at("basis"))
                .with_hint("say what it was worked out from, e.g. `derived_from: '\"Tuesday\" in the report dated 12 September'`"),
        );
    }
    if m.basis != DateBasis::Derived && m.derived_from.is_some() {
        diags.push(
            Diagnostic::warning(
                file,
                format!(
                    "`derived_from` is set on `{}`, whose basis is not `derived`",
                    m.title
                ),
            )
            .at(at("derived_from"))
            .with_hint("add `basis: derived`, or remove `derived_from`"),
        );
    }
    if m.expected && m.key {
        diags.push(
            Diagnostic::warning(file, format!("`{}` is expected, so it is not shown among the key moments", m.title))
                .at(at("key"))
                .with_hint("an announcement is not an event: remove `key: true`; once it happens, add the moment itself"),
        );
    }
}

/// Warns when a source marked `outlet_inferred` or `published_inferred` prints that outlet or date in its text.
pub(super) fn check_source(loaded: &LoadedSource, published: NaiveDate, diags: &mut Diagnostics) {
    let front = &loaded.front.value;
    let doc = &loaded.front.doc;
    let text = loaded.text.as_str();
    // Lowercasing can change byte lengths, so offsets are only used within the string they come from.
    let line_of = |hay: &str, at: usize| loaded.text_line + hay[..at].matches('\n').count();
    if front.outlet_inferred {
        if let Some(at) = find_word(text, front.outlet.trim()) {
            diags.push(
                Diagnostic::warning(
                    &doc.path,
                    format!(
                        "the outlet `{}` is marked inferred, but the text prints it (line {})",
                        front.outlet.trim(),
                        line_of(text, at)
                    ),
                )
                .at(doc.loc("outlet_inferred"))
                .with_hint("if that line credits this text to the outlet, remove `outlet_inferred: true`; if it only mentions the outlet, keep it"),
            );
        }
    }
    if front.published_inferred && published != NaiveDate::MIN {
        let lower = fold(text);
        let mut forms = printed_forms(published);
        forms.extend(localized_forms(published, &front.language));
        let found = forms
            .into_iter()
            .find_map(|form| find_word(&lower, &form).map(|at| (at, form)));
        if let Some((at, form)) = found {
            diags.push(
                Diagnostic::warning(
                    &doc.path,
                    format!(
                        "the date {} is marked inferred, but the text prints “{}” (line {})",
                        published.format("%Y-%m-%d"),
                        // The text's own spelling, when lowercasing kept the offsets.
                        text.get(at..at + form.len())
                            .filter(|t| t.eq_ignore_ascii_case(&form))
                            .unwrap_or(&form),
                        line_of(&lower, at)
                    ),
                )
                .at(doc.loc("published_inferred"))
                .with_hint("if it is the article's own date, remove `published_inferred: true`; if it dates something else, keep it"),
            );
        }
    }
}

/// Common printed forms of a date, lowercase: "12 september 2023", "september 12, 2023", "2023-09-12", "12-sep-2023"...
fn printed_forms(date: NaiveDate) -> Vec<String> {
    let (d, y) = (date.day(), date.year());
    let month = date.format("%B").to_string().to_lowercase();
    let mon = date.format("%b").to_string().to_lowercase();
    let mut forms = vec![date.format("%Y-%m-%d").to_string()];
    for m in [&month, &mon, &format!("{mon}.")] {
        forms.extend([
            format!("{d} {m} {y}"),
            format!("{d:02} {m} {y}"),
            format!("{m} {d}, {y}"),
            format!("{m} {d} {y}"),
            format!("{d}-{m}-{y}"),
            format!("{d:02}-{m}-{y}"),
        ]);
    }
    forms.sort();
    forms.dedup();
    forms
}

/// Lowercase, with the no-break spaces CLDR patterns use folded to plain spaces.
fn fold(text: &str) -> String {
    let spaces = ['\u{a0}', '\u{202f}', '\u{2009}'];
    // A capital sigma lowercases by its neighbours (final or not): only `to_lowercase` knows how.
    if text.contains('\u{3a3}') {
        return text.to_lowercase().replace(spaces, " ");
    }
    // Every other character lowercases on its own: ASCII runs in place (no ASCII letter lowercases to more
    // bytes), the rest by the table (`to_lowercase` goes a character at a time after its first non-ASCII one).
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while !rest.is_empty() {
        let ascii = rest
            .bytes()
            .position(|b| !b.is_ascii())
            .unwrap_or(rest.len());
        let from = out.len();
        out.push_str(&rest[..ascii]);
        out[from..].make_ascii_lowercase();
        rest = &rest[ascii..];
        let mut chars = rest.chars();
        if let Some(c) = chars.next() {
            if spaces.contains(&c) {
                out.push(' ');
            } else {
                out.extend(c.to_lowercase());
            }
            rest = chars.as_str();
        }
    }
    out
}

/// The date as CLDR writes it in the text's language (long, medium and short; native and Latin digits), folded.
fn localized_forms(date: NaiveDate, language: &str) -> Vec<String> {
    use icu_datetime::fieldsets::YMD;
    use icu_datetime::FixedCalendarDateTimeFormatter;
    let Ok(day) =
        icu_calendar::Date::try_new_gregorian(date.year(), date.month() as u8, date.day() as u8)
    else {
        return Vec::new();
    };
    let mut forms = Vec::new();
    for tag in [language.to_owned(), format!("{language}-u-nu-latn")] {
        let Ok(locale) = icu_locale_core::Locale::try_from_str(&tag) else {
            continue;
        };
        for fieldset in [YMD::long(), YMD::medium(), YMD::short()] {
            let formatter: Result<FixedCalendarDateTimeFormatter<icu_calendar::Gregorian, YMD>, _> =
                FixedCalendarDateTimeFormatter::try_new((&locale).into(), fieldset);
            if let Ok(f) = formatter {
                forms.push(fold(&f.format(&day).to_string()));
            }
        }
    }
    forms.sort();
    forms.dedup();
    forms
}

/// Byte offset of `needle` in `hay`, not inside a longer word or number.
fn find_word(hay: &str, needle: &str) -> Option<usize> {
    if needle.is_empty() {
        return None;
    }
    memchr::memmem::find_iter(hay.as_bytes(), needle.as_bytes()).find(|&at| {
        let before = hay[..at].chars().next_back();
        let after = hay[at + needle.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn printed_forms_cover_the_common_spellings() {
        let forms = printed_forms(NaiveDate::from_ymd_opt(2023, 9, 5).unwrap());
        for f in [
            "5 september 2023",
            "september 5, 2023",
            "2023-09-05",
            "05-sep-2023",
            "sep 5, 2023",
            "sep. 5, 2023",
        ] {
            assert!(forms.contains(&f.to_owned()), "{f} missing from {forms:?}");
        }
    }

    #[test]
    fn localized_forms_follow_the_texts_language() {
        let date = NaiveDate::from_ymd_opt(2023, 9, 12).unwrap();
        let fr = localized_forms(date, "fr");
        assert!(fr.contains(&"12 septembre 2023".to_owned()), "{fr:?}");
        let ko = localized_forms(date, "ko");
        assert!(ko.iter().any(|f| f.contains("2023년 9월 12일")), "{ko:?}");
        let de = localized_forms(date, "de");
        assert!(de.contains(&"12. september 2023".to_owned()), "{de:?}");
        assert!(localized_forms(date, "not a tag!").is_empty());
    }

    #[test]
    fn ascii_text_folds_as_any_text_does() {
        for text in [
            "On 5 September 2023, SEOUL said",
            "",
            "MiXeD 12-SEP-2023 ok.",
        ] {
            assert_eq!(fold(text), text.to_lowercase());
        }
        assert_eq!(fold("5\u{a0}Sept. 2023 İ"), "5 sept. 2023 i\u{307}");
        // Other scripts, and a capital sigma, as `to_lowercase` folds them.
        for text in [
            "«Le 12 SEPTEMBRE 2023», dit-il\u{202f}: ÉTÉ",
            "ΟΔΟΣ ΣΟΦΙΑΣ, 12 Σεπτεμβρίου 2023",
            "Сентября 12, 2023 г. — МОСКВА",
            "2023년 9월 12일 ÀB",
        ] {
            let expected = text
                .to_lowercase()
                .replace(['\u{a0}', '\u{202f}', '\u{2009}'], " ");
            assert_eq!(fold(text), expected, "{text}");
        }
    }

    #[test]
    fn find_word_skips_longer_numbers_and_words() {
        assert_eq!(find_word("on 15 september 2023", "5 september 2023"), None);
        assert_eq!(find_word("(5 september 2023)", "5 september 2023"), Some(1));
        assert_eq!(find_word("the daily news", "daily"), Some(4));
        assert_eq!(find_word("dailynews", "daily"), None);
        // A later match counts when the first is inside a word; non-ASCII neighbours are letters too.
        assert_eq!(find_word("dailyx daily", "daily"), Some(7));
        assert_eq!(find_word("édaily", "daily"), None);
    }

    proptest::proptest! {
        #[test]
        fn fold_is_lowercasing_with_plain_spaces(text in "[a-zA-Z \u{a0}\u{202f}\u{2009}\u{3a3}\u{3c3}İÉ\\PC]{0,40}") {
            let expected = text.to_lowercase().replace(['\u{a0}', '\u{202f}', '\u{2009}'], " ");
            proptest::prop_assert_eq!(fold(&text), expected);
        }
    }
}
