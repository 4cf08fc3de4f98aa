//! Kubernetes resource quantities (`500m`, `0.5`, `256Mi`, `1G`, `1e3`),
//! parsed as the API server parses them and held exactly: no floating point,
//! so that `1Gi` and `1073741824` compare equal and `0.1` is not 0.1000000001.
//!
//! The grammar (k8s.io/apimachinery `resource.ParseQuantity`):
//! an optional sign, digits with an optional fraction (`1`, `1.5`, `.5`,
//! `1.`), then one suffix: binary `Ki Mi Gi Ti Pi Ei`, decimal
//! `n u m "" k M G T P E`, or a decimal exponent `e3` / `E-2`. The API rounds
//! a value up to whole nano-units; so do we.

use std::cmp::Ordering;

/// A parsed quantity, in nano-units (1 = 10⁻⁹ cores or bytes).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Quantity {
    nanos: u128,
}

/// Why a text is not a quantity.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum QuantityError {
    /// Not of the quantity grammar at all.
    Syntax,
    /// A suffix the API does not know (`K`, `KB`, `gi`, `Gb`).
    Suffix(String),
    /// A negative amount: requests and limits must not be negative.
    Negative,
    /// Too many digits or too large an exponent to compare (beyond 10²⁰
    /// units, far more than any node has); the API may accept it.
    OutOfRange,
}

impl Quantity {
    pub fn parse(text: &str) -> Result<Quantity, QuantityError> {
        let bytes = text.as_bytes();
        let mut pos = 0;
        let negative = match bytes.first() {
            Some(b'-') => {
                pos += 1;
                true
            }
            Some(b'+') => {
                pos += 1;
                false
            }
            _ => false,
        };
        let whole = digits(bytes, &mut pos);
        let fraction = if bytes.get(pos) == Some(&b'.') {
            pos += 1;
            digits(bytes, &mut pos)
        } else {
            ""
        };
        if whole.is_empty() && fraction.is_empty() {
            return Err(QuantityError::Syntax);
        }
        let suffix = &text[pos..];
        let (exp10, exp2) = suffix_exponents(suffix)?;
        let mantissa_text = format!("{whole}{fraction}");
        let mantissa_text = mantissa_text.trim_start_matches('0');
        if mantissa_text.is_empty() {
            return Ok(Quantity { nanos: 0 });
        }
        if negative {
            return Err(QuantityError::Negative);
        }
        // Thirty significant digits is more than any real quantity has; the
        // products below are checked, so larger ones only stop comparison.
        if mantissa_text.len() > 30 {
            return Err(QuantityError::OutOfRange);
        }
        let mantissa: u128 = mantissa_text
            .parse()
            .map_err(|_| QuantityError::OutOfRange)?;
        let fraction_len = i64::try_from(fraction.len()).map_err(|_| QuantityError::OutOfRange)?;
        // value = mantissa × 10^(exp10 − fraction_len) × 2^exp2, in nano-units
        // one more factor of 10^9.
        let scale = exp10 - fraction_len + 9;
        let binary = 1u128
            .checked_shl(exp2)
            .and_then(|factor| mantissa.checked_mul(factor))
            .ok_or(QuantityError::OutOfRange)?;
        let nanos = if scale >= 0 {
            let scale = u32::try_from(scale).map_err(|_| QuantityError::OutOfRange)?;
            10u128
                .checked_pow(scale)
                .and_then(|factor| binary.checked_mul(factor))
                .ok_or(QuantityError::OutOfRange)?
        } else {
            // Finer than a nano-unit: the API rounds up.
            let divisor = u32::try_from(-scale)
                .ok()
                .and_then(|s| 10u128.checked_pow(s));
            match divisor {
                Some(divisor) => binary.div_ceil(divisor),
                // A divisor beyond u128 leaves less than one nano-unit.
                None => 1,
            }
        };
        Ok(Quantity { nanos })
    }

    pub fn is_zero(self) -> bool {
        self.nanos == 0
    }

    pub fn cmp_exact(self, other: Quantity) -> Ordering {
        self.nanos.cmp(&other.nanos)
    }

    /// Whether the value has a part finer than one unit (one byte of memory).
    pub fn has_fraction(self) -> bool {
        !self.nanos.is_multiple_of(1_000_000_000)
    }

    /// Whether the value is less than `units` units.
    pub fn below(self, units: u128) -> bool {
        self.nanos < units.saturating_mul(1_000_000_000)
    }
}

fn digits<'a>(bytes: &'a [u8], pos: &mut usize) -> &'a str {
    let start = *pos;
    while bytes.get(*pos).is_some_and(u8::is_ascii_digit) {
        *pos += 1;
    }
    // Only ASCII digits were consumed, so this is valid UTF-8.
    std::str::from_utf8(&bytes[start..*pos]).unwrap_or_default()
}

