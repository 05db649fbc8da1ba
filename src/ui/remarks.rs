//! The remarks on what the screen shows, in order, with speaker, kind and
//! time. Only the remarks that fit are laid out; the newest stay in view
//! unless one is selected.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use crate::app::state::App;
use crate::domain::session::{Remark, Sheet, Target};
use crate::i18n::Lang;

use super::theme::theme;
use crate::text::{fit, wrap};

/// `山田 太郎（会長）`, or 未指定.
#[must_use]
pub fn speaker_label(sheet: &Sheet, speaker: Option<&str>, lang: Lang) -> String {
    match speaker.and_then(|s| sheet.attendee(s)) {
        Some(a) => format!("{}{}", a.name, lang.paren(lang.role(a.role))),
        None => lang.texts().unspecified.to_string(),
    }
}

/// The lines of one remark, wrapped to `w` columns.
fn remark_lines(app: &App, r: &Remark, w: usize, selected: bool) -> Vec<Line<'static>> {
    let lang = app.lang;
    let t = lang.texts();
    let kind = lang.remark_kind(r.kind);
    let mut head = format!(
        "{} {} {}",
        r.at.format("%H:%M"),
        speaker_label(&app.session().sheet, r.speaker.as_deref(), lang),
        lang.tag(kind)
    );
    let bracket = |text: &str| match lang {
        Lang::Ja => format!("［{text}］"),
        Lang::En => format!(" [{text}]"),
    };
    if r.internal {
        head.push_str(&bracket(t.internal));
    }
    if let Some(who) = &r.prepared_by() {
        head.push_str(&bracket(&lang.labelled(t.prepared_label, who)));
    }
    let conflict = r.in_conflict();
    if conflict {
        head.push_str(&format!(" ⚠{}", t.conflict));
    }
    let marker = if selected { "▶" } else { " " };
    let body_w = w.saturating_sub(3).max(4);
    let mut lines = vec![Line::from(vec![
        Span::styled(marker.to_string(), theme().header),
        Span::styled(
            fit(&head, w.saturating_sub(1)),
            if selected { theme().selected } else { theme().muted },
        ),
    ])];
    for part in wrap(&r.text, body_w) {
        lines.push(Line::from(vec![
            Span::raw("   "),
            Span::styled(part, if selected { theme().selected } else { theme().base }),
        ]));
    }
    if conflict {
        // The versions a merge set aside, for the secretariat to settle.
        for other in
            r.trail().set_aside.iter().filter(|s| r.trail().resolved.is_none_or(|at| s.since > at))
        {
            let text = format!("   {}: {}", t.other_copy, other.text.replace('\n', " "));
            lines.push(Line::styled(fit(&text, w), theme().error));
        }
    }
    lines
}

/// Draws the remarks on `target` into `area` with a titled rule on top.
pub fn render(app: &App, target: &Target, frame: &mut Frame, area: Rect) {
    if area.height < 2 {
        return;
    }
    app.hits.borrow_mut().push((area, crate::app::state::Hit::Remarks));
    let t = app.lang.texts();
    let ids = app.remarks().of(target);
    let focus = app.remark_focus.filter(|s| *s < ids.len());
    let hint = match (focus.is_some(), app.is_follower()) {
        (_, true) => "",
        (true, false) => t.focus_hint,
        (false, false) => t.remarks_hint,
    };
    let title = format!(" {} {} ", t.remarks_label, ids.len());
    let block = Block::default()
        .borders(Borders::TOP)
        .border_style(if focus.is_some() { theme().header } else { theme().border })
        .title(Span::styled(title, theme().header))
        .title_top(Line::styled(format!(" {hint} "), theme().muted).right_aligned());
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let w = usize::from(inner.width);
    let h = usize::from(inner.height);
    if ids.is_empty() {
        // The projector records nothing: no key to name there.
        let none = if app.is_follower() { t.no_remarks_shown } else { t.no_remarks };
        frame.render_widget(Paragraph::new(Line::styled(none, theme().muted)), inner);
        return;
    }
    // Lay out backwards from the selected remark (or the newest) until
    // the area is full; that remark ends at the bottom.
    let anchor = focus.unwrap_or(ids.len() - 1);
    let mut blocks: Vec<Vec<Line>> = Vec::new();
    let mut used = 0;
    for (n, &i) in ids.iter().enumerate().take(anchor + 1).rev() {
        let Some(r) = app.session().remarks.get(i) else { continue };
        let lines = remark_lines(app, r, w, focus == Some(n));
        used += lines.len();
        blocks.push(lines);
        if used >= h {
            break;
        }
    }
    let mut lines: Vec<Line> = match blocks.first() {
        // The selected (or newest) remark alone is taller than the panel:
        // it is shown from its head (time, speaker, kind), its last line
        // shown cut with …, never its end alone under no one's name.
        Some(anchor) if anchor.len() > h => {
            let mut shown: Vec<Line> = anchor.iter().take(h).cloned().collect();
            if let Some(last) = shown.last_mut() {
                *last = Line::styled(format!("   {}", crate::text::ELLIPSIS), theme().muted);
            }
            shown
        }
        _ => blocks.into_iter().rev().flatten().collect(),
    };
    let overflow = lines.len().saturating_sub(h);
    lines.drain(..overflow);
    frame.render_widget(Paragraph::new(lines), inner);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::session::{Attendee, Role};

    /// The speaker's role in brackets as each language writes them: no
    /// full-width brackets in an English line.
    #[test]
    fn the_speakers_role_is_bracketed_in_the_interfaces_language() {
        let sheet = Sheet {
            attendees: vec![Attendee::new("a1", "山田 太郎", "", Role::Chair)],
            ..Sheet::default()
        };
        assert_eq!(speaker_label(&sheet, Some("a1"), Lang::Ja), "山田 太郎（会長）");
        assert_eq!(speaker_label(&sheet, Some("a1"), Lang::En), "山田 太郎 (chair)");
    }
}
