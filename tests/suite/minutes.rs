//! The minutes of a fixed session: golden Markdown and HTML (reviewed by
//! eye; regenerate with `UPDATE_GOLDEN=1 cargo test minutes::`), the
//! Markdown read by a CommonMark parser, the HTML by an HTML tokenizer,
//! the xlsx by a spreadsheet reader.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use kpi_council::export::minutes::Options;
use kpi_council::export::write::Format;
use kpi_council::store::embedded;
use kpi_council::store::session_file;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn session() -> kpi_council::domain::session::Session {
    session_file::load(&root().join("tests/data/golden-session.ron")).expect("golden session")
}

fn render(format: Format, public: bool, anonymize: bool) -> Vec<u8> {
    let loaded = embedded::load().expect("embedded");
    kpi_council::export::render(&loaded.dataset, &session(), format, Options { public, anonymize })
        .expect("render")
}

fn golden(name: &str, actual: &[u8]) {
    let path = root().join("tests/golden").join(name);
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&path, actual).expect("write golden");
    }
    let expected = std::fs::read(&path).unwrap_or_default();
    assert!(
        expected == actual,
        "{} differs from the golden file; review the change and run with UPDATE_GOLDEN=1",
        path.display()
    );
}

#[test]
fn golden_markdown() {
    golden("minutes.md", &render(Format::Md, false, false));
}

#[test]
fn golden_public_html() {
    golden("minutes-public.html", &render(Format::Html, true, true));
}

/// The live remarks' texts, as the minutes must show them: once each.
const REMARKS: [&str; 9] = [
    "本日は平成30年度の実績について審議する。",
    "その36人の内訳は？ | 表が崩れないこと",
    "残る3人は市の調査による。",
    "# 見出しではない",
    "<script>alert(1)</script>",
    "個別企業の事情（非公開）",
    "最終的な文言",
    "開発拠点の規模は？",
    "地元企業向け説明会を開催する | 6月中",
];

#[test]
fn markdown_parses_to_the_right_tables_and_every_remark_once() {
    use pulldown_cmark::{Event, Options as MdOptions, Parser, Tag, TagEnd};
    let text = String::from_utf8(render(Format::Md, false, false)).expect("utf-8");
    let mut tables: Vec<Vec<Vec<String>>> = Vec::new();
    let mut cell: Option<String> = None;
    let mut plain = String::new();
    let mut html_blocks = 0;
    let mut headings = Vec::new();
    let mut in_heading = false;
    for event in Parser::new_ext(&text, MdOptions::ENABLE_TABLES) {
        match event {
            Event::Start(Tag::Table(_)) => tables.push(Vec::new()),
            Event::Start(Tag::TableHead | Tag::TableRow) => {
                if let Some(t) = tables.last_mut() {
                    t.push(Vec::new());
                }
            }
            Event::Start(Tag::TableCell) => cell = Some(String::new()),
            Event::End(TagEnd::TableCell) => {
                if let (Some(c), Some(row)) =
                    (cell.take(), tables.last_mut().and_then(|t| t.last_mut()))
                {
                    row.push(c);
                }
            }
            Event::Start(Tag::Heading { .. }) => {
                in_heading = true;
                headings.push(String::new());
            }
            Event::End(TagEnd::Heading(_)) => in_heading = false,
            Event::Html(_) | Event::InlineHtml(_) => html_blocks += 1,
            Event::Text(t) | Event::Code(t) => {
                if let Some(c) = cell.as_mut() {
                    c.push_str(&t);
                }
                if in_heading && let Some(h) = headings.last_mut() {
                    h.push_str(&t);
                }
                plain.push_str(&t);
            }
            Event::SoftBreak | Event::HardBreak => plain.push('\n'),
            _ => {}
        }
    }
    assert_eq!(html_blocks, 0, "no user text became HTML");
    // The KPI table of the evaluated year: header and three KPIs, with the kind.
    let kpi = &tables[0];
    assert_eq!(kpi.len(), 4);
    assert_eq!(kpi[0], ["指標", "種類", "目標（平成31年3月末）", "実績", "達成率", "評価"]);
    assert_eq!(kpi[1], ["新規移動人数", "単年度", "50人", "36人", "72.0%", "未達成"]);
    assert_eq!(kpi[2], ["新規参加企業数", "単年度", "10社", "11社", "110.0%", "達成"]);
    // The plan-period table says the rule that made each figure.
    let period = &tables[1];
    assert_eq!(period[0][2], "集計方法");
    assert_eq!(
        period[1],
        ["新規移動人数", "単年度", "計画期間（合計）", "110人", "90人", "81.8%", "概ね達成"]
    );
    assert!(
        tables.iter().all(|t| t.iter().all(|row| row.len() == t[0].len())),
        "no row has its cells broken"
    );
    for r in REMARKS {
        assert_eq!(plain.matches(r).count(), 1, "{r:?} appears exactly once:\n{plain}");
    }
    assert_eq!(plain.matches("地元企業向け説明会を開催する | 6月中").count(), 1);
    assert!(!plain.contains("削除された発言"), "deleted remarks are left out");
    assert!(!plain.contains("最初の文言"), "edited remarks appear in their final wording");
    assert!(
        headings.iter().all(|h| !h.contains("見出しではない")),
        "a remark starting with # is no heading"
    );
}

