//! Formatted messages remembered per interface language: a page asks for the same few labels and counts
//! thousands of times, and Fluent formats each from its pattern again.

use std::collections::HashMap;
use std::sync::Mutex;

use xxhash_rust::xxh3::xxh3_128;

use super::Arg;

/// Past this many remembered messages, others are formatted each time: arguments such as titles are unique,
/// and the counts and labels worth remembering come early and again and again.
const MAX_REMEMBERED: usize = 8192;

/// Texts longer than this are not worth a place (titles, names).
const MAX_TEXT_ARG: usize = 48;

/// A bounded memo of formatted messages, keyed by a digest of the message id and its arguments.
#[derive(Default)]
pub(super) struct Memo {
    formatted: Mutex<HashMap<u128, String>>,
}

impl Memo {
    /// The message `key` with `args` as `format` makes it, remembered when its arguments are small.
    pub(super) fn get_or(
        &self,
        key: &str,
        args: &[(&str, Arg)],
        format: impl FnOnce() -> String,
    ) -> String {
        let Some(digest) = digest(key, args) else {
            return format();
        };
        if let Some(text) = self.lock().get(&digest) {
            return text.clone();
        }
        let text = format();
        let mut formatted = self.lock();
        if formatted.len() < MAX_REMEMBERED {
            formatted.insert(digest, text.clone());
        }
        text
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<u128, String>> {
        // A panic while holding it leaves the map whole: it only ever gains complete entries.
        self.formatted.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// The digest of a message id and its arguments, or `None` when an argument is a long text.
fn digest(key: &str, args: &[(&str, Arg)]) -> Option<u128> {
    thread_local! {
        static BYTES: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
    }
    BYTES.with_borrow_mut(|bytes| {
        bytes.clear();
        // Each part is preceded by its length, so no two lists of parts run together alike.
        let mut part = |tag: u8, data: &[u8]| {
            bytes.push(tag);
            bytes.extend_from_slice(&(data.len() as u32).to_le_bytes());
            bytes.extend_from_slice(data);
        };
        part(0, key.as_bytes());
        for (name, value) in args {
            part(1, name.as_bytes());
            match value {
                Arg::Str(s) if s.len() > MAX_TEXT_ARG => return None,
                Arg::Str(s) => part(2, s.as_bytes()),
                Arg::Num(n) => part(3, &n.to_bits().to_le_bytes()),
            }
        }
        Some(xxh3_128(bytes))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn remembers_by_id_and_every_argument_and_skips_long_texts() {
        let memo = Memo::default();
        let calls = std::cell::Cell::new(0);
        let make = |text: &str| {
            calls.set(calls.get() + 1);
            text.to_owned()
        };
        let two = [("count", Arg::from(2usize))];
        assert_eq!(memo.get_or("a", &two, || make("two")), "two");
        assert_eq!(memo.get_or("a", &two, || make("other")), "two");
        assert_eq!(calls.get(), 1);
        // Another id, another value, a string for a number: each formatted anew.
        assert_eq!(memo.get_or("b", &two, || make("b")), "b");
        let three = [("count", Arg::from(3usize))];
        assert_eq!(memo.get_or("a", &three, || make("three")), "three");
        let text = [("count", Arg::Str("2".into()))];
        assert_eq!(memo.get_or("a", &text, || make("text")), "text");
        assert_eq!(calls.get(), 4);
        let long = [("title", Arg::Str("x".repeat(MAX_TEXT_ARG + 1)))];
        memo.get_or("a", &long, || make("long"));
        memo.get_or("a", &long, || make("long"));
        assert_eq!(calls.get(), 6);
    }
}
