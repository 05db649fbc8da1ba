//! A corpus of broken files, made here from the good ones: truncated at
//! every few bytes, invalid UTF-8, a BOM, NUL bytes, deep nesting, a file
//! of 50 MB and one over the size limit, huge numbers, NaN, wrong types,
//! unknown fields, a future version. Each is refused with exit status 2
//! and one line that names the file and the position; none panics or hangs
//! (a generous timeout guards against hangs; speed is in BENCHMARKS.md).

use std::path::{Path, PathBuf};
use std::time::Duration;

use assert_cmd::Command;

const PLAN: &str = include_str!("../../assets/kitami-plan.ron");
const ACTUALS: &str = include_str!("../../assets/sample-actuals.ron");
const SESSION: &str = include_str!("../data/golden-session.ron");

/// How each kind of file is given to the program.
#[derive(Debug, Clone, Copy)]
enum Kind {
    Plan,
    Actuals,
    Session,
}

impl Kind {
    fn good(self) -> &'static str {
        match self {
            Kind::Plan => PLAN,
            Kind::Actuals => ACTUALS,
            Kind::Session => SESSION,
        }
    }

    /// The command that reads the file the way a user would give it.
    fn command(self, path: &Path) -> Command {
        let mut cmd = crate::common::kpi_council();
        cmd.args(["--lang", "en"]);
        cmd.env("KPI_COUNCIL_CONFIG", path.with_file_name("config.ron"));
        cmd.env("KPI_COUNCIL_LOG", path.with_file_name("log"));
        match self {
            Kind::Plan => cmd.arg("summary").arg("--plan").arg(path),
            Kind::Actuals => cmd.arg("summary").arg("--actuals").arg(path),
            Kind::Session => cmd.arg("export").arg(path).arg("-o").arg(path.with_extension("md")),
        };
        cmd.timeout(Duration::from_secs(30));
        cmd
    }
}

const KINDS: [Kind; 3] = [Kind::Plan, Kind::Actuals, Kind::Session];

/// Runs the program on the bytes; returns its one line of error.
fn refused(kind: Kind, dir: &Path, name: &str, bytes: &[u8]) -> String {
    let path = dir.join(name);
    std::fs::write(&path, bytes).expect("write the case");
    let out = kind.command(&path).output().expect("run");
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(
        out.status.code(),
        Some(2),
        "{kind:?} {name}: exit status {:?}, stderr {stderr}",
        out.status
    );
    assert!(!stderr.contains("panicked"), "{kind:?} {name}: {stderr}");
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), 1, "{kind:?} {name}: one line, got {stderr}");
    assert!(lines[0].starts_with("error: "), "{kind:?} {name}: {stderr}");
    assert!(
        lines[0].contains(&path.display().to_string()),
        "{kind:?} {name}: names the file: {stderr}"
    );
    assert!(lines[0].chars().count() < 400, "{kind:?} {name}: a short line: {stderr}");
    lines[0].to_string()
}

/// `file:LINE:COL:` right after the path.
fn has_position(line: &str, path: &Path) -> bool {
    let Some(rest) = line.split_once(&format!("{}:", path.display())).map(|(_, r)| r) else {
        return false;
    };
    let mut parts = rest.splitn(3, ':');
    let numeric =
        |s: Option<&str>| s.is_some_and(|s| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit()));
    numeric(parts.next()) && numeric(parts.next())
}

fn positioned(kind: Kind, dir: &Path, name: &str, bytes: &[u8]) -> String {
    let line = refused(kind, dir, name, bytes);
    assert!(has_position(&line, &dir.join(name)), "{kind:?} {name}: no line:column in {line}");
    line
}

/// Cuts at every few bytes, on character boundaries and inside them.
#[test]
fn truncated_anywhere() {
    let dir = tempfile::tempdir().expect("temp dir");
    for kind in KINDS {
        let good = kind.good().as_bytes();
        // The end of the last value: cutting only trailing blanks leaves a
        // whole file.
        let end = good.iter().rposition(|b| !b.is_ascii_whitespace()).expect("content");
        let step = (end / 40).max(1);
        let mut cuts: Vec<usize> = (0..end).step_by(step).collect();
        cuts.extend([1, 2, 3, end - 1]);
        for cut in cuts {
            let name = format!("{kind:?}-cut-{cut}.ron");
            positioned(kind, dir.path(), &name, &good[..cut]);
        }
    }
}

