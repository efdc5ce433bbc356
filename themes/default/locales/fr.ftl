# Français : les mots de l'interface du thème par défaut. Mêmes identifiants que en.ftl.

date-locale = fr

## Tout le site

skip-to-content = Aller au contenu
nav-label = Dossier
nav-entities = Personnes et lieux
nav-about = Mode d'emploi
search-label = Chercher dans le dossier
search-placeholder = Noms, citations…
search-button = Chercher
footer-promise = Chaque affirmation renvoie au passage du texte original qui l'étaye ; chaque citation a été vérifiée dans sa source à la construction de ce site.
footer-reuse = Réutilisation :
footer-reuse-json = (tout le dossier)
footer-reuse-annotations = (les preuves en annotations web W3C)
footer-reuse-texts = textes des sources, tels quels
credit-via = Article de { $origin }, republié par { $outlet }

## Étiquettes

kind-fact = Fait
kind-claim = Affirmation
kind-context = Contexte
kind-discrepancy = Divergence
status-confirmed = Confirmée
status-unconfirmed = Non confirmée
status-disputed = Contestée
status-denied = Démentie
stance-supports = appuie
stance-disputes = contredit
stance-context = contexte
stance-silent = muette
evidence-supporting = Éléments à l'appui
evidence-disputing = Éléments contraires
evidence-context = Contexte
evidence-original = original
evidence-original-by = article de { $credit }
entity-person = Personne
entity-place = Lieu
entity-organisation = Organisation

## Page d'accueil

index-kicker = { $count ->
    [one] Dossier · { $count } source, chaque citation conforme mot pour mot
   *[other] Dossier · { $count } sources, chaque citation conforme mot pour mot
}
index-glance = En bref
index-glance-sources-html = { $count ->
    [one] <a href="{ $href }">{ $count } article</a>, conservé mot pour mot
   *[other] <a href="{ $href }">{ $count } articles</a>, conservés mot pour mot
}
index-glance-points = Points
index-glance-points-text = { $count ->
    [one] { $count } annoté
   *[other] { $count } annotés
}, avec { $quotations ->
    [one] { $quotations } citation
   *[other] { $quotations } citations
}
index-glance-claims = Affirmations
claims-confirmed = { $count ->
    [one] { $count } confirmée
   *[other] { $count } confirmées
}
claims-unconfirmed = { $count ->
    [one] { $count } non confirmée
   *[other] { $count } non confirmées
}
claims-disputed = { $count ->
    [one] { $count } contestée
   *[other] { $count } contestées
}
claims-denied = { $count ->
    [one] { $count } démentie
   *[other] { $count } démenties
}
index-how-html = <a href="{ $href }">Mode d'emploi du dossier</a> : ce que veulent dire les étiquettes.
index-key-moments = Moments clés
index-full-timeline = { $count ->
    [one] Toute la chronologie : { $count } moment daté
   *[other] Toute la chronologie : { $count } moments datés
}
index-parts = { $count ->
    [one] Le dossier en une partie
   *[other] Le dossier en { $count } parties
}
index-part = Partie { $number }
index-all-points = { $count ->
    [one] Le point
   *[other] Les { $count } points
}
index-all-points-in = de « { $title } »
index-including-claims = { $count ->
    [one] , dont { $count } affirmation
   *[other] , dont { $count } affirmations
}
index-explore = Explorer
index-explore-matrix-html = <a href="{ $href }">Recoupements</a> : quelle source appuie ou contredit chaque point.
index-explore-timeline-html = <a href="{ $href }">Chronologie</a> : l'histoire jour par jour, chaque moment avec ses sources.
index-explore-entities-html = <a href="{ $href }">Personnes, lieux et organisations</a>, avec chaque mention dans les sources.
index-explore-sources-html = <a href="{ $href }">Les sources</a>, mot pour mot, passages cités surlignés.

## Sections et entrées

section-kicker = Section { $number } sur { $total }
section-toc = Dans cette section
section-pager = Sections
section-prev = Section précédente
section-next = Section suivante
entry-count = { $quotations ->
    [one] { $quotations } citation
   *[other] { $quotations } citations
} de { $sources ->
    [one] { $sources } source
   *[other] { $sources } sources
}
entry-claimed-by-html = Affirmé par <strong>{ $claimant }</strong>

