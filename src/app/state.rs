//! The application state: what is loaded, the session being recorded,
//! which screens are open, where the cursor is. Rendering reads it; only
//! `update` (and the session methods in `meeting`) change it.

use std::sync::Arc;

use ratatui_textarea::TextArea;

use crate::config::ThemeKind;
use crate::domain::breakdown::{self, Filter, SortKey};
use crate::domain::dataset::Dataset;
use crate::domain::ledger::Cell;
use crate::domain::session::{AgendaItem, Op, Session, Stamp, Target};
use crate::i18n::Lang;
use crate::store::dataset_files::Loaded;

use super::action::Action;
use super::editor::RemarkEditor;
use super::effect::Effect;
use super::judgment_form::JudgmentForm;
use super::meeting::SaveState;
use super::remark_index::RemarkIndex;
use super::sheet::{AttendeeForm, SheetView};
pub use super::views::{CompaniesView, CompanyView, ListView};

/// The kinds of screen, from the top of the drill-down to the bottom.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScreenKind {
    /// KPI × fiscal-year matrix.
    Overview,
    /// One KPI in one fiscal year: the slide.
    Item,
    /// The companies behind the item's number.
    Companies,
    /// One company across every KPI and fiscal year.
    Company,
    /// The session sheet: title, date, place, attendees.
    Sheet,
    /// What the minutes will say.
    Minutes,
    /// A free agenda item (not a KPI): its title, 資料番号, note, remarks.
    Topic,
    /// Arranging the agenda.
    Agenda,
    /// The plan across the years.
    Years,
}

const OVERVIEW_ACTIONS: &[Action] = &[
    Action::Up,
    Action::Down,
    Action::Left,
    Action::Right,
    Action::NextItem,
    Action::PrevItem,
    Action::Enter,
    Action::NewRemark,
    Action::Judgment,
    Action::Remarks,
    Action::Agenda,
    Action::Years,
    Action::SessionSheet,
    Action::Minutes,
    Action::Export,
    Action::Undo,
    Action::Theme,
    Action::Help,
    Action::Quit,
    Action::Select,
    Action::Open,
];

const ITEM_ACTIONS: &[Action] = &[
    Action::Up,
    Action::Down,
    Action::Left,
    Action::Right,
    Action::NextItem,
    Action::PrevItem,
    Action::Enter,
    Action::Back,
    Action::NewRemark,
    Action::Judgment,
    Action::Remarks,
    Action::Agenda,
    Action::SessionSheet,
    Action::Minutes,
    Action::Export,
    Action::Undo,
    Action::Theme,
    Action::Help,
    Action::Quit,
    Action::Select,
    Action::Open,
];

const COMPANIES_ACTIONS: &[Action] = &[
    Action::Up,
    Action::Down,
    Action::Left,
    Action::Right,
    Action::NextItem,
    Action::PrevItem,
    Action::Enter,
    Action::Back,
    Action::Filter,
    Action::Sort,
    Action::NewRemark,
    Action::Judgment,
    Action::SessionSheet,
    Action::Minutes,
    Action::Export,
    Action::Undo,
    Action::Theme,
    Action::Help,
    Action::Quit,
    Action::Select,
    Action::Open,
];

const COMPANY_ACTIONS: &[Action] = &[
    Action::Up,
    Action::Down,
    Action::Back,
    Action::NewRemark,
    Action::Remarks,
    Action::SessionSheet,
    Action::Minutes,
    Action::Export,
    Action::Undo,
    Action::Theme,
    Action::Help,
    Action::Quit,
    Action::Select,
    Action::Open,
];

const SHEET_ACTIONS: &[Action] = &[
    Action::Up,
    Action::Down,
    Action::Enter,
    Action::Delete,
    Action::Back,
    Action::Undo,
    Action::Help,
    Action::Quit,
    Action::Select,
    Action::Open,
];

const MINUTES_ACTIONS: &[Action] = &[
    Action::Up,
    Action::Down,
    Action::NextItem,
    Action::PrevItem,
    Action::Export,
    Action::Back,
    Action::Help,
    Action::Quit,
];

