//! The windows that take typing: the remark editor, the judgment form and
//! the attendee form. The terminal's cursor is put at the caret of the
//! text being typed, so an IME opens its candidate window there.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};
use ratatui_textarea::TextArea;

use crate::app::editor::{Field, RemarkEditor};
use crate::app::judgment_form::{self, JudgmentForm};
use crate::app::sheet::{AttendeeField, AttendeeForm};
use crate::app::state::App;
use crate::domain::session::{JudgmentTarget, Role, Target};
use crate::i18n::Lang;

use super::prompt::caret;
use super::remarks::speaker_label;
use super::theme::theme;
use crate::text::fit;

/// A centred window of at most `w` × `h`: every popup's room.
pub(super) fn window(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width.saturating_sub(2)).max(1);
    let h = h.min(area.height.saturating_sub(1)).max(1);
    Rect {
        x: area.x + (area.width.saturating_sub(w)) / 2,
        y: area.y + (area.height.saturating_sub(h)) / 2,
        width: w,
        height: h,
    }
}

fn frame_block(title: &str) -> Block<'static> {
    Block::default()
        .borders(Borders::ALL)
        .border_style(theme().header)
        .title(Span::styled(format!(" {title} "), theme().title))
}

/// `新規移動人数 平成30年度 (2018)`, a company's name, or 会議全体.
#[must_use]
pub fn target_label(app: &App, target: &Target) -> String {
    let t = app.lang.texts();
    let data = app.data();
    match target {
        Target::Meeting => t.meeting.to_string(),
        Target::Item { kpi, fiscal_year } => {
            let name = data.plan.kpi(kpi).map_or(kpi.as_str(), |k| k.name.as_str());
            format!("{name} {}", app.lang.fiscal_year(*fiscal_year))
        }
        Target::Company { company } => data
            .ledger
            .company_position(company)
            .and_then(|i| data.actuals.companies.get(i))
            .map_or_else(|| company.to_string(), |c| c.name.clone()),
        Target::Agenda { id } => app
            .session()
            .free_item_title(id)
            .map_or_else(|| format!("{} {id}", t.agenda), str::to_string),
    }
}

#[must_use]
pub fn judgment_target_label(app: &App, target: &JudgmentTarget) -> String {
    match target {
        JudgmentTarget::Plan => app.lang.texts().plan_whole.to_string(),
        JudgmentTarget::Item { kpi, fiscal_year } => {
            target_label(app, &Target::Item { kpi: kpi.as_str().into(), fiscal_year: *fiscal_year })
        }
    }
}

/// One labelled row of a form; the value is reversed when focused, and
/// the choices (numbered) are listed below it, wrapped to the width.
fn field_lines(
    label: &str,
    value: &str,
    focused: bool,
    choices: &[String],
    w: usize,
) -> Vec<Line<'static>> {
    let marker = if focused { "▶" } else { " " };
    let head = format!("{marker}{label}: ");
    let value_w = w.saturating_sub(crate::text::width(&head));
    let mut lines = vec![Line::from(vec![
        Span::styled(marker.to_string(), theme().header),
        Span::styled(format!("{label}: "), theme().muted),
        Span::styled(fit(value, value_w), if focused { theme().selected } else { theme().title }),
    ])];
    if focused {
        // Whole choices per line, never one cut in two.
        let room = w.saturating_sub(4);
        let mut line = String::new();
        for choice in choices {
            let sep = if line.is_empty() { "" } else { "  " };
            if !line.is_empty() && crate::text::width(&line) + 2 + crate::text::width(choice) > room
            {
                lines.push(Line::styled(format!("    {}", fit(&line, room)), theme().muted));
                line.clear();
                line.push_str(choice);
            } else {
                line.push_str(sep);
                line.push_str(choice);
            }
        }
        if !line.is_empty() {
            lines.push(Line::styled(format!("    {}", fit(&line, room)), theme().muted));
        }
    }
    lines
}

