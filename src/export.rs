//! The minutes (議事録) of a session: the content once (`minutes`), and
//! each format that writes it.

pub mod docx;
pub mod html;
pub mod markdown;
pub mod minutes;
pub mod safe;
pub mod wording;
pub mod write;
pub mod xlsx;

use crate::domain::dataset::Dataset;
use crate::domain::session::{DataRefs, Session};
use wording::Wording;

/// The minutes of a session, naming the data files it was recorded against.
#[must_use]
pub fn minutes_of(
    data: &Dataset,
    session: &Session,
    options: minutes::Options,
) -> minutes::Minutes {
    minutes_for(data, session, options, &[write::Format::Md])
}

/// The minutes of `session` over the data `data` holds, taken from the
/// files `used`: the files cited are those the numbers come from. Where
/// one is not the file the meeting was recorded against (an export forced
/// over other data), that file is named beside it. What the program's own
/// exports and preview use.
#[must_use]
pub fn minutes_over(
    data: &Dataset,
    used: &DataRefs,
    session: &Session,
    options: minutes::Options,
    formats: &[write::Format],
) -> minutes::Minutes {
    let mut m = minutes_for(data, session, options, formats);
    let pairs = [(&used.plan, &session.data.plan), (&used.actuals, &session.data.actuals)];
    for (line, (used, recorded)) in m.sources.iter_mut().zip(pairs) {
        // The same bytes: cited as the meeting recorded them.
        if !recorded.sha256.is_empty() && recorded.sha256 == used.sha256 {
            continue;
        }
        line.path.clone_from(&used.path);
        line.sha256.clone_from(&used.sha256);
        line.recorded =
            (!recorded.sha256.is_empty()).then(|| (recorded.path.clone(), recorded.sha256.clone()));
    }
    m
}

/// The minutes for these formats: the items' breakdown tables are made
/// only when one of them prints them. The files cited are those the
/// session was recorded against: for data known to be those; the
/// program's exports use [`minutes_over`].
#[must_use]
pub fn minutes_for(
    data: &Dataset,
    session: &Session,
    options: minutes::Options,
    formats: &[write::Format],
) -> minutes::Minutes {
    let refs = &session.data;
    let sources = vec![
        minutes::SourceLine {
            what: "計画",
            path: refs.plan.path.clone(),
            sha256: refs.plan.sha256.clone(),
            recorded: None,
        },
        minutes::SourceLine {
            what: "実績",
            path: refs.actuals.path.clone(),
            sha256: refs.actuals.sha256.clone(),
            recorded: None,
        },
    ];
    let tables = if formats.iter().any(|f| f.prints_breakdown_tables()) {
        minutes::Tables::Made
    } else {
        minutes::Tables::Omitted
    };
    minutes::build(data, session, sources, options, tables)
}

/// The bytes of the minutes in one format, in the shipped wording.
pub fn render(
    data: &Dataset,
    session: &Session,
    format: write::Format,
    options: minutes::Options,
) -> Result<Vec<u8>, String> {
    let m = minutes_for(data, session, options, &[format]);
    render_minutes(&m, data, format, &Wording::default(), &std::env::temp_dir())
}

/// The bytes of minutes already built, in one format (several formats of
/// the same version share one build). `folder` is where the file will go:
/// the workbook's rows wait there while it is made.
///
/// The libraries that write docx and xlsx are not trusted to survive
/// every disk (rust_xlsxwriter panics when its temporary file cannot be
/// written): their panic is this call's error, so that the minutes written
/// during a meeting fail as an export, not as the interface.
pub fn render_minutes(
    m: &minutes::Minutes,
    data: &Dataset,
    format: write::Format,
    wording: &Wording,
    folder: &std::path::Path,
) -> Result<Vec<u8>, String> {
    debug_assert!(
        m.tables == minutes::Tables::Made || !format.prints_breakdown_tables(),
        "{format:?} minutes made without the breakdown tables they print"
    );
    let folder = if folder.as_os_str().is_empty() { std::path::Path::new(".") } else { folder };
    crate::guard::quietly(|| match format {
        write::Format::Docx => docx::render(m, wording),
        write::Format::Md => Ok(markdown::render(m).into_bytes()),
        write::Format::Html => Ok(html::render(m).into_bytes()),
        write::Format::Xlsx => xlsx::render(m, data, folder).map_err(|e| e.to_string()),
    })
    .unwrap_or_else(|panic| {
        tracing::error!(?format, panic, "the minutes' library panicked");
        Err(crate::guard::said(&panic))
    })
}
