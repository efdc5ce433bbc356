//! The reader-visible words of a site: the theme's Fluent locale files (`locales/<tag>.ftl`), CLDR plural
//! rules through `fluent-bundle`, and dates and weekdays per locale from CLDR data through ICU4X.

mod dates;
mod memo;
mod slots;
mod templates;

pub use templates::{register, UI_VAR};

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use intl_pluralrules::{PluralCategory, PluralRuleType, PluralRules};
use unic_langid::LanguageIdentifier;

use crate::diagnostic::{Diagnostic, Location};
use crate::render::theme::ThemeFiles;

use dates::Dates;
use memo::Memo;

/// The locale every theme must ship, and the one used when a dossier's language has none.
pub const FALLBACK: &str = "en";

/// Messages whose id starts with this are sent to the page script.
const JS_PREFIX: &str = "js-";

/// The theme's locale files: `(tag, file as shown in messages, text)` for every `locales/<tag>.ftl`, the
/// dossier's own over the built-in ones, sorted by tag.
pub fn read_locale_files(files: &ThemeFiles) -> Vec<(String, PathBuf, String)> {
    let mut out = Vec::new();
    for (rel, _) in files.list("locales") {
        let Some(tag) = rel
            .strip_prefix("locales/")
            .and_then(|n| n.strip_suffix(".ftl"))
            .filter(|t| !t.contains('/'))
        else {
            continue;
        };
        if let Ok(text) = files.read_text(&rel) {
            out.push((tag.to_owned(), files.shown(&rel), text));
        }
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

/// One interface language: its messages, with English under it for any message it lacks.
pub struct Ui {
    /// The locale file's tag, e.g. `fr`.
    pub tag: String,
    bundle: FluentBundle<Arc<FluentResource>>,
    /// Message ids, English's first.
    ids: Vec<String>,
    /// Dates and weekdays.
    dates: Dates,
    /// The same messages, with every number written as `{n}`: the page script fills them in.
    js_bundle: FluentBundle<Arc<FluentResource>>,
    /// One number of each plural category the language has, for the script's messages.
    plural_samples: Vec<(&'static str, u32)>,
    /// Messages already formatted.
    memo: Memo,
}

impl Ui {
    fn new(
        tag: &str,
        langid: LanguageIdentifier,
        resources: &[Arc<FluentResource>],
    ) -> Result<Ui, String> {
        let make = |numbers_as_placeholder: bool| {
            let mut bundle = FluentBundle::new_concurrent(vec![langid.clone()]);
            // Bidi isolation marks around every argument would end up in attributes and the search index.
            bundle.set_use_isolating(false);
            if numbers_as_placeholder {
                bundle.set_formatter(Some(number_placeholder));
            }
            for r in resources {
                bundle.add_resource_overriding(Arc::clone(r));
            }
            bundle
        };
        let rules = PluralRules::create(langid.clone(), PluralRuleType::CARDINAL)
            // CLDR's rules are per language; a region it does not list (pt-BR) takes its language's.
            .or_else(|_| {
                let base = LanguageIdentifier::from_parts(langid.language, None, None, &[]);
                PluralRules::create(base, PluralRuleType::CARDINAL)
            })
            .or_else(|_| {
                PluralRules::create(
                    FALLBACK.parse::<LanguageIdentifier>().unwrap_or_default(),
                    PluralRuleType::CARDINAL,
                )
            })
            .map_err(|e| e.to_string())?;
        let mut plural_samples: Vec<(&'static str, u32)> = Vec::new();
        for n in 0..200u32 {
            if let Ok(category) = rules.select(n) {
                let name = category_name(category);
                if !plural_samples.iter().any(|(c, _)| *c == name) {
                    plural_samples.push((name, n));
                }
            }
        }
        Ok(Ui {
            tag: tag.to_owned(),
            bundle: make(false),
            js_bundle: make(true),
            plural_samples,
            ids: Vec::new(),
            dates: Dates::new(tag),
            memo: Memo::default(),
        })
    }

    /// True when the message `key` exists (in this language or in English).
    pub fn has(&self, key: &str) -> bool {
        self.bundle.has_message(key)
    }

    /// The message `key` formatted with `args`, or `None` when no locale has it.
    pub fn format(&self, key: &str, args: Option<&FluentArgs>) -> Option<String> {
        format_in(&self.bundle, key, args)
    }

    /// The message `key` formatted with `args`, if it uses the variables `texts` only as interpolations (see
    /// [`slots`]).
    fn format_interpolating(&self, key: &str, args: &FluentArgs, texts: &[&str]) -> Option<String> {
        let pattern = self.bundle.get_message(key)?.value()?;
        if !slots::interpolates_only(&pattern.elements, texts) {
            return None;
        }
        format_in(&self.bundle, key, Some(args))
    }

    /// The message `key` without arguments; the key itself when it is missing (the locale test catches that).
    pub fn t(&self, key: &str) -> String {
        self.memo.get_or(key, &[], || {
            self.format(key, None).unwrap_or_else(|| key.to_owned())
        })
    }

    /// The message `key` with named arguments (numbers are counts, chosen by plural rules).
    pub fn t_with(&self, key: &str, args: &[(&str, Arg)]) -> String {
        self.memo.get_or(key, args, || {
            let mut fargs = FluentArgs::new();
            for (name, value) in args {
                match value {
                    Arg::Str(s) => fargs.set(*name, FluentValue::from(s.as_str())),
                    Arg::Num(n) => fargs.set(*name, FluentValue::from(*n)),
                }
            }
            self.format(key, Some(&fargs))
                .unwrap_or_else(|| key.to_owned())
        })
    }

    /// Every `js-` message for the page script, as JSON: `{"lang": tag, "m": {id: {plural category: text}}}`,
    /// where `{n}` stands for the count and `{name}` for each other argument.
    pub fn js_messages(&self) -> String {
        let mut messages: BTreeMap<String, BTreeMap<&'static str, String>> = BTreeMap::new();
        for id in self.message_ids() {
            let Some(name) = id.strip_prefix(JS_PREFIX) else {
                continue;
            };
            let names = placeholder_names(&self.bundle, &id);
            let mut forms = BTreeMap::new();
            for &(category, n) in &self.plural_samples {
                let mut args = FluentArgs::new();
                for arg in &names {
                    if arg == "count" {
                        args.set("count", FluentValue::from(n));
                    } else {
                        args.set(arg.clone(), FluentValue::from(format!("{{{arg}}}")));
                    }
                }
                if let Some(text) = format_in(&self.js_bundle, &id, Some(&args)) {
                    forms.insert(category, text);
                }
            }
            // Without a count every category reads the same: ship one.
            if forms.values().all(|v| Some(v) == forms.get("other")) {
                forms.retain(|c, _| *c == "other");
            }
            messages.insert(name.to_owned(), forms);
        }
        let json = serde_json::json!({ "lang": self.tag, "m": messages }).to_string();
        // Safe inside <script>: no `</script>` or `<!--` can close or confuse it.
        json.replace('<', "\\u003c")
            .replace('>', "\\u003e")
            .replace('&', "\\u0026")
            .replace('\u{2028}', "\\u2028")
            .replace('\u{2029}', "\\u2029")
    }

    /// Every message id of this language (with English's).
    fn message_ids(&self) -> Vec<String> {
        self.ids.clone()
    }

    /// The weekday and date of `date`, e.g. "Tuesday 12 September 2023".
    pub fn weekday_date(&self, date: chrono::NaiveDate) -> String {
        self.dates.weekday_date(date)
    }

    /// The date of `date`, e.g. "12 September 2023".
    pub fn date(&self, date: chrono::NaiveDate) -> String {
        self.dates.date(date)
    }

    /// `items` as one list in words, e.g. "A, B and C" (CLDR's list patterns for the interface language).
    pub fn list_and(&self, items: &[&str]) -> String {
        self.dates.list_and(items)
    }
}

/// A message argument.
pub enum Arg {
    /// Text.
    Str(String),
    /// A number: a count selects its plural form.
    Num(f64),
}

impl From<usize> for Arg {
    fn from(n: usize) -> Arg {
        Arg::Num(n as f64)
    }
}

impl From<&str> for Arg {
    fn from(s: &str) -> Arg {
        Arg::Str(s.to_owned())
    }
}

fn format_in(
    bundle: &FluentBundle<Arc<FluentResource>>,
    key: &str,
    args: Option<&FluentArgs>,
) -> Option<String> {
    let message = bundle.get_message(key)?;
    let pattern = message.value()?;
    let mut errors = Vec::new();
    Some(
        bundle
            .format_pattern(pattern, args, &mut errors)
            .into_owned(),
    )
}

fn number_placeholder<M>(value: &FluentValue, _: &M) -> Option<String> {
    matches!(value, FluentValue::Number(_)).then(|| "{n}".to_owned())
}

fn category_name(c: PluralCategory) -> &'static str {
    match c {
        PluralCategory::ZERO => "zero",
        PluralCategory::ONE => "one",
        PluralCategory::TWO => "two",
        PluralCategory::FEW => "few",
        PluralCategory::MANY => "many",
        PluralCategory::OTHER => "other",
    }
}

/// The variables a message uses (`$name`), in order of first use.
fn placeholder_names(bundle: &FluentBundle<Arc<FluentResource>>, id: &str) -> Vec<String> {
    use fluent_syntax::ast::{Expression, InlineExpression, PatternElement};
    fn walk_inline(e: &InlineExpression<&str>, out: &mut Vec<String>) {
        match e {
            InlineExpression::VariableReference { id } if !out.iter().any(|n| n == id.name) => {
                out.push(id.name.to_owned());
            }
            InlineExpression::Placeable { expression } => walk(expression, out),
            InlineExpression::FunctionReference { arguments, .. } => {
                for a in &arguments.positional {
                    walk_inline(a, out);
                }
                for a in &arguments.named {
                    walk_inline(&a.value, out);
                }
            }
            _ => {}
        }
    }
    fn walk(e: &Expression<&str>, out: &mut Vec<String>) {
        match e {
            Expression::Inline(i) => walk_inline(i, out),
            Expression::Select { selector, variants } => {
                walk_inline(selector, out);
                for v in variants {
                    walk_pattern(&v.value.elements, out);
                }
            }
        }
    }
    fn walk_pattern(elements: &[PatternElement<&str>], out: &mut Vec<String>) {
        for el in elements {
            if let PatternElement::Placeable { expression } = el {
                walk(expression, out);
            }
        }
    }
    let mut out = Vec::new();
    if let Some(p) = bundle.get_message(id).and_then(|m| m.value()) {
        walk_pattern(&p.elements, &mut out);
    }
    out
}

/// The message ids a locale file defines, in file order.
pub fn message_ids(resource: &FluentResource) -> Vec<String> {
    resource
        .entries()
        .filter_map(|e| match e {
            fluent_syntax::ast::Entry::Message(m) => Some(m.id.name.to_owned()),
            _ => None,
        })
        .collect()
}

/// Every interface language a theme ships, English first.
pub struct Locales {
    uis: Vec<Arc<Ui>>,
}

impl Locales {
    /// Parses the theme's locale files; a syntax error is reported at its line in the file.
    pub fn load(theme: &ThemeFiles) -> Result<Locales, Vec<Diagnostic>> {
        let files = read_locale_files(theme);
        let mut errors = Vec::new();
        let mut parsed: Vec<(String, Arc<FluentResource>)> = Vec::new();
        for (tag, path, text) in files {
            let shown = path;
            if tag.parse::<LanguageIdentifier>().is_err() {
                errors.push(
                    Diagnostic::error(shown, format!("`{tag}` is not a language tag"))
                        .with_hint("name each locale file after a BCP 47 language tag, e.g. `fr.ftl` or `pt-BR.ftl`"),
                );
                continue;
            }
            let resource = match FluentResource::try_new(text.clone()) {
                Ok(r) => r,
                Err((r, errs)) => {
                    for e in errs {
                        let (line, column) = line_col(&text, e.pos.start);
                        errors.push(
                            Diagnostic::error(shown.clone(), format!("locale file syntax error: {}", e.kind))
                                .at(Some(Location {
                                    line,
                                    column,
                                    start: e.pos.start,
                                    end: e.pos.end.max(e.pos.start),
                                }))
                                .with_hint("Project Fluent syntax: `message-id = text`, `{ $count -> [one] … *[other] … }`"),
                        );
                    }
                    r
                }
            };
            parsed.push((tag, Arc::new(resource)));
        }
        if !parsed.iter().any(|(t, _)| t == FALLBACK) {
            errors.push(
                Diagnostic::error(
                    theme.shown("locales"),
                    format!("the theme has no locales/{FALLBACK}.ftl"),
                )
                .with_hint("every theme needs its interface words in English, the fallback language: copy locales/en.ftl from the default theme"),
            );
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        let fallback = parsed
            .iter()
            .find(|(t, _)| t == FALLBACK)
            .map(|(_, r)| Arc::clone(r));
        let mut uis = Vec::new();
        for (tag, resource) in &parsed {
            let Ok(langid) = tag.parse::<LanguageIdentifier>() else {
                continue;
            };
            let mut resources = Vec::new();
            let mut ids = Vec::new();
            if let Some(f) = fallback.as_ref().filter(|_| tag != FALLBACK) {
                resources.push(Arc::clone(f));
                ids.extend(message_ids(f));
            }
            resources.push(Arc::clone(resource));
            for id in message_ids(resource) {
                if !ids.contains(&id) {
                    ids.push(id);
                }
            }
            let date_tag =
                format_in_resource(resource, "date-locale").unwrap_or_else(|| tag.clone());
            let mut ui = Ui::new(tag, langid, &resources)
                .map_err(|e| vec![Diagnostic::error(theme.shown("locales"), e)])?;
            ui.ids = ids;
            ui.dates = Dates::new(&date_tag);
            uis.push(Arc::new(ui));
        }
        uis.sort_by_key(|u| u.tag != FALLBACK);
        Ok(Locales { uis })
    }

    /// The interface for a dossier in `language` (a valid BCP 47 tag): its own locale, else the locale of its
    /// language without region or script (`fr-CA` gets `fr`), else English; `false` when it fell back.
    pub fn pick(&self, language: &str) -> (Arc<Ui>, bool) {
        let wanted: Option<LanguageIdentifier> = language.parse().ok();
        let exact = self
            .uis
            .iter()
            .find(|u| u.tag.eq_ignore_ascii_case(language));
        let same_language = || {
            let wanted = wanted.as_ref()?;
            self.uis.iter().find(|u| {
                u.tag
                    .parse::<LanguageIdentifier>()
                    .is_ok_and(|l| l.language == wanted.language)
            })
        };
        match exact.or_else(same_language) {
            Some(ui) => (Arc::clone(ui), true),
            // `load` makes sure English is there, first.
            None => (Arc::clone(&self.uis[0]), false),
        }
    }

    /// The tags of the shipped locales.
    pub fn tags(&self) -> Vec<&str> {
        self.uis.iter().map(|u| u.tag.as_str()).collect()
    }
}

/// A message of one resource formatted on its own (for settings such as `date-locale`).
fn format_in_resource(resource: &Arc<FluentResource>, key: &str) -> Option<String> {
    let mut bundle: FluentBundle<Arc<FluentResource>> = FluentBundle::new_concurrent(Vec::new());
    bundle.set_use_isolating(false);
    bundle.add_resource_overriding(Arc::clone(resource));
    let message = bundle.get_message(key)?;
    let mut errors = Vec::new();
    let text = bundle
        .format_pattern(message.value()?, None, &mut errors)
        .trim()
        .to_owned();
    (!text.is_empty()).then_some(text)
}

/// 1-based (line, column in characters) of byte `offset` in `text`.
fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
    (line, column)
}

/// The text direction of a language: `rtl` for scripts written right to left.
pub fn direction(language: &str) -> &'static str {
    match language.parse::<LanguageIdentifier>() {
        Ok(l) if l.character_direction() == unic_langid::CharacterDirection::RTL => "rtl",
        _ => "ltr",
    }
}

impl Locales {
    /// The interface with tag `tag`, else English (or the first shipped).
    fn by_tag(&self, tag: &str) -> Option<&Arc<Ui>> {
        self.uis
            .iter()
            .find(|u| u.tag == tag)
            .or_else(|| self.uis.first())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shipped() -> Locales {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let files = ThemeFiles::open(root, "default").expect("the default theme");
        Locales::load(&files).expect("the default theme's locales load")
    }

    #[test]
    fn a_language_gets_its_locale_or_its_base_language_or_english() {
        let locales = shipped();
        assert_eq!(locales.pick("fr").0.tag, "fr");
        let (ui, matched) = locales.pick("fr-CA");
        assert_eq!((ui.tag.as_str(), matched), ("fr", true));
        assert_eq!(locales.pick("ko-KR").0.tag, "ko");
        let (ui, matched) = locales.pick("pt-BR");
        assert_eq!((ui.tag.as_str(), matched), ("en", false));
    }

    #[test]
    fn dates_and_plurals_follow_the_language() {
        let locales = shipped();
        let date = chrono::NaiveDate::from_ymd_opt(2025, 3, 3).unwrap();
        let en = locales.pick("en").0;
        assert_eq!(en.date(date), "3 March 2025");
        assert_eq!(en.weekday_date(date), "Monday, 3 March 2025");
        assert_eq!(locales.pick("fr").0.weekday_date(date), "lundi 3 mars 2025");
        assert_eq!(locales.pick("ko").0.date(date), "2025년 3월 3일");
        let parts = |ui: &Ui, n: usize| ui.t_with("index-parts", &[("count", Arg::from(n))]);
        assert_eq!(parts(&en, 1), "The dossier in one part");
        assert_eq!(parts(&en, 2), "The dossier in 2 parts");
        assert_eq!(parts(&locales.pick("fr").0, 1), "Le dossier en une partie");
    }

    #[test]
    fn the_script_gets_each_plural_form_with_placeholders() {
        let locales = shipped();
        let json: serde_json::Value =
            serde_json::from_str(&locales.pick("ar").0.js_messages()).unwrap();
        assert_eq!(json["lang"], "ar");
        let results = &json["m"]["results"];
        for category in ["zero", "one", "two", "few", "many", "other"] {
            assert!(
                results[category].is_string(),
                "ar results lacks `{category}`: {results}"
            );
        }
        assert_eq!(results["few"], "{n} نتائج لـ«{query}».");
        let en: serde_json::Value =
            serde_json::from_str(&locales.pick("en").0.js_messages()).unwrap();
        assert_eq!(
            en["m"]["type-p"],
            serde_json::json!({ "other": "Quoted passage" })
        );
        assert_eq!(en["m"]["results"]["one"], "{n} result for “{query}”.");
        assert!(!locales.pick("en").0.js_messages().contains('<'));
    }

    #[test]
    fn right_to_left_languages_are_recognised() {
        assert_eq!(direction("ar"), "rtl");
        assert_eq!(direction("fr-CA"), "ltr");
    }

    #[test]
    fn a_broken_locale_file_is_reported_at_its_line() {
        let dir = tempfile::tempdir().unwrap();
        let theme = dir.path().join("themes/theme");
        std::fs::create_dir_all(theme.join("locales")).unwrap();
        std::fs::write(theme.join("locales/en.ftl"), "ok = fine\nnot a message\n").unwrap();
        let files = ThemeFiles::open(dir.path(), "theme").unwrap();
        let errors = Locales::load(&files).err().expect("a syntax error");
        let text = errors[0].to_string();
        assert!(text.contains("themes/theme/locales/en.ftl:2:"), "{text}");
        // A theme's own locale file adds a language beside the built-in ones.
        std::fs::write(theme.join("locales/en.ftl"), "ok = fine\n").unwrap();
        std::fs::write(theme.join("locales/pt-BR.ftl"), "ok = bom\n").unwrap();
        let files = ThemeFiles::open(dir.path(), "theme").unwrap();
        let locales = Locales::load(&files).expect("loads");
        assert!(locales.tags().contains(&"pt-BR"), "{:?}", locales.tags());
    }
}