const AGENDA_ACTIONS: &[Action] = &[
    Action::Up,
    Action::Down,
    Action::Enter,
    Action::AddItem,
    Action::MoveUp,
    Action::MoveDown,
    Action::Document,
    Action::Note,
    Action::Delete,
    Action::Back,
    Action::Undo,
    Action::Help,
    Action::Quit,
];

const YEARS_ACTIONS: &[Action] =
    &[Action::Up, Action::Down, Action::Back, Action::Theme, Action::Help, Action::Quit];

const TOPIC_ACTIONS: &[Action] = &[
    Action::Up,
    Action::Down,
    Action::Enter,
    Action::Note,
    Action::NextItem,
    Action::PrevItem,
    Action::Back,
    Action::Agenda,
    Action::NewRemark,
    Action::Remarks,
    Action::SessionSheet,
    Action::Minutes,
    Action::Export,
    Action::Undo,
    Action::Theme,
    Action::Help,
    Action::Quit,
];

impl ScreenKind {
    /// The actions this screen offers, in the order the help lists them.
    #[must_use]
    pub fn actions(self) -> &'static [Action] {
        match self {
            ScreenKind::Overview => OVERVIEW_ACTIONS,
            ScreenKind::Item => ITEM_ACTIONS,
            ScreenKind::Companies => COMPANIES_ACTIONS,
            ScreenKind::Company => COMPANY_ACTIONS,
            ScreenKind::Sheet => SHEET_ACTIONS,
            ScreenKind::Minutes => MINUTES_ACTIONS,
            ScreenKind::Topic => TOPIC_ACTIONS,
            ScreenKind::Agenda => AGENDA_ACTIONS,
            ScreenKind::Years => YEARS_ACTIONS,
        }
    }

    /// The actions while the remarks of the screen are selected (Tab).
    #[must_use]
    pub fn remark_actions() -> &'static [Action] {
        use Action as A;
        &[
            A::Up,
            A::Down,
            A::Enter,
            A::Delete,
            A::NewRemark,
            A::Remarks,
            A::Back,
            A::Undo,
            A::Help,
            A::Quit,
        ]
    }
}

#[derive(Debug)]
pub enum Screen {
    Overview,
    Item,
    Companies(CompaniesView),
    Company(CompanyView),
    Sheet(SheetView),
    Minutes(MinutesView),
    /// A free agenda item, by its id.
    Topic(String),
    Agenda(super::agenda::AgendaView),
    Years(super::years::YearsView),
}

/// The minutes preview: the Markdown text, scrolled.
#[derive(Debug, Default)]
pub struct MinutesView {
    /// Empty while the preview is made on a worker thread.
    pub lines: Vec<String>,
    /// The first line shown.
    pub offset: usize,
    /// Which request these lines answer (see [`App::preview_ready`]).
    pub request: u64,
    pub ready: bool,
}

impl Screen {
    #[must_use]
    pub fn kind(&self) -> ScreenKind {
        match self {
            Screen::Overview => ScreenKind::Overview,
            Screen::Item => ScreenKind::Item,
            Screen::Companies(_) => ScreenKind::Companies,
            Screen::Company(_) => ScreenKind::Company,
            Screen::Sheet(_) => ScreenKind::Sheet,
            Screen::Minutes(_) => ScreenKind::Minutes,
            Screen::Topic(_) => ScreenKind::Topic,
            Screen::Agenda(_) => ScreenKind::Agenda,
            Screen::Years(_) => ScreenKind::Years,
        }
    }
}

/// A line of text being typed at the bottom of the screen.
pub enum Prompt {
    /// The companies filter; `before` is restored by Esc.
    Filter { input: TextArea<'static>, before: String },
    /// One field of the session sheet.
    SheetField { field: super::sheet::Field, input: TextArea<'static> },
    /// One field of an agenda item.
    AgendaField { index: usize, field: super::agenda::AgendaField, input: TextArea<'static> },
}

/// A window over the screen that takes the keys until it is closed.
pub enum Overlay {
    Remark(Box<RemarkEditor>),
    Judgment(Box<JudgmentForm>),
    Attendee(Box<AttendeeForm>),
    /// What is unsettled, before `e` exports.
    Checklist(Box<super::checklist::ChecklistView>),
    /// The versions of a remark in conflict, to keep one.
    Versions(Box<super::checklist::VersionPicker>),
}

/// Something on screen a click selects.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Hit {
    /// A cell of the overview.
    Cell { kpi: usize, year: usize },
    /// A row of the list on screen (companies, company, sheet).
    Row(usize),
    /// A fiscal year of the item screen's chart.
    Year(usize),
    /// The remarks panel (the wheel scrolls it when a remark is selected).
    Remarks,
    /// The overview's matrix (the wheel scrolls its rows).
    Matrix,
}

/// The selected KPI (row) and fiscal year (column).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Cursor {
    pub kpi: usize,
    pub year: usize,
}

/// A short message on the status line, replaced by the next one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    pub text: String,
    pub error: bool,
    pub at: Stamp,
}