/// The decimal and binary exponents a suffix stands for.
fn suffix_exponents(suffix: &str) -> Result<(i64, u32), QuantityError> {
    let decimal = |exp: i64| Ok((exp, 0));
    let binary = |exp: u32| Ok((0, exp));
    match suffix {
        "" => decimal(0),
        "n" => decimal(-9),
        "u" => decimal(-6),
        "m" => decimal(-3),
        "k" => decimal(3),
        "M" => decimal(6),
        "G" => decimal(9),
        "T" => decimal(12),
        "P" => decimal(15),
        "E" => decimal(18),
        "Ki" => binary(10),
        "Mi" => binary(20),
        "Gi" => binary(30),
        "Ti" => binary(40),
        "Pi" => binary(50),
        "Ei" => binary(60),
        _ => {
            let exponent = suffix
                .strip_prefix(['e', 'E'])
                .filter(|rest| {
                    let unsigned = rest.strip_prefix(['+', '-']).unwrap_or(rest);
                    !unsigned.is_empty() && unsigned.bytes().all(|b| b.is_ascii_digit())
                })
                .ok_or_else(|| {
                    if suffix.bytes().all(|b| b.is_ascii_alphabetic()) {
                        QuantityError::Suffix(suffix.to_string())
                    } else {
                        QuantityError::Syntax
                    }
                })?;
            // Exponents beyond ±1000 cannot be compared; the API's limits are
            // far below that anyway.
            exponent
                .parse::<i64>()
                .ok()
                .filter(|e| e.abs() <= 1000)
                .map(|e| (e, 0))
                .ok_or(QuantityError::OutOfRange)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nanos(text: &str) -> u128 {
        Quantity::parse(text)
            .unwrap_or_else(|e| panic!("{text}: {e:?}"))
            .nanos
    }

    const UNIT: u128 = 1_000_000_000;

    #[test]
    fn decimal_and_binary_suffixes() {
        assert_eq!(nanos("500m"), UNIT / 2);
        assert_eq!(nanos("0.5"), UNIT / 2);
        assert_eq!(nanos(".5"), UNIT / 2);
        assert_eq!(nanos("1."), UNIT);
        assert_eq!(nanos("+2"), 2 * UNIT);
        assert_eq!(nanos("1k"), 1_000 * UNIT);
        assert_eq!(nanos("1G"), 1_000_000_000 * UNIT);
        assert_eq!(nanos("1e3"), 1_000 * UNIT);
        assert_eq!(nanos("1E3"), 1_000 * UNIT);
        assert_eq!(nanos("5e-1"), UNIT / 2);
        assert_eq!(nanos("256Mi"), 256 * (1 << 20) * UNIT);
        assert_eq!(nanos("1.5Gi"), 1_610_612_736 * UNIT);
        assert_eq!(nanos("1Gi"), nanos("1073741824"));
        assert_eq!(nanos("100n"), 100);
        assert_eq!(nanos("3u"), 3_000);
        assert_eq!(nanos("0"), 0);
        assert_eq!(nanos("0Mi"), 0);
        assert_eq!(nanos("-0"), 0);
        assert_eq!(nanos("007"), 7 * UNIT);
    }

    #[test]
    fn finer_than_a_nano_unit_rounds_up() {
        assert_eq!(nanos("0.0000000001"), 1);
        assert_eq!(nanos("1e-30"), 1);
        assert_eq!(nanos("1.0000000001"), UNIT + 1);
    }

    #[test]
    fn comparisons_are_exact() {
        let q = |t: &str| Quantity::parse(t).unwrap();
        assert_eq!(q("1").cmp_exact(q("1000m")), Ordering::Equal);
        assert_eq!(q("1Gi").cmp_exact(q("1G")), Ordering::Greater);
        assert_eq!(q("0.1").cmp_exact(q("100m")), Ordering::Equal);
        assert_eq!(q("1001m").cmp_exact(q("1")), Ordering::Greater);
        assert!(q("128m").has_fraction());
        assert!(!q("1.5Gi").has_fraction());
        assert!(q("1.5").below(1024) && !q("1Ki").below(1024));
    }

    #[test]
    fn invalid_texts_are_refused() {
        for text in [
            "", ".", "-", "Mi", "1 Gi", "1.2.3", "1ee3", "1e3.5", "1Mi3", "abc",
        ] {
            assert_eq!(Quantity::parse(text), Err(QuantityError::Syntax), "{text}");
        }
        for text in ["1K", "1KB", "1gi", "1Gb", "2GB", "1mi", "1e"] {
            assert!(
                matches!(Quantity::parse(text), Err(QuantityError::Suffix(_))),
                "{text}"
            );
        }
        assert_eq!(Quantity::parse("-1"), Err(QuantityError::Negative));
        assert_eq!(Quantity::parse("-500m"), Err(QuantityError::Negative));
        assert_eq!(Quantity::parse("1e5000"), Err(QuantityError::OutOfRange));
        assert_eq!(Quantity::parse("1e40"), Err(QuantityError::OutOfRange));
    }
}
