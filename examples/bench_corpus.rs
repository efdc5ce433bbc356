//! A deterministic synthetic dossier for benchmarks.
//!
//! ```sh
//! cargo run --release --example bench_corpus -- N DIR [--seed S] [--shape stress|dossier]
//! target/release/dossier --root DIR build --output OUT
//! ```
//!
//! Writes `DIR/content` (N source articles of 700-900 words in 8-15 paragraphs, about 6 evidence quotes per
//! source spread over sections and entries, a timeline) and copies this repository's `themes/` to
//! `DIR/themes`. The same N and seed always give the same bytes: the random numbers come from a hand-written
//! SplitMix64, and source `i` is generated from its own stream, so a smaller corpus's articles are a prefix
//! of a larger one's.
//!
//! Every code path of a real build is exercised: typographic quotes, dashes, non-breaking spaces and odd
//! spacing that quotes must match through normalisation; page furniture; a sentence that repeats within an
//! article, quoted with `prefix`, `suffix` or `occurrence`; overlapping and nested quotes; one passage cited
//! by several entries and timeline moments; all stances, kinds and claim statuses; notes; and Markdown
//! cross-references to sections, entries, sources, source paragraphs and the timeline.
//!
//! `--shape dossier` writes the same articles, annotated the way a real dossier is: every quoted passage (about
//! six per source) is one entry with one evidence quote, in one of four sections, so each section page
//! aggregates every source. No timeline and no cross-references: `scripts/hugo_corpus.py` converts it into a
//! Hugo site doing the equivalent work, for `scripts/bench.py --peers`.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// SplitMix64 (Steele, Lea and Flood 2014): tiny, fast, and its output never changes with a crate version.
#[derive(Clone)]
struct Rng(u64);

impl Rng {
    fn new(seed: u64, stream: u64) -> Rng {
        let mut r = Rng(seed ^ stream.wrapping_mul(0xA076_1D64_78BD_642F));
        r.next();
        r
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (n > 0).
    fn below(&mut self, n: usize) -> usize {
        ((u128::from(self.next()) * n as u128) >> 64) as usize
    }

    /// Uniform in `lo..=hi`.
    fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }

    /// True with probability `percent`/100.
    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }

    fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            items.swap(i, self.below(i + 1));
        }
    }
}

// ---------------------------------------------------------------------------------------------------------
// Vocabulary. Sentences are assembled from these lists by the grammar below, so no two articles read alike.

const FIRST: &[&str] = &[
    "Amara", "Jonas", "Mei", "Tomasz", "Fatima", "Diego", "Ingrid", "Kwame", "Leila", "Oskar",
    "Priya", "Rafael", "Sofia", "Yusuf", "Hana", "Mateo", "Elif", "Niamh", "Arjun", "Chloe",
    "Dmitri", "Esther", "Farid", "Greta", "Hiroshi", "Isabel", "Jae-won", "Kofi", "Lucia", "Marek",
    "Nadia", "Olu", "Paulo", "Rania", "Sven", "Tariq", "Ursula", "Viktor", "Wen", "Ximena", "Yara",
    "Zoltan", "Aisha", "Bruno", "Camille", "Daniel", "Emeka", "Freya", "Gabriel", "Helena", "Ivan",
    "Julia", "Karim", "Lena",
];

const LAST: &[&str] = &[
    "Okafor",
    "Lindqvist",
    "Zhang",
    "Kowalski",
    "Haddad",
    "Morales",
    "Berg",
    "Mensah",
    "Rahimi",
    "Nilsen",
    "Raman",
    "Costa",
    "Petrova",
    "Demir",
    "Sato",
    "Alvarez",
    "Yilmaz",
    "Byrne",
    "Mehta",
    "Dubois",
    "Volkov",
    "Adler",
    "Karimi",
    "Hoffmann",
    "Tanaka",
    "Ferreira",
    "Park",
    "Asante",
    "Romano",
    "Novak",
    "Aziz",
    "Adeyemi",
    "Santos",
    "Khalil",
    "Eriksen",
    "Qureshi",
    "Schmidt",
    "Horvath",
    "Liu",
    "Reyes",
    "Nasser",
    "Farkas",
    "Bello",
    "Moreau",
    "Weiss",
    "Eze",
    "Larsen",
    "Duarte",
    "Fischer",
    "Ivanova",
];

const ROLES: &[&str] = &[
    "spokesperson",
    "deputy minister",
    "chief negotiator",
    "senior analyst",
    "regional director",
    "head of research",
    "finance minister",
    "port authority chief",
    "trade envoy",
    "defence attaché",
    "union leader",
    "mayor",
    "central bank governor",
    "energy secretary",
    "opposition leader",
    "chief economist",
    "police commissioner",
    "foreign minister",
    "governor",
    "security adviser",
];

const ORGS: &[&str] = &[
    "the Ministry of Transport",
    "the Northern Rail Company",
    "the Harbour Board",
    "the State Energy Agency",
    "the Coastal Fisheries Council",
    "the National Grain Authority",
    "the Customs Service",
    "the Regional Development Bank",
    "the Interior Ministry",
    "the Defence Ministry",
    "the Border Guard Service",
    "the Public Health Institute",
    "the Mining Federation",
    "the Water Utilities Commission",
    "the Federal Audit Office",
    "the Civil Aviation Authority",
    "the Shipbuilders' Union",
    "the Chamber of Commerce",
    "the Electoral Commission",
    "the Atlantic Freight Consortium",
    "the Institute for Strategic Studies",
    "the Supreme Court",
];

const PLACES: &[&str] = &[
    "Port Halden",
    "Vessmark",
    "Orrin Bay",
    "Kestrel Falls",
    "Talvik",
    "Santa Ines",
    "Maribor Heights",
    "Dunmore",
    "Aszod",
    "Kirov Lake",
    "New Carrick",
    "Belvoir",
    "Ostrava Junction",
    "Lumen City",
    "Harrowgate",
    "Vila Serena",
    "Tamsk",
    "Greyhaven",
    "Korsa",
    "Eastbridge",
    "Pellworth",
    "Arkona",
    "Silvermouth",
    "Ravensholm",
    "Casterly Point",
    "Marsh End",
    "Norvik",
    "Halcyon Springs",
];

const COUNTRIES: &[&str] = &[
    "Northland",
    "the Republic of Vessia",
    "Korvania",
    "the Federation",
    "Estmark",
    "Lusitania Nova",
    "Bravia",
    "the Union of Kell",
    "Sardova",
    "the Western Provinces",
];

const TOPICS: &[&str] = &[
    "the grain corridor",
    "the new rail link",
    "the fishing quota",
    "the pipeline extension",
    "the port expansion",
    "the border agreement",
    "the fuel subsidy",
    "the water treaty",
    "the mining licence",
    "the customs union",
    "the airport tender",
    "the election law",
    "the debt restructuring",
    "the vaccine rollout",
    "the power-sharing deal",
    "the bridge contract",
    "the ceasefire talks",
    "the steel tariffs",
    "the housing programme",
    "the data-protection bill",
];

const THINGS: &[&str] = &[
    "the freight timetable",
    "a revised budget",
    "the inspection reports",
    "the security arrangements",
    "the tender documents",
    "a draft memorandum",
    "the shipping manifests",
    "the compensation scheme",
    "emergency funding",
    "the environmental assessment",
    "a second round of talks",
    "the audit findings",
    "the export figures",
    "new surveillance equipment",
    "the licensing rules",
    "a joint task force",
    "the evacuation plan",
    "the procurement contract",
    "spare parts",
    "the outstanding payments",
    "the ammunition stockpiles",
    "a loan guarantee",
    "the satellite images",
    "the court filings",
];

