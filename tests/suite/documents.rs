//! The documents the city files, opened with the software a clerk uses:
//! the Word minutes and the xlsx sheet converted to PDF by LibreOffice
//! (`soffice --headless --convert-to pdf`), the HTML printed to A4 by
//! headless Chromium, and the pages read back with `pdftotext`. A test
//! whose tool is missing says so and passes: `.ci/run` installs them.
//! The Word text extract of the embedded sample is golden (reviewed by
//! reading it as a clerk would; regenerate with
//! `UPDATE_GOLDEN=1 cargo test documents::`).

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;

use kpi_council::domain::session::{Attendee, Role, Session};
use kpi_council::export::minutes::Options;
use kpi_council::export::write::Format;
use kpi_council::store::embedded;
use kpi_council::store::session_file;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The golden session, with what a 議事録 adds: an absent member, the
/// documents handed out, the next meeting and a signer.
fn session() -> Session {
    let mut s =
        session_file::load(&root().join("tests/data/golden-session.ron")).expect("golden session");
    s.sheet.materials =
        vec!["資料1 平成30年度KPI実績一覧".into(), "資料2 企業別内訳（新規移動人数）".into()];
    s.sheet.next_meeting = "令和2年5月頃（日程は事務局から別途連絡）".into();
    for a in &mut s.sheet.attendees {
        a.signer = a.id == "a2";
    }
    let mut absent = Attendee::new("a6", "伊藤 四郎", "サンプル観光協会", Role::Member);
    absent.absent = true;
    s.sheet.attendees.push(absent);
    s
}

fn render(format: Format, public: bool) -> Vec<u8> {
    let loaded = embedded::load().expect("embedded");
    kpi_council::export::render(
        &loaded.dataset,
        &session(),
        format,
        Options { public, anonymize: public },
    )
    .expect("render")
}

/// Whether a program is on the PATH; if not, says which test it skips.
pub fn have(tool: &str, test: &str) -> bool {
    let found = Command::new("sh")
        .args(["-c", &format!("command -v {tool}")])
        .output()
        .is_ok_and(|o| o.status.success());
    if !found {
        eprintln!("skipped {test}: {tool} is not installed (see README, Document tests)");
    }
    found
}

/// The PDF LibreOffice makes of `file`, with a profile of its own so that
/// tests running at once do not share one.
pub fn soffice_pdf(file: &Path) -> PathBuf {
    let dir = file.parent().expect("dir");
    let profile = dir.join("lo-profile");
    let status = Command::new("soffice")
        // Its settings and caches in the test's folder, not the home's.
        .env("HOME", dir)
        .arg(format!("-env:UserInstallation=file://{}", profile.display()))
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(dir)
        .arg(file)
        .output()
        .expect("run soffice");
    assert!(status.status.success(), "soffice: {}", String::from_utf8_lossy(&status.stderr));
    let pdf = file.with_extension("pdf");
    assert!(pdf.exists(), "soffice wrote no PDF: {}", String::from_utf8_lossy(&status.stderr));
    pdf
}

/// The PDF headless Chromium prints of the page `file` (A4, as a clerk
/// prints it), with a profile of its own in the file's folder.
pub fn chromium_pdf(file: &Path) -> PathBuf {
    let dir = file.parent().expect("dir");
    let pdf = file.with_extension("pdf");
    let out = Command::new("chromium")
        // Its crash reports and settings in the test's folder, not the home's.
        .env("HOME", dir)
        .args(["--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer"])
        .arg(format!("--user-data-dir={}", dir.join("profile").display()))
        .arg(format!("--print-to-pdf={}", pdf.display()))
        .arg(format!("file://{}", file.display()))
        .output()
        .expect("run chromium");
    assert!(pdf.exists(), "chromium wrote no PDF: {}", String::from_utf8_lossy(&out.stderr));
    pdf
}

/// The text of each page, in order.
pub fn pdf_pages(pdf: &Path, layout: bool) -> Vec<String> {
    let mut cmd = Command::new("pdftotext");
    if layout {
        cmd.arg("-layout");
    }
    let out = cmd.arg(pdf).arg("-").output().expect("run pdftotext");
    assert!(out.status.success(), "pdftotext failed");
    let text = String::from_utf8(out.stdout).expect("utf-8");
    let mut pages: Vec<String> = text.split('\u{c}').map(str::to_string).collect();
    if pages.last().is_some_and(|p| p.trim().is_empty()) {
        pages.pop();
    }
    pages
}

