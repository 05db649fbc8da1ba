//! The minutes as Markdown (CommonMark with GFM tables), for the chair's
//! approval and for any Markdown viewer. Every text that came from a user
//! or a file is escaped, so a `|` cannot break a table and a remark that
//! starts with `#` or `-` stays text.

use std::fmt::Write;

use crate::domain::fiscal::FiscalYear;
use crate::domain::quantity::Quantity;
use crate::text::clean;

use super::minutes::{
    BreakdownRow, Figures, FollowUpSection, FreeSection, ItemSection, JudgmentEntry, Minutes, Part,
    Proceeding, RemarkEntry, withheld_note, words as w,
};

/// Escapes text for CommonMark inline content. Hand-written because no
/// maintained crate escapes Markdown *text* (pulldown-cmark-escape covers
/// HTML and URLs only): CommonMark lets any ASCII punctuation be escaped
/// with a backslash, and this escapes every character that can start
/// markup inline (`\` `` ` `` `*` `_` `[` `]` `<` `>` `&` `|` `~` `!`) and
/// those that open a block at the start of a line (`#` `-` `+` `=` `>` and
/// `1.` / `1)`). Controls become visible placeholders, newlines spaces.
#[must_use]
pub fn escape(text: &str) -> String {
    // Nearly every name and note: nothing to escape, nothing to trim.
    let plain = !text.starts_with(|c: char| {
        c.is_whitespace() || c.is_ascii_digit() || matches!(c, '-' | '+' | '=')
    }) && !text.contains(|c: char| {
        matches!(
            c,
            '\r' | '\n'
                | '\\'
                | '`'
                | '*'
                | '_'
                | '['
                | ']'
                | '<'
                | '>'
                | '&'
                | '|'
                | '~'
                | '!'
                | '#'
        )
    });
    if plain {
        return clean(text).into_owned();
    }
    escape_any(text)
}

