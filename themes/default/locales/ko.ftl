# 한국어: 기본 테마의 인터페이스 문구. en.ftl과 같은 메시지 ID를 씁니다.
# 한국어 복수 규칙에는 "other" 하나뿐이므로 선택 표현이 필요 없습니다.

date-locale = ko

## 사이트 전체

skip-to-content = 본문으로 건너뛰기
nav-label = 자료집
nav-entities = 인물과 장소
nav-about = 읽는 법
search-label = 자료집 검색
search-placeholder = 이름, 인용문 검색…
search-button = 검색
footer-promise = 모든 서술은 그것을 뒷받침하는 원문 구절로 연결되며, 모든 인용문은 이 사이트를 만들 때 출처와 대조해 확인했습니다.
footer-reuse = 재사용:
footer-reuse-json = (자료집 전체)
footer-reuse-annotations = (W3C 웹 주석 형식의 근거)
footer-reuse-texts = 출처 원문 그대로
credit-via = { $origin } 보도, { $outlet } 재게재

## 표시

kind-fact = 사실
kind-claim = 주장
kind-context = 배경
kind-discrepancy = 불일치
status-confirmed = 확인됨
status-unconfirmed = 미확인
status-disputed = 논란
status-denied = 부인됨
stance-supports = 뒷받침
stance-disputes = 반박
stance-context = 배경
stance-silent = 언급 없음
evidence-supporting = 뒷받침하는 근거
evidence-disputing = 반박하는 근거
evidence-context = 배경
evidence-original = 원문
evidence-original-by = { $credit } 기사
entity-person = 인물
entity-place = 장소
entity-organisation = 기관

## 첫 페이지

index-kicker = 자료집 · 출처 { $count }건, 모든 인용문 원문과 일치 확인
index-glance = 한눈에 보기
index-glance-sources-html = <a href="{ $href }">기사 { $count }건</a>, 원문 그대로 보존
index-glance-points = 항목
index-glance-points-text = 주석 { $count }건, 인용문 { $quotations }건
index-glance-claims = 주장
claims-confirmed = 확인됨 { $count }건
claims-unconfirmed = 미확인 { $count }건
claims-disputed = 논란 { $count }건
claims-denied = 부인됨 { $count }건
index-how-html = <a href="{ $href }">이 자료집을 읽는 법</a>: 표시의 뜻.
index-key-moments = 주요 순간
index-full-timeline = 전체 연표: 날짜가 있는 순간 { $count }건
index-parts = 자료집 구성: { $count }개 부분
index-part = { $number }부
index-all-points = 항목 { $count }건 모두 보기
index-all-points-in = ({ $title })
index-including-claims = , 그중 주장 { $count }건
index-explore = 둘러보기
index-explore-matrix-html = <a href="{ $href }">교차 확인</a>: 각 항목을 어느 출처가 뒷받침하거나 반박하는지.
index-explore-timeline-html = <a href="{ $href }">연표</a>: 날짜별로 본 이야기, 순간마다 출처와 함께.
index-explore-entities-html = <a href="{ $href }">인물, 장소, 기관</a>: 출처 속 모든 언급과 함께.
index-explore-sources-html = <a href="{ $href }">출처</a>: 원문 그대로, 인용된 구절을 강조해서.

## 부분과 항목

section-kicker = { $total }개 부분 중 { $number }부
section-toc = 이 부분의 항목
section-pager = 부분
section-prev = 이전 부분
section-next = 다음 부분
entry-count = 출처 { $sources }곳의 인용문 { $quotations }건
entry-claimed-by-html = 주장한 쪽: <strong>{ $claimant }</strong>

## 출처

