/// What the generated `Serialize` and `Deserialize` impls are made of; not part of the crate's
/// API.
#[doc(hidden)]
pub mod __private {
    /// `Serialize` and `Deserialize` for a struct, from its fields in order, each
    /// `name: kind "wire name",` with a kind of `fields` (`required`, `optional`, ...). They read
    /// and write what serde's derives would: fields by wire name, unknown ones skipped, a field
    /// given twice or a required one missing an error. (Structs written as sequences are not
    /// read: optional fields are skipped when written, so formats that write structs that way
    /// could not read them back anyway.)
    // @closed {
    ///
    /// `Name DENY_UNKNOWN_FIELDS { ... }` reads only the listed fields: another is an error, as
    /// with serde's `deny_unknown_fields`.
    // @closed }
    // @tagged {
    ///
    /// `Name TAGGED { ... }` (before `DENY_UNKNOWN_FIELDS`) also implements `tagged::Fields`,
    /// for a struct that is a variant of a union with a discriminator.
    // @tagged }
    #[allow(unused_macros)] // A crate of enums and unions only has no call of it.
    macro_rules! serde_struct {
        // @tagged {
        // @not closed {
        ($name:ident TAGGED { $($field:ident: $kind:ident $wire:literal,)* }) => {
            $crate::__private::serde_struct! { $name { $($field: $kind $wire,)* } }
        // @not closed }
        // @closed {
        ($name:ident TAGGED $($closed:ident)? { $($field:ident: $kind:ident $wire:literal,)* }) => {
            $crate::__private::serde_struct! { $name $($closed)? { $($field: $kind $wire,)* } }
        // @closed }

            impl $crate::__private::tagged::Fields for $name {
                fn count_except(&self, key: &str) -> usize {
                    0 $(+ if $wire == key { 0 } else { $crate::__private::fields::$kind::count(&self.$field) })*
                }

                fn write_except<__S: serde::ser::SerializeStruct>(&self, state: &mut __S, key: &str) -> Result<(), __S::Error> {
                    $(if $wire != key {
                        $crate::__private::fields::$kind::write(state, $wire, &self.$field)?;
                    })*
                    Ok(())
                }
            }
        };
        // @tagged }
        // @not closed {
        ($name:ident { $($field:ident: $kind:ident $wire:literal,)* }) => {
        // @not closed }
        // @closed {
        ($name:ident $($closed:ident)? { $($field:ident: $kind:ident $wire:literal,)* }) => {
        // @closed }
            impl serde::Serialize for $name {
                fn serialize<__S: serde::Serializer>(&self, serializer: __S) -> Result<__S::Ok, __S::Error> {
                    use serde::ser::SerializeStruct as _;
                    let len = 0 $(+ $crate::__private::fields::$kind::count(&self.$field))*;
                    #[allow(unused_mut)]
                    let mut state = serializer.serialize_struct(stringify!($name), len)?;
                    $($crate::__private::fields::$kind::write(&mut state, $wire, &self.$field)?;)*
                    state.end()
                }
            }

            impl<'de> serde::Deserialize<'de> for $name {
                fn deserialize<__D: serde::Deserializer<'de>>(deserializer: __D) -> Result<Self, __D::Error> {
                    $crate::__private::deserialize::structure(deserializer)
                }
            }

            impl $crate::__private::deserialize::Struct for $name {
                const NAME: &'static str = stringify!($name);
                const FIELDS: &'static [&'static str] = &[$($wire),*];
                // @closed {
                $(const $closed: bool = true;)?
                // @closed }

                fn read<'de, __A: serde::de::MapAccess<'de>>(mut map: __A) -> Result<Self, __A::Error> {
                    $(let mut $field = $crate::__private::deserialize::Slot::new($wire);)*
                    while let Some(key) = map.next_key::<$crate::__private::deserialize::Key>()? {
                        match key.as_str() {
                            $($wire => $crate::__private::fields::$kind::set(&mut $field, &mut map)?,)*
                            // @not closed {
                            _ => $crate::__private::deserialize::skip(&mut map)?,
                            // @not closed }
                            // @closed {
                            _ => $crate::__private::deserialize::unknown::<Self, __A>(&mut map, key.as_str())?,
                            // @closed }
                        }
                    }
                    Ok($name { $($field: $crate::__private::fields::$kind::take($field)?,)* })
                }
            }
        };
    }

    #[allow(unused_imports)]
    pub(crate) use serde_struct;

    /// What the `Deserialize` impls of the structs share: a struct is read as a map.
    pub mod deserialize {
        use std::borrow::Cow;
        use std::fmt;
        use std::marker::PhantomData;

        use serde::de::{Deserialize, Deserializer, Error, IgnoredAny, MapAccess, Visitor};