#[test]
fn bytes_that_are_not_text() {
    let dir = tempfile::tempdir().expect("temp dir");
    for kind in KINDS {
        let good = kind.good().as_bytes();
        let middle = good.len() / 2;
        let middle = (middle..good.len()).find(|&i| good[i] == b'\n').expect("a line end");

        let mut bad = good.to_vec();
        bad.insert(middle, 0xFF);
        let line = positioned(kind, dir.path(), &format!("{kind:?}-not-utf8.ron"), &bad);
        assert!(line.contains("UTF-8"), "{line}");

        let mut shift_jis = good[..middle].to_vec();
        shift_jis.extend_from_slice(b"\n// \x96\x6b\x8c\xa9\n"); // 北見 in Shift_JIS
        shift_jis.extend_from_slice(&good[middle..]);
        positioned(kind, dir.path(), &format!("{kind:?}-sjis.ron"), &shift_jis);

        let mut nul = good.to_vec();
        nul.insert(middle + 1, 0);
        positioned(kind, dir.path(), &format!("{kind:?}-nul.ron"), &nul);

        let all_nul = vec![0u8; 4096];
        refused(kind, dir.path(), &format!("{kind:?}-all-nul.ron"), &all_nul);

        refused(kind, dir.path(), &format!("{kind:?}-empty.ron"), b"");
    }
}

/// A BOM, as Windows Notepad writes, is accepted: the file is good.
#[test]
fn a_bom_is_accepted() {
    let dir = tempfile::tempdir().expect("temp dir");
    for kind in [Kind::Plan, Kind::Actuals] {
        let path = dir.path().join(format!("{kind:?}-bom.ron"));
        let mut bytes = b"\xEF\xBB\xBF".to_vec();
        bytes.extend_from_slice(kind.good().as_bytes());
        std::fs::write(&path, bytes).expect("write");
        let out = kind.command(&path).output().expect("run");
        assert!(out.status.success(), "{kind:?}: {}", String::from_utf8_lossy(&out.stderr));
    }
}

#[test]
fn deep_nesting_is_refused_at_its_depth() {
    let dir = tempfile::tempdir().expect("temp dir");
    let depth = 100_000;
    for (kind, field) in
        [(Kind::Plan, "kpis"), (Kind::Actuals, "contributions"), (Kind::Session, "remarks")]
    {
        let text = format!("(version: 1, {field}: {}{})", "[".repeat(depth), "]".repeat(depth));
        positioned(kind, dir.path(), &format!("{kind:?}-deep.ron"), text.as_bytes());
        let text = format!("{}{}", "(".repeat(depth), ")".repeat(depth));
        positioned(kind, dir.path(), &format!("{kind:?}-deep-parens.ron"), text.as_bytes());
    }
}

#[test]
fn large_files() {
    let dir = tempfile::tempdir().expect("temp dir");
    // 50 MB of blanks, then the error at the very end.
    let mut big = b"(version: 1, kpis: [".to_vec();
    big.resize(50 * 1024 * 1024, b' ');
    big.extend_from_slice(b"}");
    let line = positioned(Kind::Plan, dir.path(), "plan-50mb.ron", &big);
    assert!(line.contains(":1:"), "{line}");
    // Over the ceiling on a file: refused before it is read, naming the
    // limit and how to raise it (sparse files: nothing is written).
    let path: PathBuf = dir.path().join("plan-huge.ron");
    let file = std::fs::File::create(&path).expect("create");
    file.set_len(2048 * 1024 * 1024 + 1).expect("sparse file");
    let out = Kind::Plan.command(&path).output().expect("run");
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("files over 2147483648 bytes (2048 MB) are refused"), "{stderr}");
    assert!(stderr.contains("KPI_COUNCIL_MAX_FILE_MB=2049"), "{stderr}");
    // A lower ceiling set by the environment applies the same way.
    file.set_len(65 * 1024 * 1024).expect("sparse file");
    let out = Kind::Plan.command(&path).env("KPI_COUNCIL_MAX_FILE_MB", "64").output().expect("run");
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("files over 67108864 bytes (64 MB) are refused"), "{stderr}");
    assert!(stderr.contains("KPI_COUNCIL_MAX_FILE_MB=66"), "{stderr}");
}

