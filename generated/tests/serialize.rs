//! The structs' `Serialize` impls are written out rather than derived. These tests hold them to
//! what serde's derive writes, call by call: the struct's name and field count, each field's
//! key and value, and which optional fields are skipped (a format that writes a field count
//! up front, as MessagePack does, depends on the count being exact).

use moov_models::sdkerrors::AccessTokenErrorResponse;
use moov_models::shared::{Account, CreateRepresentativeName, FileUploadRequestFile};
use serde::Serialize;
use serde::ser::{self, Impossible, SerializeStruct, Serializer};
use serde_json::Value;

mod derived {
    use serde::Serialize;

    /// The crate's `CreateRepresentativeName` as serde's derive would write it.
    #[derive(Serialize)]
    pub struct CreateRepresentativeName {
        #[serde(rename = "firstName")]
        pub first_name: String,
        #[serde(rename = "lastName")]
        pub last_name: String,
        #[serde(rename = "middleName", default, skip_serializing_if = "Option::is_none")]
        pub middle_name: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub suffix: Option<String>,
    }

    /// The crate's `AccessTokenErrorResponse`, which has no fields.
    #[derive(Serialize)]
    pub struct AccessTokenErrorResponse {}

    /// The crate's `FileUploadRequestFile`, its bytes written by the crate's base64 helper.
    #[derive(Serialize)]
    pub struct FileUploadRequestFile {
        #[serde(serialize_with = "moov_models::__private::base64_bytes::serialize")]
        pub content: Vec<u8>,
        #[serde(rename = "fileName")]
        pub file_name: String,
    }
}

/// Everything a struct's `Serialize` impl told the serializer.
#[derive(Debug, PartialEq)]
struct Written {
    name: &'static str,
    len: usize,
    fields: Vec<(&'static str, Value)>,
    skipped: Vec<&'static str>,
}

/// A serializer that records a struct instead of writing it (anything else is an error).
struct Recorder;

fn not_a_struct<T>() -> Result<T, serde_json::Error> {
    Err(ser::Error::custom("the recorder takes structs only"))
}

macro_rules! not_a_struct {
    ($($method:ident($($ty:ty),*);)*) => {
        $(fn $method(self, $(_: $ty),*) -> Result<Written, serde_json::Error> {
            not_a_struct()
        })*
    };
}

impl Serializer for Recorder {
    type Ok = Written;
    type Error = serde_json::Error;
    type SerializeSeq = Impossible<Written, serde_json::Error>;
    type SerializeTuple = Impossible<Written, serde_json::Error>;
    type SerializeTupleStruct = Impossible<Written, serde_json::Error>;
    type SerializeTupleVariant = Impossible<Written, serde_json::Error>;
    type SerializeMap = Impossible<Written, serde_json::Error>;
    type SerializeStruct = Written;
    type SerializeStructVariant = Impossible<Written, serde_json::Error>;

    fn serialize_struct(self, name: &'static str, len: usize) -> Result<Written, serde_json::Error> {
        Ok(Written { name, len, fields: Vec::new(), skipped: Vec::new() })
    }

    not_a_struct! {
        serialize_bool(bool); serialize_i8(i8); serialize_i16(i16); serialize_i32(i32);
        serialize_i64(i64); serialize_u8(u8); serialize_u16(u16); serialize_u32(u32);
        serialize_u64(u64); serialize_f32(f32); serialize_f64(f64); serialize_char(char);
        serialize_str(&str); serialize_bytes(&[u8]); serialize_none(); serialize_unit();
        serialize_unit_struct(&'static str); serialize_unit_variant(&'static str, u32, &'static str);
    }

    fn serialize_some<T: ?Sized + Serialize>(self, _: &T) -> Result<Written, serde_json::Error> {
        not_a_struct()
    }

    fn serialize_newtype_struct<T: ?Sized + Serialize>(
        self,
        _: &'static str,
        _: &T,
    ) -> Result<Written, serde_json::Error> {
        not_a_struct()
    }

    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<Written, serde_json::Error> {
        not_a_struct()
    }

    fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq, serde_json::Error> {
        not_a_struct()
    }

    fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple, serde_json::Error> {
        not_a_struct()
    }

    fn serialize_tuple_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleStruct, serde_json::Error> {
        not_a_struct()
    }

    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, serde_json::Error> {
        not_a_struct()
    }

    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, serde_json::Error> {
        not_a_struct()
    }

    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, serde_json::Error> {
        not_a_struct()
    }
}

impl SerializeStruct for Written {
    type Ok = Written;
    type Error = serde_json::Error;

