//! Heads an auditor gives by hand, taken from outside the database: `POSITION:HASH`, as
//! `samverkan verify` prints them and as they are printed in minutes.

use eventlog::{ChainHash, HeadSource, Position, PublishedHead};

/// Reads `POSITION:HASH`, for example `1234:9f2c…`.
pub fn parse_published_head(text: &str) -> Result<PublishedHead, String> {
    let Some((position, hash)) = text.split_once(':') else {
        return Err(format!(
            "{text:?} is not a published head: give POSITION:HASH, for example 1234:9f2c…"
        ));
    };
    let position = position
        .trim()
        .parse::<u64>()
        .ok()
        .filter(|position| *position > 0)
        .and_then(|position| Position::new(position).ok())
        .ok_or_else(|| format!("{position:?} is not a position: give a whole number from 1"))?;
    let hash = ChainHash::from_hex(hash.trim())
        .ok_or_else(|| format!("{hash:?} is not a hash: give 64 hexadecimal digits"))?;
    Ok(PublishedHead {
        position,
        hash,
        source: HeadSource::Given,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_head_is_a_position_and_a_hash() {
        let hash = "ab".repeat(32);
        let head = parse_published_head(&format!("12:{hash}")).unwrap();
        assert_eq!(head.position.get(), 12);
        assert_eq!(head.hash.to_string(), hash);
        assert_eq!(head.source, HeadSource::Given);
    }

    #[test]
    fn anything_else_is_refused_with_the_rule() {
        assert_eq!(
            parse_published_head("12"),
            Err(
                "\"12\" is not a published head: give POSITION:HASH, for example 1234:9f2c…"
                    .to_owned()
            )
        );
        assert_eq!(
            parse_published_head(&format!("0:{}", "ab".repeat(32))),
            Err("\"0\" is not a position: give a whole number from 1".to_owned())
        );
        assert_eq!(
            parse_published_head("3:abc"),
            Err("\"abc\" is not a hash: give 64 hexadecimal digits".to_owned())
        );
    }
}
