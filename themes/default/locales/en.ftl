# English: the interface words of the default theme, and the fallback for every other language.
# Project Fluent syntax (https://projectfluent.org/). Every other locale file has the same message ids.
# Messages ending in -html hold markup: their arguments are escaped, their own text is not.
# Messages starting with js- are sent to the page script; { $count } there is filled in by the script.

# The CLDR locale whose date formats this language uses ("12 September 2023", day before month).
date-locale = en-GB

## Whole site

skip-to-content = Skip to content
nav-label = Dossier
nav-entities = People & places
nav-about = How to read
search-label = Search the dossier
search-placeholder = Search names, quotes…
search-button = Search
footer-promise = Every statement links to the passage of the original text that supports it; every quote was checked against its source when this site was built.
footer-reuse = Reuse:
footer-reuse-json = (the whole dossier)
footer-reuse-annotations = (evidence as W3C Web Annotations)
footer-reuse-texts = verbatim source texts
credit-via = { $origin } report, republished by { $outlet }

## Labels

kind-fact = Fact
kind-claim = Claim
kind-context = Context
kind-discrepancy = Discrepancy
status-confirmed = Confirmed
status-unconfirmed = Unconfirmed
status-disputed = Disputed
status-denied = Denied
stance-supports = supports
stance-disputes = disputes
stance-context = context
stance-silent = silent
evidence-supporting = Supporting evidence
evidence-disputing = Disputing evidence
evidence-context = Context
evidence-original = original
evidence-original-by = article by { $credit }
entity-person = Person
entity-place = Place
entity-organisation = Organisation

## Front page

index-kicker = { $count ->
    [one] Dossier · { $count } source, every quote matched word for word
   *[other] Dossier · { $count } sources, every quote matched word for word
}
index-glance = At a glance
index-glance-sources-html = { $count ->
    [one] <a href="{ $href }">{ $count } article</a>, kept verbatim
   *[other] <a href="{ $href }">{ $count } articles</a>, kept verbatim
}
index-glance-points = Points
index-glance-points-text = { $count } annotated, with { $quotations ->
    [one] { $quotations } quotation
   *[other] { $quotations } quotations
}
index-glance-claims = Claims
claims-confirmed = { $count } confirmed
claims-unconfirmed = { $count } unconfirmed
claims-disputed = { $count } disputed
claims-denied = { $count } denied
index-how-html = <a href="{ $href }">How to read this dossier</a>: what the labels mean.
index-key-moments = Key moments
index-full-timeline = { $count ->
    [one] The full timeline: { $count } dated moment
   *[other] The full timeline: { $count } dated moments
}
index-parts = { $count ->
    [one] The dossier in one part
   *[other] The dossier in { $count } parts
}
index-part = Part { $number }
index-all-points = { $count ->
    [one] The one point
   *[other] All { $count } points
}
index-all-points-in = in { $title }
index-including-claims = { $count ->
    [one] , including { $count } claim
   *[other] , including { $count } claims
}
index-explore = Explore
index-explore-matrix-html = <a href="{ $href }">Corroboration</a>: which source backs or disputes each point.
index-explore-timeline-html = <a href="{ $href }">Timeline</a>: the story day by day, each moment with its sources.
index-explore-entities-html = <a href="{ $href }">People, places and organisations</a>, with every mention in the sources.
index-explore-sources-html = <a href="{ $href }">The sources</a>, word for word, with the quoted passages highlighted.

## Sections and entries

section-kicker = Section { $number } of { $total }
section-toc = In this section
section-pager = Sections
section-prev = Previous section
section-next = Next section
entry-count = { $quotations ->
    [one] { $quotations } quotation
   *[other] { $quotations } quotations
} from { $sources ->
    [one] { $sources } source
   *[other] { $sources } sources
}
entry-claimed-by-html = Claimed by <strong>{ $claimant }</strong>

## Sources