/// Rows of a form, each a group of lines.
fn rows_height(rows: &[Vec<Line<'static>>]) -> u16 {
    u16::try_from(rows.iter().map(Vec::len).sum::<usize>()).unwrap_or(u16::MAX)
}

fn render_text(frame: &mut Frame, input: &TextArea, area: Rect, focused: bool) {
    frame.render_widget(input, area);
    if focused && let Some(pos) = caret(input, area) {
        frame.set_cursor_position(pos);
    }
}

/// A form's key hint in lines of at most `w` columns, broken between keys
/// (never inside one), so no key is cut off a narrow window.
pub(super) fn hint_lines(hint: &str, w: usize) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for part in hint.split("  ") {
        if !line.is_empty() && crate::text::width(&line) + 2 + crate::text::width(part) > w {
            lines.push(Line::styled(fit(&line, w), theme().muted));
            line.clear();
        }
        if !line.is_empty() {
            line.push_str("  ");
        }
        line.push_str(part);
    }
    lines.push(Line::styled(fit(&line, w), theme().muted));
    lines
}

pub fn render_remark(app: &App, editor: &RemarkEditor, frame: &mut Frame, area: Rect) {
    let lang = app.lang;
    let t = lang.texts();
    let popup = window(area, 96, 18);
    super::clear_popup(frame, popup);
    let title = if editor.editing.is_some() { t.remark_edit_title } else { t.remark_title };
    let block = frame_block(title);
    let inner = block.inner(popup);
    frame.render_widget(block, popup);
    let w = usize::from(inner.width);
    let sheet = &app.session().sheet;
    let speakers: Vec<String> = std::iter::once(format!("0 {}", t.unspecified))
        .chain(
            app.speaker_choices()
                .into_iter()
                .enumerate()
                .take(9)
                .map(|(i, a)| format!("{} {}", i + 1, a.name)),
        )
        .collect();
    let kinds: Vec<String> = app
        .kind_choices()
        .iter()
        .enumerate()
        .map(|(i, k)| format!("{} {}", i + 1, lang.remark_kind(*k)))
        .collect();
    let focus = editor.focus;
    let target = target_label(app, &editor.current_target());
    let more_targets: Vec<String> =
        if editor.targets.len() > 1 { vec!["← →".to_string()] } else { Vec::new() };
    // On screen in Tab order: speaker, kind, target, visibility, the text.
    let groups = vec![
        field_lines(
            t.speaker,
            &speaker_label(sheet, editor.speaker.as_deref(), lang),
            focus == Field::Speaker,
            &speakers,
            w,
        ),
        field_lines(t.remark_kind, lang.remark_kind(editor.kind), focus == Field::Kind, &kinds, w),
        field_lines(t.target_label, &target, focus == Field::Target, &more_targets, w),
        field_lines(
            t.visibility,
            if editor.internal { t.internal } else { t.public },
            focus == Field::Visibility,
            &[],
            w,
        ),
    ];
    let hints = hint_lines(&crate::app::form_keys::editor_hint(app.lang), w);
    let [rows, rule, text, hint] = Layout::vertical([
        Constraint::Length(rows_height(&groups)),
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(u16::try_from(hints.len()).unwrap_or(1)),
    ])
    .areas(inner);
    frame.render_widget(Paragraph::new(groups.concat()), rows);
    frame.render_widget(Paragraph::new(Line::styled("─".repeat(w), theme().border)), rule);
    render_text(frame, &editor.text, text, focus == Field::Text);
    frame.render_widget(Paragraph::new(hints), hint);
}

