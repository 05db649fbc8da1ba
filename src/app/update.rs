//! `update`: the only place the state changes, one action or key at a time.

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind};
use ratatui_textarea::TextArea;

use crate::domain::breakdown::SortKey;
use crate::domain::session::{JudgmentTarget, Op, Remark, Target, Trail};
use crate::i18n::fill;

use super::action::Action;
use super::agenda::{AgendaField, AgendaView, Edit};
use super::editor::{Outcome, RemarkEditor};
use super::effect::Effect;
use super::form_keys::{FormKey, form_key};
use super::judgment_form::JudgmentForm;
use super::keymap::action_for;
use super::sheet::{self, AttendeeForm, Row, SheetView};
use super::state::{App, Overlay, Prompt, Screen};

/// A key press: for the open window or prompt, or looked up in the keymap.
/// Returns what the runtime must carry out.
pub fn handle_key(app: &mut App, key: KeyEvent) -> Vec<Effect> {
    key_press(app, key);
    app.take_effects()
}

fn key_press(app: &mut App, key: KeyEvent) {
    if key.kind == KeyEventKind::Release {
        return;
    }
    // Ctrl+C quits from anywhere; what is being typed is kept as a draft.
    if key.code == KeyCode::Char('c')
        && key.modifiers.contains(crossterm::event::KeyModifiers::CONTROL)
    {
        app.quit = true;
        return;
    }
    if app.overlay.is_some() {
        overlay_key(app, key);
    } else if app.prompt.is_some() {
        prompt_key(app, key);
    } else if let Some(action) = action_for(&key) {
        act(app, action);
    }
}

/// Pasted text goes into whatever is being typed.
pub fn handle_paste(app: &mut App, text: &str) -> Vec<Effect> {
    paste(app, text);
    app.take_effects()
}

fn paste(app: &mut App, text: &str) {
    let joined = match &mut app.overlay {
        Some(Overlay::Remark(e)) => return e.paste(text),
        Some(Overlay::Judgment(f)) => return f.paste(text),
        Some(Overlay::Attendee(f)) => {
            let Some(joined) = f.paste(text) else {
                let words = app.lang.day().paste_not_here;
                return app.warn(words);
            };
            joined
        }
        Some(Overlay::Checklist(_) | Overlay::Versions(_)) => return,
        None => paste_into_prompt(app, text),
    };
    // A one-line field takes several lines joined: it says so, and that
    // nothing of them was left out.
    if joined > 1 {
        let words = fill(app.lang.day().paste_joined, &[("n", &joined)]);
        app.notify(words);
    }
}

/// Pasted text into the prompt open, if any; how many lines a one-line
/// field joined.
fn paste_into_prompt(app: &mut App, text: &str) -> usize {
    let (one_line, joined) = super::editor::one_line(text);
    match &mut app.prompt {
        Some(Prompt::Filter { input, .. }) => {
            input.insert_str(one_line);
            apply_filter(app);
        }
        // 配布資料 pasted a document a line (from a list in Word or Excel):
        // each line is a document, never run on into the one before.
        Some(Prompt::SheetField { field: super::sheet::Field::Materials, input }) => {
            let cleaned = super::editor::clean_input(text);
            let lines: Vec<&str> =
                cleaned.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
            input.insert_str(lines.join(super::sheet::MATERIALS_SEPARATOR));
            return 0;
        }
        Some(Prompt::SheetField { input, .. } | Prompt::AgendaField { input, .. }) => {
            input.insert_str(one_line);
        }
        None => return 0,
    }
    joined
}

fn overlay_key(app: &mut App, key: KeyEvent) {
    // At the meeting those present: an absent member is never named as
    // speaking (App::speaker_choices).
    let attendees: Vec<_> = app.speaker_choices().into_iter().cloned().collect();
    let kinds = app.kind_choices();
    let categories = app.data().plan.judgment.clone();
    let outcome = match &mut app.overlay {
        Some(Overlay::Remark(e)) => e.key(key, &attendees, kinds),
        Some(Overlay::Judgment(f)) => f.key(key, &categories),
        Some(Overlay::Attendee(f)) => f.key(key),
        Some(Overlay::Checklist(_)) => return app.checklist_key(key),
        Some(Overlay::Versions(_)) => {
            let targets = remark_targets(app);
            return app.versions_key(key, targets);
        }
        None => return,
    };
    match outcome {
        Outcome::Continue => {}
        Outcome::ConfirmCancel => {
            let t = app.lang.texts().confirm_discard;
            app.notify(t);
        }
        Outcome::Cancel => {
            match app.overlay {
                Some(Overlay::Remark(_)) => app.emit(Effect::ClearDraft),
                Some(Overlay::Judgment(_)) => app.emit(Effect::ClearJudgmentDraft),
                _ => {}
            }
            app.overlay = None;
            app.notice = None;
        }
        Outcome::Save => save_overlay(app),
        Outcome::Withdraw => withdraw_judgment(app),
    }
}

/// Ctrl+D in the judgment form: the judgment on the form's target is
/// withdrawn (kept in the file as withdrawn; `u` brings it back).
fn withdraw_judgment(app: &mut App) {
    let Some(Overlay::Judgment(form)) = &app.overlay else { return };
    let target = form.current_target();
    let words = app.lang.day();
    if app.session.judgment(&target).is_none_or(|j| j.withdrawn.is_some()) {
        app.notify(words.judgment_nothing_to_delete);
        return;
    }
    if app.commit(Op::WithdrawJudgment { target, at: app.now }) {
        app.overlay = None;
        app.emit(Effect::ClearJudgmentDraft);
        app.notify(words.judgment_withdrawn);
    }
}