/// As [`escape`], for any text.
fn escape_any(text: &str) -> String {
    let text = clean(&text.replace(['\r', '\n'], " ")).into_owned();
    let mut out = String::with_capacity(text.len() + 8);
    let trimmed = text.trim_start();
    let chars: Vec<char> = trimmed.chars().collect();
    // A run of digits then `.` or `)` at the start would open a list.
    let digits = chars.iter().take_while(|c| c.is_ascii_digit()).count();
    for (i, c) in chars.iter().enumerate() {
        let at_start = i == 0;
        let list_mark = digits > 0 && i == digits && matches!(c, '.' | ')');
        if matches!(c, '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '&' | '|' | '~' | '!' | '#')
            || (at_start && matches!(c, '-' | '+' | '='))
            || list_mark
        {
            out.push('\\');
        }
        out.push(*c);
    }
    out
}

fn value(q: Option<Quantity>, unit: &str) -> String {
    crate::i18n::Lang::Ja.figure(q, &escape(unit))
}

/// `| 指標 | 種類 | (集計方法 |) 目標 | 実績 | 達成率 | 評価 |`.
fn figures_row(f: &Figures) -> String {
    let rule = f.rule.as_ref().map(|r| format!(" {} |", escape(r))).unwrap_or_default();
    format!(
        "| {} | {} |{rule} {} | {} | {} | {} |",
        escape(&f.kpi),
        escape(&f.kind),
        value(f.target, &f.unit),
        value(f.actual, &f.unit),
        crate::i18n::Lang::Ja.rate(f.rate),
        crate::i18n::Lang::Ja.status(f.status)
    )
}

/// A remark as a list item; its lines as hard breaks, answers nested.
fn remark(out: &mut String, r: &RemarkEntry, indent: usize) {
    let pad = " ".repeat(indent);
    let prepared =
        r.prepared.as_ref().map_or(String::new(), |p| format!("〔{}〕", escape(&p.label())));
    let internal = if r.internal { "〔非公開〕" } else { "" };
    let kind = crate::i18n::Lang::Ja.remark_kind(r.kind);
    let lines: Vec<String> = match &r.reference {
        Some(place) => vec![format!("→ {place}")],
        None => r.text.lines().filter(|l| !l.trim().is_empty()).map(escape).collect(),
    };
    let _ = write!(out, "{pad}- {} 〔{kind}〕{prepared}{internal}{}：", r.time, escape(&r.speaker));
    for (i, line) in lines.iter().enumerate() {
        if i > 0 {
            let _ = write!(out, "  \n{pad}  ");
        }
        out.push_str(line);
    }
    out.push('\n');
    for a in &r.answers {
        remark(out, a, indent + 2);
    }
}

fn judgment(j: &JudgmentEntry) -> String {
    let internal = if j.internal { "〔非公開〕" } else { "" };
    let reason: Vec<String> =
        j.reason.lines().filter(|l| !l.trim().is_empty()).map(escape).collect();
    let mut text =
        format!("{}{internal}：{}／{}", escape(&j.about), escape(&j.effect), escape(&j.policy));
    if !reason.is_empty() {
        let _ = write!(text, "（理由：{}）", reason.join(" "));
    }
    text
}

/// The whole document.
#[must_use]
pub fn render(m: &Minutes) -> String {
    let mut out = String::new();
    heading(&mut out, m);
    outline(&mut out, m);
    kpi_tables(&mut out, m);
    proceedings(&mut out, m);
    judgments_and_lists(&mut out, m);
    record(&mut out, m);
    out
}

/// Title and the notes above everything (internal, sample, withheld).
fn heading(out: &mut String, m: &Minutes) {
    let _ = writeln!(*out, "# {} {}\n", escape(&m.title), w::MINUTES);
    let mut notes = Vec::new();
    if !m.public {
        notes.push(format!("**{}**", w::INTERNAL_NOTE));
    }
    if m.sample {
        notes.push(w::SAMPLE_NOTE.to_string());
    }
    if let Some(n) = withheld_note(m) {
        notes.push(n);
    }
    for n in &notes {
        let _ = writeln!(*out, "> {n}  ");
    }
    if !notes.is_empty() {
        out.push('\n');
    }
}

/// 開催概要: date and time, place, attendees by role, agenda.
fn outline(out: &mut String, m: &Minutes) {
    let _ = writeln!(*out, "## {}\n", w::OUTLINE);
    if let Some(when) = &m.when {
        let greg = m.when_gregorian.as_ref().map_or(String::new(), |g| format!("（{g}）"));
        let _ = writeln!(*out, "- **{}**：{when}{greg}", w::WHEN);
    }
    if !m.place.is_empty() {
        let _ = writeln!(*out, "- **{}**：{}", w::PLACE, escape(&m.place));
    }
    let _ = writeln!(*out, "- **{}**", w::ATTENDEES);
    if m.attendees.is_empty() {
        let _ = writeln!(*out, "  - {}", w::NONE);
    }
    for (role, names) in &m.attendees {
        let names: Vec<String> = names.iter().map(|n| escape(n)).collect();
        let _ = writeln!(*out, "  - {role}：{}", names.join("、"));
    }
    if !m.absentees.is_empty() {
        let _ = writeln!(*out, "- **{}**", w::ABSENTEES);
        for (role, names) in &m.absentees {
            let names: Vec<String> = names.iter().map(|n| escape(n)).collect();
            let _ = writeln!(*out, "  - {role}：{}", names.join("、"));
        }
    }
    if !m.materials.is_empty() {
        let _ = writeln!(*out, "- **{}**", w::MATERIALS);
        for x in &m.materials {
            let _ = writeln!(*out, "  - {}", escape(x));
        }
    }
    let _ = writeln!(*out, "- **{}**", w::AGENDA);
    for (i, a) in m.agenda.iter().enumerate() {
        let _ = writeln!(*out, "  {}. {}", i + 1, escape(&a.title));
    }
    out.push('\n');
}

/// The KPI table of the evaluated year and the plan-period totals.
fn kpi_tables(out: &mut String, m: &Minutes) {
    let year = m.evaluated_year;
    let _ = writeln!(*out, "## {}（{}）\n", w::KPI_TABLE, crate::i18n::Lang::Ja.fiscal_year(year));
    let _ = writeln!(
        *out,
        "| 指標 | {} | 目標（{}） | 実績 | 達成率 | 評価 |",
        w::KIND,
        year.target_label()
    );
    out.push_str("| --- | --- | ---: | ---: | ---: | --- |\n");
    for f in &m.kpi_table {
        let _ = writeln!(*out, "{}", figures_row(f));
    }
    let _ = writeln!(*out, "\n### {}\n", w::TOTALS);
    let _ = writeln!(*out, "| 指標 | {} | {} | 目標 | 実績 | 達成率 | 評価 |", w::KIND, w::RULE);
    out.push_str("| --- | --- | --- | ---: | ---: | ---: | --- |\n");
    for f in &m.totals {
        let _ = writeln!(*out, "{}", figures_row(f));
    }
    out.push('\n');
}

/// 審議の内容: each 議題 numbered as the outline lists it, the KPI items
/// （1）（2）… under the KPIs' 議題; then the meeting and the companies.
fn proceedings(out: &mut String, m: &Minutes) {
    let _ = writeln!(*out, "## {}\n", w::PROCEEDINGS);
    for (i, topic) in m.agenda.iter().enumerate() {
        let _ = writeln!(*out, "### {}. {}\n", i + 1, escape(&topic.title));
        match topic.part {
            Part::Kpis => {
                let _ = writeln!(*out, "→ {}\n", w::KPI_TABLE);
                for (n, p) in m.under_kpis().into_iter().enumerate() {
                    let title = match p {
                        Proceeding::Item(k) => &m.items[*k].heading,
                        Proceeding::Free(free) => &free.heading,
                        Proceeding::FollowUps(f) => &f.heading,
                    };
                    let _ = writeln!(*out, "#### （{}）{}\n", n + 1, escape(title));
                    section(out, m, p);
                }
            }
            Part::Verification => {
                let _ = writeln!(*out, "→ {}\n", w::JUDGMENTS);
            }
            Part::Section(p) => section(out, m, &m.proceedings[p]),
        }
    }
    if !m.meeting_remarks.is_empty() {
        let _ = writeln!(*out, "### {}\n", w::MEETING);
        for r in &m.meeting_remarks {
            remark(out, r, 0);
        }
        out.push('\n');
    }
    if !m.company_remarks.is_empty() {
        let _ = writeln!(*out, "### {}\n", w::COMPANIES);
        for (company, remarks) in &m.company_remarks {
            let _ = writeln!(*out, "#### {}\n", escape(company));
            for r in remarks {
                remark(out, r, 0);
            }
            out.push('\n');
        }
    }
}

/// One section of 審議の内容 under its heading.
fn section(out: &mut String, m: &Minutes, p: &Proceeding) {
    match p {
        Proceeding::Item(n) => item_section(out, &m.items[*n]),
        Proceeding::Free(free) => free_section(out, free),
        Proceeding::FollowUps(f) => follow_up_section(out, f),
    }
}

/// A KPI item: its figures (under the KPI's own name when the agenda
/// renamed it), the breakdown, the remarks and the judgment.
fn item_section(out: &mut String, item: &ItemSection) {
    let f = &item.figures;
    if let Some(indicator) = item.renamed() {
        let _ = writeln!(*out, "{}：{}\n", w::INDICATOR, escape(indicator));
    }
    let rate = f.rate.map_or(String::new(), |r| format!("、達成率 {r}"));
    let target = match f.target {
        Some(_) => format!("目標 {}（{}）", value(f.target, &f.unit), item.target_date),
        None => "目標の設定なし".to_string(),
    };
    let baseline = item.baseline.as_ref().map_or(String::new(), |b| format!("（{}）", escape(b)));
    let _ = writeln!(
        out,
        "{target}{baseline}、実績 {}{rate}（{}）\n",
        value(f.actual, &f.unit),
        crate::i18n::Lang::Ja.status(f.status)
    );
    if let Some(source) = &item.source {
        let _ = writeln!(*out, "出典：{}\n", escape(source));
    }
    if let Some(revised) = &item.revised {
        let _ = writeln!(*out, "{}\n", escape(revised));
    }
    // As in the Word and HTML minutes: no companies (a 率), no table.
    if let Some(rows) = item.breakdown.as_ref().filter(|r| !r.is_empty()) {
        breakdown(out, rows, &f.unit);
    }
    remarks(out, &item.remarks);
    if let Some(j) = &item.judgment {
        let _ = writeln!(*out, "**評価**：{}\n", judgment(j));
    }
}

/// The companies behind an item's figure.
fn breakdown(out: &mut String, rows: &[BreakdownRow], unit: &str) {
    let _ = writeln!(*out, "**{}**\n", w::BREAKDOWN);
    // Behind a running total, the year each part was added in.
    let by_year = rows.iter().any(|r| r.fiscal_year.is_some());
    if by_year {
        let _ = writeln!(
            out,
            "| 企業 | 区分 | {} | 値 | 構成比 | 備考 |\n| --- | --- | --- | ---: | ---: | --- |",
            w::CONTRIBUTED_IN
        );
    } else {
        out.push_str("| 企業 | 区分 | 値 | 構成比 | 備考 |\n| --- | --- | ---: | ---: | --- |\n");
    }
    for r in rows {
        let year = if by_year {
            format!(" {} |", r.fiscal_year.map(FiscalYear::wareki).unwrap_or_default())
        } else {
            String::new()
        };
        let _ = writeln!(
            out,
            "| {} | {} |{year} {}{} | {} | {} |",
            escape(&r.company),
            escape(r.kind),
            r.value,
            escape(unit),
            r.share.map_or(String::new(), |s| s.to_string()),
            escape(&r.note)
        );
    }
    out.push('\n');
}

/// **発言** and the remarks, or 発言なし.
fn remarks(out: &mut String, list: &[RemarkEntry]) {
    let _ = writeln!(*out, "**{}**\n", w::REMARKS);
    if list.is_empty() {
        let _ = writeln!(*out, "{}\n", w::NO_REMARKS);
    } else {
        for r in list {
            remark(out, r, 0);
        }
        out.push('\n');
    }
}

/// A free agenda item: its 資料番号, note and remarks.
fn free_section(out: &mut String, free: &FreeSection) {
    if !free.document.trim().is_empty() {
        let _ = writeln!(*out, "{}：{}\n", w::DOCUMENT, escape(&free.document));
    }
    if !free.note.trim().is_empty() {
        let _ = writeln!(*out, "{}\n", escape(&free.note));
    }
    remarks(out, &free.remarks);
}

/// 前回の指摘事項への対応: each item with its wording, item, speaker,
/// status and note, then the remarks on it.
fn follow_up_section(out: &mut String, f: &FollowUpSection) {
    if !f.from.trim().is_empty() {
        let _ = writeln!(*out, "前回：{}\n", escape(&f.from));
    }
    if f.entries.is_empty() {
        let _ = writeln!(*out, "{}\n", w::NONE);
    } else {
        out.push_str("| 区分 | 指摘事項 | 対象 | 発言者 | 対応状況 | 備考 |\n");
        out.push_str("| --- | --- | --- | --- | --- | --- |\n");
        for e in &f.entries {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} | {} |",
                follow_up_kind(e.kind),
                escape(&e.text),
                escape(&e.about),
                escape(&e.speaker),
                e.status.label(),
                escape(&e.note)
            );
        }
        out.push('\n');
    }
    remarks(out, &f.remarks);
}

