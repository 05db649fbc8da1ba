//! The remarks on what the screen shows, in order, with speaker, kind and
//! time. Only the remarks that fit are laid out; the newest stay in view
//! unless one is selected.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use crate::app::state::App;
use crate::domain::session::review::same_member;
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

/// When a remark was recorded: its time on the meeting's day, the day
/// too when it was another (`5/13 20:00`: a member's question prepared at
/// home, read out at the meeting), the year too in another year.
fn when(sheet: &Sheet, r: &Remark) -> String {
    use chrono::Datelike;
    let (day, time) = (r.at.date_naive(), r.at.format("%H:%M"));
    match sheet.date {
        Some(meeting) if meeting != day && meeting.year() == day.year() => {
            format!("{}/{} {time}", day.month(), day.day())
        }
        Some(meeting) if meeting != day => {
            format!("{}/{}/{} {time}", day.year(), day.month(), day.day())
        }
        _ => time.to_string(),
    }
}

/// The head line of a remark: when, who, what kind, and its marks.
fn remark_head(sheet: &Sheet, r: &Remark, lang: Lang) -> String {
    let t = lang.texts();
    let kind = lang.remark_kind(r.kind);
    let mut head = format!(
        "{} {} {}",
        when(sheet, r),
        speaker_label(sheet, r.speaker.as_deref(), lang),
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
        // The member named once when she is the speaker, as the minutes do.
        let speaker = r.speaker.as_deref().and_then(|id| sheet.attendee(id));
        if speaker.is_some_and(|a| same_member(&a.name, who)) {
            head.push_str(&bracket(t.prepared_label));
        } else {
            head.push_str(&bracket(&lang.labelled(t.prepared_label, who)));
        }
    }
    if r.in_conflict() {
        head.push_str(&format!(" ⚠{}", t.conflict));
    }
    head
}

/// The lines of one remark, wrapped to `w` columns.
fn remark_lines(app: &App, r: &Remark, w: usize, selected: bool) -> Vec<Line<'static>> {
    let t = app.lang.texts();
    let head = remark_head(&app.session().sheet, r, app.lang);
    let conflict = r.in_conflict();
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

    /// A member's question prepared at home on 5月14日 at 20:00 shows its
    /// day at the meeting of 5月20日: 「20:00」 alone read as said at the
    /// meeting, six hours after it began. The meeting's own remarks keep
    /// the time alone.
    #[test]
    fn a_remark_from_another_day_than_the_meetings_shows_its_day() {
        use crate::domain::session::remark::{RemarkKind, Trail};
        let sheet = Sheet {
            date: chrono::NaiveDate::from_ymd_opt(2019, 5, 20),
            attendees: vec![Attendee::new("a2", "佐藤 花子", "", Role::Member)],
            ..Sheet::default()
        };
        let at = |s: &str| chrono::DateTime::parse_from_rfc3339(s).expect("time");
        let remark = |stamp: &str| {
            let r = Remark::new(
                "01".into(),
                at(stamp),
                RemarkKind::Question,
                Target::Meeting,
                "要因は何か。".into(),
            );
            Remark { speaker: Some("a2".into()), ..r }
                .with_trail(Trail { prepared_by: Some("佐藤 花子".into()), ..Trail::default() })
        };
        assert_eq!(
            remark_head(&sheet, &remark("2019-05-14T20:00:00+09:00"), Lang::Ja),
            "5/14 20:00 佐藤 花子（委員） 〔質問〕［事前質問］"
        );
        assert_eq!(
            remark_head(&sheet, &remark("2018-12-20T09:30:00+09:00"), Lang::Ja),
            "2018/12/20 09:30 佐藤 花子（委員） 〔質問〕［事前質問］"
        );
        assert!(
            remark_head(&sheet, &remark("2019-05-20T14:05:00+09:00"), Lang::Ja)
                .starts_with("14:05 佐藤 花子（委員）")
        );
        let undated = Sheet { date: None, ..sheet };
        assert_eq!(
            remark_head(&undated, &remark("2019-05-14T20:00:00+09:00"), Lang::En),
            "20:00 佐藤 花子 (member) [question] [Prepared question]"
        );
        // Said by someone else (未指定 here): the member is named.
        let unspecified = Remark { speaker: None, ..remark("2019-05-14T20:00:00+09:00") };
        assert!(
            remark_head(&undated, &unspecified, Lang::Ja)
                .ends_with("〔質問〕［事前質問：佐藤 花子］"),
            "{}",
            remark_head(&undated, &unspecified, Lang::Ja)
        );
    }

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
