//! The status line: the session file and when it was last saved (in red
//! when it could not be), or a notice; the agenda position, the meeting's
//! elapsed time and the help key.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};

use crate::app::action::Action;
use crate::app::keymap::keys_for;
use crate::app::meeting::SaveState;
use crate::app::state::{App, ExportState, Mode};
use crate::i18n::Lang;
use crate::store::ron_file::Origin;

/// How the status line writes a time of day (when the session was saved).
pub(super) const CLOCK: &str = "%H:%M:%S";

use super::theme::theme;
use crate::text::{fit, width};

/// A short name for where data came from: the file name, or what the
/// embedded default is.
#[must_use]
pub fn origin_label(origin: &Origin, lang: Lang) -> String {
    match origin {
        Origin::File(p) => p
            .file_name()
            .map_or_else(|| p.display().to_string(), |n| n.to_string_lossy().into_owned()),
        Origin::Embedded(what) => match (lang, *what) {
            (Lang::Ja, "plan") => "組込み（北見市）".into(),
            (Lang::Ja, "sample actuals") => "組込みサンプル".into(),
            (Lang::Ja, "empty actuals") => "なし".into(),
            (Lang::Ja, other) => format!("組込み（{other}）"),
            (Lang::En, other) => format!("embedded {other}"),
        },
    }
}

/// The data files, or one word when the embedded default is shown.
fn data_label(app: &App) -> String {
    let t = app.lang.texts();
    let plan = &app.loaded().plan_source.origin;
    let actuals = &app.loaded().actuals_source.origin;
    if matches!(plan, Origin::Embedded(_))
        && matches!(actuals, Origin::Embedded(_))
        && app.data().is_sample()
    {
        return format!("{}: {}", t.data, t.embedded_sample);
    }
    format!(
        "{}: {} │ {}: {}",
        t.plan_file,
        origin_label(plan, app.lang),
        t.actuals_file,
        origin_label(actuals, app.lang),
    )
}

/// The agenda as a bar: one block per item up to ten, filled to the position.
fn progress(pos: usize, len: usize) -> String {
    let cells = len.clamp(1, 10);
    let filled = (pos * cells).div_ceil(len.max(1)).min(cells);
    format!("{}{}", "█".repeat(filled), "░".repeat(cells - filled))
}

/// ` 2:10/5:00` when the items have a time box, and whether it is over.
fn timebox(app: &App) -> (String, bool) {
    let Some(limit) = app.minutes_per_item else { return (String::new(), false) };
    let spent = (app.now() - app.item_since()).num_seconds().max(0);
    let secs = u64::try_from(spent).unwrap_or(0);
    let text = format!(" {}:{:02}/{limit}:00", secs / 60, secs % 60);
    (text, secs >= u64::from(limit) * 60)
}

fn clock(secs: u64) -> String {
    format!("{:02}:{:02}:{:02}", secs / 3600, secs / 60 % 60, secs % 60)
}

/// Time since the meeting began (the sheet's start time, else the first
/// remark): `--:--:--` before it has.
#[must_use]
pub fn elapsed(app: &App) -> String {
    app.session()
        .elapsed(app.now())
        .and_then(|d| u64::try_from(d.num_seconds()).ok())
        .map_or_else(|| "--:--:--".to_string(), clock)
}

/// The session file and its save state: the file's name, and what follows
/// it. When room is short the name is cut first; the save state and its
/// time are the last thing to go.
fn session_part(app: &App) -> (String, String, Style) {
    let t = app.lang.texts();
    let name = app
        .session_path()
        .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .unwrap_or_default();
    if let Mode::Waiting(target) = app.mode() {
        let w = app.lang.day();
        let text = match target {
            Some(_) => format!("{} {name}", w.waiting_for),
            None => w.waiting_any.to_string(),
        };
        return (format!("{}: ", w.waiting), text, theme().notice);
    }
    if app.is_follower() {
        return (format!("{}: ", t.following), name, theme().status_line);
    }
    match app.save_state() {
        SaveState::InMemory => (String::new(), t.in_memory.to_string(), theme().status_line),
        SaveState::Saved(at) => (
            String::new(),
            format!("{name}\u{0} {} {}", t.saved, at.format(CLOCK)),
            theme().status_line,
        ),
        // After the name, as 保存済み is: cut as the prefix is, 保存できません
        // would read 保存でき… ("can save…").
        SaveState::Failed { reason, since, .. } => (
            String::new(),
            match app.lang {
                Lang::Ja => format!(
                    "{name}\u{0} {}: {reason}（{}〜）{}",
                    t.save_failed,
                    since.format(CLOCK),
                    t.retrying
                ),
                Lang::En => format!(
                    "{name}\u{0} {}: {reason} (since {}) {}",
                    t.save_failed,
                    since.format(CLOCK),
                    t.retrying
                ),
            },
            theme().error,
        ),
    }
}

