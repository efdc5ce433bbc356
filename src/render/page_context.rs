//! A page's template context as the views fill it: the Tera context to render with, the page's key (a digest
//! of every value as it is filled), or both. An incremental build keys every page but renders only those whose
//! key changed, so it asks for the key alone first and never builds a Tera context for a page it keeps.

use std::cell::RefCell;

use serde::Serialize;
use tera::Context;
use xxhash_rust::xxh3::{xxh3_128, Xxh3};

use super::json_out::json_into;

/// What a [`PageContext`] makes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Want {
    /// The Tera context only.
    Context,
    /// The key only.
    Key,
    /// Both (a build with nothing to keep renders every page it keys).
    Both,
}

/// A page's context being filled: the Tera context, the running digest of every value, or both.
pub(super) struct PageContext {
    context: Option<Context>,
    key: Option<Xxh3>,
    /// A value did not serialise (a map with keys that are not strings): the page gets no key, so it is
    /// always rendered rather than kept on a partial digest.
    keyless: bool,
}

thread_local! {
    /// The JSON of one value on its way into a key, reused: a page inserts a dozen values.
    static JSON: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
}

impl PageContext {
    /// An empty context making what `want` asks for.
    pub(super) fn new(want: Want) -> PageContext {
        PageContext {
            context: (want != Want::Key).then(Context::new),
            key: (want != Want::Context).then(Xxh3::new),
            keyless: false,
        }
    }

    /// Inserts `value` under `name`: serialised into the Tera context, and its JSON into the key.
    pub(super) fn insert<T: Serialize + ?Sized>(&mut self, name: &'static str, value: &T) {
        if let Some(h) = &mut self.key {
            JSON.with_borrow_mut(|json| {
                json.clear();
                self.keyless |= sonic_rs::to_writer(&mut *json, value).is_err();
                member(h, name, b'j', json);
            });
        }
        if let Some(c) = &mut self.context {
            c.insert(name, value);
        }
    }

    /// Inserts a value made once for many pages, whose key is `digest`.
    pub(super) fn insert_shared(&mut self, name: &'static str, value: &tera::Value, digest: u128) {
        if let Some(h) = &mut self.key {
            member(h, name, b'd', &digest.to_le_bytes());
        }
        if let Some(c) = &mut self.context {
            c.insert_value(name, value.clone());
        }
    }

    /// Inserts a string value (a rendered body, the navigation), without serialising it; `safe` marks it
    /// as HTML not to escape.
    pub(super) fn insert_text(&mut self, name: &'static str, text: tera::Value) {
        if let Some(h) = &mut self.key {
            let tag = if text.is_safe() { b's' } else { b't' };
            member(h, name, tag, text.as_str().unwrap_or_default().as_bytes());
        }
        if let Some(c) = &mut self.context {
            c.insert_value(name, text);
        }
    }

    /// The Tera context (if asked for), and the key of the page at `path` with `template`, over `frame` (if
    /// asked for).
    pub(super) fn finish(
        self,
        frame: u128,
        path: &str,
        template: &str,
    ) -> (Option<Context>, Option<u128>) {
        let key = self.key.filter(|_| !self.keyless).map(|mut h| {
            member(&mut h, "", b'p', path.as_bytes());
            member(&mut h, "", b'm', template.as_bytes());
            h.update(&frame.to_le_bytes());
            h.digest128()
        });
        (self.context, key)
    }
}

/// Adds one named value to a key, framed so that no two sequences of values run together.
fn member(h: &mut Xxh3, name: &str, tag: u8, bytes: &[u8]) {
    h.update(&(name.len() as u64).to_le_bytes());
    h.update(name.as_bytes());
    h.update(&[tag]);
    h.update(&(bytes.len() as u64).to_le_bytes());
    h.update(bytes);
}

/// The digest [`PageContext::insert_shared`] takes for a value made from `view`.
pub(super) fn shared_digest<T: Serialize + ?Sized>(view: &T) -> u128 {
    let mut json = Vec::new();
    json_into(&mut json, &view);
    xxh3_128(&json)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The key of a context filled by `fill`.
    fn key(fill: impl Fn(&mut PageContext)) -> u128 {
        let mut c = PageContext::new(Want::Key);
        fill(&mut c);
        c.finish(1, "a.html", "t.html").1.expect("a key")
    }

    #[test]
    fn a_key_follows_every_value_its_name_the_path_and_the_template() {
        let a = key(|c| c.insert("site", &serde_json::json!({"a": 1, "b": [2, 3]})));
        assert_eq!(
            a,
            key(|c| c.insert("site", &serde_json::json!({"a": 1, "b": [2, 3]})))
        );
        assert_ne!(
            a,
            key(|c| c.insert("site", &serde_json::json!({"a": 1, "b": [3, 2]})))
        );
        assert_ne!(
            a,
            key(|c| c.insert("page", &serde_json::json!({"a": 1, "b": [2, 3]})))
        );
        assert_ne!(
            key(|c| c.insert("total", &1)),
            key(|c| c.insert("total", "1"))
        );
        // Values cannot run into each other's names.
        assert_ne!(
            key(|c| {
                c.insert("a", "b");
                c.insert("c", "d");
            }),
            key(|c| c.insert("a", "bcd"))
        );
        let text = |safe: bool| {
            key(move |c| {
                let v = if safe {
                    tera::Value::safe_string("<b>")
                } else {
                    tera::Value::normal_string("<b>")
                };
                c.insert_text("text_html", v)
            })
        };
        assert_ne!(text(true), text(false));
        let value = tera::Value::from("x");
        assert_ne!(
            key(|c| c.insert_shared("site", &value, 1)),
            key(|c| c.insert_shared("site", &value, 2))
        );
        let mut map = std::collections::BTreeMap::new();
        map.insert((1, 2), 3);
        let mut c = PageContext::new(Want::Key);
        c.insert("map", &map);
        assert_eq!(
            c.finish(1, "a.html", "t.html").1,
            None,
            "not serialisable: no key"
        );
        let mut c = PageContext::new(Want::Key);
        c.insert("x", &1);
        let other = |path: &str, template: &str, frame: u128| {
            let mut c = PageContext::new(Want::Key);
            c.insert("x", &1);
            c.finish(frame, path, template).1
        };
        let base = c.finish(1, "a.html", "t.html").1;
        assert_ne!(base, other("b.html", "t.html", 1));
        assert_ne!(base, other("a.html", "u.html", 1));
        assert_ne!(base, other("a.html", "t.html", 2));
    }
}
