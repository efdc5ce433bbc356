# العربية: كلمات واجهة القالب الافتراضي. المعرّفات نفسها كما في en.ftl.
# قواعد الجمع في العربية ست فئات: zero و one و two و few (3-10) و many (11-99) و other.

date-locale = ar

## الموقع كله

skip-to-content = انتقل إلى المحتوى
nav-label = الملف
nav-entities = أشخاص وأماكن
nav-about = طريقة القراءة
search-label = ابحث في الملف
search-placeholder = ابحث عن أسماء واقتباسات…
search-button = بحث
footer-promise = كل عبارة مرتبطة بالمقطع الذي يسندها في النص الأصلي، وكل اقتباس رُوجع على مصدره عند بناء هذا الموقع.
footer-reuse = لإعادة الاستخدام:
footer-reuse-json = (الملف كاملًا)
footer-reuse-annotations = (الأدلة بصيغة تعليقات الويب من W3C)
footer-reuse-texts = نصوص المصادر كما هي
credit-via = تقرير { $origin }، أعاد نشره { $outlet }

## التسميات

kind-fact = واقعة
kind-claim = ادعاء
kind-context = سياق
kind-discrepancy = تناقض
status-confirmed = مؤكَّد
status-unconfirmed = غير مؤكَّد
status-disputed = محل خلاف
status-denied = منفيّ
stance-supports = يؤيد
stance-disputes = يعارض
stance-context = سياق
stance-silent = صامت
evidence-supporting = أدلة مؤيدة
evidence-disputing = أدلة معارضة
evidence-context = سياق
evidence-original = الأصل
evidence-original-by = مقال { $credit }
entity-person = شخص
entity-place = مكان
entity-organisation = منظمة

## الصفحة الأولى

index-kicker = { $count ->
    [zero] ملف · بلا مصادر
    [one] ملف · مصدر واحد، وكل اقتباس مطابق للأصل حرفيًا
    [two] ملف · مصدران، وكل اقتباس مطابق للأصل حرفيًا
    [few] ملف · { $count } مصادر، وكل اقتباس مطابق للأصل حرفيًا
    [many] ملف · { $count } مصدرًا، وكل اقتباس مطابق للأصل حرفيًا
   *[other] ملف · { $count } مصدر، وكل اقتباس مطابق للأصل حرفيًا
}
index-glance = لمحة سريعة
index-glance-sources-html = { $count ->
    [zero] <a href="{ $href }">لا مقالات</a>
    [one] <a href="{ $href }">مقال واحد</a>، محفوظ بنصه
    [two] <a href="{ $href }">مقالان</a>، محفوظان بنصهما
    [few] <a href="{ $href }">{ $count } مقالات</a>، محفوظة بنصها
    [many] <a href="{ $href }">{ $count } مقالًا</a>، محفوظة بنصها
   *[other] <a href="{ $href }">{ $count } مقال</a>، محفوظة بنصها
}
index-glance-points = النقاط
index-glance-points-text = { $count } مشروحة، مع { $quotations ->
    [zero] لا اقتباسات
    [one] اقتباس واحد
    [two] اقتباسين
    [few] { $quotations } اقتباسات
    [many] { $quotations } اقتباسًا
   *[other] { $quotations } اقتباس
}
index-glance-claims = الادعاءات
claims-confirmed = مؤكَّد: { $count }
claims-unconfirmed = غير مؤكَّد: { $count }
claims-disputed = محل خلاف: { $count }
claims-denied = منفيّ: { $count }
index-how-html = <a href="{ $href }">كيف تقرأ هذا الملف</a>: معنى التسميات.
index-key-moments = لحظات أساسية
index-full-timeline = { $count ->
    [zero] التسلسل الزمني الكامل
    [one] التسلسل الزمني الكامل: لحظة واحدة مؤرخة
    [two] التسلسل الزمني الكامل: لحظتان مؤرختان
    [few] التسلسل الزمني الكامل: { $count } لحظات مؤرخة
    [many] التسلسل الزمني الكامل: { $count } لحظة مؤرخة
   *[other] التسلسل الزمني الكامل: { $count } لحظة مؤرخة
}
index-parts = { $count ->
    [zero] الملف بلا أجزاء
    [one] الملف في جزء واحد
    [two] الملف في جزأين
    [few] الملف في { $count } أجزاء
    [many] الملف في { $count } جزءًا
   *[other] الملف في { $count } جزء
}
index-part = الجزء { $number }
index-all-points = { $count ->
    [zero] لا نقاط
    [one] النقطة الوحيدة
    [two] النقطتان
    [few] النقاط الـ{ $count } كلها
    [many] النقاط الـ{ $count } كلها
   *[other] النقاط الـ{ $count } كلها
}
index-all-points-in = في { $title }
index-including-claims = { $count ->
    [one] ، منها ادعاء واحد
    [two] ، منها ادعاءان
    [few] ، منها { $count } ادعاءات
    [many] ، منها { $count } ادعاءً
   *[other] ، منها { $count } ادعاء
}
index-explore = استكشف
index-explore-matrix-html = <a href="{ $href }">المقارنة بين المصادر</a>: أي مصدر يؤيد كل نقطة أو يعارضها.
index-explore-timeline-html = <a href="{ $href }">التسلسل الزمني</a>: القصة يومًا بيوم، وكل لحظة مع مصادرها.
index-explore-entities-html = <a href="{ $href }">أشخاص وأماكن ومنظمات</a>، مع كل ذكر لها في المصادر.
index-explore-sources-html = <a href="{ $href }">المصادر</a>، حرفًا بحرف، مع إبراز المقاطع المقتبسة.