/// Saves what the open form holds. The form stays open, as typed, until
/// its change is applied: nothing is taken out of the state to be saved,
/// so no failure can lose what was typed.
fn save_overlay(app: &mut App) {
    let now = app.now;
    let new_id = app.new_id();
    let prepared_by = app.reviewer().map(str::to_string);
    // A draft of a change to someone else's remark is not saved in a review
    // copy, nor a remark put in another attendee's mouth.
    if let Some(Overlay::Remark(editor)) = &app.overlay {
        let editing = editor.editing.as_ref().and_then(|id| app.session.remark(id)).cloned();
        let (speaker, kind) = (editor.speaker.clone(), editor.kind);
        if editing.is_some_and(|r| !app.may_change(&r))
            || !app.may_speak_as(speaker.as_deref())
            || !app.may_record_kind(kind)
        {
            return;
        }
    }
    // The time a new remark was recorded at instead of the clock's, which
    // is behind the remarks before it: said once it is saved.
    let mut clock_behind = None;
    let op = match &app.overlay {
        Some(Overlay::Remark(editor)) => {
            let text = editor.value().trim_end().to_string();
            if text.trim().is_empty() {
                let t = app.lang.texts().empty_remark;
                app.notify(t);
                return;
            }
            match &editor.editing {
                Some(id) => Op::EditRemark {
                    id: id.clone(),
                    at: now,
                    speaker: editor.speaker.clone(),
                    kind: editor.kind,
                    target: editor.current_target(),
                    text,
                    internal: editor.internal,
                },
                None => {
                    let (at, id, behind) =
                        app.session.next_remark_stamp(now, new_id, prepared_by.as_deref());
                    clock_behind = behind.map(|_| at);
                    Op::AddRemark(
                        Remark {
                            speaker: editor.speaker.clone(),
                            internal: editor.internal,
                            ..Remark::new(id, at, editor.kind, editor.current_target(), text)
                        }
                        .with_trail(Trail { prepared_by, ..Trail::default() }),
                    )
                }
            }
        }
        Some(Overlay::Judgment(form)) => {
            if !form.chosen() {
                let t = app.lang.texts().judgment_choose;
                app.warn(t);
                return;
            }
            Op::SetJudgment(form.judgment(&app.data().plan.judgment, now))
        }
        Some(Overlay::Attendee(form)) => match form.apply(&app.session.sheet) {
            Some(sheet) => Op::SetSheet(sheet),
            None => {
                let t = app.lang.texts().name;
                app.warn(format!("{t}?"));
                return;
            }
        },
        Some(Overlay::Checklist(_) | Overlay::Versions(_)) | None => return,
    };
    let visibility = visibility_notice(app);
    let was_remark = matches!(app.overlay, Some(Overlay::Remark(_)));
    let was_judgment = matches!(app.overlay, Some(Overlay::Judgment(_)));
    let added_attendee = matches!(&app.overlay, Some(Overlay::Attendee(f)) if f.index.is_none());
    if app.commit(op) {
        app.overlay = None;
        app.form_saved = true;
        // The new attendee's row comes before 「＋ 出席者を追加」: the
        // selection stays on that row, so the next Enter adds the next
        // attendee instead of opening (and typing onto) the one just added.
        if added_attendee && let Some(Screen::Sheet(view)) = app.stack.last_mut() {
            view.selected += 1;
        }
        if was_remark {
            app.emit(Effect::ClearDraft);
        }
        // Said, so that a switch pressed by mistake (or missed) is seen.
        if let Some(t) = visibility {
            app.notify(t);
        }
        if let Some(at) = clock_behind {
            let (clock, at) = (now.format("%H:%M:%S"), at.format("%H:%M:%S"));
            let text =
                crate::i18n::fill(app.lang.texts().clock_behind, &[("clock", &clock), ("at", &at)]);
            app.warn(text);
        }
        if was_judgment {
            app.emit(Effect::ClearJudgmentDraft);
        }
    }
}

/// What a save of the open remark or judgment says of its visibility:
/// saved 非公開, or saved 公開 when what it changes was 非公開 (Space on a
/// field above the text switches it, also when meant as text), so that a
/// switch pressed by mistake, or missed, is seen.
fn visibility_notice(app: &App) -> Option<&'static str> {
    let t = app.lang.texts();
    let (internal, was_internal) = match &app.overlay {
        Some(Overlay::Remark(editor)) => (
            editor.internal,
            editor
                .editing
                .as_ref()
                .and_then(|id| app.session.remark(id))
                .is_some_and(|r| r.internal),
        ),
        Some(Overlay::Judgment(form)) => (
            form.internal,
            app.session
                .judgment(&form.current_target())
                .is_some_and(|j| j.withdrawn.is_none() && j.internal),
        ),
        _ => return None,
    };
    if internal {
        Some(t.saved_internal)
    } else if was_internal {
        Some(t.saved_public)
    } else {
        None
    }
}

fn prompt_key(app: &mut App, key: KeyEvent) {
    match app.prompt.as_mut() {
        Some(Prompt::Filter { input, before }) => match form_key(&key) {
            Some(FormKey::Save) => app.prompt = None,
            Some(FormKey::Cancel) => {
                let before = std::mem::take(before);
                app.prompt = None;
                set_filter(app, &before);
                app.record_position();
            }
            _ => {
                if !is_unsafe_key(key) && input.input(key) {
                    apply_filter(app);
                    // The projector shows the list as it is typed.
                    app.record_position();
                }
            }
        },
        Some(Prompt::SheetField { field, input }) => match form_key(&key) {
            Some(FormKey::Save) => {
                let (field, text) = (*field, input.lines().join(" "));
                match sheet::set_field(&app.session.sheet, field, &text, app.lang) {
                    Ok(new) => {
                        app.prompt = None;
                        // The refusal of an earlier try no longer applies.
                        app.notice = None;
                        if new != app.session.sheet {
                            app.commit(Op::SetSheet(new));
                        }
                    }
                    Err(message) => app.warn(message),
                }
            }
            Some(FormKey::Cancel) => app.prompt = None,
            _ => {
                if !is_unsafe_key(key) {
                    input.input(key);
                }
            }
        },
        Some(Prompt::AgendaField { index, field, input }) => match form_key(&key) {
            Some(FormKey::Save) => {
                let (index, field, text) = (*index, *field, input.lines().join(" "));
                app.save_agenda_field(index, field, &text);
            }
            Some(FormKey::Cancel) => app.prompt = None,
            _ => {
                if !is_unsafe_key(key) {
                    input.input(key);
                }
            }
        },
        None => {}
    }
}

