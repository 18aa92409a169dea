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
