//! Bytes to findings with the format chosen by the first byte: exercises the
//! whole pipeline (decoding, every adapter, rules, suppressions, locating).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    devops_check::fuzzing::check_any(data);
});