sources-kicker = The record
sources-title = Sources
sources-dek-html = { $count ->
    [one] The dossier rests on { $count } article, kept word for word.
   *[other] The dossier rests on { $count } articles, kept word for word.
} Each page shows the full text with the quoted passages highlighted and linked to the points they support. The <a href="{ $href }">corroboration table</a> shows which source backs each point.
sources-outlet-inferred = (outlet inferred)
sources-date-inferred = (date inferred)
source-cited = { $passages ->
    [one] { $passages } passage
   *[other] { $passages } passages
} cited by { $entries ->
    [one] { $entries } entry
   *[other] { $entries } entries
}
source-plain-text = plain text
source-plain-text-of = of { $title }
source-kicker = Source · { $credit }
source-published-by = Published by
source-inferred-not-printed = (inferred, not printed in the text)
source-inferred = (inferred)
source-origin = Originally from
source-byline = Byline
source-date = Date
source-provenance = Provenance
source-original = Original
source-cited-label = Cited
source-reading-note = The text below is verbatim, as received: spelling, spacing and errors are the outlet's. Highlighted passages are quoted in the dossier: select one to go to the point it supports; the numbered notes list every entry that cites it.
source-furniture-label = page furniture
source-furniture-note = Dimmed lines are page furniture (menus, credits) captured with the article.
source-note-ref = Note { $number }
source-notes-more = +{ $count } more
js-landing-back = Back to the point:
js-landing-cited = Quoted in:
source-prev = Previous source
source-next = Next source

## Timeline

timeline-kicker = Chronology
timeline-title = Timeline
timeline-dek = Dated moments of the story, each with the passages that date it. Days are given as the sources put them; times are local where the sources say so.
timeline-as-told = (“{ $when }”)
timeline-covered-in = Covered in:

## Corroboration

matrix-kicker = Cross-check
matrix-title = Corroboration
matrix-dek = Every point of the dossier against every source. A mark links to the quoted passage; a blank means the source is silent on the point.
matrix-empty = The dossier has no points yet: there is nothing to cross-check.
matrix-caption = Points by source
matrix-point = Point
matrix-cell = { $count ->
    [one] { $stance }
   *[other] { $stance }, { $count } passages
}
matrix-list-note = With { $count } sources a grid would be unreadable, so each point lists only the sources that speak to it; every other source is silent on it.
matrix-list-caption = Points and the sources that speak to them

## People, places and organisations

entities-kicker = Index
entities-title = People, places and organisations
entities-dek = Everyone and everywhere the sources name, with the spellings each outlet uses. Mentions are found automatically in the sources' text; each links to its paragraph.
entities-toc = On this page
entities-people = People
entities-places = Places
entities-organisations = Organisations
entities-also-written = Also written:
entities-mentions = { $count ->
    [one] { $count } mention
   *[other] { $count } mentions
} in { $sources ->
    [one] { $sources } source
   *[other] { $sources } sources
}
entities-not-named = Not named in the sources' text
entities-also-paragraphs = { $count ->
    [one] Also paragraph
   *[other] Also paragraphs
}
entities-in-dossier = In the dossier:
entities-more-points = { $count ->
    [one] { $count } more point
   *[other] { $count } more points
}
entities-more-points-on = on { $name }

## Search

search-title = Search
search-dek = Search the points of the dossier, the quoted passages of the sources, the timeline and the people and places. Accents, capitals and hyphens do not matter: “Sao Paulo” finds “São Paulo”. Other forms of a word count too (“deny” finds “denied”), and one typo in a word of five letters or more is forgiven.
search-nojs = Search runs in your browser and needs JavaScript.
search-nojs-sections-html = Without it, every point is listed in the <a href="{ $href }">sections</a>,
search-nojs-entities-html = every name on the <a href="{ $href }">people and places</a> page,
search-nojs-sources-html = every passage on its <a href="{ $href }">source page</a>.
search-claimed-by = Claimed by { $claimant }.

## About