## Sources

sources-kicker = Les pièces
sources-title = Sources
sources-dek-html = { $count ->
    [one] Le dossier repose sur { $count } article, conservé mot pour mot.
   *[other] Le dossier repose sur { $count } articles, conservés mot pour mot.
} Chaque page montre le texte entier, les passages cités surlignés et reliés aux points qu'ils étayent. Le <a href="{ $href }">tableau des recoupements</a> montre quelle source appuie chaque point.
sources-outlet-inferred = (média déduit)
sources-date-inferred = (date déduite)
source-cited = { $passages ->
    [one] { $passages } passage cité
   *[other] { $passages } passages cités
} par { $entries ->
    [one] { $entries } entrée
   *[other] { $entries } entrées
}
source-plain-text = texte brut
source-plain-text-of = de « { $title } »
source-kicker = Source · { $credit }
source-published-by = Publié par
source-inferred-not-printed = (déduit, absent du texte)
source-inferred = (déduit)
source-origin = D'abord publié par
source-byline = Signature
source-date = Date
source-provenance = Provenance
source-original = Original
source-cited-label = Cité
source-reading-note = Le texte ci-dessous est reproduit tel que reçu : orthographe, espaces et erreurs sont ceux du média. Les passages surlignés sont cités dans le dossier : choisissez-en un pour aller au point qu'il étaye ; les notes numérotées listent chaque entrée qui le cite.
source-furniture-label = habillage de page
source-furniture-note = Les lignes estompées sont des éléments de page (menus, crédits) capturés avec l'article.
source-note-ref = Note { $number }
source-notes-more = { $count ->
    [one] +{ $count } autre
   *[other] +{ $count } autres
}
js-landing-back = Retour au point :
js-landing-cited = Cité dans :
source-prev = Source précédente
source-next = Source suivante

## Chronologie

timeline-kicker = Repères
timeline-title = Chronologie
timeline-dek = Les moments datés de l'histoire, chacun avec les passages qui le datent. Les jours sont donnés comme les sources les donnent ; les heures sont locales quand les sources le disent.
timeline-as-told = (« { $when } »)
timeline-covered-in = Traité dans :

## Recoupements

matrix-kicker = Vérification croisée
matrix-title = Recoupements
matrix-dek = Chaque point du dossier face à chaque source. Une marque renvoie au passage cité ; un blanc signifie que la source ne dit rien du point.
matrix-empty = Le dossier n'a encore aucun point : il n'y a rien à recouper.
matrix-caption = Points par source
matrix-point = Point
matrix-cell = { $count ->
    [one] { $stance }
   *[other] { $stance }, { $count } passages
}
matrix-list-note = Avec { $count } sources, une grille serait illisible : chaque point ne liste que les sources qui en parlent ; toutes les autres sont muettes.
matrix-list-caption = Les points et les sources qui en parlent

## Personnes, lieux et organisations

entities-kicker = Index
entities-title = Personnes, lieux et organisations
entities-dek = Tous ceux et tout ce que les sources nomment, avec les graphies de chaque média. Les mentions sont trouvées automatiquement dans le texte des sources ; chacune renvoie à son paragraphe.
entities-toc = Sur cette page
entities-people = Personnes
entities-places = Lieux
entities-organisations = Organisations
entities-also-written = Aussi écrit :
entities-mentions = { $count ->
    [one] { $count } mention
   *[other] { $count } mentions
} dans { $sources ->
    [one] { $sources } source
   *[other] { $sources } sources
}
entities-not-named = Pas nommé dans le texte des sources
entities-also-paragraphs = { $count ->
    [one] Aussi au paragraphe
   *[other] Aussi aux paragraphes
}
entities-in-dossier = Dans le dossier :
entities-more-points = { $count ->
    [one] { $count } autre point
   *[other] { $count } autres points
}
entities-more-points-on = sur { $name }

## Recherche

