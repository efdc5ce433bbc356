//! Social card images: a 1200x630 PNG for the front page and for each section (what a shared link shows),
//! drawn at build time from an SVG with resvg, in fonts bundled with dossier (`assets/fonts/`, DejaVu Sans:
//! Latin, Greek, Cyrillic and Arabic). A text in a script they lack (Korean, Chinese...) is drawn in a font
//! of this machine that has it; when none has, that text is left off the card rather than drawn as boxes.

use std::sync::{Arc, OnceLock};

use resvg::{tiny_skia, usvg};
use skrifa::prelude::{FontRef, LocationRef, MetadataProvider, Size};

/// Width of a card, in pixels (Open Graph's recommended 1.91:1).
pub const WIDTH: u32 = 1200;
/// Height of a card, in pixels.
pub const HEIGHT: u32 = 630;

const REGULAR: &[u8] = include_bytes!("../../../assets/fonts/DejaVuSans.ttf");
const BOLD: &[u8] = include_bytes!("../../../assets/fonts/DejaVuSans-Bold.ttf");
const FAMILY: &str = "DejaVu Sans";

/// Left and right margin of the text, in pixels.
const MARGIN: f32 = 88.0;
/// Largest and smallest title size, in pixels; the title shrinks to fit `TITLE_LINES` lines.
const TITLE_SIZES: [f32; 4] = [76.0, 66.0, 58.0, 50.0];
const TITLE_LINES: usize = 4;

/// What a card says.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Card {
    /// A line above the title (the dossier's name on a section's card, "Dossier" on the front page's).
    pub kicker: String,
    /// The title: the section's or the dossier's.
    pub title: String,
    /// A line at the foot (counts of sources and points).
    pub footer: String,
    /// The dossier is written right to left.
    pub rtl: bool,
}

/// Why a card could not be drawn.
#[derive(Debug, thiserror::Error)]
pub enum CardError {
    /// The SVG did not parse (a bug: it is generated here).
    #[error("the card's SVG is invalid: {0}")]
    Svg(#[from] usvg::Error),
    /// The image could not be allocated or encoded.
    #[error("the card could not be drawn: {0}")]
    Image(String),
}

/// The bundled fonts, and the machine's fonts only once a text needs a script the bundled ones lack.
struct Fonts {
    bundled: Arc<usvg::fontdb::Database>,
    with_system: OnceLock<Arc<usvg::fontdb::Database>>,
}

fn fonts() -> &'static Fonts {
    static FONTS: OnceLock<Fonts> = OnceLock::new();
    FONTS.get_or_init(|| {
        let mut db = usvg::fontdb::Database::new();
        db.load_font_data(REGULAR.to_vec());
        db.load_font_data(BOLD.to_vec());
        db.set_sans_serif_family(FAMILY);
        Fonts {
            bundled: Arc::new(db),
            with_system: OnceLock::new(),
        }
    })
}

impl Fonts {
    fn system(&self) -> &Arc<usvg::fontdb::Database> {
        self.with_system.get_or_init(|| {
            let mut db = (*self.bundled).clone();
            db.load_system_fonts();
            Arc::new(db)
        })
    }
}

/// True if a font of `db` has a glyph for `c`.
fn db_has(db: &usvg::fontdb::Database, c: char) -> bool {
    db.faces().any(|face| {
        db.with_face_data(face.id, |data, index| {
            FontRef::from_index(data, index)
                .ok()
                .and_then(|f| f.charmap().map(c))
                .is_some()
        })
        .unwrap_or(false)
    })
}

/// Glyph coverage and advance widths of the bundled bold font.
fn bold() -> FontRef<'static> {
    FontRef::new(BOLD).expect("the bundled font parses")
}

/// Whether every visible character of `text` has a glyph in the bundled fonts (`Some(false)`), needs the
/// machine's fonts (`Some(true)`), or has none anywhere (`None`).
fn needs_system(text: &str) -> Option<bool> {
    let font = bold();
    let charmap = font.charmap();
    let missing: Vec<char> = text
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control() && charmap.map(*c).is_none())
        // Bidi and joining controls are not drawn.
        .filter(|c| !matches!(*c as u32, 0x200B..=0x200F | 0x202A..=0x202E | 0x2066..=0x2069))
        .collect();
    if missing.is_empty() {
        return Some(false);
    }
    let system = fonts().system();
    missing.iter().all(|c| db_has(system, *c)).then_some(true)
}