/// Replaces the first `from` in the good text by `to`.
fn edited(kind: Kind, from: &str, to: &str) -> String {
    let good = kind.good();
    assert!(good.contains(from), "{kind:?} has {from}");
    good.replacen(from, to, 1)
}

#[test]
fn wrong_values() {
    let dir = tempfile::tempdir().expect("temp dir");
    let value = ACTUALS
        .lines()
        .find_map(|l| {
            l.split_once("value: ").map(|(_, r)| r.split([',', ')']).next().unwrap_or(""))
        })
        .expect("a value")
        .to_string();
    let from = format!("value: {value}");
    let cases = [
        ("nan", "value: NaN", "finite"),
        ("inf", "value: inf", "finite"),
        // Beyond f64 the parser reads infinity: refused as not finite.
        ("huge-digits", &format!("value: 1{}", "0".repeat(400)), "finite"),
        ("huge-float", "value: 1e300", "too large"),
        ("huge-int", "value: 99999999999999999999999999", ""),
        ("string", "value: \"12\"", ""),
        ("precise", "value: 1.23456", "decimal places"),
    ];
    for (name, to, word) in cases {
        let text = edited(Kind::Actuals, &from, to);
        let line =
            positioned(Kind::Actuals, dir.path(), &format!("actuals-{name}.ron"), text.as_bytes());
        assert!(line.contains(word), "{name}: {line}");
    }
    // Wrong types, unknown fields and a future version in each kind.
    for kind in KINDS {
        let text = edited(kind, "version: 1", "version: 99");
        let line = positioned(kind, dir.path(), &format!("{kind:?}-future.ron"), text.as_bytes());
        assert!(line.contains("format version 99 is not supported"), "{line}");
        let text = edited(kind, "version: 1", "version: \"one\"");
        positioned(kind, dir.path(), &format!("{kind:?}-version-type.ron"), text.as_bytes());
        let text = edited(kind, "version: 1,", "version: 1, colour: \"red\",");
        let line =
            positioned(kind, dir.path(), &format!("{kind:?}-unknown-field.ron"), text.as_bytes());
        assert!(line.contains("colour"), "{line}");
    }
}

/// The city's spreadsheets and CSV files, broken: cut short, garbage under
/// a spreadsheet's name, NUL bytes, an encoding that is neither UTF-8 nor
/// Shift_JIS. Each import writes nothing and says why in one line.
#[test]
fn broken_spreadsheets_and_csv() {
    let dir = tempfile::tempdir().expect("temp dir");
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/import");
    let import = |name: &str, bytes: &[u8]| -> String {
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).expect("write");
        let out_path = dir.path().join("out.ron");
        let out = crate::common::kpi_council()
            .args(["--lang", "en"])
            .env("KPI_COUNCIL_CONFIG", dir.path().join("config.ron"))
            .env("KPI_COUNCIL_LOG", dir.path().join("log"))
            .args(["import", "actuals"])
            .arg(&path)
            .arg("-o")
            .arg(&out_path)
            .timeout(Duration::from_secs(30))
            .output()
            .expect("run");
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        assert_eq!(out.status.code(), Some(2), "{name}: {stderr}");
        assert!(!stderr.contains("panicked"), "{name}: {stderr}");
        assert_eq!(stderr.lines().count(), 1, "{name}: one line: {stderr}");
        assert!(stderr.contains(name), "{name}: names the file: {stderr}");
        assert!(!out_path.exists(), "{name}: nothing written");
        stderr
    };
    for name in ["actuals-libreoffice.xlsx", "actuals-libreoffice.ods"] {
        let good = std::fs::read(fixtures.join(name)).expect("fixture");
        for cut in [0, 10, good.len() / 3, good.len() / 2, good.len() - 10] {
            import(&format!("cut-{cut}-{name}"), &good[..cut]);
        }
    }
    import("garbage.xlsx", &[0x50, 0x4B, 0x03, 0x04, 0xFF, 0x00, 0x13, 0x37].repeat(100));
    // 15 KB describing 100 million cells: refused before it is read.
    let bomb = std::fs::read(fixtures.join("ods-repeat-bomb.ods")).expect("fixture");
    let line = import("bomb.ods", &bomb);
    assert!(line.contains("too large to read") && line.contains("100000 rows"), "{line}");
    for (name, word) in [
        ("xlsb-far-cells.xlsx", ".xlsb"),
        ("xlsb-bad-string.xlsx", ".xlsb"),
        ("ods-rows-overflow.ods", "too large"),
        ("ods-twenty-sheets.ods", "too large"),
    ] {
        let bytes = std::fs::read(fixtures.join(name)).expect("fixture");
        let line = import(name, &bytes);
        assert!(line.contains(word), "{name}: {line}");
    }
    import("text.xlsx", "年度,指標,企業名,値\n".as_bytes());
    let csv = std::fs::read(fixtures.join("actuals-utf8.csv")).expect("fixture");
    let mut nul = csv.clone();
    // Before a comma past the middle: inside a cell, never inside a character.
    let comma = csv[csv.len() / 2..].iter().position(|&b| b == b',').expect("a comma");
    nul.insert(csv.len() / 2 + comma, 0);
    import("nul-bytes.csv", &nul);
    import("binary.csv", &(0u8..=255).cycle().take(5000).collect::<Vec<_>>());
    let cut = csv.iter().position(|&b| b == b'\n').expect("a header line");
    import("header-only.csv", &csv[..cut]);

    // Given straight to the program, the same refusal names the file once.
    let path = dir.path().join("nul-bytes.csv");
    let out = crate::common::kpi_council()
        .args(["--lang", "en"])
        .env("KPI_COUNCIL_CONFIG", dir.path().join("config.ron"))
        .env("KPI_COUNCIL_LOG", dir.path().join("log"))
        .arg("--actuals")
        .arg(&path)
        .arg("summary")
        .timeout(Duration::from_secs(30))
        .output()
        .expect("run");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert_eq!(stderr.matches("nul-bytes.csv").count(), 1, "the file named once: {stderr}");
    assert!(stderr.contains("nul-bytes.csv: row "), "{stderr}");
}