/// Where the `e` export stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ExportState {
    #[default]
    Idle,
    /// Minutes exist already; a second `e` until then replaces them.
    Asked(Stamp),
    /// The files are being written on a worker thread (書き出し中…).
    Running(Stamp),
}

/// What this program does with the session.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Mode {
    /// The secretariat records the meeting.
    #[default]
    Recording,
    /// A member reviews a copy offline (`review --as`): remarks are theirs,
    /// prepared before the meeting; the sheet and judgments are the
    /// secretariat's.
    Reviewing(String),
    /// The projector's read-only view of the session at this path
    /// (`--follow`): it only shows.
    Following(std::path::PathBuf),
    /// The projector waiting for a meeting to be recorded: this session
    /// once it exists, or whichever the sessions folder's lock says is
    /// being recorded (`--follow` without a path).
    Waiting(Option<std::path::PathBuf>),
}

/// The state of the interface. Fields that an invariant ties together
/// (the session and its index, the undo stack, the screens, the save
/// state) are private to `app`, changed by the methods that keep them
/// consistent; the rest are plain settings of the view.
pub struct App {
    loaded: Arc<Loaded>,
    pub lang: Lang,
    /// The meeting being recorded; changed only by `commit` and undo, so
    /// that the remark index and the journal always follow it.
    pub(super) session: Session,
    /// Whether the session is safe on disk: set only from what the
    /// runtime reports.
    pub(super) save: SaveState,
    /// Changes that undo the last changes, newest last.
    pub(super) undo: Vec<Op>,
    pub(super) remarks: RemarkIndex,
    /// Open screens; the first is always the overview.
    pub(super) stack: Vec<Screen>,
    pub cursor: Cursor,
    /// The selected remark while the remarks list has the keys (Tab).
    pub remark_focus: Option<usize>,
    pub help: bool,
    /// The first row of the help shown, when it is taller than the screen.
    pub(super) help_scroll: usize,
    pub prompt: Option<Prompt>,
    pub overlay: Option<Overlay>,
    pub(super) notice: Option<Notice>,
    /// Which data files differ from those the session was recorded against.
    pub changed_data: Vec<&'static str>,
    /// When this run started, and now (set by the event loop, so that
    /// rendering and tests never read the clock).
    pub(super) started: Stamp,
    pub(super) now: Stamp,
    pub quit: bool,
    /// A form was just saved and closed: keys typed before the screen
    /// under it was shown (Enter pressed twice) are not taken as meant for
    /// that screen. The event loop takes it (see `crate::tui`).
    pub form_saved: bool,
    pub(super) export: ExportState,
    /// How many minutes previews were asked for: the number of the last.
    pub(super) previews: u64,
    /// What the last frame drew where, for the mouse: a rendering memo.
    pub hits: std::cell::RefCell<Vec<(ratatui::layout::Rect, Hit)>>,
    /// The first KPI row the overview shows: moved by the wheel, and by
    /// drawing just enough to keep a cursor that moved in view.
    pub overview_scroll: std::cell::Cell<usize>,
    /// The cursor the overview last scrolled to.
    pub overview_seen: std::cell::Cell<Option<Cursor>>,
    /// The last click, to tell a double click.
    pub(super) last_click: Option<(Hit, std::time::Instant)>,
    /// What the pointer is on, for the click being handled.
    pub(super) pointer: Option<Hit>,
    pub(super) mode: Mode,
    /// The session file, for the status line; `None` in memory.
    pub(super) session_path: Option<std::path::PathBuf>,
    /// The time box of an agenda item (`--minutes-per-item`), if any.
    pub minutes_per_item: Option<u32>,
    /// When the current agenda item came on screen, and whether its time
    /// box has been called out.
    pub(super) item_since: Stamp,
    pub(super) timebox_warned: bool,
    /// The colours chosen with `t` (remembered in the config file).
    pub theme: ThemeKind,
    /// `NO_COLOR` is set: no colours whatever the theme.
    pub no_color: bool,
    /// Remark ids: ULIDs, increasing even within one millisecond, so two
    /// remarks saved in the same second keep the order they were made in.
    pub(super) ids: ulid::Generator,
    /// Effects decided since the runtime last took them.
    pub(super) outbox: Vec<Effect>,
    /// The selected row of a free item's screen (前回の指摘事項).
    pub(super) topic_row: usize,
    /// The earlier meetings of the plan found in the sessions folder, for
    /// the plan-across-years screen (`y`).
    pub earlier_meetings: Vec<super::years::EarlierMeeting>,
}

