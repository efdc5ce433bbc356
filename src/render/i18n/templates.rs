//! The templates' translation functions.

use std::sync::Arc;

use fluent_bundle::{FluentArgs, FluentValue};

use super::{Locales, FALLBACK};

/// The context variable naming the interface language of the page being rendered.
pub const UI_VAR: &str = "ui_lang";

/// The templates' `t(key="…", name=value…)`, and `t_html` for messages that hold markup (their arguments are
/// escaped, the message itself is not).
struct Translate {
    locales: Arc<Locales>,
    html: bool,
}

impl tera::Function<tera::TeraResult<tera::Value>> for Translate {
    fn call(&self, kwargs: tera::Kwargs, state: &tera::State) -> tera::TeraResult<tera::Value> {
        let tag: String = state.get(UI_VAR)?.unwrap_or_else(|| FALLBACK.to_owned());
        let Some(ui) = self.locales.by_tag(&tag) else {
            return Err(tera::Error::message(
                "the theme has no locale files: add locales/en.ftl to the theme",
            ));
        };
        let mut key = None;
        let mut args = FluentArgs::new();
        for (name, value) in kwargs.iter() {
            let name = name.to_string();
            if name == "key" {
                key = value.as_str().map(str::to_owned);
                continue;
            }
            let fluent = match value.as_number() {
                Some(tera::Number::Integer(i)) => FluentValue::from(i as f64),
                Some(tera::Number::Float(f)) => FluentValue::from(f),
                _ => {
                    let mut text = match value.as_str() {
                        Some(s) => s.to_owned(),
                        None => value.to_string(),
                    };
                    if self.html {
                        let mut escaped = String::with_capacity(text.len());
                        let _ = pulldown_cmark_escape::escape_html(&mut escaped, &text);
                        text = escaped;
                    }
                    FluentValue::from(text)
                }
            };
            args.set(name, fluent);
        }
        let Some(key) = key else {
            return Err(tera::Error::message("t() needs `key=\"message-id\"`"));
        };
        match ui.format(&key, Some(&args)) {
            Some(text) if self.html => Ok(tera::Value::safe_string(&text)),
            Some(text) => Ok(tera::Value::from(text)),
            None => Err(tera::Error::message(format!(
                "no message `{key}` in the theme's locales/{FALLBACK}.ftl"
            ))),
        }
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
        },
    );
    tera.register_function(
        "t_html",
        Translate {
            locales: Arc::clone(locales),
            html: true,
        },
    );
}