about-kicker = Method
about-title = How to read this dossier
about-dek = What the labels mean, where every statement comes from, and how to check it yourself.
about-intro-html = This dossier is built from a small set of news articles, kept word for word. Every point it makes is an <em>entry</em>, and every entry shows the exact passages of the articles it rests on, with a link to each passage in its original context. Nothing is paraphrased without its quotation beside it.
about-kinds = Kinds of entries
about-kind-fact = Reported by the sources as fact, attributed to whoever established it.
about-kind-claim = Asserted by someone (a government, an official, an analyst). A claim names its claimant and carries a status.
about-kind-context = Background the sources give to help read the rest.
about-kind-discrepancy = Where outlets disagree with each other, contradict themselves, or make an error.
about-statuses = Claim statuses
about-statuses-text = A status says what the sources establish at the time of reporting, never more.
about-status-confirmed = The sources establish it: it is reported as fact by more than one independent outlet or confirmed on the record by those concerned.
about-status-unconfirmed = Someone asserts it, but at the time of reporting no source establishes it.
about-status-disputed = Sources disagree: some report it, others contradict it.
about-status-denied = Those concerned have denied it on the record; the claim stands only as an accusation.
about-evidence = Evidence
about-evidence-text-html = Each quotation is grouped by how it bears on its entry: <strong>supporting</strong> evidence backs it (a plain rule beside the quote), <strong>disputing</strong> evidence contradicts it (a double rule), and <strong>context</strong> frames it (a dashed rule). The outlet named under each quotation links to the passage in the full article. The <a href="{ $href }">corroboration table</a> shows, for every entry, which sources support or dispute it, grouped by origin (texts that reprint one outlet or agency count as one independent origin), and flags points that rest on a single origin.
about-sources = Sources and highlights
about-sources-text-html = On each source page the article is shown in full. <mark class="sample">Highlighted</mark> passages are quoted somewhere in the dossier; a deeper highlight means several overlapping quotations. Select a highlight to go to the point it supports. Each passage has a numbered note, in the margin on wide screens and below the line on small ones, listing every entry and timeline moment that cites it, with its section and stance.
about-quotations = Quotations
about-quotations-text = Quotations are the sources' own words, with their spelling and errors. Whitespace and typographic quotes were normalised only to find each passage; what you read is the original text. Where an article's original address is known, a link opens it at the quoted words.
about-reuse = Search, previews and reuse
about-search-text-html = <a href="{ $href }">Search</a> covers the entries, the quoted passages, the timeline and the names of people and places; accents, capitals and hyphens do not matter. With JavaScript on, pointing at or tabbing to a cross-link shows a preview; press Escape to close it. Everything else works without JavaScript.
about-reuse-text-html = The whole dossier is available as <a href="dossier.json" type="application/json">dossier.json</a>, and every evidence link as a <a href="annotations.jsonld" type="application/ld+json">W3C Web Annotation</a> that annotation tools can load. Claims carry schema.org <code>ClaimReview</code> data for search engines.

## Page not found

notfound-title = Page not found
notfound-text = There is no page at this address. It may have moved when the dossier was updated.
notfound-home-html = Start again from <a href="{ $href }">the front page of { $title }</a>,
notfound-search-html = or <a href="{ $href }">search the dossier</a>.

## The page script (search and previews)

js-type-e = Point
js-type-n = Name
js-type-m = Timeline
js-type-p = Quoted passage
js-cited-entries = { $count ->
    [one] { $count } entry
   *[other] { $count } entries
}
js-cited-moments = { $count ->
    [one] { $count } timeline moment
   *[other] { $count } timeline moments
}
js-cited-by = cited by { $who }
js-cited-by-both = cited by { $entries } and { $moments }
js-search-ready = { $count ->
    [one] Type a name, a place or words from a quote: { $count } point, passage, moment or name is searchable.
   *[other] Type a name, a place or words from a quote: { $count } points, passages, moments and names are searchable.
}
js-no-results = No results for “{ $query }”.
js-results = { $count ->
    [one] { $count } result for “{ $query }”.
   *[other] { $count } results for “{ $query }”.
}
js-results-capped = { $count } results for “{ $query }”, the first { $shown } shown.
js-also-written = Also written: { $names }.
js-cited-by-list = Cited by: { $titles }
js-did-you-mean = Did you mean { $suggestions }?

## origins
origins-glance-single = { $count ->
    [one] { $count } point rests on one independent origin
   *[other] { $count } points rest on one independent origin
}
origins-matrix-single = { $single ->
    [one] { $single } of { $total } points rests on one independent origin: it is flagged.
   *[other] { $single } of { $total } points rest on one independent origin: they are flagged.
}
origins-flag = single origin
origins-legend = every source that speaks to the point comes from one outlet or agency
origins-header = Origin
origins-supported = Supported by { $count ->
    [one] { $count } independent origin
   *[other] { $count } independent origins
} ({ $sources ->
    [one] { $sources } text
   *[other] { $sources } texts
})
origins-disputed = Disputed by { $count ->
    [one] { $count } independent origin
   *[other] { $count } independent origins
} ({ $sources ->
    [one] { $sources } text
   *[other] { $sources } texts
})

