//! Bytes to findings through the dotenv adapter and every rule: whatever the
//! input, no panic, and every finding lies inside the file.
#![no_main]

use devops_check::source::Format;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    devops_check::fuzzing::check_bytes(data, Format::Dotenv, ".env");
});
