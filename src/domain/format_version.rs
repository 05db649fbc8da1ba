//! The `version` field of every file: a version this program does not know
//! is refused while the file is read, so that the error carries the line
//! and column of the number, like any other bad value.

use serde::de::{Deserialize, Deserializer, Error};

/// Reads a `version` and refuses any but `SUPPORTED`:
/// `#[serde(deserialize_with = "format_version::expect::<_, PLAN_VERSION>")]`.
pub fn expect<'de, D: Deserializer<'de>, const SUPPORTED: u32>(
    deserializer: D,
) -> Result<u32, D::Error> {
    let version = u32::deserialize(deserializer)?;
    let supported = SUPPORTED;
    if version == supported {
        Ok(version)
    } else {
        Err(D::Error::custom(crate::i18n::tr(
            format!(
                "形式の版 {version} は読めません。読めるのは版 {supported} です（新しい kpi-council で書かれたファイルかもしれません）"
            ),
            format!(
                "format version {version} is not supported; expected version {supported} (the file may come from a newer kpi-council)"
            ),
        )))
    }
}

#[cfg(test)]
mod tests {
    #[derive(Debug, serde::Deserialize)]
    struct File {
        #[serde(deserialize_with = "super::expect::<_, 1>")]
        #[allow(dead_code)]
        version: u32,
    }

    #[test]
    fn a_future_version_is_refused_at_its_position() {
        assert!(ron::from_str::<File>("(version: 1)").is_ok());
        let e = ron::from_str::<File>("(\n    version: 99,\n)").expect_err("future");
        assert_eq!(e.span.start.line, 2, "{e}");
        assert!(e.code.to_string().contains("format version 99 is not supported"), "{e}");
    }
}
