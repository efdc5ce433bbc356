//! The templates' translation functions.

use std::cell::RefCell;
use std::fmt::Write;
use std::sync::{Arc, RwLock};

use rustc_hash::FxHashMap;

use fluent_bundle::{FluentArgs, FluentValue};

use super::slots::{self, Slots};
use super::{Locales, Ui, FALLBACK};

/// The context variable naming the interface language of the page being rendered.
pub const UI_VAR: &str = "ui_lang";

/// The templates' `t(key="…", name=value…)`, and `t_html` for messages that hold markup (their arguments are
/// escaped, the message itself is not).
struct Translate {
    locales: Arc<Locales>,
    html: bool,
    /// Messages already formatted, by language, key and numeric arguments: a section page asks for the same
    /// few labels once per entry, and Fluent formatting costs far more than a lookup.
    formatted: RwLock<FxHashMap<String, tera::Value>>,
    /// Messages with text arguments cut at them (see [`super::slots`]), by language, key, numeric arguments
    /// and the names of the text ones; `None` for a message that must be formatted on each call.
    slots: RwLock<FxHashMap<String, Option<Arc<Slots>>>>,
}

/// A call's arguments: the message key, numbers by name and texts by name (escaped for `t_html`).
struct Call {
    key: String,
    numbers: Vec<(String, FluentValue<'static>)>,
    texts: Vec<(String, String)>,
}

impl Translate {
    fn call_of(&self, kwargs: &tera::Kwargs) -> tera::TeraResult<Call> {
        let mut key = None;
        let (mut numbers, mut texts) = (Vec::new(), Vec::new());
        for (name, value) in kwargs.iter() {
            let name = name.to_string();
            if name == "key" {
                key = value.as_str().map(str::to_owned);
                continue;
            }
            match value.as_number() {
                Some(tera::Number::Integer(i)) => numbers.push((name, FluentValue::from(i as f64))),
                Some(tera::Number::Float(f)) => numbers.push((name, FluentValue::from(f))),
                _ => texts.push((name, self.text(value))),
            }
        }
        // In name order, as the call's id has them: the slots are cut and filled in that order.
        texts.sort_by(|a, b| a.0.cmp(&b.0));
        let Some(key) = key else {
            return Err(tera::Error::message("t() needs `key=\"message-id\"`"));
        };
        Ok(Call {
            key,
            numbers,
            texts,
        })
    }

    fn value(&self, text: &str) -> tera::Value {
        if self.html {
            tera::Value::safe_string(text)
        } else {
            tera::Value::from(text)
        }
    }

    /// The call's message cut at its text arguments, formatted on first use and remembered under `id` (see
    /// [`call_id`]); `None` when it cannot be.
    fn slots(&self, ui: &Ui, call: &Call, id: &str) -> Option<Arc<Slots>> {
        let mut args = FluentArgs::new();
        for (name, value) in &call.numbers {
            args.set(name.clone(), value.clone());
        }
        for (i, (name, _)) in call.texts.iter().enumerate() {
            args.set(name.clone(), FluentValue::from(slots::marker(i)));
        }
        let names: Vec<&str> = call.texts.iter().map(|(n, _)| n.as_str()).collect();
        let cut = ui
            .format_interpolating(&call.key, &args, &names)
            .and_then(|formatted| Slots::cut(&formatted, names.len()))
            .map(Arc::new);
        self.slots
            .write()
            .unwrap_or_else(|e| e.into_inner())
            .insert(id.to_owned(), cut.clone());
        cut
    }