impl App {
    #[must_use]
    pub fn new(loaded: Loaded, lang: Lang, session: Session, now: Stamp) -> Self {
        let remarks = RemarkIndex::build(&loaded.dataset, &session);
        let mut app = App {
            loaded: Arc::new(loaded),
            lang,
            session,
            save: SaveState::InMemory,
            undo: Vec::new(),
            remarks,
            stack: vec![Screen::Overview],
            cursor: Cursor::default(),
            remark_focus: None,
            help: false,
            help_scroll: 0,
            prompt: None,
            overlay: None,
            notice: None,
            changed_data: Vec::new(),
            started: now,
            now,
            quit: false,
            form_saved: false,
            ids: ulid::Generator::new(),
            export: ExportState::Idle,
            previews: 0,
            mode: Mode::Recording,
            session_path: None,
            hits: std::cell::RefCell::new(Vec::new()),
            overview_scroll: std::cell::Cell::new(0),
            overview_seen: std::cell::Cell::new(None),
            last_click: None,
            pointer: None,
            minutes_per_item: None,
            item_since: now,
            timebox_warned: false,
            theme: ThemeKind::Dark,
            no_color: false,
            outbox: Vec::new(),
            topic_row: 0,
            earlier_meetings: Vec::new(),
        };
        app.restore_position();
        if app.session.position.is_none() {
            app.start_at_agenda();
        }
        // Restoring the position is not a change to record.
        app.outbox.clear();
        app
    }

    /// An app with an empty session kept in memory only: for tests,
    /// benchmarks and previews.
    #[must_use]
    pub fn in_memory(loaded: Loaded, lang: Lang, now: Stamp) -> Self {
        let session = Session::new(
            crate::domain::session::Sheet::default(),
            crate::domain::session::DataRefs::default(),
        );
        App::new(loaded, lang, session, now)
    }

    /// The session as recorded so far.
    #[must_use]
    pub fn session(&self) -> &Session {
        &self.session
    }

    /// Which remarks belong to what, for the screens.
    #[must_use]
    pub fn remarks(&self) -> &RemarkIndex {
        &self.remarks
    }

    #[must_use]
    pub fn save_state(&self) -> &SaveState {
        &self.save
    }

    #[must_use]
    pub fn notice(&self) -> Option<&Notice> {
        self.notice.as_ref()
    }

    /// The open screens, the overview first.
    #[must_use]
    pub fn stack(&self) -> &[Screen] {
        &self.stack
    }

    /// The first row of the help shown.
    #[must_use]
    pub fn help_scroll(&self) -> usize {
        self.help_scroll
    }

    #[must_use]
    pub fn now(&self) -> Stamp {
        self.now
    }

    /// The event loop's clock, set before each event is handled.
    pub fn set_now(&mut self, now: Stamp) {
        self.now = now;
    }

    #[must_use]
    pub fn started(&self) -> Stamp {
        self.started
    }

    /// When the current agenda item came on screen.
    #[must_use]
    pub fn item_since(&self) -> Stamp {
        self.item_since
    }