## الأجزاء والمداخل

section-kicker = الجزء { $number } من { $total }
section-toc = في هذا الجزء
section-pager = الأجزاء
section-prev = الجزء السابق
section-next = الجزء التالي
entry-count = { $quotations ->
    [zero] لا اقتباسات
    [one] اقتباس واحد
    [two] اقتباسان
    [few] { $quotations } اقتباسات
    [many] { $quotations } اقتباسًا
   *[other] { $quotations } اقتباس
} من { $sources ->
    [zero] لا مصادر
    [one] مصدر واحد
    [two] مصدرين
    [few] { $sources } مصادر
    [many] { $sources } مصدرًا
   *[other] { $sources } مصدر
}
entry-claimed-by-html = صاحب الادعاء: <strong>{ $claimant }</strong>

## المصادر

sources-kicker = السجل
sources-title = المصادر
sources-dek-html = { $count ->
    [zero] لا يستند الملف بعد إلى أي مقال.
    [one] يستند الملف إلى مقال واحد محفوظ حرفًا بحرف.
    [two] يستند الملف إلى مقالين محفوظين حرفًا بحرف.
    [few] يستند الملف إلى { $count } مقالات محفوظة حرفًا بحرف.
    [many] يستند الملف إلى { $count } مقالًا محفوظة حرفًا بحرف.
   *[other] يستند الملف إلى { $count } مقال محفوظة حرفًا بحرف.
} تعرض كل صفحة النص كاملًا مع إبراز المقاطع المقتبسة وربطها بالنقاط التي تسندها. ويبيّن <a href="{ $href }">جدول المقارنة</a> أي مصدر يؤيد كل نقطة.
sources-outlet-inferred = (الوسيلة مستنتجة)
sources-date-inferred = (التاريخ مستنتج)
source-cited = { $passages ->
    [zero] لا مقاطع مقتبسة
    [one] مقطع واحد مقتبس
    [two] مقطعان مقتبسان
    [few] { $passages } مقاطع مقتبسة
    [many] { $passages } مقطعًا مقتبسًا
   *[other] { $passages } مقطع مقتبس
} في { $entries ->
    [zero] لا مداخل
    [one] مدخل واحد
    [two] مدخلين
    [few] { $entries } مداخل
    [many] { $entries } مدخلًا
   *[other] { $entries } مدخل
}
source-plain-text = نص خام
source-plain-text-of = لـ{ $title }
source-kicker = مصدر · { $credit }
source-published-by = الناشر
source-inferred-not-printed = (مستنتج، غير مذكور في النص)
source-inferred = (مستنتج)
source-origin = المصدر الأصلي
source-byline = الكاتب
source-date = التاريخ
source-provenance = المنشأ
source-original = الأصل
source-cited-label = الاقتباس
source-reading-note = النص أدناه كما ورد حرفيًا: الإملاء والمسافات والأخطاء من الوسيلة نفسها. المقاطع المُبرزة مقتبسة في الملف: اختر واحدًا للانتقال إلى النقطة التي يسندها؛ وتسرد الحواشي المرقمة كل مدخل يقتبسه.
source-furniture-label = عناصر الصفحة
source-furniture-note = الأسطر الباهتة عناصر من الصفحة (قوائم، اعتمادات) التُقطت مع المقال.
source-note-ref = الملاحظة { $number }
source-notes-more = +{ $count } أخرى
js-landing-back = العودة إلى النقطة:
js-landing-cited = مقتبس في:
source-prev = المصدر السابق
source-next = المصدر التالي