    /// The remembered answer to a call whose id is `id`: the formatted message when its arguments are all
    /// numbers, or its message cut at its text arguments and filled with them. Looked up without allocating:
    /// a page makes hundreds of calls.
    fn remembered(&self, id: &str, texts: bool, args: &ByName<'_>) -> Option<tera::Value> {
        if !texts {
            let formatted = self.formatted.read().unwrap_or_else(|e| e.into_inner());
            return formatted.get(id).cloned();
        }
        let slots = self.slots.read().unwrap_or_else(|e| e.into_inner());
        let cut = slots.get(id)?.clone()?;
        drop(slots);
        let texts: Vec<String> = args
            .iter()
            .filter(|(name, value)| *name != "key" && value.as_number().is_none())
            .map(|(_, value)| self.text(value))
            .collect();
        Some(self.value(&cut.fill(&texts)))
    }

    /// A text argument as the message shows it (escaped for `t_html`).
    fn text(&self, value: &tera::Value) -> String {
        let text = match value.as_str() {
            Some(s) => s.to_owned(),
            None => value.to_string(),
        };
        if self.html {
            let mut escaped = String::with_capacity(text.len());
            let _ = pulldown_cmark_escape::escape_html(&mut escaped, &text);
            escaped
        } else {
            text
        }
    }
}

thread_local! {
    /// The id of the call being answered, kept between calls so that looking one up allocates nothing.
    static ID: RefCell<String> = const { RefCell::new(String::new()) };
}

/// Writes into `id` what identifies a call's answer: the language, the key, each number by name and value, and
/// the names of the text arguments (whose values fill the message's slots). Returns whether there are text
/// arguments; `None` when the key is missing.
fn call_id(id: &mut String, tag: &str, args: &ByName<'_>) -> Option<bool> {
    id.clear();
    id.push_str(tag);
    let mut key = None;
    let mut texts = false;
    for (name, value) in args.iter() {
        if name == "key" {
            key = Some(value.as_str()?);
            continue;
        }
        match value.as_number() {
            Some(tera::Number::Integer(i)) => write!(id, "\u{1f}{name}={i}").ok()?,
            Some(tera::Number::Float(f)) => write!(id, "\u{1f}{name}={f:?}").ok()?,
            _ => {
                texts = true;
                write!(id, "\u{1f}{name}\u{1e}").ok()?;
            }
        }
    }
    id.push('\u{1f}');
    id.push_str(key?);
    Some(texts)
}

/// The most arguments a call may have to be remembered; one with more is formatted each time.
const MOST_ARGS: usize = 8;

/// A call's arguments in the order of their names, on the stack. Tera hands them over in a hash map's order,
/// which differs from call to call: an id written in that order named one call many ways (up to n!), so the
/// memo kept growing with each rendering.
struct ByName<'a> {
    args: [Option<(&'a str, &'a tera::Value)>; MOST_ARGS],
    len: usize,
}

impl<'a> ByName<'a> {
    /// `None` when an argument's name is not text or there are more than [`MOST_ARGS`].
    fn of(kwargs: &'a tera::Kwargs) -> Option<ByName<'a>> {
        let mut args = [None; MOST_ARGS];
        let mut len = 0;
        for (name, value) in kwargs.iter() {
            *args.get_mut(len)? = Some((name.as_str()?, value));
            len += 1;
        }
        args[..len].sort_unstable_by_key(|arg| arg.map(|(name, _)| name));
        Some(ByName { args, len })
    }

    /// The arguments, by name.
    fn iter(&self) -> impl Iterator<Item = (&'a str, &'a tera::Value)> + '_ {
        self.args[..self.len].iter().flatten().copied()
    }
}

