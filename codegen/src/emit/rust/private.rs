//! The generated crate's `__private` module: what the written-out `Serialize` and `Deserialize`
//! impls of the structs call. Hidden from the crate's docs; no model can name it (the checker
//! reserves `__private` as a namespace).

use proc_macro2::TokenStream;
use quote::quote;

/// `#[doc(hidden)] pub mod __private { ... }`, with the base64 helpers if a model holds bytes.
pub(super) fn module(bytes: bool) -> TokenStream {
    let base64_bytes = bytes.then(base64_bytes);
    let (deserialize, serialize) = (deserialize(), serialize());
    quote! {
        /// What the generated `Serialize` and `Deserialize` impls call; not part of the crate's API.
        #[doc(hidden)]
        pub mod __private {
            #deserialize
            #serialize
            #base64_bytes
        }
    }
}

/// Reads a map as serde's derive does: fields by name, unknown ones skipped, a field given twice
/// or a required one missing an error. (Structs written as sequences are not read: optional
/// fields are skipped when written, so formats that write structs that way could not read them
/// back anyway.)
fn deserialize() -> TokenStream {
    quote! {
        /// What the `Deserialize` impls of the structs share.
        pub mod deserialize {
            use std::borrow::Cow;
            use std::fmt;

            use serde::de::{Deserialize, Deserializer, Error, IgnoredAny, MapAccess, Visitor};

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
                    if self.value.is_some() {
                        return Err(A::Error::duplicate_field(self.name));
                    }
                    self.value = Some(map.next_value()?);
                    Ok(())
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
        }
    }
}

/// Writes what serde's derive writes: the fields in order, each optional one skipped when it is
/// `None` (serde's `skip_serializing_if = "Option::is_none"`), and the count of those written
/// up front.
fn serialize() -> TokenStream {
    quote! {
        /// What the `Serialize` impls of the structs share.
        pub mod serialize {
            use serde::ser::{Serialize, SerializeStruct, Serializer};

            /// Starts a struct of `len` fields.
            pub fn open<S: Serializer>(
                serializer: S,
                name: &'static str,
                len: usize,
            ) -> Result<S::SerializeStruct, S::Error> {
                serializer.serialize_struct(name, len)
            }

            /// Counts an optional field if it will be written.
            pub fn count<T>(len: &mut usize, value: &Option<T>) {
                *len += usize::from(value.is_some());
            }

            /// Writes a field.
            pub fn field<S: SerializeStruct, T: Serialize>(
                state: &mut S,
                key: &'static str,
                value: &T,
            ) -> Result<(), S::Error> {
                state.serialize_field(key, value)
            }

            /// Writes an optional field, or skips it when it is `None`.
            pub fn optional<S: SerializeStruct, T: Serialize>(
                state: &mut S,
                key: &'static str,
                value: &Option<T>,
            ) -> Result<(), S::Error> {
                if value.is_some() {
                    state.serialize_field(key, value)
                } else {
                    state.skip_field(key)
                }
            }

            /// Ends the struct.
            pub fn end<S: SerializeStruct>(state: S) -> Result<S::Ok, S::Error> {
                state.end()
            }
        }
    }
}

/// Bytes as standard base64 text with padding, as Go's `encoding/json` writes `[]byte`.
fn base64_bytes() -> TokenStream {
    quote! {
        /// Serde helpers that read and write bytes as standard base64 text.
        pub mod base64_bytes {
            use base64::Engine as _;
            use base64::engine::general_purpose::STANDARD;
            use serde::ser::SerializeStruct;
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

            /// Writes a bytes field of a struct as base64 text.
            pub fn field<S: SerializeStruct>(
                state: &mut S,
                key: &'static str,
                bytes: &[u8],
            ) -> Result<(), S::Error> {
                state.serialize_field(key, &Text(bytes))
            }

            /// Writes an optional bytes field of a struct as base64 text, or skips it when it is `None`.
            pub fn optional_field<S: SerializeStruct>(
                state: &mut S,
                key: &'static str,
                bytes: &Option<Vec<u8>>,
            ) -> Result<(), S::Error> {
                match bytes {
                    Some(bytes) => state.serialize_field(key, &Text(bytes)),
                    None => state.skip_field(key),
                }
            }

            /// Bytes written as base64 text, for the `Serialize` impls of the structs.
            struct Text<'a>(&'a [u8]);

            impl Serialize for Text<'_> {
                fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                    serialize(self.0, serializer)
                }
            }

            /// Bytes read from base64 text, for the `Deserialize` impls of the structs.
            pub struct Base64(pub Vec<u8>);

            impl<'de> Deserialize<'de> for Base64 {
                fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                    deserialize(deserializer).map(Base64)
                }
            }

            /// The bytes of a required field.
            pub fn bytes(text: Base64) -> Vec<u8> {
                text.0
            }

            /// The bytes of an optional field.
            pub fn optional_bytes(text: Option<Base64>) -> Option<Vec<u8>> {
                text.map(bytes)
            }
        }
    }
}