        /// A struct that reads itself from a map of its fields.
        pub trait Struct: Sized {
            const NAME: &'static str;
            const FIELDS: &'static [&'static str];
            // @closed {
            /// A property the struct does not list is an error (`additional_properties: false`).
            const DENY_UNKNOWN_FIELDS: bool = false;
            // @closed }

            fn read<'de, A: MapAccess<'de>>(map: A) -> Result<Self, A::Error>;
        }

        /// Reads a struct.
        pub fn structure<'de, T: Struct, D: Deserializer<'de>>(deserializer: D) -> Result<T, D::Error> {
            deserializer.deserialize_struct(T::NAME, T::FIELDS, StructVisitor(PhantomData))
        }

        struct StructVisitor<T>(PhantomData<T>);

        impl<'de, T: Struct> Visitor<'de> for StructVisitor<T> {
            type Value = T;

            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                write!(f, "struct {}", T::NAME)
            }

            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
                T::read(map)
            }
        }

        /// A field name, borrowed from the input where it can be.
        pub struct Key<'de>(Cow<'de, str>);

        impl Key<'_> {
            /// The name.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl<'de> Deserialize<'de> for Key<'de> {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                deserializer.deserialize_identifier(KeyVisitor)
            }
        }

        struct KeyVisitor;

        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = Key<'de>;

            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a field name")
            }

            fn visit_borrowed_str<E: Error>(self, name: &'de str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Borrowed(name)))
            }

            fn visit_str<E: Error>(self, name: &str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(name.to_owned())))
            }

            fn visit_string<E: Error>(self, name: String) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(name)))
            }

            fn visit_bytes<E: Error>(self, name: &[u8]) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(String::from_utf8_lossy(name).into_owned())))
            }
        }

        /// Where the value of one field goes while the map is read.
        pub struct Slot<T> {
            name: &'static str,
            value: Option<T>,
        }

        impl<T> Slot<T> {
            /// The slot of the field of this name.
            pub fn new(name: &'static str) -> Self {
                Slot { name, value: None }
            }

            /// Reads the field's value.
            pub fn set<'de, A: MapAccess<'de>>(&mut self, map: &mut A) -> Result<(), A::Error>
            where
                T: Deserialize<'de>,
            {
                self.set_with(map, |value: T| value)
            }

            /// Reads the field's value as `W` (the form it takes in the input), then converts it.
            pub fn set_with<'de, A: MapAccess<'de>, W: Deserialize<'de>>(
                &mut self,
                map: &mut A,
                convert: fn(W) -> T,
            ) -> Result<(), A::Error> {
                if self.value.is_some() {
                    return Err(A::Error::duplicate_field(self.name));
                }
                self.value = Some(convert(map.next_value()?));
                Ok(())
            }

            /// The value of a field that must be given.
            pub fn required<E: Error>(self) -> Result<T, E> {
                self.value.ok_or_else(|| E::missing_field(self.name))
            }
        }

        impl<T> Slot<Option<T>> {
            /// The value of an optional field: `None` if it is absent or null.
            pub fn optional(self) -> Option<T> {
                self.value.flatten()
            }
        }

        /// Skips the value of a field the definitions do not know.
        pub fn skip<'de, A: MapAccess<'de>>(map: &mut A) -> Result<(), A::Error> {
            map.next_value::<IgnoredAny>().map(|_| ())
        }
        // @closed {

        /// A field `T` does not list: skipped, or an error if `T` denies unknown fields.
        pub fn unknown<'de, T: Struct, A: MapAccess<'de>>(map: &mut A, key: &str) -> Result<(), A::Error> {
            if T::DENY_UNKNOWN_FIELDS { Err(A::Error::unknown_field(key, T::FIELDS)) } else { skip(map) }
        }
        // @closed }
    }

    /// What a struct does with each kind of field: `count` it (for the serializer), `write` it,
    /// `set` its slot from the input and `take` its value at the end.
    pub mod fields {
        /// A field that is always written and must be read.
        pub mod required {
            use serde::de::{Deserialize, Error, MapAccess};
            use serde::ser::{Serialize, SerializeStruct};

            use crate::__private::deserialize::Slot;

            pub fn count<T>(_: &T) -> usize {
                1
            }

            pub fn write<S: SerializeStruct, T: Serialize>(
                state: &mut S,
                key: &'static str,
                value: &T,
            ) -> Result<(), S::Error> {
                state.serialize_field(key, value)
            }

            pub fn set<'de, A: MapAccess<'de>, T: Deserialize<'de>>(
                slot: &mut Slot<T>,
                map: &mut A,
            ) -> Result<(), A::Error> {
                slot.set(map)
            }

            pub fn take<T, E: Error>(slot: Slot<T>) -> Result<T, E> {
                slot.required()
            }
        }

        /// A field written only when it is `Some` (serde's `skip_serializing_if =
        /// "Option::is_none"`), `None` when absent or null.
        pub mod optional {
            use serde::de::{Deserialize, Error, MapAccess};
            use serde::ser::{Serialize, SerializeStruct};

            use crate::__private::deserialize::Slot;

            pub fn count<T>(value: &Option<T>) -> usize {
                usize::from(value.is_some())
            }

            pub fn write<S: SerializeStruct, T: Serialize>(
                state: &mut S,
                key: &'static str,
                value: &Option<T>,
            ) -> Result<(), S::Error> {
                if value.is_some() { state.serialize_field(key, value) } else { state.skip_field(key) }
            }

            pub fn set<'de, A: MapAccess<'de>, T: Deserialize<'de>>(
                slot: &mut Slot<Option<T>>,
                map: &mut A,
            ) -> Result<(), A::Error> {
                slot.set(map)
            }

            pub fn take<T, E: Error>(slot: Slot<Option<T>>) -> Result<Option<T>, E> {
                Ok(slot.optional())
            }
        }
        // @optional_nullable {

        /// An optional field that may be `null`: absent (`None`, not written), `null`
        /// (`Some(None)`, written as `null`) or a value.
        pub mod optional_nullable {
            use serde::de::{Deserialize, Error, MapAccess};
            use serde::ser::{Serialize, SerializeStruct};

            use crate::__private::deserialize::Slot;

            pub fn count<T>(value: &Option<Option<T>>) -> usize {
                usize::from(value.is_some())
            }

            pub fn write<S: SerializeStruct, T: Serialize>(
                state: &mut S,
                key: &'static str,
                value: &Option<Option<T>>,
            ) -> Result<(), S::Error> {
                match value {
                    Some(value) => state.serialize_field(key, value),
                    None => state.skip_field(key),
                }
            }

            pub fn set<'de, A: MapAccess<'de>, T: Deserialize<'de>>(
                slot: &mut Slot<Option<Option<T>>>,
                map: &mut A,
            ) -> Result<(), A::Error> {
                slot.set_with(map, |value: Option<T>| Some(value))
            }

            pub fn take<T, E: Error>(slot: Slot<Option<Option<T>>>) -> Result<Option<Option<T>>, E> {
                Ok(slot.optional())
            }
        }
        // @optional_nullable }
        // @bytes {

        /// A `[]byte` field, base64 text on the wire, always written and must be read.
        pub mod bytes {
            use serde::de::{Error, MapAccess};
            use serde::ser::SerializeStruct;

            use crate::__private::base64_bytes::{Base64, Text};
            use crate::__private::deserialize::Slot;

            pub fn count(_: &[u8]) -> usize {
                1
            }

            pub fn write<S: SerializeStruct>(state: &mut S, key: &'static str, bytes: &[u8]) -> Result<(), S::Error> {
                state.serialize_field(key, &Text(bytes))
            }

            pub fn set<'de, A: MapAccess<'de>>(slot: &mut Slot<Vec<u8>>, map: &mut A) -> Result<(), A::Error> {
                slot.set_with(map, |text: Base64| text.0)
            }

            pub fn take<E: Error>(slot: Slot<Vec<u8>>) -> Result<Vec<u8>, E> {
                slot.required()
            }
        }

        /// An optional `[]byte` field.
        pub mod optional_bytes {
            use serde::de::{Error, MapAccess};
            use serde::ser::SerializeStruct;

            use crate::__private::base64_bytes::{Base64, Text};
            use crate::__private::deserialize::Slot;

            pub fn count(bytes: &Option<Vec<u8>>) -> usize {
                usize::from(bytes.is_some())
            }

            pub fn write<S: SerializeStruct>(
                state: &mut S,
                key: &'static str,
                bytes: &Option<Vec<u8>>,
            ) -> Result<(), S::Error> {
                match bytes {
                    Some(bytes) => state.serialize_field(key, &Text(bytes)),
                    None => state.skip_field(key),
                }
            }

            pub fn set<'de, A: MapAccess<'de>>(slot: &mut Slot<Option<Vec<u8>>>, map: &mut A) -> Result<(), A::Error> {
                slot.set_with(map, |text: Option<Base64>| text.map(|text| text.0))
            }

            pub fn take<E: Error>(slot: Slot<Option<Vec<u8>>>) -> Result<Option<Vec<u8>>, E> {
                Ok(slot.optional())
            }
        }
        // @nullable_bytes {

        /// A required `[]byte` field that may be `null`: always written, `null` for `None`.
        pub mod nullable_bytes {
            use serde::de::{Error, MapAccess};
            use serde::ser::SerializeStruct;

            use crate::__private::base64_bytes::{Base64, Text};
            use crate::__private::deserialize::Slot;

            pub fn count(_: &Option<Vec<u8>>) -> usize {
                1
            }

            pub fn write<S: SerializeStruct>(
                state: &mut S,
                key: &'static str,
                bytes: &Option<Vec<u8>>,
            ) -> Result<(), S::Error> {
                state.serialize_field(key, &bytes.as_deref().map(Text))
            }

            pub fn set<'de, A: MapAccess<'de>>(slot: &mut Slot<Option<Vec<u8>>>, map: &mut A) -> Result<(), A::Error> {
                slot.set_with(map, |text: Option<Base64>| text.map(|text| text.0))
            }

            pub fn take<E: Error>(slot: Slot<Option<Vec<u8>>>) -> Result<Option<Vec<u8>>, E> {
                slot.required()
            }
        }
        // @nullable_bytes }
        // @optional_nullable_bytes {

        /// An optional `[]byte` field that may be `null`: absent, `null` or base64 text.
        pub mod optional_nullable_bytes {
            use serde::de::{Error, MapAccess};
            use serde::ser::SerializeStruct;

            use crate::__private::base64_bytes::{Base64, Text};
            use crate::__private::deserialize::Slot;

            pub fn count(bytes: &Option<Option<Vec<u8>>>) -> usize {
                usize::from(bytes.is_some())
            }

            pub fn write<S: SerializeStruct>(
                state: &mut S,
                key: &'static str,
                bytes: &Option<Option<Vec<u8>>>,
            ) -> Result<(), S::Error> {
                match bytes {
                    Some(bytes) => state.serialize_field(key, &bytes.as_deref().map(Text)),
                    None => state.skip_field(key),
                }
            }

            pub fn set<'de, A: MapAccess<'de>>(
                slot: &mut Slot<Option<Option<Vec<u8>>>>,
                map: &mut A,
            ) -> Result<(), A::Error> {
                slot.set_with(map, |text: Option<Base64>| Some(text.map(|text| text.0)))
            }

            pub fn take<E: Error>(slot: Slot<Option<Option<Vec<u8>>>>) -> Result<Option<Option<Vec<u8>>>, E> {
                Ok(slot.optional())
            }
        }
        // @optional_nullable_bytes }
        // @bytes }
    }
    // @tagged {

    /// A union with a discriminator: its tag is a field of each variant's struct, which reads
    /// the whole object, tag included (serde's internally tagged enums take the tag out first),
    /// and the union writes the tag first and the struct's other fields after it.
    pub mod tagged {
        use serde::de::Error;
        use serde::ser::{SerializeStruct, Serializer};

        /// A struct's fields but one, for writing after a tag.
        pub trait Fields {
            /// How many fields are written, the field `key` left out.
            fn count_except(&self, key: &str) -> usize;

            /// Writes the fields, the field `key` left out.
            fn write_except<S: SerializeStruct>(&self, state: &mut S, key: &str) -> Result<(), S::Error>;
        }

        /// Writes `value` with `key: tag` first.
        pub fn write<S: Serializer, T: Fields + ?Sized>(
            serializer: S,
            name: &'static str,
            key: &'static str,
            tag: &'static str,
            value: &T,
        ) -> Result<S::Ok, S::Error> {
            let mut state = serializer.serialize_struct(name, value.count_except(key) + 1)?;
            state.serialize_field(key, tag)?;
            value.write_except(&mut state, key)?;
            state.end()
        }

        /// Which of `tags` the object's `key` holds.
        pub fn variant<E: Error>(
            value: &serde_json::Value,
            key: &'static str,
            tags: &'static [&'static str],
        ) -> Result<usize, E> {
            let Some(object) = value.as_object() else {
                return Err(E::invalid_type(unexpected(value), &"an object"));
            };
            match object.get(key) {
                None => Err(E::missing_field(key)),
                Some(serde_json::Value::String(tag)) => {
                    tags.iter().position(|t| t == tag).ok_or_else(|| E::unknown_variant(tag, tags))
                }
                Some(other) => Err(E::invalid_type(unexpected(other), &"a tag")),
            }
        }

        /// For `schemars`: the schema serde's internally tagged enums have, each variant's
        /// struct with the tag's value required (the struct has the tag as a field).
        // @schemars-gate
        pub fn schema(
            description: Option<&str>,
            deprecated: bool,
            key: &str,
            variants: impl IntoIterator<Item = (&'static str, schemars::Schema)>,
        ) -> schemars::Schema {
            let arms: Vec<serde_json::Value> = variants
                .into_iter()
                .map(|(tag, variant)| {
                    let mut arm = serde_json::json!({
                        "type": "object",
                        "properties": { key: { "type": "string", "const": tag } },
                        "required": [key],
                    });
                    if let (Some(arm), Some(variant)) = (arm.as_object_mut(), variant.as_object()) {
                        arm.extend(variant.iter().map(|(k, v)| (k.clone(), v.clone())));
                    }
                    arm
                })
                .collect();
            let mut schema = serde_json::Map::new();
            if let Some(description) = description {
                schema.insert("description".into(), description.into());
            }
            schema.insert("oneOf".into(), arms.into());
            if deprecated {
                schema.insert("deprecated".into(), true.into());
            }
            schemars::Schema::from(schema)
        }

        fn unexpected(value: &serde_json::Value) -> serde::de::Unexpected<'_> {
            use serde::de::Unexpected;
            match value {
                serde_json::Value::Null => Unexpected::Unit,
                serde_json::Value::Bool(b) => Unexpected::Bool(*b),
                serde_json::Value::Number(_) => Unexpected::Other("a number"),
                serde_json::Value::String(s) => Unexpected::Str(s),
                serde_json::Value::Array(_) => Unexpected::Seq,
                serde_json::Value::Object(_) => Unexpected::Map,
            }
        }
    }
    // @tagged }
    // @bytes {

    /// Serde helpers that read and write bytes as standard base64 text, as Go's `encoding/json`
    /// writes `[]byte`.
    pub mod base64_bytes {
        use base64::Engine as _;
        use base64::engine::general_purpose::STANDARD;
        use serde::{Deserialize, Deserializer, Serialize, Serializer};

        /// Writes bytes as base64 text.
        pub fn serialize<S: Serializer>(bytes: &[u8], serializer: S) -> Result<S::Ok, S::Error> {
            serializer.serialize_str(&STANDARD.encode(bytes))
        }

        /// Reads base64 text into bytes.
        pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<u8>, D::Error> {
            let text = String::deserialize(deserializer)?;
            STANDARD.decode(text).map_err(serde::de::Error::custom)
        }

        /// Bytes written as base64 text.
        pub struct Text<'a>(pub &'a [u8]);

        impl Serialize for Text<'_> {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serialize(self.0, serializer)
            }
        }

        /// Bytes read from base64 text.
        pub struct Base64(pub Vec<u8>);

        impl<'de> Deserialize<'de> for Base64 {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                deserialize(deserializer).map(Base64)
            }
        }
    }
    // @bytes }
    // @required_nullable {

    /// For `schemars`: the schema of `Option<T>` for a field that must be given but may be
    /// `null` (schemars takes an `Option` field as one that may be absent).
    pub struct Nullable<T>(std::marker::PhantomData<T>);

    // @schemars-gate
    impl<T: schemars::JsonSchema> schemars::JsonSchema for Nullable<T> {
        fn inline_schema() -> bool {
            true
        }

        fn schema_name() -> std::borrow::Cow<'static, str> {
            <Option<T> as schemars::JsonSchema>::schema_name()
        }

        fn schema_id() -> std::borrow::Cow<'static, str> {
            <Option<T> as schemars::JsonSchema>::schema_id()
        }

        fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
            <Option<T> as schemars::JsonSchema>::json_schema(generator)
        }
    }
    // @required_nullable }

    // @structs {
    /// `Validate` for a struct, from its fields' checks, a line each: `name "wire" KIND;`, KIND
    /// being `nested` (the model it holds), `check { RULES }` (the keywords of its schema),
    /// `serialized { RULES }` (the same, on its value as it serializes: a foreign type) or
    /// `leaves N { RULES }` (on what N lists and maps into it hold), RULES the fields of
    /// `validate::Rules` that it sets, each followed by a comma.
    macro_rules! validate_struct {
        (@field $s:ident $at:ident $out:ident $field:ident $wire:literal nested) => {
            $crate::__private::validate::nested($at, $out, $wire, &$s.$field)
        };
        (@field $s:ident $at:ident $out:ident $field:ident $wire:literal check { $($rules:tt)* }) => {
            $crate::__private::validate::check($at, $out, $wire, &$s.$field, &$crate::__private::validate::Rules {
                $($rules)*
                ..$crate::__private::validate::Rules::NONE
            })
        };
        (@field $s:ident $at:ident $out:ident $field:ident $wire:literal serialized { $($rules:tt)* }) => {
            $crate::__private::validate::check(
                $at,
                $out,
                $wire,
                &$crate::__private::validate::Serialized(&$s.$field),
                &$crate::__private::validate::Rules { $($rules)* ..$crate::__private::validate::Rules::NONE },
            )
        };
        (@field $s:ident $at:ident $out:ident $field:ident $wire:literal leaves $depth:literal { $($rules:tt)* }) => {
            $at.enter($wire, |at| {
                $crate::__private::validate::leaves(at, $out, &$s.$field, $depth, &$crate::__private::validate::Rules {
                    $($rules)*
                    ..$crate::__private::validate::Rules::NONE
                })
            })
        };
        ($name:ident { $($field:ident $wire:literal $kind:ident $($depth:literal)? $({ $($rules:tt)* })?;)* }) => {
            impl $crate::Validate for $name {
                fn violations(&self, at: &mut $crate::__private::validate::At, out: &mut Vec<$crate::Violation>) {
                    $($crate::__private::validate_struct!(@field self at out $field $wire $kind $($depth)? $({ $($rules)* })?);)*
                }
            }
        };
    }

    pub(crate) use validate_struct;
    // @structs }

    /// What the generated `Validate` impls are made of: the rules of a field's schema, checked
    /// against its value as JSON sees it.
    pub mod validate {
        // @rules {
        use std::borrow::Cow;
        // @rules }
        use std::collections::BTreeMap;

        use crate::{Validate, Violation};

        /// Where in the value a check is: a JSON pointer over wire names.
        #[derive(Debug, Default)]
        pub struct At(String);

        impl At {
            /// Goes into `step` (a wire name or an index) for as long as `f` runs.
            pub fn enter(&mut self, step: &str, f: impl FnOnce(&mut At)) {
                let len = self.0.len();
                self.0.push('/');
                for c in step.chars() {
                    match c {
                        '~' => self.0.push_str("~0"),
                        '/' => self.0.push_str("~1"),
                        c => self.0.push(c),
                    }
                }
                f(self);
                self.0.truncate(len);
            }

            /// A violation here.
            pub fn violation(&self, out: &mut Vec<Violation>, keyword: &'static str, message: String) {
                out.push(Violation { path: self.0.clone(), keyword, message });
            }
        }

        /// The value of a struct's field `wire`, and what is in it.
        pub fn nested<T: Validate + ?Sized>(at: &mut At, out: &mut Vec<Violation>, wire: &str, value: &T) {
            at.enter(wire, |at| value.violations(at, out));
        }

        impl<T: Validate + ?Sized> Validate for Box<T> {
            fn violations(&self, at: &mut At, out: &mut Vec<Violation>) {
                (**self).violations(at, out);
            }
        }

        impl<T: Validate> Validate for Option<T> {
            fn violations(&self, at: &mut At, out: &mut Vec<Violation>) {
                if let Some(value) = self {
                    value.violations(at, out);
                }
            }
        }

        impl<T: Validate> Validate for Vec<T> {
            fn violations(&self, at: &mut At, out: &mut Vec<Violation>) {
                for (i, item) in self.iter().enumerate() {
                    at.enter(&i.to_string(), |at| item.violations(at, out));
                }
            }
        }

        impl<T: Validate> Validate for BTreeMap<String, T> {
            fn violations(&self, at: &mut At, out: &mut Vec<Violation>) {
                for (key, value) in self {
                    at.enter(key, |at| value.violations(at, out));
                }
            }
        }
        // @any_of {

        /// Whether any of `tries` reads `value` (as it serializes) without a violation: a union
        /// without a discriminator is an `anyOf` of its variants.
        pub fn any_variant<T: serde::Serialize + ?Sized>(value: &T, tries: &[fn(&serde_json::Value) -> bool]) -> bool {
            serde_json::to_value(value).is_ok_and(|json| tries.iter().any(|fits| fits(&json)))
        }

        /// Whether `T` reads the value without a violation.
        pub fn fits<T: serde::de::DeserializeOwned + Validate>(json: &serde_json::Value) -> bool {
            T::deserialize(json).is_ok_and(|value| value.validate().is_ok())
        }

        /// Whether `T`, which has no rules of its own, reads the value.
        pub fn reads<T: serde::de::DeserializeOwned>(json: &serde_json::Value) -> bool {
            T::deserialize(json).is_ok()
        }
        // @any_of }
        // @enums {

        /// An enum's value the definitions do not list (kept as `Unknown`): the published schema
        /// lists the values it takes.
        pub fn unlisted(at: &At, out: &mut Vec<Violation>, value: &str, listed: &[&str]) {
            let message = format!("{} is not one of the listed values ({})", quote(value), listed.join(", "));
            at.violation(out, "enum", message);
        }
        // @enums }
        // @rules {

        /// The validation keywords of a field's schema.
        #[derive(Debug, Clone, Copy)]
        pub struct Rules {
            pub format: Option<&'static str>,
            pub min_length: Option<u64>,
            pub max_length: Option<u64>,
            // @patterns {
            pub pattern: Option<&'static Pattern>,
            // @patterns }
            pub minimum: Option<Number>,
            pub maximum: Option<Number>,
            pub min_items: Option<u64>,
            pub max_items: Option<u64>,
        }

        impl Rules {
            /// No rule: the base that a field's rules are written over.
            pub const NONE: Rules = Rules {
                format: None,
                min_length: None,
                max_length: None,
                // @patterns {
                pattern: None,
                // @patterns }
                minimum: None,
                maximum: None,
                min_items: None,
                max_items: None,
            };
        }

        /// A number: a value, or a `minimum` or `maximum`.
        #[derive(Debug, Clone, Copy)]
        pub enum Number {
            Int(i128),
            Float(f64),
        }

        impl Number {
            /// `value` compared to this bound, exactly where both are integers.
            fn compare(self, value: Number) -> Option<std::cmp::Ordering> {
                match (value, self) {
                    (Number::Int(v), Number::Int(b)) => Some(v.cmp(&b)),
                    (Number::Int(v), Number::Float(b)) => (v as f64).partial_cmp(&b),
                    (Number::Float(v), Number::Int(b)) => v.partial_cmp(&(b as f64)),
                    (Number::Float(v), Number::Float(b)) => v.partial_cmp(&b),
                }
            }
        }

        impl std::fmt::Display for Number {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                match self {
                    Number::Int(v) => write!(f, "{v}"),
                    Number::Float(v) => write!(f, "{v}"),
                }
            }
        }
        // @patterns {

        /// A `pattern`, compiled on first use as validators of JSON Schema run it: ECMA-262, in
        /// Unicode mode.
        pub struct Pattern {
            source: &'static str,
            regex: std::sync::OnceLock<Result<regress::Regex, String>>,
        }

        impl Pattern {
            pub const fn new(source: &'static str) -> Self {
                Pattern { source, regex: std::sync::OnceLock::new() }
            }

            /// Whether the pattern matches somewhere in `text`, or why it cannot be run.
            fn find(&self, text: &str) -> Result<bool, &str> {
                let regex =
                    self.regex.get_or_init(|| regress::Regex::with_flags(self.source, "u").map_err(|e| e.to_string()));
                match regex {
                    Ok(regex) => Ok(regex.find(text).is_some()),
                    Err(e) => Err(e),
                }
            }
        }

        impl std::fmt::Debug for Pattern {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.source)
            }
        }
        // @patterns }

        /// A value as the keywords of its schema see it: a string's text, a number, a list's
        /// length; `Other` for what no keyword here applies to (an absent value, `null`, an
        /// object, a boolean).
        pub enum Kind<'a> {
            Text(Cow<'a, str>),
            Number(Number),
            Items(usize),
            Other,
        }

        /// How a field's Rust type is seen by the keywords of its schema.
        pub trait Keywords {
            fn kind(&self) -> Kind<'_>;
        }

        impl Keywords for String {
            fn kind(&self) -> Kind<'_> {
                Kind::Text(Cow::Borrowed(self))
            }
        }

        impl Keywords for i64 {
            fn kind(&self) -> Kind<'_> {
                Kind::Number(Number::Int(i128::from(*self)))
            }
        }

        impl Keywords for i32 {
            fn kind(&self) -> Kind<'_> {
                Kind::Number(Number::Int(i128::from(*self)))
            }
        }

        impl Keywords for f64 {
            fn kind(&self) -> Kind<'_> {
                if self.is_finite() { Kind::Number(Number::Float(*self)) } else { Kind::Other }
            }
        }

        impl Keywords for f32 {
            /// As JSON writes it: the shortest decimal that reads back as this `f32`.
            fn kind(&self) -> Kind<'_> {
                match self.to_string().parse::<f64>() {
                    Ok(v) if self.is_finite() => Kind::Number(Number::Float(v)),
                    _ => Kind::Other,
                }
            }
        }

        impl<T> Keywords for Vec<T> {
            fn kind(&self) -> Kind<'_> {
                Kind::Items(self.len())
            }
        }

        impl<T: Keywords> Keywords for Option<T> {
            fn kind(&self) -> Kind<'_> {
                self.as_ref().map_or(Kind::Other, Keywords::kind)
            }
        }

        /// A value of a type from outside the definitions, as it serializes.
        pub struct Serialized<'a, T: ?Sized>(pub &'a T);

        impl<T: serde::Serialize + ?Sized> Keywords for Serialized<'_, T> {
            fn kind(&self) -> Kind<'_> {
                serde_json::to_value(self.0).map_or(Kind::Other, json_kind)
            }
        }

        fn json_kind(value: serde_json::Value) -> Kind<'static> {
            match value {
                serde_json::Value::String(text) => Kind::Text(Cow::Owned(text)),
                serde_json::Value::Number(n) => match (n.as_i64(), n.as_u64(), n.as_f64()) {
                    (Some(v), _, _) => Kind::Number(Number::Int(i128::from(v))),
                    (_, Some(v), _) => Kind::Number(Number::Int(i128::from(v))),
                    (_, _, Some(v)) => Kind::Number(Number::Float(v)),
                    _ => Kind::Other,
                },
                serde_json::Value::Array(items) => Kind::Items(items.len()),
                _ => Kind::Other,
            }
        }

        /// The values `depth` lists and maps into `value` (as it serializes) against the keywords
        /// of their type's schema.
        pub fn leaves<T: serde::Serialize + ?Sized>(
            at: &mut At,
            out: &mut Vec<Violation>,
            value: &T,
            depth: usize,
            rules: &Rules,
        ) {
            fn walk(at: &mut At, out: &mut Vec<Violation>, value: &serde_json::Value, depth: usize, rules: &Rules) {
                match value {
                    serde_json::Value::Array(items) if depth > 0 => {
                        for (i, item) in items.iter().enumerate() {
                            at.enter(&i.to_string(), |at| walk(at, out, item, depth - 1, rules));
                        }
                    }
                    serde_json::Value::Object(entries) if depth > 0 => {
                        for (key, item) in entries {
                            at.enter(key, |at| walk(at, out, item, depth - 1, rules));
                        }
                    }
                    value if depth == 0 => rules.check(at, json_kind(value.clone()), out),
                    _ => {}
                }
            }
            if let Ok(value) = serde_json::to_value(value) {
                walk(at, out, &value, depth, rules);
            }
        }

        /// The field `wire` of a struct against the keywords of its schema.
        pub fn check<T: Keywords + ?Sized>(
            at: &mut At,
            out: &mut Vec<Violation>,
            wire: &str,
            value: &T,
            rules: &Rules,
        ) {
            at.enter(wire, |at| rules.check(at, value.kind(), out));
        }

        impl Rules {
            /// Each keyword that applies to the value's kind.
            pub fn check(&self, at: &At, value: Kind<'_>, out: &mut Vec<Violation>) {
                match value {
                    Kind::Text(text) => {
                        let len = text.chars().count() as u64;
                        if let Some(min) = self.min_length.filter(|&min| len < min) {
                            let message = format!(
                                "{} is shorter than minLength {min} ({})",
                                quote(&text),
                                count(len, "character")
                            );
                            at.violation(out, "minLength", message);
                        }
                        if let Some(max) = self.max_length.filter(|&max| len > max) {
                            let message = format!(
                                "{} is longer than maxLength {max} ({})",
                                quote(&text),
                                count(len, "character")
                            );
                            at.violation(out, "maxLength", message);
                        }
                        // @patterns {
                        if let Some(pattern) = self.pattern {
                            match pattern.find(&text) {
                                Ok(true) => {}
                                Ok(false) => {
                                    let message =
                                        format!("{} does not match pattern `{}`", quote(&text), pattern.source);
                                    at.violation(out, "pattern", message);
                                }
                                Err(e) => {
                                    let message = format!("pattern `{}` cannot be run: {e}", pattern.source);
                                    at.violation(out, "pattern", message);
                                }
                            }
                        }
                        // @patterns }
                        // @formats {
                        if let Some((format, Err(e))) = self.format.map(|f| (f, formats::check_format(f, &text))) {
                            at.violation(out, "format", format!("{} is not a {format}: {e}", quote(&text)));
                        }
                        // @formats }
                    }
                    Kind::Number(n) => {
                        if let Some(min) = self.minimum.filter(|&min| min.compare(n) == Some(std::cmp::Ordering::Less))
                        {
                            at.violation(out, "minimum", format!("{n} is below minimum {min}"));
                        }
                        if let Some(max) =
                            self.maximum.filter(|&max| max.compare(n) == Some(std::cmp::Ordering::Greater))
                        {
                            at.violation(out, "maximum", format!("{n} is above maximum {max}"));
                        }
                    }
                    Kind::Items(n) => {
                        let n = n as u64;
                        if let Some(min) = self.min_items.filter(|&min| n < min) {
                            at.violation(
                                out,
                                "minItems",
                                format!("the list has {}, fewer than minItems {min}", count(n, "item")),
                            );
                        }
                        if let Some(max) = self.max_items.filter(|&max| n > max) {
                            at.violation(
                                out,
                                "maxItems",
                                format!("the list has {}, more than maxItems {max}", count(n, "item")),
                            );
                        }
                    }
                    Kind::Other => {}
                }
            }
        }

        fn count(n: u64, what: &str) -> String {
            if n == 1 { format!("1 {what}") } else { format!("{n} {what}s") }
        }
        // @rules }
        // @checks {

        fn quote(text: &str) -> String {
            serde_json::Value::String(text.to_owned()).to_string()
        }
        // @checks }
        // @formats {

        /// The formats `validate()` asserts: the generator's own `emit/rust/formats.rs`, laid
        /// out for its place there.
        #[rustfmt::skip]
        pub mod formats {
            // @formats-text
        }
        // @formats }
    }
}
