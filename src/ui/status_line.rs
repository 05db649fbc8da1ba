//! The status line: the session file and when it was last saved (in red
//! when it could not be), or a notice; the agenda position, the meeting's
//! elapsed time and the help key.

use std::time::Duration;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};

use crate::app::action::Action;
use crate::app::keymap::keys_for;
use crate::app::meeting::SaveState;
use crate::app::state::{App, ExportState};
use crate::i18n::Lang;
use crate::store::ron_file::Origin;

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

/// Time since the meeting began: from the sheet's start time when the
/// meeting is today and has begun, otherwise since this run started.
#[must_use]
pub fn elapsed(app: &App) -> Duration {
    let sheet = &app.session().sheet;
    let from = match (sheet.date, sheet.start) {
        (Some(d), Some(t)) if d == app.now().date_naive() => d
            .and_time(t)
            .and_local_timezone(*app.now().offset())
            .single()
            .filter(|s| *s <= app.now()),
        _ => None,
    }
    .unwrap_or(app.started());
    (app.now() - from).to_std().unwrap_or(Duration::ZERO)
}

/// The session file and its save state.
fn session_part(app: &App) -> (String, Style) {
    let t = app.lang.texts();
    let name = app
        .session_path()
        .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .unwrap_or_default();
    if app.is_follower() {
        return (format!("{}: {name}", t.following), theme().status_line);
    }
    match app.save_state() {
        SaveState::InMemory => (t.in_memory.to_string(), theme().status_line),
        SaveState::Saved(at) => {
            (format!("{name} {} {}", t.saved, at.format("%H:%M:%S")), theme().status_line)
        }
        SaveState::Failed { reason, since, .. } => (
            format!(
                "{} {name}: {reason}（{}〜）{}",
                t.save_failed,
                since.format("%H:%M:%S"),
                t.retrying
            ),
            theme().error,
        ),
    }
}

pub fn render(app: &App, frame: &mut Frame, area: Rect) {
    let t = app.lang.texts();
    let (pos, len) = app.agenda_position();
    let (timebox, over) = timebox(app);
    let right = format!(
        " {} {pos} / {len} {}{timebox} │ {} {} │ {}:{} ",
        t.agenda,
        progress(pos, len),
        t.elapsed,
        clock(elapsed(app).as_secs()),
        keys_for(Action::Help)[0],
        t.help,
    );
    let right_style = if over { theme().error } else { theme().status_line };
    let failed = matches!(app.save_state(), SaveState::Failed { .. });
    // A message that does not fit takes the room of the bar and the help key.
    let compact = format!(" {pos}/{len}{timebox} │ {} ", clock(elapsed(app).as_secs()));
    let message = app.notice().as_ref().filter(|_| !failed).map(|n| width(&n.text) + 1);
    let right = match message {
        Some(w) if w + width(&right) > usize::from(area.width) => compact,
        _ => right,
    };
    let room = usize::from(area.width).saturating_sub(width(&right));
    let (left, style) = match &app.notice() {
        Some(n) if !failed => {
            (format!(" {}", n.text), if n.error { theme().error } else { theme().notice })
        }
        _ => {
            let (mut session, style) = session_part(app);
            if let Some(name) = &app.reviewer() {
                session = format!("{}: {name} │ {session}", t.reviewing);
            }
            if matches!(app.export_state(), ExportState::Running(_)) {
                session = format!("{} │ {session}", t.exporting);
            }
            let with_data = format!(" {session} │ {}", data_label(app));
            if width(&with_data) <= room && !failed {
                (with_data, style)
            } else {
                (format!(" {session}"), style)
            }
        }
    };
    // Unresolved conflicts are always in sight: they block the export.
    let conflicts = app.remarks().conflicts();
    let warning = if conflicts > 0 && !app.is_follower() {
        format!(" ⚠{} {conflicts} ", t.conflict)
    } else {
        String::new()
    };
    let room = room.saturating_sub(width(&warning));
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
