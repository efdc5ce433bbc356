//! Splits an article file into its YAML front matter and its verbatim text.

/// The parts of an article file, as byte offsets into it.
#[derive(Debug, PartialEq, Eq)]
pub struct Split<'a> {
    /// The YAML between the `---` lines.
    pub front: &'a str,
    /// Byte offset of the YAML in the file.
    pub front_offset: usize,
    /// 1-based line of the YAML's first line.
    pub front_line: usize,
    /// Byte offset of the text after the closing `---` line.
    pub body_offset: usize,
    /// 1-based line of the text's first line.
    pub body_line: usize,
}

/// Finds the front matter; on failure returns (message, hint, byte offset).
pub fn split(text: &str) -> Result<Split<'_>, (String, String, usize)> {
    let first_end = text.find('\n').map_or(text.len(), |i| i + 1);
    if text[..first_end].trim_end() != "---" {
        return Err((
            "the article has no front matter".to_owned(),
            "start the file with a line `---`, the YAML fields (title, outlet, published...), then another `---`"
                .to_owned(),
            0,
        ));
    }
    let mut offset = first_end;
    for (line, raw) in (2..).zip(text[first_end..].split_inclusive('\n')) {
        if raw.trim_end() == "---" {
            return Ok(Split {
                front: &text[first_end..offset],
                front_offset: first_end,
                front_line: 2,
                body_offset: offset + raw.len(),
                body_line: line + 1,
            });
        }
        offset += raw.len();
    }
    Err((
        "the front matter is not closed".to_owned(),
        "end the front matter with a line `---` before the article text".to_owned(),
        0,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_front_matter_and_keeps_body_verbatim() {
        let text = "---\ntitle: T\n---\n  Body\u{a0}text\n\nmore";
        let s = split(text).unwrap();
        assert_eq!(s.front, "title: T\n");
        assert_eq!(&text[s.body_offset..], "  Body\u{a0}text\n\nmore");
        assert_eq!((s.front_line, s.body_line), (2, 4));
    }

    #[test]
    fn accepts_crlf() {
        let s = split("---\r\ntitle: T\r\n---\r\nBody").unwrap();
        assert_eq!(s.front, "title: T\r\n");
    }

    #[test]
    fn reports_missing_and_unclosed_front_matter() {
        assert!(split("Body only")
            .unwrap_err()
            .0
            .contains("no front matter"));
        assert!(split("---\ntitle: T\nBody")
            .unwrap_err()
            .0
            .contains("not closed"));
        assert!(split("").is_err());
    }
}