sources-kicker = 기록
sources-title = 출처
sources-dek-html = 이 자료집은 원문 그대로 보존한 기사 { $count }건에 기대고 있습니다. 각 페이지는 전문을 보여 주며, 인용된 구절을 강조하고 그 구절이 뒷받침하는 항목으로 연결합니다. <a href="{ $href }">교차 확인 표</a>에서 어느 출처가 각 항목을 뒷받침하는지 볼 수 있습니다.
sources-outlet-inferred = (매체 추정)
sources-date-inferred = (날짜 추정)
source-cited = 구절 { $passages }개, 항목 { $entries }건에서 인용
source-plain-text = 일반 텍스트
source-plain-text-of = ({ $title })
source-kicker = 출처 · { $credit }
source-published-by = 발행
source-inferred-not-printed = (추정, 본문에 없음)
source-inferred = (추정)
source-origin = 원 출처
source-byline = 기자
source-date = 날짜
source-provenance = 입수 경위
source-original = 원문
source-cited-label = 인용
source-reading-note = 아래 본문은 받은 그대로입니다. 맞춤법, 띄어쓰기, 오류는 매체의 것입니다. 강조된 구절은 자료집에서 인용된 부분이며, 선택하면 그 구절이 뒷받침하는 항목으로 이동합니다. 번호가 붙은 주석에는 그 구절을 인용한 모든 항목이 나옵니다.
source-furniture-label = 페이지 요소
source-furniture-note = 흐리게 표시된 줄은 기사와 함께 수집된 페이지 요소(메뉴, 크레디트)입니다.
source-note-ref = 주석 { $number }
source-notes-more = +{ $count }개 더
js-landing-back = 항목으로 돌아가기:
js-landing-cited = 인용한 항목:
source-prev = 이전 출처
source-next = 다음 출처

## 연표

timeline-kicker = 연대기
timeline-title = 연표
timeline-dek = 이야기의 날짜가 있는 순간들을, 그 날짜를 뒷받침하는 구절과 함께 보여 줍니다. 날짜는 출처가 적은 대로이며, 출처가 밝힌 경우 시각은 현지 시각입니다.
timeline-as-told = (“{ $when }”)
timeline-covered-in = 다룬 항목:

## 교차 확인

matrix-kicker = 교차 확인
matrix-title = 교차 확인
matrix-dek = 자료집의 모든 항목을 모든 출처와 맞대어 봅니다. 표시는 인용된 구절로 연결되며, 빈칸은 그 출처가 해당 항목에 대해 말하지 않는다는 뜻입니다.
matrix-empty = 아직 항목이 없어 교차 확인할 내용이 없습니다.
matrix-caption = 출처별 항목
matrix-point = 항목
matrix-cell = { $stance }, 구절 { $count }개
matrix-list-note = 출처가 { $count }곳이라 표로는 읽기 어려우므로, 항목마다 그 항목을 다룬 출처만 나열합니다. 나머지 출처는 언급이 없습니다.
matrix-list-caption = 항목과 그 항목을 다룬 출처

## 인물, 장소, 기관

entities-kicker = 색인
entities-title = 인물, 장소, 기관
entities-dek = 출처가 언급한 모든 인물과 장소를, 매체마다 다른 표기와 함께 보여 줍니다. 언급은 출처 본문에서 자동으로 찾았으며, 각각 해당 문단으로 연결됩니다.
entities-toc = 이 페이지
entities-people = 인물
entities-places = 장소
entities-organisations = 기관
entities-also-written = 다른 표기:
entities-mentions = 출처 { $sources }곳에서 { $count }번 언급
entities-not-named = 출처 본문에 이름이 나오지 않음
entities-also-paragraphs = 다른 문단:
entities-in-dossier = 자료집 속 항목:
entities-more-points = 항목 { $count }건 더 보기
entities-more-points-on = ({ $name })

## 검색

