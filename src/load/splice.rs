//! A section file parsed in pieces. Edited in place, it is parsed again only where it changed: `serve` re-reads
//! one entry of a file of thousands instead of the whole file. Entries are the items of the top-level
//! `entries:` list; when the text before the list is the same and every changed item parses alone, the
//! unchanged items' parsed values are kept. A large file is parsed in parts, in parallel. Anything unusual
//! (anchors, a key after the list, an item that does not parse alone) gives `None`, and the file is parsed
//! whole as usual, so the result is always what a full parse gives, errors included.

use std::borrow::Cow;
use std::path::Path;

use rayon::prelude::*;

use super::files::{EntryFile, SectionFile};
use super::yaml::{self, YamlDoc};

/// The text before the entries (the `entries:` line included) and each entry's text, in order.
fn items(text: &str) -> Option<(&str, Vec<&str>)> {
    let start = list_start(text)?;
    let indent = items_indent(&text[start..])?;
    // Line by line on the bytes: `serve` cuts the old and the new text of a file of thousands of entries on
    // every save. Most lines are an item's fields, told apart by their leading spaces alone.
    let bytes = text.as_bytes();
    let mut starts = Vec::new();
    let mut at = start;
    while at < bytes.len() {
        let end = memchr::memchr(b'\n', &bytes[at..]).map_or(bytes.len(), |i| at + i + 1);
        let line = &bytes[at..end];
        let spaces = line.iter().take_while(|&&b| b == b' ').count();
        let item = spaces == indent
            && line.get(indent) == Some(&b'-')
            && matches!(line.get(indent + 1), Some(b' ' | b'\n' | b'\r'));
        if item {
            starts.push(at);
        } else if spaces <= indent {
            let line = &text[at..end];
            if !line.trim().is_empty() && !line.trim_start().starts_with('#') {
                // Another key after the list, a document marker or a tab: not handled here.
                return None;
            }
        }
        at = end;
    }
    cut_at(text, &starts)
}

/// The indentation of the list's items in `body` (the text after `entries:`): that of its first line that is
/// not blank or a comment, which must be an item.
fn items_indent(body: &str) -> Option<usize> {
    let first = body
        .split_inclusive('\n')
        .find(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'))?;
    let indent = first.len() - first.trim_start_matches(' ').len();
    first[indent..].starts_with('-').then_some(indent)
}

/// `text` cut at `starts` (the items' offsets, in order): the text before the first item, and each item.
fn cut_at<'t>(text: &'t str, starts: &[usize]) -> Option<(&'t str, Vec<&'t str>)> {
    let first = *starts.first()?;
    let ends = starts.iter().skip(1).copied().chain([text.len()]);
    let items = starts.iter().zip(ends).map(|(&s, e)| &text[s..e]).collect();
    Some((&text[..first], items))
}

/// Where the entries start: just after the one line that is `entries:` (white space after it aside); `None`
/// when there is no such line or more than one.
fn list_start(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut list = None;
    for at in memchr::memmem::find_iter(bytes, b"entries:") {
        if at > 0 && bytes[at - 1] != b'\n' {
            continue;
        }
        let end = memchr::memchr(b'\n', &bytes[at..]).map_or(bytes.len(), |i| at + i + 1);
        if text[at..end].trim_end() != "entries:" {
            continue;
        }
        if list.is_some() {
            return None;
        }
        list = Some(end);
    }
    list
}

/// Whether `text` may define a YAML anchor (`&name`), which items elsewhere could refer to.
fn may_anchor(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.iter().enumerate().any(|(i, &b)| {
        b == b'&'
            && bytes.get(i + 1).is_some_and(|n| !n.is_ascii_whitespace())
            && (i == 0
                || matches!(
                    bytes[i - 1],
                    b' ' | b'\n' | b'[' | b'{' | b',' | b'-' | b':'
                ))
    })
}

/// Entries in each part of a large section file parsed on its own.
const PART: usize = 512;