fn is_unsafe_key(key: KeyEvent) -> bool {
    matches!(key.code, KeyCode::Char(c) if crate::text::is_unsafe(c))
}

fn apply_filter(app: &mut App) {
    let text = match &app.prompt {
        Some(Prompt::Filter { input, .. }) => input.lines().join(" "),
        _ => return,
    };
    set_filter(app, &text);
}

fn set_filter(app: &mut App, text: &str) {
    let Some(Screen::Companies(view)) = app.stack.last() else { return };
    let sort = view.sort;
    relist(app, text, sort);
}

/// Lists the companies again with this filter and sort, keeping the
/// selected company selected while it is still listed.
fn relist(app: &mut App, text: &str, sort: SortKey) {
    let Some(Screen::Companies(old)) = app.stack.last() else { return };
    let keys = &app.data().keys;
    let selected = old.list.current().and_then(|i| keys.company(i));
    let mut view = app.companies_view_after(Some(old), text, sort);
    if let Some(company) = selected
        && let Some(i) = view.list.rows.iter().position(|&r| keys.company(r) == Some(company))
    {
        view.list.selected = i;
    }
    if let Some(top) = app.stack.last_mut() {
        *top = Screen::Companies(view);
    }
}

/// After the cursor moved to another item, the open companies list shows
/// that item's companies with the same filter and sort.
fn refresh_companies(app: &mut App) {
    if let Some(Screen::Companies(view)) = app.stack.last() {
        let text = view.filter_text.clone();
        set_filter(app, &text);
    }
}

/// Applies one action; returns what the runtime must carry out.
pub fn update(app: &mut App, action: Action) -> Vec<Effect> {
    act(app, action);
    app.take_effects()
}

/// Applies one action, whatever asked for it (a key, a click, the wheel):
/// every one passes the same gate of what the screen offers.
pub(super) fn act(app: &mut App, action: Action) {
    if app.help {
        // The help overlay takes the keys that close it; quitting still works.
        match action {
            Action::Help | Action::Back => {
                app.help = false;
                app.help_scroll = 0;
            }
            Action::Quit => app.quit = true,
            Action::Up => app.help_scroll = app.help_scroll.saturating_sub(1),
            Action::Down => {
                let rows = super::keymap::help_rows(app.actions(), app.lang).len();
                app.help_scroll = (app.help_scroll + 1).min(rows.saturating_sub(1));
            }
            Action::Left
            | Action::Right
            | Action::NextItem
            | Action::PrevItem
            | Action::Enter
            | Action::NewRemark
            | Action::Judgment
            | Action::Filter
            | Action::Sort
            | Action::SessionSheet
            | Action::Minutes
            | Action::Export
            | Action::Undo
            | Action::Remarks
            | Action::Delete
            | Action::Theme
            | Action::Agenda
            | Action::AddItem
            | Action::MoveUp
            | Action::MoveDown
            | Action::Document
            | Action::Note
            | Action::Years
            | Action::Select
            | Action::Open => {}
        }
        return;
    }
    app.notice = None;
    if !app.actions().contains(&action) {
        app.pointer = None;
        if !matches!(action, Action::Enter | Action::Back | Action::Select | Action::Open) {
            let t = app.lang.texts().not_here;
            app.notify(t);
        }
        return;
    }
    if refused_in_review(app, action) {
        return;
    }
    let before = (app.cursor, app.topic().map(str::to_string));
    if app.remark_focus.is_some() {
        remark_list_action(app, action);
    } else {
        screen_action(app, action);
    }
    if (app.cursor, app.topic()) != (before.0, before.1.as_deref()) {
        // A new agenda item: its time box starts now.
        app.item_since = app.now;
        app.timebox_warned = false;
    }
    app.record_position();
}