    #[must_use]
    pub fn mode(&self) -> &Mode {
        &self.mode
    }

    /// Sets what the program does with the session (at start).
    pub fn set_mode(&mut self, mode: Mode) {
        if matches!(mode, Mode::Following(_) | Mode::Waiting(_)) {
            self.remarks = RemarkIndex::build_shown(self.data(), &self.session, true);
        }
        self.mode = mode;
    }

    /// The member reviewing a copy, if this is a review.
    #[must_use]
    pub fn reviewer(&self) -> Option<&str> {
        match &self.mode {
            Mode::Reviewing(name) => Some(name),
            _ => None,
        }
    }

    /// Who the remark editor offers as speaker, in its numbering: at the
    /// meeting those present; in a member's review copy the member alone,
    /// absent or not (a member who will be absent prepares questions
    /// beforehand), beside 未指定: the copy saves no other speaker, and
    /// offering every attendee only led to a refusal at Enter.
    #[must_use]
    pub fn speaker_choices(&self) -> Vec<&crate::domain::session::Attendee> {
        let sheet = &self.session.sheet;
        match self.reviewer() {
            Some(member) => sheet
                .attendees
                .iter()
                .filter(|a| crate::domain::session::review::same_member(&a.name, member))
                .collect(),
            None => sheet.speakers(),
        }
    }

