//! What a page states about its article: JSON-LD (`NewsArticle`, `Article`..., also inside `@graph` and
//! arrays), Open Graph and `article:` meta, `<link rel=canonical>`, `<time datetime>`, bylines. A field the page
//! does not state stays empty: nothing is guessed here.

use dom_query::Document;
use serde_json::Value;

/// The article's metadata as the page states it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Metadata {
    /// Headline.
    pub title: Option<String>,
    /// Publisher or site name.
    pub outlet: Option<String>,
    /// Author(s), comma-separated.
    pub byline: Option<String>,
    /// Publication date, YYYY-MM-DD (the date as written, in the publisher's time zone).
    pub published: Option<String>,
    /// Canonical address.
    pub url: Option<String>,
    /// Language tag.
    pub language: Option<String>,
    /// Where the fields came from (`JSON-LD`, `Open Graph`...), for provenance.
    pub found_in: Vec<&'static str>,
}

/// Reads the metadata of `html`.
pub fn read(html: &str) -> Metadata {
    let doc = Document::from(html);
    let mut m = Metadata::default();
    if let Some(ld) = json_ld_article(&doc) {
        m.found_in.push("JSON-LD");
        m.title = string(&ld["headline"]).or_else(|| string(&ld["name"]));
        m.published = string(&ld["datePublished"]).and_then(|d| date(&d));
        m.byline = names(&ld["author"]);
        m.outlet = names(&ld["publisher"]);
        m.url = string(&ld["url"])
            .or_else(|| string(&ld["mainEntityOfPage"]["@id"]))
            .or_else(|| string(&ld["mainEntityOfPage"]))
            .filter(|u| is_http(u));
        m.language = string(&ld["inLanguage"]);
    }
    let meta = |key: &str| -> Option<String> {
        let sel = format!("meta[property=\"{key}\"], meta[name=\"{key}\"]");
        doc.select(&sel)
            .iter()
            .filter_map(|n| n.attr("content"))
            .map(|c| clean(&c))
            .find(|c| !c.is_empty())
    };
    let og = [
        meta("og:title"),
        meta("og:site_name"),
        meta("og:url"),
        meta("article:published_time"),
    ];
    if og.iter().any(Option::is_some) {
        m.found_in.push("Open Graph");
    }
    let [og_title, og_site, og_url, og_published] = og;
    fill(&mut m.title, og_title);
    fill(&mut m.outlet, og_site);
    fill(&mut m.published, og_published.and_then(|d| date(&d)));
    fill(&mut m.published, meta("date").and_then(|d| date(&d)));
    // `article:author` is often a profile URL, which is no name.
    let author = meta("author").or_else(|| meta("article:author").filter(|a| !is_http(a)));
    fill(&mut m.byline, author);
    let canonical = doc
        .select("link[rel~=canonical]")
        .attr("href")
        .map(|h| h.trim().to_owned())
        .filter(|h| is_http(h));
    if canonical.is_some() {
        m.found_in.push("canonical link");
    }
    // The canonical link is the page's own word on its address; og:url and JSON-LD follow it.
    m.url = canonical.or(m.url).or(og_url.filter(|u| is_http(u)));
    if m.published.is_none() {
        m.published = time_element(&doc);
        if m.published.is_some() {
            m.found_in.push("<time>");
        }
    }
    if m.byline.is_none() {
        m.byline = byline_element(&doc);
    }
    fill(
        &mut m.language,
        doc.select("html")
            .attr("lang")
            .map(|l| l.trim().to_owned())
            .filter(|l| !l.is_empty()),
    );
    m
}

fn fill(slot: &mut Option<String>, value: Option<String>) {
    if slot.is_none() {
        *slot = value;
    }
}

fn is_http(s: &str) -> bool {
    s.starts_with("http://") || s.starts_with("https://")
}

