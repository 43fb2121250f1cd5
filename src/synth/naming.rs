//! Logical IDs. A public contract: renaming a logical ID replaces the
//! resource. IDs derive from names, never from list positions:
//! PascalCase of the name (split on every character that is not a letter or
//! digit, first letter of each part upper-cased) plus a suffix naming the
//! kind. Where two names give the same ID, each of them gets an 8-hex-digit
//! FNV-1a hash of its original name appended, so the result does not depend
//! on the order of the file.

/// `github-provider` → `GithubProvider`; `my_gw.v2` → `MyGwV2`.
pub fn pascal(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for part in name.split(|c: char| !c.is_ascii_alphanumeric()) {
        let mut chars = part.chars();
        if let Some(first) = chars.next() {
            out.push(first.to_ascii_uppercase());
            out.extend(chars);
        }
    }
    if out.is_empty() || out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert(0, 'N');
    }
    out
}

/// FNV-1a, 32 bits: stable across platforms and versions.
pub fn short_hash(s: &str) -> String {
    let mut h: u32 = 0x811c_9dc5;
    for b in s.bytes() {
        h ^= u32::from(b);
        h = h.wrapping_mul(0x0100_0193);
    }
    format!("{h:08X}")
}

/// The ID bases for a list of keys (names, or `gateway/target` pairs),
/// with hashes only where two keys collide.
pub fn bases<'a>(keys: impl IntoIterator<Item = (&'a str, String)> + Clone) -> Vec<String> {
    let plain: Vec<(String, &str)> = keys.clone().into_iter().map(|(key, p)| (p, key)).collect();
    plain
        .iter()
        .map(|(p, key)| {
            let collides = plain.iter().filter(|(q, k)| q == p && k != key).count() > 0;
            if collides {
                format!("{p}{}", short_hash(key))
            } else {
                p.clone()
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pascal_case_from_names() {
        assert_eq!(pascal("github-provider"), "GithubProvider");
        assert_eq!(pascal("my_gw.v2"), "MyGwV2");
        assert_eq!(pascal("OpenAI"), "OpenAI");
        assert_eq!(pascal("9lives"), "N9lives");
    }

    #[test]
    fn collisions_get_hashes_independent_of_order() {
        let a = bases([
            ("my-gw", pascal("my-gw")),
            ("my_gw", pascal("my_gw")),
            ("other", pascal("other")),
        ]);
        let b = bases([
            ("other", pascal("other")),
            ("my_gw", pascal("my_gw")),
            ("my-gw", pascal("my-gw")),
        ]);
        assert_eq!(a[2], "Other");
        assert_ne!(a[0], a[1]);
        assert_eq!(a[0], b[2]);
        assert_eq!(a[1], b[1]);
        assert!(a[0].starts_with("MyGw") && a[0].len() == 12);
    }
}