fn screen_action(app: &mut App, action: Action) {
    match action {
        Action::Up | Action::Down => move_vertically(app, action == Action::Up),
        Action::Left | Action::Right => {
            let years = app.data().plan.fiscal_years.len();
            let before = app.cursor;
            if action == Action::Left {
                app.cursor.year = app.cursor.year.saturating_sub(1);
            } else if app.cursor.year + 1 < years {
                app.cursor.year += 1;
            }
            if app.cursor != before {
                refresh_companies(app);
            }
        }
        Action::NextItem | Action::PrevItem => step_agenda(app, action == Action::NextItem),
        Action::Enter => drill_down(app),
        Action::Back => {
            if app.stack.len() > 1 {
                app.stack.pop();
            }
        }
        Action::Filter => {
            let before = match app.screen() {
                Screen::Companies(view) => view.filter_text.clone(),
                _ => return,
            };
            let mut input = TextArea::new(vec![before.clone()]);
            input.move_cursor(ratatui_textarea::CursorMove::End);
            app.prompt = Some(Prompt::Filter { input, before });
        }
        Action::Sort => {
            let Some(Screen::Companies(view)) = app.stack.last() else { return };
            let (text, sort) = (view.filter_text.clone(), view.sort.next());
            relist(app, &text, sort);
        }
        Action::NewRemark => open_remark_editor(app),
        Action::Judgment => open_judgment_form(app),
        Action::Remarks => {
            let count = app.screen_target().map_or(0, |t| app.remarks.of(&t).len());
            if count == 0 {
                let t = app.lang.texts().no_remarks;
                app.notify(t);
            } else {
                app.remark_focus = Some(count - 1);
            }
        }
        Action::SessionSheet => app.stack.push(Screen::Sheet(SheetView::default())),
        Action::Agenda => {
            // The agenda opens on what is on screen.
            let selected = app.agenda_index().unwrap_or(0);
            app.stack.push(Screen::Agenda(AgendaView { selected }));
        }
        Action::Years => app.stack.push(Screen::Years(super::years::YearsView::default())),
        Action::AddItem => app.edit_agenda(Edit::Add),
        Action::MoveUp => app.edit_agenda(Edit::MoveUp),
        Action::MoveDown => app.edit_agenda(Edit::MoveDown),
        Action::Document => app.ask_agenda_field(AgendaField::Document),
        Action::Note if matches!(app.screen(), Screen::Topic(_)) => app.ask_follow_up_note(),
        Action::Note => app.ask_agenda_field(AgendaField::Note),
        Action::Delete if matches!(app.screen(), Screen::Agenda(_)) => {
            app.edit_agenda(Edit::Remove);
        }
        Action::Delete => delete_attendee(app),
        Action::Undo => app.undo_last(),
        Action::Theme => app.cycle_theme(),
        Action::Help => app.help = true,
        Action::Quit => app.quit = true,
        Action::Minutes => app.open_minutes_preview(),
        Action::Export => app.ask_export(),
        Action::Select => {
            if let Some(hit) = app.pointer.take() {
                super::mouse::select(app, hit);
            }
        }
        Action::Open => {
            if let Some(hit) = app.pointer.take() {
                super::mouse::select(app, hit);
                drill_down(app);
            }
        }
    }
}

/// Keys while the remarks of the screen are selected.
fn remark_list_action(app: &mut App, action: Action) {
    let ids: Vec<usize> =
        app.screen_target().map(|t| app.remarks.of(&t).to_vec()).unwrap_or_default();
    let Some(selected) = app.remark_focus.filter(|s| *s < ids.len()) else {
        app.remark_focus = None;
        return;
    };
    let remark = app.session.remarks.get(ids[selected]).cloned();
    match action {
        Action::Up => app.remark_focus = Some(selected.saturating_sub(1)),
        Action::Down => app.remark_focus = Some((selected + 1).min(ids.len() - 1)),
        Action::Remarks | Action::Back => app.remark_focus = None,
        Action::Enter => {
            if let Some(r) = remark.filter(|r| app.may_change(r)) {
                if r.in_conflict() {
                    app.open_versions(&r);
                    return;
                }
                let editor = RemarkEditor::edit(&r, remark_targets(app), app.now);
                app.overlay = Some(Overlay::Remark(Box::new(editor)));
            }
        }
        Action::Delete => {
            if let Some(r) = remark.filter(|r| app.may_change(r))
                && app.commit(Op::DeleteRemark { id: r.id.to_string(), at: app.now })
            {
                let t = app.lang.texts().remark_deleted;
                app.notify(t);
                let left = ids.len() - 1;
                app.remark_focus = if left == 0 { None } else { Some(selected.min(left - 1)) };
            }
        }
        Action::NewRemark => {
            app.remark_focus = None;
            open_remark_editor(app);
        }
        Action::Undo => {
            app.remark_focus = None;
            app.undo_last();
        }
        Action::Help => app.help = true,
        Action::Quit => app.quit = true,
        // Not offered while the remarks are selected (see
        // `ScreenKind::remark_actions`): the gate stops them first.
        Action::Left
        | Action::Right
        | Action::NextItem
        | Action::PrevItem
        | Action::Judgment
        | Action::Filter
        | Action::Sort
        | Action::SessionSheet
        | Action::Minutes
        | Action::Export
        | Action::Theme
        | Action::Agenda
        | Action::AddItem
        | Action::MoveUp
        | Action::MoveDown
        | Action::Document
        | Action::Note
        | Action::Years
        | Action::Select
        | Action::Open => {}
    }
}

/// What a new remark can be about on this screen, the likeliest first.
fn remark_targets(app: &App) -> Vec<Target> {
    let item = app.current_item();
    let mut targets = Vec::new();
    match app.screen() {
        Screen::Overview => {
            targets.push(Target::Meeting);
            targets.extend(item);
        }
        Screen::Item => {
            targets.extend(item);
            targets.push(Target::Meeting);
        }
        Screen::Companies(view) => {
            targets.extend(item);
            let data = app.data();
            if let Some(i) = view.list.current() {
                targets.push(Target::Company {
                    company: data.actuals.contributions[i].company.as_str().into(),
                });
            }
            targets.push(Target::Meeting);
        }
        Screen::Company(_) | Screen::Topic(_) => {
            targets.extend(app.screen_target());
            targets.push(Target::Meeting);
        }
        Screen::Sheet(_) | Screen::Minutes(_) | Screen::Agenda(_) | Screen::Years(_) => {
            targets.push(Target::Meeting);
        }
    }
    targets
}

fn open_remark_editor(app: &mut App) {
    let mut editor = RemarkEditor::new(remark_targets(app), 0, app.now);
    if let Some(name) = app.reviewer() {
        // A member's question, under their name.
        let key = crate::domain::normalize::name_key(name);
        editor.speaker = app
            .session
            .sheet
            .attendees
            .iter()
            .find(|a| crate::domain::normalize::name_key(&a.name) == key)
            .map(|a| a.id.as_str().into());
        editor.kind = crate::domain::session::RemarkKind::Question;
    }
    app.overlay = Some(Overlay::Remark(Box::new(editor)));
}