const VERBS: &[&str] = &[
    "approved",
    "rejected",
    "postponed",
    "questioned",
    "signed",
    "announced",
    "withdrew",
    "reviewed",
    "defended",
    "criticised",
    "extended",
    "suspended",
    "confirmed",
    "disputed",
    "delayed",
    "welcomed",
    "investigated",
    "published",
    "leaked",
    "renegotiated",
    "blocked",
    "endorsed",
];

const FUTURE: &[&str] = &[
    "be signed",
    "be reviewed",
    "go ahead",
    "face new delays",
    "be put to a vote",
    "be renegotiated",
    "cost more than planned",
    "be cut back",
    "need emergency funding",
    "be challenged in court",
];

const ADJ: &[&str] = &[
    "premature",
    "unprecedented",
    "long overdue",
    "deeply flawed",
    "broadly positive",
    "symbolic",
    "risky",
    "inevitable",
    "cautious",
    "ambitious",
    "opaque",
    "pragmatic",
    "controversial",
    "modest",
];

const WHEN: &[&str] = &[
    "late on Monday",
    "early on Tuesday",
    "on Wednesday afternoon",
    "on Thursday morning",
    "late on Friday",
    "over the weekend",
    "on Sunday evening",
    "earlier this month",
    "last week",
    "on the eve of the summit",
    "hours before the deadline",
    "shortly after midnight",
];

const FUTURE_WHEN: &[&str] = &[
    "within weeks",
    "before the end of the year",
    "by the spring",
    "next month",
    "in the coming days",
    "after the holidays",
    "before parliament rises",
    "once the audit is complete",
];

const SUBJECTS: &[&str] = &[
    "local authorities",
    "the government",
    "the company",
    "investors",
    "residents",
    "diplomats",
    "opposition lawmakers",
    "customs officers",
    "trade unions",
    "independent monitors",
    "the regulator",
    "foreign observers",
    "the coalition",
    "farmers' groups",
    "shipping firms",
    "the prosecutors",
];

const ANALYSTS: &[&str] = &[
    "analysts",
    "economists",
    "former officials",
    "legal experts",
    "industry insiders",
    "diplomats",
    "military observers",
    "market traders",
    "people familiar with the matter",
];

const QUOTES: &[&str] = &[
    "we are not going to negotiate through the newspapers",
    "the timetable was always optimistic",
    "anyone who has read the contract knows what it says",
    "this will be settled in court, not on television",
    "we asked for the documents three times and got nothing",
    "the people of this region have waited long enough",
    "we have been clear from the start that this is not negotiable",
    "nobody should be surprised by the delay",
    "the figures speak for themselves",
    "we will not be rushed into a bad agreement",
    "this is the most serious test we have faced in a decade",
    "there is still time to fix this, but not much",
    "the families affected deserve answers",
    "we were never consulted on any of it",
    "our priority is the safety of the crews",
    "it is a good first step and nothing more",
    "the money has to come from somewhere",
    "we expect the other side to honour what was signed",
];

const AGENCIES: &[&str] = &[
    "Meridian Press",
    "Northwire",
    "Global Dispatch",
    "Continental News Agency",
    "Harbour Wire",
];

const OUTLETS: &[(&str, &str)] = &[
    ("The Harbour Gazette", "harbourgazette.example"),
    ("Vessmark Daily", "vessmarkdaily.example"),
    ("Radio Orrin", "radioorrin.example"),
    ("The Northern Ledger", "northernledger.example"),
    ("Kestrel Broadcasting", "kestrelbroadcasting.example"),
    ("Talvik Times", "talviktimes.example"),
    ("The Coastal Observer", "coastalobserver.example"),
    ("Lumen Post", "lumenpost.example"),
    ("Greyhaven Herald", "greyhavenherald.example"),
    ("Eastbridge Chronicle", "eastbridgechronicle.example"),
    ("Arkona Today", "arkonatoday.example"),
    ("The Federal Review", "federalreview.example"),
];

const SECTION_NAMES: &[&str] = &[
    "The route",
    "The talks",
    "The money",
    "The sanctions",
    "The ports",
    "The courts",
    "The border",
    "The energy deal",
    "The grain trade",
    "The election",
    "The audit",
    "The military",
    "The workers",
    "The environment",
    "The diplomats",
    "The markets",
    "The timeline dispute",
    "The contracts",
    "The inquiry",
    "The aftermath",
    "The shipping lanes",
    "The reactions",
    "The numbers",
    "The leaks",
];

const FURNITURE: &[&str] = &[
    "Advertisement",
    "Share this article",
    "Read more",
    "Most read",
    "Sign up for our newsletter",
    "Related coverage",
    "Photo: handout",
    "Listen to this article",
];

