//! Keys of cached work: the bytes a key is made of gathered in one buffer and digested once (one digest of a
//! whole buffer is several times faster than feeding a streaming one many small pieces), each text with its
//! presence and length first, so that no two different sequences of parts give the same bytes.

use xxhash_rust::xxh3::xxh3_128;

/// The bytes of one key, as they are gathered.
#[derive(Default)]
pub struct KeyBytes(Vec<u8>);

impl KeyBytes {
    /// Adds raw bytes (a tag, or numbers of a fixed width).
    pub fn bytes(&mut self, bytes: &[u8]) {
        self.0.extend_from_slice(bytes);
    }

    /// Adds a number.
    pub fn number(&mut self, n: u64) {
        self.bytes(&n.to_le_bytes());
    }

    /// Adds a digest.
    pub fn digest_of(&mut self, d: u128) {
        self.bytes(&d.to_le_bytes());
    }

    /// Adds a text that may be absent: its presence and length first.
    pub fn text(&mut self, text: Option<&str>) {
        match text {
            Some(t) => {
                self.bytes(&[1]);
                self.number(t.len() as u64);
                self.bytes(t.as_bytes());
            }
            None => self.bytes(&[0]),
        }
    }

    /// The key.
    pub fn digest(&self) -> u128 {
        xxh3_128(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts_are_delimited_by_their_presence_and_length() {
        let key = |parts: &[Option<&str>]| {
            let mut k = KeyBytes::default();
            parts.iter().for_each(|p| k.text(*p));
            k.digest()
        };
        assert_ne!(key(&[Some("ab"), Some("c")]), key(&[Some("a"), Some("bc")]));
        assert_ne!(key(&[None, Some("a")]), key(&[Some("a"), None]));
        assert_ne!(key(&[Some("")]), key(&[None]));
        assert_eq!(key(&[Some("a"), None]), key(&[Some("a"), None]));
    }
}