    fn serialize_field<T: ?Sized + Serialize>(&mut self, key: &'static str, value: &T) -> Result<(), Self::Error> {
        self.fields.push((key, serde_json::to_value(value)?));
        Ok(())
    }

    fn skip_field(&mut self, key: &'static str) -> Result<(), Self::Error> {
        self.skipped.push(key);
        Ok(())
    }

    fn end(self) -> Result<Written, Self::Error> {
        Ok(self)
    }
}

fn written(value: &impl Serialize) -> Written {
    value.serialize(Recorder).unwrap()
}

#[test]
fn structs_write_what_the_derive_writes() {
    let names = [
        (None, None),
        (Some("B"), None),
        (None, Some("Jr")),
        (Some("B"), Some("Jr")),
        (Some(""), Some("\"quoted\"")),
    ];
    for (middle_name, suffix) in names {
        let ours = CreateRepresentativeName {
            first_name: "Amanda".into(),
            last_name: "Yang".into(),
            middle_name: middle_name.map(String::from),
            suffix: suffix.map(String::from),
        };
        let derived = derived::CreateRepresentativeName {
            first_name: "Amanda".into(),
            last_name: "Yang".into(),
            middle_name: middle_name.map(String::from),
            suffix: suffix.map(String::from),
        };
        let expected = written(&derived);
        assert_eq!(expected.len, 2 + usize::from(middle_name.is_some()) + usize::from(suffix.is_some()));
        assert_eq!(written(&ours), expected);
        assert_eq!(serde_json::to_string(&ours).unwrap(), serde_json::to_string(&derived).unwrap());
    }
}

#[test]
fn a_struct_without_fields_is_written_as_the_derive_writes_it() {
    assert_eq!(written(&AccessTokenErrorResponse {}), written(&derived::AccessTokenErrorResponse {}));
    assert_eq!(serde_json::to_string(&AccessTokenErrorResponse {}).unwrap(), "{}");
}

#[test]
fn bytes_are_written_as_base64_as_the_derive_writes_them() {
    let ours = FileUploadRequestFile { content: b"hi\xff".to_vec(), file_name: "a.png".into() };
    let derived = derived::FileUploadRequestFile { content: ours.content.clone(), file_name: ours.file_name.clone() };
    assert_eq!(written(&ours), written(&derived));
    assert_eq!(serde_json::to_string(&ours).unwrap(), r#"{"content":"aGn/","fileName":"a.png"}"#);
}

#[test]
fn a_struct_counts_and_skips_every_absent_field() {
    let account: Account = serde_json::from_value(serde_json::json!({
        "accountID": "a",
        "accountType": "business",
        "createdOn": "2024-01-01T00:00:00Z",
        "displayName": "Whole Body Fitness",
        "profile": {},
        "updatedOn": "2024-01-01T00:00:00Z",
    }))
    .unwrap();
    let written = written(&account);
    assert_eq!(written.name, "Account");
    let keys: Vec<&str> = written.fields.iter().map(|(k, _)| *k).collect();
    assert_eq!(keys, ["accountID", "accountType", "createdOn", "displayName", "profile", "updatedOn"]);
    assert_eq!(written.len, keys.len());
    assert_eq!(
        written.skipped,
        [
            "customerSupport",
            "disconnectedOn",
            "foreignID",
            "metadata",
            "mode",
            "settings",
            "termsOfService",
            "verification"
        ]
    );
}