impl tera::Function<tera::TeraResult<tera::Value>> for Translate {
    fn call(&self, kwargs: tera::Kwargs, state: &tera::State) -> tera::TeraResult<tera::Value> {
        let tag: Option<tera::Value> = state.get(UI_VAR)?;
        let tag = tag
            .as_ref()
            .and_then(tera::Value::as_str)
            .unwrap_or(FALLBACK);
        let mut known = None;
        let id = ID.with_borrow_mut(|id| {
            let args = ByName::of(&kwargs)?;
            let texts = call_id(id, tag, &args)?;
            match self.remembered(id, texts, &args) {
                Some(value) => {
                    known = Some(value);
                    None
                }
                None => Some((id.clone(), texts)),
            }
        });
        if let Some(value) = known {
            return Ok(value);
        }
        let Some(ui) = self.locales.by_tag(tag) else {
            return Err(tera::Error::message(
                "the theme has no locale files: add locales/en.ftl to the theme",
            ));
        };
        let call = self.call_of(&kwargs)?;
        if let Some((id, true)) = &id {
            if let Some(slots) = self.slots(ui, &call, id) {
                let texts: Vec<String> = call.texts.into_iter().map(|(_, t)| t).collect();
                return Ok(self.value(&slots.fill(&texts)));
            }
        }
        let mut args = FluentArgs::new();
        for (name, value) in call.numbers {
            args.set(name, value);
        }
        for (name, text) in call.texts {
            args.set(name, FluentValue::from(text));
        }
        let value = match ui.format(&call.key, Some(&args)) {
            Some(text) => self.value(&text),
            None => {
                return Err(tera::Error::message(format!(
                    "no message `{}` in the theme's locales/{FALLBACK}.ftl",
                    call.key
                )))
            }
        };
        if let Some((id, false)) = id {
            self.formatted
                .write()
                .unwrap_or_else(|e| e.into_inner())
                .insert(id, value.clone());
        }
        Ok(value)
    }

    fn is_safe(&self) -> bool {
        self.html
    }
}

