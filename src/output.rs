//! Files devops-check writes (reports, baselines): always atomically, so an
//! interrupted run leaves the previous file or none, never half of one.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// Writes to a temporary file beside `path`, then renames it over `path`.
/// A path that exists and is not a regular file (`/dev/null`, a named
/// pipe, `/dev/stdout`) is written in place: renaming over it would
/// replace the device or pipe with a file.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> io::Result<()> {
    if fs::metadata(path).is_ok_and(|meta| !meta.is_file()) {
        return OpenOptions::new()
            .write(true)
            .open(path)
            .and_then(|mut file| file.write_all(bytes));
    }
    let name = path.file_name().ok_or_else(|| {
        io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("{} is not a file name", path.display()),
        )
    })?;
    let dir = path
        .parent()
        .filter(|dir| !dir.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let (temporary, mut file) = create_temporary(dir, &name.to_string_lossy())?;
    let written = file
        .write_all(bytes)
        .and_then(|()| file.sync_all())
        .and_then(|()| fs::rename(&temporary, path));
    if written.is_err() {
        // Best effort: the error that matters is the one returned.
        let _ = fs::remove_file(&temporary);
    }
    written
}

/// A new file `.NAME.PID.N.tmp` in `dir`, never an existing one.
fn create_temporary(dir: &Path, name: &str) -> io::Result<(PathBuf, File)> {
    let mut attempt = 0;
    loop {
        let candidate = dir.join(format!(".{name}.{}.{attempt}.tmp", std::process::id()));
        match OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&candidate)
        {
            Ok(file) => return Ok((candidate, file)),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists && attempt < 100 => attempt += 1,
            Err(e) => return Err(e),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_report_written_to_a_file_replaces_it_whole() {
        let dir = std::env::temp_dir().join(format!("devops-check-output-{}", std::process::id()));
        fs::create_dir_all(&dir).expect("temporary directory");
        let path = dir.join("report.json");
        fs::write(&path, "an older, longer report").expect("old report");
        write_atomically(&path, b"new").expect("written");
        assert_eq!(fs::read_to_string(&path).expect("read"), "new");
        let left: Vec<_> = fs::read_dir(&dir).expect("listed").collect();
        assert_eq!(left.len(), 1, "no temporary file is left beside it");
        fs::remove_dir_all(&dir).expect("cleaned up");
    }

    #[cfg(unix)]
    #[test]
    fn a_device_is_written_to_not_replaced() {
        use std::os::unix::fs::FileTypeExt;
        let null = Path::new("/dev/null");
        write_atomically(null, b"discarded").expect("written");
        let kind = fs::metadata(null).expect("still there").file_type();
        assert!(kind.is_char_device(), "/dev/null is still a device");
    }
}
