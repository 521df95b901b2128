//! The model the project started from: the OAuth 2.0 client-credentials token response.

use moov_models::shared::{ClientCredentialsGrantToAccessTokenResponse, TokenType};
use serde_json::{Value, json};

fn published() -> Value {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/json-schema/shared/client_credentials_grant_to_access_token_response.json");
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn validator() -> jsonschema::Validator {
    let token_type = concat!(env!("CARGO_MANIFEST_DIR"), "/json-schema/shared/token_type.json");
    let token_type: Value = serde_json::from_str(&std::fs::read_to_string(token_type).unwrap()).unwrap();
    let registry = jsonschema::Registry::new()
        .add(token_type["$id"].as_str().unwrap(), token_type.clone())
        .unwrap()
        .prepare()
        .unwrap();
    jsonschema::options().with_registry(&registry).build(&published()).unwrap()
}

const TOKEN: &str = r#"{"access_token":"i1qxz68gu50zp4i8","expires_in":900,"token_type":"jwt","scope":"/accounts.write"}"#;

#[test]
fn token_response_round_trips() {
    let parsed: ClientCredentialsGrantToAccessTokenResponse = serde_json::from_str(TOKEN).unwrap();
    assert_eq!(parsed.access_token.as_deref(), Some("i1qxz68gu50zp4i8"));
    assert_eq!(parsed.expires_in, Some(900));
    assert_eq!(parsed.token_type, Some(TokenType::Jwt));
    assert_eq!(parsed.refresh_token, None);
    let back = serde_json::to_value(&parsed).unwrap();
    assert_eq!(back, serde_json::from_str::<Value>(TOKEN).unwrap());
}

#[test]
fn an_unknown_token_type_round_trips() {
    let json = json!({"access_token": "i1qxz68gu50zp4i8", "token_type": "paseto"});
    let parsed: ClientCredentialsGrantToAccessTokenResponse = serde_json::from_value(json.clone()).unwrap();
    assert_eq!(parsed.token_type, Some(TokenType::Unknown("paseto".to_owned())));
    assert_eq!(serde_json::to_value(&parsed).unwrap(), json);
}

#[test]
fn the_published_schema_accepts_a_token_and_rejects_nonsense() {
    let validator = validator();
    assert!(validator.is_valid(&serde_json::from_str(TOKEN).unwrap()));
    assert!(!validator.is_valid(&json!({"expires_in": "soon"})));
    assert!(!validator.is_valid(&json!({"token_type": "paseto"})), "the published enum is closed");
}