/// The width of `text` at `size` pixels in the bold font (characters it lacks count as a full em).
fn width(text: &str, size: f32) -> f32 {
    let font = bold();
    let charmap = font.charmap();
    let metrics = font.glyph_metrics(Size::new(size), LocationRef::default());
    text.chars()
        .map(|c| {
            charmap
                .map(c)
                .and_then(|g| metrics.advance_width(g))
                .unwrap_or(size)
        })
        .sum()
}

/// `text` broken into lines no wider than `max` at `size`; `None` if it needs more than `lines` lines.
fn wrap(text: &str, size: f32, max: f32, lines: usize) -> Option<Vec<String>> {
    let mut out: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let candidate = if line.is_empty() {
            word.to_owned()
        } else {
            format!("{line} {word}")
        };
        if width(&candidate, size) <= max || line.is_empty() {
            line = candidate;
        } else {
            out.push(std::mem::replace(&mut line, word.to_owned()));
        }
    }
    if !line.is_empty() {
        out.push(line);
    }
    (out.len() <= lines).then_some(out)
}

/// The title at the largest size that fits, cut with an ellipsis when even the smallest does not.
fn fit_title(title: &str, max: f32) -> (f32, Vec<String>) {
    for size in TITLE_SIZES {
        if let Some(lines) = wrap(title, size, max, TITLE_LINES) {
            return (size, lines);
        }
    }
    let size = TITLE_SIZES[TITLE_SIZES.len() - 1];
    let mut words: Vec<&str> = title.split_whitespace().collect();
    while !words.is_empty() {
        words.pop();
        let cut = format!("{}…", words.join(" "));
        if let Some(lines) = wrap(&cut, size, max, TITLE_LINES) {
            return (size, lines);
        }
    }
    (size, Vec::new())
}

fn xml_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// The card as SVG, and whether it needs the machine's fonts.
fn svg(card: &Card) -> (String, bool) {
    let max = WIDTH as f32 - 2.0 * MARGIN;
    let (x, anchor, dir) = if card.rtl {
        (WIDTH as f32 - MARGIN, "end", " direction=\"rtl\"")
    } else {
        (MARGIN, "start", "")
    };
    let mut system = false;
    // A text no font can draw is left off; one that needs the machine's fonts is drawn with them.
    let mut drawable = |text: &str| match needs_system(text) {
        Some(needs) => {
            system |= needs;
            true
        }
        None => false,
    };
    let mut body = String::new();
    let text = |body: &mut String, y: f32, size: f32, weight: &str, fill: &str, content: &str| {
        body.push_str(&format!(
            "<text x=\"{x}\" y=\"{y}\" font-family=\"{FAMILY}, sans-serif\" font-size=\"{size}\" font-weight=\"{weight}\" fill=\"{fill}\" text-anchor=\"{anchor}\"{dir}>{}</text>",
            xml_escape(content)
        ));
    };
    if drawable(&card.kicker) {
        let kicker = crate::render::markdown::truncate_words(&card.kicker, 60);
        text(&mut body, 132.0, 32.0, "normal", "#a3201d", &kicker);
    }
    if drawable(&card.title) {
        let (size, lines) = fit_title(&card.title, max);
        let mut y = 200.0 + size;
        for line in &lines {
            text(&mut body, y, size, "bold", "#111111", line);
            y += size * 1.18;
        }
    }
    if drawable(&card.footer) {
        text(&mut body, 566.0, 30.0, "normal", "#545454", &card.footer);
    }
    let bar_x = if card.rtl { WIDTH - 24 } else { 0 };
    let svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{WIDTH}\" height=\"{HEIGHT}\" viewBox=\"0 0 {WIDTH} {HEIGHT}\">\
<rect width=\"{WIDTH}\" height=\"{HEIGHT}\" fill=\"#fbfaf7\"/>\
<rect x=\"{bar_x}\" width=\"24\" height=\"{HEIGHT}\" fill=\"#a3201d\"/>\
<rect x=\"{MARGIN}\" y=\"518\" width=\"{max}\" height=\"2\" fill=\"#d8d4cb\"/>{body}</svg>"
    );
    (svg, system)
}

