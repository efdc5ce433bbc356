//! Source fingerprints: a SHA-256 of the verbatim body, so that a source edited after it was added fails the
//! build, with a short digest per line to say which line changed first.

use std::path::Path;
use std::process::{Command, Stdio};

use sha2::{Digest, Sha256};

use super::LoadedSource;
use crate::diagnostic::{Diagnostic, Location};

/// The prefix of every fingerprint: names the hash, so another can follow without ambiguity.
const SCHEME: &str = "sha256:";

/// Characters of the line digest: each line is 12 bits of its hash, written as two of these.
const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// `sha256:<hex>` of `body`, byte for byte (line endings and all).
pub fn fingerprint(body: &str) -> String {
    let hash = Sha256::digest(body.as_bytes());
    let mut out = String::with_capacity(SCHEME.len() + 64);
    out.push_str(SCHEME);
    for b in hash {
        out.push(char::from(b"0123456789abcdef"[usize::from(b >> 4)]));
        out.push(char::from(b"0123456789abcdef"[usize::from(b & 15)]));
    }
    out
}

/// Two characters per line of `body` (lines split at `\n`, a `\r` kept in its line): enough to find the first
/// changed line without keeping a copy of the text (a changed line goes unnoticed 1 time in 4,096).
pub fn line_digest(body: &str) -> String {
    body.split('\n')
        .flat_map(line_code)
        .map(char::from)
        .collect()
}

fn line_code(line: &str) -> [u8; 2] {
    let hash = Sha256::digest(line.as_bytes());
    let bits = (usize::from(hash[0]) << 4) | usize::from(hash[1] >> 4);
    [ALPHABET[bits >> 6], ALPHABET[bits & 63]]
}

/// 0-based index of the first line of `body` whose digest differs from `digest`, if the digest can tell.
fn first_changed_line(body: &str, digest: &str) -> Option<usize> {
    let old = digest.as_bytes();
    if !old.len().is_multiple_of(2) || !old.iter().all(|b| ALPHABET.contains(b)) {
        return None;
    }
    let mut count = 0;
    for (i, line) in body.split('\n').enumerate() {
        count = i + 1;
        match old.get(2 * i..2 * i + 2) {
            Some(code) if code == line_code(line) => {}
            // A changed line, or a line the fingerprinted text did not have.
            _ => return Some(i),
        }
    }
    // Every line matches but lines were removed at the end: the change is at the last line.
    Some(count.saturating_sub(1))
}

/// An error if `source` has a fingerprint that its body no longer matches; `None` if it matches or has none.
pub fn verify(root: &Path, source: &LoadedSource) -> Option<Diagnostic> {
    let front = &source.front.value;
    let expected = front.fingerprint.as_deref()?;
    let doc = &source.front.doc;
    let Some(hex) = expected.strip_prefix(SCHEME).filter(|h| {
        h.len() == 64
            && h.bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
    }) else {
        return Some(
            Diagnostic::error(&doc.path, format!("`{expected}` is not a fingerprint"))
                .at(doc.loc("fingerprint"))
                .with_hint("a fingerprint is `sha256:` and 64 lower-case hex digits, as `dossier add` writes it"),
        );
    };
    let actual = fingerprint(&source.text);
    if actual[SCHEME.len()..] == *hex {
        return None;
    }
    let mut d = Diagnostic::error(
        &doc.path,
        format!(
            "the text of source `{}` has changed since it was added",
            source.id
        ),
    );
    // The exact place when git still has the fingerprinted text; else the line the digest points at.
    let exact = text_from_git(root, &doc.path, hex).map(|old| first_difference(&old, &source.text));
    d = match exact {
        Some(at) => d
            .at(Some(locate(root, &doc.path, source, at)))
            .with_label("first difference from the fingerprinted text"),
        None => match front
            .fingerprint_lines
            .as_deref()
            .and_then(|d| first_changed_line(&source.text, d))
        {
            Some(i) => d
                .at(Some(locate_line(root, &doc.path, source, i)))
                .with_label("first line that differs from the text that was fingerprinted"),
            None => d
                .at(Some(locate_line(root, &doc.path, source, 0)))
                .with_label("the text below differs from the text that was fingerprinted"),
        },
    };
    Some(
        d.with_hint(format!(
            "a source is kept verbatim: restore its text (e.g. `git diff {}`)",
            crate::diagnostic::display_path(&doc.path)
        ))
        .with_hint(format!(
            "if the original itself changed, re-add it: `dossier add --update {} <capture>` reports which quotes still anchor",
            source.id
        )),
    )
}

/// How many commits back `git log` is asked for a version with the fingerprinted text.
const GIT_DEPTH: &str = "20";