#[test]
fn html_has_no_script_no_handler_and_every_remark_as_text() {
    use html5gum::{Token, Tokenizer};
    let html = String::from_utf8(render(Format::Html, false, false)).expect("utf-8");
    let mut text = String::new();
    let mut csp = None;
    for token in Tokenizer::new(html.as_str()) {
        match token.expect("tokenize") {
            Token::StartTag(tag) => {
                let name = String::from_utf8_lossy(&tag.name).to_string();
                assert_ne!(name, "script", "no script element");
                assert_ne!(name, "iframe");
                for (attr, value) in &tag.attributes {
                    let attr = String::from_utf8_lossy(attr).to_lowercase();
                    assert!(!attr.starts_with("on"), "no event handler attribute: {attr}");
                    let value = String::from_utf8_lossy(&value.value).to_lowercase();
                    assert!(!value.contains("javascript:"), "no javascript: URL");
                    if attr == "content" && value.contains("default-src") {
                        csp = Some(value);
                    }
                }
            }
            Token::String(s) => text.push_str(&String::from_utf8_lossy(&s.value)),
            _ => {}
        }
    }
    let csp = csp.expect("a Content-Security-Policy meta tag");
    assert!(csp.contains("default-src 'none'"), "{csp}");
    assert!(!csp.contains("script-src"), "{csp}");
    for r in REMARKS {
        assert_eq!(text.matches(r).count(), 1, "{r:?} appears once as text");
    }
    // The only address is the SVG namespace name, which is never fetched.
    assert_eq!(
        html.matches("://").count(),
        html.matches("http://www.w3.org/2000/svg").count(),
        "no network address"
    );
}

#[test]
fn public_html_withholds_internal_items_and_says_how_many() {
    let html = String::from_utf8(render(Format::Html, true, false)).expect("utf-8");
    assert!(!html.contains("個別企業の事情"), "internal remark left out");
    assert!(!html.contains("内部検討中"), "internal judgment left out");
    assert!(html.contains("非公開の発言 1 件と非公開の評価 1 件は、この公開版に含めていません。"));
    assert!(!html.contains("内部資料"));
    let internal = String::from_utf8(render(Format::Md, false, false)).expect("utf-8");
    assert!(internal.contains("個別企業の事情") && internal.contains("内部資料"));
}

#[test]
fn anonymized_public_minutes_name_non_members_by_role() {
    let md = String::from_utf8(render(Format::Md, true, true)).expect("utf-8");
    assert!(!md.contains("鈴木 一郎"), "the secretariat is not named");
    assert!(!md.contains("田中 三郎（"), "the observer is not named");
    assert!(md.contains("事務局（北見市商工観光部）"));
    assert!(md.contains("山田 太郎（会長）"), "members keep their names");
}

