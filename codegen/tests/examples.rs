//! The checker accepts an example exactly when it is a valid instance of the schema the field
//! publishes (as the `jsonschema` crate validates it, formats asserted) and the field's Rust type
//! reads it and writes the same number or text back (what the validator does not check: int32,
//! float32, no fraction in integers, canonical base64). Random fields (type, format,
//! constraints) and random values, through the library's public API.

use std::collections::BTreeMap;
use std::path::Path;

use base64::Engine as _;
use codegen::InputFile;
use codegen::{Config, Diagnostics};
use proptest::prelude::*;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Number, Value, json};

#[derive(Debug, Clone, Copy, PartialEq)]
enum Base {
    String,
    Int64,
    Int32,
    Float32,
    Float64,
    Bool,
    Bytes,
}

impl Base {
    fn go(self) -> &'static str {
        match self {
            Base::String => "string",
            Base::Int64 => "int64",
            Base::Int32 => "int32",
            Base::Float32 => "float32",
            Base::Float64 => "float64",
            Base::Bool => "bool",
            Base::Bytes => "[]byte",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Wrap {
    None,
    List,
    Map,
}

#[derive(Debug, Clone)]
struct FieldDef {
    base: Base,
    wrap: Wrap,
    /// YAML lines of the constraints, e.g. `maximum: 40`.
    constraints: Vec<String>,
}

impl FieldDef {
    fn go_type(&self) -> String {
        match self.wrap {
            Wrap::None => self.base.go().to_owned(),
            Wrap::List => format!("[]{}", self.base.go()),
            Wrap::Map => format!("map[string]{}", self.base.go()),
        }
    }

    fn yaml(&self, example: Option<&Value>) -> String {
        let mut out =
            format!("struct: T\nfields:\n  - name: V\n    type: \"{}\"\n    required: true\n", self.go_type());
        for c in &self.constraints {
            out.push_str(&format!("    {c}\n"));
        }
        if let Some(v) = example {
            // JSON is YAML's flow style.
            out.push_str(&format!("    examples: [{v}]\n"));
        }
        out
    }
}

/// Patterns on which ECMA-262 engines agree.
const PATTERNS: &[&str] = &["^[a-z]+$", "^\\d{2,4}$", "b", "^(ab|cd)*$", "^\\p{L}+$", "^[^-]*-[0-9a-f]+$"];
/// Formats the checker asserts, as validators do.
const FORMATS: &[&str] = &["date-time", "date", "time", "uuid", "ipv4", "ipv6"];

fn field_def() -> impl Strategy<Value = FieldDef> {
    let base = prop_oneof![
        Just(Base::String),
        Just(Base::Int64),
        Just(Base::Int32),
        Just(Base::Float32),
        Just(Base::Float64),
        Just(Base::Bool),
        Just(Base::Bytes),
    ];
    let wrap = prop_oneof![4 => Just(Wrap::None), 1 => Just(Wrap::List), 1 => Just(Wrap::Map)];
    let number =
        prop_oneof![(-50i64..50).prop_map(|n| n.to_string()), Just("0.5".to_owned()), Just("-2.25".to_owned())];
    (
        base,
        wrap,
        proptest::option::of(number.clone()),
        proptest::option::of(number),
        0usize..8,
        0usize..12,
        0u64..6,
        0u64..6,
    )
        .prop_map(|(base, wrap, min, max, pattern, format, a, b)| {
            let scalar = wrap == Wrap::None;
            let mut constraints = Vec::new();
            let numeric = matches!(base, Base::Int64 | Base::Int32 | Base::Float32 | Base::Float64);
            // Bounds in order: bounds out of order are an error of their own.
            let (min, max) = match (min, max) {
                (Some(a), Some(b)) if a.parse::<f64>().unwrap() > b.parse::<f64>().unwrap() => (Some(b), Some(a)),
                other => other,
            };
            let a = a.min(b + 2);
            if scalar && numeric {
                let ints = matches!(base, Base::Int64 | Base::Int32);
                for (key, v) in [("minimum", min), ("maximum", max)] {
                    if let Some(v) = v.filter(|v| !ints || !v.contains('.')) {
                        constraints.push(format!("{key}: {v}"));
                    }
                }
            }
            if scalar && base == Base::String {
                if let Some(p) = PATTERNS.get(pattern) {
                    constraints.push(format!("pattern: '{p}'"));
                }
                if let Some(f) = FORMATS.get(format) {
                    constraints.push(format!("format: {f}"));
                }
                if a > 0 {
                    constraints.push(format!("min_length: {}", a - 1));
                }
                if b > 0 {
                    constraints.push(format!("max_length: {}", b + 2));
                }
            }
            if wrap == Wrap::List {
                if a > 0 {
                    constraints.push(format!("min_items: {}", a - 1));
                }
                if b > 0 {
                    constraints.push(format!("max_items: {}", b + 1));
                }
            }
            FieldDef { base, wrap, constraints }
        })
}

fn text() -> impl Strategy<Value = String> {
    let digit = || (0u32..10).prop_map(|d| char::from_digit(d, 10).unwrap());
    let dd = move || (digit(), digit()).prop_map(|(a, b)| format!("{a}{b}"));
    let date = (dd(), dd(), dd(), dd()).prop_map(|(c, y, m, d)| format!("{c}{y}-{m}-{d}"));
    let offset = prop_oneof![
        Just("Z".to_owned()),
        Just("z".to_owned()),
        (dd(), dd()).prop_map(|(h, m)| format!("+{h}:{m}")),
        Just(String::new())
    ];
    let time = (dd(), dd(), dd(), proptest::option::of("[0-9]{0,4}"), offset)
        .prop_map(|(h, m, s, f, o)| format!("{h}:{m}:{s}{}{o}", f.map(|f| format!(".{f}")).unwrap_or_default()));
    prop_oneof![
        "[a-zA-Z0-9 é!+/=-]{0,12}",
        "[a-z]{0,8}",
        "[0-9]{0,6}",
        "[A-Za-z0-9+/]{0,8}={0,2}",
        date.clone(),
        time.clone(),
        (date, prop_oneof![Just("T"), Just("t"), Just(" ")], time).prop_map(|(d, t, h)| format!("{d}{t}{h}")),
        "[0-9a-fA-F]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{11,13}",
        "[0-9]{1,3}\\.[0-9]{1,3}\\.[0-9]{1,3}\\.[0-9]{1,4}",
        "[0-9a-f:]{2,12}",
    ]
}

fn number() -> impl Strategy<Value = Value> {
    prop_oneof![
        (-60i64..60).prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>().prop_filter_map("finite", |f| Number::from_f64(f).map(Value::Number)),
        (-100.0f64..100.0).prop_map(|f| json!(f)),
        prop_oneof![
            Just(json!(i64::from(i32::MAX))),
            Just(json!(i64::from(i32::MAX) + 1)),
            Just(json!(i64::from(i32::MIN) - 1)),
            Just(json!(9_007_199_254_740_993u64)),
            Just(json!(16_777_217)),
            Just(json!(5.0)),
            Just(json!(0.1)),
            Just(json!(1e39)),
            Just(json!(1e-50)),
            Just(json!(3.4028235e38)),
        ],
    ]
}

fn scalar() -> impl Strategy<Value = Value> {
    prop_oneof![3 => text().prop_map(Value::String), 3 => number(), 1 => any::<bool>().prop_map(Value::Bool), 1 => Just(Value::Null)]
}

fn value() -> impl Strategy<Value = Value> {
    prop_oneof![
        4 => scalar(),
        1 => proptest::collection::vec(scalar(), 0..6).prop_map(Value::Array),
        1 => proptest::collection::btree_map("[a-z]{1,3}", scalar(), 0..4)
            .prop_map(|m| Value::Object(m.into_iter().collect())),
    ]
}

/// A value likely to be of the field's kind (so that the constraints are what decides), or any value.
fn value_for(def: &FieldDef) -> BoxedStrategy<Value> {
    let one: BoxedStrategy<Value> = match def.base {
        Base::String => text().prop_map(Value::String).boxed(),
        Base::Bytes if def.wrap == Wrap::None => {
            prop_oneof!["[A-Za-z0-9+/]{0,8}={0,2}", "([A-Za-z0-9+/]{4}){0,3}"].prop_map(Value::String).boxed()
        }
        Base::Bytes => proptest::collection::vec(prop_oneof![(0u64..300).prop_map(Value::from), number()], 0..4)
            .prop_map(Value::Array)
            .boxed(),
        Base::Bool => any::<bool>().prop_map(Value::Bool).boxed(),
        _ => number().boxed(),
    };
    let typed = match def.wrap {
        Wrap::None => one,
        Wrap::List => proptest::collection::vec(one, 0..8).prop_map(Value::Array).boxed(),
        Wrap::Map => proptest::collection::btree_map("[a-z]{1,3}", one, 0..4)
            .prop_map(|m| Value::Object(m.into_iter().collect()))
            .boxed(),
    };
    prop_oneof![4 => typed, 1 => value()].boxed()
}

/// Runs the generator on one definition; the field's published schema, or `None` if rejected.
fn published(def: &FieldDef, example: Option<&Value>) -> Option<Value> {
    let files = vec![InputFile { path: "ns/t.yaml".to_owned(), bytes: def.yaml(example).into_bytes() }];
    let (generated, _, _) =
        Config::new().docs(false).generate_from(files, Path::new("schema"), Diagnostics::default()).ok()?;
    let file = generated.files.iter().find(|f| f.path.ends_with("ns/t.json")).expect("the model's schema");
    let schema: Value = serde_json::from_str(&file.contents).unwrap();
    Some(schema["properties"]["v"].clone())
}

/// Numbers equal in value, everything else equal.
fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => {
            let int = |n: &Number| n.as_i64().map(i128::from).or_else(|| n.as_u64().map(i128::from));
            match (int(x), int(y), x.as_f64(), y.as_f64()) {
                (Some(i), Some(j), _, _) => i == j,
                (Some(i), None, _, Some(f)) | (None, Some(i), Some(f), _) => {
                    f.fract() == 0.0 && f.abs() < 1e38 && f as i128 == i
                }
                (_, _, Some(f), Some(g)) => f == g,
                _ => false,
            }
        }
        (Value::Array(x), Value::Array(y)) => x.len() == y.len() && x.iter().zip(y).all(|(a, b)| same(a, b)),
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, a)| y.get(k).is_some_and(|b| same(a, b)))
        }
        _ => a == b,
    }
}

