//! Decodes a capture's bytes in the encoding it declares: BOM, HTTP header, `<meta charset>` or
//! `http-equiv`, in the order browsers use; an HTML page without any declaration that is not valid UTF-8 is
//! read as windows-1252, as browsers do.

use encoding_rs::{Encoding, UTF_8, WINDOWS_1252};

use super::IngestError;

/// The text of `bytes`, and the name of the encoding it was read in.
pub fn decode(
    bytes: &[u8],
    header_charset: Option<&str>,
    html: bool,
    input: &str,
) -> Result<(String, &'static str), IngestError> {
    let declared = Encoding::for_bom(bytes)
        .map(|(e, _)| e)
        .or_else(|| header_charset.and_then(|c| Encoding::for_label(c.trim().as_bytes())))
        .or_else(|| if html { meta_charset(bytes) } else { None });
    let encoding = match declared {
        Some(e) => e,
        None if std::str::from_utf8(bytes).is_ok() => UTF_8,
        None if html => WINDOWS_1252,
        None => {
            return Err(IngestError::Encoding {
                input: input.to_owned(),
                hint: "the text is not UTF-8 and names no encoding: convert it first (e.g. `iconv -f WINDOWS-1252 -t UTF-8`)".to_owned(),
            })
        }
    };
    // A BOM is dropped; malformed sequences become U+FFFD, as a browser shows them.
    let (text, used, had_errors) = encoding.decode(bytes);
    if had_errors && !html {
        return Err(IngestError::Encoding {
            input: input.to_owned(),
            hint: format!(
                "the text is not valid {}: check the file's encoding",
                used.name()
            ),
        });
    }
    Ok((text.into_owned(), used.name()))
}

/// The encoding named by `<meta charset=...>` or `<meta http-equiv=content-type content="...charset=...">` in
/// the first 4 KB (browsers look at the first 1 KB; pages with long heads put it later).
fn meta_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(4096)];
    let lower: Vec<u8> = head.to_ascii_lowercase();
    let mut at = 0;
    while let Some(i) = find(&lower[at..], b"<meta") {
        let start = at + i;
        let end = lower[start..]
            .iter()
            .position(|&b| b == b'>')
            .map_or(lower.len(), |e| start + e);
        let tag = &lower[start..end];
        if let Some(c) = find(tag, b"charset") {
            let rest = &tag[c + 7..];
            let rest = rest.iter().skip_while(|b| b.is_ascii_whitespace()).copied();
            let rest: Vec<u8> = rest.collect();
            if let Some(value) = rest.strip_prefix(b"=") {
                let value: Vec<u8> = value
                    .iter()
                    .skip_while(|b| b.is_ascii_whitespace() || **b == b'"' || **b == b'\'')
                    .take_while(|b| {
                        !(b.is_ascii_whitespace() || matches!(b, b'"' | b'\'' | b';' | b'/' | b'>'))
                    })
                    .copied()
                    .collect();
                if let Some(e) = Encoding::for_label(&value) {
                    // A page served as UTF-16 cannot declare it in ASCII: browsers read such a label as UTF-8.
                    return Some(
                        if e == encoding_rs::UTF_16LE || e == encoding_rs::UTF_16BE {
                            UTF_8
                        } else {
                            e
                        },
                    );
                }
            }
        }
        at = end.max(start + 5);
    }
    None
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    memchr::memmem::find(hay, needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn honours_meta_charset_and_http_equiv() {
        let page =
            b"<html><head><meta charset=\"windows-1252\"></head><body>caf\xe9 \x93q\x94</body>";
        let (text, name) = decode(page, None, true, "p").unwrap();
        assert_eq!(name, "windows-1252");
        assert!(text.contains("caf\u{e9} \u{201c}q\u{201d}"));
        let page = b"<meta http-equiv='Content-Type' content='text/html; charset=euc-kr'><p>\xc7\xd1\xb1\xb9</p>";
        let (text, name) = decode(page, None, true, "p").unwrap();
        assert_eq!(name, "EUC-KR");
        assert!(text.contains("\u{d55c}\u{ad6d}"));
    }

    #[test]
    fn header_wins_over_meta_and_bom_over_both() {
        let page = b"<meta charset=utf-8><p>caf\xe9</p>";
        assert!(decode(page, Some("ISO-8859-1"), true, "p")
            .unwrap()
            .0
            .contains("caf\u{e9}"));
        let page = b"\xEF\xBB\xBF<meta charset=windows-1252><p>caf\xc3\xa9</p>";
        assert_eq!(decode(page, None, true, "p").unwrap().1, "UTF-8");
    }

    #[test]
    fn undeclared_text_must_be_utf8() {
        assert!(decode(b"caf\xe9", None, false, "t.txt").is_err());
        assert_eq!(
            decode("caf\u{e9}\r\n".as_bytes(), None, false, "t")
                .unwrap()
                .0,
            "caf\u{e9}\r\n"
        );
        assert_eq!(
            decode(b"<p>caf\xe9", None, true, "p").unwrap().1,
            "windows-1252"
        );
    }
}