/// Anonymized, a secretariat or observer without an affiliation has
/// nothing to be named by but the role the line already gives: the
/// attendees said 「事務局：事務局」 (and 「事務局、事務局」 for two). They are
/// counted instead, after the affiliations of the others of that role:
/// 「事務局：2名」, 「オブザーバー：北海道、ほか1名」.
#[test]
fn anonymized_attendees_without_an_affiliation_are_counted_not_named_by_their_role_again() {
    use kpi_council::domain::session::{Attendee, Role};
    let mut session = session();
    let sheet = &mut session.sheet;
    sheet.attendees.iter_mut().find(|a| a.id == "a4").expect("secretariat").affiliation.clear();
    for (id, name, role) in
        [("a6", "伊藤 四郎", Role::Secretariat), ("a7", "渡辺 五郎", Role::Observer)]
    {
        sheet.attendees.push(Attendee {
            id: id.into(),
            name: name.into(),
            affiliation: String::new(),
            role,
            absent: false,
            signer: false,
        });
    }
    let loaded = embedded::load().expect("embedded");
    for format in FORMATS {
        let bytes = kpi_council::export::render(
            &loaded.dataset,
            &session,
            format,
            Options { public: true, anonymize: true },
        )
        .expect("render");
        let text = text_of(format, bytes);
        for doubled in [
            "事務局：事務局",
            "事務局　事務局",
            "オブザーバー：オブザーバー",
            "オブザーバー　オブザーバー",
            "事務局、事務局",
        ] {
            assert!(!text.contains(doubled), "{format:?} says {doubled}:\n{text}");
        }
        assert!(!text.contains("伊藤") && !text.contains("渡辺"), "{format:?} names them");
        if format == Format::Xlsx {
            continue; // the workbook lists no attendees
        }
        let sep = if format == Format::Docx { "　" } else { "：" };
        for line in [format!("事務局{sep}2名"), format!("オブザーバー{sep}北海道、ほか1名")]
        {
            assert!(text.contains(&line), "{format:?} lacks {line}:\n{text}");
        }
    }
}

/// Anonymized, two of the secretariat from one department were listed as
/// 「北見市商工観光部、北見市商工観光部」: the department is named once,
/// with how many it stands for. Members keep their names one by one.
#[test]
fn anonymized_attendees_of_one_affiliation_are_named_once_with_their_number() {
    use kpi_council::domain::session::{Attendee, Role};
    let mut session = session();
    let affiliation = session.sheet.attendees.iter().find(|a| a.id == "a4").expect("secretariat");
    let affiliation = affiliation.affiliation.clone();
    session.sheet.attendees.push(Attendee {
        id: "a6".into(),
        name: "伊藤 四郎".into(),
        affiliation: affiliation.clone(),
        role: Role::Secretariat,
        absent: false,
        signer: false,
    });
    let loaded = embedded::load().expect("embedded");
    for format in [Format::Md, Format::Html, Format::Docx] {
        let public = |anonymize| {
            let options = Options { public: true, anonymize };
            let bytes = kpi_council::export::render(&loaded.dataset, &session, format, options)
                .expect("render");
            text_of(format, bytes)
        };
        let text = public(true);
        assert!(text.contains(&format!("{affiliation}（2名）")), "{format:?}:\n{text}");
        assert!(!text.contains(&format!("{affiliation}、{affiliation}")), "{format:?}:\n{text}");
        // Named, each is listed with the department.
        let text = public(false);
        assert!(text.contains(&format!("伊藤 四郎（{affiliation}）")), "{format:?}:\n{text}");
    }
}

/// The rest of a stated figure no company accounts for, （企業別内訳なし）,
/// gives in 備考 the source as the figure's own line does, 速報 or 確定
/// included: it said 「北見市商工観光部調べ（企業別内訳は33人分）」 while 出典
/// said （速報） after it, in every format.
#[test]
fn the_rest_of_a_stated_figure_says_whether_it_is_preliminary_as_the_figure_does() {
    use kpi_council::domain::actuals::FigureStatus;
    let loaded = embedded::load().expect("embedded");
    let mut actuals = loaded.dataset.actuals.clone();
    let stated = &mut actuals.stated_totals[0];
    assert_eq!(stated.source, "北見市商工観光部調べ（企業別内訳は33人分）");
    stated.status = Some(FigureStatus::Preliminary);
    let data = kpi_council::domain::dataset::Dataset::new(loaded.dataset.plan.clone(), actuals)
        .expect("valid");
    let source = "北見市商工観光部調べ（企業別内訳は33人分）（速報）";
    let rest = "（企業別内訳なし）";
    for format in FORMATS {
        let bytes = kpi_council::export::render(&data, &session(), format, Options::default())
            .expect("render");
        let whole = text_of(format, bytes.clone());
        let rows: Vec<String> = match format {
            Format::Xlsx => sheets(bytes)
                .into_iter()
                .flat_map(|(_, rows)| rows)
                .map(|r| r.iter().map(ToString::to_string).collect::<Vec<_>>().join(" | "))
                .collect(),
            Format::Html => whole
                .split("<tr")
                .map(|r| r[..r.find("</tr>").unwrap_or(r.len())].to_string())
                .collect(),
            Format::Md | Format::Docx => whole.lines().map(String::from).collect(),
        };
        let rests: Vec<&String> = rows.iter().filter(|r| r.contains(rest)).collect();
        assert!(!rests.is_empty(), "{format:?} has no rest row");
        for row in rests {
            assert!(row.contains(source), "{format:?}: {row}");
        }
        // And the figure's own line says it too (the workbook has none).
        if format != Format::Xlsx {
            assert!(whole.contains(&format!("出典：{source}")), "{format:?}: the figure's source");
        }
    }
}

