//! The structs' and enums' `Deserialize` impls are written out rather than derived. These tests
//! hold them to what serde's derive does, input by input: a type derived here with the same
//! shape and attributes must give the same value, or the same error.

use moov_models::shared::{CreateRepresentativeName, FileUploadRequestFile, TokenType};
mod derived {
    use serde::Deserialize;

    /// The crate's `CreateRepresentativeName` as serde's derive would read it: closed, as Moov's
    /// OpenAPI document has it (`additionalProperties: false`, imported).
    #[derive(Debug, PartialEq, Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct CreateRepresentativeName {
        #[serde(rename = "firstName")]
        pub first_name: String,
        #[serde(rename = "lastName")]
        pub last_name: String,
        #[serde(rename = "middleName", default)]
        pub middle_name: Option<String>,
        #[serde(default)]
        pub suffix: Option<String>,
    }
}

use derived::CreateRepresentativeName as Derived;

fn same(ours: Result<CreateRepresentativeName, serde_json::Error>) -> Result<Derived, String> {
    ours.map(|n| Derived {
        first_name: n.first_name,
        last_name: n.last_name,
        middle_name: n.middle_name,
        suffix: n.suffix,
    })
    .map_err(|e| e.to_string())
}

#[test]
fn structs_read_json_as_the_derive_does() {
    let inputs = [
        r#"{"firstName": "Amanda", "lastName": "Yang"}"#,
        r#"{"firstName": "Amanda", "lastName": "Yang", "middleName": "B", "suffix": "Jr"}"#,
        r#"{"firstName": "Amanda", "lastName": "Yang", "middleName": null}"#,
        r#"{"firstName": "Amanda", "lastName": "Yang", "unknown": {"deep": [1, 2]}}"#,
        r#"{"first\u004eame": "Amanda", "lastName": "Yang"}"#,
        r#"{"firstName": "Amanda"}"#,
        r#"{"firstName": "Amanda", "firstName": "B", "lastName": "Yang"}"#,
        r#"{"firstName": "Amanda", "lastName": "Yang", "suffix": "Jr", "suffix": "Sr"}"#,
        r#"{"firstName": null, "lastName": "Yang"}"#,
        r#"{"firstName": 1, "lastName": "Yang"}"#,
        r#"["Amanda", "Yang"]"#,
        r#""Amanda""#,
        "{}",
        r#"{"firstName": "Amanda", "lastName": "Yang""#,
    ];
    for input in inputs {
        let derived = serde_json::from_str::<Derived>(input).map_err(|e| e.to_string());
        let ours = same(serde_json::from_str::<CreateRepresentativeName>(input));
        if input.starts_with('[') {
            // The derive also reads a struct written as an array; these impls do not (see the
            // `deserialize` module of the crate: the skipped optional fields would shift).
            let error = ours.unwrap_err();
            assert!(error.starts_with("invalid type: sequence, expected struct CreateRepresentativeName"), "{error}");
            assert!(derived.is_ok());
        } else {
            assert_eq!(ours, derived, "{input}");
        }
    }
}

#[test]
fn structs_read_a_serde_json_value_and_owned_keys() {
    let value = serde_json::json!({"firstName": "Amanda", "lastName": "Yang", "suffix": "Jr"});
    let name: CreateRepresentativeName = serde_json::from_value(value).unwrap();
    assert_eq!(name.suffix.as_deref(), Some("Jr"));
    let from_reader: CreateRepresentativeName =
        serde_json::from_reader(r#"{"firstName": "A", "lastName": "Y"}"#.as_bytes()).unwrap();
    assert_eq!(from_reader.first_name, "A");
}

#[test]
fn bytes_fields_read_base64() {
    let json = r#"{"content":"aGk=","fileName":"a.txt"}"#;
    let file: FileUploadRequestFile = serde_json::from_str(json).unwrap();
    assert_eq!(file.content, b"hi");
    assert_eq!(serde_json::to_string(&file).unwrap(), json);
    let error = serde_json::from_str::<FileUploadRequestFile>(r#"{"content": "hi!", "fileName": "a"}"#).unwrap_err();
    assert!(error.to_string().contains("Invalid"), "{error}");
}

#[test]
fn enums_read_every_value_and_keep_unknown_ones() {
    for (json, value) in [(r#""jwt""#, TokenType::Jwt), (r#""paseto""#, TokenType::Unknown("paseto".into()))] {
        assert_eq!(serde_json::from_str::<TokenType>(json).unwrap(), value);
        assert_eq!(serde_json::to_string(&value).unwrap(), json);
        assert_eq!(serde_json::from_value::<TokenType>(serde_json::from_str(json).unwrap()).unwrap(), value);
    }
    assert_eq!(TokenType::Jwt.as_str(), "jwt");
    let error = serde_json::from_str::<TokenType>("1").unwrap_err().to_string();
    assert!(error.contains("invalid type: integer `1`, expected a string"), "{error}");
}
