//! A capture turned into a source: decoded, its article extracted, what it states about itself read, its
//! furniture proposed. Nothing is written here.

use std::path::Path;

use super::fetch::{self, Capture};
use super::front::Front;
use super::{charset, extract, furniture, metadata, IngestError};

/// A capture turned into a body and the front matter it states.
#[derive(Debug, Clone)]
pub struct Captured {
    /// The verbatim text.
    pub body: String,
    /// Front matter fields (without snapshot).
    pub front: Front,
    /// Fields the editor must look at.
    pub notes: Vec<String>,
}

/// Decodes and extracts a capture: its text, and what it states about itself.
pub fn capture(raw: &Capture) -> Result<Captured, IngestError> {
    let html = raw.is_html();
    let (text, encoding) = charset::decode(&raw.bytes, raw.charset.as_deref(), html, &raw.input)?;
    let mut notes = Vec::new();
    let shown = shown_input(raw);
    let today = today();
    let (body, meta, how) = if html {
        let meta = metadata::read(&text);
        let (body, title, byline) = match extract::article(&text, raw.url.as_deref()) {
            Some(e) => (e.text, e.title, e.byline),
            None => {
                notes.push("no article found by readability: the whole page's text was taken; trim it by hand".to_owned());
                (extract::whole_page(&text), None, None)
            }
        };
        let mut meta = meta;
        meta.title = meta.title.or(title);
        meta.byline = meta.byline.or(byline);
        let stated = if meta.found_in.is_empty() {
            String::new()
        } else {
            format!("; metadata from {}", meta.found_in.join(", "))
        };
        let how = format!("main text extracted by readability from the {encoding} page{stated}");
        (body, meta, how)
    } else {
        let title = text
            .lines()
            .map(str::trim)
            .find(|l| !l.is_empty())
            .map(str::to_owned);
        let meta = metadata::Metadata {
            title,
            ..Default::default()
        };
        (text, meta, "plain text kept as it is".to_owned())
    };
    if body.trim().is_empty() {
        return Err(IngestError::NoText {
            input: raw.input.clone(),
        });
    }
    let url = meta.url.clone().or_else(|| raw.url.clone());
    let outlet = match meta.outlet {
        Some(o) => Some((o, false)),
        None => url.as_deref().and_then(host).map(|h| (h, true)),
    };
    let published = match meta.published {
        Some(d) => Some((d, false)),
        None => url.as_deref().and_then(date_in_path).map(|d| (d, true)),
    };
    if outlet.is_none() {
        notes.push("the outlet is not stated: fill in `outlet:` before building".to_owned());
    } else if outlet.as_ref().is_some_and(|o| o.1) {
        notes.push(
            "the outlet is inferred from the address (outlet_inferred: true): check it".to_owned(),
        );
    }
    if published.is_none() {
        notes.push("the date is not stated: fill in `published:` before building".to_owned());
    } else if published.as_ref().is_some_and(|p| p.1) {
        notes.push(
            "the date is inferred from the address (published_inferred: true): check it".to_owned(),
        );
    }
    let furniture = furniture::propose(&body, meta.title.as_deref(), meta.byline.as_deref());
    if !furniture.is_empty() {
        notes.push(format!(
            "{} line(s) proposed as furniture: confirm them in `furniture:`",
            furniture.len()
        ));
    }
    Ok(Captured {
        front: Front {
            title: meta.title.unwrap_or_default(),
            outlet,
            byline: meta.byline,
            published,
            url,
            language: meta.language,
            provenance: format!("Added with `dossier add` on {today} from {shown}: {how}."),
            snapshot: None,
            furniture,
        },
        body,
        notes,
    })
}

/// The input as provenance names it: a URL whole, a file by its name.
fn shown_input(raw: &Capture) -> String {
    if fetch::is_url(&raw.input) {
        raw.input.clone()
    } else {
        Path::new(&raw.input)
            .file_name()
            .map_or_else(|| raw.input.clone(), |n| n.to_string_lossy().into_owned())
    }
}

/// Today's date (UTC), YYYY-MM-DD.
fn today() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    chrono::DateTime::from_timestamp(i64::try_from(secs).unwrap_or(0), 0)
        .map(|d| d.date_naive().to_string())
        .unwrap_or_default()
}

/// The host of an http(s) URL, without `www.`.
fn host(url: &str) -> Option<String> {
    let rest = url.split_once("://")?.1;
    let host = rest.split(['/', '?', '#']).next()?;
    let host = host.rsplit('@').next()?.split(':').next()?;
    let host = host.strip_prefix("www.").unwrap_or(host);
    (!host.is_empty()).then(|| host.to_ascii_lowercase())
}

/// A date written in a URL's path as `/YYYY/MM/DD/` or `YYYY-MM-DD`.
fn date_in_path(url: &str) -> Option<String> {
    let path = url.split_once("://")?.1.split_once('/')?.1;
    let parts: Vec<&str> = path.split(['/', '?', '#']).collect();
    let valid = |y: &str, m: &str, d: &str| {
        let s = format!("{y}-{m}-{d}");
        chrono::NaiveDate::parse_from_str(&s, "%Y-%m-%d")
            .ok()
            .map(|_| s)
    };
    for w in parts.windows(3) {
        if w[0].len() == 4 && w[1].len() == 2 && w[2].len() == 2 {
            if let Some(d) = valid(w[0], w[1], w[2]) {
                return Some(d);
            }
        }
    }
    parts.iter().find_map(|p| {
        p.as_bytes().windows(10).find_map(|w| {
            let s = std::str::from_utf8(w).ok()?;
            let (y, m, d) = (s.get(..4)?, s.get(5..7)?, s.get(8..10)?);
            (s.as_bytes()[4] == b'-' && s.as_bytes()[7] == b'-')
                .then(|| valid(y, m, d))
                .flatten()
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_and_dates_from_addresses() {
        assert_eq!(
            host("https://www.Example.org:8080/a/b").as_deref(),
            Some("example.org")
        );
        assert_eq!(
            date_in_path("https://example.org/news/2024/03/05/story").as_deref(),
            Some("2024-03-05")
        );
        assert_eq!(
            date_in_path("https://example.org/story-2024-03-05.html").as_deref(),
            Some("2024-03-05")
        );
        assert_eq!(date_in_path("https://example.org/2024/13/05/x"), None);
        assert_eq!(date_in_path("https://2024-03-05.example.org/"), None);
    }
}