/// Every text of a document: Markdown and HTML as they are, the Word
/// document's paragraphs and the workbook's cells.
pub fn text_of(format: Format, bytes: Vec<u8>) -> String {
    match format {
        Format::Docx => crate::documents::docx_text(&bytes),
        Format::Xlsx => sheets(bytes)
            .into_iter()
            .flat_map(|(_, rows)| rows.into_iter().flatten())
            .map(|c| c.to_string())
            .collect::<Vec<_>>()
            .join("\n"),
        Format::Md | Format::Html => String::from_utf8(bytes).expect("utf-8"),
    }
}

pub const FORMATS: [Format; 4] = [Format::Md, Format::Html, Format::Docx, Format::Xlsx];

/// A question an observer sent in before the meeting: anonymized, the
/// observer is named by role in every format, the 事前質問 mark included
/// (it named 田中 三郎 while the speaker said オブザーバー（北海道）); and
/// the speaker who gave it is named once, the Word minutes saying the day.
#[test]
fn a_question_given_beforehand_names_its_member_once_and_by_role_when_anonymized() {
    for format in FORMATS {
        let text = text_of(format, render(format, true, true));
        assert!(!text.contains("田中"), "{format:?} names the observer:\n{text}");
        assert!(text.contains("事前質問"), "{format:?}");
    }
    let md = text_of(Format::Md, render(Format::Md, false, false));
    assert!(
        md.contains("〔質問〕〔事前質問〕田中 三郎（オブザーバー）：開発拠点の規模は？"),
        "{md}"
    );
    let docx = text_of(Format::Docx, render(Format::Docx, false, false));
    assert!(
        docx.contains("○オブザーバー（田中）　〔質問〕〔事前質問（5月20日）〕開発拠点の規模は？"),
        "{docx}"
    );
    // Given in another year than the meeting's, the day says its era year.
    let mut earlier = session();
    let question = earlier.remarks.iter_mut().find(|r| r.prepared_by().is_some()).expect("one");
    question.at = chrono::DateTime::parse_from_rfc3339("2018-12-20T09:00:00+09:00").expect("time");
    let loaded = embedded::load().expect("embedded");
    let docx = crate::documents::docx_text(
        &kpi_council::export::render(&loaded.dataset, &earlier, Format::Docx, Options::default())
            .expect("render"),
    );
    assert!(docx.contains("〔事前質問（平成30年12月20日）〕開発拠点の規模は？"), "{docx}");
}

/// A remark of several lines breaks its lines in the HTML, as Markdown
/// and Word do: the public page showed 「一行目␊二行目」 (printed, a box
/// where the line should break), and with CRLF (a session or member's copy
/// edited on Windows) 「一行目␍␊二行目」.
#[test]
fn a_remark_of_several_lines_breaks_its_lines_in_the_html() {
    use kpi_council::domain::session::{Remark, RemarkKind, Target};
    let mut session = session();
    let at = chrono::DateTime::parse_from_rfc3339("2019-05-20T14:50:00+09:00").expect("time");
    session.remarks.push(Remark::new(
        "01S09".into(),
        at,
        RemarkKind::Opinion,
        Target::Meeting,
        "一行目\r\n二行目".into(),
    ));
    session.normalize();
    let loaded = embedded::load().expect("embedded");
    let html =
        kpi_council::export::render(&loaded.dataset, &session, Format::Html, Options::default())
            .expect("render");
    let html = String::from_utf8(html).expect("utf-8");
    assert!(html.contains("一行目\n二行目"), "{html}");
    assert!(html.contains("首都圏企業6社で30人、地元企業1社で3人。\n残る3人は市の調査による。"));
    assert!(!html.contains(['\u{240a}', '\u{240d}']), "no visible ␊ or ␍");
}