search-title = Recherche
search-dek = Cherchez dans les points du dossier, les passages cités des sources, la chronologie, les personnes et les lieux. Accents, majuscules et traits d'union sont ignorés : « Sao Paulo » trouve « São Paulo ». Les autres formes d’un mot comptent aussi (« fermer » trouve « fermé »), et une faute de frappe est pardonnée dans un mot de cinq lettres ou plus.
search-nojs = La recherche fonctionne dans votre navigateur et demande JavaScript.
search-nojs-sections-html = Sans lui, chaque point figure dans les <a href="{ $href }">sections</a>,
search-nojs-entities-html = chaque nom sur la page <a href="{ $href }">personnes et lieux</a>,
search-nojs-sources-html = chaque passage sur sa <a href="{ $href }">page source</a>.
search-claimed-by = Affirmé par { $claimant }.

## Mode d'emploi

about-kicker = Méthode
about-title = Mode d'emploi du dossier
about-dek = Ce que veulent dire les étiquettes, d'où vient chaque affirmation, et comment la vérifier vous-même.
about-intro-html = Ce dossier est construit à partir d'un petit ensemble d'articles de presse, conservés mot pour mot. Chaque point qu'il avance est une <em>entrée</em>, et chaque entrée montre les passages exacts des articles sur lesquels elle repose, avec un lien vers chaque passage dans son contexte. Rien n'est paraphrasé sans sa citation à côté.
about-kinds = Types d'entrées
about-kind-fact = Rapporté comme un fait par les sources, attribué à qui l'a établi.
about-kind-claim = Avancé par quelqu'un (un gouvernement, un responsable, un analyste). Une affirmation nomme son auteur et porte un statut.
about-kind-context = Éléments de fond que donnent les sources pour lire le reste.
about-kind-discrepancy = Là où les médias divergent, se contredisent ou se trompent.
about-statuses = Statuts des affirmations
about-statuses-text = Un statut dit ce que les sources établissent au moment des faits, jamais plus.
about-status-confirmed = Les sources l'établissent : plus d'un média indépendant le rapporte comme un fait, ou les intéressés l'ont confirmé publiquement.
about-status-unconfirmed = Quelqu'un l'affirme, mais au moment des faits aucune source ne l'établit.
about-status-disputed = Les sources divergent : certaines le rapportent, d'autres le contredisent.
about-status-denied = Les intéressés l'ont démenti publiquement ; l'affirmation ne tient que comme accusation.
about-evidence = Éléments de preuve
about-evidence-text-html = Chaque citation est classée selon son rapport à l'entrée : les éléments <strong>à l'appui</strong> l'étayent (un filet simple à côté de la citation), les éléments <strong>contraires</strong> la contredisent (un filet double), le <strong>contexte</strong> l'éclaire (un filet pointillé). Le média nommé sous chaque citation renvoie au passage dans l'article complet. Le <a href="{ $href }">tableau des recoupements</a> montre, pour chaque entrée, quelles sources l'appuient ou la contredisent, groupées par origine (des textes qui reprennent un même média ou une même agence comptent pour une seule origine indépendante), et signale les points qui reposent sur une seule origine.
about-sources = Sources et surlignages
about-sources-text-html = Sur chaque page source, l'article est montré en entier. Les passages <mark class="sample">surlignés</mark> sont cités quelque part dans le dossier ; un surlignage plus foncé signale plusieurs citations qui se chevauchent. Choisissez un surlignage pour aller au point qu'il étaye. Chaque passage a une note numérotée, dans la marge sur grand écran et sous la ligne sur petit écran, qui liste chaque entrée et chaque moment de la chronologie qui le cite, avec sa section et son rapport.
about-quotations = Citations
about-quotations-text = Les citations sont les mots mêmes des sources, avec leur orthographe et leurs erreurs. Les espaces et guillemets typographiques n'ont été normalisés que pour trouver chaque passage ; ce que vous lisez est le texte original. Quand l'adresse d'origine d'un article est connue, un lien l'ouvre sur les mots cités.
about-reuse = Recherche, aperçus et réutilisation
about-search-text-html = La <a href="{ $href }">recherche</a> couvre les entrées, les passages cités, la chronologie et les noms de personnes et de lieux ; accents, majuscules et traits d'union sont ignorés. Avec JavaScript, survoler ou atteindre au clavier un lien interne en montre un aperçu ; Échap le ferme. Tout le reste fonctionne sans JavaScript.
about-reuse-text-html = Tout le dossier est disponible en <a href="dossier.json" type="application/json">dossier.json</a>, et chaque lien de preuve en <a href="annotations.jsonld" type="application/ld+json">annotation web W3C</a> que les outils d'annotation savent charger. Les affirmations portent des données schema.org <code>ClaimReview</code> pour les moteurs de recherche.