/// `bytes` (a zip: an .xlsx or .ods) with comments of `pad` bytes in all
/// put at the start of its part `name`, inside its root element: XML that
/// says nothing, any size, compressing to almost nothing. Each comment is
/// short (one longer than the longest text is refused on its own).
fn padded_part(bytes: &[u8], name: &str, pad: usize) -> Vec<u8> {
    with_part(bytes, name, |text| {
        let root = text.find("?>").map_or(0, |i| i + 2);
        let root = root + text[root..].find('<').expect("a root") + 1;
        let after = root + text[root..].find('>').expect("its end") + 1;
        let one = format!("<!--{}-->", "x".repeat(993));
        let comment = one.repeat(pad.div_ceil(one.len()));
        [&text[..after], &comment, &text[after..]].concat()
    })
}

/// `kpi-council ARGS` run in `dir` with `env`, refused: exit status 2 and
/// no `out.ron` written. Its stderr.
pub(crate) fn refused_in(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> String {
    let out = crate::common::kpi_council()
        .args(args)
        .envs(env.iter().copied())
        .current_dir(dir)
        .output()
        .expect("runs");
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
    assert!(!dir.join("out.ron").exists(), "{args:?}: nothing written");
    stderr
}

/// `bytes` (a zip) with its XML part `name` rewritten by `change`.
pub(crate) fn with_part(bytes: &[u8], name: &str, change: impl Fn(&str) -> String) -> Vec<u8> {
    use std::io::{Read, Write};
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip");
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).expect("entry");
        let entry_name = entry.name().expect("a name").to_string();
        let mut data = Vec::new();
        entry.read_to_end(&mut data).expect("read");
        if entry_name == name {
            data = change(&String::from_utf8(data).expect("XML")).into_bytes();
        }
        let method = if entry_name == "mimetype" {
            zip::CompressionMethod::Stored
        } else {
            zip::CompressionMethod::Deflated
        };
        let options = zip::write::SimpleFileOptions::default().compression_method(method);
        out.start_file(entry_name, options).expect("start");
        out.write_all(&data).expect("write");
    }
    out.finish().expect("finish").into_inner()
}