#[test]
fn the_xlsx_reads_back_with_numbers_as_numbers() {
    use calamine::{Data, Reader, Xlsx};
    let bytes = render(Format::Xlsx, false, false);
    let mut book: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes)).expect("xlsx");
    assert_eq!(book.sheet_names(), ["評価シート", "効果検証", "発言", "企業別内訳"]);
    let sheet = book.worksheet_range("評価シート").expect("sheet");
    let rows: Vec<Vec<Data>> = sheet.rows().map(<[Data]>::to_vec).collect();
    let find = |kpi: &str, fy: f64| {
        rows.iter()
            .find(|r| {
                r.first() == Some(&Data::String(kpi.into())) && r.get(2) == Some(&Data::Float(fy))
            })
            .unwrap_or_else(|| panic!("{kpi} {fy}"))
    };
    let m2018 = find("新規移動人数", 2018.0);
    assert_eq!(m2018[4], Data::Float(50.0));
    assert_eq!(m2018[5], Data::Float(36.0));
    assert_eq!(m2018[6], Data::Float(0.72), "the rate as a fraction shown as a percentage");
    assert_eq!(m2018[7], Data::String("未達成".into()));
    assert_eq!(m2018[8], Data::String("地方創生に効果があった".into()));
    let p2016 = find("新規参加企業数", 2016.0);
    assert_eq!(p2016[4], Data::Empty, "no target is an empty cell, not 0");
    assert_eq!(p2016[5], Data::Float(3.0));

    let remarks = book.worksheet_range("発言").expect("remarks");
    let texts: Vec<String> =
        remarks.rows().skip(1).filter_map(|r| r.get(4).map(ToString::to_string)).collect();
    assert_eq!(texts.len(), 9, "every live remark, deleted ones not: {texts:?}");
    assert!(texts.iter().any(|t| t.contains("<script>alert(1)</script>")), "stored as text");

    let breakdown = book.worksheet_range("企業別内訳").expect("breakdown");
    let sum: f64 = breakdown
        .rows()
        .skip(1)
        .filter(|r| r[0] == Data::String("新規移動人数".into()) && r[1] == Data::Float(2018.0))
        .filter_map(|r| calamine::DataType::get_float(&r[5]))
        .sum();
    assert!((sum - 36.0).abs() < 1e-9, "the breakdown adds up to the actual: {sum}");
}

/// Every sheet of a workbook, cell by cell.
pub fn sheets(xlsx: Vec<u8>) -> Vec<(String, Vec<Vec<calamine::Data>>)> {
    use calamine::{Reader, Xlsx};
    let mut book: Xlsx<_> = Xlsx::new(std::io::Cursor::new(xlsx)).expect("xlsx");
    book.sheet_names()
        .into_iter()
        .map(|name| {
            let range = book.worksheet_range(&name).expect("sheet");
            (name, range.rows().map(<[calamine::Data]>::to_vec).collect())
        })
        .collect()
}

/// The minutes made for the xlsx alone leave out the items' breakdown
/// tables (its own sheet lists every record) and nothing else: the same
/// items, an item whose breakdown was only looked at still among them, and
/// the same workbook cell for cell.
#[test]
fn minutes_for_the_xlsx_alone_leave_out_the_tables_and_nothing_else() {
    use kpi_council::domain::session::ItemRef;
    use kpi_council::export::{minutes_for, render_minutes, wording::Wording};
    let loaded = embedded::load().expect("embedded");
    let data = &loaded.dataset;
    let mut session = session();
    // An item nobody spoke of, its breakdown shown: it stands in the
    // minutes for its breakdown alone.
    let before = minutes_for(data, &session, Options::default(), &[Format::Md]);
    let (kpi, fy) = data
        .plan
        .kpis
        .iter()
        .flat_map(|k| data.plan.fiscal_years.iter().map(move |fy| (k, *fy)))
        .find(|(k, fy)| {
            let heading = format!("{} {}", k.name, kpi_council::i18n::Lang::Ja.fiscal_year(*fy));
            !before.items.iter().any(|i| i.heading == heading)
        })
        .expect("an item the minutes leave out");
    let heading = format!("{} {}", kpi.name, kpi_council::i18n::Lang::Ja.fiscal_year(fy));
    session.breakdowns_shown.push(ItemRef { kpi: kpi.id.clone(), fiscal_year: fy });

    let full = minutes_for(data, &session, Options::default(), &[Format::Md]);
    let sheet_only = minutes_for(data, &session, Options::default(), &[Format::Xlsx]);
    let both = minutes_for(data, &session, Options::default(), &[Format::Xlsx, Format::Html]);
    assert_eq!(both, full, "a format that prints the tables gets them");
    let shown = full.items.iter().find(|i| i.heading == heading).expect("the item looked into");
    assert!(shown.looked_into && shown.remarks.is_empty());
    assert!(shown.breakdown.as_ref().is_some_and(|b| !b.is_empty()), "{heading}");
    assert!(sheet_only.items.iter().all(|i| i.breakdown.is_none()));
    let mut without = full.clone();
    without.tables = kpi_council::export::minutes::Tables::Omitted;
    for item in &mut without.items {
        item.breakdown = None;
    }
    assert_eq!(sheet_only, without, "only the tables differ");

    let wording = Wording::default();
    let xlsx =
        |m| render_minutes(m, data, Format::Xlsx, &wording, &std::env::temp_dir()).expect("xlsx");
    assert_eq!(sheets(xlsx(&sheet_only)), sheets(xlsx(&full)));
}

