//! The start screen: a table of the folder's sessions (meeting date, title,
//! remarks, last save), the selected one highlighted, and the new meeting's
//! date typed at the bottom.

use std::time::SystemTime;

use chrono::{DateTime, Local};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

use crate::app::picker::Picker;
use crate::domain::fiscal::wareki_date;
use crate::i18n::Lang;
use crate::text::{fit, width, wrap};

use super::table::{Column, row, share_room};
use super::theme::theme;

/// The rows the list starts at, inside the frame (for clicks).
pub const LIST_TOP: u16 = 2;

fn saved_text(saved: Option<SystemTime>) -> String {
    saved.map_or_else(String::new, |s| {
        DateTime::<Local>::from(s).format("%Y-%m-%d %H:%M").to_string()
    })
}

fn date_text(lang: Lang, date: Option<chrono::NaiveDate>) -> String {
    match (lang, date) {
        (_, None) => "—".into(),
        (Lang::Ja, Some(d)) => wareki_date(d),
        (Lang::En, Some(d)) => d.to_string(),
    }
}

pub fn render(picker: &Picker, frame: &mut Frame) {
    let area = frame.area();
    let w = picker.lang.day();
    let [main, bottom] = Layout::vertical([Constraint::Min(1), Constraint::Length(1)]).areas(area);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme().border)
        .title(Span::styled(format!(" kpi-council — {} ", w.picker_title), theme().title));
    let inner = block.inner(main);
    frame.render_widget(block, main);
    let total = usize::from(inner.width);
    // As wide as the largest count listed: 100,000 remarks shown whole.
    let counts = picker.listed.iter().filter_map(|l| l.content.as_ref().ok());
    let widest = counts.map(|s| s.remarks.to_string().len()).max().unwrap_or(0);
    let mut columns = [
        Column::left(16),
        Column::left(0),
        Column::right(width(w.picker_remarks).max(5).max(widest)),
        Column::left(16),
    ];
    share_room(&mut columns, total, 10);
    let mut lines = vec![row(
        &columns,
        &[w.picker_date, w.picker_title_column, w.picker_remarks, w.picker_saved],
        theme().header,
    )];
    let room = usize::from(inner.height.saturating_sub(3));
    let first = picker.selected.saturating_sub(room.saturating_sub(1));
    for (i, listed) in picker.listed.iter().enumerate().skip(first).take(room) {
        let name = listed.path.file_name().map(|n| n.to_string_lossy().into_owned());
        let (date, title, remarks) = match &listed.content {
            Ok(s) => {
                let mut title = s.title.clone();
                if listed.copy_of.is_some() {
                    title = format!("[{}] {title}", w.picker_copy);
                }
                if listed.open_elsewhere {
                    title = format!("[{}] {title}", w.picker_in_use);
                }
                (date_text(picker.lang, s.date), title, s.remarks.to_string())
            }
            Err(_) => (
                "—".into(),
                format!("[{}] {}", w.picker_unreadable, name.clone().unwrap_or_default()),
                String::new(),
            ),
        };
        let style = if i == picker.selected { theme().selected } else { theme().base };
        let title = fit(&title, columns[1].width);
        lines.push(row(&columns, &[&date, &title, &remarks, &saved_text(listed.saved)], style));
    }
    if let Some(listed) = picker.listed.get(picker.selected) {
        lines.push(Line::raw(""));
        lines.push(Line::styled(
            fit(&format!("{}: {}", w.picker_file, listed.path.display()), total),
            theme().muted,
        ));
        // Why a file cannot be read, whole: its way forward is at its end.
        if let Err(reason) = &listed.content {
            lines.extend(wrap(reason, total).into_iter().map(|l| Line::styled(l, theme().error)));
        }
        if let Some(original) = &listed.copy_of {
            let text = crate::i18n::fill(
                w.picker_copy_of,
                &[("original", &typed(original)), ("copy", &typed(&listed.path))],
            );
            lines.extend(wrap(&text, total).into_iter().map(|l| Line::styled(l, theme().notice)));
        }
    }
    frame.render_widget(Paragraph::new(lines), inner);
    render_bottom(picker, frame, bottom);
}

