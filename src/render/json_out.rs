//! Large JSON outputs written in order through a small buffer, so that an export is never held whole.

use std::io::{self, Write};

use serde::Serialize;

use super::jsonld::script_safe_into;

/// Appends `value` as compact JSON to `buf`.
pub fn json_into<V: Serialize>(buf: &mut Vec<u8>, value: &V) {
    // Only maps with non-string keys fail, and the views have none.
    let _ = sonic_rs::to_writer(&mut *buf, value);
}

/// The buffer is handed to the writer once it holds this much.
const FLUSH_AT: usize = 64 * 1024;

/// A JSON document written in order through a buffer, optionally made safe to sit in a script.
pub struct JsonOut<'a> {
    out: &'a mut dyn Write,
    buf: Vec<u8>,
    /// Bytes handed to `out` so far.
    flushed: u64,
    /// Script-safe mode: each piece of JSON is made here, then copied into `buf` with escapes.
    scratch: Option<Vec<u8>>,
}

impl<'a> JsonOut<'a> {
    /// Plain JSON.
    pub fn new(out: &'a mut dyn Write) -> JsonOut<'a> {
        JsonOut {
            out,
            buf: Vec::with_capacity(FLUSH_AT * 2),
            flushed: 0,
            scratch: None,
        }
    }

    /// JSON with `<`, `>`, `&`, U+2028 and U+2029 escaped (see [`super::jsonld::script_safe`]).
    pub fn script_safe(out: &'a mut dyn Write) -> JsonOut<'a> {
        JsonOut {
            scratch: Some(Vec::new()),
            ..JsonOut::new(out)
        }
    }

    /// Appends the JSON that `json` writes, escaped in script-safe mode.
    fn emit(&mut self, json: impl FnOnce(&mut Vec<u8>)) {
        match &mut self.scratch {
            None => json(&mut self.buf),
            Some(scratch) => {
                scratch.clear();
                json(scratch);
                script_safe_into(scratch, &mut self.buf);
            }
        }
    }

    /// Opens an object with the members of `head` (a struct serialised as a JSON object).
    pub fn open_object<V: Serialize>(&mut self, head: &V) {
        self.emit(|buf| json_into(buf, head));
        if self.buf.last() == Some(&b'}') {
            self.buf.pop();
        }
    }

    /// Starts the next member, `name`, of the object being written.
    pub fn member(&mut self, name: &str) {
        if self.buf.last() != Some(&b'{') {
            self.buf.push(b',');
        }
        self.emit(|buf| json_into(buf, &name));
        self.buf.push(b':');
    }

    /// Writes `items` as a JSON array, each serialised by `json`.
    pub fn array<T>(
        &mut self,
        items: impl IntoIterator<Item = T>,
        mut json: impl FnMut(T, &mut Vec<u8>),
    ) -> io::Result<()> {
        self.buf.push(b'[');
        for (i, item) in items.into_iter().enumerate() {
            if i > 0 {
                self.buf.push(b',');
            }
            self.emit(|buf| json(item, buf));
            self.flush_full()?;
        }
        self.buf.push(b']');
        Ok(())
    }

    /// Like [`JsonOut::array`] for plain JSON, telling `json` where in the document the buffer it is given
    /// starts.
    pub fn array_placed<T>(
        &mut self,
        items: impl IntoIterator<Item = T>,
        mut json: impl FnMut(T, &mut Vec<u8>, u64),
    ) -> io::Result<()> {
        debug_assert!(
            self.scratch.is_none(),
            "script-safe bytes are not where they were made"
        );
        self.buf.push(b'[');
        for (i, item) in items.into_iter().enumerate() {
            if i > 0 {
                self.buf.push(b',');
            }
            json(item, &mut self.buf, self.flushed);
            self.flush_full()?;
        }
        self.buf.push(b']');
        Ok(())
    }

    /// Hands the buffer to the writer once it holds [`FLUSH_AT`] bytes.
    fn flush_full(&mut self) -> io::Result<()> {
        if self.buf.len() >= FLUSH_AT {
            self.out.write_all(&self.buf)?;
            self.flushed += self.buf.len() as u64;
            self.buf.clear();
        }
        Ok(())
    }

    /// Appends raw bytes (a script prefix, closing braces, the final newline), never escaped.
    pub fn raw(&mut self, bytes: &[u8]) {
        self.buf.extend_from_slice(bytes);
    }

    /// Writes what is left in the buffer.
    pub fn finish(self) -> io::Result<()> {
        self.out.write_all(&self.buf)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn objects_members_and_arrays_make_the_same_json_as_serde() {
        let mut out = Vec::new();
        let mut json = JsonOut::new(&mut out);
        json.open_object(&serde_json::json!({"a": 1}));
        json.member("list");
        // Enough items to flush the buffer several times.
        json.array(0..20_000, |i, buf| json_into(buf, &format!("item <{i}>")))
            .unwrap();
        json.raw(b"}");
        json.finish().unwrap();
        let items: Vec<String> = (0..20_000).map(|i| format!("item <{i}>")).collect();
        let expected = serde_json::to_vec(&serde_json::json!({"a": 1, "list": items})).unwrap();
        assert_eq!(out, expected);
    }

    #[test]
    fn script_safe_mode_escapes_every_piece_but_not_raw_bytes() {
        let mut out = Vec::new();
        let mut json = JsonOut::script_safe(&mut out);
        json.raw(b"x=<");
        json.open_object(&serde_json::json!({"k": "</script>"}));
        json.member("a&b");
        json.array(["\u{2028}"], |s, buf| json_into(buf, &s))
            .unwrap();
        json.raw(b"}");
        json.finish().unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            r#"x=<{"k":"\u003c/script\u003e","a\u0026b":["\u2028"]}"#
        );
    }
}