const WEEKDAYS: &[&str] = &[
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

const MONTHS: &[&str] = &[
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

const TIMEZONES: &[&str] = &["UTC", "CET", "EET", "KST", "GMT+3"];

// ---------------------------------------------------------------------------------------------------------
// One article's story: the people, places and things its sentences keep coming back to.

struct Typography {
    open: &'static str,
    close: &'static str,
    apostrophe: &'static str,
    dash: &'static str,
    nbsp: &'static str,
}

const CURLY: Typography = Typography {
    open: "\u{201C}",
    close: "\u{201D}",
    apostrophe: "\u{2019}",
    dash: " \u{2014} ",
    nbsp: "\u{A0}",
};

const PLAIN: Typography = Typography {
    open: "\"",
    close: "\"",
    apostrophe: "'",
    dash: " - ",
    nbsp: " ",
};

struct Story {
    person: String,
    surname: &'static str,
    role: &'static str,
    org: &'static str,
    place: &'static str,
    country: &'static str,
    topic: &'static str,
    other: String,
    other_role: &'static str,
    outlet: &'static str,
    agency: &'static str,
    typo: &'static Typography,
    /// This story's own names (of places, firms, projects): real articles on different stories rarely share
    /// eight words in a row, while texts drawn only from the shared banks would share them all the time.
    lexicon: Vec<String>,
    /// Picks this story's variant of each of [`VARIANTS`].
    style: u64,
}

/// A 64-bit mix (splitmix64's finaliser), to draw a story's variant of each word from its style.
fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// A made-up proper name of two or three syllables, such as "Tavrelo".
fn coined(rng: &mut Rng) -> String {
    const ONSETS: &[&str] = &[
        "b", "br", "d", "dr", "f", "g", "gr", "h", "k", "kr", "l", "m", "n", "p", "r", "s", "st",
        "t", "tr", "v", "z",
    ];
    const VOWELS: &[&str] = &["a", "e", "i", "o", "u", "ai", "ei", "ou"];
    const CODAS: &[&str] = &["", "", "", "n", "l", "r", "s", "k", "m"];
    let mut w = String::new();
    for _ in 0..rng.range(2, 3) {
        w.push_str(rng.pick(ONSETS));
        w.push_str(rng.pick(VOWELS));
        w.push_str(rng.pick(CODAS));
    }
    cap(&w)
}

/// Words a reporter may put one of several ways; each story keeps its own choice of each (its house style), so
/// that the grammars' fixed words are not shared word for word by every story that uses them.
const VARIANTS: &[&[&str]] = &[
    &["said", "stated", "added", "noted"],
    &["comment", "remark", "respond"],
    &["protesters", "demonstrators", "activists", "marchers"],
    &["hundred", "dozen"],
    &["gathered", "assembled", "rallied", "massed"],
    &["offices", "headquarters", "premises"],
    &["responded", "replied"],
    &["requests", "calls", "queries"],
    &["verify", "confirm", "establish"],
    &["independently", "separately", "on its own"],
    &["named", "identified", "quoted by name"],
    &["talks", "negotiations", "discussions"],
    &["confidential", "private", "sensitive"],
    &["markets", "investors", "traders"],
    &["calmly", "in their stride", "quietly"],
    &["index", "benchmark", "exchange"],
    &["closed", "ended", "finished"],
    &["higher", "up"],
    &["eve", "run-up"],
    &["planned", "expected", "budgeted"],
    &["challenged", "contested", "fought"],
    &["end", "close"],
    &["country", "nation", "government"],
    &["public", "available", "known"],
    &["coast", "shore", "border"],
    &["reporters", "journalists", "the press"],
    &["statement", "release", "written note"],
    &["dispute", "row", "argument", "controversy"],
    &["declined", "refused"],
    &["cost", "price", "bill"],
    &["risen", "climbed", "grown"],
    &["proposed", "put forward", "tabled"],
    &["last", "previous"],
    &["parliament", "the assembly"],
    &["critics", "opponents", "detractors"],
    &["satellite", "aerial", "commercial satellite"],
    &["images", "imagery", "photographs", "pictures"],
    &["showed", "appeared to show", "revealed"],
    &["officials", "authorities", "administrators"],
    &["spokesperson", "spokesman", "spokeswoman", "representative"],
    &["announcement", "decision", "news"],
    &["came", "arrived"],
    &["route", "line", "corridor"],
    &["runs", "stretches", "extends"],
    &["crossing", "passing through", "traversing"],
    &["twice", "two times"],
    &["supporters", "backers", "advocates"],
    &["jobs", "positions", "posts"],
    &["figures", "data", "statistics"],
    &["draft", "proposal", "plan"],
    &["receive", "get", "be given"],
    &["accept", "swallow", "agree to"],
    &["telephone", "phone", "video link"],
    &["expected", "due", "scheduled"],
    &["travel", "fly", "go"],
    &["discuss", "talk about", "address"],
    &["clear", "known", "certain"],
    &["whether", "if"],
    &["seen", "read", "known about"],
    &["told", "informed"],
    &["plan", "scheme", "proposal"],
    &["speaking", "talking"],
    &["replied", "answered", "responded"],
    &["several", "some", "a few"],
    &["blocking", "halting", "stopping"],
    &["traffic", "the roads", "the streets"],
    &["main", "leading"],
    &["move", "step", "decision"],
    &["silence", "refusal"],
    &["described", "characterised"],
    &["million", "million euros", "million dollars"],
    &["members", "deputies"],
    &["since", "ever since"],
    &["weekend", "past few days"],
    &["first", "originally"],
    &["mention", "refer to", "name"],
];

/// How many sentence grammars [`Story::sentence`] has.
const TEMPLATES: usize = 32;

fn a_or_an(word: &str) -> &'static str {
    if word.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    }
}

fn person(rng: &mut Rng) -> String {
    format!("{} {}", rng.pick(FIRST), rng.pick(LAST))
}