/// White space collapsed and trimmed, as a value reads.
fn clean(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The first JSON-LD object typed as an article, searched through arrays and `@graph`.
fn json_ld_article(doc: &Document) -> Option<Value> {
    for script in doc.select("script[type=\"application/ld+json\"]").iter() {
        let Ok(value) = serde_json::from_str::<Value>(script.text().trim()) else {
            continue;
        };
        if let Some(found) = find_article(&value, 0) {
            return Some(found.clone());
        }
    }
    None
}

fn find_article(value: &Value, depth: usize) -> Option<&Value> {
    if depth > 16 {
        return None;
    }
    match value {
        Value::Array(items) => items.iter().find_map(|v| find_article(v, depth + 1)),
        Value::Object(map) => {
            let is_article = match map.get("@type") {
                Some(Value::String(t)) => is_article_type(t),
                Some(Value::Array(ts)) => ts.iter().filter_map(Value::as_str).any(is_article_type),
                _ => false,
            };
            if is_article {
                return Some(value);
            }
            map.get("@graph").and_then(|g| find_article(g, depth + 1))
        }
        _ => None,
    }
}

/// `Article`, `NewsArticle`, `ReportageNewsArticle`, `BlogPosting`...: the schema.org article types.
fn is_article_type(t: &str) -> bool {
    let t = t.rsplit('/').next().unwrap_or(t);
    t.ends_with("Article") || t == "BlogPosting" || t == "LiveBlogPosting"
}

fn string(v: &Value) -> Option<String> {
    let s = match v {
        Value::String(s) => clean(s),
        Value::Array(items) => return items.iter().find_map(string),
        _ => return None,
    };
    (!s.is_empty()).then_some(s)
}

/// Names of a person/organisation value: a string, an object with `name`, or an array of either.
fn names(v: &Value) -> Option<String> {
    let mut out: Vec<String> = Vec::new();
    let mut push = |v: &Value| {
        let name = match v {
            Value::String(s) => Some(clean(s)),
            Value::Object(o) => o.get("name").and_then(string),
            _ => None,
        };
        if let Some(n) = name.filter(|n| !n.is_empty() && !is_http(n)) {
            if !out.contains(&n) {
                out.push(n);
            }
        }
    };
    match v {
        Value::Array(items) => items.iter().for_each(&mut push),
        other => push(other),
    }
    (!out.is_empty()).then(|| out.join(", "))
}

/// `YYYY-MM-DD` from the start of an ISO 8601 date or date-time.
fn date(s: &str) -> Option<String> {
    let d = s.trim().get(..10)?;
    chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok()?;
    Some(d.to_owned())
}

/// The publication date from `<time datetime>`: one marked as such, else the first inside the article or
/// its header, else the page's only one (a list of related links has several, none of them this article's).
fn time_element(doc: &Document) -> Option<String> {
    let pick = |sel: &str| {
        doc.select(sel)
            .iter()
            .filter_map(|t| t.attr("datetime"))
            .find_map(|d| date(&d))
    };
    pick("time[itemprop=datePublished], time[pubdate], time.published")
        .or_else(|| pick("article header time[datetime], main header time[datetime]"))
        .or_else(|| {
            let all = doc.select("time[datetime]");
            (all.length() == 1)
                .then(|| pick("time[datetime]"))
                .flatten()
        })
}

/// A byline printed on the page: `rel=author` or an element whose class names a byline or author.
fn byline_element(doc: &Document) -> Option<String> {
    for sel in [
        "[rel~=author]",
        "[itemprop=author]",
        "[class*=byline]",
        ".author",
    ] {
        for node in doc.select(sel).iter() {
            let text = clean(&node.text());
            let text = text
                .strip_prefix("By ")
                .or_else(|| text.strip_prefix("by "))
                .unwrap_or(&text)
                .trim();
            // A byline is a name or two, not a paragraph.
            if !text.is_empty() && text.chars().count() <= 80 {
                return Some(text.to_owned());
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_ld_inside_graph_with_author_array() {
        let html = r#"<html lang="en-GB"><head><script type="application/ld+json">
        {"@context":"https://schema.org","@graph":[{"@type":"WebSite","name":"Site"},
         {"@type":["NewsArticle"],"headline":"A  headline","datePublished":"2024-03-05T23:10:00+09:00",
          "author":[{"@type":"Person","name":"Ann Smith"},{"name":"Bo Li"}],
          "publisher":{"@type":"Organization","name":"The Daily Example"}}]}
        </script></head><body></body></html>"#;
        let m = read(html);
        assert_eq!(m.title.as_deref(), Some("A headline"));
        assert_eq!(m.published.as_deref(), Some("2024-03-05"));
        assert_eq!(m.byline.as_deref(), Some("Ann Smith, Bo Li"));
        assert_eq!(m.outlet.as_deref(), Some("The Daily Example"));
        assert_eq!(m.language.as_deref(), Some("en-GB"));
        assert_eq!(m.url, None);
    }

    #[test]
    fn nothing_stated_nothing_filled() {
        let m = read("<html><body><p>Text only.</p><time datetime='2020-01-01'>a</time><time datetime='2021-01-01'>b</time></body></html>");
        assert_eq!(m, Metadata::default());
    }

    #[test]
    fn canonical_wins_and_profile_urls_are_no_byline() {
        let html = r#"<head><meta property="og:url" content="https://example.org/og">
        <link rel="canonical" href="https://example.org/canonical">
        <meta property="article:author" content="https://example.org/people/ann"></head>"#;
        let m = read(html);
        assert_eq!(m.url.as_deref(), Some("https://example.org/canonical"));
        assert_eq!(m.byline, None);
    }
}
