#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| kpi_council::fuzz_entry::plan_text(data));