search-title = 검색
search-dek = 자료집의 항목, 출처에서 인용된 구절, 연표, 인물과 장소를 검색합니다. 악센트, 대소문자, 하이픈은 구분하지 않습니다. “Sao Paulo”로 “São Paulo”를 찾을 수 있습니다.
search-nojs = 검색은 브라우저에서 실행되며 JavaScript가 필요합니다.
search-nojs-sections-html = JavaScript 없이도 모든 항목은 <a href="{ $href }">각 부분</a>에,
search-nojs-entities-html = 모든 이름은 <a href="{ $href }">인물과 장소</a> 페이지에,
search-nojs-sources-html = 모든 구절은 해당 <a href="{ $href }">출처 페이지</a>에 있습니다.
search-claimed-by = 주장한 쪽: { $claimant }.

## 읽는 법

about-kicker = 방법
about-title = 이 자료집을 읽는 법
about-dek = 표시의 뜻, 모든 서술의 출처, 그리고 직접 확인하는 방법.
about-intro-html = 이 자료집은 원문 그대로 보존한 소수의 뉴스 기사로 만들었습니다. 자료집이 말하는 모든 내용은 하나의 <em>항목</em>이며, 각 항목은 근거가 되는 기사의 정확한 구절을 보여 주고 원래 맥락 속 구절로 연결합니다. 인용문 없이 바꿔 쓴 내용은 없습니다.
about-kinds = 항목의 종류
about-kind-fact = 출처가 사실로 보도한 내용으로, 그것을 확인한 주체를 밝힙니다.
about-kind-claim = 누군가(정부, 관리, 분석가)가 내세운 내용. 주장에는 주장한 쪽과 상태가 붙습니다.
about-kind-context = 나머지를 이해하도록 출처가 제공하는 배경.
about-kind-discrepancy = 매체끼리 엇갈리거나, 스스로 모순되거나, 오류를 낸 부분.
about-statuses = 주장의 상태
about-statuses-text = 상태는 보도 시점에 출처가 확인한 만큼만 말합니다.
about-status-confirmed = 출처가 확인함: 독립된 매체 둘 이상이 사실로 보도했거나 당사자가 공식적으로 확인했습니다.
about-status-unconfirmed = 누군가 주장하지만, 보도 시점에 이를 확인한 출처는 없습니다.
about-status-disputed = 출처가 엇갈림: 일부는 보도하고 일부는 반박합니다.
about-status-denied = 당사자가 공식적으로 부인했으며, 주장은 의혹으로만 남아 있습니다.
about-evidence = 근거
about-evidence-text-html = 각 인용문은 항목과의 관계에 따라 묶입니다. <strong>뒷받침하는</strong> 근거는 항목을 지지하고(인용문 옆 실선), <strong>반박하는</strong> 근거는 항목과 어긋나며(이중선), <strong>배경</strong>은 항목을 이해하게 돕습니다(점선). 각 인용문 아래의 매체 이름은 기사 전문 속 해당 구절로 연결됩니다. <a href="{ $href }">교차 확인 표</a>는 항목마다 어느 출처가 뒷받침하거나 반박하는지 원출처별로 묶어 보여 주고(한 매체나 통신사의 기사를 옮겨 실은 글들은 독립된 원출처 하나로 셉니다), 원출처가 하나뿐인 항목을 표시합니다.
about-sources = 출처와 강조 표시
about-sources-text-html = 각 출처 페이지에는 기사 전문이 나옵니다. <mark class="sample">강조된</mark> 구절은 자료집 어딘가에서 인용된 부분이며, 색이 짙을수록 여러 인용이 겹친다는 뜻입니다. 강조 부분을 선택하면 그 구절이 뒷받침하는 항목으로 이동합니다. 구절마다 번호가 붙은 주석이 넓은 화면에서는 여백에, 좁은 화면에서는 줄 아래에 있으며, 그 구절을 인용한 모든 항목과 연표의 순간을 부분과 관계와 함께 보여 줍니다.
about-quotations = 인용문
about-quotations-text = 인용문은 출처의 말 그대로이며 맞춤법과 오류도 그대로입니다. 공백과 따옴표는 구절을 찾을 때만 정규화했고, 보이는 글은 원문입니다. 기사 원래 주소를 알면 링크가 인용된 단어 위치에서 원문을 엽니다.
about-reuse = 검색, 미리 보기, 재사용
about-search-text-html = <a href="{ $href }">검색</a>은 항목, 인용된 구절, 연표, 인물과 장소의 이름을 다룹니다. 악센트, 대소문자, 하이픈은 구분하지 않습니다. JavaScript를 켜면 내부 링크에 마우스를 올리거나 탭으로 이동할 때 미리 보기가 나오며, Esc 키로 닫습니다. 나머지는 모두 JavaScript 없이 작동합니다.
about-reuse-text-html = 자료집 전체는 <a href="dossier.json" type="application/json">dossier.json</a>으로, 모든 근거 링크는 주석 도구가 불러올 수 있는 <a href="annotations.jsonld" type="application/ld+json">W3C 웹 주석</a>으로 제공됩니다. 주장에는 검색 엔진을 위한 schema.org <code>ClaimReview</code> 데이터가 붙어 있습니다.