/// `prefix` + `text` in `room` columns, where `text` may hold a NUL marking
/// the end of the file name: the name is cut before what follows it.
fn fit_name(prefix: &str, text: &str, room: usize) -> String {
    let (name, rest) = text.split_once('\0').unwrap_or((text, ""));
    let whole = format!("{prefix}{name}{rest}");
    if width(&whole) <= room {
        return whole;
    }
    let fixed = width(prefix) + width(rest);
    if fixed + 2 <= room {
        return format!("{prefix}{}{rest}", fit(name, room - fixed));
    }
    // Without room for the name the prefix (a member's name in a review
    // copy) is cut, the save state and its time kept whole.
    if width(rest) + 2 <= room {
        return format!("{}{rest}", fit(prefix.trim_end(), room - width(rest)));
    }
    fit(&format!("{prefix}{rest}"), room)
}

pub fn render(app: &App, frame: &mut Frame, area: Rect) {
    let t = app.lang.texts();
    let (pos, len) = app.agenda_position();
    let label = app.agenda_label();
    let (timebox, over) = timebox(app);
    let right = format!(
        " {} {label} {}{timebox} │ {} {} │ {}:{} ",
        t.agenda,
        progress(pos, len),
        t.elapsed,
        elapsed(app),
        keys_for(Action::Help)[0],
        t.help,
    );
    let right_style = if over { theme().error } else { theme().status_line };
    let failed = matches!(app.save_state(), SaveState::Failed { .. });
    // A message that does not fit takes the room of the bar and the help key.
    let compact = format!(" {}{timebox} │ {} ", label.replace(' ', ""), elapsed(app));
    // Unresolved conflicts are always in sight: they block the export.
    let conflicts = app.remarks().conflicts()
        + app.session().judgments.iter().filter(|j| j.in_conflict()).count();
    let warning = if conflicts > 0 && !app.is_follower() {
        format!(" ⚠{} {conflicts} ", t.conflict)
    } else {
        String::new()
    };
    // A failed save is such a message too: said whole before the bar.
    let message = match app.notice().as_ref().filter(|_| !failed) {
        Some(n) => Some(width(&n.text) + 1),
        None if failed => Some(width(&session_part(app).1) + 1),
        None => None,
    };
    let right = match message {
        Some(w) if width(&warning) + w + width(&right) > usize::from(area.width) => compact,
        _ => right,
    };
    let room = usize::from(area.width).saturating_sub(width(&right) + width(&warning));
    let (left, style) = match &app.notice() {
        Some(n) if !failed => {
            (format!(" {}", n.text), if n.error { theme().error } else { theme().notice })
        }
        _ => {
            let (mut prefix, session, style) = session_part(app);
            if let Some(name) = &app.reviewer() {
                prefix = format!("{}: {name} │ {prefix}", t.reviewing);
            }
            if matches!(app.export_state(), ExportState::Running(_)) {
                prefix = format!("{} │ {prefix}", t.exporting);
            }
            let prefix = format!(" {prefix}");
            let plain = session.replace('\0', "");
            let with_data = format!("{prefix}{plain} │ {}", data_label(app));
            if width(&with_data) <= room && !failed {
                (with_data, style)
            } else {
                (fit_name(&prefix, &session, room), style)
            }
        }
    };
    let left = fit(&left, room);
    let gap = room.saturating_sub(width(&left));
    let line = Line::from(vec![
        Span::styled(warning, theme().error),
        Span::styled(left, style),
        Span::styled(" ".repeat(gap), theme().status_line),
        Span::styled(fit(&right, usize::from(area.width)), right_style),
    ]);
    frame.render_widget(ratatui::widgets::Paragraph::new(line), area);
}

#[cfg(test)]
mod tests {
    use super::fit_name;
    use crate::text::width;

    #[test]
    fn the_file_name_is_cut_before_the_save_state() {
        let text = "2019-05-20-北見市.ron\0 保存済み 14:02:11";
        assert_eq!(fit_name(" ", text, 80), " 2019-05-20-北見市.ron 保存済み 14:02:11");
        let cut = fit_name(" ", text, 26);
        assert!(cut.ends_with(" 保存済み 14:02:11"), "{cut}");
        assert!(cut.starts_with(" 2019"), "{cut}");
        assert!(width(&cut) <= 26, "{cut}");
    }

    /// A review copy's status line at 80 columns once showed
    /// 「事前確認: 佐藤 花子 │  保存済み 10…」: the time is kept whole.
    #[test]
    fn the_save_time_stays_whole_after_a_long_prefix() {
        let text = "sato.ron\0 保存済み 10:00:00";
        let cut = fit_name(" 事前確認: 佐藤 花子 │ ", text, 36);
        assert!(cut.ends_with(" 保存済み 10:00:00"), "{cut}");
        assert!(cut.starts_with(" 事前確認"), "{cut}");
        assert!(width(&cut) <= 36, "{cut}");
    }
}