## التسلسل الزمني

timeline-kicker = التسلسل
timeline-title = التسلسل الزمني
timeline-dek = لحظات القصة المؤرخة، كل منها مع المقاطع التي تؤرخها. الأيام كما ذكرتها المصادر، والأوقات محلية حيث تقول المصادر ذلك.
timeline-as-told = («{ $when }»)
timeline-covered-in = تناوله المدخل:

## المقارنة بين المصادر

matrix-kicker = تحقق متقاطع
matrix-title = المقارنة بين المصادر
matrix-dek = كل نقطة في الملف مقابل كل مصدر. تشير العلامة إلى المقطع المقتبس، والفراغ يعني أن المصدر صامت عن النقطة.
matrix-empty = لا نقاط في الملف بعد: لا شيء للمقارنة.
matrix-caption = النقاط حسب المصدر
matrix-point = النقطة
matrix-cell = { $count ->
    [one] { $stance }
    [two] { $stance }، مقطعان
    [few] { $stance }، { $count } مقاطع
    [many] { $stance }، { $count } مقطعًا
   *[other] { $stance }، { $count } مقطع
}
matrix-list-note = مع { $count } مصدر يصبح الجدول غير مقروء، لذا تسرد كل نقطة المصادر التي تتناولها فقط؛ وكل مصدر آخر صامت عنها.
matrix-list-caption = النقاط والمصادر التي تتناولها

## أشخاص وأماكن ومنظمات

entities-kicker = فهرس
entities-title = أشخاص وأماكن ومنظمات
entities-dek = كل من تسميه المصادر وكل مكان، مع طريقة كتابة كل وسيلة للاسم. يُعثر على الإشارات تلقائيًا في نص المصادر، وكل منها يقود إلى فقرته.
entities-toc = في هذه الصفحة
entities-people = أشخاص
entities-places = أماكن
entities-organisations = منظمات
entities-also-written = يُكتب أيضًا:
entities-mentions = { $count ->
    [zero] لا إشارات
    [one] إشارة واحدة
    [two] إشارتان
    [few] { $count } إشارات
    [many] { $count } إشارة
   *[other] { $count } إشارة
} في { $sources ->
    [zero] لا مصادر
    [one] مصدر واحد
    [two] مصدرين
    [few] { $sources } مصادر
    [many] { $sources } مصدرًا
   *[other] { $sources } مصدر
}
entities-not-named = لا يرد اسمه في نص المصادر
entities-also-paragraphs = { $count ->
    [one] وأيضًا الفقرة
   *[other] وأيضًا الفقرات
}
entities-in-dossier = في الملف:
entities-more-points = { $count ->
    [one] نقطة أخرى
    [two] نقطتان أخريان
    [few] { $count } نقاط أخرى
    [many] { $count } نقطة أخرى
   *[other] { $count } نقطة أخرى
}
entities-more-points-on = عن { $name }