## 페이지 없음

notfound-title = 페이지를 찾을 수 없습니다
notfound-text = 이 주소에는 페이지가 없습니다. 자료집이 갱신되면서 옮겨졌을 수 있습니다.
notfound-home-html = <a href="{ $href }">{ $title } 첫 페이지</a>에서 다시 시작하거나,
notfound-search-html = <a href="{ $href }">자료집을 검색</a>하세요.

## 페이지 스크립트 (검색과 미리 보기)

js-type-e = 항목
js-type-n = 이름
js-type-m = 연표
js-type-p = 인용된 구절
js-cited-entries = 항목 { $count }건
js-cited-moments = 연표의 순간 { $count }건
js-cited-by = { $who }에서 인용
js-cited-by-both = { $entries }과 { $moments }에서 인용
js-search-ready = 이름, 장소, 인용문의 단어를 입력하세요. 항목, 구절, 순간, 이름 { $count }개를 검색할 수 있습니다.
js-no-results = “{ $query }”에 대한 결과가 없습니다.
js-results = “{ $query }” 검색 결과 { $count }건.
js-results-capped = “{ $query }” 검색 결과 { $count }건, 처음 { $shown }건을 표시합니다.
js-also-written = 다른 표기: { $names }.
js-cited-by-list = 인용한 곳: { $titles }
js-did-you-mean = 혹시 { $suggestions }을(를) 찾으셨나요?

## origins
origins-glance-single = 독립된 원출처가 하나뿐인 항목 { $count }건
origins-matrix-single = 항목 { $total }건 중 { $single }건은 독립된 원출처가 하나뿐이어서 따로 표시했습니다.
origins-flag = 단일 원출처
origins-legend = 이 항목을 다루는 출처가 모두 한 매체나 통신사에서 나옴
origins-header = 원출처
origins-supported = 독립된 원출처 { $count }곳이 뒷받침 (글 { $sources }건)
origins-disputed = 독립된 원출처 { $count }곳이 반박 (글 { $sources }건)