/// An item off the agenda stands in the minutes when it was spoken of or
/// its breakdown shown, and only then: not for a breakdown without a row,
/// and not in the public minutes for internal (非公開) remarks alone.
#[test]
fn an_item_off_the_agenda_stands_in_the_minutes_only_for_what_they_show() {
    use kpi_council::domain::session::ItemRef;
    use kpi_council::domain::session::remark::Target;
    use kpi_council::export::minutes::breakdown_rows;
    use kpi_council::export::minutes_for;
    use kpi_council::i18n::Lang;
    let loaded = embedded::load().expect("embedded");
    let data = &loaded.dataset;
    let base = session();
    let listed = |session: &kpi_council::domain::session::Session, public: bool| -> Vec<String> {
        let options = Options { public, anonymize: false };
        let m = minutes_for(data, session, options, &[Format::Md]);
        let sheet_only = minutes_for(data, session, options, &[Format::Xlsx]);
        let headings: Vec<String> = m.items.iter().map(|i| i.heading.clone()).collect();
        let same: Vec<String> = sheet_only.items.iter().map(|i| i.heading.clone()).collect();
        assert_eq!(headings, same, "the same items with or without the tables");
        headings
    };
    let before = listed(&base, false);
    // Items the minutes leave out, with and without breakdown rows.
    let left_out = |rows: bool| {
        data.plan
            .kpis
            .iter()
            .enumerate()
            .flat_map(|(k, kpi)| {
                data.plan.fiscal_years.iter().enumerate().map(move |(y, fy)| (k, y, kpi, *fy))
            })
            .find(|(k, y, kpi, fy)| {
                let heading = format!("{} {}", kpi.name, Lang::Ja.fiscal_year(*fy));
                !before.contains(&heading)
                    && data.ledger.cell(*k, *y).is_some()
                    && breakdown_rows(data, Lang::Ja, *k, *y).is_empty() != rows
            })
            .map(|(_, _, kpi, fy)| (kpi, fy, format!("{} {}", kpi.name, Lang::Ja.fiscal_year(fy))))
            .expect("an item left out")
    };

    let (empty, fy, heading) = left_out(false);
    let mut shown_empty = base.clone();
    shown_empty.breakdowns_shown.push(ItemRef { kpi: empty.id.clone(), fiscal_year: fy });
    assert_eq!(listed(&shown_empty, false), before, "{heading}: a breakdown with no row");

    let (kpi, fy, heading) = left_out(true);
    let mut internal = base.clone();
    let mut remark =
        internal.remarks.iter().find(|r| r.trail().deleted.is_none()).expect("a remark").clone();
    remark.id = "01J0000000000000000000TEST".into();
    remark.target = Target::Item { kpi: kpi.id.as_str().into(), fiscal_year: fy };
    remark.internal = true;
    remark.trail_mut().history.clear();
    remark.trail_mut().set_aside.clear();
    internal.remarks.push(remark);
    assert!(listed(&internal, false).contains(&heading), "{heading}: in the internal record");
    assert_eq!(
        listed(&internal, true),
        listed(&base, true),
        "{heading}: not in the public minutes"
    );
}

fn with_date(date: &str) -> kpi_council::domain::session::Session {
    let mut s = session();
    s.sheet.date = chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d").ok();
    s
}

#[test]
fn era_of_the_meeting_date() {
    let loaded = embedded::load().expect("embedded");
    let md = |date: &str| {
        String::from_utf8(
            kpi_council::export::render(
                &loaded.dataset,
                &with_date(date),
                Format::Md,
                Options::default(),
            )
            .expect("render"),
        )
        .expect("utf-8")
    };
    let heisei = md("2019-04-30");
    assert!(
        heisei.contains("**日時**：平成31年4月30日（火）14:00〜15:30（2019年4月30日）"),
        "{heisei}"
    );
    let reiwa = md("2019-05-01");
    assert!(
        reiwa.contains("**日時**：令和元年5月1日（水）14:00〜15:30（2019年5月1日）"),
        "{reiwa}"
    );
    assert!(
        reiwa.contains("達成状況（平成30年度 (2018)）"),
        "a May 2019 meeting evaluates 平成30年度"
    );
}