/// Registers `t` and `t_html` on `tera`.
pub fn register(tera: &mut tera::Tera, locales: &Arc<Locales>) {
    tera.register_function(
        "t",
        Translate {
            locales: Arc::clone(locales),
            html: false,
            formatted: RwLock::default(),
            slots: RwLock::default(),
        },
    );
    tera.register_function(
        "t_html",
        Translate {
            locales: Arc::clone(locales),
            html: true,
            formatted: RwLock::default(),
            slots: RwLock::default(),
        },
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::theme::ThemeFiles;

    /// A Tera with `t` and `t_html` over the default theme's locales.
    fn default_theme_tera() -> tera::Tera {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let files = ThemeFiles::open(root, "default").unwrap();
        let locales = Arc::new(Locales::load(&files).unwrap());
        let mut tera = tera::Tera::default();
        register(&mut tera, &locales);
        tera
    }

    fn render(tera: &tera::Tera, template: &str, lang: &str) -> String {
        let mut context = tera::Context::new();
        context.insert(UI_VAR, &lang);
        tera.render(template, &context).unwrap()
    }

    #[test]
    fn remembered_messages_still_follow_the_numbers_and_the_language() {
        let mut tera = default_theme_tera();
        let call = |q: u32| format!("{{{{ t(key=\"entry-count\", quotations={q}, sources=1) }}}}");
        tera.add_raw_template("one", &call(1)).unwrap();
        tera.add_raw_template("two", &call(2)).unwrap();
        tera.add_raw_template("plain", "{{ t(key=\"section-toc\") }}")
            .unwrap();
        // Each twice: the second answer comes from the cache and must be the first one.
        for _ in 0..2 {
            assert_eq!(render(&tera, "one", "en"), "1 quotation from 1 source");
            assert_eq!(render(&tera, "two", "en"), "2 quotations from 1 source");
            assert_ne!(render(&tera, "plain", "fr"), render(&tera, "plain", "en"));
        }
    }

    /// `pairs` inserted in every order, each into a map of its own: Tera's maps are hash maps, each seeded
    /// apart, so the same arguments come out in many orders.
    fn orders(pairs: &[(&'static str, tera::Value)]) -> Vec<tera::Kwargs> {
        let mut all = vec![Vec::new()];
        for _ in 0..pairs.len() {
            all = all
                .into_iter()
                .flat_map(|order: Vec<usize>| {
                    (0..pairs.len())
                        .filter(|i| !order.contains(i))
                        .map(|i| [order.clone(), vec![i]].concat())
                        .collect::<Vec<_>>()
                })
                .collect();
        }
        all.into_iter()
            .map(|order| {
                let mut map = tera::Map::new();
                for i in order {
                    map.insert(pairs[i].0.into(), pairs[i].1.clone());
                }
                tera::Kwargs::new(Arc::new(map))
            })
            .collect()
    }

    #[test]
    fn a_call_has_one_id_whatever_the_order_of_its_arguments() {
        let pairs = [
            ("key", tera::Value::from("shared-passage-html")),
            ("title", tera::Value::from("T")),
            ("count", tera::Value::from(3)),
            ("href", tera::Value::from("x.html")),
            ("here", tera::Value::from("#q")),
        ];
        let ids: std::collections::BTreeSet<String> = orders(&pairs)
            .iter()
            .map(|kwargs| {
                let mut id = String::new();
                let args = ByName::of(kwargs).unwrap();
                assert_eq!(call_id(&mut id, "en", &args), Some(true));
                id
            })
            .collect();
        assert_eq!(ids.len(), 1, "{ids:?}");
        let id = ids.first().unwrap();
        assert_eq!(
            id,
            "en\u{1f}count=3\u{1f}here\u{1e}\u{1f}href\u{1e}\u{1f}title\u{1e}\u{1f}shared-passage-html"
        );
    }

    #[test]
    fn a_call_with_more_arguments_than_remembered_is_still_answered() {
        let mut tera = default_theme_tera();
        let many = (0..MOST_ARGS)
            .map(|i| format!(", a{i}={i}"))
            .collect::<String>();
        tera.add_raw_template("plain", "{{ t(key=\"section-toc\") }}")
            .unwrap();
        tera.add_raw_template("many", &format!("{{{{ t(key=\"section-toc\"{many}) }}}}"))
            .unwrap();
        for _ in 0..2 {
            assert_eq!(render(&tera, "many", "en"), render(&tera, "plain", "en"));
        }
    }

    #[test]
    fn remembered_texts_go_to_their_own_slots_whatever_the_order_of_the_arguments() {
        let mut tera = default_theme_tera();
        tera.add_raw_template(
            "shared",
            "{{ t_html(key=\"shared-passage-html\", here=\"#q\", start=\"S\", href=\"x.html\", title=\"T\", count=2) }}",
        )
        .unwrap();
        let first = render(&tera, "shared", "en");
        for (text, expected) in [
            ("#q", "href=\"#q\""),
            ("S", "“S…”"),
            ("x.html", "href=\"x.html\""),
            ("T", ">T</a>"),
        ] {
            assert!(
                first.contains(expected),
                "{text} is not in its place: {first}"
            );
        }
        // Later calls are answered from the memo, their arguments met in other orders.
        for _ in 0..40 {
            assert_eq!(render(&tera, "shared", "en"), first);
        }
    }

    #[test]
    fn remembered_messages_with_texts_take_each_call_s_texts_escaped_as_asked() {
        let mut tera = default_theme_tera();
        let call = |f: &str, title: &str| {
            format!(
                "{{{{ {f}(key=\"meta-section\", title=\"{title}\", number=2, dossier=\"D\") }}}}"
            )
        };
        tera.add_raw_template("a", &call("t_html", "A <b>"))
            .unwrap();
        tera.add_raw_template("b", &call("t_html", "B & C"))
            .unwrap();
        tera.add_raw_template("plain", &call("t", "A")).unwrap();
        for _ in 0..2 {
            assert_eq!(render(&tera, "a", "en"), "A &lt;b&gt;: part 2 of D.");
            assert_eq!(render(&tera, "b", "en"), "B &amp; C: part 2 of D.");
            assert_eq!(render(&tera, "plain", "en"), "A: part 2 of D.");
        }
    }
}
