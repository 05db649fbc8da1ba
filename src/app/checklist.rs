//! Before export and after a merge: the checklist `e` shows first (what is
//! unsettled; an unresolved conflict blocks, the rest asks for Enter), the
//! picker that settles a conflict by choosing one of the versions a merge
//! set aside, rather than retyping it, and what a member may change in a
//! review copy (their own remarks, under their own name).

use crossterm::event::{KeyCode, KeyEvent};

use crate::domain::session::checklist::Checklist;
use crate::domain::session::{Op, Remark, RemarkKind, SetAside, review};
use crate::i18n::checklist::{Line, lines};

use super::editor::RemarkEditor;
use super::form_keys::{FormKey, form_key};
use super::meeting::NOTICE_SECONDS;
use super::state::{App, ExportState, Overlay};

/// What `e` shows before writing anything.
#[derive(Debug, Clone)]
pub struct ChecklistView {
    pub list: Checklist,
    pub lines: Vec<Line>,
    /// The first line shown.
    pub scroll: usize,
}

impl ChecklistView {
    #[must_use]
    pub fn blocks(&self) -> bool {
        self.list.blocks()
    }
}

/// The versions of a remark in conflict: the current one first, then
/// each unsettled version a merge set aside.
#[derive(Debug, Clone)]
pub struct VersionPicker {
    pub remark: String,
    pub versions: Vec<SetAside>,
    pub selected: usize,
}

impl VersionPicker {
    #[must_use]
    pub fn of(remark: &Remark) -> VersionPicker {
        let current = SetAside {
            since: remark.trail().history.last().map_or(remark.at, |h| h.changed_at),
            until: None,
            speaker: remark.speaker.clone(),
            kind: remark.kind,
            target: remark.target.clone(),
            text: remark.text.to_string(),
            internal: remark.internal,
            deleted: remark.trail().deleted.is_some(),
        };
        // Another copy's current version first, then wordings a copy
        // replaced itself (the one before both changes, say).
        let mut others: Vec<SetAside> = remark
            .trail()
            .set_aside
            .iter()
            .filter(|s| remark.trail().resolved.is_none_or(|at| s.since > at))
            .cloned()
            .collect();
        others.sort_by_key(|s| s.until.is_some());
        VersionPicker {
            remark: remark.id.to_string(),
            versions: std::iter::once(current).chain(others).collect(),
            selected: 0,
        }
    }
}

impl App {
    /// `e`: the checklist first; a second `e` right after "files exist"
    /// replaces them without asking again.
    pub fn ask_export(&mut self) {
        match self.export {
            ExportState::Running(_) => self.export_minutes(),
            ExportState::Asked(at)
                if crate::clock::seconds_since(at, self.now) < NOTICE_SECONDS =>
            {
                self.export_minutes();
            }
            ExportState::Asked(_) | ExportState::Idle => {
                let list = Checklist::of(&self.data().plan, &self.session);
                let lines = lines(&list, self.data().into(), &self.session, self.lang, Some(5));
                self.overlay =
                    Some(Overlay::Checklist(Box::new(ChecklistView { list, lines, scroll: 0 })));
            }
        }
    }

    /// A key while the checklist is shown.
    pub(super) fn checklist_key(&mut self, key: KeyEvent) {
        let Some(Overlay::Checklist(view)) = &mut self.overlay else { return };
        match (form_key(&key), key.code) {
            (Some(FormKey::Cancel), _) => self.overlay = None,
            (Some(FormKey::Save), _) => {
                if view.blocks() {
                    let words = self.lang.checklist().blocked;
                    self.warn(words);
                } else {
                    self.overlay = None;
                    self.export = ExportState::Idle;
                    self.export_minutes();
                }
            }
            (_, KeyCode::Up | KeyCode::Char('k')) => view.scroll = view.scroll.saturating_sub(1),
            (_, KeyCode::Down | KeyCode::Char('j')) => {
                view.scroll = (view.scroll + 1).min(view.lines.len().saturating_sub(1));
            }
            _ => {}
        }
    }

    /// Enter on a remark in conflict: its versions to choose from.
    pub(super) fn open_versions(&mut self, remark: &Remark) {
        self.overlay = Some(Overlay::Versions(Box::new(VersionPicker::of(remark))));
    }