/// A part of a spreadsheet larger, decompressed, than the ceiling on a
/// file is refused, naming the part and the variable; never read in part.
/// (It was cut at 256 MB: an .ods whose 300 MB comment came before a sheet
/// of 100 million cells passed the count and ran the program out of
/// memory; a LibreOffice .xlsx of a million rows, 446 MB of sheet XML, was
/// called damaged.) Below the ceiling the same file imports.
#[test]
fn a_spreadsheet_part_over_the_ceiling_is_refused_by_name() {
    let dir = tempfile::tempdir().expect("temp dir");
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/import");
    let import = |name: &str, bytes: &[u8], ceiling_mb: &str| {
        std::fs::write(dir.path().join(name), bytes).expect("write");
        crate::common::kpi_council()
            .args(["import", "actuals", name, "-o", "out.ron", "--force"])
            .env("KPI_COUNCIL_MAX_FILE_MB", ceiling_mb)
            .current_dir(dir.path())
            .output()
            .expect("runs")
    };
    let two_mb = 2 * 1024 * 1024;
    let bomb = std::fs::read(fixtures.join("ods-repeat-bomb.ods")).expect("fixture");
    let xlsx = std::fs::read(fixtures.join("actuals-libreoffice.xlsx")).expect("fixture");
    for (name, bytes, part) in [
        ("bomb.ods", padded_part(&bomb, "content.xml", two_mb), "content.xml"),
        (
            "sheet.xlsx",
            padded_part(&xlsx, "xl/worksheets/sheet1.xml", two_mb),
            "xl/worksheets/sheet1.xml",
        ),
    ] {
        assert!(bytes.len() < 1024 * 1024, "{name}: the file itself is small");
        std::fs::write(dir.path().join(name), &bytes).expect("write");
        let args = ["import", "actuals", name, "-o", "out.ron", "--force"];
        let stderr = refused_in(dir.path(), &args, &[("KPI_COUNCIL_MAX_FILE_MB", "1")]);
        let said = format!(
            "ファイルの中の {part} が、展開すると 1 MB を超えます。読むには上限を KPI_COUNCIL_MAX_FILE_MB=2 のように引き上げてください"
        );
        let line = stderr.trim_end();
        assert!(line.starts_with(&format!("エラー: {name}: ")), "{line}");
        assert!(line.ends_with(&said) && !line.contains('\n'), "{line}");
    }
    // Under a ceiling above it, the padded workbook is the fixture.
    let padded = padded_part(&xlsx, "xl/worksheets/sheet1.xml", two_mb);
    let out = import("sheet.xlsx", &padded, "8");
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let padded_actuals = std::fs::read_to_string(dir.path().join("out.ron")).expect("written");
    let out = import("sheet.xlsx", &xlsx, "8");
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let actuals = std::fs::read_to_string(dir.path().join("out.ron")).expect("written");
    assert_eq!(padded_actuals, actuals);
}

/// An .xls whose sheet announces four billion rows (its DIMENSIONS
/// record; 6 KB): the spreadsheet library reserved room for them when it
/// opened the file and the program aborted, out of memory, a meeting given
/// it with its terminal left raw. Refused before, by the import and by the
/// commands given it straight, naming the variable; nothing written.
#[test]
fn an_xls_announcing_billions_of_rows_is_refused() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut bytes =
        std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/actuals/merged.xls"))
            .expect("fixture");
    let header = [0x00, 0x02, 0x0E, 0x00];
    let at = bytes.windows(4).position(|w| w == header).expect("its DIMENSIONS record");
    bytes[at + 8..at + 12].copy_from_slice(&4_000_000_000u32.to_le_bytes());
    std::fs::write(dir.path().join("dim.xls"), &bytes).expect("write");
    for args in [
        &["import", "actuals", "dim.xls", "-o", "out.ron"][..],
        &["summary", "--actuals", "dim.xls"][..],
    ] {
        let stderr = refused_in(dir.path(), args, &[]);
        assert!(
            stderr.contains("Excel 97-2003 のブックが大きすぎて読めません")
                && stderr.contains("KPI_COUNCIL_MAX_CELLS"),
            "{args:?}: {stderr}"
        );
    }
}

/// An .xls whose one shared string of 65,535 characters is named by 2,100
/// cells (`xls-shared-text-bomb.xls`, 97 KB): the spreadsheet library
/// copies the string into each cell, 275 MB held, and a 281 KB file of
/// the kind made the program hold 5.8 GB. Refused before it is read, by
/// the import and by the commands given it straight, naming the
/// variable; nothing written.
#[test]
fn an_xls_whose_cells_name_a_long_shared_string_is_refused() {
    let dir = tempfile::tempdir().expect("temp dir");
    let fixture =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/import/xls-shared-text-bomb.xls");
    std::fs::copy(fixture, dir.path().join("text.xls")).expect("copy");
    for args in [
        &["import", "actuals", "text.xls", "-o", "out.ron"][..],
        &["summary", "--actuals", "text.xls"][..],
    ] {
        let stderr = refused_in(dir.path(), args, &[]);
        assert!(
            stderr.contains(
                "Excel 97-2003 のブックのテキストが多すぎて読めません（共有文字列を指すセルが合わせて 275247171 バイトになります）"
            ) && stderr.contains("KPI_COUNCIL_MAX_CELLS"),
            "{args:?}: {stderr}"
        );
    }
}