/// In a member's review copy, what only the secretariat does is refused.
fn refused_in_review(app: &mut App, action: Action) -> bool {
    let secretariat_only =
        matches!(action, Action::Judgment | Action::SessionSheet | Action::Export | Action::Agenda);
    if secretariat_only && app.reviewer().is_some() {
        let t = app.lang.texts().review_refused;
        app.warn(t);
        return true;
    }
    false
}

fn open_judgment_form(app: &mut App) {
    let item = app.current_item().and_then(|t| match t {
        Target::Item { kpi, fiscal_year } => {
            Some(JudgmentTarget::Item { kpi: kpi.into(), fiscal_year })
        }
        _ => None,
    });
    let targets = match app.screen() {
        Screen::Overview => [Some(JudgmentTarget::Plan), item].into_iter().flatten().collect(),
        _ => [item, Some(JudgmentTarget::Plan)].into_iter().flatten().collect::<Vec<_>>(),
    };
    let first = targets.first().cloned().unwrap_or(JudgmentTarget::Plan);
    let form = JudgmentForm::new(
        targets,
        0,
        app.session.judgment(&first),
        &app.data().plan.judgment,
        app.now,
    );
    app.overlay = Some(Overlay::Judgment(Box::new(form)));
}

fn delete_attendee(app: &mut App) {
    let Some(Screen::Sheet(view)) = app.stack.last() else { return };
    let rows = SheetView::rows(&app.session.sheet);
    let Some(Row::Attendee(i)) = rows.get(view.selected).copied() else { return };
    let Some(attendee) = app.session.sheet.attendees.get(i) else { return };
    if app.session.remarks.iter().any(|r| r.speaker.as_deref() == Some(attendee.id.as_str())) {
        let t = app.lang.texts().attendee_spoke;
        app.warn(t);
        return;
    }
    let mut sheet = app.session.sheet.clone();
    sheet.attendees.remove(i);
    if app.commit(Op::SetSheet(sheet)) {
        let t = app.lang.texts().attendee_deleted;
        app.notify(t);
    }
}

fn move_vertically(app: &mut App, up: bool) {
    let kpis = app.data().plan.kpis.len();
    let sheet_rows = SheetView::rows(&app.session.sheet).len();
    let list = match app.stack.last_mut() {
        Some(Screen::Minutes(view)) => {
            view.offset = if up {
                view.offset.saturating_sub(1)
            } else {
                (view.offset + 1).min(view.lines.len().saturating_sub(1))
            };
            return;
        }
        Some(Screen::Agenda(_)) => {
            app.agenda_cursor(up);
            return;
        }
        Some(Screen::Topic(_)) => {
            app.follow_up_cursor(up);
            return;
        }
        Some(Screen::Years(view)) => {
            // From where the screen is (a resize may have brought the end
            // nearer), never past its last screenful.
            let at = view.offset.min(view.furthest.get());
            view.offset = if up { at.saturating_sub(1) } else { (at + 1).min(view.furthest.get()) };
            return;
        }
        Some(Screen::Companies(view)) => Some(&mut view.list),
        Some(Screen::Company(view)) => Some(&mut view.list),
        Some(Screen::Sheet(view)) => {
            view.selected = if up {
                view.selected.saturating_sub(1)
            } else {
                (view.selected + 1).min(sheet_rows.saturating_sub(1))
            };
            return;
        }
        _ => None,
    };
    match list {
        Some(list) if up => list.up(),
        Some(list) => list.down(),
        None if up => app.cursor.kpi = app.cursor.kpi.saturating_sub(1),
        None => {
            if app.cursor.kpi + 1 < kpis {
                app.cursor.kpi += 1;
            }
        }
    }
}

fn step_agenda(app: &mut App, forward: bool) {
    // In the minutes preview these keys turn pages.
    if let Some(Screen::Minutes(view)) = app.stack.last_mut() {
        let page = 20;
        view.offset = if forward {
            (view.offset + page).min(view.lines.len().saturating_sub(1))
        } else {
            view.offset.saturating_sub(page)
        };
        return;
    }
    let (pos, len) = app.agenda_position();
    // Items that cannot be shown (a KPI the plan does not have, in a file
    // edited by hand) are passed over.
    let stepped = if forward {
        (pos..len).any(|i| app.set_agenda_position(i))
    } else {
        (0..pos.saturating_sub(1)).rev().any(|i| app.set_agenda_position(i))
    };
    if !stepped {
        let t = app.lang.texts();
        let text = if forward { t.last_item } else { t.first_item };
        app.notify(text);
        return;
    }
    refresh_companies(app);
}

