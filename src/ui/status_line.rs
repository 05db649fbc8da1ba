//! The status line: data files (or a notice), agenda position, elapsed
//! time and the two keys everyone needs.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use crate::app::action::Action;
use crate::app::keymap::keys_for;
use crate::app::state::App;
use crate::i18n::Lang;
use crate::store::ron_file::Origin;

use super::text::{fit, width};
use super::theme::DARK;

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
    let plan = &app.loaded.plan_source.origin;
    let actuals = &app.loaded.actuals_source.origin;
    if matches!(plan, Origin::Embedded(_))
        && matches!(actuals, Origin::Embedded(_))
        && app.data().is_sample()
    {
        return format!(" {}: {}", t.data, t.embedded_sample);
    }
    format!(
        " {}: {} │ {}: {}",
        t.plan_file,
        origin_label(plan, app.lang),
        t.actuals_file,
        origin_label(actuals, app.lang),
    )
}

fn clock(secs: u64) -> String {
    format!("{:02}:{:02}:{:02}", secs / 3600, secs / 60 % 60, secs % 60)
}

pub fn render(app: &App, frame: &mut Frame, area: Rect) {
    let t = app.lang.texts();
    let (pos, len) = app.agenda_position();
    let right = format!(
        " {} {pos} / {len} │ {} {} │ {}:{} {}:{} ",
        t.agenda,
        t.elapsed,
        clock(app.elapsed.as_secs()),
        keys_for(Action::Help)[0],
        t.help,
        keys_for(Action::Quit)[0],
        t.quit,
    );
    let room = usize::from(area.width).saturating_sub(width(&right));
    let (left, style) = match &app.notice {
        Some(n) => (format!(" {}", n.text), if n.error { DARK.error } else { DARK.notice }),
        None => (data_label(app), DARK.status_line),
    };
    let left = fit(&left, room);
    let gap = room.saturating_sub(width(&left));
    let line = Line::from(vec![
        Span::styled(left, style),
        Span::styled(" ".repeat(gap), DARK.status_line),
        Span::styled(fit(&right, usize::from(area.width)), DARK.status_line),
    ]);
    frame.render_widget(ratatui::widgets::Paragraph::new(line), area);
}
