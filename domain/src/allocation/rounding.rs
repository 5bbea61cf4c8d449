//! Largest-remainder rounding (Hare–Niemeyer): whole units shared in proportion to weights, so
//! that the parts add up exactly to the whole.

/// Splits `whole` into parts in proportion to `weights`, in whole units, so that the parts add up
/// exactly to `whole`. Each part is its exact share rounded down; the units left over go one each
/// to the parts with the largest remainders, and of equal remainders to the earlier part, so the
/// answer depends only on the order the caller gives. A negative whole is split as its amount and
/// every part negated. `None` when the weights add up to nothing, which splits nothing.
pub fn largest_remainder(whole: i64, weights: &[u64]) -> Option<Vec<i64>> {
    let total: u128 = weights.iter().map(|weight| u128::from(*weight)).sum();
    if total == 0 {
        return None;
    }
    let amount = u128::from(whole.unsigned_abs());
    let mut parts: Vec<u128> = Vec::with_capacity(weights.len());
    let mut remainders: Vec<(u128, usize)> = Vec::with_capacity(weights.len());
    for (index, weight) in weights.iter().enumerate() {
        // amount < 2^64 and weight < 2^64, so the product fits in 128 bits.
        let exact = amount * u128::from(*weight);
        parts.push(exact / total);
        remainders.push((exact % total, index));
    }
    let handed_out: u128 = parts.iter().sum();
    // Each part lost less than one unit, so fewer units are left than there are parts.
    let left = usize::try_from(amount - handed_out).ok()?;
    remainders.sort_by(|(first, first_index), (second, second_index)| {
        second.cmp(first).then(first_index.cmp(second_index))
    });
    for (_, index) in remainders.into_iter().take(left) {
        parts[index] += 1;
    }
    parts
        .into_iter()
        .map(|part| {
            // Every part is at most `amount`, which came from an i64.
            let part = i64::try_from(part).ok()?;
            Some(if whole < 0 { -part } else { part })
        })
        .collect()
}