## Page introuvable

notfound-title = Page introuvable
notfound-text = Il n'y a pas de page à cette adresse. Elle a peut-être changé lors d'une mise à jour du dossier.
notfound-home-html = Repartez de <a href="{ $href }">la page d'accueil de { $title }</a>,
notfound-search-html = ou <a href="{ $href }">cherchez dans le dossier</a>.

## Le script de la page (recherche et aperçus)

js-type-e = Point
js-type-n = Nom
js-type-m = Chronologie
js-type-p = Passage cité
js-cited-entries = { $count ->
    [one] { $count } entrée
   *[other] { $count } entrées
}
js-cited-moments = { $count ->
    [one] { $count } moment de la chronologie
   *[other] { $count } moments de la chronologie
}
js-cited-by = cité par { $who }
js-cited-by-both = cité par { $entries } et { $moments }
js-search-ready = { $count ->
    [one] Tapez un nom, un lieu ou des mots d'une citation : { $count } élément est consultable.
   *[other] Tapez un nom, un lieu ou des mots d'une citation : { $count } points, passages, moments et noms sont consultables.
}
js-no-results = Aucun résultat pour « { $query } ».
js-results = { $count ->
    [one] { $count } résultat pour « { $query } ».
   *[other] { $count } résultats pour « { $query } ».
}
js-results-capped = { $count } résultats pour « { $query } », les { $shown } premiers affichés.
js-also-written = Aussi écrit : { $names }.
js-cited-by-list = Cité par : { $titles }
js-did-you-mean = Vouliez-vous dire { $suggestions } ?

## origins
origins-glance-single = { $count ->
    [one] { $count } point repose sur une seule origine indépendante
   *[other] { $count } points reposent sur une seule origine indépendante
}
origins-matrix-single = { $single ->
    [one] { $single } point sur { $total } repose sur une seule origine indépendante : il est signalé.
   *[other] { $single } points sur { $total } reposent sur une seule origine indépendante : ils sont signalés.
}
origins-flag = origine unique
origins-legend = toutes les sources qui traitent du point viennent d'un même média ou d'une même agence
origins-header = Origine
origins-supported = Appuyé par { $count ->
    [one] { $count } origine indépendante
   *[other] { $count } origines indépendantes
} ({ $sources ->
    [one] { $sources } texte
   *[other] { $sources } textes
})
origins-disputed = Contesté par { $count ->
    [one] { $count } origine indépendante
   *[other] { $count } origines indépendantes
} ({ $sources ->
    [one] { $sources } texte
   *[other] { $sources } textes
})

## dates
moment-basis-derived = date déduite, non imprimée
moment-basis-derived-from = date déduite de { $when }
moment-basis-inferred = date supposée, non imprimée
moment-expected = Prévu
moment-expected-note = Annoncé ou prévu au moment des articles ; cela n’avait pas eu lieu.
index-discrepancies = Divergences
index-discrepancies-dek-html = Là où les sources divergent, se contredisent ou se trompent. <a href="{ $href }">Comment les lire</a>.
about-discrepancies = Divergences
about-discrepancies-text-html = Une divergence met côte à côte les passages qui ne concordent pas : deux médias qui donnent des chiffres, des formulations ou des dates différents, un média qui se contredit, ou une simple erreur. Elle ne dit pas qui a raison, sauf si les sources l’établissent ; lisez chaque citation dans son article pour en juger. La <a href="{ $href }">page d’accueil</a> liste toutes les divergences.
about-dates = Dates et annonces
about-dates-text = Une date de la chronologie est imprimée dans une source, sauf mention contraire. « Date déduite » signifie qu’elle a été calculée à partir d’un élément imprimé, par exemple un jour de la semaine dans un article daté, et nomme ce point d’appui ; « date supposée » signifie que la rédaction l’a supposée. Un moment marqué « Prévu » était annoncé ou prévu au moment des articles, pas rapporté comme accompli, et ne figure jamais parmi les moments clés. Sous une citation, « (date déduite) » signifie que l’article n’imprime pas sa propre date.