fn cap(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

impl Story {
    fn new(rng: &mut Rng) -> Story {
        let (outlet, _) = rng.pick(OUTLETS);
        Story {
            person: person(rng),
            surname: rng.pick(LAST),
            role: rng.pick(ROLES),
            org: rng.pick(ORGS),
            place: rng.pick(PLACES),
            country: rng.pick(COUNTRIES),
            topic: rng.pick(TOPICS),
            other: person(rng),
            other_role: rng.pick(ROLES),
            outlet,
            agency: rng.pick(AGENCIES),
            typo: if rng.chance(55) { &CURLY } else { &PLAIN },
            lexicon: (0..6).map(|_| coined(rng)).collect(),
            style: rng.next(),
        }
    }

    /// `sentence` in this story's house style: each word of [`VARIANTS`] replaced by the story's choice, and
    /// some of its nouns named after the story's own places and firms.
    fn restyle(&self, rng: &mut Rng, sentence: &str) -> String {
        let mut out = String::with_capacity(sentence.len() + 16);
        let mut after_article = false;
        for (i, token) in sentence.split(' ').enumerate() {
            if i > 0 {
                out.push(' ');
            }
            // Its own names before its nouns ("the Tavrelo offices"), as a story about a place names it.
            if after_article && rng.chance(60) {
                out.push_str(&self.lexicon[rng.below(self.lexicon.len())]);
                out.push(' ');
            }
            after_article = matches!(token, "the" | "a" | "an" | "The" | "A" | "An");
            let start = token.find(char::is_alphabetic).unwrap_or(token.len());
            let end = token.rfind(char::is_alphabetic).map_or(start, |e| {
                e + token[e..].chars().next().map_or(1, char::len_utf8)
            });
            let core = &token[start..end.max(start)];
            let lower = core.to_lowercase();
            let group = VARIANTS.iter().position(|g| g[0] == lower);
            let Some(g) = group else {
                out.push_str(token);
                continue;
            };
            let pick =
                VARIANTS[g][(mix(self.style ^ g as u64) % VARIANTS[g].len() as u64) as usize];
            out.push_str(&token[..start]);
            if core.starts_with(char::is_uppercase) {
                out.push_str(&cap(pick));
            } else {
                out.push_str(pick);
            }
            out.push_str(&token[end.max(start)..]);
        }
        out
    }

    /// An item of `bank`, most often named after one of this story's own names ("the Tavrelo audit findings").
    fn own(&self, rng: &mut Rng, bank: &[&str]) -> String {
        let item = rng.pick(bank);
        if rng.chance(25) {
            return item.to_owned();
        }
        let name = &self.lexicon[rng.below(self.lexicon.len())];
        match item.split_once(' ') {
            Some((article @ ("the" | "a" | "an"), rest)) => {
                let article = if article == "the" { "the" } else { "a" };
                format!("{article} {name} {rest}")
            }
            _ => format!("{name} {item}"),
        }
    }

    fn quoted(&self, text: &str) -> String {
        format!("{}{}{}", self.typo.open, text, self.typo.close)
    }

    fn clause(&self, rng: &mut Rng) -> String {
        let subject = if rng.chance(30) {
            self.org.to_owned()
        } else {
            self.own(rng, SUBJECTS)
        };
        let object = if rng.chance(40) {
            self.topic.to_owned()
        } else {
            self.own(rng, THINGS)
        };
        match rng.below(4) {
            0 => format!("{subject} had {} {object}", rng.pick(VERBS)),
            1 => format!("{subject} {} {object} {}", rng.pick(VERBS), rng.pick(WHEN)),
            2 => format!(
                "{object} would {} {}",
                rng.pick(FUTURE),
                rng.pick(FUTURE_WHEN)
            ),
            _ => format!(
                "{subject} in {} {} {object}",
                self.own(rng, PLACES),
                rng.pick(VERBS)
            ),
        }
    }

    /// One sentence of news prose, from grammar `template` (0..TEMPLATES).
    fn sentence(&self, rng: &mut Rng, template: usize) -> String {
        let t = self.typo;
        let n = rng.range(2, 980);
        let km = format!("{}{}km", rng.range(12, 900), t.nbsp);
        let year = 2001 + n % 22;
        match template {
            0 => format!(
                "{} said {} that {}, according to {}.",
                cap(self.org),
                rng.pick(WHEN),
                self.clause(rng),
                self.own(rng, ANALYSTS)
            ),
            1 => format!(
                "{}, the {} of {}, told reporters in {} that the plan was {} and {}.",
                self.person,
                self.role,
                self.org,
                self.place,
                rng.pick(ADJ),
                rng.pick(ADJ)
            ),
            2 => format!(
                "{} {} said, adding that {}.",
                self.quoted(&format!("{},", cap(rng.pick(QUOTES)))),
                self.person,
                self.clause(rng)
            ),
            3 => format!(
                "The announcement came {}, {n} days after {} {} {}.",
                rng.pick(WHEN),
                self.own(rng, SUBJECTS),
                rng.pick(VERBS),
                self.own(rng, THINGS)
            ),
            4 => format!(
                "Officials in {} declined to comment on {}{}a silence that {} described as {}.",
                self.place,
                self.own(rng, THINGS),
                t.dash,
                self.own(rng, ANALYSTS),
                rng.pick(ADJ)
            ),
            5 => format!(
                "The route runs {km} from {} to {}, crossing {} twice.",
                self.place,
                self.own(rng, PLACES),
                self.country
            ),
            6 => format!(
                "{} of {} told {} that {}.",
                self.other,
                self.own(rng, ORGS),
                self.outlet,
                self.clause(rng)
            ),
            7 => format!(
                "According to {}, {} and {}.",
                self.agency,
                self.clause(rng),
                self.clause(rng)
            ),
            8 => format!(
                "{}{}s critics say {} is {}, but supporters point to {n} new jobs in {}.",
                cap(self.topic),
                t.apostrophe,
                self.topic,
                rng.pick(ADJ),
                self.own(rng, PLACES)
            ),
            9 => format!(
                "It was not clear whether {} had seen {} before {} {} it.",
                self.person,
                self.own(rng, THINGS),
                self.own(rng, SUBJECTS),
                rng.pick(VERBS)
            ),
            10 => format!(
                "In {}, {} {} {} on {}, a move {} called {}.",
                MONTHS[n % 12],
                self.own(rng, SUBJECTS),
                rng.pick(VERBS),
                self.own(rng, THINGS),
                WEEKDAYS[n % 7],
                self.own(rng, ANALYSTS),
                rng.pick(ADJ)
            ),
            11 => format!(
                "{}, {} {} based in {}, said {} would {}.",
                self.other,
                a_or_an(self.other_role),
                self.other_role,
                self.own(rng, PLACES),
                self.topic,
                rng.pick(FUTURE)
            ),
            12 => format!(
                "The cost has risen to {n} million, up from {} million when {} was first proposed.",
                n / 2 + 1,
                self.topic
            ),
            13 => format!(
                "{} {} {} {} and {} {}.",
                cap(&self.own(rng, SUBJECTS)),
                rng.pick(VERBS),
                self.own(rng, THINGS),
                rng.pick(WHEN),
                rng.pick(VERBS),
                self.own(rng, THINGS)
            ),
            14 => format!(
                "{} spoke to {} by telephone, {} said in a statement that did not mention {}.",
                self.person,
                person(rng),
                self.org,
                self.own(rng, THINGS)
            ),
            15 => format!(
                "Asked about {}, {} replied: {}",
                self.own(rng, THINGS),
                self.surname,
                self.quoted(&format!("{}.", cap(rng.pick(QUOTES))))
            ),
            16 => format!(
                "Satellite images reviewed by {} showed {} near {},  about {km} from the coast.",
                self.outlet,
                self.own(rng, THINGS),
                self.own(rng, PLACES)
            ),
            18 => format!(
                "{} is expected to travel to {} {} to discuss {} with {}.",
                self.person,
                self.own(rng, PLACES),
                rng.pick(FUTURE_WHEN),
                self.own(rng, THINGS),
                self.other
            ),
            19 => format!(
                "Neither {} nor {} responded to requests for comment {}.",
                self.org,
                self.own(rng, ORGS),
                rng.pick(WHEN)
            ),
            20 => format!(
                "Figures published by {} show that {}{}per{}cent of {} {} {} last year.",
                self.own(rng, ORGS),
                n % 97 + 2,
                t.nbsp,
                t.nbsp,
                self.own(rng, SUBJECTS),
                rng.pick(VERBS),
                self.own(rng, THINGS)
            ),
            21 => format!(
                "The dispute over {} dates back to {year}, when {} first {} {}.",
                self.topic,
                self.own(rng, SUBJECTS),
                rng.pick(VERBS),
                self.own(rng, THINGS)
            ),
            22 => format!(
                "Several hundred protesters gathered outside the offices of {} in {} {}, blocking traffic for {} hours.",
                self.org,
                self.own(rng, PLACES),
                rng.pick(WHEN),
                n % 9 + 2
            ),
            23 => format!(
                "{} {} at {} said on condition of anonymity that {}.",
                cap(a_or_an(self.other_role)),
                self.other_role,
                self.own(rng, ORGS),
                self.clause(rng)
            ),
            24 => format!(
                "{} could not independently verify whether {}.",
                self.outlet,
                self.clause(rng)
            ),
            25 => format!(
                "Under the draft, {} would receive {n} million over {} years, while {} would have to accept {}.",
                self.own(rng, SUBJECTS),
                n % 7 + 2,
                self.own(rng, SUBJECTS),
                self.own(rng, THINGS)
            ),
            26 => format!(
                "Markets took the news calmly{}the main index closed {}.{} per cent higher in {}.",
                t.dash,
                n % 4,
                n % 10,
                self.own(rng, PLACES)
            ),
            27 => format!(
                "The last time {} came before {}, in {} {year}, it was {} by {} votes to {}.",
                self.topic,
                self.own(rng, &["parliament", "the regional council", "the senate"]),
                MONTHS[n % 12],
                rng.pick(VERBS),
                n % 200 + 100,
                n % 90 + 10
            ),
            28 => format!(
                "A statement from the office of {} said that {} and that {}.",
                person(rng),
                self.clause(rng),
                self.clause(rng)
            ),
            29 => format!(
                "{}{}s {}, {}, said the country would {} if {} {}.",
                cap(rng.pick(COUNTRIES)),
                t.apostrophe,
                rng.pick(ROLES),
                person(rng),
                rng.pick(FUTURE),
                self.own(rng, SUBJECTS),
                rng.pick(VERBS)
            ),
            30 => format!(
                "Critics, among them {} members of parliament, have called for {} to be made public.",
                n % 60 + 3,
                self.own(rng, THINGS)
            ),
            31 => format!(
                "Speaking in {} {}, {} said: {}",
                self.place,
                rng.pick(WHEN),
                self.other,
                self.quoted(&format!("{}.", cap(rng.pick(QUOTES))))
            ),
            _ => format!(
                "{} has {} {} since {}, when {} {} {}.",
                cap(self.org),
                rng.pick(VERBS),
                self.own(rng, THINGS),
                MONTHS[n % 12],
                self.own(rng, SUBJECTS),
                rng.pick(VERBS),
                self.topic
            ),
        }
    }

    fn headline(&self, rng: &mut Rng) -> String {
        match rng.below(4) {
            0 => format!("{} {} {}", cap(self.org), rng.pick(VERBS), self.topic),
            1 => format!("{} under pressure over {}", self.person, self.topic),
            2 => format!("What we know about {} in {}", self.topic, self.place),
            _ => format!(
                "{}: {} set to {}",
                self.place,
                cap(self.topic),
                rng.pick(FUTURE)
            ),
        }
    }
}

// ---------------------------------------------------------------------------------------------------------
// Matching as the builder does it, to choose quotes that anchor exactly once (or need a selector).

fn normalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_space = false;
    for c in text.chars() {
        let f = match c {
            c if c.is_whitespace() => ' ',
            '\u{2018}' | '\u{2019}' => '\'',
            '\u{201C}' | '\u{201D}' => '"',
            '\u{2010}'..='\u{2015}' => '-',
            c => c,
        };
        if f == ' ' {
            if !in_space {
                out.push(' ');
            }
            in_space = true;
        } else {
            out.push(f);
            in_space = false;
        }
    }
    out.trim().to_owned()
}