/// A path as typed in a command: in double quotes when it holds a space
/// or a character a shell reads (a conflicted copy's name usually does).
fn typed(path: &std::path::Path) -> String {
    let text = path.display().to_string();
    if text.chars().any(|c| c.is_whitespace() || "'\"()&;|<>$`*?[]#~!{}".contains(c)) {
        format!("\"{text}\"")
    } else {
        text
    }
}

fn render_bottom(picker: &Picker, frame: &mut Frame, area: Rect) {
    let w = picker.lang.day();
    if let Some((_, _, label)) = &picker.offer {
        // The question on the list's last row, the keys that answer it on
        // the bottom line: at 80 columns a long title once pushed the keys
        // off the screen. A title too long is cut, never the question nor
        // the earlier meeting's date, which tells the meetings apart (the
        // label ends with it in brackets, Picker::earlier_than).
        let words = picker.lang.agenda();
        let total = usize::from(area.width);
        let rest = width(&crate::i18n::fill(words.offer, &[("earlier", &"")]));
        let open = match picker.lang {
            Lang::Ja => "（",
            Lang::En => " (",
        };
        let (title, date) = label.rfind(open).map_or((label.as_str(), ""), |i| label.split_at(i));
        let title = fit(title, total.saturating_sub(rest + width(date)));
        let label = format!("{title}{date}");
        let text = crate::i18n::fill(words.offer, &[("earlier", &label)]);
        let above = Rect { y: area.y.saturating_sub(1), ..area };
        frame.render_widget(Clear, above);
        frame.render_widget(Paragraph::new(Span::styled(fit(&text, total), theme().notice)), above);
        let keys = Span::styled(fit(words.offer_keys, total), theme().status_line);
        frame.render_widget(Paragraph::new(Line::from(keys)), area);
        return;
    }
    if let Some(input) = &picker.new_date {
        super::prompt::line(frame, area, w.picker_new_date, input, w.picker_new_hint);
    }
    let line = match &picker.message {
        Some(m) => Span::styled(fit(m, usize::from(area.width)), theme().error),
        None if picker.new_date.is_none() => {
            Span::styled(fit(w.picker_hint, usize::from(area.width)), theme().status_line)
        }
        None => return,
    };
    // The message replaces the line; with the date form open it is shown
    // above the form, on the list's last row, so neither hides the other.
    let at =
        if picker.new_date.is_some() { Rect { y: area.y.saturating_sub(1), ..area } } else { area };
    frame.render_widget(Clear, at);
    frame.render_widget(Paragraph::new(Line::from(line)).style(theme().status_line), at);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::session_list::{Listed, Summary};

    /// Every count of remarks is shown whole, at the smallest size too.
    #[test]
    fn a_large_count_of_remarks_is_shown_whole() {
        let listed = |title: &str, remarks: usize| Listed {
            path: format!("{title}.ron").into(),
            content: Ok(Summary {
                title: title.into(),
                date: Some("2019-05-20".parse().expect("date")),
                remarks,
                plan_sha256: String::new(),
            }),
            saved: None,
            open_elsewhere: false,
            copy_of: None,
        };
        let today = "2020-05-25".parse().expect("date");
        let picker = Picker::new(
            vec![listed("大きい会議", 1_234_567), listed("小さい会議", 3)],
            today,
            crate::i18n::Lang::Ja,
        );
        for (w, h) in [(80, 24), (120, 40)] {
            let mut terminal =
                ratatui::Terminal::new(ratatui::backend::TestBackend::new(w, h)).expect("terminal");
            terminal.draw(|frame| render(&picker, frame)).expect("drawn");
            let buffer = terminal.backend().buffer();
            let rows: Vec<String> = (0..h)
                .map(|y| (0..w).map(|x| buffer[(x, y)].symbol().to_string()).collect())
                .collect();
            // (a wide character's second cell holds a space)
            let of = |title: &str| {
                rows.iter().find(|r| r.replace(' ', "").contains(title)).expect("listed")
            };
            assert!(of("大きい会議").contains(" 1234567 "), "{w}x{h}: {}", of("大きい会議"));
            assert!(of("小さい会議").contains(" 3 "), "{w}x{h}: {}", of("小さい会議"));
        }
    }

    /// A copy selected says whose copy it is and the merge that brings it
    /// in, its names quoted as a shell needs them.
    #[test]
    fn a_copy_says_how_to_bring_it_in() {
        let listed = |path: &str, copy_of: Option<&str>| Listed {
            path: path.into(),
            content: Ok(Summary {
                title: "第1回".into(),
                date: Some("2019-05-20".parse().expect("date")),
                remarks: 3,
                plan_sha256: String::new(),
            }),
            saved: None,
            open_elsewhere: false,
            copy_of: copy_of.map(Into::into),
        };
        let original = "sessions/2019-05-20-北見市.ron";
        let copy = "sessions/2019-05-20-北見市 (1).ron";
        let mut picker = Picker::new(
            vec![listed(copy, Some(original)), listed(original, None)],
            "2019-05-20".parse().expect("date"),
            crate::i18n::Lang::En,
        );
        assert_eq!(picker.selected, 1, "the session itself is selected");
        picker.selected = 0;
        let (w, h) = (200, 12);
        let mut terminal =
            ratatui::Terminal::new(ratatui::backend::TestBackend::new(w, h)).expect("terminal");
        terminal.draw(|frame| render(&picker, frame)).expect("drawn");
        let buffer = terminal.backend().buffer();
        let screen: String = (0..h)
            .map(|y| (0..w).map(|x| buffer[(x, y)].symbol().to_string()).collect::<String>())
            .collect::<Vec<_>>()
            .join("\n");
        // (a wide character's second cell holds a space; the advice wraps)
        let flat = screen.replace([' ', '\n', '│'], "");
        assert!(flat.contains("[copy]第1回"), "{screen}");
        let merge = format!("kpi-council merge {original} \"{copy}\" -o {original}");
        assert!(flat.contains(&merge.replace(' ', "")), "{screen}");
    }

    /// The offer to follow up the earlier meeting shows its question, the
    /// earlier meeting's date (the title is cut for it: the date was) and
    /// the keys that answer it at 80 columns, with the default title.
    #[test]
    fn the_offer_and_its_keys_are_seen_at_80_columns() {
        let screen = |lang, label: &str| {
            let today = "2019-05-20".parse().expect("date");
            let mut picker = Picker::new(vec![], today, lang);
            picker.offer = Some((today, "2019-05-13.ron".into(), label.to_string()));
            let mut terminal = ratatui::Terminal::new(ratatui::backend::TestBackend::new(80, 24))
                .expect("terminal");
            terminal.draw(|frame| render(&picker, frame)).expect("drawn");
            terminal
                .backend()
                .buffer()
                .content()
                .iter()
                .map(ratatui::buffer::Cell::symbol)
                .collect::<String>()
        };
        let english = screen(Lang::En, "令和元年度 北見地域企業立地促進協議会 (2019-05-13)");
        // (A wide character's second column is drawn as a blank.)
        assert!(english.replace(' ', "").contains("協議…(2019-05-13)?"), "{english}");
        let today = "2019-05-20".parse().expect("date");
        let mut picker = Picker::new(vec![], today, crate::i18n::Lang::Ja);
        let label = "令和元年度 北見地域企業立地促進協議会（2019-05-13）".to_string();
        picker.offer = Some((today, "2019-05-13.ron".into(), label));
        let mut terminal =
            ratatui::Terminal::new(ratatui::backend::TestBackend::new(80, 24)).expect("terminal");
        terminal.draw(|frame| render(&picker, frame)).expect("drawn");
        let buffer = terminal.backend().buffer();
        let screen: String = (0..24)
            .map(|y| (0..80).map(|x| buffer[(x, y)].symbol().to_string()).collect::<String>())
            .collect::<Vec<_>>()
            .join("\n")
            .replace(' ', "");
        for text in [
            "の指摘事項を議題に入れますか？",
            "（2019-05-13）",
            "y/Enter:入れる",
            "n:入れない",
            "Esc:戻る",
        ] {
            assert!(screen.contains(text), "{text}:\n{screen}");
        }
    }
}