/// Bytes as the generated crate reads and writes them.
struct Bytes(Vec<u8>);

impl<'de> Deserialize<'de> for Bytes {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        base64::engine::general_purpose::STANDARD.decode(text).map(Bytes).map_err(serde::de::Error::custom)
    }
}

impl Serialize for Bytes {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&base64::engine::general_purpose::STANDARD.encode(&self.0))
    }
}

/// Whether the Rust type reads the value and writes it back as JSON text of the same value.
fn round_trips<T: DeserializeOwned + Serialize>(v: &Value) -> bool {
    let Ok(typed) = serde_json::from_value::<T>(v.clone()) else { return false };
    let back: Value = serde_json::from_str(&serde_json::to_string(&typed).unwrap()).unwrap();
    same(&back, v)
}

fn rust_holds<T: DeserializeOwned + Serialize>(wrap: Wrap, v: &Value) -> bool {
    match wrap {
        Wrap::None => round_trips::<T>(v),
        Wrap::List => round_trips::<Vec<T>>(v),
        Wrap::Map => round_trips::<BTreeMap<String, T>>(v),
    }
}

fn rust_side(def: &FieldDef, v: &Value) -> bool {
    match def.base {
        Base::String => rust_holds::<String>(def.wrap, v),
        Base::Int64 => rust_holds::<i64>(def.wrap, v),
        Base::Int32 => rust_holds::<i32>(def.wrap, v),
        Base::Float32 => rust_holds::<f32>(def.wrap, v),
        Base::Float64 => rust_holds::<f64>(def.wrap, v),
        Base::Bool => rust_holds::<bool>(def.wrap, v),
        // Only a field's own bytes are base64 text; in a list or map they are `Vec<u8>`.
        Base::Bytes if def.wrap == Wrap::None => round_trips::<Bytes>(v),
        Base::Bytes => rust_holds::<Vec<u8>>(def.wrap, v),
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn an_example_is_accepted_exactly_when_validators_and_the_rust_type_accept_it((def, value) in field_def().prop_flat_map(|def| (Just(def.clone()), value_for(&def)))) {
        let schema = published(&def, None).expect("the field without an example is accepted");
        let validator = jsonschema::options()
            .with_draft(jsonschema::Draft::Draft202012)
            .should_validate_formats(true)
            .build(&schema)
            .unwrap();
        let valid = validator.is_valid(&value);
        let holds = rust_side(&def, &value);
        let accepted = published(&def, Some(&value)).is_some();
        prop_assert_eq!(
            accepted,
            valid && holds,
            "field {}\nschema {}\nvalue {} (validator: {}, Rust type: {})",
            def.yaml(None), schema, value, valid, holds
        );
    }
}