## shared
shared-more = { $count ->
    [one] Un autre passage partagé figure dans dossier.json.
   *[other] { $count } autres passages partagés figurent dans dossier.json.
}
shared-unlisted = { $count ->
    [one] Une autre source partage moins de mots avec ce texte et n’est pas listée.
   *[other] { $count } autres sources partagent moins de mots avec ce texte et ne sont pas listées.
}
shared-title = Formulations communes
shared-intro = Ces passages figurent mot pour mot dans une autre source : les textes reprennent peut-être une même histoire, comme une dépêche d’agence ou un communiqué.
shared-passage-html = <a href="{ $here }">« { $start }… »</a> figure aussi dans <a href="{ $href }">{ $title }</a> ({ $count ->
    [one] { $count } mot
   *[other] { $count } mots
}).

## stance
stance-mixed = appuie et contredit

## Longues listes réparties sur plusieurs pages
pages-title = { $title }, page { $number } sur { $total }
pages-nav = Pages
pages-current = Page { $number } sur { $total }
pages-prev = Page précédente
pages-next = Page suivante
## publication
byline = Par { $names }
author-with-role = { $name } ({ $role })
published-html = Publié le <time datetime="{ $iso }">{ $date }</time>
published-updated-html = Publié le <time datetime="{ $iso }">{ $date }</time>, mis à jour le <time datetime="{ $updated_iso }">{ $updated }</time>
updated-html = Mis à jour le <time datetime="{ $iso }">{ $date }</time>
corrections-note-html = { $count ->
    [one] <a href="{ $href }">Une correction</a> a été apportée depuis la publication.
   *[other] <a href="{ $href }">{ $count } corrections</a> ont été apportées depuis la publication.
}
corrections-title = Corrections
about-publication = Auteurs, dates et corrections
source-page-title = { $outlet } : { $headline } — source annotée — { $dossier }
meta-section = { $title } : partie { $number } de « { $dossier } ».
meta-source = « { $headline } » ({ $credit }, { $date }) : le texte intégral, { $passages ->
    [one] avec le passage cité
   *[other] avec les { $passages } passages cités
} par « { $dossier } » surlignés et reliés à ses points.
meta-sources = { $count ->
    [one] L’article
   *[other] Les { $count } articles
} sur lesquels repose « { $dossier } », mot pour mot, passages cités surlignés.
meta-matrix = Quelles sources, parmi { $sources }, appuient ou contredisent chacun des { $count ->
    [one] { $count } point
   *[other] { $count } points
} de « { $dossier } ».
meta-entities = { $count ->
    [one] La personne, le lieu ou l’organisation
   *[other] Les { $count } personnes, lieux et organisations
} cités dans « { $dossier } », avec chaque mention dans les sources.
meta-timeline = { $count ->
    [one] { $count } moment daté
   *[other] { $count } moments datés
} de « { $dossier } », chacun avec les passages qui le datent.
meta-search = Rechercher dans les points, les passages cités, la chronologie et les noms de « { $dossier } ».
meta-about = Comment lire « { $dossier } » : le sens des étiquettes, l’origine de chaque affirmation et comment la vérifier.
meta-notfound = Aucune page de « { $dossier } » à cette adresse.
card-counts = { $sources ->
    [one] { $sources } source
   *[other] { $sources } sources
} · { $points ->
    [one] { $points } point
   *[other] { $points } points
}
card-section = Partie { $number } sur { $total } · { $points ->
    [one] { $points } point
   *[other] { $points } points
}
