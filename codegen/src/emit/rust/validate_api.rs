/// A value that breaks a rule of its published JSON Schema which its Rust type does not hold
/// by itself: a length, a pattern, a format, a bound, an item count, an enum's listed values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    /// Where, as a JSON pointer over wire names (`/owners/0/email`); empty for the value itself.
    pub path: String,
    /// The JSON Schema keyword broken: `minLength`, `maxLength`, `pattern`, `format`, `minimum`,
    /// `maximum`, `minItems`, `maxItems` or `enum`.
    pub keyword: &'static str,
    /// What is wrong, for people.
    pub message: String,
}

impl ::std::fmt::Display for Violation {
    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        if self.path.is_empty() {
            f.write_str(&self.message)
        } else {
            write!(f, "at `{}`: {}", self.path, self.message)
        }
    }
}

impl ::std::error::Error for Violation {}

/// Checks a value against the rules of its published JSON Schema that its Rust type does not
/// hold by itself. A value that deserialized and passes `validate()` is one the published
/// schema accepts (formats asserted: `date-time`, `date`, `time`, `uuid`, `ipv4`, `ipv6`).
pub trait Validate {
    /// Every violation, in the order of the fields; `Ok` if there is none.
    fn validate(&self) -> Result<(), Vec<Violation>> {
        let mut out = Vec::new();
        self.violations(&mut crate::__private::validate::At::default(), &mut out);
        if out.is_empty() { Ok(()) } else { Err(out) }
    }

    /// Adds the value's violations, found at `at`, to `out`.
    #[doc(hidden)]
    fn violations(&self, at: &mut crate::__private::validate::At, out: &mut Vec<Violation>) {
        let _ = (at, out);
    }
}