/// 要対応 or 決定, as the 前回の指摘事項 table names them.
#[must_use]
pub fn follow_up_kind(kind: crate::domain::session::RemarkKind) -> &'static str {
    if kind == crate::domain::session::RemarkKind::Decision {
        "決定事項"
    } else {
        "要対応事項"
    }
}

/// 評価, 決定事項 and 要対応事項.
fn judgments_and_lists(out: &mut String, m: &Minutes) {
    let _ = writeln!(*out, "## {}\n", w::JUDGMENTS);
    let judgments: Vec<&JudgmentEntry> =
        m.plan_judgment.iter().chain(m.items.iter().filter_map(|i| i.judgment.as_ref())).collect();
    if judgments.is_empty() {
        let _ = writeln!(*out, "{}\n", w::NONE);
    } else {
        for j in judgments {
            let _ = writeln!(*out, "- {}", judgment(j));
        }
        out.push('\n');
    }
    for (title, list) in [(w::DECISIONS, &m.decisions), (w::ACTIONS, &m.actions)] {
        let _ = writeln!(*out, "## {title}\n");
        if list.is_empty() {
            let _ = writeln!(*out, "{}\n", w::NONE);
        } else {
            for (i, r) in list.iter().enumerate() {
                let lines: Vec<String> =
                    r.text.lines().filter(|l| !l.trim().is_empty()).map(escape).collect();
                let _ = writeln!(
                    out,
                    "{}. {}（{} {}、{}）",
                    i + 1,
                    lines.join(" "),
                    r.time,
                    escape(&r.about),
                    escape(&r.speaker)
                );
            }
            out.push('\n');
        }
    }
}

