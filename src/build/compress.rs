//! Precompressed copies beside the site's text files and wasm (`x.js.gz`,
//! `x.js.br`), which nginx (`gzip_static`), Apache (`.htaccess`) and Caddy
//! (`precompressed`) send in place of the file to a browser that accepts
//! them: the best compression, paid once at build time.

use std::io::Write;

/// The kinds of file worth compressing (images other than SVG are already
/// compressed).
const COMPRESSIBLE: [&str; 7] = ["html", "js", "wasm", "css", "svg", "json", "webmanifest"];

/// Whether a site file gets compressed copies.
pub fn is_compressible(file: &str) -> bool {
    file.rsplit_once('.')
        .is_some_and(|(_, ext)| COMPRESSIBLE.contains(&ext))
}

/// `bytes` gzipped at the highest level.
pub fn gzip(bytes: &[u8]) -> std::io::Result<Vec<u8>> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(bytes)?;
    encoder.finish()
}

/// `bytes` compressed with brotli at its highest quality.
pub fn brotli(bytes: &[u8]) -> std::io::Result<Vec<u8>> {
    let mut out = Vec::new();
    let params = brotli::enc::BrotliEncoderParams {
        quality: 11,
        lgwin: 22,
        ..Default::default()
    };
    brotli::BrotliCompress(&mut &bytes[..], &mut out, &params)?;
    Ok(out)
}

/// Writes `x.gz` and `x.br` beside each of `files` (names in `dir`), on
/// every core: the two copies of the largest file first, so that the build
/// waits for no one long job started last.
pub fn write_compressed_copies(dir: &std::path::Path, files: &[String]) -> std::io::Result<()> {
    use std::sync::Mutex;
    let mut jobs: Vec<(u64, &str, bool)> = Vec::new();
    for file in files {
        let size = std::fs::metadata(dir.join(file))?.len();
        jobs.extend([(size, file.as_str(), true), (size, file.as_str(), false)]);
    }
    // Brotli's best takes far longer than gzip's: a brotli job first.
    jobs.sort_by_key(|&(size, _, is_brotli)| std::cmp::Reverse((size, is_brotli)));
    let queue = Mutex::new(jobs.into_iter());
    let workers = std::thread::available_parallelism().map_or(1, usize::from);
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                scope.spawn(|| -> std::io::Result<()> {
                    loop {
                        let next = queue
                            .lock()
                            .map_err(|_| std::io::Error::other("a worker panicked"))?
                            .next();
                        let Some((_, file, is_brotli)) = next else {
                            return Ok(());
                        };
                        let bytes = std::fs::read(dir.join(file))?;
                        let (suffix, copy) = if is_brotli {
                            ("br", brotli(&bytes)?)
                        } else {
                            ("gz", gzip(&bytes)?)
                        };
                        std::fs::write(dir.join(format!("{file}.{suffix}")), copy)?;
                    }
                })
            })
            .collect();
        handles.into_iter().try_for_each(|h| {
            h.join()
                .map_err(|_| std::io::Error::other("a compression worker panicked"))?
        })
    })
}

#[cfg(test)]
mod tests {
    use std::io::Read;

    use super::*;

    #[test]
    fn copies_read_back_to_the_original() {
        let text = "After the session, ".repeat(200);
        let gz = gzip(text.as_bytes()).unwrap();
        let mut back = String::new();
        flate2::read::GzDecoder::new(&gz[..])
            .read_to_string(&mut back)
            .unwrap();
        assert_eq!(back, text);
        assert!(gz.len() < text.len() / 10);
        let br = brotli(text.as_bytes()).unwrap();
        let mut back = Vec::new();
        brotli::BrotliDecompress(&mut &br[..], &mut back).unwrap();
        assert_eq!(back, text.as_bytes());
    }

    #[test]
    fn every_file_gets_both_copies_and_a_missing_one_is_an_error() {
        let dir = std::env::temp_dir().join(format!("compress-test-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("faq")).unwrap();
        let files: Vec<String> = ["a.js", "faq/index.html", "b.css", "c_bg.wasm", "d.svg"]
            .into_iter()
            .map(str::to_owned)
            .collect();
        for (i, file) in files.iter().enumerate() {
            std::fs::write(dir.join(file), format!("file {i} ").repeat(100 * (i + 1))).unwrap();
        }
        write_compressed_copies(&dir, &files).unwrap();
        for file in &files {
            let original = std::fs::read(dir.join(file)).unwrap();
            let mut back = Vec::new();
            flate2::read::GzDecoder::new(&std::fs::read(dir.join(format!("{file}.gz"))).unwrap()[..])
                .read_to_end(&mut back)
                .unwrap();
            assert_eq!(back, original, "{file}.gz");
            let mut back = Vec::new();
            brotli::BrotliDecompress(
                &mut &std::fs::read(dir.join(format!("{file}.br"))).unwrap()[..],
                &mut back,
            )
            .unwrap();
            assert_eq!(back, original, "{file}.br");
        }
        let missing = write_compressed_copies(&dir, &["gone.js".to_owned()]);
        assert!(missing.is_err(), "a file that is not there fails the build");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn only_text_and_wasm_are_compressed() {
        for file in [
            "index.html",
            "faq/index.html",
            "a-0123456789abcdef_bg.wasm",
            "manifest.webmanifest",
            "sw.js",
        ] {
            assert!(is_compressible(file), "{file}");
        }
        for file in ["_headers", ".htaccess", "photo.png", "a.js.gz", "nginx-site.conf"] {
            assert!(!is_compressible(file), "{file}");
        }
    }
}
