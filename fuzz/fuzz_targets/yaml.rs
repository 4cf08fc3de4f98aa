//! The YAML span tree alone: no panic, and every span lies inside the text
//! on character boundaries.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        devops_check::fuzzing::check_yaml(text);
    }
});