/// Which data the meeting saw.
fn record(out: &mut String, m: &Minutes) {
    if !m.next_meeting.trim().is_empty() {
        let _ = writeln!(*out, "## {}\n\n{}\n", w::NEXT_MEETING, escape(&m.next_meeting));
    }
    if !m.signers.is_empty() {
        let _ = writeln!(*out, "## {}\n", w::SIGNERS);
        for x in &m.signers {
            let _ = writeln!(*out, "- {}", escape(x));
        }
        out.push('\n');
    }
    let _ = writeln!(*out, "## {}\n", w::RECORD);
    let _ = writeln!(*out, "- 計画：{}（{}）", escape(&m.plan_name), escape(&m.author));
    for s in &m.sources {
        let _ = writeln!(
            *out,
            "- {}ファイル：{}（SHA-256: `{}`）",
            s.what,
            escape(&s.cited()),
            super::safe::hash(&s.sha256)
        );
        if let Some(note) = s.recorded_note() {
            let _ = writeln!(*out, "  - {}", escape(&note));
        }
    }
    if m.sample {
        let _ = writeln!(*out, "- サンプルデータを使用");
    }
}

#[cfg(test)]
mod tests {
    use super::{escape, escape_any};

    proptest::proptest! {
        /// The shortcut for a text with nothing to escape makes what the
        /// general way makes.
        #[test]
        fn plain_text_is_escaped_as_any_text(
            text in "[a-z0-9あ北 \t\r\n\u{1b}\u{202e}\u{85}\u{feff}=+#|*.)-]{0,12}",
        ) {
            proptest::prop_assert_eq!(escape(&text), escape_any(&text));
        }
    }

    #[test]
    fn markup_in_user_text_stays_text() {
        assert_eq!(escape("a|b"), "a\\|b");
        assert_eq!(escape("# 見出し"), "\\# 見出し");
        assert_eq!(escape("- 項目"), "\\- 項目");
        assert_eq!(escape("1. 番号"), "1\\. 番号");
        assert_eq!(escape("2019-05-20"), "2019-05-20");
        assert_eq!(escape("<script>alert(1)</script>"), "\\<script\\>alert(1)\\</script\\>");
        assert_eq!(escape("[link](http://x)"), "\\[link\\](http://x)");
        assert_eq!(escape("a\\b"), "a\\\\b");
        assert_eq!(escape("行1\n行2"), "行1 行2");
        assert_eq!(escape("\u{1b}[2J"), "\u{241b}\\[2J");
    }
}