/// Text with every kind of white space removed: PDF text puts spaces
/// between Japanese and digits and breaks lines where the page did.
fn squeeze(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Each of `expected` is found after the one before it.
fn assert_in_order(text: &str, expected: &[&str]) {
    let text = squeeze(text);
    let mut from = 0;
    for e in expected {
        let e = squeeze(e);
        match text[from..].find(&e) {
            Some(i) => from += i + e.len(),
            None => panic!("{e:?} not found after position {from} in:\n{text}"),
        }
    }
}

/// The paragraphs of a .docx in order, one a line; a table row as
/// `| cell | cell |`; a line break inside a paragraph as `⏎`.
pub fn docx_text(bytes: &[u8]) -> String {
    use quick_xml::events::Event;
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip");
    let mut xml = String::new();
    zip.by_name("word/document.xml").expect("document.xml").read_to_string(&mut xml).expect("xml");
    let mut reader = quick_xml::Reader::from_str(&xml);
    let (mut out, mut para, mut cells) = (String::new(), String::new(), Vec::<String>::new());
    let (mut in_text, mut in_cell) = (false, false);
    loop {
        match reader.read_event().expect("xml event") {
            Event::Start(e) if e.name().0 == "w:t" => in_text = true,
            Event::End(e) if e.name().0 == "w:t" => in_text = false,
            Event::Text(t) if in_text => para.push_str(&t.xml10_content()),
            Event::GeneralRef(r) if in_text => {
                if let Ok(Some(c)) = r.resolve_char_ref() {
                    para.push(c);
                    continue;
                }
                let c = match r.as_ref() {
                    "lt" => "<",
                    "gt" => ">",
                    "amp" => "&",
                    "quot" => "\"",
                    "apos" => "'",
                    _ => "?",
                };
                para.push_str(c);
            }
            Event::Empty(e) if e.name().0 == "w:br" => para.push('⏎'),
            Event::Start(e) if e.name().0 == "w:tc" => {
                in_cell = true;
                cells.push(String::new());
            }
            Event::End(e) if e.name().0 == "w:tc" => in_cell = false,
            Event::End(e) if e.name().0 == "w:tr" => {
                out.push_str(&format!("| {} |\n", cells.join(" | ")));
                cells.clear();
            }
            Event::End(e) if e.name().0 == "w:p" => {
                let p = std::mem::take(&mut para);
                if in_cell {
                    if let Some(c) = cells.last_mut() {
                        c.push_str(&p);
                    }
                } else {
                    out.push_str(&p);
                    out.push('\n');
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    out
}

#[test]
fn golden_docx_text() {
    let actual = docx_text(&render(Format::Docx, false));
    let path = root().join("tests/golden/minutes-docx.txt");
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&path, &actual).expect("write golden");
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        expected == actual,
        "{} differs from the golden file; review the change and run with UPDATE_GOLDEN=1",
        path.display()
    );
}

/// The KPI items' （n） under the KPIs' 議題 of a format's minutes.
fn item_numbers(format: Format) -> Vec<String> {
    let text = crate::minutes::text_of(format, render(format, false));
    let body = match format {
        Format::Docx => &text[text.find("議事の経過").expect("議事の経過")..],
        _ => &text[text.find("審議の内容").expect("審議の内容")..],
    };
    body.lines()
        .map(|l| l.trim_start_matches("#### ").trim_start_matches("<h4>").trim_end_matches("</h4>"))
        .filter(|l| {
            l.strip_prefix('（')
                .and_then(|r| r.split_once('）'))
                .is_some_and(|(n, _)| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()))
        })
        .map(str::to_string)
        .collect()
}

/// A reader comparing the Word minutes with the web page finds the same
/// （n） for the same KPI item. Word numbered only the items spoken of,
/// judged or looked into (its （2） was 進出企業数 while the Markdown's
/// and the HTML's （2） was 新規参加企業数 平成30年度); every format now
/// numbers every item under the KPIs' 議題, as the README says.
#[test]
fn every_format_gives_the_same_kpi_item_the_same_number() {
    let md = item_numbers(Format::Md);
    assert!(md.contains(&"（2）新規参加企業数 平成30年度 (2018)".to_string()), "{md:?}");
    assert_eq!(item_numbers(Format::Html), md);
    assert_eq!(item_numbers(Format::Docx), md);
}

#[test]
fn the_public_docx_leaves_out_what_is_internal_and_names_staff_by_role() {
    let text = docx_text(&render(Format::Docx, true));
    assert!(!text.contains("個別企業の事情"), "an internal remark");
    assert!(!text.contains("内部検討中"), "an internal judgment");
    // 事業の効果検証 lists every public judgment, the items' too.
    assert!(
        text.contains("【評価】新規移動人数 平成30年度 (2018)：地方創生に効果があった"),
        "{text}"
    );
    assert!(!text.contains("内部資料"), "no internal banner");
    assert!(text.contains("○事務局（北見市商工観光部）"), "staff by role and affiliation");
    assert!(text.contains("○委員（佐藤）"), "members by name");
    assert!(!text.contains("14:12"), "statements carry no clock times");
}

/// The public Word minutes name no file on the office's computers, as the
/// public HTML does not: a path (here with a clerk's user name) stood under
/// 記録について. The internal ones keep it.
#[test]
fn the_public_docx_names_no_data_file_path() {
    let loaded = embedded::load().expect("embedded");
    let mut s = session();
    s.data.actuals.path = "C:\\Users\\suzuki.ichiro\\Desktop\\実績_最終版.ron".into();
    let text = |public| {
        docx_text(
            &kpi_council::export::render(
                &loaded.dataset,
                &s,
                Format::Docx,
                Options { public, anonymize: false },
            )
            .expect("render"),
        )
    };
    let public = text(true);
    assert!(!public.contains("suzuki") && !public.contains("ファイル："), "{public}");
    assert!(
        public.contains("実績：事務局がとりまとめた実績（2019年5月20日の会議資料）"),
        "{public}"
    );
    assert!(public.contains("実績 SHA-256: 6c97e648"), "the hash still says which data");
    assert!(text(false).contains("実績ファイル：C:\\Users\\suzuki.ichiro"), "internal");
}

#[test]
fn docx_minutes_open_in_libreoffice_with_the_text_in_order() {
    if !have("soffice", "docx_minutes_open_in_libreoffice") || !have("pdftotext", "docx") {
        return;
    }
    let dir = tempfile::tempdir().expect("dir");
    let file = dir.path().join("minutes.docx");
    std::fs::write(&file, render(Format::Docx, false)).expect("write");
    let pages = pdf_pages(&soffice_pdf(&file), false);
    let n = pages.len();
    assert!(n >= 2, "the sample minutes run to more than a page: {n}");
    for (i, page) in pages.iter().enumerate() {
        assert!(squeeze(page).contains(&format!("{}/{n}", i + 1)), "page {} numbered", i + 1);
    }
    assert_in_order(
        &pages.concat(),
        &[
            "内部資料",
            "令和元年度 第1回 北見地域企業立地促進協議会 議事録",
            "日時",
            "出席者",
            "欠席者",
            "伊藤 四郎",
            "配布資料",
            "資料1 平成30年度KPI実績一覧",
            "議題",
            "14時00分、山田会長が開会を宣言した。",
            "○会長（山田）",
            "本日は平成30年度の実績について審議する。",
            "重要業績評価指標（KPI）の達成状況",
            "新規移動人数",
            "50人",
            "36人",
            "72.0%",
            "○委員（佐藤）",
            "その36人の内訳は？",
            "○事務局（鈴木）",
            "首都圏企業6社で30人",
            "決定事項",
            "平成30年度の評価は原案のとおりとする。",
            "要対応事項",
            "次回開催",
            "令和2年5月頃",
            "15時30分、山田会長が閉会を宣言した。",
            "議事録署名人 委員 佐藤 花子",
        ],
    );
}

/// Printed by LibreOffice, the Word minutes show every rate of their
/// tables on one line: 150.0% (計画期間の達成状況) was printed as 150.0
/// above %, the column sized as if % were as narrow as a digit.
#[test]
fn the_word_minutes_print_every_rate_whole() {
    if !have("soffice", "the_word_minutes_print_every_rate_whole")
        || !have("pdftotext", "the_word_minutes_print_every_rate_whole")
    {
        return;
    }
    let dir = tempfile::tempdir().expect("dir");
    let file = dir.path().join("minutes.docx");
    std::fs::write(&file, render(Format::Docx, false)).expect("write");
    let lines: Vec<String> = pdf_pages(&soffice_pdf(&file), true)
        .iter()
        .flat_map(|p| p.lines().map(squeeze).collect::<Vec<_>>())
        .collect();
    for rate in ["72.0%", "110.0%", "200.0%", "81.8%", "95.0%", "150.0%", "25.0%", "12.5%"] {
        assert!(
            lines.iter().any(|l| l.contains(rate)),
            "{rate} is not whole on any printed line:\n{}",
            lines.join("\n")
        );
    }
}

/// The text of every heading of an HTML page, tags removed.
fn html_headings(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    for level in ["<h2", "<h3", "<h4", "<h5"] {
        for (i, _) in html.match_indices(level) {
            let Some(open_end) = html[i..].find('>') else { continue };
            let start = i + open_end + 1;
            let Some(len) = html[start..].find("</h") else { continue };
            let mut text = String::new();
            let mut in_tag = false;
            for c in html[start..start + len].chars() {
                match c {
                    '<' => in_tag = true,
                    '>' => in_tag = false,
                    c if !in_tag => text.push(c),
                    _ => {}
                }
            }
            out.push(text.replace("&amp;", "&"));
        }
    }
    out
}

#[test]
fn printed_html_leaves_no_heading_at_a_page_end() {
    if !have("chromium", "printed_html") || !have("pdftotext", "printed_html") {
        return;
    }
    let dir = tempfile::tempdir().expect("dir");
    let html = render(Format::Html, true);
    let file = dir.path().join("minutes.html");
    std::fs::write(&file, &html).expect("write");
    let pdf = chromium_pdf(&file);
    let headings: Vec<String> = html_headings(&String::from_utf8(html).expect("utf-8"))
        .iter()
        .map(|h| squeeze(h))
        .collect();
    assert!(headings.iter().any(|h| h == "発言"), "headings read: {headings:?}");
    let pages = pdf_pages(&pdf, false);
    assert!(pages.len() >= 3, "the sample minutes print on several pages: {}", pages.len());
    for (i, page) in pages.iter().enumerate().take(pages.len() - 1) {
        let last = page.lines().rev().map(squeeze).find(|l| !l.is_empty()).unwrap_or_default();
        assert!(
            !headings.iter().any(|h| !last.is_empty() && h.ends_with(&last)),
            "page {} ends with the heading {last:?}",
            i + 1
        );
    }
    // The first page carries the outline and the KPI table, not the outline alone.
    assert_in_order(&pages[0], &["開催概要", "重要業績評価指標（KPI）の達成状況", "新規移動人数"]);
    // A number and its unit never part.
    let all = pages.concat();
    assert!(!all.contains("36\n人") && !all.contains("50\n人"), "a number split from its unit");
}

#[test]
fn the_effect_verification_sheet_has_one_row_per_kpi_with_the_councils_verdict() {
    use calamine::{Data, Reader, Xlsx};
    let mut book: Xlsx<_> =
        Xlsx::new(std::io::Cursor::new(render(Format::Xlsx, false))).expect("xlsx");
    let sheet = book.worksheet_range("効果検証").expect("sheet");
    let rows: Vec<Vec<Data>> = sheet.rows().map(<[Data]>::to_vec).collect();
    let header = rows.iter().position(|r| r.first() == Some(&Data::String("No.".into())));
    let header = header.expect("a header row");
    let titles: Vec<String> = rows[header].iter().map(ToString::to_string).collect();
    assert_eq!(
        titles,
        [
            "No.",
            "重要業績評価指標（KPI）",
            "目標値",
            "実績値",
            "達成率",
            "事業の効果",
            "今後の方針",
            "意見"
        ]
    );
    let body = &rows[header + 1..];
    assert_eq!(body[0][1], Data::String("新規移動人数（人）".into()));
    assert_eq!((&body[0][2], &body[0][3]), (&Data::Float(50.0), &Data::Float(36.0)));
    assert_eq!(body[0][4], Data::Float(0.72));
    assert_eq!(body[0][5], Data::String("地方創生に効果があった".into()));
    assert_eq!(body[0][6], Data::String("改善して継続".into()));
    assert!(body[0][7].to_string().starts_with("目標に届かなかった\n"), "{}", body[0][7]);
    assert_eq!(body[3][1], Data::String("計画全体".into()));
    assert_eq!(body.len(), 4, "three KPIs and the plan as a whole");
}

/// The 意見 column of 効果検証 holds the council's opinions (会長 and 委員),
/// to paste into the city's report as the council's: it took every
/// speaker's, the secretariat's explanation and an observer's too, and
/// the city's report would have printed them as the council's verdict.
#[test]
fn the_verification_sheet_gives_the_councils_opinions_only() {
    use kpi_council::domain::fiscal::FiscalYear;
    use kpi_council::domain::session::{Remark, RemarkKind, Target};
    let mut s = session();
    let at = chrono::DateTime::parse_from_rfc3339("2019-05-20T14:22:00+09:00").expect("time");
    let item = Target::Item { kpi: "新規移動人数".into(), fiscal_year: FiscalYear(2018) };
    for (id, speaker, text) in [
        ("01R20", Some("a4"), "事務局としては来年度も同じ事業を続けたい。"),
        ("01R21", Some("a5"), "北海道としても支援を検討する。"),
        ("01R22", None, "誰の発言か記録されていない意見。"),
        ("01R23", Some("a1"), "定着率も見ていくべきだ。"),
    ] {
        let mut r = Remark::new(id.into(), at, RemarkKind::Opinion, item.clone(), text.to_string());
        r.speaker = speaker.map(Into::into);
        s.remarks.push(r);
    }
    let loaded = embedded::load().expect("embedded");
    let xlsx = kpi_council::export::render(&loaded.dataset, &s, Format::Xlsx, Options::default())
        .expect("xlsx");
    let (_, rows) = crate::minutes::sheets(xlsx)
        .into_iter()
        .find(|(name, _)| name == "効果検証")
        .expect("the 効果検証 sheet");
    let row = rows.iter().find(|r| r[1] == "新規移動人数（人）").expect("its row");
    let opinion = row[7].to_string();
    assert!(opinion.starts_with("目標に届かなかった\n"), "the judgment's reason first: {opinion}");
    assert!(opinion.contains("# 見出しではない"), "a member's: {opinion}");
    assert!(opinion.contains("定着率も見ていくべきだ。"), "the chair's: {opinion}");
    for not in ["事務局としては", "北海道としても", "誰の発言か"] {
        assert!(!opinion.contains(not), "{not}: {opinion}");
    }
    // Every remark still stands on the 発言 sheet.
    let all = crate::minutes::text_of(
        Format::Xlsx,
        kpi_council::export::render(&loaded.dataset, &s, Format::Xlsx, Options::default())
            .expect("xlsx"),
    );
    for said in ["事務局としては", "北海道としても", "誰の発言か"] {
        assert!(all.contains(said), "{said}");
    }
}

#[test]
fn the_xlsx_prints_each_table_one_page_wide_with_titles_and_page_numbers() {
    if !have("soffice", "the_xlsx_prints") || !have("pdftotext", "the_xlsx_prints") {
        return;
    }
    let dir = tempfile::tempdir().expect("dir");
    let file = dir.path().join("sheet.xlsx");
    std::fs::write(&file, render(Format::Xlsx, false)).expect("write");
    let pdf = soffice_pdf(&file);
    let info = Command::new("pdfinfo").arg(&pdf).output().map(|o| o.stdout).unwrap_or_default();
    let info = String::from_utf8_lossy(&info);
    if !info.is_empty() {
        assert!(info.contains("841.89 x 595.3"), "A4 landscape: {info}");
    }
    let pages = pdf_pages(&pdf, true);
    let n = pages.len();
    for (i, page) in pages.iter().enumerate() {
        // A page cut off the right of a table would start at a middle column.
        let first = ["指標", "No.", "時刻"].iter().any(|h| page.contains(h));
        assert!(first, "page {} holds the table's first column:\n{page}", i + 1);
        assert!(squeeze(page).contains(&format!("{}/{n}", i + 1)), "page {} numbered", i + 1);
        assert!(page.contains("内部資料"), "page {} says it is internal", i + 1);
        assert!(squeeze(page).contains("2019年5月20日"), "page {} dated", i + 1);
    }
    // The KPI table's header row on one line: one page wide.
    let row = pages[0].lines().find(|l| l.contains("指標")).expect("header row");
    for title in ["単位", "目標", "実績", "達成率", "効果", "今後の方針", "理由", "種類"]
    {
        assert!(row.contains(title), "{title} beside 指標 on one line: {row}");
    }
    assert_in_order(
        &pages[0],
        &["新規移動人数", "50", "36", "72.0%", "未達成", "地方創生に効果があった"],
    );
    assert_in_order(&pages.concat(), &["効果検証", "No.", "新規移動人数（人）", "改善して継続"]);
}

/// Printed by LibreOffice, which keeps a workbook's rows at one line
/// whatever they hold, the xlsx showed the first line of a wrapped cell
/// only: the plan-period note （※目標のない平成28年度の実績は含めず）, the
/// plan's judgment and a remark's second line were lost. Every one is there
/// whole now, each row as tall as its tallest cell.
#[test]
fn the_xlsx_prints_every_wrapped_text_whole() {
    if !have("soffice", "the_xlsx_prints_every_wrapped_text_whole")
        || !have("pdftotext", "the_xlsx_prints_every_wrapped_text_whole")
    {
        return;
    }
    let dir = tempfile::tempdir().expect("dir");
    let file = dir.path().join("sheet.xlsx");
    std::fs::write(&file, render(Format::Xlsx, false)).expect("write");
    let pages = pdf_pages(&soffice_pdf(&file), false);
    let sheet = |name: &str| pages.iter().find(|p| p.contains(name)).expect(name).clone();
    let evaluation = squeeze(&sheet("評価シート"));
    let verification = squeeze(&sheet("効果検証"));
    let remarks = squeeze(&sheet("時刻"));
    let note = "計画期間（合計）（※目標のない平成28年度の実績は含めず）";
    let reason = "新規移動人数は未達成だが参加企業数と進出企業数は目標を上回った。";
    for (page, text) in [
        (&evaluation, note),
        (&evaluation, reason),
        (&verification, reason),
        (&verification, "<script>alert(1)</script>"),
        (&remarks, "残る3人は市の調査による。"),
    ] {
        assert!(page.contains(&squeeze(text)), "{text} is not printed whole in:\n{page}");
    }
}

/// Printed by LibreOffice, a remark of several lines began at the top of
/// its row while its time, speaker and kind sat at the bottom (the cells
/// were aligned as a spreadsheet leaves them): the answer at 14:13 read as
/// a second line of the question at 14:12, and the opinion at 14:15 as
/// blank. And a company's long name was cut at the edge of its column on
/// the breakdown sheet. Each remark starts on the line of its time now, and
/// every name is printed whole.
#[test]
fn the_xlsx_prints_each_remark_beside_its_time_and_every_name_whole() {
    let test = "the_xlsx_prints_each_remark_beside_its_time";
    if !have("soffice", test) || !have("pdftotext", test) {
        return;
    }
    let dir = tempfile::tempdir().expect("dir");
    let file = dir.path().join("sheet.xlsx");
    std::fs::write(&file, render(Format::Xlsx, false)).expect("write");
    let pages = pdf_pages(&soffice_pdf(&file), true);
    let line_of = |time: &str| {
        pages
            .iter()
            .flat_map(|p| p.lines())
            .find(|l| l.trim_start().starts_with(time))
            .map_or_else(|| panic!("no line starts with {time}:\n{}", pages.concat()), squeeze)
    };
    for (time, speaker, first_line) in [
        ("14:12", "佐藤花子（委員）", "その36人の内訳は？"),
        ("14:13", "鈴木一郎（事務局）", "首都圏企業6社で30人、地元企業1社で3人。"),
        ("14:15", "高橋次郎（委員）", "#見出しではない"),
    ] {
        let line = line_of(time);
        assert!(
            line.contains(speaker) && line.contains(first_line),
            "{time}: {speaker} and {first_line} on one printed line: {line}"
        );
    }
    let name = "株式会社サンプルコンサルティング・アンド・デジタルトランスフォーメーション・パートナーズ東日本";
    // On one printed line, or wrapped: its start ending a line and the
    // rest on the next.
    let lines: Vec<String> = pages.iter().flat_map(|p| p.lines()).map(squeeze).collect();
    let whole = lines.iter().any(|l| l.contains(name))
        || lines.windows(2).any(|two| {
            name.char_indices()
                .skip(1)
                .any(|(k, _)| two[0].contains(&name[..k]) && two[1].contains(&name[k..]))
        });
    assert!(whole, "{name} printed whole in:\n{}", lines.join("\n"));
}

/// A remark of some 1,600 Japanese characters, printed from the workbook
/// by LibreOffice: a row is never taller than 409 pt, and the 発言 and
/// 効果検証 sheets printed the first 600 characters or so and cut the rest
/// (the 発言（続き） columns only take what is past a cell's 32,767
/// characters). The remark goes on in rows below its own now, and every
/// sentence of it is printed, on both sheets.
#[test]
fn the_xlsx_prints_a_long_remark_whole() {
    use kpi_council::domain::fiscal::FiscalYear;
    use kpi_council::domain::session::{Remark, RemarkKind, Target};
    if !have("soffice", "the_xlsx_prints_a_long_remark_whole")
        || !have("pdftotext", "the_xlsx_prints_a_long_remark_whole")
    {
        return;
    }
    let sentence = |i: usize| format!("第{i}の論点として地元企業の採用状況と定着率を確かめたい。");
    let long: String = (1..=60).map(sentence).collect();
    assert!(long.chars().count() > 1500);
    let mut s = session();
    let at = chrono::DateTime::parse_from_rfc3339("2019-05-20T14:16:00+09:00").expect("time");
    let item = Target::Item { kpi: "新規移動人数".into(), fiscal_year: FiscalYear(2018) };
    let mut r = Remark::new("01LONG".into(), at, RemarkKind::Opinion, item, long.clone());
    r.speaker = Some("a3".into());
    s.remarks.push(r);
    let loaded = embedded::load().expect("embedded");
    let xlsx = kpi_council::export::render(&loaded.dataset, &s, Format::Xlsx, Options::default())
        .expect("xlsx");
    let dir = tempfile::tempdir().expect("dir");
    let file = dir.path().join("sheet.xlsx");
    std::fs::write(&file, xlsx).expect("write");
    let pages = pdf_pages(&soffice_pdf(&file), false);
    // The printed lines of the remark: those of its characters alone (a
    // page's header, footer and header row, a figure and the columns of a
    // continuation row left out), read in order.
    let own: std::collections::HashSet<char> = long.chars().collect();
    let printed: String = pages
        .iter()
        .flat_map(|p| p.lines())
        .map(squeeze)
        .filter(|l| l.chars().all(|c| own.contains(&c)) && !l.chars().all(|c| c.is_ascii_digit()))
        .collect();
    // Every character, in order: once on the 発言 sheet, once in the
    // 効果検証 意見 column.
    assert_eq!(printed.matches(&long).count(), 2, "printed:\n{printed}");
    let all = squeeze(&pages.concat());
    assert!(all.contains("意見（続き）") && all.contains("新規移動人数（人）（続き）"), "{all}");
}

#[test]
fn summary_csv_for_excel_has_a_bom_and_crlf() {
    for companies in [false, true] {
        let mut cmd = crate::common::kpi_council();
        cmd.args(["summary", "--format", "csv", "--excel"]);
        if companies {
            cmd.arg("--companies");
        }
        let out = cmd.assert().success().get_output().stdout.clone();
        assert!(out.starts_with("\u{feff}kpi,".as_bytes()), "a BOM, then the header");
        let text = String::from_utf8(out).expect("utf-8");
        let lines: Vec<&str> = text.split_inclusive('\n').collect();
        assert!(lines.len() > 5);
        assert!(lines.iter().all(|l| l.ends_with("\r\n")), "CRLF on every record");
        assert!(text.contains("新規移動人数"), "Japanese as UTF-8");
    }
    // Without --excel the CSV stays as scripts read it.
    let plain =
        crate::common::kpi_council().args(["summary", "--format", "csv"]).assert().success();
    assert!(plain.get_output().stdout.starts_with(b"kpi,"));
    crate::common::kpi_council()
        .args(["summary", "--format", "json", "--excel"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("--excel"));
}

#[test]
fn summary_as_xlsx_holds_the_same_table_with_numbers_as_numbers() {
    use calamine::{Data, Reader, Xlsx};
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("kpi.xlsx");
    crate::common::kpi_council()
        .args(["summary", "--format", "xlsx", "-o"])
        .arg(&path)
        .assert()
        .success();
    let csv = crate::common::kpi_council().args(["summary", "--format", "csv"]).assert().success();
    let csv = String::from_utf8(csv.get_output().stdout.clone()).expect("utf-8");
    let mut book: Xlsx<_> = calamine::open_workbook(&path).expect("xlsx");
    let sheet = book.worksheet_range("KPI").expect("sheet");
    let rows: Vec<Vec<Data>> = sheet.rows().map(<[Data]>::to_vec).collect();
    assert_eq!(rows.len(), csv.lines().count(), "one row per CSV record");
    let header: Vec<String> = rows[0].iter().map(ToString::to_string).collect();
    assert_eq!(header.join(","), csv.lines().next().expect("header"));
    let m2018 = rows
        .iter()
        .find(|r| r[0] == Data::String("新規移動人数".into()) && r[3] == Data::Float(2018.0))
        .expect("新規移動人数 2018");
    assert_eq!((&m2018[5], &m2018[6]), (&Data::Float(50.0), &Data::Float(36.0)));
    crate::common::kpi_council().args(["summary", "--format", "xlsx"]).assert().code(2);
    crate::common::kpi_council()
        .args(["summary", "--format", "xlsx", "-o"])
        .arg(&path)
        .assert()
        .code(2)
        .stderr(predicates::str::contains("--force"));
}

/// The companies' workbook is made from their table as it is written (on
/// the other core): every row of the CSV is in it, and a table that
/// cannot be made leaves no workbook, with the table's own error. Every
/// format written to a file likewise.
#[test]
fn the_companies_workbook_holds_every_row_and_a_failed_table_writes_none() {
    use calamine::{Data, Reader, Xlsx};
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("companies.xlsx");
    let args = ["summary", "--companies", "--format"];
    crate::common::kpi_council().args(args).arg("xlsx").arg("-o").arg(&path).assert().success();
    let csv = crate::common::kpi_council().args(args).arg("csv").assert().success();
    let csv = String::from_utf8(csv.get_output().stdout.clone()).expect("utf-8");
    let mut book: Xlsx<_> = calamine::open_workbook(&path).expect("xlsx");
    let sheet = book.worksheet_range("企業別内訳").expect("sheet");
    let rows: Vec<Vec<Data>> = sheet.rows().map(<[Data]>::to_vec).collect();
    assert_eq!(rows.len(), csv.lines().count(), "one row per CSV record");
    let last = csv.lines().last().expect("a row");
    let company_id = rows[rows.len() - 1][7].to_string();
    assert!(!company_id.is_empty() && last.contains(&format!(",{company_id},")), "{last}");
    let failed = dir.path().join("none.xlsx");
    crate::common::kpi_council()
        .args(args)
        .arg("xlsx")
        .arg("-o")
        .arg(&failed)
        .args(["--kpi", "無い指標"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("無い指標"));
    assert!(!failed.exists(), "no workbook for a table that failed");
    // Every format goes into its file as it is made: one that fails with
    // --force leaves the file there as it was.
    let kept = dir.path().join("kept.json");
    std::fs::write(&kept, "前の内容").expect("write");
    for format in ["json", "csv", "table"] {
        crate::common::kpi_council()
            .args(args)
            .arg(format)
            .arg("-o")
            .arg(&kept)
            .args(["--force", "--kpi", "無い指標"])
            .assert()
            .code(2)
            .stderr(predicates::str::contains("無い指標"));
        assert_eq!(std::fs::read_to_string(&kept).expect("read"), "前の内容", "{format}");
    }
    // Nor does the CSV for Excel write its byte-order mark for a table that
    // failed before its first row.
    let none = crate::common::kpi_council()
        .args(args)
        .arg("csv")
        .args(["--excel", "--kpi", "無い指標"])
        .assert();
    assert!(none.code(2).get_output().stdout.is_empty(), "nothing on stdout");
    let json = crate::common::kpi_council().args(args).arg("json").assert().success();
    crate::common::kpi_council()
        .args(args)
        .arg("json")
        .arg("-o")
        .arg(&kept)
        .arg("--force")
        .assert()
        .success();
    assert_eq!(
        std::fs::read(&kept).expect("read"),
        json.get_output().stdout,
        "the file is stdout's"
    );
}

/// `tests/data/excel`: counts in the millions, 千円 with decimals, a
/// rate KPI in %, a KPI name longer than a column.
fn excel_data() -> [String; 4] {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data/excel");
    let plan = dir.join("plan.ron").display().to_string();
    let actuals = dir.join("actuals.ron").display().to_string();
    ["--plan".into(), plan, "--actuals".into(), actuals]
}

/// The figures of `summary`'s text table (or `--companies`'), in order:
/// every cell holding a digit after the first two (the names and kinds),
/// the fiscal years and dates left out.
fn screen_figures(companies: bool) -> Vec<String> {
    let mut cmd = crate::common::kpi_council();
    cmd.args(excel_data()).arg("summary");
    if companies {
        cmd.arg("--companies");
    }
    let out = cmd.assert().success().get_output().stdout.clone();
    let text = String::from_utf8(out).expect("utf-8");
    let figure = |cell: &&str| {
        cell.starts_with(|c: char| c.is_ascii_digit())
            && !cell.contains("年度")
            && !cell.starts_with('R')
            && cell.contains(|c: char| "人%円,".contains(c))
    };
    text.lines()
        // The plan-period totals and the items' 合計 are not rows of the
        // workbooks.
        .filter(|l| !l.contains("計画期間") && !l.trim_start().starts_with("合計"))
        .filter(|l| !l.contains("  実績 "))
        .flat_map(|l| {
            l.split("  ").map(str::trim).filter(figure).map(String::from).collect::<Vec<_>>()
        })
        .collect()
}

/// The summary workbooks show each figure as `summary` does (12,000人,
/// 123,456.5千円, 95.5% for a rate KPI, a rate or share as 98.7%), not in
/// the General format (12000, 0.987 or 98.7): checked as LibreOffice
/// prints them, cell for cell in order. A KPI name longer than its column
/// wraps whole rather than being cut at the next cell.
#[test]
fn summary_workbooks_print_each_figure_as_the_screen_shows_it() {
    let test = "summary_workbooks_print_each_figure_as_the_screen_shows_it";
    if !have("soffice", test) || !have("pdftotext", test) {
        return;
    }
    let dir = tempfile::tempdir().expect("dir");
    for companies in [false, true] {
        let file = dir.path().join(if companies { "companies.xlsx" } else { "kpi.xlsx" });
        let mut cmd = crate::common::kpi_council();
        cmd.args(excel_data()).args(["summary", "--format", "xlsx", "-o"]).arg(&file);
        if companies {
            cmd.arg("--companies");
        }
        cmd.assert().success();
        let printed = pdf_pages(&soffice_pdf(&file), true).concat();
        let figures = screen_figures(companies);
        assert!(figures.len() >= 12, "{figures:?}");
        let some = if companies {
            // A rate KPI's 95.5% has no breakdown (no row of its own).
            ["1,234,567人", "98,765.25千円", "76.7%", "66.7%"]
        } else {
            ["1,234,567人", "128,765.75千円", "95.5%", "98.7%"]
        };
        for shown in some {
            assert!(figures.iter().any(|f| f == shown), "{shown} on the screen: {figures:?}");
        }
        assert_in_order(&printed, &figures.iter().map(String::as_str).collect::<Vec<_>>());
        let long =
            "地域産品の売上高（道の駅さくら・オンラインストア・首都圏アンテナショップの合計）";
        assert!(squeeze(&printed).contains(long), "the long name whole:\n{printed}");
    }
}