## البحث

search-title = البحث
search-dek = ابحث في نقاط الملف والمقاطع المقتبسة من المصادر والتسلسل الزمني والأشخاص والأماكن. لا تهم علامات التشكيل ولا حالة الأحرف ولا الشرطات: «Sao Paulo» تجد «São Paulo». وتُحتسب الصيغ الأخرى للكلمة أيضًا، ويُتجاوز عن خطأ واحد في كتابة كلمة من خمسة أحرف أو أكثر.
search-nojs = يجري البحث في متصفحك ويحتاج إلى JavaScript.
search-nojs-sections-html = ومن دونها، تجد كل نقطة في <a href="{ $href }">الأجزاء</a>،
search-nojs-entities-html = وكل اسم في صفحة <a href="{ $href }">الأشخاص والأماكن</a>،
search-nojs-sources-html = وكل مقطع في <a href="{ $href }">صفحة مصدره</a>.
search-claimed-by = صاحب الادعاء: { $claimant }.

## طريقة القراءة

about-kicker = المنهج
about-title = كيف تقرأ هذا الملف
about-dek = معنى التسميات، ومن أين تأتي كل عبارة، وكيف تتحقق منها بنفسك.
about-intro-html = بُني هذا الملف من مجموعة صغيرة من المقالات الإخبارية المحفوظة حرفًا بحرف. كل نقطة فيه <em>مدخل</em>، وكل مدخل يعرض المقاطع الدقيقة من المقالات التي يستند إليها، مع رابط إلى كل مقطع في سياقه الأصلي. لا شيء معاد الصياغة دون اقتباسه بجانبه.
about-kinds = أنواع المداخل
about-kind-fact = ما تنقله المصادر بوصفه واقعة، منسوبًا إلى من أثبته.
about-kind-claim = ما يؤكده طرف ما (حكومة أو مسؤول أو محلل). يسمّي الادعاء صاحبه ويحمل حالة.
about-kind-context = خلفية تقدمها المصادر لفهم الباقي.
about-kind-discrepancy = حيث تختلف الوسائل فيما بينها أو تناقض نفسها أو تخطئ.
about-statuses = حالات الادعاءات
about-statuses-text = تقول الحالة ما تثبته المصادر وقت النشر، لا أكثر.
about-status-confirmed = تثبته المصادر: تنقله أكثر من وسيلة مستقلة بوصفه واقعة، أو أكده المعنيون علنًا.
about-status-unconfirmed = يؤكده أحدهم، لكن لا مصدر يثبته وقت النشر.
about-status-disputed = المصادر مختلفة: بعضها ينقله وبعضها يناقضه.
about-status-denied = نفاه المعنيون علنًا؛ ولا يبقى الادعاء إلا اتهامًا.
about-evidence = الأدلة
about-evidence-text-html = يُصنَّف كل اقتباس حسب علاقته بمدخله: الأدلة <strong>المؤيدة</strong> تسنده (خط بسيط بجانب الاقتباس)، والأدلة <strong>المعارضة</strong> تناقضه (خط مزدوج)، و<strong>السياق</strong> يؤطره (خط متقطع). يقود اسم الوسيلة تحت كل اقتباس إلى المقطع في المقال الكامل. ويبيّن <a href="{ $href }">جدول المقارنة</a> لكل مدخل المصادر التي تؤيده أو تعارضه، مجمّعةً حسب الأصل (النصوص التي تعيد نشر وسيلة إعلام أو وكالة واحدة تُعدّ أصلًا مستقلًا واحدًا)، ويُعلِّم النقاط التي تستند إلى أصل واحد.
about-sources = المصادر والإبراز
about-sources-text-html = تعرض كل صفحة مصدر المقال كاملًا. المقاطع <mark class="sample">المُبرزة</mark> مقتبسة في مكان ما من الملف، والإبراز الأعمق يعني اقتباسات متداخلة. اختر مقطعًا مبرزًا للانتقال إلى النقطة التي يسندها. لكل مقطع حاشية مرقمة، في الهامش على الشاشات العريضة وتحت السطر على الصغيرة، تسرد كل مدخل وكل لحظة زمنية تقتبسه، مع جزئه وموقفه.
about-quotations = الاقتباسات
about-quotations-text = الاقتباسات كلمات المصادر نفسها، بإملائها وأخطائها. لم تُوحَّد المسافات وعلامات الاقتباس إلا للعثور على كل مقطع؛ وما تقرؤه هو النص الأصلي. وحين يُعرف عنوان المقال الأصلي، يفتحه رابط عند الكلمات المقتبسة.
about-reuse = البحث والمعاينة وإعادة الاستخدام
about-search-text-html = يشمل <a href="{ $href }">البحث</a> المداخل والمقاطع المقتبسة والتسلسل الزمني وأسماء الأشخاص والأماكن؛ ولا تهم علامات التشكيل ولا حالة الأحرف ولا الشرطات. مع تفعيل JavaScript، يُظهر تمرير المؤشر أو التنقل بلوحة المفاتيح إلى رابط داخلي معاينةً له؛ اضغط Escape لإغلاقها. كل ما عدا ذلك يعمل دون JavaScript.
about-reuse-text-html = الملف كاملًا متاح بصيغة <a href="dossier.json" type="application/json">dossier.json</a>، وكل رابط دليل بصيغة <a href="annotations.jsonld" type="application/ld+json">تعليق ويب من W3C</a> تستطيع أدوات التعليق تحميله. وتحمل الادعاءات بيانات schema.org <code>ClaimReview</code> لمحركات البحث.