    /// The kinds the remark editor offers, in its numbering: every kind at
    /// the meeting; in a member's review copy those a copy saves (意見 and
    /// 質問, the first two, so their numbers stay 1 and 2).
    #[must_use]
    pub fn kind_choices(&self) -> &'static [crate::domain::session::RemarkKind] {
        use crate::domain::session::{RemarkKind, review};
        if self.reviewer().is_some() {
            const PREPARED: [RemarkKind; 2] = [RemarkKind::Opinion, RemarkKind::Question];
            debug_assert!(PREPARED.iter().all(|k| review::may_prepare(*k)));
            debug_assert!(RemarkKind::ALL.starts_with(&PREPARED));
            &PREPARED
        } else {
            &RemarkKind::ALL
        }
    }

    /// Whether this is the projector's read-only view.
    #[must_use]
    pub fn is_follower(&self) -> bool {
        matches!(self.mode, Mode::Following(_) | Mode::Waiting(_))
    }

    /// The session file shown on the status line.
    #[must_use]
    pub fn session_path(&self) -> Option<&std::path::Path> {
        match &self.mode {
            Mode::Following(path) | Mode::Waiting(Some(path)) => Some(path),
            _ => self.session_path.as_deref(),
        }
    }

    /// The session is kept in this file from now on; it was just saved.
    pub fn attach_file(&mut self, path: std::path::PathBuf) {
        self.session_path = Some(path);
        self.save = SaveState::Saved(self.now);
    }

    #[must_use]
    pub fn export_state(&self) -> ExportState {
        self.export
    }

    /// The plan, the actuals and their sources, shared with a worker.
    #[must_use]
    pub fn loaded(&self) -> &Arc<Loaded> {
        &self.loaded
    }

    /// The effects decided since the last call, for the runtime.
    pub fn take_effects(&mut self) -> Vec<Effect> {
        std::mem::take(&mut self.outbox)
    }

    pub(super) fn emit(&mut self, effect: Effect) {
        self.outbox.push(effect);
    }

    /// A new remark id.
    pub fn new_id(&mut self) -> String {
        self.ids.generate().unwrap_or_else(|_| ulid::Ulid::new()).to_string()
    }

    #[must_use]
    pub fn data(&self) -> &Dataset {
        &self.loaded.dataset
    }

    #[must_use]
    pub fn screen(&self) -> &Screen {
        self.stack.last().unwrap_or(&Screen::Overview)
    }

    #[must_use]
    pub fn screen_kind(&self) -> ScreenKind {
        self.screen().kind()
    }

    /// The actions available now, for the help and for dispatch.
    #[must_use]
    pub fn actions(&self) -> &'static [Action] {
        if self.is_follower() {
            // The projector follows the secretary: it only shows.
            &[Action::Theme, Action::Help, Action::Quit]
        } else if self.remark_focus.is_some() {
            ScreenKind::remark_actions()
        } else {
            self.screen_kind().actions()
        }
    }

    /// The selected KPI × fiscal year.
    #[must_use]
    pub fn current_cell(&self) -> Option<&Cell> {
        self.data().ledger.cell(self.cursor.kpi, self.cursor.year)
    }

    /// The current item as a remark target.
    #[must_use]
    pub fn current_item(&self) -> Option<Target> {
        let plan = &self.data().plan;
        Some(Target::Item {
            kpi: plan.kpis.get(self.cursor.kpi)?.id.as_str().into(),
            fiscal_year: *plan.fiscal_years.get(self.cursor.year)?,
        })
    }

    /// What the remarks list of the current screen shows.
    #[must_use]
    pub fn screen_target(&self) -> Option<Target> {
        match self.screen() {
            Screen::Overview => Some(Target::Meeting),
            Screen::Item | Screen::Companies(_) => self.current_item(),
            Screen::Company(view) => Some(Target::Company {
                company: self.data().actuals.companies.get(view.company)?.id.as_str().into(),
            }),
            Screen::Topic(id) => Some(Target::Agenda { id: id.as_str().into() }),
            Screen::Sheet(_) | Screen::Minutes(_) | Screen::Agenda(_) | Screen::Years(_) => None,
        }
    }

    /// The agenda the meeting steps through, as arranged.
    #[must_use]
    pub fn agenda(&self) -> std::borrow::Cow<'_, [AgendaItem]> {
        self.session.agenda(&self.data().plan)
    }

    /// The free agenda item on screen, if one is.
    #[must_use]
    pub fn topic(&self) -> Option<&str> {
        self.stack.iter().rev().find_map(|s| match s {
            Screen::Topic(id) => Some(id.as_str()),
            _ => None,
        })
    }

    /// The index in the agenda of what is on screen: the free item shown,
    /// else the KPI × fiscal year under the cursor, if it is on the agenda.
    #[must_use]
    pub fn agenda_index(&self) -> Option<usize> {
        let agenda = self.agenda();
        if let Some(id) = self.topic() {
            return agenda.iter().position(|a| a.free_id() == Some(id));
        }
        let plan = &self.data().plan;
        let kpi = plan.kpis.get(self.cursor.kpi)?;
        let fy = *plan.fiscal_years.get(self.cursor.year)?;
        agenda.iter().position(|a| a.kpi_item() == Some((kpi.id.as_str(), fy)))
    }

    /// 1-based position in the agenda (0 when what is on screen is not on
    /// it), and the agenda length.
    #[must_use]
    pub fn agenda_position(&self) -> (usize, usize) {
        (self.agenda_index().map_or(0, |i| i + 1), self.agenda().len())
    }

    /// `3 / 9`, or `– / 9` when what is on screen is not on the agenda.
    #[must_use]
    pub fn agenda_label(&self) -> String {
        match self.agenda_position() {
            (0, len) => format!("– / {len}"),
            (pos, len) => format!("{pos} / {len}"),
        }
    }

    /// A new meeting starts on the overview with the cursor on the first
    /// KPI item of the agenda (for a May 2019 meeting, 平成30年度); when
    /// the agenda begins with another item (前回の指摘事項への対応, a free
    /// item) it starts on that item, 議題 1: from the overview's cursor,
    /// at 議題 2, the first Space went on to 議題 3 and item 1 was passed.
    pub(super) fn start_at_agenda(&mut self) {
        let plan = &self.data().plan;
        let first = self.agenda().iter().find_map(|a| {
            let (kpi, fy) = a.kpi_item()?;
            Some(Cursor { kpi: plan.kpi_index(kpi)?, year: plan.year_index(fy)? })
        });
        if let Some(cursor) = first {
            self.cursor = cursor;
        }
        if self.agenda().first().is_some_and(|a| a.kpi_item().is_none()) {
            self.set_agenda_position(0);
        }
    }

    /// Puts the agenda item at `index` on screen: a KPI item under the
    /// cursor (on the screen that was open, or the item screen after a
    /// free item), a free item on its own screen.
    /// Returns whether it could (an item of a KPI the plan does not have
    /// cannot be shown).
    pub fn set_agenda_position(&mut self, index: usize) -> bool {
        let Some(item) = self.agenda().get(index).cloned() else { return false };
        let from_topic = self.topic().is_some();
        match item {
            AgendaItem::Kpi { kpi, fiscal_year, .. } => {
                let plan = &self.data().plan;
                let (Some(k), Some(y)) = (plan.kpi_index(&kpi), plan.year_index(fiscal_year))
                else {
                    return false;
                };
                self.cursor = Cursor { kpi: k, year: y };
                if from_topic {
                    self.stack.truncate(1);
                    self.stack.push(Screen::Item);
                }
            }
            AgendaItem::Free { .. } | AgendaItem::FollowUps { .. } => {
                let id = item.free_id().unwrap_or_default().to_string();
                self.stack.truncate(1);
                self.stack.push(Screen::Topic(id));
                self.topic_row = 0;
            }
        }
        true
    }

    pub fn notify(&mut self, text: impl Into<String>) {
        self.notice = Some(Notice { text: text.into(), error: false, at: self.now });
    }

    /// Lets the notice go before its time.
    pub fn clear_notice(&mut self) {
        self.notice = None;
    }

    pub fn warn(&mut self, text: impl Into<String>) {
        self.notice = Some(Notice { text: text.into(), error: true, at: self.now });
    }

    /// A companies view of the current item with a filter and sort.
    #[must_use]
    pub fn companies_view(&self, filter_text: &str, sort: SortKey) -> CompaniesView {
        self.companies_view_after(None, filter_text, sort)
    }

    /// Like [`App::companies_view`], but when `before` lists the same item
    /// in the same order with a filter the new one narrows (characters were
    /// typed), the new list is taken from its rows instead of the item's.
    #[must_use]
    pub fn companies_view_after(
        &self,
        before: Option<&CompaniesView>,
        filter_text: &str,
        sort: SortKey,
    ) -> CompaniesView {
        let data = self.data();
        let filter = Filter::new(filter_text);
        let item = (self.cursor.kpi, self.cursor.year);
        let mut wider = Vec::new();
        let (rows, kinds) = match self.current_cell() {
            Some(cell) => {
                let same = before.filter(|old| old.item == item && old.sort == sort);
                let rows = match same {
                    Some(old) if old.filter == filter => {
                        wider.clone_from(&old.wider);
                        old.list.rows.clone()
                    }
                    Some(old) if filter.narrows(&old.filter) => {
                        wider.clone_from(&old.wider);
                        wider.push((old.filter.clone(), Arc::from(old.list.rows.as_slice())));
                        breakdown::narrow(&data.actuals, &data.keys, &old.list.rows, &filter)
                    }
                    // A character deleted: back to the list of a wider
                    // filter typed before, or narrowed from the nearest one.
                    Some(old) => match old.wider.iter().rposition(|(f, _)| filter.narrows(f)) {
                        Some(at) if old.wider[at].0 == filter => {
                            wider.extend_from_slice(&old.wider[..at]);
                            old.wider[at].1.to_vec()
                        }
                        Some(at) => {
                            wider.extend_from_slice(&old.wider[..=at]);
                            breakdown::narrow(&data.actuals, &data.keys, &old.wider[at].1, &filter)
                        }
                        None => breakdown::select(&data.actuals, &data.keys, cell, &filter, sort),
                    },
                    None => breakdown::select(&data.actuals, &data.keys, cell, &filter, sort),
                };
                let kinds = match before {
                    Some(old) if old.item == item => old.kinds.clone(),
                    _ => breakdown::by_kind(&data.actuals, &data.keys, cell).to_vec(),
                };
                (rows, kinds)
            }
            None => (Vec::new(), Vec::new()),
        };
        let shown = rows.iter().map(|&i| data.actuals.contributions[i].value).sum();
        CompaniesView {
            item,
            filter_text: filter_text.to_string(),
            filter,
            sort,
            list: ListView::new(rows),
            kinds,
            shown,
            wider,
        }
    }

    /// A view of one company's contributions across the plan.
    #[must_use]
    pub fn company_view(&self, company: usize) -> CompanyView {
        let rows = self.data().ledger.company_contributions(company).to_vec();
        CompanyView { company, list: ListView::new(rows) }
    }
}
