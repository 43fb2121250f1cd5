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
/// with hashes only where two keys collide. Collisions are looked for again
/// after hashing (a name can equal another's hashed form, `my-key` and
/// `my-key-B3E680D1`): every base in a collision is hashed again, with the
/// round number in the hashed text, until all bases are unique. The result
/// depends on the set of keys, never on their order.
pub fn bases<'a>(keys: impl IntoIterator<Item = (&'a str, String)>) -> Vec<String> {
    bases_by(keys.into_iter().map(|(k, p)| (k, k, p)))
}

/// [`bases`] where the identity of an entry (`gateway/target`) differs from
/// the text its hash is taken of (the target name, as in earlier versions).
pub fn bases_by<'a>(keys: impl IntoIterator<Item = (&'a str, &'a str, String)>) -> Vec<String> {
    let mut entries: Vec<(&str, &str, String)> = keys.into_iter().collect();
    // The plain bases, kept for rehashing; `out` starts as them.
    let plain: Vec<String> = entries.iter().map(|e| e.2.clone()).collect();
    for round in 0.. {
        let mut by_base: std::collections::HashMap<&str, (usize, bool)> =
            std::collections::HashMap::with_capacity(entries.len());
        for (i, e) in entries.iter().enumerate() {
            let slot = by_base.entry(e.2.as_str()).or_insert((i, false));
            if entries[slot.0].0 != e.0 {
                slot.1 = true;
            }
        }
        let collided: Vec<usize> = (0..entries.len())
            .filter(|&i| by_base[entries[i].2.as_str()].1)
            .collect();
        if collided.is_empty() {
            break;
        }
        for i in collided {
            let key = entries[i].1;
            let base = &plain[i];
            entries[i].2 = if round == 0 {
                format!("{base}{}", short_hash(key))
            } else if round < 32 {
                format!("{base}{}", short_hash(&format!("{key}#{round}")))
            } else {
                // Unreachable in practice (32 rounds of 32-bit hash
                // collisions); the position keeps the IDs unique.
                format!("{base}{}{i}", short_hash(key))
            };
        }
    }
    entries.into_iter().map(|e| e.2).collect()
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

    #[test]
    fn a_name_equal_to_a_hashed_form_is_disambiguated() {
        let names = ["my-key", "my_key", "my-key-B3E680D1"];
        let ids = bases(names.iter().map(|n| (*n, pascal(n))));
        let set: std::collections::BTreeSet<&String> = ids.iter().collect();
        assert_eq!(set.len(), 3, "{ids:?}");
        let rev = bases(names.iter().rev().map(|n| (*n, pascal(n))));
        assert_eq!(ids, rev.into_iter().rev().collect::<Vec<_>>());
    }
}