## الصفحة غير موجودة

notfound-title = الصفحة غير موجودة
notfound-text = لا توجد صفحة بهذا العنوان. ربما نُقلت عند تحديث الملف.
notfound-home-html = ابدأ من جديد من <a href="{ $href }">الصفحة الأولى لـ{ $title }</a>،
notfound-search-html = أو <a href="{ $href }">ابحث في الملف</a>.

## نص الصفحة البرمجي (البحث والمعاينة)

js-type-e = نقطة
js-type-n = اسم
js-type-m = التسلسل الزمني
js-type-p = مقطع مقتبس
js-cited-entries = { $count ->
    [one] مدخل واحد
    [two] مدخلين
    [few] { $count } مداخل
    [many] { $count } مدخلًا
   *[other] { $count } مدخل
}
js-cited-moments = { $count ->
    [one] لحظة زمنية واحدة
    [two] لحظتين زمنيتين
    [few] { $count } لحظات زمنية
    [many] { $count } لحظة زمنية
   *[other] { $count } لحظة زمنية
}
js-cited-by = مقتبس في { $who }
js-cited-by-both = مقتبس في { $entries } و{ $moments }
js-search-ready = { $count ->
    [one] اكتب اسمًا أو مكانًا أو كلمات من اقتباس: عنصر واحد قابل للبحث.
    [two] اكتب اسمًا أو مكانًا أو كلمات من اقتباس: عنصران قابلان للبحث.
    [few] اكتب اسمًا أو مكانًا أو كلمات من اقتباس: { $count } عناصر قابلة للبحث.
    [many] اكتب اسمًا أو مكانًا أو كلمات من اقتباس: { $count } عنصرًا قابلًا للبحث.
   *[other] اكتب اسمًا أو مكانًا أو كلمات من اقتباس: { $count } عنصر قابل للبحث.
}
js-no-results = لا نتائج لـ«{ $query }».
js-results = { $count ->
    [one] نتيجة واحدة لـ«{ $query }».
    [two] نتيجتان لـ«{ $query }».
    [few] { $count } نتائج لـ«{ $query }».
    [many] { $count } نتيجة لـ«{ $query }».
   *[other] { $count } نتيجة لـ«{ $query }».
}
js-results-capped = { $count } نتيجة لـ«{ $query }»، تُعرض أول { $shown } منها.
js-also-written = يُكتب أيضًا: { $names }.
js-cited-by-list = مقتبس في: { $titles }
js-did-you-mean = هل تقصد { $suggestions }؟