    /// A key while the versions of a remark are shown.
    pub(super) fn versions_key(
        &mut self,
        key: KeyEvent,
        targets: Vec<crate::domain::session::Target>,
    ) {
        let Some(Overlay::Versions(picker)) = &mut self.overlay else { return };
        let last = picker.versions.len().saturating_sub(1);
        match (form_key(&key), key.code) {
            (Some(FormKey::Cancel), _) => self.overlay = None,
            (_, KeyCode::Up | KeyCode::Char('k')) => {
                picker.selected = picker.selected.saturating_sub(1);
            }
            (_, KeyCode::Down | KeyCode::Char('j')) => {
                picker.selected = (picker.selected + 1).min(last);
            }
            (Some(FormKey::Save), _) => {
                let (id, chosen) =
                    (picker.remark.clone(), picker.versions.get(picker.selected).cloned());
                if let Some(chosen) = chosen {
                    self.keep_version(&id, &chosen);
                }
            }
            (_, KeyCode::Char('e')) => {
                let (id, chosen) =
                    (picker.remark.clone(), picker.versions.get(picker.selected).cloned());
                let Some(remark) = self.session.remark(&id).cloned() else { return };
                let Some(chosen) = chosen else { return };
                // The chosen wording, to be finished in the editor; saving settles.
                let speaker = chosen.speaker.filter(|s| self.session.sheet.attendee(s).is_some());
                let version = Remark {
                    speaker,
                    kind: chosen.kind,
                    target: chosen.target,
                    text: chosen.text.into(),
                    internal: chosen.internal,
                    ..remark
                };
                let editor = RemarkEditor::edit(&version, targets, self.now);
                self.overlay = Some(Overlay::Remark(Box::new(editor)));
            }
            _ => {}
        }
    }

    /// Settles a conflict with one of its versions: the remark takes its
    /// wording (and is deleted or restored as that version was); every
    /// other version stays in the file.
    fn keep_version(&mut self, id: &str, chosen: &SetAside) {
        let Some(remark) = self.session.remark(id).cloned() else { return };
        let now = self.now;
        // A version from a copy may name someone the meeting does not list.
        let speaker = chosen.speaker.clone().filter(|s| self.session.sheet.attendee(s).is_some());
        // In a review copy, as any save: the member's own remark, under
        // their name, as a question or an opinion.
        if !self.may_change(&remark)
            || !self.may_speak_as(speaker.as_deref())
            || !self.may_record_kind(chosen.kind)
        {
            return;
        }
        if remark.trail().deleted.is_some() && !chosen.deleted {
            self.commit(Op::RestoreRemark { id: id.to_string(), at: now });
        }
        let settled = self.commit(Op::EditRemark {
            id: id.to_string(),
            at: now,
            speaker,
            kind: chosen.kind,
            target: chosen.target.clone(),
            text: chosen.text.clone(),
            internal: chosen.internal,
        });
        if chosen.deleted && remark.trail().deleted.is_none() {
            self.commit(Op::DeleteRemark { id: id.to_string(), at: now });
        }
        if settled {
            self.overlay = None;
            self.remark_focus = None;
            let words = self.lang.checklist().settled;
            self.notify(words);
        }
    }

    /// Whether this program may change the remark: in a member's review
    /// copy only the member's own remarks; elsewhere any. When not, the
    /// notice line says why.
    pub fn may_change(&mut self, remark: &Remark) -> bool {
        let Some(member) = self.reviewer() else { return true };
        if review::wrote(member, remark) {
            return true;
        }
        let words = self.lang.checklist().others_remark;
        self.warn(words);
        false
    }

    /// Whether a remark may be saved with this speaker: in a member's
    /// review copy only the member (or 未指定). When not, says why.
    pub fn may_speak_as(&mut self, speaker: Option<&str>) -> bool {
        let Some(member) = self.reviewer() else { return true };
        let another = speaker
            .and_then(|id| self.session.sheet.attendee(id))
            .is_some_and(|a| !review::same_member(&a.name, member));
        if another {
            let words = self.lang.checklist().other_speaker;
            self.warn(words);
        }
        !another
    }

    /// Whether a remark of this kind may be saved: in a member's review
    /// copy a question or an opinion only (決定, 要対応 and 回答 are the
    /// meeting's: a prepared one would stand in the minutes as decided).
    /// When not, says why.
    pub fn may_record_kind(&mut self, kind: RemarkKind) -> bool {
        if self.reviewer().is_none() || review::may_prepare(kind) {
            return true;
        }
        let words = self.lang.checklist().review_kind;
        self.warn(words);
        false
    }
}