/// Byte offsets of every (overlapping) occurrence of `needle` in `hay`.
fn occurrences(hay: &str, needle: &str) -> Vec<usize> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(i) = hay[from..].find(needle) {
        out.push(from + i);
        from += i + needle.chars().next().map_or(1, char::len_utf8);
    }
    out
}

/// An evidence quote, as written in the YAML.
#[derive(Clone)]
struct Quote {
    source: usize,
    text: String,
    prefix: Option<String>,
    suffix: Option<String>,
    occurrence: Option<usize>,
}

struct Article {
    id: String,
    file: String,
    quotes: Vec<Quote>,
    lines: usize,
}

/// The quote of words `a..b` of `sentence`, written the way an editor types it (straight quotes, `-`).
fn quote_of(words: &[&str], a: usize, b: usize) -> String {
    words[a..b]
        .join(" ")
        .replace(['\u{201C}', '\u{201D}'], "\"")
        .replace('\u{2019}', "'")
        .replace('\u{2014}', "-")
        .replace('\u{A0}', " ")
        .replace("  ", " ")
}

/// Picks a selector for the `which`-th occurrence of `nq` in `norm`: a prefix, a suffix, or a number.
fn disambiguate(norm: &str, nq: &str, which: usize, rng: &mut Rng, quote: &mut Quote) {
    let at = occurrences(norm, nq);
    if at.len() <= 1 {
        return;
    }
    let start = at[which.min(at.len() - 1)];
    let before: Vec<&str> = norm[..start].split(' ').filter(|w| !w.is_empty()).collect();
    let after: Vec<&str> = norm[start + nq.len()..]
        .split(' ')
        .filter(|w| !w.is_empty())
        .collect();
    let use_suffix = rng.chance(40);
    for k in 2..=8 {
        if use_suffix && after.len() >= k {
            let s = after[..k].join(" ");
            if occurrences(norm, &format!("{nq} {s}")).len() == 1 {
                quote.suffix = Some(s);
                return;
            }
        }
        if !use_suffix && before.len() >= k {
            let p = before[before.len() - k..].join(" ");
            if occurrences(norm, &format!("{p} {nq}")).len() == 1 {
                quote.prefix = Some(p);
                return;
            }
        }
    }
    quote.occurrence = Some(which.min(at.len() - 1) + 1);
}

/// Of every hundred sources, how many reprint an earlier one (with `origin:` naming its outlet).
const REPRINT_PERCENT: usize = 4;

/// The earlier source whose text source `index` reprints, if it is a reprint (never of another reprint).
fn reprint_of(seed: u64, index: usize) -> Option<usize> {
    let mut rng = Rng::new(seed ^ 0x5EED_0F4E_9B00, index as u64 + 1);
    if index < 20 || !rng.chance(REPRINT_PERCENT) {
        return None;
    }
    let mut j = rng.below(index);
    while reprint_of(seed, j).is_some() {
        j = rng.below(index);
    }
    Some(j)
}

