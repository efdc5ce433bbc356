//! The front matter `dossier add` writes, and the default id of a new source.

use std::fmt::Write as _;

use crate::load::fingerprint::{fingerprint, line_digest};

/// Everything the front matter says; `None` fields are left out (or commented, when the build needs them).
#[derive(Debug, Clone, Default)]
pub struct Front {
    /// Headline.
    pub title: String,
    /// Publisher, and whether it is inferred (from the address) rather than stated.
    pub outlet: Option<(String, bool)>,
    /// Author(s) as printed.
    pub byline: Option<String>,
    /// YYYY-MM-DD, and whether it is inferred (from the address) rather than stated.
    pub published: Option<(String, bool)>,
    /// Canonical address.
    pub url: Option<String>,
    /// Language tag, when the page states one.
    pub language: Option<String>,
    /// How the text was captured.
    pub provenance: String,
    /// The kept raw capture, relative to `content/`.
    pub snapshot: Option<String>,
    /// Lines proposed as furniture.
    pub furniture: Vec<String>,
}

/// A YAML double-quoted scalar that reads back as exactly `s`.
pub fn quoted(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            // Other controls, and the characters YAML treats as line breaks, escaped so the line stays one line.
            c if c.is_control() || matches!(c, '\u{2028}' | '\u{2029}' | '\u{85}' | '\u{feff}') => {
                let _ = write!(out, "\\u{:04X}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The whole article file: front matter, then `body` verbatim.
pub fn write(front: &Front, body: &str) -> String {
    let mut out = String::from("---\n");
    let mut line = |s: String| {
        out.push_str(&s);
        out.push('\n');
    };
    line(format!("title: {}", quoted(&front.title)));
    match &front.outlet {
        Some((outlet, inferred)) => {
            line(format!("outlet: {}", quoted(outlet)));
            line(format!("outlet_inferred: {inferred}"));
        }
        None => line("# outlet: not stated by the page: fill it in (with outlet_inferred: true if you infer it)".to_owned()),
    }
    if let Some(byline) = &front.byline {
        line(format!("byline: {}", quoted(byline)));
    }
    match &front.published {
        Some((date, inferred)) => {
            line(format!("published: {date}"));
            line(format!("published_inferred: {inferred}"));
        }
        None => line("# published: not stated by the page: fill it in as YYYY-MM-DD (with published_inferred: true if you infer it)".to_owned()),
    }
    if let Some(url) = &front.url {
        line(format!("url: {}", quoted(url)));
    }
    if let Some(language) = &front.language {
        line(format!("language: {}", quoted(language)));
    }
    line(format!("provenance: {}", quoted(&front.provenance)));
    if let Some(snapshot) = &front.snapshot {
        line(format!("snapshot: {}", quoted(snapshot)));
    }
    line(format!("fingerprint: {}", quoted(&fingerprint(body))));
    line(format!("fingerprint_lines: {}", quoted(&line_digest(body))));
    if !front.furniture.is_empty() {
        line("furniture:                   # detected by `dossier add`: keep the lines that are page furniture, delete the others".to_owned());
        for f in &front.furniture {
            line(format!("  - {}", quoted(f)));
        }
    }
    out.push_str("---\n");
    out.push_str(body);
    out
}

/// Words too common to identify an article.
const STOP_WORDS: &[&str] = &[
    "a", "an", "the", "of", "in", "on", "to", "for", "and", "or", "as", "at", "by", "with", "from",
    "is", "are", "was", "be", "its", "it", "s", "after", "into", "over", "new",
];

/// A short id: the outlet's first two words, then up to four significant words of the headline.
pub fn default_id(outlet: Option<&str>, title: &str) -> String {
    let outlet_words: Vec<String> = outlet
        .map(|o| crate::suggest::slugify(o.trim_start_matches("www.")))
        .unwrap_or_default()
        .split('-')
        .filter(|w| !w.is_empty() && !matches!(*w, "the" | "com" | "org" | "net" | "www"))
        .take(2)
        .map(str::to_owned)
        .collect();
    let title_slug = crate::suggest::slugify(title);
    let title_words = title_slug
        .split('-')
        .filter(|w| {
            !w.is_empty() && !STOP_WORDS.contains(w) && !outlet_words.iter().any(|o| o == w)
        })
        .take(4);
    let id = outlet_words
        .iter()
        .map(String::as_str)
        .chain(title_words)
        .collect::<Vec<_>>()
        .join("-");
    let mut id: String = id.chars().take(60).collect();
    while id.ends_with('-') {
        id.pop();
    }
    if id.is_empty() {
        "source".to_owned()
    } else {
        id
    }
}

/// `front` with the top-level `key` set to `value` (a YAML scalar): its line replaced, or a line added before
/// `furniture:` (the list stays last) or at the end.
pub(crate) fn set_key(front: &str, key: &str, value: &str) -> String {
    let prefix = format!("{key}:");
    let new_line = format!("{key}: {value}");
    let mut lines: Vec<String> = front.lines().map(str::to_owned).collect();
    if let Some(l) = lines.iter_mut().find(|l| l.starts_with(&prefix)) {
        *l = new_line;
    } else {
        let at = lines
            .iter()
            .position(|l| l.starts_with("furniture:"))
            .unwrap_or(lines.len());
        lines.insert(at, new_line);
    }
    let mut out = lines.join("\n");
    out.push('\n');
    out
}

/// `front` without the `furniture:` block items equal to one of `items`.
pub(crate) fn drop_items(front: &str, items: &[String]) -> String {
    if items.is_empty() {
        return front.to_owned();
    }
    let mut out = String::new();
    let mut in_furniture = false;
    for line in front.lines() {
        if !line.starts_with([' ', '-', '#']) {
            in_furniture = line.starts_with("furniture:");
        }
        let item = line
            .trim_start()
            .strip_prefix("- ")
            .filter(|_| in_furniture)
            .and_then(|v| serde_yaml::from_str::<String>(v).ok());
        if item.is_some_and(|v| items.iter().any(|i| i.trim() == v.trim())) {
            continue;
        }
        out.push_str(line);
        out.push('\n');
    }
    // A furniture list left empty would read as null: make it an explicit empty list.
    let mut lines: Vec<&str> = out.lines().collect();
    if let Some(i) = lines.iter().position(|l| l.starts_with("furniture:")) {
        let has_items = lines[i + 1..]
            .iter()
            .take_while(|l| l.starts_with([' ', '-', '#']))
            .any(|l| l.trim_start().starts_with("- "));
        if !has_items {
            lines[i] = "furniture: []";
        }
    }
    let mut out = lines.join("\n");
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::SourceFront;

    #[test]
    fn strings_round_trip_through_yaml() {
        for s in [
            "Plain",
            "Mayor: \"we will\" rebuild",
            "a # not a comment",
            "- leading dash",
            "back\\slash and\ttab",
            "yes",
            "2024-01-01",
            "caf\u{e9} \u{201c}q\u{201d}\u{a0}x",
            "line\u{2028}sep \u{7}",
        ] {
            let back: String = serde_yaml::from_str(&quoted(s)).unwrap();
            assert_eq!(back, s);
        }
    }

    #[test]
    fn written_front_matter_parses_as_a_source() {
        let front = Front {
            title: "Council: \"budget\" passes".to_owned(),
            outlet: Some(("The Daily Example".to_owned(), false)),
            byline: Some("Ann Smith".to_owned()),
            published: Some(("2024-03-05".to_owned(), false)),
            url: Some("https://example.org/a?b=c#d".to_owned()),
            language: Some("en-GB".to_owned()),
            provenance: "Added".to_owned(),
            snapshot: None,
            furniture: vec!["Read more".to_owned()],
        };
        let file = write(&front, "Body\r\nRead more\n");
        let split = crate::load::front_matter::split(&file).unwrap();
        let parsed: SourceFront = serde_yaml::from_str(split.front).unwrap();
        assert_eq!(parsed.title, front.title);
        assert_eq!(parsed.url, front.url);
        assert_eq!(parsed.furniture, ["Read more"]);
        assert_eq!(&file[split.body_offset..], "Body\r\nRead more\n");
        assert_eq!(
            parsed.fingerprint.unwrap(),
            fingerprint("Body\r\nRead more\n")
        );
    }

    #[test]
    fn default_ids_are_short_slugs() {
        assert_eq!(
            default_id(
                Some("The Daily Example"),
                "City council approves the new budget after a long night"
            ),
            "daily-example-city-council-approves-budget"
        );
        assert_eq!(default_id(None, "\u{201c}\u{201d}"), "source");
        assert_eq!(
            default_id(Some("www.example.org"), "Flood: what we know"),
            "example-flood-what-we-know"
        );
    }

    #[test]
    fn front_matter_keys_are_set_and_furniture_dropped() {
        let front = "title: T\nfingerprint: \"sha256:old\"\nfurniture:  # detected\n  - \"Read more\"\n  - Menu\n";
        let f = set_key(front, "fingerprint", "\"sha256:new\"");
        let f = set_key(&f, "previous_fingerprint", "\"sha256:old\"");
        assert_eq!(
            f,
            "title: T\nfingerprint: \"sha256:new\"\nprevious_fingerprint: \"sha256:old\"\nfurniture:  # detected\n  - \"Read more\"\n  - Menu\n"
        );
        let g = drop_items(&f, &["Read more".to_owned()]);
        assert!(g.ends_with("furniture:  # detected\n  - Menu\n"), "{g}");
        let h = drop_items(&g, &["Menu".to_owned()]);
        assert!(h.ends_with("furniture: []\n"), "{h}");
        let parsed: SourceFront =
            serde_yaml::from_str(&format!("outlet: O\npublished: 2024-01-01\n{h}")).unwrap();
        assert!(parsed.furniture.is_empty());
    }
}