## origins
origins-glance-single = { $count ->
    [zero] لا نقطة تستند إلى أصل مستقل واحد
    [one] نقطة واحدة تستند إلى أصل مستقل واحد
    [two] نقطتان تستندان إلى أصل مستقل واحد
    [few] { $count } نقاط تستند إلى أصل مستقل واحد
    [many] { $count } نقطة تستند إلى أصل مستقل واحد
   *[other] { $count } نقطة تستند إلى أصل مستقل واحد
}
origins-matrix-single = { $single ->
    [zero] لا نقطة من أصل { $total } تستند إلى أصل مستقل واحد.
    [one] نقطة واحدة من أصل { $total } تستند إلى أصل مستقل واحد، وهي مُعلَّمة.
    [two] نقطتان من أصل { $total } تستندان إلى أصل مستقل واحد، وهما مُعلَّمتان.
    [few] { $single } نقاط من أصل { $total } تستند إلى أصل مستقل واحد، وهي مُعلَّمة.
    [many] { $single } نقطة من أصل { $total } تستند إلى أصل مستقل واحد، وهي مُعلَّمة.
   *[other] { $single } نقطة من أصل { $total } تستند إلى أصل مستقل واحد، وهي مُعلَّمة.
}
origins-flag = أصل واحد
origins-legend = كل المصادر التي تتناول النقطة تأتي من وسيلة إعلام أو وكالة واحدة
origins-header = الأصل
origins-supported = { $count ->
    [one] يؤيده أصل مستقل واحد
    [two] يؤيده أصلان مستقلان
   *[other] يؤيده { $count } من الأصول المستقلة
} ({ $sources ->
    [one] نص واحد
    [two] نصان
   *[other] { $sources } نصوص
})
origins-disputed = { $count ->
    [one] يعارضه أصل مستقل واحد
    [two] يعارضه أصلان مستقلان
   *[other] يعارضه { $count } من الأصول المستقلة
} ({ $sources ->
    [one] نص واحد
    [two] نصان
   *[other] { $sources } نصوص
})

## dates
moment-basis-derived = تاريخ محسوب، غير مطبوع
moment-basis-derived-from = تاريخ محسوب من { $when }
moment-basis-inferred = تاريخ مستنتج، غير مطبوع
moment-expected = متوقَّع
moment-expected-note = أُعلن أو توقّع وقت النشر، ولم يكن قد حدث.
index-discrepancies = التناقضات
index-discrepancies-dek-html = حيث تختلف المصادر فيما بينها أو تناقض نفسها أو تخطئ. <a href="{ $href }">كيف تُقرأ</a>.
about-discrepancies = التناقضات
about-discrepancies-text-html = يضع مدخل التناقض المقاطع غير المتوافقة جنبًا إلى جنب: وسيلتان تذكران أرقامًا أو صياغات أو تواريخ مختلفة، أو وسيلة تناقض نفسها، أو خطأ صريح. ولا يقول أي الطرفين على حق ما لم تثبت ذلك المصادر؛ اقرأ كل اقتباس في مقاله لتحكم. وتسرد <a href="{ $href }">الصفحة الأولى</a> كل التناقضات.
about-dates = التواريخ والإعلانات
about-dates-text = التاريخ في الخط الزمني مطبوع في أحد المصادر ما لم يُذكر خلاف ذلك. «تاريخ محسوب» يعني أنه استُخرج من شيء مطبوع، كيوم من أيام الأسبوع في تقرير مؤرَّخ، ويُذكر ذلك المستند؛ و«تاريخ مستنتج» يعني أن المحررين استنتجوه. واللحظة الموسومة «متوقَّع» أُعلنت أو توقّعت وقت النشر ولم تُروَ على أنها حدثت، ولا تظهر أبدًا بين اللحظات الأساسية. وتحت الاقتباس، تعني «(التاريخ مستنتج)» أن المقال لا يطبع تاريخه.