fn article(seed: u64, index: usize) -> Article {
    let original = reprint_of(seed, index);
    let mut rng = Rng::new(seed, original.unwrap_or(index) as u64 + 1);
    let story = Story::new(&mut rng);
    // A reprint carries its original's text under another outlet's name.
    let outlet = match original {
        None => story.outlet,
        Some(_) => {
            let mut other = Rng::new(seed ^ 0x0E71_E700, index as u64 + 1);
            let mut o = other.pick(OUTLETS).0;
            while o == story.outlet {
                o = other.pick(OUTLETS).0;
            }
            o
        }
    };
    let (_, domain) = *OUTLETS
        .iter()
        .find(|(o, _)| *o == outlet)
        .expect("the outlet is from the list");
    let id = format!(
        "{}-{:05}",
        outlet
            .trim_start_matches("The ")
            .to_lowercase()
            .replace(' ', "-"),
        index + 1
    );
    let title = story.headline(&mut rng);

    // Sentences until 700-900 words, cut into 8-15 paragraphs; one sentence is said twice.
    let target = rng.range(700, 900);
    let paragraphs = rng.range(8, 15);
    let plain = format!(
        "{} a spokesperson for {} said.",
        story.quoted(&format!(
            "We will not comment on {},",
            story.own(&mut rng, THINGS)
        )),
        story.org
    );
    let repeated = story.restyle(&mut rng, &plain);
    let mut sentences: Vec<String> = Vec::new();
    let mut words = 0;
    let mut used = [0usize; TEMPLATES];
    let mut recent: Vec<usize> = Vec::new();
    while words < target {
        // Like a reporter, vary the construction: no grammar twice in six sentences, or thrice in all.
        let mut template = rng.below(TEMPLATES);
        for _ in 0..20 {
            if used[template] < 3 && !recent.contains(&template) {
                break;
            }
            template = rng.below(TEMPLATES);
        }
        used[template] += 1;
        recent.push(template);
        if recent.len() > 6 {
            recent.remove(0);
        }
        let plain = story.sentence(&mut rng, template);
        let s = story.restyle(&mut rng, &plain);
        words += s.split_whitespace().count();
        sentences.push(s);
    }
    let n = sentences.len();
    let first_repeat = rng.range(1, n / 3);
    let second_repeat = rng.range(n / 2, n - 1);
    sentences.insert(second_repeat, repeated.clone());
    sentences.insert(first_repeat, repeated.clone());
    let mut cuts: Vec<usize> = (1..sentences.len()).collect();
    rng.shuffle(&mut cuts);
    cuts.truncate(paragraphs - 1);
    cuts.sort_unstable();

    // Page furniture (menus, credits) around the headline; one of its lines also repeats between paragraphs.
    let mut furniture: Vec<&str> = if rng.chance(40) {
        let mut f: Vec<&str> = (0..rng.range(1, 3)).map(|_| rng.pick(FURNITURE)).collect();
        f.sort_unstable();
        f.dedup();
        f
    } else {
        Vec::new()
    };
    let mut body = String::new();
    let mut lines = 0;
    for f in &furniture {
        let _ = write!(body, "{f}\n\n");
        lines += 1;
    }
    if !furniture.is_empty() {
        let _ = write!(body, "{title}\n\n");
        lines += 1;
    }
    let single_breaks = rng.chance(20);
    let mut para_start = 0;
    for (p, &end) in cuts
        .iter()
        .chain(std::iter::once(&sentences.len()))
        .enumerate()
    {
        let text = sentences[para_start..end].join(" ");
        body.push_str(&text);
        if rng.chance(10) {
            body.push(' ');
        }
        body.push_str(if single_breaks { "\n" } else { "\n\n" });
        lines += 1;
        if p % 5 == 3 && !furniture.is_empty() {
            let _ = write!(body, "{}\n\n", furniture[0]);
            lines += 1;
        }
        para_start = end;
    }
    if !furniture.is_empty() {
        furniture.push(&title);
    }

    // About 6 quotes: plain ones, an overlapping pair, a nested one, the repeated sentence with a selector.
    let norm = normalize(&body);
    let mut quotes: Vec<Quote> = Vec::new();
    let wanted = rng.range(4, 5);
    let mut tries = 0;
    while quotes.len() < wanted && tries < 200 {
        tries += 1;
        let si = rng.below(sentences.len());
        if sentences[si] == repeated {
            continue;
        }
        let w: Vec<&str> = sentences[si].split(' ').collect();
        if w.len() < 10 {
            continue;
        }
        let len = rng.range(6, (w.len() - 2).min(16));
        let a = rng.below(w.len() - len + 1);
        let mut picked = vec![(a, a + len)];
        if quotes.is_empty() {
            // Overlapping: starts inside the first, ends after it (or nested when the sentence is short).
            let b = a + len;
            if b + 3 <= w.len() {
                picked.push((a + len / 2, (b + 4).min(w.len())));
            } else if len >= 8 {
                picked.push((a + 2, b - 2));
            }
        }
        for (a, b) in picked {
            let text = quote_of(&w, a, b);
            let nq = normalize(&text);
            if quotes.iter().any(|q| normalize(&q.text) == nq) || occurrences(&norm, &nq).len() != 1
            {
                continue;
            }
            quotes.push(Quote {
                source: index,
                text,
                prefix: None,
                suffix: None,
                occurrence: None,
            });
        }
    }
    {
        let w: Vec<&str> = repeated.split(' ').collect();
        let text = quote_of(&w, 0, w.len());
        let nq = normalize(&text);
        let mut q = Quote {
            source: index,
            text,
            prefix: None,
            suffix: None,
            occurrence: None,
        };
        let which = rng.below(2);
        disambiguate(&norm, &nq, which, &mut rng, &mut q);
        quotes.push(q);
    }

    let mut front = String::from("---\n");
    let _ = writeln!(front, "title: {}", yaml_str(&title));
    let _ = writeln!(front, "outlet: {}", yaml_str(outlet));
    // Inferred only when the text does not print the outlet's name (else `check` rightly asks why).
    let inferred = rng.chance(10) && !body.contains(outlet);
    let _ = writeln!(front, "outlet_inferred: {inferred}");
    let (agency, agency_inferred) = (rng.chance(25), rng.chance(30));
    if original.is_some() && !agency {
        let _ = writeln!(front, "origin: {}", yaml_str(story.outlet));
        front.push_str("origin_inferred: false\n");
    } else if agency {
        let _ = writeln!(front, "origin: {}", yaml_str(story.agency));
        let _ = writeln!(front, "origin_inferred: {agency_inferred}");
    }
    if rng.chance(70) {
        let _ = writeln!(front, "byline: {}", yaml_str(&person(&mut rng)));
    }
    let day = rng.below(365);
    let date = date_after(2023, day);
    let _ = writeln!(front, "published: {date}");
    let _ = writeln!(front, "published_inferred: {}", rng.chance(15));
    if rng.chance(85) {
        let _ = writeln!(front, "url: https://www.{domain}/{}/{id}", &date[..7]);
    }
    front.push_str("language: en\n");
    let _ = writeln!(
        front,
        "provenance: {}",
        yaml_str(&format!(
            "Capture of {}'s web page, with its page furniture.",
            outlet
        ))
    );
    if rng.chance(30) {
        let _ = writeln!(front, "seed: {:03}_{:016x}.txt", index % 1000, rng.next());
    }
    if !furniture.is_empty() {
        front.push_str("furniture:\n");
        for f in &furniture {
            let _ = writeln!(front, "  - {}", yaml_str(f));
        }
    }
    front.push_str("---\n");
    front.push_str(&body);
    Article {
        id,
        file: front,
        quotes,
        lines,
    }
}

/// `YYYY-MM-DD`, `days` after 1 January of `year` (not a leap year).
fn date_after(year: u32, days: usize) -> String {
    const LEN: [usize; 12] = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    let mut d = days % 365;
    for (m, len) in LEN.iter().enumerate() {
        if d < *len {
            return format!("{year}-{:02}-{:02}", m + 1, d + 1);
        }
        d -= len;
    }
    unreachable!("days is below 365")
}