/// The golden session, recorded against the embedded data as it is now.
fn session_copy(dir: &Path) -> PathBuf {
    let path = dir.join("2019-05-20-北見市.ron");
    let mut s = session();
    let loaded = embedded::load().expect("embedded");
    s.data.plan = loaded.plan_source.data_ref();
    s.data.actuals = loaded.actuals_source.data_ref();
    std::fs::write(&path, session_file::to_text(&s).expect("serialize")).expect("write");
    path
}

fn bin() -> Command {
    crate::common::kpi_council()
}

/// The binary with its messages in English (the messages asserted here).
fn bin_en() -> Command {
    let mut c = bin();
    c.args(["--lang", "en"]);
    c
}

#[test]
fn export_writes_next_to_the_session_and_never_overwrites_without_force() {
    let dir = tempfile::tempdir().expect("temp dir");
    let session = session_copy(dir.path());
    let out = bin_en().arg("export").arg(&session).args(["--format", "html"]).assert().success();
    let printed = String::from_utf8(out.get_output().stdout.clone()).expect("utf-8");
    let expected = dir.path().join("2019-05-20-北見市-minutes-public.html");
    assert_eq!(Path::new(printed.trim()), expected);
    assert!(expected.exists());
    let again = bin_en().arg("export").arg(&session).args(["--format", "html"]).assert().code(2);
    let stderr = String::from_utf8(again.get_output().stderr.clone()).expect("utf-8");
    assert!(stderr.contains("the file exists; use --force to replace it"), "{stderr}");
    bin_en().arg("export").arg(&session).args(["--format", "html", "--force"]).assert().success();
    bin_en().arg("export").arg(&session).assert().success();
    assert!(dir.path().join("2019-05-20-北見市-minutes.md").exists());
}

#[test]
fn export_refuses_data_other_than_the_session_saw() {
    let dir = tempfile::tempdir().expect("temp dir");
    let actuals = dir.path().join("other.ron");
    std::fs::write(&actuals, "(version: 1, companies: [], contributions: [])").expect("write");
    let session = session_copy(dir.path());
    let export = || {
        let mut command = bin_en();
        command.arg("export").arg(&session).arg("--actuals").arg(&actuals);
        command.arg("-o").arg(dir.path().join("m.md"));
        command
    };
    let out = export().assert().code(2);
    let stderr = String::from_utf8(out.get_output().stderr.clone()).expect("utf-8");
    assert!(
        stderr.contains("the session was recorded against the actuals <embedded sample actuals>"),
        "{stderr}"
    );
    assert!(!dir.path().join("m.md").exists(), "nothing written");
    // Forced: the numbers come from the file given, so the minutes cite it,
    // and name beside it the one the meeting was recorded against.
    export().arg("--force").assert().success();
    let md = std::fs::read_to_string(dir.path().join("m.md")).expect("minutes");
    let given = kpi_council::store::dataset_files::Source::new(
        kpi_council::store::ron_file::Origin::File(actuals.clone()),
        &std::fs::read(&actuals).expect("actuals"),
    )
    .sha256;
    let recorded = kpi_council::store::embedded::load().expect("embedded").actuals_source.sha256;
    let cited = md.lines().find(|l| l.starts_with("- 実績ファイル：")).expect("the actuals cited");
    assert!(cited.contains("other.ron") && cited.contains(&given), "{cited}");
    // The program's own file in the minutes' Japanese.
    assert!(
        md.contains(&format!(
            "注意：会議はこれとは異なる実績ファイル 組込みのサンプル実績（kpi-council に同梱）（SHA-256: {recorded}）で記録されました"
        )),
        "{md}"
    );
    assert!(!md.contains("embedded"), "{md}");
}