## shared
shared-more = { $count ->
    [one] مقطع مشترك آخر مدرج في dossier.json.
    [two] مقطعان مشتركان آخران مدرجان في dossier.json.
    [few] { $count } مقاطع مشتركة أخرى مدرجة في dossier.json.
   *[other] { $count } مقطعًا مشتركًا آخر مدرج في dossier.json.
}
shared-unlisted = { $count ->
    [one] مصدر آخر يشترك مع هذا النص في صياغة أقل، وهو غير مدرج.
    [two] مصدران آخران يشتركان مع هذا النص في صياغة أقل، وهما غير مدرجين.
    [few] { $count } مصادر أخرى تشترك مع هذا النص في صياغة أقل، وهي غير مدرجة.
   *[other] { $count } مصدرًا آخر يشترك مع هذا النص في صياغة أقل، وهي غير مدرجة.
}
shared-title = صياغة مشتركة
shared-intro = ترد هذه المقاطع حرفيًا في مصدر آخر أيضًا: قد ينقل النصّان قصة واحدة، مثل برقية وكالة أو بيان صحفي.
shared-passage-html = <a href="{ $here }">«{ $start }…»</a> يرد أيضًا في <a href="{ $href }">{ $title }</a> ({ $count ->
    [one] كلمة واحدة
    [two] كلمتان
    [few] { $count } كلمات
   *[other] { $count } كلمة
}).

## stance
stance-mixed = يؤيد ويعارض

## القوائم الطويلة موزعة على صفحات
pages-title = { $title }، الصفحة { $number } من { $total }
pages-nav = الصفحات
pages-current = الصفحة { $number } من { $total }
pages-prev = الصفحة السابقة
pages-next = الصفحة التالية
## publication
byline = بقلم { $names }
author-with-role = { $name } ({ $role })
published-html = نُشر في <time datetime="{ $iso }">{ $date }</time>
published-updated-html = نُشر في <time datetime="{ $iso }">{ $date }</time>، وحُدّث في <time datetime="{ $updated_iso }">{ $updated }</time>
updated-html = حُدّث في <time datetime="{ $iso }">{ $date }</time>
corrections-note-html = { $count ->
    [one] أُجري <a href="{ $href }">تصحيح واحد</a> منذ النشر.
    [two] أُجري <a href="{ $href }">تصحيحان</a> منذ النشر.
   *[other] أُجريت <a href="{ $href }">تصحيحات ({ $count })</a> منذ النشر.
}
corrections-title = التصحيحات
about-publication = المؤلفون والتواريخ والتصحيحات
source-page-title = { $outlet }: { $headline } — مصدر مشروح — { $dossier }
meta-section = { $title }: الجزء { $number } من «{ $dossier }».
meta-source = { $credit }، «{ $headline }» ({ $date }): النص الكامل حرفيًا، مع إبراز المقاطع التي يقتبسها «{ $dossier }» ({ $passages }) وربطها بنقاطه.
meta-sources = المقالات التي يستند إليها «{ $dossier }» ({ $count })، محفوظة حرفيًا مع إبراز المقاطع المقتبسة.
meta-matrix = أي المصادر ({ $sources }) تؤيد أو تعارض كل نقطة من نقاط «{ $dossier }» ({ $count }).
meta-entities = الأشخاص والأماكن والمنظمات المذكورة في «{ $dossier }» ({ $count })، مع كل إشارة إليها في المصادر.
meta-timeline = اللحظات المؤرخة في «{ $dossier }» ({ $count })، كل منها مع المقاطع التي تؤرخها.
meta-search = ابحث في نقاط «{ $dossier }» ومقاطعه المقتبسة وتسلسله الزمني وأسمائه.
meta-about = كيف تقرأ «{ $dossier }»: معاني التسميات، ومصدر كل عبارة، وكيفية التحقق منها.
meta-notfound = لا توجد صفحة من «{ $dossier }» في هذا العنوان.
card-counts = المصادر: { $sources } · النقاط: { $points }
card-section = الجزء { $number } من { $total } · النقاط: { $points }