## dates
moment-basis-derived = 추산한 날짜(원문에 없음)
moment-basis-derived-from = { $when }에서 추산한 날짜
moment-basis-inferred = 추정한 날짜(원문에 없음)
moment-expected = 예정
moment-expected-note = 보도 당시 발표되거나 예상된 일로, 아직 일어나지 않았습니다.
index-discrepancies = 불일치
index-discrepancies-dek-html = 출처끼리 엇갈리거나, 스스로 모순되거나, 오류를 낸 부분. <a href="{ $href }">읽는 법</a>.
about-discrepancies = 불일치
about-discrepancies-text-html = 불일치 항목은 서로 맞지 않는 구절을 나란히 보여 줍니다. 두 매체가 다른 수치, 표현, 날짜를 전하거나, 한 매체가 스스로 모순되거나, 단순한 오류인 경우입니다. 출처가 밝히지 않는 한 어느 쪽이 옳은지 말하지 않으니, 각 인용을 원문 맥락에서 읽고 판단하십시오. <a href="{ $href }">첫 페이지</a>에 모든 불일치가 나열되어 있습니다.
about-dates = 날짜와 발표
about-dates-text = 연표의 날짜는 따로 표시가 없으면 출처에 인쇄된 날짜입니다. “추산한 날짜”는 날짜가 적힌 보도 속 요일처럼 인쇄된 근거에서 계산한 것으로, 그 근거를 밝힙니다. “추정한 날짜”는 편집진이 추정한 것입니다. “예정”으로 표시된 순간은 보도 당시 발표되거나 예상된 일이며 일어난 일로 보도된 것이 아니므로 주요 순간에 넣지 않습니다. 인용 아래의 “(날짜 추정)”은 기사에 자체 날짜가 인쇄되어 있지 않다는 뜻입니다.

## shared
shared-more = 공유 구절 { $count }개가 더 dossier.json에 있습니다.
shared-unlisted = 이 글과 공유하는 문구가 더 적은 출처 { $count }곳은 목록에 없습니다.
shared-title = 공통 문구
shared-intro = 아래 구절은 다른 출처에도 글자 그대로 실려 있습니다. 통신사 기사나 보도자료 같은 하나의 기사를 옮겨 실었을 수 있습니다.
shared-passage-html = <a href="{ $here }">“{ $start }…”</a> 구절은 <a href="{ $href }">{ $title }</a>에도 실려 있습니다({ $count }단어).

## stance
stance-mixed = 뒷받침과 반박

## 여러 쪽으로 나뉜 긴 목록
pages-title = { $title }, { $total }쪽 중 { $number }쪽
pages-nav = 쪽
pages-current = { $total }쪽 중 { $number }쪽
pages-prev = 이전 쪽
pages-next = 다음 쪽
## publication
byline = 작성: { $names }
author-with-role = { $name }({ $role })
published-html = 게시 <time datetime="{ $iso }">{ $date }</time>
published-updated-html = 게시 <time datetime="{ $iso }">{ $date }</time>, 수정 <time datetime="{ $updated_iso }">{ $updated }</time>
updated-html = 수정 <time datetime="{ $iso }">{ $date }</time>
corrections-note-html = 게시 이후 <a href="{ $href }">정정 { $count }건</a>이 있었습니다.
corrections-title = 정정
about-publication = 작성자, 날짜, 정정
source-page-title = { $outlet }: { $headline } — 주석 단 출처 — { $dossier }
meta-section = { $title }: { $dossier }의 { $number }부.
meta-source = { $credit }, “{ $headline }”({ $date }): { $dossier }이(가) 인용한 구절 { $passages }개를 강조하고 항목에 연결한 원문 전체.
meta-sources = { $dossier }의 바탕이 된 기사 { $count }건, 원문 그대로, 인용 구절 강조.
meta-matrix = { $dossier }의 항목 { $count }개 각각을 출처 { $sources }건 중 어느 것이 뒷받침하거나 반박하는지.
meta-entities = { $dossier }에 나오는 인물, 장소, 기관 { $count }개와 출처 속 모든 언급.
meta-timeline = { $dossier }의 날짜가 있는 순간 { $count }개, 각각 날짜를 뒷받침하는 구절과 함께.
meta-search = { $dossier }의 항목, 인용 구절, 연표, 이름 검색.
meta-about = { $dossier } 읽는 법: 표시의 뜻, 각 진술의 출처와 확인 방법.
meta-notfound = 이 주소에는 { $dossier }의 페이지가 없습니다.
card-counts = 출처 { $sources }건 · 항목 { $points }개
card-section = { $total }부 중 { $number }부 · 항목 { $points }개