/// `text`'s section parsed in parts of [`PART`] entries, in parallel (one long parse of a file of thousands of
/// entries would hold one thread, and libyaml's event list grows with the file); `None` for a small file, or
/// when the parts cannot be parsed alone safely (anchors, nesting deep enough to be refused, a part that does
/// not parse).
pub(super) fn section_in_parts(path: &Path, text: &str) -> Option<(SectionFile, YamlDoc)> {
    let (_, items) = items(text)?;
    if items.len() <= PART || may_anchor(text) || yaml::may_nest_too_deep(text) {
        return None;
    }
    let end_of = |part: &[&str]| part.last().map(|l| offset(text, l) + l.len());
    // The text before the list goes with the first part, as a whole file; the others are lists.
    let mut parts = items.chunks(PART);
    let first = end_of(parts.next()?)?;
    // Each part's byte offset and line, counted once along the text (not from its start for each part).
    let mut line = 0;
    let mut counted = 0;
    let mut placed = Vec::new();
    for part in parts {
        let from = offset(text, part.first()?);
        line += memchr::memchr_iter(b'\n', &text.as_bytes()[counted..from]).count();
        counted = from;
        placed.push((part, from, line));
    }
    let (head, rest) = rayon::join(
        || yaml::parse::<SectionFile>(path, &text[..first], 0, 0).ok(),
        || {
            placed
                .par_iter()
                .map(|&(part, from, line)| {
                    let to = end_of(part)?;
                    let (entries, _) =
                        yaml::parse::<Vec<EntryFile>>(path, &text[from..to], line, from).ok()?;
                    (entries.len() == part.len()).then_some(entries)
                })
                .collect::<Option<Vec<Vec<EntryFile>>>>()
        },
    );
    let (mut value, _) = head?;
    for entries in rest? {
        value.entries.extend(entries);
    }
    (value.entries.len() == items.len()).then(|| (value, YamlDoc::unindexed(path, text)))
}

/// The byte offset of `part`, a slice of `text`, in it.
fn offset(text: &str, part: &str) -> usize {
    part.as_ptr() as usize - text.as_ptr() as usize
}