/// The body that hashes to `hex`, from the file's recent git history; `None` without git, outside a
/// repository, or when no recent commit has it.
fn text_from_git(root: &Path, shown: &Path, hex: &str) -> Option<String> {
    let file = root.join(shown);
    let dir = file.parent()?;
    let name = file.file_name()?.to_str()?;
    let git = |args: &[&str]| {
        let out = Command::new("git")
            .arg("-C")
            .arg(dir)
            .args(args)
            .stdin(Stdio::null())
            .stderr(Stdio::null())
            .output()
            .ok()?;
        out.status.success().then_some(out.stdout)
    };
    let log = git(&["log", "--format=%H", "-n", GIT_DEPTH, "--", name])?;
    for hash in String::from_utf8(log).ok()?.lines() {
        let Some(bytes) = git(&["show", &format!("{hash}:./{name}")]) else {
            continue;
        };
        let Ok(text) = String::from_utf8(bytes) else {
            continue;
        };
        let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
        let Ok(split) = super::front_matter::split(text) else {
            continue;
        };
        let body = &text[split.body_offset..];
        if fingerprint(body)[SCHEME.len()..] == *hex {
            return Some(body.to_owned());
        }
    }
    None
}

/// Byte offset in `new` of the first character that differs from `old` (at a character boundary).
fn first_difference(old: &str, new: &str) -> usize {
    old.char_indices()
        .zip(new.chars())
        .find(|((_, a), b)| a != b)
        .map_or(old.len().min(new.len()), |((i, _), _)| i)
}

/// The location in the file of byte `at` of the body, spanning to the end of its line.
fn locate(root: &Path, shown: &Path, source: &LoadedSource, at: usize) -> Location {
    let body = source.text.as_str();
    let at = at.min(body.len());
    let in_body = Location::from_span(body, at, at);
    let end = body[at..].find(['\r', '\n']).map_or(body.len(), |e| at + e);
    let file_len = std::fs::read(root.join(shown)).map_or(0, |b| b.len());
    let body_start = file_len.saturating_sub(body.len());
    Location {
        line: source.text_line + in_body.line - 1,
        column: in_body.column,
        start: if file_len == 0 { 0 } else { body_start + at },
        end: if file_len == 0 {
            0
        } else {
            body_start + end.max(at)
        },
    }
}

/// The location in the file of the body's 0-based line `index`, spanning that line.
fn locate_line(root: &Path, shown: &Path, source: &LoadedSource, index: usize) -> Location {
    let body = source.text.as_str();
    let start = body
        .split_inclusive('\n')
        .take(index)
        .map(str::len)
        .sum::<usize>();
    let len = body[start..].find('\n').unwrap_or(body.len() - start);
    let len = body[start..start + len].trim_end_matches('\r').len();
    // Offsets in the file as the report reads it: the body is the file's tail (a BOM only ever precedes it).
    let file_len = std::fs::read(root.join(shown)).map_or(0, |b| b.len());
    let body_start = file_len.saturating_sub(body.len());
    Location {
        line: source.text_line + index,
        column: 1,
        start: if file_len == 0 { 0 } else { body_start + start },
        end: if file_len == 0 {
            0
        } else {
            body_start + start + len
        },
    }
}

/// The `check` warning for a source that has no fingerprint yet.
pub fn missing(file: &Path, id: &str) -> Diagnostic {
    Diagnostic::warning(file, format!("source `{id}` has no fingerprint"))
        .with_hint("an edit to its text would go unnoticed; `dossier add --update <id> <capture>` records one (and reports any drift from the capture)")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprint_is_sha256_of_the_exact_bytes() {
        assert_eq!(
            fingerprint("abc"),
            "sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert_ne!(fingerprint("a\r\nb"), fingerprint("a\nb"));
        assert_ne!(fingerprint("a\u{a0}b"), fingerprint("a b"));
    }

    #[test]
    fn line_digest_points_at_the_first_changed_line() {
        let body = "Title\n\nFirst paragraph.\nSecond paragraph.\n";
        let digest = line_digest(body);
        assert_eq!(digest.len(), 2 * 5);
        assert_eq!(
            first_changed_line("Title\n\nFirst paragraph.\nSecond  paragraph.\n", &digest),
            Some(3)
        );
        assert_eq!(
            first_changed_line("Title\n\nFirst paragraph.\n", &digest),
            Some(3)
        );
        assert_eq!(
            first_changed_line("Title\nNew\n\nFirst paragraph.\n", &digest),
            Some(1)
        );
        assert_eq!(first_changed_line(body, "not a digest!"), None);
    }

    #[test]
    fn first_difference_is_at_a_character() {
        assert_eq!(first_difference("caf\u{e9} noir", "caf\u{e9} blanc"), 6);
        assert_eq!(first_difference("abc", "abcd"), 3);
        assert_eq!(first_difference("\u{e9}", "e"), 0);
    }
}