/// An .xls whose container's chains loop: the 300-row fixture (56 KB)
/// with its directory's last sector leading back to its first, or its
/// stream's with the stream stated to be 4 GB long. The spreadsheet
/// library read them round and round: the first made the program abort,
/// out of memory, the second hold 4.2 GB. Refused before it is read, by
/// the import and by the commands given it straight; nothing written.
#[test]
fn an_xls_whose_chains_loop_is_refused() {
    let dir = tempfile::tempdir().expect("temp dir");
    let fixture = std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/import/actuals-300-rows.xls"),
    )
    .expect("fixture");
    let number = |b: &[u8], at: usize| u32::from_le_bytes(b[at..at + 4].try_into().expect("4"));
    // The fixture's allocation table is its sector 0, after the header.
    let next = |id: u32| 512 + 4 * id as usize;
    // The chain whose first sector is the number at `from`, made to loop.
    let looped = |from: usize| {
        let mut bytes = fixture.clone();
        let start = number(&bytes, from);
        let mut last = start;
        while number(&bytes, next(last)) != 0xFFFF_FFFE {
            last = number(&bytes, next(last));
        }
        let at = next(last);
        bytes[at..at + 4].copy_from_slice(&start.to_le_bytes());
        bytes
    };
    // The Workbook entry, second in the directory.
    let entry = 512 * (1 + number(&fixture, 0x30) as usize) + 128;
    let mut stream = looped(entry + 0x74);
    stream[entry + 0x78..entry + 0x7C].copy_from_slice(&0xFFFF_FF00u32.to_le_bytes());
    std::fs::write(dir.path().join("directory.xls"), looped(0x30)).expect("write");
    std::fs::write(dir.path().join("stream.xls"), stream).expect("write");
    let said = "Excel 97-2003 のファイルが壊れています（ファイルの中の連結が循環しています）。Excel や LibreOffice で開いて保存し直してください";
    for name in ["directory.xls", "stream.xls"] {
        let import = ["import", "actuals", name, "-o", "out.ron"];
        let stderr = refused_in(dir.path(), &import, &[]);
        assert_eq!(stderr.trim_end(), format!("エラー: {name}: {said}"));
        let stderr = refused_in(dir.path(), &["summary", "--actuals", name], &[]);
        assert!(stderr.contains(said), "{name}: {stderr}");
    }
}

/// The repeat bomb (100 million cells in 15 KB) disguised two ways the
/// spreadsheet library still reads: an end tag that does not match its
/// start before the sheet (it stopped the count, not the library), and
/// formulas without values in empty cell tags (not counted, yet each made
/// a cell). Both refused before the library reads them.
#[test]
fn a_disguised_ods_bomb_is_still_counted() {
    let dir = tempfile::tempdir().expect("temp dir");
    let bomb = std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/import/ods-repeat-bomb.ods"),
    )
    .expect("fixture");
    let valued = r#"<table:table-cell table:number-columns-repeated="1000" office:value-type="float" office:value="1" calcext:value-type="float"><text:p>1</text:p></table:table-cell>"#;
    let mismatched =
        with_part(&bomb, "content.xml", |t| t.replacen("<table:table ", "<x></y><table:table ", 1));
    let formulas = with_part(&bomb, "content.xml", |t| {
        assert!(t.contains(valued), "the fixture's row");
        t.replacen(
            valued,
            r#"<table:table-cell table:number-columns-repeated="1000" table:formula="of:=1"/>"#,
            1,
        )
    });
    for (name, bytes) in [("mismatched.ods", mismatched), ("formulas.ods", formulas)] {
        std::fs::write(dir.path().join(name), &bytes).expect("write");
        let stderr = refused_in(dir.path(), &["import", "actuals", name, "-o", "out.ron"], &[]);
        assert!(
            stderr.contains("表計算ファイルが大きすぎて読めません")
                && stderr.contains("100000 行 1000 列"),
            "{name}: {stderr}"
        );
    }
}