/// `new_text`'s section, from `old` (parsed from `old_text`) and a parse of only the entries that changed; `None`
/// when that cannot be done safely.
pub(super) fn section(
    path: &Path,
    old_text: &str,
    old: Cow<'_, SectionFile>,
    new_text: &str,
) -> Option<(SectionFile, YamlDoc)> {
    let (old_head, old_items) = items(old_text)?;
    let (new_head, new_items) = items(new_text)?;
    if old_head != new_head || old_items.len() != old.entries.len() {
        return None;
    }
    let same_start = old_items
        .iter()
        .zip(&new_items)
        .take_while(|(a, b)| a == b)
        .count();
    let most = old_items.len().min(new_items.len()) - same_start;
    let same_end = old_items
        .iter()
        .rev()
        .zip(new_items.iter().rev())
        .take(most)
        .take_while(|(a, b)| a == b)
        .count();
    let old_changed = &old_items[same_start..old_items.len() - same_end];
    let new_changed = &new_items[same_start..new_items.len() - same_end];
    if old_changed.iter().chain(new_changed).any(|t| may_anchor(t)) {
        return None;
    }
    let parsed: Vec<EntryFile> = match new_changed.first() {
        None => Vec::new(),
        Some(first) => {
            let from = offset(new_text, first);
            let to = new_changed
                .last()
                .map_or(from, |l| offset(new_text, l) + l.len());
            let line = memchr::memchr_iter(b'\n', &new_text.as_bytes()[..from]).count();
            yaml::parse::<Vec<EntryFile>>(path, &new_text[from..to], line, from)
                .ok()?
                .0
        }
    };
    if parsed.len() != new_changed.len() {
        return None;
    }
    // The unchanged entries are moved, not copied, when the old file is no longer shared.
    let SectionFile {
        title,
        summary,
        entries: mut kept,
    } = old.into_owned();
    let mut entries = Vec::with_capacity(new_items.len());
    let tail = kept.split_off(kept.len() - same_end);
    kept.truncate(same_start);
    entries.append(&mut kept);
    entries.extend(parsed);
    entries.extend(tail);
    let value = SectionFile {
        title,
        summary,
        entries,
    };
    Some((value, YamlDoc::unindexed(path, new_text)))
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = "title: Money\nsummary: |\n  What *the* sources say.\nentries:\n  - id: a\n    kind: fact\n    title: First\n\n  - id: b\n    kind: fact\n    title: Second\n    body: |\n      A body\n      - not an item\n  # a comment\n  - id: c\n    kind: claim\n    title: Third\n    claimant: Someone\n    status: denied\n";

    fn full(text: &str) -> SectionFile {
        yaml::parse::<SectionFile>(Path::new("s.yaml"), text, 0, 0)
            .unwrap()
            .0
    }

    fn spliced(old: &str, new: &str) -> Option<SectionFile> {
        section(Path::new("s.yaml"), old, Cow::Owned(full(old)), new).map(|(v, _)| v)
    }

    #[test]
    fn an_edited_inserted_or_deleted_entry_gives_what_a_full_parse_gives() {
        let edits = [
            FILE.replace("title: Second", "title: Second, edited"),
            FILE.replace(
                "  - id: c\n",
                "  - id: new\n    kind: context\n    title: New\n  - id: c\n",
            ),
            FILE.replace("  - id: a\n    kind: fact\n    title: First\n\n", ""),
            FILE.replace("A body\n", "A longer body\n      on two lines\n"),
            format!("{FILE}  - id: d\n    kind: fact\n    title: Last\n"),
        ];
        for new in &edits {
            let got = spliced(FILE, new).unwrap_or_else(|| panic!("not spliced:\n{new}"));
            assert_eq!(format!("{got:?}"), format!("{:?}", full(new)), "{new}");
        }
    }

    #[test]
    fn what_it_cannot_do_safely_is_left_to_a_full_parse() {
        let cases = [
            // The text before the list changed.
            FILE.replace("title: Money", "title: Cash"),
            // A key after the list.
            format!("{FILE}extra: 1\n"),
            // An anchor in a changed item.
            FILE.replace("title: Second", "title: &t Second"),
            // A changed item that does not parse alone (an unknown field).
            FILE.replace("title: Second", "title: Second\n    colour: red"),
        ];
        for new in &cases {
            assert!(spliced(FILE, new).is_none(), "{new}");
        }
        // The alias of an anchor kept elsewhere does not parse alone either.
        let anchored = FILE.replace("title: First", "title: &t First");
        let new = anchored.replace("title: Third", "title: *t");
        assert!(spliced(&anchored, &new).is_none());
    }

    /// A section file of `n` entries of varied shapes.
    fn large(n: usize) -> String {
        let mut text = String::from("title: Large\nsummary: |\n  Many entries.\nentries:\n");
        for i in 0..n {
            match i % 4 {
                0 => text += &format!("  - id: e{i}\n    kind: fact\n    title: Entry {i}\n"),
                1 => text += &format!("  # about {i}\n  - id: e{i}\n    kind: context\n    title: \"Quoted: {i}\"\n\n"),
                2 => text += &format!("  - id: e{i}\n    kind: claim\n    title: Claim {i}\n    claimant: Someone\n    status: denied\n    body: |\n      A body\n      - not an item\n"),
                _ => text += &format!("  -   id: e{i}\n      kind: fact\n      title: >\n        Folded {i}\n"),
            }
        }
        text
    }

    #[test]
    fn a_large_file_parsed_in_parts_is_what_a_full_parse_gives() {
        for n in [PART + 1, 3 * PART + 7] {
            let text = large(n);
            let (parts, _) = section_in_parts(Path::new("s.yaml"), &text).expect("parsed in parts");
            assert_eq!(parts.entries.len(), n);
            assert_eq!(format!("{parts:?}"), format!("{:?}", full(&text)));
        }
        assert!(
            section_in_parts(Path::new("s.yaml"), &large(PART)).is_none(),
            "small"
        );
    }

    #[test]
    fn a_large_file_with_an_error_or_an_anchor_is_parsed_whole() {
        let text = large(3 * PART);
        let broken = text.replace(
            "title: Entry 1200\n",
            "title: Entry 1200\n    colour: red\n",
        );
        assert_ne!(broken, text);
        assert!(section_in_parts(Path::new("s.yaml"), &broken).is_none());
        let anchored = text.replace("title: Entry 4\n", "title: &t Entry 4\n");
        assert!(section_in_parts(Path::new("s.yaml"), &anchored).is_none());
        let after = format!("{text}extra: 1\n");
        assert!(section_in_parts(Path::new("s.yaml"), &after).is_none());
    }

    /// [`items`] as it was first written, finding the list and its items line by line on `str`s: what the
    /// byte-wise search must agree with.
    fn items_by_str(text: &str) -> Option<(&str, Vec<&str>)> {
        let mut at = 0;
        let mut list = None;
        for line in text.split_inclusive('\n') {
            if line.trim_end() == "entries:" {
                if list.is_some() {
                    return None;
                }
                list = Some(at + line.len());
            }
            at += line.len();
        }
        let start = list?;
        let body = &text[start..];
        let indent = items_indent(body)?;
        let is_item = |l: &str| {
            l.len() > indent
                && l[..indent].bytes().all(|b| b == b' ')
                && l[indent..].starts_with('-')
                && l[indent + 1..].starts_with([' ', '\n', '\r'])
        };
        let mut starts = Vec::new();
        let mut at = start;
        for line in body.split_inclusive('\n') {
            let blank = line.trim().is_empty() || line.trim_start().starts_with('#');
            let deeper = line.len() - line.trim_start_matches(' ').len() > indent;
            if is_item(line) {
                starts.push(at);
            } else if !blank && !deeper {
                return None;
            }
            at += line.len();
        }
        cut_at(text, &starts)
    }

    #[test]
    fn items_cut_on_bytes_as_they_were_cut_on_strs() {
        let mut texts = vec![FILE.to_owned(), large(PART + 3)];
        for (from, to) in [
            ("entries:\n", "entries:  \r\n"),
            ("entries:\n", "entries:\u{a0}\n"),
            ("entries:\n", " entries:\n"),
            ("entries:\n", "entries: []\n"),
            ("entries:\n", "entries:\nentries:\n"),
            ("entries:\n", "xentries:\n"),
            ("\n\n", "\n   \n"),
            ("\n\n", "\n\t\n"),
            ("\n\n", "\n\u{a0}\n"),
            ("  # a comment\n", "# flush comment\n"),
            ("  # a comment\n", "other: key\n"),
            ("  - id: c\n", "  -\n    id: c\n"),
            ("  - id: c\n", "  -\r\n    id: c\n"),
            ("  - id: c\n", "  -id: c\n"),
            ("  - id: c\n", "   - id: c\n"),
            ("  - id: c\n", " - id: c\n"),
            ("  - id: c\n", "  ---\n"),
            ("  - id: a\n", "  \u{e9}- id: a\n"),
        ] {
            assert!(FILE.contains(from), "{from:?}");
            texts.push(FILE.replacen(from, to, 1));
        }
        texts.push(format!("{FILE}  -"));
        texts.push(format!("{FILE}  - "));
        texts.push(FILE.trim_end().to_owned());
        texts.push("entries:".to_owned());
        texts.push("entries:\n".to_owned());
        texts.push("title: T\nentries:\n- id: a\n- b\n".to_owned());
        texts.push(FILE.replace('\n', "\r\n"));
        for text in &texts {
            assert_eq!(items(text), items_by_str(text), "{text:?}");
        }
    }

    #[test]
    fn items_are_the_list_entries_at_their_own_indentation() {
        let (head, list) = items(FILE).unwrap();
        assert!(head.ends_with("entries:\n"));
        assert_eq!(list.len(), 3);
        assert!(list[1].contains("- not an item"));
        assert!(list[1].ends_with("# a comment\n"));
        let flush = "title: T\nentries:\n- id: a\n  kind: fact\n  title: A\n- id: b\n  kind: fact\n  title: B\n";
        assert_eq!(items(flush).unwrap().1.len(), 2);
        let edited = flush.replace("title: B", "title: Bee");
        assert_eq!(
            format!("{:?}", spliced(flush, &edited).unwrap()),
            format!("{:?}", full(&edited))
        );
    }

    #[test]
    fn every_entry_of_the_real_sections_edited_in_turn_gives_a_full_parse() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("content/annotations");
        let mut files = 0;
        for entry in std::fs::read_dir(dir).unwrap() {
            let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
            let old = full(&text);
            files += 1;
            let mut spliced_edits = 0;
            let titles = text.matches("\n    title: ").count();
            for (at, _) in text.match_indices("\n    title: ") {
                let end = at + 1 + text[at + 1..].find('\n').unwrap();
                let new = format!("{} (edited){}", &text[..end], &text[end..]);
                let Some((got, _)) = section(Path::new("s.yaml"), &text, Cow::Borrowed(&old), &new)
                else {
                    continue;
                };
                assert_eq!(format!("{got:?}"), format!("{:?}", full(&new)));
                spliced_edits += 1;
            }
            // Plain entries, no anchors: every edit is parsed alone.
            assert_eq!(spliced_edits, titles);
        }
        assert!(files >= 4);
    }
}