## dates
moment-basis-derived = date worked out, not printed
moment-basis-derived-from = date worked out from { $when }
moment-basis-inferred = date inferred, not printed
moment-expected = Expected
moment-expected-note = Announced or forecast at the time of reporting; it had not happened.
index-discrepancies = Discrepancies
index-discrepancies-dek-html = Where the sources disagree with each other, contradict themselves or err. <a href="{ $href }">How to read them</a>.
about-discrepancies = Discrepancies
about-discrepancies-text-html = A discrepancy entry sets side by side the passages that do not agree: two outlets giving different figures, wordings or dates, one outlet contradicting itself, or a plain error. It does not say which side is right unless the sources establish it; read each quotation in its article to judge. The <a href="{ $href }">front page</a> lists every discrepancy.
about-dates = Dates and announcements
about-dates-text = A date on the timeline is printed in a source unless it says otherwise. “Date worked out” means it was derived from something printed, such as a weekday in a dated report, and names that anchor; “date inferred” means the editors inferred it. A moment marked “Expected” was announced or forecast at the time of reporting, not reported as having happened, and is never among the key moments. Under a quotation, “(date inferred)” means the article does not print its own date.

## shared
shared-more = { $count ->
    [one] One more shared passage is listed in dossier.json.
   *[other] { $count } more shared passages are listed in dossier.json.
}
shared-unlisted = { $count ->
    [one] One other source shares less wording with this text and is not listed.
   *[other] { $count } other sources share less wording with this text and are not listed.
}
shared-title = Shared wording
shared-intro = These passages appear word for word in another source too: the texts may reprint one story, such as an agency report or a press release.
shared-passage-html = <a href="{ $here }">“{ $start }…”</a> also appears in <a href="{ $href }">{ $title }</a> ({ $count ->
    [one] { $count } word
   *[other] { $count } words
}).

## stance
stance-mixed = supports and disputes

## Long lists split over pages
pages-title = { $title }, page { $number } of { $total }
pages-nav = Pages
pages-current = Page { $number } of { $total }
pages-prev = Previous page
pages-next = Next page
## publication
byline = By { $names }
author-with-role = { $name } ({ $role })
published-html = Published <time datetime="{ $iso }">{ $date }</time>
published-updated-html = Published <time datetime="{ $iso }">{ $date }</time>, updated <time datetime="{ $updated_iso }">{ $updated }</time>
updated-html = Updated <time datetime="{ $iso }">{ $date }</time>
corrections-note-html = { $count ->
    [one] <a href="{ $href }">One correction</a> has been made since publication.
   *[other] <a href="{ $href }">{ $count } corrections</a> have been made since publication.
}
corrections-title = Corrections
about-publication = Authors, dates and corrections
source-page-title = { $outlet }: { $headline } — annotated source — { $dossier }
meta-section = { $title }: part { $number } of { $dossier }.
meta-source = “{ $headline }” ({ $credit }, { $date }): the full text, with { $passages ->
    [one] the passage
   *[other] the { $passages } passages
} { $dossier } quotes highlighted and linked to its points.
meta-sources = { $count ->
    [one] The article
   *[other] The { $count } articles
} behind { $dossier }, kept word for word, with the quoted passages highlighted.
meta-matrix = Which of the { $sources } sources support or dispute each of the { $count ->
    [one] { $count } point
   *[other] { $count } points
} of { $dossier }.
meta-entities = { $count ->
    [one] The person, place or organisation
   *[other] The { $count } people, places and organisations
} named in { $dossier }, with every mention in the sources.
meta-timeline = { $count ->
    [one] { $count } dated moment
   *[other] { $count } dated moments
} of { $dossier }, each with the passages that date it.
meta-search = Search the points, quoted passages, timeline and names of { $dossier }.
meta-about = How to read { $dossier }: what the labels mean, where each statement comes from and how to check it.
meta-notfound = There is no page at this address in { $dossier }.
card-counts = { $sources ->
    [one] { $sources } source
   *[other] { $sources } sources
} · { $points ->
    [one] { $points } point
   *[other] { $points } points
}
card-section = Part { $number } of { $total } · { $points ->
    [one] { $points } point
   *[other] { $points } points
}