/// Draws `card` as a PNG of [`WIDTH`] x [`HEIGHT`] pixels.
pub fn render(card: &Card) -> Result<Vec<u8>, CardError> {
    let (svg, system) = svg(card);
    let fonts = fonts();
    let options = usvg::Options {
        font_family: FAMILY.to_owned(),
        fontdb: if system {
            Arc::clone(fonts.system())
        } else {
            Arc::clone(&fonts.bundled)
        },
        ..usvg::Options::default()
    };
    let tree = usvg::Tree::from_str(&svg, &options)?;
    let mut pixmap = tiny_skia::Pixmap::new(WIDTH, HEIGHT)
        .ok_or_else(|| CardError::Image("no room for the image".to_owned()))?;
    resvg::render(&tree, tiny_skia::Transform::default(), &mut pixmap.as_mut());
    encode(&pixmap).map_err(|e| CardError::Image(e.to_string()))
}

/// The card as a PNG: RGB when it is opaque (it is: the background fills it), with the fast compression, which
/// takes a fraction of the time of the default level for a file a little larger.
fn encode(pixmap: &tiny_skia::Pixmap) -> Result<Vec<u8>, png::EncodingError> {
    if pixmap.pixels().iter().any(|p| !p.is_opaque()) {
        return pixmap.encode_png();
    }
    // Opaque pixels are the same premultiplied or not.
    let rgb: Vec<u8> = pixmap
        .data()
        .chunks_exact(4)
        .flat_map(|p| [p[0], p[1], p[2]])
        .collect();
    let mut data = Vec::new();
    let mut encoder = png::Encoder::new(&mut data, pixmap.width(), pixmap.height());
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    encoder.set_compression(png::Compression::Fast);
    encoder.write_header()?.write_image_data(&rgb)?;
    Ok(data)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png_size(png: &[u8]) -> (u32, u32) {
        assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
        let be = |at: usize| u32::from_be_bytes(png[at..at + 4].try_into().unwrap());
        (be(16), be(20))
    }

    /// How many pixels differ from the background: a rough measure of what was drawn.
    fn inked(png: &[u8]) -> usize {
        let pixmap = tiny_skia::Pixmap::decode_png(png).unwrap();
        pixmap
            .pixels()
            .iter()
            .filter(|p| (p.red(), p.green(), p.blue()) != (0xfb, 0xfa, 0xf7))
            .count()
    }

    fn card(title: &str, rtl: bool) -> Card {
        Card {
            kicker: "The dossier".to_owned(),
            title: title.to_owned(),
            footer: "3 sources · 12 points".to_owned(),
            rtl,
        }
    }

    #[test]
    fn a_card_is_a_1200_by_630_png_with_its_text_drawn() {
        let empty = render(&card("", false)).unwrap();
        let titled = render(&card("The council’s “final” offer", false)).unwrap();
        assert_eq!(png_size(&titled), (WIDTH, HEIGHT));
        assert!(inked(&titled) > inked(&empty) + 2000, "the title is drawn");
        let arabic = render(&card("إغلاق الجسر للأشغال", true)).unwrap();
        assert!(inked(&arabic) > inked(&empty) + 1000, "Arabic is drawn");
    }

    #[test]
    fn long_titles_shrink_then_are_cut_and_lines_fit() {
        let max = WIDTH as f32 - 2.0 * MARGIN;
        let (size, lines) = fit_title("Short", max);
        assert_eq!((size, lines.len()), (TITLE_SIZES[0], 1));
        let long = "word ".repeat(200);
        let (size, lines) = fit_title(&long, max);
        assert_eq!(size, TITLE_SIZES[TITLE_SIZES.len() - 1]);
        assert!(lines.len() <= TITLE_LINES);
        assert!(lines.last().unwrap().ends_with('…'));
        assert!(lines.iter().all(|l| width(l, size) <= max));
    }

    #[test]
    fn a_script_no_font_has_is_left_off_not_drawn_as_boxes() {
        // Private-use characters: no font has them.
        assert_eq!(needs_system("\u{E000}\u{E001}"), None);
        assert_eq!(
            needs_system("Plain Latin, Ελληνικά, Кириллица, عربي"),
            Some(false)
        );
        let empty = render(&card("", false)).unwrap();
        let unknown = render(&card("\u{E000}\u{E001}\u{E002}", false)).unwrap();
        assert_eq!(inked(&unknown), inked(&empty));
        assert!(svg(&card("A & <b>", false)).0.contains("A &amp; &lt;b&gt;"));
    }
}