/// A double-quoted YAML scalar.
fn yaml_str(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A Markdown block scalar, indented by `indent` spaces.
fn yaml_block(s: &str, indent: usize) -> String {
    let pad = " ".repeat(indent);
    let mut out = String::from("|\n");
    for line in s.lines() {
        if line.is_empty() {
            out.push('\n');
        } else {
            let _ = writeln!(out, "{pad}{line}");
        }
    }
    out
}

fn write_quote(out: &mut String, q: &Quote, ids: &[String], pad: &str) {
    let _ = writeln!(out, "{pad}- source: {}", ids[q.source]);
    let _ = writeln!(out, "{pad}  quote: {}", yaml_str(&q.text));
    if let Some(p) = &q.prefix {
        let _ = writeln!(out, "{pad}  prefix: {}", yaml_str(p));
    }
    if let Some(s) = &q.suffix {
        let _ = writeln!(out, "{pad}  suffix: {}", yaml_str(s));
    }
    if let Some(n) = q.occurrence {
        let _ = writeln!(out, "{pad}  occurrence: {n}");
    }
}

// ---------------------------------------------------------------------------------------------------------
// The annotations: entries of 3-8 quotes each, spread over sections, linking to each other.

struct EntryPlan {
    section: usize,
    id: String,
    quotes: Vec<Quote>,
}

fn slug(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_owned()
}

/// The N articles, written to `content/articles`.
struct Articles {
    ids: Vec<String>,
    /// Paragraph count of each source.
    lines: Vec<usize>,
    quotes: Vec<Quote>,
    words: usize,
}

fn write_articles(n: usize, seed: u64, content: &Path) -> std::io::Result<Articles> {
    fs::create_dir_all(content.join("articles"))?;
    fs::create_dir_all(content.join("annotations"))?;
    let mut out = Articles {
        ids: Vec::with_capacity(n),
        lines: Vec::with_capacity(n),
        quotes: Vec::new(),
        words: 0,
    };
    for i in 0..n {
        let a = article(seed, i);
        out.words += a
            .file
            .split("\n---\n")
            .nth(1)
            .map_or(0, |b| b.split_whitespace().count());
        fs::write(
            content.join("articles").join(format!("{}.txt", a.id)),
            &a.file,
        )?;
        out.ids.push(a.id);
        out.lines.push(a.lines);
        out.quotes.extend(a.quotes);
    }
    Ok(out)
}

/// A short entry title, about something that happened in `place` (or not).
fn entry_title(rng: &mut Rng, place: &str) -> String {
    match rng.below(4) {
        0 => format!(
            "{} {} {} in {place}",
            cap(rng.pick(SUBJECTS)),
            rng.pick(VERBS),
            rng.pick(THINGS)
        ),
        1 => format!("{} would {}", cap(rng.pick(TOPICS)), rng.pick(FUTURE)),
        2 => format!("Who {} {}?", rng.pick(VERBS), rng.pick(THINGS)),
        _ => format!(
            "{} called {} {}",
            cap(rng.pick(TOPICS)),
            rng.pick(ADJ),
            rng.pick(WHEN)
        ),
    }
}

/// The dossier shape: each quoted passage is one entry, in one of four sections, so each section page
/// aggregates every source. No timeline, cross-references or shared passages: the same work as a Hugo site
/// with one page per source (passages marked) and four section pages listing the passages.
pub fn generate_dossier_shaped(n: usize, seed: u64, dir: &Path) -> std::io::Result<Stats> {
    let content = dir.join("content");
    let a = write_articles(n, seed, &content)?;
    let mut rng = Rng::new(seed, 0);
    let sections: Vec<(String, &str)> = SECTION_NAMES[..4]
        .iter()
        .map(|t| (slug(t.trim_start_matches("The ")), *t))
        .collect();
    let mut files: Vec<String> = sections
        .iter()
        .map(|(_, title)| {
            let mut s = format!("title: {}\nsummary: ", yaml_str(title));
            s.push_str(&yaml_block(
                &format!("What the sources say about *{}*.", title.to_lowercase()),
                2,
            ));
            s.push_str("entries:\n");
            s
        })
        .collect();
    let (mut claims, mut counts) = (0, [0usize; 4]);
    for q in &a.quotes {
        let section = rng.below(4);
        counts[section] += 1;
        let out = &mut files[section];
        let kind = match rng.below(20) {
            0..=11 => "fact",
            12..=16 => "claim",
            _ => "context",
        };
        let place = rng.pick(PLACES);
        let title = entry_title(&mut rng, place);
        let _ = writeln!(out, "  - id: {}-{}", sections[section].0, counts[section]);
        let _ = writeln!(out, "    kind: {kind}");
        let _ = writeln!(out, "    title: {}", yaml_str(&title));
        let body = format!(
            "{} reports that {} {} {}.",
            a.ids[q.source],
            rng.pick(SUBJECTS),
            rng.pick(VERBS),
            rng.pick(THINGS)
        );
        let _ = write!(out, "    body: {}", yaml_block(&body, 6));
        if kind == "claim" {
            claims += 1;
            let _ = writeln!(out, "    claimant: {}", yaml_str(&person(&mut rng)));
            let status = ["confirmed", "unconfirmed", "disputed", "denied"][rng.below(4)];
            let _ = writeln!(out, "    status: {status}");
        }
        out.push_str("    evidence:\n");
        write_quote(out, q, &a.ids, "      ");
        out.push('\n');
    }
    for ((id, _), text) in sections.iter().zip(&files) {
        fs::write(content.join("annotations").join(format!("{id}.yaml")), text)?;
    }
    let ids: Vec<&str> = sections.iter().map(|(id, _)| id.as_str()).collect();
    let dossier = format!(
        "title: {}\nsubtitle: \"A deterministic benchmark corpus, shaped like a dossier\"\n\
         language: en\ntheme: default\nbase_url: https://example.org/bench/\n\
         intro: |\n  {n} invented news articles; every quoted passage is an entry in one of four sections.\n\
         sections: [{}]\n",
        yaml_str(&format!("Dossier-shaped corpus of {n} sources")),
        ids.join(", ")
    );
    fs::write(content.join("dossier.yaml"), dossier)?;
    Ok(Stats {
        sources: n,
        words: a.words,
        sections: 4,
        entries: a.quotes.len(),
        claims,
        evidence: a.quotes.len(),
        moments: 0,
    })
}

fn generate(n: usize, seed: u64, dir: &Path) -> std::io::Result<Stats> {
    let content = dir.join("content");
    let Articles {
        ids,
        lines,
        quotes: mut all_quotes,
        words,
    } = write_articles(n, seed, &content)?;

    let mut rng = Rng::new(seed, 0);
    let section_count = (4 + n / 500).min(SECTION_NAMES.len());
    let sections: Vec<(String, &str)> = SECTION_NAMES[..section_count]
        .iter()
        .map(|t| (slug(t.trim_start_matches("The ")), *t))
        .collect();

    // Some passages are cited twice: the same quote in a second entry.
    let reused: Vec<Quote> = (0..all_quotes.len() / 12)
        .map(|_| all_quotes[rng.below(all_quotes.len())].clone())
        .collect();
    all_quotes.extend(reused);
    rng.shuffle(&mut all_quotes);
    let mut entries: Vec<EntryPlan> = Vec::new();
    let mut rest = &all_quotes[..];
    while !rest.is_empty() {
        let take = rng.range(3, 8).min(rest.len());
        let section = rng.below(section_count);
        let id = format!("{}-{}", sections[section].0, entries.len() + 1);
        entries.push(EntryPlan {
            section,
            id,
            quotes: rest[..take].to_vec(),
        });
        rest = &rest[take..];
    }

    let evidence: usize = entries.iter().map(|e| e.quotes.len()).sum();
    let mut section_files: Vec<String> = sections
        .iter()
        .map(|(id, title)| {
            let mut s = format!("title: {}\nsummary: ", yaml_str(title));
            let first = entries.iter().find(|e| sections[e.section].0 == *id);
            let other = &sections[rng.below(section_count)].0;
            let mut summary = format!(
                "What the sources say about *{}*, point by point. See also [{other}](@{other}) and the [timeline](@timeline).",
                title.to_lowercase()
            );
            if let Some(e) = first {
                let _ = write!(summary, " Start with [the first point](@{id}/{}).", e.id);
            }
            s.push_str(&yaml_block(&summary, 2));
            s.push_str("entries:\n");
            s
        })
        .collect();
    let mut claims = 0;
    for (ei, e) in entries.iter().enumerate() {
        let out = &mut section_files[e.section];
        let story_place = rng.pick(PLACES);
        let kind = match rng.below(20) {
            0..=9 => "fact",
            10..=14 => "claim",
            15..=17 => "context",
            _ => "discrepancy",
        };
        let title = entry_title(&mut rng, story_place);
        let _ = writeln!(out, "  - id: {}", e.id);
        let _ = writeln!(out, "    kind: {kind}");
        let _ = writeln!(out, "    title: {}", yaml_str(&title));
        let mut body = format!(
            "{} sources report that {} {} {}.",
            ["Two", "Several", "Most", "Some"][rng.below(4)],
            rng.pick(SUBJECTS),
            rng.pick(VERBS),
            rng.pick(THINGS)
        );
        if rng.chance(45) {
            // Never the entry itself: a self-link is a warning, and the corpus builds clean.
            let mut other = &entries[rng.below(entries.len())];
            if other.id == e.id && entries.len() > 1 {
                other = &entries[(rng.below(entries.len() - 1) + 1 + ei) % entries.len()];
            }
            let _ = write!(
                body,
                " This bears on [an earlier point](@{}/{}).",
                sections[other.section].0, other.id
            );
        }
        if rng.chance(25) {
            let q = &e.quotes[0];
            let _ = write!(
                body,
                " The fullest account is **[{}'s](@source/{})**.",
                ids[q.source], ids[q.source]
            );
        }
        if rng.chance(8) {
            let q = &e.quotes[e.quotes.len() - 1];
            let p = rng.range(1, lines[q.source].min(3));
            let _ = write!(
                body,
                " Its [opening](@source/{}#p-{p}) sets the scene.",
                ids[q.source]
            );
        }
        if rng.chance(6) {
            body.push_str(
                "\n\n- dated in the [timeline](@timeline)\n- not confirmed independently\n",
            );
        }
        let _ = write!(out, "    body: {}", yaml_block(&body, 6));
        if kind == "claim" {
            claims += 1;
            let _ = writeln!(out, "    claimant: {}", yaml_str(&person(&mut rng)));
            let status = ["confirmed", "unconfirmed", "disputed", "denied"][rng.below(4)];
            let _ = writeln!(out, "    status: {status}");
        }
        out.push_str("    evidence:\n");
        for (i, q) in e.quotes.iter().enumerate() {
            write_quote(out, q, &ids, "      ");
            let stance = match rng.below(100) {
                _ if i == 0 => "supports",
                0..=74 => "supports",
                75..=86 => "disputes",
                _ => "context",
            };
            if stance != "supports" || rng.chance(20) {
                let _ = writeln!(out, "        stance: {stance}");
            }
            if stance == "context" || rng.chance(5) {
                let _ = writeln!(
                    out,
                    "        note: {}",
                    yaml_str(&format!("Reported {}.", rng.pick(WHEN)))
                );
            }
        }
        out.push('\n');
    }
    for ((id, _), text) in sections.iter().zip(&section_files) {
        fs::write(content.join("annotations").join(format!("{id}.yaml")), text)?;
    }

    // The timeline: dated moments that re-cite existing quotes (so one passage has several citers).
    let moments = (n / 25).clamp(5, 400);
    let mut timeline = String::from("moments:\n");
    for m in 0..moments {
        let date = date_after(2023, m * 365 / moments + rng.below(365 / moments));
        let _ = writeln!(timeline, "  - date: {date}");
        if rng.chance(50) {
            let _ = writeln!(
                timeline,
                "    time: \"{:02}:{:02}\"",
                rng.below(24),
                rng.below(4) * 15
            );
            let _ = writeln!(timeline, "    timezone: {}", rng.pick(TIMEZONES));
        }
        if rng.chance(30) {
            let _ = writeln!(timeline, "    when: {}", yaml_str(rng.pick(WHEN)));
        }
        let _ = writeln!(
            timeline,
            "    title: {}",
            yaml_str(&format!(
                "{} {} {}",
                cap(rng.pick(SUBJECTS)),
                rng.pick(VERBS),
                rng.pick(TOPICS)
            ))
        );
        if rng.chance(50) {
            let e = &entries[rng.below(entries.len())];
            let body = format!(
                "The sources date it differently; see [the entry](@{}/{}).",
                sections[e.section].0, e.id
            );
            let _ = write!(timeline, "    body: {}", yaml_block(&body, 6));
        }
        if m % (moments / 6).max(1) == 0 {
            timeline.push_str("    key: true\n");
        }
        let cited = &entries[rng.below(entries.len())];
        if rng.chance(60) {
            let _ = writeln!(
                timeline,
                "    entry: \"@{}/{}\"",
                sections[cited.section].0, cited.id
            );
        }
        timeline.push_str("    evidence:\n");
        for q in cited.quotes.iter().take(rng.range(1, 2)) {
            write_quote(&mut timeline, q, &ids, "      ");
        }
    }
    fs::write(content.join("timeline.yaml"), timeline)?;

    let first = &entries[0];
    let mut dossier = String::new();
    let _ = writeln!(
        dossier,
        "title: {}",
        yaml_str(&format!("Synthetic dossier of {n} sources"))
    );
    dossier.push_str("subtitle: \"A deterministic benchmark corpus\"\n");
    dossier.push_str("description: \"Generated by examples/bench_corpus.rs to measure dossier's build at scale.\"\n");
    dossier.push_str("language: en\ntheme: default\nbase_url: https://example.org/bench/\n");
    let intro = format!(
        "This dossier is generated: {n} invented news articles, annotated in {section_count} sections.\n\nStart with [{}](@{}), or [the first point](@{}/{}); every quote is on its [source page](@source/{}).",
        sections[0].1, sections[0].0, sections[first.section].0, first.id, ids[0]
    );
    let _ = write!(dossier, "intro: {}", yaml_block(&intro, 2));
    let _ = writeln!(
        dossier,
        "sections: [{}]",
        sections
            .iter()
            .map(|(id, _)| id.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    );
    fs::write(content.join("dossier.yaml"), dossier)?;

    Ok(Stats {
        sources: n,
        words,
        sections: section_count,
        entries: entries.len(),
        claims,
        evidence,
        moments,
    })
}

pub struct Stats {
    sources: usize,
    words: usize,
    sections: usize,
    entries: usize,
    claims: usize,
    evidence: usize,
    moments: usize,
}

fn copy_dir(from: &Path, to: &Path) -> std::io::Result<()> {
    fs::create_dir_all(to)?;
    for entry in fs::read_dir(from)? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_dir(&entry.path(), &target)?;
        } else {
            fs::copy(entry.path(), target)?;
        }
    }
    Ok(())
}