/// A question a member gave before the meeting comes first on its item,
/// with its day; what was said at the meeting follows in time order.
#[test]
fn questions_given_beforehand_come_first_on_their_item_with_their_day() {
    use kpi_council::domain::session::{Remark, RemarkKind, Target, Trail};
    let mut session = session();
    let at = |s: &str| chrono::DateTime::parse_from_rfc3339(s).expect("time");
    let target = Target::Company { company: "m04".into() };
    session.remarks.push(Remark::new(
        "01S01".into(),
        at("2019-05-20T14:20:00+09:00"),
        RemarkKind::Opinion,
        target.clone(),
        "会議での意見".into(),
    ));
    session.remarks.push(
        Remark::new(
            "01S02".into(),
            at("2019-05-13T10:00:00+09:00"),
            RemarkKind::Question,
            target,
            "事前にお尋ねします".into(),
        )
        .with_trail(Trail { prepared_by: Some("佐藤 花子".into()), ..Trail::default() }),
    );
    session.normalize();
    let loaded = embedded::load().expect("embedded");
    let md = kpi_council::export::render(
        &loaded.dataset,
        &session,
        Format::Md,
        Options { public: false, anonymize: false },
    )
    .expect("render");
    let md = String::from_utf8(md).expect("utf-8");
    let pos = |s: &str| md.find(s).unwrap_or_else(|| panic!("{s} missing:\n{md}"));
    assert!(pos("事前にお尋ねします") < pos("会議での意見"), "{md}");
    assert!(pos("開発拠点の規模は？") < pos("会議での意見"), "both 事前質問 first");
    assert!(md.contains("- 5月13日 10:00 〔質問〕〔事前質問：佐藤 花子〕"), "{md}");
    assert!(
        md.contains("- 14:20 〔意見〕"),
        "a remark of the meeting day keeps its time only:\n{md}"
    );
}

/// An answer goes under the last question even after thousands of other
/// remarks on the item (found by index, not by looking back through them).
#[test]
fn an_answer_after_many_remarks_goes_under_the_last_question() {
    use kpi_council::domain::session::{DataRefs, Op, Remark, RemarkKind, Session, Sheet, Target};
    let loaded = embedded::load().expect("embedded");
    let plan = &loaded.dataset.plan;
    let target =
        Target::Item { kpi: plan.kpis[0].id.as_str().into(), fiscal_year: plan.fiscal_years[0] };
    let mut session = Session::new(Sheet::default(), DataRefs::default());
    let at = chrono::DateTime::parse_from_rfc3339("2019-05-20T14:00:00+09:00").expect("time");
    let mut add = |n: usize, kind: RemarkKind, text: &str| {
        let when = at + chrono::Duration::seconds(i64::try_from(n).expect("small"));
        let r = Remark::new(format!("01Q{n:023}"), when, kind, target.clone(), text.into());
        session.apply(&Op::AddRemark(r)).expect("add");
    };
    add(0, RemarkKind::Question, "最初の質問");
    add(1, RemarkKind::Question, "二つ目の質問");
    for n in 2..5_002 {
        add(n, RemarkKind::Opinion, "意見");
    }
    add(5_002, RemarkKind::Answer, "二つ目への回答");
    let m = kpi_council::export::minutes_of(&loaded.dataset, &session, Options::default());
    let item = m.items.iter().find(|i| !i.remarks.is_empty()).expect("the item");
    assert_eq!(item.remarks.len(), 5_002, "questions and opinions at the top level");
    assert_eq!(item.remarks[1].text, "二つ目の質問");
    let answers: Vec<&str> = item.remarks[1].answers.iter().map(|a| a.text.as_str()).collect();
    assert_eq!(answers, ["二つ目への回答"]);
    assert!(item.remarks[0].answers.is_empty());
}

/// A remark whose speaker was never chosen says 発言者未指定 in every
/// format, as the rest of the program words it: the Word minutes printed
/// ○未指定, the others 未指定 where the name stands.
#[test]
fn a_remark_without_a_speaker_says_so_in_every_format() {
    let mut unnamed = session();
    let remark = unnamed.remarks.iter_mut().find(|r| r.text == "最終的な文言").expect("remark");
    remark.speaker = None;
    let loaded = embedded::load().expect("embedded");
    for format in FORMATS {
        let bytes =
            kpi_council::export::render(&loaded.dataset, &unnamed, format, Options::default())
                .expect("render");
        let text = text_of(format, bytes);
        let said = match format {
            Format::Docx => "○発言者未指定　最終的な文言",
            Format::Md | Format::Html => "〔意見〕発言者未指定：",
            Format::Xlsx => "発言者未指定",
        };
        assert!(text.contains(said), "{format:?}:\n{text}");
        assert!(!text.contains("○未指定") && !text.contains("〕未指定"), "{format:?}:\n{text}");
    }
}
