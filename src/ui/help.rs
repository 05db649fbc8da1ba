//! The help overlay: every key of the screen you are on, generated from
//! the keymap so it cannot drift from the real keys.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use crate::app::action::Action;
use crate::app::keymap::help_rows;
use crate::app::state::App;

use super::theme::theme;
use crate::text::{pad_right, width};

pub fn render(app: &App, frame: &mut Frame, area: Rect) {
    let t = app.lang.texts();
    let actions = app.actions();
    let mut rows = help_rows(actions, app.lang);
    // Enter said as this screen does it: the keymap's word for it is
    // "drill down", but it renames an agenda item, edits a sheet's field
    // and, with the remarks selected, the remark.
    if let Some(words) = enter_here(app) {
        let enter = Action::Enter.describe(app.lang);
        for row in rows.iter_mut().filter(|(_, d)| *d == enter) {
            row.1 = words;
        }
    }
    // The projector records nothing: its q only quits.
    if app.is_follower() {
        let quit = Action::Quit.describe(app.lang);
        let words = match app.lang {
            crate::i18n::Lang::Ja => "終了（記録は記録している端末が保存します）",
            crate::i18n::Lang::En => "quit (the recording terminal saves the session)",
        };
        for row in rows.iter_mut().filter(|(_, d)| *d == quit) {
            row.1 = words;
        }
    }
    // The overview's mark, said where the keys are: a plan-period sum that
    // leaves out a year (or has none yet) is marked in its cell.
    let data = app.data();
    let marked = (0..data.plan.kpis.len())
        .filter_map(|k| data.ledger.total(k))
        .any(crate::domain::ledger::PeriodTotal::has_note);
    if matches!(app.screen(), crate::app::state::Screen::Overview) && marked {
        rows.push((app.lang.note_mark().to_string(), app.lang.note_mark_meaning()));
    }
    let key_w = rows.iter().map(|(k, _)| width(k)).max().unwrap_or(0);
    let desc_w = rows.iter().map(|(_, d)| width(d)).max().unwrap_or(0);
    let inner_w = (key_w + 2 + desc_w).max(width(t.help_close));
    let w = u16::try_from(inner_w + 4).unwrap_or(u16::MAX).min(area.width);
    let h = u16::try_from(rows.len() + 4).unwrap_or(u16::MAX).min(area.height);
    let popup = Rect {
        x: area.x + (area.width - w) / 2,
        y: area.y + (area.height - h) / 2,
        width: w,
        height: h,
    };
    let inner_h = usize::from(h.saturating_sub(2));
    let all = rows.len();
    // When every row and the closing hint fit, the hint is the last line;
    // otherwise the rows scroll (↑↓) and the hint sits on the border.
    let fits = all + 2 <= inner_h;
    let offset = if fits { 0 } else { app.help_scroll().min(all.saturating_sub(inner_h)) };
    let mut lines: Vec<Line> = rows
        .into_iter()
        .skip(offset)
        .take(inner_h)
        .map(|(k, d)| {
            Line::from(vec![
                Span::styled(pad_right(&k, key_w), theme().header),
                Span::raw("  "),
                Span::raw(d),
            ])
        })
        .collect();
    let mut block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme().header)
        .title(Span::styled(format!(" {} ", t.help_title), theme().title));
    if fits {
        lines.push(Line::raw(""));
        lines.push(Line::styled(t.help_close, theme().muted));
    } else {
        let more = if offset + inner_h < all { t.help_more } else { "" };
        block =
            block.title_bottom(Line::styled(format!(" {more}{} ", t.help_close), theme().muted));
    }
    super::clear_popup(frame, popup);
    frame.render_widget(Paragraph::new(lines).block(block), popup);
}

/// What Enter does on the screen shown, where it is not drilling down.
fn enter_here(app: &App) -> Option<&'static str> {
    use crate::app::state::Screen;
    use crate::i18n::Lang;
    if app.remark_focus.is_some() {
        // The remarks selected (Tab): Enter edits the one chosen.
        return Some(match app.lang {
            Lang::Ja => "選んだ発言を編集",
            Lang::En => "edit the selected remark",
        });
    }
    match (app.screen(), app.lang) {
        (Screen::Agenda(_), Lang::Ja) => Some("議題名を変更"),
        (Screen::Agenda(_), Lang::En) => Some("rename the item"),
        (Screen::Sheet(_), Lang::Ja) => Some("選んだ項目を編集"),
        (Screen::Sheet(_), Lang::En) => Some("edit the selected field"),
        _ => None,
    }
}