pub fn render_judgment(app: &App, form: &JudgmentForm, frame: &mut Frame, area: Rect) {
    let lang = app.lang;
    let t = lang.texts();
    let categories = &app.data().plan.judgment;
    let popup = window(area, 96, 16);
    super::clear_popup(frame, popup);
    let block = frame_block(t.judgment_title);
    let inner = block.inner(popup);
    frame.render_widget(block, popup);
    let w = usize::from(inner.width);
    let f = form.focus;
    let numbered = |list: &[String]| -> Vec<String> {
        list.iter().enumerate().map(|(i, x)| format!("{} {x}", i + 1)).collect()
    };
    let arrows: Vec<String> =
        if form.targets.len() > 1 { vec!["← →".to_string()] } else { Vec::new() };
    let effects = numbered(&categories.effects);
    let policies = numbered(&categories.policies);
    let groups = vec![
        field_lines(
            t.target_label,
            &judgment_target_label(app, &form.current_target()),
            f == judgment_form::Field::Target,
            &arrows,
            w,
        ),
        field_lines(
            t.effect,
            if form.effect_chosen {
                categories.effects.get(form.effect).map_or("", String::as_str)
            } else {
                t.judgment_unchosen
            },
            f == judgment_form::Field::Effect,
            &effects,
            w,
        ),
        field_lines(
            t.policy,
            if form.policy_chosen {
                categories.policies.get(form.policy).map_or("", String::as_str)
            } else {
                t.judgment_unchosen
            },
            f == judgment_form::Field::Policy,
            &policies,
            w,
        ),
        field_lines(
            t.visibility,
            if form.internal { t.internal } else { t.public },
            f == judgment_form::Field::Visibility,
            &[],
            w,
        ),
    ];
    let numbers = categories.effects.len().max(categories.policies.len());
    let hints = hint_lines(&crate::app::form_keys::judgment_hint(app.lang, numbers), w);
    let [rows, rule, text, hint] = Layout::vertical([
        Constraint::Length(rows_height(&groups)),
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(u16::try_from(hints.len()).unwrap_or(1)),
    ])
    .areas(inner);
    frame.render_widget(Paragraph::new(groups.concat()), rows);
    frame.render_widget(
        Paragraph::new(Line::from(vec![
            Span::styled(format!("{}:", t.reason), theme().muted),
            Span::styled("─".repeat(w.saturating_sub(4)), theme().border),
        ])),
        rule,
    );
    render_text(frame, &form.reason, text, f == judgment_form::Field::Reason);
    frame.render_widget(Paragraph::new(hints), hint);
}

fn role_choices(lang: Lang) -> Vec<String> {
    Role::ALL.iter().enumerate().map(|(i, r)| format!("{} {}", i + 1, lang.role(*r))).collect()
}

pub fn render_attendee(app: &App, form: &AttendeeForm, frame: &mut Frame, area: Rect) {
    let lang = app.lang;
    let t = lang.texts();
    let popup = window(area, 70, 10);
    super::clear_popup(frame, popup);
    let block = frame_block(t.attendee_title);
    let inner = block.inner(popup);
    frame.render_widget(block, popup);
    let w = usize::from(inner.width);
    // The keys on as many lines as they need (two at 80 columns).
    let hints = hint_lines(&crate::app::form_keys::attendee_hint(lang), w);
    let [name, affiliation, role, presence, signer, hint] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(2),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(u16::try_from(hints.len()).unwrap_or(1)),
    ])
    .areas(inner);
    // The marker, the label and its colon, and a blank (`Affiliation:`
    // lost its colon under the box).
    let widest = crate::text::width(t.name).max(crate::text::width(t.affiliation));
    let label_w = u16::try_from(widest + 3).unwrap_or(12).max(12);
    for (row, label, input, field) in [
        (name, t.name, &form.name, AttendeeField::Name),
        (affiliation, t.affiliation, &form.affiliation, AttendeeField::Affiliation),
    ] {
        let focused = form.focus == field;
        let marker = if focused { "▶" } else { " " };
        frame.render_widget(
            Paragraph::new(Line::from(vec![
                Span::styled(marker, theme().header),
                Span::styled(format!("{label}:"), theme().muted),
            ])),
            row,
        );
        let input_area =
            Rect { x: row.x + label_w, width: row.width.saturating_sub(label_w), ..row };
        render_text(frame, input, input_area, focused);
    }
    let focused = form.focus == AttendeeField::Role;
    let choices = role_choices(lang);
    frame.render_widget(
        Paragraph::new(field_lines(t.role, lang.role(form.role), focused, &choices, w)),
        role,
    );
    for (row, label, value, field) in [
        (
            presence,
            t.presence,
            if form.absent { t.absent } else { t.present },
            AttendeeField::Absent,
        ),
        (signer, t.signer, if form.signer { t.yes } else { t.no }, AttendeeField::Signer),
    ] {
        let focused = form.focus == field;
        frame.render_widget(Paragraph::new(field_lines(label, value, focused, &[], w)), row);
    }
    frame.render_widget(Paragraph::new(hints), hint);
}
