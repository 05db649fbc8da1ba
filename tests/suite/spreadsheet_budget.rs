//! What a spreadsheet may make the program hold: small files that ask the
//! spreadsheet library for gigabytes, by a count it trusts or by a text it
//! copies, are refused before they are read, with the limit and the
//! variable that raises it; and a sheet's merges that overlap are refused
//! rather than read one way or the other.

use std::path::Path;

use crate::malformed::{refused_in, with_part};

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/import").join(name))
        .expect("fixture")
}

fn import_args(name: &str) -> [&str; 5] {
    ["import", "actuals", name, "-o", "out.ron"]
}

/// `bytes` written to `dir` as `name` and imported under `env`, refused:
/// its stderr.
fn refused_file(dir: &Path, name: &str, bytes: &[u8], env: &[(&str, &str)]) -> String {
    std::fs::write(dir.join(name), bytes).expect("write");
    refused_in(dir, &import_args(name), env)
}

/// LibreOffice's .xlsx saying it holds 900 billion shared strings: the
/// library set room aside for them when it opened the file, and the
/// program aborted (a 6 KB file).
#[test]
fn an_xlsx_saying_it_holds_billions_of_shared_strings_is_refused() {
    let dir = tempfile::tempdir().expect("temp dir");
    let bytes = with_part(&fixture("actuals-libreoffice.xlsx"), "xl/sharedStrings.xml", |t| {
        assert!(t.contains(r#"uniqueCount="49""#), "the fixture's count");
        t.replacen(r#"uniqueCount="49""#, r#"uniqueCount="900000000000""#, 1)
    });
    std::fs::write(dir.path().join("unique.xlsx"), bytes).expect("write");
    let stderr = refused_in(dir.path(), &import_args("unique.xlsx"), &[]);
    assert_eq!(
        stderr.trim_end(),
        "エラー: unique.xlsx: 表計算ファイルが大きすぎて読めません（共有文字列が 900000000000 個あると書かれています）。表は 2000000 セルまで読みます。上限は KPI_COUNCIL_MAX_CELLS で引き上げられます（例: KPI_COUNCIL_MAX_CELLS=4000000）"
    );
}

/// One long shared text named by many cells is copied into each: counted
/// as the copies, against the text budget of the cells limit (10,000 cells
/// allow 1,280,000 bytes). The same text named by no cell imports.
#[test]
fn a_long_shared_text_named_by_many_cells_is_refused_by_its_copies() {
    let dir = tempfile::tempdir().expect("temp dir");
    // 120,000 bytes, the fixture's 50th shared string (index 49).
    let long = "長".repeat(40_000);
    let with_text = with_part(&fixture("actuals-libreoffice.xlsx"), "xl/sharedStrings.xml", |t| {
        t.replacen("</sst>", &format!("<si><t>{long}</t></si></sst>"), 1)
    });
    let cells = (20..40)
        .map(|r| format!(r#"<row r="{r}"><c r="J{r}" t="s"><v>49</v></c></row>"#))
        .collect::<Vec<_>>()
        .concat();
    let named = with_part(&with_text, "xl/worksheets/sheet1.xml", |t| {
        t.replacen("</sheetData>", &format!("{cells}</sheetData>"), 1)
    });
    let env = [("KPI_COUNCIL_MAX_CELLS", "10000")];
    std::fs::write(dir.path().join("named.xlsx"), named).expect("write");
    let stderr = refused_in(dir.path(), &import_args("named.xlsx"), &env);
    let line = stderr.trim_end();
    assert!(
        line.starts_with("エラー: named.xlsx: シート actuals-source: 表計算ファイルのテキストが多すぎて読めません（30 行目、J 列までで、")
            && line.ends_with("表は 10000 セル、テキストは合わせて 1280000 バイト（1 セルあたり 128 バイト）まで読みます。上限は KPI_COUNCIL_MAX_CELLS で引き上げられます（例: KPI_COUNCIL_MAX_CELLS=20000）"),
        "{line}"
    );
    std::fs::write(dir.path().join("text.xlsx"), with_text).expect("write");
    let out = crate::common::kpi_council()
        .args(import_args("text.xlsx"))
        .envs(env)
        .current_dir(dir.path())
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
}

/// A shared strings part of many empty strings (five bytes each, a
/// string apiece in the library) is counted against the cells limit.
#[test]
fn many_empty_shared_strings_are_counted_as_cells() {
    let dir = tempfile::tempdir().expect("temp dir");
    let bytes = with_part(&fixture("actuals-libreoffice.xlsx"), "xl/sharedStrings.xml", |t| {
        t.replacen("</sst>", &format!("{}</sst>", "<si/>".repeat(20_000)), 1)
    });
    std::fs::write(dir.path().join("empty.xlsx"), bytes).expect("write");
    let stderr =
        refused_in(dir.path(), &import_args("empty.xlsx"), &[("KPI_COUNCIL_MAX_CELLS", "10000")]);
    assert!(
        stderr.contains(
            "表計算ファイルが大きすぎて読めません（xl/sharedStrings.xml までの部分に共有文字列や要素が 10001 個あります）"
        ),
        "{stderr}"
    );
}

/// An .ods cell's text is made as the library makes it: a run of spaces
/// written as its count (30 bytes that took 30 s and 5.9 GB), and a text
/// repeated across cells, copied into each.
#[test]
fn an_ods_cells_text_is_counted_as_it_would_be_made() {
    let dir = tempfile::tempdir().expect("temp dir");
    let ods = fixture("actuals-libreoffice.ods");
    let title = "<text:p>令和元年度 KPI実績報告（北見市商工観光部）</text:p>";
    let spaces = with_part(&ods, "content.xml", |t| {
        assert!(t.contains(title), "the fixture's title");
        t.replacen(title, r#"<text:p><text:s text:c="2000000000"/>令和元年度</text:p>"#, 1)
    });
    let long = "長".repeat(100_000);
    let repeated = with_part(&ods, "content.xml", |t| {
        let cell = format!(
            r#"<table:table-cell table:number-columns-repeated="1000" office:value-type="string" calcext:value-type="string"><text:p>{long}</text:p></table:table-cell>"#
        );
        t.replacen("</table:table-row>", &format!("{cell}</table:table-row>"), 1)
    });
    // The title's 61 bytes and its paragraph; then 2,000,000,000 spaces
    // and 15 bytes, or a thousand cells of 300,000 bytes and a paragraph.
    for (name, bytes, held) in
        [("spaces.ods", spaces, 2_000_000_016u64), ("repeated.ods", repeated, 300_001_062)]
    {
        let stderr = refused_file(dir.path(), name, &bytes, &[]);
        assert!(
            stderr.starts_with(&format!("エラー: {name}: 表計算ファイルのテキストが多すぎて読めません（シート \"actuals-source\" までで、セルのテキストが繰り返しを含めて {held} バイトになります）。表は 2000000 セル、テキストは合わせて 256000000 バイト（1 セルあたり 128 バイト）まで読みます。")),
            "{name}: {stderr}"
        );
    }
}

/// Two merged regions that overlap in a column are no file a spreadsheet
/// writes: the value of the rows they share could be read two ways. A
/// region written twice is one region.
#[test]
fn overlapping_merges_are_refused_and_a_repeated_one_is_one() {
    let dir = tempfile::tempdir().expect("temp dir");
    let xlsx = fixture("actuals-libreoffice.xlsx");
    let merged = |refs: &[&str]| {
        let cells =
            refs.iter().map(|r| format!(r#"<mergeCell ref="{r}"/>"#)).collect::<Vec<_>>().concat();
        with_part(&xlsx, "xl/worksheets/sheet1.xml", |t| {
            let merges =
                format!(r#"</sheetData><mergeCells count="{}">{cells}</mergeCells>"#, refs.len());
            t.replacen("</sheetData>", &merges, 1)
        })
    };
    std::fs::write(dir.path().join("overlap.xlsx"), merged(&["H4:H5", "H5:H6"])).expect("write");
    let stderr = refused_in(dir.path(), &import_args("overlap.xlsx"), &[]);
    assert_eq!(
        stderr.trim_end(),
        "エラー: overlap.xlsx: シート actuals-source: 結合したセルの範囲 H4:H5 と H5:H6 が重なっています。表計算ソフトで結合を直してください"
    );
    let import = |name: &str, bytes: Vec<u8>| {
        std::fs::write(dir.path().join(name), bytes).expect("write");
        let out = crate::common::kpi_council()
            .args(["import", "actuals", name, "-o", "out.ron", "--force"])
            .current_dir(dir.path())
            .output()
            .expect("runs");
        assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
        // Past the first line, which names the file.
        let written = std::fs::read_to_string(dir.path().join("out.ron")).expect("written");
        written.split_once('\n').expect("lines").1.to_string()
    };
    // Row 5's note is empty: the merge gives it row 4's.
    let once = import("once.xlsx", merged(&["H4:H5"]));
    assert_ne!(import("none.xlsx", xlsx.clone()), once, "the merge is read");
    assert_eq!(import("twice.xlsx", merged(&["H4:H5", "H4:H5"])), once);
}

/// One text longer than the longest text a file may hold (1024 KB) is
/// refused before the spreadsheet library gathers it whole (it would have,
/// up to the file ceiling of 2 GB): in the shared strings, read before the
/// library opens the file, and in the sheet, read before the library reads
/// it.
#[test]
fn one_text_longer_than_the_longest_text_is_refused_before_it_is_gathered() {
    let dir = tempfile::tempdir().expect("temp dir");
    let xlsx = fixture("actuals-libreoffice.xlsx");
    let long = "x".repeat(2 << 20);
    let shared = with_part(&xlsx, "xl/sharedStrings.xml", |t| {
        t.replacen("</sst>", &format!("<si><t>{long}</t></si></sst>"), 1)
    });
    let inline = with_part(&xlsx, "xl/worksheets/sheet1.xml", |t| {
        let cell =
            format!(r#"<row r="20"><c r="J20" t="inlineStr"><is><t>{long}</t></is></c></row>"#);
        t.replacen("</sheetData>", &format!("{cell}</sheetData>"), 1)
    });
    let said = |part: &str| {
        format!(
            "ファイルの中の {part} に、1024 KB を超える一つのテキストか要素があります。上限は KPI_COUNCIL_MAX_TEXT_KB=2048 のように引き上げられます"
        )
    };
    for (name, bytes, start, part) in [
        ("shared.xlsx", shared, "エラー: shared.xlsx: ", "xl/sharedStrings.xml"),
        (
            "inline.xlsx",
            inline,
            "エラー: inline.xlsx: シート actuals-source: シートの書式（隠した行や列、結合したセル）を読めません: ",
            "xl/worksheets/sheet1.xml",
        ),
    ] {
        assert!(bytes.len() < 100_000, "{name}: a small file");
        let stderr = refused_file(dir.path(), name, &bytes, &[]);
        assert_eq!(stderr.trim_end(), format!("{start}{}", said(part)));
    }
}

/// A change to one entry of a zip, by its name.
type Change<'a> = (&'a str, &'a dyn Fn(&str) -> String);

/// `bytes` (a zip) with every entry under `from` copied under `to` as
/// well, and `change` applied to the entries named.
fn with_copies(bytes: &[u8], from: &str, to: &str, change: &[Change<'_>]) -> Vec<u8> {
    use std::io::{Read, Write};
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip");
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default();
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).expect("entry");
        let name = entry.name().expect("a name").to_string();
        let mut data = Vec::new();
        entry.read_to_end(&mut data).expect("read");
        let text = |name: &str, data: &[u8]| match change.iter().find(|(n, _)| *n == name) {
            Some((_, f)) => f(std::str::from_utf8(data).expect("XML")).into_bytes(),
            None => data.to_vec(),
        };
        if let Some(rest) = name.strip_prefix(from) {
            let copy = format!("{to}{rest}");
            out.start_file(copy.as_str(), options).expect("start");
            out.write_all(&text(&copy, &data)).expect("write");
        }
        out.start_file(name.as_str(), options).expect("start");
        out.write_all(&text(&name, &data)).expect("write");
    }
    out.finish().expect("finish").into_inner()
}

/// A decoy workbook folder beside the real one, the package pointing at
/// the real one (`wb/`), the decoy's copy of the sheet with its hidden row
/// shown: the program reads the sheet's hidden rows where the library
/// reads its values, and stops on the hidden row as for the file itself.
/// (It read the decoy: the hidden row was counted, silently.)
#[test]
fn a_decoy_workbook_folder_is_not_read_for_the_real_one() {
    let dir = tempfile::tempdir().expect("temp dir");
    let fixture = std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/actuals/hidden-row.xlsx"),
    )
    .expect("fixture");
    let decoy = with_copies(
        &fixture,
        "xl/",
        "wb/",
        &[
            ("_rels/.rels", &|t: &str| {
                t.replace("Target=\"xl/workbook.xml\"", "Target=\"wb/workbook.xml\"")
            }),
            ("xl/worksheets/sheet1.xml", &|t: &str| {
                assert!(t.contains("hidden=\"true\""), "the fixture's hidden row");
                t.replace("hidden=\"true\"", "hidden=\"false\"")
            }),
        ],
    );
    let said = "非表示の 3 行目にデータがあります。どうするか指定してください: --hidden skip で読まずに除き、--hidden include で読みます";
    for (name, bytes) in [("original.xlsx", fixture.clone()), ("decoy.xlsx", decoy)] {
        let stderr = refused_file(dir.path(), name, &bytes, &[]);
        assert!(stderr.contains(said), "{name}: {stderr}");
    }
}

/// The disguises a review found, each a small file that got past the
/// counts and made the library take gigabytes, abort or hang, or the
/// program widen rows without bound; here at a cells limit of 10,000
/// (1,280,000 bytes of text), each refused, naming the limit.
#[test]
fn disguised_spreadsheets_are_refused() {
    let dir = tempfile::tempdir().expect("temp dir");
    let xlsx = fixture("actuals-libreoffice.xlsx");
    let ods = fixture("actuals-libreoffice.ods");
    let in_sheet = |add: &str| {
        let add = add.to_string();
        with_part(&xlsx, "xl/worksheets/sheet1.xml", move |t| {
            t.replacen("</sheetData>", &format!("{add}</sheetData>"), 1)
        })
    };
    let in_table = |add: &str| {
        let add = add.to_string();
        with_part(&ods, "content.xml", move |t| {
            t.replacen("</table:table>", &format!("{add}</table:table>"), 1)
        })
    };
    let long = "x".repeat(100_000);
    let wide = r#"<table:table-row><table:table-cell office:value-type="float" office:value="1" table:number-columns-repeated="200"/></table:table-row>"#;
    let office =
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument";
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        (
            // A second workbook named after the end of the package's list.
            "rels-decoy.xlsx",
            with_part(
                &with_part(&xlsx, "_rels/.rels", |t| {
                    format!("{t}<Relationship Id=\"rX\" Type=\"{office}\" Target=\"decoy/workbook.xml\"/>")
                }),
                "xl/sharedStrings.xml",
                |t| t.replacen(r#"uniqueCount="49""#, r#"uniqueCount="900000000000""#, 1),
            ),
            "共有文字列が 900000000000 個あると書かれています",
        ),
        (
            // One long number format named by twenty cell formats.
            "styles.xlsx",
            with_part(&xlsx, "xl/styles.xml", |t| {
                let xfs = r#"<xf numFmtId="300" fontId="0" fillId="0" borderId="0"/>"#.repeat(20);
                t.replacen("</numFmts>", &format!(r#"<numFmt numFmtId="300" formatCode="{long}"/></numFmts>"#), 1)
                    .replacen("</cellXfs>", &format!("{xfs}</cellXfs>"), 1)
            }),
            "xl/styles.xml までの部分に",
        ),
        (
            // A phonetic reading left open hides the strings after it.
            "phonetic.xlsx",
            with_part(&xlsx, "xl/sharedStrings.xml", |t| {
                let si = format!("<si><t>{long}</t></si>").repeat(20);
                t.replacen("</sst>", &format!(r#"<si><t>x</t><rPh sb="0" eb="1"><t>y</t></si>{si}</sst>"#), 1)
            }),
            "xl/sharedStrings.xml までの部分に",
        ),
        (
            // One cell's text in many pieces, each short.
            "pieces.xlsx",
            in_sheet(&format!(r#"<row r="20"><c r="J20" t="str"><v>{}</v></c></row>"#, format!("{long}&amp;").repeat(20))),
            "このシートの XML に",
        ),
        (
            // A merge down a column far to the right widens every row.
            "widen.xlsx",
            in_sheet(&format!(
                r#"<row r="20"><c r="A20"><v>1</v></c><c r="ZZ20"><v>1</v></c></row>{}<mergeCells count="1"><mergeCell ref="ZZ20:ZZ120"/></mergeCells>"#,
                (21..=120).map(|r| format!(r#"<row r="{r}"><c r="A{r}"><v>1</v></c></row>"#)).collect::<Vec<_>>().concat()
            ))
            .into_iter()
            .collect(),
            "シートが大きすぎて読めません",
        ),
        (
            // Values without a type.
            "untyped.ods",
            in_table(r#"<table:table-row table:number-rows-repeated="100"><table:table-cell office:value="1" table:number-columns-repeated="200"/></table:table-row>"#),
            "表計算ファイルが大きすぎて読めません",
        ),
        (
            // A repeat written as a character reference.
            "reference.ods",
            in_table(r#"<table:table-row table:number-rows-repeated="&#49;00"><table:table-cell office:value-type="float" office:value="1" table:number-columns-repeated="200"/></table:table-row>"#),
            "表計算ファイルが大きすぎて読めません",
        ),
        (
            // A table started inside the sheet, never ended.
            "nested.ods",
            in_table(&format!(
                r#"{wide}<table:table><table:table-row table:number-rows-repeated="100"><table:table-cell/></table:table-row>{wide}"#
            )),
            "表計算ファイルが大きすぎて読めません",
        ),
        (
            // Text after a comment inside a comment.
            "comment.ods",
            in_table(&format!(
                r#"<table:table-row><table:table-cell office:value-type="string" table:number-columns-repeated="20"><text:p>x</text:p><office:annotation><office:annotation></office:annotation>{long}</office:annotation></table:table-cell></table:table-row>"#
            )),
            "表計算ファイルのテキストが多すぎて読めません",
        ),
    ];
    for (name, bytes, said) in cases {
        assert!(bytes.len() < 200_000, "{name}: a small file ({})", bytes.len());
        let stderr = refused_file(dir.path(), name, &bytes, &[("KPI_COUNCIL_MAX_CELLS", "10000")]);
        assert!(
            stderr.contains(said) && stderr.contains("KPI_COUNCIL_MAX_CELLS"),
            "{name}: {stderr}"
        );
    }
}

/// `bytes` (a zip) with the entry `part` copied as `name` at its end.
fn with_copy_of(bytes: &[u8], part: &str, name: &str) -> Vec<u8> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("zip");
    let mut data = Vec::new();
    std::io::Read::read_to_end(&mut zip.by_name(part).expect("the part"), &mut data).expect("read");
    let mut out = bytes.to_vec();
    let mut writer = zip::ZipWriter::new_append(std::io::Cursor::new(&mut out)).expect("append");
    writer.start_file(name, zip::write::SimpleFileOptions::default()).expect("start");
    std::io::Write::write_all(&mut writer, &data).expect("write");
    writer.finish().expect("finish");
    out
}

/// Files one spreadsheet program reads one way and another another way,
/// found by a second review: each imported without a word, with numbers,
/// companies or hidden rows other than LibreOffice shows. Each is refused
/// now, saying what could be read two ways.
#[test]
fn files_read_two_ways_are_refused() {
    let dir = tempfile::tempdir().expect("temp dir");
    let actuals = |name: &str| {
        std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/actuals").join(name))
            .expect("fixture")
    };
    let (hidden, merged, percent) = (
        actuals("hidden-row.xlsx"),
        actuals("merged-value.xlsx"),
        actuals("percent-wrong-kpi.xlsx"),
    );
    let sheet = "xl/worksheets/sheet1.xml";
    let edit = |bytes: &[u8], part: &str, from: &str, to: &str| {
        let (from, to) = (from.to_string(), to.to_string());
        with_part(bytes, part, move |t| {
            assert!(t.contains(&from), "the fixture's {from}");
            t.replacen(&from, &to, 1)
        })
    };
    let office =
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument";
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        (
            "hidden-space.xlsx",
            edit(&hidden, sheet, r#"hidden="true""#, r#"hidden=" 1""#),
            r#"非表示の値 " 1" を読めません（1、true、0、false のどれかのはずです）"#,
        ),
        (
            "two-ids.xlsx",
            edit(
                &hidden,
                "xl/workbook.xml",
                r#"r:id="rId2"/>"#,
                r#"r:id="rId2" xmlns:x="urn:x" x:id="rId9"/>"#,
            ),
            r#"シート "実績" に id が二つあります"#,
        ),
        (
            "case.xlsx",
            with_copy_of(&hidden, sheet, "xl/worksheets/SHEET1.xml"),
            "xl/worksheets/SHEET1.xml と xl/worksheets/sheet1.xml は大文字と小文字だけが違います",
        ),
        (
            "strings-elsewhere.xlsx",
            edit(
                &hidden,
                "xl/_rels/workbook.xml.rels",
                r#"Target="sharedStrings.xml""#,
                r#"Target="strings2.xml""#,
            ),
            "共有文字列か書式が xl/strings2.xml にあると書かれています",
        ),
        (
            "two-workbooks.xlsx",
            edit(
                &hidden,
                "_rels/.rels",
                "</Relationships>",
                &format!(
                    r#"<Relationship Id="rX" Type="{office}" Target="wb/workbook.xml"/></Relationships>"#
                ),
            ),
            "ブックが二つ指されています",
        ),
        (
            "style-number.xlsx",
            edit(&percent, sheet, r#"<c r="D2" s="2""#, r#"<c r="D2" s="2.0""#),
            r#"セルの書式番号 "2.0" を読めません"#,
        ),
        (
            "covered.xlsx",
            edit(&merged, sheet, r#"<c r="D3" s="2"/>"#, r#"<c r="D3" s="2" t="n"><v>10</v></c>"#),
            // Read as the sheet shows it: one value merged over two rows.
            "3行目、D列（値）: 値のセルが上の 2 行目と結合されています",
        ),
        (
            "wrapped.xlsx",
            edit(
                &merged,
                sheet,
                r#"<c r="D3" s="2"/>"#,
                r#"<c r="D3" s="2"/><c r="D4294967298"><v>999</v></c>"#,
            ),
            r#"セルか行の位置 "D4294967298" を読めません"#,
        ),
        (
            "row-twice.xlsx",
            edit(&hidden, sheet, "</sheetData>", r#"<row r="3" hidden="false"/></sheetData>"#),
            "3 行目が二度書かれています",
        ),
    ];
    for (name, bytes, said) in cases {
        let stderr = refused_file(dir.path(), name, &bytes, &[]);
        assert!(stderr.contains(said), "{name}: {stderr}");
    }
}

/// Text LibreOffice keeps hidden under a merged title (“keep the contents
/// of the hidden cells”) is not read, as the sheet does not show it, and
/// the import says so; the table below is read.
#[test]
fn text_hidden_under_a_merged_title_is_left_out_and_said() {
    let dir = tempfile::tempdir().expect("temp dir");
    let xlsx = fixture("actuals-libreoffice.xlsx");
    let bytes = with_part(&xlsx, "xl/worksheets/sheet1.xml", |t| {
        assert!(t.contains(r#"<c r="A1" s="1" t="s"><v>0</v></c>"#), "the fixture's title");
        let t = t.replacen(
            r#"<c r="A1" s="1" t="s"><v>0</v></c>"#,
            r#"<c r="A1" s="1" t="s"><v>0</v></c><c r="B1" t="inlineStr"><is><t>北見市</t></is></c>"#,
            1,
        );
        t.replacen(
            "</sheetData>",
            r#"</sheetData><mergeCells count="1"><mergeCell ref="A1:E1"/></mergeCells>"#,
            1,
        )
    });
    std::fs::write(dir.path().join("title.xlsx"), bytes).expect("write");
    let out = crate::common::kpi_council()
        .args(import_args("title.xlsx"))
        .current_dir(dir.path())
        .output()
        .expect("runs");
    let (stdout, stderr) =
        (String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(
        format!("{stdout}{stderr}").contains(
            "結合したセルの下に隠れた値（B1 など 1 個）は、表計算ソフトで見えないため読みません"
        ),
        "{stdout}{stderr}"
    );
}