const MARKER: &str = ".bench-corpus";

fn usage() -> ExitCode {
    eprintln!("usage: cargo run --release --example bench_corpus -- N DIR [--seed S] [--shape stress|dossier]");
    eprintln!("writes a synthetic dossier of N sources to DIR (content/ and a copy of themes/)");
    eprintln!("--shape dossier: every passage one entry in one of four sections (default: stress, every feature)");
    ExitCode::from(2)
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut positional = Vec::new();
    let mut seed: u64 = 6;
    let mut shaped = false;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--seed" => match it.next().and_then(|s| s.parse().ok()) {
                Some(s) => seed = s,
                None => return usage(),
            },
            "--shape" => match it.next().map(String::as_str) {
                Some("dossier") => shaped = true,
                Some("stress") => shaped = false,
                _ => return usage(),
            },
            "-h" | "--help" => return usage(),
            _ => positional.push(a.clone()),
        }
    }
    let (Some(n), Some(dir)) = (
        positional.first().and_then(|s| s.parse::<usize>().ok()),
        positional.get(1).map(PathBuf::from),
    ) else {
        return usage();
    };
    if n == 0 || positional.len() != 2 {
        return usage();
    }
    // Only a folder this tool wrote (or an empty one) is replaced.
    if dir.exists() {
        let empty = fs::read_dir(&dir)
            .map(|mut d| d.next().is_none())
            .unwrap_or(false);
        if !empty && !dir.join(MARKER).exists() {
            eprintln!(
                "error: {} exists and was not written by bench_corpus; choose another DIR",
                dir.display()
            );
            return ExitCode::FAILURE;
        }
        for sub in ["content", "themes"] {
            if dir.join(sub).exists() {
                if let Err(e) = fs::remove_dir_all(dir.join(sub)) {
                    eprintln!("error: cannot clear {}: {e}", dir.join(sub).display());
                    return ExitCode::FAILURE;
                }
            }
        }
    }
    let result = fs::create_dir_all(&dir)
        .and_then(|()| fs::write(dir.join(MARKER), "written by examples/bench_corpus.rs\n"))
        .and_then(|()| {
            if shaped {
                generate_dossier_shaped(n, seed, &dir)
            } else {
                generate(n, seed, &dir)
            }
        })
        .and_then(|stats| {
            let themes = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes");
            copy_dir(&themes, &dir.join("themes")).map(|()| stats)
        });
    match result {
        Ok(s) => {
            println!(
                "{}: {} sources ({} words), {} sections, {} entries ({} claims), {} evidence quotes, {} moments",
                dir.display(),
                s.sources,
                s.words,
                s.sections,
                s.entries,
                s.claims,
                s.evidence,
                s.moments
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