fn drill_down(app: &mut App) {
    match app.screen() {
        Screen::Overview => app.stack.push(Screen::Item),
        Screen::Item => {
            let view = app.companies_view("", SortKey::default());
            app.stack.push(Screen::Companies(view));
        }
        Screen::Companies(view) => {
            let Some(i) = view.list.current() else { return };
            let data = app.data();
            let Some(company) =
                data.ledger.company_position(&data.actuals.contributions[i].company)
            else {
                return;
            };
            let view = app.company_view(company);
            app.stack.push(Screen::Company(view));
        }
        Screen::Topic(_) => app.cycle_follow_up(),
        Screen::Company(_) | Screen::Minutes(_) | Screen::Years(_) => {}
        Screen::Agenda(_) => app.ask_agenda_field(AgendaField::Title),
        Screen::Sheet(view) => {
            let sheet = &app.session.sheet;
            match SheetView::rows(sheet).get(view.selected).copied() {
                Some(Row::Field(field)) => {
                    app.prompt =
                        Some(Prompt::SheetField { field, input: sheet::field_input(sheet, field) });
                }
                Some(Row::Attendee(i)) => {
                    let form = AttendeeForm::new(Some(i), sheet.attendees.get(i));
                    app.overlay = Some(Overlay::Attendee(Box::new(form)));
                }
                Some(Row::Add) => {
                    app.overlay = Some(Overlay::Attendee(Box::new(AttendeeForm::new(None, None))));
                }
                None => {}
            }
        }
    }
}
#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::sheet::AttendeeField;
    use crate::app::state::{Cursor, ScreenKind};
    use crate::i18n::Lang;
    use crate::store::embedded;
    use crossterm::event::KeyModifiers;

    fn app() -> App {
        let now = chrono::DateTime::parse_from_rfc3339("2019-05-20T14:00:00+09:00").expect("time");
        App::in_memory(embedded::load().expect("embedded default"), Lang::Ja, now)
    }

    fn type_text(app: &mut App, text: &str) {
        for c in text.chars() {
            handle_key(app, KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
        }
    }

    fn companies(app: &App) -> &crate::app::state::CompaniesView {
        match app.screen() {
            Screen::Companies(v) => v,
            other => panic!("expected the companies screen, found {:?}", other.kind()),
        }
    }

    #[test]
    fn stepping_visits_every_item_in_plan_order() {
        let mut app = app();
        let mut seen = vec![app.cursor];
        for _ in 0..20 {
            update(&mut app, Action::NextItem);
            if seen.last() != Some(&app.cursor) {
                seen.push(app.cursor);
            }
        }
        assert_eq!(seen.len(), 9);
        assert_eq!(seen[3], Cursor { kpi: 1, year: 0 });
        assert_eq!(seen[8], Cursor { kpi: 2, year: 2 });
        assert_eq!(app.notice.as_ref().map(|n| n.text.as_str()), Some("最後の議題です"));
        for _ in 0..20 {
            update(&mut app, Action::PrevItem);
        }
        assert_eq!(app.cursor, Cursor { kpi: 0, year: 0 });
        assert_eq!(app.agenda_position(), (1, 9));
    }

    #[test]
    fn arrows_stop_at_the_edges() {
        let mut app = app();
        update(&mut app, Action::Up);
        update(&mut app, Action::Left);
        assert_eq!(app.cursor, Cursor { kpi: 0, year: 0 });
        for _ in 0..5 {
            update(&mut app, Action::Down);
            update(&mut app, Action::Right);
        }
        assert_eq!(app.cursor, Cursor { kpi: 2, year: 2 });
    }

    #[test]
    fn enter_and_escape_walk_down_and_back_the_same_way() {
        let mut app = app();
        update(&mut app, Action::Enter);
        assert_eq!(app.screen_kind(), ScreenKind::Item);
        update(&mut app, Action::NextItem);
        assert_eq!(app.agenda_position(), (2, 9));
        update(&mut app, Action::Enter);
        assert_eq!(app.screen_kind(), ScreenKind::Companies);
        assert_eq!(companies(&app).list.rows.len(), 9, "新規移動人数 2017 has nine companies");
        update(&mut app, Action::Enter);
        assert_eq!(app.screen_kind(), ScreenKind::Company);
        for expected in [ScreenKind::Companies, ScreenKind::Item, ScreenKind::Overview] {
            update(&mut app, Action::Back);
            assert_eq!(app.screen_kind(), expected);
        }
        update(&mut app, Action::Back);
        assert_eq!(app.screen_kind(), ScreenKind::Overview);
    }

    #[test]
    fn the_company_screen_shows_the_selected_company() {
        let mut app = app();
        update(&mut app, Action::Enter);
        update(&mut app, Action::Enter);
        update(&mut app, Action::Down);
        let chosen = companies(&app).list.current().expect("row");
        let id = app.data().actuals.contributions[chosen].company.clone();
        update(&mut app, Action::Enter);
        let Screen::Company(view) = app.screen() else { panic!("company screen") };
        assert_eq!(app.data().actuals.companies[view.company].id, id);
        assert!(view.list.rows.iter().all(|&i| app.data().actuals.contributions[i].company == id));
    }

    #[test]
    fn filter_is_live_and_escape_restores_the_previous_one() {
        let mut app = app();
        app.cursor = Cursor { kpi: 0, year: 2 };
        update(&mut app, Action::Enter);
        update(&mut app, Action::Enter);
        update(&mut app, Action::Filter);
        type_text(&mut app, "港区");
        assert_eq!(companies(&app).list.rows.len(), 1);
        handle_key(&mut app, KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE));
        assert!(app.prompt.is_none());
        assert_eq!(companies(&app).filter_text, "港区");
        update(&mut app, Action::Filter);
        type_text(&mut app, "ZZZ");
        assert_eq!(companies(&app).list.rows.len(), 0);
        handle_key(&mut app, KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE));
        assert_eq!(companies(&app).filter_text, "港区");
        assert_eq!(companies(&app).list.rows.len(), 1);
    }

    /// The list narrowed key by key from the previous one is the list
    /// computed afresh, in the same order, for every item, sort and prefix
    /// of the filter, while typing and while deleting.
    #[test]
    fn the_filter_narrowed_key_by_key_is_the_filter_computed_afresh() {
        use crate::domain::breakdown::SortKey;
        let mut app = app();
        update(&mut app, Action::Enter);
        update(&mut app, Action::Enter);
        let agenda = app.agenda_position().1;
        for sort in [SortKey::Value, SortKey::Name, SortKey::Date, SortKey::Kind] {
            for item in 0..agenda {
                app.set_agenda_position(item);
                // Each word typed and deleted at the end, then edits
                // elsewhere in the text: the first character deleted, one
                // replaced, all cut.
                let mut sequences: Vec<Vec<String>> =
                    ["東京都港区", "ｕターン", "株式会社", "情報"]
                        .iter()
                        .map(|typed| {
                            let mut prefixes: Vec<String> = typed
                                .char_indices()
                                .map(|(i, c)| typed[..i + c.len_utf8()].to_string())
                                .collect();
                            let back: Vec<String> =
                                prefixes.iter().rev().skip(1).cloned().collect();
                            prefixes.extend(back);
                            prefixes
                        })
                        .collect();
                sequences.push(
                    ["港区", "区", "東京都区", "京都", "", "情報", "情", "情通", "通"]
                        .map(String::from)
                        .to_vec(),
                );
                for prefixes in sequences {
                    relist(&mut app, "", sort);
                    for text in &prefixes {
                        relist(&mut app, text, sort);
                        let fresh = app.companies_view(text, sort);
                        assert_eq!(
                            companies(&app).list.rows,
                            fresh.list.rows,
                            "item {item}, {sort:?}, filter {text:?}"
                        );
                        assert_eq!(companies(&app).shown, fresh.shown);
                        assert_eq!(companies(&app).kinds, fresh.kinds);
                    }
                }
            }
        }
    }

    #[test]
    fn keys_typed_into_the_filter_are_not_commands() {
        let mut app = app();
        update(&mut app, Action::Enter);
        update(&mut app, Action::Enter);
        update(&mut app, Action::Filter);
        type_text(&mut app, "q?");
        assert!(!app.quit);
        assert!(!app.help);
        handle_paste(&mut app, "東京\n都");
        assert_eq!(companies(&app).filter_text, "q?東京 都");
    }

    /// A name copied with its line break (from a cell or a list) and
    /// pasted into a one-line field is one line with one space, and the
    /// status line says the lines were joined with nothing left out: CR
    /// and LF each became a space (`山田 太郎  委員長`).
    #[test]
    fn lines_pasted_into_a_one_line_field_are_joined_by_one_space() {
        let mut app = app();
        update(&mut app, Action::SessionSheet);
        app.overlay = Some(Overlay::Attendee(Box::new(AttendeeForm::new(None, None))));
        // CR LF as Windows copies it, CR CR as a terminal may pass it on.
        for (pasted, name) in [
            ("山田 太郎\r\n委員長", "山田 太郎 委員長"),
            ("山田 太郎\r\r委員長\r\r", "山田 太郎 委員長"),
            ("山田 太郎 \r\n\r\n　委員長\n", "山田 太郎 委員長"),
        ] {
            let Some(Overlay::Attendee(form)) = &mut app.overlay else { panic!("the form") };
            form.name = TextArea::default();
            app.notice = None;
            handle_paste(&mut app, pasted);
            let Some(Overlay::Attendee(form)) = &app.overlay else { panic!("the form") };
            assert_eq!(form.name.lines(), [name], "{pasted:?}");
            assert_eq!(
                app.notice().map(|n| n.text.as_str()),
                Some("貼り付けた2行を空白でつなぎました（文字はそのまま）")
            );
        }
        // A cell copied with its one line break is one line: nothing to say.
        let Some(Overlay::Attendee(form)) = &mut app.overlay else { panic!("the form") };
        form.name = TextArea::default();
        app.notice = None;
        handle_paste(&mut app, "山田 太郎\r\n");
        let Some(Overlay::Attendee(form)) = &app.overlay else { panic!("the form") };
        assert_eq!(form.name.lines(), ["山田 太郎"]);
        assert!(app.notice().is_none());
        // A field of the sheet likewise (the title, first on the sheet).
        app.overlay = None;
        handle_key(&mut app, KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE));
        assert!(matches!(app.prompt, Some(Prompt::SheetField { .. })));
        handle_paste(&mut app, "令和元年度\r\n北見地域企業立地促進協議会\r\n");
        handle_key(&mut app, KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE));
        assert_eq!(app.session().sheet.title, "令和元年度 北見地域企業立地促進協議会");
    }

    /// A paste while the attendee form is on 役職, 出欠 or 署名人 went
    /// nowhere and said nothing: it says where a paste goes, and changes
    /// nothing.
    #[test]
    fn a_paste_on_a_choice_of_the_attendee_form_says_where_it_goes() {
        let mut app = app();
        update(&mut app, Action::SessionSheet);
        for field in [AttendeeField::Role, AttendeeField::Absent, AttendeeField::Signer] {
            let mut form = AttendeeForm::new(None, None);
            form.focus = field;
            app.overlay = Some(Overlay::Attendee(Box::new(form)));
            app.notice = None;
            handle_paste(&mut app, "山田 太郎");
            let Some(Overlay::Attendee(form)) = &app.overlay else { panic!("the form") };
            assert_eq!((form.name.lines(), form.focus), ([String::new()].as_slice(), field));
            let notice = app.notice().expect("a word");
            assert_eq!(notice.text, "貼り付けは氏名か所属へ（役職・出欠・署名人は選ぶ欄）");
        }
    }

    /// 配布資料 pasted as a list, a document a line: each line is a
    /// document (they were run together into one, 「資料1 実績一覧 資料2 …」).
    #[test]
    fn materials_pasted_a_document_a_line_stay_apart() {
        let mut app = app();
        update(&mut app, Action::SessionSheet);
        for _ in 0..5 {
            handle_key(&mut app, KeyEvent::new(KeyCode::Down, KeyModifiers::NONE));
        }
        handle_key(&mut app, KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE));
        assert!(matches!(
            app.prompt,
            Some(Prompt::SheetField { field: super::super::sheet::Field::Materials, .. })
        ));
        handle_paste(&mut app, "資料1 実績一覧\r\n\r\n資料2 企業別内訳\r\n");
        handle_key(&mut app, KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE));
        assert_eq!(app.session().sheet.materials, ["資料1 実績一覧", "資料2 企業別内訳"]);
    }

    #[test]
    fn sort_cycles_and_left_right_follow_the_year() {
        let mut app = app();
        update(&mut app, Action::Enter);
        update(&mut app, Action::Enter);
        assert_eq!(companies(&app).list.rows.len(), 3);
        update(&mut app, Action::Sort);
        assert_eq!(companies(&app).sort, crate::domain::breakdown::SortKey::Name);
        update(&mut app, Action::Right);
        assert_eq!(companies(&app).list.rows.len(), 9, "2017 has nine companies");
        assert_eq!(companies(&app).sort, crate::domain::breakdown::SortKey::Name);
    }

    #[test]
    fn help_swallows_keys_until_closed() {
        let mut app = app();
        update(&mut app, Action::Help);
        update(&mut app, Action::Down);
        assert!(app.help);
        assert_eq!(app.cursor.kpi, 0);
        update(&mut app, Action::Back);
        assert!(!app.help);
        update(&mut app, Action::Help);
        update(&mut app, Action::Quit);
        assert!(app.quit);
    }

    #[test]
    fn the_list_keeps_the_selection_in_view() {
        let mut app = app();
        app.cursor = Cursor { kpi: 1, year: 2 };
        update(&mut app, Action::Enter);
        update(&mut app, Action::Enter);
        for _ in 0..8 {
            update(&mut app, Action::Down);
        }
        let list = &companies(&app).list;
        assert_eq!(list.scroll_to_selection(4), 5);
        for _ in 0..3 {
            update(&mut app, Action::Up);
        }
        let list = &companies(&app).list;
        assert_eq!(list.selected, 5);
        assert_eq!(list.scroll_to_selection(4), 5, "moving up inside the view does not scroll");
    }

    /// An app whose starting position is already recorded, so that an
    /// action's effects are its own.
    fn settled() -> App {
        let mut app = app();
        app.record_position();
        app.take_effects();
        app
    }

    #[test]
    fn saving_a_remark_returns_its_record_and_clears_the_draft() {
        let mut app = settled();
        assert!(
            update(&mut app, Action::NewRemark).is_empty(),
            "opening the editor writes nothing"
        );
        for c in "質問です".chars() {
            let effects = handle_key(&mut app, KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
            assert!(effects.is_empty(), "typing writes nothing until a tick asks for a draft");
        }
        let effects = handle_key(&mut app, KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE));
        let [Effect::Record { op: Op::AddRemark(r), revision: 2 }, Effect::ClearDraft] =
            effects.as_slice()
        else {
            panic!("expected the remark's record, then the draft cleared: {effects:?}");
        };
        assert_eq!(r.text, "質問です");
        assert!(app.overlay.is_none());
        assert_eq!(app.session().remarks.len(), 1);
        assert_eq!(
            *app.save_state(),
            crate::app::meeting::SaveState::InMemory,
            "saved is said by the runtime, not by update"
        );
    }

    #[test]
    fn a_refused_save_keeps_the_form_as_typed() {
        let mut app = settled();
        update(&mut app, Action::NewRemark);
        let effects = handle_key(&mut app, KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE));
        assert!(effects.is_empty(), "an empty remark is not recorded: {effects:?}");
        assert!(matches!(app.overlay, Some(Overlay::Remark(_))), "the editor stays open");
    }

    #[test]
    fn export_theme_and_draft_are_effects_not_writes() {
        let mut app = settled();
        assert!(update(&mut app, Action::Export).is_empty(), "e shows the checklist first");
        assert!(matches!(app.overlay, Some(Overlay::Checklist(_))));
        assert_eq!(
            handle_key(&mut app, KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE)),
            vec![Effect::Export(crate::app::effect::ExportRequest { replace: false })],
            "Enter confirms it"
        );
        assert!(matches!(app.export_state(), crate::app::state::ExportState::Running(_)));
        app.export_done(crate::app::effect::ExportOutcome::Exists);
        assert_eq!(
            update(&mut app, Action::Export),
            vec![Effect::Export(crate::app::effect::ExportRequest { replace: true })],
            "the second e while asked replaces"
        );
        assert_eq!(
            update(&mut app, Action::Theme),
            vec![Effect::RememberTheme(crate::config::ThemeKind::Light)]
        );
        // A draft is asked for only when there is a file to keep it in.
        app.attach_file(std::path::PathBuf::from("m.ron"));
        update(&mut app, Action::NewRemark);
        type_text(&mut app, "途中");
        let later = app.now() + chrono::Duration::seconds(3);
        app.tick(later);
        let effects = app.take_effects();
        assert!(
            matches!(effects.as_slice(), [Effect::SaveDraft(d)] if d.text == "途中"),
            "{effects:?}"
        );
    }

    #[test]
    fn a_failed_write_is_retried_by_a_flush_effect() {
        let mut app = app();
        app.recorded(true, Err("disk full".into()));
        assert!(matches!(app.save_state(), crate::app::meeting::SaveState::Failed { .. }));
        app.tick(app.now() + chrono::Duration::seconds(1));
        assert!(app.take_effects().is_empty(), "not retried at once");
        app.tick(app.now() + chrono::Duration::seconds(2));
        assert_eq!(app.take_effects(), vec![Effect::Flush]);
        app.flushed(Ok(()));
        assert!(matches!(app.save_state(), crate::app::meeting::SaveState::Saved(_)));
    }
}
